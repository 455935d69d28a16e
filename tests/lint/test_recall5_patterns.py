"""Recall round 5 (benchmarks/lint_eval/README.md: what batch 9 left, and the kinds
of misses that made batches 5-9 low at first measurement), each as a mechanism: a
positive case and a look-alike (trap); the cross-module ones linted as a tree with
and without the prefilter (the same findings either way)."""
import textwrap

from tests.lint.helpers import lint, lint_tree

_dedent = textwrap.dedent


def codes_at(source):
    """Sorted (line, code) of every finding in *source* (no prelude)."""
    return sorted((f.line, f.code) for f in lint(source, prelude=False))


# mongodog, mimimongo: a module that imports nothing of PyMongo's, in a package
# whose other module does; its receivers are only named like a Collection, and the
# object reaches them through an untyped loop or a caller outside the run.
_SNIFFER = """\
    import pymongo

    from . import reporters


    def install(url):
        client = pymongo.MongoClient(url)
        return client
    """


def test_sibling_of_a_pymongo_module_decides_name_hinted_receivers(tmp_path):
    assert lint_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/sniffer.py": _SNIFFER,
        "pkg/reporters.py": """\
            class MongoReporter(object):
                \"\"\"Reports into the configured mongo collection.\"\"\"

                def __init__(self, mongo_collection):
                    self.collection = mongo_collection

                def report(self, document):
                    self.collection.insert(document)
            """,
        "pkg/index.py": """\
            class Index(object):
                \"\"\"Arguments for pymongo.collection.Collection.ensure_index.\"\"\"

                def __init__(self, *args, **kwargs):
                    self._args = args
                    self._kwargs = kwargs

                def ensure(self, collection):
                    return collection.ensure_index(*self._args, **self._kwargs)
            """}) == [("pkg/index.py", 9, "LM407"), ("pkg/reporters.py", 8, "LM401")]


def test_trap_siblings_that_do_not_name_mongodb_or_are_not_in_the_package(tmp_path):
    # kombu's transports: a Redis module beside the MongoDB one (its quoted 'group'
    # is a prefilter token, but it never names MongoDB); a top-level script beside
    # a top-level module that imports PyMongo (no package: nothing says they
    # belong together); a module of another package
    assert lint_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/sniffer.py": _SNIFFER,
        "pkg/redis_backend.py": """\
            class Channel(object):
                def __init__(self, client, collection):
                    self.client = client
                    self.collection = collection
                    self.mode = 'group'

                def close(self):
                    self.client.disconnect()
                    self.collection.insert(self.mode)
                    return self.client.connection
            """,
        "tool.py": "import pymongo\nclient = pymongo.MongoClient()\n",
        "script.py": """\
            # feeds the mongo reporter
            def feed(collection, doc):
                collection.insert(doc)
            """,
        "other/__init__.py": "",
        "other/feed.py": """\
            # feeds the mongo reporter
            def feed(collection, doc):
                collection.insert(doc)
            """}) == []


# A Flask/Pyramid-style extension: the class (another module) gives PyMongo objects
# through properties; the application module makes one instance at import
# (``mongo = Mongo(app)``) and the views import that instance.
_EXTENSION = {
    "ext/__init__.py": """\
        import pymongo


        class Mongo(object):
            def __init__(self, app=None):
                self.app = app

            def connect(self):
                return pymongo.MongoClient(self.app.config['MONGO_URI'])

            @property
            def db(self):
                return self.connect()[self.app.config['MONGO_DBNAME']]


        class Cache(object):
            def __init__(self, app=None):
                self.store = {}
        """,
    "app/__init__.py": """\
        from flask import Flask
        from ext import Cache, Mongo

        app = Flask(__name__)
        mongo = Mongo(app)
        data = Mongo(app)
        cache = Cache(app)
        """,
}


def test_instance_of_an_extension_class_exported_to_the_views(tmp_path):
    assert lint_tree(tmp_path, dict(_EXTENSION, **{"app/views.py": """\
        from app import mongo


        def add(doc):
            mongo.db.users.insert(doc)
            return mongo.db.users.find({'a': 1}).count()
        """,
        # no prefilter token here: admitted for the instance it imports
        "app/admin.py": """\
        from app import data


        def purge(name):
            data.db[name].remove()
        """})) == [("app/admin.py", 5, "LM404"), ("app/views.py", 5, "LM401"),
                   ("app/views.py", 6, "LM501")]


