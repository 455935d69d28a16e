"""A PyMongo 2.x program using only what `legacy-mongo lint --fix` rewrites safely.

Run under the shim before and after --fix (tests/lint/test_fix_runs.py): the
output and the writes' acknowledgement must not change.  Usage: inventory.py HOST PORT
"""
import sys

import pymongo
from pymongo.son import SON  # moved to bson.son
from pymongo.objectid import ObjectId

host, port = sys.argv[1], int(sys.argv[2])

client = pymongo.MongoClient(host, port)
db = client.inventory
items = db.items
items.remove()
db.audit.remove()

items.insert({"_id": "bolt", "qty": 10, "tags": ["metal"]})   # a statement insert
nut_id = items.insert({"_id": "nut", "qty": 4, "tags": ["metal", "small"]})
print("nut id: %s" % nut_id)
generated = items.insert({"name": "washer", "qty": 7})
print("generated id is an ObjectId: %s" % isinstance(generated, ObjectId))

items.update({"qty": {"$lt": 8}}, {"$inc": {"qty": 100}}, multi=True)
items.update({"_id": "bolt"}, {"$set": {"checked": True}})
items.update({"_id": "screw"}, {"$set": {"qty": 1}}, upsert=True)
items.ensure_index("qty")
items.ensure_index([("tags", pymongo.ASCENDING), ("qty", pymongo.DESCENDING)])

for doc in items.find({"qty": {"$gt": 0}}, fields=["qty"], timeout=False).sort("_id", 1):
    print("projected: %s" % sorted((k, v) for k, v in doc.items() if isinstance(v, (str, int))))
for doc in items.find(spec={"checked": True}, partial=True):
    print("checked: %s" % doc["_id"])

print("count: %d" % items.count())
print("metal: %d" % items.find({"tags": "metal"}).count())
print("big: %d" % items.find({"qty": {"$gt": 50}}).count())

db.audit.insert({"event": "counted"})
print("collections: %s" % sorted(db.collection_names(include_system_collections=False)))
print("has inventory db: %s" % ("inventory" in client.database_names()))
print("listed through db.connection: %s" % ("inventory" in db.connection.database_names()))

items.remove({"qty": {"$gt": 100}})
items.remove({"_id": "bolt"}, multi=False)
print("left: %s" % sorted(d["_id"] for d in items.find()))
print("son: %s" % list(SON([("b", 1), ("a", 2)]).keys()))

# Fire-and-forget writes on an unacknowledged client stay unacknowledged.
unacked = pymongo.MongoClient(host, port, w=0)
log = unacked.inventory.log
log.remove()
for i in range(5):
    log.insert({"n": i})
print("done")
