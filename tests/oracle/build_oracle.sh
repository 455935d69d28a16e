#!/bin/sh
# Build the behavioural oracle: PyMongo 2.8.1, pure Python, in its own
# virtualenv at <repo>/.oracle-venv.  Idempotent: an existing, verified
# oracle is left alone.
#
# Why these steps:
#  - PyMongo 2.8.1 supports Python 3 only through setuptools' use_2to3,
#    which setuptools removed in 58; hence 'setuptools<58' and
#    --no-build-isolation (so pip builds with *that* setuptools).
#  - --no-binary :all: forces the PyPI sdist (there is no py3 wheel anyway).
#  - --global-option=--no_ext is 2.8.1's own switch to skip the C
#    extensions; the oracle must be the pure-Python implementation so that
#    a half-built _cmessage never masks a Python-level behaviour.
#  - 2.8.1 predates Python 3.9, which removed threading.Thread.isAlive; its
#    replica-set monitor (a Thread subclass that also inherits an isAlive
#    raising NotImplementedError) then breaks on first use.  A .pth line
#    restores the old alias; nothing in 2.8.1 itself is changed.
#  - use_2to3 needs setuptools<58, which does not install on Python 3.12+
#    (no distutils, no pkgutil.ImpImporter): the oracle is built with the
#    first Python from 3.9 to 3.11 among $ORACLE_PYTHON, $PYTHON, python3,
#    python3.11, python3.10, python3.9, whatever runs the test suite.  With
#    none, it says so and exits 0: the conformance tests then skip, each
#    naming `make oracle`.
# ORACLE_VENV=DIR builds elsewhere than <repo>/.oracle-venv (to try a build).
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${ORACLE_VENV:-"$ROOT/.oracle-venv"}

can_build_oracle() {
    "$1" -c 'import sys; sys.exit(not ((3, 9) <= sys.version_info[:2] <= (3, 11)))' 2>/dev/null
}

pick_python() {
    for candidate in ${ORACLE_PYTHON:-} ${PYTHON:-} python3 python3.11 python3.10 python3.9; do
        if command -v "$candidate" >/dev/null 2>&1 && can_build_oracle "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

verify() {
    "$VENV/bin/python" - <<'PY'
import sys
import pymongo, bson
assert pymongo.version == '2.8.1', pymongo.version
assert not pymongo.has_c(), 'pymongo C extension present'
assert not bson.has_c(), 'bson C extension present'
import threading
assert threading.Thread.isAlive, 'py39 compat .pth not active'
print('oracle ok: pymongo %s (pure python) on Python %s' % (pymongo.version, sys.version.split()[0]))
PY
}

add_compat() {
    site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo 'import threading; threading.Thread.isAlive = getattr(threading.Thread, "isAlive", threading.Thread.is_alive)' \
        > "$site/oracle_py39_compat.pth"
}

if [ -x "$VENV/bin/python" ] && ! verify >/dev/null 2>&1 \
        && "$VENV/bin/python" -c 'import pymongo; assert pymongo.version == "2.8.1"' 2>/dev/null; then
    add_compat  # an oracle built before the compat line was added
fi
if [ -x "$VENV/bin/python" ] && verify >/dev/null 2>&1; then
    verify
    exit 0
fi

if ! PYTHON=$(pick_python); then
    echo "oracle: SKIPPED: no Python 3.9-3.11 found (tried ${ORACLE_PYTHON:-} ${PYTHON:-} python3" \
         "python3.11 python3.10 python3.9); PyMongo 2.8.1 cannot be built on 3.12+." >&2
    echo "oracle: the conformance tests against PyMongo 2.8.1 (tests/conformance, and every" \
         "test using the oracle_python fixture) will be skipped." >&2
    echo "oracle: install Python 3.11 and run 'make oracle ORACLE_PYTHON=python3.11'." >&2
    exit 0
fi
echo "oracle: building PyMongo 2.8.1 with $PYTHON ($("$PYTHON" -c 'import sys; print(sys.version.split()[0])'))"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet 'setuptools<58' wheel
"$VENV/bin/pip" install --quiet --no-binary :all: --no-build-isolation \
    --no-cache-dir --global-option=--no_ext 'pymongo==2.8.1'
add_compat
verify
