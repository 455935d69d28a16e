"""Rules: inference of receivers, confidence, and the traps that must stay quiet."""
import pytest

from tests.lint.helpers import codes, found, lint

# ---------------------------------------------------------------- traps
TRAPS = [
    # builtins and stdlib look-alikes (the module imports pymongo: evidence is there)
    "items = []\nitems.insert(0, 'x')",
    "items = [1]\nitems.remove(1)",
    "d = {}\nd.update({'a': 1})",
    "d = {}\nd.update(a=1)",
    "s = set()\ns.update([1], [2])\ns.remove(1)",
    "n = 'abc'.count('a')",
    "def f(text):\n    return text.count('x')",
    "import collections\nq = collections.deque()\nq.remove(1)",
    "import re\nm = re.match('a', 'a')\ng = m.group(1)",
    "import os\nos.remove('/tmp/x')",
    "import itertools\nc = itertools.count(1)",
    "x = eval('1 + 1')",
    "import logging\nlogging.error('x')",
    "def f(image):\n    image.save('out.png', 'PNG')",
    "def f(thread):\n    return thread.is_alive()",
    "def f(df):\n    return df.reindex(columns=['a'])",
    "def f(parser):\n    parser.add_option('-v', action='store_true')",
    # ORMs: Django, SQLAlchemy, mongoengine
    "def f(self):\n    self.save()",
    "def f(Item):\n    Item.objects.filter(a=1).update(b=2)",
    "def f(Item):\n    return Item.objects.count()",
    "def f(Item):\n    Item.objects(name='x').update(set__n=1)",
    "def f(session, User):\n    session.query(User).filter_by(a=1).update({'b': 2})",
    "def f(table):\n    return table.insert()",
    "def f(doc):\n    doc.save(validate=False)",
    "def f(versioned_doc):\n    versioned_doc.remove({'a': 1}, versioning=True)",
    # modern PyMongo calls are fine
    "coll.insert_one({'a': 1})",
    "coll.update_one({'a': 1}, {'$set': {'b': 2}})",
    "c = coll.find({'a': 1}, projection=['a'], no_cursor_timeout=True)",
    "n = coll.count_documents({})",
    "r = list(coll.aggregate([{'$match': {}}]))",
    "c = pymongo.MongoClient('h', 27017, maxPoolSize=5)",
    "coll.create_index('a', unique=True)",
    "names = db.list_collection_names()",
    "client.drop_database('x')",
    "if coll is not None:\n    pass",
    # a parameter named like a legacy keyword is not a call
    "def insert(doc, safe=True, fields=None):\n    return doc",
    # mock assertions
    "def f(mock_collection):\n    mock_collection.save.assert_called_once_with({'a': 1})",
    # a pool or DB-API connection named conn; alembic's op.create_index(name, table, cols)
    "def f(conn):\n    return conn.max_wire_version < 13 and conn.host",
    "def upgrade(op):\n    op.create_index('ix_a', 'table', ['a'])",
    # docstrings and comments
    "def f():\n    '''coll.insert(doc, safe=True)'''\n    # db.users.update({}, {}, multi=True)",
]


@pytest.mark.parametrize("source", TRAPS)
def test_trap_is_not_flagged(source):
    assert lint(source) == []


NO_PYMONGO_TRAPS = [
    # Without any PyMongo import, collection-looking names on their own are not enough.
    "def f(collection, doc):\n    collection.insert(doc)",
    "def f(self):\n    self.collection.remove(self.item)",
    "def f(conn):\n    conn.count()",
    "from django.db import models\nclass M(models.Model):\n    def go(self):\n"
    "        self.save()\n        M.objects.filter(a=1).update(b=2)",
    "from mongoengine import Document\nclass User(Document):\n    pass\n"
    "def f():\n    User(name='x').save()\n    User.objects(name='x').update(set__n=1)",
]


@pytest.mark.parametrize("source", NO_PYMONGO_TRAPS)
def test_without_pymongo_evidence_nothing_is_flagged(source):
    assert lint(source, prelude=False) == []


# ---------------------------------------------------------------- inference
def test_self_attribute_set_in_init_is_certain():
    source = """
    from pymongo import Connection
    class Repo(object):
        def __init__(self):
            self.db = Connection().app
        def add(self, doc):
            self.db.users.insert(doc)
    """
    assert found(source, "LM401", prelude=False) == [(7, "certain")]


def test_self_attribute_assigned_after_use_in_class_body_order():
    source = """
    import pymongo
    class Repo(object):
        def add(self, doc):
            self.coll.save(doc)
        def connect(self):
            self.coll = None
            self.coll = pymongo.MongoClient()['app']['users']
    """
    assert found(source, "LM402", prelude=False) == [(5, "certain")]


def test_subscripts_getattr_and_function_returns():
    source = """
    import pymongo
    def get_db(name):
        return pymongo.MongoClient()[name]
    def users():
        return getattr(get_db('app'), 'users')
    def f():
        users().ensure_index('a')
        get_db('x')['things'].find_and_modify({'a': 1}, {'$set': {'b': 1}})
    """
    assert found(source, "LM407", prelude=False) == [(8, "certain")]
    assert found(source, "LM405", prelude=False) == [(9, "certain")]


def test_parameter_typed_by_its_call_sites_is_likely():
    source = """
    import pymongo
    def store(coll_param, doc):
        coll_param.insert(doc)
    store(pymongo.MongoClient().db.c, {'a': 1})
    """
    assert found(source, "LM401", prelude=False) == [(4, "likely")]


