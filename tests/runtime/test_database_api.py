"""The PyMongo 2.8 Database API on legacy-mongo (spec §4.3, §4.5, §6.4).

Expected values come from the 2.8 semantics document and 2.8.1's own code
(``.oracle-venv/lib/python3.11/site-packages/pymongo/database.py``).
Commands the test server does not implement (profile, validate, currentOp,
usersInfo/createUser ...) get canned replies with ``server.fail_command``;
what matters then is the command legacy-mongo sent, read from the server log.
"""
import datetime
import re
import uuid

import pytest
from bson.code import Code
from bson.dbref import DBRef
from bson.objectid import ObjectId
from bson.regex import Regex
from bson.son import SON
from pymongo.errors import (
    CollectionInvalid,
    ConfigurationError,
    InvalidOperation,
    OperationFailure,
)

import legacy_mongo
from legacy_mongo import warnings as legacy_warnings
from legacy_mongo.runtime import pinning
from legacy_mongo.runtime import read_preferences as legacy_rp
from legacy_mongo.runtime.son_manipulator import (
    AutoReference,
    NamespaceInjector,
    ObjectIdInjector,
    ObjectIdShuffler,
    SONManipulator,
)
from legacy_mongo.warnings import LegacyAPIError
from tests.runtime.conftest import SHORT

pytestmark = pytest.mark.usefixtures("quiet_legacy_warnings")


@pytest.fixture
def client(make):
    return make()


@pytest.fixture
def db(client):
    return client.pymongo_test


def sent(server, name):
    """The command documents named *name* the server received."""
    return [r.command for r in server.log(app_only=True)
            if r.command is not None and next(iter(r.command), None) == name]


def raises_code(monkeypatch, code, fn, *args, **kwargs):
    """fn(...) calls warn_legacy(code) first (policy 'error' turns it into
    LegacyAPIError)."""
    monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "error")
    legacy_warnings.reload_policy()
    try:
        with pytest.raises(LegacyAPIError) as info:
            fn(*args, **kwargs)
    finally:
        monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "ignore")
        legacy_warnings.reload_policy()
    assert info.value.code == code


# -- attributes ------------------------------------------------------------------------


def test_connection_is_the_client_and_repr_is_28s(client, db, server):
    assert db.connection is client
    assert db.name == "pymongo_test"
    assert repr(db) == "Database(MongoClient('%s', %d), 'pymongo_test')" % (
        server.host_string.split(":")[0], server.port)
    assert db == client.pymongo_test
    assert db != client.other


def test_calling_a_missing_client_method_gives_28s_message(make):
    conn = make(legacy_mongo.Connection)
    with pytest.raises(TypeError) as info:
        conn.no_such_method()
    assert str(info.value) == (
        "'Database' object is not callable. If you meant to call the 'no_such_method' "
        "method on a 'Connection' object it is failing because no such method exists.")
    with pytest.raises(TypeError):
        iter(conn.db).__next__()


def test_database_methods_warn_with_their_catalogue_codes(monkeypatch, db):
    raises_code(monkeypatch, "LM619", lambda: db.connection)
    raises_code(monkeypatch, "LM601", db.collection_names)
    raises_code(monkeypatch, "LM603", db.error)
    raises_code(monkeypatch, "LM603", db.last_status)
    raises_code(monkeypatch, "LM603", db.previous_error)
    raises_code(monkeypatch, "LM603", db.reset_error_history)
    raises_code(monkeypatch, "LM604", db.eval, "1")
    raises_code(monkeypatch, "LM605", db.add_user, "u", "p")
    raises_code(monkeypatch, "LM607", db.remove_user, "u")
    raises_code(monkeypatch, "LM608", db.authenticate, "u", "p")
    raises_code(monkeypatch, "LM609", db.logout)
    raises_code(monkeypatch, "LM610", lambda: db.system_js)
    raises_code(monkeypatch, "LM612", db.add_son_manipulator, NamespaceInjector())
    raises_code(monkeypatch, "LM613", db.current_op)
    raises_code(monkeypatch, "LM614", db.profiling_level)
    raises_code(monkeypatch, "LM614", db.set_profiling_level, 0)
    raises_code(monkeypatch, "LM614", db.profiling_info)
    raises_code(monkeypatch, "LM622", db.command, "getlasterror")
    raises_code(monkeypatch, "LM625", db.command, "$eval", "1")


