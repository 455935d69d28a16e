"""Drop-in activation: 2.8's names and module paths resolve to the shim.

``install()`` patches the real PyMongo 4 package in place, so that the rest
of PyMongo 4 stays exactly what it is: only the client classes (which the
2.x names resolve to) and the module paths PyMongo 3/4 removed are added.
``legacy-mongo run script.py`` does ``install()`` and runs the script as
``__main__``; its arguments, output and exit status are its own.
"""
import os
import runpy
import sys
import types

import bson
import pymongo
import pymongo.errors

from legacy_mongo.runtime import clients
from legacy_mongo.runtime import errors as legacy_errors

# Modules 2.8 had that PyMongo 3 moved into the bson package.
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

_saved = None


def _client_module(name, class_names):
    module = types.ModuleType(name, "PyMongo 2.x's %s, provided by legacy-mongo." % name)
    for class_name in class_names:
        setattr(module, class_name, getattr(clients, class_name))
    # 2.8's client modules also exposed MongoClient (Connection's base).
    module.MongoClient = clients.MongoClient
    return module


def install():
    """Make ``import pymongo`` speak 2.x: idempotent."""
    global _saved
    if _saved is not None:
        return
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

    saved["attrs"][("pymongo.errors", "ExceededMaxWaiters")] = getattr(
        pymongo.errors, "ExceededMaxWaiters", None
    )
    pymongo.errors.ExceededMaxWaiters = legacy_errors.ExceededMaxWaiters
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
