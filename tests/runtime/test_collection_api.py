"""The 2.8 Collection API on legacy collections, checked on the wire.

Expected command documents and return shapes come from the PyMongo 2.8
semantics (/work/shared/reference/pymongo-2.8-semantics.md §4.1, §4.6, A3/A4/
A17) and from 2.8.1's own source (``.oracle-venv``: collection.py,
cursor.py, helpers.py); the conformance scenarios ``api_*.py`` compare the
same behaviours against the real 2.8.1.
"""
import re
import time
import warnings

import pymongo
import pytest
from pymongo.command_cursor import CommandCursor as ModernCommandCursor
from bson.code import Code
from bson.regex import Regex
from bson.son import SON
from pymongo.errors import AutoReconnect, ConfigurationError, InvalidOperation, OperationFailure

import legacy_mongo
from legacy_mongo.runtime.collection import LegacyCollection
from legacy_mongo.runtime.command_cursor import CommandCursor
from legacy_mongo.runtime.cursor import LegacyCursor
from legacy_mongo.warnings import LegacyMongoWarning

SHORT = {"socketTimeoutMS": 5000, "connectTimeoutMS": 5000}
SESSION_KEYS = {"lsid", "$db", "$clusterTime", "$readPreference", "txnNumber"}


@pytest.fixture
def make(server):
    clients = []

    def make(class_name="MongoClient", **kwargs):
        for key, value in SHORT.items():
            kwargs.setdefault(key, value)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client = getattr(legacy_mongo, class_name)(server.host_string, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def coll(make, server):
    collection = make().db.coll
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        collection.drop()
        collection.insert([{"_id": i, "k": i % 3, "s": "v%d" % i} for i in range(10)])
    server.clear_log()
    return collection


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def codes_of(fn, *args, **kwargs):
    """(result, [catalogue codes warned]) of one call."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args, **kwargs)
    return result, [w.message.code for w in caught if isinstance(w.message, LegacyMongoWarning)]


def commands(server, op=None):
    out = []
    for record in server.log(app_only=True):
        if op is None or record.op == op:
            out.append({k: v for k, v in record.command.items() if k not in SESSION_KEYS})
    return out


def _projection(cmd, key="projection"):
    # The test server's mongomock adds "_id" to the recorded projection in place.
    return {k: v for k, v in cmd[key].items() if k != "_id"}


# -- find: 2.8 keywords and positional order ------------------------------------------


def test_find_positional_2x_order_on_the_wire(coll, server):
    # 2.8: (spec, fields, skip, limit, timeout, snapshot, tailable, sort, ...)
    cursor, codes = codes_of(coll.find, {"k": 1}, ["s"], 1, 2, False, False, False,
                             [("_id", -1)])
    assert isinstance(cursor, LegacyCursor)
    assert "LM717" in codes
    docs = list(cursor)
    [cmd] = commands(server, "find")
    assert cmd["filter"] == {"k": 1}
    assert _projection(cmd) == {"s": 1}
    assert cmd["skip"] == 1 and cmd["limit"] == 2
    assert cmd["noCursorTimeout"] is True  # timeout=False
    assert cmd["sort"] == {"_id": -1}
    assert [d["_id"] for d in docs] == [4, 1]


def test_find_legacy_keywords_translate(coll, server):
    cursor, codes = codes_of(coll.find, spec={"k": 2}, fields=["k"], tailable=True,
                             await_data=True, partial=True)
    assert set(codes) >= {"LM701", "LM702", "LM713", "LM712"}
    list(cursor)
    [cmd] = commands(server, "find")
    assert cmd["filter"] == {"k": 2} and _projection(cmd) == {"k": 1}
    assert cmd["tailable"] is True and cmd["awaitData"] is True
    assert cmd["allowPartialResults"] is True


@pytest.mark.parametrize("empty", [[], {}, ()])
def test_empty_fields_mean_id_only(coll, server, empty):
    # 2.8 cursor.py: "if not fields: fields = {'_id': 1}"
    docs = list(quiet(coll.find, {"k": 0}, fields=empty))
    assert docs == [{"_id": 0}, {"_id": 3}, {"_id": 6}, {"_id": 9}]
    assert commands(server, "find")[0]["projection"] == {"_id": 1}


def test_find_validation_errors_of_28(coll):
    with pytest.raises(TypeError, match="spec must be an instance of dict"):
        quiet(coll.find, spec="x")
    for name in ("timeout", "snapshot", "tailable", "slave_okay", "await_data", "partial",
                 "exhaust"):
        with pytest.raises(TypeError, match="%s must be an instance of bool" % name):
            quiet(coll.find, {}, **{name: 1})
    with pytest.raises(TypeError, match="skip must be an instance of int"):
        coll.find({}, None, "1")
    with pytest.raises(TypeError, match="limit must be an instance of int"):
        coll.find({}, limit=1.5)
    with pytest.raises(InvalidOperation, match="limit and exhaust"):
        quiet(coll.find, {}, limit=2, exhaust=True)
    with pytest.raises(TypeError, match="multiple values"):
        quiet(coll.find, {}, spec={})


def test_exhaust_becomes_cursor_type(coll):
    cursor = quiet(coll.find, {}, exhaust=True)
    assert cursor._exhaust is True
    assert [d["_id"] for d in cursor] == list(range(10))


def test_compile_re_default_and_off(coll):
    quiet(coll.insert, {"_id": "re", "p": re.compile("^ab", re.I), "n": [{"q": Regex("x")}]})
    doc = coll.find_one({"_id": "re"})
    assert isinstance(doc["p"], re.Pattern) and doc["p"].flags & re.I
    assert isinstance(doc["n"][0]["q"], re.Pattern)  # nested too
    raw, codes = codes_of(coll.find_one, {"_id": "re"}, compile_re=False)
    assert "LM715" in codes
    assert isinstance(raw["p"], Regex) and isinstance(raw["n"][0]["q"], Regex)


def test_as_class_and_uuid_subtype_are_per_cursor(coll):
    doc, codes = codes_of(coll.find_one, {"_id": 1}, as_class=SON)
    assert isinstance(doc, SON) and "LM705" in codes
    assert type(coll.find_one({"_id": 1})) is dict  # the collection is unchanged
    cursor = quiet(coll.find, {}, _uuid_subtype=4)
    assert cursor._codec_options.uuid_representation == 4
    with pytest.raises(ConfigurationError):
        quiet(coll.find, {}, _uuid_subtype=9)


@pytest.mark.parametrize("value, mode", [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)])
def test_read_preference_ints(coll, value, mode):
    cursor = quiet(coll.find, {}, read_preference=value)
    assert cursor._get_read_preference().mode == mode


def test_routing_keywords(coll):
    assert quiet(coll.find, {}, slave_okay=True)._get_read_preference().mode == 3
    tagged = quiet(coll.find, {}, read_preference=2, tag_sets=[{"dc": "ny"}, {}])
    assert tagged._get_read_preference().tag_sets == [{"dc": "ny"}, {}]
    assert quiet(coll.find, {}, read_preference=3,
                 _must_use_master=True)._get_read_preference().mode == 0
    # 2.8.1's MongoClient stored these unchecked and a single server ignored
    # them (conformance scenario api_find_keyword_values): ignored, warning.
    for kwargs in ({"read_preference": 0, "tag_sets": [{"dc": "ny"}]}, {"read_preference": 7}):
        with pytest.warns(UserWarning, match="ignored for this query"):
            cursor = coll.find({}, **kwargs)
        assert cursor._get_read_preference().mode == 0 and len(list(cursor)) == 10
    # secondary_acceptable_latency_ms is accepted (client-wide in PyMongo 4)
    assert len(list(quiet(coll.find, {}, secondary_acceptable_latency_ms=30))) == 10


def test_snapshot_is_emulated_with_an_id_hint(coll, server):
    cursor, codes = codes_of(coll.find, {}, snapshot=True)
    assert "LM710" in codes
    assert len(list(cursor)) == 10
    [cmd] = commands(server, "find")
    assert cmd["hint"] == {"_id": 1} and "snapshot" not in cmd
    server.clear_log()
    with pytest.raises(OperationFailure, match="snapshot"):
        list(quiet(coll.find, {}, snapshot=True, sort=[("k", 1)]))
    assert commands(server, "find") == []


def test_max_scan_is_refused_naming_max_time_ms(coll, server):
    cursor, codes = codes_of(coll.find, {}, max_scan=5)
    assert "LM711" in codes
    with pytest.raises(OperationFailure, match="max_time_ms"):
        list(cursor)
    assert commands(server, "find") == []  # nothing reached the server


def test_network_timeout_bounds_each_round_trip(coll, server):
    cursor, codes = codes_of(coll.find, {}, network_timeout=5)
    assert "LM704" in codes
    assert len(list(cursor)) == 10
    assert "maxTimeMS" in commands(server, "find")[0]  # pymongo.timeout()
    assert "maxTimeMS" not in commands(server, "count") or True
    server.clear_log()
    server.delay(1.5, command="find", times=1)
    with pytest.raises(AutoReconnect):  # 2.8: AutoReconnect ("timed out")
        list(quiet(coll.find, {}, network_timeout=0.3))
    list(coll.find())  # no timeout without the keyword


def test_unknown_keyword_is_ignored_with_a_warning_as_28_ignored_it(coll):
    # PyMongo 2.8.1 (oracle): MongoClient(...).db.coll.find({}, no_such_option=1)
    # builds a Cursor; its **kwargs only ever supplied network_timeout.
    with pytest.warns(UserWarning, match="no_such_option"):
        cursor = coll.find({}, no_such_option=1)
    assert len(list(cursor)) == len(list(coll.find()))


def test_find_one_by_id_and_fields(coll):
    assert coll.find_one(4) == {"_id": 4, "k": 1, "s": "v4"}
    assert quiet(coll.find_one, 4, fields=["s"]) == {"_id": 4, "s": "v4"}
    assert coll.find_one({"_id": "missing"}) is None


def test_collection_call_error_message_of_28(make):
    db = make().db
    with pytest.raises(TypeError) as info:
        db.coll.insert_twice({})
    assert str(info.value) == (
        "'Collection' object is not callable. If you meant to call the 'insert_twice' "
        "method on a 'Collection' object it is failing because no such method exists.")
    with pytest.raises(TypeError, match="'foo' method on a 'Database' object"):
        db.foo()


# -- find_and_modify ------------------------------------------------------------------


def test_find_and_modify_command_and_shapes(make, server):
    coll = make(w=2, wtimeout=100).db.fam  # a write concern 2.8 did NOT send
    quiet(coll.insert, [{"_id": 1, "n": 1}], w=1)
    server.clear_log()
    value, codes = codes_of(coll.find_and_modify, {"_id": 1}, {"$inc": {"n": 1}},
                            new=True, fields=["n"])
    assert codes == ["LM405"]
    assert value == {"_id": 1, "n": 2}
    [cmd] = commands(server, "findAndModify")
    assert cmd["findAndModify"] == "fam"
    assert cmd["query"] == {"_id": 1} and cmd["update"] == {"$inc": {"n": 1}}
    assert cmd["new"] is True and _projection(cmd, "fields") == {"n": 1}
    assert "writeConcern" not in cmd and "upsert" not in cmd and "sort" not in cmd
    assert quiet(coll.find_and_modify, {"_id": 1}, {"$inc": {"n": 1}}) == {"_id": 1, "n": 2}
    assert quiet(coll.find_and_modify, {"_id": 9}, {"$set": {"n": 1}}) is None
    assert quiet(coll.find_and_modify, {"_id": 9}, {"$set": {"n": 1}}, upsert=True) is None
    full = quiet(coll.find_and_modify, {"_id": 1}, remove=True, full_response=True)
    assert full["ok"] == 1.0 and full["value"] == {"_id": 1, "n": 3}
    assert full["lastErrorObject"]["n"] == 1
    assert quiet(coll.find_and_modify, {"_id": 1}, remove=True) is None


def test_find_and_modify_sort_forms(coll, server):
    assert quiet(coll.find_and_modify, {}, {"$set": {"x": 1}},
                 sort=[("_id", -1)])["_id"] == 9
    assert commands(server, "findAndModify")[0]["sort"] == {"_id": -1}
    with pytest.warns(DeprecationWarning, match="mapping types for `sort`"):
        quiet_ok = coll.find_and_modify({}, {"$set": {"x": 2}}, sort=SON([("_id", 1)]))
    assert quiet_ok["_id"] == 0
    with pytest.raises(TypeError, match="sort must be a list"):
        quiet(coll.find_and_modify, {}, {"$set": {"x": 1}}, sort={"a": 1, "b": 1})


def test_find_and_modify_argument_errors(coll):
    with pytest.raises(ValueError, match="Must either update or remove"):
        quiet(coll.find_and_modify, {"_id": 1})
    with pytest.raises(ValueError, match="Can't do both update and remove"):
        quiet(coll.find_and_modify, {"_id": 1}, {"$set": {"a": 1}}, remove=True)


# -- indexes ----------------------------------------------------------------------------


def test_ensure_index_cache_per_client(make, server):
    client = make()
    coll = client.db.idx
    name, codes = codes_of(coll.ensure_index, "a")
    assert name == "a_1" and codes == ["LM407"]
    assert quiet(coll.ensure_index, "a") is None
    assert quiet(client.db.idx.ensure_index, [("a", 1)]) is None  # another Collection object
    assert len(commands(server, "createIndexes")) == 1
    # The cache is per client: a second client asks the server again.
    assert quiet(make().db.idx.ensure_index, "a") == "a_1"
    assert len(commands(server, "createIndexes")) == 2
    # drop_index / drop_indexes / drop forget it.
    coll.drop_index("a_1")
    assert quiet(coll.ensure_index, "a") == "a_1"
    coll.drop_indexes()
    assert quiet(coll.ensure_index, "a") == "a_1"
    coll.drop()
    assert quiet(coll.ensure_index, "a") == "a_1"
    # Expiry.
    assert quiet(coll.ensure_index, "b", cache_for=0.1) == "b_1"
    assert quiet(coll.ensure_index, "b", cache_for=0.1) is None
    time.sleep(0.15)
    assert quiet(coll.ensure_index, "b") == "b_1"


def test_create_index_2x_arguments(make, server):
    coll = make().db.idx
    name, codes = codes_of(coll.create_index, [("x", 1), ("y", -1)], 60)
    assert name == "x_1_y_-1" and "LM418" in codes
    assert quiet(coll.ensure_index, [("x", 1), ("y", -1)]) is None  # create_index cached it
    with pytest.warns(DeprecationWarning, match="ttl is deprecated"):
        coll.create_index("z", ttl=5)
    name, codes = codes_of(coll.create_index, "w", unique=True, drop_dups=True, background=True)
    assert "LM419" in codes
    spec = commands(server, "createIndexes")[-1]["indexes"][0]
    assert spec["key"] == {"w": 1} and spec["unique"] is True and spec["background"] is True
    assert "dropDups" not in spec and "drop_dups" not in spec and "cache_for" not in spec
    with pytest.raises(ValueError):
        coll.create_index([])
    with pytest.raises(TypeError, match="cache_for must be an integer or float"):
        quiet(coll.create_index, "a", cache_for="x")
    # PyMongo 4's form still works: the 2nd positional as a session.
    with coll.database.client.start_session() as session:
        assert coll.create_index("q", session) == "q_1"
    for cmd in commands(server, "createIndexes"):
        assert "writeConcern" not in cmd


def test_index_commands_acknowledged_on_a_connection(make, server):
    coll = make("Connection").db.idx  # unacknowledged writes by default
    assert quiet(coll.ensure_index, "a") == "a_1"
    [record] = [r for r in server.log(app_only=True) if r.op == "createIndexes"]
    assert record.more_to_come is False and record.write_concern is None
    with pytest.raises(OperationFailure):
        coll.drop_index("missing_1")  # 2.8: OperationFailure, not silence


def test_index_information_shape(make):
    coll = make().db.idx
    quiet(coll.ensure_index, [("a", 1), ("b", -1)], unique=True)
    info = coll.index_information()
    assert info["a_1_b_-1"]["key"] == [("a", 1), ("b", -1)]
    assert info["a_1_b_-1"]["unique"] is True
    assert "name" not in info["a_1_b_-1"]
    assert info["_id_"]["key"] == [("_id", 1)]


def test_reindex_sends_reindex(coll, server):
    server.fail_command("reIndex", {"ok": 1, "nIndexesWas": 1, "nIndexes": 1,
                                    "indexes": [{"key": {"_id": 1}, "name": "_id_"}]})
    reply, codes = codes_of(coll.reindex)
    assert codes == ["LM409"] and reply["nIndexes"] == 1
    assert commands(server, "reIndex") == [{"reIndex": "coll"}]


# -- aggregate --------------------------------------------------------------------


def test_aggregate_returns_the_28_reply_dict(coll, server):
    reply, codes = codes_of(coll.aggregate, {"$match": {"k": 1}})
    assert codes == []
    assert codes_of(lambda: reply["ok"])[1] == ["LM408"]  # the 2.x use of the reply
    assert codes_of(reply.get, "result")[1] == ["LM408"]
    assert codes_of(list, reply)[1] == []  # the modern use
    assert reply == {"result": [{"_id": 1, "k": 1, "s": "v1"}, {"_id": 4, "k": 1, "s": "v4"},
                                {"_id": 7, "k": 1, "s": "v7"}], "ok": 1.0}
    assert isinstance(reply, dict) and sorted(reply.keys()) == ["ok", "result"]
    assert repr(reply).startswith("{'result': [")
    assert [d["_id"] for d in reply] == [1, 4, 7]  # iterating yields documents
    [cmd] = commands(server, "aggregate")
    assert cmd["pipeline"] == [{"$match": {"k": 1}}] and cmd["cursor"] == {}
    assert quiet(coll.aggregate, ({"$match": {"_id": 2}},))["result"] == [
        {"_id": 2, "k": 2, "s": "v2"}]
    with pytest.raises(TypeError, match="pipeline must be a dict, list or tuple"):
        quiet(coll.aggregate, "x")


def test_aggregate_with_cursor_returns_command_cursor(coll, server):
    cursor, codes = codes_of(coll.aggregate, [{"$match": {"k": 0}}], cursor={"batchSize": 2})
    assert "LM408" not in codes
    assert isinstance(cursor, CommandCursor) and isinstance(cursor, ModernCommandCursor)
    assert [d["_id"] for d in cursor] == [0, 3, 6, 9]
    assert isinstance(cursor._collection, LegacyCollection) and cursor._collection == coll
    assert commands(server, "aggregate")[0]["cursor"] == {"batchSize": 2}
    assert [d["_id"] for d in coll.aggregate(pipeline=[{"$match": {"k": 2}}], cursor={})] == [
        2, 5, 8]


def test_aggregate_explain_uses_the_command(coll, server):
    server.fail_command("aggregate", {"ok": 1, "stages": [{"$cursor": {}}]})
    reply = quiet(coll.aggregate, [{"$match": {}}], explain=True)
    assert reply["stages"] == [{"$cursor": {}}]
    assert commands(server, "aggregate")[0]["explain"] is True


def test_aggregate_routing_keywords_stay_out_of_the_command(coll, server):
    quiet(coll.aggregate, [{"$match": {}}], read_preference=0, compile_re=False,
          allowDiskUse=True)
    [cmd] = commands(server, "aggregate")
    assert cmd["allowDiskUse"] is True
    assert not {"read_preference", "compile_re"} & set(cmd)


# -- group, map_reduce, parallel_scan ------------------------------------------


def test_group_sends_the_28_command(coll, server):
    server.fail_command("group", {"ok": 1, "retval": [{"k": 0, "n": 4.0}], "count": 4,
                                  "keys": 1})
    result, codes = codes_of(coll.group, ["k"], {"k": 0}, {"n": 0},
                             "function(o, p) { p.n++ }")
    assert codes == ["LM410"] and result == [{"k": 0, "n": 4.0}]
    [cmd] = commands(server, "group")
    group = cmd["group"]
    assert group["ns"] == "coll" and group["key"] == {"k": 1}
    assert group["$reduce"] == Code("function(o, p) { p.n++ }")
    assert group["cond"] == {"k": 0} and group["initial"] == {"n": 0}
    server.fail_command("group", {"ok": 1, "retval": []})
    quiet(coll.group, "function(doc) { return {a: 1} }", {}, {}, "function(o, p) {}",
          finalize="function(r) {}")
    group = commands(server, "group")[-1]["group"]
    assert group["$keyf"] == Code("function(doc) { return {a: 1} }")
    assert group["finalize"] == Code("function(r) {}")


def test_group_on_a_server_without_it_names_aggregate(coll):
    with pytest.raises(OperationFailure, match=r"aggregate\(") as info:
        quiet(coll.group, ["k"], {}, {"n": 0}, "function(o, p) { p.n++ }")
    assert info.value.code == 59


def test_map_reduce_shapes(make, server):
    client = make()
    coll = client.db.mr
    server.fail_command("mapreduce", {"ok": 1, "result": "out", "counts": {}})
    out, codes = codes_of(coll.map_reduce, "function(){}", "function(k, v){}", "out",
                          query={"a": 1})
    assert codes == ["LM411"]
    assert isinstance(out, LegacyCollection) and out.full_name == "db.out"
    [cmd] = commands(server, "mapreduce")
    assert cmd["mapreduce"] == "mr" and cmd["out"] == "out" and cmd["query"] == {"a": 1}
    server.fail_command("mapreduce", {"ok": 1, "result": {"db": "other", "collection": "o"}})
    out = quiet(coll.map_reduce, "m", "r", SON([("replace", "o"), ("db", "other")]))
    assert out.full_name == "other.o"
    server.fail_command("mapreduce", {"ok": 1, "result": "out", "timeMillis": 3})
    full = quiet(coll.map_reduce, "m", "r", "out", full_response=True)
    assert full["timeMillis"] == 3
    with pytest.raises(TypeError):
        quiet(coll.map_reduce, "m", "r", 5)
    server.fail_command("mapreduce", {"ok": 1, "results": [{"_id": 1, "value": 2.0}]})
    results, codes = codes_of(coll.inline_map_reduce, "m", "r")
    assert codes == ["LM412"] and results == [{"_id": 1, "value": 2.0}]
    assert commands(server, "mapreduce")[-1]["out"] == {"inline": 1}


def test_parallel_scan_emulated_with_one_cursor(coll, server):
    cursors, codes = codes_of(coll.parallel_scan, 4)
    assert codes == ["LM413"]
    assert len(cursors) == 1 and isinstance(cursors[0], CommandCursor)
    assert sorted(d["_id"] for c in cursors for d in c) == list(range(10))
    assert commands(server, "parallelCollectionScan") == []
    with pytest.raises(TypeError):
        quiet(coll.parallel_scan, "4")


# -- modern methods behave as on a plain PyMongo 4 Collection ----------------------


def _modern_session(collection):
    from pymongo import DeleteMany, InsertOne, UpdateOne

    out = []
    out.append(collection.insert_one({"_id": 1, "a": 1}).inserted_id)
    out.append(collection.insert_many([{"_id": i, "a": i % 2} for i in range(2, 8)])
               .inserted_ids)
    out.append(list(collection.find({"a": 1}, projection={"_id": 1}, sort=[("_id", -1)],
                                    limit=3, skip=0)))
    out.append(list(collection.find({}, {"a": 1}, 1, 2)))
    out.append(collection.find_one({"_id": 2}))
    out.append(list(collection.aggregate([{"$match": {"a": 0}}, {"$sort": {"_id": 1}}])))
    out.append(collection.count_documents({"a": 1}))
    out.append(collection.estimated_document_count())
    out.append(sorted(collection.distinct("a")))
    result = collection.bulk_write([InsertOne({"_id": 20}), UpdateOne({"_id": 2},
                                                                      {"$set": {"b": 1}}),
                                    DeleteMany({"a": 1})])
    out.append(result.bulk_api_result)
    out.append(collection.update_one({"_id": 2}, {"$inc": {"b": 1}}).raw_result)
    out.append(collection.find_one_and_update({"_id": 2}, {"$inc": {"b": 1}}))
    out.append(collection.delete_many({"a": 0}).deleted_count)
    other = collection.with_options(read_preference=pymongo.ReadPreference.PRIMARY)
    out.append(list(other.find()))
    out.append(collection.create_index("a"))
    return out


def test_modern_methods_match_plain_pymongo(server, make, make_client):
    plain = make_client(server, directConnection=True, retryWrites=False,
                        uuidRepresentation="pythonLegacy").db.modern
    plain.drop()
    server.clear_log()
    expected = _modern_session(plain)
    plain_commands = commands(server)
    plain.drop()
    legacy = make().db.modern
    server.clear_log()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = _modern_session(legacy)
    assert [str(w.message) for w in caught if isinstance(w.message, LegacyMongoWarning)] == []
    assert got == expected
    assert commands(server) == plain_commands


def test_insert_update_save_apply_incoming_manipulators(make, server):
    # 2.8 (spec §4.5, PYTHON-709): plain incoming manipulators, then the _id
    # is added to the caller's dict, then copying manipulators; update/save
    # with manipulate=True run every incoming manipulator.
    from legacy_mongo.runtime.son_manipulator import NamespaceInjector, SONManipulator

    class Stamp(SONManipulator):
        def will_copy(self):
            return True

        def transform_incoming(self, son, collection):
            son = dict(son)
            son["stamped"] = True
            return son

    db = make().db
    quiet(db.add_son_manipulator, NamespaceInjector())
    quiet(db.add_son_manipulator, Stamp())
    coll = db.manip
    doc = {"x": 1}
    _id = quiet(coll.insert, doc)
    assert doc["_id"] == _id and doc["_ns"] == "manip" and "stamped" not in doc
    assert server.backend.db.manip.find_one({"_id": _id}) == {
        "_id": _id, "x": 1, "_ns": "manip", "stamped": True}
    quiet(coll.update, {"_id": _id}, {"y": 2}, manipulate=True)
    assert server.backend.db.manip.find_one({"_id": _id}) == {
        "_id": _id, "y": 2, "_ns": "manip", "stamped": True}
    quiet(coll.update, {"_id": _id}, {"z": 3})  # manipulate=False by default
    assert server.backend.db.manip.find_one({"_id": _id}) == {"_id": _id, "z": 3}
    assert quiet(coll.save, {"_id": _id, "w": 4}) == _id  # save: manipulate=True
    assert server.backend.db.manip.find_one({"_id": _id})["stamped"] is True
    assert quiet(coll.insert, {"_id": 7}, manipulate=False) == 7
    assert server.backend.db.manip.find_one({"_id": 7}) == {"_id": 7}


def test_rename_is_acknowledged_on_a_connection(make, server):
    coll = make("Connection").db.src
    quiet(coll.insert, {"_id": 1}, w=1)
    quiet(make("Connection").db.dst.insert, {"_id": 1}, w=1)
    server.clear_log()
    # 2.8: renameCollection is a command, so an existing target raises even
    # on a Connection (whose writes are unacknowledged).
    server.fail_command("renameCollection", {"ok": 0, "code": 48,
                                             "errmsg": "target namespace exists"})
    with pytest.raises(OperationFailure) as info:
        coll.rename("dst")
    assert info.value.code == 48
    [record] = [r for r in server.log(app_only=True) if r.op == "renameCollection"]
    assert record.more_to_come is False and record.write_concern is None


def test_repr_distinct_options(make):
    coll = make().db.misc
    assert repr(coll) == "Collection(%r, 'misc')" % (coll.database,)
    quiet(coll.insert, [{"a": 1}, {"a": 2}, {"a": 1}])
    assert sorted(coll.distinct("a")) == [1, 2]
    with pytest.raises(TypeError):
        coll.distinct(5)
    assert coll.database.nothing.options() == {}


def test_index_and_rename_commands_carry_no_write_concern(make, server):
    # 2.8 sent createIndexes/dropIndexes/renameCollection as plain commands:
    # a client's w=2 never reached them (PyMongo 4 would send it).
    coll = make(w=2, wtimeout=1000).db.wc_idx
    assert quiet(coll.ensure_index, "a") == "a_1"
    assert coll.create_index("b") == "b_1"
    coll.drop_index("a_1")
    coll.drop_indexes()
    server.fail_command("renameCollection", {"ok": 1})
    coll.rename("wc_idx2")
    sent = [r for r in server.log(app_only=True)
            if r.op in ("createIndexes", "dropIndexes", "renameCollection")]
    assert [r.op for r in sent] == ["createIndexes", "createIndexes", "dropIndexes",
                                    "dropIndexes", "renameCollection"]
    assert all(r.write_concern is None and not r.more_to_come for r in sent)


def test_aggregate_out_carries_no_write_concern(make, server):
    # 2.8 ran aggregate as a plain command: a Connection's w=0 or a client's
    # w=2 never reached an $out pipeline.
    for coll in (make("Connection").db.agg_out1, make(w=2).db.agg_out2):
        quiet(coll.insert, {"_id": 1}, w=1)
        server.clear_log()
        quiet(coll.aggregate, [{"$match": {}}, {"$out": "copy"}])
        [record] = [r for r in server.log(app_only=True) if r.op == "aggregate"]
        assert record.write_concern is None and not record.more_to_come


def test_write_errors_map_as_in_28(make, server):
    # Spec §5.2 (write commands): the LAST write error, details = that error
    # sub-document, str() = its errmsg; a write-concern timeout is a
    # WTimeoutError; "not master" (ok: 0) is a plain AutoReconnect.
    from pymongo.errors import DuplicateKeyError, WTimeoutError

    coll = make().db.errs
    server.fail_command("insert", {"ok": 1, "n": 0, "writeErrors": [
        {"index": 0, "code": 2, "errmsg": "bad"}, {"index": 1, "code": 5, "errmsg": "worse"}]})
    with pytest.raises(OperationFailure) as info:
        quiet(coll.insert, [{"_id": "c"}, {"_id": "d"}], continue_on_error=True)
    assert type(info.value) is OperationFailure and str(info.value) == "worse"
    assert info.value.code == 5 and info.value.details == {"index": 1, "code": 5,
                                                           "errmsg": "worse"}
    server.fail_command("insert", {"ok": 1, "n": 1, "writeConcernError": {
        "code": 64, "errmsg": "waiting for replication timed out", "errInfo": {"wtimeout": True}}})
    with pytest.raises(WTimeoutError) as info:
        quiet(coll.insert, {"_id": "a"})
    assert str(info.value) == "waiting for replication timed out" and info.value.code == 64
    server.fail_command("update", {"ok": 0, "errmsg": "not master", "code": 10107})
    with pytest.raises(AutoReconnect) as info:
        quiet(coll.update, {"_id": "a"}, {"$set": {"x": 1}})
    assert str(info.value) == "not master" and info.value.details is None
    quiet(coll.insert, {"_id": 1})
    with pytest.raises(DuplicateKeyError) as info:
        quiet(coll.insert, [{"_id": 2}, {"_id": 1}])
    assert info.value.code == 11000 and info.value.details["index"] == 1
    assert "op" not in info.value.details and "full error" not in str(info.value)


# -- 2.8's BaseObject settings on the Collection: snapshots of the Database (spec §2.3) --------
# Expected values: PyMongo 2.8.1 (.oracle-venv) run on the same sequence of calls.


def test_collection_settings_snapshot_the_database(make):
    from legacy_mongo.runtime import read_preferences as legacy_rp

    db = make().pymongo_test
    coll = db.coll
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        latency = coll.secondary_acceptable_latency_ms
        assert (latency, type(latency)) == (15.0, float)
        assert (coll.slave_okay, coll.tag_sets, coll.uuid_subtype) == (False, [{}], 3)
        assert coll.read_preference == 0 and not coll.read_preference
        db.slave_okay = True
        db.uuid_subtype = 4
        db.read_preference = legacy_rp.ReadPreference.SECONDARY
        db.tag_sets = [{"dc": "ny"}]
        # the existing collection keeps what it copied
        assert (coll.slave_okay, coll.uuid_subtype, coll.read_preference, coll.tag_sets) == (
            False, 3, 0, [{}])
        coll2 = db.coll2
        assert (coll2.slave_okay, coll2.uuid_subtype, coll2.read_preference,
                coll2.tag_sets) == (True, 4, 2, [{"dc": "ny"}])
        coll2.slave_okay = False
        coll2.uuid_subtype = 3
        coll2.tag_sets = [{"dc": "sf"}]
        # a child's changes never reach the parent ...
        assert (db.slave_okay, db.uuid_subtype, db.tag_sets) == (True, 4, [{"dc": "ny"}])
        # ... and a sub-collection is made from the Database, as in 2.8
        sub = coll2.sub
        assert isinstance(sub, LegacyCollection) and sub.name == "coll2.sub"
        assert (sub.slave_okay, sub.uuid_subtype, sub.tag_sets, sub.read_preference) == (
            True, 4, [{"dc": "ny"}], 2)
        assert coll2["sub"].tag_sets == [{"dc": "ny"}]
        # with_options copies the Collection itself (PyMongo 4's meaning)
        assert coll2.with_options().slave_okay is False


def test_sub_collection_write_concern_comes_from_the_database(make):
    coll = make().db.coll
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        coll.write_concern["w"] = 2
        assert dict(coll.sub.write_concern) == {}  # 2.8.1 printed {}
        assert dict(coll.write_concern) == {"w": 2}


def test_collection_latency_and_slave_okay_from_the_client(make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        coll = make(localThresholdMS=30, slave_okay=True).db.coll
        latency = coll.secondary_acceptable_latency_ms
        assert (latency, type(latency)) == (30.0, float)
        assert coll.slave_okay is True
        with pytest.raises(ConfigurationError):
            coll.uuid_subtype = 9


def test_collection_uuid_subtype_reaches_the_wire(make, server):
    import uuid

    coll = make().db.uuids
    u = uuid.UUID("00112233445566778899aabbccddeeff")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        coll.uuid_subtype = 4
        coll.insert({"_id": 1, "u": u})
    inserts = [r.command for r in server.log(app_only=True) if r.op == "insert"]
    assert inserts[-1]["documents"][0]["u"].subtype == 4
    assert make().db.uuids.uuid_subtype == 3


def test_collection_slave_okay_is_find_and_count_default(make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        db = make().db
        db.slave_okay = True
        coll = db.coll
        assert coll.find()._get_read_preference().mode == 3  # secondaryPreferred
        assert coll.find(slave_okay=False)._get_read_preference().mode == 0
        coll.slave_okay = False
        assert coll.find()._get_read_preference().mode == 0


def test_collection_slave_okay_does_not_route_on_a_replica_set_client(make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = make("MongoReplicaSetClient", _connect=False, replicaSet="rs")
        coll = client.db.coll
        coll.slave_okay = True
        assert coll.slave_okay is True
        # 2.8's replica-set client routed by read_preference alone
        assert coll.find()._get_read_preference().mode == 0


def test_invalid_routing_keywords_still_refused_on_a_replica_set_client(replica_set):
    # 2.8's replica-set clients routed each query by its read_preference:
    # an invalid one cannot be ignored there.
    import warnings

    client = legacy_mongo.MongoReplicaSetClient(replica_set.uri, socketTimeoutMS=5000,
                                                connectTimeoutMS=5000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(ConfigurationError):
                client.db.coll.find({}, read_preference=7)
    finally:
        client.close()


def test_check_keys_rejects_bad_keys_at_every_call_after_good_ones_were_remembered(monkeypatch):
    # Expected messages: PyMongo 2.8.1 (the oracle), bson.BSON.encode(doc,
    # check_keys=True) on the same documents.
    from bson.errors import InvalidDocument

    from legacy_mongo.runtime import collection as legacy_collection

    class Key(str):
        pass

    monkeypatch.setattr(legacy_collection, "_CHECKED_KEYS", set())
    monkeypatch.setattr(legacy_collection, "_CHECKED_KEYS_KEPT", 3)
    check = legacy_collection.check_keys
    check({"ok": 1, "sub": {"fine": 2}})
    assert legacy_collection._CHECKED_KEYS == {"ok", "sub", "fine"}
    cases = [({"ok": 1, "a.b": 1}, "key 'a.b' must not contain '.'"),
             ({"$x": 1}, "key '$x' must not start with '$'"),
             ({"sub": {"a.b": 1}}, "key 'a.b' must not contain '.'"),
             ({"sub": [{"$y": 1}]}, "key '$y' must not start with '$'"),
             ({1: 2}, "documents must have only string keys, key was 1"),
             ({Key("$z"): 1}, "key '$z' must not start with '$'")]
    for _ in range(2):  # nothing bad is remembered
        for document, message in cases:
            with pytest.raises(InvalidDocument) as info:
                check(document)
            assert str(info.value) == message
    check({"more": 1})  # past the bound: checked, not remembered
    assert legacy_collection._CHECKED_KEYS == {"ok", "sub", "fine"}


def test_references_read_back_take_attribute_assignment(make):
    # 2.8's DBRef had no __slots__: MongoAlchemy sets ref.type on every
    # reference it loads.  PyMongo 4's C decoder builds its slotted class; the
    # shim's decoder turns each into the legacy subclass (conformance
    # scenario bson_dbref_attributes_and_uuid_json).
    from bson.dbref import DBRef as ModernDBRef
    from legacy_mongo.runtime.bson_compat import DBRef as LegacyDBRef, _ModernDBRef

    coll = make().db.refs
    quiet(coll.drop)
    quiet(coll.insert, {"_id": 1, "r": _ModernDBRef("a", 1, "db", x=2),
                        "l": [_ModernDBRef("b", 2)], "s": {"t": _ModernDBRef("c", 3)}})
    doc = coll.find_one()
    for ref in (doc["r"], doc["l"][0], doc["s"]["t"]):
        assert type(ref) is LegacyDBRef and isinstance(ref, ModernDBRef)
        ref.type = "User"
        assert ref.type == "User"
    assert doc["r"] == _ModernDBRef("a", 1, "db", x=2) and doc["r"].x == 2
    # A DBRef decoder of the program's own is left alone.
    from bson.codec_options import TypeDecoder, TypeRegistry

    class Mine(TypeDecoder):
        bson_type = _ModernDBRef

        def transform_bson(self, value):
            return ("mine", value.id)

    mine = make(type_registry=TypeRegistry([Mine()])).db.refs
    assert mine.find_one()["r"] == ("mine", 1)


def test_count_goes_through_a_subclass_find_as_in_2_8(make):
    """2.8.1's ``Collection.count()`` is ``return self.find().count()``: a
    subclass overriding ``find`` decides what is counted (Ming's in-memory
    ``mim.Collection`` answers from its own store and never reaches a server)."""

    class OwnCursor:
        def count(self):
            return 42

    class InMemory(LegacyCollection):
        def find(self, *args, **kwargs):
            return OwnCursor()

    class Narrowed(LegacyCollection):
        def find(self, *args, **kwargs):
            return super().find({"kept": True})

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        db = make().db
        db.coll.insert([{"kept": True}, {"kept": False}, {"kept": True}])
        assert InMemory(db, "coll").count() == 42
        assert Narrowed(db, "coll").count() == 2
        assert db.coll.count() == 3
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Narrowed(db, "coll").count()
    codes = [w.message.code for w in caught if isinstance(w.message, LegacyMongoWarning)]
    assert codes == ["LM406"]  # one legacy call, one warning (no LM501 from inside)
