"""Every public name of PyMongo 2.8.1 is provided or documented as refused,
and nothing of PyMongo 4 is hidden or changed except the documented overrides.

The 2.8 names come from ``pymongo28_names.json``, generated from the oracle
by ``dump_pymongo28_names.py`` (so this test runs without the oracle;
``test_fixture_matches_the_oracle`` regenerates it when the oracle exists).
The documentation is ``legacy_mongo.runtime.refusals``.
"""
import importlib
import inspect
import json
import os
import subprocess
import sys
import warnings

import pytest
from pymongo.synchronous.collection import Collection as ModernCollection
from pymongo.synchronous.command_cursor import CommandCursor as ModernCommandCursor
from pymongo.synchronous.cursor import Cursor as ModernCursor
from pymongo.synchronous.database import Database as ModernDatabase
from pymongo.synchronous.mongo_client import MongoClient as ModernMongoClient

from legacy_mongo.runtime import activation, refusals

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "pymongo28_names.json")
DUMP = os.path.join(HERE, "dump_pymongo28_names.py")
REPO = os.path.dirname(os.path.dirname(HERE))
ORACLE = os.path.join(REPO, ".oracle-venv", "bin", "python")

with open(FIXTURE) as _handle:
    NAMES = json.load(_handle)

# Where each 2.8 class lives in legacy-mongo.
LEGACY_CLASSES = {
    "pymongo.mongo_client.MongoClient": "legacy_mongo.runtime.clients:MongoClient",
    "pymongo.connection.Connection": "legacy_mongo.runtime.clients:Connection",
    "pymongo.mongo_replica_set_client.MongoReplicaSetClient":
        "legacy_mongo.runtime.clients:MongoReplicaSetClient",
    "pymongo.replica_set_connection.ReplicaSetConnection":
        "legacy_mongo.runtime.clients:ReplicaSetConnection",
    "pymongo.database.Database": "legacy_mongo.runtime.database:LegacyDatabase",
    "pymongo.database.SystemJS": "legacy_mongo.runtime.database:SystemJS",
    "pymongo.collection.Collection": "legacy_mongo.runtime.collection:LegacyCollection",
    "pymongo.cursor.Cursor": "legacy_mongo.runtime.cursor:Cursor",
    "pymongo.command_cursor.CommandCursor": "legacy_mongo.runtime.command_cursor:CommandCursor",
    "pymongo.bulk.BulkOperationBuilder": "legacy_mongo.runtime.bulk:BulkOperationBuilder",
    "pymongo.bulk.BulkWriteOperation": "legacy_mongo.runtime.bulk:BulkWriteOperation",
    "pymongo.bulk.BulkUpsertOperation": "legacy_mongo.runtime.bulk:BulkUpsertOperation",
    "pymongo.read_preferences.ReadPreference":
        "legacy_mongo.runtime.read_preferences:ReadPreference",
    "pymongo.son_manipulator.SONManipulator":
        "legacy_mongo.runtime.son_manipulator:SONManipulator",
    "pymongo.son_manipulator.AutoReference": "legacy_mongo.runtime.son_manipulator:AutoReference",
    "gridfs.GridFS": "legacy_mongo.runtime.activation:GridFS",
    "gridfs.grid_file.GridIn": "gridfs:GridIn",
    "gridfs.grid_file.GridOut": "gridfs:GridOut",
    "gridfs.grid_file.GridOutCursor": "gridfs:GridOutCursor",
}

# Legacy subclasses of PyMongo 4 classes, and the OVERRIDES key of each.
SUBCLASSES = [
    ("legacy_mongo.runtime.clients:MongoClient", ModernMongoClient, "MongoClient"),
    ("legacy_mongo.runtime.clients:Connection", ModernMongoClient, "Connection"),
    ("legacy_mongo.runtime.clients:MongoReplicaSetClient", ModernMongoClient,
     "MongoReplicaSetClient"),
    ("legacy_mongo.runtime.clients:ReplicaSetConnection", ModernMongoClient,
     "ReplicaSetConnection"),
    ("legacy_mongo.runtime.database:LegacyDatabase", ModernDatabase, "Database"),
    ("legacy_mongo.runtime.collection:LegacyCollection", ModernCollection, "Collection"),
    ("legacy_mongo.runtime.cursor:Cursor", ModernCursor, "Cursor"),
    ("legacy_mongo.runtime.command_cursor:CommandCursor", ModernCommandCursor, "CommandCursor"),
]

