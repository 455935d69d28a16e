#!/usr/bin/env bash
# The installed user's view: build the sdist, build the wheel from that sdist,
# install the wheel into a fresh virtualenv per Python version and run lint,
# run, report and explain from it, outside the source tree.
#
#   tests/packaging/smoke.sh                     # with python3
#   SMOKE_PYTHONS="python3.9 python3.13" tests/packaging/smoke.sh
#
# Every Python listed must exist (each is a classifier in setup.cfg); the
# wheel's dependencies come from the package index.  Any failure fails.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PYTHONS=${SMOKE_PYTHONS:-python3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/legacy-mongo-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }

resolve() { sh "$ROOT/tools/find_python.sh" "$1"; }
resolved=""
for python in $PYTHONS; do
    resolved="$resolved $(resolve "$python" || fail "$python not found (each classifier's Python must exist)")"
done
PYTHONS=${resolved# }

first_python=${PYTHONS%% *}
echo "== smoke: build sdist, then the wheel from the sdist ($first_python) =="
"$first_python" -m venv "$WORK/build-venv"
"$WORK/build-venv/bin/python" -m pip install -q build
"$WORK/build-venv/bin/python" -m build -q -o "$WORK/dist" "$ROOT" >"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; fail "python -m build"; }
WHEEL=$(ls "$WORK"/dist/*.whl)
SDIST=$(ls "$WORK"/dist/*.tar.gz)

"$WORK/build-venv/bin/python" -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' \
    "$WHEEL" > "$WORK/wheel.txt"
grep -q '^legacy_mongo/MIGRATION.md$' "$WORK/wheel.txt" || fail "MIGRATION.md is not in the wheel"
grep -q 'dist-info/licenses/LICENSE$' "$WORK/wheel.txt" || fail "LICENSE is not in the wheel"
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
    top=$(basename "$SDIST" .tar.gz)
    missing=$(comm -23 <(git -C "$ROOT" ls-files | grep -v '^\.gitignore$' | sort) \
                       <(tar tzf "$SDIST" | sed "s,^$top/,," | sort))
    [ -z "$missing" ] || fail "tracked files missing from the sdist: $missing"
fi

for python in $PYTHONS; do
    version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    echo "== smoke: the wheel on Python $version =="
    venv="$WORK/venv-$version"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install -q "$WHEEL"
    cli="$venv/bin/legacy-mongo"
    here="$WORK/user-$version"
    mkdir -p "$here"
    cd "$here"   # outside the source tree: only the installed package is importable

    "$cli" --version | grep -q "^legacy-mongo [0-9.]* (PyMongo 4\." || fail "--version"
    "$venv/bin/python" -c 'import legacy_mongo, sys; sys.exit("site-packages" not in legacy_mongo.__file__)' \
        || fail "legacy_mongo imported from outside the virtualenv"

    "$cli" explain LM401 > explain.txt
    grep -q '^LM401 insert (crud)$' explain.txt || fail "explain LM401"
    grep -q 'https://legacy-mongo.readthedocs.io/en/latest/codes/lm401.html' explain.txt \
        || fail "explain LM401: no URL"
    "$cli" explain insert | head -1 | grep -q '^LM401 ' || fail "explain insert"
    [ "$("$cli" explain --list | wc -l)" -gt 100 ] || fail "explain --list"
    guide=$("$cli" explain --guide)
    case "$guide" in "$venv"/*) ;; *) fail "explain --guide is not the installed copy: $guide" ;; esac
    grep -q '<a id="lm401"></a>' "$guide" || fail "the installed MIGRATION.md has no lm401 section"
    "$cli" help lint | grep -q '^usage: legacy-mongo lint' || fail "help lint"
    "$cli" run --help | grep -q 'LEGACY_MONGO_REPORT=' || fail "run --help"

    printf 'import pymongo\n\ndb = pymongo.MongoClient().test\ndb.things.insert({"a": 1})\n' > legacy.py
    status=0; "$cli" lint --no-config legacy.py > lint.txt || status=$?
    [ "$status" = 1 ] || fail "lint exit status $status (expected 1)"
    grep -q '^legacy.py:4:[0-9]*: LM401 .* See https://legacy-mongo.readthedocs.io/en/latest/codes/lm401.html$' lint.txt \
        || { cat lint.txt >&2; fail "lint output"; }

    # No server needed: _connect=False builds the client without connecting.
    printf 'import pymongo\nclient = pymongo.Connection("127.0.0.1", 1, _connect=False)\nprint("ran")\n' > app.py
    LEGACY_MONGO_REPORT=usage.json "$cli" run app.py > run.txt 2> run.err
    grep -qx ran run.txt || fail "run"
    grep -q 'app.py:2: ClientsWarning: LM101 ' run.err || { cat run.err >&2; fail "run: no LM101 warning"; }
    "$cli" report usage.json --html usage.html > report.txt
    grep -q 'LM101  .*app.py:2 ' report.txt || { cat report.txt >&2; fail "report"; }
    grep -q 'codes/lm101.html' usage.html || fail "report --html"

    status=0; LEGACY_MONGO_WARNINGS=loud "$cli" run app.py > /dev/null 2> bad.err || status=$?
    [ "$status" = 2 ] && [ "$(wc -l < bad.err)" = 1 ] || fail "a bad LEGACY_MONGO_WARNINGS did not fail fast"
    cd "$ROOT"
    echo "smoke: Python $version ok"
done
echo "smoke: ok ($(basename "$WHEEL"); $PYTHONS)"
