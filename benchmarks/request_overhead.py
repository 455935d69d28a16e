"""Per-operation overhead of legacy-mongo over plain PyMongo 4, with and without requests.

One TestServer (MongoDB 7.0 wire version) runs in a subprocess, so its Python
work does not share this process's GIL.  Two clients talk to it from one
thread: a legacy ``legacy_mongo.MongoClient`` and a plain
``pymongo.MongoClient``.  Cases, each measured outside and inside a request
(legacy side: the batch runs inside ``with client.start_request():``; the
modern side has no requests and runs the same batch again):

    insert ack     legacy coll.insert(doc)          modern coll.insert_one(doc)
    insert w=0     legacy coll.insert(doc, w=0)     modern coll(w=0).insert_one(doc)
    insert w=0 dflt legacy MongoClient(w=0) coll.insert(doc)  modern as above
    find_one       legacy coll.find_one({'_id': x}) modern the same call

Batches of --batch operations alternate modern/legacy (order flipped every
round) for --rounds rounds.  Per case: median wall time per operation on each
side, the median over rounds of the round's legacy/modern ratio (the two
batches of a round run back to back, so the machine's slow spells cancel
out), and the absolute difference in microseconds;
also thread CPU time per operation (client-side work only: the server is
another process), which is the overhead without the server's latency.

The test server is pure Python and slow (hundreds of microseconds per
request), which dilutes the wall-clock ratio: the same overhead against a
real mongod would be a larger fraction.  The microsecond columns are the
server-independent figures.  Unacknowledged writes cost the server time after
the client returns, so every w=0 batch is followed (untimed) by an
acknowledged round trip that drains it.

    python benchmarks/request_overhead.py [--batch 200] [--rounds 21]
"""
import argparse
import statistics
import sys
import time
import warnings

from server_process import REPO_ROOT, test_server_process

sys.path.insert(0, REPO_ROOT)

TARGET = 0.05


class Side:
    def __init__(self, name, client, legacy, client_w0=None):
        self.name, self.client, self.legacy = name, client, legacy
        self.coll = client.bench["docs_" + name]
        # legacy: a MongoClient(w=0) whose collections are unacknowledged by default
        self.coll_default_w0 = client_w0.bench["docs0_" + name] if client_w0 else None
        self.small = client.bench["small_" + name]  # find_one's: one document
        self.coll_w0 = self.coll if legacy else self.coll.with_options(
            write_concern=__import__("pymongo").WriteConcern(w=0))
        self.counter = 0

    def make_batch(self, case, batch):
        coll, coll_w0, legacy = self.coll, self.coll_w0, self.legacy
        start = self.counter
        self.counter += batch
        ids = range(start, start + batch)
        if case == "insert ack":
            if legacy:
                return lambda: [coll.insert({"_id": "a%d" % i, "x": i}) for i in ids]
            return lambda: [coll.insert_one({"_id": "a%d" % i, "x": i}) for i in ids]
        if case == "insert w=0":
            if legacy:
                return lambda: [coll.insert({"_id": "u%d" % i, "x": i}, w=0) for i in ids]
            return lambda: [coll_w0.insert_one({"_id": "u%d" % i, "x": i}) for i in ids]
        if case == "insert w=0 dflt":  # no per-call option on the legacy side
            if legacy:
                coll0 = self.coll_default_w0
                return lambda: [coll0.insert({"_id": "d%d" % i, "x": i}) for i in ids]
            return lambda: [coll_w0.insert_one({"_id": "d%d" % i, "x": i}) for i in ids]
        if case == "find_one":
            small = self.small
            return lambda: [small.find_one({"_id": 1}) for _ in ids]
        raise ValueError(case)

    def run(self, case, batch, in_request):
        operations = self.make_batch(case, batch)
        # The round trip that drains a batch's unacknowledged writes must
        # go through the client (and socket) that sent them.
        drain_coll = self.coll
        if case == "insert w=0 dflt" and self.coll_default_w0 is not None:
            drain_coll = self.coll_default_w0
        if in_request and self.legacy:
            with drain_coll.database.client.start_request():
                wall, cpu = timed(operations)
                drain(drain_coll)
        else:
            wall, cpu = timed(operations)
            drain(drain_coll)
        return wall / batch, cpu / batch


