"""Patterns of batch 5 of the evaluation corpus (benchmarks/lint_eval) the linter
missed, each as a mechanism: a positive case and a look-alike trap."""
import os
import textwrap

from legacy_mongo.lint.engine import lint_paths
from tests.lint.helpers import found as found_in
from tests.lint.helpers import lint as lint_prelude


def write(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def found(tmp_path, name, use_prefilter=True):
    """(line, code) of the findings in file *name* of the tree at *tmp_path*."""
    target = str(tmp_path / name)
    return sorted((f.line, f.code) for f in lint_paths([str(tmp_path)], use_prefilter=use_prefilter)
                  if os.path.abspath(f.path) == os.path.abspath(target))


STORE = """\
    import pymongo
    databases = {}

    def connect(name):
        databases[name] = pymongo.MongoClient()[name]

    def get_collection(collection, database):
        return databases[database][collection]
    """

# Python 2's implicit relative import: ``import store`` in pkg/model.py is
# pkg/store.py; the model file itself holds no PyMongo token.
MODEL = """\
    import store

    class Model(object):
        def put(self, docs):
            return self.collection().insert(docs)

        @classmethod
        def collection(cls):
            return store.get_collection(cls.__name__, 'app')
    """


def test_a_python2_implicit_relative_import_reaches_the_sibling_module(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/store.py": STORE, "pkg/model.py": MODEL})
    assert found(tmp_path, "pkg/model.py") == [(5, "LM401")]
    assert found(tmp_path, "pkg/model.py", use_prefilter=False) == [(5, "LM401")]


def test_from_sibling_import_name_is_the_sibling_module_too(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/store.py": STORE, "pkg/model.py": """\
        from store import get_collection

        def put(docs):
            return get_collection('items', 'app').insert(docs)
        """})
    assert found(tmp_path, "pkg/model.py") == [(4, "LM401")]


def test_trap_a_top_level_module_of_that_name_wins_over_the_sibling(tmp_path):
    # with a top-level store.py in the tree, ``import store`` may be that one
    # (Python 3's absolute import): it keeps plain dicts
    write(tmp_path, {"pkg/__init__.py": "", "pkg/store.py": STORE, "pkg/model.py": MODEL,
                     "store.py": """\
        import pymongo
        tables = {}
        client = pymongo.MongoClient()

        def get_collection(collection, database):
            return tables.setdefault((database, collection), [])
        """})
    assert found(tmp_path, "pkg/model.py") == []


def test_trap_a_sibling_module_without_pymongo_values(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/model.py": MODEL, "pkg/store.py": """\
        tables = {}

        def get_collection(collection, database):
            return tables.setdefault((database, collection), [])
        """})
    assert found(tmp_path, "pkg/model.py") == []


def test_getattr_with_a_computed_name_on_a_database_is_a_collection():
    assert found_in("""\
        def pick(name):
            sub = getattr(db, name)
            if sub:
                return sub
        """, "LM420") == [(3, "likely")]


def test_trap_getattr_with_a_computed_name_on_a_collection_is_no_sub_collection():
    # a dispatcher's method lookup: getattr(collection, name, None) is a bound
    # method as often as a sub-collection, so its truth value is no LM420
    assert found_in("""\
        def call(method, *args):
            target = getattr(coll, method, None)
            if not target:
                raise AttributeError(method)
            return target(*args)
        """, "LM420") == []


DESCRIPTOR = """\
    import pymongo

    class Store(pymongo.collection.Collection):
        pass

    class {name}(object):
        def __init__(self, f):
            self.f = f

        def __get__(self, instance, owner):
            {body}

    def attach(target, database):
        @{name}
        def items(owner):
            return Store(database, 'items')
        target.items = items

        @{name}
        def change(owner):
            return owner.items.update
        target.change = change
    """


def test_a_function_stored_through_a_calling_descriptor_gives_its_result():
    # cached_classmethod (mongo 0.2.0): reading owner.items calls the function,
    # so owner.items is a Collection and owner.items.update a legacy method value
    source = DESCRIPTOR.format(name="cached_classmethod", body="return self.f(owner)")
    assert found_in(source, "LM403", prelude=False) == [(21, "likely")]


def test_trap_a_descriptor_that_does_not_call_the_function():
    source = DESCRIPTOR.format(name="registered", body="return self.f")
    assert found_in(source, "LM403", prelude=False) == []


def test_a_parameter_named_collection_read_as_one_is_truth_tested():
    # MongoLite/mongokit Document.__init__: only a PyMongo Collection has .database
    assert found_in("""\
        class Record(object):
            def __init__(self, collection=None):
                if collection:
                    self.db = collection.database
        """, "LM420") == [(3, "likely")]


def test_trap_a_parameter_named_collection_without_a_collection_member():
    assert found_in("""\
        class Record(object):
            def __init__(self, collection=None, owner=None):
                if collection:
                    self.names = collection.keys()
                if owner:
                    self.db = owner.database
        """, "LM420") == []


def test_getattr_with_a_default_is_an_attribute_truth_test():
    # django-mongo-cache: if not getattr(self, '_coll', None)
    assert found_in("""\
        class Cache(object):
            def connect(self):
                self._coll = db.cache

            def table(self):
                if not getattr(self, '_coll', None):
                    self.connect()
                return self._coll
        """, "LM420") == [(6, "certain")]


def test_trap_getattr_with_a_default_on_a_plain_attribute():
    assert found_in("""\
        class Cache(object):
            def connect(self):
                self._rows = {}

            def table(self):
                if not getattr(self, '_rows', None):
                    self.connect()
                return self._rows
        """, "LM420") == []


DISPATCH = """\
    class Backend(object):
        def __init__(self, target):
            self.target = target

        def call(self, method, *args, **kwargs):
            func = getattr(self.target, method, None)
            if func is None:
                raise AttributeError(method)
            return func(*args, **kwargs)

    class Model(object):
        backend = Backend({target})

        @classmethod
        def call(cls, method, *args, **kwargs):
            return cls.backend.call(method, *args, **kwargs)

        @classmethod
        def create(cls, doc):
            cls.call('insert', doc, safe=True)

        @classmethod
        def every(cls):
            return cls.call('find')
    """


def test_a_method_called_by_name_through_a_dispatcher():
    # docmongo: _delegate('insert', doc, safe=safe) -> getattr(collection, name)(...)
    source = DISPATCH.format(target="coll")
    assert sorted((line, code) for line, code in
                  ((f.line - 5, f.code) for f in lint_prelude(source))
                  if code in ("LM401", "LM301")) == [(20, "LM301"), (20, "LM401")]


def test_trap_a_dispatcher_over_an_object_that_is_not_pymongo():
    source = DISPATCH.format(target="set()")
    assert [f.code for f in lint_prelude(source)] == []


def test_a_dispatcher_in_another_module_of_the_package(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/backend.py": """\
        import pymongo

        class Backend(object):
            def delegate(self, method, *args, **kwargs):
                func = getattr(self.table(), method, None)
                return func(*args, **kwargs)

            def table(self):
                return pymongo.MongoClient().app.items
        """, "pkg/model.py": """\
        from pkg.backend import Backend

        class Model(object):
            @classmethod
            def delegate(cls, method, *args, **kwargs):
                return Backend().delegate(method, *args, **kwargs)

            @classmethod
            def drop(cls, doc):
                cls.delegate('remove', doc)

            @classmethod
            def every(cls):
                return cls.delegate('find')

        def total():
            return Model.every().count()
        """})
    assert found(tmp_path, "pkg/model.py") == [(10, "LM404"), (17, "LM501")]
    assert found(tmp_path, "pkg/model.py", use_prefilter=False) == [(10, "LM404"), (17, "LM501")]


def test_self_class_is_the_class_of_the_method():
    # docmongo: self.__class__._delegate('save', ...) calls the class's own method
    assert found_in("""\
        class Model(object):
            @classmethod
            def table(cls):
                return coll

            def keep(self, doc):
                self.__class__.table().insert(doc)
        """, "LM401") == [(7, "certain")]


def test_trap_self_class_method_returning_no_pymongo_object():
    assert found_in("""\
        class Model(object):
            @classmethod
            def table(cls):
                return []

            def keep(self, doc):
                self.__class__.table().insert(doc)
        """, "LM401") == []


def test_an_import_with_a_fallback_binding_is_the_imported_class():
    # picomongo: try: from pymongo import ReplicaSetConnection
    #            except ImportError: ReplicaSetConnection = Connection
    source = """\
        from pymongo import Connection
        try:
            from pymongo import ReplicaSetConnection
        except ImportError:
            ReplicaSetConnection = Connection

        def open_set(uri):
            return ReplicaSetConnection(uri)
        """
    assert found_in(source, "LM102", prelude=False) == [(3, "certain"), (8, "certain")]
    assert (8, "certain") not in found_in(source, "LM101", prelude=False)


def test_trap_a_fallback_to_a_local_class_keeps_the_import():
    source = """\
        try:
            from pymongo import MongoClient as Client
        except ImportError:
            class Client(object):
                pass

        def open_one(uri):
            return Client(uri)
        """
    assert found_in(source, "LM101", prelude=False) == []
    assert found_in(source, "LM102", prelude=False) == []


# A module-level registry filled by a function that declares it ``global``
# (Simon's connection._databases): its items are what the function stores.
REGISTRY = """\
    import pymongo
    _databases = None

    def connect(name, alias=None):
        global _databases
        if not isinstance(_databases, dict):
            _databases = {{}}
        _databases[alias or name] = db = pymongo.MongoClient()[name]
        return db

    def handle_for(name):
        return _databases[name]
    """

REGISTRY_USE = """\
    from pkg.conn import handle_for

    def count(name, query):
        return handle_for(name).users.find(query).count()
    """


def test_a_global_registry_filled_in_a_function_types_its_items(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/conn.py": REGISTRY.format(),
                     "pkg/use.py": REGISTRY_USE})
    assert found(tmp_path, "pkg/use.py") == [(4, "LM501")]


def test_trap_a_local_of_the_same_name_does_not_fill_the_module_registry(tmp_path):
    # no ``global``: connect() fills its own dict; the module's holds strings
    conn = REGISTRY.format().replace("        global _databases\n", "").replace(
        "_databases = None", "_databases = {'default': 'localhost'}")
    write(tmp_path, {"pkg/__init__.py": "", "pkg/conn.py": conn, "pkg/use.py": REGISTRY_USE})
    assert found(tmp_path, "pkg/use.py") == []
