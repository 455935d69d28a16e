"""insert() returns the _id (or list of _ids) in every mode; manipulate adds _id."""
# conformance: needs=deferred-replies
import os
from bson.objectid import ObjectId
from pymongo import Connection, MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

for name, client in (('Connection', Connection(HOST, PORT)),
                     ('MongoClient', MongoClient(HOST, PORT))):
    coll = client.scen[name]
    coll.drop()
    doc = {'a': 1}
    result = coll.insert(doc)
    print(name, 'single ->', type(result).__name__, result == doc['_id'],
          isinstance(doc.get('_id'), ObjectId))
    print(name, 'given id ->', repr(coll.insert({'_id': 'mine'})))
    docs = [{'b': i} for i in range(3)]
    result = coll.insert(docs)
    print(name, 'list ->', type(result).__name__, len(result),
          result == [d['_id'] for d in docs])
    print(name, 'list given ids ->', coll.insert([{'_id': 10}, {'_id': 11}]))
    print(name, 'generator ->', coll.insert(({'_id': 20 + i} for i in range(2))))
    plain = {'c': 1}
    print(name, 'manipulate=False ->', repr(coll.insert(plain, manipulate=False)),
          '_id' in plain)
    print(name, 'manipulate=False list ->',
          coll.insert([{'d': 1}, {'_id': 30}], manipulate=False))
    print(name, 'w=0 ->', coll.insert({'_id': 40}, w=0))
    print(name, 'save new ->', type(coll.save({'e': 1})).__name__)
    print(name, 'save existing ->', coll.save({'_id': 'mine', 'e': 2}))
    print(name, 'count', coll.count())