# Class plumbing that differs on any subclass.
_PLUMBING = {"__dict__", "__doc__", "__module__", "__weakref__", "__init__", "__slots__",
             "__annotations__", "__orig_bases__", "__parameters__", "__class_getitem__",
             "__abstractmethods__", "_abc_impl", "__firstlineno__", "__static_attributes__"}


def _load(spec):
    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)


@pytest.fixture(scope="module")
def installed():
    activation.install()
    yield
    activation.uninstall()


def test_fixture_was_dumped_from_28():
    assert NAMES["pymongo_version"].startswith("2.8")
    assert set(NAMES["classes"]) == set(LEGACY_CLASSES)
    # a sample of well-known names, so an empty or truncated dump fails
    assert "collection_names" in NAMES["classes"]["pymongo.database.Database"]
    assert "copy_database" in NAMES["classes"]["pymongo.mongo_client.MongoClient"]
    assert "ensure_index" in NAMES["classes"]["pymongo.collection.Collection"]


@pytest.mark.skipif(not os.path.exists(ORACLE), reason="the PyMongo 2.8.1 oracle is not installed")
def test_fixture_matches_the_oracle(tmp_path):
    copy = tmp_path / "dump.py"
    with open(DUMP) as handle:
        copy.write_text(handle.read())
    subprocess.run([ORACLE, str(copy)], check=True, capture_output=True, cwd=str(tmp_path))
    with open(tmp_path / "pymongo28_names.json") as handle:
        assert json.load(handle) == NAMES


def _refused(owner):
    return refusals.NOT_PROVIDED.get(owner, {})


@pytest.mark.parametrize("owner", sorted(NAMES["classes"]))
def test_every_28_class_name_is_provided_or_refused(owner, installed):
    cls = _load(LEGACY_CLASSES[owner])
    refused = _refused(owner)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (hasattr reads warn, e.g. SECONDARY_ONLY)
        missing = [name for name in NAMES["classes"][owner]
                   if not hasattr(cls, name) and name not in refused]
    assert missing == [], (
        "2.8 names of %s neither provided nor in refusals.NOT_PROVIDED" % owner)


@pytest.mark.parametrize("module_name", sorted(NAMES["modules"]))
def test_every_28_module_name_is_provided_or_refused(module_name, installed):
    module = importlib.import_module(module_name)
    refused = _refused(module_name)
    missing = [name for name in NAMES["modules"][module_name]
               if not hasattr(module, name) and name not in refused]
    assert missing == [], "2.8 names of %s neither provided nor refused" % module_name


def test_refusal_entries_are_real_28_names_that_are_really_missing(installed):
    stale = []
    for owner, names in refusals.NOT_PROVIDED.items():
        if owner in NAMES["classes"]:
            known = NAMES["classes"][owner]
            target = _load(LEGACY_CLASSES[owner])
        else:
            known = NAMES["modules"][owner]
            target = importlib.import_module(owner)
        for name, reason in names.items():
            assert reason and isinstance(reason, str)
            # An internal name may happen to exist in some PyMongo 4 release
            # (e.g. pymongo.mongo_client imports time in 4.20, not in 4.9).
            incidental = reason == refusals._INTERNAL
            if name not in known or (hasattr(target, name) and not incidental):
                stale.append((owner, name))
    assert stale == [], "refusals.NOT_PROVIDED lists names that are not 2.8's or are provided"


def test_refused_at_call_names_exist(installed):
    for owner, names in refusals.REFUSED_AT_CALL.items():
        cls = _load(LEGACY_CLASSES[owner])
        for name in names:
            assert name in NAMES["classes"][owner] or name.startswith("__"), (owner, name)
            assert hasattr(cls, name) or name == "__getattr__", (owner, name)


