"""bson objects as 2.8 programs use them (issue 10): attributes set on a
DBRef the program built or read back (PyMongo 4's DBRef has __slots__), and
json_util.dumps of a native uuid.UUID printing {"$uuid": hex} (PyMongo 4
raises with its default UuidRepresentation.UNSPECIFIED)."""
import os
import uuid
import warnings
warnings.simplefilter("ignore")
import pymongo
import bson
from bson.dbref import DBRef
from bson import json_util
from bson.objectid import ObjectId
HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
coll = pymongo.MongoClient(HOST, PORT).bsonx.coll
ref = DBRef("users", 5, "db", extra=1)
ref.type = "User"
print("attr", ref.type, ref.extra, ref, ref == DBRef("users", 5, "db", extra=1))
print("hash", hash(ref) == hash(DBRef("users", 5, "db", extra=1)))
b = bson.DBRef("a", 1)
b.cached = True
print("bson.DBRef", b.cached, repr(b))
coll.insert({"_id": 1, "r": ref})
print("roundtrip", coll.find_one()["r"])
# References read back take attributes too (MongoAlchemy sets ref.type on
# each one it loads): top level, in a list, in a subdocument, from a cursor.
coll.insert({"_id": 2, "l": [DBRef("users", 6)], "s": {"t": DBRef("users", 7, "db")}})
back = coll.find_one({"_id": 1})["r"]
back.type = "User"
print("read back attr", back.type, back.extra, back, back == ref, isinstance(back, DBRef))
doc = list(coll.find({"_id": 2}))[0]
doc["l"][0].type = "L"
doc["s"]["t"].type = "S"
print("nested attr", doc["l"][0].type, doc["s"]["t"].type, doc["l"], doc["s"])
u = uuid.UUID("12345678123456781234567812345678")
print("uuid", json_util.dumps(u))
print("uuid doc", json_util.dumps({"u": u, "o": ObjectId("5" * 24)}))
import json
print("json default", json.dumps({"u": u}, default=json_util.default))
