"""Per-call safe=/w=/j= replace the collection's write concern (2.8 section 2.5)."""
import os
from pymongo import Connection, MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__, getattr(exc, 'code', None))
    else:
        print(label, '->', repr(result))


for name, client in (('Connection()', Connection(HOST, PORT)),
                     ('MongoClient()', MongoClient(HOST, PORT)),
                     ('MongoClient(w=0)', MongoClient(HOST, PORT, w=0)),
                     ('Connection(w=1)', Connection(HOST, PORT, w=1))):
    coll = client.scen.coll
    coll.drop()
    coll.insert({'_id': 1}, safe=True)
    print('==', name, 'safe', client.safe, 'wc', sorted(client.write_concern.items()))
    attempt('dup plain', lambda: coll.insert({'_id': 1}))
    attempt('dup safe=True', lambda: coll.insert({'_id': 1}, safe=True))
    attempt('dup safe=False', lambda: coll.insert({'_id': 1}, safe=False))
    attempt('dup w=0', lambda: coll.insert({'_id': 1}, w=0))
    attempt('dup w=1', lambda: coll.insert({'_id': 1}, w=1))
    attempt('dup j=True', lambda: coll.insert({'_id': 1}, j=True))
    attempt('dup safe=False w=1', lambda: coll.insert({'_id': 1}, safe=False, w=1))
    attempt('dup safe=True w=0', lambda: coll.insert({'_id': 1}, safe=True, w=0))
    attempt('dup w=0 j=True', lambda: coll.insert({'_id': 1}, w=0, j=True))
    attempt('new j=True', lambda: coll.insert({'_id': 2}, j=True))
    attempt('update w=1', lambda: sorted(coll.update({'_id': 2}, {'$set': {'a': 1}}, w=1).items()))
    attempt('update w=0', lambda: coll.update({'_id': 2}, {'$set': {'a': 2}}, w=0))
    attempt('remove safe=True', lambda: sorted(coll.remove({'_id': 2}, safe=True).items()))
    print('count', coll.count())
    client.disconnect()
