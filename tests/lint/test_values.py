"""Legacy API used as a value (issue 12): methods read without a call, client classes
read by name, methods named by a string for getattr, options built as data, receivers
through parameters and subscripts, subclasses re-exported across modules -- and the
look-alikes that must stay quiet (mocks, report dicts, ODM wrappers of PyMongo).

Expected codes come from the catalogue's reading of PyMongo 2.8 -> 4.x: every method
and class below is absent from PyMongo 4 (Collection.insert/update/remove/save/count,
Cursor.count, Connection, ReplicaSetConnection)."""
import os
import textwrap

from legacy_mongo.lint.engine import lint_paths, lint_source
from tests.lint.helpers import found


def lines(source, code):
    return [f.line for f in lint_source(textwrap.dedent(source), "case.py") if f.code == code]


# ------------------------------------------------------ methods used as values

def test_bound_method_passed_to_a_retry_helper():
    assert found("retry(cursor.count)\n", "LM501") == [(1, "certain")]
    assert found("retry(coll.find().count)\n", "LM501") == [(1, "certain")]


def test_bound_method_passed_with_its_argument():
    assert found("safe_op(db.users.insert, {'a': 1})\n", "LM401") == [(1, "certain")]


def test_bound_method_kept_in_a_name_then_called():
    src = "f = coll.update\nf({'a': 1}, {'$set': {'b': 2}}, safe=True)\n"
    assert found(src, "LM403") == [(1, "certain")]
    assert found(src, "LM301") == [(2, "certain")]  # the keyword reaches Collection.update


def test_tuple_of_bound_methods():
    src = "ops = (coll.insert, coll.remove)\n"
    assert found(src, "LM401") == [(1, "certain")]
    assert found(src, "LM404") == [(1, "certain")]


def test_unbound_methods_of_the_class_stored_and_compared():
    src = """\
    import pymongo.collection
    originals = {'insert': pymongo.collection.Collection.insert}
    def patched(self, doc, safe=False):
        return originals['insert'](self, doc, safe=safe, check_keys=False)
    if pymongo.collection.Collection.update != patched:
        pass
    """
    assert lines(src, "LM401") == [2]
    assert lines(src, "LM403") == [5]
    assert lines(src, "LM301") == [4]  # not the def's safe=False parameter (line 3)
    assert lines(src, "LM416") == [4]


def test_trap_mock_attributes_of_a_method_are_not_values():
    src = """\
    coll.insert.assert_called_once_with({'a': 1})
    coll.save.return_value = 1
    """
    assert found(src, "LM401") == []
    assert found(src, "LM402") == []


def test_trap_method_values_of_unknown_receivers_and_lookalikes():
    src = """\
    import pymongo
    def run(queue, items):
        retry(queue.count)
        apply(items.remove, 3)
        handlers = {'update': {}.update}
    """
    assert lines(src, "LM406") == []
    assert lines(src, "LM501") == []
    assert lines(src, "LM404") == []
    assert lines(src, "LM403") == []


def test_trap_methods_of_builtin_containers_used_as_values():
    src = """\
    import pymongo
    mylist, myset = [], set()
    retry(mylist.count)
    safe_op(mylist.insert, 0, 'x')
    ops = (mylist.remove, myset.update)
    f = myset.update
    f({'a': 1}, safe=True)
    """
    for code in ("LM501", "LM406", "LM401", "LM404", "LM403", "LM301"):
        assert lines(src, code) == [], code


def test_trap_call_dependent_methods_are_not_reported_as_values():
    # aggregate is legacy only without cursor=, cursor.min only without hint()
    assert found("f = coll.aggregate\ng = cursor.min\n", "LM408") == []
    assert found("f = coll.aggregate\ng = cursor.min\n", "LM504") == []


# ------------------------------------------------------ client classes as values

CLASSES = """\
from pymongo import Connection, ReplicaSetConnection, MongoClient
from pymongo import Connection as PymongoConnection
cls = Connection
use_class = ReplicaSetConnection if many else Connection
def is_conn(conn):
    return isinstance(conn, Connection)
class Conn(Base, PymongoConnection):
    pass
modern = MongoClient
"""


def test_client_classes_used_as_values():
    assert lines(CLASSES, "LM101") == [1, 2, 3, 4, 6, 7]
    assert lines(CLASSES, "LM102") == [1, 4]


def test_trap_modern_class_under_an_old_alias():
    src = """\
    from pymongo import MongoClient as Connection
    cls = Connection
    isinstance(x, Connection)
    """
    assert lines(src, "LM101") == []


