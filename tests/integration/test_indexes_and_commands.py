"""Index management, aggregation, map/reduce, group, parallel_scan and the
bulk builders against a real server (spec §4.1, §4.7; refusals.py)."""
import time

import pytest
from bson.son import SON
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure

from tests.integration.support import require_version


@pytest.fixture
def db(mongo_client, db_name):
    return mongo_client[db_name]


# -- indexes ----------------------------------------------------------------------------
def test_ensure_index_cache(db):
    coll = db.idx
    assert coll.ensure_index("x") == "x_1"
    assert coll.ensure_index("x") is None  # cached: no round trip
    assert "x_1" in coll.index_information()
    assert coll.ensure_index([("a", 1), ("b", -1)]) == "a_1_b_-1"
    assert coll.ensure_index([("a", 1), ("b", -1)]) is None
    coll.drop_index("x_1")
    assert coll.ensure_index("x") == "x_1"  # drop_index purged the cache
    coll.drop_indexes()
    assert sorted(coll.index_information()) == ["_id_"]
    assert coll.ensure_index("x") == "x_1"
    assert coll.ensure_index([("a", 1), ("b", -1)]) == "a_1_b_-1"
    db.drop_collection("idx")
    assert coll.ensure_index("x") == "x_1"


def test_ensure_index_cache_expires(db):
    coll = db.idx
    assert coll.ensure_index("x", cache_for=1) == "x_1"
    assert coll.ensure_index("x", cache_for=1) is None
    time.sleep(1.2)
    assert coll.ensure_index("x", cache_for=1) == "x_1"


def test_create_index_with_2x_arguments(db):
    coll = db.idx
    assert coll.create_index("c") == "c_1"
    assert coll.ensure_index("c") is None  # create_index fills the cache
    assert coll.create_index([("hello", -1), ("world", 1)]) == "hello_-1_world_1"
    assert coll.create_index([("u", 1)], unique=True, sparse=True, name="my_u") == "my_u"
    assert coll.create_index("t", expireAfterSeconds=3600) == "t_1"
    assert coll.create_index("bg", background=True) == "bg_1"
    assert coll.create_index("c", 60) == "c_1"  # 2.8's positional cache_for
    assert coll.create_index("ttl_alias", ttl=60) == "ttl_alias_1"  # deprecated alias
    info = coll.index_information()
    assert set(info) == {"_id_", "c_1", "hello_-1_world_1", "my_u", "t_1", "bg_1",
                         "ttl_alias_1"}
    assert info["_id_"]["key"] == [("_id", 1)]
    assert info["hello_-1_world_1"]["key"] == [("hello", -1), ("world", 1)]
    assert info["my_u"]["key"] == [("u", 1)]
    assert info["my_u"]["unique"] is True
    assert info["my_u"]["sparse"] is True
    assert info["t_1"]["expireAfterSeconds"] == 3600
    assert "unique" not in info["c_1"]
    with pytest.raises(ValueError):
        coll.create_index([])


def test_unique_index_over_duplicates(db):
    coll = db.idx
    coll.insert([{"k": 1}, {"k": 1}])
    with pytest.raises(DuplicateKeyError) as info:
        coll.create_index("k", unique=True)
    assert info.value.code == 11000
    # drop_dups is dropped (MongoDB >= 3.0): the build still fails, nothing deleted.
    with pytest.raises(DuplicateKeyError):
        coll.ensure_index("k", unique=True, drop_dups=True)
    assert coll.count() == 2


def test_drop_index_by_key_list_and_unknown(db):
    coll = db.idx
    coll.create_index([("a", 1), ("b", 1)])
    coll.drop_index([("a", 1), ("b", 1)])
    assert sorted(coll.index_information()) == ["_id_"]
    with pytest.raises(OperationFailure):
        coll.drop_index("nope_1")


def test_indexes_on_connection_are_acknowledged(connection, db_name):
    coll = connection[db_name].idx
    coll.insert([{"k": 1}, {"k": 1}], w=1)
    with pytest.raises(DuplicateKeyError):
        coll.create_index("k", unique=True)


# -- aggregate --------------------------------------------------------------------------
@pytest.fixture
def agg(db):
    db.agg.insert([{"_id": i, "k": "a" if i < 3 else "b", "v": i} for i in range(5)])
    return db.agg


