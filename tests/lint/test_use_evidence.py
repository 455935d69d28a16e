"""Receivers typed by the shape of their own calls (issue 12, unseen-code recall).

A receiver nothing binds to PyMongo (a constructor parameter's subscript, a module
global set by the importer) is a Collection at every use once one call on it carries
arguments only MongoDB code writes (``$`` operators, ``_id`` queries, ``safe=``,
``multi=``, ``as_class=``).  Neutral names, so that no name hint does the work.
Expected codes are the catalogue's: Collection.remove/save/ensure_index and
Cursor.count are absent from PyMongo 4."""
from tests.lint.helpers import found


def test_self_attribute_typed_by_a_safe_write_elsewhere_in_the_class():
    source = """\
        class Store(object):
            def __init__(self, handle, name):
                self.items = handle[name]
                self.items.ensure_index('seen')
            def put(self, key, value):
                self.items.update({'k': key}, {'$set': {'v': value}}, safe=True)
            def prune(self, cutoff):
                self.items.remove({'seen': {'$lt': cutoff}})
            def drop(self, spec):
                self.items.remove(spec)
        """
    assert found(source, "LM407", prelude=False) == [(4, "likely")]
    assert found(source, "LM404", prelude=False) == [(8, "likely"), (10, "likely")]


def test_attribute_set_by_a_metaclass_typed_by_another_class_query():
    source = """\
        class Meta(type):
            def __init__(cls, name, bases, dct):
                cls.__store__ = cls.__source__[name.lower()]
        class Record(object):
            def persist(self):
                self._id = self.__store__.save(self)
            @classmethod
            def lookup(cls, *args, **kwargs):
                return cls.__store__.find(*args, as_class=cls, **kwargs)
        """
    assert found(source, "LM402", prelude=False) == [(6, "likely")]


def test_parameter_typed_by_a_multi_update_gives_its_find_count():
    source = """\
        def bounce(tgt, flag):
            query = {'working': flag}
            print(tgt.find(query).count())
            tgt.update(query, {'$set': {'working': False}}, multi=True)
        """
    assert found(source, "LM501", prelude=False) == [(3, "likely")]


def test_module_global_typed_by_an_id_query():
    # no PyMongo import: an _id query counts where the name says Collection too
    source = """\
        collection = None
        def get(key):
            return collection.find_one({'_id': key})
        def register(**kwargs):
            return collection.save(kwargs)
        """
    assert found(source, "LM402", prelude=False) == [(5, "likely")]


def test_trap_an_id_document_on_another_store_without_pymongo():
    # CouchDB documents have _id keys too (kombu's CouchDB transport)
    source = """\
        class Channel(object):
            def put(self, queue, message):
                self.client.save({'_id': queue, 'payload': message})
            def drop(self, item):
                self.client.remove(item)
        """
    assert found(source, "LM402", prelude=False) == []
    assert found(source, "LM404", prelude=False) == []


def test_trap_the_same_name_in_another_scope_is_not_typed():
    source = """\
        def get(store, key):
            return store.find_one({'_id': key})
        def drop(store, value):
            store.remove(value)
        """
    assert found(source, "LM404", prelude=False) == []


def test_trap_an_odm_class_queried_with_fields_is_not_typed():
    source = """\
        class Ref(object):
            def load(self):
                return self.kind.find(self.query, fields=self.fields)
            def keep(self, doc):
                self.kind.save(doc)
            def ok(self):
                return bool(self.kind)
        """
    assert found(source, "LM402", prelude=False) == []


def test_trap_a_receiver_bound_to_a_local_class_is_not_retyped():
    source = """\
        class Box(object):
            def update(self, *a, **kw):
                pass
            def remove(self, x):
                pass
        class User(object):
            def __init__(self):
                self.items = Box()
            def put(self, key):
                self.items.update({'k': key}, {'$set': {'v': 1}}, safe=True)
            def drop(self, x):
                self.items.remove(x)
        """
    assert found(source, "LM404", prelude=False) == []


def test_trap_truth_test_of_a_receiver_typed_only_by_use():
    source = """\
        class Store(object):
            def __init__(self, handle, name):
                self.items = handle[name]
            def put(self, key):
                self.items.update({'k': key}, {'$set': {'v': 1}}, safe=True)
            def ready(self):
                return bool(self.items)
            def check(self):
                if self.items:
                    return 1
        """
    assert found(source, "LM420", prelude=False) == []


def test_find_and_modify_fields_is_lm405_only():
    # PyMongo 2.8.1 collection.py find_and_modify passes fields= into the
    # findAndModify command unchanged (no empty-list-to-{'_id': 1} rewrite as
    # find() does), so find(fields=)'s LM702 does not apply there.
    source = """\
        ok = coll.find_and_modify({'a': 1}, {'$set': {'b': 2}}, fields=[])
        ids = coll.find({}, fields=[])
        """
    assert found(source, "LM405") == [(1, "certain")]
    assert found(source, "LM702") == [(2, "certain")]


