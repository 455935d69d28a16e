"""Modern-code false positives (benchmarks/lint_eval/README.md, "Modern code"): each
trap is a shape found in PyMongo 3/4 code that the linter used to report, next to the
legacy shape that must stay reported.  Expected codes are the catalogue's."""
from tests.lint.helpers import found


# --- LM907/LM908: json_options supplied through **kwargs ---------------------------

def test_dumps_with_kwargs_filled_with_json_options_under_a_not_in_guard():
    source = """\
        from bson import json_util
        def to_json(doc, *args, **kwargs):
            if "json_options" not in kwargs:
                kwargs["json_options"] = json_util.LEGACY_JSON_OPTIONS
            return json_util.dumps(doc, *args, **kwargs)
        def from_json(text, **kwargs):
            kwargs.setdefault("json_options", json_util.CANONICAL_JSON_OPTIONS)
            return json_util.loads(text, **kwargs)
        def literal(doc, opts):
            return json_util.dumps(doc, **{"json_options": opts})
        def rebound(doc, opts):
            kw = {"json_options": opts, "indent": 2}
            return json_util.dumps(doc, **kw)
        """
    assert found(source, "LM907", prelude=False) == []
    assert found(source, "LM908", prelude=False) == []


def test_dumps_with_kwargs_not_certainly_holding_json_options_is_reported():
    source = """\
        from bson import json_util
        def plain(doc, **kwargs):
            return json_util.dumps(doc, **kwargs)
        def other_key(doc, **kwargs):
            kwargs["indent"] = 2
            return json_util.dumps(doc, **kwargs)
        def only_sometimes(doc, pretty, **kwargs):
            if pretty:
                kwargs["json_options"] = json_util.RELAXED_JSON_OPTIONS
            return json_util.dumps(doc, **kwargs)
        def popped(doc, **kwargs):
            kwargs["json_options"] = json_util.RELAXED_JSON_OPTIONS
            kwargs.pop("json_options")
            return json_util.dumps(doc, **kwargs)
        def after_the_call(text, **kwargs):
            doc = json_util.loads(text, **kwargs)
            kwargs["json_options"] = json_util.RELAXED_JSON_OPTIONS
            return doc
        def rebound(doc, opts, **kwargs):
            kwargs["json_options"] = opts
            kwargs = dict(indent=2)
            return json_util.dumps(doc, **kwargs)
        """
    assert [line for line, _c in found(source, "LM907", prelude=False)] == [3, 6, 10, 14, 22]
    assert [line for line, _c in found(source, "LM908", prelude=False)] == [16]


# --- LM401 on a 3.x bulk builder's methods ----------------------------------------

def test_methods_of_a_bulk_builder_behind_an_unknown_receiver_are_not_collection_methods():
    source = """\
        import mongomock
        from helpers import Multi
        def load(coll):
            bulk = coll.initialize_ordered_bulk_op()
            bulk.insert({'a': 1})
            bulk.execute()
        class T(object):
            def setUp(self):
                self.bulks = Multi({'fake': self.fake.initialize_ordered_bulk_op(),
                                    'real': self.real.initialize_unordered_bulk_op()})
                self.one = self.fake.initialize_ordered_bulk_op()
            def test_insert(self):
                self.bulks.do.insert({'a': 1, 'b': 1})
                self.one.insert({'a': 2})
        """
    assert found(source, "LM401", prelude=False) == []
    # the builders themselves are the legacy API
    assert [line for line, _c in found(source, "LM414", prelude=False)] == [4, 9, 10, 11]


def test_collection_methods_next_to_bulk_builders_are_still_reported():
    source = """\
        import mongomock
        from helpers import Multi
        def load(coll, other):
            bulk = coll.initialize_ordered_bulk_op()
            coll.insert({'a': 1})
            mixed = Multi([coll.initialize_ordered_bulk_op(), other])
            mixed.do.insert({'a': 1})
        class T(object):
            def setUp(self):
                self.cmp = Multi({'fake': self.fake, 'real': self.real})
                self.bulks = Multi({'fake': self.fake.initialize_ordered_bulk_op()})
            def test_insert(self):
                self.cmp.do.insert({'a': 1, 'b': 1})
        """
    assert [line for line, _c in found(source, "LM401", prelude=False)] == [5, 7, 13]


# --- LM130: the try also runs an operation on the client ---------------------------

def test_client_constructor_in_a_try_that_also_operates_on_the_client_is_not_reported():
    source = """\
        import pymongo
        from pymongo.errors import ConnectionFailure
        from helpers import connected
        def local_ping(c):
            c.admin.command('ping')
        def a():
            try:
                connected(pymongo.MongoClient('[::1]', serverSelectionTimeoutMS=100))
            except ConnectionFailure:
                return None
        async def b():
            try:
                await connected(pymongo.MongoClient('h'))
            except ConnectionFailure:
                return None
        def c():
            try:
                client = pymongo.MongoClient('h')
                client.admin.command('ping')
            except ConnectionFailure:
                client = None
            return client
        def d():
            try:
                info = pymongo.MongoClient('h').server_info()
            except pymongo.errors.AutoReconnect:
                info = None
            return info
        def e():
            try:
                local_ping(pymongo.MongoClient('h'))
            except ConnectionFailure:
                pass
        """
    assert found(source, "LM130", prelude=False) == []


def test_client_constructor_in_a_try_with_no_operation_on_it_is_reported():
    source = """\
        import pymongo
        from pymongo.errors import ConnectionFailure
        def keep(c):
            global CLIENT
            CLIENT = c
        class Store(object):
            def connect(self):
                try:
                    self.client = pymongo.MongoClient('h')
                    self.db = self.client.get_database('app')
                except ConnectionFailure:
                    self.client = None
        def a():
            try:
                keep(pymongo.MongoClient('h'))
            except ConnectionFailure:
                pass
        def b(clients, other):
            try:
                clients.append(pymongo.MongoClient('h'))
                other.admin.command('ping')
            except ConnectionFailure:
                pass
        def c():
            try:
                return pymongo.MongoClient('h')
            except ConnectionFailure:
                return None
        """
    assert [line for line, _c in found(source, "LM130", prelude=False)] == [9, 15, 20, 26]


# --- LM710/LM711: a find option at a value PyMongo 4 does not send -----------------
# PyMongo 4's Cursor sends $snapshot whenever snapshot is not None (so
# snapshot=False reaches the server as snapshot: false, which 4.0+ rejects) and
# $maxScan only when max_scan is truthy (checked on 4.20: Cursor._query_spec()).

def test_find_options_at_a_value_that_sends_nothing_are_not_reported():
    source = """\
        c = coll.find({}, snapshot=None)
        d = coll.find_one({'a': 1}, max_scan=None)
        e = coll.find({}, max_scan=0)
        """
    assert found(source, "LM710") == []
    assert found(source, "LM711") == []


def test_find_options_at_a_value_that_is_sent_are_reported():
    source = """\
        c = coll.find({}, snapshot=False)
        d = coll.find({}, snapshot=True)
        e = coll.find({}, max_scan=1000)
        opts = {'snapshot': None, 'max_scan': None}
        f = coll.find({}, **opts)
        g = coll.find({}, snapshot=flag, max_scan=limit)
        """
    assert [line for line, _c in found(source, "LM710")] == [1, 2, 4, 6]
    assert [line for line, _c in found(source, "LM711")] == [3, 4, 6]
