"""2.x ``Collection``: a PyMongo 4 Collection with the legacy methods back.

Every legacy write resolves its write concern with 2.8's rules
(``legacy_mongo.runtime.write_concern``), runs through PyMongo 4's public
CRUD API on the same object (or a ``with_options`` copy carrying the
per-call write concern) and returns 2.8's shapes (spec §2.7): the ``_id`` or
list of ``_id`` for inserts, the raw result dict for acknowledged
updates/removes, ``None`` for unacknowledged ones.
"""
import datetime
import time
import warnings as _warnings
from collections import OrderedDict
from collections.abc import Mapping

from bson.code import Code
from bson.errors import InvalidDocument
from bson.objectid import ObjectId
from bson.regex import Regex
from bson.son import SON
from pymongo.helpers_shared import _gen_index_name, _index_document, _index_list
from pymongo.read_preferences import ReadPreference
from pymongo.synchronous.client_session import ClientSession
from pymongo.synchronous.database import Database
from pymongo.write_concern import WriteConcern
from pymongo.errors import (
    BulkWriteError,
    DuplicateKeyError,
    InvalidOperation,
    NotPrimaryError,
    OperationFailure,
    WriteConcernError,
    WriteError,
    WTimeoutError,
)
from pymongo.synchronous.collection import Collection

from legacy_mongo.runtime.base import LegacyBase
from legacy_mongo.runtime.client_methods import LegacyOptions
from legacy_mongo.runtime.errors import legacy_error, legacy_not_primary
from legacy_mongo.runtime.cursor import (
    LegacyCursor,
    called_by_pymongo,
    gen_index_name_28,
    index_document_28,
    index_list_28,
    translate_find,
    _decode_options,
    _legacy_read_preference,
    compile_regexes,
    default_slave_okay,
)
from legacy_mongo.runtime import son_manipulator, system_indexes
from legacy_mongo.runtime.outcomes import DELETE, UPDATE, run_write, write_option_codes
from legacy_mongo.warnings import warn_legacy, warn_legacy_call

_DUPLICATE_KEY_CODES = (11000, 11001, 12582)

# Collection(...) keywords of PyMongo 4 that are not create-command options.
_MODERN_COLLECTION_KEYWORDS = ("codec_options", "read_preference", "write_concern",
                               "read_concern", "session")


# Values that hold no keys: check_keys skips them without further tests.
_LEAF_TYPES = frozenset((str, int, float, bool, type(None), bytes, ObjectId, datetime.datetime))


# Keys that passed check_keys: a program writes the same few keys over and
# over, and one set lookup costs less than the three tests.  Only exact str
# keys go in (a str subclass could change what the tests see); bounded, for
# programs that use data as keys.
_CHECKED_KEYS = set()
_CHECKED_KEYS_KEPT = 4096


def check_keys(document, _top=True):
    """2.8's client-side ``check_keys``: no ``$``-prefixed or dotted keys."""
    for key, value in document.items():
        if key not in _CHECKED_KEYS:
            _check_key(key)
        if value.__class__ not in _LEAF_TYPES:
            _check_value(value)


_check_keys = check_keys  # (LegacyCollection.insert's parameter hides the name)


def _check_key(key):
    if key.__class__ is not str:
        if not isinstance(key, str):
            raise InvalidDocument("documents must have only string keys, key was %r" % (key,))
        remember = False
    else:
        remember = len(_CHECKED_KEYS) < _CHECKED_KEYS_KEPT
    if key[:1] == "$":
        raise InvalidDocument("key %r must not start with '$'" % (key,))
    if "." in key:
        raise InvalidDocument("key %r must not contain '.'" % (key,))
    if remember:
        _CHECKED_KEYS.add(key)


def _check_value(value):
    if isinstance(value, Mapping):
        check_keys(value, _top=False)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _check_value(item)


def _error_document(error):
    # 2.8's details were the server's error sub-document; PyMongo 4 adds "op".
    return {key: value for key, value in error.items() if key != "op"}


def _raise_bulk_error_as_legacy(exc):
    """2.8 (spec §5.2, write commands): the *last* write error is raised
    (DuplicateKeyError for code 11000, else OperationFailure), else the last
    write-concern error (WTimeoutError when errInfo.wtimeout); ``details`` is
    that error sub-document and ``str()`` its bare errmsg."""
    errors = exc.details.get("writeErrors") or []
    if errors:
        error = _error_document(errors[-1])
        code = error.get("code")
        cls = DuplicateKeyError if code == 11000 else OperationFailure
        raise legacy_error(cls, error.get("errmsg"), code, error) from exc
    wc_errors = exc.details.get("writeConcernErrors") or []
    if wc_errors:
        error = _error_document(wc_errors[-1])
        info = error.get("errInfo") or {}
        cls = WTimeoutError if info.get("wtimeout") else OperationFailure
        raise legacy_error(cls, error.get("errmsg"), error.get("code"), error) from exc
    raise exc


def _as_legacy_error(exc, collection):
    """PyMongo 4's WriteError/WriteConcernError did not exist in 2.8: it
    raised OperationFailure (DuplicateKeyError for duplicate keys,
    WTimeoutError for a write-concern timeout) with ``details`` = the error
    and ``str()`` = its errmsg; "not master" was a plain AutoReconnect after
    which the client had disconnected (new socket next time)."""
    if isinstance(exc, NotPrimaryError):
        return legacy_not_primary(exc, collection.database.client)
    details = _error_document(exc.details or {})
    errmsg = details.get("errmsg", exc._message)
    if isinstance(exc, DuplicateKeyError):
        return legacy_error(DuplicateKeyError, errmsg, exc.code, details)
    if isinstance(exc, WriteConcernError):
        info = details.get("errInfo") or {}
        if isinstance(exc, WTimeoutError) or info.get("wtimeout") or exc.code == 64:
            return legacy_error(WTimeoutError, errmsg, exc.code, details)
    return legacy_error(OperationFailure, errmsg, exc.code, details)


