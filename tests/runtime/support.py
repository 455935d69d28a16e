"""Helpers shared by the runtime tests."""
import json
import subprocess
import threading
import time


def wait_for(predicate, timeout=10.0, message="condition"):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for %s" % message)
        time.sleep(0.002)


def wire_records(server, ops, count=1, timeout=5.0):
    """The application records whose op is in *ops*, in arrival order,
    waiting (unacknowledged writes return before the server has read them)
    until *count* have arrived."""
    deadline = time.monotonic() + timeout
    while True:
        records = [r for r in server.log(app_only=True) if r.op in ops]
        if len(records) >= count or time.monotonic() > deadline:
            return records
        time.sleep(0.005)


class Threads:
    """Start threads, join them with a timeout, re-raise their exceptions."""

    def __init__(self):
        self.threads = []
        self.errors = []

    def start(self, target, *args, name=None):
        def run():
            try:
                target(*args)
            except BaseException as exc:  # reported by join()
                self.errors.append((threading.current_thread().name, exc))

        thread = threading.Thread(target=run, name=name, daemon=True)
        self.threads.append(thread)
        thread.start()
        return thread

    def join(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        alive = [t.name for t in self.threads if t.is_alive()]
        assert not alive, "threads still running (deadlock?): %s" % alive
        assert not self.errors, self.errors


def run_probe(tmp_path, python, script, argument, *prefix):
    """Run *script* (source text) under *python* (the 2.8.1 oracle's, or
    this one with ``-m legacy_mongo run`` as *prefix*) with one argument;
    return the JSON it printed."""
    path = tmp_path / "probe.py"
    path.write_text(script)
    run = subprocess.run([python, *prefix, str(path), argument], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)
