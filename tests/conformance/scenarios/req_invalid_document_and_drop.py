"""An unencodable document fails before anything is sent; drop waits (2.8).

2.8 encoded a message before taking a socket: InvalidDocument, and the
request's socket, with the previous write's outcome on it, is untouched.
Connection().drop() is a command in 2.8, so it is acknowledged although the
Connection is not: the next operation sees the collection gone.
"""
# conformance: compare=stdout
# conformance: needs=deferred-replies
import os
import warnings
from bson.errors import InvalidDocument
from pymongo import Connection

warnings.simplefilter('ignore', DeprecationWarning)
HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

c = Connection(HOST, PORT)
db = c.scen_invalid
db.coll.drop()
db.coll.insert({'_id': 1})
db.coll.insert({'_id': 1})
for bad in ({'_id': 2, 'value': object()}, {'_id': 3, '$bad': 1}, {'_id': 4, 'a.b': 1}):
    try:
        db.coll.insert(bad)
    except InvalidDocument:
        print('InvalidDocument for', sorted(k for k in bad if k != '_id'))
print('error() still reports the duplicate:', db.error()['code'])
print('same request socket:', c.in_request())
db.coll.drop()
print('after drop: count', db.coll.count(), 'names', 'coll' in db.collection_names())
