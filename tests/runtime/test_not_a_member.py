"""A seed that is not a member of the replica set named by replicaSet.

2.8 asked each seed for its set name and raised
ConfigurationError("h:p is not a member of replica set NAME") at once when it
answered as a standalone, a mongos or another set's member (MongoClient,
Connection and MongoReplicaSetClient alike, in the constructor or, lazily, at
the first operation).  PyMongo 4 drops such a seed and waits
serverSelectionTimeoutMS for the set to show up, then raises
ServerSelectionTimeoutError (a ConnectionFailure); a shim that did so took 40 s
here and raised the wrong class.  mongodb-gridfs-beaker's suite (a Beaker
backend given ``replicaSet=test`` against a standalone) showed it.
"""
import sys
import time
import warnings

import pytest
from pymongo.errors import ConfigurationError

import legacy_mongo
from tests.runtime.support import run_probe
from tests.server import ReplicaSetServers, TestServer

TIMEOUT_MS = 30000
FAST = 10.0  # seconds: a third of the timeout


@pytest.fixture
def quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.fixture
def standalone():
    with TestServer() as server:
        yield server


def _timed(fn):
    start = time.monotonic()
    try:
        return fn(), time.monotonic() - start
    except Exception as exc:  # the caller asserts on the class
        return exc, time.monotonic() - start


def _assert_not_a_member(error, elapsed, host_string, name="test"):
    assert isinstance(error, ConfigurationError), error
    assert str(error) == "%s is not a member of replica set %s" % (host_string, name)
    assert elapsed < FAST, elapsed


@pytest.mark.parametrize("make", [
    lambda uri: legacy_mongo.MongoClient(uri, replicaSet="test",
                                         serverSelectionTimeoutMS=TIMEOUT_MS),
    lambda uri: legacy_mongo.Connection(uri, replicaset="test", slaveok=False,
                                        serverSelectionTimeoutMS=TIMEOUT_MS),
    lambda uri: legacy_mongo.MongoReplicaSetClient(uri, replicaSet="test",
                                                   serverSelectionTimeoutMS=TIMEOUT_MS),
    lambda uri: legacy_mongo.MongoClient(uri + "/?replicaSet=test",
                                         serverSelectionTimeoutMS=TIMEOUT_MS),
], ids=["MongoClient", "Connection", "MongoReplicaSetClient", "URI option"])
def test_a_standalone_seed_is_refused_in_the_constructor(standalone, quiet, make):
    error, elapsed = _timed(lambda: make("mongodb://" + standalone.host_string))
    _assert_not_a_member(error, elapsed, standalone.host_string)


def test_a_lazy_client_refuses_it_at_the_first_operation(standalone, quiet):
    client = legacy_mongo.MongoClient(standalone.host_string, replicaSet="test",
                                      connect=False, serverSelectionTimeoutMS=TIMEOUT_MS)
    try:
        error, elapsed = _timed(lambda: client.db.c.find_one())
        _assert_not_a_member(error, elapsed, standalone.host_string)
        error, elapsed = _timed(lambda: client.db.c.insert({"a": 1}))
        _assert_not_a_member(error, elapsed, standalone.host_string)
    finally:
        client.close()


def test_another_sets_member_is_refused(quiet):
    with ReplicaSetServers(members=1, set_name="other") as rs:
        host = rs.members[0].host_string
        error, elapsed = _timed(lambda: legacy_mongo.MongoClient(
            host, replicaSet="test", serverSelectionTimeoutMS=TIMEOUT_MS))
        _assert_not_a_member(error, elapsed, host)


def test_the_sets_own_member_connects(quiet):
    # the trap: a seed whose set name matches is no reason to refuse
    with ReplicaSetServers(members=1, set_name="test") as rs:
        client = legacy_mongo.MongoClient(rs.members[0].host_string, replicaSet="test",
                                          serverSelectionTimeoutMS=TIMEOUT_MS)
        try:
            client.db.c.insert({"a": 1})
            assert client.db.c.find_one()["a"] == 1
        finally:
            client.close()


_PROBE = r'''
import json, sys, warnings
warnings.simplefilter("ignore")
import pymongo
out = {}
for label, fn in (
        ("MongoClient", lambda: pymongo.MongoClient(sys.argv[1], replicaSet="test")),
        ("Connection", lambda: pymongo.Connection(sys.argv[1], replicaset="test")),
        ("MongoReplicaSetClient",
         lambda: pymongo.MongoReplicaSetClient(sys.argv[1], replicaSet="test")),
        ("lazy find_one", lambda: pymongo.MongoClient(
            sys.argv[1], replicaSet="test", _connect=False).db.c.find_one())):
    try:
        fn()
        out[label] = "ok"
    except Exception as exc:
        out[label] = "%s: %s" % (type(exc).__name__, exc)
print(json.dumps(out, sort_keys=True))
'''


def _probe(tmp_path, python, host, *prefix):
    return run_probe(tmp_path, python, _PROBE, host, *prefix)


def test_the_outcomes_are_pymongo_281s(oracle_python, tmp_path):
    with TestServer(max_wire_version=3) as server:
        oracle = _probe(tmp_path, oracle_python, server.host_string)
        expected = "ConfigurationError: %s is not a member of replica set test" % (
            server.host_string)
        assert oracle == {label: expected for label in (
            "MongoClient", "Connection", "MongoReplicaSetClient", "lazy find_one")}
    with TestServer() as server:
        shim = _probe(tmp_path, sys.executable, server.host_string, "-m", "legacy_mongo", "run")
        expected = "ConfigurationError: %s is not a member of replica set test" % (
            server.host_string)
        assert shim == {label: expected for label in oracle}


def test_an_operation_waits_one_selection_timeout_not_three(quiet):
    """A seed that accepts connections and never answers stays unknown: the
    shim's fail-fast waits (every seed checked once, then a matching member)
    run to the deadline, and PyMongo's own selection loop must get what is
    left of the timeout, not a fresh one each (3 s here before it did)."""
    import socket
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    host = "127.0.0.1:%d" % listener.getsockname()[1]
    client = legacy_mongo.MongoClient(host, replicaSet="test", connect=False,
                                      serverSelectionTimeoutMS=1000, connectTimeoutMS=20000)
    try:
        error, elapsed = _timed(lambda: client.db.c.find_one())
        assert not isinstance(error, ConfigurationError) and isinstance(error, Exception)
        assert 0.9 < elapsed < 2.0, elapsed
    finally:
        client.close()
        listener.close()
