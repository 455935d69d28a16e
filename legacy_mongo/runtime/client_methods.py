"""2.8's client methods and properties, as a mixin of the legacy clients.

:class:`LegacyOptions` (shared by clients and Databases; the Collection may
reuse it) carries 2.8's BaseObject options: ``read_preference`` as 2.x ints
(see ``legacy_mongo.runtime.read_preferences``), ``tag_sets``,
``secondary_acceptable_latency_ms``, ``uuid_subtype``.

:class:`LegacyClientMethods` adds the 2.8 client API that PyMongo 4 removed:
``database_names``, ``copy_database``, ``alive``, ``is_locked``/``fsync``/
``unlock``, ``disconnect`` (the client stays usable, unlike PyMongo 4's
``close()``), ``close_cursor``/``kill_cursors``, ``host``/``port``,
``max_bson_size`` & co, ``document_class``/``tz_aware`` get/set, 2.8's
``__repr__``, and the replica-set client's ``hosts``/``seeds``/``refresh``.
``drop_database`` also empties the database's ``ensure_index`` cache.
Names PyMongo 4 kept with 2.8's meaning (``server_info``,
``nodes``, ``is_primary``, ``is_mongos``, ``close``, ``get_default_database``)
are PyMongo 4's own.
"""
import warnings as _warnings

import uuid as _uuid

from bson.binary import Binary, UuidRepresentation
from bson.codec_options import TypeDecoder, TypeRegistry
from bson.son import SON
from pymongo.errors import (
    ConfigurationError,
    InvalidName,
    InvalidOperation,
    OperationFailure,
    PyMongoError,
)
from pymongo.server_type import SERVER_TYPE
from pymongo.write_concern import WriteConcern

from legacy_mongo.runtime import read_preferences as legacy_rp
# PyMongo 4's own DBRef (bson.dbref.DBRef is the legacy one under install())
from legacy_mongo.runtime.bson_compat import DBRef as _LegacyDBRef, _ModernDBRef
from legacy_mongo.warnings import warn_legacy

# 2.8's bson constants: OLD_UUID_SUBTYPE 3, UUID_SUBTYPE 4, JAVA_LEGACY 5, CSHARP_LEGACY 6.
_SUBTYPE_TO_REPRESENTATION = {
    3: UuidRepresentation.PYTHON_LEGACY,
    4: UuidRepresentation.STANDARD,
    5: UuidRepresentation.JAVA_LEGACY,
    6: UuidRepresentation.CSHARP_LEGACY,
}
_REPRESENTATION_TO_SUBTYPE = {v: k for k, v in _SUBTYPE_TO_REPRESENTATION.items()}

# 2.8's defaults when not connected (pymongo.common).
MAX_BSON_SIZE = 16 * 1024 * 1024
MAX_MESSAGE_SIZE = 2 * MAX_BSON_SIZE
MIN_WIRE_VERSION = 0
MAX_WIRE_VERSION = 0
MAX_WRITE_BATCH_SIZE = 1000


class _LegacyUuidDecoder(TypeDecoder):
    """2.8 decoded every 16-byte Binary of subtype 3 *and* 4 to ``uuid.UUID``
    whatever ``uuid_subtype`` said (only the byte order of subtype 3 followed
    it); PyMongo 4 leaves the subtype its representation does not claim as
    Binary.  What PyMongo 4 left as Binary gets 2.8's standard byte order."""

    bson_type = Binary

    def transform_bson(self, value):
        if value.subtype in (3, 4) and len(value) == 16:
            return _uuid.UUID(bytes=bytes(value))
        return value


class _LegacyDBRefDecoder(TypeDecoder):
    """2.8's DBRef took attribute assignment (MongoAlchemy sets ``ref.type``
    on every reference it reads back); the references PyMongo 4's C decoder
    builds are its slotted class.  They become ``bson_compat.DBRef``, the
    subclass without ``__slots__`` that ``bson.DBRef`` is under install():
    equality, hashing, ``repr`` and encoding stay PyMongo 4's."""

    bson_type = _ModernDBRef

    def transform_bson(self, value):
        return _LegacyDBRef(value.collection, value.id, value.database,
                            value._DBRef__kwargs)


