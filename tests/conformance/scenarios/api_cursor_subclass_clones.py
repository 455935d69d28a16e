"""Clones of a Cursor subclass (mogo 0.2.4's Cursor(model, spec)): 2.8's
_clone_base built the base Cursor(collection), so cursor[0], count(),
clone() and rewind-free re-reads never call the subclass constructor;
PyMongo 4 builds self.__class__(collection, session=...)."""
import os
import warnings
warnings.simplefilter("ignore")

from pymongo import MongoClient
from pymongo.cursor import Cursor

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
coll = MongoClient(HOST, PORT).cursorsub.coll
coll.drop()
coll.insert([{"_id": i, "n": i * 10} for i in range(5)])
built = []


class Model(object):
    collection = coll

    def __init__(self, **fields):
        self.fields = fields


class ModelCursor(Cursor):
    def __init__(self, model, spec=None, *args, **kwargs):
        built.append(model.__name__)
        self._model = model
        Cursor.__init__(self, model.collection, spec, *args, **kwargs)

    def __next__(self):
        return self._model(**Cursor.__next__(self))

    next = __next__

    def first(self):
        if self.count() == 0:
            return None
        return self[0]


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__, str(exc)[:80])
    else:
        print(label, '->', result)


cursor = ModelCursor(Model, {"n": {"$gte": 20}}).sort("_id", 1)
attempt("first", lambda: cursor.first())
attempt("index", lambda: sorted(cursor[1].items()))
attempt("clone type", lambda: type(cursor.clone()).__name__)
attempt("clone docs", lambda: [d["_id"] for d in cursor.clone()])
attempt("slice type", lambda: type(cursor[1:]).__name__)
attempt("count", lambda: cursor.count())
attempt("iterate", lambda: [m.fields["_id"] for m in cursor])
print("constructor calls", built)
