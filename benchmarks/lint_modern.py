"""False-positive rate of ``legacy-mongo lint`` on modern (PyMongo 3.x/4.x) code.

The eval corpus measures legacy code; users who run the linter to check they
are done have modern code, where every finding is a false positive unless it
is real legacy use left in (e.g. a version-guarded fallback).  This script
downloads the sdists pinned in ``lint_eval/modern.json`` (sha256-checked) into
``benchmarks/.cache/modern/``, unpacks them, lints each project and prints
findings per project and per kLOC.  Nothing from the projects is committed.

Each finding is joined with its hand-written verdict in
``lint_eval/modern_review.csv`` (``project,path,line,code,verdict,note``; one
row per (project, path, line, code), which covers every finding with that
key): ``legacy``, ``behaviour`` or ``false_positive``.  Findings without a row
are ``unreviewed``; rows that match no finding any more are ``stale`` and are
printed.  precision = legacy / (legacy + false_positive).

Usage: python benchmarks/lint_modern.py [--list]
"""
import csv, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(HERE, "lint_eval"))
import fetch as eval_fetch  # noqa: E402  (the eval corpus's verified download and safe unpack)

CACHE = os.path.join(HERE, ".cache", "modern")
SDISTS = os.path.join(CACHE, "sdists")
PINS = os.path.join(HERE, "lint_eval", "modern.json")
REVIEW = os.path.join(HERE, "lint_eval", "modern_review.csv")

VERDICTS = ("legacy", "behaviour", "false_positive")
COLUMNS = ("findings",) + VERDICTS + ("unreviewed", "stale")


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


def load_review(path):
    """{(project, path, line, code): (verdict, note)} from the review CSV."""
    review = {}
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != ("project", "path", "line", "code", "verdict", "note"):
            raise ValueError("%s: header must be project,path,line,code,verdict,note" % path)
        for n, row in enumerate(reader, 2):
            key = (row["project"], row["path"], int(row["line"]), row["code"])
            if row["verdict"] not in VERDICTS:
                raise ValueError("%s:%d: verdict %r is not one of %s" % (path, n, row["verdict"], VERDICTS))
            if key in review:
                raise ValueError("%s:%d: second row for %r" % (path, n, key))
            review[key] = (row["verdict"], row["note"])
    return review


def join(findings, review):
    """Join findings, (project, path, line, code) tuples, with the review.

    Returns (labelled, counts, stale): labelled is [(finding, verdict)] in the
    findings' order, verdict "unreviewed" where the review has no row; counts
    is {project: {column: n}} plus "TOTAL"; stale is the sorted review keys
    that match no finding (counted in their project's and the total "stale").
    """
    counts = {}

    def bump(project, column):
        for name in (project, "TOTAL"):
            counts.setdefault(name, dict.fromkeys(COLUMNS, 0))[column] += 1

    labelled, seen = [], set()
    for finding in findings:
        finding = (finding[0], finding[1], int(finding[2]), finding[3])
        verdict = review.get(finding, ("unreviewed", ""))[0]
        seen.add(finding)
        labelled.append((finding, verdict))
        bump(finding[0], "findings")
        bump(finding[0], verdict)
    stale = sorted(k for k in review if k not in seen)
    for key in stale:
        bump(key[0], "stale")
    counts.setdefault("TOTAL", dict.fromkeys(COLUMNS, 0))
    return labelled, counts, stale


def precision(c):
    judged = c["legacy"] + c["false_positive"]
    return c["legacy"] / float(judged) if judged else None


def row(name, k, c):
    p = precision(c)
    return "%-18s %6.1f %5d %6.2f %6d %6d %6d %6d %6d %6s" % (
        name, k, c["findings"], c["findings"] / k if k else 0, c["legacy"], c["behaviour"],
        c["false_positive"], c["unreviewed"], c["stale"], "-" if p is None else "%.3f" % p)


def main():
    from legacy_mongo.lint.engine import lint_paths
    with open(PINS) as f:
        projects = json.load(f)["projects"]
    review = load_review(REVIEW)
    findings, klocs = [], {}
    for p in projects:
        tree = fetch(p)
        klocs[p["name"]] = kloc(tree)
        for x in lint_paths([tree]):
            if not str(getattr(x, "code", "")).startswith("LM0"):
                findings.append((p["name"], os.path.relpath(str(x.path), tree).replace(os.sep, "/"),
                                 x.line, x.code))
    labelled, counts, stale = join(findings, review)
    empty = dict.fromkeys(COLUMNS, 0)
    print("%-18s %6s %5s %6s %6s %6s %6s %6s %6s %6s" % (
        "project", "kLOC", "find", "/kLOC", "legacy", "behav", "f_pos", "unrev", "stale", "prec"))
    for p in projects:
        name = p["name"]
        print(row(name, klocs[name], counts.get(name, empty)))
        if "--list" in sys.argv:
            for (project, path, line, code), verdict in labelled:
                if project == name:
                    print("    %s %s %s %s" % (path, line, code, verdict))
    print(row("TOTAL", sum(klocs.values()), counts["TOTAL"]))
    for key in stale:
        print("stale review row (no such finding):", ",".join(map(str, key)))


if __name__ == "__main__":
    main()
