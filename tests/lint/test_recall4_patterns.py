"""Whole-corpus misses after batch 8 (benchmarks/lint_eval/README.md), each as a
mechanism: a positive case and a look-alike (trap); the cross-module ones linted as a
tree with and without the prefilter (the same findings either way)."""
from tests.lint.helpers import found, lint_tree
from tests.lint.test_recall3_patterns import _BACKENDS, _VIEWS

# Djamo, scalymongo: a function, class or method whose module imports no driver,
# typed only by what another module passes it (the Collection or Cursor is known
# there); the callee's module has no prefilter token.
_CALLEE = {
    "pkg/__init__.py": "from .store import Store, keep\n",
    "pkg/store.py": """\
        class Store(object):
            def __init__(self, target):
                self.target = target

            def put(self, doc):
                self.target.insert(doc)

            def bump(self, target, key):
                target.update({'k': key}, {'n': 1})


        def keep(target, doc):
            return target.save(doc)
        """,
    # the same names elsewhere in the project: nobody passes them PyMongo objects
    "other/store.py": """\
        class Store(object):
            def bump(self, target, key):
                target.update({'k': key}, {'n': 1})


        def keep(target, doc):
            return target.save(doc)
        """,
}


def test_parameters_typed_by_calls_in_other_modules(tmp_path):
    assert lint_tree(tmp_path, dict(_CALLEE, **{"app.py": """\
        import pymongo
        from pkg import Store, keep

        db = pymongo.MongoClient().app


        def run(doc):
            keep(db.things, doc)
            s = Store(db.users)
            s.put(doc)
            s.bump(db.other, 'x')
        """})) == [("pkg/store.py", 6, "LM401"), ("pkg/store.py", 9, "LM403"),
                   ("pkg/store.py", 13, "LM402")]


def test_parameter_typed_through_an_isinstance_test_on_a_project_class(tmp_path):
    # Djamo: a Collection subclass hands itself to an Index of another module
    assert lint_tree(tmp_path, {
        "pkg/__init__.py": "from .index import Index\n",
        "pkg/index.py": """\
            class Index(object):
                def __init__(self, keys):
                    self.keys = keys

                def ensure(self, collection):
                    return collection.ensure_index(self.keys)
            """,
        "pkg/coll.py": """\
            from pymongo.collection import Collection


            class Base(Collection):
                indexes = []

                def setup(self):
                    from pkg import Index
                    for index in self.indexes:
                        if isinstance(index, Index):
                            index.ensure(self)
            """}) == [("pkg/index.py", 6, "LM407")]


def test_trap_parameters_of_callees_given_other_objects(tmp_path):
    # a dict, a string, an object of another library: the callees stay unknown
    assert lint_tree(tmp_path, dict(_CALLEE, **{"app.py": """\
        import pymongo
        from mongoengine import Document
        from pkg import Store, keep

        db = pymongo.MongoClient().app


        def run(doc, name):
            keep({}, doc)
            keep(Document(), doc)
            s = Store(name)
            s.put(doc)
            s.bump([], 'x')
            db.things.find_one()
        """})) == []


def test_trap_a_name_two_modules_below_the_package_define(tmp_path):
    # from pkg import keep, with pkg.a and pkg.b both defining keep (and no
    # __init__ to say which): not routed to either
    assert lint_tree(tmp_path, {
        "pkg/a.py": "def keep(target, doc):\n    return target.save(doc)\n",
        "pkg/b.py": "def keep(target, doc):\n    return target.save(doc)\n",
        "app.py": """\
            import pymongo
            from pkg import keep

            keep(pymongo.MongoClient().app.things, {})
            """}) == []


def test_same_module_call_sites_still_type_parameters():
    assert found("""\
        def keep(target, doc):
            return target.save(doc)

        keep(coll, {})
        """, "LM402") == [(2, "likely")]


# mtq: Collections reached through properties of the project's own class, read on
# its instances in other modules
_PROPERTIES = {
    "pkg/__init__.py": "",
    "pkg/conn.py": """\
        import pymongo


        class Conn(object):
            def __init__(self, uri):
                self.handle = pymongo.MongoClient(uri).app

            @property
            def jobs(self):
                return self.handle['jobs']

            @property
            def names(self):
                return ['jobs']
        """,
}


def test_a_property_returning_a_collection_read_in_another_module(tmp_path):
    assert lint_tree(tmp_path, dict(_PROPERTIES, **{"app.py": """\
        from pkg.conn import Conn


        def run(doc):
            c = Conn('mongodb://localhost')
            c.jobs.insert(doc)
        """})) == [("app.py", 6, "LM401")]


def test_trap_properties_of_other_objects_and_modern_calls(tmp_path):
    # a property returning a list; another class's attribute of the same name;
    # the Collection property used with modern methods only
    assert lint_tree(tmp_path, dict(_PROPERTIES, **{"app.py": """\
        from pkg.conn import Conn


        def run(doc, other):
            c = Conn('mongodb://localhost')
            c.names.insert(0, doc)
            other.jobs.insert(doc)
            c.jobs.insert_one(doc)
        """})) == []


# mtq MTQConnection.from_config: the class built through cls(...) in a classmethod
# (an alternate constructor) types its __init__ parameters
def test_cls_called_in_a_classmethod_types_init_parameters():
    assert found("""\
        class Queue(object):
            def __init__(self, store):
                self.store = store

            @classmethod
            def from_uri(cls, uri):
                return cls(pymongo.MongoClient(uri).app)

            def push(self, doc):
                self.store.jobs.insert(doc)
        """, "LM401") == [(10, "likely")]


