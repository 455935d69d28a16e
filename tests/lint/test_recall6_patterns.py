"""Recall round 6 (batch 10's misses, issue 12), each as a mechanism: a positive
case and a look-alike (trap); the cross-module ones linted as a tree with and
without the prefilter (the same findings either way)."""
from tests.lint.helpers import lint, lint_tree


# metriqued: the Tornado handlers get their config object through
# ``initialize(self, mongodb_config)``, fed by a dict that another module builds
# into the handler tuples of its ``Application``; the config class's properties
# give Collections (``c_user_profile_admin``), and the handlers read them as
# ``self.mongodb_config.c_user_profile_admin``.  Nothing types the parameter; the
# property's name is the package's own vocabulary.
_CONFIG = """\
    import pymongo


    class MongoConfig(object):
        def __init__(self, uri):
            self.uri = uri

        @property
        def db(self):
            return pymongo.MongoClient(self.uri)['app']

        @property
        def user_profiles(self):
            return self.db['user_profile']

        @property
        def settings_file(self):
            return self.uri + '.json'
    """

_SERVER = """\
    from tornado.web import Application

    from app import handlers
    from app.config import MongoConfig


    def make_app(uri):
        init = dict(mongodb_config=MongoConfig(uri))
        routes = [(r'/users', handlers.UserHdlr), (r'/stats', handlers.StatsHdlr)]
        return Application([(r[0], r[1], init) for r in routes])
    """

_HANDLERS = """\
    import json

    from tornado.web import RequestHandler


    class BaseHdlr(RequestHandler):
        def initialize(self, mongodb_config):
            self.mongodb_config = mongodb_config

        def profiles(self):
            return self.mongodb_config.user_profiles


    class UserHdlr(BaseHdlr):
        def post(self):
            self.mongodb_config.user_profiles.insert({'name': self.get_argument('n')})

        def delete(self, _id):
            self.profiles().remove(json.loads(self.request.body))


    class StatsHdlr(BaseHdlr):
        def get(self):
            self.write(str(self.mongodb_config.db.user_profile.count()))
            self.write(open(self.mongodb_config.settings_file).read())
    """


def test_properties_of_a_package_class_type_unknown_receivers_in_its_modules(tmp_path):
    assert lint_tree(tmp_path, {
        "app/__init__.py": "",
        "app/config.py": _CONFIG,
        "app/server.py": _SERVER,
        "app/handlers.py": _HANDLERS,
        # the same through a method of a base class of another module
        "app/more.py": """\
            from app.handlers import BaseHdlr


            class BulkHdlr(BaseHdlr):
                def put(self):
                    self.profiles().insert({'bulk': True})
            """,
    }) == [("app/handlers.py", 16, "LM401"), ("app/handlers.py", 19, "LM404"),
           ("app/handlers.py", 24, "LM406"), ("app/more.py", 6, "LM401")]


def test_trap_a_property_name_another_class_of_the_package_gives_otherwise(tmp_path):
    # a second class of the package whose ``user_profiles`` property is a list:
    # the name says nothing (``db`` still does).  (A module without MongoDB
    # evidence says nothing either way: the prefilter may skip it.)
    assert lint_tree(tmp_path, {
        "app/__init__.py": "",
        "app/config.py": _CONFIG,
        "app/server.py": _SERVER,
        "app/handlers.py": _HANDLERS,
        "app/cache.py": """\
            import pymongo


            class Cached(object):
                @property
                def user_profiles(self):
                    return ['admin']
            """,
    }) == [("app/handlers.py", 24, "LM406")]


def test_trap_readers_that_store_the_name_or_lack_evidence_or_the_package(tmp_path):
    # the reading module's own stores of the name (kombu's SQS tests: ``q.messages
    # = [...]`` beside the Mongo transport's ``messages`` Collection property); a
    # module of the package with no MongoDB evidence of any kind; a module of
    # another package
    assert lint_tree(tmp_path, {
        "app/__init__.py": "",
        "app/config.py": _CONFIG,
        "app/queues.py": """\
            from bson import ObjectId


            def drain(queues, name):
                for q in queues:
                    q.user_profiles = list(q.names)
                    q.user_profiles.remove(name)
            """,
        "app/plain.py": """\
            def drop_name(holder, name):
                holder.user_profiles.remove(name)
            """,
        "other/__init__.py": "",
        "other/views.py": """\
            from bson import ObjectId


            def drop(holder, _id):
                holder.user_profiles.remove(_id)
            """,
    }) == []