def test_trap_attributes_the_extension_class_does_not_give(tmp_path):
    # the instance's other attributes and an instance of a class with no PyMongo
    # attributes: nothing known, nothing reported
    assert lint_tree(tmp_path, dict(_EXTENSION, **{"app/views.py": """\
        from app import cache, mongo


        def add(doc):
            mongo.pending.insert(doc)
            mongo.app.config.update(doc, extra=1)
            cache.store.update(doc)
            cache.users.insert(doc)
        """})) == []


# An oplog replayer's or a dispatcher's table of method names, looked up with a key
# known only at run time (``getattr(coll, OPS[entry['op']])``): each value of the
# dict display is a name the lookup can give (batch 3's names-as-strings rule).
def test_method_names_in_a_dict_table_looked_up_for_getattr():
    assert codes_at("""\
        import pymongo

        OPS = {'i': 'insert',
               'u': 'update',
               'd': 'remove',
               'n': 'find_one'}
        db = pymongo.MongoClient().app


        def replay(entry):
            coll = db[entry['ns']]
            getattr(coll, OPS[entry['op']])(entry['o'])


        class Replayer(object):
            METHODS = {'save': 'save', 'count': 'count'}

            def apply(self, entry):
                method = self.METHODS.get(entry['op'], 'save')
                return getattr(db.things, method)(entry['o'])
        """) == [(3, "LM401"), (4, "LM403"), (5, "LM404"), (16, "LM402"), (16, "LM406"),
               (19, "LM402")]


def test_trap_dict_tables_of_names_for_other_receivers():
    # the same table read for a list and for a project object; a constant key
    # (one known entry, the existing reading); a table of modern names
    assert codes_at("""\
        import pymongo

        OPS = {'i': 'insert', 'd': 'remove'}
        NEW = {'i': 'insert_one', 'd': 'delete_many'}
        db = pymongo.MongoClient().app


        def replay(entry, items, handler):
            getattr(items, OPS[entry['op']])(entry['o'])
            getattr(handler, OPS.get(entry['op']))(entry['o'])
            getattr(db.things, NEW[entry['op']])(entry['o'])
        """) == []


# Flask's g (or a project's settings module) filled with PyMongo objects by a hook
# of one module and read back by the views of another.
def test_pymongo_object_stored_on_an_imported_object_for_other_modules(tmp_path):
    assert lint_tree(tmp_path, {
        "web/__init__.py": """\
            from flask import Flask, g
            import pymongo
            from web import settings

            app = Flask(__name__)


            @app.before_request
            def connect():
                g.db = pymongo.MongoClient()['web']
                settings.events = g.db.events
            """,
        "web/settings.py": "DEBUG = True\n",
        "web/views.py": """\
            from flask import g, request
            from web import app, settings


            @app.route('/u', methods=['POST'])
            def new_user():
                g.db.users.insert(request.form.to_dict())
                settings.events.save({'x': 1})
                return str(g.db.users.find().count())
            """}) == [("web/views.py", 7, "LM401"), ("web/views.py", 8, "LM402"),
                      ("web/views.py", 9, "LM501")]


def test_trap_stores_on_imported_objects_that_are_not_one_pymongo_kind(tmp_path):
    # g.db is sqlite's here; g.store is a Database in one hook and a dict in the
    # other; g.cache never holds a PyMongo object
    assert lint_tree(tmp_path, {
        "web/__init__.py": """\
            import sqlite3
            from flask import Flask, g
            import pymongo

            app = Flask(__name__)


            @app.before_request
            def connect():
                g.db = sqlite3.connect('app.db')
                g.store = pymongo.MongoClient()['web']
                g.cache = {}


            @app.teardown_request
            def close(exc):
                g.store = {}
            """,
        "web/views.py": """\
            from flask import g


            def new_user(doc):
                g.db.users.insert(doc)
                g.store.update(doc, {'a': 1})
                g.cache.update(doc)
                return g.db.execute('select 1').fetchall()
            """}) == []


