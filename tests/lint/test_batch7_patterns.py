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