def _insert_one(collection, document, inserted_id, safe, options):
    """Send one prepared document with insert_one; *inserted_id* is what 2.8
    returned, taken by the caller before sending."""
    def perform(target):
        try:
            target.insert_one(document)
        except (WriteError, WriteConcernError, NotPrimaryError) as exc:
            raise _as_legacy_error(exc, target) from exc
        return inserted_id

    return run_write(collection, safe, options, perform, inserted_id)


class LegacyCollection(LegacyOptions, LegacyBase, Collection):
    """PyMongo 4 ``Collection`` plus the 2.x API.

    2.8's settings (``read_preference`` as 2.x's int-like modes, ``tag_sets``,
    ``slave_okay``, ``secondary_acceptable_latency_ms``, ``uuid_subtype``,
    ``safe``/``write_concern``) are snapshots of the Database's when the
    Collection is made (spec §2.3).
    """

    # outcomes._write_target's and _deferred_target's caches, made at the
    # first legacy write.
    _legacy_write_targets = _legacy_deferred_target = _legacy_deferred_batched = None

    def __init__(self, database, name, create=False, **kwargs):
        """2.8's ``Collection(database, name, create=False, **kwargs)``,
        which 2.x code (ODMs, subclasses) calls itself: the legacy state is
        snapshotted from *database*, as ``database[name]`` does, and *kwargs*
        are options of the ``create`` command (``capped=True, size=...``),
        sent through the Database's ``command`` as 2.8 did.  PyMongo 4's own
        keywords (``codec_options``, ``write_concern`` ...) are honoured."""
        modern = {key: kwargs.pop(key) for key in _MODERN_COLLECTION_KEYWORDS if key in kwargs}
        Collection.__init__(self, database, name, False, **modern)
        explicit = self._write_concern
        if explicit is getattr(database, "_legacy_wc", None):
            explicit = None
        self._legacy_inherit(database, explicit)
        if name == system_indexes.NAME:  # ODMs build their own Collection subclass
            emulate_system_indexes(self)
        if create or kwargs:
            if "size" in kwargs:
                kwargs["size"] = float(kwargs["size"])
            self.database.command("create", self.name,
                                  read_preference=ReadPreference.PRIMARY, **kwargs)

    def __bool__(self):
        """2.8's Collection had no ``__bool__``: always true (2.x code says
        ``if not coll.is_mongos``, a sub-collection).  PyMongo 4 raises."""
        return True

    # -- staying legacy all the way down -----------------------------------
    def __getattr__(self, name):
        """``coll.name``: the sub-collection ``coll.name`` (names starting
        with ``_`` raise AttributeError, as in PyMongo 4: use ``coll[name]``)."""
        if name.startswith("_"):
            return Collection.__getattr__(self, name)
        return self._legacy_sub_collection(name)

    def __getitem__(self, name):
        """``coll[name]``: the sub-collection.  As in 2.8 a subclass that
        overrides only ``__getattr__`` answers ``coll[name]`` with it too
        (Flask-PyMongo's wrappers rely on it)."""
        if type(self).__getattr__ is not LegacyCollection.__getattr__:
            return self.__getattr__(name)
        return self._legacy_sub_collection(name)

    def _legacy_sub_collection(self, name):
        """As in 2.8 a sub-collection is made from the Database
        (``Collection(database, full_name)``), so it snapshots the
        Database's settings, not this Collection's (PyMongo 4 would copy
        this Collection's)."""
        full_name = "%s.%s" % (self.name, name)
        make = getattr(self.database, "_legacy_collection", None)
        if make is None:  # built by hand on a PyMongo 4 Database
            return LegacyCollection(self.database, full_name)
        return make(full_name)

    def with_options(self, *args, **kwargs):
        return self._adopt(super().with_options(*args, **kwargs), LegacyCollection)

    def find(self, *args, **kwargs):
        """``find`` with 2.8's keywords and positional order as well as PyMongo 4's.

        Modern calls (``filter=``, ``projection=``, ``no_cursor_timeout=``,
        ``cursor_type=`` ...) reach PyMongo 4 unchanged.  2.x's keywords
        (``spec``, ``fields``, ``timeout``, ``snapshot``, ``tailable``,
        ``await_data``, ``max_scan``, ``as_class``, ``slave_okay``,
        ``read_preference``, ``tag_sets``, ``secondary_acceptable_latency_ms``,
        ``partial``, ``manipulate``, ``exhaust``, ``compile_re``,
        ``network_timeout``, ``_must_use_master``, ``_uuid_subtype``) and more
        than four positional arguments are translated as 2.8 meant them; see
        ``legacy_mongo.runtime.cursor.translate_find``.  Returns a LegacyCursor.
        """
        slave_okay = self.__dict__.get("_legacy_own_slave_okay")
        if slave_okay is None:
            slave_okay = getattr(self._database._client, "_legacy_slave_okay", False)
        if not kwargs and len(args) < 2 and not slave_okay:
            # find(spec) / find_one(spec): nothing to translate.
            spec = args[0] if args else None
            if spec is not None and spec.__class__ is not dict and not isinstance(spec, Mapping):
                raise TypeError("spec must be an instance of dict")
            cursor = Collection.find(self, spec)
            cursor.__class__ = LegacyCursor
            codec_options = _decode_options(self._codec_options)
            if codec_options is not self._codec_options:
                cursor._codec_options = codec_options
            return cursor
        modern, state = translate_find(self, args, kwargs)
        cursor = Collection.find(self, **modern)
        cursor.__class__ = LegacyCursor
        state.apply(cursor)
        return cursor

    def __repr__(self):
        # 2.8: Collection(Database(MongoClient('host', port), 'db'), 'name')
        return "Collection(%r, %r)" % (self.database, self.name)

    def __call__(self, *args, **kwargs):
        """2.8's message: no such method exists (on a Database for a
        top-level name, on a Collection for a dotted one)."""
        name = self.name
        if "." not in name:
            raise TypeError("'Collection' object is not callable. If you meant to call the "
                            "'%s' method on a 'Database' object it is failing because no "
                            "such method exists." % name)
        raise TypeError("'Collection' object is not callable. If you meant to call the "
                        "'%s' method on a 'Collection' object it is failing because no "
                        "such method exists." % name.split(".")[-1])

    # -- legacy writes ----------------------------------------------------------
    # Per-call cost (benchmarks/instructions.py): ``x.__class__ is dict`` is
    # tested before ``isinstance(x, Mapping)``, whose ABC check is a Python
    # call (~1,800 instructions); a call without safe=/options warns without
    # building the list of option codes, through warn_legacy_call (one
    # lookup for the site's codes, the walk starting at the user's frame).
    def insert(self, doc_or_docs, manipulate=True, safe=None, check_keys=True,
               continue_on_error=False, **kwargs):
        """Deprecated (2.x): use ``insert_one(doc)`` / ``insert_many(docs)``.

        Returns the new ``_id`` (or list of them), as 2.x did, whether or not
        the write was acknowledged.
        """
        if safe is None:
            if kwargs:
                warn_legacy_call(("LM401", "LM307"))  # write_option_codes, inlined: ~2,500 Ir
            else:
                warn_legacy_call(("LM401",))
        else:
            warn_legacy("LM401", *write_option_codes(safe, kwargs))
        if (doc_or_docs.__class__ is not dict or not manipulate
                or (son_manipulator.any_added
                    and self._database.__dict__.get("_legacy_son_manipulators"))):
            return self._legacy_insert(doc_or_docs, manipulate, safe, check_keys,
                                       continue_on_error, kwargs)
        # _legacy_insert's common case (one plain dict, manipulate=True, no
        # SON manipulator on the database) in this frame: one call less.
        document = doc_or_docs
        if "_id" not in document:
            document["_id"] = ObjectId()
        if check_keys:
            _check_keys(document)
        return _insert_one(self, document, document["_id"], safe, kwargs)

    def _legacy_insert(self, doc_or_docs, manipulate, safe, check, continue_on_error, options):
        # (insert() does the common case itself: one plain dict, manipulate=True,
        # no SON manipulator on the database)
        if doc_or_docs.__class__ is dict or isinstance(doc_or_docs, Mapping):
            document = self._prepare_insert(doc_or_docs, manipulate, check)
        else:
            document = None
        if document is not None:
            # Before sending: with manipulate=False the driver adds an _id to
            # the copy it sends, but 2.8 returned the caller's (None).
            return _insert_one(self, document, document.get("_id"), safe, options)
        documents = list(doc_or_docs)
        if not documents:
            raise InvalidOperation("cannot do an empty bulk insert")
        prepared = [self._prepare_insert(doc, manipulate, check) for doc in documents]
        inserted_ids = [doc.get("_id") for doc in prepared]

        def perform_many(target):
            try:
                target.insert_many(prepared, ordered=not continue_on_error)
            except BulkWriteError as exc:
                _raise_bulk_error_as_legacy(exc)
            except NotPrimaryError as exc:
                raise _as_legacy_error(exc, target) from exc
            return list(inserted_ids)

        return run_write(self, safe, options, perform_many, list(inserted_ids), batched=True)

    def _prepare_insert(self, document, manipulate, check):
        if manipulate:
            database = self._database  # PyMongo's property reads this
            if not database.__dict__.get("_legacy_son_manipulators"):
                if document.__class__ is not dict and not isinstance(document, Mapping):
                    raise TypeError("document must be an instance of dict, not %s"
                                    % type(document).__name__)
                if "_id" not in document:
                    document["_id"] = ObjectId()
                if check:
                    check_keys(document)
                return document
            # 2.8 (PYTHON-709 order): the database's non-copying incoming SON
            # manipulators, then the ObjectId added to the (caller's own)
            # dict, then the copying manipulators; keys are checked on what
            # is finally sent.
            document = database._legacy_incoming_plain(document, self)
            if not isinstance(document, Mapping):
                raise TypeError("document must be an instance of dict, not %s"
                                % type(document).__name__)
            if "_id" not in document:
                document["_id"] = ObjectId()
            document = database._legacy_incoming_copying(document, self)
            if check:
                check_keys(document)
            return document
        if not isinstance(document, Mapping):
            raise TypeError("document must be an instance of dict, not %s"
                            % type(document).__name__)
        if check:
            check_keys(document)
        return dict(document)

    def _manipulate_incoming(self, document):
        """update/save with manipulate=True: every incoming manipulator."""
        incoming = getattr(self.database, "_legacy_incoming", None)
        return document if incoming is None else incoming(document, self)

    def save(self, to_save, manipulate=True, safe=None, check_keys=True, **kwargs):
        """Deprecated (2.x): use ``insert_one`` or ``replace_one(..., upsert=True)``."""
        warn_legacy("LM402", *write_option_codes(safe, kwargs))
        if not isinstance(to_save, Mapping):
            raise TypeError("cannot save object of type %s" % type(to_save).__name__)
        if "_id" not in to_save:
            return self._legacy_insert(to_save, manipulate, safe, check_keys, False, kwargs)
        document = self._manipulate_incoming(to_save) if manipulate else to_save
        self._legacy_update({"_id": to_save["_id"]}, document, True, safe, False,
                            check_keys, kwargs)
        return to_save.get("_id")

    def update(self, spec, document, upsert=False, manipulate=False, safe=None,
               multi=False, check_keys=True, **kwargs):
        """Deprecated (2.x): use ``update_one``/``update_many``/``replace_one``.

        Returns 2.x's result dict (``n``, ``nModified``, ``updatedExisting``,
        bare ``upserted``) when acknowledged, ``None`` when not.
        """
        if safe is None:
            if kwargs:
                warn_legacy_call(("LM403", "LM307"))  # write_option_codes, inlined
            else:
                warn_legacy_call(("LM403",))
        else:
            warn_legacy("LM403", *write_option_codes(safe, kwargs))
        if spec.__class__ is not dict and not isinstance(spec, Mapping):
            raise TypeError("spec must be an instance of dict")
        if document.__class__ is not dict and not isinstance(document, Mapping):
            raise TypeError("document must be an instance of dict")
        if not isinstance(upsert, bool):
            raise TypeError("upsert must be an instance of bool")
        if manipulate:
            document = self._manipulate_incoming(document)
        return self._legacy_update(spec, document, upsert, safe, multi, check_keys, kwargs)

    def _legacy_update(self, spec, document, upsert, safe, multi, check, options):
        first = next(iter(document), "")
        operators = isinstance(first, str) and first.startswith("$")
        if not operators and check:
            check_keys(document)

        def perform(target):
            if operators:
                method = target.update_many if multi else target.update_one
            elif multi:
                # The server answered 2.x's multi replacement with this error
                # (lost, like any error, when the write was unacknowledged).
                if not target.write_concern.acknowledged:
                    return None
                raise OperationFailure("multi update only works with $ operators", 9)
            else:
                method = target.replace_one
            try:
                result = method(spec, document, upsert=upsert)
            except (WriteError, WriteConcernError, NotPrimaryError) as exc:
                raise _as_legacy_error(exc, target) from exc
            return result.raw_result if result.acknowledged else None

        return run_write(self, safe, options, perform, kind=UPDATE)

    def remove(self, spec_or_id=None, safe=None, multi=True, **kwargs):
        """Deprecated (2.x): use ``delete_one`` / ``delete_many``.

        A non-dict ``spec_or_id`` means ``{'_id': spec_or_id}``; no argument
        removes every document.  Returns ``{'n': ..., 'ok': ...}`` when
        acknowledged, ``None`` when not.
        """
        if safe is None:
            if kwargs:
                warn_legacy_call(("LM404", "LM307"))  # write_option_codes, inlined
            else:
                warn_legacy_call(("LM404",))
        else:
            warn_legacy("LM404", *write_option_codes(safe, kwargs))
        if spec_or_id is None:
            spec = {}
        elif spec_or_id.__class__ is dict or isinstance(spec_or_id, Mapping):
            spec = spec_or_id
        else:
            spec = {"_id": spec_or_id}

        def perform(target):
            method = target.delete_many if multi else target.delete_one
            try:
                result = method(spec)
            except (WriteError, WriteConcernError, NotPrimaryError) as exc:
                raise _as_legacy_error(exc, target) from exc
            return result.raw_result if result.acknowledged else None

        return run_write(self, safe, kwargs, perform, kind=DELETE)

    # -- legacy reads -----------------------------------------------------------
    def count(self):
        """Deprecated (2.x): use ``count_documents({})`` or
        ``estimated_document_count()``.  Sends 2.x's ``count`` command."""
        warn_legacy("LM406")
        if type(self).find is not LegacyCollection.find:
            # 2.8's count() was self.find().count(), so a subclass's find()
            # decides what is counted (Ming's in-memory mim answers it itself)
            cursor = self.find()
            if isinstance(cursor, LegacyCursor):
                return cursor._legacy_count()
            return cursor.count()
        return self._legacy_count({}, read_preference=_legacy_read_preference(
            self, None, None, default_slave_okay(self), False))

    def _legacy_raise(self, exc, command):
        """Re-raise a command failure with 2.8's message ("command SON([...])
        on namespace db.$cmd failed: ..."; the bare message for
        ExecutionTimeout/DuplicateKeyError), via the legacy Database."""
        legacy_raise = getattr(self.database, "_legacy_raise", None)
        if legacy_raise is None:
            raise exc
        legacy_raise(exc, command)
        raise exc

    def distinct(self, key, *args, **kwargs):
        """PyMongo 4's ``distinct`` (2.8's ``distinct(key)`` is the same
        call); a failure reads as 2.8's command error."""
        try:
            return Collection.distinct(self, key, *args, **kwargs)
        except NotPrimaryError as exc:
            raise legacy_not_primary(exc, self.database.client) from exc
        except OperationFailure as exc:
            command = SON([("distinct", self.name), ("key", key)])
            query = args[0] if args else kwargs.get("filter")
            if query:
                command["query"] = query
            self._legacy_raise(exc, command)

    def _legacy_count(self, query, read_preference=None, **fields):
        command = SON([("count", self.name), ("query", query)])
        command.update(fields)
        reply = self._legacy_command(
            command, read_preference=read_preference or self._read_preference_for(None))
        return int(reply.get("n", 0))

    def _legacy_command(self, command, read_preference=None, codec_options=None, **kwargs):
        """Run *command* with PyMongo 4's own ``Database.command`` (no 2.x
        argument handling, no second warning, no write concern: 2.8 sent
        none with the commands behind these helpers)."""
        codec_options = codec_options or self.codec_options
        try:
            reply = Database.command(
                self.database, command,
                read_preference=read_preference or ReadPreference.PRIMARY,
                codec_options=codec_options, **kwargs)
        except NotPrimaryError as exc:
            raise legacy_not_primary(exc, self.database.client) from exc
        except OperationFailure as exc:
            self._legacy_raise(exc, command)
        if Regex in codec_options.type_registry._decoder_map:
            compile_regexes(reply)  # 2.8's compile_re=True default
        return reply

    # -- find_and_modify --------------------------------------------------------------
    def find_and_modify(self, query={}, update=None, upsert=False, sort=None,
                        full_response=False, manipulate=False, **kwargs):
        """Deprecated (2.x): use ``find_one_and_update`` / ``find_one_and_replace``
        / ``find_one_and_delete`` (``return_document=ReturnDocument.AFTER`` for
        ``new=True``).

        Sends the ``findAndModify`` command exactly as 2.8 did, on the primary
        and without a ``writeConcern`` (2.8 never sent one with it).  Returns
        ``reply['value']`` (None when nothing matched), or the whole reply
        with ``full_response=True``.
        """
        warn_legacy("LM405")
        if not update and not kwargs.get("remove", None):
            raise ValueError("Must either update or remove")
        if update and kwargs.get("remove", None):
            raise ValueError("Can't do both update and remove")
        codec_options = _decode_options(self.codec_options, kwargs.pop("as_class", None),
                                        kwargs.pop("compile_re", True),
                                        kwargs.pop("uuid_subtype", None))
        if query:
            kwargs["query"] = query
        if update:
            kwargs["update"] = update
        if upsert:
            kwargs["upsert"] = upsert
        if sort:
            if isinstance(sort, list):
                kwargs["sort"] = _index_document(sort)
            elif isinstance(sort, (SON, OrderedDict)) or (
                    isinstance(sort, dict) and len(sort) == 1):
                _warnings.warn("Passing mapping types for `sort` is deprecated, use a list of "
                               "(key, direction) pairs instead", DeprecationWarning, stacklevel=2)
                kwargs["sort"] = sort
            else:
                raise TypeError("sort must be a list of (key, direction) pairs, a dict of len 1, "
                                "or an instance of SON or OrderedDict")
        fields = kwargs.get("fields")
        if fields is not None and not isinstance(fields, Mapping):
            kwargs["fields"] = _fields_list_to_dict(fields, "fields")
        command = SON([("findAndModify", self.name)])
        command.update(kwargs)
        try:
            reply = self._legacy_command(command, codec_options=codec_options)
        except OperationFailure as exc:
            if exc.details and exc.details.get("errmsg") == "No matching object found":
                return None  # servers < 2.x answered a miss with this error
            raise
        if full_response:
            return reply
        document = reply.get("value")
        if manipulate and document is not None:
            outgoing = getattr(self.database, "_legacy_outgoing", None)
            if outgoing is not None:
                document = outgoing(document, self)
        return document

    # -- indexes --------------------------------------------------------------
    def _index_cache(self):
        client = self.database.client
        cache = client.__dict__.get("_legacy_index_cache")
        if cache is None:
            cache = client.__dict__["_legacy_index_cache"] = {}
        return cache

    def _cached(self, name):
        expiry = self._index_cache().get((self.database.name, self.name, name))
        return expiry is not None and expiry > time.monotonic()

    def _cache_index(self, name, cache_for):
        self._index_cache()[(self.database.name, self.name, name)] = time.monotonic() + cache_for

    def _purge_index(self, name=None):
        purge_index_cache(self.database.client, self.database.name, self.name, name)

    def _legacy_index_args(self, args, kwargs, cache_for=300):
        """Split 2.8's ``create_index(key, cache_for=300, **kwargs)`` from
        PyMongo 4's ``create_index(keys, session=None, comment=None, **kwargs)``.
        Returns (cache_for, session, index options)."""
        session = kwargs.pop("session", None)
        if "cache_for" in kwargs:
            warn_legacy("LM418")
            cache_for = kwargs.pop("cache_for")
        if args:
            if len(args) > 2:
                raise TypeError("create_index() takes at most 3 positional arguments")
            if isinstance(args[0], ClientSession) or args[0] is None:
                session = args[0]
                if len(args) == 2:
                    kwargs["comment"] = args[1]
            else:
                warn_legacy("LM418")
                cache_for = args[0]
        if "ttl" in kwargs:
            warn_legacy("LM418")
            _warnings.warn("ttl is deprecated. Please use cache_for instead.",
                           DeprecationWarning, stacklevel=3)
            cache_for = kwargs.pop("ttl")
        if isinstance(cache_for, bool) or not isinstance(cache_for, (int, float)):
            raise TypeError("cache_for must be an integer or float.")
        if "drop_dups" in kwargs:
            kwargs["dropDups"] = kwargs.pop("drop_dups")
        if "bucket_size" in kwargs:
            kwargs["bucketSize"] = kwargs.pop("bucket_size")
        if "dropDups" in kwargs:
            # MongoDB 3.0 stripped dropDups silently (a unique build over
            # duplicates fails whatever it says); modern servers reject it.
            warn_legacy("LM419")
            kwargs.pop("dropDups")
        return cache_for, session, kwargs

    def create_index(self, keys, *args, **kwargs):
        """Create an index; accepts 2.8's ``(key_or_list, cache_for=300,
        ttl=..., drop_dups=..., bucket_size=..., **options)`` and PyMongo 4's
        ``(keys, session=None, comment=None, **options)``.

        2.x's ``cache_for``/``ttl`` only refresh the ``ensure_index`` cache;
        ``drop_dups``/``dropDups`` is dropped, as MongoDB >= 3.0 did.
        Modern form: ``create_index(keys, **index_options)``.
        """
        cache_for, session, options = self._legacy_index_args(args, kwargs)
        keys = _legacy_index_keys(keys)
        name = options.get("name") or _gen_index_name(_index_list(keys))
        target = self._command_target()
        result = self._legacy_run(
            self._index_command(keys, name, options), self.database,
            Collection.create_index, target, keys, session=session, **options)
        self._cache_index(name, cache_for)
        return result

    def _index_command(self, keys, name, options):
        """The createIndexes command as 2.8 reported it in an error."""
        index = {"key": SON(_index_list(keys)), "name": name}
        index.update((k, v) for k, v in options.items() if k not in ("name", "comment"))
        return SON([("createIndexes", self.name), ("indexes", [index])])

    def _legacy_run(self, command, database, method, *args, **kwargs):
        """Run a PyMongo 4 command helper; its failure reads as 2.8's
        command error on *database* ("command SON([...]) on namespace
        db.$cmd failed: ...", bare DuplicateKeyError/ExecutionTimeout) and
        "not master" disconnects, as in 2.8."""
        try:
            return method(*args, **kwargs)
        except NotPrimaryError as exc:
            raise legacy_not_primary(exc, self.database.client) from exc
        except OperationFailure as exc:
            legacy_raise = getattr(database, "_legacy_raise", None)
            if legacy_raise is None:
                raise
            legacy_raise(exc, command)
            raise

    def _command_target(self):
        """Where index and rename commands run: 2.8 sent them as plain
        commands, acknowledged and without a writeConcern, whatever the
        collection's safe/w said (PyMongo 4 would send w:0 with moreToCome
        on a Connection, or the collection's w)."""
        if self.write_concern.is_server_default:
            return self
        return self.with_options(write_concern=WriteConcern())

    def ensure_index(self, key_or_list, cache_for=300, **kwargs):
        """Deprecated (2.x): use ``create_index(keys, **options)`` (at start-up;
        it is a cheap no-op when the index exists).

        Returns the index name, or None when this client created or ensured
        the same index name on this collection less than ``cache_for``
        seconds ago (2.8's per-client cache: no server round trip then).
        """
        warn_legacy("LM407")
        if "name" not in kwargs:
            gen_index_name_28(index_list_28(key_or_list))  # 2.8 named it first: its TypeError
        cache_for, session, options = self._legacy_index_args((), kwargs, cache_for)
        keys = _legacy_index_keys(key_or_list)
        name = options.get("name") or _gen_index_name(_index_list(keys))
        if self._cached(name):
            return None
        target = self._command_target()
        self._legacy_run(self._index_command(keys, name, options), self.database,
                         Collection.create_index, target, keys, session=session, **options)
        self._cache_index(name, cache_for)
        return name

    def drop_index(self, index_or_name, *args, **kwargs):
        """Drop one index by name or key list (2.8 and PyMongo 4 alike);
        also forgets it in the ``ensure_index`` cache, as 2.8 did."""
        name = index_or_name
        if isinstance(index_or_name, list):
            name = gen_index_name_28(index_or_name)
        if not isinstance(name, str):
            raise TypeError("index_or_name must be an instance of str or list")
        self._purge_index(name)
        target = self._command_target()
        command = SON([("dropIndexes", self.name), ("index", name)])
        return self._legacy_run(command, self.database, Collection.drop_index, target,
                                index_or_name, *args, **kwargs)

    def drop_indexes(self, *args, **kwargs):
        """Drop every index but ``_id``; also empties this collection's
        ``ensure_index`` cache, as 2.8 did."""
        self._purge_index()
        target = self._command_target()
        command = SON([("dropIndexes", self.name), ("index", "*")])
        return self._legacy_run(command, self.database, Collection.drop_indexes, target,
                                *args, **kwargs)

    def drop(self, *args, **kwargs):
        """Drop the collection (PyMongo 4's ``drop``); also empties the
        ``ensure_index`` cache for it, as 2.8 did."""
        self._purge_index()
        return Collection.drop(self, *args, **kwargs)

    def rename(self, new_name, *args, **kwargs):
        """PyMongo 4's ``rename``; always acknowledged and without a
        writeConcern, as 2.8's command was."""
        target = self._command_target()
        command = SON([("renameCollection", self.full_name),
                       ("to", "%s.%s" % (self.database.name, new_name))])
        command.update({k: v for k, v in kwargs.items() if k not in ("session", "comment")})
        return self._legacy_run(command, self.database.client.admin, Collection.rename, target,
                                new_name, *args, **kwargs)

    def reindex(self):
        """Deprecated (2.x): ``db.command('reIndex', coll.name)`` — usually just
        remove the call.  Sends ``reIndex`` and returns the reply; servers
        refuse it on replica sets (4.2+) and it is deprecated since 6.0."""
        warn_legacy("LM409")
        return self._legacy_command(SON([("reIndex", self.name)]))

    # -- aggregation -----------------------------------------------------------------
    def aggregate(self, pipeline=None, *args, **kwargs):
        """2.x and PyMongo 4 ``aggregate``.

        With ``cursor=`` (2.x) or when called the PyMongo 4 way with a
        session/let/comment, returns a CommandCursor.  Without ``cursor=``
        2.8 returned the raw reply ``{'result': [...], 'ok': 1.0}``: this
        returns :class:`AggregateReply`, that dict (``['result']``, ``['ok']``,
        printing, ``==`` all as in 2.8; reading it warns LM408) whose
        iteration yields the documents, so ``list(coll.aggregate(p))`` works
        too, unwarned.  The server always gets the
        cursor form (required since MongoDB 3.6).  ``explain=True`` returns the
        explain reply as 2.8 did.  Modern form: ``list(coll.aggregate([...]))``.
        """
        from legacy_mongo.runtime.command_cursor import AggregateReply, adopt_command_cursor

        if pipeline is None and "pipeline" in kwargs:
            pipeline = kwargs.pop("pipeline")
        if not isinstance(pipeline, (dict, list, tuple)):
            raise TypeError("pipeline must be a dict, list or tuple")
        if isinstance(pipeline, dict):
            pipeline = [pipeline]
        else:
            pipeline = list(pipeline)
        target, codec_options = self._legacy_read_target(kwargs)
        if kwargs.get("explain"):
            command = SON([("aggregate", self.name), ("pipeline", pipeline)])
            command.update(kwargs)
            return self._legacy_command(command, read_preference=target.read_preference,
                                        codec_options=codec_options)
        modern_call = bool(args) or any(k in kwargs for k in ("session", "let", "comment"))
        if modern_call:
            cursor = Collection.aggregate(target, pipeline, *args, **kwargs)
            return adopt_command_cursor(cursor)
        try:
            cursor = Collection.aggregate(target, pipeline, **kwargs)
            if "cursor" in kwargs:
                return adopt_command_cursor(cursor)
            return AggregateReply(list(cursor))
        except NotPrimaryError as exc:
            raise legacy_not_primary(exc, self.database.client) from exc
        except OperationFailure as exc:
            # 2.8 ran it as a plain command: its failure reads "command
            # SON([('aggregate', ...), ('pipeline', ...)]) on namespace ...".
            command = SON([("aggregate", self.name), ("pipeline", pipeline)])
            command.update(kwargs)
            self._legacy_raise(exc, command)

    def _legacy_read_target(self, kwargs):
        """Pop 2.x's routing and decoding keywords; return the collection
        to run on (``with_options`` only when something changes) and the
        codec options."""
        codec_options = _decode_options(
            self.codec_options, kwargs.pop("as_class", None), kwargs.pop("compile_re", True),
            kwargs.pop("uuid_subtype", None))
        slave_okay = kwargs.pop("slave_okay", None)
        if slave_okay is None:
            slave_okay = default_slave_okay(self)
        read_preference = _legacy_read_preference(
            self, kwargs.pop("read_preference", None), kwargs.pop("tag_sets", None),
            slave_okay, False)
        kwargs.pop("secondary_acceptable_latency_ms", None)
        unchanged = read_preference is None and codec_options is self.codec_options
        if unchanged and self.write_concern.is_server_default:
            return self, codec_options
        # A legacy copy (so cursor.collection stays legacy) whose commands
        # carry no writeConcern ($out pipelines), as 2.8's plain commands.
        target = self.with_options(
            codec_options=codec_options,
            read_preference=read_preference or self.read_preference,
            write_concern=WriteConcern())
        return target, codec_options

    def group(self, key, condition, initial, reduce, finalize=None, **kwargs):
        """Deprecated (2.x): use ``aggregate([{'$match': condition},
        {'$group': {'_id': ..., <accumulators>}}])``.

        Sends 2.8's ``group`` command and returns its ``retval`` list.  MongoDB
        4.2 removed the command; this does not emulate it (a JavaScript
        reduce cannot be translated faithfully): on such servers the server's
        "no such command" becomes an OperationFailure naming aggregate().
        """
        warn_legacy("LM410")
        group = {}
        if isinstance(key, str):
            group["$keyf"] = Code(key)
        elif key is not None:
            group = {"key": _fields_list_to_dict(key, "key")}
        group["ns"] = self.name
        group["$reduce"] = Code(reduce)
        group["cond"] = condition
        group["initial"] = initial
        if finalize is not None:
            group["finalize"] = Code(finalize)
        target, codec_options = self._legacy_read_target(kwargs)
        try:
            reply = self._legacy_command(SON([("group", group)]),
                                         read_preference=target.read_preference,
                                         codec_options=codec_options, **kwargs)
        except OperationFailure as exc:
            if exc.code == 59:
                raise legacy_error(
                    OperationFailure,
                    "Collection.group(): the group command was removed in MongoDB 4.2 "
                    "(server said: %s). Use coll.aggregate([{'$match': condition}, "
                    "{'$group': {'_id': <key>, <accumulators>}}])." % (exc,),
                    exc.code, exc.details) from exc
            raise
        return reply["retval"]

    def map_reduce(self, map, reduce, out, full_response=False, *args, **kwargs):
        """Deprecated (2.x): use ``db.command('mapReduce', coll.name, map=...,
        reduce=..., out=out)`` or an aggregation ending in ``$merge``/``$out``.

        Sends ``mapreduce`` (2.8's spelling, an alias servers still accept;
        the command is deprecated by MongoDB 5.0, still served) and
        returns 2.8's shape: the output Collection, or the raw reply with
        ``full_response=True`` or inline output.
        """
        warn_legacy("LM411")
        if not isinstance(out, (str, Mapping)):
            raise TypeError("'out' must be an instance of str or dict")
        target, codec_options = self._legacy_read_target(kwargs)
        inline = isinstance(out, Mapping) and bool(out.get("inline"))
        command = SON([("mapreduce", self.name), ("map", map), ("reduce", reduce),
                       ("out", out)])
        command.update(kwargs)
        reply = self._legacy_command(
            command, read_preference=target.read_preference if inline else None,
            codec_options=codec_options)
        if full_response or not reply.get("result"):
            return reply
        result = reply["result"]
        if isinstance(result, Mapping):
            client = self.database.client
            return client[result["db"]][result["collection"]]
        return self.database[result]

    def inline_map_reduce(self, map, reduce, full_response=False, **kwargs):
        """Deprecated (2.x): use ``db.command('mapReduce', coll.name, map=...,
        reduce=..., out={'inline': 1})['results']``.  Follows the collection's
        read preference, as 2.8 did."""
        warn_legacy("LM412")
        target, codec_options = self._legacy_read_target(kwargs)
        command = SON([("mapreduce", self.name), ("map", map), ("reduce", reduce),
                       ("out", {"inline": 1})])
        command.update(kwargs)
        reply = self._legacy_command(command, read_preference=target.read_preference,
                                     codec_options=codec_options)
        if full_response:
            return reply
        return reply.get("results")

    def parallel_scan(self, num_cursors, **kwargs):
        """Deprecated (2.x): use one ``find()`` cursor.

        MongoDB 4.2 removed ``parallelCollectionScan``.  Emulated: returns a
        list holding one CommandCursor over the whole collection (2.8
        promised "up to" ``num_cursors`` cursors covering every document
        once; the server often returned fewer).  ``find()`` is the modern form.
        """
        warn_legacy("LM413")
        from legacy_mongo.runtime.command_cursor import adopt_command_cursor

        if isinstance(num_cursors, bool) or not isinstance(num_cursors, int):
            raise TypeError("num_cursors must be an integer")
        if not 1 <= num_cursors <= 10000:
            raise OperationFailure("numCursors has to be between 1 and 10000", 2)
        target, _ = self._legacy_read_target(kwargs)
        return [adopt_command_cursor(Collection.aggregate(target, []))]

    # -- bulk -------------------------------------------------------------------------
    def initialize_ordered_bulk_op(self):
        """Deprecated (2.x): use ``bulk_write([InsertOne(...), UpdateOne(...),
        ...], ordered=True)``."""
        warn_legacy("LM414")
        from legacy_mongo.runtime.bulk import BulkOperationBuilder

        return BulkOperationBuilder(self, ordered=True)

    def initialize_unordered_bulk_op(self):
        """Deprecated (2.x): use ``bulk_write([...], ordered=False)``."""
        warn_legacy("LM414")
        from legacy_mongo.runtime.bulk import BulkOperationBuilder

        return BulkOperationBuilder(self, ordered=False)


