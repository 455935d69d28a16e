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
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV="$ROOT/.oracle-venv"
PYTHON=${PYTHON:-python3}

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

"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet 'setuptools<58' wheel
"$VENV/bin/pip" install --quiet --no-binary :all: --no-build-isolation \
    --no-cache-dir --global-option=--no_ext 'pymongo==2.8.1'
add_compat
verify
