"""User management and profiling helpers (spec 4.3) with canned server replies:
add_user (usersInfo, then createUser/updateUser), remove_user, profiling
level get/set and its argument checks, validate_collection."""
# conformance: fail_command=usersInfo {"users": [], "ok": 1}
# conformance: fail_command=createUser {"ok": 1}
# conformance: fail_command=usersInfo {"users": [{"user": "alice"}], "ok": 1}
# conformance: fail_command=updateUser {"ok": 1}
# conformance: fail_command=dropUser {"ok": 1}
# conformance: fail_command=usersInfo {"users": [], "ok": 1.0}
# conformance: fail_command=profile {"was": 1, "slowms": 100, "ok": 1}
# conformance: fail_command=profile {"was": 1, "slowms": 20, "ok": 1}
# conformance: fail_command=validate {"ns": "scen_users.c", "valid": true, "ok": 1}
# conformance: fail_command=validate {"ns": "scen_users.c", "valid": false, "errors": ["bad"], "ok": 1}  # noqa: E501
import os
import warnings
from pymongo import MongoClient
from pymongo.errors import CollectionInvalid, ConfigurationError

warnings.simplefilter('ignore')
HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

c = MongoClient(HOST, PORT)
db = c.scen_users
print(db.add_user('alice', 'secret'))
print(db.add_user('alice', 'changed', roles=['read']))
print(db.remove_user('alice'))
for args, kwargs in [((5, 'p'), {}), (('u', ''), {}), (('u', 'p'), {'read_only': 1}),
                     (('u', 'p'), {'read_only': True, 'roles': ['read']}),
                     (('u', 'p'), {'digestPassword': False})]:
    try:
        db.add_user(*args, **kwargs)
    except (TypeError, ValueError, ConfigurationError) as exc:
        print(type(exc).__name__)
print(db.profiling_level())
print(db.set_profiling_level(2, slow_ms=20))
for level, slow in [(5.5, None), (None, None), (-1, None), (3, None), (1, 'x')]:
    try:
        db.set_profiling_level(level, slow)
    except (TypeError, ValueError) as exc:
        print(type(exc).__name__, exc)
db.c.insert({'x': 1})
print(db.validate_collection('c')['valid'])
try:
    db.validate_collection(db.c)
except CollectionInvalid:
    print('CollectionInvalid')
try:
    db.validate_collection(5)
except TypeError:
    print('TypeError')
c.drop_database('scen_users')