_TRUTH = """\
    class Job(object):
        def __init__(self):
            self.collection = None
        def finish(self):
            if self.collection and self.id:
                self.collection.find_and_modify(query={'_id': self.id},
                                                update={'$set': {'done': True}})
    """


def test_truth_test_of_a_use_typed_receiver_whose_name_says_collection():
    # bool(Collection) raises NotImplementedError on PyMongo 4: LM420
    assert found(_TRUTH, "LM420", prelude=False) == [(5, "likely")]


def test_trap_truth_test_of_a_use_typed_receiver_with_a_neutral_name():
    assert found(_TRUTH.replace("collection", "target"), "LM420", prelude=False) == []


def test_trap_truth_test_of_a_collection_named_attribute_without_use_evidence():
    source = _TRUTH.replace("query={'_id': self.id}", "query=self.query").replace(
        "update={'$set': {'done': True}}", "update=self.change")
    assert found(source, "LM420", prelude=False) == []


def test_add_option_with_a_named_query_option_bit():
    # PyMongo 2.8.1 cursor.py: _QUERY_OPTIONS['oplog_replay'] == 8, ['slave_okay'] == 4
    source = """\
        cursor.add_option(pymongo.cursor._QUERY_OPTIONS['oplog_replay'])
        cursor.add_option(pymongo.cursor._QUERY_OPTIONS['exhaust'])
        """
    assert found(source, "LM505") == [(1, "certain")]


_FACTORY = """\
    from pymongo import ASCENDING
    class Factory(object):
        def __init__(self, handle):
            self.handle = handle
        @property
        def jobs_collection(self):
            return self.handle['jobs']
        def pop(self, query, change):
            return self.jobs_collection.find_and_modify(query, change)
        def pending(self, query):
            return self.jobs_collection.find(query).count()
        def _cursor(self, query):
            cursor = self.jobs_collection.find(query)
            return cursor.sort('at', -1)
    """


def test_a_collection_named_receiver_of_find_and_modify_is_a_collection():
    assert found(_FACTORY, "LM501", prelude=False) == [(11, "likely")]


def test_trap_find_and_modify_on_a_neutral_name_types_nothing():
    source = _FACTORY.replace("jobs_collection", "jobs")
    assert found(source, "LM501", prelude=False) == []


def test_trap_find_and_modify_in_a_module_without_pymongo_types_nothing():
    source = _FACTORY.replace("from pymongo import ASCENDING", "")
    assert found(source, "LM501", prelude=False) == []


def test_a_cursor_returned_by_another_modules_method(tmp_path):
    import os
    import textwrap
    from legacy_mongo.lint.engine import lint_paths
    pkg = tmp_path / "tq"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "factory.py").write_text(textwrap.dedent(_FACTORY))
    (pkg / "worker.py").write_text(textwrap.dedent("""\
        class Worker(object):
            def __init__(self, factory):
                self.factory = factory
            def backlog(self):
                return self.factory._cursor({'q': 1}).count()
            def other(self, text):
                return text.count('x')
        """))
    got = sorted((os.path.basename(str(f.path)), f.line, f.code)
                 for f in lint_paths([str(tmp_path)]))
    assert [g for g in got if g[0] == "worker.py"] == [("worker.py", 5, "LM501")]


def test_host_of_a_databases_connection_is_the_clients():
    # Database.connection (LM619) is 2.x's client; its .host is LM123
    source = """\
        import pymongo
        def describe(owner):
            return owner.db.connection.host
        """
    assert found(source, "LM619", prelude=False) == [(3, "likely")]
    assert found(source, "LM123", prelude=False) == [(3, "likely")]


def test_trap_host_of_a_connection_named_object():
    source = """\
        import pymongo
        def describe(pool, owner):
            return pool.connection.host, owner.conn.host
        """
    assert found(source, "LM123", prelude=False) == []


_FIND_COUNT = """\
    import pymongo
    def total(collection, query):
        return collection.find(query).count()
    def places(text, sub):
        return text.find(sub).count()
    """


def test_count_of_a_find_with_a_query_name_on_a_collection_named_receiver():
    assert found(_FIND_COUNT, "LM501", prelude=False) == [(3, "likely")]


def test_trap_find_count_in_a_module_without_pymongo():
    assert found(_FIND_COUNT.replace("import pymongo", ""), "LM501", prelude=False) == []


_SUBSCRIPTED = """\
    class Repo(object):
        def __init__(self, handle):
            self.store = handle
        def put(self, name, doc):
            self.store[name].update({'k': 1}, {'$set': doc}, safe=True)
        def drop(self, name, spec):
            self.store[name].remove(spec)
    """


def test_a_subscripted_receiver_of_a_mongodb_shaped_call_is_a_database():
    assert found(_SUBSCRIPTED, "LM404", prelude=False) == [(7, "likely")]


def test_trap_a_receiver_used_as_a_collection_and_subscripted_is_not_typed():
    source = _SUBSCRIPTED + """\
        def add(self, doc):
            self.store.insert({'a': doc}, safe=True)
    """
    assert found(source, "LM404", prelude=False) == []
