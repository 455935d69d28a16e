"""install()/uninstall() and ``legacy-mongo run``: 2.8's module paths and names
(spec §6.1, §6.2, §5.1, §4.6) resolve under the activation, and nothing is
left behind afterwards."""
import importlib
import os
import subprocess
import sys
import textwrap

import pymongo.database
import pytest

from legacy_mongo.runtime import activation

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

_WATCHED_MODULES = ("pymongo", "pymongo.errors", "pymongo.read_preferences", "pymongo.database",
                    "pymongo.collection", "pymongo.cursor", "pymongo.command_cursor",
                    "pymongo.mongo_client", "pymongo.common", "gridfs", "gridfs.errors",
                    "bson", "bson.dbref", "bson.json_util")
_ADDED_MODULES = ("pymongo.son_manipulator", "pymongo.cursor_manager", "pymongo.bulk",
                  "pymongo.connection", "pymongo.son")


def _snapshot():
    for name in _WATCHED_MODULES:  # (importing a submodule sets its parent's attribute)
        importlib.import_module(name)
    state = {}
    for name in _WATCHED_MODULES:
        module = importlib.import_module(name)
        state[name] = {key: id(value) for key, value in vars(module).items()}
    state["sys.modules"] = {name: id(sys.modules.get(name)) for name in _ADDED_MODULES}
    return state


@pytest.fixture
def installed():
    activation.install()
    yield
    activation.uninstall()


def test_uninstall_restores_every_module_exactly():
    activation.uninstall()
    before = _snapshot()
    activation.install()
    activation.install()  # idempotent
    assert _snapshot() != before
    activation.uninstall()
    assert _snapshot() == before


def test_son_manipulator_module(installed):
    import pymongo.son_manipulator as sm
    from pymongo.son_manipulator import (  # noqa: F401
        AutoReference, NamespaceInjector, ObjectIdInjector, ObjectIdShuffler, SONManipulator,
    )

    assert sm is importlib.import_module("legacy_mongo.runtime.son_manipulator")
    import pymongo
    assert pymongo.son_manipulator is sm


def test_read_preferences_are_28_ints(installed):
    import pymongo
    from pymongo.read_preferences import (
        ReadPreference, modes, mongos_enum, mongos_mode, secondary_ok_commands,
    )

    assert pymongo.ReadPreference is ReadPreference
    assert [ReadPreference.PRIMARY, ReadPreference.PRIMARY_PREFERRED, ReadPreference.SECONDARY,
            ReadPreference.SECONDARY_PREFERRED, ReadPreference.NEAREST] == [0, 1, 2, 3, 4]
    assert ReadPreference.SECONDARY_ONLY == ReadPreference.SECONDARY
    assert not ReadPreference.PRIMARY and ReadPreference.NEAREST
    assert modes == {0: "PRIMARY", 1: "PRIMARY_PREFERRED", 2: "SECONDARY",
                     3: "SECONDARY_PREFERRED", 4: "NEAREST"}
    assert mongos_mode(ReadPreference.SECONDARY_PREFERRED) == "secondaryPreferred"
    assert mongos_mode(1) == "primaryPreferred"
    assert mongos_enum("nearest") == 4
    assert "count" in secondary_ok_commands and "findandmodify" not in secondary_ok_commands
    assert {ReadPreference.SECONDARY: "x"}[2] == "x"  # hash like the int


def test_read_preference_objects_still_work_with_pymongo4(installed, server):
    import pymongo
    from pymongo.synchronous.mongo_client import MongoClient

    client = MongoClient(server.uri, read_preference=pymongo.ReadPreference.SECONDARY_PREFERRED,
                         serverSelectionTimeoutMS=3000)
    try:
        coll = client.db.get_collection("c", read_preference=pymongo.ReadPreference.NEAREST)
        assert coll.read_preference.mongos_mode == "nearest"
        coll.insert_one({"a": 1})
        assert coll.find_one({}, {"_id": 0}) == {"a": 1}
    finally:
        client.close()


