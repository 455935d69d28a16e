"""Database and client admin methods against a real server (spec §4.3,
§4.4; refusals.py for eval, error()/last_status(), copy_database)."""
import os
import time

import pytest
from bson.code import Code
from pymongo.errors import (ConfigurationError, DuplicateKeyError, InvalidOperation,
                            OperationFailure, PyMongoError)

from legacy_mongo.runtime import outcomes
from tests.integration.conftest import ADMIN_ENV
from tests.integration.support import require_not_mongos, skip_if_unauthorized


@pytest.fixture
def db(mongo_client, db_name):
    return mongo_client[db_name]


def test_collection_names(db):
    db.a.insert({"_id": 1})
    db.b.insert({"_id": 1})
    assert sorted(db.collection_names()) == ["a", "b"]
    assert sorted(db.collection_names(include_system_collections=False)) == ["a", "b"]
    try:
        db.system_js.lm_probe = "function () { return 1; }"
    except OperationFailure as exc:
        pytest.skip("cannot write system.js here: %s" % exc)
    assert "system.js" in db.collection_names()
    assert "system.js" not in db.collection_names(False)
    assert db.system_js.list() == ["lm_probe"]


def test_database_names_and_drop_database(mongo_client, db_name, second_db_name):
    mongo_client[db_name].c.insert({"_id": 1})
    mongo_client[second_db_name].c.insert({"_id": 1})
    names = mongo_client.database_names()
    assert db_name in names and second_db_name in names
    assert mongo_client.drop_database(db_name) is None  # 2.8 returned None
    mongo_client.drop_database(mongo_client[second_db_name])  # a Database works too
    names = mongo_client.database_names()
    assert db_name not in names and second_db_name not in names
    with pytest.raises(TypeError):
        mongo_client.drop_database(5)


def test_drop_database_purges_the_index_cache(mongo_client, db_name):
    coll = mongo_client[db_name].c
    assert coll.ensure_index("x") == "x_1"
    mongo_client.drop_database(db_name)
    assert coll.ensure_index("x") == "x_1"
    assert "x_1" in coll.index_information()


def test_current_op_shape(db):
    try:
        reply = db.current_op()
    except OperationFailure as exc:
        skip_if_unauthorized(exc, "run currentOp")
    assert isinstance(reply["inprog"], list)
    assert "ok" not in reply
    everything = db.current_op(True)
    assert isinstance(everything["inprog"], list)
    assert "ok" not in everything


def test_profiling(db, plain_client, db_name, server):
    require_not_mongos(server, " (profile is per mongod)")
    db.p.insert({"_id": 1})
    try:
        original = plain_client[db_name].command("profile", -1)
    except OperationFailure as exc:
        skip_if_unauthorized(exc, "run profile")
    try:
        assert db.profiling_level() == original["was"]
        db.set_profiling_level(2)
        assert db.profiling_level() == 2
        db.p.find_one({"_id": 1})
        db.set_profiling_level(1, slow_ms=150)
        state = plain_client[db_name].command("profile", -1)
        assert (state["was"], state["slowms"]) == (1, 150)
        assert db.profiling_level() == 1
        db.set_profiling_level(0)
        assert db.profiling_level() == 0
        info = db.profiling_info()
        assert isinstance(info, list)
        assert any(entry.get("ns") == "%s.p" % db_name for entry in info), info
        with pytest.raises(ValueError):
            db.set_profiling_level(3)
        with pytest.raises(TypeError):
            db.set_profiling_level(1, slow_ms=1.5)
    finally:
        plain_client[db_name].command("profile", original["was"], slowms=original["slowms"])


