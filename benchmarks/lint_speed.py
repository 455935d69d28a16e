"""How fast is ``legacy-mongo lint``?  Lines per second, as ratios to two yardsticks.

* the floor: reading every file and ``ast.parse`` alone, in one process (a file that
  ``ast`` refuses -- Python 2 -- costs only the failed attempt there);
* ``flake8 --select=F`` (its built-in pyflakes checks only), with all cores.

The linter runs twice: with all cores (``jobs=None``, the CLI default) and with one
(``jobs=1``), so both the wall-clock ratio and the per-core work ratio are visible.
Target: all-core lint time <= 3x the parse-only floor, and faster than flake8.

Corpus: the directory given as argument; by default ``benchmarks/.cache/eval`` (the
PyMongo-2.x-era sdists fetched by ``benchmarks/lint_eval/fetch.py``) when present,
else the installed ``pymongo`` package and the rest of ``.venv``'s site-packages.
The output says which corpus was used and how many of its files are Python-2-only.

End to end (the ``legacy-mongo lint`` command as a subprocess, all cores), on a
large mixed tree (default: the eval corpus plus ``.venv``'s site-packages):

* first run (``--no-cache``; the prefilter skips files with no trace of MongoDB)
  vs ``flake8 --select=F`` -- target: 10x faster;
* second run on the unchanged tree, from ``.legacy_mongo_cache`` -- vs the first;
* memory: peak RSS on a finding-dense file (100,000 findings) vs a file of the
  same size with none -- target: no more than 1.5x (flat in the findings).

Usage: python benchmarks/lint_speed.py [DIR ...] [--repeat N] [--no-flake8]
"""
import argparse
import ast
import glob
import os
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


def flake8_time(paths):
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "flake8", "--select=F", "--exit-zero",
                           "--jobs=auto", *paths], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        return None, proc.stderr.strip().splitlines()[-1:] or ["flake8 failed"]
    return elapsed, None


def cli_time(paths, *options, cwd=None):
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "legacy_mongo", "lint", "--exit-zero",
                           *options, *[os.path.abspath(p) for p in paths]],
                          capture_output=True, text=True, cwd=cwd,
                          env=dict(os.environ, PYTHONPATH=ROOT))
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit("legacy-mongo lint failed: %s" % proc.stderr[-500:])
    return elapsed, proc.stdout.count("\n")


_PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
         "stdout=subprocess.DEVNULL); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_rss_mb(path):
    """Peak RSS (MB) of one ``legacy-mongo lint --jobs 1 --no-cache PATH``."""
    out = subprocess.run([sys.executable, "-c", _PEAK, sys.executable, "-m", "legacy_mongo",
                          "lint", "--jobs", "1", "--no-cache", "--exit-zero", path],
                         capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=ROOT))
    return int(out.stdout.strip().splitlines()[-1]) / 1024.0


def memory_on_dense_file(folder, lines=50000):
    header = ["import pymongo", "c = pymongo.MongoClient()", "db = c.app"]
    dense = os.path.join(folder, "dense.py")
    clean = os.path.join(folder, "clean.py")
    with open(dense, "w") as handle:  # two findings a line: LM401 and LM301
        handle.write("\n".join(header + ["db.users.insert({'a': %d}, safe=True)" % i
                                         for i in range(lines)]) + "\n")
    with open(clean, "w") as handle:  # same statements, modern spelling
        handle.write("\n".join(header + ["db.users.insert_one({'a': %d}, tru=True)" % i
                                         for i in range(lines)]) + "\n")
    return peak_rss_mb(dense), peak_rss_mb(clean), 2 * lines


def best(fn, repeat):
    results = [fn() for _ in range(repeat)]
    return min(results, key=lambda r: r[0])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--no-flake8", action="store_true")
    args = parser.parse_args(argv)
    if args.dirs:
        paths, label = args.dirs, "given: " + " ".join(args.dirs)
    else:
        paths, label = default_corpus()
    files = [path for path, _root in discover(paths)]
    texts = read_all(files)
    lines = sum(t.count("\n") for t in texts)
    cores = os.cpu_count() or 1

    floor, py2_files = best(lambda: parse_floor(files), args.repeat)
    lint_all, nfind = best(lambda: lint_time(paths, None), args.repeat)
    lint_one, _ = best(lambda: lint_time(paths, 1), args.repeat)

    print("corpus: %s" % label)
    print("        %d files (%d not parsable by ast: Python 2), %d lines, %d cores"
          % (len(files), py2_files, lines, cores))
    print("%-38s %9s %14s %10s" % ("", "seconds", "lines/second", "vs floor"))
    print("%-38s %9.3f %14.0f %10s" % ("ast.parse only, 1 process (floor)", floor,
                                        lines / floor, "1.00x"))
    print("%-38s %9.3f %14.0f %9.2fx" % ("legacy-mongo lint, all cores", lint_all,
                                          lines / lint_all, lint_all / floor))
    print("%-38s %9.3f %14.0f %9.2fx" % ("legacy-mongo lint, 1 process", lint_one,
                                          lines / lint_one, lint_one / floor))
    if not args.no_flake8:
        elapsed, error = best(lambda: flake8_time(paths), args.repeat)
        if elapsed is None:
            print("flake8 --select=F: not run (%s)" % error[0])
        else:
            print("%-38s %9.3f %14.0f %9.2fx" % ("flake8 --select=F, all cores", elapsed,
                                                  lines / elapsed, elapsed / floor))
            print("lint (all cores) / flake8: %.2f (below 1 means faster than flake8)"
                  % (lint_all / elapsed))
    print("findings: %d" % nfind)
    verdict = "OK" if lint_all <= 3 * floor else "MISSED"
    print("target: lint (all cores) <= 3x floor: %.2fx %s" % (lint_all / floor, verdict))

    print()
    print("end to end, the command (all cores):")
    work = tempfile.mkdtemp(prefix="lint-speed-")
    try:
        first, _ = best(lambda: cli_time(paths, "--no-cache"), args.repeat)
        no_filter, _ = best(lambda: cli_time(paths, "--no-cache", "--no-prefilter"),
                            args.repeat)
        cli_time(paths, cwd=work)  # fills work/.legacy_mongo_cache
        second, _ = best(lambda: cli_time(paths, cwd=work), args.repeat)
        print("%-44s %9.3f s" % ("first run (--no-cache, prefilter on)", first))
        print("%-44s %9.3f s   prefilter gain %.2fx" % ("first run, --no-prefilter", no_filter,
                                                       no_filter / first))
        print("%-44s %9.3f s   %.3f of the first run (%.1fx faster)"
              % ("second run, unchanged tree (cache)", second, second / first, first / second))
        if not args.no_flake8 and elapsed is not None:
            ratio = elapsed / first
            print("first run vs flake8 --select=F: %.2fx faster (target >= 10x: %s)"
                  % (ratio, "OK" if ratio >= 10 else "MISSED"))
        dense_mb, clean_mb, findings = memory_on_dense_file(work)
        ratio = dense_mb / clean_mb
        print("memory: %d findings in one file %.0f MB peak RSS, same size clean %.0f MB: "
              "%.2fx (target <= 1.5x: %s)" % (findings, dense_mb, clean_mb, ratio,
                                              "OK" if ratio <= 1.5 else "MISSED"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
