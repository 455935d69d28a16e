"""Receivers reached through a project's own plumbing (issue 12, held-out misses made
general): objects that forward attribute reads to a PyMongo object (``__getattr__``)
or subscripts (``__getitem__``), metaclasses whose ``cls`` is a model class, class
properties and properties on receivers nothing else is known about, attributes of
framework objects (``flask.g``, a context-stack top) stored with PyMongo objects, and
containers of collections.  Each has its positive case and the look-alike that must
stay quiet.

Expected codes: Collection.insert/update/remove/save/ensure_index, Database.connection
and Database.authenticate, Connection.disconnect are all absent from PyMongo 4
(catalogue LM401-LM407, LM619, LM608, LM606)."""
import textwrap

from legacy_mongo.lint.engine import lint_source


def lines(source, code):
    return [f.line for f in lint_source(textwrap.dedent(source), "case.py") if f.code == code]


# ------------------------------------------------ __getattr__ forwarding (Ming)

FORWARDING = """\
import pymongo

class Engine(object):
    def __init__(self):
        self._conn = pymongo.MongoClient()
    def __getattr__(self, name):
        if name == 'conn':
            raise AttributeError(name)
        return getattr(self._conn, name)
    def __getitem__(self, name):
        return self._conn[name]

class DataStore(object):
    def __init__(self, bind, name):
        self.bind = bind
        self.name = name
        self._db = None
    def __getattr__(self, name):
        return getattr(self.db, name)
    @property
    def db(self):
        if self._db is None:
            self._db = self.bind[self.name]
            self._db.authenticate('user', 'secret')
        return self._db
    @property
    def conn(self):
        return self.connection
    def drop(self, doc):
        self.things.remove(doc)

store = DataStore(Engine(), 'app')
store.things.insert({'a': 1})
"""


def test_getattr_forwarding_to_a_pymongo_object():
    assert lines(FORWARDING, "LM619") == [28]   # self.connection is Database.connection
    assert lines(FORWARDING, "LM608") == [24]   # Engine[...] is client[...]: a Database
    assert lines(FORWARDING, "LM404") == [30]   # self.things: a collection of the db
    assert lines(FORWARDING, "LM401") == [33]


def test_authenticate_with_credentials_from_a_dict():
    src = """\
    import pymongo
    def login(auth, backend):
        db = pymongo.MongoClient().app
        db.authenticate(**auth)
        backend.authenticate(**auth)  # nothing says backend is PyMongo's
    """
    assert lines(src, "LM608") == [4]


def test_forwarding_to_a_collection_makes_the_wrapper_act_as_one():
    src = """\
    import pymongo
    class Logged(object):
        def __init__(self):
            self._coll = pymongo.MongoClient().app.things
        def __getattr__(self, attr):
            return getattr(self._coll, attr)
        def save(self, doc):
            return {'saved': doc}
    w = Logged()
    w.insert({'a': 1})
    w.save({'a': 1})
    """
    assert lines(src, "LM401") == [10]
    assert lines(src, "LM402") == []  # Logged defines save itself


PROXY = """\
import pymongo

EXECUTABLE_MONGO_METHODS = set(['insert', 'update', 'remove', 'find'])

class Executable(object):
    def __init__(self, method, wait_time):
        self.method = method
    def __call__(self, *args, **kwargs):
        return self.method(*args, **kwargs)

class MongoProxy(object):
    \"\"\"Retries on AutoReconnect: the 2011-2013 proxy many projects copied.\"\"\"
    def __init__(self, conn, wait_time=None):
        self.conn = conn
        self.wait_time = wait_time
    def __getitem__(self, key):
        item = self.conn[key]
        if hasattr(item, '__call__'):
            return MongoProxy(item, self.wait_time)
        return item
    def __getattr__(self, key):
        attr = getattr(self.conn, key)
        if hasattr(attr, '__call__'):
            if key in EXECUTABLE_MONGO_METHODS:
                return Executable(attr, self.wait_time)
            return MongoProxy(attr, self.wait_time)
        return attr

proxy = MongoProxy(pymongo.Connection())
proxy.app.things.insert(doc)
proxy['app']['things'].remove(spec)
proxy.end_request()
"""


