"""Client instructions per operation, legacy-mongo vs plain PyMongo 4, counted by callgrind.

Wall-clock ratios on a shared machine swing by 10-40 %; instruction counts do
not.  The test server (tests/server.py, MongoDB 7.0 wire version) runs in an
ordinary subprocess; each client runs in its own process under
``valgrind --tool=callgrind``, so only the client's instructions are counted.

Every case runs, after a warm-up (connections, warning sites, caches), one
region of N operations and one of 2N; the per-operation figure is
(Ir(2N) - Ir(N)) / N, so the region's fixed cost (loop set-up, the marker
call) cancels.  Regions are delimited without touching the code measured:
the worker calls ``os.getppid()`` (nothing else in the client does) and
callgrind runs with ``--dump-before=getppid``, which writes and zeroes the
counters there.  ``--separate-threads=yes`` keeps PyMongo's monitor threads
out: only the main thread's counts are used.

Cases (legacy call vs modern equivalent), each outside and inside a request
(legacy: the case runs between ``client.start_request()`` and
``client.end_request()``; PyMongo 4 has no requests and runs the same calls):

    insert ack   coll.insert({"x": i})                coll.insert_one({"x": i})
    insert w=0   coll.insert({"x": i}, w=0)           coll.with_options(w=0).insert_one(...)
    update       coll.update({"_id": i}, {"$set":..}) coll.update_one(same)
    remove       coll.remove({"_id": i})              coll.delete_many({"_id": i})
    find_one     coll.find_one({"_id": 1})            the same call
    find 100     list(coll.find())  (100 documents)   the same call

Both inserts leave ``_id`` to the client (an ObjectId added to the caller's
dict on both sides).  The legacy side runs with DeprecationWarning filtered
out; its per-site accounting still runs on every call (after the first call
at a site it is the fast path, as in a real program).

    python benchmarks/instructions.py [--n 200] [--find-n 40] [--cases 'insert ack,find_one'] [--keep DIR]

Figures (PyMongo 4.x, Python 3.11, this machine; per operation, legacy/modern):
see benchmarks/README.md ("Per-call instructions"), which also writes down
what remains between the current ratios and 1.03x.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from server_process import REPO_ROOT, test_server_process

sys.path.insert(0, REPO_ROOT)

TARGET = 1.10
CASES = ("insert ack", "insert w=0", "update", "remove", "find_one", "find 100")
FIND_DOCS = 100
WARM_UP = 20


# ---------------------------------------------------------------------------
# Worker: runs under callgrind


def _operations(side, case, coll, coll_w0):
    """The operation of *case* for *side*, as a function of the op number."""
    legacy = side == "legacy"
    if case == "insert ack":
        if legacy:
            return lambda i: coll.insert({"x": i})
        return lambda i: coll.insert_one({"x": i})
    if case == "insert w=0":
        if legacy:
            return lambda i: coll.insert({"x": i}, w=0)
        return lambda i: coll_w0.insert_one({"x": i})
    if case == "update":
        if legacy:
            return lambda i: coll.update({"_id": i}, {"$set": {"y": i}})
        return lambda i: coll.update_one({"_id": i}, {"$set": {"y": i}})
    if case == "remove":
        if legacy:
            return lambda i: coll.remove({"_id": i})
        return lambda i: coll.delete_many({"_id": i})
    if case == "find_one":
        return lambda i: coll.find_one({"_id": 1})
    if case == "find 100":
        return lambda i: list(coll.find())
    raise ValueError(case)


def worker(side, port, n, find_n, cases):
    import warnings
    warnings.simplefilter("ignore", DeprecationWarning)
    import pymongo
    from pymongo import WriteConcern
    if side == "legacy":
        import legacy_mongo
        client = legacy_mongo.MongoClient("127.0.0.1", port)
    else:
        client = pymongo.MongoClient("127.0.0.1", port)
    db = client["bench_" + side]
    setup = client["bench_" + side]  # plain PyMongo 4 calls on both sides
    marker = os.getppid
    for in_request in (False, True):
        for case in cases:
            count = find_n if case == "find 100" else n
            name = "%s_%s" % (case.replace(" ", "_").replace("=", ""), int(in_request))
            coll = db[name]
            coll_w0 = coll.with_options(write_concern=WriteConcern(w=0))
            if case in ("update", "remove"):
                setup[name].insert_many([{"_id": i} for i in range(WARM_UP + 3 * count)])
            elif case == "find_one":
                setup[name].insert_one({"_id": 1, "x": 1})
            elif case == "find 100":
                setup[name].insert_many([{"_id": i, "x": i} for i in range(FIND_DOCS)])
            op = _operations(side, case, coll, coll_w0)
            if in_request and side == "legacy":
                client.start_request()
            for i in range(WARM_UP):
                op(i)
            first, second = range(WARM_UP, WARM_UP + count), range(
                WARM_UP + count, WARM_UP + 3 * count)
            marker()  # dump: set-up and warm-up
            for i in first:
                op(i)
            marker()  # dump: N operations
            for i in second:
                op(i)
            marker()  # dump: 2N operations
            coll.find_one({"_id": "drain"})  # acknowledged: the w=0 writes are done
            if in_request and side == "legacy":
                client.end_request()
    client.close()


# ---------------------------------------------------------------------------
# Driver


def _summary(path):
    with open(path) as fh:
        for line in fh:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    raise RuntimeError("%s: no summary line (not a callgrind output?)" % path)


def _dumps(directory, tag):
    """The main thread's dumps of one worker, in order: {dump number: Ir}."""
    pattern = re.compile(r"^cg\.%s\.\d+\.(\d+)-01$" % re.escape(tag))
    found = {}
    for name in os.listdir(directory):
        match = pattern.match(name)
        if match:
            found[int(match.group(1))] = _summary(os.path.join(directory, name))
    return found


