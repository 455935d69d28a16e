"""Misses of held-out batch 7 of the evaluation corpus (benchmarks/lint_eval), each as a
mechanism: a positive case and a look-alike (trap).  The expected codes come from the
catalogue (legacy_mongo/catalogue.py) and batch 7's labelling rules in
benchmarks/lint_eval/README.md."""
from tests.lint.helpers import found

# pymongogo: module globals set through ``global`` in one function, read in another
_GLOBALS = """\
from pymongo import MongoClient
from pymongo.database import Database


def connect(*args, **kwargs):
    global __client
    __client = MongoClient(*args, **kwargs)
    make_database()


def client():
    global __client
    return __client


def make_database(name='tests'):
    global __database
    __database = Database(client(), name)
    return __database


def database():
    global __database
    return __database
"""


def test_a_global_stored_in_one_function_is_read_by_another():
    # database() returns the module's __database, a Database: `x or None` tests its truth
    source = _GLOBALS + """
class Document(object):
    database = None

    def __init__(self):
        self.database = database() or None
"""
    line = source.count("\n")
    assert found(source, "LM420", prelude=False) == [(line, "certain")]


def test_trap_a_function_local_of_the_same_name_is_not_the_global():
    # no ``global`` in make(): its __database is a local; database() reads the module's
    # name, bound to a string
    source = """\
from pymongo.database import Database

__database = 'tests'


def make(client):
    __database = Database(client, 'tests')
    return __database


def database():
    return __database


ok = database() or None
"""
    assert found(source, "LM420", prelude=False) == []


def test_a_call_returning_a_collection_is_tested_for_truth():
    source = """\
        def users():
            return db.users

        if users():
            pass
        """
    assert found(source, "LM420") == [(4, "certain")]


def test_trap_a_call_returning_a_document_is_not_a_truth_test_of_a_collection():
    source = """\
        if coll.find_one({'a': 1}):
            pass
        if db.collection_names():
            pass
        """
    assert found(source, "LM420") == []


def test_a_read_inside_its_own_assignment_sees_the_value_before_it():
    # pymongogo: `self.collection` holds a collection NAME (the class default) until the
    # statement that makes it a Collection has run
    source = """\
        class Document(object):
            collection = None

            def __init__(self):
                self.collection = db[self.collection or 'default']
                self.collection.insert({})
        """
    assert found(source, "LM420") == []
    assert found(source, "LM401") == [(6, "certain")]


def test_a_read_after_the_assignment_sees_the_collection():
    source = """\
        class Document(object):
            collection = None

            def __init__(self):
                self.collection = db[self.collection or 'default']
                if self.collection:
                    pass
        """
    assert found(source, "LM420") == [(6, "certain")]


def test_a_name_read_inside_its_own_assignment_is_the_earlier_binding():
    source = """\
        def open_collection(name):
            name = db[name or 'default']
            return name

        def again():
            coll2 = db.users
            coll2 = db[coll2 or 'x']
        """
    # line 2: `name` is the parameter (a string); line 7: the earlier coll2 is a Collection
    assert found(source, "LM420") == [(7, "certain")]


def test_a_positional_client_option_on_a_continuation_line_is_the_constructors_finding():
    # Djamo: 2.8's third positional is max_pool_size (4.x: document_class), LM105 on the
    # constructor's line (batch 7's rule), not on the argument's own line
    source = """\
        client = pymongo.MongoClient(host, port,
                                     max_pool_size,
                                     document_class,
                                     **kwargs)
        """
    assert found(source, "LM105") == [(1, "certain")]


def test_a_positional_client_option_on_the_constructors_line_is_reported_there():
    source = """\
        client = pymongo.MongoClient('h', 27017, 10)
        """
    assert found(source, "LM105") == [(1, "certain")]


def test_trap_host_and_port_on_continuation_lines_are_not_positional_options():
    source = """\
        client = pymongo.MongoClient(host,
                                     port,
                                     document_class=dict)
        """
    assert found(source, "LM105") == []


def test_a_module_writing_mongo_operators_is_evidence_for_its_other_receivers():
    # pyliquib: no PyMongo import, but a $-operator update on db[...] elsewhere in the
    # module; ensure_index's second positional is its own cache_for (LM407 only)
    source = """\
def ensure_id_index(db):
    db['log'].ensure_index('id', 1, unique=True)


def release(db):
    db['lock'].update({}, {'$set': {'lock_i': 0}})
"""
    assert found(source, "LM407", prelude=False) == [(2, "likely")]
    assert found(source, "LM403", prelude=False) == [(6, "likely")]