def test_aggregate_raw_reply_shape(agg):
    pipeline = [{"$group": {"_id": "$k", "total": {"$sum": "$v"}}}, {"$sort": {"_id": 1}}]
    reply = agg.aggregate(pipeline)
    assert isinstance(reply, dict)
    assert reply == {"result": [{"_id": "a", "total": 3}, {"_id": "b", "total": 7}],
                     "ok": 1.0}
    assert reply["ok"] == 1.0
    assert reply["result"][1]["total"] == 7
    assert sorted(reply.keys()) == ["ok", "result"]
    # A single stage dict, and a tuple.
    result = agg.aggregate({"$match": {"k": "b"}})["result"]
    assert sorted(result, key=lambda d: d["_id"]) == [
        {"_id": 3, "k": "b", "v": 3}, {"_id": 4, "k": "b", "v": 4}]
    assert agg.aggregate(({"$match": {"_id": 0}},))["result"] == [{"_id": 0, "k": "a", "v": 0}]
    # pipeline= keyword.
    assert agg.aggregate(pipeline=[{"$count": "n"}]) == {"result": [{"n": 5}], "ok": 1.0}
    with pytest.raises(TypeError):
        agg.aggregate("not a pipeline")


def test_aggregate_cursor_form(agg):
    cursor = agg.aggregate([{"$sort": {"_id": 1}}], cursor={})
    assert not isinstance(cursor, dict)
    assert [d["_id"] for d in cursor] == [0, 1, 2, 3, 4]
    cursor = agg.aggregate([{"$sort": {"_id": 1}}], cursor={"batchSize": 2})
    assert next(cursor)["_id"] == 0
    assert cursor.alive is True
    assert [d["_id"] for d in cursor] == [1, 2, 3, 4]
    assert cursor.alive is False


def test_aggregate_out_on_a_connection(connection, db_name):
    coll = connection[db_name].agg
    coll.insert([{"_id": 1}, {"_id": 2}], w=1)
    reply = coll.aggregate([{"$match": {"_id": 2}}, {"$out": "agg_out"}])
    assert reply == {"result": [], "ok": 1.0}
    assert list(connection[db_name].agg_out.find()) == [{"_id": 2}]


def test_aggregate_error_reads_as_a_command_failure(agg):
    with pytest.raises(OperationFailure) as info:
        agg.aggregate([{"$nosuchstage": {}}])
    assert "failed:" in str(info.value)
    assert info.value.code is not None


# -- map/reduce, group ------------------------------------------------------------------
MAP = "function () { emit(this.k, this.v); }"
REDUCE = "function (key, values) { return Array.sum(values); }"


def _require_map_reduce(plain_client, db_name):
    try:
        plain_client[db_name].command(SON([("mapReduce", "agg"), ("map", MAP),
                                           ("reduce", REDUCE), ("out", {"inline": 1})]))
    except OperationFailure as exc:
        pytest.skip("this server does not run mapReduce (removed, or JavaScript "
                    "disabled): %s" % exc)


def test_map_reduce(agg, plain_client, db_name, db):
    _require_map_reduce(plain_client, db_name)
    out = agg.map_reduce(MAP, REDUCE, "mr_out")
    assert out == db.mr_out
    assert out.full_name == "%s.mr_out" % db_name
    assert sorted((d["_id"], d["value"]) for d in out.find()) == [("a", 3), ("b", 7)]
    reply = agg.map_reduce(MAP, REDUCE, "mr_out", full_response=True)
    assert reply["ok"] == 1.0
    assert reply["result"] == "mr_out"
    # A query and SON output spec.
    out = agg.map_reduce(MAP, REDUCE, SON([("replace", "mr_b"), ("db", db_name)]),
                         query={"k": "b"})
    assert [(d["_id"], d["value"]) for d in out.find()] == [("b", 7)]
    # Inline output: the raw reply.
    reply = agg.map_reduce(MAP, REDUCE, {"inline": 1})
    assert sorted((d["_id"], d["value"]) for d in reply["results"]) == [("a", 3), ("b", 7)]
    with pytest.raises(TypeError):
        agg.map_reduce(MAP, REDUCE, 5)


def test_inline_map_reduce(agg, plain_client, db_name):
    _require_map_reduce(plain_client, db_name)
    results = agg.inline_map_reduce(MAP, REDUCE)
    assert isinstance(results, list)
    assert sorted((d["_id"], d["value"]) for d in results) == [("a", 3), ("b", 7)]
    reply = agg.inline_map_reduce(MAP, REDUCE, full_response=True)
    assert reply["ok"] == 1.0
    assert len(reply["results"]) == 2
    assert agg.inline_map_reduce(MAP, REDUCE, query={"k": "a"}) == [{"_id": "a", "value": 3}]


GROUP_REDUCE = "function (obj, prev) { prev.count++; prev.sum += obj.v; }"


