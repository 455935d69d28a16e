"""find()/find_one() with 2.8's keywords and positional order; Cursor methods (spec 4.1, 4.2)."""
import os
import re
from collections import OrderedDict

from bson.son import SON
from pymongo import MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__, str(exc)[:80])
    else:
        print(label, '->', result)


c = MongoClient(HOST, PORT)
coll = c.scen.find
coll.drop()
coll.insert([{'_id': i, 'k': i % 3, 'name': 'n%d' % i, 'pat': re.compile('^ab', re.I)}
             for i in range(12)])

print('positional spec/fields/skip/limit',
      [sorted(d.items()) for d in coll.find({'k': 1}, ['k'], 1, 2)])
print('fields=[] means _id only', list(coll.find({'k': 2}, fields=[], limit=2)))
print('fields={} means _id only', coll.find_one({'k': 2}, {}))
print('fields dict exclusion', coll.find_one({'_id': 3}, {'pat': False, 'name': 0}))
print('5th positional timeout=False', [d['_id'] for d in coll.find({'k': 0}, None, 0, 0, False)])
print('sort keyword', [d['_id'] for d in coll.find({'k': 1}, sort=[('_id', -1)])])
eighth = coll.find({}, ['_id'], 0, 3, True, False, False, [('_id', -1)])
print('sort positional (8th)', [d['_id'] for d in eighth])
print('find_one by id', sorted(coll.find_one(4, fields=['name']).items()))
print('find_one missing', coll.find_one({'_id': 'nope'}))
doc = coll.find_one({'_id': 0})
print('regex compiled by default', type(doc['pat']).__name__, doc['pat'].pattern,
      bool(doc['pat'].flags & re.I), bool(doc['pat'].match('ABc')))
raw = coll.find_one({'_id': 0}, compile_re=False)
print('compile_re=False', type(raw['pat']).__name__, raw['pat'].pattern)
print('as_class', type(coll.find_one({'_id': 1}, as_class=SON)).__name__,
      type(coll.find_one({'_id': 1}, as_class=OrderedDict)).__name__)
print('slave_okay/read_preference/partial accepted',
      len(list(coll.find({}, slave_okay=True, read_preference=0, partial=True,
                         tag_sets=[{}], secondary_acceptable_latency_ms=15))))
attempt('spec not a dict', lambda: coll.find('x'))
attempt('timeout not bool', lambda: coll.find({}, timeout=1))
attempt('skip not int', lambda: coll.find({}, skip='1'))
attempt('exhaust with limit', lambda: coll.find({}, limit=2, exhaust=True))

cur = coll.find({'k': {'$gte': 0}})
print('count', cur.count(), 'with limit', coll.find().limit(5).count(),
      coll.find().limit(5).count(True), coll.find().skip(10).count(True),
      coll.find()[3:6].count(True))
attempt('count(with_limit_and_skip=1)', lambda: coll.find().count(1))
print('index', coll.find().sort('_id', -1)[2]['_id'])
print('slice', [d['_id'] for d in coll.find().sort('_id')[3:6]])
print('slice twice', len(list(coll.find()[2:5][1:])))
attempt('index out of range', lambda: coll.find()[50])
print('sort forms', [d['_id'] for d in coll.find().sort('_id', -1).limit(2)],
      [d['_id'] for d in coll.find().sort([('k', -1), ('_id', 1)]).limit(3)])
cur = coll.find({'k': 0}).sort('_id')
first = next(cur)['_id']
attempt('modify after use', lambda: cur.limit(3))
print('rewind', first, cur.rewind() is cur, [d['_id'] for d in cur])
clone = coll.find({'k': 1}).limit(2).clone()
print('clone', type(clone).__name__, [d['_id'] for d in clone])
print('alive after exhaustion', clone.alive)
print('collection', cur.collection == coll, cur.collection.name, repr(cur.collection))
print('sub-collection', repr(coll.sub), coll.sub.full_name, coll['sub'] == coll.sub)
print('options', coll.options(), c.scen.missing.options())
print('distinct', sorted(coll.find({'k': 1}).distinct('_id')), sorted(coll.distinct('k')))
spec = {'k': 2}
where = coll.find(spec).where('this._id > 5')
print('where mutates spec', sorted(spec), type(spec['$where']).__name__)  # (TestServer runs no JS)
print('batch_size', len(list(coll.find().batch_size(5))))
attempt('batch_size negative', lambda: coll.find().batch_size(-1))
attempt('hint bad type', lambda: coll.find().hint(5))
print('hint by name', [d['_id'] for d in coll.find({'k': 0}).hint('_id_').limit(2)])
print('len', end=' ')
attempt('', lambda: len(coll.find()))