def test_add_user_and_remove_user(db, db_name):
    try:
        db.add_user("lm_reader", "pw1", read_only=True)
    except OperationFailure as exc:
        skip_if_unauthorized(exc, "create users")
    users = db.command("usersInfo", "lm_reader")["users"]
    assert len(users) == 1
    assert users[0]["roles"] == [{"role": "read", "db": db_name}]
    db.add_user("lm_reader", "pw2")  # existing user: password changed, no error
    db.add_user("lm_owner", "pw")
    owner = db.command("usersInfo", "lm_owner")["users"][0]
    assert owner["roles"] == [{"role": "dbOwner", "db": db_name}]
    db.add_user("lm_custom", "pw", roles=["readWrite"], customData={"team": "x"})
    custom = db.command("usersInfo", "lm_custom")["users"][0]
    assert custom["roles"] == [{"role": "readWrite", "db": db_name}]
    assert custom["customData"] == {"team": "x"}
    for name in ("lm_reader", "lm_owner", "lm_custom"):
        assert db.remove_user(name) is None
    assert db.command("usersInfo", "lm_reader")["users"] == []
    with pytest.raises(OperationFailure):
        db.remove_user("lm_reader")


def test_add_user_on_an_unacknowledged_database(connection, db_name):
    db = connection[db_name]
    try:
        db.add_user("lm_conn_user", "pw")
    except OperationFailure as exc:
        skip_if_unauthorized(exc, "create users")
    # Sent with writeConcern {w: 1}: the user exists at once.
    assert len(db.command("usersInfo", "lm_conn_user")["users"]) == 1
    db.remove_user("lm_conn_user")
    assert db.command("usersInfo", "lm_conn_user")["users"] == []


# -- error() / last_status() (emulated: no getlasterror since MongoDB 5.1) ----------------
def test_error_and_last_status_after_acknowledged_writes(db):
    db.e.insert({"_id": 1})
    assert db.error() is None
    assert db.last_status() == {"ok": 1.0, "err": None, "n": 0}
    db.e.insert({"_id": 2})
    db.e.update({}, {"$set": {"a": 1}}, multi=True)
    status = db.last_status()
    assert (status["n"], status["updatedExisting"], status["err"]) == (2, True, None)
    db.e.update({"_id": 3}, {"$set": {"a": 1}}, upsert=True)
    status = db.last_status()
    assert (status["n"], status["updatedExisting"], status["upserted"]) == (1, False, 3)
    db.e.remove({"_id": {"$in": [1, 2]}})
    assert db.last_status()["n"] == 2
    with pytest.raises(DuplicateKeyError):
        db.e.insert({"_id": 3})
    error = db.error()
    assert error["code"] == 11000
    assert "E11000" in error["err"]
    assert db.previous_error()["code"] == 11000
    db.reset_error_history()
    assert db.error() is None
    assert db.previous_error() is None


def test_error_after_unacknowledged_write_in_a_request_reports_it(connection, db_name):
    # Connection() is in a request (auto_start_request): its w=0 writes are
    # read back without waiting (runtime/outcomes.py).
    db = connection[db_name]
    db.e.insert({"_id": 1})
    db.e.insert({"_id": 1})
    assert db.error()["code"] == 11000
    db.e.insert({"_id": 2}, w=1)
    assert db.error() is None


@pytest.mark.parametrize("how", ["keyword", "environment"])
def test_acknowledge_mode_keeps_lost_writes(legacy, db_name, monkeypatch, how):
    outcomes.clear_lost_writes()
    if how == "keyword":
        client = legacy("Connection", acknowledge_writes=True)
    else:
        monkeypatch.setenv(outcomes.ACKNOWLEDGE_ENV, "1")
        client = legacy("Connection")
    db = client[db_name]
    coll = db.ack
    assert coll.insert({"_id": 1}) == 1
    assert coll.insert({"_id": 1}) == 1  # legacy result: no error raised
    error = db.error()
    assert error["code"] == 11000
    lost = outcomes.lost_writes()
    assert len(lost) == 1
    assert lost[0]["code"] == 11000
    assert lost[0]["namespace"] == "%s.ack" % db_name
    assert lost[0]["path"] == __file__
    # Update/remove keep the unacknowledged return value but are recorded.
    assert coll.update({"_id": 1}, {"$set": {"a": 1}}) is None
    status = db.last_status()
    assert (status["n"], status["updatedExisting"], status["err"]) == (1, True, None)
    assert coll.remove({"_id": 1}) is None
    assert db.last_status()["n"] == 1
    assert coll.count() == 0
    outcomes.clear_lost_writes()


