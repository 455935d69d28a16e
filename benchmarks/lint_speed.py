"""How fast is ``legacy-mongo lint``?  Side-by-side ratios, each the median of N rounds.

Wall time on a shared machine swings by 10-40 %: every round runs each contender
once, one after the other, and the ratios are taken within a round (the same
load), then the median and the range over the rounds are printed.

End to end (the ``legacy-mongo lint`` command as a subprocess, all cores), on a
large mixed tree (default: the eval corpus ``benchmarks/.cache/eval``, fetched by
``benchmarks/lint_eval/fetch.py``, plus ``.venv``'s site-packages):

* first run (``--no-cache``; the prefilter skips files that cannot hold a
  finding) vs ``flake8 --select=F --jobs=auto`` (pyflakes only; without this
  package's own flake8 plugin, which flake8 would run on every file) -- target:
  10x faster, by wall time and by CPU time (all processes: the load-independent
  view on a shared machine);
* prefilter on vs ``--no-prefilter`` (both ``--no-cache``);
* second run on the unchanged tree, from ``.legacy_mongo_cache`` -- vs the first;
* memory: peak RSS on a finding-dense file (100,000 findings) vs a file of the
  same size with none, for the text, JSON and SARIF outputs -- target: no more
  than 1.5x (flat in the findings).

With ``--library``, also the library call ``lint_paths`` against the floor
(reading every file and ``ast.parse`` alone, one process), all cores and one.

Usage: python benchmarks/lint_speed.py [DIR ...] [--repeat N] [--no-flake8] [--library]
"""
import argparse
import ast
import glob
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from legacy_mongo.lint.engine import decode_source, discover, lint_paths  # noqa: E402


def default_corpus():
    cache = os.path.join(HERE, ".cache", "eval")
    site = glob.glob(os.path.join(ROOT, ".venv", "lib", "python3*", "site-packages"))
    if os.path.isdir(cache) and os.listdir(cache) and site:
        return [cache, site[0]], ("mixed: benchmarks/.cache/eval (PyMongo-2.x-era sdists) "
                                  "+ .venv site-packages")
    if os.path.isdir(cache) and os.listdir(cache):
        return [cache], "benchmarks/.cache/eval (PyMongo-2.x-era sdists)"
    if site:
        return [site[0]], "fallback: .venv site-packages (pymongo and the rest)"
    import pymongo  # noqa: F401  (only to locate it)
    return [os.path.dirname(pymongo.__file__)], "fallback: installed pymongo package"


def read_all(files):
    texts = []
    for path in files:
        try:
            with open(path, "rb") as handle:
                texts.append(decode_source(handle.read()))
        except (OSError, UnicodeDecodeError, SyntaxError, LookupError):
            texts.append("")
    return texts


def parse_floor(files):
    """Seconds to read and ast.parse every file, one process; and the Python-2-only count."""
    start = time.perf_counter()
    failed = 0
    for path in files:
        try:
            with open(path, "rb") as handle:
                text = decode_source(handle.read())
            ast.parse(text, path)
        except (SyntaxError, ValueError, UnicodeDecodeError, LookupError, OSError,
                RecursionError):
            failed += 1
    return time.perf_counter() - start, failed


def lint_time(paths, jobs):
    start = time.perf_counter()
    findings = lint_paths(paths, jobs=jobs)
    return time.perf_counter() - start, len(findings)


# flake8 runs every installed plugin on every file and filters by --select
# afterwards, and this package's own LM plugin is installed in .venv: the
# yardstick runs without it (flake8's finder skips a "banned" distribution).
_FLAKE8 = ("import sys, flake8.plugins.finder as finder; "
           "finder.BANNED_PLUGINS['legacy-mongo'] = '(not the yardstick)'; "
           "from flake8.main.cli import main; sys.argv[0] = 'flake8'; main()")


