"""Stored JavaScript (saving, listing, deleting; spec 4.3) and dereference."""
import os
from bson.dbref import DBRef
from pymongo import MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

c = MongoClient(HOST, PORT)
db = c.scen_js
db.system_js.add = 'function (x, y) { return x + y; }'
db.system_js['mul'] = 'function (x, y) { return x * y; }'
print(sorted(db.system_js.list()))
del db.system_js.add
print(db.system_js.list())
del db.system_js['mul']
print(db.system_js.list())
db.things.insert({'_id': 1, 'x': 1})
print(db.dereference(DBRef('things', 1)))
print(db.dereference(DBRef('things', 2)))
print(db.dereference(DBRef('things', 1, 'scen_js')))
for bad in (5, DBRef('things', 1, 'elsewhere')):
    try:
        db.dereference(bad)
    except (TypeError, ValueError) as exc:
        print(type(exc).__name__)
c.drop_database('scen_js')
