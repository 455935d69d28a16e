"""Database/client admin helpers of 2.8 (spec 4.3, 4.4): collection_names,
create/drop_collection, command with 2.x arguments and 2.8's error message,
database_names, drop_database, client properties and repr.
"""
# conformance: fail_command=distinct {"ok": 0, "errmsg": "bad distinct", "code": 2}
import os
from pymongo import MongoClient
from pymongo.collection import Collection
from pymongo.errors import CollectionInvalid, OperationFailure

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

c = MongoClient(HOST, PORT)
db = c.scen_admin
print(repr(db))
print(db.name, db.connection is c)
db.drop_collection('a')
created = db.create_collection('a')
print(isinstance(created, Collection), created.name, created.full_name)
try:
    db.create_collection('a')
except CollectionInvalid as exc:
    print('CollectionInvalid:', exc)
db.a.insert({'x': 1})
db.a.insert({'x': 2})
db.b.insert({'y': 1})
print(sorted(db.collection_names(include_system_collections=False)))
print(db.command('count', 'a'))
print(db.command('count', 'a', query={'x': 1})['n'])
try:
    db.command('distinct', 'a', key='x')
except OperationFailure as exc:
    print('OperationFailure:', exc, exc.code, sorted(exc.details.items()))
print(db.command('distinct', 'a', key='x')['values'])
try:
    db.drop_collection(5)
except TypeError:
    print('TypeError')
db.drop_collection(db.b)
print(sorted(db.collection_names(False)))
print('scen_admin' in c.database_names())
c.drop_database('scen_admin')
print('scen_admin' in c.database_names())
try:
    c.drop_database(5)
except TypeError:
    print('TypeError')
print(c.alive(), c.is_primary, c.is_mongos, c.max_bson_size, c.max_pool_size)
print(c.host == HOST, c.port == PORT, c.nodes == frozenset([(HOST, PORT)]))
print(c.document_class, c.tz_aware, c.uuid_subtype)
try:
    c.no_such_method()
except TypeError as exc:
    print(exc)
try:
    list(db)
except TypeError as exc:
    print(exc)
c.disconnect()
print(db.a.find_one() is None)