def _timed(command, **kwargs):
    """(wall seconds, CPU seconds of the command and its children, process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, **kwargs)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, proc


def flake8_time(paths):
    """(wall, CPU) of ``flake8 --select=F --jobs=auto`` (pyflakes' checks), or
    (None, reason)."""
    elapsed, cpu, proc = _timed([sys.executable, "-c", _FLAKE8, "--select=F", "--exit-zero",
                                 "--jobs=auto", *paths])
    if proc.returncode not in (0, 1):
        return None, proc.stderr.strip().splitlines()[-1:] or ["flake8 failed"]
    return elapsed, cpu


def cli_time(paths, *options, cwd=None):
    """(wall, CPU) of ``legacy-mongo lint`` on *paths*."""
    elapsed, cpu, proc = _timed([sys.executable, "-m", "legacy_mongo", "lint", "--exit-zero",
                                 *options, *[os.path.abspath(p) for p in paths]],
                                cwd=cwd, env=dict(os.environ, PYTHONPATH=ROOT))
    if proc.returncode != 0:
        raise SystemExit("legacy-mongo lint failed: %s" % proc.stderr[-500:])
    return elapsed, cpu


_PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
         "stdout=subprocess.DEVNULL); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_rss_mb(path, fmt="text"):
    """Peak RSS (MB) of one ``legacy-mongo lint --jobs 1 --no-cache --format FMT PATH``."""
    out = subprocess.run([sys.executable, "-c", _PEAK, sys.executable, "-m", "legacy_mongo",
                          "lint", "--jobs", "1", "--no-cache", "--exit-zero", "--format", fmt,
                          path],
                         capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=ROOT))
    return int(out.stdout.strip().splitlines()[-1]) / 1024.0


def memory_on_dense_file(folder, lines=50000):
    """{format: (dense MB, clean MB)} and the findings in the dense file."""
    header = ["import pymongo", "c = pymongo.MongoClient()", "db = c.app"]
    dense = os.path.join(folder, "dense.py")
    clean = os.path.join(folder, "clean.py")
    with open(dense, "w") as handle:  # two findings a line: LM401 and LM301
        handle.write("\n".join(header + ["db.users.insert({'a': %d}, safe=True)" % i
                                         for i in range(lines)]) + "\n")
    with open(clean, "w") as handle:  # same statements, modern spelling
        handle.write("\n".join(header + ["db.users.insert_one({'a': %d}, tru=True)" % i
                                         for i in range(lines)]) + "\n")
    return {fmt: (peak_rss_mb(dense, fmt), peak_rss_mb(clean, fmt))
            for fmt in ("text", "json", "sarif")}, 2 * lines


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def spread(values, fmt="%.2f"):
    return ("median " + fmt + "  (range " + fmt + " - " + fmt + ", %d rounds)") % (
        median(values), min(values), max(values), len(values))


def library_section(paths, files, lines, repeat):
    floor = median([parse_floor(files)[0] for _ in range(repeat)])
    py2_files = parse_floor(files)[1]
    lint_all = median([lint_time(paths, None)[0] for _ in range(repeat)])
    lint_one = median([lint_time(paths, 1)[0] for _ in range(repeat)])
    print("library call lint_paths (medians of %d):" % repeat)
    print("        %d files (%d not parsable by ast: Python 2)" % (len(files), py2_files))
    print("%-38s %9s %14s %10s" % ("", "seconds", "lines/second", "vs floor"))
    print("%-38s %9.3f %14.0f %10s" % ("ast.parse only, 1 process (floor)", floor,
                                        lines / floor, "1.00x"))
    print("%-38s %9.3f %14.0f %9.2fx" % ("legacy-mongo lint, all cores", lint_all,
                                          lines / lint_all, lint_all / floor))
    print("%-38s %9.3f %14.0f %9.2fx" % ("legacy-mongo lint, 1 process", lint_one,
                                          lines / lint_one, lint_one / floor))
    print()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--no-flake8", action="store_true")
    parser.add_argument("--library", action="store_true",
                        help="also time the library call against the ast.parse floor")
    args = parser.parse_args(argv)
    if args.dirs:
        paths, label = args.dirs, "given: " + " ".join(args.dirs)
    else:
        paths, label = default_corpus()
    files = [path for path, _root in discover(paths)]
    texts = read_all(files)
    lines = sum(t.count("\n") for t in texts)
    print("corpus: %s" % label)
    print("        %d files, %d lines, %d cores" % (len(files), lines, os.cpu_count() or 1))
    print()
    if args.library:
        library_section(paths, files, lines, args.repeat)

    work = tempfile.mkdtemp(prefix="lint-speed-")
    try:
        cli_time(paths, cwd=work)  # fills work/.legacy_mongo_cache for the second runs
        rounds, cpus = [], []
        for number in range(args.repeat):
            row, cpu = {}, {}
            row["first"], cpu["first"] = cli_time(paths, "--no-cache")
            row["no prefilter"], cpu["no prefilter"] = cli_time(paths, "--no-cache",
                                                               "--no-prefilter")
            row["second"], cpu["second"] = cli_time(paths, cwd=work)
            if not args.no_flake8:
                row["flake8"], cpu["flake8"] = flake8_time(paths)
                if row["flake8"] is None:
                    print("flake8 --select=F: not run (%s)" % cpu["flake8"][0])
                    args.no_flake8 = True
                    del row["flake8"], cpu["flake8"]
            rounds.append(row)
            cpus.append(cpu)
            print("round %d, wall (CPU) seconds: %s" % (number + 1, ", ".join(
                "%s %.2f (%.2f)" % (name, seconds, cpu[name]) for name, seconds in row.items())))
        print()
        for label, table in (("wall", rounds), ("CPU", cpus)):
            print("%s seconds: %s" % (label, "; ".join(
                "%s %s" % (name, spread([r[name] for r in table], "%.2f"))
                for name in table[0])))
        print()
        if not args.no_flake8:
            for label, table in (("wall", rounds), ("CPU", cpus)):
                ratios = [r["flake8"] / r["first"] for r in table]
                print("first run vs flake8 --select=F, %-4s: %.2fx faster, %s (target >= 10x: %s)"
                      % (label, median(ratios), spread(ratios), "OK" if median(ratios) >= 10
                         else "MISSED"))
        gains = [r["no prefilter"] / r["first"] for r in rounds]
        print("prefilter on vs --no-prefilter, wall: %.2fx faster, %s" % (median(gains),
                                                                         spread(gains)))
        cached = [r["second"] / r["first"] for r in rounds]
        print("second run (cache) / first run, wall: %.3f, %s" % (median(cached),
                                                                 spread(cached, "%.3f")))
        memory, findings = memory_on_dense_file(work)
        for fmt, (dense_mb, clean_mb) in memory.items():
            ratio = dense_mb / clean_mb
            print("memory, --format %-5s: %d findings in one file %.0f MB peak RSS, same size "
                  "clean %.0f MB: %.2fx (target <= 1.5x: %s)" % (
                      fmt, findings, dense_mb, clean_mb, ratio,
                      "OK" if ratio <= 1.5 else "MISSED"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
