"""Database.command with 2.8's arguments (spec 4.3): value, check,
allowable_errors, as_class, compile_re, uuid_subtype, fields lists, the
caller's dict updated in place, and network_timeout (2.8 sent it; modern
servers reject unknown fields, so legacy-mongo strips it: not visible here)."""
# conformance: fail_command=distinct {"ok": 0, "errmsg": "tolerated", "code": 2}
# conformance: fail_command=distinct {"ok": 0, "errmsg": "unchecked", "code": 2}
import os
import re
import uuid
from bson.son import SON
from pymongo import MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

c = MongoClient(HOST, PORT)
db = c.scen_cmd
u = uuid.UUID('00112233-4455-6677-8899-aabbccddeeff')
db.c.insert({'_id': 1, 'r': re.compile('^x', re.I), 'u': u})
db.c.insert({'_id': 2, 'r': re.compile('y'), 'u': u})
reply = db.command('distinct', 'c', allowable_errors=['tolerated'], key='u')
print(reply['ok'], reply['errmsg'])
reply = db.command('distinct', 'c', check=False, key='u')
print(reply['ok'], reply['errmsg'])
fam = SON([('findAndModify', 'c'), ('query', {'_id': 1}), ('update', {'$set': {'n': 1}})])
value = db.command(SON(fam))['value']
print(type(value['r']).__name__, value['r'].pattern, bool(value['r'].flags & re.I), value['u'])
value = db.command(SON(fam), compile_re=False)['value']
print(type(value['r']).__name__, value['r'].pattern)
print(db.command('distinct', 'c', key='u')['values'])
print(db.command('distinct', 'c', key='u', uuid_subtype=4)['values'])
son = db.command('count', 'c', as_class=SON)
print(type(son).__name__, list(son.items()))
command = SON([('count', 'c')])
print(db.command(command, query={'_id': 1})['n'], command)
print(db.command('count', 'c', network_timeout=5)['n'])
c.drop_database('scen_cmd')
