"""Under Connection() (w=0), 2.8's user, index-maintenance and profiling helpers
were commands: a refusal raised.  The failures are canned by the test server:
"""
# conformance: fail_command=usersInfo {"users": [], "ok": 1}
# conformance: fail_command=createUser {"ok": 0, "errmsg": "createUser refused", "code": 51003}  # noqa: E501
# conformance: fail_command=dropUser {"ok": 0, "errmsg": "dropUser refused", "code": 11}
# conformance: fail_command=reIndex {"ok": 0, "errmsg": "reIndex refused", "code": 20}
# conformance: fail_command=validate {"ok": 0, "errmsg": "validate refused", "code": 26}
# conformance: fail_command=profile {"ok": 0, "errmsg": "profile refused", "code": 13}
# conformance: fail_command=distinct {"ok": 0, "errmsg": "distinct refused", "code": 2}
# conformance: fail_command=count {"ok": 0, "errmsg": "count refused", "code": 2}
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
attempt('add_user refused', lambda: db.add_user('u', 'p'))
attempt('remove_user refused', lambda: db.remove_user('u'))
attempt('reindex refused', lambda: coll.reindex())
attempt('validate_collection refused', lambda: db.validate_collection('coll'))
attempt('set_profiling_level refused', lambda: db.set_profiling_level(1))
attempt('distinct refused', lambda: coll.distinct('a'))
attempt('count refused', lambda: coll.count())
print('doc', coll.find_one())