def test_top_level_constants(installed):
    import pymongo

    assert (pymongo.OFF, pymongo.SLOW_ONLY, pymongo.ALL) == (0, 1, 2)
    assert pymongo.GEOHAYSTACK == "geoHaystack"
    assert (pymongo.ASCENDING, pymongo.DESCENDING, pymongo.GEO2D, pymongo.GEOSPHERE,
            pymongo.HASHED, pymongo.TEXT) == (1, -1, "2d", "2dsphere", "hashed", "text")


def test_module_reexports_and_modules(installed):
    from pymongo.bulk import BulkOperationBuilder  # noqa: F401
    from pymongo.connection import ConfigurationError, Connection  # noqa: F401
    from pymongo.cursor_manager import BatchCursorManager, CursorManager  # noqa: F401
    from pymongo.database import SON, Database, SystemJS  # noqa: F401
    from pymongo.replica_set_connection import MongoReplicaSetClient  # noqa: F401

    import pymongo
    assert pymongo.Connection is pymongo.connection.Connection


def test_gridfs_entry_points(installed, server):
    import warnings

    import gridfs
    from gridfs.errors import UnsupportedAPI

    import legacy_mongo

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        conn = legacy_mongo.Connection(server.host_string, socketTimeoutMS=5000)
    try:
        fs = gridfs.GridFS(conn.files_db, _connect=False)  # unacknowledged db, 2.8 kwarg
        file_id = fs.put(b"hello world", filename="hello.txt")
        assert fs.get(file_id).read() == b"hello world"
        assert fs.get_last_version("hello.txt")._id == file_id
        with pytest.raises(UnsupportedAPI):
            fs.open("x")
        with pytest.raises(UnsupportedAPI):
            fs.remove(file_id)
        with pytest.raises(TypeError):
            gridfs.GridFS("not a database")

        class StandIn(pymongo.database.Database):
            # Ming's mim.Database: a subclass whose __init__ keeps none of
            # Database's state (and whose __getattr__ answers every name)
            def __init__(self):
                pass

            def __getattr__(self, name):
                return None

            def __repr__(self):
                return "mim.Database(test)"

        with pytest.raises(TypeError, match=r"mim\.Database\(test\) has no write concern"):
            gridfs.GridFS(StandIn())
    finally:
        conn.close()


def test_legacy_mongo_run_resolves_28_imports(tmp_path, server):
    script = tmp_path / "app.py"
    script.write_text(textwrap.dedent("""
        import os
        import pymongo
        from pymongo import Connection, MongoClient, ReadPreference, OFF, ALL
        from pymongo.errors import TimeoutError, UnsupportedOption, ExceededMaxWaiters
        from pymongo.errors import CertificateError, InvalidId
        from pymongo.son_manipulator import NamespaceInjector
        from pymongo.read_preferences import modes
        from pymongo.cursor_manager import CursorManager

        client = MongoClient(os.environ["HOST"])
        db = client.app
        db.add_son_manipulator(NamespaceInjector())
        print(db.incoming_manipulators)
        print(not client.read_preference, modes[ReadPreference.NEAREST])
        print(db.collection_names(), client.database_names())
        db.things.insert_one({"x": 1})
        print(db.collection_names(include_system_collections=False))
        print(repr(db).startswith("Database(MongoClient("))
    """))
    env = dict(os.environ, HOST=server.host_string, LEGACY_MONGO_WARNINGS="ignore")
    result = subprocess.run(
        [sys.executable, "-m", "legacy_mongo", "run", str(script)],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "['NamespaceInjector']",
        "True NEAREST",
        "[] []",
        "['things']",
        "True",
    ]


