"""Recall round 9 (batches 11 and 12's misses, issue 12), each as a mechanism: a
positive case and a look-alike (trap) that must stay silent; the cross-module
ones linted as a tree with and without the prefilter (the same findings either
way)."""
from tests.lint.helpers import found, lint_tree


# cubes: the 2.x aggregate() returns a dict, read with .get('result', []) as often
# as with ['result']; a 3.x CommandCursor has no get(), so the read proves 2.x.
def test_aggregate_result_read_with_get():
    src = """\
    def rows(pipeline):
        return coll.aggregate(pipeline).get('result', [])
    """
    assert [line for line, _ in found(src, "LM408")] == [2]


def test_aggregate_iterated_then_documents_read_with_get_is_silent():
    src = """\
    def rows(pipeline):
        out = []
        for doc in coll.aggregate(pipeline):
            out.append(doc.get('result', 0))
        return out
    """
    assert found(src, "LM408") == []


# newrelic_plugin_agent: the 2.x TLS option names sit in a literal table that a
# loop copies from the configuration into the kwargs reaching the constructor;
# each name is found on its own line, as a keyword would be.
_TABLE_LOOP = """\
import pymongo


def connect(config):
    kwargs = {'host': config.get('host', 'localhost')}
    for key in ['ssl_keyfile', 'ssl_certfile',
                'ssl_ca_certs']:
        if key in config:
            kwargs[key] = config[key]
    return pymongo.MongoClient(**kwargs)
"""


def test_option_names_in_a_table_copied_into_constructor_kwargs():
    got = [(line, f) for line, f in found(_TABLE_LOOP, "LM114", prelude=False)]
    assert [line for line, _ in got] == [6, 6]
    assert [line for line, _ in found(_TABLE_LOOP, "LM115", prelude=False)] == [7]


def test_option_table_walked_by_another_loop_than_the_store_is_silent():
    src = """\
    import pymongo


    def connect(config, log):
        kwargs = {'host': config.get('host', 'localhost')}
        for key in ['ssl_keyfile', 'ssl_certfile', 'ssl_ca_certs']:
            log(key)
        for key in config.get('client_options', ()):
            kwargs[key] = config[key]
        return pymongo.MongoClient(**kwargs)
    """
    assert found(src, "LM114", prelude=False) == []
    assert found(src, "LM115", prelude=False) == []


# ognom: find keywords built as a (name, value) table, filtered by value, turned
# into the dict that reaches find(**d) / find_one(**d): each name on its row.
def test_find_keywords_from_a_name_value_table():
    src = """\
    def find(spec=None, fields=None, skip=None):
        specs = {
            name: val
            for name, val in (('spec', spec), ('fields', fields),
                              ('skip', skip))
            if val
        }
        return coll.find(**specs)


    def get(fields=None):
        return coll.find_one(**dict([('fields', fields)]))
    """
    assert [line for line, _ in found(src, "LM701")] == [4]
    assert [line for line, _ in found(src, "LM702")] == [4, 12]


def test_name_value_table_keyed_by_the_values_is_silent():
    src = """\
    def find(spec=None, fields=None):
        specs = {val: name for name, val in (('spec', spec), ('fields', fields))}
        return coll.find(**specs)
    """
    assert found(src, "LM701") == []
    assert found(src, "LM702") == []


# biomaj: a connector class declares ``banks = None`` and its __init__ fills it
# in through the class name; other modules copy it (``self.banks =
# MongoConnector.banks``) and write through the copy.
_CONNECTOR = """\
from pymongo import MongoClient


class MongoConnector(object):
    client = None
    db = None
    banks = None

    def __init__(self, url, db):
        MongoConnector.client = MongoClient(url)
        MongoConnector.db = MongoConnector.client[db]
        MongoConnector.banks = MongoConnector.db.banks
"""

_BANK = """\
from app.connector import MongoConnector


class Bank(object):
    def __init__(self, name):
        if MongoConnector.db is None:
            MongoConnector('mongodb://localhost', 'banks')
        self.banks = MongoConnector.banks
        self.bank = {'name': name}
        self.bank['_id'] = self.banks.insert(self.bank)
"""