_UUID_DECODER = _LegacyUuidDecoder()
_DBREF_DECODER = _LegacyDBRefDecoder()
# The shim's own decoders; each is left out where the program registered a
# decoder for the same type.
SHIM_DECODERS = (_UUID_DECODER, _DBREF_DECODER)
_registry_cache = {}


def _codecs(registry):
    codecs = getattr(registry, "codecs", None)  # public since PyMongo 4.10
    if codecs is None:
        codecs = registry._TypeRegistry__type_codecs
    return list(codecs)


def legacy_uuid_decoding(codec_options):
    """*codec_options* with 2.8's decoding added to its type registry: UUIDs
    (kept when a Binary decoder is already registered) and references that
    take attribute assignment (kept when a DBRef decoder is)."""
    registry = codec_options.type_registry
    cached = _registry_cache.get(id(registry))
    if cached is None or cached[0] is not registry:
        missing = [d for d in SHIM_DECODERS if d.bson_type not in registry._decoder_map]
        cached = (registry, TypeRegistry(_codecs(registry) + missing,
                                         registry._fallback_encoder) if missing else None)
        _registry_cache[id(registry)] = cached
    if cached[1] is None:
        return codec_options
    return codec_options.with_options(type_registry=cached[1])


_write_reply_cache = {}


def without_legacy_decoders(codec_options):
    """*codec_options* minus the shim's own decoders, for the replies to
    write commands: with any type decoder registered PyMongo decodes every
    reply through its slow Python path, and a write reply holds nothing 2.8
    decoded differently (user codecs are kept)."""
    registry = codec_options.type_registry
    ours = [d.transform_bson for d in SHIM_DECODERS]
    if not any(f in ours for f in registry._decoder_map.values()):
        return codec_options
    cached = _write_reply_cache.get(id(registry))
    if cached is None or cached[0] is not registry:
        cached = (registry, TypeRegistry([c for c in _codecs(registry)
                                          if c not in SHIM_DECODERS],
                                         registry._fallback_encoder))
        _write_reply_cache[id(registry)] = cached
    return codec_options.with_options(type_registry=cached[1])


def legacy_uuid(value):
    """The 2.8 decoding of one already-decoded value (command replies get no
    type decoders from PyMongo 4)."""
    if isinstance(value, Binary) and value.subtype in (3, 4) and len(value) == 16:
        return _uuid.UUID(bytes=bytes(value))
    return value


class CursorManager:
    """2.8's ``pymongo.cursor_manager.CursorManager`` (deprecated in 2.1+).
    PyMongo 4 kills dead cursors itself; ``client.set_cursor_manager``
    accepts this class and :class:`BatchCursorManager` as no-ops.
    Replacement: delete the call."""

    def __init__(self, connection):
        self._connection = connection

    def close(self, cursor_id):
        """Kill the cursor now through ``client.kill_cursors`` (2.8's
        default behaviour).  PyMongo 4: ``cursor.close()``."""
        if isinstance(cursor_id, bool) or not isinstance(cursor_id, int):
            raise TypeError("cursor_id must be an instance of (int, long)")
        self._connection.kill_cursors([cursor_id])


class BatchCursorManager(CursorManager):
    """2.8's batching cursor manager; see :class:`CursorManager`."""


def uuid_representation(subtype):
    """PyMongo 4's UuidRepresentation for a 2.x ``uuid_subtype``."""
    if isinstance(subtype, bool) or subtype not in _SUBTYPE_TO_REPRESENTATION:
        raise ConfigurationError(
            "uuid_subtype must be one of 3 (OLD_UUID_SUBTYPE), 4 (UUID_SUBTYPE), "
            "5 (JAVA_LEGACY) or 6 (CSHARP_LEGACY), not %r" % (subtype,)
        )
    return _SUBTYPE_TO_REPRESENTATION[subtype]