def test_trap_cls_called_with_something_else():
    assert found("""\
        class Queue(object):
            def __init__(self, store):
                self.store = store

            @classmethod
            def from_list(cls, items):
                return cls(list(items))

            def push(self, doc):
                self.store.jobs.insert(doc)
        """, "LM401") == []


# mongo-tools: a parameter holding a name, tested before the loop below rebinds it
# to a Database: the test reads the argument (a string or None), not the Database
def test_trap_a_parameter_tested_before_it_is_rebound_to_a_database():
    assert found("""\
        def sizes(db=None):
            names = [db] if db else client.database_names()
            for name in names:
                db = client[name]
                print(db.command('dbStats'))
        """, "LM420") == []


def test_a_parameter_tested_after_it_is_rebound_to_a_database():
    assert found("""\
        def sizes(db=None):
            db = client[db or 'test']
            if db:
                return db.command('dbStats')
        """, "LM420") == [(3, "certain")]


def test_a_parameter_tested_in_a_loop_that_rebinds_it():
    # the second time round, the test reads the Database bound below it
    assert found("""\
        def sizes(db, names):
            for name in names:
                if db:
                    print(db.command('dbStats'))
                db = client[name]
        """, "LM420") == [(3, "certain")]


# m01.mongo performance.py: a function handed, uncalled, to a helper that calls it
# with the arguments given beside it (timeTest(runSave, n, collection)), or to a
# Thread with args=(...)
def test_a_function_handed_to_a_wrapper_takes_the_arguments_beside_it():
    assert found("""\
        def time_it(function, counter=10, *args, **kw):
            for i in range(counter):
                function(*args, **kw)


        def run_save(target, doc):
            target.save(doc)


        time_it(run_save, 5, coll, {})
        """, "LM402") == [(7, "likely")]


def test_a_function_given_to_a_thread_takes_its_args():
    assert found("""\
        import threading


        def run_remove(target, query):
            target.remove(query)


        threading.Thread(target=run_remove, args=(coll, {})).start()
        """, "LM404") == [(5, "likely")]


def test_trap_a_function_handed_to_a_helper_that_does_not_forward_arguments():
    # the helper calls the function with an argument of its own first, so the
    # ones beside it land on later parameters; the Thread is given a list of names
    assert found("""\
        import threading


        def each(function, counter, *args):
            for name in ('a', 'b'):
                function(name, *args)


        def run_save(target, doc):
            target.save(doc)


        each(run_save, 5, coll)
        threading.Thread(target=run_save, args=(['a'], {})).start()
        """, "LM402") == []


# mogo: a Collection cached in a class attribute by a getter; the getter's result
# is typed by its use at a call site (a $set update), so the getter's own truth
# test of the cache tests a Collection (bool() raises on PyMongo 4)
_GETTER = """\
    class Model(object):
        _collection = None

        @classmethod
        def _get_collection(cls):
            if not cls._collection:
                cls._collection = make_collection(cls.__name__)
            return cls._collection

        @classmethod
        def touch(cls, key):
            coll = cls._get_collection()
            coll.update({'k': key}, {%s: {'n': 1}})
    """


def test_truth_test_of_a_collection_cached_by_a_getter():
    assert found(_GETTER % "'$set'", "LM420") == [(6, "likely")]


def test_trap_a_getter_whose_result_is_not_used_as_a_collection():
    # no MongoDB-shaped call on the result: an ODM's own cache of anything
    assert found(_GETTER % "'set'", "LM420") == []


def test_trap_a_getter_returning_something_else_as_well():
    assert found("""\
        class Model(object):
            _collection = None

            @classmethod
            def _get_collection(cls, fallback=None):
                if not cls._collection:
                    return fallback
                return cls._collection

            @classmethod
            def touch(cls, key):
                coll = cls._get_collection()
                coll.update({'k': key}, {'$set': {'n': 1}})
        """, "LM420") == []


# mongomodels (and pre-commit, which lints the changed files only): a class imported
# through its package, whose __init__ (re-exporting it) is not part of the run
def test_a_class_imported_through_a_package_not_in_the_run(tmp_path):
    assert lint_tree(tmp_path, dict(_BACKENDS, **{"app/views.py": _VIEWS}),
                     ["pkg/db/backends.py", "app/views.py"]) == [("app/views.py", 10, "LM501")]


def test_trap_a_name_two_modules_below_the_missing_package_export(tmp_path):
    files = dict(_BACKENDS, **{"app/views.py": _VIEWS})
    files["pkg/db/other.py"] = files["pkg/db/backends.py"]
    assert lint_tree(tmp_path, files, ["pkg/db/backends.py", "pkg/db/other.py",
                                       "app/views.py"]) == []


# Djamo's tests: find() on an instance of a local subclass of a project subclass of
# Collection returns PyMongo's Cursor (no override in the chain)
def test_find_on_an_instance_of_a_collection_subclass_returns_a_cursor():
    assert found("""\
        from pymongo.collection import Collection


        class Students(Collection):
            document = dict


        def count_all(students):
            c = Students(db, 'students')
            return c.find({'age': 1}).count()
        """, "LM501") == [(10, "likely")]


def test_trap_find_overridden_by_the_subclass():
    assert found("""\
        from pymongo.collection import Collection


        class Students(Collection):
            def find(self, *args, **kwargs):
                return [dict(d) for d in super(Students, self).find(*args, **kwargs)]


        def count_all(students):
            c = Students(db, 'students')
            return c.find({'age': 1}).count()
        """, "LM501") == []
