"""Reading system.indexes (2.x, MongoDB <= 2.6): the index documents with their ns.

Under the oracle the test server (wire 3) answers the OP_QUERY on system.indexes
as MongoDB 2.6 did; under the shim (wire 21) the reads are rebuilt from listIndexes.
mongokit 0.9.1.1's tests/test_index.py asks these very queries.  Not here, because the
test server's system.indexes answer is mongomock's filter with no sort, projection or count
(unlike MongoDB 2.6): type-strict and order-strict equality, count(), sort() and fields,
which tests/runtime/test_system_indexes.py checks against 2.6's semantics.
"""
# conformance: compare=stdout
import os
import re
import warnings

from pymongo import MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
warnings.simplefilter('ignore')


def show(label, doc):
    print(label, None if doc is None else sorted(doc.items()))


c = MongoClient(HOST, PORT)
db = c.scen
db.drop_collection('idx')
db.drop_collection('other')
db.idx.insert({'a': 1, 'b': {'c': 2}})
db.other.insert({'x': 1})
db.idx.create_index([('a', 1), ('b.c', -1)], unique=True)
db.idx.create_index('b.c', sparse=True, name='deep')
db.other.create_index('x', expireAfterSeconds=60)

show('by ns and name', db['system.indexes'].find_one({'ns': 'scen.idx', 'name': 'a_1_b.c_-1'}))
show('with unique', db['system.indexes'].find_one({'ns': 'scen.idx', 'name': 'a_1_b.c_-1',
                                                   'unique': True}))
show('whole key', db['system.indexes'].find_one({'ns': 'scen.idx', 'key': {'b.c': 1}}))
show('by name only', db.system.indexes.find_one({'name': 'x_1'}))
show('wrong ns', db.system.indexes.find_one({'ns': 'scen.nope', 'name': 'x_1'}))
print('all names', sorted((d['ns'], d['name']) for d in db.system.indexes.find()))
print('one ns', sorted(d['name'] for d in db.system.indexes.find({'ns': 'scen.idx'})))
print('sparse', [d['name'] for d in db.system.indexes.find({'sparse': True})])
print('ttl', [d['name'] for d in db.system.indexes.find({'expireAfterSeconds': {'$exists': True}})])
print('in', sorted(d['name'] for d in db.system.indexes.find(
    {'name': {'$in': ['deep', 'x_1', 'zz']}})))
print('regex ns', sorted(d['name'] for d in db.system.indexes.find({'ns': re.compile('^scen.o')})))
print('index_information', sorted(db.idx.index_information()))
print('first', db.system.indexes.find({'ns': 'scen.idx'}).limit(1)[0]['name'])
db.drop_collection('idx')
print('after drop', sorted(d['name'] for d in db.system.indexes.find({'ns': 'scen.idx'})))
