"""getlasterror counts operations, not writes (mongod's LastError, nPrev).

MongoClient() acknowledges every write (2.8 sends write commands at wire 3).
A 2.x server's getlasterror reported its record only while nothing else had
been sent on the socket (a query clears error()); getpreverror kept the
record however old, with nPrev; a successful update or remove replaced it, a
successful insert command only set its n to 1.  One thread, one socket: 2.8
reuses its single idle socket, legacy-mongo keeps the record per thread.
"""
# conformance: compare=stdout
import os
import warnings
from pymongo import MongoClient
from pymongo.errors import DuplicateKeyError

warnings.simplefilter('ignore', DeprecationWarning)
HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

db = MongoClient(HOST, PORT).scen_gle_ack
db.coll.drop()
db.reset_error_history()
db.coll.insert({'_id': 1})


def duplicate():
    try:
        db.coll.insert({'_id': 1})
    except DuplicateKeyError:
        pass


duplicate()
print('duplicate: error code', db.error()['code'], 'nPrev', db.previous_error()['nPrev'])
db.coll.find_one()
prev = db.previous_error()
print('a query clears error():', db.error(), '- previous nPrev', prev['nPrev'], 'n', prev['n'])
db.coll.insert({'_id': 2})
prev = db.previous_error()
print('a good insert: error', db.error(), '- previous code', prev['code'], 'nPrev', prev['nPrev'],
      'n', prev['n'])
print('getpreverror twice does not count:', db.command('getpreverror')['nPrev'],
      db.command('getpreverror')['nPrev'])
db.coll.update({'_id': 2}, {'$set': {'a': 1}})
print('a successful update clears previous_error():', db.previous_error(),
      'last_status', db.last_status()['updatedExisting'], db.last_status()['n'])
duplicate()
db.coll.remove({'_id': 77})
print('a successful remove clears previous_error():', db.previous_error(),
      'last_status n', db.last_status()['n'])
duplicate()
db.coll.count()
db.coll.find_one({'_id': 2})
print('three operations later: nPrev', db.previous_error()['nPrev'])
db.command('reseterror')
print('reseterror: getpreverror', db.command('getpreverror')['nPrev'],
      'getlasterror err', db.command('getlasterror')['err'])
r = db.coll.update({'_id': 5}, {'$set': {'a': 1}}, upsert=True)
status = db.last_status()
print('acknowledged upsert: upserted', status['upserted'], 'n', status['n'],
      'updatedExisting', status['updatedExisting'])
