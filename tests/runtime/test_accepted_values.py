"""What PyMongo 2.8 accepted, the shim accepts.

Every expectation here comes from the PyMongo 2.8.1 oracle: the same option
values are replayed through 2.8.1's constructors (and its
``pymongo.common`` validators) in the oracle virtualenv, and whatever 2.8.1
accepted must construct under the shim too.  Real 2.x-era code passes values
2.8 took without complaint even when they meant little (mongoengine 0.9
connects with ``read_preference=False``); refusing them breaks the program
at its first line.
"""
import json
import os
import subprocess
import sys
import warnings

import pytest
from pymongo.errors import ConfigurationError

import legacy_mongo

# Values replayed for every option: literals both interpreters can build.
VALUES = [
    "True", "False", "None", "0", "1", "2", "4", "5", "-1", "0.0", "1.5", "2.0",
    "'true'", "'false'", "'True'", "'0'", "'1'", "'100'", "'abc'", "''",
    "'primary'", "'secondaryPreferred'", "'SECONDARY'", "[{}]", "[{'dc': 'ny'}]", "{}",
]

# 2.8.1's keyword options (pymongo/common.py VALIDATORS, as the constructor
# spells them) and the MongoClient parameters of its signature.  The ssl_*
# file options are left out: 2.8 opened the file while validating.
OPTIONS = [
    "replicaSet", "slaveOk", "slave_okay", "safe", "w", "wtimeout", "wtimeoutMS",
    "fsync", "j", "journal", "connectTimeoutMS", "socketTimeoutMS",
    "waitQueueTimeoutMS", "waitQueueMultiple", "ssl", "ssl_cert_reqs",
    "read_preference", "readPreference", "tag_sets", "readPreferenceTags",
    "secondary_acceptable_latency_ms", "secondaryAcceptableLatencyMS",
    "auto_start_request", "use_greenlets", "authSource", "socketKeepAlive",
    "uuidRepresentation", "max_pool_size", "tz_aware",
]

# Values 2.8.1 accepted that the shim refuses on purpose, each with its reason.
DECIDED_REFUSALS = {
    # 2.8 hung every operation with an empty pool; the shim says so at once.
    ("max_pool_size", "0"): "max_pool_size=0 blocked forever in 2.8",
    ("max_pool_size", "'0'"): "max_pool_size=0 blocked forever in 2.8",
    ("max_pool_size", "False"): "max_pool_size=0 blocked forever in 2.8",
    # Requests per greenlet cannot be kept apart from requests per thread
    # without gevent's threading patch; the refusal names the fix.
    ("use_greenlets", "True"): "PyMongo 4 keys no state by greenlet",
    ("use_greenlets", "'true'"): "PyMongo 4 keys no state by greenlet",
}

# URI options as 2.8.1's uri_parser knew them, with string values (a URI
# carries nothing else).
URI_OPTIONS = [
    "replicaSet", "slaveOk", "safe", "w", "wtimeout", "wtimeoutMS", "fsync", "j", "journal",
    "connectTimeoutMS", "socketTimeoutMS", "waitQueueTimeoutMS", "waitQueueMultiple", "ssl",
    "readPreference", "readPreferenceTags", "secondaryAcceptableLatencyMS",
    "auto_start_request", "authSource", "socketKeepAlive", "uuidRepresentation",
]
URI_VALUES = ["true", "false", "0", "1", "2", "100", "-1", "1.5", "abc", "", "primary",
              "secondaryPreferred", "SECONDARY", "dc:ny", "standard", "majority"]

# Assignable 2.8 attributes of client, Database and Collection (BaseObject's
# setters, pymongo/common.py).
SETTERS = ["read_preference", "tag_sets", "slave_okay", "safe", "uuid_subtype",
           "write_concern", "document_class", "tz_aware", "secondary_acceptable_latency_ms"]
SETTER_VALUES = ["True", "False", "0", "2", "2.0", "5", "'true'", "'secondary'",
                 "'secondaryPreferred'", "None", "[{}]", "[{'dc': 'ny'}]", "{}",
                 "{'w': 2}", "{'w': True}", "{'wtimeout': '100'}", "3", "4", "dict", "15"]

# Attribute values 2.8.1 accepted that the shim refuses on purpose, with reasons.
DECIDED_SETTER_REFUSALS = {
    # PyMongo 4 fixes the latency window per client (localThresholdMS) when
    # it is built; the error names the constructor option.
    "secondary_acceptable_latency_ms": "PyMongo 4: localThresholdMS= at construction only",
}


def _decided_setter_refusal(attr, text):
    if attr in DECIDED_SETTER_REFUSALS:
        return True
    # 2.8 stored any document_class and failed at the next decoded document;
    # the shim refuses a value that is not a mapping class at once.
    return attr == "document_class" and text != "dict"


