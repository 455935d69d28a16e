"""bson.json_util as 2.x code used it (Eve, Flask views, mongoexport-like
scripts): dumps of every BSON type with default=json_util.default and through
json_util.dumps, and loads of the strings 2.8 wrote."""
# conformance: compare=stdout
# conformance: known-deviation=json_util keeps PyMongo 4's output and parsed types (relaxed extended JSON, naive datetimes, Regex), shared with modern code in the process: refusals.DIFFERENCES, linted as LM907/LM908
import datetime
import json
import re
import uuid

from bson import json_util
from bson.binary import Binary
from bson.code import Code
from bson.dbref import DBRef
from bson.max_key import MaxKey
from bson.min_key import MinKey
from bson.objectid import ObjectId
from bson.timestamp import Timestamp
from bson.tz_util import utc

values = [
    ('oid', ObjectId('5' * 24)),
    ('naive date', datetime.datetime(2013, 5, 1, 12, 30, 15, 123000)),
    ('aware date', datetime.datetime(2013, 5, 1, 12, 30, 15, tzinfo=utc)),
    ('pre-epoch date', datetime.datetime(1960, 1, 1)),
    ('regex', re.compile('^a.*b$', re.I | re.M)),
    ('binary 0', Binary(b'\x00\x01', 0)),
    ('binary 5', Binary(b'xyz', 5)),
    ('bytes', b'raw'),
    ('uuid', uuid.UUID('12345678123456781234567812345678')),
    ('code', Code('function () {}')),
    ('code with scope', Code('function () { return x }', {'x': 1})),
    ('dbref', DBRef('coll', ObjectId('6' * 24))),
    ('dbref with db', DBRef('coll', 5, 'otherdb')),
    ('timestamp', Timestamp(1234, 5)),
    ('minkey', MinKey()),
    ('maxkey', MaxKey()),
    ('int64-ish', 2 ** 40),
    ('float', 1.5),
]
for label, value in values:
    for how, dump in (('default=', lambda v: json.dumps({'v': v}, default=json_util.default,
                                                       sort_keys=True)),
                      ('dumps', lambda v: json_util.dumps({'v': v}, sort_keys=True))):
        try:
            text = dump(value)
        except Exception as exc:
            print(label, how, '->', type(exc).__name__)
            continue
        print(label, how, '->', text)
        try:
            back = json_util.loads(text)['v']
        except Exception as exc:
            print('   loads ->', type(exc).__name__)
        else:
            print('   loads ->', type(back).__name__, back == value)

for text in ['{"d": {"$date": 1367411415123}}', '{"d": {"$date": -315619200000}}',
             '{"o": {"$oid": "555555555555555555555555"}}',
             '{"r": {"$regex": "^a", "$options": "i"}}',
             '{"b": {"$binary": "AAE=", "$type": "00"}}',
             '{"u": {"$uuid": "12345678123456781234567812345678"}}',
             '{"t": {"$timestamp": {"t": 1234, "i": 5}}}',
             '{"m": {"$minKey": 1}}', '{"r": {"$ref": "coll", "$id": 5}}']:
    try:
        doc = json_util.loads(text)
    except Exception as exc:
        print('loads', text, '->', type(exc).__name__)
    else:
        (key, value), = doc.items()
        print('loads', text, '->', type(value).__name__, repr(value)[:70])