def test_database_constructed_directly_is_legacy(installed, server):
    import warnings

    import pymongo
    from pymongo.database import Database
    from pymongo.errors import InvalidName

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        conn = pymongo.Connection(server.host_string, socketTimeoutMS=5000)
        try:
            db = Database(conn, "direct")
            assert db.connection is conn and db.safe is False  # Connection's settings
            assert db == conn.direct
            db.c.insert({"_id": 1})
            assert db.collection_names() == ["c"]
            with pytest.raises(InvalidName):
                Database(conn, "bad.name")
            with pytest.raises(TypeError):
                Database(conn, 5)
        finally:
            conn.close()


def test_every_28_class_a_program_can_build_is_the_legacy_one(installed, server):
    # 2.8 programs construct, subclass and patch these (the conformance
    # scenario api_legacy_classes_and_subclasses replays that against 2.8.1).
    import pymongo.collection
    import pymongo.command_cursor
    import pymongo.cursor
    import pymongo.database
    import pymongo.mongo_client
    from pymongo.synchronous import collection, command_cursor, cursor, database, mongo_client

    from legacy_mongo.runtime import clients
    from legacy_mongo.runtime import collection as legacy_collection
    from legacy_mongo.runtime import command_cursor as legacy_command_cursor
    from legacy_mongo.runtime import cursor as legacy_cursor
    from legacy_mongo.runtime import database as legacy_database

    pairs = [
        (pymongo.collection.Collection, legacy_collection.LegacyCollection, collection.Collection),
        (pymongo.cursor.Cursor, legacy_cursor.Cursor, cursor.Cursor),
        (pymongo.command_cursor.CommandCursor, legacy_command_cursor.CommandCursor,
         command_cursor.CommandCursor),
        (pymongo.database.Database, legacy_database.LegacyDatabase, database.Database),
        (pymongo.mongo_client.MongoClient, clients.MongoClient, mongo_client.MongoClient),
    ]
    for visible, legacy, modern in pairs:
        assert visible is legacy and issubclass(legacy, modern), visible
    activation.uninstall()
    try:
        for visible, legacy, modern in pairs:
            module = importlib.import_module(modern.__module__.replace("synchronous.", ""))
            assert getattr(module, modern.__name__) is modern
    finally:
        activation.install()


def test_modern_code_is_unchanged_by_the_legacy_classes(installed, server):
    # PyMongo 4's own client, built from the module install() leaves alone,
    # keeps PyMongo 4's classes and behaviour (bool() raises, no insert()).
    from pymongo.synchronous.collection import Collection
    from pymongo.synchronous.mongo_client import MongoClient

    client = MongoClient(server.host_string)
    try:
        coll = client.modern.coll
        assert type(coll) is Collection
        coll.insert_one({"_id": 1})
        assert coll.find_one() == {"_id": 1}
        assert coll.count_documents({}) == 1
        with pytest.raises(NotImplementedError):
            bool(coll)
        assert isinstance(coll.insert, Collection)  # a sub-collection, not a method
    finally:
        client.close()


def test_collection_constructor_takes_28_create_options(installed, server):
    import warnings

    import pymongo
    from pymongo.collection import Collection
    from pymongo.errors import OperationFailure

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = pymongo.Connection(server.host_string, socketTimeoutMS=5000)
        try:
            capped = Collection(client.db, "capped", capped=True, size=4096)
            assert capped.safe is False  # the Connection's settings, snapshotted
            [create] = [r for r in server.log(app_only=True) if r.op == "create"]
            assert create.command["capped"] is True and create.command["size"] == 4096.0
            # 2.8.1 sent create again and raised the server's OperationFailure.
            with pytest.raises(OperationFailure):
                Collection(client.db, "capped", create=True)
        finally:
            client.close()


