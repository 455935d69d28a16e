#!/bin/sh
# find_python.sh pythonX.Y: print a working interpreter for that version:
# pythonX.Y on PATH, else pyenv's installed X.Y (pyenv's shims answer only for
# the versions made global, so "python3.9" on PATH may exist and still fail).
if "$1" -c '' 2>/dev/null; then echo "$1"; exit 0; fi
if command -v pyenv >/dev/null 2>&1; then
    found=$(ls -d "$(pyenv root)"/versions/"${1#python}".*/bin/"$1" 2>/dev/null | tail -1)
    if [ -n "$found" ] && "$found" -c '' 2>/dev/null; then echo "$found"; exit 0; fi
fi
exit 1
