"""Reads of 2.x's ``system.indexes`` answered from listIndexes (LM636).

What 2.8.1 itself sees on the test server is compared in
tests/conformance/scenarios/db_system_indexes_reads.py.  The test server's
system.indexes answer is mongomock's filter (1 == True, sub-documents equal in
any order) without sort, projection or count, so the expected values below
come from MongoDB 2.6, whose system.indexes was an ordinary collection: its
query equality is type-strict (a bool never equals a number) and compares
sub-documents field by field in order; count/sort/skip/limit/fields work as on
any collection.  Field names (v, key, name, ns, options) as 2.8.1's
Collection.index_information read them (collection.py, wire < 3 branch:
``system.indexes.find({"ns": full_name}, {"ns": 0})``).
"""
import re

import pytest
from bson.son import SON
from pymongo.errors import InvalidOperation, OperationFailure

from legacy_mongo import warnings as legacy_warnings
from legacy_mongo.runtime.collection import LegacyCollection
from legacy_mongo.runtime.system_indexes import SystemIndexesCursor, matches
from legacy_mongo.warnings import LegacyAPIError

pytestmark = pytest.mark.usefixtures("quiet_legacy_warnings")


@pytest.fixture
def db(make):
    database = make().sysidx_test
    database.things.insert({"a": 1, "b": {"c": 2}})
    database.other.insert({"x": 1})
    database.things.create_index([("a", 1), ("b.c", -1)], unique=True)
    database.things.create_index("b.c", sparse=True, name="deep")
    database.other.create_index("x", expireAfterSeconds=60)
    return database


def test_find_one_by_ns_and_name_gives_the_26_document(db):
    doc = db["system.indexes"].find_one({"ns": "sysidx_test.things", "name": "a_1_b.c_-1"})
    assert doc is not None
    assert doc["key"] == {"a": 1, "b.c": -1} and list(doc["key"]) == ["a", "b.c"]
    assert doc["ns"] == "sysidx_test.things"
    assert doc["unique"] is True
    assert doc["name"] == "a_1_b.c_-1"
    # 2.6's layout: ns straight after name, options kept.
    assert list(doc)[list(doc).index("name") + 1] == "ns"
    assert type(doc) is dict and type(doc["key"]) is dict


def test_attribute_spelling_and_every_collection(db):
    names = sorted((d["ns"], d["name"]) for d in db.system.indexes.find())
    assert names == [("sysidx_test.other", "_id_"), ("sysidx_test.other", "x_1"),
                     ("sysidx_test.things", "_id_"), ("sysidx_test.things", "a_1_b.c_-1"),
                     ("sysidx_test.things", "deep")]
    assert db.system.indexes.find_one({"name": "x_1"})["expireAfterSeconds"] == 60


def test_equality_is_type_and_order_strict(db):
    coll = db["system.indexes"]
    query = {"ns": "sysidx_test.things", "name": "a_1_b.c_-1"}
    assert coll.find_one(dict(query, unique=True)) is not None
    assert coll.find_one(dict(query, unique=1)) is None  # bool vs number
    assert coll.find_one({"key": {"a": 1, "b.c": -1}})["name"] == "a_1_b.c_-1"
    assert coll.find_one({"key": {"a": 1.0, "b.c": -1}})["name"] == "a_1_b.c_-1"
    assert coll.find_one({"key": {"b.c": -1, "a": 1}}) is None  # other field order
    assert coll.find_one({"key.a": 1})["name"] == "a_1_b.c_-1"  # dotted path into key
    # A path walks sub-documents: it never reaches a field whose name has a dot.
    assert coll.find_one({"key.b.c": 1}) is None


def test_operators_regex_and_missing_fields(db):
    coll = db.system.indexes
    assert [d["name"] for d in coll.find({"sparse": {"$exists": True}})] == ["deep"]
    assert sorted(d["name"] for d in coll.find({"name": {"$in": ["deep", "x_1", "zz"]}})) == \
        ["deep", "x_1"]
    assert sorted(d["name"] for d in coll.find({"ns": re.compile(r"\.other$")})) == ["_id_", "x_1"]
    assert sorted(d["name"] for d in coll.find({"ns": "sysidx_test.things",
                                                "unique": None})) == ["_id_", "deep"]
    assert sorted(d["name"] for d in coll.find(
        {"$or": [{"unique": True}, {"sparse": True}]})) == ["a_1_b.c_-1", "deep"]
    assert coll.find_one({"name": {"$ne": "_id_"}, "ns": "sysidx_test.other"})["name"] == "x_1"


