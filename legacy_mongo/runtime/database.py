"""2.x ``Database``: a PyMongo 4 Database with 2.8's methods back.

Every 2.x name resolves here or in PyMongo 4's own ``Database`` (whose
``dereference``, ``validate_collection``, ``name``, ``__eq__`` and
``__repr__`` already behave as 2.8's did; ``drop_collection`` also purges
the ``ensure_index`` cache).  What the server
no longer has is emulated or refused with the modern replacement named:

* ``error``/``last_status``/``previous_error``/``reset_error_history`` and the
  commands ``getlasterror``/``getpreverror``/``reseterror`` answer from the
  thread's emulated LastError record (``legacy_mongo.runtime.outcomes``);
* ``current_op`` runs ``currentOp`` (no ``$cmd.sys.inprog`` any more);
* ``eval``, ``system_js`` calls and the ``eval``/``$eval`` commands are
  refused (server-side JavaScript execution was removed in MongoDB 4.2);
* ``authenticate``/``logout``: PyMongo 4 has one credential per client, fixed
  at construction: see :meth:`LegacyDatabase.authenticate`.

SON manipulators live on the Database object (2.8 spec §4.5); the legacy
Collection/Cursor call :meth:`LegacyDatabase._legacy_incoming` and
:meth:`LegacyDatabase._legacy_outgoing`.
"""
import re
import warnings as _warnings

from bson.binary import Binary
from bson.code import Code
from bson.codec_options import CodecOptions
from bson.regex import Regex
from bson.son import SON
from pymongo.errors import (
    CollectionInvalid,
    ConfigurationError,
    DuplicateKeyError,
    ExecutionTimeout,
    NotPrimaryError,
    OperationFailure,
)
from pymongo.read_preferences import _ServerMode
from pymongo.synchronous.collection import Collection
from pymongo.synchronous.database import Database
from pymongo.write_concern import WriteConcern

from legacy_mongo.runtime import read_preferences as legacy_rp
from legacy_mongo.runtime.base import LegacyBase
from legacy_mongo.runtime.client_methods import LegacyOptions, legacy_uuid, uuid_representation
from legacy_mongo.runtime import system_indexes
from legacy_mongo.runtime.collection import (
    LegacyCollection,
    SystemIndexesCollection,
    purge_index_cache,
)
from legacy_mongo.runtime.errors import legacy_error, legacy_not_primary
from legacy_mongo.runtime.son_manipulator import ManipulatorLists
from legacy_mongo.warnings import warn_legacy

_DEFAULT = object()
_SERVER_DEFAULT_WRITE_CONCERN = WriteConcern()

# Commands that only 2.x (or an older server) knew, with their catalogue code.
_COMMAND_CODES = {
    "getlasterror": "LM622",
    "getpreverror": "LM623",
    "reseterror": "LM624",
    "eval": "LM625",
    "$eval": "LM625",
    "group": "LM626",
    "copydb": "LM627",
    "clone": "LM627",
    "copydbgetnonce": "LM627",
    "parallelcollectionscan": "LM628",
    "geonear": "LM629",
    "touch": "LM630",
    "repairdatabase": "LM630",
    "authschemaupgrade": "LM631",
    "geosearch": "LM632",
    "mapreduce": "LM633",
    "reindex": "LM634",
}

# create_collection options that only tuned the MMAPv1 storage engine
# (removed in MongoDB 4.2); WiredTiger ignored them, modern servers reject them.
_MMAPV1_CREATE_OPTIONS = ("flags", "usePowerOf2Sizes", "paddingFactor", "noPadding")
# create_collection keywords only PyMongo 4 takes (2.x passed every keyword to
# the create command): a call with one of them is modern code's
_MODERN_CREATE_KEYWORDS = frozenset(("session", "check_exists", "collation",
                                     "encrypted_fields", "encryptedFields"))

EVAL_REFUSAL = (
    "%s: server-side JavaScript execution (eval, $eval, system_js calls) was removed in "
    "MongoDB 4.2. Run the logic in Python, use an aggregation pipeline "
    "(coll.aggregate([...]), $function/$expr), or a transaction "
    "(with client.start_session() as s, s.start_transaction(): ...) for atomicity."
)