def codes_at(source):
    """Sorted (line, code) of every finding in *source* (no prelude)."""
    return sorted((f.line, f.code) for f in lint(source, prelude=False))


# pyramid_mongokit: a project subclass of a client class whose own __init__ takes
# its own positionals (and hands only **kwargs on): 2.8's positional slots are
# not its arguments, but what it forwards through **kwargs still reaches the client.
def test_construction_of_a_client_subclass_with_its_own_init_signature():
    assert codes_at("""\
        import pymongo


        class Prefixed(pymongo.MongoClient):
            def __init__(self, db_name, prefix, uri, safe=True, **kwargs):
                self.db_name = prefix + db_name
                super(Prefixed, self).__init__(uri, **kwargs)


        class Plain(pymongo.MongoClient):
            pass


        class Passing(pymongo.MongoClient):
            def __init__(self, *args, **kwargs):
                super(Passing, self).__init__(*args, **kwargs)


        def connect(uri, params):
            Prefixed('app', 'test_', uri, safe=False, max_pool_size=5, **params)
            Plain('h', 27017, 10)
            Passing('h', 27017, 10)
        """) == [(20, "LM105"), (21, "LM105"), (22, "LM105")]


def test_trap_own_init_positionals_and_its_own_keywords():
    # positionals the subclass's __init__ names (three of them: 2.8's third slot
    # was max_pool_size), its own safe= keyword; an __init__ without **kwargs
    # passes on nothing the call site writes
    assert codes_at("""\
        import pymongo


        class Prefixed(pymongo.MongoClient):
            def __init__(self, db_name, prefix, uri, safe=True, **kwargs):
                self.db_name = prefix + db_name
                super(Prefixed, self).__init__(uri, **kwargs)


        class Fixed(pymongo.MongoClient):
            def __init__(self, name, port, pool):
                super(Fixed, self).__init__(name, port)


        def connect(uri):
            Prefixed('app', 'test_', uri, safe=False)
            Fixed('h', 27017, 10)
        """) == []


# pyramid_mongokit: a mixin (no PyMongo base) whose methods call the client's own
# methods on self; every local class deriving from it (through another mixin
# too) is a client subclass.
_MIXINS = """\
    import pymongo


    class NamesMixin(object):
        def __init__(self, prefix, *args, **kwargs):
            self.prefix = prefix

        def prefixed_names(self):
            return (n for n in self.database_names() if n.startswith(self.prefix))

        def first(self):
            return self.first_name()


    class SingleMixin(NamesMixin):
        def only(self):
            return self.database_names()[0]


    class Connection(pymongo.MongoClient, NamesMixin):
        def first_name(self):
            return 'a'


    class SingleConnection(pymongo.MongoReplicaSetClient, SingleMixin):
        def first_name(self):
            return 'b'
    """


def test_self_in_a_mixin_of_client_subclasses_is_the_client():
    assert codes_at(_MIXINS) == [(9, "LM602"), (17, "LM602"), (25, "LM103")]


def test_trap_mixin_also_mixed_into_a_class_that_is_no_client():
    # one leaf deriving from the mixin is a plain class: self may be that
    assert codes_at(_MIXINS + """\


    class Listing(SingleMixin):
        pass
    """) == [(25, "LM103")]


def test_trap_mixin_name_a_deriving_class_defines():
    # a client subclass's own database_names: the mixin calls that one
    assert codes_at(_MIXINS.replace("""\
        def first_name(self):
            return 'b'""", """\
        def database_names(self):
            return ['b']""")) == [(25, "LM103")]


# mongoengine: 2.x read preferences were ints, and code compared a PyMongo object's
# read_preference with one (``if collection.read_preference > 1:``), always False
# on 3.x, whose modes are objects.
def test_read_preference_attribute_compared_with_an_int():
    assert codes_at("""\
        import pymongo


        def secondary(client, name):
            coll = pymongo.MongoClient()[name].things
            if coll.read_preference > 1:
                return True
            return 2 == coll.database.read_preference
        """) == [(6, "LM110"), (8, "LM110")]