# Options built as data outside the function that passes them with ``**``: a
# module-level dict, a class attribute, a dict the constructor stores on self.
def test_option_dicts_of_the_module_and_the_class_reaching_a_call():
    assert codes_at("""\
        import pymongo

        db = pymongo.MongoClient().app
        WRITE = {'safe': True}
        CONN_OPTS = dict(slave_okay=True)


        def add(doc):
            db.things.insert(doc, **WRITE)
            return pymongo.MongoClient('h', **CONN_OPTS)


        class Store(object):
            find_options = {'timeout': False}

            def __init__(self):
                self.write_options = {'safe': True}
                self.coll = db.things

            def scan(self):
                self.coll.remove({}, **self.write_options)
                return self.coll.find({}, **self.find_options)
        """) == [(4, "LM301"), (5, "LM108"), (9, "LM401"), (14, "LM703"), (17, "LM301"),
                 (21, "LM404")]


def test_trap_option_dicts_that_do_not_reach_pymongo_or_are_not_only_dicts():
    # a parameter shadowing the module's dict; the dict handed to a logger; an
    # attribute that is a dict in one place and the caller's keywords in another
    assert codes_at("""\
        import logging
        import pymongo

        db = pymongo.MongoClient().app
        WRITE = {'safe': True}
        log = logging.getLogger(__name__)


        def add(doc, WRITE):
            db.things.insert_one(doc, **WRITE)
            log.info('added', extra=dict(**WRITE))


        class Store(object):
            def __init__(self, **kwargs):
                self.options = {'safe': True}
                if kwargs:
                    self.options = kwargs

            def add(self, doc):
                db.things.insert_one(doc, **self.options)
        """) == []


# A base class written against an abstract collection (tastypie-mongodb-resource's
# get_collection(), mongomodels' backends), whose subclasses in other modules give
# it: ``collection = db.users`` in the class body, a ``get_collection()`` override.
_BASE_RESOURCE = """\
    class Resource(object):
        collection = None

        def get_collection(self):
            raise NotImplementedError

        def create(self, data):
            self.get_collection().insert(data)

        def replace(self, key, data):
            self.collection.update({'key': key}, data)

        def total(self):
            return self.collection.find().count()
    """


def test_base_class_members_given_by_subclasses_of_other_modules(tmp_path):
    assert lint_tree(tmp_path, {
        "res/__init__.py": "",
        "res/base.py": _BASE_RESOURCE,
        "res/api.py": """\
            import pymongo
            from res.base import Resource

            db = pymongo.MongoClient().api


            class UserResource(Resource):
                collection = db.users

                def get_collection(self):
                    return db.users
            """}) == [("res/base.py", 8, "LM401"), ("res/base.py", 11, "LM403"),
                      ("res/base.py", 14, "LM501")]


def test_trap_subclasses_giving_other_objects_or_disagreeing(tmp_path):
    # two subclasses disagree on the kind (a Collection here, a Database there):
    # the base's members stay unknown (the dict-backed store of memory.py, a
    # module with no PyMongo evidence, vetoes nothing: the prefilter may skip it)
    # (neutral names, no find().count(): api.py imports the base module, which
    # so borrows evidence for receivers named like PyMongo objects)
    neutral = _BASE_RESOURCE.replace("get_collection", "backend").replace(
        "collection", "store").replace(".find().count()", ".find()")
    assert lint_tree(tmp_path, {
        "res/__init__.py": "",
        "res/base.py": neutral,
        "res/memory.py": """\
            from res.base import Resource


            class MemoryStore(object):
                def insert(self, doc):
                    pass


            class MemoryResource(Resource):
                store = MemoryStore()

                def backend(self):
                    return MemoryStore()
            """,
        "res/api.py": """\
            import pymongo
            from res.base import Resource

            db = pymongo.MongoClient().api


            class UserResource(Resource):
                store = db.users

                def backend(self):
                    return db.users


            class AdminResource(Resource):
                store = db

                def backend(self):
                    return db
            """}) == []


