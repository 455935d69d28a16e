"""Drop-in activation: 2.8's names and module paths resolve to the shim.

``install()`` patches the real PyMongo 4 package in place, so that the rest
of PyMongo 4 stays exactly what it is: only the client classes (which the
2.x names resolve to) and the module paths PyMongo 3/4 removed are added.

What ``install()`` adds or rebinds (``uninstall()`` undoes all of it):

* ``pymongo.Connection``/``MongoClient``/``MongoReplicaSetClient``/
  ``ReplicaSetConnection`` and their 2.8 modules (``pymongo.connection`` ...);
* the 1.x-era ``pymongo.son``/``objectid``/... aliases of the bson modules;
* ``pymongo.son_manipulator`` (legacy_mongo.runtime.son_manipulator);
* ``pymongo.ReadPreference`` and ``pymongo.read_preferences.ReadPreference``:
  the int-like modes (legacy_mongo.runtime.read_preferences), plus 2.8's
  ``modes``/``mongos_mode``/``mongos_enum``/``secondary_ok_commands``;
* ``pymongo.OFF``/``SLOW_ONLY``/``ALL`` and ``pymongo.GEOHAYSTACK``;
* ``pymongo.errors``: ``TimeoutError``, ``UnsupportedOption``,
  ``ExceededMaxWaiters``, ``CertificateError`` and bson's error classes
  (legacy_mongo.runtime.errors);
* ``pymongo.database.SystemJS`` and the classes 2.x code constructs,
  subclasses or patches: ``pymongo.database.Database``,
  ``pymongo.collection.Collection``, ``pymongo.cursor.Cursor``,
  ``pymongo.command_cursor.CommandCursor`` (the legacy subclasses);
* ``pymongo.common.validate_read_preference``: 2.8's (ConfigurationError);
* ``bson.DBRef``/``bson.dbref.DBRef``, ``bson.json_util.default`` and
  ``bson.encode``/``bson.BSON.encode`` (native UUIDs): 2.8's
  behaviour where PyMongo 4's raises, and 2.8's private
  ``ObjectId.__validate``/``__generate`` (legacy_mongo.runtime.bson_compat);
* ``gridfs.GridFS``: accepts 2.8's ``_connect`` and works on an
  unacknowledged (``Connection``) database, and ``gridfs.errors.UnsupportedAPI``.
``legacy-mongo run script.py`` does ``install()`` and runs the script as
``__main__``; its arguments, output and exit status are its own.
"""
import os
import runpy
import sys
import types

import gridfs
import gridfs.errors
import pymongo
import pymongo.common
import pymongo.database
import pymongo.errors
import pymongo.read_preferences
from pymongo.write_concern import WriteConcern

from legacy_mongo.runtime import clients
from legacy_mongo.runtime import database as legacy_database
from legacy_mongo.runtime import errors as legacy_errors
from legacy_mongo.runtime import read_preferences as legacy_read_preferences
from legacy_mongo.runtime import son_manipulator as legacy_son_manipulator

# PyMongo 1.x-2.1 modules that PyMongo 2.2 moved into the bson package (2.8.1
# has none of them: importing one raises ImportError), kept for pre-2.2 code.
_BSON_ALIASES = {
    "pymongo.son": "bson.son",
    "pymongo.objectid": "bson.objectid",
    "pymongo.binary": "bson.binary",
    "pymongo.code": "bson.code",
    "pymongo.dbref": "bson.dbref",
    "pymongo.json_util": "bson.json_util",
    "pymongo.timestamp": "bson.timestamp",
    "pymongo.min_key": "bson.min_key",
    "pymongo.max_key": "bson.max_key",
}

# 2.8's client modules and the classes each defined.
_CLIENT_MODULES = {
    "pymongo.connection": ("Connection",),
    "pymongo.replica_set_connection": ("ReplicaSetConnection",),
    "pymongo.mongo_replica_set_client": ("MongoReplicaSetClient",),
    "pymongo.master_slave_connection": ("MasterSlaveConnection",),
}

_CLIENT_NAMES = (
    "Connection", "MongoClient", "ReplicaSetConnection", "MongoReplicaSetClient",
    "MasterSlaveConnection",
)

