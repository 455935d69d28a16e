"""Precision and recall of ``legacy-mongo lint`` against hand-made labels.

The corpus is a set of real projects that used PyMongo 2.x, pinned as sdists
in ``benchmarks/lint_eval/projects.json`` (fetched and sha256-checked into
``benchmarks/.cache/`` by ``benchmarks/lint_eval/fetch.py`` when missing).
``benchmarks/lint_eval/labels.csv`` says, for a set of *fully labelled*
files, where every legacy PyMongo use is (project, path, line, code), which
look-alike calls are not PyMongo (traps), and which lines are ambiguous.
How the labels were made: ``benchmarks/lint_eval/README.md``.

This script runs ``legacy_mongo.lint.engine.lint_paths`` over the fully
labelled files only and prints:

* strict figures: a finding is right when (project, path, line, code) matches
  a legacy label (multiset: two labels on one line need two findings);
* loose figures: matched by (project, path, line) alone, ignoring the code;
* precision and recall per code family (LM1..LM9) and overall, with the
  targets (precision >= 0.97, recall >= 0.95) and MISSED when below;
* the same for the held-out projects (``"heldout": true`` in projects.json,
  labelled before the linter was first run on them) apart from the projects
  the linter was tuned on, and per held-out batch (``heldout_batch``: batch 2
  was labelled after the latest inference changes): the held-out figure is
  the one to trust;
* the traps that were flagged, then every false positive and false negative
  as ``project path:line CODE`` with the source line, so they can be fixed.

Findings on lines labelled ``ambiguous`` are ignored, and so are labels whose
code is not (yet) in ``legacy_mongo.catalogue`` (listed as unscored). LM0xx
findings (file not parsable/readable) are listed apart.

It always exits 0 (unless --strict is given and a target is missed), so it
can run while the linter is still incomplete.

Usage: python benchmarks/lint_quality.py [--confidence likely] [--jobs N]
       [--project NAME] [--no-lists] [--strict]
"""
import argparse
import ast
import collections
import csv
import io
import os
import sys
import time
import traceback
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EVAL = os.path.join(HERE, "lint_eval")
sys.path.insert(0, ROOT)
sys.path.insert(0, EVAL)
import fetch  # noqa: E402

LABELS = os.path.join(EVAL, "labels.csv")
PRECISION_TARGET = 0.97
RECALL_TARGET = 0.95
HELD_OUT_PRECISION_TARGET = 0.98  # issue 12: the figure for code the linter has not seen
FAMILIES = ["LM%d" % i for i in range(1, 10)]


def load_labels(only_project=None):
    files, labels = [], []
    with open(LABELS, newline="") as f:
        for row in csv.DictReader(f):
            if only_project and row["project"] != only_project:
                continue
            if row["kind"] == "file":
                files.append((row["project"], row["path"]))
            else:
                row["line"] = int(row["line"])
                labels.append(row)
    return files, labels


def catalogue_codes():
    try:
        from legacy_mongo import catalogue
        return set(catalogue.CATALOGUE)
    except Exception:  # pragma: no cover - the catalogue is being written
        return None


def source_line(project_dirs, project, path, line):
    try:
        with io.open(os.path.join(project_dirs[project], path),
                     encoding="utf-8", errors="replace") as f:
            text = f.read().splitlines()
        return text[line - 1].strip()
    except (OSError, IndexError):
        return ""


def is_python3(full):
    try:
        with open(full, "rb") as f:
            src = f.read()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(src)
        return True
    except (SyntaxError, ValueError):
        return False


def run_linter(paths, confidence, jobs):
    """(findings, error, crashed): findings is a list, or None when the linter
    cannot be imported; crashed maps a path to the exception the linter raised
    on it (then the file is linted alone and its labels count as missed)."""
    try:
        from legacy_mongo.lint.engine import lint_paths
    except Exception:
        return None, "legacy_mongo.lint.engine is not importable:\n" + traceback.format_exc(limit=2), {}
    try:
        return list(lint_paths(paths, confidence=confidence, jobs=jobs)), None, {}
    except Exception:
        batch_error = traceback.format_exc(limit=3)
    # One file made the whole run fail: lint the files one by one.
    findings, crashed = [], {}
    for path in paths:
        try:
            findings.extend(lint_paths([path], confidence=confidence, jobs=1))
        except Exception as exc:  # noqa: BLE001 - reported, not hidden
            crashed[path] = "%s: %s" % (type(exc).__name__, exc)
    if not crashed:
        return None, "lint_paths failed on the batch but not file by file:\n" + batch_error, {}
    if len(crashed) == len(paths):
        return None, "lint_paths failed on every file:\n" + batch_error, {}
    return findings, None, crashed


def ratio(num, den):
    return (num / den) if den else None


