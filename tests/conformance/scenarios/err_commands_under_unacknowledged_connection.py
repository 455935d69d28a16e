"""Under Connection() (w=0 writes) 2.8 still ran its commands acknowledged: a
refused createIndexes, dropIndexes, renameCollection, create, findAndModify,
aggregate ($out) or drop raised, and each was sent as a command awaiting its reply.  The failures
are canned by the test server:
"""
# conformance: fail_command=createIndexes {"ok": 0, "errmsg": "bad index key pattern", "code": 67}
# conformance: fail_command=dropIndexes {"ok": 0, "errmsg": "index not found with name [x_1]", "code": 27}  # noqa: E501
# conformance: fail_command=renameCollection {"ok": 0, "errmsg": "target namespace exists", "code": 48}  # noqa: E501
# conformance: fail_command=findAndModify {"ok": 0, "errmsg": "exception: bad update", "code": 9}  # noqa: E501
# conformance: fail_command=drop {"ok": 0, "errmsg": "drop refused", "code": 20}
# conformance: fail_command=dropDatabase {"ok": 0, "errmsg": "dropDatabase refused", "code": 20}  # noqa: E501
# conformance: fail_command=aggregate {"ok": 0, "errmsg": "$out refused", "code": 20}
import os
import warnings

from pymongo import Connection

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
warnings.simplefilter('ignore')


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__, 'code', getattr(exc, 'code', None))
    else:
        print(label, '-> returned', result)


c = Connection(HOST, PORT)
db = c.scen
coll = db.coll
coll.insert({'_id': 1, 'a': 1})
attempt('create_index refused', lambda: coll.create_index([('b', 1)]))
attempt('drop_index refused', lambda: coll.drop_index('x_1'))
attempt('rename refused', lambda: coll.rename('other'))
attempt('find_and_modify refused', lambda: coll.find_and_modify({'_id': 1}, {'$set': {'a': 2}}))
attempt('drop_collection refused', lambda: db.drop_collection('coll'))
attempt('drop_database refused', lambda: c.drop_database('scen'))
attempt('aggregate $out refused', lambda: coll.aggregate([{'$out': 'out'}]))
attempt('create_collection capped without size', lambda: db.create_collection('x', capped=True))
print('doc', coll.find_one())
