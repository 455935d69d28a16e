"""Legacy CRUD against a real server (spec §4.1, §4.2): insert/save/update/
remove/find with 2.x arguments, find_and_modify, count, distinct, rename,
options."""
import pymongo
import pytest
from bson import ObjectId
from pymongo.errors import DuplicateKeyError, InvalidOperation, OperationFailure


@pytest.fixture
def coll(mongo_client, db_name):
    return mongo_client[db_name].crud


@pytest.fixture
def five(coll):
    coll.insert([{"_id": i, "x": i, "tag": "even" if i % 2 == 0 else "odd"}
                 for i in range(5)])
    return coll


def test_insert_returns_ids_and_adds_them(coll):
    doc = {"a": 1}
    new_id = coll.insert(doc)
    assert isinstance(new_id, ObjectId) and doc["_id"] == new_id
    docs = [{"b": 1}, {"_id": "given", "b": 2}]
    ids = coll.insert(docs)
    assert ids == [docs[0]["_id"], "given"]
    assert coll.insert({"c": 1}, manipulate=False) is None
    assert coll.find_one({"c": 1})["_id"] is not None  # the server made one
    assert coll.count() == 4
    with pytest.raises(InvalidOperation):
        coll.insert([])


def test_insert_continue_on_error(coll):
    coll.insert({"_id": 2})
    with pytest.raises(DuplicateKeyError):
        coll.insert([{"_id": 1}, {"_id": 2}, {"_id": 3}])
    assert sorted(d["_id"] for d in coll.find()) == [1, 2]
    with pytest.raises(DuplicateKeyError):
        coll.insert([{"_id": 4}, {"_id": 2}, {"_id": 5}], continue_on_error=True)
    assert sorted(d["_id"] for d in coll.find()) == [1, 2, 4, 5]


def test_save(coll):
    doc = {"a": 1}
    new_id = coll.save(doc)
    assert doc["_id"] == new_id
    doc["a"] = 2
    assert coll.save(doc) == new_id
    assert coll.find_one() == {"_id": new_id, "a": 2}
    assert coll.save({"_id": "upserted", "a": 3}) == "upserted"
    assert coll.count() == 2


def test_find_legacy_keywords(five):
    docs = list(five.find(spec={"x": {"$gte": 1}}, fields=["x"], skip=1, limit=2,
                          sort=[("x", pymongo.DESCENDING)]))
    assert docs == [{"_id": 3, "x": 3}, {"_id": 2, "x": 2}]
    # 2.8's positional order: spec, fields, skip, limit.
    docs = list(five.find({"x": {"$gte": 1}}, ["x"], 1, 2).sort("x", -1))
    assert docs == [{"_id": 3, "x": 3}, {"_id": 2, "x": 2}]
    # An empty field list means "only _id".
    assert list(five.find({"_id": 0}, fields=[])) == [{"_id": 0}]
    assert list(five.find({"_id": 0}, fields={"_id": False, "tag": True})) == [{"tag": "even"}]
    # timeout=False (no-cursor-timeout flag) reads normally.
    assert [d["_id"] for d in five.find(timeout=False).sort([("_id", 1)])] == [0, 1, 2, 3, 4]
    # sort forms: list of pairs, key + direction, several keys.
    assert [d["_id"] for d in five.find(sort=[("tag", 1), ("x", -1)])] == [4, 2, 0, 3, 1]
    assert [d["_id"] for d in five.find().sort("x", pymongo.DESCENDING)] == [4, 3, 2, 1, 0]
    assert [d["_id"] for d in five.find().sort([("x", 1)]).skip(3)] == [3, 4]
    assert [d["_id"] for d in five.find().sort("x").limit(-2)] == [0, 1]


def test_find_one_forms(five):
    assert five.find_one(2) == {"_id": 2, "x": 2, "tag": "even"}
    assert five.find_one({"x": 3}, ["tag"]) == {"_id": 3, "tag": "odd"}
    assert five.find_one(skip=1, sort=[("x", 1)])["_id"] == 1
    assert five.find_one(skip=1, limit=3, sort=[("x", 1)])["_id"] == 1
    assert five.find_one({"x": 100}) is None


def test_query_on_a_field_named_query(coll):
    coll.insert({"_id": 1, "query": "yes"})
    assert coll.find_one({"query": "yes"}) == {"_id": 1, "query": "yes"}


