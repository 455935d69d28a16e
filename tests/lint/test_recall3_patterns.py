"""Whole-corpus misses after recall round 2 (benchmarks/lint_eval/README.md), each as a
mechanism across modules: a positive case and a look-alike (trap), linted as a tree with
and without the prefilter (the same findings either way)."""
import textwrap

from tests.lint.helpers import found, lint, lint_tree


# mongomodels: a backend class re-exported by its package's __init__ (no token there),
# whose get_collection() returns a Collection; another backend's returns a list, so the
# method index holds a conflict for the name and only the class itself can say
_BACKENDS = {
    "pkg/__init__.py": "",
    "pkg/db/__init__.py": "from .backends import DocBackend, ListBackend\n",
    "pkg/db/backends.py": """\
        import pymongo


        class DocBackend(object):
            def __init__(self, uri, name):
                self.db = pymongo.MongoClient(uri)[name]

            def get_collection(self, name):
                return self.db[name]


        class ListBackend(object):
            def get_collection(self, name):
                return []
        """,
}


# ... and a module counting the cursor of DocBackend's collection
_VIEWS = """\
    from pkg.db import DocBackend


    class Test(object):
        def setUp(self):
            self.db = DocBackend('localhost', 'test')

        def check(self, name):
            cursor = self.db.get_collection(name).find()
            return cursor.count()
    """


def test_a_re_exported_class_s_method_returns_a_collection_in_another_module(tmp_path):
    found = lint_tree(tmp_path, dict(_BACKENDS, **{"app/views.py": _VIEWS}))
    assert [f for f in found if f[0] == "app/views.py"] == [("app/views.py", 10, "LM501")]


def test_trap_the_other_re_exported_class_s_method_returns_a_list(tmp_path):
    found = lint_tree(tmp_path, dict(_BACKENDS, **{"app/views.py": """\
        from pkg.db import ListBackend


        class Test(object):
            def setUp(self):
                self.db = ListBackend()

            def check(self, name):
                items = self.db.get_collection(name)
                return items.count(name)
        """}))
    assert [f for f in found if f[0] == "app/views.py"] == []


# MongoLite: a continued import names one removed profiling constant a line
def test_each_line_of_a_continued_import_reports_its_removed_constant():
    source = """\
from pymongo import ASCENDING as INDEX_ASCENDING,\\
    OFF as INDEX_OFF,\\
    ALL as INDEX_ALL
"""
    assert found(source, "LM819", prelude=False) == [(2, "certain"), (3, "certain")]


def test_trap_a_removed_module_is_reported_once_per_import_statement():
    # the module's code is about the statement, not about each name it imports
    source = """\
from pymongo.son_manipulator import (SONManipulator, AutoReference,
                                     NamespaceInjector)
from pymongo import OFF, ALL
"""
    assert found(source, "LM816", prelude=False) == [(1, "certain")]
    assert found(source, "LM819", prelude=False) == [(3, "certain")]


# MongoLite: ``from connection import Connection`` in a Python 2 package's __init__
# re-exports the sibling module's subclass of pymongo.Connection
_SIBLING = """\
from pymongo import Connection as PymongoConnection


class Connection(%s):
    pass
"""


def test_an_implicit_relative_re_export_of_a_connection_subclass(tmp_path):
    found_ = lint_tree(tmp_path, {
        "pkg/__init__.py": "import pymongo\nfrom connection import Connection\n",
        "pkg/connection.py": _SIBLING % "PymongoConnection"})
    assert ("pkg/__init__.py", 2, "LM101") in found_


def test_trap_an_implicit_relative_import_of_a_plain_class(tmp_path):
    found_ = lint_tree(tmp_path, {
        "pkg/__init__.py": "import pymongo\nfrom connection import Connection\n",
        "pkg/connection.py": _SIBLING % "object"})
    assert [f for f in found_ if f[0] == "pkg/__init__.py"] == []


# Simon: a metaclass sets cls._meta through its own helper (addattr calling setattr);
# the Meta class of another module holds the Collection
_META = """\
    import pymongo


    class Meta(object):
        def __init__(self, options):
            self.store = %s
    """
_MODEL = """\
    from bson import ObjectId
    from .meta import Meta


    class ModelMetaClass(type):
        def __new__(cls, name, bases, attrs):
            new_class = super(ModelMetaClass, cls).__new__(cls, name, bases, {})
            new_class.addattr('_meta', Meta(attrs.pop('Meta', None)))
            return new_class

        def addattr(self, name, value):
            setattr(self, name, value)


    class Model(object):
        __metaclass__ = ModelMetaClass

        @classmethod
        def create(cls, doc):
            doc['_id'] = ObjectId()
            cls._meta.store.insert(doc)
    """


def test_an_attribute_set_by_a_setattr_helper_holds_another_module_s_instance(tmp_path):
    found_ = lint_tree(tmp_path, {"pkg/__init__.py": "",
                                  "pkg/meta.py": _META % "pymongo.MongoClient().app.things",
                                  "pkg/base.py": _MODEL})
    line = textwrap.dedent(_MODEL).split("\n").index("        cls._meta.store.insert(doc)") + 1
    assert [f for f in found_ if f[0] == "pkg/base.py"] == [("pkg/base.py", line, "LM401")]


