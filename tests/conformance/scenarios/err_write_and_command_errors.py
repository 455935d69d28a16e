"""Server errors map to 2.8's exception classes, codes and details (2.8 section 5.2).

The duplicate key is real; the other replies are canned by the test server.
For each error the script prints which of 2.8's ``pymongo.errors`` classes it
is an instance of (what ``except`` clauses rely on), not its class ancestry:
legacy-mongo raises PyMongo 4's classes (``DuplicateKeyError`` is also a
``WriteError``), whose ``__mro__`` differs from 2.8's.  After "not master"
2.8 disconnected, so the next operation runs on a new socket (S2).
"""
# conformance: fail_command=insert {"ok": 1, "n": 1, "writeConcernError": {"code": 64, "errmsg": "waiting for replication timed out", "errInfo": {"wtimeout": true}}}  # noqa: E501
# conformance: fail_command=insert {"ok": 1, "n": 1, "writeConcernError": {"code": 100, "errmsg": "cannot satisfy write concern"}}  # noqa: E501
# conformance: fail_command=insert {"ok": 1, "n": 0, "writeErrors": [{"index": 0, "code": 2, "errmsg": "bad"}, {"index": 1, "code": 5, "errmsg": "worse"}]}  # noqa: E501
# conformance: fail_command=update {"ok": 0, "errmsg": "not master", "code": 10107}
# conformance: fail_command=count {"ok": 0, "errmsg": "operation exceeded time limit", "code": 50}
# conformance: fail_command=distinct {"ok": 0, "errmsg": "bad distinct", "code": 123}
import os

import pymongo.errors
from pymongo import MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

# 2.8.1's pymongo.errors classes an error can be an instance of.
NAMES_28 = ('PyMongoError', 'ConnectionFailure', 'AutoReconnect', 'ConfigurationError',
            'OperationFailure', 'CursorNotFound', 'ExecutionTimeout', 'TimeoutError',
            'WTimeoutError', 'DuplicateKeyError', 'BulkWriteError', 'InvalidOperation')


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        details = getattr(exc, 'details', None)
        print(label, '->', type(exc).__name__, 'code', getattr(exc, 'code', None))
        print('   str:', str(exc))
        print('   details:', sorted(details.items()) if isinstance(details, dict) else details)
        print('   isinstance:', [name for name in NAMES_28
                                 if isinstance(exc, getattr(pymongo.errors, name))])
        try:
            raise exc
        except pymongo.errors.TimeoutError:
            print('   except TimeoutError: caught')
        except pymongo.errors.OperationFailure:
            print('   except OperationFailure: caught')
        except pymongo.errors.ConnectionFailure:
            print('   except ConnectionFailure: caught')
    else:
        print(label, '-> returned', result)


c = MongoClient(HOST, PORT)
coll = c.scen.coll
attempt('wtimeout', lambda: coll.insert({'_id': 'a'}))
attempt('wce other', lambda: coll.insert({'_id': 'b'}))
attempt('two write errors', lambda: coll.insert([{'_id': 'c'}, {'_id': 'd'}]))
attempt('not master', lambda: coll.update({'_id': 'a'}, {'$set': {'x': 1}}))
attempt('count timeout', lambda: coll.count())
attempt('distinct failure', lambda: coll.distinct('x'))
coll.drop()
coll.insert({'_id': 1})
attempt('duplicate', lambda: coll.insert({'_id': 1}))
attempt('duplicate in batch', lambda: coll.insert([{'_id': 2}, {'_id': 1}]))
attempt('after errors', lambda: coll.find_one({'_id': 1}))
