"""getlasterror after long runs of unacknowledged writes in a request.

legacy-mongo keeps at most 64 replies of deferred w=0 writes unread and then
reads the older half in one go, telling a run of successful inserts from the
reply bytes without decoding them (legacy_mongo/runtime/pinning.py
``_settle``, outcomes.py ``DeferredWrite.settle_replies``).  A failure in the
middle of such a run, failures at the edges of a batch and runs of updates
and removes must leave the same record as 2.8's legacy opcodes did on
mongod's LastError.  stdout is compared (the wire differs by design, see
gle_unacknowledged_in_request).
"""
# conformance: compare=stdout
# conformance: needs=deferred-replies
import os
import warnings
from pymongo import Connection

warnings.simplefilter('ignore', DeprecationWarning)
HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

db = Connection(HOST, PORT).scen_gle_many
db.coll.drop()
db.reset_error_history()
for i in range(150):
    db.coll.insert({'_id': 1000 + (3 if i == 70 else i)})  # 70: duplicates 1003
prev = db.previous_error()
print('duplicate inside a long run: error', db.error(), 'previous code', prev['code'],
      'nPrev', prev['nPrev'])
for i in range(200):
    db.coll.insert({'_id': 5000 + i})
prev = db.previous_error()
print('200 good inserts later: code', prev['code'], 'nPrev', prev['nPrev'])
for i in range(130):
    db.coll.insert({'_id': 5000 + i})  # every one a duplicate
err = db.error()
print('a run of duplicates: code', err['code'], 'E11000' in err['err'],
      'previous nPrev', db.previous_error()['nPrev'])
for i in range(100):
    db.coll.update({'_id': 5000 + i}, {'$set': {'u': i}})
status = db.last_status()
print('100 updates: updatedExisting', status['updatedExisting'], 'n', status['n'],
      'err', status['err'])
for i in range(99):
    db.coll.update({'_id': 5000 + i}, {'$set': {'v': i}})
db.coll.update({'_id': -1}, {'$set': {'v': 1}})
status = db.last_status()
print('last update matched nothing: updatedExisting', status['updatedExisting'],
      'n', status['n'])
for i in range(80):
    db.coll.remove({'_id': 5000 + i})
print('80 removes: n', db.last_status()['n'], 'count', db.coll.count())
for i in range(66):
    db.coll.insert({'_id': 7000 + i})
db.coll.insert({'_id': 7000})  # the 67th: a duplicate just past a full queue
err = db.error()
print('duplicate after 66 good inserts: code', err['code'])
print('documents', db.coll.count())
