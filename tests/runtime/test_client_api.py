"""The PyMongo 2.8 client API on legacy-mongo (spec §1.5, §1.6, §4.4, §4.8).

Expected values come from the 2.8 semantics document and 2.8.1's
``mongo_client.py``; limits of a connected client come from the test
server's hello reply (maxBsonObjectSize 16 MiB, maxMessageSizeBytes
48000000, maxWriteBatchSize 100000, maxWireVersion 21).
"""
import socket
import time
import uuid

import pytest
from bson.binary import Binary
from bson.son import SON
from pymongo.errors import (
    ConfigurationError,
    InvalidName,
    InvalidOperation,
    OperationFailure,
)
from pymongo.synchronous.database import Database

import legacy_mongo
from legacy_mongo import warnings as legacy_warnings
from legacy_mongo.runtime import read_preferences as legacy_rp
from legacy_mongo.runtime.client_methods import (
    BatchCursorManager,
    CursorManager,
    LegacyClientMethods,
)
from legacy_mongo.warnings import LegacyAPIError
from tests.runtime.conftest import SHORT

pytestmark = pytest.mark.usefixtures("quiet_legacy_warnings")


@pytest.fixture
def client(make):
    return make()


def raises_code(monkeypatch, code, fn, *args, **kwargs):
    monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "error")
    legacy_warnings.reload_policy()
    try:
        with pytest.raises(LegacyAPIError) as info:
            fn(*args, **kwargs)
    finally:
        monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "ignore")
        legacy_warnings.reload_policy()
    assert info.value.code == code


def sent(server, name):
    return [r for r in server.log(app_only=True)
            if r.command is not None and next(iter(r.command), None) == name]


def unused_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_every_legacy_client_has_the_2x_methods():
    for cls in (legacy_mongo.MongoClient, legacy_mongo.Connection,
                legacy_mongo.MongoReplicaSetClient, legacy_mongo.ReplicaSetConnection):
        assert issubclass(cls, LegacyClientMethods)


def test_client_methods_warn_with_their_catalogue_codes(monkeypatch, client):
    raises_code(monkeypatch, "LM602", client.database_names)
    raises_code(monkeypatch, "LM606", client.disconnect)
    raises_code(monkeypatch, "LM611", client.copy_database, "a", "b")
    raises_code(monkeypatch, "LM618", client.alive)
    raises_code(monkeypatch, "LM615", lambda: client.is_locked)
    raises_code(monkeypatch, "LM616", client.fsync)
    raises_code(monkeypatch, "LM617", client.unlock)
    raises_code(monkeypatch, "LM123", lambda: client.host)
    raises_code(monkeypatch, "LM125", lambda: client.max_bson_size)
    raises_code(monkeypatch, "LM127", client.close_cursor, 1)
    raises_code(monkeypatch, "LM128", client.set_cursor_manager, CursorManager)
    raises_code(monkeypatch, "LM121", lambda: client.document_class)
    raises_code(monkeypatch, "LM122", lambda: client.tz_aware)
    raises_code(monkeypatch, "LM902", lambda: client.uuid_subtype)


# -- connected / not connected (spec §1.5) ----------------------------------------------------


def test_connected_client_properties(client, server):
    host, port = server.host_string.rsplit(":", 1)
    assert (client.host, client.port) == (host, int(port))
    assert client.nodes == frozenset([(host, int(port))])
    assert client.is_primary is True and client.is_mongos is False
    assert client.max_bson_size == 16 * 1024 * 1024
    assert client.max_message_size == 48000000
    assert client.max_write_batch_size == 100000
    assert client.max_wire_version == 21 and client.min_wire_version == 0
    assert client.alive() is True
    assert repr(client) == "MongoClient(%r, %d)" % (host, int(port))
    assert client.server_info()["version"].startswith("7.0")


def test_lazy_client_defaults_without_network(server, make):
    lazy = make(_connect=False)
    assert lazy.host is None and lazy.port is None
    assert lazy.nodes == frozenset()
    assert lazy.max_bson_size == 16 * 1024 * 1024
    assert lazy.max_message_size == 32 * 1024 * 1024
    assert lazy.max_write_batch_size == 1000
    assert (lazy.min_wire_version, lazy.max_wire_version) == (0, 0)
    assert repr(lazy) == "MongoClient([])"
    assert lazy.is_primary is False and lazy.is_mongos is False  # without blocking
    assert not server.log(app_only=True)


