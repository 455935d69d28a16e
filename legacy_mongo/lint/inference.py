"""Which names, attributes and calls hold PyMongo objects -- without a type checker.

One :class:`ModuleAnalysis` per file.  Its single traversal of the ``ast``
tree records, for every scope (module, function, class), what each name is
bound to (assignments, imports, ``for`` targets, ``with ... as``, function
and class definitions), what each function returns, what ``self.<attr>`` is
assigned in any method of a class, and the call sites of local functions.  It
also queues the nodes the rules look at (calls, attribute reads and stores,
imports, string literals), each with its scope, so the rules run after the
one walk over complete binding tables.

Values are resolved lazily and memoised (:meth:`ModuleAnalysis.value`) into
:class:`Val` s: a kind (``client``, ``database``, ``collection``, ``cursor``,
``gridfs``, ``bulk``, a dotted ``qual`` name such as ``pymongo.Connection``,
a local ``function``/``class``/``instance``...) and a confidence:

``CERTAIN``  the value provably comes from PyMongo (constructor, annotation,
             or a chain of attribute/subscript/method steps from one);
``LIKELY``   it comes from PyMongo along a guessed edge (a parameter typed by
             the arguments of its call sites in the module, ``getattr`` with
             a computed name);
``HINT``     only its name suggests it (``db``, ``coll``, ``*_collection``):
             the rules need a call shape as well before they report.

A few edges are guessed from use rather than bound: the parameters of a
class's ``__init__`` take the arguments of its construction sites; an
attribute every store in the module (``x.db = ...``, ``setattr(x, 'db', ...)``,
``x.addattr('db', ...)`` where that method calls ``setattr(self, name, value)``)
sets to one PyMongo kind (or to instances of one class of another module with
PyMongo attributes) has that kind where nothing else is known; and a call
``x.find(cls_or_collection, ...)`` on an unknown receiver is a wrapper
library's method (PyMongo's never take a collection or a class first), whose
result is that library's object, not PyMongo's.  And a receiver nothing binds
to anything known (a constructor parameter's subscript, a module global the
importer sets, an attribute a metaclass sets) is a Collection, LIKELY, at all
its uses once one call on it carries arguments only MongoDB code writes
(``safe=``, ``multi=``, ``as_class=``, ``$``-operators, an ``_id`` query), or is
``find_and_modify``/``ensure_index`` on a name that says collection
(:meth:`ModuleAnalysis.use_kinds`); subscripted there, its base is a Database.

Project plumbing is followed where it visibly leads to PyMongo (each at most
LIKELY): a class whose ``__getattr__`` returns ``getattr(X, name)`` (possibly
wrapped in a local proxy class) acts as ``X`` for the names it does not define,
and its ``__getitem__`` results are what it returns; in a metaclass, ``cls`` is
the class declaring it; ``@classproperty`` runs on class access; ``x.<name>``
on an unknown ``x`` takes what every property of that name in the module
returns (failing that, in the classes of the module's package: the method
index's property entries, :data:`PROPERTY_MARK`); attributes of imported objects (``flask.g.db``) take what the module
stores in them; items of containers (``self.colls[name]``, ``.values()``,
``.items()`` pairs) are PyMongo's when every item put in them is; a name read
in the body of ``if isinstance(name, C):`` is a C; generators
and ``@contextmanager`` functions give what they yield; ``a, b = f()`` the
same element of every tuple ``f`` returns; ``isinstance(p, Collection)``
types a parameter; a Tornado handler's ``initialize(self, db)`` takes the
dicts of the handler specs (``(pattern, Handler, dict(db=db))``) of the
Applications naming it or a class deriving from it (another module's: ``#p:``
entries of ``<Handler>.initialize``).

Cross-module: :meth:`ModuleAnalysis.exports` summarises the module-level
names (and functions' return values) that hold PyMongo objects, the local
subclasses of PyMongo classes (kind ``subclass``: an importer's
``Connection(host, safe=True)`` takes PyMongo's constructor options), the
PyMongo attributes of classes (an importer's instance ``Base()`` has them:
kind ``pinstance``) and what their methods return (kind ``returns``), the
entries of names a package's ``__init__`` re-exports (``from .x import Foo``,
given the project), the PyMongo client classes a module imports (kind
``qual``: an importer's ``connection.MongoReplicaSetClient`` is PyMongo's),
proxy classes (``<class>.__getattr__``: which constructor
argument they forward to), module-level instances of forwarding wrappers (as
the PyMongo object they forward to), and the
method index (``#m:<package>:<method>``: what the methods of that name in the
package's classes return, with their signatures; also asked for methods a local
class inherits from a project class of another module); the engine passes the
summaries of a project's modules to the analyses of the modules that import
them (``project``), and to modules that ask the method index about a name
another module defines (:meth:`ModuleAnalysis.wrapper_result`).  A module also
says which PyMongo objects (at least LIKELY) it passes to functions, classes and
methods of other modules (``#p:`` entries, :data:`PARAM_KEY`) and which of its
own functions take a parameter they use as a receiver (``#d:``); the engine
gives each ``#p:`` entry to the module defining the name, where the parameter
takes that kind, LIKELY (:meth:`ModuleAnalysis.passed_kind`).
"""
import ast
import itertools
import json
import sys
from typing import Dict, List, NamedTuple, Optional

CERTAIN, LIKELY, HINT = 2, 1, 0

# Top-level modules whose import is evidence that the module talks to MongoDB
# through PyMongo (mongomock and Flask-PyMongo expose PyMongo's own API).
EVIDENCE_ROOTS = frozenset(("pymongo", "bson", "gridfs", "mongomock", "flask_pymongo",
                            "mongokit"))
# Libraries whose objects share legacy method names but are not PyMongo.
OTHER_ORMS = frozenset(("mongoengine", "django", "sqlalchemy", "motor", "txmongo", "mongokit",
                        "peewee", "pandas"))


class Val(NamedTuple):
    kind: str
    name: Optional[str] = None
    conf: int = CERTAIN
    ref: object = None  # a Scope for local functions, classes and instances

    def weaker(self, conf):
        return self if self.conf <= conf else self._replace(conf=conf)


# Constructors (qualified names as imported) -> the kind of object they build.
CONSTRUCTORS = {}
for _kind, _names in {
    "client": (
        "pymongo.MongoClient", "pymongo.mongo_client.MongoClient",
        "pymongo.Connection", "pymongo.connection.Connection",
        "pymongo.ReplicaSetConnection", "pymongo.replica_set_connection.ReplicaSetConnection",
        "pymongo.MongoReplicaSetClient",
        "pymongo.mongo_replica_set_client.MongoReplicaSetClient",
        "pymongo.master_slave_connection.MasterSlaveConnection",
        "pymongo.synchronous.mongo_client.MongoClient",
        "mongomock.MongoClient", "mongomock.Connection",
        "legacy_mongo.MongoClient", "legacy_mongo.Connection",
        "legacy_mongo.ReplicaSetConnection", "legacy_mongo.MongoReplicaSetClient",
        "mongokit.Connection", "mongokit.MongoClient", "mongokit.ReplicaSetConnection",
        "mongokit.MongoReplicaSetClient",
    ),
    "database": ("pymongo.database.Database", "mongomock.Database",
                 "pymongo.synchronous.database.Database", "mongokit.Database"),
    "collection": ("pymongo.collection.Collection", "mongomock.Collection",
                   "pymongo.synchronous.collection.Collection", "mongokit.Collection"),
    "cursor": ("pymongo.cursor.Cursor", "pymongo.synchronous.cursor.Cursor"),
    "gridfs": ("gridfs.GridFS",),
    "flask_pymongo": ("flask_pymongo.PyMongo",),
    "son": ("bson.son.SON", "bson.SON", "pymongo.son.SON"),
    "bsondoc": ("bson.BSON", "bson.BSON.encode"),
}.items():
    for _name in _names:
        CONSTRUCTORS[_name] = _kind

# Names that star imports of PyMongo-based libraries bring in (mongokit
# re-exports subclasses of PyMongo's client classes).
STAR_EXPORTS = {"mongokit": ("Connection", "MongoClient", "ReplicaSetConnection",
                             "MongoReplicaSetClient")}

# Method calls whose result kind is known: receiver kind -> method -> kind.
RETURNS = {
    "client": {"get_database": "database", "get_default_database": "database",
               "__enter__": "client"},
    "database": {"get_collection": "collection", "create_collection": "collection",
                 "with_options": "database"},
    "collection": {"find": "cursor", "with_options": "collection",
                   "initialize_ordered_bulk_op": "bulk",
                   "initialize_unordered_bulk_op": "bulk"},
    "cursor": dict.fromkeys(
        ("sort", "limit", "skip", "hint", "batch_size", "where", "max_scan", "comment",
         "clone", "max_time_ms", "add_option", "remove_option", "min", "max", "collation",
         "max_await_time_ms", "allow_disk_use", "rewind"), "cursor"),
    "bulk": {"find": "bulkview"},
    "bulkview": {"upsert": "bulkview"},
    "gridfs": {"find": "gridcursor", "get": "gridout", "get_version": "gridout",
               "get_last_version": "gridout", "find_one": "gridout", "new_file": "gridin"},
    "gridcursor": {"sort": "gridcursor", "limit": "gridcursor", "skip": "gridcursor",
                   "next": "gridout"},
}
# What iterating a value yields.
ITER_KINDS = {"gridcursor": "gridout"}

# What the first argument of these PyMongo constructors is.
ARG_KINDS = {"gridfs.GridFS": "database", "gridfs.GridFSBucket": "database",
             "gridfs.grid_file.GridFSBucket": "database",
             "pymongo.collection.Collection": "database",
             "pymongo.database.Database": "client"}
_ARG_KIND_NAMES = frozenset(name.rpartition(".")[2] for name in ARG_KINDS)

# Attribute names that are methods or properties, not sub-databases or
# sub-collections (PyMongo 2.8 and 4.x, both: a legacy name must not turn
# into a collection before the rules see it).
CLIENT_ATTRS = frozenset("""
address arbiters close database_names list_database_names list_databases drop_database
get_database get_default_database server_info nodes is_primary is_mongos primary
secondaries options read_preference write_concern codec_options read_concern
start_session watch bulk_write topology_description HOST PORT disconnect alive
copy_database fsync unlock is_locked close_cursor kill_cursors set_cursor_manager
document_class tz_aware host port max_pool_size auto_start_request use_greenlets
max_bson_size max_message_size max_write_batch_size min_wire_version max_wire_version
seeds hosts refresh start_request end_request in_request get_document_class
set_document_class slave_okay safe get_lasterror_options set_lasterror_options
unset_lasterror_options tag_sets secondary_acceptable_latency_ms uuid_subtype
local_threshold_ms server_selection_timeout
""".split())
DATABASE_ATTRS = frozenset("""
name client command cursor_command create_collection drop_collection get_collection
list_collection_names list_collections validate_collection dereference with_options
aggregate watch codec_options read_preference write_concern read_concern
connection add_user remove_user authenticate logout eval system_js error last_status
previous_error reset_error_history collection_names add_son_manipulator
incoming_manipulators incoming_copying_manipulators outgoing_manipulators
outgoing_copying_manipulators current_op profiling_level set_profiling_level
profiling_info safe slave_okay tag_sets secondary_acceptable_latency_ms uuid_subtype
get_lasterror_options set_lasterror_options unset_lasterror_options
""".split())
COLLECTION_ATTRS = frozenset("""
name full_name database find find_one find_raw_batches insert_one insert_many
replace_one update_one update_many delete_one delete_many bulk_write aggregate
aggregate_raw_batches count_documents estimated_document_count distinct
create_index create_indexes drop_index drop_indexes list_indexes index_information
options rename drop find_one_and_delete find_one_and_replace find_one_and_update
with_options watch codec_options read_preference write_concern read_concern
create_search_index create_search_indexes drop_search_index list_search_indexes
update_search_index insert save update remove find_and_modify count ensure_index
reindex group map_reduce inline_map_reduce parallel_scan
initialize_ordered_bulk_op initialize_unordered_bulk_op safe slave_okay tag_sets
secondary_acceptable_latency_ms uuid_subtype get_lasterror_options
set_lasterror_options unset_lasterror_options manipulate
""".split())
MEMBER_ATTRS = {"client": CLIENT_ATTRS, "database": DATABASE_ATTRS,
                "collection": COLLECTION_ATTRS}
# Attribute that leads to another PyMongo object.
ATTR_KINDS = {
    "client": {},
    "database": {"client": "client", "connection": "client"},
    "collection": {"database": "database"},
    "cursor": {"collection": "collection"},
    "flask_pymongo": {"db": "database", "cx": "client"},
    # GridFS keeps its collections in private attributes that subclasses reach
    # by their mangled names (self._GridFS__files.remove(...)).
    "gridfs": {"_GridFS__collection": "collection", "_GridFS__files": "collection",
               "_GridFS__chunks": "collection"},
}
# What a[...] holds.
ITEM_KINDS = {"client": "database", "database": "collection", "collection": "collection",
              "flask_pymongo": None}
# Attribute access that yields a child object: client.<db>, db.<coll>, coll.<sub>.
CHILD_KINDS = {"client": "database", "database": "collection", "collection": "collection"}

DB_HINTS = frozenset(("db", "database", "mongo_db", "mongodb", "mdb", "_db"))
COLL_HINTS = frozenset(("coll", "collection", "col", "mongo_collection", "_coll",
                        "_collection"))
CLIENT_HINTS = frozenset(("client", "mongo_client", "mongoclient", "conn", "connection",
                          "mongo", "mongo_conn", "mongo_connection", "_client", "_conn",
                          "_connection"))


# Collection methods whose call shape (shapes.shape == MONGO) shows a Collection.
_SHAPED_WRITES = frozenset(("insert", "update", "remove", "save"))
# Collection methods whose MongoDB-only keywords or query documents show one.
_SHAPED_READS = frozenset(("find", "find_one", "find_and_modify", "count", "ensure_index",
                           "create_index", "distinct", "insert_one", "insert_many",
                           "update_one", "update_many", "replace_one", "delete_one",
                           "delete_many", "find_one_and_update", "find_one_and_delete",
                           "find_one_and_replace", "count_documents"))

# Collection methods no other common API has: with a receiver named like a
# collection, in a module that imports PyMongo (so that the byte prefilter,
# which looks for such tokens, keeps the file), the call alone is use evidence.
_DISTINCTIVE = frozenset(("find_and_modify", "ensure_index"))
# find(fields=...) is what ODM classes mimic (humongolus, mongokit): no proof.
_ODM_KEYWORDS = frozenset(("fields", "spec", "sort"))
# A receiver typed only by the shape of its calls (ModuleAnalysis.use_kinds).
USED_COLLECTION = Val("collection", "#used", LIKELY)
USED_DATABASE = Val("database", "#used", LIKELY)  # subscripted to reach such a Collection


def name_hint(name):
    """The kind a variable or attribute name suggests (weak evidence), or None."""
    low = name.lower()
    if low in COLL_HINTS or low.endswith(("_coll", "_collection", "_col")):
        return "collection"
    if low in DB_HINTS or low.endswith("_db"):
        return "database"
    if low in CLIENT_HINTS or low.endswith(("_client", "_conn", "_connection")):
        return "client"
    if low in ("cursor", "cur", "_cursor") or low.endswith("_cursor"):
        return "cursor"
    return None


_CONTAINERS = (ast.Dict, ast.List, ast.Tuple, ast.Set, ast.DictComp, ast.ListComp,
               ast.SetComp, ast.GeneratorExp)
_LITERALS = frozenset((ast.List, ast.Dict, ast.Set, ast.Tuple, ast.Constant, ast.JoinedStr,
                       ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp))


# Child fields per node class, without the expression contexts and operators
# (Load, Store, Add ...), which never hold anything the rules look at.
_FIELDS = {}
_AST_CLASSES = set()


def _fields(cls):
    fields = tuple(f for f in cls._fields if f not in ("ctx", "op", "type_comment"))
    _FIELDS[cls] = fields
    _AST_CLASSES.add(cls)
    return fields


for _name in dir(ast):
    _obj = getattr(ast, _name)
    if isinstance(_obj, type) and issubclass(_obj, ast.AST) and _obj._fields:
        _AST_CLASSES.add(_obj)


_EXPORTED_KINDS = frozenset(("client", "database", "collection", "cursor", "gridfs",
                             "flask_pymongo"))
# What a project method may be known to return, for the method index (below).
_RESULT_KINDS = frozenset(("client", "database", "collection", "cursor", "gridfs"))
# Tornado's Application classes, as modules import them: their handler specs give
# the handlers' initialize() its keyword arguments (ModuleAnalysis.tornado_inits).
TORNADO_APPLICATIONS = frozenset(("tornado.web.Application", "tornado.wsgi.WSGIApplication"))
# Flask's application class, and the proxy other modules read it through.
_APPLICATION_CLASSES = frozenset(("flask.Flask", "flask.app.Flask"))
_APPLICATION_PROXIES = frozenset(("flask.current_app",))
_TORNADO_APPLICATION_NAMES = frozenset(q.rpartition(".")[2] for q in TORNADO_APPLICATIONS)
# Summary keys of the method index: "#m:<top-level package>:<method name>".
METHOD_KEY = "#m:"
# The method index's entries for properties: "#m:<package>:" + PROPERTY_MARK + name
# (a method and a property of one name are different questions).
PROPERTY_MARK = "."
# Summary key prefix of the PyMongo objects a module passes to a function, class or
# method of another module: "#p:<qualified name as the caller imports it>" ->
# Val("params", "0=collection;db=database"): positional index (self not counted)
# or keyword name = kind ("!" where callers disagree).  The engine routes each
# entry to the module that defines the name (re-exports followed) under that
# module's own spelling, and the parameter takes the kind there (LIKELY).
PARAM_KEY = "#p:"
# The kind of an exported module-level container whose every item is one PyMongo
# kind (``collections[name] = db[name]`` in a loop): Val(CONTAINER_KIND, <kind>);
# an importer's ``collections['users']`` / ``.get(name)`` / ``.values()`` is that kind.
CONTAINER_KIND = "items"
# Django's settings object, as modules import it; its attributes are the
# upper-case names of the project's settings module (_django_settings).
DJANGO_SETTINGS = "django.conf.settings"
# Calls that hand back their one argument (contextlib.closing) or act as what
# calling it returns (a werkzeug LocalProxy, Django's SimpleLazyObject).
_PASSTHROUGH_CALLS = {
    "contextlib.closing": "value",
    "werkzeug.local.LocalProxy": "result", "werkzeug.LocalProxy": "result",
    "django.utils.functional.SimpleLazyObject": "result",
}
# The name of a "returns" summary entry of a function that returns an instance of
# a project class: "pinstance:" + the class's qualified name.
PINSTANCE_RESULT = "pinstance:"
# How a star import appears among a module's bound imports ("app.conn.*").
STAR_SUFFIX = ".*"
# Item and attribute hooks whose results a class exports for importers' instances.
_ITEM_METHODS = frozenset(("__getitem__", "__getattr__"))
# A slot of a class's #p: entry naming what its subclasses in other modules give
# ``self.<attr>`` ("@collection") or ``self.<method>()`` ("@get_collection()").
SELF_SLOT = "@"
# "#d:<module>" -> Val("defs", "f;Cls;Cls.method"): the module's functions and the
# methods of its classes that take a parameter (a class: its __init__ does), so
# the engine finds which module defines a name a caller passes PyMongo objects to.
DEFS_KEY = "#d:"
# Methods whose PyMongo result an instance of a local subclass inherits (RETURNS).
_INHERITED_RESULTS = frozenset(name for returns in RETURNS.values() for name in returns)
_PASSED_KINDS = frozenset(("client", "database", "collection", "cursor"))
# Summary key suffix of a proxy class: "<module>.<class>" + FORWARD_KEY -> the index
# of the constructor argument it forwards attributes to.
FORWARD_KEY = ".__getattr__"
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | frozenset((
    "os", "re", "string", "json", "logging", "collections", "itertools", "shutil"))
_WRAPPER_EVIDENCE_ROOTS = frozenset(("pymongo", "bson", "gridfs", "mongomock"))


def method_signature(fscope):
    """'lo,hi,varkw,name name ...': how a method may be called (self not counted;
    hi -1 with *args)."""
    args = fscope.node.args
    positional = [a.arg for a in list(getattr(args, "posonlyargs", [])) + list(args.args)]
    if fscope.is_method and positional:
        positional = positional[1:]
    lo = max(0, len(positional) - len(args.defaults))
    hi = -1 if args.vararg is not None else len(positional)
    names = positional + [a.arg for a in args.kwonlyargs]
    return "%d,%d,%d,%s" % (lo, hi, 1 if args.kwarg is not None else 0, " ".join(names))


def signature_fits(signature, call):
    """Could *call* call a function of *signature* (see method_signature)?"""
    if any(a.__class__ is ast.Starred for a in call.args) or any(
            k.arg is None for k in call.keywords):
        return True  # forwarding *args / **kwargs: any shape
    lo, hi, varkw, names = signature.split(",", 3)
    lo, hi, varkw, names = int(lo), int(hi), varkw == "1", names.split()
    npos = len(call.args)
    if 0 <= hi < npos:
        return False
    for keyword in call.keywords:
        if keyword.arg not in names and not varkw:
            return False
    return npos + len(call.keywords) >= lo


def _flask_ext(name):
    """Flask's old extension namespace: flask.ext.pymongo is flask_pymongo."""
    if name.startswith("flask.ext."):
        rest = name[len("flask.ext."):]
        return "flask_" + rest
    return name


def _decorator_names(fscope):
    for decorator in fscope.decorators:
        node = decorator.func if isinstance(decorator, ast.Call) else decorator
        yield node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def _is_property(fscope):
    """@property, @cached_property, @reify ... : reading the attribute calls the function."""
    for name in _decorator_names(fscope):
        if "property" in name.lower() or name in ("reify", "cached", "lazy"):
            return True
    return False


def _provided_kind(val):
    """What a subclass's value says of the base class's member: its PyMongo kind
    (at least LIKELY), "!" for a value known to be something else (a list, an
    instance of a local class: the subclasses disagree, as a Collection beside a
    list does), None when nothing is known (or only a name hint)."""
    if val is None or val.conf < LIKELY and val.kind != "builtin":
        return None
    if val.kind in _PASSED_KINDS:
        return val.kind
    if val.kind in ("builtin", "instance", "class", "pinstance", "qual") or \
            val.kind in _RESULT_KINDS:
        return "!"
    return None