def test_base_class_members_given_by_subclasses_of_the_same_module():
    assert codes_at("import pymongo\n\ndb = pymongo.MongoClient().api\n\n\n" +
                    _dedent(_BASE_RESOURCE) + """
class UserResource(Resource):
    def __init__(self):
        self.collection = db.users

    def get_collection(self):
        return db.users
""") == [(13, "LM401"), (16, "LM403"), (19, "LM501")]


def test_trap_subclasses_of_the_same_module_that_disagree():
    # (neutral names: a name that says collection is decided by its name here)
    assert codes_at("""\
        import pymongo

        db = pymongo.MongoClient().api


        class Resource(object):
            store = None

            def backend(self):
                raise NotImplementedError

            def create(self, data):
                self.backend().insert(data)
                self.store.save(data)


        class UserResource(Resource):
            store = db.users

            def backend(self):
                return db.users


        class AdminResource(Resource):
            store = db

            def backend(self):
                return db
        """) == []


# A module-level registry of Collections (filled in a loop, or a dict display)
# imported by other modules, which read its items by key, .get() or .items().
def test_module_level_container_of_collections_read_by_importers(tmp_path):
    assert lint_tree(tmp_path, {
        "app/__init__.py": "",
        "app/db.py": """\
            import pymongo

            conn = pymongo.MongoClient()
            collections = {}
            for name in ('users', 'posts'):
                collections[name] = conn.app[name]
            COLLS = dict(users=conn.app.users, posts=conn.app.posts)
            """,
        "app/views.py": """\
            from app.db import collections, COLLS


            def add(doc):
                collections['users'].insert(doc)
                COLLS.get('posts').save(doc)
                for name, coll in COLLS.items():
                    coll.ensure_index('a')
            """}) == [("app/views.py", 5, "LM401"), ("app/views.py", 6, "LM402"),
                      ("app/views.py", 8, "LM407")]


def test_trap_module_level_containers_not_only_of_collections(tmp_path):
    # a registry that also holds a name; a display of strings
    assert lint_tree(tmp_path, {
        "app/__init__.py": "",
        "app/db.py": """\
            import pymongo

            conn = pymongo.MongoClient()
            registry = {}
            for name in ('users', 'posts'):
                registry[name] = conn.app[name]
            registry['default'] = 'users'
            NAMES = dict(users='users', posts='posts')
            """,
        "app/views.py": """\
            from app.db import registry, NAMES


            def add(doc):
                registry['users'].insert(doc)
                NAMES.get('posts').count('s')
                for name, value in NAMES.items():
                    value.insert(doc)
            """}) == []


# A Tornado app: the module that builds the Application (and its Database)
# imports the handlers, which name nothing of MongoDB's and read the Database
# through ``self.application.db``.
_HANDLERS = """\
    import tornado.web


    class BaseHandler(tornado.web.RequestHandler):
        @property
        def db(self):
            return self.application.db


    class PostHandler(BaseHandler):
        def post(self):
            self.db.posts.insert(dict(title=self.get_argument('title')))
            return self.db.posts.find().count()
    """


def test_sibling_imported_by_the_pymongo_module_decides_name_hinted_receivers(tmp_path):
    assert lint_tree(tmp_path, {
        "blog/__init__.py": "",
        "blog/app.py": """\
            import tornado.web
            import pymongo
            from blog import helpers
            from blog.handlers import PostHandler


            class Application(tornado.web.Application):
                def __init__(self):
                    tornado.web.Application.__init__(self, [(r"/p", PostHandler)])
                    self.db = pymongo.MongoClient()['blog']
            """,
        "blog/handlers.py": _HANDLERS,
        # no hint name here: a Cursor's count all the same (prefilter rule 5
        # admits the file for its importer, not for its names)
        "blog/helpers.py": "def total(store):\n    return store.find().count()\n",
    }) == [("blog/handlers.py", 12, "LM401"), ("blog/handlers.py", 13, "LM501"),
           ("blog/helpers.py", 2, "LM501")]


