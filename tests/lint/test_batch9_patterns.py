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


_METACLASS = """\
    from pymongo import MongoClient
    from pkg.options import Options


    class ModelBase(type):
        def __new__(mcs, name, bases, attrs):
            new_class = super(ModelBase, mcs).__new__(mcs, name, bases, attrs)
            options = Options(attrs.get('Meta'))
            if not (options.host and options.port and options.database):
                raise Exception('improperly configured')
            new_class.database = MongoClient(options.host, options.port)[options.database]
            return new_class

        def ready(cls):
            if cls.database:
                return True
    """


def test_trap_an_options_object_attribute_named_like_a_store_on_another_object():
    # mimimongo: options = _Options(meta) holds the database *name*; the
    # module's store new_class.database = conn[name] is on the class built
    assert [line for line, _c in found(_METACLASS, "LM420", prelude=False)] == [15]


def test_an_attribute_stored_on_the_name_the_object_is_read_through_still_types_it():
    assert found("""\
        from pymongo import MongoClient
        from pkg.options import Options

        def setup():
            options = Options()
            options.database = MongoClient().app
            return options

        def check():
            options = Options()
            if options.database:
                return True
        """, "LM420", prelude=False) == [(11, "likely")]


def test_a_name_rebound_to_a_cursor_is_the_cursor_after_that_assignment():
    # mimimongo's tests: object_a = TestModel() (a document), then object_a =
    # Model.collection.find({...}) and object_a.count(): the find() cursor
    assert found("""\
        class TestModel(dict):
            collection = None

        def test_deletion():
            object_a = TestModel()
            object_a.save()
            object_a = TestModel.collection.find({'x': 100})
            assert object_a.count() == 0
        """, "LM501") == [(8, "likely")]


def test_trap_a_name_rebound_from_a_cursor_to_a_document():
    assert found("""\
        class TestModel(dict):
            collection = None

        def test_deletion():
            object_a = coll.find({'x': 100})
            object_a = TestModel()
            assert object_a.count() == 0
        """, "LM501") == []



def test_update_with_its_spec_and_document_slots_passed_by_name():
    # trueaction.mongofile: conn[db][name].update(spec=..., document=..., multi=True)
    assert found("""\
        from contextlib import closing
        from pymongo import Connection

        def rename(old, new, db_name, name, args):
            with closing(Connection(**args)) as conn:
                conn[db_name][name].update(
                    spec={'name': old},
                    document={'$set': {'name': new}},
                    multi=True,
                )
        """, "LM403", prelude=False) == [(6, "likely")]


def test_trap_dict_update_with_keywords_named_spec_and_document():
    assert found("""\
        import pymongo

        def record(spec, document):
            entry = {}
            entry.update(spec=spec, document=document)
            return entry
        """, "LM403", prelude=False) == []