def _changed_names(legacy, modern):
    changed, hidden = [], []
    for name in dir(modern):
        if name in _PLUMBING:
            continue
        try:
            ours = inspect.getattr_static(legacy, name)
        except AttributeError:
            hidden.append(name)
            continue
        theirs = inspect.getattr_static(modern, name)
        if ours is theirs:
            continue
        if not callable(ours) and not isinstance(ours, (property, classmethod, staticmethod)) \
                and ours == theirs:
            continue  # same constant value (e.g. PORT = 27017)
        changed.append(name)
    return changed, hidden


@pytest.mark.parametrize("spec,modern,key", SUBCLASSES, ids=[key for _, _, key in SUBCLASSES])
def test_pymongo4_names_are_unchanged_unless_documented(spec, modern, key):
    legacy = _load(spec)
    assert issubclass(legacy, modern)
    changed, hidden = _changed_names(legacy, modern)
    assert hidden == [], "PyMongo 4 names hidden by %s" % key
    allowed = refusals.OVERRIDES[key]
    undocumented = sorted(set(changed) - set(allowed))
    assert undocumented == [], "PyMongo 4 names overridden by %s without an entry in " \
                               "refusals.OVERRIDES" % key
    stale = sorted(set(allowed) - set(changed))
    assert stale == [], "refusals.OVERRIDES[%r] lists names that are not overridden" % key


def test_overrides_are_2x_names_or_plumbing_of_the_legacy_class():
    """An override is allowed for a name 2.8 had (its 2.x meaning must win)
    or for returning legacy objects (factories, clones, iteration)."""
    plumbing = {"__getitem__", "get_database", "get_default_database", "get_collection",
                "with_options", "_clone", "_clone_base", "_refresh", "__next__", "next", "__repr__",
                "PORT", "__call__", "create_collection", "codec_options", "__iter__",
                "_unpack_response", "_init_background",
                # 2.8 defined no __bool__ (object's truth: always True); the
                # override undoes PyMongo 4's raising one.
                "__bool__"}
    owners = {"MongoClient": "pymongo.mongo_client.MongoClient",
              "Connection": "pymongo.connection.Connection",
              "MongoReplicaSetClient": "pymongo.mongo_replica_set_client.MongoReplicaSetClient",
              "ReplicaSetConnection": "pymongo.replica_set_connection.ReplicaSetConnection",
              "Database": "pymongo.database.Database",
              "Collection": "pymongo.collection.Collection",
              "Cursor": "pymongo.cursor.Cursor",
              "CommandCursor": "pymongo.command_cursor.CommandCursor"}
    client_names = set()
    for key in ("MongoClient", "Connection", "MongoReplicaSetClient", "ReplicaSetConnection"):
        client_names.update(NAMES["classes"][owners[key]])
    bad = []
    for key, names in refusals.OVERRIDES.items():
        known = set(NAMES["classes"][owners[key]])
        if key in ("MongoClient", "Connection", "MongoReplicaSetClient", "ReplicaSetConnection"):
            # one mixin serves every client class; on the family that lacked a
            # name in 2.8 it answers 2.8's attribute fallback (a Database)
            known = client_names
        for name, reason in names.items():
            assert reason
            if name not in known and name not in plumbing:
                bad.append((key, name))
    assert bad == []


def test_legacy_methods_name_their_replacement():
    """Docstrings of the 2.x-only methods say what to use instead."""
    from legacy_mongo.runtime import client_methods, database

    undocumented = []
    for cls in (database.LegacyDatabase, client_methods.LegacyClientMethods,
                client_methods.LegacyOptions):
        for name, value in vars(cls).items():
            if name.startswith("_"):
                continue
            doc = inspect.getdoc(value) or ""
            if not any(word in doc for word in ("PyMongo 4", "Refused", "2.x", "2.8")):
                undocumented.append((cls.__name__, name))
    assert undocumented == []


def test_warn_legacy_codes_exist_in_the_catalogue():
    import re

    from legacy_mongo import catalogue

    codes = set(catalogue.CATALOGUE) if isinstance(catalogue.CATALOGUE, dict) else {
        entry.code for entry in catalogue.CATALOGUE}
    used = set()
    for module in ("database", "client_methods", "read_preferences", "son_manipulator",
                   "activation", "errors"):
        path = os.path.join(REPO, "legacy_mongo", "runtime", module + ".py")
        with open(path) as handle:
            used.update(re.findall(r'"(LM\d{3})"', handle.read()))
    assert used and used <= codes, sorted(used - codes)