def test_trap_the_helper_stored_instance_holds_a_list(tmp_path):
    found_ = lint_tree(tmp_path, {"pkg/__init__.py": "", "pkg/meta.py": _META % "[]",
                                  "pkg/base.py": _MODEL})
    assert [f for f in found_ if f[0] == "pkg/base.py"] == []


def test_trap_a_helper_setting_another_object_s_attribute_is_no_store_of_the_class(tmp_path):
    # setattr(registry, name, value): the stored name is no attribute of cls
    model = _MODEL.replace("def addattr(self, name, value):\n            setattr(self, name, value)",
                           "def addattr(self, name, value, registry=None):\n"
                           "            setattr(registry, name, value)")
    assert model != _MODEL
    found_ = lint_tree(tmp_path, {"pkg/__init__.py": "",
                                  "pkg/meta.py": _META % "pymongo.MongoClient().app.things",
                                  "pkg/base.py": model})
    assert [f for f in found_ if f[0] == "pkg/base.py"] == []


# cursedmongo: one name holds a client, a database or a document by the branch of an
# isinstance() chain; in each branch it is the class tested
_BRANCHES = """\
import pymongo
from pymongo.collection import Collection


class Browser(object):
    def select(self, database):
        self.names = database.collection_names()

    def open(self, parent, name):
        if isinstance(parent, pymongo.MongoClient):
            database = parent[name]
            self.select(database)
        elif isinstance(parent, Collection):
            return parent.collection_names()
"""


def test_a_name_inside_an_isinstance_branch_is_the_class_tested():
    line = _BRANCHES.split("\n").index("        self.names = database.collection_names()") + 1
    assert found(_BRANCHES, "LM601", prelude=False) == [(line, "likely")]


def test_trap_inside_a_collection_branch_collection_names_is_a_sub_collection():
    # db's name says Database; the branch says Collection, where collection_names
    # is a sub-collection, not Database.collection_names()
    source = """\
from pymongo.collection import Collection


def names(registry, key):
    db = registry.get(key)
    if isinstance(db, Collection):
        return db.collection_names()
    return []
"""
    assert found(source, "LM601", prelude=False) == []


# MongoLite: super().__init__() in a subclass of a removed client class runs the removed
# class's constructor
def test_super_init_in_a_subclass_of_a_removed_class_constructs_it():
    source = """\
from pymongo.master_slave_connection import MasterSlaveConnection as Base


class MasterSlaveConnection(Base):
    def __init__(self, master, slaves=()):
        super(MasterSlaveConnection, self).__init__(master, list(slaves))
"""
    assert found(source, "LM104", prelude=False) == [(4, "certain"), (6, "certain")]


def test_trap_super_init_in_a_subclass_of_a_current_class():
    source = """\
from pymongo import MongoClient


class Client(MongoClient):
    def __init__(self, host):
        super(Client, self).__init__(host)
"""
    assert [f for f in lint(source, False) if f.code.startswith("LM1")] == []


# MongoLite: a removed method's __doc__ read off PyMongo's class, to document an override
def test_a_removed_method_s_docstring_read_off_the_class_is_a_reference_to_it():
    source = """\
from pymongo.collection import Collection as PymongoCollection


class Collection(PymongoCollection):
    def find_and_modify(self, *args, **kwargs):
        return PymongoCollection.find_and_modify(self, *args, **kwargs)
    find_and_modify.__doc__ = PymongoCollection.find_and_modify.__doc__ + "wrapped"
"""
    assert (7, "certain") in found(source, "LM405", prelude=False)


def test_trap_a_mock_attribute_of_a_removed_method_is_no_reference():
    # coll.insert.return_value: the method is a mock's attribute, used as a receiver
    source = """\
from pymongo.collection import Collection


def test(coll: Collection):
    coll.insert.return_value = 1
    assert coll.insert.call_count == 0
"""
    assert found(source, "LM401", prelude=False) == []


# Simon: a PyMongo class imported by a project module, read as that module's attribute
_CONNECTION = """\
    try:
        from pymongo import MongoClient, MongoReplicaSetClient
    except ImportError:
        from pymongo import Connection as MongoClient, ReplicaSetConnection as MongoReplicaSetClient
    """
_USER = """\
    from pkg import connection


    def check(test, client):
        test.assertIsInstance(client, connection.MongoReplicaSetClient)
    """


def test_a_pymongo_class_read_as_a_project_module_s_attribute(tmp_path):
    found_ = lint_tree(tmp_path, {"pkg/__init__.py": "", "pkg/connection.py": _CONNECTION,
                                  "app/test.py": _USER})
    assert [f for f in found_ if f[0] == "app/test.py"] == [("app/test.py", 5, "LM103")]


def test_trap_a_project_class_of_the_same_name(tmp_path):
    own = "class MongoReplicaSetClient(object):\n    pass\n"
    found_ = lint_tree(tmp_path, {"pkg/__init__.py": "", "pkg/connection.py": own,
                                  "app/test.py": _USER})
    assert [f for f in found_ if f[0] == "app/test.py"] == []
