"""Connection() is unacknowledged by default: a duplicate _id raises nothing."""
import os
from pymongo import Connection

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

c = Connection(HOST, PORT)
print('safe', c.safe, 'write_concern', dict(c.write_concern))
coll = c.scen.coll
coll.drop()
print('insert 1 ->', coll.insert({'_id': 1, 'v': 'first'}))
print('insert 1 again ->', coll.insert({'_id': 1, 'v': 'second'}))
print('update ->', coll.update({'_id': 1}, {'$set': {'u': 1}}))
print('remove missing ->', coll.remove({'_id': 'nope'}))
print('save ->', coll.save({'_id': 2}))
print('count', coll.count())
print('doc', sorted(coll.find_one({'_id': 1}).items()))
c.disconnect()