def test_trap_other_libraries_connection_classes():
    src = """\
    from kombu import Connection
    from mongokit import Connection as MkConnection
    cls = Connection
    isinstance(x, MkConnection)
    """
    assert lines(src, "LM101") == []


def test_reexported_subclass_passes_legacy_constructor_options(tmp_path):
    pkg = tmp_path / "myproj"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "wrappers.py").write_text(textwrap.dedent("""\
        from pymongo import Connection as PymongoConnection
        class Base(object):
            pass
        class Connection(Base, PymongoConnection):
            pass
        """))
    (pkg / "app.py").write_text(textwrap.dedent("""\
        from myproj.wrappers import Connection
        handle = Connection('localhost', safe=True)
        handle.start_request()
        """))
    (pkg / "other.py").write_text(textwrap.dedent("""\
        from myproj.wrappers import Base
        handle = Base(safe=True)
        """))
    got = sorted((os.path.basename(str(f.path)), f.line, f.code)
                 for f in lint_paths([str(tmp_path)]))
    assert ("app.py", 2, "LM302") in got
    assert ("app.py", 3, "LM201") in got
    assert not [g for g in got if g[0] == "other.py"]  # Base's constructor is not PyMongo's
    assert ("wrappers.py", 4, "LM101") in got  # the base class under its alias


# ------------------------------------------------------ methods called by name

def test_getattr_with_a_constant_method_name():
    assert found("getattr(coll, 'insert')({'a': 1})\n", "LM401") == [(1, "certain")]


def test_getattr_through_a_wrapper_factory():
    src = """\
    import pymongo
    def logging_wrapper(name):
        def wrapped(self, *args, **kw):
            return getattr(self.collection, name)(*args, **kw)
        return wrapped
    class Logged(object):
        save = logging_wrapper('save')
        insert = logging_wrapper('insert')
        find_one = logging_wrapper('find_one')
    """
    assert lines(src, "LM402") == [7]
    assert lines(src, "LM401") == [8]


def test_getattr_over_a_literal_tuple_of_names():
    src = "for name in ('insert', 'save'):\n    getattr(coll, name)\n"
    assert found(src, "LM401") == [(1, "certain")]
    assert found(src, "LM402") == [(1, "certain")]


def test_trap_getattr_on_things_that_are_not_pymongo():
    src = """\
    def logging_wrapper(name):
        def wrapped(self, *args, **kw):
            return getattr(self.collection, name)(*args, **kw)
        return wrapped
    class Logged(object):
        save = logging_wrapper('save')
    getattr(settings, 'update')
    """
    # no PyMongo import: a name hint alone is not enough
    assert lines(src, "LM402") == []
    assert lines(src, "LM403") == []


# ------------------------------------------------------ options built as data

def test_options_stored_in_kwargs_reach_the_client():
    src = """\
    import pymongo
    def make(**kwargs):
        kwargs['auto_start_request'] = False
        kwargs['max_pool_size'] = 10
        return pymongo.MongoClient(**kwargs)
    """
    assert lines(src, "LM204") == [3]
    assert lines(src, "LM105") == [4]


def test_safe_default_filled_in_before_a_write():
    src = """\
    def write(doc, **kwargs):
        if 'safe' not in kwargs:
            kwargs['safe'] = True
        coll.insert(doc, **kwargs)
    """
    assert found(src, "LM301") == [(3, "certain")]


def test_options_in_a_dict_literal_reach_the_client():
    src = """\
    import pymongo
    def make(host):
        opts = {'safe': True, 'max_pool_size': 10}
        return pymongo.Connection(host, **opts)
    """
    assert lines(src, "LM302") == [3]
    assert lines(src, "LM105") == [3]


def test_trap_client_options_built_for_something_else():
    src = """\
    import pymongo
    def make(**kwargs):
        kwargs['max_pool_size'] = 10
        kwargs['auto_start_request'] = False
        return ThreadPool(**kwargs)
    """
    assert lines(src, "LM105") == []
    assert lines(src, "LM204") == []


def test_trap_safe_in_a_dict_that_never_reaches_pymongo():
    src = """\
    def report(doc, safe):
        inserts.append({'document': doc, 'safe': safe})
        kwargs = {'safe': True}
        log(**kwargs)
    """
    assert found(src, "LM301") == []
    assert found(src, "LM302") == []


# ------------------------------------------------------ receivers

def test_receiver_through_parameters_and_subscripts():
    src = """\
    import pymongo
    def size(con, database, collection):
        return con[database][collection].count()
    size(pymongo.MongoClient(), 'a', 'b')
    """
    assert lines(src, "LM406") == [3]