def test_alive_is_false_for_an_unreachable_lazy_client(make):
    lazy = make(host="127.0.0.1:%d" % unused_port(), _connect=False,
                serverSelectionTimeoutMS=300)
    started = time.monotonic()
    assert lazy.alive() is False
    assert time.monotonic() - started < 5


def test_connection_repr(make, server):
    host, port = server.host_string.rsplit(":", 1)
    assert repr(make(legacy_mongo.Connection)) == "Connection(%r, %d)" % (host, int(port))


# -- admin ----------------------------------------------------------------------------------------


def test_database_names_and_drop_database(client):
    client.one.c.insert_one({})
    client.two.c.insert_one({})
    assert sorted(client.database_names()) == ["one", "two"]
    assert client.drop_database("one") is None
    client.drop_database(client.two)
    assert client.database_names() == []
    for bad in (5, None):
        with pytest.raises(TypeError):
            client.drop_database(bad)


def test_drop_database_reads_its_reply_under_an_unacknowledged_connection(make, server):
    # 2.8's drop_database was a command: a refusal raised even under Connection()
    client = make(legacy_mongo.Connection)
    client.one.c.insert_one({})
    server.fail_command("dropDatabase", {"ok": 0, "errmsg": "refused", "code": 20})
    with pytest.raises(OperationFailure) as info:
        client.drop_database("one")
    assert info.value.code == 20
    assert client.drop_database(client.one) is None
    assert client.list_database_names() == []
    drops = [r for r in server.log(app_only=True) if r.op == "dropDatabase"]
    assert [r.acknowledged for r in drops] == [True, True]


def test_fsync_unlock_and_is_locked(client, server):
    server.fail_command("fsync", {"ok": 1.0, "lockCount": 1})
    assert client.fsync(lock=True) is None
    command = sent(server, "fsync")[-1]
    assert command.database == "admin" and command.command["lock"] is True
    server.fail_command("currentOp", {"inprog": [], "fsyncLock": True, "ok": 1.0})
    assert client.is_locked is True
    server.fail_command("fsyncUnlock", {"ok": 1.0, "lockCount": 0})
    assert client.unlock() is None
    assert sent(server, "fsyncUnlock")[-1].database == "admin"
    server.fail_command("currentOp", {"inprog": [], "ok": 1.0})
    assert client.is_locked is False


def test_disconnect_leaves_the_client_usable(client, server):
    client.db.c.insert_one({"x": 1})
    before = {r.client_port for r in server.log(app_only=True)}
    client.disconnect()
    client.disconnect()  # repeatable, as 2.8's test_disconnect does
    assert client.db.c.find_one({}, {"_id": 0}) == {"x": 1}
    after = {r.client_port for r in server.log(app_only=True)} - before
    assert after, "the idle socket was closed: the next operation used a new one"


def test_disconnect_ends_requests(make):
    conn = make(legacy_mongo.Connection)
    conn.db.c.find_one()
    assert conn.in_request() is True  # auto_start_request
    conn.disconnect()
    assert conn.in_request() is not True


def _idle_cursors(*entries):
    return {"cursor": {"id": 0, "ns": "admin.$cmd.aggregate",
                       "firstBatch": [{"type": "idleCursor", "ns": ns, "cursor": {"cursorId": i}}
                                      for ns, i in entries]},
            "ok": 1.0}


def test_close_cursor_and_kill_cursors_find_the_namespace(client, server):
    with pytest.raises(TypeError):
        client.close_cursor("1")
    with pytest.raises(TypeError):
        client.kill_cursors(12345)
    server.fail_command("aggregate", _idle_cursors(("db1.c", 12345)))
    assert client.close_cursor(12345) is None
    server.fail_command("aggregate", _idle_cursors(("db1.c", 1), ("db2.d.e", 2)))
    assert client.kill_cursors([1, 2, 3]) is None  # 3 is unknown: ignored, as 2.8
    aggregate = [r for r in server.log(app_only=True) if r.op == "aggregate"][0]
    assert aggregate.database == "admin"
    assert aggregate.command["pipeline"][0] == {
        "$currentOp": {"allUsers": True, "idleCursors": True}}
    kills = [(r.database, r.command["killCursors"], list(r.command["cursors"]))
             for r in server.log(app_only=True) if r.op == "killCursors"]
    assert kills == [("db1", "c", [12345]), ("db1", "c", [1]), ("db2", "d.e", [2])]


