"""Diagnostics of pinned sockets: who holds one, since when, idle warnings."""
import logging
import threading

import pytest
from freezegun import freeze_time

import legacy_mongo
from legacy_mongo.runtime import pinning


pytestmark = pytest.mark.usefixtures("quiet_legacy_warnings")


def _pool(client):
    (pool,) = list(client._legacy_requests._pools)
    return pool


def test_pinned_sockets_names_threads_and_durations(server):
    with freeze_time("2026-01-01 12:00:00") as clock:
        client = legacy_mongo.MongoClient("127.0.0.1", server.port)
        ready, release = threading.Event(), threading.Event()

        def worker():
            client.start_request()
            client.db.c.find_one()
            ready.set()
            release.wait(10)
            client.end_request()

        thread = threading.Thread(target=worker, name="report-worker")
        thread.start()
        assert ready.wait(10)
        clock.tick(42)
        (info,) = client.pinned_sockets()
        assert info["thread"] == "report-worker"
        assert info["address"] == ("127.0.0.1", server.port)
        assert info["pinned_seconds"] == pytest.approx(42, abs=1)
        assert info["idle_seconds"] == pytest.approx(42, abs=1)
        assert info["in_use"] is False
        release.set()
        thread.join(10)
        assert client.pinned_sockets() == []
        client.close()


def test_idle_pin_is_reported_once_after_the_threshold(server, monkeypatch, caplog):
    monkeypatch.setenv(pinning.IDLE_PIN_ENV, "60")
    with freeze_time("2026-01-01 12:00:00") as clock:
        client = legacy_mongo.Connection("127.0.0.1", server.port)  # auto_start_request
        holder_done, release = threading.Event(), threading.Event()

        def holder():
            client.db.c.insert({"x": 1})  # auto-starts a request, pins a socket
            holder_done.set()
            release.wait(10)

        thread = threading.Thread(target=holder, name="idle-holder")
        thread.start()
        assert holder_done.wait(10)
        with caplog.at_level(logging.WARNING, logger="legacy_mongo.requests"):
            clock.tick(30)
            client.db.c.find_one()          # main thread: a checkout looks at the pins
            assert "idle-holder" not in caplog.text
            clock.tick(31)
            client.db.c.find_one()
            clock.tick(2)
            client.db.c.find_one()
        reports = [r for r in caplog.records if "idle-holder" in r.getMessage()]
        assert len(reports) == 1
        assert "end_request()" in reports[0].getMessage()
        release.set()
        thread.join(10)
        client.close()


def test_idle_threshold_from_the_environment_is_validated(monkeypatch):
    monkeypatch.setenv(pinning.IDLE_PIN_ENV, "soon")
    with pytest.raises(ValueError, match="number of seconds"):
        pinning.idle_pin_threshold()
    monkeypatch.setenv(pinning.IDLE_PIN_ENV, "0")
    assert pinning.idle_pin_threshold() == 0
    monkeypatch.delenv(pinning.IDLE_PIN_ENV)
    assert pinning.idle_pin_threshold() == pinning.DEFAULT_IDLE_PIN_SECONDS
