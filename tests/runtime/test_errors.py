"""2.8's exception names, hierarchy and messages (spec §5).

The hierarchy is compared with PyMongo 2.8.1's own, dumped from the oracle
into ``pymongo28_names.json`` (``error_ancestors``): for every pair of 2.8
exception names, "A is a subclass of B" must hold under the activation
exactly when it held in 2.8.  The one documented exception: 2.8's
deprecated ``TimeoutError`` is the same class as ``WTimeoutError`` (its only
subclass; 2.8 never raised it), so ``issubclass(TimeoutError, WTimeoutError)``
is True here.
"""
import json
import os
import ssl
import warnings

import pytest

import legacy_mongo
from legacy_mongo.runtime import activation
from legacy_mongo.runtime import errors as legacy_errors

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pymongo28_names.json")
ALIASED = {
    ("pymongo.errors.TimeoutError", "pymongo.errors.WTimeoutError"),
    # One class under two names in 2.8 as well (gridfs.errors imports it).
    ("gridfs.errors.PyMongoError", "pymongo.errors.PyMongoError"),
    ("pymongo.errors.PyMongoError", "gridfs.errors.PyMongoError"),
}


@pytest.fixture
def installed():
    activation.install()
    yield
    activation.uninstall()


def _resolve(dotted):
    import importlib

    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def test_every_28_error_name_exists_with_28_ancestry(installed):
    with open(FIXTURE) as handle:
        ancestors = json.load(handle)["error_ancestors"]
    names = sorted(ancestors)
    wrong = []
    for name in names:
        cls = _resolve(name)
        for other in names:
            if other == name:
                continue
            expected = other in ancestors[name]
            actual = issubclass(cls, _resolve(other))
            if actual != expected and (name, other) not in ALIASED:
                wrong.append((name, other, expected, actual))
    assert wrong == []


def test_added_names_under_activation(installed):
    import bson.errors
    import gridfs.errors
    import pymongo.errors

    assert pymongo.errors.TimeoutError is pymongo.errors.WTimeoutError
    assert issubclass(pymongo.errors.UnsupportedOption, pymongo.errors.ConfigurationError)
    assert not issubclass(pymongo.errors.ExceededMaxWaiters, pymongo.errors.PyMongoError)
    assert pymongo.errors.CertificateError is ssl.CertificateError
    assert issubclass(pymongo.errors.CertificateError, ValueError)
    for name in ("BSONError", "InvalidBSON", "InvalidStringData", "InvalidId"):
        assert getattr(pymongo.errors, name) is getattr(bson.errors, name)
    assert issubclass(gridfs.errors.UnsupportedAPI, gridfs.errors.GridFSError)
    # DocumentTooLarge is an InvalidDocument, not a PyMongoError (2.8 §5.1).
    assert issubclass(pymongo.errors.DocumentTooLarge, bson.errors.InvalidDocument)
    assert not issubclass(pymongo.errors.DocumentTooLarge, pymongo.errors.PyMongoError)


def test_uninstall_removes_added_error_names(installed):
    import pymongo.errors

    activation.uninstall()
    try:
        for name in ("TimeoutError", "UnsupportedOption", "CertificateError", "InvalidId"):
            assert not hasattr(pymongo.errors, name), name
    finally:
        activation.install()


def test_except_timeout_error_catches_what_28_caught(installed):
    import pymongo.errors

    with pytest.raises(pymongo.errors.TimeoutError):
        raise pymongo.errors.WTimeoutError("waiting for replication timed out", 64, {})
    with pytest.raises(pymongo.errors.OperationFailure):
        raise pymongo.errors.TimeoutError("x")


def test_constructor_defaults_as_28():
    from pymongo.errors import AutoReconnect, BulkWriteError, OperationFailure

    failure = OperationFailure("boom")
    assert (failure.code, failure.details, str(failure), failure.args[0]) == (
        None, None, "boom", "boom")
    assert AutoReconnect().errors == []
    assert AutoReconnect("x", errors={"a": 1}).errors == {"a": 1}
    bulk = BulkWriteError({"writeErrors": []})
    assert (bulk.code, bulk.details) == (65, {"writeErrors": []})
    assert str(bulk).startswith("batch op errors occurred")


def test_legacy_error_has_28_str_and_keeps_code_and_details():
    from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure

    details = {"ok": 0.0, "errmsg": "E11000 duplicate key", "code": 11000}
    modern = DuplicateKeyError("E11000 duplicate key", 11000, details)
    assert "full error" in str(modern)  # what PyMongo 4 does, for contrast
    exc = legacy_errors.legacy_error(DuplicateKeyError, "E11000 duplicate key", 11000, details)
    assert type(exc) is DuplicateKeyError
    assert str(exc) == "E11000 duplicate key"
    assert exc.args == ("E11000 duplicate key",)
    assert (exc.code, exc.details) == (11000, details)
    bulk = legacy_errors.legacy_error(BulkWriteError, "batch op errors occurred", 65,
                                      {"writeErrors": []})
    assert (str(bulk), bulk.code, bulk.details) == ("batch op errors occurred", 65,
                                                    {"writeErrors": []})
    plain = legacy_errors.legacy_error(OperationFailure, "database error: x")
    assert (str(plain), plain.code, plain.details) == ("database error: x", None, None)


# -- command replies map to 2.8's exceptions (spec §5.2) -------------------------------