def test_close_cursor_is_refused_when_currentop_fails(client, server):
    server.fail_command("aggregate", {"ok": 0, "errmsg": "unauthorized", "code": 13})
    with pytest.raises(InvalidOperation) as info:
        client.close_cursor(12345)
    assert "cursor.close()" in str(info.value)


def test_close_cursor_on_a_lazy_client_warns_and_sends_nothing(make, server):
    lazy = make(_connect=False)
    with pytest.warns(UserWarning, match="not connected, couldn't close cursor"):
        lazy.kill_cursors([1])
    assert not server.log(app_only=True)


def test_set_cursor_manager(client):
    class Custom(CursorManager):
        pass

    with pytest.warns(DeprecationWarning):
        assert client.set_cursor_manager(CursorManager) is None
    client.set_cursor_manager(BatchCursorManager)
    with pytest.raises(TypeError):
        client.set_cursor_manager(object)
    with pytest.raises(ConfigurationError):
        client.set_cursor_manager(Custom)


def test_copy_database_copies_documents_options_and_indexes(client):
    source = client.src
    source.a.insert_many([{"_id": i, "x": i} for i in range(1005)])
    source.a.create_index("x", unique=True)
    source.b.insert_one({"_id": "only"})
    with pytest.warns(DeprecationWarning):
        assert client.copy_database("src", "dst") == {"ok": 1.0}
    target = client.dst
    assert sorted(target.list_collection_names()) == ["a", "b"]
    assert target.a.count_documents({}) == 1005
    assert target.b.find_one() == {"_id": "only"}
    assert "x_1" in target.a.index_information()
    assert target.a.index_information()["x_1"].get("unique") is True
    with pytest.raises(OperationFailure):
        client.copy_database("src", "dst")  # the target collections exist


def test_copy_database_argument_errors(client):
    with pytest.raises(TypeError):
        client.copy_database(5, "x")
    with pytest.raises(TypeError):
        client.copy_database("x", 5)
    with pytest.raises(InvalidName):
        client.copy_database("x", "bad.name")
    with pytest.raises(ConfigurationError) as info:
        client.copy_database("x", "y", from_host="other:27017")
    assert "mongodump" in str(info.value)
    with pytest.raises(ConfigurationError):
        client.copy_database("x", "y", username="u", password="p")


def test_copy_database_on_an_unacknowledged_client_acknowledges(make):
    conn = make(legacy_mongo.Connection)
    assert not conn.write_concern.acknowledged
    acked = make()
    acked.s.c.insert_many([{"_id": i} for i in range(3)])
    conn.copy_database("s", "t")  # the copy is acknowledged: complete on return
    assert acked.t.c.count_documents({}) == 3


# -- codec options, the 2.x way -------------------------------------------------------------------


def test_document_class_and_tz_aware_get_set(client):
    client.db.c.insert_one({"a": 1, "b": 2})
    assert client.document_class is dict and client.get_document_class() is dict
    client.document_class = SON
    assert client.document_class is SON
    assert isinstance(client.db.c.find_one(), SON)
    client.set_document_class(dict)
    assert client.get_document_class() is dict
    assert client.tz_aware is False
    client.tz_aware = True
    assert client.tz_aware is True and client.codec_options.tz_aware is True
    with pytest.raises(TypeError):
        client.tz_aware = "yes"


def test_tz_aware_datetimes_end_to_end(make):
    import datetime

    naive = make().db
    naive.c.insert_one({"_id": 1, "d": datetime.datetime(2014, 1, 2, 3, 4, 5)})
    assert naive.c.find_one()["d"].tzinfo is None
    aware = make(tz_aware=True).db.c.find_one()["d"]
    assert aware.utcoffset() == datetime.timedelta(0)


