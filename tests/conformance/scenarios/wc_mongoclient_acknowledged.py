"""MongoClient() is acknowledged by default: duplicates raise DuplicateKeyError."""
import os
from pymongo import MongoClient
from pymongo.errors import DuplicateKeyError, OperationFailure

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

c = MongoClient(HOST, PORT)
print('safe', c.safe, 'write_concern', dict(c.write_concern))
coll = c.scen.coll
coll.drop()
print('insert 1 ->', coll.insert({'_id': 1}))
try:
    coll.insert({'_id': 1})
except DuplicateKeyError as exc:
    print('duplicate ->', type(exc).__name__, exc.code,
          isinstance(exc, OperationFailure))
try:
    coll.insert([{'_id': 2}, {'_id': 1}, {'_id': 3}])
except DuplicateKeyError as exc:
    print('batch with duplicate ->', type(exc).__name__, exc.code)
print('ids after failed batch', sorted(d['_id'] for d in coll.find()))
try:
    coll.insert([{'_id': 4}, {'_id': 1}, {'_id': 5}], continue_on_error=True)
except DuplicateKeyError as exc:
    print('continue_on_error batch ->', type(exc).__name__, exc.code)
print('ids after continue_on_error', sorted(d['_id'] for d in coll.find()))
c.close()
