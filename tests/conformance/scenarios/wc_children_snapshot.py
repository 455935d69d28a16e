"""Database/Collection snapshot their parent's write concern at creation (2.8 section 2.3)."""
import os
from pymongo import Connection, MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])


def attempt(label, fn):
    try:
        fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__)
    else:
        print(label, '-> ok')


def state(label, obj):
    print(label, 'safe', obj.safe, 'wc', sorted(obj.get_lasterror_options().items()))


c = MongoClient(HOST, PORT)
db = c.scen
coll = db.coll
coll.drop()
coll.insert({'_id': 1})
db.set_lasterror_options(w=0)
state('client', c)
state('db', db)
state('old coll', coll)
state('new coll', db.coll)
attempt('old coll dup', lambda: coll.insert({'_id': 1}))
attempt('new coll dup', lambda: db.coll.insert({'_id': 1}))
coll.set_lasterror_options(fsync=True)
state('coll after own set', coll)
state('db after coll set', db)
coll.unset_lasterror_options()
state('coll after unset', coll)

conn = Connection(HOST, PORT)
cdb = conn.scen
ccoll = cdb.coll
cdb.set_lasterror_options(w=1)
state('Connection db', cdb)
state('Connection old coll', ccoll)
attempt('Connection old coll dup', lambda: ccoll.insert({'_id': 1}))
attempt('Connection new coll dup', lambda: cdb.coll.insert({'_id': 1}))

conn.write_concern['j'] = True
print('Connection safe after wc[j]', conn.safe, 'child db safe', conn.scen.safe)
attempt('child of j-client dup', lambda: conn.scen.coll.insert({'_id': 1}))
c.write_concern = {'w': 0}
print('MongoClient safe after wc=w0', c.safe, 'child safe', c.scen.safe)
attempt('child of w0-client dup', lambda: c.scen.coll.insert({'_id': 1}))