class LegacyOptions:
    """2.8's BaseObject options on a PyMongo 4 object (client, Database or
    Collection).

    A Database/Collection snapshots them from its parent when it is created
    (spec §2.3): ``read_preference``/``tag_sets`` and ``uuid_subtype`` live
    in PyMongo 4's own ``_read_preference``/``_codec_options``, which PyMongo
    copies from the parent; ``slave_okay`` is copied by
    :meth:`_legacy_inherit`.  Later changes to the parent do not reach
    existing children, and a child's changes never reach its parent.
    """

    def _legacy_inherit(self, parent, *args, **kwargs):
        """Snapshot *parent*'s ``slave_okay`` as well as its write-concern
        state (``LegacyBase._legacy_inherit``)."""
        super()._legacy_inherit(parent, *args, **kwargs)
        value = getattr(parent, "_legacy_slave_okay_value", None)
        if value is not None:
            self.__dict__["_legacy_own_slave_okay"] = value()
        if "_write_response_codec_options" in self.__dict__:
            self._write_response_codec_options = without_legacy_decoders(
                self._write_response_codec_options)

    @property
    def read_preference(self):
        """The read preference: a PyMongo 4 mode that is also 2.x's int
        (``ReadPreference.PRIMARY == 0`` and is falsy)."""
        return legacy_rp.legacy(self._read_preference)

    @read_preference.setter
    def read_preference(self, value):
        """2.x: assignment.  PyMongo 4: ``x.with_options(read_preference=...)``."""
        warn_legacy("LM133")
        self._read_preference = legacy_rp.legacy(value)

    @property
    def tag_sets(self):
        """2.x: the read preference's tag sets (``[{}]`` = any member).
        PyMongo 4: ``x.read_preference.tag_sets``."""
        warn_legacy("LM111")
        return list(self._read_preference.tag_sets)

    @tag_sets.setter
    def tag_sets(self, value):
        warn_legacy("LM111")
        if value is None:
            value = [{}]
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            raise ConfigurationError("Tag sets %r invalid, must be a list of dicts" % (value,))
        mode = self._read_preference.mode
        if mode == legacy_rp.PRIMARY:
            if value != [{}]:
                raise ConfigurationError("ReadPreference PRIMARY cannot be combined with tags")
            return
        self._read_preference = legacy_rp.make(mode, value)

    def _legacy_client(self):
        from pymongo.synchronous.collection import Collection
        from pymongo.synchronous.mongo_client import MongoClient

        # (a client's ``client`` attribute is a Database named "client", a
        # Collection's a sub-collection)
        if isinstance(self, MongoClient):
            return self
        if isinstance(self, Collection):
            return self.database.client
        return self.client

    def _legacy_slave_okay_value(self):
        own = self.__dict__.get("_legacy_own_slave_okay")
        if own is not None:
            return own
        return bool(getattr(self._legacy_client(), "_legacy_slave_okay", False))

    @property
    def slave_okay(self):
        """2.x: may reads go to secondaries (inherited from the client unless
        set here).  PyMongo 4: ``read_preference=ReadPreference.SECONDARY_PREFERRED``."""
        warn_legacy("LM108")
        return self._legacy_slave_okay_value()

    @slave_okay.setter
    def slave_okay(self, value):
        warn_legacy("LM108")
        _warnings.warn("slave_okay is deprecated. Please use read_preference instead.",
                       DeprecationWarning, stacklevel=2)
        from legacy_mongo.runtime.write_concern import validate_boolean

        # 2.8's validate_boolean: 'true'/'false' are booleans too.
        self.__dict__["_legacy_own_slave_okay"] = validate_boolean("slave_okay", value)

    @property
    def secondary_acceptable_latency_ms(self):
        """2.x: the latency window for secondary reads.  PyMongo 4:
        ``client.options.local_threshold_ms`` (``localThresholdMS``)."""
        warn_legacy("LM112")
        client = self._legacy_client()
        value = client.options.local_threshold_ms
        # 2.8: the client kept the int it was given; its Databases and
        # Collections re-validated it as a float (15.0).
        return value if client is self else float(value)

    @secondary_acceptable_latency_ms.setter
    def secondary_acceptable_latency_ms(self, value):
        warn_legacy("LM112")
        raise ConfigurationError(
            "secondary_acceptable_latency_ms cannot be changed on a running PyMongo 4 client: "
            "pass localThresholdMS=%r to the client's constructor." % (value,)
        )

    @property
    def uuid_subtype(self):
        """2.x: how ``uuid.UUID`` values are stored (3: Python legacy, the
        2.x default; 4: standard).  PyMongo 4:
        ``codec_options.uuid_representation``."""
        warn_legacy("LM902")
        return _REPRESENTATION_TO_SUBTYPE.get(self._codec_options.uuid_representation, 3)

    @uuid_subtype.setter
    def uuid_subtype(self, value):
        warn_legacy("LM902")
        self._codec_options = self._codec_options.with_options(
            uuid_representation=uuid_representation(value)
        )
        if "_write_response_codec_options" in self.__dict__:
            # A Collection encodes its write commands (documents included)
            # with this copy, which PyMongo 4 derives once, in __init__.
            self._write_response_codec_options = without_legacy_decoders(
                self._codec_options._replace(
                    unicode_decode_error_handler="replace", document_class=dict
                )
            )