# 2.8's top-level constants PyMongo 4 removed (profiling levels, geoHaystack).
_TOP_LEVEL_CONSTANTS = {"OFF": 0, "SLOW_ONLY": 1, "ALL": 2, "GEOHAYSTACK": "geoHaystack"}

# 2.8's pymongo.read_preferences helpers.
_READ_PREFERENCE_NAMES = ("modes", "mongos_mode", "mongos_enum", "secondary_ok_commands")

_saved = None


class UnsupportedAPI(gridfs.errors.GridFSError):
    """2.8's ``gridfs.errors.UnsupportedAPI`` (the pre-1.6 GridFS API).
    Never raised: delete the ``except`` clause."""


class GridFS(gridfs.GridFS):
    """2.8's ``gridfs.GridFS(database, collection='fs', _connect=True)``.

    PyMongo 4's GridFS refuses a database with unacknowledged writes; 2.8
    wrote chunks with the database's write concern and acknowledged the
    files document.  On an unacknowledged database (``Connection``'s
    default) this GridFS acknowledges every GridFS write (a stated
    difference: chunk writes are acknowledged too).  ``_connect`` is
    accepted and ignored (PyMongo 4 connects lazily).  PyMongo 4:
    ``gridfs.GridFS(db)`` or ``gridfs.GridFSBucket(db)``.
    """

    def __init__(self, database, collection="fs", _connect=True):
        from pymongo.database import Database

        if not isinstance(database, Database):
            raise TypeError("database must be an instance of Database")
        write_concern = getattr(database, "write_concern", None)
        if not isinstance(write_concern, WriteConcern):
            # a stand-in subclass that never ran Database.__init__ (Ming's
            # mim.Database): 2.8's GridFS wrote through its insert/update,
            # PyMongo 4's needs the state that __init__ sets
            raise TypeError(
                "gridfs.GridFS needs a Database built by Database.__init__: %r has no write "
                "concern (legacy-mongo's GridFS is PyMongo 4's, which writes with insert_one "
                "under the database's write concern and codec options)" % (database,))
        if not write_concern.acknowledged:
            database = database.with_options(write_concern=WriteConcern(w=1))
        super().__init__(database, collection)

    def open(self, *args, **kwargs):
        """Removed in PyMongo 1.6 (2.8 raised UnsupportedAPI too): use
        :meth:`get`/:meth:`new_file`."""
        raise UnsupportedAPI("The open method is no longer supported.")

    def remove(self, *args, **kwargs):
        """Removed in PyMongo 1.6 (2.8 raised UnsupportedAPI too): use
        :meth:`delete`."""
        raise UnsupportedAPI("The remove method is no longer supported. "
                             "Please use the delete method instead.")


def _cursor_manager_module():
    from legacy_mongo.runtime import client_methods

    module = types.ModuleType(
        "pymongo.cursor_manager",
        "PyMongo 2.x's deprecated cursor managers, provided by legacy-mongo "
        "(no-ops: PyMongo 4 kills dead cursors itself).",
    )
    module.CursorManager = client_methods.CursorManager
    module.BatchCursorManager = client_methods.BatchCursorManager
    return module


def _module_reexports():
    """Public names 2.8's modules re-exported (``from pymongo.database
    import SON`` worked) that PyMongo 4's same-named modules lack."""
    from bson.binary import OLD_UUID_SUBTYPE
    from bson.code import Code
    from bson.son import SON
    from pymongo.errors import (
        AutoReconnect, ConfigurationError, CursorNotFound, InvalidOperation, OperationFailure,
    )

    rp = legacy_read_preferences
    return {
        "pymongo.database": {
            "Code": Code, "ConfigurationError": ConfigurationError,
            "OLD_UUID_SUBTYPE": OLD_UUID_SUBTYPE, "OperationFailure": OperationFailure,
            "SON": SON, "SONManipulator": legacy_son_manipulator.SONManipulator,
            "modes": rp.modes, "secondary_ok_commands": rp.secondary_ok_commands,
            "ReadPreference": rp.ReadPreference,
        },
        "pymongo.collection": {"Code": Code, "ReadPreference": rp.ReadPreference},
        "pymongo.cursor": {
            "AutoReconnect": AutoReconnect, "ReadPreference": rp.ReadPreference,
            "secondary_ok_commands": rp.secondary_ok_commands,
            "InvalidOperation": InvalidOperation, "OperationFailure": OperationFailure,
        },
        "pymongo.command_cursor": {"AutoReconnect": AutoReconnect,
                                   "CursorNotFound": CursorNotFound},
        "pymongo.mongo_client": {"ReadPreference": rp.ReadPreference},
    }