def test_unsupported_operator_is_a_clear_error(db):
    with pytest.raises(OperationFailure, match=r"\$gt operator.*list_indexes\(\)"):
        db.system.indexes.find_one({"v": {"$gt": 0}})
    with pytest.raises(OperationFailure, match=r"'hint'.*list_indexes\(\)"):
        db.system.indexes.find({}, hint="x")


def test_count_sort_skip_limit_projection(db):
    coll = db.system.indexes
    assert coll.find({"ns": "sysidx_test.things"}).count() == 3
    assert coll.find({"ns": "sysidx_test.things"}).limit(1).count(True) == 1
    assert coll.count() == 5
    assert coll.count_documents({"ns": "sysidx_test.other"}) == 2
    ordered = coll.find({"ns": "sysidx_test.things"}).sort("name", -1)
    assert [d["name"] for d in ordered] == ["deep", "a_1_b.c_-1", "_id_"]
    page = coll.find({"ns": "sysidx_test.things"}, sort=[("name", 1)], skip=1, limit=1)
    assert [d["name"] for d in page] == ["a_1_b.c_-1"]
    assert coll.find({"ns": "sysidx_test.things"}).sort("name")[2]["name"] == "deep"
    assert [sorted(d) for d in coll.find({"name": "deep"}, ["name", "key"])] == \
        [["key", "name"]]
    assert [sorted(d) for d in coll.find({"name": "deep"}, {"ns": 0, "v": 0})] == \
        [["key", "name", "sparse"]]
    assert type(coll.find_one({"name": "deep"}, as_class=SON)) is SON


def test_options_after_iterating_are_refused(db):
    cursor = db.system.indexes.find()
    next(cursor)
    with pytest.raises(InvalidOperation):
        cursor.limit(1)
    assert len(list(cursor.rewind())) == 5


def test_dropped_collection_and_other_database(db, make):
    db.drop_collection("things")
    assert list(db.system.indexes.find({"ns": "sysidx_test.things"})) == []
    assert db.system.indexes.find_one({"ns": "elsewhere.things"}) is None
    assert [d["ns"] for d in db.system.indexes.find()] == ["sysidx_test.other"] * 2


def test_reads_warn_lm636(db, monkeypatch):
    monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "error")
    legacy_warnings.reload_policy()
    try:
        with pytest.raises(LegacyAPIError) as info:
            db["system.indexes"].find_one({"name": "x_1"})
    finally:
        monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "ignore")
        legacy_warnings.reload_policy()
    assert info.value.code == "LM636"


def test_other_collections_are_untouched(db):
    assert not isinstance(db.things.find(), SystemIndexesCursor)
    assert not isinstance(db["system.js"].find(), SystemIndexesCursor)


def test_matcher_arrays_and_nested_documents():
    doc = {"key": {"a": 1}, "weights": {"t": 1}, "tags": ["x", "y"]}
    assert matches(doc, {"tags": "x"}) and matches(doc, {"tags": ["x", "y"]})
    assert not matches(doc, {"tags": ["y", "x"]})
    assert matches(doc, {"key": SON([("a", 1)])}) and not matches(doc, {"key": {"a": True}})
    assert not matches(doc, {"key.a": {"$nin": [1, 2]}}) and matches(doc, {"nope": None})


def test_distinct_and_with_options_stay_emulated(db):
    coll = db.system.indexes
    assert sorted(coll.distinct("ns")) == ["sysidx_test.other", "sysidx_test.things"]
    assert coll.distinct("name", {"ns": "sysidx_test.other"}) == ["_id_", "x_1"]
    assert coll.with_options(codec_options=coll.codec_options).find_one({"name": "x_1"})


class OdmCollection(LegacyCollection):
    """As mongokit 0.9.1.1's Collection: built by its Database's __getattr__
    as Collection(db, name), with a find of its own wrapping its Cursor."""

    def find(self, *args, **kwargs):
        raise AssertionError("the subclass's find reached the server's empty system.indexes")

    def odm_helper(self):
        return "kept"


def test_a_subclass_built_directly_is_emulated_and_keeps_its_methods(db):
    coll = OdmCollection(db, "system.indexes")
    doc = coll.find_one({"ns": "sysidx_test.things", "name": "deep", "key": {"b.c": 1}})
    assert doc["sparse"] is True and doc["ns"] == "sysidx_test.things"
    assert isinstance(coll, OdmCollection) and coll.odm_helper() == "kept"
    assert type(OdmCollection(db, "system.indexes")) is type(coll)  # one class per subclass
    with pytest.raises(AssertionError):
        OdmCollection(db, "things").find()
    assert LegacyCollection(db, "system.indexes").count() == 5