class SystemIndexesReads:
    """2.x's ``db['system.indexes']``: reads answer from ``listIndexes``
    (``legacy_mongo.runtime.system_indexes``); writes reach the server.
    Put first in the MRO of the collection's own class, so that a subclass's
    ``find`` (mongokit wraps it in its Cursor) does not reach the server."""

    def find(self, *args, **kwargs):
        return system_indexes.find(self, args, kwargs)

    def count(self, *args, **kwargs):
        return system_indexes.count(self, *args, **kwargs)

    def count_documents(self, filter, **kwargs):
        if kwargs:
            return system_indexes.find(self, (filter,), kwargs).count(True)
        return system_indexes.count(self, filter)

    def estimated_document_count(self, **kwargs):
        return system_indexes.count(self)

    def distinct(self, key, filter=None, **kwargs):
        return system_indexes.distinct(self, key, filter, kwargs)

    def with_options(self, *args, **kwargs):
        return emulate_system_indexes(super().with_options(*args, **kwargs))


class SystemIndexesCollection(SystemIndexesReads, LegacyCollection):
    """``system.indexes`` of a legacy Database."""


# Collection class -> the same class with SystemIndexesReads first.
_SYSTEM_INDEXES_CLASSES = {LegacyCollection: SystemIndexesCollection}