# -- eval, server_info -------------------------------------------------------------------
def test_eval_is_refused(db):
    for code in ("function () { return 1; }", Code("function (x) { return x; }")):
        with pytest.raises(OperationFailure) as info:
            db.eval(code, 1)
        assert info.value.code == 59
        message = str(info.value)
        assert "removed in MongoDB 4.2" in message
        assert "aggregat" in message and "transaction" in message
    with pytest.raises(TypeError):
        db.eval(5)


def test_system_js_call_is_refused(db):
    try:
        db.system_js.add1 = "function (x) { return x + 1; }"
    except OperationFailure as exc:
        pytest.skip("cannot write system.js here: %s" % exc)
    assert db.system_js.list() == ["add1"]
    with pytest.raises(OperationFailure) as info:
        db.system_js.add1(1)
    assert info.value.code == 59
    del db.system_js.add1
    assert db.system_js.list() == []


def test_server_info(mongo_client, server):
    info = mongo_client.server_info()
    assert info["ok"] == 1.0
    assert tuple(info["versionArray"][:3]) == server.version
    assert info["version"].startswith("%d.%d" % server.version[:2])


# -- fsync lock: blocks every write of the server --------------------------------------------
def test_fsync_lock_unlock(mongo_client, plain_client, server):
    if os.environ.get(ADMIN_ENV) != "1":
        pytest.skip("fsync lock blocks every write on the server: set %s=1 on a "
                    "server of your own" % ADMIN_ENV)
    require_not_mongos(server, " (fsync lock is per mongod here)")
    assert mongo_client.is_locked is False
    assert mongo_client.fsync() is None
    try:
        assert mongo_client.fsync(lock=True) is None
        assert mongo_client.is_locked is True
    finally:
        try:
            unlocked = mongo_client.unlock()
        except PyMongoError:
            plain_client.admin.command("fsyncUnlock")
            raise
    assert unlocked is None
    deadline = time.monotonic() + 10
    while mongo_client.is_locked and time.monotonic() < deadline:
        time.sleep(0.1)
    assert mongo_client.is_locked is False


# -- copy_database (emulated) ---------------------------------------------------------------
def test_copy_database(mongo_client, plain_client, db_name, second_db_name):
    source = mongo_client[db_name]
    source.one.insert([{"_id": i, "v": i} for i in range(1500)])  # > one batch of 1000
    source.one.create_index("v", unique=True)
    source.create_collection("capped", capped=True, size=4096)
    source.capped.insert({"_id": "c"})
    assert mongo_client.copy_database(db_name, second_db_name) == {"ok": 1.0}
    target = plain_client[second_db_name]
    assert sorted(target.list_collection_names()) == ["capped", "one"]
    assert target.one.count_documents({}) == 1500
    assert target.one.find_one({"_id": 7}) == {"_id": 7, "v": 7}
    info = target.one.index_information()
    assert info["v_1"]["key"] == [("v", 1)] and info["v_1"]["unique"] is True
    assert target.capped.options()["capped"] is True
    assert list(target.capped.find()) == [{"_id": "c"}]
    # copydb refused an existing target collection.
    with pytest.raises(OperationFailure) as info:
        mongo_client.copy_database(db_name, second_db_name)
    assert info.value.code == 48
    with pytest.raises(ConfigurationError):
        mongo_client.copy_database(db_name, second_db_name, from_host="elsewhere:27017")
    with pytest.raises(TypeError):
        mongo_client.copy_database(5, second_db_name)
