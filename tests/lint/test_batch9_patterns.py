"""Patterns of held-out batch 9 of the evaluation corpus (benchmarks/lint_eval)
the linter missed at its one measurement, each as a mechanism: a positive
case and a look-alike trap."""
from tests.lint.helpers import found, lint


def test_method_names_in_a_table_of_class_and_method_rows_read_with_getattr():
    # mongodog: rows of (label, class, method name) read back with
    # getattr(cls, method) to wrap them; each row whose class is PyMongo's
    # names its method, reported on the string
    source = """\
        import pymongo.collection
        import pymongo.database

        TABLE = [
            ('command', pymongo.database.Database, 'command'),
            ('count', pymongo.collection.Collection, 'count'),
            ('find', pymongo.collection.Collection, 'find'),
            ('insert', pymongo.collection.Collection,
             'insert'),
            ('mine', dict, 'update'),
        ]


        class Sniffer(object):
            config = TABLE

            def __init__(self):
                self.original = {}
                for label, cls, method in self.config:
                    self.original[label] = getattr(cls, method)
        """
    assert found(source, "LM406", prelude=False) == [(6, "certain")]
    assert found(source, "LM401", prelude=False) == [(9, "certain")]
    assert found(source, "LM403", prelude=False) == []


def test_trap_a_table_of_method_names_on_classes_that_are_not_pymongo():
    assert [f.code for f in lint("""\
        import pymongo

        TABLE = [
            ('count', list, 'count'),
            ('insert', list, 'insert'),
            ('update', dict, 'update'),
        ]

        def wrap():
            for label, cls, method in TABLE:
                print(getattr(cls, method))
        """, prelude=False)] == []


def test_trap_a_table_row_whose_method_name_is_not_what_getattr_reads():
    # the string sits in the column the loop does not hand to getattr
    assert found("""\
        import pymongo.collection

        TABLE = [('insert', pymongo.collection.Collection, 'find')]

        def wrap():
            for label, cls, method in TABLE:
                print(label, getattr(cls, method))
        """, "LM401", prelude=False) == []


def test_a_database_read_back_from_a_mapping_by_a_key_that_names_it():
    # IPyMongo: the Database kept in the shell's namespace dict, read back as
    # shell.user_ns['db'] and authenticated on (Database.authenticate: LM608)
    assert found("""\
        import pymongo

        def login(self, name, password):
            shell = self.shell
            return shell.user_ns['db'].authenticate(name, password)
        """, "LM608", prelude=False) == [(5, "likely")]


def test_trap_a_mapping_key_that_names_no_pymongo_object():
    assert found("""\
        import pymongo

        def login(self, name, password):
            return self.shell.user_ns['auth'].authenticate(name, password)
        """, "LM608", prelude=False) == []


def test_trap_a_key_that_names_a_database_in_a_module_without_pymongo():
    assert found("""\
        def login(self, name, password):
            return self.shell.user_ns['db'].authenticate(name, password)
        """, "LM608", prelude=False) == []