class LegacyClientMethods(LegacyOptions):
    """The 2.8 client API on a PyMongo 4 ``MongoClient`` subclass."""

    @property
    def codec_options(self):
        """PyMongo 4's codec options plus 2.8's UUID decoding (Binary
        subtypes 3 and 4 both decode to ``uuid.UUID``); Databases and
        Collections made from this client inherit it."""
        return legacy_uuid_decoding(self._codec_options)

    # -- codec options, the 2.x way -----------------------------------------
    @property
    def document_class(self):
        """2.x: the class documents decode to (get/set).  PyMongo 4:
        ``client.codec_options.document_class`` / ``with_options``."""
        warn_legacy("LM121")
        return self._codec_options.document_class

    @document_class.setter
    def document_class(self, value):
        warn_legacy("LM121")
        self._codec_options = self._codec_options.with_options(document_class=value)

    def get_document_class(self):
        """2.x: see :attr:`document_class`."""
        warn_legacy("LM121")
        return self._codec_options.document_class

    def set_document_class(self, klass):
        """2.x: see :attr:`document_class`."""
        warn_legacy("LM121")
        self._codec_options = self._codec_options.with_options(document_class=klass)

    @property
    def tz_aware(self):
        """2.x: whether datetimes decode as aware (UTC).  PyMongo 4:
        ``client.codec_options.tz_aware``."""
        warn_legacy("LM122")
        return self._codec_options.tz_aware

    @tz_aware.setter
    def tz_aware(self, value):
        warn_legacy("LM122")
        if not isinstance(value, bool):
            raise TypeError("tz_aware must be True or False")
        self._codec_options = self._codec_options.with_options(tz_aware=value)

    @property
    def use_greenlets(self):
        """2.x: always False (greenlet mode is refused at construction)."""
        warn_legacy("LM107")
        return False

    # -- the current server (2.8: None/defaults when not connected) -------------
    def _legacy_current_server(self):
        """The description of the server 2.8 would call "current": the
        standalone/primary/first mongos, or None (never blocks)."""
        description = self.topology_description
        servers = [s for s in description.server_descriptions().values()
                   if s.is_server_type_known]
        for server in servers:
            if server.is_writable:
                return server
        return None

    @property
    def host(self):
        """2.x: the current server's host, None if not connected.  PyMongo 4:
        ``(client.address or (None, None))[0]``."""
        if _is_replica_set_client(self):
            return self["host"]
        warn_legacy("LM123")
        server = self._legacy_current_server()
        return server.address[0] if server else None

    @property
    def port(self):
        """2.x: the current server's port, None if not connected."""
        if _is_replica_set_client(self):
            return self["port"]
        warn_legacy("LM123")
        server = self._legacy_current_server()
        return server.address[1] if server else None

    @property
    def is_primary(self):
        """2.x: True if the current server is a standalone, primary or master;
        False when not connected (PyMongo 4's property would block for
        server selection).  A MongoReplicaSetClient had no such attribute in
        2.8 (a Database of that name)."""
        if _is_replica_set_client(self):
            return self["is_primary"]
        server = self._legacy_current_server()
        return server is not None and server.is_writable

    @property
    def is_mongos(self):
        """2.x: True if the current server is a mongos; False when not
        connected and always on a MongoReplicaSetClient (PyMongo 4's property
        would block for server selection)."""
        if _is_replica_set_client(self):
            return False
        server = self._legacy_current_server()
        return server is not None and server.server_type == SERVER_TYPE.Mongos

    def _legacy_limit(self, attribute, default):
        warn_legacy("LM125")
        server = self._legacy_current_server()
        if server is None:
            return default
        return getattr(server, attribute)

    @property
    def max_bson_size(self):
        """2.x: the current server's maxBsonObjectSize (16 MiB when not
        connected).  PyMongo 4: ``client.admin.command('hello')['maxBsonObjectSize']``."""
        return self._legacy_limit("max_bson_size", MAX_BSON_SIZE)

    @property
    def max_message_size(self):
        """2.x: maxMessageSizeBytes (32 MiB when not connected)."""
        return self._legacy_limit("max_message_size", MAX_MESSAGE_SIZE)

    @property
    def max_write_batch_size(self):
        """2.x: maxWriteBatchSize (1000 when not connected)."""
        return self._legacy_limit("max_write_batch_size", MAX_WRITE_BATCH_SIZE)

    @property
    def min_wire_version(self):
        """2.x: minWireVersion (0 when not connected)."""
        return self._legacy_limit("min_wire_version", MIN_WIRE_VERSION)

    @property
    def max_wire_version(self):
        """2.x: maxWireVersion (0 when not connected)."""
        return self._legacy_limit("max_wire_version", MAX_WIRE_VERSION)

    # -- names only one of 2.8's client families had --------------------------------
    # 2.8 resolved a missing attribute to a Database (spec §4.8): a
    # MongoClient's ``hosts``/``seeds``/``refresh`` and a
    # MongoReplicaSetClient's ``host``/``port``/``is_locked``/``fsync``/
    # ``unlock`` are Databases of that name, as they were.
    @property
    def hosts(self):
        """2.x (MongoReplicaSetClient): every member (host, port) known.
        PyMongo 4: ``client.nodes``."""
        if not _is_replica_set_client(self):
            return self["hosts"]
        warn_legacy("LM126")
        return frozenset(self.topology_description.server_descriptions())

    @property
    def seeds(self):
        """2.x (MongoReplicaSetClient): the seeds given to the constructor.
        PyMongo 4: the hosts of the URI you passed."""
        if not _is_replica_set_client(self):
            return self["seeds"]
        warn_legacy("LM126")
        return set(self._topology_settings.seeds)

    @property
    def refresh(self):
        """2.x (MongoReplicaSetClient): re-check every member now.  PyMongo 4
        monitors members in the background: this requests an immediate check
        and waits up to 5 s.  PyMongo 4: nothing to call."""
        if not _is_replica_set_client(self):
            return self["refresh"]
        return self._legacy_refresh

    def _legacy_refresh(self):
        warn_legacy("LM126")
        self._get_topology().request_check_all(wait_time=5)

    # -- 2.8's __repr__ ---------------------------------------------------------------
    def __repr__(self):
        """2.8: ``MongoClient('h', 27017)`` for one node, else
        ``MongoClient(['h:p', ...])`` (PyMongo 4 printed its options)."""
        name = type(self).__name__
        nodes = sorted(self.nodes) if not self._closed else []
        if len(nodes) == 1 and not _is_replica_set_client(self):
            return "%s(%r, %r)" % (name, nodes[0][0], nodes[0][1])
        return "%s(%r)" % (name, ["%s:%d" % node for node in nodes])

    # -- admin --------------------------------------------------------------------------
    def drop_database(self, name_or_database, *args, **kwargs):
        """PyMongo 4's ``drop_database``; also forgets the database's
        indexes in the ``ensure_index`` cache, as 2.8 did, and waits for the
        reply on an unacknowledged client, as 2.8's command did."""
        from pymongo.synchronous.database import Database

        from legacy_mongo.runtime.collection import purge_index_cache

        name = name_or_database
        if isinstance(name, Database):
            name = name.name
        if isinstance(name, str):
            purge_index_cache(self, name)
            if not args and set(kwargs) <= {"session", "comment"} and \
                    not self._write_concern_for(kwargs.get("session")).acknowledged:
                # PyMongo 4 sends dropDatabase with the client's write concern (w=0
                # under Connection()) and so loses a refusal; 2.8.1's drop_database
                # is self[name].command("dropDatabase"), which always read the reply.
                from pymongo.read_preferences import ReadPreference

                Database.command(self[name], "dropDatabase",
                                 read_preference=ReadPreference.PRIMARY, **kwargs)
                return None
        return super().drop_database(name_or_database, *args, **kwargs)

    def database_names(self):
        """2.x: the database names.  PyMongo 4: ``client.list_database_names()``."""
        warn_legacy("LM602")
        return self.list_database_names()

    def alive(self):
        """2.x: False if the client is not connected or its server does not
        answer (2.8 looked at a pooled socket; this pings it).  PyMongo 4:
        ``client.admin.command('ping')`` in a try block."""
        warn_legacy("LM618")
        if self._closed or self._legacy_current_server() is None:
            return False
        import pymongo

        from legacy_mongo.runtime.requests import RequestRegistry

        try:
            with RequestRegistry.suppress_auto_start(self._legacy_requests):
                with pymongo.timeout(max(self.options.pool_options.connect_timeout or 20, 1)):
                    self.admin.command("ping")
        except PyMongoError:
            return False
        return True

    @property
    def is_locked(self):
        """2.x: True while the server is fsync-locked.  Runs ``currentOp``
        (2.8 read ``$cmd.sys.inprog``).  PyMongo 4:
        ``bool(client.admin.command('currentOp').get('fsyncLock'))``."""
        if _is_replica_set_client(self):
            return self["is_locked"]
        warn_legacy("LM615")
        reply = self.admin.command("currentOp")
        return bool(reply.get("fsyncLock", 0))

    @property
    def fsync(self):
        """2.x (MongoClient): see :meth:`_legacy_fsync`."""
        if _is_replica_set_client(self):
            return self["fsync"]
        return self._legacy_fsync

    def _legacy_fsync(self, **kwargs):
        """2.x: the ``fsync`` admin command (``lock=True``; ``async`` was
        removed from the server in 4.2 and is refused by it); returns None.
        PyMongo 4: ``client.admin.command('fsync', lock=True)``."""
        warn_legacy("LM616")
        command = SON([("fsync", 1)])
        command.update(kwargs)
        self.admin.command(command)

    @property
    def unlock(self):
        """2.x (MongoClient): see :meth:`_legacy_unlock`."""
        if _is_replica_set_client(self):
            return self["unlock"]
        return self._legacy_unlock

    def _legacy_unlock(self):
        """2.x: unlock an fsync-locked server (``fsyncUnlock``; 2.8 read
        ``$cmd.sys.unlock``); returns None.  PyMongo 4:
        ``client.admin.command('fsyncUnlock')``."""
        warn_legacy("LM617")
        self.admin.command("fsyncUnlock")

    def disconnect(self):
        """2.x: close the idle sockets and end every thread's request; the
        next operation reconnects (the client stays usable and its monitors
        keep running; the shim's ``close()`` also leaves it usable, after
        stopping everything).  PyMongo 4: ``client.close()`` when done with
        the client for good."""
        warn_legacy("LM606")
        self._legacy_disconnect_quietly()

    def _legacy_disconnect_quietly(self):
        """:meth:`disconnect` without its warning: what 2.8 did by itself
        after a "not master"/"node is recovering" reply (its ``reset``
        callback), so the next operation runs on a new socket.  Called by
        the legacy Collection/Database/Cursor paths through
        :func:`legacy_mongo.runtime.errors.legacy_not_primary`."""
        registry = self._legacy_requests
        for pool in list(registry._pools):
            if getattr(pool, "is_sdam", False):
                continue
            pool.reset_without_pause()
        if registry.forget_on_reset:
            # MongoClient/Connection: every thread's request ends (2.8 §3.7).
            # MongoReplicaSetClient requests survived disconnect() in 2.8.
            registry.forget_all()

    def copy_database(self, from_name, to_name, from_host=None, username=None,
                      password=None, mechanism="DEFAULT"):
        """2.x: copy a database (the ``copydb`` command, removed in MongoDB
        4.2).  Emulated on the same deployment: each collection of
        *from_name* is created in *to_name* with its options, its documents
        copied through this client (acknowledged inserts, batches of 1000)
        and its indexes rebuilt; returns ``{'ok': 1.0}`` like copydb.
        Differences: not a point-in-time copy, views/system collections are
        skipped; copying from another host (*from_host*) or with
        *username*/*password* is refused.  A target collection that already
        exists raises ``OperationFailure`` (copydb refused too).  PyMongo 4:
        per collection ``coll.aggregate([{'$match': {}}, {'$out': {'db': to,
        'coll': coll.name}}])``, or ``mongodump``/``mongorestore``."""
        warn_legacy("LM611")
        _warnings.warn("copy_database is deprecated. Use the copydb command instead.",
                       DeprecationWarning, stacklevel=2)
        if not isinstance(from_name, str):
            raise TypeError("from_name must be an instance of str")
        if not isinstance(to_name, str):
            raise TypeError("to_name must be an instance of str")
        target = self[to_name]  # InvalidName for a bad name, as 2.8
        if from_host is not None or username is not None or password is not None:
            raise ConfigurationError(
                "copy_database from another host or with credentials needs the copydb "
                "command, removed in MongoDB 4.2: use mongodump --db %s | mongorestore "
                "--nsFrom '%s.*' --nsTo '%s.*'" % (from_name, from_name, to_name)
            )
        if from_name == to_name:
            raise InvalidName("copy_database: source and target are the same database")
        source = self[from_name]
        ack = WriteConcern(w=1) if not target.write_concern.acknowledged else None
        infos = [info for info in source.list_collections()
                 if info.get("type", "collection") == "collection"
                 and not info["name"].startswith("system.")]
        existing = set(target.list_collection_names())
        clash = [info["name"] for info in infos if info["name"] in existing]
        if clash:
            raise OperationFailure(
                "copy_database: collection %s.%s already exists" % (to_name, clash[0]), 48
            )
        for info in infos:
            name = info["name"]
            options = dict(info.get("options") or {})
            options.pop("uuid", None)
            target.create_collection(name, **options)
            destination = target.get_collection(name, write_concern=ack) if ack else target[name]
            batch = []
            for document in source[name].find():
                batch.append(document)
                if len(batch) == 1000:
                    destination.insert_many(batch, ordered=True)
                    batch = []
            if batch:
                destination.insert_many(batch, ordered=True)
            indexes = []
            for index in source[name].list_indexes():
                spec = dict(index)
                if spec.get("name") == "_id_":
                    continue
                spec.pop("ns", None)
                spec.pop("v", None)
                indexes.append(spec)
            if indexes:
                target.command("createIndexes", name, indexes=indexes)
        return {"ok": 1.0}

    # -- cursors ----------------------------------------------------------------------------
    def close_cursor(self, cursor_id, *args):
        """2.x: kill one server cursor by id.  2.8 sent OP_KILL_CURSORS with
        the bare id; the ``killCursors`` command of modern servers needs the
        cursor's collection, so it is looked up with ``$currentOp``
        (``idleCursors``, MongoDB 4.2+) and killed there; an id the server
        does not know is ignored, as 2.8's message was.  Refused
        (InvalidOperation) when ``$currentOp`` is not available (older
        server, missing privilege).  PyMongo 4: ``cursor.close()``, or
        ``db.command('killCursors', coll_name, cursors=[cursor_id])``."""
        warn_legacy("LM127")
        if isinstance(cursor_id, bool) or not isinstance(cursor_id, int):
            raise TypeError("cursor_id must be an instance of (int, long)")
        self._legacy_kill_cursors([cursor_id])

    def kill_cursors(self, cursor_ids):
        """2.x: kill server cursors by id; see :meth:`close_cursor`."""
        warn_legacy("LM127")
        if not isinstance(cursor_ids, list):
            raise TypeError("cursor_ids must be a list")
        self._legacy_kill_cursors(cursor_ids)

    def _legacy_kill_cursors(self, cursor_ids):
        if not cursor_ids:
            return
        if self._legacy_current_server() is None:
            # 2.8 did not connect just to kill cursors.
            _warnings.warn("not connected, couldn't close cursor", stacklevel=3)
            return
        from pymongo.synchronous.mongo_client import MongoClient as _Modern

        admin = _Modern.__getitem__(self, "admin")
        pipeline = [
            {"$currentOp": {"allUsers": True, "idleCursors": True}},
            {"$match": {"type": "idleCursor", "cursor.cursorId": {"$in": list(cursor_ids)}}},
        ]
        try:
            idle = list(admin.aggregate(pipeline))
        except OperationFailure as exc:
            raise InvalidOperation(
                "close_cursor/kill_cursors: modern servers kill cursors with the killCursors "
                "command, which needs the collection name, and looking it up with $currentOp "
                "failed (%s). Use cursor.close(), or db.command('killCursors', collection_name, "
                "cursors=[cursor_id])." % (exc,)
            ) from None
        by_namespace = {}
        for op in idle:
            namespace = op.get("ns")
            if namespace and "." in namespace:
                by_namespace.setdefault(namespace, []).append(op["cursor"]["cursorId"])
        for namespace, ids in by_namespace.items():
            db_name, collection = namespace.split(".", 1)
            _Modern.__getitem__(self, db_name).command("killCursors", collection, cursors=ids)

    def set_cursor_manager(self, manager_class):
        """2.x (deprecated in 2.8): PyMongo 4 closes dead cursors itself, as
        2.8's default ``CursorManager`` did, so 2.8's own managers are
        accepted and have no effect; a custom manager class (whose hooks
        would never run) is refused.  PyMongo 4: delete the call."""
        warn_legacy("LM128")
        _warnings.warn("set_cursor_manager is Deprecated", DeprecationWarning, stacklevel=2)
        if not isinstance(manager_class, type) or not issubclass(manager_class, CursorManager):
            raise TypeError("manager_class must be a subclass of CursorManager")
        if manager_class in (CursorManager, BatchCursorManager):
            return
        raise ConfigurationError(
            "set_cursor_manager(%s): PyMongo 4 has no cursor managers; a custom manager "
            "would never be called. Close cursors explicitly (cursor.close() or "
            "'with coll.find() as cursor:')." % manager_class.__name__
        )


def _is_replica_set_client(client):
    from legacy_mongo.runtime.clients import MongoReplicaSetClient

    return isinstance(client, MongoReplicaSetClient)