def drain(coll):
    # Untimed: an acknowledged round trip after the batch (same socket when
    # in a request or single-threaded), so unacknowledged writes never leak
    # into the next measurement.
    coll.find_one({"_id": "none"})


def timed(operations):
    cpu0, wall0 = time.thread_time(), time.perf_counter()
    operations()
    return time.perf_counter() - wall0, time.thread_time() - cpu0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", DeprecationWarning)

    import pymongo
    import legacy_mongo

    with test_server_process() as port:
        modern = Side("modern", pymongo.MongoClient("127.0.0.1", port), legacy=False)
        legacy = Side("legacy", legacy_mongo.MongoClient("127.0.0.1", port), legacy=True,
                      client_w0=legacy_mongo.MongoClient("127.0.0.1", port, w=0))
        for side in (modern, legacy):
            side.small.insert_one({"_id": 1, "x": 1})
        cases = [(case, in_request) for in_request in (False, True)
                 for case in ("insert ack", "insert w=0", "insert w=0 dflt", "find_one")]
        samples = {(c, r, s.name): [] for c, r in cases for s in (modern, legacy)}
        for case, in_request in cases:  # warm up: connections, warnings, caches
            for side in (modern, legacy):
                side.run(case, 20, in_request)
        for round_ in range(args.rounds):
            for case, in_request in cases:
                order = (modern, legacy) if round_ % 2 == 0 else (legacy, modern)
                for side in order:
                    samples[(case, in_request, side.name)].append(
                        side.run(case, args.batch, in_request))
        modern.client.close()
        legacy.client.close()
        legacy.coll_default_w0.database.client.close()

    print("Per-operation cost, legacy-mongo vs plain PyMongo %s, median of %d rounds x %d ops"
          " (interleaved)" % (pymongo.version, args.rounds, args.batch))
    print("NOTE: the test server is pure Python (hundreds of us per request), which dilutes the"
          " wall-clock ratio;\n      the 'us' columns (absolute client-side overhead) do not"
          " depend on it.")
    header = "%-15s %-8s | %9s %9s %7s %8s | %9s %9s %8s" % (
        "case", "request", "modern us", "legacy us", "ratio", "+us wall",
        "modern cpu", "legacy cpu", "+us cpu")
    print(header)
    print("-" * len(header))
    worst = 0.0
    for case, in_request in cases:
        m = samples[(case, in_request, "modern")]
        lg = samples[(case, in_request, "legacy")]
        m_wall = statistics.median(w for w, _ in m) * 1e6
        l_wall = statistics.median(w for w, _ in lg) * 1e6
        m_cpu = statistics.median(c for _, c in m) * 1e6
        l_cpu = statistics.median(c for _, c in lg) * 1e6
        # The ratio is the median of each round's legacy/modern ratio: the
        # two batches of a round run back to back, so a slow spell of the
        # machine weighs on both sides of the same ratio.
        ratio = statistics.median(lw / mw for (lw, _), (mw, _) in zip(lg, m))
        worst = max(worst, ratio)
        print("%-15s %-8s | %9.1f %9.1f %6.3fx %+8.1f | %9.1f %9.1f %+8.1f" % (
            case, "inside" if in_request else "outside", m_wall, l_wall, ratio,
            l_wall - m_wall, m_cpu, l_cpu, l_cpu - m_cpu))
    print("worst median wall ratio %.3fx: target < %.2fx %s" % (
        worst, 1 + TARGET, "met" if worst < 1 + TARGET else "MISSED"))
    print("(modern side 'inside' = the same PyMongo 4 calls again: PyMongo 4 has no requests;"
          " modern w=0 uses a collection made once with with_options, the idiomatic form)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
