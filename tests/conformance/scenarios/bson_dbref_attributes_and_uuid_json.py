"""bson objects as 2.8 programs use them (issue 10): attributes set on a
DBRef the program built (PyMongo 4's DBRef has __slots__), and
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
u = uuid.UUID("12345678123456781234567812345678")
print("uuid", json_util.dumps(u))
print("uuid doc", json_util.dumps({"u": u, "o": ObjectId("5" * 24)}))
import json
print("json default", json.dumps({"u": u}, default=json_util.default))