def _client_module(name, class_names):
    module = types.ModuleType(name, "PyMongo 2.x's %s, provided by legacy-mongo." % name)
    for class_name in class_names:
        setattr(module, class_name, getattr(clients, class_name))
    module.ConfigurationError = pymongo.errors.ConfigurationError
    if name == "pymongo.replica_set_connection":
        module.MongoReplicaSetClient = clients.MongoReplicaSetClient
    # 2.8's client modules also exposed MongoClient (Connection's base).
    module.MongoClient = clients.MongoClient
    return module


def install():
    """Make ``import pymongo`` speak 2.x: idempotent.

    Like ``legacy-mongo run``, it reads the warning policy now (a bad
    LEGACY_MONGO_WARNINGS or configuration raises ConfigError here, not at
    the first legacy call) and shows legacy calls in library modules too,
    which Python's default filters hide outside ``__main__``."""
    global _saved
    if _saved is not None:
        return
    from legacy_mongo.warnings import current_policy, enable_default_visibility

    current_policy()
    enable_default_visibility()
    import importlib

    saved = {"attrs": {}, "modules": {}}
    for name in _CLIENT_NAMES:
        saved["attrs"][("pymongo", name)] = getattr(pymongo, name, None)
        setattr(pymongo, name, getattr(clients, name))
    mongo_client_module = importlib.import_module("pymongo.mongo_client")
    saved["attrs"][("pymongo.mongo_client", "MongoClient")] = mongo_client_module.MongoClient
    mongo_client_module.MongoClient = clients.MongoClient

    for name, class_names in _CLIENT_MODULES.items():
        saved["modules"][name] = sys.modules.get(name)
        module = _client_module(name, class_names)
        sys.modules[name] = module
        setattr(pymongo, name.rsplit(".", 1)[1], module)
    for name, target in _BSON_ALIASES.items():
        saved["modules"][name] = sys.modules.get(name)
        module = importlib.import_module(target)
        sys.modules[name] = module
        setattr(pymongo, name.rsplit(".", 1)[1], module)

    def patch(module, name, value):
        saved["attrs"][(module.__name__, name)] = getattr(module, name, None)
        setattr(module, name, value)

    for name, value in legacy_errors.ADDED_NAMES.items():
        patch(pymongo.errors, name, value)

    saved["modules"]["pymongo.son_manipulator"] = sys.modules.get("pymongo.son_manipulator")
    sys.modules["pymongo.son_manipulator"] = legacy_son_manipulator
    pymongo.son_manipulator = legacy_son_manipulator

    patch(pymongo, "ReadPreference", legacy_read_preferences.ReadPreference)
    patch(pymongo.read_preferences, "ReadPreference", legacy_read_preferences.ReadPreference)
    for name in _READ_PREFERENCE_NAMES:
        patch(pymongo.read_preferences, name, getattr(legacy_read_preferences, name))
    # 2.x code (ODMs) validates with it and catches ConfigurationError.
    patch(pymongo.common, "validate_read_preference",
          legacy_read_preferences.validate_read_preference)
    for name, value in _TOP_LEVEL_CONSTANTS.items():
        patch(pymongo, name, value)
    patch(pymongo.database, "SystemJS", legacy_database.SystemJS)
    # 2.x code constructs, subclasses and patches these classes itself
    # (Collection(db, name, capped=True), class MyCollection(Collection),
    # mock.patch.object(Collection, "update")); PyMongo's internals import
    # them from pymongo.synchronous.* and are unaffected.  Each legacy class
    # subclasses PyMongo 4's, so PyMongo's isinstance checks still hold.
    from legacy_mongo.runtime import collection as legacy_collection
    from legacy_mongo.runtime import command_cursor as legacy_command_cursor
    from legacy_mongo.runtime import cursor as legacy_cursor

    patch(pymongo.database, "Database", legacy_database.LegacyDatabase)
    for module_name, name, value in (
            ("pymongo.collection", "Collection", legacy_collection.LegacyCollection),
            ("pymongo.cursor", "Cursor", legacy_cursor.Cursor),
            ("pymongo.command_cursor", "CommandCursor", legacy_command_cursor.CommandCursor)):
        patch(importlib.import_module(module_name), name, value)

    for module_name, names in _module_reexports().items():
        module = importlib.import_module(module_name)
        for name, value in names.items():
            patch(module, name, value)

    for name, module in (("pymongo.cursor_manager", _cursor_manager_module()),
                         ("pymongo.bulk", importlib.import_module("legacy_mongo.runtime.bulk"))):
        saved["modules"][name] = sys.modules.get(name)
        sys.modules[name] = module
        setattr(pymongo, name.rsplit(".", 1)[1], module)

    # 2.8's bson where PyMongo 4's raises (bson_compat explains why the
    # bson package itself is patched and why modern code is unaffected).
    import bson
    import bson.dbref
    import bson.json_util

    from legacy_mongo.runtime import bson_compat

    patch(bson, "DBRef", bson_compat.DBRef)
    patch(bson.dbref, "DBRef", bson_compat.DBRef)
    patch(bson.json_util, "default", bson_compat.json_default)
    patch(bson, "encode", bson_compat.encode)
    # BSON is a class, not a module: kept apart for uninstall().
    saved["bson_encode"] = bson.BSON.__dict__["encode"]
    bson.BSON.encode = classmethod(bson_compat.bson_encode)
    # PyMongo 4.9 still has them (its __init__ calls them): only added
    # where missing, or ObjectId() would call itself through the override
    saved["objectid_names"] = [name for name in bson_compat.OBJECTID_PRIVATE_NAMES
                               if not hasattr(bson.ObjectId, name)]
    for name in saved["objectid_names"]:
        setattr(bson.ObjectId, name, bson_compat.OBJECTID_PRIVATE_NAMES[name])

    patch(gridfs, "GridFS", GridFS)
    patch(gridfs.errors, "UnsupportedAPI", UnsupportedAPI)
    patch(gridfs, "UnsupportedAPI", UnsupportedAPI)
    _saved = saved