# -- collections -------------------------------------------------------------------------


def _list_collections_reply(*names):
    return {"cursor": {"id": 0, "ns": "pymongo_test.$cmd.listCollections",
                       "firstBatch": [{"name": name, "type": "collection"} for name in names]},
            "ok": 1.0}


def test_collection_names_with_and_without_system(db, server):
    # (the test server's storage hides system.* collections: canned listings)
    server.fail_command("listCollections", _list_collections_reply("system.js", "test"),
                        times=3)
    assert db.collection_names() == ["system.js", "test"]
    assert sorted(db.collection_names(include_system_collections=False)) == ["test"]
    assert db.collection_names(False) == ["test"]


def test_create_collection_existing_is_collection_invalid(db, server):
    created = db.create_collection("capped", capped=True, size=4096)
    assert created.name == "capped"
    assert type(created).__name__ == "LegacyCollection"
    with pytest.raises(CollectionInvalid) as info:
        db.create_collection("capped")
    assert str(info.value) == "collection capped already exists"
    command = sent(server, "create")[0]
    assert command["capped"] is True and command["size"] == 4096


def test_create_collection_is_acknowledged_under_an_unacknowledged_connection(make, server):
    # 2.8 ran create as a command (acknowledged whatever the write concern), so a
    # refused create raised even under Connection(): PyMongo 4 would send it w=0
    db = make("Connection").pymongo_test
    with pytest.raises(OperationFailure) as info:
        db.create_collection("nosize", capped=True)
    assert info.value.code == 72
    db.create_collection("capped", capped=True, size=4096, max=2)
    assert [r.acknowledged for r in server.log(app_only=True)
            if r.command is not None and next(iter(r.command)) == "create"] == [True, True]
    assert db.capped.options() == {"capped": True, "size": 4096.0, "max": 2}
    # PyMongo 4's own keywords take PyMongo 4's path (modern code in the process)
    created = db.create_collection("modern", check_exists=False)
    assert type(created).__name__ == "LegacyCollection"
    assert "modern" in db.collection_names()


def test_create_collection_drops_mmapv1_only_options(db, server, monkeypatch):
    raises_code(monkeypatch, "LM621", db.create_collection, "x", usePowerOf2Sizes=True)
    db.create_collection("p", flags=1, usePowerOf2Sizes=True, paddingFactor=1.5,
                         noPadding=True, max=10)
    command = sent(server, "create")[-1]
    for option in ("flags", "usePowerOf2Sizes", "paddingFactor", "noPadding"):
        assert option not in command
    assert command["max"] == 10


def test_drop_collection_takes_names_or_collections(db):
    db.a.insert_one({})
    db.b.insert_one({})
    db.drop_collection("a")
    db.drop_collection(db.b)
    db.drop_collection("never_existed")  # silent, as 2.8
    assert db.collection_names() == []
    with pytest.raises(TypeError):
        db.drop_collection(5)


def test_validate_collection(db, server):
    with pytest.raises(TypeError):
        db.validate_collection(5)
    server.fail_command("validate", {"ok": 1, "ns": "pymongo_test.c", "valid": True})
    assert db.validate_collection("c")["valid"] is True
    server.fail_command("validate", {"ok": 1, "ns": "pymongo_test.c", "valid": False,
                                     "errors": ["corrupt"]})
    with pytest.raises(CollectionInvalid):
        db.validate_collection(db.c)
    command = sent(server, "validate")[-1]
    assert command["validate"] == "c"


# -- current_op / profiling ------------------------------------------------------------------


def test_current_op_uses_currentop_and_keeps_28_shape(db, server):
    server.fail_command("currentOp", {"inprog": [{"opid": 7}], "ok": 1.0})
    assert db.current_op() == {"inprog": [{"opid": 7}]}
    server.fail_command("currentOp", {"inprog": [], "fsyncLock": True, "ok": 1.0})
    assert db.current_op(include_all=True) == {"inprog": [], "fsyncLock": True}
    plain, everything = [r for r in server.log(app_only=True) if r.op == "currentOp"]
    assert plain.database == "admin" and "$all" not in plain.command
    assert everything.command["$all"] is True