@pytest.fixture
def db(server):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = legacy_mongo.MongoClient(server.host_string, socketTimeoutMS=5000)
    yield client.errs
    client.close()


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def test_plain_command_failure_message_is_28s(server, db):
    from pymongo.errors import OperationFailure

    server.fail_command("distinct", {"ok": 0, "errmsg": "bad distinct", "code": 123})
    with pytest.raises(OperationFailure) as info:
        quiet(db.command, "distinct", "coll", key="x")
    exc = info.value
    assert type(exc) is OperationFailure
    assert str(exc) == ("command SON([('distinct', 'coll'), ('key', 'x')]) on namespace "
                        "errs.$cmd failed: bad distinct")
    assert exc.code == 123
    assert exc.details["errmsg"] == "bad distinct"


def test_command_codes_map_to_28_classes_without_prefix(server, db):
    from pymongo.errors import DuplicateKeyError, ExecutionTimeout

    server.fail_command("count", {"ok": 0, "errmsg": "operation exceeded time limit",
                                  "code": 50})
    with pytest.raises(ExecutionTimeout) as info:
        quiet(db.command, "count", "coll")
    assert str(info.value) == "operation exceeded time limit"
    assert info.value.code == 50
    server.fail_command("findAndModify", {"ok": 0, "errmsg": "E11000 duplicate key error",
                                          "code": 11000})
    with pytest.raises(DuplicateKeyError) as info:
        quiet(db.command, "findAndModify", "coll", query={}, update={"$set": {"a": 1}})
    assert str(info.value) == "E11000 duplicate key error"
    assert info.value.details["code"] == 11000


def test_not_master_is_autoreconnect(server, db):
    from pymongo.errors import AutoReconnect

    server.fail_command("count", {"ok": 0, "errmsg": "not master", "code": 10107})
    with pytest.raises(AutoReconnect):
        quiet(db.command, "count", "coll")


def test_check_false_and_allowable_errors_return_the_reply(server, db):
    server.fail_command("count", {"ok": 0, "errmsg": "nope", "code": 2})
    reply = quiet(db.command, "count", "coll", check=False)
    assert reply["ok"] == 0 and reply["errmsg"] == "nope"
    server.fail_command("count", {"ok": 0, "errmsg": "ns missing", "code": 26})
    reply = quiet(db.command, "count", "coll", allowable_errors=["ns missing"])
    assert reply["errmsg"] == "ns missing"


# -- "not master" disconnects, quietly (2.8's reset callback) ---------------------------


def _ops_and_ports(server):
    return [(r.client_port, r.op) for r in server.log(app_only=True)]


@pytest.mark.parametrize("op, reply, call", [
    ("update", {"ok": 0, "errmsg": "not master", "code": 10107},
     lambda db: db.coll.update({"_id": 1}, {"$set": {"a": 1}})),
    ("insert", {"ok": 0, "errmsg": "not master", "code": 10107},
     lambda db: db.coll.insert({"_id": 1})),
    ("count", {"ok": 0, "errmsg": "node is recovering", "code": 13436},
     lambda db: db.coll.count()),
    ("count", {"ok": 0, "errmsg": "not master", "code": 10107},
     lambda db: db.command("count", "coll")),
    ("find", {"ok": 0, "errmsg": "not master", "code": 10107},
     lambda db: db.coll.find_one()),
    ("findAndModify", {"ok": 0, "errmsg": "not master", "code": 10107},
     lambda db: db.coll.find_and_modify({}, {"$set": {"a": 1}})),
])
def test_not_master_disconnects_quietly_and_raises_plain_autoreconnect(
        server, db, op, reply, call):
    from pymongo.errors import AutoReconnect

    quiet(db.coll.find_one)  # a socket in the pool
    server.fail_command(op, reply)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(AutoReconnect) as info:
            call(db)
    exc = info.value
    assert type(exc) is AutoReconnect  # 2.8's class, not PyMongo 4's NotPrimaryError
    assert str(exc) == reply["errmsg"]
    assert exc.details is None and exc.errors == []
    assert not [w for w in caught if "LM606" in str(w.message)]
    before = set(server.client_ports())
    quiet(db.coll.find_one)
    last_port = server.log(app_only=True)[-1].client_port
    assert last_port not in before  # the pool was reset: a new socket


def test_disconnect_quietly_does_not_warn_but_disconnect_does(server, db):
    client = db.client
    quiet(db.coll.find_one)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client._legacy_disconnect_quietly()
    assert not [w for w in caught if "LM606" in str(w.message)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.disconnect()
    assert [w for w in caught if "LM606" in str(w.message)]


def test_legacy_write_errors_are_pymongo4_classes_too(server, db, installed):
    """2.8 names catch them (isinstance as in 2.8.1) and PyMongo 4's
    WriteError/WriteConcernError still catch the duplicate key and the
    write-concern timeout raised by the legacy insert()."""
    import pymongo.errors as errors

    coll = db.coll
    quiet(coll.insert, {"_id": 1})
    with pytest.raises(errors.WriteError) as info:
        quiet(coll.insert, {"_id": 1})
    exc = info.value
    assert type(exc) is errors.DuplicateKeyError and "full error" not in str(exc)
    assert isinstance(exc, errors.OperationFailure) and not isinstance(exc, errors.TimeoutError)
    server.fail_command("insert", {"ok": 1, "n": 1, "writeConcernError": {
        "code": 64, "errmsg": "waiting for replication timed out", "errInfo": {"wtimeout": True}}})
    with pytest.raises(errors.WriteConcernError) as info:
        quiet(coll.insert, {"_id": 2})
    exc = info.value
    assert type(exc) is errors.WTimeoutError
    assert isinstance(exc, errors.TimeoutError) and isinstance(exc, errors.OperationFailure)
    assert str(exc) == "waiting for replication timed out"
