"""Write concern on a real server (spec §2.5-§2.8): what Connection() and
MongoClient() do by default, per-call options, server-judged combinations
and the legacy result dicts of update/remove."""
import bson
import pytest
from pymongo.errors import DuplicateKeyError, OperationFailure, WTimeoutError

from tests.integration.support import require_replica_set, require_version


def test_connection_default_is_unacknowledged(connection, db_name):
    coll = connection[db_name].wc
    assert connection.safe is False
    assert coll.insert({"_id": 1, "x": "first"}) == 1
    # Same _id again: unacknowledged, so no error and the id is returned.
    assert coll.insert({"_id": 1, "x": "second"}) == 1
    # Same thread, same (auto_start_request) socket: the read follows the writes.
    assert coll.find_one({"_id": 1}) == {"_id": 1, "x": "first"}
    assert coll.count() == 1


def test_mongo_client_default_is_acknowledged(mongo_client, db_name):
    coll = mongo_client[db_name].wc
    assert mongo_client.safe is True
    assert coll.insert({"_id": 1, "x": "first"}) == 1
    with pytest.raises(DuplicateKeyError) as info:
        coll.insert({"_id": 1, "x": "second"})
    assert isinstance(info.value, OperationFailure)
    assert info.value.code == 11000
    assert info.value.details["code"] == 11000
    assert "E11000" in str(info.value)
    assert coll.find_one({"_id": 1}) == {"_id": 1, "x": "first"}


def test_mongo_client_w0_is_unacknowledged(legacy, db_name):
    coll = legacy("MongoClient", w=0)[db_name].wc
    assert coll.safe is False
    # Acknowledged first, so that the duplicates below cannot overtake it
    # (no request: an unacknowledged write may go out on another socket).
    assert coll.insert({"_id": 1}, w=1) == 1
    assert coll.insert({"_id": 1}) == 1
    assert coll.insert({"_id": 1}, safe=False) == 1
    assert coll.insert({"_id": 1}, w=0) == 1
    with pytest.raises(DuplicateKeyError):
        coll.insert({"_id": 1}, safe=True)  # w=0 object: ack with no options
    with pytest.raises(DuplicateKeyError):
        coll.insert({"_id": 1}, w=1)


@pytest.mark.parametrize("per_call", [
    pytest.param({"w": 1}, id="w=1"),
    pytest.param({"safe": True}, id="safe=True"),
    pytest.param({"j": True}, id="j=True"),
    pytest.param({"safe": False, "w": 1}, id="safe=False,w=1"),
])
def test_per_call_options_acknowledge_on_connection(connection, db_name, per_call):
    coll = connection[db_name].wc
    assert coll.insert({"_id": 1}, **per_call) == 1
    assert coll.find_one({"_id": 1}) == {"_id": 1}
    with pytest.raises(DuplicateKeyError):
        coll.insert({"_id": 1}, **per_call)
    # save/update/remove accept the same per-call options and answer.
    assert coll.save({"_id": 1, "y": 2}, **per_call) == 1
    result = coll.update({"_id": 1}, {"$set": {"y": 3}}, **per_call)
    assert result["n"] == 1 and result["updatedExisting"] is True
    assert coll.remove({"_id": 1}, **per_call)["n"] == 1


def test_per_call_safe_false_on_mongo_client_is_unacknowledged(mongo_client, db_name):
    coll = mongo_client[db_name].wc
    coll.insert({"_id": 1})
    assert coll.insert({"_id": 1}, safe=False) == 1
    assert coll.insert({"_id": 1}, w=0) == 1
    assert coll.update({"_id": 1}, {"$set": {"a": 1}}, w=0) is None
    assert coll.remove({"_id": 2}, safe=False) is None


def test_j_with_fsync_is_rejected_by_the_server(connection, db_name):
    coll = connection[db_name].wc
    with pytest.raises(OperationFailure) as info:
        coll.insert({"_id": 1}, j=True, fsync=True)
    assert not isinstance(info.value, DuplicateKeyError)
    assert "fsync and j options cannot be used together" in str(info.value)


def test_j_with_fsync_from_the_client_options(legacy, db_name):
    coll = legacy("MongoClient", w=1, fsync=True, j=True)[db_name].wc
    with pytest.raises(OperationFailure) as info:
        coll.insert({"_id": 1})
    assert "fsync and j options cannot be used together" in str(info.value)


def test_w_larger_than_the_replica_set(mongo_client, db_name, server):
    require_replica_set(server)
    coll = mongo_client[db_name].wc
    w = server.data_members + 1
    with pytest.raises(OperationFailure) as info:
        coll.insert({"_id": 1}, w=w, wtimeout=1000)
    exc = info.value
    # 2.8 against servers of its era: WTimeoutError after wtimeout; newer
    # servers refuse at once with UnsatisfiableWriteConcern (code 100), which
    # the shim raises as 2.8 raised any other write-concern error.
    assert isinstance(exc, WTimeoutError) or exc.code == 100, (type(exc), exc.code, exc)
    assert exc.details.get("code") == exc.code