def test_profiling_level_and_set_profiling_level(db, server):
    server.fail_command("profile", {"was": 2, "slowms": 100, "ok": 1.0})
    assert db.profiling_level() == 2
    assert sent(server, "profile")[-1]["profile"] == -1
    for bad in (5.5, None, -1, 3, "1", True):
        with pytest.raises(ValueError):
            db.set_profiling_level(bad)
    with pytest.raises(TypeError):
        db.set_profiling_level(1, slow_ms="50")
    with pytest.raises(TypeError):
        db.set_profiling_level(1, slow_ms=5.5)
    server.fail_command("profile", {"was": 0, "ok": 1.0})
    assert db.set_profiling_level(1, slow_ms=50) is None
    command = sent(server, "profile")[-1]
    assert (command["profile"], command["slowms"]) == (1, 50)
    server.fail_command("profile", {"was": 1, "ok": 1.0})
    db.set_profiling_level(0)
    assert "slowms" not in sent(server, "profile")[-1]


def test_profiling_info_reads_system_profile(db):
    db["system.profile"].insert_many([{"op": "query", "n": 1}, {"op": "insert", "n": 2}])
    assert [doc["op"] for doc in db.profiling_info()] == ["query", "insert"]


# -- command with 2.x arguments ---------------------------------------------------------------


def test_string_command_with_value_and_fields_in_order(db, server):
    db.c.insert_many([{"x": 1}, {"x": 2}])
    assert db.command("count", "c")["n"] == 2
    assert db.command("count", "c", query={"x": 1})["n"] == 1
    command = sent(server, "count")[-1]
    assert list(command)[:3] == ["count", "query", "$db"] or list(command)[:2] == [
        "count", "query"]
    assert db.command("buildinfo") == db.command({"buildinfo": 1})


def test_command_mutates_the_callers_dict_and_strips_network_timeout(db, server):
    db.c.insert_one({"x": 1})
    command = SON([("count", "c")])
    db.command(command, query={"x": 1}, network_timeout=3)
    assert command == SON([("count", "c"), ("query", {"x": 1})])  # 2.8 mutated it
    on_wire = sent(server, "count")[-1]
    assert "network_timeout" not in on_wire
    assert "lsid" not in command and "$db" not in command


def test_command_fields_list_becomes_a_dict(db, server):
    db.c.insert_one({"_id": 1, "a": 1, "b": 2})
    server.fail_command("findAndModify", {"ok": 1.0, "value": None})
    db.command("findAndModify", "c", query={"_id": 1}, update={"$set": {"a": 2}},
               fields=["a"])
    assert sent(server, "findAndModify")[-1]["fields"] == {"a": 1}


def test_command_decoding_options(db):
    u = uuid.UUID("12345678123456781234567812345678")
    db.c.insert_one({"_id": 1, "u": u, "r": Regex("^ab", "i"),
                     "d": datetime.datetime(2014, 1, 2, 3, 4, 5)})
    reply = db.command("find", "c")
    doc = reply["cursor"]["firstBatch"][0]
    assert isinstance(doc["r"], re.Pattern)  # compile_re=True, 2.8's default
    assert doc["r"].pattern == "^ab" and doc["r"].flags & re.IGNORECASE
    assert doc["u"] == u
    assert doc["d"].tzinfo is None
    raw = db.command("find", "c", compile_re=False)["cursor"]["firstBatch"][0]
    assert isinstance(raw["r"], Regex)
    as_son = db.command("find", "c", as_class=SON)
    assert isinstance(as_son, SON) and isinstance(as_son["cursor"], SON)
    # 2.8 decoded subtype 3 to a UUID whatever uuid_subtype said
    standard = db.command("find", "c", uuid_subtype=4)["cursor"]["firstBatch"][0]
    assert standard["u"] == u


def test_command_keeps_pymongo4_calling_conventions(db):
    from bson.codec_options import CodecOptions
    from pymongo.read_preferences import ReadPreference

    db.c.insert_one({"r": Regex("x")})
    with db.client.start_session() as session:
        reply = db.command("find", "c", session=session,
                           codec_options=CodecOptions(), read_preference=ReadPreference.PRIMARY)
    assert isinstance(reply["cursor"]["firstBatch"][0]["r"], Regex)  # PyMongo 4 decoding
    positional = db.command("ping", 1, True, None, ReadPreference.PRIMARY, CodecOptions())
    assert positional["ok"] == 1.0


