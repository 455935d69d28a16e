"""aggregate() return shapes and the 2.x bulk builder (2.8 spec 4.1, 4.7)."""
import os

from pymongo import MongoClient
from pymongo.errors import BulkWriteError

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__, str(exc)[:80])
    else:
        print(label, '->', result)


c = MongoClient(HOST, PORT)
coll = c.scen.agg
coll.drop()
coll.insert([{'_id': i, 'k': i % 2} for i in range(6)])
reply = coll.aggregate({'$match': {'k': 1}})
print('single stage dict', reply)
print('indexing', reply['result'][0], reply['ok'], sorted(reply.keys()))
print('list pipeline', coll.aggregate([{'$match': {'k': 0}}, {'$sort': {'_id': -1}}]))
print('tuple pipeline', coll.aggregate(({'$match': {'_id': 1}},))['result'])
cur = coll.aggregate([{'$match': {'k': 0}}], cursor={})
print('cursor form', type(cur).__name__, [d['_id'] for d in cur], cur.alive)
cur = coll.aggregate(pipeline=[{'$match': {'k': 1}}], cursor={})
print('pipeline keyword', [d['_id'] for d in cur])
attempt('bad pipeline', lambda: coll.aggregate('x'))

bulk = coll.initialize_ordered_bulk_op()
doc = {'k': 9}
bulk.insert(doc)
print('insert adds _id', '_id' in doc)
bulk.find({'k': 0}).update({'$set': {'u': 1}})
bulk.find({'_id': 1}).update_one({'$set': {'u': 2}})
bulk.find({'_id': 3}).replace_one({'k': 'r'})
bulk.find({'_id': 77}).upsert().update_one({'$set': {'u': 3}})
bulk.find({'_id': 78}).upsert().replace_one({'u': 4})
bulk.find({'k': 1}).remove_one()
bulk.find({'k': 'r'}).remove()
result = bulk.execute()
print('ordered result', sorted(result.items()))
attempt('execute twice', bulk.execute)
attempt('empty', lambda: coll.initialize_unordered_bulk_op().execute())
attempt('update without $', lambda: coll.initialize_ordered_bulk_op().find({}).update({'x': 1}))
attempt('replace with $', lambda: coll.initialize_ordered_bulk_op().find({}).replace_one(
    {'$set': {'x': 1}}))
attempt('find non-dict', lambda: coll.initialize_ordered_bulk_op().find(1))
attempt('insert non-dict', lambda: coll.initialize_ordered_bulk_op().insert(1))
attempt('write_concern not dict', lambda: coll.initialize_ordered_bulk_op().execute(1))

bulk = coll.initialize_unordered_bulk_op()
bulk.insert({'_id': 0})
bulk.insert({'_id': 100})
bulk.find({'_id': 2}).remove_one()
bulk.insert({'_id': 2, 'again': True})
try:
    bulk.execute()
except BulkWriteError as exc:
    details = exc.details
    print('BulkWriteError', exc.code, str(exc))
    print('  counts', details['nInserted'], details['nRemoved'], details['nMatched'])
    print('  errors', [(e['index'], e['code'], sorted(e)) for e in details['writeErrors']])
bulk = coll.initialize_ordered_bulk_op()
bulk.insert({'_id': 200})
print('w=0 execute', bulk.execute({'w': 0}))
print('final', sorted(str(d['_id']) for d in coll.find() if isinstance(d['_id'], int)),
      coll.count())