def test_trap_handlers_the_pymongo_module_does_not_import(tmp_path):
    # the same handlers beside the module, not imported by it; and imported by a
    # top-level module (no package)
    assert lint_tree(tmp_path, {
        "blog/__init__.py": "",
        "blog/app.py": "import pymongo\nclient = pymongo.MongoClient()\n",
        "blog/handlers.py": _HANDLERS,
        "main.py": "import pymongo\nimport handlers\nclient = pymongo.MongoClient()\n",
        "handlers.py": _HANDLERS}) == []


# A store class whose __getitem__/__getattr__ give Collections, instantiated by
# importers or once at its module's level (``store = MongoDB(uri, name)``).
_STORE = """\
    from pymongo import MongoClient


    class MongoDB(object):
        def __init__(self, uri, dbname):
            self.conn = MongoClient(uri)
            self.dbname = dbname

        def __getitem__(self, name):
            return self.conn[self.dbname][name]

        def __getattr__(self, name):
            return self.conn[self.dbname][name]


    class Names(object):
        def __getitem__(self, name):
            return name.upper()


    store = MongoDB('mongodb://localhost', 'app')
    names = Names()
    """


def test_items_and_attributes_of_a_store_class_for_importers(tmp_path):
    assert lint_tree(tmp_path, {
        "lib/__init__.py": "",
        "lib/store.py": _STORE,
        "lib/use.py": """\
            from lib.store import MongoDB, store


            def run(doc):
                s = MongoDB('mongodb://x', 'y')
                s['users'].insert(doc)
                s.events.save(doc)
                store['users'].remove(doc)
            """}) == [("lib/use.py", 6, "LM401"), ("lib/use.py", 7, "LM402"),
                      ("lib/use.py", 8, "LM404")]


def test_trap_items_of_other_classes_and_defined_members(tmp_path):
    # a class whose items are strings; the store's own exported client attribute
    # (a client, not a Collection: no Collection method applies)
    assert lint_tree(tmp_path, {
        "lib/__init__.py": "",
        "lib/store.py": _STORE,
        "lib/use.py": """\
            from lib.store import Names, names, store


            def run(doc):
                Names()['users'].count('s')
                names['users'].remove(doc)
                store.conn.remove(doc)
            """}) == []


# A model's manager as a descriptor (``objects = CollectionDescriptor()``, whose
# ``__get__`` returns the model's Collection), read on the model class elsewhere.
_DESCRIPTOR = """\
    import pymongo

    _db = pymongo.MongoClient().app


    class CollectionDescriptor(object):
        def __get__(self, instance, owner):
            return _db[owner.__name__.lower()]


    class NameDescriptor(object):
        def __get__(self, instance, owner):
            return owner.__name__.lower()


    class Model(object):
        objects = CollectionDescriptor()
        label = NameDescriptor()
    """


def test_class_attribute_descriptor_returning_a_collection(tmp_path):
    assert lint_tree(tmp_path, {
        "odm/__init__.py": "",
        "odm/base.py": _DESCRIPTOR,
        "odm/models.py": """\
            from odm.base import Model


            class User(Model):
                pass


            def add(doc):
                User.objects.insert(doc)
                return User.objects.find({'a': 1}).count()
            """}) == [("odm/models.py", 9, "LM401"), ("odm/models.py", 10, "LM501")]


def test_trap_descriptors_returning_other_values(tmp_path):
    # the name descriptor returns a string; a descriptor class never placed on
    # a class is only an instance
    assert lint_tree(tmp_path, {
        "odm/__init__.py": "",
        "odm/base.py": _DESCRIPTOR,
        "odm/models.py": """\
            from odm.base import Model, NameDescriptor


            def add(doc):
                Model.label.count('x')
                Model.label.remove(doc)
                NameDescriptor().remove(doc)
            """}) == []


# Star imports of a project module (and a package __init__ re-exporting one with
# ``from .conn import *``): the names they bind are that module's exports.
_CONN = {
    "app/__init__.py": "from app.conn import *\n",
    "app/conn.py": """\
        import pymongo

        db = pymongo.MongoClient().app
        users = db.users
        """,
    "app/util.py": "cache = {}\nnames = ['users']\n",
}