def test_the_oracle_agrees_on_a_sample_of_signatures():
    """Arguments 2.x callers pass positionally keep their 2.8 positions."""
    from legacy_mongo.runtime import client_methods, database

    def params(fn):
        return list(inspect.signature(fn).parameters)[1:]

    assert params(database.LegacyDatabase.command)[:3] == ["command", "value", "check"]
    assert params(database.LegacyDatabase.collection_names) == ["include_system_collections"]
    assert params(database.LegacyDatabase.set_profiling_level) == ["level", "slow_ms"]
    assert params(database.LegacyDatabase.add_user)[:3] == ["name", "password", "read_only"]
    assert params(database.LegacyDatabase.authenticate)[:4] == [
        "name", "password", "source", "mechanism"]
    assert params(client_methods.LegacyClientMethods.copy_database) == [
        "from_name", "to_name", "from_host", "username", "password", "mechanism"]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))


_PATCHED_MODULES = ("pymongo", "pymongo.errors", "pymongo.read_preferences", "pymongo.database",
                    "pymongo.collection", "pymongo.cursor", "pymongo.command_cursor",
                    "pymongo.mongo_client", "pymongo.common", "gridfs", "gridfs.errors",
                    "bson", "bson.dbref", "bson.json_util")


def test_install_changes_only_documented_module_attributes():
    was_installed = activation._saved is not None
    activation.uninstall()
    for name in _PATCHED_MODULES:
        importlib.import_module(name)
    before = {name: dict(vars(sys.modules[name])) for name in _PATCHED_MODULES}
    activation.install()
    try:
        undocumented, stale = [], []
        for name in _PATCHED_MODULES:
            after = vars(sys.modules[name])
            documented = refusals.MODULE_OVERRIDES.get(name, {})
            extras = refusals.MODULE_EXTRAS.get(name, {})
            known_28 = set(NAMES["modules"].get(name, {}))
            for attr, value in after.items():
                if attr in before[name]:
                    if value is not before[name][attr] and attr not in documented:
                        undocumented.append((name, attr))
                elif attr not in known_28 and attr not in extras:
                    undocumented.append((name, attr))
            for attr in documented:
                if after.get(attr) is before[name].get(attr):
                    stale.append((name, attr))
        assert undocumented == [], "install() changes these without documentation"
        assert stale == [], "refusals.MODULE_OVERRIDES lists attributes install() leaves alone"
    finally:
        activation.uninstall()
        if was_installed:
            activation.install()


_DIFFERENCE_OWNERS = {
    "MongoClient": "legacy_mongo.runtime.clients:MongoClient",
    "MongoReplicaSetClient": "legacy_mongo.runtime.clients:MongoReplicaSetClient",
    "Database": "legacy_mongo.runtime.database:LegacyDatabase",
    "Collection": "legacy_mongo.runtime.collection:LegacyCollection",
    "Cursor": "legacy_mongo.runtime.cursor:Cursor",
    "CommandCursor": "legacy_mongo.runtime.command_cursor:CommandCursor",
}


def test_differences_name_provided_attributes(installed):
    import re

    stale = []
    for key in refusals.DIFFERENCES:
        for owner, name in re.findall(r"\b([A-Z]\w+)\.(\w+)", key):
            if owner in _DIFFERENCE_OWNERS and not hasattr(_load(_DIFFERENCE_OWNERS[owner]),
                                                           name):
                stale.append((key, owner, name))
    assert stale == [], "refusals.DIFFERENCES names attributes the legacy classes lack"


def test_differences_state_the_collection_and_cursor_deviations():
    # The decided deviations of the Collection/Cursor API (each module's
    # docstring explains it); the documented list must carry every one.
    text = "\n".join("%s: %s" % item for item in refusals.DIFFERENCES.items())
    for needle in ("Collection.aggregate", "AggregateReply", "snapshot=True", "hint({'_id': 1})",
                   "network_timeout", "pymongo.timeout", "Collection.parallel_scan",
                   "dropDups", "secondary_acceptable_latency_ms=", "compile_re",
                   "Collection.slave_okay", "Collection.tag_sets"):
        assert needle in text, needle