def emulate_system_indexes(collection):
    """Make *collection* (named system.indexes) answer reads from listIndexes,
    keeping its own class's other methods."""
    cls = type(collection)
    if not issubclass(cls, SystemIndexesReads):
        emulated = _SYSTEM_INDEXES_CLASSES.get(cls)
        if emulated is None:
            emulated = type(cls.__name__, (SystemIndexesReads, cls),
                            {"__module__": cls.__module__, "__qualname__": cls.__qualname__})
            _SYSTEM_INDEXES_CLASSES[cls] = emulated
        collection.__class__ = emulated
    return collection


def purge_index_cache(client, database_name, collection_name=None, index_name=None):
    """Forget ``ensure_index`` cache entries (2.8's ``client._purge_index``):
    one index, every index of a collection (*index_name* None) or of a
    whole database (*collection_name* None)."""
    cache = client.__dict__.get("_legacy_index_cache")
    if not cache:
        return
    for key in list(cache):
        if key[0] != database_name:
            continue
        if collection_name is not None and key[1] != collection_name:
            continue
        if index_name is not None and key[2] != index_name:
            continue
        cache.pop(key, None)


def _legacy_index_keys(key_or_list):
    """2.8's key validation: a string (ascending) or a list/tuple of pairs;
    a mapping raises TypeError as in 2.8 (PyMongo 4 accepts one) unless
    PyMongo's own code (gridfs) is the caller."""
    if not called_by_pymongo(3):
        index_document_28(index_list_28(key_or_list))
    if isinstance(key_or_list, str):
        return [(key_or_list, 1)]
    if isinstance(key_or_list, (list, tuple)):
        if not key_or_list:
            raise ValueError("key_or_list must not be the empty list")
        return list(key_or_list)
    return key_or_list


def _fields_list_to_dict(fields, option_name):
    if isinstance(fields, Mapping):
        return fields
    result = {}
    for field in fields:
        if not isinstance(field, str):
            raise TypeError("%s must be a list of key names, each an instance of str"
                            % (option_name,))
        result[field] = 1
    return result
