"""A replica set without a primary (an election under way, a lost majority).

2.8 answered from the state it had: MongoReplicaSetClient constructed (it
needed some member), its writes and primary reads raised AutoReconnect at once
("No primary available") while secondary reads went on, and MongoClient's
constructor raised ConnectionFailure at once.  PyMongo 4 waits
serverSelectionTimeoutMS (the shim's 20 s) for an election every time; the
shim checks each member once more instead (a fresh check is at most PyMongo's
0.5 s minimum heartbeat away) and then raises.  The waits asserted below are
far under the timeout given, so a client that waits for it fails them.
"""
import sys
import time
import warnings

import pytest
from pymongo import ReadPreference
from pymongo.errors import AutoReconnect, ConnectionFailure

import legacy_mongo
from tests.runtime.support import run_probe
from tests.server import ReplicaSetServers

TIMEOUT_MS = 30000
FAST = 10.0  # seconds: a third of the timeout


@pytest.fixture
def headless_set():
    with ReplicaSetServers(members=3, set_name="rs") as rs:
        rs.elect(None)
        yield rs


def _timed(fn):
    start = time.monotonic()
    try:
        return fn(), time.monotonic() - start
    except Exception as exc:  # the caller asserts on the class
        return exc, time.monotonic() - start


@pytest.fixture
def quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def test_replica_set_client_constructs_and_its_writes_fail_at_once(headless_set, quiet):
    client, elapsed = _timed(lambda: legacy_mongo.MongoReplicaSetClient(
        headless_set.uri, replicaSet="rs", serverSelectionTimeoutMS=TIMEOUT_MS))
    assert isinstance(client, legacy_mongo.MongoReplicaSetClient) and elapsed < FAST
    try:
        error, elapsed = _timed(lambda: client.db.c.insert({"a": 1}))
        assert isinstance(error, AutoReconnect) and elapsed < FAST, (error, elapsed)
        error, elapsed = _timed(lambda: client.db.c.find_one())
        assert isinstance(error, AutoReconnect) and elapsed < FAST, (error, elapsed)
        found, elapsed = _timed(lambda: client.db.c.find_one(
            read_preference=ReadPreference.SECONDARY))
        assert found is None and elapsed < FAST
        headless_set.elect(0)  # an election: writes go through again
        deadline = time.monotonic() + FAST
        while True:
            result, _ = _timed(lambda: client.db.c.insert({"a": 2}))
            if not isinstance(result, AutoReconnect) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert not isinstance(result, Exception), result
        assert client.db.c.find_one({"a": 2}) is not None
    finally:
        client.close()


def test_mongo_client_constructor_fails_at_once_without_a_primary(headless_set, quiet):
    error, elapsed = _timed(lambda: legacy_mongo.MongoClient(
        headless_set.uri, replicaSet="rs", serverSelectionTimeoutMS=TIMEOUT_MS))
    assert isinstance(error, ConnectionFailure) and elapsed < FAST, (error, elapsed)


_PROBE = r'''
import json, sys, warnings
warnings.simplefilter("ignore")
import pymongo
out = {}
try:
    c = pymongo.MongoReplicaSetClient(sys.argv[1], replicaSet="rs")
    out["rs construct"] = "ok"
    for label, fn in (("rs insert", lambda: c.db.c.insert({"a": 1})),
                      ("rs find_one", lambda: c.db.c.find_one()),
                      ("rs secondary read", lambda: c.db.c.find_one(
                          read_preference=pymongo.ReadPreference.SECONDARY))):
        try:
            out[label] = repr(fn())
        except pymongo.errors.AutoReconnect:
            out[label] = "AutoReconnect"
except Exception as exc:
    out["rs construct"] = type(exc).__name__
try:
    pymongo.MongoClient(sys.argv[1], replicaSet="rs")
    out["client construct"] = "ok"
except pymongo.errors.ConnectionFailure:
    out["client construct"] = "ConnectionFailure"
print(json.dumps(out, sort_keys=True))
'''


def _probe(tmp_path, python, hosts, *prefix):
    return run_probe(tmp_path, python, _PROBE, hosts, *prefix)


def test_the_outcomes_are_pymongo_281s(oracle_python, tmp_path):
    with ReplicaSetServers(members=3, set_name="rs", max_wire_version=3) as rs:
        rs.elect(None)
        oracle = _probe(tmp_path, oracle_python, ",".join(m.host_string for m in rs.members))
    with ReplicaSetServers(members=3, set_name="rs") as rs:
        rs.elect(None)
        shim = _probe(tmp_path, sys.executable, ",".join(m.host_string for m in rs.members),
                      "-m", "legacy_mongo", "run")
    assert oracle == {"client construct": "ConnectionFailure", "rs construct": "ok",
                      "rs find_one": "AutoReconnect", "rs insert": "AutoReconnect",
                      "rs secondary read": "None"}
    assert shim == oracle