def test_star_imports_of_project_modules(tmp_path):
    assert lint_tree(tmp_path, dict(_CONN, **{
        "app/a.py": """\
            from app.conn import *
            from app import users as u


            def f(doc):
                users.insert(doc)
                u.remove(doc)
            """,
        # no prefilter token here: admitted for the package's star re-export
        "app/b.py": """\
            from app import *


            def g(doc):
                db.things.insert(doc)
            """})) == [("app/a.py", 6, "LM401"), ("app/a.py", 7, "LM404"),
                       ("app/b.py", 5, "LM401")]


def test_trap_star_imports_of_modules_without_those_names(tmp_path):
    # the names the star import binds are not PyMongo objects there, or a local
    # binding shadows them
    assert lint_tree(tmp_path, dict(_CONN, **{
        "app/a.py": """\
            from app.util import *
            from app.conn import *


            def f(doc, users):
                cache.update(doc)
                names.remove(doc)
                users.insert(doc)
            """})) == []


# ``conn = property(_get_conn)``: the pre-decorator spelling of a property.
def test_property_built_by_a_call_in_the_class_body():
    assert codes_at("""\
        import pymongo


        class Store(object):
            def _get_alpha(self):
                return pymongo.MongoClient(self.uri).app
            alpha = property(_get_alpha)
            beta = property(fget=_get_alpha)

            def run(self, doc):
                self.alpha.things.insert(doc)
                self.beta.things.save(doc)
        """) == [(11, "LM401"), (12, "LM402")]


def test_trap_property_calls_of_other_getters():
    # a getter returning a string; a property of a lambda; a call of another name
    assert codes_at("""\
        import pymongo


        class Store(object):
            def _get_name(self):
                return 'things'
            name = property(_get_name)
            other = property(lambda self: self._x)
            gamma = staticmethod(_get_name)

            def run(self, doc):
                self.name.things.insert(doc)
                self.other.things.insert(doc)
                self.gamma.things.insert(doc)
                pymongo.MongoClient().app.things.insert_one(doc)
        """) == []


# Django: ``MONGO_DB = Connection()[name]`` in the settings module, read by the
# views as ``django.conf.settings.MONGO_DB``.
def test_pymongo_objects_of_a_django_settings_module(tmp_path):
    assert lint_tree(tmp_path, {
        "site/__init__.py": "",
        "site/settings.py": """\
            import pymongo

            DEBUG = True
            MONGO_DB = pymongo.MongoClient('localhost')['shop']
            """,
        "site/shop/__init__.py": "",
        # no prefilter token here
        "site/shop/views.py": """\
            from django.conf import settings


            def add(request):
                settings.MONGO_DB.orders.insert(dict(request.POST.items()))
                return settings.MONGO_DB.orders.find().count()
            """}) == [("site/shop/views.py", 5, "LM401"), ("site/shop/views.py", 6, "LM501")]


def test_trap_names_of_modules_that_are_not_settings_or_not_upper_case(tmp_path):
    # a module not named settings; a lower-case name of the settings module
    # (Django does not serve it)
    assert lint_tree(tmp_path, {
        "site/__init__.py": "",
        "site/config.py": "import pymongo\nDATA = pymongo.MongoClient()['shop']\n",
        "site/settings.py": "import pymongo\nstore = pymongo.MongoClient()['shop']\n",
        "site/views.py": """\
            from django.conf import settings


            def add(request):
                settings.DATA.orders.insert(dict(request.POST.items()))
                settings.store.orders.insert(dict(request.POST.items()))
            """}) == []


# ``User.store = db.users`` in a start-up script: the model class's methods (in the
# models module, which imports nothing of PyMongo's) read it on self.
_MODELS = {
    "app/__init__.py": "",
    "app/models.py": """\
        class User(object):
            store = None

            def __init__(self, **fields):
                self.fields = fields

            def save(self):
                self.store.save(self.fields)
        """,
}


def test_class_attribute_stored_by_another_module(tmp_path):
    assert lint_tree(tmp_path, dict(_MODELS, **{"manage.py": """\
        import pymongo
        from app.models import User


        def init(uri):
            User.store = pymongo.MongoClient(uri).app.users
        """})) == [("app/models.py", 8, "LM402")]