def test_a_retrying_proxy_forwards_attributes_and_items():
    assert lines(PROXY, "LM401") == [30]
    assert lines(PROXY, "LM404") == [31]
    assert lines(PROXY, "LM202") == [32]


def test_trap_getattr_forwarding_to_something_else():
    src = """\
    import pymongo
    class Settings(object):
        def __init__(self):
            self._values = {}
            self._coll = pymongo.MongoClient().app.things
        def __getattr__(self, name):
            return getattr(self._values, name)
    class Lazy(object):
        def __getattr__(self, name):
            if name in self.__dict__:
                return self.__dict__[name]
            return getattr(pymongo.MongoClient().app.things, name)
    s = Settings()
    s.update({'a': 1}, {'$set': {'b': 2}})
    Lazy().remove({'a': 1})
    """
    assert lines(src, "LM403") == []
    assert lines(src, "LM404") == []  # not every return of __getattr__ forwards


def test_trap_getitem_returning_something_else():
    src = """\
    import pymongo
    class Registry(object):
        def __init__(self):
            self._handlers = {}
        def __getitem__(self, name):
            return self._handlers.setdefault(name, [])
    class Record(object):
        def __init__(self, doc):
            self.doc = doc
    class Table(object):
        def __init__(self):
            self._coll = pymongo.MongoClient().app.things
        def __getitem__(self, key):
            return Record(self._coll)
    r = Registry()
    r['a'].remove(1)
    Table()['a'].remove(1)
    """
    assert lines(src, "LM404") == []  # Record wraps the collection and passes nothing on


def test_subscript_of_a_database_subclass_instance():
    src = """\
    from pymongo.database import Database
    class AppDB(Database):
        pass
    def reset(client):
        AppDB(client, 'app')['things'].remove({})
    """
    assert lines(src, "LM404") == [5]


# ------------------------------------------------ metaclasses and class properties (Flask-MongoSet)

MODELS = """\
from pymongo import MongoClient
from pymongo.collection import Collection

class classproperty(property):
    def __get__(self, cls, owner):
        return self.fget.__get__(None, owner)()

class BaseQuery(Collection):
    def update(self, spec, document, **kwargs):
        return super(BaseQuery, self).update(spec, document, **kwargs)

class ModelType(type):
    def __init__(cls, name, bases, dct):
        if cls.indexes:
            cls.query.ensure_index(cls.indexes)

class Model(dict):
    __metaclass__ = ModelType
    db = MongoClient().app
    indexes = []
    query_class = BaseQuery

    @classproperty
    def query(cls):
        return cls.query_class(cls.db, cls.__name__)

def register(*models):
    for model in models:
        model.indexes and model.query.ensure_index(model.indexes)
        model.query.update({'a': 1}, {'$set': {'b': 2}})
"""


def test_metaclass_cls_is_the_model_class():
    assert 15 in lines(MODELS, "LM407")


def test_a_property_of_the_module_types_an_unknown_receiver():
    # model is unknown; every property called query in the module returns a collection
    assert 29 in lines(MODELS, "LM407")
    # BaseQuery overrides update: the call reaches the override, not PyMongo's (rule 5)
    assert lines(MODELS, "LM403") == [10]


def test_trap_property_index_with_a_conflicting_property():
    src = MODELS + """
class Search(object):
    @property
    def query(self):
        return self.session.query(Item)
"""
    assert 29 not in lines(src, "LM407")
    assert 15 in lines(src, "LM407")  # the metaclass edge does not need the index


def test_trap_sqlalchemy_style_query_without_a_local_property():
    src = """\
    import pymongo
    def f(Item):
        Item.query.ensure_index('a')
        Item.query.filter_by(a=1).update({'b': 2})
    """
    assert lines(src, "LM407") == []
    assert lines(src, "LM403") == []


