"""2.8's classes are the legacy ones under the activation (issue 10): a
program constructs Collection(db, name, capped=True) and Cursor(coll, spec),
patches Collection.update on the class, subclasses Collection, and wraps
client/database/collection by overriding only __getattr__ (Flask-PyMongo
0.3: 2.8's __getitem__ returned self.__getattr__(name)); 2.8's Collection,
Database and client are always truthy."""
import os
import warnings
warnings.simplefilter("ignore")
import pymongo
from pymongo import collection, database, mongo_client, cursor, command_cursor
from pymongo.collection import Collection
from pymongo.database import Database

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
client = pymongo.MongoClient(HOST, PORT)
db = client.classes
capped = Collection(db, "capped", capped=True, size=4096)
print("capped save", type(capped.save({"_id": 1, "a": 1})).__name__, capped.find_one())
print("truthy", bool(db), bool(capped), bool(client), not capped.is_mongos)

calls = []
original = Collection.update
def spy(self, *args, **kwargs):
    calls.append(self.name)
    return original(self, *args, **kwargs)
Collection.update = spy
db.patched.update({"a": 1}, {"$set": {"b": 1}}, upsert=True)
Collection.update = original
print("patched update seen", calls)

class MyCollection(Collection):
    def hello(self):
        return "hello " + self.name
mine = MyCollection(db, "mine")
print("subclass insert", mine.insert({"_id": 7}), mine.hello(), mine.find_one())
print("subclass count", mine.find().count(), isinstance(mine, Collection))

# Flask-PyMongo 0.3's wrappers: only __getattr__ is overridden.
class WrappedCollection(collection.Collection):
    def __getattr__(self, name):
        attr = super(WrappedCollection, self).__getattr__(name)
        if isinstance(attr, collection.Collection):
            # Flask-PyMongo 0.3 reads 2.8's private attribute.
            return WrappedCollection(self._Collection__database, attr.name)
        return attr
class WrappedDatabase(database.Database):
    def __getattr__(self, name):
        attr = super(WrappedDatabase, self).__getattr__(name)
        if isinstance(attr, collection.Collection):
            return WrappedCollection(self, name)
        return attr
class WrappedClient(mongo_client.MongoClient):
    def __getattr__(self, name):
        attr = super(WrappedClient, self).__getattr__(name)
        if isinstance(attr, database.Database):
            return WrappedDatabase(self, name)
        return attr
wc = WrappedClient(HOST, PORT)
print("wrapped", type(wc["x"]).__name__, type(wc.x).__name__, type(wc["x"]["c"]).__name__,
      type(wc.x.c).__name__, type(wc["x"]["c"]["sub"]).__name__, wc["x"]["c"]["sub"].name)
print("wrapped insert", wc["x"]["c"].insert({"_id": 3}))
print("cursor class", isinstance(db.capped.find(), cursor.Cursor), type(db.capped.find()).__name__)
cur = cursor.Cursor(db.capped, {"a": 1})
print("cursor built", list(cur))
print("command cursor", isinstance(db.capped.aggregate([], cursor={}), command_cursor.CommandCursor))
try:
    Collection(db, "capped", capped=True, size=4096)
except Exception as exc:
    print("exists", type(exc).__name__)
# 2.8's name-mangled private state, read by 2.x-era libraries.
probe = db.capped.find({"a": 1}, ["a"], skip=1, limit=2)
print("private", db.capped._Collection__name, db.capped._Collection__full_name,
      db.capped._Collection__database.name, db._Database__name, type(db._Database__connection).__name__,
      probe._Cursor__spec, probe._Cursor__skip, probe._Cursor__limit, probe._Cursor__collection.name)