def uninstall():
    """Undo :func:`install` (for tests)."""
    global _saved
    if _saved is None:
        return
    for (module_name, attr), value in _saved["attrs"].items():
        module = sys.modules[module_name]
        if value is None:
            if hasattr(module, attr):
                delattr(module, attr)
        else:
            setattr(module, attr, value)
    if "bson_encode" in _saved:
        import bson

        bson.BSON.encode = _saved["bson_encode"]
        for name in _saved.get("objectid_names", ()):
            if name in vars(bson.ObjectId):
                delattr(bson.ObjectId, name)
    for name, module in _saved["modules"].items():
        short = name.rsplit(".", 1)[1]
        if module is None:
            sys.modules.pop(name, None)
            if hasattr(pymongo, short):
                delattr(pymongo, short)
        else:
            sys.modules[name] = module
    _saved = None


RUN_USAGE = "usage: legacy-mongo run SCRIPT [ARGS...] | legacy-mongo run -m MODULE [ARGS...]\n"


def run_main(argv):
    """``legacy-mongo run``: run an unchanged 2.x program on PyMongo 4."""
    if not argv or argv[0] in ("-h", "--help"):
        sys.stderr.write(RUN_USAGE)
        return 0 if argv else 2
    from legacy_mongo.warnings import enable_default_visibility

    enable_default_visibility()
    install()
    if argv[0] == "-m":
        if len(argv) < 2:
            sys.stderr.write(RUN_USAGE)
            return 2
        module, args = argv[1], argv[2:]
        sys.argv = [module] + args
        sys.path.insert(0, os.getcwd())
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    script, args = argv[0], argv[1:]
    if not os.path.exists(script):
        sys.stderr.write("legacy-mongo run: can't open file %r: no such file\n" % script)
        return 2
    sys.argv = [script] + args
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")
    return 0