def test_a_collection_property_used_on_an_unknown_receiver():
    # "store" is no name hint: only the module's property says it is a collection
    src = """\
    import pymongo
    class Repo(object):
        @property
        def store(self):
            return pymongo.MongoClient().app.items
    def purge(repo):
        repo.store.remove()
    """
    assert lines(src, "LM404") == [7]
    assert lines(src.replace("@property", "@staticmethod"), "LM404") == []


# ------------------------------------------------ attributes of framework objects (Flask-MongoKit)

CONTEXT = """\
import pymongo
from flask import _app_ctx_stack as ctx_stack, g

def connect():
    ctx = ctx_stack.top
    ctx.mongo_connection = pymongo.Connection()
    g.mongo_db = pymongo.MongoClient().app

def disconnect():
    ctx = ctx_stack.top
    ctx.mongo_connection.disconnect()
    g.mongo_db.logout()
    ctx_stack.top.mongo_connection.end_request()
"""


def test_attributes_of_a_context_object_stored_elsewhere_in_the_module():
    assert lines(CONTEXT, "LM606") == [11]
    assert lines(CONTEXT, "LM609") == [12]
    assert lines(CONTEXT, "LM202") == [13]


def test_trap_context_attributes_stored_with_other_values():
    src = """\
    import pymongo
    from flask import _app_ctx_stack as ctx_stack, g

    def connect():
        ctx = ctx_stack.top
        ctx.mongo_connection = make_pool()
        g.mongo_db = None
        g.mongo_db = pymongo.MongoClient().app

    def disconnect():
        ctx = ctx_stack.top
        ctx.mongo_connection.disconnect()
        g.mongo_db.logout()
        ctx_stack.top.mongo_connection.end_request()
    """
    assert lines(src, "LM606") == []
    assert lines(src, "LM202") == []
    assert lines(src, "LM609") == [13]  # a None store says nothing against the Database


def test_trap_another_orms_object_of_the_same_attribute_name():
    src = """\
    import pymongo
    from django import db as django_db

    class Store(object):
        def __init__(self):
            self.connection = pymongo.Connection()

    def close():
        django_db.connection.disconnect()
    """
    assert lines(src, "LM606") == []


# ------------------------------------------------ containers of collections

def test_a_dict_or_list_of_collections_subscripted():
    src = """\
    import pymongo
    db = pymongo.MongoClient().app
    COLLS = dict(users=db.users, items=db.items)
    class Store(object):
        def __init__(self):
            self.colls = {'a': db.a, 'b': db.b}
            self.extra = [db.c, db.d]
            self.cache = {}
        def coll(self, name):
            if name not in self.cache:
                self.cache[name] = db[name]
            return self.cache[name]
        def add(self, name, doc):
            self.colls[name].insert(doc)
            self.extra[0].remove({})
            self.cache[name].save(doc)
            COLLS[name].update({'a': 1}, doc)
            COLLS.get(name).find_and_modify({'a': 1}, {'$set': {'b': 2}})
    """
    assert lines(src, "LM401") == [14]
    assert lines(src, "LM404") == [15]
    assert lines(src, "LM402") == [16]
    assert lines(src, "LM403") == [17]
    assert lines(src, "LM405") == [18]


def test_containers_built_by_comprehensions():
    # Python 2.6 had no dict comprehension: dict((k, v) for ...) was the idiom
    src = """\
    import pymongo
    db = pymongo.MongoClient().app
    NAMES = ('a', 'b')
    class Store(object):
        def __init__(self):
            self.colls = dict((name, db[name]) for name in NAMES)
            self.by_name = {name: db[name] for name in NAMES}
            self.listed = [db[name] for name in NAMES]
        def add(self, name, doc):
            self.colls[name].insert(doc)
            self.by_name[name].save(doc)
            for tgt in self.listed:
                tgt.remove(doc)
    """
    assert lines(src, "LM401") == [10]
    assert lines(src, "LM402") == [11]
    assert lines(src, "LM404") == [13]