def test_command_reply_runs_outgoing_manipulators(db):
    class Marker(SONManipulator):
        def transform_outgoing(self, son, collection):
            son["seen_by"] = collection.name
            return son

    db.add_son_manipulator(Marker())
    assert db.command("ping")["seen_by"] == "$cmd"


def test_secondary_ok_commands_follow_the_database_read_preference(db):
    ok = db._legacy_secondary_ok
    for name in ("count", "distinct", "group", "aggregate", "collstats", "dbstats",
                 "geonear", "text", "parallelcollectionscan"):
        assert ok(name, {})
    assert not ok("create", {}) and not ok("findandmodify", {})
    assert ok("mapreduce", {"out": {"inline": 1}})
    assert not ok("mapreduce", {"out": "coll"})
    assert not ok("aggregate", {"pipeline": [{"$match": {}}, {"$out": "x"}]})


def test_eval_is_refused_with_the_server_code_and_nothing_is_sent(db, server):
    with pytest.raises(TypeError):
        db.eval(5)
    with pytest.raises(OperationFailure) as info:
        db.eval("function() { return 1; }")
    assert info.value.code == 59 and "MongoDB 4.2" in str(info.value)
    with pytest.raises(OperationFailure):
        db.eval(Code("1"), 1, 2)
    with pytest.raises(OperationFailure):
        db.command("$eval", "1")
    assert not [r for r in server.log(app_only=True) if r.op in ("$eval", "eval")]


# -- getlasterror family, from the record of legacy writes ----------------------------------


def test_error_family_after_a_duplicate_key(db, server):
    db.dups.insert({"_id": 1})
    assert db.error() is None
    assert db.last_status()["err"] is None
    with pytest.raises(OperationFailure):
        db.dups.insert({"_id": 1})
    error = db.error()
    assert error["code"] == 11000 and "E11000" in error["err"]
    assert db.last_status()["code"] == 11000
    assert db.command("getlasterror")["code"] == 11000
    db.dups.insert({"_id": 2})
    assert db.error() is None
    previous = db.previous_error()
    assert previous["code"] == 11000 and previous["nPrev"] == 2
    assert db.command("getpreverror")["nPrev"] == 2
    assert db.command("reseterror") == {"ok": 1.0}
    assert db.previous_error() is None
    with pytest.raises(OperationFailure):
        db.dups.insert({"_id": 2})
    assert db.reset_error_history() is None
    assert db.previous_error() is None
    assert db.command("getpreverror")["err"] is None
    assert not sent(server, "getlasterror") and not sent(server, "getLastError")


def test_error_after_an_unacknowledged_write_outside_a_request_is_refused(make):
    # Outside a request nothing holds the w=0 write's reply (outcomes.py):
    # only the answers that depend on it are refused, naming the fixes.
    db = make(legacy_mongo.MongoClient, w=0).pymongo_test
    db.c.insert({"_id": 1})
    for method in (db.error, db.last_status, db.previous_error):
        with pytest.raises(InvalidOperation) as info:
            method()
        assert "start_request()" in str(info.value)
        assert "LEGACY_MONGO_ACKNOWLEDGE=1" in str(info.value)
    # After any later operation 2.x's getlasterror said "no error" whatever
    # the write did; previous_error() stays unknown until a reset.
    db.c.find_one()
    assert db.error() is None
    with pytest.raises(InvalidOperation):
        db.previous_error()
    db.reset_error_history()
    assert db.previous_error() is None


@pytest.mark.skipif(not pinning.DEFERRED_REPLIES,
                    reason="this PyMongo release cannot defer replies (pinning.DEFERRED_REPLIES)")
def test_error_after_an_unacknowledged_write_in_a_request_reports_it(make):
    db = make(legacy_mongo.Connection).pymongo_test
    db.c.insert({"_id": 1})
    db.c.insert({"_id": 1})
    assert db.error()["code"] == 11000


def test_error_family_before_any_write(db):
    assert db.error() is None
    assert db.last_status() == {"ok": 1.0, "err": None, "n": 0}
    assert db.previous_error() is None


# -- users and authentication ------------------------------------------------------------------