def test_uuids_are_stored_as_28_did(client, server, make):
    u = uuid.UUID("00112233-4455-6677-8899-aabbccddeeff")
    assert client.uuid_subtype == 3
    client.db.c.insert_one({"_id": 1, "u": u})
    stored = [r.command for r in server.log(app_only=True) if r.op == "insert"][-1]
    value = stored["documents"][0]["u"]
    assert isinstance(value, Binary) and value.subtype == 3
    assert bytes(value) == u.bytes  # Python legacy byte order
    assert client.db.c.find_one()["u"] == u
    client.db.c.insert_one({"_id": 3, "u": Binary(u.bytes, 4)})
    assert client.db.c.find_one({"_id": 3})["u"] == u  # 2.8 decoded subtype 4 too
    client.uuid_subtype = 4
    assert client.db.c.find_one({"u": u})["_id"] == 3  # 2.8: standard finds no legacy UUID
    assert client.db.c.find_one({"_id": 1})["u"] == u  # ... but still decodes it
    client.db.c.insert_one({"_id": 2, "u": u})
    value = [r.command for r in server.log(app_only=True) if r.op == "insert"][-1]
    assert value["documents"][0]["u"].subtype == 4
    with pytest.raises(ConfigurationError):
        client.uuid_subtype = 7


# -- read preferences as 2.x ints -----------------------------------------------------------------


def test_read_preference_ints(make):
    client = make()
    assert client.read_preference == 0 and not client.read_preference
    secondary = make(read_preference=legacy_rp.ReadPreference.SECONDARY)
    assert secondary.read_preference == legacy_rp.ReadPreference.SECONDARY == 2
    assert secondary.read_preference.mongos_mode == "secondary"
    assert secondary.tag_sets == [{}]
    client.read_preference = 3
    assert client.read_preference == 3 and client.read_preference.mongos_mode == \
        "secondaryPreferred"
    assert client.db.read_preference == 3  # databases made afterwards inherit it
    assert client.secondary_acceptable_latency_ms == 15
    assert client.use_greenlets is False


# -- names only one client family had: the other gets a Database (spec §4.8) -----------------------


def test_mongoclient_rs_names_are_databases(client):
    for name in ("hosts", "seeds"):
        value = getattr(client, name)
        assert isinstance(value, Database) and value.name == name
    with pytest.raises(TypeError):
        client.refresh()


def test_replica_set_client_names(replica_set):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = legacy_mongo.MongoReplicaSetClient(replica_set.uri, **SHORT)
    try:
        deadline = time.monotonic() + 5
        while len(client.hosts) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.hosts == frozenset(
            (h.rsplit(":", 1)[0], int(h.rsplit(":", 1)[1]))
            for h in (m.host_string for m in replica_set.members))
        assert client.seeds == set(client.hosts)
        assert client.refresh() is None
        assert client.is_mongos is False
        for name in ("host", "port", "is_primary", "is_locked", "fsync", "unlock"):
            value = getattr(client, name)
            assert isinstance(value, Database) and value.name == name
        assert repr(client).startswith("MongoReplicaSetClient([")
    finally:
        client.close()


# -- ensure_index cache: drop_database purges it, as 2.8's did ---------------------------------


def test_drop_database_purges_the_ensure_index_cache(client, server):
    def creates():
        return len([r for r in server.log(app_only=True) if r.op == "createIndexes"])

    assert client.one.a.ensure_index("x") == "x_1"
    assert client.one.b.ensure_index("x") == "x_1"
    assert client.two.a.ensure_index("x") == "x_1"
    assert creates() == 3
    client.drop_database("one")
    # 2.8: _purge_index("one") before dropDatabase: every collection of it
    assert client.one.a.ensure_index("x") == "x_1"
    assert client.one.b.ensure_index("x") == "x_1"
    assert client.two.a.ensure_index("x") is None  # another database keeps its entries
    assert creates() == 5
    client.drop_database(client.one)  # a Database object, as 2.8 accepted
    assert client.one.a.ensure_index("x") == "x_1"
    assert creates() == 6