def _property_call_getter(item, cls_scope):
    """The method scope of ``name = property(getter[, setter])`` (or
    ``property(fget=getter)``, a ``cached_property(getter)`` ...) in a class body,
    *item* being the binding of name there; None for any other binding."""
    if item[0] != "expr" or item[1].__class__ is not ast.Call:
        return None
    call = item[1]
    func = call.func
    name = func.attr if func.__class__ is ast.Attribute else getattr(func, "id", "")
    if "property" not in name.lower():
        return None
    getter = call.args[0] if call.args else next(
        (k.value for k in call.keywords if k.arg == "fget"), None)
    if getter is None or getter.__class__ is not ast.Name:
        return None
    for bound in cls_scope.bindings.get(getter.id, ()):
        if bound[0] == "def":
            return bound[1]
    return None


def _is_class_property(fscope):
    """@classproperty, @class_property ...: reading the attribute *of the class* calls
    the function, with the class as its first argument."""
    return any("classproperty" in name.lower().replace("_", "")
               for name in _decorator_names(fscope))


def _is_items_call(node):
    """``x.items()`` / ``x.iteritems()`` (Python 2)."""
    return node.__class__ is ast.Call and node.func.__class__ is ast.Attribute and \
        node.func.attr in ("items", "iteritems") and not node.args


def _container_items(node):
    """The item expressions of a container display or ``dict(...)`` call (None if
    *node* is neither; ``**spread`` and ``*starred`` items make it unknown)."""
    cls = node.__class__
    if cls is ast.Dict:
        return None if any(k is None for k in node.keys) else list(node.values)
    if cls is ast.DictComp:
        return [node.value]
    if cls in (ast.ListComp, ast.SetComp, ast.GeneratorExp):
        return [node.elt]
    if cls in _CONTAINERS:
        return None if any(e.__class__ is ast.Starred for e in node.elts) else list(node.elts)
    if cls is ast.Call and node.func.__class__ is ast.Name and node.func.id == "dict":
        if any(k.arg is None for k in node.keywords) or len(node.args) > 1:
            return None
        items = [k.value for k in node.keywords]
        if node.args:
            first = node.args[0]
            if first.__class__ is ast.Dict:
                items.extend(_container_items(first) or [None])
            elif first.__class__ in (ast.GeneratorExp, ast.ListComp) and \
                    first.elt.__class__ is ast.Tuple and len(first.elt.elts) == 2:
                items.append(first.elt.elts[1])  # dict((name, db[name]) for name in ...)
            else:
                return None
            if None in items:
                return None
        return items
    return None


# Collection methods that return a 3.x bulk builder (BulkOperationBuilder).
_BUILDER_FACTORIES = frozenset(("initialize_ordered_bulk_op", "initialize_unordered_bulk_op"))


class Scope:
    __slots__ = ("kind", "name", "node", "parent", "bindings", "params", "returns",
                 "attrs", "bases", "cls", "is_method", "decorators", "subscript_stores",
                 "qualname", "yields", "globals")

    def __init__(self, kind, name, node, parent):
        self.kind = kind
        self.name = name
        self.node = node
        self.parent = parent
        self.bindings = {}
        self.params = {}
        self.returns = []
        self.attrs = {}       # class scopes: self.<attr> assignments
        self.bases = []
        self.cls = None       # function scopes: the class scope of a method
        self.is_method = False
        self.decorators = ()
        self.subscript_stores = {}  # name -> [(key node, value node)]
        self.qualname = name
        self.yields = []  # function scopes: the values of its yield expressions
        self.globals = ()  # function scopes: the names a ``global`` statement declares

    def bind(self, name, item):
        if self.globals and name in self.globals:
            # ``global x; x = ...``: the store binds the module's x, which every
            # function (and the module) reads -- not a local of this function.
            scope = self
            while scope.parent is not None:
                scope = scope.parent
            if scope is not self:
                scope.bind(name, item)
                return
        items = self.bindings.get(name)
        if items is None:
            self.bindings[name] = [item]
        else:
            items.append(item)

    def __repr__(self):
        return "<Scope %s %s>" % (self.kind, self.name)


_UNDECIDED = object()


def _enclosing_store(items, node, scope):
    """The binding among *items* (of one name in *scope*) whose assigned value
    contains the read *node* (``x = f(x)``), or None."""
    for item in items:
        if item[0] == "expr" and item[2] is scope:
            value = item[1]
            start = getattr(value, "lineno", None)
            if start is None or node.lineno < start or node.end_lineno > value.end_lineno:
                continue
            if (node.lineno, node.col_offset) >= (start, value.col_offset) and \
                    (node.end_lineno, node.end_col_offset) <= \
                    (value.end_lineno, value.end_col_offset):
                return item
    return None


def _partial_of(node):
    """``partial(self._call, attribute)`` -> ``attribute``: a wrapper around the
    forwarded attribute (a retry or logging helper) that still calls it."""
    if node.__class__ is ast.Call and len(node.args) >= 2 and not node.keywords:
        func = node.func
        name = func.attr if func.__class__ is ast.Attribute else getattr(func, "id", None)
        if name == "partial":
            return node.args[-1]
    return node


_FIXTURE_DECORATORS = frozenset(("fixture", "yield_fixture"))
# Decorators that register a function as the overload for the types they name
# (multipledispatch's @dispatch(T), functools.singledispatch's @f.register(T)).
_TYPE_DISPATCH = frozenset(("dispatch", "register"))

# Calls that import the module their first argument names and return it.
_IMPORTERS = frozenset(("importorskip", "import_module"))


def _dynamic_import(call):
    """The module name of ``pytest.importorskip('pymongo')`` or
    ``importlib.import_module('pymongo.errors')`` (a literal absolute name of the
    MongoDB libraries, whose names the prefilter admits a file by), else None."""
    func = call.func
    name = func.attr if func.__class__ is ast.Attribute else (
        func.id if func.__class__ is ast.Name else None)
    if name not in _IMPORTERS or not call.args:
        return None
    arg = call.args[0]
    if arg.__class__ is ast.Constant and isinstance(arg.value, str) and arg.value and \
            not arg.value.startswith(".") and \
            all(part.isidentifier() for part in arg.value.split(".")) and \
            arg.value.split(".", 1)[0] in EVIDENCE_ROOTS:
        return arg.value
    return None


