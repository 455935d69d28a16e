"""Inside a request, getlasterror after an unacknowledged write reports that write (2.8 3.4).

Connection() is in a request from its first operation (auto_start_request), so
the write and the following getlasterror share a socket and the error is seen.
MongoDB 5.1 removed getlasterror: legacy-mongo sends these w=0 writes
acknowledged without waiting and answers from their replies (outcomes.py).
stdout only: 2.8's getlasterror folds into the write it acknowledges.
"""
# conformance: compare=stdout
# conformance: needs=deferred-replies
import os
from pymongo import Connection, MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

c = Connection(HOST, PORT)
db = c.scen
db.coll.drop()
db.coll.insert({'_id': 1})
db.coll.insert({'_id': 1})
err = db.error()
print('error() after duplicate ->', err is not None and err.get('code'))
print('last_status err set ->', db.last_status().get('err') is not None)
db.coll.insert({'_id': 2})
print('error() after good insert ->', db.error())
db.coll.update({'_id': 2}, {'$set': {'a': 1}})
status = db.last_status()
print('last_status after update ->', status['n'], status['updatedExisting'], status['err'])
db.coll.remove({})
print('last_status after remove ->', db.last_status()['n'])

m = MongoClient(HOST, PORT)
mdb = m.scen
with m.start_request():
    mdb.coll.insert({'_id': 5}, w=0)
    mdb.coll.insert({'_id': 5}, w=0)
    print('MongoClient in request error() ->', mdb.error() is not None)