def test_group_refused_on_4_2_and_later(agg, server):
    require_version(server, minimum=(4, 2), why=" (the group command was removed in 4.2)")
    with pytest.raises(OperationFailure) as info:
        agg.group(["k"], {}, {"count": 0, "sum": 0}, GROUP_REDUCE)
    assert info.value.code == 59
    message = str(info.value)
    assert "group command was removed in MongoDB 4.2" in message
    assert "aggregate" in message


def test_group_before_4_2(agg, server):
    require_version(server, below=(4, 2), why=" (the group command exists)")
    result = agg.group(["k"], {}, {"count": 0, "sum": 0}, GROUP_REDUCE)
    assert result == [{"k": "a", "count": 3, "sum": 3}, {"k": "b", "count": 2, "sum": 7}]
    result = agg.group(None, {"k": "b"}, {"count": 0, "sum": 0}, GROUP_REDUCE)
    assert result == [{"count": 2, "sum": 7}]


# -- parallel_scan (emulated) -------------------------------------------------------------
def test_parallel_scan_emulation(agg):
    cursors = agg.parallel_scan(3)
    assert isinstance(cursors, list)
    assert len(cursors) == 1
    assert sorted(d["_id"] for d in cursors[0]) == [0, 1, 2, 3, 4]
    with pytest.raises(OperationFailure):
        agg.parallel_scan(0)


# -- bulk -----------------------------------------------------------------------------------
def test_ordered_bulk_result(db):
    coll = db.bulk
    bulk = coll.initialize_ordered_bulk_op()
    bulk.insert({"_id": 1})
    bulk.insert({"_id": 2})
    bulk.find({"_id": 1}).update_one({"$set": {"a": 1}})
    bulk.find({"_id": 3}).upsert().update_one({"$set": {"a": 3}})
    bulk.find({"_id": 2}).remove_one()
    bulk.find({"_id": 1}).replace_one({"b": 1})
    result = bulk.execute()
    assert result == {
        "nInserted": 2, "nUpserted": 1, "nMatched": 2, "nModified": 2, "nRemoved": 1,
        "upserted": [{"index": 3, "_id": 3}],
        "writeErrors": [], "writeConcernErrors": [],
    }
    assert list(coll.find().sort("_id")) == [{"_id": 1, "b": 1}, {"_id": 3, "a": 3}]


def test_ordered_bulk_error(db):
    coll = db.bulk
    bulk = coll.initialize_ordered_bulk_op()
    for _id in (1, 1, 2):
        bulk.insert({"_id": _id})
    with pytest.raises(BulkWriteError) as info:
        bulk.execute()
    exc = info.value
    assert exc.code == 65
    assert str(exc) == "batch op errors occurred"
    assert exc.details["nInserted"] == 1
    assert len(exc.details["writeErrors"]) == 1
    error = exc.details["writeErrors"][0]
    assert (error["index"], error["code"]) == (1, 11000)
    assert error["op"]["_id"] == 1
    assert [d["_id"] for d in coll.find()] == [1]  # stopped at the error


def test_unordered_bulk_error(db):
    coll = db.bulk
    bulk = coll.initialize_unordered_bulk_op()
    for _id in (1, 1, 2):
        bulk.insert({"_id": _id})
    bulk.find({"_id": 2}).update_one({"$set": {"x": 1}})
    with pytest.raises(BulkWriteError) as info:
        bulk.execute()
    details = info.value.details
    assert info.value.code == 65
    assert details["nInserted"] == 2
    assert details["nModified"] == 1
    assert [e["index"] for e in details["writeErrors"]] == [1]
    assert sorted(d["_id"] for d in coll.find()) == [1, 2]


def test_bulk_on_connection_is_acknowledged(connection, db_name):
    """The builder uses the collection's write_concern dict ({} on
    Connection()), ignoring safe=False: the error is reported."""
    coll = connection[db_name].bulk
    bulk = coll.initialize_ordered_bulk_op()
    bulk.insert({"_id": 1})
    bulk.insert({"_id": 1})
    with pytest.raises(BulkWriteError):
        bulk.execute()
    bulk = coll.initialize_ordered_bulk_op()
    bulk.insert({"_id": 1})
    assert bulk.execute({"w": 0}) is None  # w=0: swallowed, None


def test_bulk_w0_unordered_returns_none(mongo_client, db_name):
    coll = mongo_client[db_name].bulk
    bulk = coll.initialize_unordered_bulk_op()
    bulk.insert({"_id": 1})
    bulk.insert({"_id": 2})
    assert bulk.execute({"w": 0}) is None
    # Unacknowledged on another socket: wait for the server to apply it.
    deadline = time.monotonic() + 10
    while coll.count() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert coll.count() == 2
