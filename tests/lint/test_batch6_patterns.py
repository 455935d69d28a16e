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
