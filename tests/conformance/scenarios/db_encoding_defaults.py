"""BSON defaults of 2.8 (spec 6.4): UUIDs stored as subtype 3 (Python legacy)
and read back as uuid.UUID, uuid_subtype=4 reads them as Binary, regexes
decode to compiled patterns, datetimes naive unless tz_aware."""
import datetime
import os
import re
import uuid
from pymongo import MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

u = uuid.UUID('00112233-4455-6677-8899-aabbccddeeff')
c = MongoClient(HOST, PORT)
db = c.scen_enc
print(db.uuid_subtype, c.uuid_subtype)
db.things.insert({'_id': 1, 'u': u, 'r': re.compile('^ab', re.I),
                  'd': datetime.datetime(2014, 5, 6, 7, 8, 9)})
doc = db.things.find_one()
print(doc['u'], type(doc['u']).__name__)
print(type(doc['r']).__name__, doc['r'].pattern, bool(doc['r'].flags & re.I))
print(doc['d'], doc['d'].tzinfo)
print(db.things.find_one({'u': u})['_id'])
db.uuid_subtype = 4
standard = db.things
print(standard.find_one({'u': u}))
raw = standard.find_one()['u']
print(type(raw).__name__, getattr(raw, 'subtype', None))
aware = MongoClient(HOST, PORT, tz_aware=True)
print(aware.scen_enc.things.find_one()['d'])
c.drop_database('scen_enc')
