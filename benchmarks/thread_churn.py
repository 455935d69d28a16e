"""Thread churn under Connection() defaults: legacy-mongo next to PyMongo 2.8.1.

1,000 threads in waves of 50; each makes one unacknowledged insert through a
shared ``Connection()`` (auto_start_request: the insert puts the thread in a
request and pins a socket) and dies without ``end_request()``.  2.8.1 gave a
dead thread's socket back to the pool; so must legacy-mongo, or every wave
opens 50 new sockets.

Each side runs as an unchanged PyMongo 2.x client script in its own process,
against its own TestServer started here:

* PyMongo 2.8.1: ``.oracle-venv/bin/python`` against ``TestServer(max_wire_version=3)``;
* legacy-mongo:  ``.venv/bin/python -m legacy_mongo run`` against ``TestServer(max_wire_version=21)``;
* for attribution, plain PyMongo 4 (``MongoClient(w=0)``, ``insert_one``, no shim,
  no requests) against ``TestServer(max_wire_version=21)``: how much of any gap to
  2.8.1 is PyMongo 4's own per-operation cost rather than the shim's.

Printed per side (median of --runs runs, sides interleaved): sockets that
carried application traffic (``TestServer.connections_opened``), sockets still
open at the end, the client's elapsed time for the churn (constructor excluded,
last thread joined; a count then checks, untimed, that no insert was lost) and the ratios.
Targets: no more sockets than 2.8.1, time within 1.2x.

    python benchmarks/thread_churn.py [--threads 1000] [--wave 50] [--runs 7]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORACLE_PYTHON = os.path.join(REPO_ROOT, ".oracle-venv", "bin", "python")
LEGACY_PYTHON = os.path.join(REPO_ROOT, ".venv", "bin", "python")

# The client side: plain PyMongo 2.x code, run under either driver.
CLIENT = r'''
import json, os, sys, threading, time
import warnings
warnings.simplefilter("ignore")
from pymongo import Connection

host, port, total, wave = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
overlap = sys.argv[5] == "overlap"
client = Connection(host, port)
coll = client.churn.docs
errors = []


def work(i, barrier):
    try:
        coll.insert({"i": i})
        if barrier is not None:
            barrier.wait(30)  # every thread of the wave holds its pinned socket
    except Exception as exc:
        errors.append(repr(exc))


started = time.perf_counter()
for first in range(0, total, wave):
    size = min(total, first + wave) - first
    barrier = threading.Barrier(size) if overlap else None
    threads = [threading.Thread(target=work, args=(i, barrier)) for i in range(first, first + size)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
elapsed = time.perf_counter() - started
# Untimed check that nothing was lost.  The inserts are unacknowledged and
# travelled over other threads' sockets, so one count on this thread's
# socket may run before the server has read them all (the essay's race):
# poll until they are all there or the deadline passes.
deadline = time.time() + 10
count = coll.count()
while count < total and time.time() < deadline:
    time.sleep(0.01)
    count = coll.count()
print(json.dumps({"elapsed": elapsed, "count": count, "errors": errors[:3],
                  "n_errors": len(errors)}))
'''


MODES = {
    "free": "free-running waves: each thread inserts and exits at once (threads barely overlap)",
    "overlap": "overlapping waves: each thread waits, pinned, until its whole wave has inserted"
               " (50 pinned sockets at once; the next wave needs the dead threads' sockets back)",
}


# Reference for attribution: the same churn on plain PyMongo 4 (no shim,
# MongoClient(w=0), no requests): what PyMongo 4 itself costs.
MODERN_CLIENT = CLIENT.replace(
    "from pymongo import Connection", "from pymongo import MongoClient"
).replace(
    "client = Connection(host, port)", "client = MongoClient(host, port, w=0)"
).replace(
    'coll.insert({"i": i})', 'coll.insert_one({"i": i})'
).replace(
    "coll.count()", "coll.count_documents({})"
)
SIDES = ("2.8.1", "legacy-mongo", "PyMongo 4 (reference)")


def run_side(side, script, total, wave, mode):
    sys.path.insert(0, REPO_ROOT)
    from tests.server import TestServer

    if side == "2.8.1":
        wire, command = 3, [ORACLE_PYTHON, script]
    elif side == "legacy-mongo":
        wire, command = 21, [LEGACY_PYTHON, "-m", "legacy_mongo", "run", script]
    else:
        wire, command = 21, [LEGACY_PYTHON, script + ".modern.py"]
    with TestServer(max_wire_version=wire) as server:
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        env.pop("PYTHONPATH", None)
        if side == "legacy-mongo":
            env["PYTHONPATH"] = REPO_ROOT
        proc = subprocess.run(command + [server.address[0], str(server.port), str(total), str(wave), mode],
                              capture_output=True, text=True, timeout=600, env=env)
        if proc.returncode != 0:
            raise SystemExit("%s client failed:\n%s" % (side, proc.stderr[-3000:]))
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        deadline = time.time() + 3  # the client has exited: let the server see the closes
        while server.open_connections and time.time() < deadline:
            time.sleep(0.01)
        result["sockets"] = server.connections_opened
        result["accepted"] = server.connections_accepted
        result["open_at_end"] = server.open_app_connections
    if result["count"] != total or result["n_errors"]:
        raise SystemExit("%s: %d documents of %d, errors %s"
                         % (side, result["count"], total, result["errors"]))
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1000)
    parser.add_argument("--wave", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    if not os.path.exists(ORACLE_PYTHON):
        print("PyMongo 2.8.1 oracle missing (%s): run tests/oracle/build_oracle.sh" % ORACLE_PYTHON)
        return 2

    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix="_churn_client.py", delete=False) as f:
        f.write(CLIENT)
        script = f.name
    with open(script + ".modern.py", "w") as f:
        f.write(MODERN_CLIENT)
    try:
        for mode in ("free", "overlap"):
            report(mode, script, args)
    finally:
        os.unlink(script)
        os.unlink(script + ".modern.py")
    print("('sockets' = sockets that carried application traffic; 'accepted' adds PyMongo 4's"
          " monitoring sockets.  Elapsed time includes the test server's own per-request cost,"
          " the same for both sides.)")
    return 0


def report(mode, script, args):
    results = {side: [] for side in SIDES}
    for run in range(args.runs):
        order = SIDES if run % 2 == 0 else tuple(reversed(SIDES))
        for side in order:
            results[side].append(run_side(side, script, args.threads, args.wave, mode))
    print()
    print(MODES[mode])
    print("%d threads in waves of %d, Connection() defaults, one unacknowledged insert each,"
          " no end_request; median of %d runs (sides interleaved)" % (args.threads, args.wave, args.runs))
    print("%-22s %10s %10s %10s %12s %12s" % (
        "", "sockets", "accepted", "open@end", "elapsed s", "fastest s"))
    summary = {}
    for side in SIDES:
        rows = results[side]
        summary[side] = {
            "sockets": statistics.median(r["sockets"] for r in rows),
            "accepted": statistics.median(r["accepted"] for r in rows),
            "open_at_end": statistics.median(r["open_at_end"] for r in rows),
            "elapsed": statistics.median(r["elapsed"] for r in rows),
            "fastest": min(r["elapsed"] for r in rows),
        }
        s = summary[side]
        print("%-22s %10d %10d %10d %12.3f %12.3f   (per run: sockets %s, elapsed %s)" % (
            side, s["sockets"], s["accepted"], s["open_at_end"], s["elapsed"], s["fastest"],
            [r["sockets"] for r in rows], ["%.3f" % r["elapsed"] for r in rows]))
    old, new = summary["2.8.1"], summary["legacy-mongo"]
    socket_ratio = new["sockets"] / old["sockets"]
    time_ratio = new["elapsed"] / old["elapsed"]
    print("ratio legacy-mongo / 2.8.1: sockets %.2fx (target <= 1.00: %s), time %.2fx at the median"
          " (target <= 1.20: %s), %.2fx fastest run to fastest run"
          % (socket_ratio, "met" if new["sockets"] <= old["sockets"] else "MISSED",
             time_ratio, "met" if time_ratio <= 1.2 else "MISSED",
             new["fastest"] / old["fastest"]))
    ref = summary["PyMongo 4 (reference)"]
    print("attribution: legacy-mongo / plain PyMongo 4 time %.2fx at the median (%.2fx fastest);"
          " plain PyMongo 4 / 2.8.1 %.2fx" % (new["elapsed"] / ref["elapsed"],
                                              new["fastest"] / ref["fastest"],
                                              ref["elapsed"] / old["elapsed"]))


if __name__ == "__main__":
    sys.exit(main())
