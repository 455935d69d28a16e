"""CMAP events stay balanced while a thread holds a pinned connection.

PyMongo publishes ConnectionCheckedOut at every checkout, pinned or not; a
gauge built on CMAP events (checked out minus checked in) must see a pinned
connection in use only while an operation uses it, and end at zero.
"""
import threading

import pytest
from pymongo import monitoring

import legacy_mongo


class CheckoutGauge(monitoring.ConnectionPoolListener):
    def __init__(self):
        self.lock = threading.Lock()
        self.events = []

    def _add(self, name, event):
        with self.lock:
            self.events.append((name, event.connection_id))

    def connection_checked_out(self, event):
        self._add("out", event)

    def connection_checked_in(self, event):
        self._add("in", event)

    def in_use(self):
        with self.lock:
            return sum(1 if name == "out" else -1 for name, _ in self.events)

    def never_negative_per_connection(self):
        level = {}
        with self.lock:
            for name, conn_id in self.events:
                level[conn_id] = level.get(conn_id, 0) + (1 if name == "out" else -1)
                if not 0 <= level[conn_id] <= 1:
                    return False
        return True

    # The other CMAP callbacks are not counted.
    def pool_created(self, event): pass
    def pool_ready(self, event): pass
    def pool_cleared(self, event): pass
    def pool_closed(self, event): pass
    def connection_created(self, event): pass
    def connection_ready(self, event): pass
    def connection_closed(self, event): pass
    def connection_check_out_started(self, event): pass
    def connection_check_out_failed(self, event): pass


@pytest.fixture(autouse=True)
def _no_legacy_warnings(monkeypatch):
    monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "ignore")
    from legacy_mongo import warnings as legacy_warnings
    legacy_warnings.reload_policy()
    yield
    monkeypatch.undo()
    legacy_warnings.reload_policy()


@pytest.fixture
def gauge_client(server):
    clients = []

    def make(cls=legacy_mongo.MongoClient, **kwargs):
        gauge = CheckoutGauge()
        client = cls("127.0.0.1", server.port, event_listeners=[gauge], **kwargs)
        clients.append(client)
        return client, gauge

    yield make
    for client in clients:
        client.close()


def test_every_operation_in_a_request_checks_in_what_it_checked_out(gauge_client):
    client, gauge = gauge_client()
    coll = client.db.events
    with client.start_request():
        for i in range(5):
            coll.insert({"_id": i})
            coll.find_one({"_id": i})
            assert gauge.in_use() == 0, gauge.events
        ids = {conn_id for _, conn_id in gauge.events}
        assert len(ids) == 1  # all on the pinned connection
    assert gauge.in_use() == 0
    assert gauge.never_negative_per_connection(), gauge.events
    outs = sum(1 for name, _ in gauge.events if name == "out")
    assert outs >= 10


def test_a_connection_thread_and_end_request_balance(gauge_client):
    client, gauge = gauge_client(legacy_mongo.Connection)  # auto_start_request
    coll = client.db.events
    coll.insert({"_id": 1})
    coll.update({"_id": 1}, {"$set": {"a": 1}})
    assert coll.find_one() == {"_id": 1, "a": 1}
    assert gauge.in_use() == 0, gauge.events
    client.end_request()
    coll.count()
    assert gauge.in_use() == 0, gauge.events
    assert gauge.never_negative_per_connection(), gauge.events


def test_a_dead_threads_pin_is_given_back_balanced(gauge_client):
    client, gauge = gauge_client(legacy_mongo.Connection, max_pool_size=1)
    coll = client.db.events

    def worker():
        coll.insert({"_id": "w"})  # pins and keeps the only slot; never ends its request

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    # The dead thread's pin is reclaimed for this thread's checkout.
    assert coll.find_one({"_id": "w"}) == {"_id": "w"}
    client.end_request()
    assert gauge.in_use() == 0, gauge.events
    assert gauge.never_negative_per_connection(), gauge.events