def test_add_user_argument_checks(db, server):
    with pytest.raises(TypeError):
        db.add_user(5, "p")
    with pytest.raises(TypeError):
        db.add_user("u", 5)
    with pytest.raises(ValueError):
        db.add_user("u", "")
    with pytest.raises(TypeError):
        db.add_user("u", "p", read_only="yes")
    with pytest.raises(ConfigurationError):
        db.add_user("u", "p", read_only=True, roles=["read"])
    server.fail_command("usersInfo", {"users": [], "ok": 1.0})
    with pytest.raises(ConfigurationError):
        db.add_user("u", "p", digestPassword=True)
    assert not sent(server, "createUser")


def test_add_user_creates_with_default_roles(db, client, server):
    server.fail_command("usersInfo", {"users": [], "ok": 1.0})
    server.fail_command("createUser", {"ok": 1.0})
    with pytest.warns(DeprecationWarning):
        assert db.add_user("alice", "secret") is None
    command = sent(server, "createUser")[-1]
    assert command["createUser"] == "alice"
    assert command["roles"] == ["dbOwner"]
    assert command["pwd"] == "secret"  # the server digests it (MONGODB-CR is gone)
    assert "digestPassword" not in command
    server.fail_command("usersInfo", {"users": [], "ok": 1.0})
    server.fail_command("createUser", {"ok": 1.0})
    with pytest.warns(DeprecationWarning):
        client.admin.add_user("root", "pw", read_only=True)
    assert sent(server, "createUser")[-1]["roles"] == ["readAnyDatabase"]


def test_add_user_updates_an_existing_user(db, server):
    server.fail_command("usersInfo", {"users": [{"user": "bob"}], "ok": 1.0})
    server.fail_command("updateUser", {"ok": 1.0})
    db.add_user("bob", "new", roles=["read"], customData={"x": 1})
    command = sent(server, "updateUser")[-1]
    assert command["updateUser"] == "bob" and command["roles"] == ["read"]
    assert command["customData"] == {"x": 1} and command["pwd"] == "new"


def test_add_user_on_unacknowledged_database_acknowledges(make, server):
    db = make(legacy_mongo.Connection).pymongo_test
    server.fail_command("usersInfo", {"users": [], "ok": 1.0})
    server.fail_command("createUser", {"ok": 1.0})
    db.add_user("carol", "pw", roles=["read"])
    assert sent(server, "createUser")[-1]["writeConcern"] == {"w": 1}


def test_remove_user_drops_the_user(db, server):
    server.fail_command("dropUser", {"ok": 1.0})
    assert db.remove_user("alice") is None
    assert sent(server, "dropUser")[-1]["dropUser"] == "alice"


def test_authenticate_and_logout_on_a_client_without_credentials(db):
    with pytest.raises(TypeError):
        db.authenticate(5, "p")
    with pytest.raises(TypeError):
        db.authenticate("u", 5)
    with pytest.raises(ConfigurationError) as info:
        db.authenticate("u", "p", foo=1)
    assert str(info.value) == "Unknown authentication option: foo"
    with pytest.raises(ConfigurationError) as info:
        db.authenticate("u", "p")
    assert "username=" in str(info.value)
    assert db.logout() is None  # nothing to forget, as 2.8


def test_authenticate_with_the_clients_own_credential(make):
    client = make(username="app", password="pw", authSource="pymongo_test", _connect=False)
    db = client.pymongo_test
    assert db.authenticate("app", "pw") is True
    with pytest.raises(OperationFailure) as info:
        db.authenticate("other", "pw")
    assert str(info.value) == ("Another user is already authenticated to this database. "
                               "You must logout first.")
    with pytest.raises(ConfigurationError):
        client.other_db.authenticate("app", "pw")
    with pytest.raises(ConfigurationError):
        db.logout()
    assert client.other_db.logout() is None


# -- SON manipulators (spec §4.5) -------------------------------------------------------------


def test_manipulator_properties(db, client):
    assert db.incoming_manipulators == []
    db.add_son_manipulator(AutoReference(db))
    db.add_son_manipulator(NamespaceInjector())
    db.add_son_manipulator(ObjectIdShuffler())
    assert db.incoming_manipulators == ["NamespaceInjector"]
    assert db.incoming_copying_manipulators == ["ObjectIdShuffler", "AutoReference"]
    assert db.outgoing_manipulators == []
    assert db.outgoing_copying_manipulators == ["AutoReference"]
    fresh = client.pymongo_test  # manipulators live on the Database object
    assert fresh.incoming_manipulators == [] and fresh.incoming_copying_manipulators == []


