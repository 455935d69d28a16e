"""Index and rename command failures read as 2.8's command errors (spec §5.2):
"command SON([...]) on namespace db.$cmd failed: errmsg", a bare message for a
duplicate key (a unique index over duplicates), and "not master" disconnects.
The replies are canned by the test server:
"""
# conformance: fail_command=createIndexes {"ok": 0, "errmsg": "E11000 duplicate key error index: scen.coll.$a_1 dup key: { : 1 }", "code": 11000}  # noqa: E501
# conformance: fail_command=createIndexes {"ok": 0, "errmsg": "bad index key pattern", "code": 67}
# conformance: fail_command=createIndexes {"ok": 0, "errmsg": "not master", "code": 10107}
# conformance: fail_command=dropIndexes {"ok": 0, "errmsg": "index not found with name [x_1]", "code": 27}  # noqa: E501
# conformance: fail_command=dropIndexes {"ok": 0, "errmsg": "can't drop indexes", "code": 2}
# conformance: fail_command=renameCollection {"ok": 0, "errmsg": "target namespace exists", "code": 48}  # noqa: E501
import os

from pymongo import MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__, 'code', getattr(exc, 'code', None))
        print('   str:', str(exc))
        print('   details:', getattr(exc, 'details', None))
    else:
        print(label, '-> returned', result)


c = MongoClient(HOST, PORT)
coll = c.scen.coll
coll.insert({'_id': 1, 'a': 1})
attempt('unique over duplicates', lambda: coll.ensure_index('a', unique=True))
attempt('bad key pattern', lambda: coll.create_index([('b', 'bogus')]))
attempt('not master', lambda: coll.ensure_index('c'))
attempt('after not master', lambda: coll.find_one())
attempt('drop_index', lambda: coll.drop_index('x_1'))
attempt('drop_indexes', lambda: coll.drop_indexes())
attempt('rename', lambda: coll.rename('other'))
