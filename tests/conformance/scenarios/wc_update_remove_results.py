"""update()/remove() return a result dict when acknowledged, None when not."""
import os
from pymongo import Connection, MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])


def show(label, result):
    if result is None:
        print(label, '-> None')
        return
    print(label, '-> keys', sorted(result),
          'n', result.get('n'), 'updatedExisting', result.get('updatedExisting'),
          'upserted', result.get('upserted'), 'ok', result.get('ok'),
          'err' in result and result['err'])


c = MongoClient(HOST, PORT)
coll = c.scen.coll
coll.drop()
coll.insert([{'_id': i, 'k': i % 2} for i in range(4)])
show('update existing', coll.update({'_id': 0}, {'$set': {'x': 1}}))
show('update same value', coll.update({'_id': 0}, {'$set': {'x': 1}}))
show('update missing', coll.update({'_id': 99}, {'$set': {'x': 1}}))
show('upsert', coll.update({'_id': 7}, {'$set': {'x': 1}}, upsert=True))
show('upsert existing', coll.update({'_id': 7}, {'$set': {'x': 2}}, upsert=True))
show('multi', coll.update({'k': 1}, {'$set': {'x': 3}}, multi=True))
show('single of many', coll.update({'k': 1}, {'$set': {'x': 4}}))
show('replace', coll.update({'_id': 2}, {'k': 0, 'replaced': True}))
show('remove one', coll.remove({'_id': 0}))
show('remove many', coll.remove({'k': 1}))
show('remove none', coll.remove({'_id': 'nope'}))
show('remove by id', coll.remove(7))
show('remove w=0', coll.remove({'_id': 2}, w=0))
show('update w=0', coll.update({}, {'$set': {'z': 1}}, w=0))
print('left', sorted(d['_id'] for d in coll.find()))

conn = Connection(HOST, PORT)
ccoll = conn.scen.coll
show('Connection update', ccoll.update({'_id': 3}, {'$set': {'y': 1}}, upsert=True))
show('Connection remove', ccoll.remove({'_id': 3}))
show('Connection update safe=True',
     ccoll.update({'_id': 5}, {'$set': {'y': 1}}, upsert=True, safe=True))
show('Connection remove w=1', ccoll.remove({'_id': 5}, w=1))
