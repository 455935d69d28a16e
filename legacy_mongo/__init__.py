"""legacy-mongo: PyMongo 2.x's API on PyMongo 4, warnings that teach the
modern replacement, and a linter for what is left.

Importing this package does not touch PyMongo; ``install()`` (or
``legacy-mongo run``) makes ``import pymongo`` resolve 2.x names to the shim.
"""
from legacy_mongo.runtime.activation import install, uninstall
from legacy_mongo.runtime.clients import (
    Connection,
    MasterSlaveConnection,
    MongoClient,
    MongoReplicaSetClient,
    ReplicaSetConnection,
)
from legacy_mongo.runtime.errors import ExceededMaxWaiters
from legacy_mongo.runtime.requests import Request
from legacy_mongo.warnings import LegacyAPIError, LegacyMongoWarning

__version__ = "0.1.0"

__all__ = [
    "Connection",
    "ExceededMaxWaiters",
    "LegacyAPIError",
    "LegacyMongoWarning",
    "MasterSlaveConnection",
    "MongoClient",
    "MongoReplicaSetClient",
    "ReplicaSetConnection",
    "Request",
    "install",
    "uninstall",
]
