"""close() and ``with client:`` on the 2.x client classes.

2.8's MongoClient/Connection ``close()`` was ``disconnect()``: the next
operation reconnected (the conformance scenario ``client_close_then_reuse``
compares this with 2.8.1).  2.8's MongoReplicaSetClient ``close()`` was final.
Under PyMongo 4 the shim runs PyMongo's own cleanup, so nothing keeps running
after close(), and gives the client a fresh topology started by the next
operation, which warns LM129.
"""
import threading
import time
import warnings

import pytest
from pymongo.errors import InvalidOperation

import legacy_mongo
from legacy_mongo import MongoReplicaSetClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

GUARD_SECONDS = 60


def _driver_threads(client):
    """The live threads PyMongo started for *client*'s topology (monitors,
    the cursor-killing executor)."""
    return [t for t in threading.enumerate() if t.name.startswith("pymongo_")]


def _wait_until(predicate, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def test_close_stops_the_driver_threads_until_the_next_operation(legacy, server):
    client = legacy(legacy_mongo.MongoClient)
    client.db.c.insert_one({"_id": 1})
    assert _driver_threads(client), "the client runs monitor threads once used"
    client.close()
    assert _wait_until(lambda: not _driver_threads(client)), _driver_threads(client)
    time.sleep(0.2)
    assert not _driver_threads(client), "close() must not start a new topology by itself"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert client.db.c.find_one() == {"_id": 1}
    assert _driver_threads(client), "the next operation started the new topology"


def test_the_next_operation_reconnects_on_a_new_socket(legacy, server):
    client = legacy(legacy_mongo.MongoClient)
    client.db.c.insert_one({"x": 1})
    before = {r.client_port for r in server.log(app_only=True)}
    client.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert client.db.c.find_one({}, {"_id": 0}) == {"x": 1}
    after = {r.client_port for r in server.log(app_only=True)} - before
    assert after, "the operation after close() used a new socket"


def test_use_after_close_warns_lm129_once_from_the_callers_line(legacy):
    client = legacy(legacy_mongo.MongoClient)
    client.db.c.find_one()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.close()
        client.db.c.find_one()
        client.db.c.find_one()
    lm129 = [w for w in caught if str(w.message).startswith("LM129")]
    assert len(lm129) == 1, [str(w.message) for w in caught]
    assert lm129[0].filename == __file__


def test_close_without_a_later_use_does_not_warn(legacy):
    client = legacy(legacy_mongo.MongoClient)
    client.db.c.find_one()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.close()
        client.close()
    assert not [w for w in caught if str(w.message).startswith("LM129")]


def test_with_block_exit_leaves_the_client_usable(legacy):
    client = legacy(legacy_mongo.MongoClient)
    with client as entered:
        entered.db.c.insert_one({"_id": 1})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert client.db.c.count_documents({}) == 1


def test_close_ends_every_request_and_gives_back_the_pinned_sockets(legacy):
    conn = legacy(legacy_mongo.Connection)
    conn.db.c.find_one()
    assert conn.in_request() is True  # Connection: auto_start_request
    assert conn.pinned_sockets()
    conn.close()
    assert conn.pinned_sockets() == []
    assert conn.in_request() is not True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        conn.db.c.insert({"_id": 2})
        assert conn.db.c.find_one({"_id": 2}) == {"_id": 2}
    assert conn.in_request() is True  # auto_start_request again on the new socket


def test_replica_set_client_close_is_final(replica_set):
    """2.8's MongoReplicaSetClient.close(): "No further operations are
    permitted on this client" (it raised InvalidOperation)."""
    client = MongoReplicaSetClient(replica_set.uri, replicaSet=replica_set.set_name,
                                   serverSelectionTimeoutMS=5000)
    client.db.c.find_one()
    client.close()
    with pytest.raises(InvalidOperation):
        client.db.c.find_one()


def test_a_client_dropped_without_close_keeps_its_threads_until_collected(server):
    """2.8's single-server clients ran no thread of their own (2.8.1: no thread
    after MongoClient() and Connection() and a write and a read); each PyMongo 4
    client runs a monitor and a cursor-cleanup thread.  2.x code that drops a
    Connection without close() leaves them running until garbage collection
    collects the client (refusals.DIFFERENCES 'MongoClient / Connection
    without close()')."""
    import gc

    # other tests' closed clients may still be stopping their threads: follow
    # only the threads this client starts
    before = set(_driver_threads(None))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = legacy_mongo.Connection("127.0.0.1", server.port,
                                         serverSelectionTimeoutMS=5000)
        client.db.c.insert({"_id": 1})
    started = [t for t in _driver_threads(None) if t not in before]
    assert len(started) >= 2, started  # monitor, cursor cleanup
    time.sleep(0.2)
    assert all(t.is_alive() for t in started), "nothing stops them but close() or collection"
    del client
    gc.collect()
    assert _wait_until(lambda: not any(t.is_alive() for t in started)), started