def test_a_module_importing_one_that_writes_mongo_operators_borrows_that_evidence(tmp_path):
    # pyliquib's inlinejs.py: db.eval(js) in a module importing the base change set,
    # whose update() writes with upsert= (PyMongo's keyword)
    from legacy_mongo.lint.engine import lint_paths
    pkg = tmp_path / "liquib"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "base.py").write_text(
        "class Base(object):\n"
        "    def log(self, db):\n"
        "        db['log'].update({'id': 1}, {'$set': {'done': True}}, upsert=True)\n")
    (pkg / "inline.py").write_text(
        "from liquib.base import Base\n\n\n"
        "class Inline(Base):\n"
        "    def run(self, db):\n"
        "        db.eval(self.js)\n")
    got = [(f.path.rsplit("/", 1)[-1], f.line, f.code) for f in lint_paths([str(pkg)], jobs=1)]
    assert ("inline.py", 6, "LM604") in got


def test_trap_without_mongo_arguments_a_name_alone_is_no_evidence():
    # the same shapes with no $-operator and no PyMongo keyword anywhere: a key-value
    # store's db.eval / ensure_index look-alikes stay unreported
    source = """\
def ensure_id_index(db):
    db['log'].ensure_index('id', 1)


def run(db, js):
    db.update({'a': 1}, {'b': 2})
    db.eval(js)
"""
    assert found(source, "LM407", prelude=False) == []
    assert found(source, "LM604", prelude=False) == []


def test_trap_mongo_arguments_in_a_module_of_another_orm_are_no_evidence():
    source = """\
import sqlalchemy


def ensure_id_index(db):
    db['log'].ensure_index('id', 1)


def release(db):
    db['lock'].update({}, {'$set': {'lock_i': 0}})
"""
    assert found(source, "LM407", prelude=False) == []


def _lint_package(tmp_path, files):
    from legacy_mongo.lint.engine import lint_paths
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for name, text in files.items():
        (pkg / name).write_text(text)
    return [(f.path.rsplit("/", 1)[-1], f.line, f.code)
            for f in lint_paths([str(pkg)], jobs=1)]


_MODELS = (
    "mongodb_database = None\n\n\n"
    "class Model(object):\n"
    "    _objects = None\n"
    "    _collection = ''\n\n"
    "    def __init__(self):\n"
    "        self._objects = getattr(mongodb_database, self._collection)\n\n"
    "    def save(self, data):\n"
    "        self._objects.update({'_id': 1}, {'$set': data}, safe=True)\n")


def test_an_attribute_typed_by_its_use_reaches_subclasses_in_other_modules(tmp_path):
    # miongo: Model._objects is a Collection only by its $set update in models.py; a
    # test's subclass instance counts it (Collection.count, LM406)
    got = _lint_package(tmp_path, {
        "models.py": _MODELS,
        "test_models.py": (
            "import pymongo\n"
            "from pkg import models\n\n\n"
            "class TestModel(models.Model):\n"
            "    _collection = 'testmodel'\n\n\n"
            "def test_count():\n"
            "    model = TestModel()\n"
            "    assert model._objects.count() == 0\n"),
    })
    assert ("test_models.py", 11, "LM406") in got


def test_trap_an_attribute_of_a_subclass_that_rebinds_it_is_not_the_collection(tmp_path):
    got = _lint_package(tmp_path, {
        "models.py": _MODELS,
        "test_models.py": (
            "import pymongo\n"
            "from pkg import models\n\n\n"
            "class TestModel(models.Model):\n"
            "    def __init__(self):\n"
            "        self._objects = []\n\n\n"
            "def test_count():\n"
            "    model = TestModel()\n"
            "    assert model._objects.count() == 0\n"),
    })
    assert not [g for g in got if g[0] == "test_models.py" and g[2] == "LM406"]


_RESOURCE = """\
from bson import ObjectId


class MongoResource(object):
    def get_collection(self):
        raise NotImplementedError

    def obj_update(self, pk, data):
        self.get_collection().update({'_id': ObjectId(pk)}, {'$set': data})

    def obj_create(self, data):
        return self.get_collection().insert(data)

    def obj_delete_list(self):
        self.get_collection().remove()
"""


def test_a_getter_of_self_shown_to_return_a_collection_is_one_at_every_call():
    # tastypie-mongodb-resource: the abstract get_collection() is $set-updated in one
    # method; its insert()/remove() in the others are the same Collection's
    assert found(_RESOURCE, "LM401", prelude=False) == [(12, "likely")]
    assert found(_RESOURCE, "LM404", prelude=False) == [(15, "likely")]


def test_trap_a_getter_taking_arguments_is_not_the_same_value_at_each_call():
    source = _RESOURCE.replace("self.get_collection().insert(data)",
                               "self.get_store('cache').insert(data)")
    assert found(source, "LM401", prelude=False) == []


def test_trap_a_getter_returning_a_list_is_not_the_collection():
    source = _RESOURCE.replace("raise NotImplementedError", "return []")
    assert found(source, "LM404", prelude=False) == []
