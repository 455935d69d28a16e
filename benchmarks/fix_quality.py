"""How much ``legacy-mongo lint --fix`` fixes, and whether its fixes hold, on the
labelled evaluation corpus (benchmarks/lint_eval; fetched by fetch.py when missing).

On a temporary copy of every project, over the fully labelled files:

* the findings (default confidence) by fix: safe / unsafe / none, overall and
  per family, and how many fixes sit on findings that match no legacy label
  (a fix on a false positive would rewrite code that is not PyMongo's);
* ``--fix`` then ``--fix --unsafe-fixes`` (each on a fresh copy): fixes applied,
  fixes dropped because the file stopped parsing, files that do not re-parse
  with the parser that read them afterwards (must be 0), and a second run's
  changes (idempotence: must be 0);
* time: one lint run and the share of it spent building fixes, and ``--fix``
  (all passes and the writes) next to it;
* the codes found in the corpus that have no fix, with the catalogue's reason.

Usage: python benchmarks/fix_quality.py [--jobs N] [--project NAME]
It always exits 0 unless --strict is given and a must-be-0 figure is not 0.
"""
import argparse
import collections
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(HERE, "lint_eval"))
sys.path.insert(0, HERE)
import fetch  # noqa: E402
from lint_quality import load_labels  # noqa: E402

from legacy_mongo.catalogue import CATALOGUE  # noqa: E402
from legacy_mongo.lint import autofix  # noqa: E402
from legacy_mongo.lint.engine import _read, lint_paths  # noqa: E402


def copy_projects(projects, dest):
    dirs = {}
    for project in projects:
        source = fetch.project_dir(project)
        target = os.path.join(dest, os.path.basename(source))
        shutil.copytree(source, target, symlinks=True)
        dirs[project["name"]] = target
    return dirs


def share(part, whole):
    return "%5.1f%%" % (100.0 * part / whole) if whole else "   n/a"


def fix_run(files, unsafe, jobs):
    """(report, seconds, files not re-parsing, second run's report)."""
    originals = {}
    for path in files:
        try:
            originals[path] = autofix.python2_source(_read(path), path)
        except (OSError, UnicodeDecodeError, SyntaxError, LookupError):
            pass
    started = time.perf_counter()
    report = autofix.fix_paths(files, unsafe=unsafe, write=True, jobs=jobs)
    seconds = time.perf_counter() - started
    broken = [p for p in report.changed if not autofix.reparses(_read(p), originals[p], p)]
    second = autofix.fix_paths(files, unsafe=unsafe, write=True, jobs=jobs)
    return report, seconds, broken, second


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--project")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)
    if not fetch.is_fetched():
        fetch.fetch_all(quiet=True)
    projects = [p for p in fetch.load_projects()
                if not args.project or p["name"] == args.project]
    files, labels = load_labels(args.project)
    legacy = collections.Counter((lab["project"], lab["path"], lab["line"], lab["code"])
                                 for lab in labels if lab["kind"] == "legacy")
    failures = []
    with tempfile.TemporaryDirectory(prefix="lm-fix-quality-") as tmp:
        results = {}
        for mode in ("safe", "unsafe"):
            dirs = copy_projects(projects, os.path.join(tmp, mode))
            paths = [os.path.join(dirs[proj], path) for proj, path in files if proj in dirs]
            where = {os.path.join(dirs[proj], path): (proj, path) for proj, path in files
                     if proj in dirs}
            if mode == "safe":
                labelled_at = where
                # one in-process run, timing the fix building inside it: a share of
                # the same run, not two runs compared (the machine is shared)
                from legacy_mongo.lint import engine
                attach = engine._attach_fixes
                attach_seconds = [0.0]

                def timed(*a):
                    begin = time.perf_counter()
                    try:
                        return attach(*a)
                    finally:
                        attach_seconds[0] += time.perf_counter() - begin
                engine._attach_fixes = timed
                try:
                    started = time.perf_counter()
                    findings = lint_paths(paths, jobs=1)
                    lint_seconds = time.perf_counter() - started
                finally:
                    engine._attach_fixes = attach
            results[mode] = fix_run(paths, mode == "unsafe", args.jobs)

    kinds = collections.Counter()
    by_family = collections.defaultdict(collections.Counter)
    off_label = collections.Counter()
    off_label_sites = []
    line_kinds = {(lab["project"], lab["path"], lab["line"]): lab["kind"] for lab in labels}
    no_fix_codes = collections.Counter()
    for f in findings:
        kind = f.fix["applicability"] if f.fix else "none"
        kinds[kind] += 1
        by_family[CATALOGUE[f.code].family][kind] += 1
        key = labelled_at[f.path] + (f.line, f.code)
        if f.fix and not legacy.get(key):
            off_label[kind] += 1
            off_label_sites.append((kind, line_kinds.get(key[:3], "unlabelled"),
                                    "%s %s:%d %s" % (key[0], key[1], key[2], f.code)))
        if not f.fix:
            no_fix_codes[f.code] += 1
    total = len(findings)
    print("fix quality on %d labelled files of %d projects (%d findings)\n"
          % (len(paths), len(projects), total))
    print("findings with a fix        count   share")
    for kind in ("safe", "unsafe", "none"):
        print("  %-22s %7d  %s" % (kind, kinds[kind], share(kinds[kind], total)))
    print("  fixes on findings matching no legacy label: safe %d, unsafe %d"
          % (off_label["safe"], off_label["unsafe"]))
    for kind, label, site in off_label_sites:
        print("    %s fix on a line labelled %s: %s" % (kind, label, site))
    print("\nper family                 safe  unsafe    none")
    for family in sorted(by_family):
        c = by_family[family]
        print("  %-22s %6d %7d %7d" % (family, c["safe"], c["unsafe"], c["none"]))

    print("\nrun                     applied  dropped  files changed  not re-parsing  "
          "2nd run changes  passes  seconds")
    for mode in ("safe", "unsafe"):
        report, seconds, broken, second = results[mode]
        name = "--fix" if mode == "safe" else "--fix --unsafe-fixes"
        print("  %-20s %8d %8d %14d %15d %16d %7d %8.2f" % (
            name, len(report.applied), len(report.dropped), len(report.changed), len(broken),
            len(second.applied), report.passes, seconds))
        if broken or second.applied:
            failures.append(name)
        for path, line, code, reason in report.dropped:
            print("    dropped %s:%d %s (%s)" % (path.split(tmp)[-1], line, code, reason))
    safe_seconds = results["safe"][1]
    print("\ntime: lint (one process) %.2f s, of which building the fixes %.2f s (%.1f%%); "
          "--fix (--jobs %s), all passes and the writes %.2f s (ratio to that lint %.2f)"
          % (lint_seconds, attach_seconds[0], 100.0 * attach_seconds[0] / lint_seconds,
             args.jobs or "all cores", safe_seconds,
             safe_seconds / lint_seconds if lint_seconds else 0))
    print("\ncodes found without a fix (count, reason):")
    for code, count in sorted(no_fix_codes.items(), key=lambda kv: (-kv[1], kv[0])):
        found = CATALOGUE[code]
        reason = found.autofix_note if not found.autofix else \
            "this use's shape is not one the fix handles (%s)" % found.autofix_note
        print("  %-6s %4d  %s: %s" % (code, count, found.name, reason))
    if failures:
        print("\nMUST-BE-0 FIGURES NOT 0: %s" % ", ".join(failures))
    return 1 if failures and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
