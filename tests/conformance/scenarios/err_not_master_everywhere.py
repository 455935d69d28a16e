"""Every legacy path maps "not master"/"node is recovering" as 2.8 did: a plain
AutoReconnect (no details), and the client disconnects, so the next operation
runs on a new socket (S2, S3, ...).  Also: a failed aggregate reads as 2.8's
command error.  The replies are canned by the test server:
"""
# conformance: fail_command=find {"ok": 0, "errmsg": "not master", "code": 10107, "$err": "not master"}  # noqa: E501
# conformance: fail_command=count {"ok": 0, "errmsg": "node is recovering", "code": 11600}
# conformance: fail_command=delete {"ok": 0, "errmsg": "not master", "code": 10107}
# conformance: fail_command=insert {"ok": 0, "errmsg": "not master", "code": 10107}
# conformance: fail_command=aggregate {"ok": 0, "errmsg": "bad pipeline", "code": 16436}
# conformance: fail_command=aggregate {"ok": 0, "errmsg": "bad pipeline", "code": 16436}
# conformance: fail_command=aggregate {"ok": 0, "errmsg": "not master", "code": 10107}
import os

import pymongo.errors
from pymongo import MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__, 'code', getattr(exc, 'code', None))
        print('   str:', str(exc))
        print('   details:', getattr(exc, 'details', None))
        print('   AutoReconnect:', isinstance(exc, pymongo.errors.AutoReconnect),
              'OperationFailure:', isinstance(exc, pymongo.errors.OperationFailure))
    else:
        print(label, '-> returned', result)


c = MongoClient(HOST, PORT)
db = c.scen
coll = db.coll
attempt('find_one', lambda: coll.find_one({'_id': 1}))
attempt('after find_one', lambda: coll.find_one({'_id': 1}))
attempt('count command', lambda: db.command('count', 'coll'))
attempt('after count', lambda: coll.find_one({'_id': 1}))
attempt('remove', lambda: coll.remove({'_id': 5}))
attempt('after remove', lambda: coll.find_one({'_id': 1}))


def bulk():
    b = coll.initialize_ordered_bulk_op()
    b.insert({'_id': 7})
    return b.execute()


attempt('bulk', bulk)
attempt('after bulk', lambda: coll.find_one({'_id': 1}))
attempt('aggregate', lambda: coll.aggregate([{'$bogus': 1}]))
attempt('aggregate cursor', lambda: list(coll.aggregate([{'$bogus': 1}], cursor={})))
attempt('aggregate not master', lambda: coll.aggregate([{'$match': {}}]))
attempt('after aggregate', lambda: coll.find_one({'_id': 1}))
