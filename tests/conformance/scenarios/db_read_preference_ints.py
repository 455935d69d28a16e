"""2.x read preferences are ints (spec 4.6): falsy PRIMARY, == comparisons,
modes[...] lookups, tag_sets defaults, on clients and databases.
"""
import os
from pymongo import MongoClient, ReadPreference
from pymongo.read_preferences import modes, mongos_mode, mongos_enum

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

c = MongoClient(HOST, PORT)
print(c.read_preference, not c.read_preference, c.read_preference == ReadPreference.PRIMARY)
db = c.scen_rp
print(db.read_preference == 0, modes[db.read_preference])
db.read_preference = ReadPreference.SECONDARY_PREFERRED
print(db.read_preference, db.read_preference == 3, modes[db.read_preference],
      mongos_mode(db.read_preference))
print(ReadPreference.SECONDARY_ONLY == ReadPreference.SECONDARY, mongos_enum('nearest'))
print(db.tag_sets, db.secondary_acceptable_latency_ms, db.slave_okay)
print(c.tag_sets, c.secondary_acceptable_latency_ms, c.slave_okay)
s = MongoClient(HOST, PORT, read_preference=ReadPreference.NEAREST)
print(s.read_preference, s.scen_rp.read_preference == ReadPreference.NEAREST)
print(sorted(modes.items()))