_ORACLE = r'''
import json, sys, warnings
warnings.simplefilter("ignore")
import pymongo
from pymongo import common
host, port = sys.argv[1], int(sys.argv[2])
out = {}
extra = json.loads(sys.argv[4])
for option, text in extra["uri"]:
    uri = "mongodb://%s:%d/?%s=%s" % (host, port, option, text)
    try:
        pymongo.MongoClient(uri, _connect=False)
        result = "ok"
    except Exception as exc:
        result = type(exc).__name__
    out["uri|%s|%s" % (option, text)] = result
client = pymongo.MongoClient(host, port, _connect=False)
for attr, text in extra["setters"]:
    for kind in ("client", "database", "collection"):
        obj = {"client": client, "database": client.db,
               "collection": client.db.coll}[kind]
        try:
            setattr(obj, attr, eval(text))
            result = "ok"
        except Exception as exc:
            result = type(exc).__name__
        out["set|%s|%s|%s" % (kind, attr, text)] = result
for option, text in json.loads(sys.stdin.read()):
    value = eval(text)
    for cls in ("MongoClient", "Connection"):
        kwargs = {"max_pool_size": value} if option == "max_pool_size" else (
            {"tz_aware": value} if option == "tz_aware" else {option: value})
        try:
            getattr(pymongo, cls)(host, port, _connect=False, **kwargs)
            result = "ok"
        except Exception as exc:
            result = type(exc).__name__
        out["%s|%s|%s" % (cls, option, text)] = result
for text in json.loads(sys.argv[3]):
    try:
        common.validate_read_preference("read_preference", eval(text))
        result = "ok"
    except Exception as exc:
        result = type(exc).__name__
    out["validate_read_preference|%s" % text] = result
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def oracle_results(tmp_path_factory):
    from tests.conftest import ORACLE_PYTHON as oracle_python
    from tests.server import TestServer

    if not os.path.exists(oracle_python):
        pytest.skip("PyMongo 2.8.1 oracle not built: run `make oracle`")
    script = tmp_path_factory.mktemp("oracle") / "accepted.py"
    script.write_text(_ORACLE)
    cases = [[option, text] for option in OPTIONS for text in VALUES]
    with TestServer(max_wire_version=3) as server:
        extra = {"uri": [[o, v] for o in URI_OPTIONS for v in URI_VALUES],
                 "setters": [[a, v] for a in SETTERS for v in SETTER_VALUES]}
        run = subprocess.run(
            [oracle_python, str(script), server.address[0], str(server.port), json.dumps(VALUES),
             json.dumps(extra)],
            input=json.dumps(cases), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def _shim_outcome(cls, option, value, server):
    kwargs = {option: value}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            client = getattr(legacy_mongo, cls)(server.address[0], server.port,
                                                _connect=False, **kwargs)
        except Exception as exc:
            return type(exc).__name__
    client.close()
    return "ok"


@pytest.mark.parametrize("cls", ["MongoClient", "Connection"])
def test_every_value_pymongo_281_accepted_constructs(cls, oracle_results, server,
                                                      quiet_legacy_warnings):
    refused = []
    for option in OPTIONS:
        for text in VALUES:
            if oracle_results["%s|%s|%s" % (cls, option, text)] != "ok":
                continue
            if (option, text) in DECIDED_REFUSALS:
                continue
            outcome = _shim_outcome(cls, option, eval(text), server)
            if outcome != "ok":
                refused.append("%s(%s=%s): %s" % (cls, option, text, outcome))
    assert not refused, "2.8.1 accepted, the shim refused:\n" + "\n".join(refused)


def test_every_uri_option_value_pymongo_281_accepted_constructs(oracle_results, server,
                                                                quiet_legacy_warnings):
    refused = []
    for option in URI_OPTIONS:
        for text in URI_VALUES:
            if oracle_results["uri|%s|%s" % (option, text)] != "ok":
                continue
            uri = "mongodb://%s:%d/?%s=%s" % (server.address[0], server.port, option, text)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    legacy_mongo.MongoClient(uri, _connect=False).close()
                except Exception as exc:
                    refused.append("?%s=%s: %s %s" % (option, text, type(exc).__name__, exc))
    assert not refused, "2.8.1 accepted, the shim refused:\n" + "\n".join(refused)


def test_every_attribute_value_pymongo_281_accepted_can_be_set(oracle_results, server,
                                                               quiet_legacy_warnings):
    refused = []
    client = legacy_mongo.MongoClient(server.address[0], server.port, _connect=False)
    try:
        for attr in SETTERS:
            for text in SETTER_VALUES:
                for kind in ("client", "database", "collection"):
                    if oracle_results["set|%s|%s|%s" % (kind, attr, text)] != "ok":
                        continue
                    if _decided_setter_refusal(attr, text):
                        continue
                    obj = {"client": client, "database": client.db,
                           "collection": client.db.coll}[kind]
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        try:
                            setattr(obj, attr, eval(text))
                        except Exception as exc:
                            refused.append("%s.%s = %s: %s %s" % (
                                kind, attr, text, type(exc).__name__, exc))
    finally:
        client.close()
    assert not refused, "2.8.1 accepted, the shim refused:\n" + "\n".join(refused)


def test_decided_refusals_are_still_accepted_by_pymongo_281(oracle_results, server):
    # An entry whose case 2.8.1 refused too is stale: the list must only
    # hold real differences.
    for option, text in DECIDED_REFUSALS:
        assert oracle_results["MongoClient|%s|%s" % (option, text)] == "ok", (option, text)
        outcome = _shim_outcome("MongoClient", option, eval(text), server)
        assert outcome == "ConfigurationError", (option, text, outcome)


def test_read_preference_false_is_primary(server, quiet_legacy_warnings):
    # 2.8.1: validate_read_preference returns False (``False in modes``),
    # which compares equal to ReadPreference.PRIMARY (0).
    client = legacy_mongo.MongoClient(server.address[0], server.port, read_preference=False)
    try:
        assert client.read_preference == 0
        assert client.db.coll.read_preference == 0
        assert client.db.coll.find_one() is None
    finally:
        client.close()


def test_pymongo_common_validate_read_preference_matches_281(oracle_results):
    import pymongo.common

    legacy_mongo.install()
    try:
        for text in VALUES:
            expected = oracle_results["validate_read_preference|%s" % text]
            try:
                pymongo.common.validate_read_preference("read_preference", eval(text))
                got = "ok"
            except Exception as exc:
                got = type(exc).__name__
            assert got == expected, (text, got, expected)
    finally:
        legacy_mongo.uninstall()
    # PyMongo 4's own validator is back: its callers rely on its TypeError.
    with pytest.raises(TypeError):
        pymongo.common.validate_read_preference("read_preference", 2)


def test_validate_read_preference_returns_modern_modes_unchanged():
    # PyMongo 4's topology code calls pymongo.common.validate_read_preference
    # with its own mode objects; under install() it must still pass them.
    import pymongo.common
    from pymongo.read_preferences import Secondary

    mode = Secondary()
    legacy_mongo.install()
    try:
        assert pymongo.common.validate_read_preference("x", mode) is mode
        with pytest.raises(ConfigurationError):
            pymongo.common.validate_read_preference("x", 7)
    finally:
        legacy_mongo.uninstall()


_PER_CALL_SCRIPT = r'''
import sys, warnings
warnings.simplefilter("ignore")
import pymongo
coll = pymongo.MongoClient(sys.argv[1], int(sys.argv[2])).db.per_call
coll.insert({"a": 1}, write_concern={})
coll.update({"a": 1}, {"$set": {"b": 1}}, write_concern={})
coll.save({"a": 2}, write_concern={})
coll.remove({"a": 1}, write_concern={})
coll.remove({"a": 2}, write_concern={"w": 0})
coll.insert({"a": 3}, write_concern={"w": 1}, w=0)
print(coll.count())
'''


def _write_acknowledgements(server):
    import time

    time.sleep(0.2)  # a trailing unacknowledged write may still be in flight
    return [(r.op, r.acknowledged) for r in server.log(app_only=True)
            if r.op in ("insert", "update", "delete")]


def test_per_call_write_concern_keyword_is_sent_as_in_281(tmp_path, quiet_legacy_warnings):
    """mongoengine 0.9 passes ``write_concern={}`` to every write: 2.8.1
    treated it as an unknown per-call option (the write is acknowledged,
    ``write_concern={'w': 0}`` too, since its key is not ``w``)."""
    from tests.conftest import ORACLE_PYTHON
    from tests.server import TestServer

    if not os.path.exists(ORACLE_PYTHON):
        pytest.skip("PyMongo 2.8.1 oracle not built")
    script = tmp_path / "per_call.py"
    script.write_text(_PER_CALL_SCRIPT)
    with TestServer(max_wire_version=3) as server:
        run = subprocess.run([ORACLE_PYTHON, str(script), server.address[0], str(server.port)],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        expected = _write_acknowledgements(server)
        expected_stdout = run.stdout
    assert [ack for _, ack in expected] == [True, True, True, True, True, False]
    with TestServer(max_wire_version=21) as server:
        run = subprocess.run([sys.executable, "-m", "legacy_mongo", "run", str(script),
                              server.address[0], str(server.port)],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        assert _write_acknowledgements(server) == expected
        for record in server.log(app_only=True):
            assert "write_concern" not in (record.write_concern or {})
    assert run.stdout == expected_stdout


def test_ignored_per_call_option_is_named_in_a_visible_warning(server):
    client = legacy_mongo.MongoClient(server.address[0], server.port)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            client.db.coll.remove({}, write_concern={})
        user = [w for w in caught if w.category is UserWarning]
        assert len(user) == 1 and "write_concern={} ignored" in str(user[0].message)
        assert user[0].filename == __file__
    finally:
        client.close()