def dotted(node):
    """'a.b.c' for Name/Attribute chains, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


# Receiver chains through these attributes belong to other libraries
# (Django/MongoEngine managers, SQLAlchemy queries, pandas ...).
FOREIGN_LINKS = frozenset(("objects", "query", "session", "_default_manager", "df", "loc",
                           "iloc", "str", "__class__"))


def chain_names(node):
    """Every attribute and name in a receiver chain, innermost last."""
    names = []
    while True:
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names
        else:
            return names


# PyMongo's collection and cursor methods never take a collection or a class
# as their first argument; a method of that name that does (Ming's
# session.find_and_modify(cls, ...), odm.find(m.collection, ...)) belongs to a
# wrapper library whose results are its own objects.
_WRAPPER_FIRST_ARG_KINDS = frozenset(("collection", "class"))


def _cursor_count_shape(call):
    """``count(with_limit_and_skip=...)`` or ``count(True)``: arguments only Cursor.count
    took (2.8.1's Collection.count() took none; 3.x's took a filter document)."""
    return any(k.arg == "with_limit_and_skip" for k in call.keywords) or (
        bool(call.args) and call.args[0].__class__ is ast.Constant and
        call.args[0].value.__class__ is bool)


class ProjectView:
    """The project summary (other modules' exports) as one module's analysis
    reads it, keeping every question asked of it (:attr:`questions`).

    The analysis reads the project only through these questions, so a second
    look given other values that answer every question of the earlier look the
    same way would repeat that look exactly: the engine skips it
    (:func:`same_answers`).  Always true, even when empty: an empty summary
    answers every question "no", as an absent one did, and the questions are
    then asked (and kept) on the first look too.
    """

    __slots__ = ("summary", "keys", "modules", "classes", "below_asked", "_derived")

    def __init__(self, summary):
        self.summary = summary
        self.keys = set()         # exact keys looked up
        self.modules = set()      # names asked "is this a project module?"
        self.classes = set()      # names asked "is this a project class?"
        self.below_asked = set()  # names whose entries below were copied
        self._derived = {}

    def __bool__(self):
        return True

    def get(self, key, default=None):
        self.keys.add(key)
        return self.summary.get(key, default)

    def __contains__(self, key):
        self.keys.add(key)
        return key in self.summary

    def __getitem__(self, key):
        self.keys.add(key)
        return self.summary[key]

    def is_module(self, name):
        """Does the summary hold names of module *name* (or below)?"""
        self.modules.add(name)
        return name in _derived(self, "modules")

    def is_class(self, name):
        """Is *name* a class of the summary (one of its keys holds a PyMongo
        attribute or method of *name*)?"""
        self.classes.add(name)
        return name in _derived(self, "classes")

    def below(self, name):
        """The keys directly below *name* (its attributes and methods)."""
        self.below_asked.add(name)
        return _derived(self, "below").get(name, ())

    def method_kind(self, key):
        """The method index value at *key* when it names a kind, else None (an
        absent entry and a conflict alike): one question (:data:`KIND_QUESTION`)."""
        self.keys.add(KIND_QUESTION + key)
        val = self.summary.get(key)
        return val if val is not None and val[1].partition("|")[0] else None

    def method_entries(self, name, roots, local):
        """The method index entries of *name* in the packages *roots* (the values,
        None for an absent one), for :meth:`ModuleAnalysis.method_index`.  Kept as
        one question (in :attr:`keys`, :data:`METHOD_QUESTION`) whose answer is
        what wrapper_result makes of them beside the module's own *local* entry:
        an absent entry and a conflict then answer alike where either leaves no
        PyMongo kind (most second looks given a method index conflict repeated the
        first look: the name was asked, nothing of the module's own defines it)."""
        self.keys.add(METHOD_QUESTION + json.dumps([name, sorted(roots), local]))
        return [self.summary.get(METHOD_KEY + root + ":" + name) for root in roots]

    def provided_kind(self, key, slot):
        """The kind of *slot* of the ``#p:`` entry *key* when it is one a caller
        passes (_PASSED_KINDS), else None (no entry, no such slot, "!" or another
        kind alike): one question (:data:`PROVIDED_QUESTION`), for
        :meth:`ModuleAnalysis.subclass_provided`.  The whole entry as the
        question repeated second looks: 56 on the mixed tree were given an entry
        whose slots the module never asked about or held "!"."""
        # joined, not json.dumps'd: some 80,000 of these per run on the mixed tree
        self.keys.add(PROVIDED_QUESTION + key + "\x00" + slot)
        return _provided_answer(self.summary, key, slot)

    def passed_kind(self, keys, wanted):
        """The one passed kind that the *wanted* slots of the ``#p:`` entries
        *keys* hold, else None: one question (:data:`PASSED_QUESTION`), for
        :meth:`ModuleAnalysis.passed_kind` (as :meth:`provided_kind`)."""
        self.keys.add(PASSED_QUESTION + "\x00".join(keys) + "\x01" +
                      "\x00".join(sorted(wanted)))
        return _passed_answer(self.summary, keys, wanted)

    def questions(self):
        return (frozenset(self.keys), frozenset(self.modules), frozenset(self.classes),
                frozenset(self.below_asked))


def _derived(view, what):
    found = view._derived.get(what)
    if found is None:
        found = view._derived[what] = _derive(view.summary, what)
    return found


def _derive(values, what):
    if what == "modules":
        return {key[: i] for key in values if not key.startswith("#")
                for i in range(len(key)) if key[i] == "."}
    if what == "classes":
        return {key.rpartition(".")[0] for key, val in values.items()
                if not key.startswith("#") and (val[0] in _EXPORTED_KINDS or
                                                val[0] == CONTAINER_KIND)}
    below = {}
    for key in values:
        if not key.startswith("#"):
            below.setdefault(key.rpartition(".")[0], []).append(key)
    return below


# ProjectView.method_entries's questions, among the keys (no summary key starts so)
METHOD_QUESTION = "\x00m"
KIND_QUESTION = "\x00k"  # ProjectView.method_kind's
PROVIDED_QUESTION = "\x00s"  # ProjectView.provided_kind's
PASSED_QUESTION = "\x00p"  # ProjectView.passed_kind's


def _param_slots_of(summary, key):
    """{slot: kind} of the ``#p:`` entry *key* of *summary* ({} without one)."""
    entry = summary.get(key)
    if entry is None or entry[0] != "params":
        return {}
    return _params_slots(entry[1])


def _provided_answer(summary, key, slot):
    kind = _param_slots_of(summary, key).get(slot)
    return kind if kind in _PASSED_KINDS else None


def _passed_answer(summary, keys, wanted):
    kinds = set()
    for key in keys:
        kinds.update(kind for slot, kind in _param_slots_of(summary, key).items()
                     if slot in wanted)
    return kinds.pop() if len(kinds) == 1 and kinds <= _PASSED_KINDS else None


def _kind_answer(val):
    """(kind, confidence) of a method index value that names a kind, else None."""
    if val is None:
        return None
    kind = val[1].partition("|")[0]
    return (kind, val[2]) if kind else None


def _method_entry(val):
    """A method index value as ModuleAnalysis.method_index gives it."""
    if not val[1]:
        return (None, 0, ())
    kind, _, sigs = val[1].partition("|")
    return (kind, val[2], tuple(sigs.split(";")))


def _method_answer(summary, name, roots, local):
    """What wrapper_result reads of the method index entries of *name* in
    *roots* of *summary* beside the module's own *local* one: None (no entry, a
    conflict, two kinds: no result), else the kind, the lowest confidence and
    the signatures."""
    entries = [] if local is None else [tuple(local[:2]) + (tuple(local[2]),)]
    for root in roots:
        val = summary.get(METHOD_KEY + root + ":" + name)
        if val is not None:
            entries.append(_method_entry(val))
    kinds = {kind for kind, _conf, _sigs in entries}
    if len(kinds) != 1 or None in kinds:
        return None
    return (kinds.pop(), min(conf for _k, conf, _s in entries),
            frozenset(sig for _k, _c, sigs in entries for sig in sigs))


def same_answers(questions, before, after):
    """Do inputs *before* and *after* (a second look's summary {key: value} and
    borrowed evidence flag) answer *questions* (:meth:`ModuleAnalysis.questions`)
    alike?  Then a look given *after* repeats the look given *before*."""
    keys, modules, classes, below, evidence_asked, name_evidence_asked = questions
    before, borrowed_before = before
    after, borrowed_after = after
    if borrowed_before != borrowed_after:
        # the flags are False, True and the engine's SIBLING_EVIDENCE: between
        # False and SIBLING_EVIDENCE only names_evidence()'s answer differs (the
        # module's own evidence is the same): 45 of the repeated second looks of
        # the mixed tree were given SIBLING_EVIDENCE after a look that read only
        # the module's own evidence
        if evidence_asked if True in (borrowed_before, borrowed_after) else \
                name_evidence_asked:
            return False
    for key in keys:
        if key.startswith(METHOD_QUESTION):
            name, roots, local = json.loads(key[len(METHOD_QUESTION):])
            if _method_answer(before, name, roots, local) != \
                    _method_answer(after, name, roots, local):
                return False
        elif key.startswith(KIND_QUESTION):
            key = key[len(KIND_QUESTION):]
            if _kind_answer(before.get(key)) != _kind_answer(after.get(key)):
                return False
        elif key.startswith(PROVIDED_QUESTION):
            key, _, slot = key[len(PROVIDED_QUESTION):].rpartition("\x00")
            if _provided_answer(before, key, slot) != _provided_answer(after, key, slot):
                return False
        elif key.startswith(PASSED_QUESTION):
            keys_asked, _, wanted = key[len(PASSED_QUESTION):].partition("\x01")
            keys_asked, wanted = keys_asked.split("\x00"), wanted.split("\x00")
            if _passed_answer(before, keys_asked, wanted) != \
                    _passed_answer(after, keys_asked, wanted):
                return False
        elif before.get(key) != after.get(key):
            return False
    for what, names in (("modules", modules), ("classes", classes)):
        if names:
            old, new = _derive(before, what), _derive(after, what)
            if any((name in old) != (name in new) for name in names):
                return False
    if below:
        old, new = _derive(before, "below"), _derive(after, "below")
        for name in below:
            if sorted(old.get(name, ())) != sorted(new.get(name, ())):
                return False
            # the values copied are looked up as keys (recorded above)
    return True


class ModuleAnalysis:
    """Bindings, queued nodes and value inference for one module."""

    def __init__(self, tree, module_name="", project=None, is_package=False):
        self.tree = tree
        self.module_name = module_name
        self.is_package = is_package
        self.project = project if isinstance(project, ProjectView) else \
            ProjectView(project or {})
        self.module = Scope("module", module_name, tree, None)
        self.scopes = [self.module]  # every scope, for release()
        self.calls = []          # (Call, scope)
        self.attributes = []     # (Attribute in Load context, scope)
        self.cap_names = []      # (Name in Load context starting with a capital, scope)
        self.stores = []         # (Attribute target, value node or None, scope)
        self._dict_attrs = {}    # id(x.__dict__['name'] node) -> x.name node (dict_attr)
        self.module_probes = {}  # (id(scope), dotted x) -> pymongo: hasattr(x, 'MongoClient')
        self.imports = []        # (Import/ImportFrom, scope)
        self.strings = []        # Constant str nodes that look like MongoDB URIs
        self.callsites = {}      # function name -> [(Call, scope)]
        self.call_funcs = set()  # id() of Call.func nodes
        self.imported_roots = set()
        self.imported_modules = set()  # dotted names of every imported module
        self.star_imports = False
        self.star_modules = []
        self.bound_imports = set()  # qualified names bound to local names by imports
        self.result_reads = set()  # id() of expressions read as x['result'] / x.get('result')
        self.result_names = set()  # (id(scope), name) read that way
        self.subscripted = set()  # id() of expressions that are subscripted
        self.method_of = {}  # id(expr) -> name of the method called on expr
        self.outer_call = {}  # id(expr) -> the Call whose func is expr.<method>
        self.subscript_keys = {}  # id(expr) or (id(scope), name) -> {constant keys read}
        self.fors = []  # (For node, scope)
        self.whiles = []  # (While node, scope)
        self.tests = []  # (expression whose truth value is taken, scope)
        self.name_subscripts = []  # (Name, scope) of every name[key]
        # (id(scope), name) -> [(first line, last line, classes)] of the bodies of
        # ``if isinstance(name, classes):`` tests
        self.narrowed = {}
        self.tries = []  # Try nodes
        self.methods_by_name = {}  # method name -> [function Scope] of this module's classes
        self.item_stores = {}  # name -> [(value node, scope)] of every name[key] = value
        self.wrapper_calls = set()  # method names asked of the method index
        self.classes = []  # every class Scope, in the order of the walk
        self.attr_item_stores = {}  # attr -> [(value node, scope)] of x.attr[key] = value
        self.settings_stores = []  # (key node, value node, scope) of x.settings[key] = value
        self.dispatch_calls = {}  # id(Call) -> (kind, method name, conf): by-name dispatch
        self._memo = {}
        self._busy = set()
        self._params_busy = set()
        self._base_kinds = {}
        self._use_kinds = None  # receiver key -> Val, from MongoDB-shaped calls (use_kinds)
        self.evidence_asked = False  # read while False: borrowed evidence may matter
        # names_evidence() read while the module's evidence was False: only then
        # does SIBLING_EVIDENCE, borrowed later, change a look (same_answers)
        self.name_evidence_asked = False
        # a module of a package whose other modules import PyMongo (the engine's
        # SIBLING_EVIDENCE): evidence for name-typed receivers only (names_evidence)
        self.name_evidence = False
        self._walk()
        self.evidence = bool(self.imported_roots & EVIDENCE_ROOTS)
        self.other_orm = bool(self.imported_roots & OTHER_ORMS)

    def release(self):
        """Break the reference cycles of the scopes (a scope's parent binds it, its
        bindings name it as theirs, a method's class binds the method) once the
        analysis is done with: the file's analysis and tree are then freed as
        soon as they are dropped, not by a cyclic collection that walks them."""
        for scope in self.scopes:
            scope.parent = scope.cls = None
            scope.bindings = scope.params = scope.attrs = scope.subscript_stores = None
            scope.returns = scope.yields = None
        self.scopes = []
        self._memo = {}

    @property
    def evidence(self):
        """Does the module talk to MongoDB (it imports PyMongo, borrows that from a
        module it imports, or writes MongoDB's query language)?"""
        if not self._evidence:
            self.evidence_asked = True
        return self._evidence

    @evidence.setter
    def evidence(self, value):
        self._evidence = value

    def names_evidence(self):
        """Evidence enough for a receiver only *named* like a PyMongo object
        (``collection.ensure_index(*a)``, ``self.collection.insert(doc)``): the
        module's own, or a sibling module's in its package (the engine's
        SIBLING_EVIDENCE; read through :attr:`evidence` first, so that a look
        that reads neither is not repeated when either is borrowed later)."""
        if self.evidence:
            return True
        self.name_evidence_asked = True
        return self.name_evidence

    def questions(self):
        """What this look asked of its inputs from other modules: the project's
        questions (:meth:`ProjectView.questions`), whether the lack of evidence
        was read and whether names_evidence() was, the module's own being False
        (:func:`same_answers`)."""
        return self.project.questions() + (self.evidence_asked, self.name_evidence_asked)

    # -- the one traversal ----------------------------------------------------

    def _walk(self):
        calls = self.calls
        attributes = self.attributes
        cap_names = self.cap_names
        callsites = self.callsites
        call_funcs = self.call_funcs
        Call, Attribute, Name, Constant = ast.Call, ast.Attribute, ast.Name, ast.Constant
        FunctionDef, AsyncFunctionDef, ClassDef, Lambda = (
            ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
        Assign, AnnAssign, AugAssign = ast.Assign, ast.AnnAssign, ast.AugAssign
        Import, ImportFrom, For, AsyncFor, With, AsyncWith, Return = (
            ast.Import, ast.ImportFrom, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith,
            ast.Return)
        comprehension, NamedExpr, Global = ast.comprehension, ast.NamedExpr, ast.Global
        Subscript, Yield = ast.Subscript, ast.Yield
        Try = ast.Try
        TryStar = getattr(ast, "TryStar", ast.Try)
        If, While, IfExp, Assert, BoolOp, UnaryOp, Not = (
            ast.If, ast.While, ast.IfExp, ast.Assert, ast.BoolOp, ast.UnaryOp, ast.Not)
        fields_of = _FIELDS
        ast_classes = _AST_CLASSES
        AST = ast.AST
        Load = ast.Load

        stack = [(self.tree, self.module)]
        pop, push = stack.pop, stack.append
        while stack:
            node, scope = pop()
            cls = node.__class__
            if cls is Call:
                calls.append((node, scope))
                func = node.func
                call_funcs.add(id(func))
                fcls = func.__class__
                if fcls is Name:
                    callsites.setdefault(func.id, []).append((node, scope))
                elif fcls is Attribute:
                    callsites.setdefault(func.attr, []).append((node, scope))
                    self.method_of[id(func.value)] = func.attr
                    self.outer_call[id(func.value)] = node
                    if func.attr == "update" and func.value.__class__ is Attribute and \
                            func.value.attr == "__dict__":
                        self._dict_update(node, scope)
                    # x.get('result', []) reads 2.x aggregate()'s dict as x['result'] does:
                    # a 3.x CommandCursor has no get().
                    if func.attr == "get" and node.args and \
                            node.args[0].__class__ is Constant and \
                            node.args[0].value == "result":
                        self._result_read(func.value, scope)
            elif cls is Attribute:
                if node.ctx.__class__ is Load:
                    attributes.append((node, scope))
            elif cls is Constant:
                value = node.value
                if value.__class__ is str and value[:10] == "mongodb://" or (
                        value.__class__ is str and value[:14] == "mongodb+srv://"):
                    self.strings.append(node)
                continue
            elif cls is Name:
                # Capitalised names read as values: a legacy client class may be
                # used without being called (cls = Connection, isinstance(c, Connection)).
                if node.id[:1].isupper() and node.ctx.__class__ is Load:
                    cap_names.append((node, scope))
                continue
            elif cls is Subscript:
                self.subscripted.add(id(node.value))
                if node.value.__class__ is Name:
                    self.name_subscripts.append((node.value, scope))
                key = node.slice
                if key.__class__ is Constant:
                    if key.value == "result":
                        self._result_read(node.value, scope)
                    if key.value.__class__ is str:
                        self._subscript_key(node.value, key.value, scope)
            elif cls is If or cls is While or cls is IfExp or cls is Assert:
                self.tests.append((node.test, scope))
                test = node.test
                if cls is If and test.__class__ is Call and test.func.__class__ is Name and \
                        test.func.id == "hasattr" and len(test.args) == 2 and \
                        test.args[1].__class__ is Constant and \
                        test.args[1].value == "MongoClient":
                    # if hasattr(self.driver, "MongoClient"): ... else: self.driver.Connection
                    # -- the object probed for PyMongo's client class is the pymongo module
                    probed = dotted(test.args[0])
                    if probed:
                        self.module_probes[(id(scope), probed)] = Val("qual", "pymongo", LIKELY)
                if cls is While:
                    self.whiles.append((node, scope))
                test = node.test
                if cls is If and test.__class__ is Call and test.func.__class__ is Name and \
                        test.func.id == "isinstance" and len(test.args) == 2 and \
                        test.args[0].__class__ is Name and node.body:
                    # if isinstance(parent, Connection): parent[name] is a Database
                    self.narrowed.setdefault((id(scope), test.args[0].id), []).append(
                        (node.body[0].lineno, node.body[-1].end_lineno, test.args[1]))
            elif cls is Try or cls is TryStar:
                self.tries.append(node)
                # The stack is LIFO: push the body last so that its bindings come before
                # the except handlers' fallbacks (try: from pymongo import MongoReplicaSetClient
                # / except ImportError: ... ReplicaSetConnection as MongoReplicaSetClient) --
                # lookup() keeps the first binding on a tie, and the tried import is the one
                # the code means.
                for block in (node.finalbody, node.orelse, node.handlers, node.body):
                    for child in block:
                        push((child, scope))
                continue
            elif cls is BoolOp:
                for value in node.values:
                    self.tests.append((value, scope))
            elif cls is UnaryOp:
                if node.op.__class__ is Not:
                    self.tests.append((node.operand, scope))
            elif cls is FunctionDef or cls is AsyncFunctionDef or cls is Lambda:
                self._function(node, scope, push)
                continue
            elif cls is ClassDef:
                inner = Scope("class", node.name, node, scope)
                self.scopes.append(inner)
                inner.bases = node.bases
                inner.qualname = node.name
                scope.bind(node.name, ("class", inner))
                self.classes.append(inner)
                for child in node.bases:
                    push((child, scope))
                for child in node.keywords:
                    push((child, scope))
                for child in node.decorator_list:
                    push((child, scope))
                for child in node.body:
                    push((child, inner))
                continue
            elif cls is Assign:
                value = node.value
                module = _dynamic_import(value) if value.__class__ is Call else None
                for target in node.targets:
                    if module and target.__class__ is Name:
                        self._bind_module(target.id, module, scope)
                    else:
                        self._assign(target, value, scope)
            elif cls is AnnAssign:
                if node.value is not None:
                    self._assign(node.target, node.value, scope)
                elif node.target.__class__ is Name:
                    scope.bind(node.target.id, ("annotation", node.annotation, scope))
            elif cls is AugAssign:
                pass
            elif cls is NamedExpr:
                self._assign(node.target, node.value, scope)
            elif cls is Import or cls is ImportFrom:
                self._import(node, scope)
                continue
            elif cls is For or cls is AsyncFor or cls is comprehension:
                self._bind_target(node.target, ("iter", node.iter, scope), scope)
                if cls is not comprehension:
                    self.fors.append((node, scope))
            elif cls is With or cls is AsyncWith:
                for item in node.items:
                    if item.optional_vars is not None:
                        self._bind_target(item.optional_vars,
                                          ("expr", item.context_expr, scope), scope)
            elif cls is Return:
                if node.value is not None:
                    scope.returns.append(node.value)
            elif cls is Yield:
                if node.value is not None:
                    scope.yields.append(node.value)
            elif cls is Global:
                if scope.kind == "function":
                    scope.globals = set(scope.globals) | set(node.names)
                continue
            for field in fields_of.get(cls) or _fields(cls):
                child = getattr(node, field, None)
                if child is None:
                    continue
                if child.__class__ is list:
                    for item in child:
                        if item.__class__ in ast_classes or isinstance(item, AST):
                            push((item, scope))
                elif child.__class__ in ast_classes or isinstance(child, AST):
                    push((child, scope))

    def _subscript_key(self, node, key, scope):
        self.subscript_keys.setdefault(id(node), set()).add(key)
        if node.__class__ is ast.Name:
            self.subscript_keys.setdefault((id(scope), node.id), set()).add(key)

    def keys_read(self, node, scope):
        """Constant keys read by subscripting *node*'s value (directly or via a name)."""
        keys = set(self.subscript_keys.get(id(node), ()))
        for name, items in scope.bindings.items():
            for item in items:
                if item[0] == "expr" and item[1] is node:
                    keys |= self.subscript_keys.get((id(scope), name), set())
        return keys

    def _result_read(self, node, scope):
        self.result_reads.add(id(node))
        if node.__class__ is ast.Name:
            self.result_names.add((id(scope), node.id))

    def _function(self, node, scope, push):
        is_lambda = node.__class__ is ast.Lambda
        name = "<lambda>" if is_lambda else node.name
        inner = Scope("function", name, node, scope)
        self.scopes.append(inner)
        if scope.kind == "class" and not is_lambda:
            self.methods_by_name.setdefault(name, []).append(inner)
            inner.cls = scope
            inner.qualname = scope.name + "." + name
            inner.is_method = not any(
                isinstance(d, ast.Name) and d.id == "staticmethod"
                for d in node.decorator_list)
        if not is_lambda:
            inner.decorators = node.decorator_list
            # a ``global`` statement holds for the whole body, whatever the order the
            # walk meets it in: collect the function's own (top-level statements only)
            declared = [n for child in node.body if child.__class__ is ast.Global
                        for n in child.names]
            if declared:
                inner.globals = set(declared)
            scope.bind(name, ("def", inner))
            for child in node.decorator_list:
                push((child, scope))
            if node.returns is not None:
                push((node.returns, scope))
        args = node.args
        positional = list(getattr(args, "posonlyargs", [])) + list(args.args)
        defaults = list(args.defaults)
        first_default = len(positional) - len(defaults)
        for index, arg in enumerate(positional):
            default = defaults[index - first_default] if index >= first_default else None
            inner.params[arg.arg] = (index, arg.annotation, default)
        for arg, default in zip(args.kwonlyargs, args.kw_defaults):
            inner.params[arg.arg] = (None, arg.annotation, default)
        for extra in (args.vararg, args.kwarg):
            if extra is not None:
                inner.params[extra.arg] = (None, None, None)
        for default in defaults:
            push((default, scope))
        for default in args.kw_defaults:
            if default is not None:
                push((default, scope))
        if is_lambda:
            inner.returns.append(node.body)
            push((node.body, inner))
        else:
            for child in node.body:
                push((child, inner))

    def _assign(self, target, value, scope):
        tcls = target.__class__
        if tcls is ast.Name:
            scope.bind(target.id, ("expr", value, scope))
        elif tcls is ast.Attribute:
            self.stores.append((target, value, scope))
            base = target.value
            if base.__class__ is ast.Name and scope.kind == "function":
                # ctx.db = Database(...) then ctx.db.authenticate(...) in the same function
                scope.bind(base.id + "." + target.attr, ("expr", value, scope))
            if base.__class__ is ast.Name:
                fscope = scope
                if fscope.kind == "function" and fscope.cls is not None and fscope.is_method:
                    first = self._first_param(fscope)
                    if first == base.id:
                        fscope.cls.attrs.setdefault(target.attr, []).append(
                            ("expr", value, scope))
        elif tcls is ast.Tuple or tcls is ast.List:
            for index, elt in enumerate(target.elts):
                if elt.__class__ is ast.Name:
                    scope.bind(elt.id, ("unpack", value, index, scope))
                elif elt.__class__ is ast.Attribute:
                    self.stores.append((elt, None, scope))
        elif tcls is ast.Subscript:
            base = target.value
            if base.__class__ is ast.Name:
                scope.subscript_stores.setdefault(base.id, []).append((target.slice, value))
                self.item_stores.setdefault(base.id, []).append((value, scope))
            elif base.__class__ is ast.Attribute:
                self.attr_item_stores.setdefault(base.attr, []).append((value, scope))
                if base.attr == "settings":
                    self.settings_stores.append((target.slice, value, scope))
                attr = self.dict_attr(target)
                if attr is not None:
                    self._assign(attr, value, scope)

    def dict_attr(self, node):
        """``x.name`` for ``x.__dict__['name']`` (a proxy whose __setattr__ forwards
        stores its own state so), as one node per subscript; else None."""
        found = self._dict_attrs.get(id(node))
        if found is None and node.__class__ is ast.Subscript:
            base, key = node.value, node.slice
            if base.__class__ is ast.Attribute and base.attr == "__dict__" and \
                    key.__class__ is ast.Constant and isinstance(key.value, str) and \
                    key.value.isidentifier():
                found = self._dict_attrs[id(node)] = ast.copy_location(
                    ast.Attribute(value=base.value, attr=key.value, ctx=node.ctx), node)
        return found

    def _dict_update(self, call, scope):
        """self.__dict__.update(wrapped=w) / .update({'wrapped': w}): stores of
        ``self.wrapped``."""
        owner = call.func.value.value
        pairs = [(k.arg, k.value) for k in call.keywords if k.arg is not None]
        if call.args and call.args[0].__class__ is ast.Dict:
            pairs.extend((k.value, v) for k, v in zip(call.args[0].keys, call.args[0].values)
                         if k.__class__ is ast.Constant and isinstance(k.value, str) and
                         k.value.isidentifier())
        for name, value in pairs:
            self._assign(ast.copy_location(ast.Attribute(value=owner, attr=name,
                                                         ctx=ast.Store()), call),
                         value, scope)

    @staticmethod
    def _first_param(fscope):
        for name, (index, _a, _d) in fscope.params.items():
            if index == 0:
                return name
        return None

    def self_attribute_method(self, node, scope):
        """The method scope in which *node* (an ``ast.Attribute``) reads an
        attribute of the method's first parameter (``self.x``, ``cls.x``);
        None elsewhere."""
        if not isinstance(node.value, ast.Name):
            return None
        fscope = scope
        while fscope is not None and fscope.kind != "function":
            fscope = fscope.parent
        if fscope is None or not fscope.is_method or fscope.cls is None or \
                self._first_param(fscope) != node.value.id:
            return None
        return fscope

    def _bind_target(self, target, item, scope):
        if target.__class__ is ast.Name:
            scope.bind(target.id, item)
        elif target.__class__ in (ast.Tuple, ast.List):
            pairs = item[0] == "iter" and len(target.elts) == 2 and _is_items_call(item[1])
            for index, elt in enumerate(target.elts):
                if elt.__class__ is ast.Name:
                    if pairs and index == 1:
                        scope.bind(elt.id, ("iteritem", item[1], item[2]))
                    else:
                        scope.bind(elt.id, ("opaque",))

    def _sibling_prefix(self):
        """The package a module's plain imports may be relative to (Python 2's
        implicit relative import: ``import database`` in ``pkg/model.py`` is
        ``pkg.database`` when that module exists), or ''."""
        parts = self.module_name.split(".") if self.module_name else []
        if not self.is_package:
            parts = parts[:-1]
        return ".".join(parts)

    def _project_module(self, name):
        """True if the project summary holds names of module *name* (or below)."""
        return self.project.is_module(name)

    def _implicit_relative(self, name):
        """*name* as imported by a plain ``import name`` / ``from name import``:
        the sibling module when the project has one and no top-level *name*."""
        prefix = self._sibling_prefix()
        if not prefix or name.partition(".")[0] in EVIDENCE_ROOTS or not self.project:
            return name
        sibling = prefix + "." + name
        if self._project_module(sibling) and not self._project_module(name):
            return sibling
        return name

    def _note_sibling(self, name, bound):
        """Record the sibling spelling of a plain import, so that the engine's
        second look (and the prefilter's candidates) consider that module."""
        prefix = self._sibling_prefix()
        if prefix and name.partition(".")[0] not in EVIDENCE_ROOTS:
            self.imported_modules.add(prefix + "." + name)
            if bound:
                self.bound_imports.add(prefix + "." + name)

    def _bind_module(self, name, module, scope):
        """pymongo = pytest.importorskip('pymongo'): an ``import pymongo as name``."""
        self.imported_roots.add(module.split(".", 1)[0])
        self.imported_modules.add(module)
        self.bound_imports.add(module)
        scope.bind(name, ("val", Val("qual", module)))

    def _import(self, node, scope):
        self.imports.append((node, scope))
        if node.__class__ is ast.Import:
            for alias in node.names:
                name = _flask_ext(alias.name)
                self._note_sibling(name, True)
                root = name.split(".", 1)[0]
                qual_root = root
                relative = self._implicit_relative(name)
                if relative != name:
                    name, qual_root = relative, relative[: -len(name)] + root
                self.imported_roots.add(name.split(".", 1)[0])
                self.imported_modules.add(name)
                if alias.asname:
                    scope.bind(alias.asname, ("val", Val("qual", name)))
                    self.bound_imports.add(name)
                else:
                    scope.bind(root, ("val", Val("qual", qual_root)))
                    self.bound_imports.add(name)
                    if _flask_ext(alias.name) != alias.name:  # import flask.ext.pymongo
                        self.imported_roots.add("flask")
        else:
            module = _flask_ext(self.resolve_from(node))
            if module and not node.level:
                self._note_sibling(module, False)
                for alias in node.names:
                    if alias.name != "*":
                        # from flask.ext import admin: flask_admin
                        self._note_sibling(_flask_ext(module + "." + alias.name), True)
                module = self._implicit_relative(module)
            if module:
                self.imported_roots.add(module.split(".", 1)[0])
                self.imported_modules.add(module)
            for alias in node.names:
                if alias.name == "*":
                    if module:
                        self.star_modules.append(module)
                        # the names a star import binds are the module's (the
                        # engine's second look: a project module's exports)
                        self.bound_imports.add(module + STAR_SUFFIX)
                        if module.split(".", 1)[0] in EVIDENCE_ROOTS:
                            self.star_imports = True
                    continue
                qual = _flask_ext(module + "." + alias.name) if module else alias.name
                self.imported_modules.add(qual)
                self.bound_imports.add(qual)
                scope.bind(alias.asname or alias.name, ("val", Val("qual", qual)))

    def resolve_from(self, node):
        """The absolute module name of an ImportFrom (relative ones included)."""
        if not node.level:
            return node.module or ""
        parts = self.module_name.split(".") if self.module_name else []
        if not self.is_package:
            parts = parts[:-1]
        if node.level > 1:
            parts = parts[: len(parts) - (node.level - 1)] if len(parts) >= node.level - 1 else []
        if node.module:
            parts.append(node.module)
        return ".".join(p for p in parts if p)

    # -- values ----------------------------------------------------------------

    def value(self, node, scope, depth=0):
        """The Val of expression *node* evaluated in *scope*, or None."""
        key = id(node)
        memo = self._memo
        if key in memo:
            return memo[key]
        if key in self._busy or depth > 40 or len(self._busy) > 60:
            return None  # a cycle, or too long a chain: unknown (not memoised)
        self._busy.add(key)
        try:
            result = self._value(node, scope, depth + 1)
        finally:
            self._busy.discard(key)
        memo[key] = result
        return result

    def _value(self, node, scope, depth):
        cls = node.__class__
        if (cls is ast.Name or cls is ast.Attribute or cls is ast.Call) and self._use_kinds:
            found = self._plain_value(node, scope, depth)
            if found is None or (found.conf == HINT and found.kind != "builtin"):
                used = self._use_kinds.get(self._receiver_key(node, scope))
                if used is not None:
                    return used
            return found
        return self._plain_value(node, scope, depth)

    def _narrowed(self, node, scope, depth):
        """The PyMongo kind a name read inside ``if isinstance(name, C):`` is, C a
        PyMongo class (at most LIKELY); None if no such test encloses the read."""
        for start, end, classes in self.narrowed.get((id(scope), node.id), ()):
            if start <= node.lineno <= end:
                kinds = set()
                for each in classes.elts if classes.__class__ is ast.Tuple else [classes]:
                    val = self.value(each, scope, depth)
                    kinds.add(CONSTRUCTORS.get(val.name) if val is not None and
                              val.kind == "qual" else None)
                if len(kinds) == 1 and kinds <= _RESULT_KINDS:
                    return Val(kinds.pop(), None, LIKELY)
        return None

    def _plain_value(self, node, scope, depth):
        cls = node.__class__
        if cls is ast.Name:
            if self.module_probes:
                probed = self.module_probes.get((id(scope), node.id))
                if probed is not None:
                    return probed
            if self.narrowed and node.ctx.__class__ is ast.Load:
                narrowed = self._narrowed(node, scope, depth)
                if narrowed is not None:
                    return narrowed
            if scope.kind == "function":
                items = scope.bindings.get(node.id)
                if items:
                    prior = self._prior_value(node, scope, items, depth)
                    if prior is not _UNDECIDED:
                        return prior
                    if node.id in scope.params and self._before_bindings(node, scope, items):
                        return self.param_value(scope, node.id, depth)
                    if len(items) > 1:
                        latest = self._latest_binding(node, scope, items, depth)
                        if latest is not _UNDECIDED:
                            return latest
            return self.lookup(node.id, scope, depth)
        if cls is ast.Attribute:
            if node.value.__class__ is ast.Name and scope.kind == "function":
                items = scope.bindings.get(node.value.id + "." + node.attr)
                if items:
                    prior = self._prior_value(node, scope, items, depth)
                    if prior is not _UNDECIDED:
                        return prior
                    stored = self._best([self._item(item, depth) for item in items])
                    if stored is not None:
                        return stored
            if self.module_probes:
                probed = self.module_probes.get((id(scope), dotted(node)))
                if probed is not None:
                    return probed
            base = self.value(node.value, scope, depth)
            return self.attr_of(base, node.attr, node.value, scope, depth)
        if cls is ast.Subscript:
            attr = self.dict_attr(node)
            if attr is not None:
                return self._plain_value(attr, scope, depth)
            base = self.value(node.value, scope, depth)
            if base is not None and base.kind in ITEM_KINDS and ITEM_KINDS[base.kind]:
                return Val(ITEM_KINDS[base.kind], None, base.conf)
            if base is not None and base.kind == CONTAINER_KIND:
                return self.container_item(node.value, base, scope, depth)
            if base is not None and base.kind == "instance":
                return self.instance_item(base, depth)
            if base is not None and base.kind == "pinstance":
                # an instance of another module's class: what its __getitem__ returns
                getter = self.project.get(base.name + ".__getitem__")
                if getter is not None and getter.kind == "returns":
                    return Val(getter.name, None, LIKELY)
                return None
            if base is None or base.kind == "builtin":
                item = self.container_item(node.value, base, scope, depth)
                if item is None and base is None:
                    # shell.user_ns['db'], registry['collection']: an unknown
                    # mapping's constant key names its value as a variable would
                    key = node.slice
                    if key.__class__ is ast.Constant and key.value.__class__ is str and \
                            node.value.__class__ is ast.Attribute and \
                            node.value.attr == "settings":
                        # a Tornado handler's self.settings['store'], Pyramid's
                        # request.registry.settings['conn']: what the package puts
                        # there (_property_exports)
                        item = self.package_property_kind(_settings_name(key.value))
                        if item is not None:
                            return item
                    if key.__class__ is ast.Constant and key.value.__class__ is str:
                        hint = name_hint(key.value)
                        if hint:
                            return Val(hint, None, HINT)
                return item
            return None
        if cls is ast.Call:
            return self.call_result(node, scope, depth)
        if cls is ast.IfExp:
            return self._best([self.value(node.body, scope, depth),
                               self.value(node.orelse, scope, depth)])
        if cls is ast.BoolOp:
            return self._best([self.value(v, scope, depth) for v in node.values])
        if cls is ast.NamedExpr:
            return self.value(node.value, scope, depth)
        if cls in _LITERALS:
            if cls is ast.Constant and node.value is None:
                return None
            if cls in _CONTAINERS:  # the display itself, for its items (container_item)
                return Val("builtin", cls.__name__, HINT, (node, scope))
            return Val("builtin", cls.__name__, HINT)
        return None

    def _before_bindings(self, node, scope, items):
        """Is Name *node*, a parameter of function *scope*, read before every
        statement of the function that rebinds it, outside any loop there
        (``names = [db] if db else all_names()`` and then ``db = self.db(name)``
        in the loop below)?  Then it holds the argument only."""
        line = node.lineno
        for item in items:
            bound = getattr(item[1], "lineno", None) if len(item) > 1 else None
            if bound is None and len(item) > 1:
                bound = getattr(getattr(item[1], "node", None), "lineno", None)
            if bound is None or bound <= line:
                return False
        for loop, lscope in itertools.chain(self.fors, self.whiles):
            if lscope is scope and loop.lineno <= line <= loop.end_lineno:
                return False
        return True

    def _latest_binding(self, node, scope, items, depth):
        """Name *node* read after ``name = value`` in the same block of statements,
        with no other binding of the name in the function from there on
        (``a = Model(); ...; a = coll.find(q); a.count()``): the value that
        assignment binds, not the best of all of them, when it is known.
        _UNDECIDED otherwise."""
        line = node.lineno
        latest = None
        for item in items:
            if item[0] != "expr":
                return _UNDECIDED
            bound = getattr(item[1], "end_lineno", None)
            if bound is None or bound >= line:
                return _UNDECIDED  # bound on the read's line or after it (a loop)
            if latest is None or item[1].lineno > latest[1].lineno:
                latest = item
        blocks = self._memo.get(("#blocks", id(scope)))
        if blocks is None:
            blocks = self._memo[("#blocks", id(scope))] = {}
            stack = [scope.node.body] if hasattr(scope.node, "body") else []
            while stack:
                body = stack.pop()
                if not isinstance(body, list):
                    continue
                for index, stmt in enumerate(body):
                    if stmt.__class__ is ast.Assign:
                        blocks[id(stmt.value)] = (body, index)
                    if stmt.__class__ in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
                        continue
                    for field in ("body", "orelse", "finalbody", "handlers"):
                        child = getattr(stmt, field, None)
                        if child:
                            stack.append(child)
                    if stmt.__class__ is ast.ExceptHandler:
                        stack.append(stmt.body)
        found = blocks.get(id(latest[1]))
        if found is None:
            return _UNDECIDED
        body, index = found
        if index + 1 >= len(body) or not (body[index + 1].lineno <= line <= body[-1].end_lineno):
            return _UNDECIDED
        val = self._item(latest, depth)
        return _UNDECIDED if val is None else val  # unknown: as any other read

    def _prior_value(self, node, scope, items, depth):
        """When *node* is read inside the right-hand side of an assignment to itself
        (``self.coll = self.db[self.coll or 'name']``, ``x = db[x]``): it holds the
        value bound before that statement, not the one the statement makes.  That is
        an earlier store in the function; else, for ``self.X``, the class body's X;
        else a parameter of that name.  _UNDECIDED when *node* is not read in its own
        assignment or none of these is known (the caller then takes every binding,
        as for any other read)."""
        own = _enclosing_store(items, node, scope)
        if own is None:
            return _UNDECIDED
        line = own[1].lineno
        earlier = [item for item in items if item is not own and
                   (item[0] != "expr" or getattr(item[1], "lineno", line) < line)]
        if earlier:
            return self._best([self._item(item, depth) for item in earlier])
        if node.__class__ is ast.Attribute:
            cls_scope = scope.cls
            if scope.is_method and cls_scope is not None and \
                    self._first_param(scope) == node.value.id and \
                    node.attr in cls_scope.bindings:
                return self.class_attr(cls_scope, node.attr, depth, instance=False)
            return _UNDECIDED
        if node.id in scope.params:
            return self.param_value(scope, node.id, depth)
        return _UNDECIDED

    # -- receivers typed by their MongoDB-shaped calls -------------------------

    def _receiver_key(self, node, scope):
        """What identifies a receiver across its uses: a plain name by the scope that
        binds it; ``self.X``/``cls.X`` (the first parameter of a method, or a
        metaclass's class) by the attribute name, module-wide, since a metaclass or
        a base class sets what the methods of other classes read."""
        if node.__class__ is ast.Name:
            name = node.id
            if name[:1].isupper():
                return None  # a class or a module-level constant of another module
            if scope.kind == "function" and scope.is_method and \
                    self._first_param(scope) == name:
                return None  # self itself: an ODM document calls its own update()
            return ("name", id(self._home(name, scope)), name)
        if node.__class__ is ast.Attribute and node.value.__class__ is ast.Name:
            root = node.value.id
            probe = scope
            while probe is not None and probe.kind != "function":
                probe = probe.parent
            if probe is not None and probe.is_method and self._first_param(probe) == root:
                return ("attr", node.attr)
        if node.__class__ is ast.Call and not node.args and not node.keywords:
            # self.get_collection(): a getter of the object, the same value at each
            # call (tastypie-mongodb's abstract get_collection(), $set-updated)
            func = node.func
            if func.__class__ is ast.Attribute and func.value.__class__ is ast.Name:
                key = self._receiver_key(func, scope)
                if key is not None:
                    return ("call", key[1])
        return None

    @staticmethod
    def _proves_mongo(call, recv):
        """In a module with no PyMongo import: a PyMongo-only keyword or a $-operator
        document; an ``_id`` key only on a receiver named like a Collection
        (CouchDB's ``db.save({'_id': ...})`` shares that key)."""
        if ModuleAnalysis._mongo_arguments(call):
            return True
        name = recv.attr if recv.__class__ is ast.Attribute else getattr(recv, "id", None)
        return name is not None and name_hint(name) == "collection"

    @staticmethod
    def _mongo_arguments(call):
        """A PyMongo-only keyword (not one an ODM shares) or a $-operator document
        among the arguments of *call* (each is an evidence token of the prefilter)."""
        from legacy_mongo.lint.rules.shapes import MONGO_KEYWORDS, WRITE_KEYWORDS, is_operator_key
        if any(k.arg in MONGO_KEYWORDS or k.arg in WRITE_KEYWORDS for k in call.keywords
               if k.arg not in _ODM_KEYWORDS):
            return True
        docs = list(call.args) + [k.value for k in call.keywords]
        return any(isinstance(d, ast.Dict) and any(
            isinstance(k, ast.Constant) and isinstance(k.value, str) and
            is_operator_key(k.value) for k in d.keys) for d in docs)

    def use_kinds(self):
        """Receivers that some call in the module shows to be a Collection by arguments
        only MongoDB code writes (``x.update(q, {'$set': ...}, safe=True)``,
        ``x.find_one({'_id': i})``, ``x.find(q, as_class=C)``) while nothing binds
        them to anything known: every other use of the same receiver (the same name in
        the same scope, or ``self.<attr>`` in the module) is that Collection, LIKELY.
        Values memoised before this is known are dropped, so that chains through such
        a receiver (``coll.find(q).count()``) see it."""
        if self._use_kinds is not None:
            return self._use_kinds
        from legacy_mongo.lint.rules.shapes import MONGO, MONGO_KEYWORDS, is_mongo_doc, shape
        self._use_kinds = {}
        found = {}
        vetoed = set()
        proven = False
        for call, scope in self.calls:
            func = call.func
            if func.__class__ is not ast.Attribute:
                continue
            name = func.attr
            recv = func.value
            if name in _SHAPED_WRITES:
                if shape(name, call) != MONGO:
                    continue
                if not self._proves_mongo(call, recv) and not self.evidence:
                    continue
            elif name in _SHAPED_READS:
                # (the evidence is read last: ModuleAnalysis.questions)
                if name in _DISTINCTIVE and name_hint(
                        func.value.attr if func.value.__class__ is ast.Attribute
                        else getattr(func.value, "id", "")) == "collection" and \
                        self.names_evidence():
                    pass  # self.jobs_collection.find_and_modify(q, u): name and method agree
                elif not (any(k.arg in MONGO_KEYWORDS and k.arg not in _ODM_KEYWORDS
                              for k in call.keywords) or
                          any(is_mongo_doc(a) for a in call.args) or
                          any(is_mongo_doc(k.value) for k in call.keywords)):
                    continue
                elif not self._proves_mongo(call, recv) and not self.evidence:
                    continue
            else:
                continue
            if any(n in FOREIGN_LINKS for n in chain_names(recv)[:-1]) or \
                    self.wrapper_call(call, scope):
                continue
            if not proven and self._mongo_arguments(call) and not self.evidence:
                proven = True
            node, used = recv, USED_COLLECTION
            if recv.__class__ is ast.Subscript:  # self.store[name].update(...): a Database
                node, used = recv.value, USED_DATABASE
            key = self._receiver_key(node, scope)
            if key is None or key in vetoed:
                continue
            if name == "count" and _cursor_count_shape(call):
                # count(with_limit_and_skip=True) / count(True): only Cursor.count took
                # that, so the receiver is a Cursor, whatever else is called on it
                vetoed.add(key)
                continue
            val = self.value(node, scope)
            if val is not None and (val.conf > HINT or val.kind == "builtin"):
                if val.kind != used.kind:
                    vetoed.add(key)  # known to be something else (a local class, a dict)
                continue
            if found.setdefault(key, used) != used:
                vetoed.add(key)  # used as a Collection here, as a Database there
        for target, value, scope in self.stores:
            key = ("attr", target.attr)
            if key in found and value is not None:
                val = self.value(value, scope)
                if val is not None and val.kind != found[key].kind and (
                        val.conf > HINT or val.kind == "builtin"):
                    vetoed.add(key)
        for key in vetoed:
            found.pop(key, None)
        if found:
            self._getter_kinds(found, vetoed)
        if proven and not self.other_orm:
            # a module that writes MongoDB's own query language (a $-operator
            # update, safe=/upsert= ...) talks to MongoDB as surely as one that
            # imports PyMongo: its other name-typed receivers (db.eval(js),
            # coll.ensure_index(key, 1)) are decided as with that import
            self.evidence = True
        self._memo = {}
        self._use_kinds = found
        return found

    def _getter_kinds(self, found, vetoed):
        """A getter method returning ``self.X``/``cls.X`` whose result, bound to a
        name at a call site (``coll = cls._get_collection()``), is typed by use there
        (``coll.update(q, {'$set': ...})``): ``self.X`` is that kind too, so the
        getter's ``if not cls._collection:`` (mogo: a Collection cached in a class
        attribute) tests a Collection."""
        for method, fscopes in self.methods_by_name.items():
            attrs = set()
            for fscope in fscopes:
                first = self._first_param(fscope)
                for ret in fscope.returns:
                    if ret.__class__ is ast.Attribute and ret.value.__class__ is ast.Name \
                            and ret.value.id == first:
                        attrs.add(ret.attr)
                    else:
                        attrs.add(None)
            if len(attrs) != 1 or None in attrs:
                continue
            attr = attrs.pop()
            key = ("attr", attr)
            if key in vetoed:
                continue
            kinds = set()
            for call, cscope in self.callsites.get(method, ()):
                if call.args or call.keywords or call.func.__class__ is not ast.Attribute:
                    continue
                for name, items in cscope.bindings.items():
                    if any(item[0] == "expr" and item[1] is call for item in items):
                        used = found.get(("name", id(self._home(name, cscope)), name))
                        if used is not None:
                            kinds.add(used)
            if len(kinds) == 1 and key not in found:
                found[key] = kinds.pop()

    @staticmethod
    def _best(vals):
        """The strongest value; on a tie a PyMongo kind beats a builtin literal."""
        best = None
        for val in vals:
            if val is None:
                continue
            if best is None or val.conf > best.conf or (
                    val.conf == best.conf and best.kind == "builtin" and val.kind != "builtin"):
                best = val
        return best

    # -- bulk builders behind unknown receivers ---------------------------------

    def builder_rooted(self, node, scope):
        """*node* (a receiver nothing types) is reached from a 3.x bulk builder: some
        link of its chain is one (``x.initialize_ordered_bulk_op()``, whatever ``x``
        is: no other API has that name), or is a name / ``self.<attr>`` that every
        binding in the module sets to one or to an object built from builders only
        (``Multi({'a': c1.initialize_ordered_bulk_op(), 'b': ...})``).  Its calls
        are the builder's (``insert``, ``find``), not a Collection's."""
        while True:
            cls = node.__class__
            if self._is_builder(node, scope):
                return True
            if cls is ast.Name or (cls is ast.Attribute and node.value.__class__ is ast.Name):
                if self._bound_to_builders(node, scope):
                    return True
            if cls is ast.Attribute or cls is ast.Subscript:
                node = node.value
            elif cls is ast.Call:
                node = node.func
            else:
                return False

    def _is_builder(self, node, scope):
        if node.__class__ is not ast.Call:
            return False
        func = node.func
        if func.__class__ is ast.Attribute and func.attr in _BUILDER_FACTORIES:
            return True
        val = self.value(node, scope)
        return val is not None and val.kind in ("bulk", "bulkview")

    def _built_from_builders(self, value, scope):
        """A builder, or a call whose arguments (dict values, list items) are all builders."""
        if value is None:
            return False
        if self._is_builder(value, scope):
            return True
        if value.__class__ is not ast.Call:
            return False
        parts = []
        for arg in list(value.args) + [k.value for k in value.keywords]:
            if arg.__class__ is ast.Dict:
                parts.extend(arg.values)
            elif arg.__class__ in (ast.List, ast.Tuple, ast.Set):
                parts.extend(arg.elts)
            else:
                parts.append(arg)
        return bool(parts) and all(
            p is not None and self._is_builder(p, scope) for p in parts)

    def _bound_to_builders(self, node, scope):
        if node.__class__ is ast.Name:
            home = self._home(node.id, scope)
            if node.id in home.params:
                return False
            items = home.bindings.get(node.id) or ()
            return bool(items) and all(
                item[0] == "expr" and self._built_from_builders(item[1], item[2])
                for item in items)
        stores = [(value, s) for target, value, s in self.stores
                  if target.attr == node.attr and target.value.__class__ is ast.Name]
        return bool(stores) and all(self._built_from_builders(v, s) for v, s in stores)

    def _home(self, name, scope):
        """The scope whose binding of *name* a read in *scope* sees (the module if none)."""
        start = scope
        while scope is not None:
            if scope.kind == "class" and scope is not start:
                scope = scope.parent
                continue
            if name in scope.globals:
                return self.module  # global name: its stores here fill the module's
            if name in scope.bindings or name in scope.params:
                return scope
            scope = scope.parent
        return self.module

    def iterated(self, iterable, val, scope, depth):
        """What ``for x in <iterable>`` binds, beyond ITER_KINDS: an item of a
        container of collections (the container itself, or its ``.values()``), or a
        value a local generator function yields."""
        if val is not None and val.kind == "builtin" and val.ref is not None:
            items = _container_items(val.ref[0])
            return self._same_kind([(i, val.ref[1]) for i in items], depth) if items else None
        if iterable.__class__ is not ast.Call:
            return None
        func = iterable.func
        if func.__class__ is ast.Attribute and func.attr in ("values", "itervalues") and \
                not iterable.args:
            return self.container_item(func.value, self.value(func.value, scope, depth),
                                       scope, depth)
        fval = self.value(func, scope, depth) if func.__class__ in (
            ast.Name, ast.Attribute) else None
        if fval is not None and fval.kind in ("function", "method") and fval.ref.yields:
            return self._pymongo_or_none(self._yielded(fval.ref, depth))
        return None

    def _fixture_value(self, name, depth):
        """What pytest passes a test function's (or fixture's) parameter *name*: the
        returns or yields of this module's ``@pytest.fixture`` function of that name,
        at most LIKELY."""
        items = self.module.bindings.get(name, ())
        if len(items) != 1 or items[0][0] != "def":
            return None
        fixture = items[0][1]
        if not any(d in _FIXTURE_DECORATORS for d in _decorator_names(fixture)):
            return None
        val = self._best([self.value(r, fixture, depth) for r in fixture.returns] +
                         [self.value(y, fixture, depth) for y in fixture.yields])
        if val is not None and val.kind in _RESULT_KINDS:
            return val.weaker(LIKELY)
        return None

    def _conftest_fixture(self, name):
        """What a fixture *name* of a ``conftest.py`` in this module's package or
        above gives (its summary's entry), when this module defines no *name*."""
        if not self.project or not self.module_name or name in self.module.bindings:
            return None
        parts = self.module_name.split(".")[:-1]
        for end in range(len(parts), -1, -1):
            prefix = ".".join(parts[:end])
            entry = self.project.get((prefix + "." if prefix else "") + "conftest." + name)
            if entry is not None:
                if entry.kind == "returns" and entry.name in _RESULT_KINDS:
                    return Val(entry.name, None, LIKELY)
                return None
        return None

    def _yielded(self, fscope, depth):
        return self._best([self.value(y, fscope, depth) for y in fscope.yields])

    def container_item(self, node, base, scope, depth):
        """An item of container *node* (``registry[key]``, ``registry.get(key)``): a
        PyMongo object when every item the module puts in it is one (or the
        module that defines the imported container says so: CONTAINER_KIND)."""
        if base is not None and base.kind == CONTAINER_KIND and base.name:
            return Val(base.name, None, min(base.conf, LIKELY))
        if node.__class__ is ast.Name:
            found = self.stored_item(node.id, scope, depth)
            if found is not None:
                return found
            if base is not None and base.kind == "builtin" and base.ref is not None:
                items = _container_items(base.ref[0])
                if items:
                    return self._same_kind([(item, base.ref[1]) for item in items], depth)
            return None
        if node.__class__ is ast.Attribute:
            return self.attr_item(node.attr, depth)
        return None

    def attr_item(self, attr, depth):
        """``<x>.<attr>[key]`` where every ``<x>.<attr> = {...}`` / ``[...]`` display and
        every ``<x>.<attr>[key] = value`` of the module holds the same PyMongo kind
        (``self.collections = {'a': db.a}``, a cache filled with ``db[name]``)."""
        table = self._memo.get("#attr_items")
        if table is None:
            table = self._memo["#attr_items"] = {}
            for target, value, scope in self.stores:
                if value is None or (value.__class__ is ast.Constant and value.value is None):
                    continue
                items = _container_items(value)
                entry = table.setdefault(target.attr, [])
                if items is None:
                    entry.append((None, scope))  # x.attr = something else: unknown
                else:
                    entry.extend((item, scope) for item in items)
            for attr_name, stores in self.attr_item_stores.items():
                table.setdefault(attr_name, []).extend(stores)
        items = table.get(attr)
        if not items or any(item is None for item, _scope in items):
            return None
        return self._guarded(("#attr_item", attr), lambda: self._same_kind(items, depth))

    def _same_kind(self, items, depth):
        """The PyMongo value all (node, scope) *items* have (at most LIKELY), or None."""
        found = None
        for item, iscope in items:
            val = self._pymongo_or_none(self.value(item, iscope, depth))
            if val is None or (found is not None and val.kind != found.kind):
                return None
            found = found or val
        return found

    def stored_item(self, name, scope, depth):
        """``registry[key]`` where every ``registry[...] = value`` seen for the same
        ``registry`` (a module-level cache of clients, say) stores a PyMongo object."""
        stores = self.item_stores.get(name)
        if not stores:
            return None
        home = self._home(name, scope)
        best = self._best([self.value(value, sscope, depth) for value, sscope in stores
                           if self._home(name, sscope) is home])
        if best is None or best.kind not in _EXPORTED_KINDS:
            return None
        return best.weaker(LIKELY)

    def lookup(self, name, scope, depth=0):
        start = scope
        while scope is not None:
            if scope.kind == "class" and scope is not start:
                scope = scope.parent
                continue
            items = scope.bindings.get(name)
            if items is not None:
                if len(items) > 1:
                    # try: from pymongo import X / except ImportError: X = Y --
                    # on a tie the imported name is what the code means
                    items = sorted(items, key=lambda item: item[0] != "val")
                best = self._best([self._item(item, depth) for item in items])
                if best is None:
                    hint = name_hint(name)
                    return Val(hint, None, HINT) if hint else None
                return best
            if name in scope.params:
                return self.param_value(scope, name, depth)
            scope = scope.parent
        for module in self.star_modules:  # from pymongo import *
            if self.project:
                # from app.conn import *: a name the project module exports
                key = module + "." + name
                found = self.project.get(key)
                if found is not None:
                    return found
                if self.project.is_module(key):
                    return Val("qual", key, LIKELY)  # a class with PyMongo entries
            root = module.split(".", 1)[0]
            if name in STAR_EXPORTS.get(root, ()):
                return Val("qual", root + "." + name, LIKELY)
            if root in ("pymongo", "bson", "gridfs") and name[:1].isupper():
                return Val("qual", module + "." + name, LIKELY)
        # bound nowhere in the module (a star import, a global set elsewhere, a slip):
        # only the name says what it holds
        hint = name_hint(name)
        return Val(hint, None, HINT) if hint else None

    def _item(self, item, depth):
        tag = item[0]
        if tag == "expr":
            return self.value(item[1], item[2], depth)
        if tag == "val":
            val = item[1]
            if val.kind == "qual" and val.name in self.project:
                return self.project[val.name]
            return val
        if tag == "def":
            return Val("function", item[1].name, CERTAIN, item[1])
        if tag == "class":
            return Val("class", item[1].name, CERTAIN, item[1])
        if tag == "iter":
            iterable = item[1]
            if iterable.__class__ in (ast.List, ast.Tuple, ast.Set):
                return self._best([self.value(e, item[2], depth) for e in iterable.elts])
            val = self.value(iterable, item[2], depth)
            if val is not None and val.kind in ITER_KINDS:
                return Val(ITER_KINDS[val.kind], None, val.conf)
            return self.iterated(iterable, val, item[2], depth)
        if tag == "iteritem":  # for key, value in container.items()
            func = item[1].func
            return self.container_item(func.value, self.value(func.value, item[2], depth),
                                       item[2], depth)
        if tag == "unpack":
            value, index, scope = item[1], item[2], item[3]
            if value.__class__ in (ast.Tuple, ast.List) and index < len(value.elts):
                return self.value(value.elts[index], scope, depth)
            if value.__class__ is ast.Call and value.func.__class__ in (ast.Name, ast.Attribute):
                # a, b = connect(): the same element of every tuple the function returns
                fval = self.value(value.func, scope, depth)
                if fval is not None and fval.kind in ("function", "method"):
                    fscope = fval.ref
                    return self._best([
                        self.value(r.elts[index], fscope, depth) for r in fscope.returns
                        if r.__class__ is ast.Tuple and index < len(r.elts)])
            return None
        if tag == "annotation":
            return self.annotation_value(item[1], item[2], depth)
        return None

    def annotation_value(self, annotation, scope, depth):
        if annotation is None:
            return None
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return None
        if isinstance(annotation, ast.Subscript):  # Optional[Collection]
            annotation = annotation.slice
        val = self.value(annotation, scope, depth)
        if val is not None and val.kind == "qual" and val.name in CONSTRUCTORS:
            return Val(CONSTRUCTORS[val.name], None, val.conf)
        if val is not None and val.kind == "class":
            return Val("instance", val.name, val.conf, val.ref)
        return None

    def param_value(self, fscope, name, depth):
        key = (id(fscope), name)
        if key in self._params_busy or depth > 40 or len(self._params_busy) > 30:
            return None
        self._params_busy.add(key)
        try:
            return self._param_value(fscope, name, depth + 1)
        finally:
            self._params_busy.discard(key)

    def _param_value(self, fscope, name, depth):
        index, annotation, default = fscope.params[name]
        if index == 0 and fscope.is_method and fscope.cls is not None:
            if any(isinstance(d, ast.Name) and d.id == "classmethod" for d in fscope.decorators) \
                    or _is_class_property(fscope):
                return Val("class", fscope.cls.name, CERTAIN, fscope.cls)
            model = self.metaclass_user(fscope.cls)
            if model is not None:  # class ModelType(type): def __init__(cls, ...)
                return Val("class", model.name, LIKELY, model)
            return Val("instance", fscope.cls.name, CERTAIN, fscope.cls)
        if annotation is not None:
            val = self.annotation_value(annotation, fscope.parent, depth)
            if val is not None:
                return val
        checked = self.isinstance_kind(fscope, name, depth)
        if checked is not None:
            return checked
        if not fscope.is_method and fscope.parent is self.module:
            fixture = self._fixture_value(name, depth) or self._conftest_fixture(name)
            if fixture is not None:
                return fixture
        candidates = []
        if default is not None:
            candidates.append(self.value(default, fscope.parent, depth))
        # Arguments at the function's call sites in this module.
        offset = 1 if fscope.is_method else 0
        sites = [(call, cscope, fscope) for call, cscope in self.callsites.get(fscope.name, ())]
        if fscope.name == "__init__" and fscope.cls is not None and fscope.is_method:
            # Cls(a, b): the arguments of the class's construction sites
            sites.extend((call, cscope, fscope.cls)
                         for call, cscope in self.callsites.get(fscope.cls.name, ()))
            # cls(a, b) in a classmethod (an alternate constructor: from_config)
            sites.extend((call, cscope, fscope.cls)
                         for call, cscope in self.callsites.get("cls", ()))
        for call, cscope, wanted in sites:
            func = call.func
            target = None
            if isinstance(func, ast.Name):
                target = self.lookup(func.id, cscope, depth)
            elif isinstance(func, ast.Attribute):
                target = self.value(func, cscope, depth)
            if target is None or target.ref is not wanted:
                continue
            arg = None
            if index is not None:
                position = index - offset
                if 0 <= position < len(call.args) and not any(
                        isinstance(a, ast.Starred) for a in call.args[: position + 1]):
                    arg = call.args[position]
            for keyword in call.keywords:
                if keyword.arg == name:
                    arg = keyword.value
            if arg is not None:
                val = self.value(arg, cscope, depth)
                if val is not None:
                    candidates.append(val.weaker(LIKELY))
        if index is not None and not fscope.is_method:
            for arg, cscope in self._forwarded_args(fscope, index):
                val = self.value(arg, cscope, depth)
                if val is not None:
                    candidates.append(val.weaker(LIKELY))
        if fscope.name == "initialize" and fscope.cls is not None and fscope.is_method:
            # a Tornado handler's initialize(self, db): the dicts of the handler
            # specs naming the class (or a class deriving from it) in this module
            for handler, given, cscope in self.tornado_inits():
                arg = given.get(name)
                if arg is None:
                    continue
                hval = self.value(handler, cscope, depth)
                if hval is not None and hval.kind == "class" and hval.ref is not None and \
                        any(each is fscope.cls for each in self.local_class_chain(hval.ref)):
                    val = self.value(arg, cscope, depth)
                    if val is not None:
                        candidates.append(val.weaker(LIKELY))
        passed = self.passed_kind(fscope, name, index) if self.project else None
        if passed is not None:
            candidates.append(passed)
        best = self._best(candidates)
        if best is not None:
            return best
        hint = name_hint(name)
        if hint:
            return Val(hint, None, HINT)
        return None

    def _forwarded_args(self, fscope, index):
        """(argument node, scope) that reach positional parameter *index* of
        function *fscope* when it is handed, uncalled, to something that calls
        it with the arguments given beside it: ``Thread(target=f, args=(coll,))``,
        or ``helper(f, n, coll)`` where a local ``def helper(func, n, *args)``
        calls ``func(*...)``, the unpacking first (a timing or retry wrapper)."""
        handed = self._memo.get("#handed")
        if handed is None:  # function name -> [(call, scope, position or None)], once
            handed = self._memo["#handed"] = {}
            for call, cscope in self.calls:
                for position, arg in enumerate(call.args):
                    if arg.__class__ is ast.Name:
                        handed.setdefault(arg.id, []).append((call, cscope, position))
                for keyword in call.keywords:
                    if keyword.arg == "target" and keyword.value.__class__ is ast.Name:
                        handed.setdefault(keyword.value.id, []).append((call, cscope, None))
        out = []
        for call, cscope, position in handed.get(fscope.name, ()):
            target = self.lookup(fscope.name, cscope, 0)
            if target is None or target.ref is not fscope:
                continue
            if position is None:  # Thread(target=f, args=(a, b))
                for keyword in call.keywords:
                    if keyword.arg == "args" and keyword.value.__class__ in (
                            ast.Tuple, ast.List) and index < len(keyword.value.elts):
                        out.append((keyword.value.elts[index], cscope))
                continue
            if call.func.__class__ is not ast.Name:
                continue
            helper = self.lookup(call.func.id, cscope, 0)
            if helper is None or helper.kind != "function" or helper.ref is None or \
                    helper.ref.node.__class__ is ast.Lambda:
                continue
            hargs = helper.ref.node.args
            fixed = list(getattr(hargs, "posonlyargs", [])) + list(hargs.args)
            if hargs.vararg is None or position >= len(fixed):
                continue
            func_param = fixed[position].arg
            if not any(node.__class__ is ast.Call and node.func.__class__ is ast.Name and
                       node.func.id == func_param and
                       node.args and node.args[0].__class__ is ast.Starred
                       for node in ast.walk(helper.ref.node)):
                continue
            at = len(fixed) + index
            if at < len(call.args) and not any(
                    a.__class__ is ast.Starred for a in call.args[: at + 1]):
                out.append((call.args[at], cscope))
        return out

    def isinstance_kind(self, fscope, name, depth):
        """The PyMongo kind parameter *name* of *fscope* is checked to be with
        ``isinstance(name, Collection)`` in the function (a library validating
        its arguments), at most LIKELY; None if no such check."""
        checks = self._memo.get("#isinstance")
        if checks is None:  # first-argument name -> its isinstance calls, built once
            checks = self._memo["#isinstance"] = {}
            for call, cscope in self.callsites.get("isinstance", ()):
                if len(call.args) == 2 and call.func.__class__ is ast.Name and \
                        call.args[0].__class__ is ast.Name:
                    checks.setdefault(call.args[0].id, []).append((call, cscope))
        for call, cscope in checks.get(name, ()):
            probe = cscope
            while probe is not None and probe is not fscope:
                probe = probe.parent
            if probe is None:
                continue
            classes = call.args[1]
            for node in classes.elts if classes.__class__ is ast.Tuple else [classes]:
                val = self.value(node, cscope, depth)
                kind = CONSTRUCTORS.get(val.name) if val is not None and \
                    val.kind == "qual" else None
                if kind in _RESULT_KINDS:
                    return Val(kind, None, LIKELY)
        return None

    def attr_of(self, base, attr, base_node=None, scope=None, depth=0):
        if base is None:
            stored = self.stored_attr_kind(attr) or self.property_kind(attr, depth) or \
                self.package_property_kind(attr)
            if stored is not None and not self._constructed_elsewhere(attr, base_node, scope):
                return stored
            hint = name_hint(attr)
            return Val(hint, None, HINT) if hint else None
        kind = base.kind
        if kind == "pinstance":
            found = self.project.get(base.name + "." + attr)
            if found is None and not attr.startswith("__"):
                # store.users: what the class's __getattr__ returns, for the names
                # it does not define (a forwarding proxy's entry is "forwards")
                getter = self.project.get(base.name + FORWARD_KEY)
                if getter is not None and getter.kind == "returns":
                    return Val(getter.name, None, LIKELY)
            return found if found is not None else self.attr_of(None, attr, None, scope, depth)
        if kind == "qual":
            qual = _flask_ext(base.name + "." + attr)
            if qual in self.project:
                return self.project[qual]
            root = base.name.partition(".")[0]
            if root not in _WRAPPER_EVIDENCE_ROOTS and root not in OTHER_ORMS:
                # flask.g.db, a context stack's top.connection: an attribute of an
                # imported object that this module stores PyMongo objects in (not
                # django.db.connection, another ORM's object of the same name)
                stored = self.stored_attr_kind(attr)
                if stored is not None:
                    return stored
                if base.name in _APPLICATION_PROXIES:
                    # current_app.store: what the package's application module
                    # stores on its Flask object (_injected_names)
                    stored = self.package_property_kind(attr)
                    if stored is not None:
                        return stored
            return Val("qual", qual, base.conf)
        special = ATTR_KINDS.get(kind)
        if special and attr in special:
            return Val(special[attr], None, base.conf)
        child = CHILD_KINDS.get(kind)
        if child is not None:
            if attr in MEMBER_ATTRS[kind] or attr.startswith("_"):
                return None
            return Val(child, None, base.conf)
        if kind == "instance" and attr == "__class__" and base.ref is not None:
            return Val("class", base.name, base.conf, base.ref)  # self.__class__.method()
        if kind == "instance" or kind == "class":
            found = self.class_attr(base.ref, attr, depth, instance=kind == "instance")
            if found is not None:
                return found
            if kind == "instance":
                inherited = self.class_base_kind(base.ref)
                if inherited is not None:
                    if self.class_assigns(base.ref, attr):
                        return None  # the subclass's own attribute, not a sub-collection
                    return self.attr_of(Val(inherited, None, base.conf), attr)
                if not self.class_assigns(base.ref, attr):
                    # __getattr__ runs only for names the class does not define
                    forwarded = self.forward_target(base.ref, depth)
                    if forwarded is not None:
                        found = self.attr_of(forwarded, attr, None, scope, depth)
                        if found is not None:
                            return found
                used = self.attr_typed_by_use(base.ref, attr)
                if used is not None:
                    return used
            stored = self.stored_attr_kind(attr) or self.property_kind(attr, depth)
            if stored is not None:
                return stored
            hint = name_hint(attr)
            return Val(hint, None, HINT) if hint else None
        return None

    def package_property_kind(self, attr):
        """``x.<attr>`` where nothing says what ``x`` is and no class of this module
        defines *attr*: what the properties of that name in the classes of this
        module's package (and of the project packages it imports) give, when they
        all give one PyMongo kind (the method index's PROPERTY_MARK entries), at
        most LIKELY.  A framework hands the object through a path the analysis
        cannot follow (a Tornado handler's ``initialize(self, config)`` fed by
        the dict of an ``Application`` built in another module, a registry) and
        the handler reads ``self.config.users_collection``: the property's name
        is the package's own vocabulary."""
        root = self.module_name.partition(".")[0]
        if not root or attr.startswith("_") or not self.project or self.other_orm or \
                attr in self.methods_by_name or attr in self._stored_attr_names() or \
                any(attr in cls_scope.bindings for cls_scope in self.classes):
            # this module's own classes or stores say what the name is (kombu's SQS
            # tests assign ``q.messages = [...]``, the Mongo transport's
            # ``messages`` property is a Collection)
            return None
        key = PROPERTY_MARK + attr
        self.wrapper_calls.add(key)  # the engine looks these names up in the project
        # the module's own package only: a package importing a library of the
        # project (the tests of a transport library) does not share its vocabulary
        val = self.project.method_kind(METHOD_KEY + root + ":" + key)
        if val is None or not self.names_evidence():
            # (the evidence read last: a look that never reads it is not repeated
            # when a sibling's is borrowed later, ModuleAnalysis.questions)
            return None
        return Val(val.name.partition("|")[0], None, min(val.conf, LIKELY))

    def tornado_inits(self):
        """[(handler class node, {keyword: value node}, scope)]: the handler specs of
        this module's Tornado applications that give the handler's
        ``initialize(self, **kwargs)`` its arguments -- ``(pattern, Handler,
        dict(db=db))`` or ``url(pattern, Handler, {'db': db})`` in the list
        handed to ``Application(...)`` (or its ``__init__``, or
        ``add_handlers(host, ...)``), possibly through a name bound to it."""
        found = self._memo.get("#tornado-inits")
        if found is not None:
            return found
        found = self._memo["#tornado-inits"] = []
        self._memo["#tornado-calls"] = []
        if "tornado" not in self.imported_roots:
            return found
        for call, scope in self.calls:
            func = call.func
            args = call.args
            if func.__class__ is ast.Attribute and func.attr == "add_handlers":
                specs = args[1] if len(args) > 1 else None
            else:
                if func.__class__ is ast.Attribute and func.attr == "__init__":
                    inner = func.value
                    if inner.__class__ is ast.Call and inner.func.__class__ is ast.Name and \
                            inner.func.id == "super":
                        # super(App, self).__init__(handlers) in a subclass of Application
                        if not self._tornado_application_class(scope):
                            continue
                        specs = args[0] if args else None
                        for keyword in call.keywords:
                            if keyword.arg == "handlers":
                                specs = keyword.value
                        self._add_tornado_specs(found, specs, scope)
                        continue
                    func, args = inner, args[1:]  # Application.__init__(self, handlers)
                # (by name first: values of other calls may be what is being asked)
                last = func.id if func.__class__ is ast.Name else \
                    func.attr if func.__class__ is ast.Attribute else None
                if last not in _TORNADO_APPLICATION_NAMES:
                    continue
                val = self.value(func, scope, 0)
                if val is None or val.kind != "qual" or \
                        val.name not in TORNADO_APPLICATIONS:
                    continue
                self._memo["#tornado-calls"].append((call, scope))
                specs = args[0] if args else None
                for keyword in call.keywords:
                    if keyword.arg == "handlers":
                        specs = keyword.value
            self._add_tornado_specs(found, specs, scope)
        return found

    def _tornado_application_calls(self):
        """[(Call, scope)] of this module's ``Application(...)`` calls (Tornado's)."""
        self.tornado_inits()
        return self._memo["#tornado-calls"]

    def _tornado_application_class(self, scope):
        """Is *scope* a method of a local subclass of a Tornado Application?"""
        cls_scope = scope.cls if scope.kind == "function" else None
        if cls_scope is None:
            return False
        for base in cls_scope.bases:
            bval = self.value(base, cls_scope.parent, 0)
            if bval is not None and bval.kind == "qual" and bval.name in TORNADO_APPLICATIONS:
                return True
        return False

    def _add_tornado_specs(self, found, specs, scope):
        """Add the (handler, {keyword: value node}, scope) of the handler specs in
        *specs* (tornado_inits)."""
        if specs is not None:
            for spec in self._bound_items(specs, scope):
                if spec.__class__ in (ast.Tuple, ast.List) and len(spec.elts) >= 3:
                    handler, kwargs = spec.elts[1], spec.elts[2]
                elif spec.__class__ is ast.Call and len(spec.args) >= 2:
                    handler = spec.args[1]
                    kwargs = spec.args[2] if len(spec.args) > 2 else next(
                        (k.value for k in spec.keywords if k.arg == "kwargs"), None)
                else:
                    continue
                given = self._keyword_nodes(kwargs, scope)
                if given:
                    found.append((handler, given, scope))

    def _bound_items(self, node, scope):
        """The elements of list or tuple literal *node* (or of the one literal a
        name is bound to; ``a + b`` of such)."""
        if node.__class__ is ast.Name:
            node = self._only_binding(node.id, scope)
        if node.__class__ is ast.BinOp and node.op.__class__ is ast.Add:
            return self._bound_items(node.left, scope) + self._bound_items(node.right, scope)
        if node.__class__ in (ast.List, ast.Tuple):
            return list(node.elts)
        return []

    def _only_binding(self, name, scope):
        """The value node of the one plain assignment of *name* in its scope, or None."""
        items = self._home(name, scope).bindings.get(name, ())
        if len(items) == 1 and items[0][0] == "expr":
            return items[0][1]
        return None

    def _keyword_nodes(self, node, scope):
        """{keyword: value node} of ``dict(db=db)`` or ``{'db': db}`` (or a name bound
        to one of them)."""
        if node.__class__ is ast.Name:
            node = self._only_binding(node.id, scope)
        if node.__class__ is ast.Dict:
            return {k.value: v for k, v in zip(node.keys, node.values)
                    if k.__class__ is ast.Constant and isinstance(k.value, str)}
        if node.__class__ is ast.Call and node.func.__class__ is ast.Name and \
                node.func.id == "dict" and not node.args:
            return {k.arg: k.value for k in node.keywords if k.arg}
        return {}

    def _stored_attr_names(self):
        """The attribute names this module assigns (``x.name = ...``)."""
        names = self._memo.get("#stored-names")
        if names is None:
            names = self._memo["#stored-names"] = frozenset(
                target.attr for target, _value, _scope in self.stores)
        return names

    def property_kind(self, attr, depth=0):
        """``x.<attr>`` where nothing says what ``x`` is, in a module whose classes
        define properties (or class properties) or class attributes called *attr*
        that all give the same PyMongo object (``@property def collection(self)``,
        Flask-MongoSet's ``@classproperty def query(cls)``, ``store = db.things``
        in a class body): that object, at most LIKELY.  One of that name giving
        anything else, or nothing known, makes the name unusable."""
        def agreeing_value():
            found = None
            for val in self._class_level_values(attr, depth):
                val = self._pymongo_or_none(val)
                if val is None or val.conf < LIKELY or (found is not None and (
                        val.kind, val.ref) != (found.kind, found.ref)):
                    return None
                found = found or val
            return found

        return self._guarded(("#property", attr), agreeing_value)

    def _guarded(self, key, compute):
        """compute()'s result for *key*, memoised; None, not memoised, while *key*
        is being computed further up the stack (a property that reads itself, a
        wrapper forwarding to itself, stores that feed each other)."""
        memo = self._memo
        if key in memo:
            return memo[key]
        busy = self._busy
        if key in busy:
            return None
        busy.add(key)
        try:
            result = compute()
        finally:
            busy.discard(key)
        memo[key] = result
        return result

    def _class_level_values(self, attr, depth):
        """What reading *attr* gives on the module's classes that define it at class
        level: the result of each property of that name, the value of each class
        attribute (a mixin's ``self.store`` is the concrete class's ``store = ...``);
        None for a plain method of that name."""
        for fscope in self.methods_by_name.get(attr, ()):
            yield self.function_result(fscope, depth) if _is_property(fscope) else None
        for cls_scope in self.classes:
            for item in cls_scope.bindings.get(attr, ()):
                if item[0] == "expr":
                    node = item[1]
                    if not (node.__class__ is ast.Constant and node.value is None):
                        yield self.value(node, item[2], depth)

    def _has_imported_base(self, cls_scope):
        """Does the local class chain of *cls_scope* end in a base class imported
        from outside the standard library and PyMongo (a project class)?"""
        seen = set()
        while cls_scope is not None and id(cls_scope) not in seen:
            seen.add(id(cls_scope))
            parent = None
            for base in cls_scope.bases:
                bval = self.value(base, cls_scope.parent)
                if bval is None:
                    continue
                if bval.kind == "class":
                    parent = bval.ref
                elif bval.kind == "qual":
                    root = bval.name.partition(".")[0]
                    if root not in _STDLIB and root not in _WRAPPER_EVIDENCE_ROOTS:
                        return True
            cls_scope = parent
        return False

    def local_class_chain(self, cls_scope):
        """*cls_scope*, then each class it derives from through a first base that is
        a local class, once each (a cycle of local bases ends the walk)."""
        seen = set()
        while cls_scope is not None and id(cls_scope) not in seen:
            seen.add(id(cls_scope))
            yield cls_scope
            parent = None
            for base in cls_scope.bases:
                bval = self.value(base, cls_scope.parent)
                if bval is not None and bval.kind == "class":
                    parent = bval.ref
                    break
            cls_scope = parent

    def class_assigns(self, cls_scope, attr):
        """Does the local class (or a local base) assign ``self.<attr>`` or bind *attr*?"""
        return any(attr in each.attrs or attr in each.bindings
                   for each in self.local_class_chain(cls_scope))

    def _constructed_elsewhere(self, attr, node, scope):
        """Is Name *node* a local that every binding in its function constructs
        from a class that is not PyMongo's (``options = _Options(meta)``: the
        read gave no value), while no store of ``.<attr>`` in the module is on
        that name?  Then the module's stores of ``<other>.<attr>`` (on other
        objects: ``new_class.database = conn[name]``) do not type it."""
        if scope is None or scope.kind != "function" or node.__class__ is not ast.Name:
            return False
        items = scope.bindings.get(node.id)
        if not items or node.id in scope.params:
            return False
        for item in items:
            if item[0] != "expr" or item[1].__class__ is not ast.Call:
                return False
            func = item[1].func
            last = func.id if func.__class__ is ast.Name else getattr(func, "attr", "")
            if not last.lstrip("_")[:1].isupper():
                return False
        for target, _value, _tscope in self.stores:
            if target.attr == attr and dotted(target.value) == node.id:
                return False
        return not any(call.func.__class__ is ast.Name and len(call.args) == 3 and
                       call.args[1].__class__ is ast.Constant and call.args[1].value == attr
                       for call, _s in self.callsites.get("setattr", ()))

    def stored_attr_kind(self, attr):
        """The PyMongo kind every store of ``<anything>.<attr> = value`` and
        ``setattr(x, '<attr>', value)`` in the module gives the attribute
        (``Model.db = session`` where session is a Database), at most LIKELY; None
        when a store holds something else or nothing is known."""
        table = self._memo.get("#stored_attrs")
        if table is None:
            table = self._memo["#stored_attrs"] = {}
            for target, value, scope in self.stores:
                if value is not None:
                    table.setdefault(target.attr, []).append((value, scope))
            helpers = {}  # name -> (index of the name, of the value) in its calls
            for call, scope in self.callsites.get("setattr", ()):
                if call.func.__class__ is ast.Name and len(call.args) == 3:
                    name = call.args[1]
                    if name.__class__ is ast.Constant and isinstance(name.value, str):
                        table.setdefault(name.value, []).append((call.args[2], scope))
                    else:
                        helper = self._setattr_helper(call, scope)
                        if helper is not None:
                            helpers.setdefault(helper[0], set()).add(helper[1:])
            for helper, shapes in helpers.items():
                # new_class.addattr('_meta', Meta(meta)), where addattr(self, name,
                # value) calls setattr(self, name, value): a store of _meta
                if len(shapes) != 1 or len(self.methods_by_name.get(helper, ())) != 1:
                    continue
                (at_name, at_value), = shapes
                for call, scope in self.callsites.get(helper, ()):
                    if call.func.__class__ is not ast.Attribute or len(call.args) <= max(
                            at_name, at_value) or call.keywords or any(
                            a.__class__ is ast.Starred for a in call.args):
                        continue
                    name = call.args[at_name]
                    if name.__class__ is ast.Constant and isinstance(name.value, str):
                        table.setdefault(name.value, []).append((call.args[at_value], scope))
        stores = table.get(attr)
        if not stores:
            return None
        # x.db = None (before the connection is made) says nothing against the rest
        stores = [(v, sc) for v, sc in stores
                  if not (v.__class__ is ast.Constant and v.value is None)]
        if not stores:
            return None
        def same_stored_kind():
            vals = [self._stored_value(value, scope) for value, scope in stores]
            kinds = {v.kind for v in vals if v is not None}
            if len(kinds) == 1 and not any(v is None or v.conf < LIKELY for v in vals):
                kind = kinds.pop()
                if kind == "pinstance" and len({v.name for v in vals}) == 1:
                    # an instance of another module's class with PyMongo attributes
                    return Val(kind, vals[0].name, LIKELY)
                return Val(kind, None, LIKELY) if kind in _RESULT_KINDS else None
            return None

        return self._guarded(("#stored_attr", attr), same_stored_kind)

    def _class_name_stores(self, cls_scope, attr):
        """The PyMongo kind (LIKELY) that every ``<Class>.<attr> = value`` of the
        module's functions gives, where <Class> is *cls_scope*'s own name."""
        table = self._memo.get("#class_name_stores")
        if table is None:
            table = self._memo["#class_name_stores"] = {}
            for t, v, sc in self.stores:
                if v is not None and t.value.__class__ is ast.Name and \
                        sc.kind == "function" and \
                        not (v.__class__ is ast.Constant and v.value is None):
                    table.setdefault((t.value.id, t.attr), []).append((v, sc))
        name = cls_scope.name
        stores = table.get((name, attr))
        if not stores:
            return None

        def agreeing():
            vals = [self.value(v, sc) for v, sc in stores]
            kinds = {v.kind for v in vals if v is not None}
            if len(kinds) == 1 and all(v is not None and v.conf >= LIKELY for v in vals):
                kind = kinds.pop()
                if kind in _RESULT_KINDS:
                    return Val(kind, None, LIKELY)
            return None

        return self._guarded(("#class_name_store", name, attr), agreeing)

    @staticmethod
    def _setattr_helper(call, scope):
        """(method name, index of the name, index of the value among a call's
        arguments) when *call* is ``setattr(self, name, value)`` in a method whose
        parameters *name* and *value* are (``def addattr(self, name, value)``)."""
        if scope.kind != "function" or not scope.is_method or scope.cls is None:
            return None
        target, name, value = call.args
        if any(a.__class__ is not ast.Name or a.id not in scope.params
               for a in (target, name, value)):
            return None
        if scope.params[target.id][0] != 0:
            return None  # setattr on the instance (or class) the method is called on
        at_name, at_value = scope.params[name.id][0], scope.params[value.id][0]
        if not at_name or not at_value:
            return None
        return scope.name, at_name - 1, at_value - 1

    def _stored_value(self, value, scope):
        """What reading an attribute that *value* was stored in gives: for a
        function wrapped by a local descriptor class whose ``__get__`` calls it
        (``cached_classmethod``: ``new_class.coll = coll``), what it returns."""
        val = self.value(value, scope)
        if val is not None and val.kind == "function" and val.ref is not None and \
                val.ref.decorators and any(self._calling_descriptor(d, val.ref)
                                           for d in val.ref.decorators):
            val = self.function_result(val.ref, 0)
            if val is not None and val.kind == "instance" and val.ref is not None:
                # an instance of a local subclass of Collection is a Collection
                inherited = self.class_base_kind(val.ref)
                val = Val(inherited, None, LIKELY) if inherited else val
        return val

    def _calling_descriptor(self, decorator, fscope):
        """Is *decorator* a local class whose ``__get__`` calls the function it wraps
        (an attribute of ``self``) with the instance or owner it is read on?"""
        if decorator.__class__ is not ast.Name:
            return False
        found = self.lookup(decorator.id, fscope.parent)
        if found is None or found.kind != "class" or found.ref is None:
            return False
        for item in found.ref.bindings.get("__get__", ()):
            if item[0] != "def":
                continue
            node = item[1].node
            params = {a.arg for a in node.args.args[1:]}
            for sub in ast.walk(node):
                if sub.__class__ is ast.Call and sub.func.__class__ is ast.Attribute and \
                        sub.func.value.__class__ is ast.Name and \
                        sub.func.value.id == node.args.args[0].arg and any(
                            a.__class__ is ast.Name and a.id in params for a in sub.args):
                    return True
        return False

    def attr_typed_by_use(self, cls_scope, attr):
        """``self.<attr>`` of a class that passes it where PyMongo takes a Database or a
        client (``GridFS(self._database)``, ``Collection(self.db, name)``): that kind."""
        uses = self._constructor_uses()
        for each in self.local_class_chain(cls_scope):
            kind = uses.get((id(each), attr))
            if kind is not None:
                return Val(kind, None, LIKELY)
        return None

    def _constructor_uses(self):
        uses = self._memo.get("#uses")
        if uses is not None:
            return uses
        uses = self._memo["#uses"] = {}
        for call, scope in self.calls:
            func = call.func
            last = func.id if func.__class__ is ast.Name else getattr(func, "attr", None)
            if last not in _ARG_KIND_NAMES or not call.args:
                continue
            arg = call.args[0]
            if arg.__class__ is not ast.Attribute or arg.value.__class__ is not ast.Name:
                continue
            fscope = scope
            while fscope is not None and fscope.kind != "function":
                fscope = fscope.parent
            if fscope is None or fscope.cls is None or not fscope.is_method or \
                    self._first_param(fscope) != arg.value.id:
                continue
            fval = self.value(func, scope)
            if fval is not None and fval.kind == "qual" and fval.name in ARG_KINDS:
                uses.setdefault((id(fscope.cls), arg.attr), ARG_KINDS[fval.name])
        return uses

    def metaclass_user(self, cls_scope):
        """The local class built by metaclass *cls_scope* (``__metaclass__ = M`` or
        ``class C(metaclass=M)``), or None: in a metaclass's methods the first
        parameter is that class, not an instance of the metaclass."""
        key = ("#metaclass", id(cls_scope))
        memo = self._memo
        if key in memo:
            return memo[key]
        memo[key] = None
        if not any(b.__class__ is ast.Name and b.id == "type" for b in cls_scope.bases):
            return None
        for user in self.classes:
            declared = [k.value for k in user.node.keywords if k.arg == "metaclass"]
            declared.extend(item[1] for item in user.bindings.get("__metaclass__", ())
                            if item[0] == "expr")
            for node in declared:
                val = self.value(node, user.parent)
                if val is not None and val.kind == "class" and val.ref is cls_scope:
                    memo[key] = user
                    return user
        return None

    def mixin_kind(self, cls_scope, attr):
        """The PyMongo kind ``self`` is in a method of *cls_scope*, a local class with
        no PyMongo base, when every local class deriving from it that has one has
        the same kind and none of them (nor *cls_scope*) defines *attr*: a mixin of
        client subclasses reads the client's own ``self.database_names()``
        (pyramid_mongokit's connection mixins), at most LIKELY; else None."""
        subclasses = self._guarded(("#mixed-into", id(cls_scope)),
                                   lambda: self._derived_classes(cls_scope))
        if not subclasses or self.class_assigns(cls_scope, attr):
            return None
        kinds = set()
        for sub in subclasses:
            if self.class_assigns(sub, attr):
                return None
            kind = self.class_base_kind(sub)
            if kind is not None:
                kinds.add(kind)
            elif not self._guarded(("#mixed-into", id(sub)),
                                   lambda: self._derived_classes(sub)):
                return None  # a leaf that is no PyMongo object: self may be anything
        return Val(kinds.pop(), None, LIKELY) if len(kinds) == 1 else None

    def _derived_classes(self, cls_scope):
        """The local classes deriving from *cls_scope* through local bases (any of
        their bases, at any depth)."""
        found = []
        frontier = [cls_scope]
        while frontier:
            parent = frontier.pop()
            for each in self.classes:
                if each is cls_scope or each in found:
                    continue
                for base in each.bases:
                    bval = self.value(base, each.parent)
                    if bval is not None and bval.kind == "class" and bval.ref is parent:
                        found.append(each)
                        frontier.append(each)
                        break
        return found

    def class_base_kind(self, cls_scope):
        """The PyMongo kind a local class inherits from (class C(Collection)), or None."""
        qual = self.class_base_qual(cls_scope)
        return CONSTRUCTORS.get(qual) if qual else None

    def class_base_qual(self, cls_scope, seen=None):
        """The PyMongo class (qualified name) a local class inherits from, or None."""
        if cls_scope is None:
            return None
        cached = self._base_kinds.get(id(cls_scope), False)
        if cached is not False:
            return cached
        seen = seen or set()
        if id(cls_scope) in seen:
            return None
        seen.add(id(cls_scope))
        self._base_kinds[id(cls_scope)] = None
        result = None
        for base in cls_scope.bases:
            bval = self.value(base, cls_scope.parent)
            if bval is None:
                continue
            if bval.kind == "qual" and bval.name in CONSTRUCTORS:
                result = bval.name
            elif bval.kind == "subclass":  # a project subclass from another module
                result = bval.name
            elif bval.kind == "class":
                result = self.class_base_qual(bval.ref, seen)
            if result:
                break
        self._base_kinds[id(cls_scope)] = result
        return result

    def method_receiver(self, val, name):
        """*val* as a method receiver: an instance of a local subclass of a PyMongo class
        that does not define *name* itself acts as that PyMongo kind; so does an
        instance whose ``__getattr__`` forwards to a PyMongo object.  An instance of
        another module's class is unknown here (its summary holds attributes, not
        which methods it defines)."""
        if val is None or val.kind != "instance":
            return None if val is not None and val.kind == "pinstance" else val
        cls_scope = val.ref
        inherited = self.class_base_kind(cls_scope)
        if self.class_assigns(cls_scope, name):
            return val
        if inherited is None:
            forwarded = self.forward_target(cls_scope)
            if forwarded is None:
                return self.mixin_kind(cls_scope, name) or val
            if forwarded.kind == "instance" and forwarded.ref is not cls_scope:
                return self.method_receiver(forwarded, name)
            return forwarded
        return Val(inherited, None, val.conf)

    def forward_target(self, cls_scope, depth=0):
        """What instances of local class *cls_scope* forward unknown attributes to:
        the PyMongo object ``X`` when every return of its ``__getattr__(self, name)``
        is ``getattr(X, name)`` (a wrapper that adds a few methods and passes the
        rest on), at most LIKELY; None otherwise."""
        return self._guarded(("#forward", id(cls_scope)),
                             lambda: self._forward_target(cls_scope, depth))

    def _forward_target(self, cls_scope, depth):
        targets = self._getattr_targets(cls_scope, depth)
        if not targets:
            return None
        fscope, nodes = targets
        return self._pymongo_or_none(self._best([self.value(n, fscope, depth) for n in nodes]))

    def _getattr_targets(self, cls_scope, depth):
        """(``__getattr__``'s scope, [X ...]) when every return of the class's
        ``__getattr__(self, name)`` is ``getattr(X, name)``: directly, through a name
        bound once to it (``attr = getattr(self.conn, key); return attr``), or
        wrapped in a local proxy class (:meth:`_unwrap_proxy`); else None."""
        found = self.class_attr(cls_scope, "__getattr__", depth)
        if found is None or found.kind != "method" or not found.ref.returns:
            return None
        fscope = found.ref
        positional = fscope.node.args.args
        if len(positional) < 2:
            return None
        param = positional[1].arg
        nodes = []
        for ret in fscope.returns:
            ret = self._unwrap_proxy(ret, fscope, depth)
            ret = _partial_of(ret)
            if ret.__class__ is ast.Name:
                items = fscope.bindings.get(ret.id, ())
                if len(items) != 1 or items[0][0] != "expr":
                    return None
                ret = items[0][1]
            if not (ret.__class__ is ast.Call and ret.func.__class__ is ast.Name and
                    ret.func.id == "getattr" and len(ret.args) >= 2 and
                    ret.args[1].__class__ is ast.Name and ret.args[1].id == param):
                return None
            nodes.append(ret.args[0])
        return fscope, nodes

    def forward_param(self, cls_scope):
        """For the summary: the index (``self`` not counted) of the ``__init__``
        parameter that instances of *cls_scope* keep in ``self.<attr>`` and forward
        every unknown attribute to (``getattr(self.<attr>, name)``), or None."""
        targets = self._getattr_targets(cls_scope, 0)
        if not targets:
            return None
        fscope, nodes = targets
        nodes = [self.dict_attr(n) or n for n in nodes]
        me = fscope.node.args.args[0].arg
        if not all(n.__class__ is ast.Attribute and n.value.__class__ is ast.Name and
                   n.value.id == me for n in nodes):
            return None  # getattr(self.<attr>, name) only
        attrs = {n.attr for n in nodes}
        init = self.class_attr(cls_scope, "__init__", 0, instance=False)
        if len(attrs) != 1 or init is None or init.kind != "method":
            return None
        stores = cls_scope.attrs.get(attrs.pop(), ())
        indexes = {init.ref.params[value.id][0] for _tag, value, scope in stores
                   if scope is init.ref and value.__class__ is ast.Name and
                   value.id in init.ref.params and init.ref.params[value.id][0]}
        if len(indexes) != 1 or len(stores) != 1:
            return None
        return indexes.pop() - 1

    def _exported_forward(self, val):
        """What an instance of a forwarding local class is for importers: the PyMongo
        object it forwards to, when the class overrides none of that object's
        members (an importer cannot tell its own methods from the forwarded ones)."""
        forwarded = self.forward_target(val.ref)
        if forwarded is None or forwarded.kind not in MEMBER_ATTRS:
            return None
        if _local_names(self, val.ref) & MEMBER_ATTRS[forwarded.kind]:
            return None
        return forwarded

    def _unwrap_proxy(self, node, fscope, depth):
        """``Proxy(x, ...)`` -> ``x`` when Proxy is a local class that passes itself
        on (it defines ``__getattr__`` or ``__call__``): a proxy that wraps what it
        forwards (MongoProxy(attr), Executable(attr)) exposes the same PyMongo
        object to the linter."""
        if node.__class__ is ast.Call and node.args and \
                node.args[0].__class__ is not ast.Starred:
            fval = self.value(node.func, fscope, depth)
            if fval is not None and fval.kind == "class" and \
                    self.class_base_qual(fval.ref) is None and (
                        self.class_assigns(fval.ref, "__getattr__") or
                        self.class_assigns(fval.ref, "__call__")):
                return node.args[0]
        return node

    def _pymongo_or_none(self, val):
        """*val* (at most LIKELY) if it is a PyMongo object or an instance of a local
        subclass of a PyMongo class, else None."""
        if val is None:
            return None
        if val.kind in _RESULT_KINDS or (
                val.kind == "instance" and self.class_base_kind(val.ref) is not None):
            return val.weaker(LIKELY)
        return None

    def instance_item(self, val, depth):
        """``obj[key]`` for an instance of a local class: what its ``__getitem__``
        returns (a PyMongo object), or what its PyMongo base class's items are."""
        found = self.class_attr(val.ref, "__getitem__", depth)
        if found is not None and found.kind == "method":
            fscope = found.ref
            return self._pymongo_or_none(self._best([
                self.value(self._unwrap_proxy(r, fscope, depth), fscope, depth)
                for r in fscope.returns]))
        inherited = self.class_base_kind(val.ref)
        kind = ITEM_KINDS.get(inherited) if inherited else None
        return Val(kind, None, val.conf) if kind else None

    def _descriptor_result(self, val, depth):
        """A class attribute holding an instance of a local descriptor class
        (``objects = CollectionDescriptor()``, whose ``__get__`` returns
        ``db[owner.__name__.lower()]``): reading it gives what ``__get__``
        returns (at most LIKELY); any other value as it is."""
        if val is None or val.kind != "instance" or val.ref is None:
            return val
        for item in val.ref.bindings.get("__get__", ()):
            if item[0] == "def":
                result = self._pymongo_or_none(self.function_result(item[1], depth))
                return result.weaker(LIKELY) if result is not None else val
        return val

    def class_attr(self, cls_scope, attr, depth, instance=True, seen=None):
        if cls_scope is None:
            return None
        seen = seen or set()
        if id(cls_scope) in seen:
            return None
        seen.add(id(cls_scope))
        candidates = []
        items = cls_scope.attrs.get(attr) if instance else None
        if items:
            candidates.extend(self._item(item, depth) for item in items)
        items = cls_scope.bindings.get(attr)
        if items:
            for item in items:
                if item[0] == "def":
                    fscope = item[1]
                    if (instance and _is_property(fscope)) or _is_class_property(fscope):
                        candidates.append(self._best(
                            [self.value(r, fscope, depth) for r in fscope.returns]))
                    else:
                        candidates.append(Val("method", fscope.name, CERTAIN, fscope))
                else:
                    getter = _property_call_getter(item, cls_scope) if instance else None
                    if getter is not None:  # conn = property(_get_conn)
                        candidates.append(self._best(
                            [self.value(r, getter, depth) for r in getter.returns]))
                        continue
                    candidates.append(self._descriptor_result(self._item(item, depth),
                                                              depth))
        best = self._best(candidates)
        if best is not None:
            return best
        if cls_scope.parent is self.module:
            # banks = None in the class body, Connector.banks = db.banks in its
            # __init__: a class attribute that the class's code fills in
            found = self._class_name_stores(cls_scope, attr)
            if found is not None:
                return found
        for base in cls_scope.bases:
            bval = self.value(base, cls_scope.parent, depth)
            if bval is not None and bval.kind == "class":
                found = self.class_attr(bval.ref, attr, depth, instance, seen)
                if found is not None:
                    return found
            elif bval is not None and bval.kind == "qual":
                # a base class in another module of the project (its summary)
                found = self.project.get(bval.name + "." + attr)
                if found is not None:
                    return found
        if instance:
            # ``collection = None`` here, ``collection = db.users`` in the
            # subclasses (of this module or of others)
            return self.subclass_provided(cls_scope, attr)
        return None

    def wrapper_call(self, call, scope, depth=0):
        """Is ``x.name(first, ...)`` a wrapper's method taking a collection or a class
        first (see _WRAPPER_FIRST_ARG_KINDS)?"""
        if not call.args or call.args[0].__class__ is ast.Starred:
            return False
        first = call.args[0]
        if first.__class__ is ast.Name and first.id == "cls":
            return True
        val = self.value(first, scope, depth)
        return val is not None and val.kind in _WRAPPER_FIRST_ARG_KINDS

    def call_result(self, call, scope, depth):
        result = self._call_result(call, scope, depth)
        if result is None and call.func.__class__ is ast.Attribute:
            result = self.wrapper_result(call, scope, depth)
        if result is not None and result.kind.startswith("dispatch:"):
            return self.dispatched(call, result)
        return result

    # -- the method index: what project methods return --------------------------
    #
    # ``store.find(resource, req)`` where ``store`` is nothing the analysis knows
    # (an attribute of a framework's app object, a document class registered on
    # a mongokit collection ...): when the methods of that name defined in the
    # project (this module's classes, and the summaries of the imported project
    # packages) all return one PyMongo kind, and the call fits their signature,
    # the result is taken to be that kind (at most LIKELY).  One method of that
    # name returning something else (a list, a dict, a local instance) makes the
    # name unusable.

    def _wrapper_receiver(self, call, scope, depth):
        """Is the receiver of ``x.name(...)`` one the method index may stand in for?"""
        func = call.func
        if any(n in FOREIGN_LINKS for n in chain_names(func.value)[:-1]):
            return False  # Item.objects.filter(...): a Django/mongoengine manager
        base = self.value(func.value, scope, depth)
        if base is None or base.kind == "pinstance":
            return True
        kind = base.kind
        if kind in ("instance", "class"):
            # User.get_collection() where User's local classes do not define the
            # method but a base class imported from the project may
            return not self.class_assigns(base.ref, func.attr) and \
                self._has_imported_base(base.ref)
        if kind in CHILD_KINDS:
            # calling a child of a PyMongo object (coll.Doc.fetch()) is never PyMongo's
            # own API: the chain goes through a wrapper library
            return func.attr not in MEMBER_ATTRS[kind] and not func.attr.startswith("_")
        if kind == "qual":
            root = base.name.partition(".")[0]
            # an attribute of an imported object (flask's current_app.data), not of
            # an imported module or a PyMongo name
            return (root not in _STDLIB and root not in _WRAPPER_EVIDENCE_ROOTS and
                    base.name not in self.imported_modules and
                    base.name not in self.project)
        return False

    def wrapper_result(self, call, scope, depth):
        name = call.func.attr
        if name.startswith("__") or not self._wrapper_receiver(call, scope, depth):
            return None
        self.wrapper_calls.add(name)  # the engine looks these names up in the project
        entries = self.method_index(name, depth)
        if not entries:
            return None
        kinds = {kind for kind, _conf, _sigs in entries}
        if len(kinds) != 1 or None in kinds:
            return None
        if not any(signature_fits(sig, call) for _k, _c, sigs in entries for sig in sigs):
            return None
        conf = min(conf for _k, conf, _s in entries)
        return Val(kinds.pop(), None, min(conf, LIKELY))

    def method_index(self, name, depth=0):
        """[(kind or None for a conflict, conf, signatures)] for the project methods
        called *name*: this module's own, then the imported project packages'."""
        entries = []
        local = self.local_method_returns(name, depth)
        if local is not None:
            entries.append(local)
        if self.project:
            roots = set(self.imported_roots)
            roots.add(self.module_name.partition(".")[0])
            for val in self.project.method_entries(name, roots, local):
                if val is not None:
                    entries.append(_method_entry(val))
        return entries

    def local_method_returns(self, name, depth=0):
        """(kind, conf, signatures) for this module's methods called *name*; (None,
        0, ()) when one returns something that is not PyMongo's; None if unknown."""
        fscopes = self.methods_by_name.get(name)
        if not fscopes:
            return None
        key = ("#method", name)
        memo = self._memo
        if key in memo:
            return memo[key]
        if key in self._busy:
            return None
        self._busy.add(key)
        try:
            kinds, confs, sigs = set(), [], []
            for fscope in fscopes:
                if _is_property(fscope) or not fscope.returns:
                    continue
                ret = self.function_result(fscope, depth)
                if ret is None:
                    continue
                if ret.conf < LIKELY and ret.kind in _RESULT_KINDS and not any(
                        r.__class__ is ast.Call and self.value(r, fscope, depth) == ret
                        for r in fscope.returns):
                    # ``return self.connection``: a name alone says too little about
                    # a method every caller in the project will be typed by
                    continue
                if ret.kind not in _RESULT_KINDS and not ret.kind.startswith("dispatch:"):
                    kinds.add(None)
                    break
                kinds.add(ret.kind)
                confs.append(ret.conf)
                sigs.append(method_signature(fscope))
            if not kinds:
                result = None
            elif len(kinds) > 1 or None in kinds:
                result = (None, 0, ())
            else:
                result = (kinds.pop(), min(confs), tuple(sigs))
        finally:
            self._busy.discard(key)
        memo[key] = result
        return result

    def _dispatch_param(self, fscope):
        """The name of the first parameter after self/cls of *fscope*, or None."""
        first = 1 if fscope.is_method else 0
        for name, (index, _annotation, _default) in fscope.params.items():
            if index == first:
                return name
        return None

    def _dispatcher(self, fscope, depth):
        """``Val("dispatch:<kind>")`` when *fscope* calls a method of a PyMongo
        object by the name its first parameter holds and returns the result
        (``func = getattr(coll, func_name, None); return func(*a, **kw)``), or
        passes that parameter on to another dispatcher; else None."""
        param = self._dispatch_param(fscope)
        if param is None or not fscope.returns:
            return None
        for ret in fscope.returns:
            if ret.__class__ is not ast.Call:
                return None
            func = ret.func
            if func.__class__ is ast.Name and func.id != "getattr":
                lookups = [item[1] for item in fscope.bindings.get(func.id, ())
                           if item[0] == "expr"]
                if len(lookups) != 1:
                    return None
                func = lookups[0]
            if func.__class__ is ast.Call and func.func.__class__ is ast.Name and \
                    func.func.id == "getattr" and len(func.args) >= 2 and \
                    func.args[1].__class__ is ast.Name and func.args[1].id == param:
                base = self.value(func.args[0], fscope, depth)
                if base is None or base.kind not in RETURNS or base.conf < LIKELY:
                    return None
                return Val("dispatch:" + base.kind, None, min(base.conf, LIKELY))
            if ret.args and ret.args[0].__class__ is ast.Name and ret.args[0].id == param:
                # return self.backend._delegate(func_name, *a): a forwarder
                found = self.value(ret, fscope, depth)
                if found is not None and found.kind.startswith("dispatch:"):
                    return found
            return None
        return None

    def dispatched(self, call, val):
        """What a call of a dispatcher (*val*: its "dispatch:<kind>" result) gives:
        the named method's result for a constant name, the dispatcher itself for
        a name the caller takes as its own first parameter, else None."""
        base_kind = val.kind.partition(":")[2]
        if not call.args:
            return None
        first = call.args[0]
        if first.__class__ is ast.Constant and isinstance(first.value, str):
            self.dispatch_calls[id(call)] = (base_kind, first.value, val.conf)
            kind = RETURNS.get(base_kind, {}).get(first.value)
            return Val(kind, None, val.conf) if kind else None
        if first.__class__ is ast.Name:
            return val
        return None

    def function_result(self, fscope, depth):
        """What calling local function or method *fscope* returns.  A method of a
        subclass of a PyMongo class that overrides one of its methods returns what
        the PyMongo method returned (``Collection.find`` a cursor) when its own
        return values say nothing."""
        dispatch = self._dispatcher(fscope, depth)
        if dispatch is not None:
            return dispatch
        result = self._best([self.value(r, fscope, depth) for r in fscope.returns])
        if result is None and fscope.yields and any(
                "contextmanager" in name for name in _decorator_names(fscope)):
            # @contextmanager: ``with f() as x`` binds what the generator yields
            return self._pymongo_or_none(self._yielded(fscope, depth))
        if result is None and fscope.cls is not None:
            inherited = self.class_base_kind(fscope.cls)
            kind = RETURNS.get(inherited, {}).get(fscope.name) if inherited else None
            if kind is not None:
                return Val(kind, None, LIKELY)
            if fscope.is_method:
                # an abstract get_collection() the subclasses (of this module or
                # of others) override to return a Collection
                return self.subclass_provided(fscope.cls, fscope.name, call=True)
        return result

    def _call_result(self, call, scope, depth):
        func = call.func
        fcls = func.__class__
        if fcls is ast.Attribute:
            base = self.value(func.value, scope, depth)
            if (base is None or base.conf < LIKELY) and func.attr in COLLECTION_ATTRS and \
                    self.wrapper_call(call, scope, depth):
                return Val("foreign", func.attr, LIKELY)
            if func.attr == "get" and (base is None or base.kind in (
                    "builtin", CONTAINER_KIND)) and call.args:
                item = self.container_item(func.value, base, scope, depth)
                if item is not None:
                    return item
            if base is not None:
                returns = RETURNS.get(base.kind)
                if returns is not None:
                    kind = returns.get(func.attr)
                    if kind is not None:
                        return Val(kind, None, base.conf)
                    if func.attr in MEMBER_ATTRS.get(base.kind, ()):
                        return None
                elif base.kind == "instance" and base.ref is not None and \
                        func.attr in _INHERITED_RESULTS:
                    # Students(...).find(q) on a subclass of a PyMongo class that does
                    # not override find: PyMongo's method, PyMongo's result
                    inherited = self.class_base_kind(base.ref)
                    kind = RETURNS.get(inherited, {}).get(func.attr) if inherited else None
                    if kind is not None and self.class_attr(base.ref, func.attr, depth) is None:
                        return Val(kind, None, min(base.conf, LIKELY))
            elif func.attr == "find" and (not call.args or call.args[0].__class__ in (
                    ast.Dict, ast.DictComp)):
                return Val("cursor", None, HINT)  # x.find(<mapping>?) is a cursor by shape
            fval = self.attr_of(base, func.attr, func.value, scope, depth)
        elif fcls is ast.Name:
            if func.id == "getattr" and len(call.args) >= 2:
                base = self.value(call.args[0], scope, depth)
                if base is None:
                    return None
                name = call.args[1]
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    return self.attr_of(base, name.value, call.args[0], scope, depth)
                if base.kind == "collection":
                    # getattr(coll, name) with a computed name: a dispatcher's
                    # method lookup as often as a sub-collection -- neither is known
                    return None
                child = CHILD_KINDS.get(base.kind)
                return Val(child, None, min(base.conf, LIKELY)) if child else None
            if func.id == "dict" and self.lookup("dict", scope, depth) is None:
                return Val("builtin", "Dict", HINT, (call, scope))
            if func.id == "super":
                fscope = scope
                while fscope is not None and fscope.cls is None:
                    fscope = fscope.parent
                if fscope is not None:
                    inherited = self.class_base_kind(fscope.cls)
                    if inherited is not None:
                        return Val(inherited, None, CERTAIN)
                return None
            fval = self.lookup(func.id, scope, depth)
        else:
            return None
        if fval is None:
            return None
        kind = fval.kind
        if kind == "qual" and fval.name in _PASSTHROUGH_CALLS and len(call.args) == 1 and \
                not call.keywords:
            return self._passed_through(call.args[0], _PASSTHROUGH_CALLS[fval.name],
                                        scope, depth)
        if kind == "qual" or kind == "subclass":
            made = CONSTRUCTORS.get(fval.name)
            if made is None and fval.name.endswith(".from_uri"):  # Connection.from_uri(uri)
                made = CONSTRUCTORS.get(fval.name[: -len(".from_uri")])
            forwards = self.project.get(fval.name + FORWARD_KEY) if made is None else None
            if forwards is not None and forwards.kind == "forwards":
                # a proxy class of another module: it forwards to that argument
                index = int(forwards.name)
                if index < len(call.args) and not any(
                        a.__class__ is ast.Starred for a in call.args[: index + 1]):
                    return self._pymongo_or_none(self.value(call.args[index], scope, depth))
                return None
            if made is None and kind == "qual" and self.project and \
                    fval.name.partition(".")[0] not in _STDLIB and \
                    self.project.is_class(fval.name):
                # an instance of a class of another module of the project
                return Val("pinstance", fval.name, LIKELY)
            return Val(made, None, fval.conf) if made else None
        if kind in ("function", "method"):
            return self.function_result(fval.ref, depth)
        if kind == "class":
            return Val("instance", fval.name, fval.conf, fval.ref)
        if kind == "returns":
            if fval.name and fval.name.startswith(PINSTANCE_RESULT):
                # get_backend() of another module: an instance of a project class
                return Val("pinstance", fval.name[len(PINSTANCE_RESULT):], LIKELY)
            return Val(fval.name, None, fval.conf)
        return None

    # -- cross-module summary -------------------------------------------------

    def exports(self) -> Dict[str, Val]:
        """Module-level names holding PyMongo objects: {qualname: Val}."""
        out = {}
        factories = []  # (key, class key, imported?) of functions returning instances
        prefix = self.module_name + "." if self.module_name else ""
        for name, items in self.module.bindings.items():
            if any(item[0] == "val" for item in items):
                # an import in a package's __init__ is a re-export (``from .x
                # import Foo``): it passes on what the source's summary says of it
                if self.is_package and len(items) == 1 and self.project:
                    self._re_export(items[0][1], prefix + name, out)
                first = items[0][1] if items[0][0] == "val" else None
                if first is not None and first.kind == "qual" and \
                        first.name in CONSTRUCTORS and prefix + name not in out:
                    # a PyMongo class imported here (the first of try/except
                    # alternatives, as lookup() keeps it): connection.MongoReplicaSetClient
                    # in an importer is that class
                    out[prefix + name] = Val("qual", first.name, CERTAIN)
                continue
            val = self._best([self._item(item, 0) for item in items])
            if val is None or val.kind == "builtin":
                # collections = {} filled with db[name] in a loop, COLLS =
                # dict(users=db.users): importers read its items (CONTAINER_KIND)
                kind = self._container_export(name, items)
                if kind is not None:
                    out[prefix + name] = Val(CONTAINER_KIND, kind, LIKELY)
                continue
            if val.kind == "instance":
                # handle = Mongo(uri) of a local class forwarding to a PyMongo object
                # (and overriding none of its members): importers see that object
                val = self._exported_forward(val) or val
            if val.kind in ("client", "database", "collection", "cursor", "gridfs",
                            "flask_pymongo") and val.conf >= LIKELY:
                out[prefix + name] = Val(val.kind, None, val.conf)
            elif val.kind == "pinstance" and val.name and val.conf >= LIKELY:
                # mongo = Mongo(app) of an extension class of another module whose
                # properties give PyMongo objects (``mongo.db``): the importers of
                # ``mongo`` (a Flask app's views) read them through this instance
                out[prefix + name] = Val("pinstance", val.name, LIKELY)
            elif val.kind == "function":
                results = val.ref.returns
                if val.ref.yields and any(d in _FIXTURE_DECORATORS
                                          for d in _decorator_names(val.ref)):
                    results = results + val.ref.yields  # a yield fixture gives what it yields
                returned = [self.value(r, val.ref, 0) for r in results]
                ret = self._best(returned)
                if ret is not None and ret.kind in CHILD_KINDS and ret.conf >= LIKELY:
                    out[prefix + name] = Val("returns", ret.kind, ret.conf)
                elif ret is not None and ret.kind == "cursor" and all(
                        v is not None and v.kind == "cursor" and v.conf >= LIKELY
                        for v in returned):
                    # a query helper (pupa's people_by_name(): return db.people.find(spec)):
                    # its importers' people.count() is the Cursor's.  Only when no
                    # return gives anything else (a list, None): a helper that may
                    # return either leaves the caller's value open
                    out[prefix + name] = Val("returns", "cursor", min(ret.conf, LIKELY))
                elif ret is not None and ret.conf >= LIKELY and (
                        ret.kind == "pinstance" and ret.name or
                        ret.kind == "instance" and ret.ref is not None and
                        ret.ref.parent is self.module):
                    # a factory (get_backend(), get_queue()) returning an instance
                    # of a project class: kept if that class exports entries
                    # (_local_instances), for importers' get_backend().collections
                    factories.append((prefix + name, ret.name, True) if ret.kind ==
                                     "pinstance" else (prefix + name,
                                                       prefix + ret.ref.name, False))
            elif val.kind == "class" and val.ref is not None:
                # a subclass of a PyMongo class: importers construct PyMongo objects
                # with it (its constructor takes PyMongo's arguments)
                base_qual = self.class_base_qual(val.ref)
                if base_qual:
                    out[prefix + name] = Val("subclass", base_qual, CERTAIN)
                else:
                    # only with evidence: then the file holds a prefilter token, so
                    # its summary is there with the prefilter as without it (the
                    # evidence is read last: a look that does not read it is not
                    # repeated for evidence borrowed later, ModuleAnalysis.questions)
                    index = self.forward_param(val.ref)
                    if index is not None and self.evidence:
                        out[prefix + name + FORWARD_KEY] = Val("forwards", str(index), LIKELY)
                # attributes of instances (self.x = ...) and class attributes, so that
                # subclasses in other modules see them
                cls_scope = val.ref
                used_kinds = self._use_kinds
                for attr in set(cls_scope.attrs) | set(cls_scope.bindings):
                    found = self.class_attr(cls_scope, attr, 0)
                    if found is None and used_kinds and attr in cls_scope.attrs and \
                            self.evidence:
                        # self._objects = getattr(db, name), then self._objects.update(
                        # q, {'$set': ...}) in a method: typed by its use here, so a
                        # subclass's instances elsewhere hold that Collection too
                        found = used_kinds.get(("attr", attr))
                    if found is not None and found.kind == "method" and \
                            attr in _ITEM_METHODS and attr in cls_scope.bindings:
                        # store['users'], store.users on an importer's instance:
                        # what __getitem__ / __getattr__ return (a forwarding
                        # proxy's __getattr__ entry is its "forwards" instead)
                        found = self._method_export(found.ref)
                        key = prefix + name + "." + attr
                        if found is not None and key not in out:
                            out[key] = found
                        continue
                    if found is not None and found.kind == "method" and \
                            attr in cls_scope.bindings and not attr.startswith("__"):
                        # what the method returns, for calls on instances elsewhere
                        # (``Backend(uri).get_collection(name)``): the class's own
                        # method, where the method index may hold a conflict
                        found = self._method_export(found.ref)
                        if found is not None:
                            out[prefix + name + "." + attr] = found
                        continue
                    if found is not None and found.kind in _EXPORTED_KINDS and \
                            found.conf >= LIKELY:
                        out[prefix + name + "." + attr] = Val(found.kind, None, found.conf)
                    elif (found is None or found.kind == "builtin") and \
                            attr in cls_scope.attrs:
                        # self.collections = dict((n, db[n]) for n in NAMES): the
                        # items of the container, for importers' instances and
                        # subclasses (CONTAINER_KIND)
                        kind = self._class_container_kind(cls_scope, attr)
                        if kind is not None:
                            out[prefix + name + "." + attr] = Val(CONTAINER_KIND, kind,
                                                                  LIKELY)
        self._local_instances(out, prefix)
        for key, cls_key, imported in factories:
            # an imported class is a pinstance only when the project says it has
            # PyMongo entries; a local one, when this summary holds some
            if key not in out and (imported or any(k.startswith(cls_key + ".") for k in out)):
                out[key] = Val("returns", PINSTANCE_RESULT + cls_key, LIKELY)
        if self.is_package and self.project:
            # from .conn import * in a package's __init__: it re-exports every
            # name the module exports (importers write ``from app import db``)
            for module in self.star_modules:
                for key in self.project.below(module):
                    name = key[len(module) + 1:]
                    if name and prefix + name not in out:
                        self._re_export(Val("qual", key), prefix + name, out)
        self._django_settings(out, prefix)
        self._imported_object_stores(out)
        self._param_exports(out)
        if self.module_name:
            defs = self._receiving_defs()
            if defs:
                out[DEFS_KEY + self.module_name] = Val("defs", ";".join(sorted(defs)), HINT)
        root = self.module_name.partition(".")[0]
        if root:
            for name in self.methods_by_name:
                if name.startswith("__"):
                    continue
                entry = self.local_method_returns(name)
                if entry is None:
                    continue
                kind, conf, sigs = entry
                out[METHOD_KEY + root + ":" + name] = Val(
                    "methods", (kind + "|" + ";".join(sigs)) if kind else "", conf)
            self._property_exports(out, root)
        return out

    def _property_exports(self, out, root):
        """The method index's property entries (PROPERTY_MARK): for each name this
        module's classes define as a property, the PyMongo kind they all give
        (:meth:`property_kind`), or a conflict ("") when one gives anything else,
        so that other modules of the package read ``x.<name>`` on an unknown ``x``
        as that kind (:meth:`package_property_kind`).  Only with evidence: then the
        file holds a prefilter token, so its entries (a conflict too) are there
        with the prefilter as without it (the evidence read last, as above)."""
        for name, fscopes in self.methods_by_name.items():
            if name.startswith("_") or not any(_is_property(f) for f in fscopes) or \
                    not self.evidence:
                continue
            val = self.property_kind(name)
            out[METHOD_KEY + root + ":" + PROPERTY_MARK + name] = Val(
                "methods", val.kind + "|" if val is not None else "",
                val.conf if val is not None else HINT)
        settings = self._settings_given()
        if settings and self.evidence:
            for name, val in settings.items():
                key = METHOD_KEY + root + ":" + PROPERTY_MARK + _settings_name(name)
                out[key] = Val("methods", val.kind + "|", val.conf) if val is not None \
                    else Val("methods", "", HINT)
        stored = self._injected_names()
        if stored and self.evidence:
            # event.request.db = conn[name] in a Pyramid subscriber, self.db = ... in
            # a Tornado Application subclass: the views and handlers of the
            # package read request.db, self.application.db (None: a store of
            # anything else, or of nothing known, in this module)
            for name in stored:
                val = self.stored_attr_kind(name)
                key = METHOD_KEY + root + ":" + PROPERTY_MARK + name
                if key not in out:
                    out[key] = Val("methods", val.kind + "|", val.conf) if val is not None \
                        and val.kind in _RESULT_KINDS else Val("methods", "", HINT)
        for name, val in self._request_properties().items():
            # Pyramid's config.add_request_method(get_db, 'db', reify=True): the
            # views of the package read request.db
            key = METHOD_KEY + root + ":" + PROPERTY_MARK + name
            old = out.get(key)
            if old is not None and old.name != (val.kind + "|" if val else ""):
                out[key] = Val("methods", "", HINT)
            else:
                out[key] = Val("methods", val.kind + "|" if val else "",
                               val.conf if val else HINT)

    def _settings_given(self):
        """{key: Val or None}: what this module puts in a framework's settings
        mapping -- ``<...>.settings['conn'] = conn`` (Pyramid's registry) and the
        keywords of a Tornado Application (``Application(handlers, store=db)``,
        ``**settings`` of a dict literal) -- the PyMongo kind of every value given
        under that key (None: anything else)."""
        given = [(k.value, v, sc) for k, v, sc in self.settings_stores
                 if k.__class__ is ast.Constant and isinstance(k.value, str)]
        for call, scope in self._tornado_application_calls():
            for keyword in call.keywords:
                if keyword.arg and keyword.arg != "handlers":
                    given.append((keyword.arg, keyword.value, scope))
                elif keyword.arg is None:
                    given.extend((k, v, scope) for k, v in
                                 self._keyword_nodes(keyword.value, scope).items())
        out = {}
        for name, value, scope in given:
            val = self._pymongo_or_none(self.value(value, scope, 0))
            if val is not None and val.conf < LIKELY:
                val = None
            if val is not None:
                val = Val(val.kind, None, val.conf)
            out[name] = val if out.get(name, val) == val else None
        return out

    def _injected_names(self):
        """The attribute names this module stores on a framework's objects that
        other modules read them from: ``<...>.request.<name> = value`` (a request
        a subscriber or middleware decorates) and ``self.<name> = value`` in a
        method of a subclass of a Tornado Application (``self.application.<name>``
        in the handlers)."""
        names = set()
        for target, _value, scope in self.stores:
            name = target.attr
            if name.startswith("_") or name in self.methods_by_name:
                continue
            base = target.value
            if (base.__class__ is ast.Name and base.id == "request") or (
                    base.__class__ is ast.Attribute and base.attr == "request"):
                names.add(name)
            elif base.__class__ is ast.Name and scope.kind == "function" and \
                    scope.is_method and base.id == self._first_param(scope) and \
                    self._tornado_application_class(scope):
                names.add(name)
            elif base.__class__ is ast.Name and self._flask_application(base.id):
                names.add(name)  # app.store = ...: current_app.store elsewhere
        return sorted(names)

    def _flask_application(self, name):
        """Is module-level *name* bound once, to ``Flask(...)``?"""
        node = self._only_binding(name, self.module)
        if node.__class__ is not ast.Call:
            return False
        fval = self.value(node.func, self.module, 0)
        return fval is not None and fval.kind == "qual" and fval.name in _APPLICATION_CLASSES

    def _request_properties(self):
        """{name: Val or None}: the request properties this module's Pyramid
        configuration adds -- ``config.add_request_method(f, 'db', reify=True)``
        (or ``property=True``), ``config.set_request_property(f, 'db')`` -- with
        the PyMongo kind the local function *f* returns (None: anything else)."""
        out = {}
        sites = self.callsites.get("add_request_method", []) + \
            self.callsites.get("set_request_property", [])
        if not sites or not self.evidence:
            return out  # (evidence: as for the class properties, _property_exports)
        for call, scope in sites:
            func = call.func
            if func.__class__ is not ast.Attribute or not call.args:
                continue
            keywords = {k.arg: k.value for k in call.keywords if k.arg}
            if func.attr == "add_request_method" and not any(
                    keywords.get(flag).__class__ is ast.Constant and keywords[flag].value is True
                    for flag in ("reify", "property")):
                continue  # a method: request.db() (not a property)
            name = call.args[1] if len(call.args) > 1 else keywords.get("name")
            if name.__class__ is not ast.Constant or not isinstance(name.value, str):
                continue
            fval = self.value(call.args[0], scope, 0)
            ret = self.function_result(fval.ref, 0) if fval is not None and \
                fval.kind == "function" and fval.ref is not None else None
            ret = self._pymongo_or_none(ret)
            if ret is not None and ret.conf < LIKELY:
                ret = None
            known = out.get(name.value, ret)
            out[name.value] = ret if known == ret else None
        return out

    def _local_instances(self, out, prefix):
        """``store = MongoDB(uri, name)`` of a class of this module whose entries
        were exported (its PyMongo attributes, what its methods or its
        ``__getitem__``/``__getattr__`` return): importers of ``store`` read them
        through the instance (kind ``pinstance``, as of an imported class)."""
        for name, items in self.module.bindings.items():
            if prefix + name in out or any(item[0] != "expr" for item in items):
                continue
            val = self._best([self._item(item, 0) for item in items])
            if val is None or val.kind != "instance" or val.ref is None or \
                    val.ref.parent is not self.module:
                continue
            cls_key = prefix + val.ref.name
            if any(key.startswith(cls_key + ".") for key in out):
                out[prefix + name] = Val("pinstance", cls_key, LIKELY)

    def _django_settings(self, out, prefix):
        """``MONGO_DB = Connection()[name]`` in a settings module (``settings``,
        ``<project>.settings``, ``settings_local``, a ``settings`` package): Django
        serves its upper-case names as ``django.conf.settings.MONGO_DB``, which the
        views read.  Exported under that name too (only upper-case names: Django
        reads no others)."""
        parts = self.module_name.split(".") if self.module_name else []
        if not any(part == "settings" or part.startswith("settings_") or
                   part.endswith("_settings") for part in parts):
            return
        for key, val in list(out.items()):
            if not key.startswith(prefix) or val.kind not in _EXPORTED_KINDS:
                continue
            name = key[len(prefix):]
            if name.isupper() and "." not in name:
                out.setdefault(DJANGO_SETTINGS + "." + name, Val(val.kind, None, LIKELY))

    def _imported_object_stores(self, out):
        """``g.db = client[name]`` in a ``before_request`` hook, ``settings.db =
        conn.app`` at start-up: a PyMongo object stored in an attribute of an
        imported object (``flask.g``, a project's settings module) is read back
        by other modules (the views: ``g.db.users.insert(doc)``), which look it up
        as ``flask.g.db`` (attr_of on a ``qual``).  Exported when every store of
        that attribute name in the module gives one PyMongo kind
        (:meth:`stored_attr_kind`, at most LIKELY)."""
        for target, value, scope in self.stores:
            if value is None or target.value.__class__ not in (ast.Name, ast.Attribute):
                continue
            base = self.value(target.value, scope)
            if base is None or base.kind != "qual" or not base.name or \
                    base.name in CONSTRUCTORS:
                continue
            root = base.name.partition(".")[0]
            if root in _WRAPPER_EVIDENCE_ROOTS or root in OTHER_ORMS:
                continue
            stored = self.stored_attr_kind(target.attr)
            if stored is None or stored.kind not in _EXPORTED_KINDS:
                continue
            out.setdefault(_flask_ext(base.name + "." + target.attr),
                           Val(stored.kind, None, LIKELY))

    def _class_container_kind(self, cls_scope, attr):
        """The one PyMongo kind of every item the methods of *cls_scope* put in
        ``self.<attr>`` (its ``self.attr = {...}`` displays and ``self.attr[key] =
        value`` stores), at least LIKELY; else None."""
        nodes = []
        for item in cls_scope.attrs.get(attr, ()):
            if item[0] != "expr":
                return None
            value = item[1]
            if value.__class__ is ast.Constant and value.value is None:
                continue
            found = _container_items(value)
            if found is None:
                return None
            nodes.extend((node, item[2]) for node in found)
        for value, scope in self.attr_item_stores.get(attr, ()):
            if scope.kind == "function" and scope.cls is cls_scope:
                nodes.append((value, scope))
        return self._one_kind(nodes)

    def _one_kind(self, nodes):
        """The PyMongo kind all of *nodes* ((node, scope) pairs) have, each at
        least LIKELY; else None (one item of another kind, or unknown, says
        nothing of the container)."""
        kinds = set()
        for node, scope in nodes:
            val = self.value(node, scope, 0)
            if val is None or val.kind not in _PASSED_KINDS or val.conf < LIKELY:
                return None
            kinds.add(val.kind)
        return kinds.pop() if len(kinds) == 1 else None

    def _container_export(self, name, items):
        """The one PyMongo kind of every item of module-level container *name*:
        each of its bindings (*items*) a container display or ``dict(...)``, and
        every ``name[key] = value`` of the module (at any level) a value of that
        kind, at least LIKELY; else None (a registry that also holds a name or a
        default says nothing to importers)."""
        nodes = []
        for item in items:
            if item[0] != "expr":
                return None
            found = _container_items(item[1])
            if found is None:
                return None
            nodes.extend((node, item[2]) for node in found)
        module = self.module
        nodes.extend((value, scope) for value, scope in self.item_stores.get(name, ())
                     if self._home(name, scope) is module)
        if not nodes:
            return None
        return self._one_kind(nodes)

    def _passed_through(self, arg, how, scope, depth):
        """The PyMongo value behind ``closing(client)`` (*how* "value": the
        argument itself) or ``LocalProxy(get_db)`` / ``LocalProxy(lambda: g.db)``
        (*how* "result": what calling the argument returns), at most LIKELY."""
        if how == "value":
            val = self.value(arg, scope, depth)
        elif arg.__class__ is ast.Lambda:
            val = None if arg.args.args else self.value(arg.body, scope, depth)
        else:
            fval = self.value(arg, scope, depth) if arg.__class__ in (
                ast.Name, ast.Attribute) else None
            val = self.function_result(fval.ref, depth) if fval is not None and \
                fval.kind in ("function", "method") and fval.ref is not None else None
        val = self._pymongo_or_none(val)
        return val.weaker(LIKELY) if val is not None else None

    def _call_target(self, call, scope):
        """The qualified name (as this module imports it) of the function, class or
        method of another module that *call* calls, or None: an imported name
        (``helper(x)``, ``Cls(x)``, ``mod.f(x)``, ``Cls.f(x)``), a method of an
        instance of an imported project class (``Cls(...).f(x)``), or a method
        of a name in the body of ``if isinstance(name, Cls):``."""
        func = call.func
        if func.__class__ is ast.Name:
            val = self.lookup(func.id, scope, 0)
        elif func.__class__ is ast.Attribute:
            base = self.value(func.value, scope, 0)
            if base is None and func.value.__class__ is ast.Name and self.narrowed:
                base = self._narrowed_class(func.value, scope)
            if base is None:
                return None
            if base.kind == "pinstance":
                return base.name + "." + func.attr
            val = self.attr_of(base, func.attr, func.value, scope, 0) \
                if base.kind == "qual" else None
        else:
            return None
        if val is None or val.kind != "qual" or val.name in CONSTRUCTORS:
            return None
        root = val.name.partition(".")[0]
        if root in _STDLIB or root in EVIDENCE_ROOTS or root in OTHER_ORMS or \
                "." not in val.name:
            return None
        return val.name

    def _narrowed_class(self, node, scope):
        """``Val("qual", C)`` for a name read in ``if isinstance(name, C):`` where C
        is one imported class that is not PyMongo's."""
        for start, end, classes in self.narrowed.get((id(scope), node.id), ()):
            if start <= node.lineno <= end and classes.__class__ is not ast.Tuple:
                val = self.value(classes, scope, 0)
                if val is not None and val.kind == "qual" and val.name not in CONSTRUCTORS:
                    return val
        return None

    def _receiving_defs(self):
        """The names (``f``, ``Cls`` for its ``__init__``, ``Cls.method``) of this
        module's functions and methods of its classes with a parameter (not
        ``self``) used as a receiver in them (an attribute read, a subscript, a
        truth test) or stored in an attribute (``self.coll = coll``): what other
        modules may pass PyMongo objects to (DEFS_KEY)."""
        Name = ast.Name
        used = set()  # (id(scope), name) read so, once each
        for nodes in (self.tests, self.name_subscripts):
            for node, scope in nodes:
                if node.__class__ is Name and scope.params:
                    used.add((scope, node.id))
        for node, scope in self.attributes:
            node = node.value
            if node.__class__ is Name and scope.params:
                used.add((scope, node.id))
        for _target, node, scope in self.stores:
            if node.__class__ is Name and scope.params:
                used.add((scope, node.id))
        defs = set()
        module = self.module
        for node, scope in self.attributes:
            # self.collection.update(...), self.get_collection().insert(...): what
            # subclasses of other modules give (SELF_SLOT entries)
            node = node.value
            if node.__class__ is ast.Call:
                node = node.func
            if node.__class__ is not ast.Attribute or node.value.__class__ is not Name:
                continue
            owner = scope.cls if scope.kind == "function" and scope.is_method else None
            if owner is not None and owner.parent is module and \
                    self._first_param(scope) == node.value.id:
                defs.add(owner.name)
        for scope, name in used:
            param = scope.params.get(name)
            if param is None or (param[0] == 0 and scope.is_method):
                continue
            owner = scope.parent
            if owner is module:
                defs.add(scope.name)
            elif owner is not None and owner.kind == "class" and owner.parent is module:
                defs.add(owner.name if scope.name == "__init__"
                         else owner.name + "." + scope.name)
                if scope.name == "initialize":
                    # a Tornado handler's: the specs of other modules name the
                    # classes deriving from it (passed_kind)
                    defs.update(sub.name + ".initialize" for sub in self._derived_classes(owner)
                                if sub.parent is module)
        return defs

    def _param_exports(self, out):
        """The ``#p:`` entries (:data:`PARAM_KEY`): PyMongo objects (at least
        LIKELY) passed to functions, classes and methods of other modules."""
        # (no short cut for a module with no evidence and no project summary: the
        # lookups of the arguments are questions of the look, ModuleAnalysis.questions)
        found = {}
        for call, scope in self.calls:
            if not call.args and not call.keywords:
                continue
            facts = []
            target = _UNDECIDED
            for position, arg in enumerate(call.args):
                if arg.__class__ is ast.Starred:
                    break
                if arg.__class__ in _LITERALS:
                    continue
                if target is _UNDECIDED:
                    target = self._call_target(call, scope)
                if target is None:
                    break
                kind = self._passed(arg, scope)
                if kind is not None:
                    facts.append((str(position), kind))
            if target is not None:
                for keyword in call.keywords:
                    if keyword.arg is None or keyword.value.__class__ in _LITERALS:
                        continue
                    if target is _UNDECIDED:
                        target = self._call_target(call, scope)
                        if target is None:
                            break
                    kind = self._passed(keyword.value, scope)
                    if kind is not None:
                        facts.append((keyword.arg, kind))
            if facts:
                slots = found.setdefault(target, {})
                for slot, kind in facts:
                    _add_slot(slots, slot, kind)
        for handler, given, scope in self.tornado_inits():
            # (pattern, handlers.UserHandler, dict(db=db)): what the imported
            # handler's initialize(self, db) takes
            hval = self.value(handler, scope, 0)
            if hval is None or hval.kind != "qual" or "." not in hval.name or \
                    hval.name.partition(".")[0] in _STDLIB:
                continue
            for keyword, arg in given.items():
                kind = self._passed(arg, scope)
                if kind is not None:
                    _add_slot(found.setdefault(hval.name + ".initialize", {}), keyword, kind)
        self._subclass_provisions(found)
        for target, slots in found.items():
            out[PARAM_KEY + target] = _params_val(slots)

    def _subclass_provisions(self, found):
        """What this module's subclasses of project classes of other modules give
        the names their bases read on ``self``: ``collection = db.users`` in the
        class body, ``self.coll = ...`` in a method, a ``get_collection()``
        override returning a Collection (a base resource, a base model or a base
        backend written against an abstract collection).  Slots of the base
        class's ``#p:`` entry: ``@collection`` and ``@get_collection()``
        (:data:`SELF_SLOT`), read there by :meth:`subclass_provided`."""
        for cls_scope in self.classes:
            if cls_scope.parent is not self.module or not cls_scope.bases:
                continue
            bases = []
            for base in cls_scope.bases:
                bval = self.value(base, self.module, 0)
                if bval is None or bval.kind != "qual" or not bval.name or \
                        bval.name in CONSTRUCTORS:
                    continue
                root = bval.name.partition(".")[0]
                if root in _STDLIB or root in EVIDENCE_ROOTS or root in OTHER_ORMS:
                    continue
                bases.append(bval.name)
            if not bases:
                continue
            slots = {}
            for attr in set(cls_scope.attrs) | set(cls_scope.bindings):
                if attr.startswith("__"):
                    continue
                val = self.class_attr(cls_scope, attr, 0)
                if val is None:
                    continue
                if val.kind == "method" and val.ref is not None:
                    kind = self._exported_provision(self.function_result(val.ref, 0))
                    if kind is not None:
                        slots[SELF_SLOT + attr + "()"] = kind
                else:
                    kind = self._exported_provision(val)
                    if kind is not None:
                        slots[SELF_SLOT + attr] = kind
            for base in bases:
                if slots:
                    target = found.setdefault(base, {})
                    for slot, kind in slots.items():
                        _add_slot(target, slot, kind)
        # User.collection = db.users at start-up, User imported from the models
        # module: the class's methods read it as self.collection there
        for target, value, scope in self.stores:
            if value is None or target.value.__class__ not in (ast.Name, ast.Attribute):
                continue
            base = self.value(target.value, scope, 0)
            if base is None or base.kind != "qual" or not base.name or \
                    base.name in CONSTRUCTORS or "." not in base.name:
                continue
            root = base.name.partition(".")[0]
            if root in _STDLIB or root in EVIDENCE_ROOTS or root in OTHER_ORMS:
                continue
            if value.__class__ is ast.Constant and value.value is None:
                continue  # User.store = None before the connection is made
            kind = self._exported_provision(self.value(value, scope, 0))
            if kind is not None:
                _add_slot(found.setdefault(base.name, {}), SELF_SLOT + target.attr, kind)

    def _exported_provision(self, val):
        """:func:`_provided_kind` for another module: a veto ("!") only from a
        module with PyMongo evidence (a prefilter token or an import of a module
        that imports PyMongo), which the prefilter always lints: a veto from a
        file it may skip would make the findings depend on it."""
        kind = _provided_kind(val)
        if kind == "!" and not self.evidence:
            return None
        return kind

    def _local_subclass_provided(self, cls_scope, attr, call):
        """The same as the subclasses of other modules give, from the classes of
        this module that derive from *cls_scope* and assign *attr* themselves (a
        class attribute, ``self.attr = ...``, a method override): the one PyMongo
        kind they agree on, LIKELY, or None."""
        subclasses = self._memo.get("#local_subclasses")
        if subclasses is None:
            # id(class scope) -> the local classes deriving from it (once per module)
            subclasses = self._memo["#local_subclasses"] = {}
            for sub in self.classes:
                if sub.bases:
                    for above in list(self.local_class_chain(sub))[1:]:
                        subclasses.setdefault(id(above), []).append(sub)
        kinds = set()
        for sub in subclasses.get(id(cls_scope), ()):
            vals = []
            for item in sub.bindings.get(attr, ()):
                if item[0] == "def":
                    if call:
                        vals.append(self.function_result(item[1], 0))
                elif not call:
                    vals.append(self._item(item, 0))
            if not call:
                vals.extend(self._item(item, 0) for item in sub.attrs.get(attr, ()))
            for val in vals:
                kind = _provided_kind(val)
                if kind is not None:
                    kinds.add(kind)
        if len(kinds) == 1 and kinds <= _PASSED_KINDS:
            return Val(kinds.pop(), None, LIKELY)
        return None

    def subclass_provided(self, cls_scope, attr, call=False):
        """The kind the subclasses of local class *cls_scope* in other modules
        give ``self.<attr>`` (or ``self.<attr>()`` when *call*): the ``@`` slots
        of its ``#p:`` entry (:meth:`_subclass_provisions`), LIKELY, when they
        agree; else None."""
        local = self._guarded(("#local_subclasses", id(cls_scope), attr, call),
                              lambda: self._local_subclass_provided(cls_scope, attr, call))
        if local is not None:
            return local
        if not self.project or not self.module_name or cls_scope.parent is not self.module:
            return None
        kind = self.project.provided_kind(PARAM_KEY + self.module_name + "." + cls_scope.name,
                                          SELF_SLOT + attr + ("()" if call else ""))
        return None if kind is None else Val(kind, None, LIKELY)

    def _passed(self, node, scope):
        """The PyMongo kind *node* holds (at least LIKELY; an instance of a local
        subclass of a PyMongo class is that class's kind), or None."""
        val = self.value(node, scope, 0)
        if val is None or val.conf < LIKELY:
            return None
        if val.kind == "instance" and val.ref is not None:
            kind = self.class_base_kind(val.ref)
            return kind if kind in _PASSED_KINDS else None
        return val.kind if val.kind in _PASSED_KINDS else None

    def passed_kind(self, fscope, name, index):
        """The kind other modules pass to parameter *name* (at *index*) of
        *fscope*, a function of this module or a method of one of its classes
        (``#p:`` entries the engine routed here), or None."""
        if not self.project or not self.module_name:
            return None
        owner = fscope.parent
        if owner is None:
            return None
        if any(d.__class__ is ast.Call and d.args for d in fscope.decorators) and \
                any(n in _TYPE_DISPATCH for n in _decorator_names(fscope)):
            # @dispatch(tb.Table) def drop(t): one overload of a type-dispatched
            # name; what callers pass goes to the overload of its own type
            return None
        if owner.kind == "class":
            if owner.parent is not self.module:
                return None
            keys = [owner.name + "." + fscope.name]
            if fscope.name == "__init__":
                keys.append(owner.name)
            elif fscope.name == "initialize":
                # the handler specs name the concrete handlers, which inherit it
                keys.extend(sub.name + ".initialize" for sub in self._derived_classes(owner)
                            if sub.parent is self.module)
        elif owner is self.module:
            keys = [fscope.name]
        else:
            return None
        offset = 1 if fscope.is_method else 0
        wanted = {name}
        if index is not None and index >= offset:
            wanted.add(str(index - offset))
        kind = self.project.passed_kind([PARAM_KEY + self.module_name + "." + key
                                         for key in keys], wanted)
        return None if kind is None else Val(kind, None, LIKELY)

    def _method_export(self, fscope):
        """``Val("returns", kind)`` for a method returning one PyMongo kind at
        least LIKELY (as the method index takes it), else None."""
        if _is_property(fscope) or _is_class_property(fscope) or not fscope.returns:
            return None
        ret = self.function_result(fscope, 0)
        if ret is None or ret.kind not in _RESULT_KINDS or ret.conf < LIKELY:
            return None
        return Val("returns", ret.kind, min(ret.conf, LIKELY))

    def _re_export(self, val, name, out):
        """Copy the summary entries of imported *val* (a qualified name) and the
        ones directly below it (a class's attributes and methods) to *name*."""
        if val.kind != "qual" or val.name == name:
            return
        source = val.name
        found = self.project.get(source)
        if found is not None:
            out[name] = Val(*tuple(found)[:3])
        for key in self.project.below(source):
            out[name + key[len(source):]] = Val(*tuple(self.project[key])[:3])


def _settings_name(key):
    """The method index's property name for a settings mapping's *key*."""
    return "settings[%s]" % key


def _local_names(analysis, cls_scope):
    """Every name the local class chain of *cls_scope* binds or assigns on self."""
    names = set()
    for each in analysis.local_class_chain(cls_scope):
        names.update(each.bindings)
        names.update(each.attrs)
    return names


def _params_slots(text):
    """{slot: kind} of a ``#p:`` entry's text (``0=collection;db=database``)."""
    return dict(item.partition("=")[::2] for item in text.split(";"))


def _add_slot(slots, slot, kind):
    slots[slot] = kind if slots.get(slot, kind) == kind else "!"  # "!": callers disagree


def _params_val(slots):
    """The ``#p:`` entry of *slots* (PARAM_KEY)."""
    return Val("params", ";".join("%s=%s" % item for item in sorted(slots.items())), LIKELY)


def merge_summary(project, summary):
    """Add a module's summary to the project's: method index entries of the same
    package and name combine (signatures joined; different kinds conflict)."""
    for key, val in summary.items():
        old = project.get(key)
        if old is not None and key.startswith(PARAM_KEY):
            slots = _params_slots(old[1])
            for slot, kind in _params_slots(val[1]).items():
                _add_slot(slots, slot, kind)
            merged = _params_val(slots)
            project[key] = tuple(merged[:3]) if isinstance(val, tuple) and not isinstance(
                val, Val) else merged
            continue
        if old is None or not key.startswith(METHOD_KEY):
            project[key] = val
            continue
        old_val, new_val = Val(*old), Val(*val)
        if not old_val.name or not new_val.name:
            merged = Val("methods", "", 0)
        else:
            old_kind, _, old_sigs = old_val.name.partition("|")
            new_kind, _, new_sigs = new_val.name.partition("|")
            if old_kind != new_kind:
                merged = Val("methods", "", 0)
            else:
                merged = Val("methods", old_kind + "|" + old_sigs + ";" + new_sigs,
                             min(old_val.conf, new_val.conf))
        project[key] = tuple(merged[:3]) if isinstance(val, tuple) and not isinstance(
            val, Val) else merged