def test_class_attribute_filled_in_through_the_class_name(tmp_path):
    got = lint_tree(tmp_path, {"app/__init__.py": "", "app/connector.py": _CONNECTOR,
                               "app/bank.py": _BANK})
    assert ("app/bank.py", 10, "LM401") in got


def test_class_attribute_filled_with_a_list_is_silent(tmp_path):
    registry = """\
    class Registry(object):
        banks = None

        def __init__(self):
            Registry.banks = []
    """
    bank = """\
    import pymongo
    from app.registry import Registry


    class Bank(object):
        def __init__(self, name):
            self.banks = Registry.banks
            self.banks.insert(0, name)
    """
    got = lint_tree(tmp_path, {"app/__init__.py": "", "app/registry.py": registry,
                               "app/bank.py": bank})
    assert [f for f in got if f[2] == "LM401"] == []


# blaze: test modules bind PyMongo with pytest.importorskip('pymongo') (at module
# level or in a fixture); the name is the module, as an import would bind it.
def test_importorskip_binds_the_module():
    src = """\
    import pytest
    pymongo = pytest.importorskip('pymongo')


    def conn():
        try:
            return pymongo.MongoClient()
        except pymongo.errors.ConnectionFailure:
            pytest.skip('No mongo server running')


    def legacy():
        errors = __import__('importlib').import_module('pymongo.errors')
        return pymongo.Connection()
    """
    assert [line for line, _ in found(src, "LM130", prelude=False)] == [7]
    assert [line for line, _ in found(src, "LM101", prelude=False)] == [14]


def test_importorskip_of_another_module_is_silent():
    src = """\
    import pytest
    pymongo = pytest.importorskip('motor')


    def conn():
        try:
            return pymongo.MongoClient()
        except pymongo.errors.ConnectionFailure:
            pytest.skip('No mongo server running')
    """
    assert found(src, "LM130", prelude=False) == []


# blaze: the try body uses the client through a name derived from it
# (``db = MongoClient().db`` then ``db.coll.drop()``): on 4.x that call raises the
# ConnectionFailure, so the handler still fires and LM130 does not apply.
def test_constructor_whose_derived_database_is_used_in_the_try_is_silent():
    src = """\
    import pymongo

    try:
        db = pymongo.MongoClient().db
        db.tests.drop()
    except pymongo.errors.ConnectionFailure:
        db = None
    """
    assert found(src, "LM130", prelude=False) == []


def test_constructor_whose_derived_database_is_only_kept_still_raises_lm130():
    src = """\
    import pymongo

    try:
        db = pymongo.MongoClient().db
        coll = db['tests']
        sources = [coll]
    except pymongo.errors.ConnectionFailure:
        db = None
    """
    assert [line for line, _ in found(src, "LM130", prelude=False)] == [4]


# lingo: a cursor proxy keeps its state in self.__dict__ (its __setattr__
# forwards) and its __getattr__ forwards to self.__dict__['wrapped']; the store
# and the read are those of self.wrapped.
_DICT_PROXY = """\
class CustomCursor(object):
    def __init__(self, wrapped, cls):
        {init}

    def __getattr__(self, k):
        return getattr(self.__dict__['wrapped'], k)

    def __setattr__(self, k, v):
        return setattr(self.__dict__['wrapped'], k, v)


def one(spec):
    csr = CustomCursor({wrapped}, dict)
    if csr.count() != 1:
        raise ValueError(spec)
"""


def test_proxy_state_stored_through_its_dict():
    for init in ("self.__dict__['wrapped'] = wrapped; self.__dict__['cls'] = cls",
                 "self.__dict__.update(wrapped=wrapped, cls=cls)",
                 "self.__dict__.update({'wrapped': wrapped, 'cls': cls})"):
        src = _DICT_PROXY.format(init=init, wrapped="coll.find({})")
        assert [line for line, _ in found(src, "LM501")] == [14], init


