"""False-positive rate of ``legacy-mongo lint`` on modern (PyMongo 3.x/4.x) code.

The eval corpus measures legacy code; users who run the linter to check they
are done have modern code, where every finding is a false positive unless it
is real legacy use left in (e.g. a version-guarded fallback).  This script
downloads the sdists pinned in ``lint_eval/modern.json`` (sha256-checked) into
``benchmarks/.cache/modern/``, unpacks them, lints each project and prints
findings per project and per kLOC.  Nothing from the projects is committed.

Usage: python benchmarks/lint_modern.py [--list]
"""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(HERE, "lint_eval"))
import fetch as eval_fetch  # noqa: E402  (the eval corpus's verified download and safe unpack)

CACHE = os.path.join(HERE, ".cache", "modern")
SDISTS = os.path.join(CACHE, "sdists")
PINS = os.path.join(HERE, "lint_eval", "modern.json")


def fetch(p):
    archive = eval_fetch.download(p, quiet=True, sdists=SDISTS, old_setuptools=False)
    return eval_fetch.unpack(p, archive, quiet=True,
                             dest=os.path.join(CACHE, "%s-%s" % (p["name"], p["version"])))


def kloc(tree):
    n = 0
    for d, _, fs in os.walk(tree):
        for f in fs:
            if f.endswith(".py"):
                with open(os.path.join(d, f), "rb") as fh:
                    n += sum(1 for line in fh if line.strip())
    return n / 1000.0


def main():
    from legacy_mongo.lint.engine import lint_paths
    with open(PINS) as f:
        projects = json.load(f)["projects"]
    total_f = total_k = 0
    for p in projects:
        tree = fetch(p)
        findings = [x for x in lint_paths([tree]) if not str(getattr(x, "code", "")).startswith("LM0")]
        k = kloc(tree)
        total_f += len(findings); total_k += k
        print("%-24s %6.1f kLOC %5d findings %6.2f /kLOC" % (p["name"], k, len(findings), len(findings) / k if k else 0))
        if "--list" in sys.argv:
            for x in findings:
                print("   ", os.path.relpath(str(x.path), tree), x.line, x.code)
    print("%-24s %6.1f kLOC %5d findings %6.2f /kLOC" % ("TOTAL", total_k, total_f, total_f / total_k))


if __name__ == "__main__":
    main()
