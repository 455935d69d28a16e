"""Patterns of held-out batch 8 of the evaluation corpus (benchmarks/lint_eval)
the linter missed at its one measurement, each as a mechanism: a positive
case and a look-alike trap."""
from tests.lint.helpers import found


def test_getattr_with_a_method_name_chosen_by_and_or():
    # mongo-orchestration: mode = is_eval and 'eval' or 'command', then
    # getattr(db, mode)(...): Database.eval is removed (LM604), reported on
    # the string that names it
    assert found("""\
        def run(command, is_eval=False):
            mode = is_eval and 'eval' or 'command'
            return getattr(client.admin, mode)(command)
        """, "LM604") == [(2, "certain")]


def test_getattr_with_a_method_name_chosen_by_a_conditional_expression():
    assert found("""\
        def run(command, is_eval=False):
            mode = 'eval' if is_eval else 'command'
            return getattr(db, mode)(command)
        """, "LM604") == [(2, "certain")]


def test_trap_getattr_with_only_modern_method_names():
    assert found("""\
        def run(command, raw=False):
            mode = raw and 'command' or 'list_collection_names'
            return getattr(db, mode)(command)
        """, "LM604") == []


def test_trap_a_removed_name_chosen_for_an_object_that_is_not_pymongo():
    assert found("""\
        def run(engine, command, is_eval=False):
            mode = is_eval and 'eval' or 'command'
            return getattr(engine, mode)(command)
        """, "LM604") == []


def test_reading_database_connection_is_lm619():
    assert found("""\
        def client_of(name):
            return client[name].connection
        """, "LM619") == [(2, "certain")]


def test_trap_assigning_database_connection_is_a_test_double():
    # pyramid_mongo's test: db.connection = DummyConnection(); 2.8.1's
    # Database.connection had no setter (AttributeError), so db is not PyMongo's
    assert found("""\
        def fake(conn):
            handle = client.test
            handle.connection = conn
            return handle
        """, "LM619") == []