def test_trap_read_preference_compared_with_a_mode_or_not_pymongo():
    # a mode object (the 3.x spelling), a plain read, and a settings object of
    # the project's own whose read_preference is an int
    assert codes_at("""\
        import pymongo
        from pymongo import ReadPreference


        class Settings(object):
            read_preference = 0


        def secondary(name):
            coll = pymongo.MongoClient()[name].things
            mode = coll.read_preference
            if Settings().read_preference > 1:
                return mode
            return coll.read_preference == ReadPreference.SECONDARY
        """) == []


# mongo-orchestration: a retry loop around the constructor under ``except
# PyMongoError`` (the base class of ConnectionFailure), whose only use of the
# client is in a nested try that swallows its errors: on 4.x nothing there raises
# a connection error, so the loop never retries.
_RETRY = """\
    import time
    import pymongo


    def connect(uri, user, password):
        while True:
            try:
                c = pymongo.MongoClient(uri, socketTimeoutMS=20000)
                try:
                    c.admin.authenticate(user, password)
                except:
                    pass
                return c
            except pymongo.errors.PyMongoError:
                time.sleep(10)
    """


def test_constructor_in_a_retry_loop_under_pymongo_error():
    assert codes_at(_RETRY) == [(8, "LM130"), (10, "LM608")]


def test_trap_pymongo_error_without_a_retry_or_with_the_client_used():
    # no loop (log4mongo: ``except PyMongoError: if fail_silently: return`` -- a
    # bad option's ConfigurationError is a PyMongoError too); the nested try
    # re-raises, or does not swallow what the client raises, so the client's
    # use can still reach the retry
    once = _RETRY.replace("    while True:\n", "    if True:\n")
    reraised = _RETRY.replace("                    pass\n", "                    raise\n")
    narrow = _RETRY.replace("                except:\n",
                            "                except pymongo.errors.OperationFailure:\n")
    assert codes_at(once) == [(10, "LM608")]
    assert codes_at(reraised) == [(10, "LM608")]
    assert codes_at(narrow) == [(10, "LM608")]
    # ... while one catching PyMongoError swallows them all
    broad = _RETRY.replace("                except:\n",
                           "                except pymongo.errors.PyMongoError:\n")
    assert codes_at(broad) == [(8, "LM130"), (10, "LM608")]


# Tornado: a handler's initialize(self, **kwargs) takes the dict of the handler
# spec naming it, ``(pattern, Handler, dict(db=db))`` or ``url(pattern, Handler,
# {...})`` in the list handed to the Application (its __init__ in a subclass, or
# add_handlers); the handlers inherit initialize from a base handler.
_TORNADO_HANDLERS = """\
    import json

    import tornado.web


    class BaseHandler(tornado.web.RequestHandler):
        def initialize(self, store, name='x'):
            self.store = store
            self.name = name


    class AccountHandler(BaseHandler):
        def post(self):
            self.store.accounts.insert(json.loads(self.request.body))


    class NameHandler(BaseHandler):
        def get(self):
            self.write(self.name.upper().replace('A', 'B'))
    """


def test_tornado_handler_initialize_takes_the_handler_spec_dicts(tmp_path):
    assert lint_tree(tmp_path, {
        "web/__init__.py": "",
        "web/handlers.py": _TORNADO_HANDLERS,
        "web/app.py": """\
            import pymongo
            import tornado.web

            from web import handlers


            def make_app(uri):
                store = pymongo.MongoClient(uri).app
                routes = [(r'/a', handlers.AccountHandler, dict(store=store))]
                return tornado.web.Application(routes + [
                    tornado.web.url(r'/n', handlers.NameHandler, {'store': store})])
            """,
        "local.py": """\
            import json

            import pymongo
            import tornado.web


            class EventHandler(tornado.web.RequestHandler):
                def initialize(self, events):
                    self.events = events

                def post(self):
                    self.events.insert(json.loads(self.request.body))


            class App(tornado.web.Application):
                def __init__(self):
                    events = pymongo.MongoClient().app.events
                    super(App, self).__init__([(r'/e', EventHandler, dict(events=events))])
            """,
    }) == [("local.py", 12, "LM401"), ("web/handlers.py", 14, "LM401")]