def _legacy_decode(value, compile_re):
    """2.8's decoding of a command reply, in place: BSON regexes become
    compiled ``re`` patterns (compile_re=True) and 16-byte Binary subtypes
    3/4 left by PyMongo 4 become ``uuid.UUID`` (PyMongo 4 applies type
    decoders to cursor batches only)."""
    if isinstance(value, Regex):
        if not compile_re:
            return value
        try:
            return value.try_compile()
        except re.error:
            return value
    if isinstance(value, Binary):
        return legacy_uuid(value)
    if isinstance(value, dict):
        for key, item in list(value.items()):
            decoded = _legacy_decode(item, compile_re)
            if decoded is not item:
                value[key] = decoded
        return value
    if isinstance(value, list):
        for index, item in enumerate(value):
            decoded = _legacy_decode(item, compile_re)
            if decoded is not item:
                value[index] = decoded
        return value
    return value


class SystemJS:
    """2.8's ``db.system_js``: stored JavaScript in ``system.js``.

    Saving (``db.system_js.f = "function..."``), deleting and ``list()``
    work as in 2.8.  *Calling* a stored function needed ``eval``, removed in
    MongoDB 4.2: it raises :class:`OperationFailure` naming the replacement.
    """

    def __init__(self, database):
        object.__setattr__(self, "_db", database)

    def _collection(self):
        collection = self._db["system.js"]
        if not collection.write_concern.acknowledged:
            # 2.8 forced acknowledgement here (_get_wc_override).
            collection = collection.with_options(write_concern=WriteConcern(w=1))
        return collection

    def __setattr__(self, name, code):
        self._collection().replace_one(
            {"_id": name}, {"_id": name, "value": Code(code)}, upsert=True
        )

    def __setitem__(self, name, code):
        self.__setattr__(name, code)

    def __delattr__(self, name):
        self._collection().delete_one({"_id": name})

    def __delitem__(self, name):
        self.__delattr__(name)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)

        def call(*args):
            raise OperationFailure(EVAL_REFUSAL % ("db.system_js.%s()" % name), 59)

        return call

    def __getitem__(self, name):
        return self.__getattr__(name)

    def list(self):
        """The names of the stored functions (PyMongo 4:
        ``db['system.js'].distinct('_id')``)."""
        return [doc["_id"] for doc in self._db["system.js"].find({}, {"_id": 1})]