def test_proxy_over_a_list_stored_through_its_dict_is_silent():
    src = _DICT_PROXY.format(init="self.__dict__['wrapped'] = wrapped",
                             wrapped="list(coll.find({}))")
    assert found(src, "LM501") == []


# mongodb-cache: a logging proxy's __getattr__ hands out the Collection's
# callables wrapped in partial(self._call_method, attribute) (a retry loop).
_PARTIAL_PROXY = """\
from functools import partial


class LoggingCollection(object):
    def __init__(self, collection, logger):
        self._collection = collection
        self.logger = logger

    def _call_method(self, method, *args, **kwargs):
        return method(*args, **kwargs)

    def __getattr__(self, item):
        {body}


def clear(log):
    LoggingCollection(coll, log).remove()
"""


def test_proxy_forwarding_through_partial():
    body = """attribute = getattr(self._collection, item)
        if callable(attribute):
            return partial(self._call_method, attribute)
        return attribute"""
    src = _PARTIAL_PROXY.format(body=body)
    call_line = src.splitlines().index("    LoggingCollection(coll, log).remove()") + 1
    assert [line for line, _ in found(src, "LM404")] == [call_line]


def test_rpc_proxy_partial_over_the_name_is_silent():
    body = "return partial(self._call_method, item)"
    assert found(_PARTIAL_PROXY.format(body=body), "LM404") == []


# mtop: the runner keeps the client its caller passes (``Runner(connection)``, the
# connection returned by another module's factory) and reads its host: the client
# is traced (LIKELY), not guessed from the name.
_RUNNER = """\
class Runner(object):
    def __init__(self, connection):
        self._connection = connection

    def stats(self):
        return self._connection.host
"""


def test_client_host_along_a_traced_parameter(tmp_path):
    util = """\
    import pymongo


    def get_connection(server):
        return pymongo.MongoClient(host=server)
    """
    main = """\
    from app.runner import Runner
    from app.util import get_connection


    def main(server):
        return Runner(get_connection(server)).stats()
    """
    got = lint_tree(tmp_path, {"app/__init__.py": "", "app/util.py": util,
                               "app/runner.py": _RUNNER, "app/main.py": main})
    assert ("app/runner.py", 6, "LM123") in got


def test_host_of_a_connection_known_by_its_name_only_is_silent(tmp_path):
    main = """\
    import pymongo
    import psycopg2
    from app.runner import Runner


    def main(dsn):
        return Runner(psycopg2.connect(dsn)).stats()
    """
    got = lint_tree(tmp_path, {"app/__init__.py": "", "app/runner.py": _RUNNER,
                               "app/main.py": main})
    assert [f for f in got if f[2] == "LM123"] == []


# pyDAL: the adapter's driver is the module it imported by name; probing it for
# PyMongo's client class proves it is pymongo, and the fallback branch reads the
# removed class from it.
_PROBE = """\
class MongoAdapter(object):
    def __init__(self, driver, uri):
        self.driver = driver

        def connector():
            if hasattr(self.driver, "{probe}"):
                Connection = self.driver.MongoClient
            else:
                Connection = self.{fallback}.Connection
            return Connection(uri)
        self.connector = connector
"""


def test_hasattr_mongoclient_proves_the_pymongo_module():
    src = _PROBE.format(probe="MongoClient", fallback="driver")
    assert [line for line, _ in found(src, "LM101", prelude=False)][:1] == [9]


def test_probe_of_another_class_or_object_is_silent():
    for probe, fallback in (("MotorClient", "driver"), ("MongoClient", "other")):
        src = _PROBE.format(probe=probe, fallback=fallback)
        assert found(src, "LM101", prelude=False) == [], (probe, fallback)


# blaze: a test receives the Database a fixture of its module yields (the fixture
# itself receiving the client another fixture yields) and counts a collection.
def test_fixture_parameter_is_what_the_fixture_yields():
    src = """\
    import pymongo
    import pytest


    @pytest.yield_fixture(scope='module')
    def conn():
        c = pymongo.MongoClient()
        yield c
        c.close()


    @pytest.fixture
    def store(conn):
        return conn.test_db.tmp


    def test_drop(store):
        assert store.count() == 0
    """
    assert [line for line, _ in found(src, "LM406", prelude=False)] == [18]