def test_trap_subscripts_of_parameters_that_hold_plain_data():
    src = """\
    import pymongo
    def size(con, database, collection):
        return con[database][collection].count()
    size({'a': {'b': []}}, 'a', 'b')
    """
    assert lines(src, "LM406") == []


def test_collection_passed_to_a_class_constructor():
    src = """\
    import pymongo
    class Queue(object):
        def __init__(self, collection):
            self.store = collection
        def size(self):
            return self.store.count()
    Queue(pymongo.MongoClient().db.jobs)
    """
    assert lines(src, "LM406") == [6]


# ------------------------------------------------------ ODM wrappers of PyMongo

ODM = """\
import pymongo
class ODMSession(object):
    def __init__(self, doc_session):
        self.impl = doc_session
    def find_and_modify(self, cls, *args, **kwargs):
        m = mapper(cls)
        return self.impl.find_and_modify(m.collection, *args, **kwargs)
    def ensure_index(self, cls, fields, **kwargs):
        return self.impl.ensure_index(cls, fields, **kwargs)
    def find(self, cls, *args, **kwargs):
        m = mapper(cls)
        ming_cursor = self.impl.find(m.collection, *args, **kwargs)
        return ODMCursor(self, cls, ming_cursor)
class ODMCursor(object):
    def __init__(self, session, cls, ming_cursor):
        self.ming_cursor = ming_cursor
    def count(self):
        return self.ming_cursor.count()
"""


def test_trap_odm_session_and_cursor_wrapping_pymongo():
    assert lines(ODM, "LM405") == []
    assert lines(ODM, "LM407") == []
    assert lines(ODM, "LM501") == []


def test_a_real_collection_taking_a_collection_named_argument_is_still_pymongo():
    # the wrapper shape only discounts receivers nothing is known about
    src = "coll.insert(collection_doc)\ncoll.find_and_modify(cls_query, {'$set': {}})\n"
    assert found(src, "LM401") == [(1, "certain")]
    assert found(src, "LM405") == [(2, "certain")]


# ------------------------------------------------------ subclasses of PyMongo classes

def test_trap_own_attributes_of_a_collection_subclass():
    # self.document_class / self.i18n are BaseQuery's own attributes, not PyMongo's
    # (Collection has no document_class in 2.8) nor sub-collections
    src = """\
    from pymongo.collection import Collection
    class BaseQuery(Collection):
        def __init__(self, *args, **kwargs):
            self.document_class = kwargs.pop('document_class')
            self.i18n = getattr(self.document_class, 'i18n', None)
            super(BaseQuery, self).__init__(*args, **kwargs)
        def find(self, *args, **kwargs):
            if self.i18n:
                pass
            return self.document_class
    """
    assert lines(src, "LM121") == []
    assert lines(src, "LM420") == []


def test_options_a_cursor_subclass_pops_before_pymongo_sees_them():
    src = """\
    from pymongo.cursor import Cursor
    class MongoCursor(Cursor):
        def __init__(self, *args, **kwargs):
            self.as_class = kwargs.pop('as_class')
            super(MongoCursor, self).__init__(*args, **kwargs)
    def find(coll, **kwargs):
        kwargs['as_class'] = dict
        kwargs['timeout'] = False
        return MongoCursor(coll, **kwargs)
    """
    assert lines(src, "LM705") == []  # popped by MongoCursor.__init__
    assert lines(src, "LM703") == [8]  # reaches Cursor(timeout=)


def test_connection_from_uri_under_an_alias():
    src = """\
    from pymongo.connection import Connection as mongo_con
    class Frisk(object):
        def __init__(self, uri):
            self._connection = mongo_con.from_uri(uri, slave_okay=True)
        def master(self):
            return self._connection.host
    """
    assert lines(src, "LM101") == [4]
    assert lines(src, "LM108") == [4]
    assert lines(src, "LM123") == [6]


def test_module_path_to_a_legacy_class_reports_the_class_only():
    src = "import pymongo\nc = pymongo.connection.Connection('h', slave_okay=True)\n"
    assert lines(src, "LM101") == [2]
    assert lines(src, "LM801") == []


def test_objects_stored_on_a_local_object_in_the_same_function():
    src = """\
    from mongokit import Connection, Database
    def connect(ctx):
        ctx.store = Database(Connection(), 'app')
        ctx.store.authenticate('u', 'p')
        ctx.other = make()
        ctx.other.authenticate('u', 'p')  # make() says nothing
    """
    assert lines(src, "LM608") == [4]


