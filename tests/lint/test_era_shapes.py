"""How 2011-2014 code reached PyMongo 2.x objects (issue 12: generalise beyond the
evaluation corpus).  Each case is a small snippet written here from the idioms of
the era, with neutral names (``handle``, ``store``, ``tgt`` ...) so that only the
inference, not a name hint, can find the legacy use; each has a look-alike trap.

Expected codes are the catalogue's: Collection.insert/update/remove/save/count,
Connection, start_request/end_request, disconnect are absent from PyMongo 4."""
import textwrap

import pytest

from legacy_mongo.lint.engine import lint_source

# (name, source, code, lines expected)
SHAPES = [
    ("class-level client attribute", """\
        from pymongo import Connection
        class Model(object):
            store = Connection().mydb
            def save(self, doc):
                self.store.things.insert(doc)
            @classmethod
            def total(cls):
                return cls.store.things.count()
        """, "LM401", [5]),
    ("class-level client attribute, classmethod", """\
        from pymongo import Connection
        class Model(object):
            store = Connection().mydb
            @classmethod
            def total(cls):
                return cls.store.things.count()
        """, "LM406", [6]),
    ("module-level get_db() helper", """\
        import pymongo
        _client = pymongo.MongoClient()
        def get_store(name='app'):
            return _client[name]
        def add(doc):
            get_store().users.insert(doc)
            handle = get_store()
            handle.users.remove(doc)
        """, "LM404", [8]),
    ("@property returning a collection", """\
        import pymongo
        class Repo(object):
            @property
            def store(self):
                return pymongo.MongoClient().app.items
            def add(self, doc):
                self.store.insert(doc)
        """, "LM401", [7]),
    ("mixin using an attribute the concrete class sets", """\
        import pymongo
        class CountMixin(object):
            def size(self):
                return self.store.count()
        class Thing(CountMixin):
            store = pymongo.MongoClient().db.things
        def f(thing):
            return thing.store.count()
        """, "LM406", [4, 8]),
    ("functools.partial and map over a bound method", """\
        import functools, pymongo
        tgt = pymongo.MongoClient().db.things
        up = functools.partial(tgt.update, multi=True)
        list(map(tgt.insert, docs))
        """, "LM401", [4]),
    ("with a client as a context manager", """\
        import pymongo
        with pymongo.Connection() as handle:
            handle.start_request()
        """, "LM201", [3]),
    ("default argument", """\
        import pymongo
        store = pymongo.MongoClient().app
        def f(doc, tgt=store.things):
            tgt.insert(doc)
        """, "LM401", [4]),
    ("collection returned by getattr(db, name)", """\
        import pymongo
        store = pymongo.MongoClient().app
        def h(name, doc):
            tgt = getattr(store, name)
            tgt.insert(doc)
        """, "LM401", [5]),
    ("import pymongo as pm", """\
        import pymongo as pm
        handle = pm.Connection('h', safe=True)
        handle.app.things.insert(doc)
        """, "LM401", [3]),
    ("from pymongo.connection import Connection", """\
        from pymongo.connection import Connection
        handle = Connection(slave_okay=True)
        """, "LM108", [2]),
    ("lazy module-level singleton", """\
        import pymongo
        _handle = None
        def get_handle():
            global _handle
            if _handle is None:
                _handle = pymongo.Connection()
            return _handle
        def f():
            get_handle().app.things.remove(spec)
        """, "LM404", [9]),
    ("closure over a parameter typed by its call site", """\
        import pymongo
        def make_saver(tgt):
            def save(doc):
                tgt.save(doc)
            return save
        saver = make_saver(pymongo.MongoClient().app.things)
        """, "LM402", [4]),
    ("client stored on the class by a classmethod", """\
        import pymongo
        class Model(object):
            handle = None
            @classmethod
            def connect(cls):
                cls.handle = pymongo.Connection()
            @classmethod
            def close(cls):
                cls.handle.disconnect()
        """, "LM606", [9]),
    ("staticmethod returning the collection", """\
        import pymongo
        class Dao(object):
            @staticmethod
            def get_store():
                return pymongo.MongoClient().app.things
            def add(self, doc):
                self.get_store().insert(doc)
                Dao.get_store().remove(doc)
        """, "LM404", [8]),
    ("tornado-style application attribute", """\
        import pymongo
        class Application(object):
            def __init__(self):
                self.store = pymongo.MongoClient().app
        class Handler(object):
            def get(self):
                self.application.store.things.remove(spec)
        """, "LM404", [7]),
    ("unittest setUp", """\
        import unittest, pymongo
        class T(unittest.TestCase):
            def setUp(self):
                self.handle = pymongo.Connection()
                self.store = self.handle.test
            def test_it(self):
                self.store.things.insert(doc)
                self.assertEqual(self.store.things.count(), 1)
        """, "LM406", [8]),
    ("the class of an instance: self.__class__ and type(self)", """\
        import pymongo
        class Model(object):
            store = pymongo.MongoClient().app.things
            def save(self, doc):
                self.__class__.store.save(doc)
            def drop(self, spec):
                type(self).store.remove(spec)
        """, "LM404", [7]),
    ("the class of an instance: self.__class__", """\
        import pymongo
        class Model(object):
            store = pymongo.MongoClient().app.things
            def save(self, doc):
                self.__class__.store.save(doc)
        """, "LM402", [5]),
    ("getattr(self, '_x', None) or build it", """\
        import pymongo
        class Store(object):
            def tgt(self):
                found = getattr(self, '_tgt', None)
                if found is None:
                    found = self._tgt = pymongo.MongoClient().app.things
                return found
            def add(self, doc):
                self.tgt().insert(doc)
        """, "LM401", [9]),
]

# Look-alikes in the same shapes that are not PyMongo's.
TRAPS = [
    ("class-level attribute of another library", """\
        import pymongo
        import redis
        class Model(object):
            store = redis.Redis()
            def save(self, doc):
                self.store.things.insert(doc)
        """, "LM401"),
    ("helper returning a list", """\
        import pymongo
        def get_store():
            return []
        def add(doc):
            get_store().remove(doc)
        """, "LM404"),
    ("property returning a dict", """\
        import pymongo
        class Repo(object):
            @property
            def store(self):
                return {}
            def add(self, doc):
                self.store.update(doc)
        """, "LM403"),
    ("class attributes of that name that disagree", """\
        import pymongo
        class CountMixin(object):
            def size(self):
                return self.store.count()
        class Thing(CountMixin):
            store = pymongo.MongoClient().db.things
        class Other(CountMixin):
            store = []
        """, "LM406"),
    ("the class of an instance with a Django manager", """\
        import pymongo
        class Model(object):
            def touch(self, spec):
                self.__class__.objects.filter(a=1).update(spec)
                type(self).objects.update(spec)
        """, "LM403"),
    ("default argument of a list", """\
        import pymongo
        def f(doc, tgt=[]):
            tgt.insert(0, doc)
        """, "LM401"),
    ("with an open file", """\
        import pymongo
        with open('x') as handle:
            handle.count('a')
        """, "LM406"),
]


def lines(source, code):
    return [f.line for f in lint_source(textwrap.dedent(source), "case.py") if f.code == code]


@pytest.mark.parametrize("name,source,code,expected", SHAPES, ids=[s[0] for s in SHAPES])
def test_era_shape_is_found(name, source, code, expected):
    assert lines(source, code) == expected


@pytest.mark.parametrize("name,source,code", TRAPS, ids=[t[0] for t in TRAPS])
def test_era_shape_trap_stays_quiet(name, source, code):
    assert lines(source, code) == []
