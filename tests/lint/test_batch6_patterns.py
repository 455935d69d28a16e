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