def test_attribute_every_store_of_the_module_makes_pymongo():
    # Model.db = session, setattr(model, 'db', session): reads of <x>.db elsewhere
    src = """\
    import pymongo
    class Ext(object):
        def init_app(self, app):
            self.Model.db = pymongo.MongoClient().app
        def register(self, *models):
            for model in models:
                setattr(model, 'db', pymongo.MongoClient().app)
                if not model.db:
                    pass
    """
    assert lines(src, "LM420") == [8]


def test_trap_attribute_stored_with_pymongo_and_other_values():
    src = """\
    import pymongo
    def init(a, b):
        a.store = pymongo.MongoClient().app
        b.store = {}
    def use(model):
        if not model.store:
            pass
    """
    assert lines(src, "LM420") == []


def test_uuid_default_representation_only_when_uuid_values_are_made():
    as_text = "import uuid\nimport pymongo\nc = pymongo.MongoClient()\nk = str(uuid.uuid1())\n"
    values = "import uuid\nimport pymongo\nc = pymongo.MongoClient()\nk = uuid.uuid4()\n"
    assert lines(as_text, "LM901") == []
    assert lines(values, "LM901") == [3]


def test_trap_settings_dicts_that_no_visible_call_receives():
    # Decision (issue 12): a 'safe' key in a settings dict (django-mongodb-engine's
    # OPERATIONS) is not reported: no PyMongo call in view receives it; the runtime
    # shim warns LM301 when the library passes it on to a write.
    src = """\
    import pymongo
    DATABASES = {'default': {'ENGINE': 'django_mongodb_engine',
                             'OPTIONS': {'OPERATIONS': {'safe': True}}}}
    """
    assert lines(src, "LM301") == []
    assert lines(src, "LM302") == []


# ------------------------------------------------ client classes kept on a class

def test_client_class_stored_on_a_class_then_constructed_through_self():
    src = """\
    from pymongo import Connection
    class Backend(object):
        connection_class = Connection
        def connect(self):
            return self.connection_class('localhost', safe=True, network_timeout=5)
    """
    assert lines(src, "LM101") == [1, 3]  # the import and the class read as a value
    assert lines(src, "LM302") == [5]
    assert lines(src, "LM106") == [5]


def test_trap_a_class_attribute_holding_another_library_class():
    src = """\
    import pymongo
    from kombu import Connection
    class Backend(object):
        connection_class = Connection
        def connect(self):
            return self.connection_class('amqp://', safe=True, network_timeout=5)
    """
    assert lines(src, "LM302") == []
    assert lines(src, "LM106") == []


def test_options_filled_in_with_setdefault_reach_the_client():
    src = """\
    import pymongo
    def connect(hosts, **kw):
        kw.setdefault('safe', True)
        kw.setdefault('replicaset', 'rs0')
        return pymongo.ReplicaSetConnection(hosts, **kw)
    """
    assert lines(src, "LM302") == [3]
    assert lines(src, "LM102") == [5]


def test_trap_setdefault_on_a_dict_that_never_reaches_pymongo():
    src = """\
    import pymongo
    def report(**kw):
        kw.setdefault('safe', True)
        return render(**kw)
    """
    assert lines(src, "LM302") == []
    assert lines(src, "LM301") == []


def test_a_function_called_update_beside_a_kwargs_write_is_no_crash():
    # callsites of "update" include bare update(...) calls, which have no receiver
    src = """\
    def write(doc, **kw):
        update(kw)
        kw.update({'safe': True})
        coll.insert(doc, **kw)
    """
    assert found(src, "LM301") == [(3, "certain")]


def test_a_client_subclass_passing_options_to_pymongo_s_constructor():
    src = """\
    import pymongo
    class MyConn(pymongo.Connection):
        def __init__(self, *args, **kwargs):
            kwargs['safe'] = True
            kwargs.setdefault('network_timeout', 5)
            kwargs.pop('as_class', None)
            super(MyConn, self).__init__(*args, **kwargs)
    class Other(pymongo.Connection):
        def __init__(self, host, **kwargs):
            pymongo.Connection.__init__(self, host, slave_okay=True, **kwargs)
    """
    assert lines(src, "LM302") == [4]
    assert lines(src, "LM106") == [5]
    assert lines(src, "LM108") == [10]


def test_trap_super_init_of_a_class_that_is_not_pymongo_s():
    src = """\
    import pymongo
    class Handler(object):
        def __init__(self, **kwargs):
            kwargs['safe'] = True
            super(Handler, self).__init__(**kwargs)
    """
    assert lines(src, "LM302") == []


