"""How `safe` is derived from constructor options and changed by legacy mutators (2.8 2.2, 2.4)."""
import os
import warnings
from pymongo import Connection, MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
URI = 'mongodb://%s:%d/' % (HOST, PORT)


def build(label, factory):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            client = factory()
        except Exception as exc:
            print(label, '->', type(exc).__name__)
            return None
    conflicting = any('onflicting' in str(w.message) for w in caught)
    print(label, '-> safe', client.safe, 'wc', sorted(client.write_concern.items()),
          'conflict-warning', conflicting)
    return client


for cls in (Connection, MongoClient):
    name = cls.__name__
    build(name + '()', lambda: cls(HOST, PORT))
    build(name + '(w=1)', lambda: cls(HOST, PORT, w=1))
    build(name + '(safe=False, w=1)', lambda: cls(HOST, PORT, safe=False, w=1))
    build(name + '(safe=True, w=0)', lambda: cls(HOST, PORT, safe=True, w=0))
    build(name + '(w=0, j=True)', lambda: cls(HOST, PORT, w=0, j=True))
    build(name + '(journal=True)', lambda: cls(HOST, PORT, journal=True))
    build(name + '(wtimeout=100)', lambda: cls(HOST, PORT, wtimeout=100))
    build(name + '(wtimeoutMS=5)', lambda: cls(HOST, PORT, wtimeoutMS=5))
    build(name + "(w='majority')", lambda: cls(HOST, PORT, w='majority'))
    build(name + "(w='2')", lambda: cls(HOST, PORT, w='2'))
    build(name + '(uri ?safe=true)', lambda: cls(URI + '?safe=true'))
    build(name + '(uri ?w=0)', lambda: cls(URI + '?w=0'))
    build(name + '(uri ?w=1, safe=False kw)', lambda: cls(URI + '?w=1', safe=False))
    build(name + '(w=1.5)', lambda: cls(HOST, PORT, w=1.5))
    build(name + '(fsync=1)', lambda: cls(HOST, PORT, fsync=1))
    build(name + "(bogus='x')", lambda: cls(HOST, PORT, bogus='x'))

warnings.simplefilter('ignore')
c = MongoClient(HOST, PORT)
coll = c.scen.coll
coll.safe = False
print('after safe=False', coll.safe, sorted(coll.write_concern.items()))
coll.write_concern.update(w=1)
print('after wc.update(w=1)', coll.safe, sorted(coll.write_concern.items()))
coll.insert({'_id': 'acknowledged with w=1 although safe is False'})
coll.unset_lasterror_options()
print('after unset', coll.safe, sorted(coll.write_concern.items()))
coll.set_lasterror_options(j=True, wtimeout=50)
print('after set j,wtimeout', coll.safe, sorted(coll.get_lasterror_options().items()))
coll.set_lasterror_options(j=None)
print('after set j=None', coll.safe, sorted(coll.get_lasterror_options().items()))
coll.insert({'_id': 'acknowledged with wtimeout only'})
coll.unset_lasterror_options('wtimeout', 'absent')
print('after unset wtimeout', coll.safe, sorted(coll.get_lasterror_options().items()))
for bad in ({'foo': 20},):
    try:
        coll.set_lasterror_options(**bad)
    except Exception as exc:
        print('set_lasterror_options', bad, '->', type(exc).__name__)
try:
    coll.write_concern = 'w=1'
except Exception as exc:
    print('write_concern = str ->', type(exc).__name__)
try:
    coll.write_concern['fsnyc'] = True
except Exception as exc:
    print("write_concern['fsnyc'] ->", type(exc).__name__)
try:
    coll.safe = 20
except Exception as exc:
    print('safe = 20 ->', type(exc).__name__)
shared = {'w': 1}
coll.write_concern = shared
shared['w'] = 5
print('assigned dict copied', sorted(coll.write_concern.items()))
coll.write_concern['journal'] = True
print('journal key kept as spelled', sorted(coll.write_concern.items()))