def test_count(five, mongo_client, db_name):
    assert five.count() == 5
    assert five.find({"x": {"$gt": 1}}).count() == 3
    assert five.find().limit(2).count() == 5
    assert five.find().limit(2).count(True) == 2
    assert five.find().skip(4).limit(3).count(with_limit_and_skip=True) == 1
    assert five.find().skip(2).count(with_limit_and_skip=True) == 3
    assert five.find({"tag": "odd"}).skip(1).count(True) == 1
    assert mongo_client[db_name].missing.count() == 0
    assert mongo_client[db_name].missing.find({"a": 1}).count() == 0


def test_distinct(five):
    assert sorted(five.distinct("tag")) == ["even", "odd"]
    assert sorted(five.find({"x": {"$lt": 2}}).distinct("x")) == [0, 1]


def test_find_and_modify(coll):
    coll.insert({"_id": 1, "n": 0, "other": "o"})
    # Default: the pre-image.
    assert coll.find_and_modify({"_id": 1}, {"$inc": {"n": 1}}) == {"_id": 1, "n": 0, "other": "o"}
    # new=True: the post-image.
    assert coll.find_and_modify({"_id": 1}, {"$inc": {"n": 1}}, new=True)["n"] == 2
    # fields as a list.
    assert coll.find_and_modify({"_id": 1}, {"$inc": {"n": 1}}, new=True,
                                fields=["n"]) == {"_id": 1, "n": 3}
    # No match: None.
    assert coll.find_and_modify({"_id": 99}, {"$inc": {"n": 1}}) is None
    # upsert without new: None (servers >= 2.1.2), the document is created.
    assert coll.find_and_modify({"_id": 2}, {"$set": {"n": 10}}, upsert=True) is None
    assert coll.find_one({"_id": 2}) == {"_id": 2, "n": 10}
    # upsert with new: the created document.
    assert coll.find_and_modify({"_id": 3}, {"$set": {"n": 30}}, upsert=True,
                                new=True) == {"_id": 3, "n": 30}
    # sort picks the document.
    assert coll.find_and_modify({}, {"$set": {"picked": True}}, sort=[("n", -1)])["_id"] == 3
    # full_response: the whole reply.
    reply = coll.find_and_modify({"_id": 1}, {"$set": {"n": 0}}, full_response=True)
    assert reply["ok"] == 1.0
    assert reply["value"]["_id"] == 1 and reply["value"]["n"] == 3
    assert reply["lastErrorObject"]["updatedExisting"] is True
    assert reply["lastErrorObject"]["n"] == 1
    reply = coll.find_and_modify({"_id": 4}, {"$set": {"n": 4}}, upsert=True,
                                 full_response=True)
    assert reply["value"] is None
    assert reply["lastErrorObject"]["updatedExisting"] is False
    assert reply["lastErrorObject"]["upserted"] == 4
    # remove=True returns the removed document.
    assert coll.find_and_modify({"_id": 4}, remove=True) == {"_id": 4, "n": 4}
    assert coll.find_one({"_id": 4}) is None
    with pytest.raises(ValueError):
        coll.find_and_modify({"_id": 1})
    with pytest.raises(ValueError):
        coll.find_and_modify({"_id": 1}, {"$set": {"a": 1}}, remove=True)


def test_find_and_modify_ignores_an_unacknowledged_write_concern(connection, db_name):
    """2.8 sent no writeConcern with findAndModify: on Connection() it is
    still answered (and a duplicate-key upsert still raises)."""
    coll = connection[db_name].fam
    coll.create_index("u", unique=True)
    coll.insert({"_id": 1, "u": 1}, w=1)
    assert coll.find_and_modify({"_id": 1}, {"$set": {"a": 1}}, new=True) == {
        "_id": 1, "u": 1, "a": 1}
    with pytest.raises(DuplicateKeyError):
        coll.find_and_modify({"_id": 2}, {"$set": {"u": 1}}, upsert=True)


def test_rename(mongo_client, db_name):
    db = mongo_client[db_name]
    db.before.insert({"_id": 1})
    db.before.rename("after")
    names = db.collection_names()
    assert "after" in names and "before" not in names
    assert db.after.find_one() == {"_id": 1}
    db.other.insert({"_id": 2})
    with pytest.raises(OperationFailure):
        db.other.rename("after")  # target exists
    db.other.rename("after", dropTarget=True)
    assert db.after.find_one() == {"_id": 2}


def test_options(mongo_client, db_name):
    db = mongo_client[db_name]
    db.create_collection("capped", capped=True, size=4096)
    options = db.capped.options()
    assert options["capped"] is True
    assert options["size"] == 4096
    db.plain.insert({"_id": 1})
    assert db.plain.options() == {}
    assert db.missing.options() == {}
