"""``make demo``: legacy code running unchanged on PyMongo 4.

Starts the wire-protocol test server (tests/server.py) in this process, runs
examples/legacy_app/app.py and the essay's scenario through
``legacy-mongo run``, then lints the legacy app and shows the diff of its
safe fixes (``lint --diff``).
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.server import TestServer  # noqa: E402

LEGACY_MONGO = [sys.executable, "-m", "legacy_mongo"]


def banner(text):
    print("\n" + "=" * 72 + "\n" + text + "\n" + "=" * 72, flush=True)


def run(args, env=None):
    print("$ " + " ".join(os.path.relpath(a, ROOT) if a.startswith(ROOT) else a for a in args[2:]),
          flush=True)
    return subprocess.run(args, cwd=ROOT, env=dict(os.environ, **(env or {}))).returncode


def main():
    with TestServer() as server:
        host, port = "127.0.0.1", str(server.port)
        banner("1. An unchanged PyMongo 2.x program on PyMongo 4 (warnings go to stderr)")
        status = run(LEGACY_MONGO + ["run", os.path.join(ROOT, "examples", "legacy_app", "app.py"),
                                     host, port],
                     env={"LEGACY_MONGO_WARNINGS": "ignore"})
        if status:
            return status

        banner("2. The same program with warnings on: each legacy call site, once")
        run(LEGACY_MONGO + ["run", os.path.join(ROOT, "examples", "legacy_app", "app.py"), host, port])

        banner("3. The essay: unacknowledged writes then count(), with and without requests")
        # Writes are processed slowly, per socket: a count sent on another
        # socket overtakes them, unless the thread keeps its socket.
        server.set_delay_for_writes(0.002)
        for mode in ("on", "off"):
            print("-- auto_start_request %s" % mode, flush=True)
            run(LEGACY_MONGO + ["run", os.path.join(ROOT, "examples", "essay.py"), host, port, mode],
                env={"LEGACY_MONGO_WARNINGS": "ignore"})
        server.clear_faults()

    banner("4. The linter on the same program")
    run(LEGACY_MONGO + ["lint", "--statistics", os.path.join(ROOT, "examples", "legacy_app")])

    banner("5. What `lint --fix` would change (safe fixes only; nothing is written)")
    run(LEGACY_MONGO + ["lint", "--diff", os.path.join(ROOT, "examples", "legacy_app")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