def test_trap_handler_specs_that_give_nothing_pymongo(tmp_path):
    # another keyword than the parameter, a plain value, a spec list handed to
    # something that is not Tornado's Application
    assert lint_tree(tmp_path, {
        "web/__init__.py": "",
        "web/handlers.py": _TORNADO_HANDLERS,
        "web/app.py": """\
            import pymongo
            import tornado.web

            from web import handlers
            from web.routing import Application


            def make_app(uri):
                store = pymongo.MongoClient(uri).app
                tornado.web.Application([(r'/a', handlers.AccountHandler, dict(db=store)),
                                         (r'/n', handlers.NameHandler, dict(store={}))])
                return Application([(r'/a', handlers.AccountHandler, dict(store=store))])
            """,
        "web/routing.py": """\
            class Application(object):
                def __init__(self, routes):
                    self.routes = routes
            """,
    }) == []


# Pyramid: config.add_request_method(get_db, 'db', reify=True) (or
# set_request_property) makes request.db what get_db returns, for the views of
# the package (the package's property vocabulary, as above).
_PYRAMID_INIT = """\
    import pymongo
    from pyramid.config import Configurator


    def get_store(request):
        return request.registry.store_conn[request.registry.settings['db']]


    def get_user(request):
        return request.registry.settings.get('user')


    def main(global_config, **settings):
        config = Configurator(settings=settings)
        config.registry.store_conn = pymongo.MongoClient(settings['uri'])
        config.add_request_method(get_store, 'store', reify=True)
        config.set_request_property(get_user, 'user', reify=True)
        config.add_request_method(get_store, 'get_store')
        config.scan('.views')
        return config.make_wsgi_app()
    """


def test_pyramid_request_properties_the_configuration_adds(tmp_path):
    assert lint_tree(tmp_path, {
        "pyr/__init__.py": _PYRAMID_INIT,
        "pyr/views.py": """\
            # views over the mongo store
            from pyramid.view import view_config


            @view_config(route_name='add')
            def add(request):
                request.store.accounts.insert(request.json_body)
                return {'n': request.store.accounts.find().count()}
            """,
    }) == [("pyr/views.py", 7, "LM401"), ("pyr/views.py", 8, "LM501")]


def test_trap_request_methods_and_properties_that_are_not_pymongo(tmp_path):
    # a request method (request.get_store() -- not the attribute), a property of
    # another value, a module without evidence
    assert lint_tree(tmp_path, {
        "pyr/__init__.py": _PYRAMID_INIT,
        "pyr/views.py": """\
            # views over the mongo store
            def add(request):
                request.get_store.accounts.insert(request.json_body)
                request.user.roles.remove(request.json_body)
            """,
        "pyr/plain.py": """\
            def add(request):
                request.store.accounts.remove(request.json_body)
            """,
    }) == []


# Framework objects decorated in one module and read in another: a Pyramid
# NewRequest subscriber's ``event.request.store = ...`` (request.store in the
# views), a Tornado Application subclass's ``self.store = ...``
# (self.application.store in the handlers).
_DECORATING = {
    "p/__init__.py": """\
        import pymongo
        from pyramid.events import NewRequest


        def add_store(event):
            registry = event.request.registry
            event.request.store = registry.conn[registry.settings['db']]


        def main(config, settings):
            config.registry.conn = pymongo.MongoClient(settings['uri'])
            config.add_subscriber(add_store, NewRequest)
        """,
    "p/views.py": """\
        # views of the mongo store
        def add(request):
            request.store.accounts.insert(request.json_body)
        """,
    "t/__init__.py": "",
    "t/app.py": """\
        import pymongo
        import tornado.web

        from t.handlers import AHandler


        class App(tornado.web.Application):
            def __init__(self):
                tornado.web.Application.__init__(self, [(r'/', AHandler)])
                self.store = pymongo.MongoClient().app
        """,
    "t/handlers.py": """\
        import json
        import tornado.web


        class AHandler(tornado.web.RequestHandler):
            def post(self):
                self.application.store.accounts.insert(json.loads(self.request.body))
        """,
}


