"""False positives of batch 6 of the evaluation corpus (benchmarks/lint_eval), each as a
mechanism: a positive case and a look-alike.  The expected codes come from the catalogue
(legacy_mongo/catalogue.py) and batch 6's labelling rules in benchmarks/lint_eval/README.md."""
from tests.lint.helpers import found


def test_bulk_builder_is_reported_once_on_the_initialize_call():
    # pymongohandler: the builder's insert/execute go away with the builder (LM414)
    source = """\
        bulk = coll.initialize_ordered_bulk_op()
        bulk.insert({'a': 1})
        bulk.find({'b': 1}).upsert().update_one({'$set': {'c': 2}})
        result = bulk.execute()
        """
    assert found(source, "LM414") == [(1, "certain")]
    assert found(source, "LM401") == []
    assert found(source, "LM403") == []


def test_bulk_builder_kept_on_self_is_reported_on_the_initialize_call_only():
    source = """\
        class Writer(object):
            def __init__(self, coll):
                self.bulk = coll.initialize_unordered_bulk_op()

            def flush(self):
                return self.bulk.execute()
        """
    assert found(source, "LM414") == [(3, "likely")]  # coll is a parameter


def test_trap_a_non_pymongo_bulk_object_with_execute_is_not_reported():
    source = """\
        class Batch(object):
            def insert(self, doc):
                pass
            def execute(self):
                pass

        bulk = Batch()
        bulk.insert({'a': 1})
        bulk.execute()
        """
    assert found(source, "LM414") == []
    assert found(source, "LM401") == []


def test_a_name_imported_in_try_with_an_aliased_fallback_is_the_tried_class():
    # Simon: the except ImportError branch binds the same names to the pre-2.4 classes;
    # the name means the class of the tried import (MongoReplicaSetClient is LM103,
    # ReplicaSetConnection LM102, Connection LM101 in the catalogue).
    source = """\
        try:
            from pymongo import MongoClient, MongoReplicaSetClient
        except ImportError:
            from pymongo import (Connection as MongoClient,
                                 ReplicaSetConnection as MongoReplicaSetClient)

        def connect(host, replica_set):
            if replica_set:
                connection_class = MongoReplicaSetClient
            else:
                connection_class = MongoClient
            return connection_class(host)
        """
    assert (9, "certain") in found(source, "LM103", prelude=False)
    assert (9, "certain") not in found(source, "LM102", prelude=False)
    assert [line for line, _ in found(source, "LM101", prelude=False)] == [4]


def test_trap_the_fallback_import_alone_is_still_its_own_class():
    # The look-alike without a try: the alias really is ReplicaSetConnection.
    source = """\
        from pymongo import ReplicaSetConnection as MongoReplicaSetClient

        def connect(host):
            connection_class = MongoReplicaSetClient
            return connection_class(host)
        """
    assert (4, "certain") in found(source, "LM102", prelude=False)
    assert found(source, "LM103", prelude=False) == []


# Simon's QuerySet keeps the cursor it wraps on self._cursor and counts it with
# with_limit_and_skip=True, a keyword only Cursor.count took (2.8.1's
# pymongo/cursor.py: Cursor.count(self, with_limit_and_skip=False); Collection.count(self)).
QUERYSET = """\
    import pymongo

    class QuerySet(object):
        def __init__(self, cursor=None):
            self._cursor = cursor

        def distinct(self, key):
            return self._cursor.distinct(key)

        def count(self):
            return self._cursor.count(with_limit_and_skip=True)
    """


def test_count_with_limit_and_skip_is_cursor_count():
    assert found(QUERYSET, "LM501", prelude=False) == [(11, "likely")]
    assert found(QUERYSET, "LM406", prelude=False) == []


def test_count_with_a_bool_on_an_unknown_receiver_is_cursor_count():
    # count(True) is no Collection evidence even before this fix (no MongoDB-shaped
    # argument); kept as a guard beside the keyword form.
    source = QUERYSET.replace("count(with_limit_and_skip=True)", "count(True)")
    assert found(source, "LM501", prelude=False) == [(11, "likely")]
    assert found(source, "LM406", prelude=False) == []


def test_trap_a_receiver_shown_to_be_a_collection_still_counts_as_collection():
    # the look-alike: the same receiver with a Collection-only call shape and no
    # cursor-only argument stays a Collection (LM406 on the bare count()).
    source = """\
        import pymongo

        class Store(object):
            def __init__(self, docs=None):
                self._docs = docs

            def touch(self, i):
                self._docs.update({'_id': i}, {'$set': {'seen': True}})

            def size(self):
                return self._docs.count()
        """
    assert found(source, "LM406", prelude=False) == [(11, "likely")]
    assert found(source, "LM501", prelude=False) == []
