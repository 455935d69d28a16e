"""Receivers with no visible PyMongo link: values that come out of the project's own
wrappers (the method index), overrides in PyMongo subclasses, registries of clients,
GridFS's private collections, unbound names.  Each inference has its positive case
and the traps that must stay quiet."""
import textwrap

from legacy_mongo.lint.engine import lint_paths, lint_source
from tests.lint.helpers import found


def lines(source, code, **kwargs):
    return [(f.line, f.confidence)
            for f in lint_source(textwrap.dedent(source), "case.py", **kwargs)
            if f.code == code]


# ------------------------------------------------ the method index, one module

STORE = """\
import pymongo

class Store(object):
    def __init__(self):
        self.db = pymongo.MongoClient().app

    def find(self, resource, query):
        return self.db[resource].find(query)

def view(app):
    results = app.store.find('users', {'a': 1})
    return results.count()
"""


def test_result_of_a_project_method_that_returns_a_cursor():
    # app.store is unknown; every method called find in the project returns a cursor
    assert lines(STORE, "LM501") == [(12, "likely")]


def test_the_method_index_needs_the_method_to_return_pymongo():
    source = STORE.replace("return self.db[resource].find(query)", "return [query]")
    assert lines(source, "LM501") == []


def test_a_method_of_the_same_name_returning_something_else_is_a_conflict():
    source = STORE + """
class Index(object):
    def find(self, resource, query):
        return []
"""
    assert lines(source, "LM501") == []


def test_the_call_must_fit_the_method_signature():
    source = STORE.replace("app.store.find('users', {'a': 1})",
                           "app.store.find('users', {'a': 1}, 'x', 'y')")
    assert lines(source, "LM501") == []
    source = STORE.replace("app.store.find('users', {'a': 1})",
                           "app.store.find('users', limit=3)")
    assert lines(source, "LM501") == []


def test_django_querysets_stay_silent():
    source = STORE + """
def django_view(Item):
    queryset = Item.objects.find('a', {})
    return queryset.count()
"""
    assert lines(source, "LM501") == [(12, "likely")]


def test_calling_a_child_of_a_collection_goes_through_a_wrapper():
    # mongokit: coll.Doc is a document class registered on the collection, and
    # Doc.fetch() is the project's method that returns self.collection.find(...)
    source = """\
    import pymongo

    class Document(dict):
        def fetch(self, spec=None):
            return self.collection.find(spec or {})

    coll = pymongo.MongoClient().db.things
    n = coll.Doc.fetch().count()
    m = coll.Doc.fetch({'a': 1}, 'extra').count()
    """
    assert lines(source, "LM501") == [(8, "likely")]


def test_a_method_typed_by_a_name_alone_types_no_caller():
    source = """\
    import pymongo

    class Connection(object):
        def connect(self):
            return self.connection

    def f(c):
        x = c.factory.connect()
        x.disconnect()
    """
    assert lines(source, "LM606") == []
    # the same method returning a call that the name's kind explains does
    source = source.replace("return self.connection", "return self.connection.get_database()"
                            ).replace("x.disconnect()", "x.add_user('u', 'p')")
    assert lines(source, "LM605") == [(9, "likely")]


def test_a_wrapper_call_whose_result_is_unknown_reports_nothing():
    source = """\
    import pymongo

    def view(app):
        results = app.store.fetch('users')
        return results.count()
    """
    assert lines(source, "LM501") == []


# ------------------------------------------------ the method index, across modules