def fmt(value, target):
    if value is None:
        return "   n/a"
    text = "%6.3f" % value
    if target is not None and value < target:
        text += " MISSED"
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--confidence", default="likely")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--project", default=None)
    parser.add_argument("--no-lists", action="store_true",
                        help="do not list false positives/negatives")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    if not fetch.is_fetched():
        print("corpus missing: fetching it (benchmarks/lint_eval/fetch.py)")
    project_dirs = fetch.fetch_all(quiet=True)
    files, labels = load_labels(args.project)
    known = catalogue_codes()

    # Map absolute paths back to (project, path).
    by_abs = {}
    for project, path in files:
        full = os.path.realpath(os.path.join(project_dirs[project], path))
        by_abs[full] = (project, path)
    py2_files = {key for full, key in by_abs.items() if not is_python3(full)}

    started = time.time()
    findings, error, crashed = run_linter(sorted(by_abs), args.confidence, args.jobs)
    elapsed = time.time() - started
    if error:
        print("LINTER NOT AVAILABLE: %s" % error.rstrip())
        findings = []
    for path, exc in sorted(crashed.items()):
        project, rel = by_abs[path]
        print("LINTER CRASHED on %s %s: %s" % (project, rel, exc))

    # Partition labels.
    legacy, traps, ambiguous, unscored = [], {}, set(), []
    ambiguous_codes = set()
    for row in labels:
        key = (row["project"], row["path"], row["line"])
        if row["kind"] == "legacy":
            if known is not None and row["code"] not in known:
                unscored.append(row)
            else:
                legacy.append(row)
        elif row["kind"] == "trap":
            traps[key] = row
        elif row["kind"] == "ambiguous":
            if row["code"] == "AMBIGUOUS":
                ambiguous.add(key)
            else:
                ambiguous_codes.add(key + (row["code"],))
    unscored_lines = {(r["project"], r["path"], r["line"]) for r in unscored}

    # Normalise findings.
    scored, meta, ignored, outside = [], [], 0, 0
    for fnd in findings:
        full = os.path.realpath(str(fnd.path))
        if full not in by_abs:
            outside += 1
            continue
        project, path = by_abs[full]
        item = (project, path, int(fnd.line), str(fnd.code))
        if item[3].startswith("LM0"):
            meta.append(item)
            continue
        if item[:3] in ambiguous or item in ambiguous_codes or item[:3] in unscored_lines:
            ignored += 1
            continue
        scored.append(item)

    # Strict multiset matching.
    want = collections.Counter((r["project"], r["path"], r["line"], r["code"]) for r in legacy)
    got = collections.Counter(scored)
    tp = want & got
    fp = got - want
    fn = want - got

    # Loose matching by line.
    want_lines = {k[:3] for k in want}
    got_lines = {k[:3] for k in got}
    loose_fp = [k for k in scored if k[:3] not in want_lines]
    loose_tp_findings = len(scored) - len(loose_fp)
    loose_fn = [k for k in want.elements() if k[:3] not in got_lines]
    loose_tp_labels = sum(want.values()) - len(loose_fn)

    def family(code):
        return code[:3] if code.startswith("LM") else "??"

    print("legacy-mongo lint quality  (confidence=%s)" % args.confidence)
    print("corpus: %d fully labelled files (%d Python-2-only) in %d projects; "
          "%d legacy labels scored, %d traps, %d ambiguous lines, %d unscored labels"
          % (len(files), len(py2_files), len({p for p, _ in files}), sum(want.values()),
             len(traps), len(ambiguous) + len(ambiguous_codes), len(unscored)))
    print("linter: %d findings in %.2fs (%d on ambiguous/unscored lines ignored, "
          "%d LM0xx, %d outside the labelled files, crashed on %d files)"
          % (len(findings), elapsed, ignored, len(meta), outside, len(crashed)))
    print()
    print("%-8s %8s %8s %8s %8s   %-14s %-14s" % ("family", "labels", "findings", "TP", "",
                                                  "precision", "recall"))
    for fam in FAMILIES:
        n_lab = sum(c for k, c in want.items() if family(k[3]) == fam)
        n_fnd = sum(c for k, c in got.items() if family(k[3]) == fam)
        n_tp = sum(c for k, c in tp.items() if family(k[3]) == fam)
        if not (n_lab or n_fnd):
            continue
        print("%-8s %8d %8d %8d %8s   %-14s %-14s" % (
            fam + "xx", n_lab, n_fnd, n_tp, "", fmt(ratio(n_tp, n_fnd), None),
            fmt(ratio(n_tp, n_lab), None)))
    n_lab, n_fnd, n_tp = sum(want.values()), sum(got.values()), sum(tp.values())
    p_strict, r_strict = ratio(n_tp, n_fnd), ratio(n_tp, n_lab)
    print("%-8s %8d %8d %8d %8s   %-14s %-14s" % (
        "overall", n_lab, n_fnd, n_tp, "", fmt(p_strict, PRECISION_TARGET),
        fmt(r_strict, RECALL_TARGET)))
    print()
    p_loose = ratio(loose_tp_findings, len(scored))
    r_loose = ratio(loose_tp_labels, sum(want.values()))
    print("loose (path, line; code ignored): precision %s  recall %s"
          % (fmt(p_loose, PRECISION_TARGET), fmt(r_loose, RECALL_TARGET)))

    # Python 2 versus Python 3 sources.
    for name, subset in (("python-2-only files", True), ("python-3-parsable files", False)):
        lab = sum(c for k, c in want.items() if ((k[0], k[1]) in py2_files) == subset)
        fnd = sum(c for k, c in got.items() if ((k[0], k[1]) in py2_files) == subset)
        hit = sum(c for k, c in tp.items() if ((k[0], k[1]) in py2_files) == subset)
        print("%-24s labels %4d findings %4d  precision %s  recall %s"
              % (name, lab, fnd, fmt(ratio(hit, fnd), None), fmt(ratio(hit, lab), None)))

    # Held-out projects (labelled before the linter was first run on them)
    # versus the projects the linter was tuned on.
    batch_of = {p["name"]: p.get("heldout_batch", 1) for p in fetch.load_projects()
                if p.get("heldout")}
    heldout = set(batch_of)
    print()
    group_figures = {}
    groups = [("tuned projects", lambda project: project not in heldout),
              ("held-out projects", lambda project: project in heldout)]
    for batch in sorted(set(batch_of.values())):
        groups.append(("  held-out batch %d" % batch,
                       lambda project, batch=batch: batch_of.get(project) == batch))
    for name, member in groups:
        lab = sum(c for k, c in want.items() if member(k[0]))
        fnd = sum(c for k, c in got.items() if member(k[0]))
        hit = sum(c for k, c in tp.items() if member(k[0]))
        group_figures[name.strip()] = (ratio(hit, fnd), ratio(hit, lab))
        target = PRECISION_TARGET if name == "tuned projects" else HELD_OUT_PRECISION_TARGET
        print("%-24s labels %4d findings %4d  precision %s  recall %s"
              % (name, lab, fnd, fmt(ratio(hit, fnd), target),
                 fmt(ratio(hit, lab), RECALL_TARGET)))

    # Per project.
    print()
    for project in sorted({p for p, _ in files}):
        lab = sum(c for k, c in want.items() if k[0] == project)
        fnd = sum(c for k, c in got.items() if k[0] == project)
        hit = sum(c for k, c in tp.items() if k[0] == project)
        print("%-24s labels %4d findings %4d  precision %s  recall %s%s"
              % (project, lab, fnd, fmt(ratio(hit, fnd), None), fmt(ratio(hit, lab), None),
                 "  (held out)" if project in heldout else ""))

    flagged_traps = sorted({k for k in scored if k[:3] in traps})
    print()
    print("traps flagged: %d of %d" % (len({k[:3] for k in flagged_traps}), len(traps)))

    if not args.no_lists:
        def show(title, items):
            items = sorted(items)
            print()
            print("%s (%d):" % (title, len(items)))
            for project, path, line, code in items:
                print("  %s %s:%d %s  | %s" % (project, path, line, code,
                                               source_line(project_dirs, project, path, line)[:100]))
        show("TRAPS FLAGGED", flagged_traps)
        show("FALSE POSITIVES (strict)", list(fp.elements()))
        show("FALSE NEGATIVES (strict)", list(fn.elements()))
        if meta:
            show("LM0xx (file not analysed)", meta)
        if unscored:
            print()
            print("UNSCORED labels (code not in the catalogue yet) (%d):" % len(unscored))
            for r in sorted(unscored, key=lambda r: (r["project"], r["path"], r["line"])):
                print("  %s %s:%d %s  | %s" % (r["project"], r["path"], r["line"], r["code"],
                                               r["note"]))

    missed = [name for name, value, target in (
        ("precision", p_strict, PRECISION_TARGET), ("recall", r_strict, RECALL_TARGET))
        if value is None or value < target]
    print()
    print("RESULT: precision %s (target %.2f)  recall %s (target %.2f)%s"
          % (fmt(p_strict, None).strip(), PRECISION_TARGET, fmt(r_strict, None).strip(),
             RECALL_TARGET, ("  MISSED: " + ", ".join(missed)) if missed else "  OK"))
    if heldout and not args.project:
        for name, (p_held, r_held) in group_figures.items():
            if name.startswith("held-out"):
                print("%s: precision %s (target %.2f)  recall %s (target %.2f)"
                      % (name.upper(), fmt(p_held, None).strip(), HELD_OUT_PRECISION_TARGET,
                         fmt(r_held, None).strip(), RECALL_TARGET))
    return 1 if (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
