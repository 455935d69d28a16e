"""The 2.x bulk builder (spec §4.7) on PyMongo 4's bulk_write, checked on the wire."""
import warnings

import pytest
from bson.objectid import ObjectId
from pymongo.errors import BulkWriteError, InvalidOperation

import legacy_mongo
from legacy_mongo.runtime.bulk import BulkOperationBuilder
from legacy_mongo.warnings import LegacyMongoWarning
from tests.runtime.support import wire_records

WRITES = ("insert", "update", "delete")


@pytest.fixture
def make(server):
    clients = []

    def make(class_name="MongoClient", **kwargs):
        kwargs.setdefault("socketTimeoutMS", 5000)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client = getattr(legacy_mongo, class_name)(server.host_string, **kwargs)
        clients.append(client)
        coll = client.db.bulk
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            coll.drop()
            coll.insert([{"_id": i, "k": i % 2} for i in range(6)], w=1)
        server.clear_log()
        return coll

    yield make
    for client in clients:
        client.close()


def builder(coll, ordered=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bulk = (coll.initialize_ordered_bulk_op() if ordered
                else coll.initialize_unordered_bulk_op())
    assert [w.message.code for w in caught if isinstance(w.message, LegacyMongoWarning)] == [
        "LM414"]
    assert isinstance(bulk, BulkOperationBuilder)
    return bulk


def writes(server, count, timeout=5.0):
    return wire_records(server, WRITES, count, timeout)


def test_result_dict_of_28(make, server):
    coll = make()
    bulk = builder(coll)
    doc = {"k": 9}
    bulk.insert(doc)
    assert isinstance(doc["_id"], ObjectId)  # added to the caller's dict
    bulk.find({"k": 0}).update({"$set": {"u": 1}})
    bulk.find({"_id": 1}).update_one({"$set": {"u": 2}})
    bulk.find({"_id": 3}).replace_one({"k": "r"})
    bulk.find({"_id": 70}).upsert().update_one({"$set": {"u": 3}})
    bulk.find({"_id": 71}).upsert().update({"$set": {"u": 3}})
    bulk.find({"_id": 72}).upsert().replace_one({"u": 4})
    bulk.find({"k": 1}).remove_one()
    bulk.find({"k": "r"}).remove()
    result = bulk.execute()
    assert result == {
        "nInserted": 1, "nUpserted": 3, "nMatched": 5, "nModified": 5, "nRemoved": 2,
        "upserted": [{"index": 4, "_id": 70}, {"index": 5, "_id": 71}, {"index": 6, "_id": 72}],
        "writeErrors": [], "writeConcernErrors": [],
    }
    # Ordered: runs of the same type in the given order.
    assert [r.op for r in writes(server, 4)] == ["insert", "update", "delete"]
    for record in writes(server, 3):
        assert record.command["ordered"] is True and "writeConcern" not in record.command
    with pytest.raises(InvalidOperation, match="only be executed once"):
        bulk.execute()


def test_unordered_regroups_and_reports_errors(make, server):
    coll = make()
    bulk = builder(coll, ordered=False)
    bulk.insert({"_id": 0})
    bulk.find({"_id": 2}).remove_one()
    bulk.insert({"_id": 100})
    bulk.insert({"_id": 2})
    with pytest.raises(BulkWriteError) as info:
        bulk.execute()
    exc = info.value
    assert exc.code == 65 and str(exc) == "batch op errors occurred"
    details = exc.details
    # Unordered: every insert first (so _id 2 still exists), then the removes;
    # errors keep the operations' original indexes (2.8.1 gives the same).
    assert details["nInserted"] == 1 and details["nRemoved"] == 1
    assert [(e["index"], e["code"]) for e in details["writeErrors"]] == [(0, 11000), (3, 11000)]
    assert details["writeErrors"][0]["op"] == {"_id": 0}
    assert [r.op for r in writes(server, 2)] == ["insert", "delete"]


def test_validation_errors(make):
    coll = make()
    bulk = builder(coll)
    with pytest.raises(InvalidOperation, match="No operations to execute"):
        bulk.execute()
    with pytest.raises(ValueError, match=r"update only works with \$ operators"):
        bulk.find({}).update({"x": 1})
    with pytest.raises(ValueError, match=r"update only works with \$ operators"):
        bulk.find({}).upsert().update_one({})
    with pytest.raises(ValueError, match=r"replacement can not include \$ operators"):
        bulk.find({}).replace_one({"$set": {"x": 1}})
    with pytest.raises(TypeError):
        bulk.find(1)
    with pytest.raises(TypeError):
        bulk.insert([{"a": 1}])
    bulk.insert({"a": 1})
    with pytest.raises(TypeError, match="write_concern must be an instance of dict"):
        bulk.execute(1)


def test_write_concern_argument_is_sent(make, server):
    coll = make()
    bulk = builder(coll)
    bulk.insert({"_id": 50})
    bulk.execute({"w": 1, "j": True})
    [record] = writes(server, 1)
    assert record.command["writeConcern"] == {"w": 1, "j": True}


def test_connection_bulk_is_acknowledged(make, server):
    # 2.8 used the write_concern dict and ignored safe=False.
    coll = make("Connection")
    bulk = builder(coll)
    bulk.insert({"_id": 50})
    assert bulk.execute()["nInserted"] == 1
    [record] = writes(server, 1)
    assert record.more_to_come is False and "writeConcern" not in record.command


def test_w0_ordered_acknowledges_and_stops_silently(make, server):
    coll = make()
    bulk = builder(coll)
    bulk.insert({"_id": 0})  # duplicate: the ordered run stops here
    bulk.insert({"_id": 60})
    assert bulk.execute({"w": 0}) is None
    [record] = writes(server, 1)
    # 2.8.1 against a 3.0 server sent this batch with writeConcern {w: 1}.
    assert record.more_to_come is False and record.command["writeConcern"] == {"w": 1}
    assert coll.find_one({"_id": 60}) is None


def test_w0_unordered_is_unacknowledged(make, server):
    coll = make()
    bulk = builder(coll, ordered=False)
    bulk.insert({"_id": 61})
    assert bulk.execute({"w": 0}) is None
    [record] = writes(server, 1)
    assert record.more_to_come is True