def test_parameter_named_like_a_plain_function_or_a_list_fixture_is_silent():
    src = """\
    import pymongo
    import pytest


    def store():
        return pymongo.MongoClient().test_db.tmp


    @pytest.fixture
    def rows():
        return [1, 2]


    def test_store(store, rows):
        assert store.count() == 0
        assert rows.count() == 2
    """
    assert found(src, "LM406", prelude=False) == []


# metriqued: save(doc, upset=True, safe=True) on a traced Collection: the typo is
# outside PyMongo's signature, but the write concern beside it is 2.x's.
def test_unknown_keyword_beside_safe_on_a_traced_collection():
    src = """\
    import pymongo


    def put(profiles, doc):
        profiles.save(doc, upset=True, safe=True)


    def main(uri):
        put(pymongo.MongoClient(uri).app.profiles, {'a': 1})
    """
    assert [line for line, _ in found(src, "LM402", prelude=False)] == [5]


def test_unknown_keyword_beside_safe_on_an_odm_document_is_silent():
    src = """\
    import pymongo
    from mongoengine import Document


    class Profile(Document):
        pass


    def put(profile):
        profile.save(validate=False, safe=True)
        Profile().save(validate=False, safe=True)
    """
    assert found(src, "LM402", prelude=False) == []


def test_derived_database_given_a_manipulator_still_raises_lm130():
    # add_son_manipulator does no I/O: the try still cannot fail on 4.x
    src = """\
    import pymongo

    try:
        conn = pymongo.Connection('localhost', 27017)
        db = conn['app']
        db.add_son_manipulator(object())
    except pymongo.errors.ConnectionFailure:
        db = None
    """
    assert [line for line, _ in found(src, "LM130", prelude=False)] == [4]


# blaze: a Collection passed to a type-dispatched name (``drop(coll)``) goes to the
# overload registered for Collection, not to ``@dispatch(tb.Table) def drop(t)``.
def test_collection_passed_to_a_type_dispatched_overload_is_silent(tmp_path):
    tables = """\
    import tables as tb
    from multipledispatch import dispatch


    @dispatch(tb.Table)
    def drop(t):
        t.remove()


    def clear(t):
        t.remove()
    """
    main = """\
    import pymongo
    from app.tables import clear, drop


    def main():
        coll = pymongo.MongoClient().db.tmp
        drop(coll)
        clear(coll)
    """
    got = lint_tree(tmp_path, {"app/__init__.py": "", "app/tables.py": tables,
                               "app/main.py": main})
    assert [f for f in got if f[0] == "app/tables.py"] == [("app/tables.py", 11, "LM404")]


# The same for a fixture of a conftest.py in the test module's package or above.
_CONFTEST = """\
import pymongo
import pytest


@pytest.yield_fixture
def store():
    client = pymongo.MongoClient()
    yield client.test_db.tmp
    client.close()
"""

_TEST_COUNT = """\
import pymongo


def test_count(store):
    assert store.count() == 0
"""


def test_fixture_parameter_from_a_conftest_above(tmp_path):
    got = lint_tree(tmp_path, {"app/__init__.py": "", "app/tests/__init__.py": "",
                               "app/conftest.py": _CONFTEST,
                               "app/tests/test_count.py": _TEST_COUNT})
    assert ("app/tests/test_count.py", 5, "LM406") in got


def test_fixture_of_a_sibling_packages_conftest_is_silent(tmp_path):
    got = lint_tree(tmp_path, {"app/__init__.py": "", "app/tests/__init__.py": "",
                               "app/other/__init__.py": "",
                               "app/other/conftest.py": _CONFTEST,
                               "app/tests/test_count.py": _TEST_COUNT})
    assert [f for f in got if f[0] == "app/tests/test_count.py"] == []
