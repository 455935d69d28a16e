"""legacy-mongo: PyMongo 2.x's API on PyMongo 4, warnings that teach the
modern replacement, and a linter for what is left.

Importing this package imports neither PyMongo nor the shim (the linter must
start fast and never needs PyMongo): the public names below are resolved on
first use.  ``install()`` (or ``legacy-mongo run``) makes ``import pymongo``
resolve 2.x names to the shim.
"""
import importlib

__version__ = "0.1.0"

_PUBLIC = {
    "Connection": "legacy_mongo.runtime.clients",
    "MongoClient": "legacy_mongo.runtime.clients",
    "ReplicaSetConnection": "legacy_mongo.runtime.clients",
    "MongoReplicaSetClient": "legacy_mongo.runtime.clients",
    "MasterSlaveConnection": "legacy_mongo.runtime.clients",
    "Request": "legacy_mongo.runtime.requests",
    "ExceededMaxWaiters": "legacy_mongo.runtime.errors",
    "install": "legacy_mongo.runtime.activation",
    "uninstall": "legacy_mongo.runtime.activation",
    "LegacyMongoWarning": "legacy_mongo.warnings",
    "LegacyAPIError": "legacy_mongo.warnings",
    "ClientsWarning": "legacy_mongo.warnings",
    "RequestsWarning": "legacy_mongo.warnings",
    "WriteConcernWarning": "legacy_mongo.warnings",
    "CrudWarning": "legacy_mongo.warnings",
    "CursorWarning": "legacy_mongo.warnings",
    "DatabaseWarning": "legacy_mongo.warnings",
    "FindOptionsWarning": "legacy_mongo.warnings",
    "ImportsWarning": "legacy_mongo.warnings",
    "BSONEncodingWarning": "legacy_mongo.warnings",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError("module 'legacy_mongo' has no attribute %r" % (name,))
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_PUBLIC))