class LegacyDatabase(LegacyOptions, LegacyBase, Database):
    """PyMongo 4's ``Database`` plus 2.8's methods.  Deprecated: use
    PyMongo 4's ``Database`` API (each method names its replacement)."""

    def __init__(self, client, name, *args, **kwargs):
        """2.x code may build ``Database(client, name)`` itself (under the
        activation ``pymongo.database.Database`` is this class): the legacy
        state is then taken from *client*, as ``client[name]`` does."""
        Database.__init__(self, client, name, *args, **kwargs)
        explicit = self._write_concern
        if getattr(client, "_legacy_wc", None) is not None:
            self._legacy_inherit(client, None if explicit is client._legacy_wc else explicit)
        else:
            self._legacy_inherit(client, explicit)

    def __call__(self, *args, **kwargs):
        """2.8's TypeError for calling a Database, which is what calling a
        method the client does not have (``client.no_such_method()``) does."""
        raise TypeError(
            "'Database' object is not callable. If you meant to call the '%s' method on "
            "a '%s' object it is failing because no such method exists."
            % (self.name, type(self.client).__name__)
        )

    def __iter__(self):
        """As in 2.8, iterating a Database raises PyMongo's own
        TypeError("'Database' object is not iterable") from ``__next__``
        (PyMongo 4 sets ``__iter__ = None``, so Python would name the
        subclass)."""
        return self

    def __repr__(self):
        # 2.8 (and PyMongo 4 for its own class) print "Database(client, name)".
        return "Database(%r, %r)" % (self.client, self.name)

    def __bool__(self):
        """2.8's Database had no ``__bool__``: always true.  PyMongo 4 raises."""
        return True

    # -- staying legacy -------------------------------------------------------
    def __getattr__(self, name):
        """``db.name``: the collection (names starting with ``_`` raise
        AttributeError, as in PyMongo 4: use ``db[name]``)."""
        if name.startswith("_"):
            return Database.__getattr__(self, name)
        return self._legacy_collection(name)

    def __getitem__(self, name):
        """``db[name]``: the collection.  As in 2.8 a subclass that
        overrides only ``__getattr__`` answers ``db[name]`` with it too."""
        if type(self).__getattr__ is not LegacyDatabase.__getattr__:
            return self.__getattr__(name)
        return self._legacy_collection(name)

    def _legacy_collection(self, name):
        if name == system_indexes.NAME:
            # Modern servers have no system.indexes: reads are emulated.
            return self._adopt(Database.__getitem__(self, name), SystemIndexesCollection)
        return self._adopt(Database.__getitem__(self, name), LegacyCollection)

    def get_collection(self, *args, **kwargs):
        """PyMongo 4's ``get_collection``, returning the legacy Collection."""
        return self._adopt(super().get_collection(*args, **kwargs), LegacyCollection)

    def with_options(self, *args, **kwargs):
        """PyMongo 4's ``with_options``, returning a legacy Database that
        keeps this one's SON manipulators."""
        database = self._adopt(super().with_options(*args, **kwargs), LegacyDatabase)
        database._legacy_copy_manipulators(self)
        return database

    # -- 2.x attributes -------------------------------------------------------
    @property
    def connection(self):
        """2.x: the client of this Database.  PyMongo 4: ``db.client``."""
        warn_legacy("LM619")
        return self.client

    @property
    def system_js(self):
        """2.x: stored JavaScript helper.  PyMongo 4:
        ``db['system.js'].replace_one({'_id': name}, {'_id': name, 'value': Code(src)},
        upsert=True)``; calling stored functions is gone with ``eval``."""
        warn_legacy("LM610")
        return SystemJS(self)

    # -- SON manipulators (2.8 spec §4.5) ----------------------------------------
    def _legacy_manipulators(self):
        lists = self.__dict__.get("_legacy_son_manipulators")
        if lists is None:
            lists = self.__dict__["_legacy_son_manipulators"] = ManipulatorLists()
        return lists

    def _legacy_copy_manipulators(self, other):
        lists = other.__dict__.get("_legacy_son_manipulators")
        if lists is not None:
            self.__dict__["_legacy_son_manipulators"] = lists.copy()

    def add_son_manipulator(self, manipulator):
        """2.x: register a SON manipulator on this Database object (newest
        runs first on incoming documents).  PyMongo 4: a
        ``bson.codec_options.TypeRegistry`` of ``TypeCodec``s passed as
        ``codec_options``, or explicit code around ``insert_one``/``find``."""
        warn_legacy("LM612")
        self._legacy_manipulators().add(manipulator)

    @property
    def incoming_manipulators(self):
        """2.x: class names of the non-copying incoming manipulators."""
        warn_legacy("LM612")
        return [type(m).__name__ for m in self._legacy_manipulators().incoming]

    @property
    def incoming_copying_manipulators(self):
        """2.x: class names of the copying incoming manipulators."""
        warn_legacy("LM612")
        return [type(m).__name__ for m in self._legacy_manipulators().incoming_copying]

    @property
    def outgoing_manipulators(self):
        """2.x: class names of the non-copying outgoing manipulators."""
        warn_legacy("LM612")
        return [type(m).__name__ for m in self._legacy_manipulators().outgoing]

    @property
    def outgoing_copying_manipulators(self):
        """2.x: class names of the copying outgoing manipulators."""
        warn_legacy("LM612")
        return [type(m).__name__ for m in self._legacy_manipulators().outgoing_copying]

    def _legacy_incoming(self, son, collection):
        """Every incoming manipulator, non-copying then copying (2.8's
        ``_fix_incoming``: update documents and ``save``)."""
        lists = self.__dict__.get("_legacy_son_manipulators")
        if not lists:
            return son
        return lists.apply_incoming(son, collection)

    def _legacy_incoming_plain(self, son, collection):
        """Insert, step 1 (2.8 PYTHON-709 order): the non-copying incoming
        manipulators, *before* ``_id`` is added."""
        return self._legacy_transform_incoming(son, collection, "incoming")

    def _legacy_incoming_copying(self, son, collection):
        """Insert, step 2: the copying incoming manipulators, after ``_id``."""
        return self._legacy_transform_incoming(son, collection, "incoming_copying")

    def _legacy_transform_incoming(self, son, collection, which):
        lists = self.__dict__.get("_legacy_son_manipulators")
        if not lists:
            return son
        for manipulator in getattr(lists, which):
            son = manipulator.transform_incoming(son, collection)
        return son

    def _legacy_outgoing(self, son, collection):
        """Every outgoing manipulator (query results, command replies)."""
        lists = self.__dict__.get("_legacy_son_manipulators")
        if not lists:
            return son
        return lists.apply_outgoing(son, collection)

    # -- commands ------------------------------------------------------------------
    def command(self, command, value=1, check=True, allowable_errors=None, *args, **kwargs):
        """Run a command, accepting 2.8's arguments as well as PyMongo 4's.

        2.x: ``(command, value=1, check=True, allowable_errors=[],
        uuid_subtype=3, compile_re=True, read_preference=..., tag_sets=...,
        secondary_acceptable_latency_ms=..., slave_okay=..., as_class=...,
        fields=[...], **command_fields)``.  As in 2.8: a dict command is
        updated in place with the extra fields, commands that are not
        secondary-ok go to the primary, secondary-ok ones follow this
        Database's read preference, the reply decodes with this client's
        document class, BSON regexes become compiled patterns and outgoing
        SON manipulators run on it.  ``network_timeout`` is dropped (modern
        servers reject unknown fields).  The removed commands
        ``getlasterror``/``getpreverror``/``reseterror`` are answered from
        the record of this thread's legacy writes; ``eval``/``$eval`` are
        refused.  A plain command failure raises 2.8's ``OperationFailure(
        "command SON([...]) on namespace db.$cmd failed: <errmsg>")``.

        Calls using only PyMongo 4's arguments (``read_preference``,
        ``codec_options``, ``session``, ``comment``) behave as PyMongo 4's.
        """
        legacy = {}
        modern = {}
        # Positional slot 5/6: 2.x uuid_subtype/compile_re, PyMongo 4
        # read_preference/codec_options; told apart by type.
        for position, arg in enumerate(args):
            if isinstance(arg, _ServerMode) or (position == 0 and arg is None):
                modern["read_preference"] = arg
            elif isinstance(arg, CodecOptions):
                modern["codec_options"] = arg
            elif position == 0 and isinstance(arg, int) and not isinstance(arg, bool):
                legacy["uuid_subtype"] = arg
            elif position == 1 and isinstance(arg, bool):
                legacy["compile_re"] = arg
            elif position == 2:
                modern["session"] = arg
            elif position == 3:
                modern["comment"] = arg
            else:
                raise TypeError("command() got an unexpected positional argument %r" % (arg,))
        # PyMongo 4's own keywords (its client passes write_concern and
        # parse_write_concern_error for dropDatabase, which _command consumes):
        # never command fields.
        for name in ("codec_options", "session", "comment", "write_concern",
                     "parse_write_concern_error"):
            if name in kwargs:
                modern[name] = kwargs.pop(name)
        for name in ("uuid_subtype", "compile_re", "tag_sets", "secondary_acceptable_latency_ms",
                     "slave_okay", "as_class", "_use_master"):
            if name in kwargs:
                legacy[name] = kwargs.pop(name)
        if "read_preference" in kwargs:
            modern["read_preference"] = kwargs.pop("read_preference")

        if isinstance(command, str):
            name = command
            document = SON([(command, value)])
        else:
            if not command:
                raise OperationFailure("command document is empty")
            name = next(iter(command))
            document = command
        lower = name.lower()
        code = _COMMAND_CODES.get(lower)
        if code:
            warn_legacy(code)
        routing = {"tag_sets", "secondary_acceptable_latency_ms", "slave_okay", "_use_master"}
        if set(legacy) & routing:
            warn_legacy("LM620")

        fields = kwargs.get("fields")
        if fields is not None and not isinstance(fields, dict):
            warn_legacy("LM620")
            kwargs["fields"] = {field: 1 for field in fields}
        kwargs.pop("network_timeout", None)
        if kwargs:
            document.update(kwargs)  # 2.8 mutated the caller's document

        if lower in ("getlasterror", "getpreverror", "reseterror"):
            return self._legacy_error_command(lower, document, check)
        if lower in ("eval", "$eval"):
            raise OperationFailure(EVAL_REFUSAL % ("db.command(%r)" % name), 59)

        read_preference = modern.pop("read_preference", None)
        if (not self._legacy_secondary_ok(lower, document)
                and (read_preference if read_preference is not None
                     else self.read_preference) != legacy_rp.PRIMARY):
            from legacy_mongo.runtime.client_methods import _is_replica_set_client

            if _is_replica_set_client(self.client):
                # 2.8's warning on replica-set clients (spec §1.9).
                mode = int(legacy_rp.legacy(read_preference if read_preference is not None
                                            else self.read_preference))
                _warnings.warn(
                    "%s does not support %s read preference and will be routed to the "
                    "primary instead." % (lower, legacy_rp.modes[mode]),
                    UserWarning, stacklevel=2,
                )
                read_preference = None
        if read_preference is not None:
            read_preference = legacy_rp.modern(read_preference)
            tags = legacy.get("tag_sets")
            if tags and tags != [{}] and read_preference != legacy_rp.PRIMARY:
                read_preference = legacy_rp.make(int(legacy_rp.legacy(read_preference)), tags)
        elif legacy.get("_use_master"):
            read_preference = None  # 2.8's internal "must use the primary" flag
        elif self._legacy_secondary_ok(lower, document):
            read_preference = self.read_preference
            slave_okay = legacy.get("slave_okay", self._legacy_slave_okay_value())
            if slave_okay and read_preference == legacy_rp.PRIMARY:
                read_preference = legacy_rp.ReadPreference.SECONDARY_PREFERRED
            tags = legacy.get("tag_sets")
            if tags and tags != [{}] and read_preference != legacy_rp.PRIMARY:
                read_preference = legacy_rp.make(int(read_preference), tags)

        codec_options = modern.pop("codec_options", None)
        explicit_codec = codec_options is not None
        if codec_options is None:
            codec_options = self.codec_options
        if "as_class" in legacy and legacy["as_class"] is not None:
            codec_options = codec_options.with_options(document_class=legacy["as_class"])
        if "uuid_subtype" in legacy:
            codec_options = codec_options.with_options(
                uuid_representation=uuid_representation(legacy["uuid_subtype"])
            )

        try:
            reply = Database.command(
                self, SON(document) if isinstance(document, SON) else dict(document),
                check=check, read_preference=read_preference, codec_options=codec_options,
                **modern
            )
        except NotPrimaryError as exc:
            # 2.8: "not master"/"node is recovering" disconnected the client
            # and raised a plain AutoReconnect.
            raise legacy_not_primary(exc, self.client) from exc
        except OperationFailure as exc:
            # 2.8 tolerated errmsg strings (PyMongo 4 compares only the code
            # when the reply has one); codes are accepted too.
            details = exc.details if isinstance(exc.details, dict) else None
            if allowable_errors and details is not None and (
                    details.get("errmsg") in allowable_errors
                    or (details.get("code") is not None
                        and details.get("code") in allowable_errors)):
                reply = details
            else:
                self._legacy_raise(exc, document)
        if not (explicit_codec and not legacy):
            # (a call with PyMongo 4's codec_options alone decodes as PyMongo 4)
            reply = _legacy_decode(reply, legacy.get("compile_re", True))
        if self.__dict__.get("_legacy_son_manipulators"):
            reply = self._legacy_outgoing(reply, self["$cmd"])
        return reply

    def _legacy_raise(self, exc, document):
        """Re-raise a command failure with 2.8's message (spec §5.2): the
        bare errmsg for DuplicateKeyError/ExecutionTimeout, "command ...
        on namespace db.$cmd failed: errmsg" for a plain OperationFailure;
        anything else (AutoReconnect ...) unchanged."""
        details = exc.details if isinstance(exc.details, dict) else None
        if details is None:
            raise exc
        errmsg = details.get("errmsg", exc._message)
        if type(exc) in (DuplicateKeyError, ExecutionTimeout):
            raise legacy_error(type(exc), errmsg, exc.code, details) from None
        if type(exc) is OperationFailure:
            raise legacy_error(
                OperationFailure,
                "command %r on namespace %s.$cmd failed: %s" % (document, self.name, errmsg),
                exc.code, details,
            ) from None
        raise exc

    @staticmethod
    def _legacy_secondary_ok(lower, document):
        if lower not in legacy_rp.secondary_ok_commands:
            return False
        if lower == "mapreduce":
            out = document.get("out")
            return isinstance(out, dict) and bool(out.get("inline"))
        if lower == "aggregate":
            return not any("$out" in stage for stage in document.get("pipeline", ()))
        return True

    # -- getlasterror & co (removed from the server in 5.1) ------------------------
    # Answered from this thread's LastError record: legacy_mongo.runtime.outcomes.
    def _legacy_error_command(self, lower, document, check):
        from legacy_mongo.runtime import outcomes

        if lower == "getlasterror":
            return outcomes.getlasterror(self.client, "db.command('getlasterror')")
        if lower == "getpreverror":
            return outcomes.getpreverror(self.client, "db.command('getpreverror')")
        outcomes.reset_error_history(self.client)
        return {"ok": 1.0}

    def error(self):
        """Deprecated (2.x): the getlasterror reply if this thread's last
        operation failed, else None.  Emulated (MongoDB 5.1 removed
        getlasterror; see legacy_mongo.runtime.outcomes), also after w=0
        writes in a request.  PyMongo 4: acknowledged writes raise, e.g.
        ``try: coll.insert_one(doc) except DuplicateKeyError: ...``."""
        from legacy_mongo.runtime import outcomes

        warn_legacy("LM603")
        _warnings.warn("Database.error() is deprecated", DeprecationWarning, stacklevel=2)
        reply = outcomes.getlasterror(self.client, "db.error()")
        if reply.get("err") is None:
            return None
        return reply

    def last_status(self):
        """Deprecated (2.x): the getlasterror reply for this thread's last
        operation (emulated; see :meth:`error`).  PyMongo 4: the result
        object of the write (``UpdateResult.raw_result``)."""
        from legacy_mongo.runtime import outcomes

        warn_legacy("LM603")
        _warnings.warn("last_status() is deprecated", DeprecationWarning, stacklevel=2)
        return outcomes.getlasterror(self.client, "db.last_status()")

    def previous_error(self):
        """Deprecated (2.x): the getpreverror reply (the last recorded error,
        with ``nPrev``: how many operations ago) or None.  Emulated per
        thread.  PyMongo 4: catch ``OperationFailure`` where the write happens."""
        from legacy_mongo.runtime import outcomes

        warn_legacy("LM603")
        _warnings.warn("previous_error() is deprecated", DeprecationWarning, stacklevel=2)
        reply = outcomes.getpreverror(self.client, "db.previous_error()")
        if reply.get("err") is None:
            return None
        return reply

    def reset_error_history(self):
        """Deprecated (2.x): forget this thread's recorded errors (emulated
        resetError).  PyMongo 4: nothing to reset, delete the call."""
        from legacy_mongo.runtime import outcomes

        warn_legacy("LM603")
        _warnings.warn("reset_error_history() is deprecated", DeprecationWarning, stacklevel=2)
        outcomes.reset_error_history(self.client)

    # -- collections -----------------------------------------------------------------
    def collection_names(self, include_system_collections=True):
        """2.x: the collection names (``system.*`` left out when
        *include_system_collections* is False).  PyMongo 4:
        ``db.list_collection_names()`` (with
        ``filter={'name': {'$regex': '^(?!system\\\\.)'}}``)."""
        warn_legacy("LM601")
        names = self.list_collection_names()
        if not include_system_collections:
            names = [name for name in names if not name.startswith("system.")]
        return names

    def drop_collection(self, name_or_collection, *args, **kwargs):
        """PyMongo 4's ``drop_collection``; also forgets the collection's
        indexes in the ``ensure_index`` cache, as 2.8 did (so a later
        ``ensure_index`` recreates them instead of answering None), and waits
        for the reply on an unacknowledged database, as 2.8's command did.
        Returns None, as 2.8 did (PyMongo 4 returns the command reply)."""
        if not Database._write_concern_for(self, None).acknowledged:
            # PyMongo 4 sends drop with the database's write concern (w=0 for
            # Connection(), also from Collection.drop); 2.8.1's drop_collection
            # is self.command("drop", ...), which always read the reply.  So
            # acknowledged, with the server's default as 2.8's command had.
            acknowledged = self.with_options(write_concern=_SERVER_DEFAULT_WRITE_CONCERN)
            return acknowledged.drop_collection(name_or_collection, *args, **kwargs)
        name = name_or_collection
        if isinstance(name, Collection):
            name = name.name
        if isinstance(name, str):
            purge_index_cache(self.client, self.name, name)
        super().drop_collection(name_or_collection, *args, **kwargs)

    def create_collection(self, name, *args, **kwargs):
        """Create a collection; 2.x keyword options are the ``create``
        command's fields.  The MMAPv1-only options (``flags``,
        ``usePowerOf2Sizes``, ``paddingFactor``, ``noPadding``) had no effect
        since WiredTiger and modern servers reject them: they are dropped with
        warning LM621.  PyMongo 4: ``db.create_collection(name, capped=...)``."""
        dropped = [option for option in _MMAPV1_CREATE_OPTIONS if option in kwargs]
        if dropped or "autoIndexId" in kwargs:
            warn_legacy("LM621")
        for option in dropped:
            kwargs.pop(option)
        if args or not _MODERN_CREATE_KEYWORDS.isdisjoint(kwargs):
            # PyMongo 4's own signature (modern code in the same process)
            return self._adopt(super().create_collection(name, *args, **kwargs),
                               LegacyCollection)
        # 2.8's steps: the existence check, then Collection(db, name, create=True,
        # **options), whose create is a command: acknowledged whatever the write
        # concern.  PyMongo 4 sends it with the Database's write concern, so under
        # Connection() (w=0) a refused create (capped without size, a bad option)
        # would be lost.
        if name in Database.list_collection_names(self, filter={"name": name}):
            raise CollectionInvalid("collection %s already exists" % name)
        return LegacyCollection(self, name, True, **kwargs)

    def current_op(self, include_all=False):
        """2.x: the operations in progress, ``{'inprog': [...]}`` (idle ones
        too with *include_all*).  Runs the ``currentOp`` admin command (the
        ``$cmd.sys.inprog`` pseudo-collection is gone); as in 2.8 the reply
        carries no ``ok`` field.  PyMongo 4:
        ``client.admin.aggregate([{'$currentOp': {'allUsers': True}}])``."""
        warn_legacy("LM613")
        command = SON([("currentOp", 1)])
        if include_all:
            command["$all"] = True
        reply = Database.command(self.client.admin, command, codec_options=self.codec_options)
        for key in ("ok", "$clusterTime", "operationTime"):
            reply.pop(key, None)
        return reply

    def profiling_level(self):
        """2.x: the profiling level 0/1/2.  PyMongo 4:
        ``db.command('profile', -1)['was']``."""
        warn_legacy("LM614")
        result = Database.command(self, "profile", -1)
        assert 0 <= result["was"] <= 2
        return result["was"]

    def set_profiling_level(self, level, slow_ms=None):
        """2.x: set the profiling level (``OFF``/``SLOW_ONLY``/``ALL``) and
        optionally the slow threshold.  PyMongo 4:
        ``db.command('profile', level, slowms=slow_ms)``."""
        warn_legacy("LM614")
        if isinstance(level, bool) or not isinstance(level, int) or level < 0 or level > 2:
            raise ValueError("level must be one of (OFF, SLOW_ONLY, ALL)")
        if slow_ms is not None and (isinstance(slow_ms, bool) or not isinstance(slow_ms, int)):
            raise TypeError("slow_ms must be an integer")
        if slow_ms is not None:
            Database.command(self, "profile", level, slowms=slow_ms)
        else:
            Database.command(self, "profile", level)

    def profiling_info(self):
        """2.x: the documents of ``system.profile``.  PyMongo 4:
        ``list(db['system.profile'].find())``."""
        warn_legacy("LM614")
        return list(self["system.profile"].find())

    # -- server-side JavaScript (removed in MongoDB 4.2) -----------------------------------
    def eval(self, code, *args):
        """Refused: ``$eval`` was removed in MongoDB 4.2.  Raises
        OperationFailure (code 59, as the server answers) naming the
        replacement: Python code, an aggregation pipeline, or a transaction."""
        warn_legacy("LM604")
        if not isinstance(code, (str, Code)):
            raise TypeError("code must be an instance of str or Code")
        raise OperationFailure(EVAL_REFUSAL % "db.eval()", 59)

    # -- users ---------------------------------------------------------------------------
    def _default_role(self, read_only):
        if self.name == "admin":
            return "readAnyDatabase" if read_only else "root"
        return "read" if read_only else "dbOwner"

    def _legacy_user_write_concern(self):
        if not self.write_concern.acknowledged:
            return {"w": 1}
        return dict(self.write_concern.document)

    def add_user(self, name, password=None, read_only=None, **kwargs):
        """2.x: create user *name* (or change its password/roles if it
        exists) with ``usersInfo`` + ``createUser``/``updateUser``.
        Difference from 2.8: the server digests the password (2.8 sent a
        client-side MONGODB-CR digest with ``digestPassword: false``; MONGODB-CR
        was removed in MongoDB 4.0).  PyMongo 4:
        ``db.command('createUser', name, pwd=password, roles=['dbOwner'])``."""
        warn_legacy("LM605")
        if not isinstance(name, str):
            raise TypeError("name must be an instance of str")
        if password is not None:
            if not isinstance(password, str):
                raise TypeError("password must be an instance of str or None")
            if len(password) == 0:
                raise ValueError("password can't be empty")
        if read_only is not None:
            if not isinstance(read_only, bool):
                raise TypeError("read_only must be True or False")
            if "roles" in kwargs:
                raise ConfigurationError("Can not use read_only and roles together")
        info = Database.command(self, "usersInfo", name)
        create = not info.get("users")
        if password is not None and "digestPassword" in kwargs:
            # (checked after usersInfo, as 2.8 did)
            raise ConfigurationError(
                "The digestPassword option is not supported via add_user. Please use "
                "db.command('createUser', ...) instead for this option."
            )
        options = SON()
        if read_only or (create and "roles" not in kwargs):
            _warnings.warn(
                "Creating a user with the read_only option or without roles is "
                "deprecated in MongoDB >= 2.6", DeprecationWarning, stacklevel=2,
            )
            options["roles"] = [self._default_role(read_only)]
        if password is not None:
            options["pwd"] = password
        options["writeConcern"] = self._legacy_user_write_concern()
        options.update(kwargs)
        Database.command(self, "createUser" if create else "updateUser", name, **options)

    def remove_user(self, name):
        """2.x: drop user *name*.  PyMongo 4: ``db.command('dropUser', name)``."""
        warn_legacy("LM607")
        Database.command(self, "dropUser", name,
                         writeConcern=self._legacy_user_write_concern())

    # -- authentication (PyMongo 4: one credential per client) ------------------------------
    def _legacy_client_credentials(self):
        """The client's one credential (PyMongo 4.9-4.20:
        ``options.pool_options._credentials``), or None."""
        return getattr(self.client.options.pool_options, "_credentials", None)

    def authenticate(self, name, password=None, source=None, mechanism="DEFAULT", **kwargs):
        """2.x: authenticate on this client.  PyMongo 4 authenticates every
        connection of a client with the one credential given at construction,
        so: the credential the client already uses (same user and source
        database) returns True as 2.8 did for a repeated authenticate; a
        different user on the same database raises 2.8's OperationFailure;
        anything else (adding credentials to a client built without them)
        raises ConfigurationError naming the replacement:
        ``MongoClient(host, username=name, password=password, authSource=db)``."""
        warn_legacy("LM608")
        if not isinstance(name, str):
            raise TypeError("name must be an instance of str")
        if password is not None and not isinstance(password, str):
            raise TypeError("password must be an instance of str")
        if source is not None and not isinstance(source, str):
            raise TypeError("source must be an instance of str")
        if not isinstance(mechanism, str):
            raise TypeError("mechanism must be an instance of str")
        for key in kwargs:
            if key not in ("gssapiServiceName", "authMechanismProperties"):
                raise ConfigurationError("Unknown authentication option: %s" % (key,))
        source = source or self.name
        credentials = self._legacy_client_credentials()
        if credentials is not None and credentials.source == source:
            if credentials.username == name and credentials.password == password:
                return True
            raise OperationFailure(
                "Another user is already authenticated to this database. "
                "You must logout first."
            )
        raise ConfigurationError(
            "Database.authenticate() cannot add credentials to a running client: "
            "PyMongo 4 authenticates with one credential per client, given at "
            "construction. Use MongoClient(host, username=%r, password=..., "
            "authSource=%r) (one client per user)." % (name, source)
        )

    def logout(self):
        """2.x: forget this database's credentials.  A client built without
        credentials for this database has nothing to forget (no-op, as
        2.8).  PyMongo 4 cannot drop the credential of a running client:
        then ConfigurationError names the replacement (``client.close()``
        and a client without credentials)."""
        warn_legacy("LM609")
        credentials = self._legacy_client_credentials()
        if credentials is None or credentials.source != self.name:
            return
        raise ConfigurationError(
            "Database.logout(): PyMongo 4 cannot drop the credential of a running "
            "client. Use client.close() and create a MongoClient without credentials."
        )
