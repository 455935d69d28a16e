"""A small PyMongo 2.x program, written as 2.x code was: unchanged, it runs
under PyMongo 2.8.1 and, through ``legacy-mongo run``, on PyMongo 4.

Usage: app.py HOST PORT
"""
import sys
import threading

import pymongo
from pymongo import Connection, MongoClient
from pymongo.errors import DuplicateKeyError, OperationFailure

host, port = sys.argv[1], int(sys.argv[2])

# Fire-and-forget by default, one socket per thread: the 2.x Connection.
conn = Connection(host, port)
db = conn.shop
db.orders.remove()
db.stock.remove()

# Unacknowledged writes: a duplicate _id is silently lost.
db.stock.insert({"_id": "apple", "qty": 10})
db.stock.insert({"_id": "apple", "qty": 99})
print("apple qty after unsafe duplicate: %d" % db.stock.find_one({"_id": "apple"})["qty"])

# The same write with safe=True reports the error.
try:
    db.stock.insert({"_id": "apple", "qty": 99}, safe=True)
except DuplicateKeyError as exc:
    print("safe duplicate insert raised %s" % type(exc).__name__)

# A list insert returns the ids in order, and adds them to our dicts.
pears = [{"_id": "pear", "qty": 5}, {"_id": "plum", "qty": 7}]
print("inserted ids: %s" % db.stock.insert(pears))

# Acknowledged update: the 2.x result dict.
result = db.stock.update({"_id": "pear"}, {"$inc": {"qty": 1}}, safe=True)
print("update n=%d updatedExisting=%s" % (result["n"], result["updatedExisting"]))
result = db.stock.update({"_id": "kiwi"}, {"$set": {"qty": 1}}, upsert=True, w=1)
print("upsert n=%d updatedExisting=%s upserted=%s" % (
    result["n"], result["updatedExisting"], result["upserted"]))
print("unacknowledged update returns %r" % db.stock.update({"_id": "kiwi"}, {"$inc": {"qty": 1}}))

# save() inserts or replaces.
doc = {"name": "first order", "items": 2}
order_id = db.orders.save(doc)
print("save added _id to the caller's dict: %s" % (doc["_id"] == order_id))
doc["items"] = 3
db.orders.save(doc)


# Threads writing without acknowledgement and reading their own writes:
# each thread keeps its socket (auto_start_request), so counts are exact.
def worker(name):
    orders = conn.shop["orders_" + name]
    orders.remove()
    for i in range(50):
        orders.insert({"n": i})
    counts[name] = orders.count()


counts = {}
threads = [threading.Thread(target=worker, args=("t%d" % i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("per-thread counts: %s" % sorted(counts.items()))

# An explicit request on an acknowledged client.
client = MongoClient(host, port)
with client.start_request():
    client.shop.log.insert({"event": "checkout"})
    print("in request: %s, log count %d" % (client.in_request(), client.shop.log.count()))
print("after the with block: in_request() = %s" % client.in_request())
client.shop.log.remove()

# Removal results.
print("remove acknowledged: n=%d" % db.stock.remove({"_id": "plum"}, safe=True)["n"])
print("remaining stock: %d" % db.stock.count())

# Write concern state, the 2.x way.
coll = client.shop.stock
coll.set_lasterror_options(w=1, j=True)
print("write_concern: %s safe: %s" % (sorted(coll.write_concern.items()), coll.safe))
try:
    coll.update({"_id": "apple"}, {"$bad": 1})
except OperationFailure as exc:
    print("server rejected the update: %s" % type(exc).__name__)
