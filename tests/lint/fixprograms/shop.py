"""A PyMongo 2.x program that `legacy-mongo lint --fix --unsafe-fixes` makes fully modern.

Its original runs on PyMongo 2.8.1; its fixed version runs on plain PyMongo 4 (no
shim, no install()) and must print the same (tests/lint/test_fix_runs.py).
Usage: shop.py HOST PORT
"""
import sys

import pymongo
from pymongo import Connection

host, port = sys.argv[1], int(sys.argv[2])

conn = Connection(host, port)
db = conn.shop
db.orders.remove({}, safe=True)
conn.start_request()
db.orders.insert({"_id": 1, "item": "apple", "qty": 2}, safe=True)
db.orders.insert({"_id": 2, "item": "pear", "qty": 5}, safe=True)
db.orders.save({"item": "plum", "qty": 1}, safe=True)
db.orders.save({"_id": 2, "item": "pear", "qty": 6}, safe=True)
db.orders.update({"item": "apple"}, {"$inc": {"qty": 1}}, safe=True)
conn.end_request()
for doc in db.orders.find({}, fields={"item": 1, "qty": 1, "_id": 0}).sort("item", 1):
    print("%s: %d" % (doc["item"], doc["qty"]))
print("orders: %d" % db.orders.find({"qty": {"$gte": 1}}).count())
print("databases listed: %s" % ("shop" in conn.database_names()))
client = pymongo.MongoClient(host, port)
pear = client.shop.orders.find_and_modify({"item": "pear"}, {"$inc": {"qty": 1}}, new=True)
print("pear after: %d" % pear["qty"])
old = client.shop.orders.find_and_modify(query={"item": "apple"}, update={"$set": {"qty": 0}},
                                         fields={"qty": 1, "_id": 0})
print("apple before: %s" % sorted(old.items()))
gone = client.shop.orders.find_and_modify({"item": "plum"}, remove=True)
print("removed: %s" % gone["item"])
print("left: %d" % client.shop.orders.find().count())
print("done")
