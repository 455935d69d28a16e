"""Helpers shared by the runtime tests."""
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