def test_wtimeout_write_concern_error_is_wtimeout_error(legacy, plain_client, db_name, server):
    """A genuine replication timeout, injected with the failCommand fail
    point (needs --setParameter enableTestCommands=1; skipped otherwise).
    The fail point is limited to this test's appName and to one insert."""
    require_replica_set(server)
    require_version(server, minimum=(4, 4), why=" (failCommand appName filter)")
    app = "lm-wtimeout-" + db_name[-12:]
    client = legacy("MongoClient", appname=app)
    try:
        plain_client.admin.command({
            "configureFailPoint": "failCommand",
            "mode": {"times": 1},
            "data": {
                "failCommands": ["insert"],
                "appName": app,
                "writeConcernError": {
                    "code": 64, "codeName": "WriteConcernFailed",
                    "errmsg": "waiting for replication timed out",
                    "errInfo": {"wtimeout": True},
                },
            },
        })
    except OperationFailure as exc:
        pytest.skip("failCommand fail point unavailable (enableTestCommands off?): %s" % exc)
    try:
        coll = client[db_name].wc
        with pytest.raises(WTimeoutError) as info:
            coll.insert({"_id": 1}, w=1, wtimeout=1000)
        assert isinstance(info.value, OperationFailure)
        assert info.value.code == 64
        assert str(info.value) == "waiting for replication timed out"
        assert info.value.details["errInfo"] == {"wtimeout": True}
    finally:
        plain_client.admin.command({"configureFailPoint": "failCommand", "mode": "off"})


def test_update_result_dicts(mongo_client, db_name):
    coll = mongo_client[db_name].wc
    coll.insert([{"_id": 1, "x": 1}, {"_id": 2, "x": 1}, {"_id": 3, "x": 2}])

    result = coll.update({"x": 1}, {"$set": {"y": 1}}, multi=True)
    assert result["ok"] == 1.0
    assert result["n"] == 2
    assert result["nModified"] == 2
    assert result["updatedExisting"] is True
    assert "upserted" not in result

    # Matched but unchanged: n counts it, nModified does not.
    result = coll.update({"_id": 1}, {"$set": {"y": 1}})
    assert (result["n"], result["nModified"], result["updatedExisting"]) == (1, 0, True)

    # multi=False touches one document.
    result = coll.update({"x": 1}, {"$set": {"z": 1}})
    assert (result["n"], result["nModified"]) == (1, 1)

    # Upsert with a server-generated id: the bare ObjectId, not a list.
    result = coll.update({"x": 99}, {"$set": {"y": 2}}, upsert=True)
    assert (result["n"], result["nModified"], result["updatedExisting"]) == (1, 0, False)
    assert isinstance(result["upserted"], bson.ObjectId)
    assert coll.find_one({"x": 99})["_id"] == result["upserted"]

    # Upsert with the _id in the spec.
    result = coll.update({"_id": "u1"}, {"$set": {"y": 3}}, upsert=True)
    assert result["upserted"] == "u1"
    assert result["updatedExisting"] is False

    # No match, no upsert.
    result = coll.update({"x": 1000}, {"$set": {"y": 4}})
    assert (result["n"], result["nModified"], result["updatedExisting"]) == (0, 0, False)

    # Replacement document.
    result = coll.update({"_id": 3}, {"only": True})
    assert (result["n"], result["nModified"], result["updatedExisting"]) == (1, 1, True)
    assert coll.find_one({"_id": 3}) == {"_id": 3, "only": True}


def test_multi_replacement_is_refused(mongo_client, db_name):
    coll = mongo_client[db_name].wc
    coll.insert({"_id": 1})
    with pytest.raises(OperationFailure) as info:
        coll.update({}, {"replacement": 1}, multi=True)
    assert "multi update only works with $ operators" in str(info.value)


def test_remove_result_dicts(mongo_client, db_name):
    coll = mongo_client[db_name].wc
    coll.insert([{"_id": i, "x": i % 2} for i in range(5)])
    result = coll.remove({"x": 1})
    assert result["n"] == 2 and result["ok"] == 1.0
    assert coll.remove({"x": 1})["n"] == 0
    assert coll.remove(0)["n"] == 1  # a bare id
    result = coll.remove({"x": 0}, multi=False)
    assert result["n"] == 1
    assert coll.count() == 1
    assert coll.remove()["n"] == 1
    assert coll.count() == 0


def test_unacknowledged_update_and_remove_return_none(connection, db_name):
    coll = connection[db_name].wc
    coll.insert([{"_id": 1}, {"_id": 2}])
    assert coll.update({"_id": 1}, {"$set": {"a": 1}}) is None
    assert coll.remove({"_id": 2}) is None
    assert list(coll.find()) == [{"_id": 1, "a": 1}]


def test_child_write_concern_snapshot(legacy, db_name):
    """spec §2.3: Connection() with j set on the client stays unacknowledged
    itself but its databases are acknowledged with {'j': True}."""
    client = legacy("Connection")
    client.write_concern["j"] = True
    assert client.safe is False
    coll = client[db_name].wc
    assert coll.safe is True
    coll.insert({"_id": 1})
    with pytest.raises(DuplicateKeyError):
        coll.insert({"_id": 1})