def write(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def test_a_wrapper_method_in_another_module_of_the_package(tmp_path):
    write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/store.py": """\
            from flask_pymongo import PyMongo

            class Mongo(object):
                def __init__(self, app):
                    self.driver = PyMongo(app)

                def find(self, resource, req, lookup):
                    return self.driver.db[resource].find(lookup)
            """,
        "pkg/views.py": """\
            from flask import current_app as app
            from pkg.helpers import parse

            def get(resource, **lookup):
                documents = app.data.find(resource, parse(), lookup)
                if documents.count() == 0:
                    return None
                items = app.data.find_all(resource)
                return items.count()
            """,
        # a package that does not use pkg: its own find() is not pkg's
        "other/__init__.py": "",
        "other/views.py": """\
            import pymongo
            from flask import current_app as app

            def get(resource, lookup):
                documents = app.data.find(resource, None, lookup)
                return documents.count()
            """,
    })
    got = [(str(f.path.replace(str(tmp_path), "")), f.line, f.code, f.confidence)
           for f in lint_paths([str(tmp_path)], jobs=1)]
    assert ("/pkg/views.py", 6, "LM501", "likely") in got
    assert not [g for g in got if g[0] == "/pkg/views.py" and g[1] != 6]
    assert not [g for g in got if g[0] == "/other/views.py"]


# ------------------------------------------------ overrides in PyMongo subclasses

def test_an_override_of_a_pymongo_method_keeps_its_result_kind():
    source = """
    from pymongo.collection import Collection
    from .cursor import MyCursor

    class MyCollection(Collection):
        def find(self, *args, **kwargs):
            return MyCursor(self, *args, **kwargs)

        def one(self, *args, **kwargs):
            docs = self.find(*args, **kwargs)
            return docs.count()
    """
    assert found(source, "LM501", prelude=False) == [(11, "likely")]


def test_a_method_of_a_plain_class_keeps_nothing():
    source = """
    import pymongo
    from .cursor import MyCursor

    class Repository(object):
        def find(self, *args, **kwargs):
            return MyCursor(self, *args, **kwargs)

        def one(self, *args, **kwargs):
            docs = self.find(*args, **kwargs)
            return docs.count()
    """
    assert found(source, "LM501", prelude=False) == []


# ------------------------------------------------ registries of clients

def test_a_module_level_registry_of_clients():
    source = """
    _connections = {}

    def get_connection(alias):
        global _connections
        if alias not in _connections:
            _connections[alias] = pymongo.MongoClient()
        return _connections[alias]

    def disconnect(alias):
        get_connection(alias=alias).disconnect()
    """
    assert found(source, "LM606") == [(11, "likely")]


def test_a_registry_is_one_name_in_one_scope():
    source = """
    def connect():
        registry = {}
        registry['x'] = pymongo.MongoClient()
        return registry

    def close(registry):
        registry['x'].disconnect()
    """
    assert found(source, "LM606") == []


def test_a_registry_of_other_things():
    source = """
    _handlers = {}

    def register(name):
        _handlers[name] = []

    def drop(name, handler):
        _handlers[name].remove(handler)
    """
    assert found(source, "LM404") == []
    # the same shape on a registry of collections is reported
    source = source.replace("[]", "pymongo.MongoClient().db.things")
    assert found(source, "LM404") == [(8, "likely")]


# ------------------------------------------------ GridFS's private collections

def test_a_gridfs_subclass_reaches_its_files_collection():
    source = """
    from gridfs import GridFS

    class FS(GridFS):
        def __delitem__(self, key):
            self._GridFS__files.remove(key)

        def drop(self, key):
            self._files.remove(key)
    """
    assert found(source, "LM404", prelude=False) == [(6, "certain")]


# ------------------------------------------------ names bound nowhere

def test_an_unbound_name_is_typed_by_its_name():
    source = """
    def retry(self):
        primary_conn['admin'].authenticate(self.user, self.key)
        thing['admin'].authenticate(self.user, self.key)
    """
    assert found(source, "LM608") == [(3, "likely")]
    # without PyMongo in the module, the name alone is not enough
    assert found("import os\n" + textwrap.dedent(source), "LM608", prelude=False) == []


# ------------------------------------------------ attributes typed by their use

def test_an_attribute_passed_as_gridfs_database_is_a_database():
    source = """
    from gridfs import GridFS

    class File(object):
        _database = None
        _collection = "fs"

        def clean(self, val):
            if not self._database:
                raise ValueError("database is required")
            if not self._collection:
                raise ValueError("collection is required")
            return GridFS(self._database, collection=self._collection).put(val)

    class Other(object):
        _database = None

        def clean(self, val):
            if not self._database:
                raise ValueError("database is required")
    """
    assert found(source, "LM420", prelude=False) == [(9, "likely")]


# ------------------------------------------------ instances of classes of other modules

def test_an_instance_of_a_class_from_another_module_has_its_exported_attributes(tmp_path):
    write(tmp_path, {
        "proj/__init__.py": "",
        "proj/db.py": """\
            from pymongo import MongoClient

            def get_collection(name):
                return MongoClient().app[name]

            class Base(object):
                def __init__(self, name):
                    self.things = get_collection(name)
                    self.cache = {}
            """,
        "proj/views.py": """\
            from proj import db
            from proj.db import Base

            def view(request):
                users = Base('users')
                users.things.update(request.spec, request.doc)
                items = db.Base('items')
                items.things.remove(request.spec)
                users.cache.update(request.doc)
            """,
    })
    got = [(f.path.replace(str(tmp_path), ""), f.line, f.code)
           for f in lint_paths([str(tmp_path)], jobs=1)]
    views = [g[1:] for g in got if g[0] == "/proj/views.py"]
    # "things" is no name hint: only proj.db's summary says it is a collection;
    # Base's cache is a dict (line 9), not a sub-collection
    assert views == [(6, "LM403"), (8, "LM404")]


# ------------------------------------------------ a forwarding proxy defined in another module

PROXY_MODULE = """\
    from pymongo.errors import AutoReconnect

    class MongoProxy(object):
        def __init__(self, conn, wait_time=None):
            self.conn = conn
        def __getitem__(self, key):
            return MongoProxy(self.conn[key])
        def __getattr__(self, key):
            attr = getattr(self.conn, key)
            if callable(attr):
                return MongoProxy(attr)
            return attr
    """


def test_a_proxy_class_of_another_module_forwards_to_what_it_wraps(tmp_path):
    # "handle" is no name hint: only the proxy's summary says what it holds
    write(tmp_path, {
        "app/__init__.py": "",
        "app/mongo_proxy.py": PROXY_MODULE,
        "app/store.py": """\
            import pymongo
            from app.mongo_proxy import MongoProxy

            handle = MongoProxy(pymongo.Connection('localhost'))

            def add(doc):
                handle.app.things.insert(doc)
                handle['app']['things'].remove(doc)
            """,
        "app/other.py": """\
            import pymongo
            from app.mongo_proxy import MongoProxy

            def add(doc, thing):
                MongoProxy(thing).app.things.insert(doc)
            """,
    })
    got = [(f.path.replace(str(tmp_path), ""), f.line, f.code)
           for f in lint_paths([str(tmp_path)], jobs=1)]
    assert ("/app/store.py", 7, "LM401") in got
    assert ("/app/store.py", 8, "LM404") in got
    assert not [g for g in got if g[0] == "/app/other.py" and g[2] != "LM101"]


def test_a_method_inherited_from_a_project_class_of_another_module(tmp_path):
    write(tmp_path, {
        "odm/__init__.py": "",
        "odm/document.py": """\
            import pymongo

            class Document(dict):
                __collection__ = None

                @classmethod
                def get_collection(cls):
                    return pymongo.MongoClient().test[cls.__collection__]
            """,
        "tests/__init__.py": "",
        "tests/test_docs.py": """\
            from odm.document import Document

            class User(Document):
                __collection__ = 'users'

                def get_store(self):
                    return {}

            def test_save(spec):
                User.get_collection().remove(spec)
                User(name='x').get_collection().remove(spec)
                User.get_store().remove(spec)
            """,
    })
    got = [(f.path.replace(str(tmp_path), ""), f.line, f.code)
           for f in lint_paths([str(tmp_path)], jobs=1)]
    assert [g[1:] for g in got if g[0] == "/tests/test_docs.py"] == [
        (10, "LM404"), (11, "LM404")]


def test_the_plumbing_fixture_project():
    # tests/lint/fixtures/plumbing: a library (a base document class, a retrying
    # proxy) and a test module without any PyMongo import that uses both; the
    # prefilter equivalence test (test_prefilter.py) runs over it too
    import os
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "plumbing")
    got = [(os.path.relpath(f.path, root), f.line, f.code) for f in lint_paths([root], jobs=1)]
    assert [g for g in got if g[0].startswith("tests")] == [
        (os.path.join("tests", "test_shop.py"), 11, "LM404"),
        (os.path.join("tests", "test_shop.py"), 12, "LM402"),
        (os.path.join("tests", "test_shop.py"), 14, "LM403")]


def test_a_module_level_forwarding_wrapper_is_exported_as_what_it_forwards_to(tmp_path):
    write(tmp_path, {
        "webapp/__init__.py": "",
        "webapp/ext.py": """\
            import pymongo

            class Mongo(object):
                def __init__(self, uri):
                    self._store = pymongo.MongoClient(uri).webapp
                def __getattr__(self, name):
                    return getattr(self._store, name)
                def register(self, *docs):
                    pass

            class Overriding(Mongo):
                def collection_names(self):
                    return []

            handle = Mongo('mongodb://localhost')
            other = Overriding('mongodb://localhost')
            """,
        "webapp/views.py": """\
            from webapp.ext import handle, other

            def view(doc):
                handle.things.insert(doc)
                handle.register(doc)
                return other.things.count()
            """,
    })
    got = [(f.path.replace(str(tmp_path), ""), f.line, f.code)
           for f in lint_paths([str(tmp_path)], jobs=1)]
    # other's class overrides a Database method: not exported, so not known
    assert [g[1:] for g in got if g[0] == "/webapp/views.py"] == [(4, "LM401")]
