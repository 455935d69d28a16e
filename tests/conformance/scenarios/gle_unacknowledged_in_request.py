"""getlasterror after unacknowledged writes in a request (2.8 3.4; mongod's LastError).

Connection() is in a request from its first operation (auto_start_request):
2.8 sends each w=0 write as a legacy opcode and db.error()/last_status()/
getlasterror on the same socket report it.  legacy-mongo sends these writes
acknowledged without waiting and reads the replies before the thread's next
operation on that socket (legacy_mongo/runtime/outcomes.py), so the answers
must be the same, in the same order.  The wire differs by design (2.8: legacy
opcodes, folded acknowledgements; legacy-mongo: OP_MSG with {w: 1,
wtimeout: 0}), so stdout is compared.
"""
# conformance: compare=stdout
# conformance: needs=deferred-replies
import os
import warnings
from pymongo import Connection

warnings.simplefilter('ignore', DeprecationWarning)
HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

db = Connection(HOST, PORT).scen_gle
db.coll.drop()
db.reset_error_history()
print('fresh: error', db.error(), 'previous', db.previous_error())
db.coll.insert({'_id': 1})
print('after insert: error', db.error(), 'last_status n', db.last_status()['n'])
db.coll.insert({'_id': 1})
err = db.error()
print('duplicate: code', err['code'], 'E11000' in err['err'], 'n', err['n'])
print('still reported by getlasterror:', db.command('getlasterror')['code'])
db.coll.insert({'_id': 2})
print('good insert clears error():', db.error())
prev = db.previous_error()
print('previous_error keeps it: code', prev['code'], 'nPrev', prev['nPrev'], 'n', prev['n'])
db.coll.find_one({'_id': 2})
prev = db.previous_error()
print('after a query: error', db.error(), 'nPrev', prev['nPrev'])
db.coll.update({'_id': 2}, {'$set': {'a': 1}})
status = db.last_status()
print('update: updatedExisting', status['updatedExisting'], 'n', status['n'], 'err', status['err'])
print('successful update clears previous_error:', db.previous_error())
db.coll.update({'_id': 99}, {'$set': {'a': 1}})
print('update of nothing: getlasterror n', db.command(dict(getlasterror=1))['n'],
      'updatedExisting', db.last_status()['updatedExisting'])
db.coll.update({'_id': 3}, {'$set': {'a': 1}}, upsert=True)
status = db.last_status()
print('upsert: upserted', status.get('upserted'), 'n', status['n'],
      'updatedExisting', status['updatedExisting'])
db.coll.update({}, {'$set': {'b': 1}}, multi=True)
print('multi update n', db.last_status()['n'])
db.coll.update({'_id': 1, 'missing': True}, {'$set': {'a': 1}}, upsert=True)  # duplicate _id
err = db.error()
print('failed update reported:', err is not None and err['code'])
db.coll.remove({'_id': {'$in': [2, 3]}})
print('remove n', db.last_status()['n'], 'previous_error', db.previous_error())
db.coll.remove({'_id': 42})
print('remove of nothing n', db.last_status()['n'])
db.coll.insert([{'_id': 10}, {'_id': 1}, {'_id': 11}])
print('batch stops at the duplicate: code', db.error()['code'], sorted(d['_id'] for d in db.coll.find()))
db.coll.insert([{'_id': 20}, {'_id': 1}, {'_id': 21}], continue_on_error=True)
print('continue_on_error: code', db.error()['code'], sorted(d['_id'] for d in db.coll.find()))
db.coll.insert({'_id': 1})
db.reset_error_history()
print('reset: error', db.error(), 'previous', db.previous_error(),
      'getpreverror', db.command('getpreverror')['nPrev'])
db.coll.insert({'_id': 1})
db.coll.count()
db.coll.count()
print('two counts after an error: nPrev', db.previous_error()['nPrev'], 'error', db.error())
db.coll.insert({'_id': 1})
db.connection.end_request()
db.coll.insert({'_id': 30})
print('after end_request the next request starts clean: error', db.error())
