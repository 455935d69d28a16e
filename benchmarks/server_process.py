"""The test server (tests/server.py) in a subprocess, for the benchmarks.

In its own process the server's Python work neither shares the benchmark's
GIL nor, under callgrind, its instruction counts.  ``stop`` (or leaving the
``with`` block) tells it to stop through its stdin and waits; a server that
does not stop within ten seconds is killed.
"""
import contextlib
import os
import subprocess
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_SERVER = r'''
import sys
sys.path.insert(0, %r)
from tests.server import TestServer
server = TestServer(max_wire_version=int(sys.argv[1])).start()
print(server.port, flush=True)
sys.stdin.readline()
server.stop()
''' % REPO_ROOT


@contextlib.contextmanager
def test_server_process(max_wire_version=21):
    """Start the server (MongoDB 7.0's wire version by default); yield its port."""
    server = subprocess.Popen([sys.executable, "-c", _SERVER, str(max_wire_version)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        if not line.strip().isdigit():
            raise RuntimeError("the test server did not start (exit status %s)" % server.poll())
        yield int(line)
    finally:
        try:
            server.stdin.write("\n")
            server.stdin.flush()
            server.wait(10)
        except Exception:
            server.kill()
            server.wait()