def test_trap_containers_of_other_things():
    src = """\
    import pymongo
    db = pymongo.MongoClient().app
    class Store(object):
        def __init__(self):
            self.handlers = {'a': [], 'b': db.b}
            self.lists = [[], []]
            self.cache = {}
        def add(self, name, doc):
            self.handlers[name].remove(doc)
            self.lists[0].insert(0, doc)
            self.cache[name] = []
            self.cache[name].remove(doc)
            self.made = dict((name, []) for name in 'ab')
            self.made['a'].remove(doc)
            self.pairs = {name: set() for name in 'ab'}
            self.pairs['a'].remove(doc)
    """
    assert lines(src, "LM404") == []
    assert lines(src, "LM401") == []


def test_iterating_containers_of_collections():
    # neutral names and arguments: only the container says what tgt is
    src = """\
    import pymongo
    db = pymongo.MongoClient().app
    targets = [db.a, db.b]
    for tgt in targets:
        tgt.remove(spec)
    REGISTRY = {'a': db.a}
    for tgt in REGISTRY.values():
        tgt.insert(doc)
    for name, tgt in REGISTRY.items():
        tgt.save(doc)
    for name, tgt in REGISTRY.iteritems():
        tgt.update(spec, doc)
    """
    assert lines(src, "LM404") == [5]
    assert lines(src, "LM401") == [8]
    assert lines(src, "LM402") == [10]
    assert lines(src, "LM403") == [12]


def test_trap_iterating_containers_of_other_things():
    src = """\
    import pymongo
    db = pymongo.MongoClient().app
    targets = [[], db.b]
    for tgt in targets:
        tgt.remove(spec)
    REGISTRY = {'a': set()}
    for name, tgt in REGISTRY.items():
        tgt.update(spec, doc)
    for tgt, name in {'a': db.a}.items():
        tgt.remove(spec)
    class Doc(dict):
        def each(self):
            for key, tgt in self.items():
                tgt.remove(spec)
            for tgt in self.values():
                tgt.update(spec, doc)
    """
    assert lines(src, "LM404") == []
    assert lines(src, "LM403") == []


# ------------------------------------------------ generators and context managers

def test_generator_and_contextmanager_yields():
    src = """\
    from contextlib import contextmanager
    import pymongo

    @contextmanager
    def mongo():
        conn = pymongo.MongoClient()
        try:
            yield conn.app
        finally:
            conn.close()

    def each(handle):
        for name in handle.list_collection_names():
            yield handle[name]

    with mongo() as handle:
        handle.things.insert(doc)
    for tgt in each(pymongo.MongoClient().app):
        tgt.remove(spec)
    """
    assert lines(src, "LM401") == [17]
    assert lines(src, "LM404") == [19]


def test_trap_yields_of_other_things():
    src = """\
    from contextlib import contextmanager
    import pymongo

    @contextmanager
    def opened(path):
        with open(path) as handle:
            yield handle

    def chunks(items):
        for item in items:
            yield [item]

    with opened('x') as handle:
        handle.things.insert(doc)
    for tgt in chunks([1, 2]):
        tgt.remove(spec)
    """
    assert lines(src, "LM401") == []
    assert lines(src, "LM404") == []


def test_python2_sources_get_the_same_inference():
    # print statements and "except E, e" send the file to the Python 2 parser
    src = """\
    from contextlib import contextmanager
    import pymongo

    @contextmanager
    def mongo():
        conn = pymongo.Connection()
        try:
            yield conn.app
        except pymongo.errors.AutoReconnect, e:
            print "retry", e

    with mongo() as handle:
        handle.things.insert(doc)
    REG = {'a': pymongo.Connection().app.a}
    for name, tgt in REG.iteritems():
        tgt.save(doc)
    class Wrapper(object):
        def __init__(self):
            self._coll = pymongo.Connection().app.things
        def __getattr__(self, name):
            return getattr(self._coll, name)
    Wrapper().remove(spec)
    """
    assert lines(src, "LM401") == [13]
    assert lines(src, "LM402") == [16]
    assert lines(src, "LM404") == [22]
