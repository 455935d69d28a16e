"""Are the findings of ``legacy-mongo lint`` unchanged?  For speed work: a change
to the engine, the prefilter or the cache must give byte-identical output.

    python benchmarks/same_findings.py save DIR      # before the change
    python benchmarks/same_findings.py check DIR     # after it: exit 1 on a difference

Runs this tree's ``legacy-mongo lint --no-cache`` (``python -m legacy_mongo``
with this tree first on PYTHONPATH: a copy of an older commit, with this script
in it, gives that commit's output) on the eval corpus (benchmarks/.cache/eval)
and on .venv's site-packages, separately (a change may show on one and not on
the other: site-packages has few findings but most of the files the prefilter
skips), in the JSON format (findings and fixes) and the text one (the default,
which shows no fixes), and keeps or compares the output.
"""
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def corpora():
    site = glob.glob(os.path.join(ROOT, ".venv", "lib", "python3*", "site-packages"))
    # real paths: a copy of another commit with symlinks to these reports the same ones
    out = {"eval": os.path.realpath(os.path.join(HERE, ".cache", "eval"))}
    if site:
        out["site-packages"] = os.path.realpath(site[0])
    return out


FORMATS = ("json", "text")


def lint_output(path, fmt):
    done = subprocess.run([sys.executable, "-m", "legacy_mongo", "lint", "--format", fmt,
                           "--no-cache", path],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=ROOT))
    if done.returncode not in (0, 1):  # 1: findings; anything else is an error
        sys.exit("lint failed on %s (exit %d):\n%s" % (path, done.returncode,
                                                       done.stderr.decode()[-2000:]))
    return done.stdout


def main(argv):
    if len(argv) != 2 or argv[0] not in ("save", "check"):
        sys.exit(__doc__)
    mode, keep = argv
    os.makedirs(keep, exist_ok=True)
    differ = False
    for (name, path), fmt in [(corpus, fmt) for corpus in corpora().items()
                              for fmt in FORMATS]:
        out = lint_output(path, fmt)
        name = "%s.%s" % (name, fmt)
        stored = os.path.join(keep, name)
        if mode == "save":
            with open(stored, "wb") as handle:
                handle.write(out)
            print("%s: %d bytes saved to %s" % (name, len(out), stored))
            continue
        with open(stored, "rb") as handle:
            before = handle.read()
        same = before == out
        differ |= not same
        print("%s: %s (%d bytes before, %d now)" % (name, "identical" if same else "DIFFERENT",
                                                    len(before), len(out)))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
