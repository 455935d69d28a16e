"""2.8's index-key and sort checks and drop return values (issue 10): a dict
(even a SON) passed to create_index/ensure_index/sort/find(sort=)/hint is a
TypeError, a list that is not of pairs (['a', 1]) a ValueError or TypeError
exactly where 2.8 raised each; find_and_modify(sort=dict) was accepted;
drop_collection, drop and drop_database return None."""
import os
import warnings
warnings.simplefilter("ignore")
import pymongo
from bson.son import SON
HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
c = pymongo.MongoClient(HOST, PORT)
coll = c.small.coll
coll.insert({"_id": 1, "a": 1})
def attempt(label, fn):
    try:
        r = fn()
    except Exception as exc:
        print(label, "->", type(exc).__name__)
    else:
        print(label, "->", repr(r)[:60] if not hasattr(r, "next") else "cursor")
attempt("create_index dict", lambda: coll.create_index({"a": 1}))
attempt("create_index SON", lambda: coll.create_index(SON([("a", 1)])))
attempt("create_index list-not-pairs", lambda: coll.create_index(["a", 1]))
attempt("create_index tuple pair", lambda: coll.create_index(("a", 1)))
attempt("ensure_index dict", lambda: coll.ensure_index({"b": 1}))
attempt("ensure_index list-not-pairs", lambda: coll.ensure_index(["b", 1]))
attempt("sort dict", lambda: list(coll.find().sort({"a": 1})))
attempt("sort SON", lambda: list(coll.find().sort(SON([("a", 1)]))))
attempt("sort list-not-pairs", lambda: list(coll.find().sort(["a", 1])))
attempt("sort str", lambda: list(coll.find().sort("a")))
attempt("sort str dir", lambda: list(coll.find().sort("a", -1)))
attempt("sort int", lambda: list(coll.find().sort(5)))
attempt("find sort= dict", lambda: list(coll.find(sort={"a": 1})))
attempt("find sort= list-not-pairs", lambda: list(coll.find(sort=["a", 1])))
attempt("find sort= str", lambda: list(coll.find(sort="a")))
attempt("find_one sort= dict", lambda: coll.find_one(sort={"a": 1}))
attempt("find_and_modify sort= dict", lambda: coll.find_and_modify({}, {"$set": {"z": 1}}, sort={"a": 1}))
attempt("find_and_modify sort= list", lambda: coll.find_and_modify({}, {"$set": {"z": 1}}, sort=[("a", 1)]))
attempt("hint dict", lambda: list(coll.find().hint({"_id": 1})))
attempt("hint list-not-pairs", lambda: list(coll.find().hint(["_id", 1])))
attempt("drop_index dict", lambda: coll.drop_index({"a": 1}))
attempt("drop_index list-not-pairs", lambda: coll.drop_index(["b", 1]))
attempt("drop_collection", lambda: c.small.drop_collection("other"))
attempt("drop_collection obj", lambda: c.small.drop_collection(c.small.x))
attempt("coll.drop", lambda: c.small.y.drop())
attempt("drop_database", lambda: c.drop_database("nothing"))
attempt("drop_indexes", lambda: coll.drop_indexes())
attempt("group key", lambda: coll.group({"a": 1}, {}, {"n": 0}, "function(o, p){p.n++}"))
