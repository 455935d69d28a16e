"""Fixtures shared by the runtime tests.

* ``hang_guard`` (autouse): a module that sets ``GUARD_SECONDS`` fails a test
  that runs longer, instead of hanging the suite on a deadlock.
* ``quiet_legacy_warnings``: the warning policy set to ignore for a test
  (the calls are still counted), restored afterwards.
* ``legacy``: a factory of legacy clients on the ``server`` fixture, given
  as host and port, closed after the test.
* ``make``: the same on ``server.host_string`` with short socket timeouts,
  taking a class or a class name of ``legacy_mongo``.
"""
import faulthandler
import signal
import sys

import pytest

import legacy_mongo
from legacy_mongo import warnings as legacy_warnings

HOST = "127.0.0.1"
SHORT = {"socketTimeoutMS": 5000, "connectTimeoutMS": 5000}


@pytest.fixture(autouse=True)
def hang_guard(request):
    seconds = getattr(request.module, "GUARD_SECONDS", None)
    if seconds is None or not hasattr(signal, "SIGALRM"):
        yield
        return

    def on_alarm(signum, frame):
        faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
        raise TimeoutError("test exceeded %ss: deadlock?" % seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    # The backstop when SIGALRM cannot run (the main thread is stuck in C).
    faulthandler.dump_traceback_later(seconds + 30, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def quiet_legacy_warnings(monkeypatch):
    monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "ignore")
    legacy_warnings.reload_policy()
    yield
    monkeypatch.undo()  # the environment first, so the policy reloads from it
    legacy_warnings.reload_policy()


def _client_factory(connect):
    clients = []

    def make(cls=legacy_mongo.MongoClient, *args, **kwargs):
        if isinstance(cls, str):
            cls = getattr(legacy_mongo, cls)
        client = connect(cls, *args, **kwargs)
        clients.append(client)
        return client

    return make, clients


@pytest.fixture
def legacy(server):
    def connect(cls, **kwargs):
        kwargs.setdefault("serverSelectionTimeoutMS", 5000)
        return cls(HOST, server.port, **kwargs)

    make, clients = _client_factory(connect)
    yield make
    for client in clients:
        client.close()


@pytest.fixture
def make(server):
    def connect(cls, host=None, **kwargs):
        for key, value in SHORT.items():
            kwargs.setdefault(key, value)
        return cls(server.host_string if host is None else host, **kwargs)

    make, clients = _client_factory(connect)
    yield make
    for client in clients:
        client.close()
