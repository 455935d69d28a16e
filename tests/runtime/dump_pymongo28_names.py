"""Regenerate tests/runtime/pymongo28_names.json from the PyMongo 2.8.1 oracle.

Run with the oracle interpreter (it imports PyMongo 2.8.1)::

    .oracle-venv/bin/python tests/runtime/dump_pymongo28_names.py

The fixture lists every public name (no leading underscore, plus the dunder
protocol methods 2.8 defined itself) of 2.8's public classes and modules, so
that tests/runtime/test_api_completeness.py runs without the oracle.
"""
import json
import os
import sys

import pymongo

assert pymongo.version.startswith("2.8"), "run me with .oracle-venv/bin/python"

import gridfs  # noqa: E402
import gridfs.errors  # noqa: E402
import gridfs.grid_file  # noqa: E402
import pymongo.bulk  # noqa: E402
import pymongo.collection  # noqa: E402
import pymongo.command_cursor  # noqa: E402
import pymongo.connection  # noqa: E402
import pymongo.cursor  # noqa: E402
import pymongo.database  # noqa: E402
import pymongo.errors  # noqa: E402
import pymongo.master_slave_connection  # noqa: E402
import pymongo.mongo_client  # noqa: E402
import pymongo.mongo_replica_set_client  # noqa: E402
import pymongo.read_preferences  # noqa: E402
import pymongo.replica_set_connection  # noqa: E402
import pymongo.son_manipulator  # noqa: E402

CLASSES = {
    "pymongo.mongo_client.MongoClient": pymongo.mongo_client.MongoClient,
    "pymongo.connection.Connection": pymongo.connection.Connection,
    "pymongo.mongo_replica_set_client.MongoReplicaSetClient":
        pymongo.mongo_replica_set_client.MongoReplicaSetClient,
    "pymongo.replica_set_connection.ReplicaSetConnection":
        pymongo.replica_set_connection.ReplicaSetConnection,
    "pymongo.database.Database": pymongo.database.Database,
    "pymongo.database.SystemJS": pymongo.database.SystemJS,
    "pymongo.collection.Collection": pymongo.collection.Collection,
    "pymongo.cursor.Cursor": pymongo.cursor.Cursor,
    "pymongo.command_cursor.CommandCursor": pymongo.command_cursor.CommandCursor,
    "pymongo.bulk.BulkOperationBuilder": pymongo.bulk.BulkOperationBuilder,
    "pymongo.bulk.BulkWriteOperation": pymongo.bulk.BulkWriteOperation,
    "pymongo.bulk.BulkUpsertOperation": pymongo.bulk.BulkUpsertOperation,
    "pymongo.read_preferences.ReadPreference": pymongo.read_preferences.ReadPreference,
    "pymongo.son_manipulator.SONManipulator": pymongo.son_manipulator.SONManipulator,
    "pymongo.son_manipulator.AutoReference": pymongo.son_manipulator.AutoReference,
    "gridfs.GridFS": gridfs.GridFS,
    "gridfs.grid_file.GridIn": gridfs.grid_file.GridIn,
    "gridfs.grid_file.GridOut": gridfs.grid_file.GridOut,
    "gridfs.grid_file.GridOutCursor": gridfs.grid_file.GridOutCursor,
}

MODULES = {
    "pymongo": pymongo,
    "pymongo.errors": pymongo.errors,
    "pymongo.read_preferences": pymongo.read_preferences,
    "pymongo.son_manipulator": pymongo.son_manipulator,
    "pymongo.database": pymongo.database,
    "pymongo.collection": pymongo.collection,
    "pymongo.cursor": pymongo.cursor,
    "pymongo.command_cursor": pymongo.command_cursor,
    "pymongo.bulk": pymongo.bulk,
    "pymongo.connection": pymongo.connection,
    "pymongo.mongo_client": pymongo.mongo_client,
    "pymongo.mongo_replica_set_client": pymongo.mongo_replica_set_client,
    "pymongo.replica_set_connection": pymongo.replica_set_connection,
    "pymongo.master_slave_connection": pymongo.master_slave_connection,
    "gridfs": gridfs,
    "gridfs.errors": gridfs.errors,
}

# Protocol methods 2.8 gave behaviour of its own (iteration, indexing, ...).
DUNDERS = ("__getitem__", "__getattr__", "__iter__", "__next__", "next", "__eq__", "__ne__",
           "__repr__", "__call__", "__enter__", "__exit__", "__len__", "__contains__",
           "__copy__", "__deepcopy__", "__hash__")


def class_names(cls):
    names = set(n for n in dir(cls) if not n.startswith("_"))
    for klass in cls.__mro__:
        if klass is object:
            continue
        names.update(n for n in DUNDERS if n in vars(klass))
    return sorted(names)


def module_names(module):
    public = getattr(module, "__all__", None)
    names = [n for n in dir(module) if not n.startswith("_")]
    result = {}
    for name in sorted(names):
        value = getattr(module, name)
        if isinstance(value, type(sys)):
            kind = "module"
        elif isinstance(value, type):
            kind = "class"
        elif callable(value):
            kind = "function"
        else:
            kind = "value"
        origin = getattr(value, "__module__", None) if kind in ("class", "function") else None
        result[name] = {"kind": kind, "origin": origin,
                        "exported": public is None or name in public}
    return result


def error_ancestors():
    """For each exception class of 2.8's pymongo.errors (and gridfs.errors),
    the names of the other such classes it is a subclass of."""
    classes = {}
    for module in (pymongo.errors, gridfs.errors):
        for name in dir(module):
            value = getattr(module, name)
            if isinstance(value, type) and issubclass(value, BaseException):
                classes["%s.%s" % (module.__name__, name)] = value
    return {
        name: sorted(other for other, base in classes.items()
                     if base is not cls and issubclass(cls, base))
        for name, cls in sorted(classes.items())
    }


def main():
    data = {
        "pymongo_version": pymongo.version,
        "error_ancestors": error_ancestors(),
        "classes": {name: class_names(cls) for name, cls in sorted(CLASSES.items())},
        "modules": {name: module_names(mod) for name, mod in sorted(MODULES.items())},
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pymongo28_names.json")
    with open(path, "w") as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
        handle.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