def test_28_bson_behaviour_changes_only_what_pymongo4_refused(installed):
    # Expected values: 2.8.1's bson/json_util.py (default(): {"$uuid":
    # obj.hex}) and bson/dbref.py (no __slots__); the conformance scenario
    # bson_dbref_attributes_and_uuid_json replays them under 2.8.1.
    import json
    import uuid

    import bson
    from bson import json_util
    from bson.binary import UuidRepresentation
    from bson.dbref import DBRef
    from bson.json_util import JSONOptions

    value = uuid.UUID("12345678123456781234567812345678")
    assert json_util.dumps(value) == '{"$uuid": "12345678123456781234567812345678"}'
    assert json.dumps([value], default=json_util.default) == \
        '[{"$uuid": "12345678123456781234567812345678"}]'
    ref = bson.DBRef("users", 5)
    ref.type = "User"
    assert ref.type == "User" and ref == DBRef("users", 5) and isinstance(ref, DBRef)
    assert bson.decode(bson.encode({"r": ref}))["r"] == DBRef("users", 5)
    # A reference read back is built by bson's C decoder (PyMongo 4's class):
    # 2.x code's isinstance(value, DBRef) must still hold (mongokit's autoref).
    decoded = bson.decode(bson.encode({"r": ref}))["r"]
    assert isinstance(decoded, DBRef) and isinstance(decoded, bson.DBRef)
    assert not isinstance({"$ref": "users", "$id": 5}, DBRef)
    # 2.8.1's bson encoded a native UUID as binary subtype 3 by default
    # (bson/__init__.py: _encode_uuid with OLD_UUID_SUBTYPE); mongokit sizes
    # documents with BSON.encode before saving them.
    from bson.binary import Binary
    for encoded in (bson.encode({"u": value}), bson.BSON.encode({"u": value})):
        raw = bson.decode(encoded)["u"]
        assert isinstance(raw, Binary) and raw.subtype == 3
        assert raw.as_uuid(UuidRepresentation.PYTHON_LEGACY) == value
    assert bson.encode({"a": 1}) == bson.BSON.encode({"a": 1})
    # What already worked on PyMongo 4 is unchanged.
    standard = JSONOptions(uuid_representation=UuidRepresentation.STANDARD)
    assert json_util.dumps(value, json_options=standard) == \
        '{"$binary": {"base64": "EjRWeBI0VngSNFZ4EjRWeA==", "subType": "04"}}'
    assert json_util.dumps(DBRef("a", 1)) == '{"$ref": "a", "$id": 1}'
    activation.uninstall()
    try:
        with pytest.raises(ValueError):
            json_util.dumps(value)
        with pytest.raises(AttributeError):
            bson.DBRef("users", 5).type = "User"
        for encode in (bson.encode, bson.BSON.encode):
            with pytest.raises(ValueError):
                encode({"u": value})
    finally:
        activation.install()


def test_objectid_private_validate_and_generate_of_2_8(installed):
    """2.8.1's ObjectId had ``__validate(oid)`` and ``__generate()``; Ming's
    test suite patches ``ObjectId.__init__`` to call ``_ObjectId__validate``
    and expects the id it passes (``insert(doc, manipulate=True)``)."""
    from unittest import mock

    import bson
    from bson.errors import InvalidId

    fixed = bson.ObjectId("5f1e9b0c2a4e4d3b9c8a7f61")
    with mock.patch("bson.ObjectId.__init__", autospec=True, return_value=None,
                    side_effect=lambda self, *args: self._ObjectId__validate(fixed)):
        assert bson.ObjectId() == fixed
    oid = bson.ObjectId()
    oid._ObjectId__validate("01" * 12)
    assert oid.binary == b"\x01" * 12
    with pytest.raises(InvalidId):
        oid._ObjectId__validate("not hex")
    with pytest.raises(TypeError):
        oid._ObjectId__validate(None)
    before = oid.binary
    oid._ObjectId__generate()
    assert oid.binary != before and len(oid.binary) == 12
    added = list(activation._saved["objectid_names"])
    activation.uninstall()
    # the ones install() added go; those PyMongo itself has (4.9) stay
    for name in ("_ObjectId__validate", "_ObjectId__generate"):
        assert hasattr(bson.ObjectId, name) == (name not in added)