def test_trap_class_attribute_stored_with_other_objects(tmp_path):
    # a dict-backed store (here alone, there beside a Collection: they disagree);
    # a store on an object of another library
    assert lint_tree(tmp_path, dict(_MODELS, **{"manage.py": """\
        import logging
        import pymongo
        from app.models import User


        def init(uri):
            User.store = {}
            logging.root.store = pymongo.MongoClient(uri).app.users
        """, "tests/conftest.py": """\
        import pymongo
        from app.models import User


        def setup(uri, memory):
            User.store = pymongo.MongoClient(uri).app.users
            if memory:
                User.store = []
        """})) == []


# werkzeug's LocalProxy(get_db) / Django's SimpleLazyObject act as what calling
# their argument returns; contextlib.closing(client) is the client.
def test_proxies_of_a_callable_and_closing():
    assert codes_at("""\
        from contextlib import closing
        from flask import g
        from werkzeug.local import LocalProxy
        import pymongo


        def get_db():
            if not hasattr(g, '_database'):
                g._database = pymongo.MongoClient()['web']
            return g._database


        store = LocalProxy(get_db)
        alt = LocalProxy(lambda: get_db())


        def run(doc):
            store.users.insert(doc)
            alt.users.save(doc)
            with closing(pymongo.MongoClient()) as c:
                c.app.things.remove(doc)
        """) == [(18, "LM401"), (19, "LM402"), (21, "LM404")]


def test_trap_proxies_of_other_callables():
    # a proxy of a function returning a list, of a lambda taking an argument; a
    # closing() of a file
    assert codes_at("""\
        from contextlib import closing
        from werkzeug.local import LocalProxy
        import pymongo

        client = pymongo.MongoClient()
        items = LocalProxy(lambda: [])
        pick = LocalProxy(lambda db: db)


        def run(doc):
            items.users.insert(doc)
            pick.users.save(doc)
            with closing(open('x')) as f:
                f.things.remove(doc)
        """) == []


# A class whose instances hold a dict of Collections (``self.collections =
# dict((n, db[n]) for n in NAMES)``), used by a subclass and an importer elsewhere.
_BACKEND = """\
    import pymongo


    class Backend(object):
        NAMES = ('users', 'posts')

        def __init__(self, uri):
            db = pymongo.MongoClient(uri).app
            self.collections = dict((n, db[n]) for n in self.NAMES)
            self.labels = dict((n, n.title()) for n in self.NAMES)
    """


def test_container_attribute_of_a_class_for_subclasses_and_importers(tmp_path):
    assert lint_tree(tmp_path, {
        "lib/__init__.py": "",
        "lib/base.py": _BACKEND,
        "lib/use.py": """\
            from lib.base import Backend


            class Users(Backend):
                def add(self, doc):
                    self.collections['users'].insert(doc)


            def run(doc):
                Backend('x').collections['posts'].save(doc)
            """}) == [("lib/use.py", 6, "LM401"), ("lib/use.py", 10, "LM402")]


def test_trap_container_attributes_of_other_items(tmp_path):
    assert lint_tree(tmp_path, {
        "lib/__init__.py": "",
        "lib/base.py": _BACKEND,
        "lib/use.py": """\
            from lib.base import Backend


            class Users(Backend):
                def add(self, doc):
                    self.labels['users'].count('s')
                    self.labels['users'].insert(doc)
            """}) == []


# A factory function returning an instance of a project class with PyMongo members
# (``get_backend()``), called by importers.
def test_factory_returning_an_instance_of_a_project_class(tmp_path):
    assert lint_tree(tmp_path, {
        "lib/__init__.py": "",
        "lib/base.py": _dedent(_BACKEND) + _dedent("""\


            def get_backend():
                return Backend('mongodb://x')


            class Plain(object):
                def __init__(self):
                    self.collections = {}


            def get_plain():
                return Plain()
            """),
        "lib/use.py": """\
            from lib.base import get_backend, get_plain


            def run(doc):
                get_backend().collections['posts'].remove(doc)
                get_plain().collections['posts'].remove(doc)
            """}) == [("lib/use.py", 5, "LM404")]