def test_incoming_order_newest_first_and_outgoing_oldest_first(db):
    calls = []

    class Tag(SONManipulator):
        def __init__(self, name):
            self.name = name

        def transform_incoming(self, son, collection):
            calls.append(("in", self.name))
            return son

        def transform_outgoing(self, son, collection):
            calls.append(("out", self.name))
            return son

    db.add_son_manipulator(Tag("first"))
    db.add_son_manipulator(Tag("second"))
    db._legacy_incoming({}, db.c)
    db._legacy_outgoing({}, db.c)
    assert calls == [("in", "second"), ("in", "first"), ("out", "first"), ("out", "second")]


def test_first_manipulator_added_in_the_process_applies_to_inserts(monkeypatch, db):
    # insert skips the database's manipulator lists until a manipulator has
    # been added anywhere (son_manipulator.any_added): adding the first one
    # must turn the lookup on, for a collection made before it too.
    from legacy_mongo.runtime import son_manipulator
    monkeypatch.setattr(son_manipulator, "any_added", False)
    coll = db.tagged
    coll.insert({"a": 0})
    assert coll.find_one({"a": 0}, {"_id": 0}) == {"a": 0}

    class Tag(SONManipulator):
        def transform_incoming(self, son, collection):
            son["tag"] = collection.name
            return son

    db.add_son_manipulator(Tag())
    coll.insert({"a": 1})
    assert coll.find_one({"a": 1}, {"_id": 0}) == {"a": 1, "tag": "tagged"}


def test_shipped_manipulators(db):
    oid = ObjectId()
    assert ObjectIdInjector().transform_incoming({"a": 1}, db.c)["_id"]
    shuffled = ObjectIdShuffler().transform_incoming({"a": 1, "_id": oid}, db.c)
    assert isinstance(shuffled, SON) and list(shuffled) == ["_id", "a"]
    assert NamespaceInjector().transform_incoming({"a": 1}, db.things) == {"a": 1, "_ns": "things"}
    ref = AutoReference(db).transform_incoming(
        {"x": {"_id": oid, "_ns": "other"}, "l": [{"_id": 1, "_ns": "c"}]}, db.c)
    assert ref["x"] == DBRef("other", oid) and ref["l"] == [DBRef("c", 1)]


def test_auto_reference_round_trip_through_the_collection(db):
    db.add_son_manipulator(AutoReference(db))
    db.add_son_manipulator(NamespaceInjector())
    a = {"hello": "world"}
    db.test.a.save(a)
    b = {"test": a}
    db.test.b.save(b)
    c = {"another test": b}
    db.test.c.save(c)
    a["hello"] = "mike"
    db.test.a.save(a)
    assert db.test.a.find_one() == a
    assert db.test.b.find_one()["test"] == a
    assert db.test.c.find_one()["another test"]["test"] == a
    stored = db.client.pymongo_test.test.b.find_one()  # a Database without manipulators
    assert isinstance(stored["test"], DBRef)


# -- system_js, dereference ----------------------------------------------------------------------


def test_system_js_save_list_delete_and_refused_call(db):
    db.system_js.add = "function (x, y) { return x + y; }"
    db.system_js["mul"] = "function (x, y) { return x * y; }"
    assert sorted(db.system_js.list()) == ["add", "mul"]
    stored = db["system.js"].find_one({"_id": "add"})
    assert isinstance(stored["value"], Code)
    del db.system_js.add
    del db.system_js["mul"]
    assert db.system_js.list() == []
    with pytest.raises(OperationFailure) as info:
        db.system_js.add(1, 2)
    assert info.value.code == 59


def test_dereference(db):
    db.test.insert_one({"_id": 4, "x": 1})
    assert db.dereference(DBRef("test", 4)) == {"_id": 4, "x": 1}
    assert db.dereference(DBRef("test", 5)) is None
    assert db.dereference(DBRef("test", 4, "pymongo_test"))["x"] == 1
    with pytest.raises(TypeError):
        db.dereference(5)
    with pytest.raises(ValueError):
        db.dereference(DBRef("test", 4, "other_db"))


# -- 2.x options: read preference ints, uuid_subtype, slave_okay ------------------------------