# ------------------------------------------------ functools.partial and tuple returns

def test_keywords_bound_with_functools_partial():
    src = """\
    import functools, pymongo
    from functools import partial
    coll = pymongo.MongoClient().app.things
    connect = functools.partial(pymongo.Connection, safe=True)
    up = partial(coll.update, safe=True)
    other = partial(dict, safe=True)
    """
    assert lines(src, "LM302") == [4]
    assert lines(src, "LM301") == [5]


def test_an_unpacked_tuple_returned_by_a_local_function():
    src = """\
    import pymongo
    def connect():
        handle = pymongo.MongoClient()
        return handle, handle.app
    def settings():
        return {}, []
    first, second = connect()
    second.things.insert(doc)
    third, fourth = settings()
    fourth.remove(doc)
    """
    assert lines(src, "LM401") == [8]
    assert lines(src, "LM404") == []


def test_getattr_over_a_named_tuple_of_method_names():
    src = """\
    import pymongo
    WRITES = ('insert', 'save')
    NAMES = ('upper', 'lower')
    def patch(coll):
        for name in WRITES:
            setattr(coll, name, logged(getattr(coll, name)))
        for name in NAMES:
            getattr(coll, name)
    patch(pymongo.MongoClient().app.things)
    """
    assert lines(src, "LM401") == [2]
    assert lines(src, "LM402") == [2]


# ------------------------------------------------ parameters checked with isinstance

def test_a_parameter_checked_with_isinstance_against_a_pymongo_class():
    src = """\
    from pymongo.collection import Collection
    import pymongo.database

    def add(target, doc):
        if not isinstance(target, Collection):
            raise TypeError('target must be a Collection')
        target.insert(doc)

    def setup(handle):
        assert isinstance(handle, pymongo.database.Database)
        handle.add_son_manipulator(manipulator)

    def other(target, doc):
        if isinstance(target, dict):
            target.update(doc)
    """
    assert lines(src, "LM401") == [7]
    assert lines(src, "LM612") == [11]
    assert lines(src, "LM403") == []


# A class-body table of method names copied from a Collection onto a class by a
# metaclass (issue 12 batch 3): the names are the Collection's methods, spelt out;
# calling one of them on the class in the same function calls the Collection's.
_COPIED_TABLE = """\
    import pymongo
    class Meta(type):
        SHARED = ['count', 'ensure_index', 'distinct']
        def __init__(self, name, bases, dct):
            super(Meta, self).__init__(name, bases, dct)
            self.store = pymongo.MongoClient().app[name]
            for attr in self.SHARED:
                setattr(self, attr, getattr(self.store, attr))
            self.ensure_index('k')
    """


def test_a_class_table_of_names_getattr_ed_from_a_collection():
    assert found(_COPIED_TABLE, "LM406", prelude=False) == [(3, "certain")]
    assert found(_COPIED_TABLE, "LM407", prelude=False) == [(3, "certain"), (9, "certain")]


def test_trap_a_class_table_getattr_ed_from_something_else():
    source = _COPIED_TABLE.replace("pymongo.MongoClient().app[name]", "dict()")
    assert found(source, "LM406", prelude=False) == []
    assert found(source, "LM407", prelude=False) == []


def test_trap_a_method_not_copied_from_the_collection():
    source = _COPIED_TABLE.replace("self.ensure_index('k')", "self.remove('k')")
    assert found(source, "LM404", prelude=False) == []


def test_reexported_subclass_of_a_removed_class_carries_its_code(tmp_path):
    # batch-3 labelling rule: a project subclass of pymongo.connection.Connection
    # is the removed class where another module imports and constructs it
    pkg = tmp_path / "proj"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "backend.py").write_text(textwrap.dedent("""\
        from pymongo.connection import Connection as Upstream
        from pymongo import MongoClient
        class Link(Upstream):
            pass
        class Modern(MongoClient):
            pass
        """))
    (pkg / "models.py").write_text(textwrap.dedent("""\
        from proj.backend import Link
        def connect(*args, **kwargs):
            return Link(*args, **kwargs)
        """))
    (pkg / "trap.py").write_text(textwrap.dedent("""\
        from proj.backend import Modern
        handle = Modern('localhost')
        """))
    got = sorted((os.path.basename(str(f.path)), f.line, f.code)
                 for f in lint_paths([str(tmp_path)]))
    assert ("models.py", 1, "LM101") in got
    assert ("models.py", 3, "LM101") in got
    assert not [g for g in got if g[0] == "trap.py"]  # MongoClient is modern