def test_framework_objects_decorated_in_another_module(tmp_path):
    assert lint_tree(tmp_path, _DECORATING) == [("p/views.py", 3, "LM401"),
                                                 ("t/handlers.py", 7, "LM401")]


def test_trap_decorations_of_other_objects_or_values(tmp_path):
    # a second subscriber storing a dict under the name (a conflict); a store on
    # an object that is no request (mimimongo's dbref.database is a name, while a
    # module of its package stores Databases in other objects' .database); a
    # class that is no Tornado Application storing on self
    files = dict(_DECORATING)
    files["p/more.py"] = """\
        import pymongo


        def add_cache(event):
            event.request.store = {}


        def link(ref, client):
            ref.target = client.app
        """
    files["p/refs.py"] = """\
        # mongo references
        def same(ref, name):
            return ref.target.collection_names()
        """
    files["t/app.py"] = files["t/app.py"].replace(
        "class App(tornado.web.Application):", "class App(object):")
    assert lint_tree(tmp_path, files) == []


# A framework's settings mapping filled in one module and read in another: a
# Tornado Application's keywords (self.settings['store'] in the handlers, or
# self.application.settings[...]), Pyramid's registry.settings['backend'] = client
# (request.registry.settings['backend'] in the views).
_SETTINGS = {
    "w/__init__.py": "",
    "w/app.py": """\
        import pymongo
        import tornado.web

        from w import handlers


        def make_app(uri):
            store = pymongo.MongoClient(uri).app
            return tornado.web.Application([(r'/', handlers.MainHandler)],
                                           store=store, debug=True)
        """,
    "w/handlers.py": """\
        import json
        import tornado.web


        class MainHandler(tornado.web.RequestHandler):
            def post(self):
                self.settings['store'].accounts.insert(json.loads(self.request.body))
                self.application.settings['store'].accounts.remove({})
                self.settings['debug'].remove(3)
        """,
    "p/__init__.py": """\
        import pymongo


        def main(config, settings):
            config.registry.settings['backend'] = pymongo.MongoClient(settings['uri'])
        """,
    "p/views.py": """\
        # the mongo views
        def add(request):
            request.registry.settings['backend'].app.accounts.insert(request.json_body)
        """,
}


def test_framework_settings_filled_in_another_module(tmp_path):
    assert lint_tree(tmp_path, _SETTINGS) == [
        ("p/views.py", 3, "LM401"), ("w/handlers.py", 7, "LM401"),
        ("w/handlers.py", 8, "LM404")]


def test_trap_settings_keys_given_otherwise_or_elsewhere(tmp_path):
    # the key given a string as well (a conflict); a settings key no module fills;
    # the same reads in another package
    files = dict(_SETTINGS)
    files["p/more.py"] = """\
        import pymongo


        def configure(config):
            config.registry.settings['backend'] = 'mongodb://localhost'
        """
    files["w/handlers.py"] = files["w/handlers.py"].replace("'store'", "'other'")
    files["q/__init__.py"] = ""
    files["q/views.py"] = files["p/views.py"]
    assert lint_tree(tmp_path, files) == []


# Flask: the application module stores the Database on its Flask object
# (``app.store = ...``), the views read it through ``current_app.store``.
_FLASK = {
    "f/__init__.py": "",
    "f/app.py": """\
        import pymongo
        from flask import Flask

        app = Flask(__name__)


        @app.before_first_request
        def connect():
            app.store = pymongo.MongoClient(app.config['URI']).app
        """,
    "f/views.py": """\
        # views of the mongo store
        from flask import current_app, request


        def add():
            current_app.store.accounts.insert(request.json)
        """,
}


def test_flask_application_attributes_read_through_current_app(tmp_path):
    assert lint_tree(tmp_path, _FLASK) == [("f/views.py", 6, "LM401")]


def test_trap_attributes_of_an_object_that_is_no_flask_application(tmp_path):
    files = dict(_FLASK)
    files["f/app.py"] = files["f/app.py"].replace("app = Flask(__name__)",
                                                  "app = dict(name=__name__)")
    assert lint_tree(tmp_path, files) == []