def test_read_preference_is_a_28_int(db, monkeypatch):
    assert db.read_preference == 0 and not db.read_preference
    assert db.read_preference == legacy_rp.ReadPreference.PRIMARY
    raises_code(monkeypatch, "LM133", setattr, db, "read_preference", 2)
    db.read_preference = legacy_rp.ReadPreference.SECONDARY
    assert db.read_preference == 2 and db.read_preference
    assert legacy_rp.modes[db.read_preference] == "SECONDARY"
    assert db.read_preference.mongos_mode == "secondary"  # still PyMongo 4's object
    assert db.tag_sets == [{}]
    db.tag_sets = [{"dc": "ny"}]
    assert db.tag_sets == [{"dc": "ny"}] and db.read_preference == 2
    assert db.secondary_acceptable_latency_ms == 15.0
    assert isinstance(db.secondary_acceptable_latency_ms, float)
    with pytest.raises(ConfigurationError):
        db.secondary_acceptable_latency_ms = 5


def test_uuid_subtype_default_and_set(db, server):
    assert db.uuid_subtype == 3
    u = uuid.UUID("00112233445566778899aabbccddeeff")
    db.legacy.insert_one({"_id": 1, "u": u})
    db.uuid_subtype = 4
    assert db.uuid_subtype == 4
    db.standard.insert_one({"_id": 1, "u": u})  # a collection made after the change
    with pytest.raises(ConfigurationError):
        db.uuid_subtype = 7
    with pytest.raises(ConfigurationError):
        db.uuid_subtype = 2
    inserts = [r.command for r in server.log(app_only=True) if r.op == "insert"]
    assert inserts[-2]["documents"][0]["u"].subtype == 3
    assert inserts[-1]["documents"][0]["u"].subtype == 4


def test_slave_okay_inherits_from_the_client(make):
    assert make().pymongo_test.slave_okay is False
    db = make(slave_okay=True).pymongo_test
    assert db.slave_okay is True
    db.slave_okay = False
    assert db.slave_okay is False


# -- routing on a replica set (spec 4.6) -------------------------------------------------------


def test_command_routing_follows_28_on_a_replica_set(replica_set):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = legacy_mongo.MongoReplicaSetClient(replica_set.uri, **SHORT)
    try:
        db = client.routing
        db.c.insert_one({"x": 1})
        db.read_preference = legacy_rp.ReadPreference.SECONDARY
        primary = replica_set.members[0].host_string
        assert db.command("count", "c")["n"] in (0, 1)  # secondary-ok: a secondary
        with pytest.warns(UserWarning, match="findandmodify does not support SECONDARY "
                                             "read preference and will be routed to the "
                                             "primary instead."):
            db.command("findAndModify", "c", query={"x": 1}, update={"$set": {"y": 1}})
        servers = {r.op: r.server for r in replica_set.log(app_only=True)
                   if r.op in ("count", "findAndModify")}
        assert servers["count"] != primary
        assert servers["findAndModify"] == primary
    finally:
        client.close()


# -- ensure_index cache: drop_collection purges it, as 2.8's did -------------------------------


def _creates(server):
    return [r for r in server.log(app_only=True) if r.op == "createIndexes"]


def test_drop_collection_purges_the_ensure_index_cache(db, server):
    assert db.idx.ensure_index("a") == "a_1"
    assert db.other.ensure_index("a") == "a_1"
    assert db.idx.ensure_index("a") is None  # cached: no round trip
    assert len(_creates(server)) == 2
    db.drop_collection("idx")
    # 2.8: _purge_index(db, "idx") before "drop", so the index is made again
    assert db.idx.ensure_index("a") == "a_1"
    assert len(_creates(server)) == 3
    assert db.other.ensure_index("a") is None  # another collection keeps its entry
    db.drop_collection(db.idx)  # a Collection object, as 2.8 accepted
    assert db.idx.ensure_index("a") == "a_1"
    assert len(_creates(server)) == 4


def test_drop_database_sends_no_pymongo_keywords_as_command_fields(make, server):
    """PyMongo 4's drop_database passes write_concern= and
    parse_write_concern_error= to Database.command; they are its own
    arguments, never fields of the dropDatabase command."""
    client = make()
    client.dropme.c.insert({"x": 1})
    client.drop_database("dropme")
    (record,) = [r for r in server.log(app_only=True) if r.op == "dropDatabase"]
    assert set(record.command) - {"dropDatabase", "$db", "lsid", "$clusterTime",
                                  "writeConcern", "$readPreference", "comment"} == set()
    assert "dropme" not in client.database_names()