def test_class_attribute_and_annotation():
    source = """
    import pymongo
    from pymongo.collection import Collection
    class Cfg:
        client = pymongo.MongoClient()
    def f(c: Collection):
        c.remove({'a': 1})
        Cfg.client.start_request()
    """
    assert found(source, "LM404", prelude=False) == [(7, "certain")]
    assert found(source, "LM201", prelude=False) == [(8, "certain")]


def test_collection_like_attribute_chain_with_mongo_shape_is_likely():
    source = """
    import pymongo
    def f(self, doc):
        self.db.users.insert(doc)
        self.store.items.update({'_id': 1}, {'$set': {'a': 2}})
    """
    assert found(source, "LM401", prelude=False) == [(4, "likely")]
    assert found(source, "LM403", prelude=False) == [(5, "likely")]


def test_safe_on_a_write_named_call_is_likely():
    source = """
    import pymongo
    def f(thing, doc):
        thing.save(doc, safe=True)
    """
    assert found(source, "LM301", prelude=False) == [(4, "likely")]


def test_confidence_certain_hides_likely():
    source = """
    import pymongo
    def f(self, doc):
        self.db.users.insert(doc)
        pymongo.MongoClient().db.users.insert(doc)
    """
    assert found(source, "LM401", prelude=False) == [(4, "likely"), (5, "certain")]
    assert found(source, "LM401", prelude=False, confidence="certain") == [(5, "certain")]


def test_pymongo4_subcollection_trap_is_found():
    # db.users.insert no longer raises AttributeError on PyMongo 4: it is a sub-collection.
    assert found("db.users.insert({'a': 1})", "LM401") == [(1, "certain")]
    assert found("client['app']['users'].insert({'a': 1})", "LM401") == [(1, "certain")]


def test_kwargs_dict_built_in_the_function():
    source = """
    import pymongo
    def f(doc):
        coll = pymongo.MongoClient().db.c
        opts = dict(upsert=True)
        opts['safe'] = True
        extra = {'fields': ['a']}
        coll.update({'a': 1}, doc, **opts)
        coll.find({}, **extra)
    """
    assert found(source, "LM301", prelude=False) == [(6, "certain")]
    assert found(source, "LM702", prelude=False) == [(7, "certain")]


def test_cursor_chain_count():
    assert found("n = coll.find({'a': 1}).sort('a').limit(3).count(True)", "LM501") == \
        [(1, "certain")]
    assert found("def f(x):\n    return x.find({'a': 1}).count()", "LM501") == [(2, "likely")]


def test_subclass_of_pymongo_collection():
    source = """
    from pymongo.collection import Collection
    class MyCollection(Collection):
        def total(self):
            return self.count()
        def find_and_modify(self, *a, **kw):
            return super(MyCollection, self).find_and_modify(*a, **kw)
    """
    assert found(source, "LM406", prelude=False) == [(5, "certain")]
    assert found(source, "LM405", prelude=False) == [(7, "certain")]


def test_removed_commands_in_db_command():
    assert codes("db.command('eval', 'f()')") == ["LM625"]
    assert codes("db.command({'geoNear': 'places'})") == ["LM629"]
    assert codes("db.command('aggregate', 'c', pipeline=[], cursor={})") == []
    assert codes("db.command('ping')") == []


def test_read_preference_integers():
    assert codes("c = pymongo.MongoClient(read_preference=2)") == ["LM110"]
    assert codes("c = pymongo.MongoClient(read_preference=pymongo.ReadPreference.SECONDARY)") \
        == []


def test_module_paths_and_aliases():
    assert codes("import pymongo.son as son_module", prelude=False) == ["LM806"]
    assert codes("from pymongo.objectid import ObjectId", prelude=False) == ["LM805"]
    assert codes("from pymongo import Connection as C\nc = C()", prelude=False) == ["LM101"]
    assert codes("from pymongo.connection import Connection", prelude=False) == ["LM801"]
    assert codes("from bson.son import SON\nfrom bson.objectid import ObjectId",
                 prelude=False) == []


def test_noqa_comments():
    assert codes("coll.insert({})  # noqa") == []
    assert codes("coll.insert({}, safe=True)  # noqa: LM301") == ["LM401"]
    assert codes("coll.insert({}, safe=True)  # noqa:LM401,LM301") == []
    assert codes("coll.insert({})  # noqa: E501") == ["LM401"]


def test_select_and_ignore_by_code_and_family():
    source = "client.start_request()\ncoll.insert({}, safe=True)"
    assert codes(source, select=["requests"]) == ["LM201"]
    assert codes(source, select=["requests,LM401"]) == ["LM201", "LM401"]
    assert codes(source, ignore=["crud"]) == ["LM201", "LM301"]
    assert codes(source, select=["LM4"], ignore=["LM401"]) == []


def test_unknown_selector_is_a_usage_error():
    from legacy_mongo.lint.engine import UsageError
    with pytest.raises(UsageError):
        lint("x = 1", select=["nonsense"])


def test_mutually_recursive_parameters_terminate():
    source = """
    import pymongo
    def a(handler, x):
        return handler(x)
    def b(handler, x):
        return a(handler, x)
    def c(f):
        return b(f, f)
    def d(coll):
        c(d)
        coll.insert({'a': 1})
    d(pymongo.MongoClient().db.c)
    """
    assert found(source, "LM401", prelude=False) == [(11, "likely")]