def measure(side, port, n, find_n, cases, directory):
    tag = side
    command = ["valgrind", "--tool=callgrind", "--separate-threads=yes",
               "--dump-before=getppid",
               "--callgrind-out-file=%s" % os.path.join(directory, "cg.%s.%%p" % tag),
               sys.executable, os.path.abspath(__file__), "--worker", side,
               "--port", str(port), "--n", str(n), "--find-n", str(find_n),
               "--cases", ",".join(cases)]
    started = time.monotonic()
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit("instructions.py: the %s worker under valgrind failed (exit %d)"
                         % (side, proc.returncode))
    dumps = _dumps(directory, tag)
    expected = 3 * 2 * len(cases)
    if sorted(dumps) != list(range(1, expected + 1)):
        raise SystemExit(
            "instructions.py: expected %d callgrind dumps from the %s worker, found %d; "
            "something else in the client called getppid()" % (expected, side, len(dumps)))
    per_op = {}
    index = 0
    for in_request in (False, True):
        for case in cases:
            count = find_n if case == "find 100" else n
            single, double = dumps[index + 2], dumps[index + 3]
            per_op[(case, in_request)] = (double - single) / count
            index += 3
    return per_op, time.monotonic() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200,
                        help="operations in the first region (the second has 2N)")
    parser.add_argument("--find-n", type=int, default=40,
                        help="N for the 100-document find (each is ~30 round trips' work)")
    parser.add_argument("--keep", metavar="DIR",
                        help="keep the callgrind output files in DIR (for callgrind_annotate)")
    parser.add_argument("--cases", default=",".join(CASES),
                        help="comma-separated subset of: %s" % ", ".join(CASES))
    parser.add_argument("--worker", choices=("legacy", "modern"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    cases = [case.strip() for case in args.cases.split(",") if case.strip()]
    unknown = sorted(set(cases) - set(CASES))
    if unknown:
        parser.error("unknown case(s) %s: choose from %s" % (", ".join(unknown), ", ".join(CASES)))
    if args.worker:
        worker(args.worker, args.port, args.n, args.find_n, cases)
        return 0

    if shutil.which("valgrind") is None:
        raise SystemExit("instructions.py: valgrind is not installed; install it "
                         "(Debian: apt-get install valgrind) and run again")
    import pymongo

    directory = args.keep or tempfile.mkdtemp(prefix="lm-callgrind-")
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        if name.startswith("cg."):
            os.remove(os.path.join(directory, name))
    try:
        with test_server_process() as port:
            modern, modern_s = measure("modern", port, args.n, args.find_n, cases, directory)
            legacy, legacy_s = measure("legacy", port, args.n, args.find_n, cases, directory)
    finally:
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)

    print("Client instructions per operation (callgrind Ir, main thread), legacy-mongo vs"
          " plain PyMongo %s, Python %s" % (pymongo.version, sys.version.split()[0]))
    print("(Ir(2N) - Ir(N)) / N with N=%d (find 100: N=%d); workers took %.0fs + %.0fs"
          " under valgrind" % (args.n, args.find_n, modern_s, legacy_s))
    header = "%-11s %-8s | %11s %11s %9s %7s" % (
        "case", "request", "modern Ir", "legacy Ir", "+Ir", "ratio")
    print(header)
    print("-" * len(header))
    worst = 0.0
    for in_request in (False, True):
        for case in cases:
            m, lg = modern[(case, in_request)], legacy[(case, in_request)]
            ratio = lg / m
            worst = max(worst, ratio)
            print("%-11s %-8s | %11.0f %11.0f %+9.0f %6.3fx" % (
                case, "inside" if in_request else "outside", m, lg, lg - m, ratio))
    print("worst ratio %.3fx: target <= %.2fx %s" % (
        worst, TARGET, "met" if worst <= TARGET else "MISSED"))
    if args.keep:
        print("callgrind files in %s (cg.<side>.<pid>.<dump>-<thread>; per case: dumps "
              "3k+2 = N ops, 3k+3 = 2N ops)" % directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
