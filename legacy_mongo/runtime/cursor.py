"""2.x ``Cursor``: PyMongo 4's Cursor with the legacy methods back.

A LegacyCursor is a PyMongo 4 Cursor (every modern method works unchanged)
that also carries the per-query options 2.8's ``find()`` took and PyMongo 4
dropped (spec §4.1 find table, §4.2):

* ``network_timeout``: every round trip of this cursor (the query and each
  getMore) runs inside ``pymongo.timeout(network_timeout)`` (PyMongo 4's
  client-side operation timeout).  Stated difference: PyMongo 4 also sends
  ``maxTimeMS`` with the query, so an expiry may be reported by the server as
  ``ExecutionTimeout`` instead of 2.8's socket-level ``AutoReconnect``.
* ``max_scan`` (``find(max_scan=)``, ``Cursor.max_scan()``): refused when the
  query is sent, because MongoDB 4.2 removed ``maxScan`` and nothing bounds
  the documents scanned instead; the error names ``max_time_ms()``.
* ``snapshot=True``: emulated with ``hint({'_id': 1})`` (what ``$snapshot``
  did: walk the ``_id`` index so a moved document is not returned twice);
  combined with a sort it is refused when sent, as the server refused it.
* ``compile_re`` and ``as_class``/``_uuid_subtype``: per-cursor codec options
  (regular expressions decode to compiled ``re`` patterns, as 2.8 did by
  default, unless ``compile_re=False``).

Clones stay legacy and keep these options (``_clone`` copies them).
"""
import inspect
import sys
import warnings
from collections.abc import Mapping

import bson
import pymongo
from bson.code import Code
from bson.codec_options import TypeDecoder, TypeRegistry
from bson.raw_bson import RawBSONDocument
from bson.regex import Regex
from pymongo import read_preferences
from pymongo import CursorType
from pymongo.errors import (
    ConfigurationError,
    CursorNotFound,
    ExecutionTimeout,
    InvalidOperation,
    NotPrimaryError,
    OperationFailure,
)
from pymongo.synchronous.cursor import Cursor as _ModernCursor

_modern_next = _ModernCursor.next

from legacy_mongo.runtime.errors import legacy_error, legacy_not_primary
from legacy_mongo.warnings import user_call_site, warn_legacy

# MongoDB's "unknown field" error: what a 4.2+ server answers to maxScan.
_UNKNOWN_FIELD = 40415

_LEGACY_STATE = ("_legacy_network_timeout", "_legacy_max_scan", "_legacy_snapshot",
                 "_legacy_manipulate", "_codec_options", "_read_preference")


def called_by_pymongo(depth):
    """Whether the caller *depth* frames up is PyMongo's or gridfs's own
    code, which passes PyMongo 4's forms (gridfs indexes its chunks with a
    dict of keys) to the legacy objects it is handed: 2.8's stricter checks
    are for the program's calls only."""
    frame = sys._getframe(depth)
    # PyMongo's Collection methods that only delegate on the same object
    # (find_one -> find) are passed over: their caller decides.
    while frame is not None and frame.f_globals.get("__name__", "") in _DELEGATING_MODULES:
        frame = frame.f_back
    name = frame.f_globals.get("__name__", "") if frame is not None else ""
    return name.partition(".")[0] in ("pymongo", "gridfs")


_DELEGATING_MODULES = frozenset(("pymongo.synchronous.collection", "pymongo.synchronous.cursor",
                                 "legacy_mongo.runtime.collection",
                                 "legacy_mongo.runtime.cursor"))


def index_list_28(key_or_list, direction=None):
    """2.8's ``helpers._index_list``: a key (with a direction) or a list or
    tuple of (key, direction) pairs; a mapping raises TypeError."""
    if direction is not None:
        return [(key_or_list, direction)]
    if isinstance(key_or_list, str):
        return [(key_or_list, 1)]
    if not isinstance(key_or_list, (list, tuple)):
        raise TypeError("if no direction is specified, key_or_list must be an instance of "
                        "list (a list of (key, direction) pairs, e.g. [('a', 1)])")
    return key_or_list


def index_document_28(index_list):
    """2.8's ``helpers._index_document``, kept as it was so that 2.x code
    gets the same exceptions: a dict (even a SON) is a TypeError, a list
    that is not of pairs (``['a', 1]``) fails unpacking (ValueError)."""
    if isinstance(index_list, dict):
        raise TypeError("passing a dict to sort/create_index/hint is not allowed - use a "
                        "list of tuples instead. did you mean %r?" % list(index_list.items()))
    if not isinstance(index_list, (list, tuple)):
        raise TypeError("must use a list of (key, direction) pairs, not: " + repr(index_list))
    if not len(index_list):
        raise ValueError("key_or_list must not be the empty list")
    for (key, value) in index_list:
        if not isinstance(key, str):
            raise TypeError("first item in each key pair must be a string")
        if not isinstance(value, (str, int, dict)):
            raise TypeError("second item in each key pair must be 1, -1, '2d', "
                            "'geoHaystack', or another valid MongoDB index specifier.")
    return index_list


def gen_index_name_28(keys):
    """2.8's ``helpers._gen_index_name`` (a non-pair raises TypeError)."""
    return "_".join(["%s_%s" % item for item in keys])


class Cursor(_ModernCursor):
    """PyMongo 4 ``Cursor`` plus the 2.x API (count, conn_id, max_scan ...).

    Named ``Cursor`` like 2.8's class (``type(cursor).__name__``, reprs and
    error messages read as they did); ``LegacyCursor`` is the same class.
    """

    _legacy_network_timeout = None
    _legacy_max_scan = None
    _legacy_snapshot = False
    _legacy_manipulate = True
    _legacy_database_state = None

    def __init__(self, collection, *args, **kwargs):
        """PyMongo 4's constructor; a 2.x-style call (more than four
        positional arguments, a 2.x keyword such as ``spec=``, ``fields=``,
        ``timeout=``, or a keyword neither knew, which 2.8's ``**kwargs``
        ignored) is translated like ``find()``'s."""
        if len(args) > 4 or any(key in _LEGACY_KEYWORD_CODES
                                or key not in _MODERN_FIND_KEYWORDS for key in kwargs):
            modern, state = translate_find(collection, args, kwargs)
            super().__init__(collection, **modern)
            state.apply(self)
        else:
            super().__init__(collection, *args, **kwargs)

    # -- clones keep the 2.x per-query options ---------------------------------
    def _clone_base(self, session):
        """2.8's ``_clone_base`` made ``Cursor(self.__collection)``: the base
        class whatever the subclass, so a subclass whose constructor takes
        other arguments (mogo's ``Cursor(model, spec)``) is never called for
        a clone (``cursor[0]``, ``count()``, ``clone()``).  PyMongo 4 calls
        ``self.__class__(collection, session=...)``."""
        return Cursor(self._collection, session=session)

    def _clone(self, deepcopy=True, base=None):
        clone = super()._clone(deepcopy, base)
        for name in _LEGACY_STATE:
            if name in self.__dict__:
                clone.__dict__[name] = self.__dict__[name]
        return clone

    # -- sending ----------------------------------------------------------------
    def _legacy_check_sendable(self):
        if self._id is not None:
            return  # a getMore: the query itself was accepted
        if self._legacy_max_scan is not None:
            raise OperationFailure(
                "max_scan / $maxScan was removed in MongoDB 4.2 and cannot be emulated "
                "(nothing else bounds the documents a query scans): use "
                "cursor.max_time_ms(ms) (find(..., max_time_ms=ms)) to bound the query.",
                _UNKNOWN_FIELD,
            )
        if self._legacy_snapshot and self._ordering:
            # MongoDB <= 3.6 refused $snapshot with a sort ("cannot use
            # snapshot query with sort"); 2.8 raised it when sending.
            raise OperationFailure(
                "database error: cannot use snapshot query with sort (snapshot=True is "
                "emulated with hint({'_id': 1}); drop the sort or the snapshot)",
            )

    def _refresh(self):
        self._legacy_check_sendable()
        try:
            if self._legacy_network_timeout is not None and not self._exhaust:
                with pymongo.timeout(self._legacy_network_timeout):
                    return super()._refresh()
            return super()._refresh()
        except NotPrimaryError as exc:
            # 2.8: a "not master" query reply disconnected the client.
            raise legacy_not_primary(exc, self._collection.database.client) from None
        except OperationFailure as exc:
            raise _legacy_query_error(exc, self._id) from None

    def _unpack_response(self, response, cursor_id, codec_options, user_fields=None,
                         legacy_response=False):
        # With any type decoder registered, PyMongo decodes a reply through
        # its Python path (RawBSONDocument envelope, then the batch); the
        # shim's own decoders (2.8's compile_re and UUID decoding) cannot
        # change a reply's envelope, so the whole reply is decoded in C.
        payload = getattr(response, "payload_document", None)
        if (payload is not None and not legacy_response and only_shim_decoders(codec_options)
                and not issubclass(codec_options.document_class, RawBSONDocument)):
            return bson.decode_all(payload, codec_options)
        return super()._unpack_response(response, cursor_id, codec_options, user_fields,
                                        legacy_response)

    def next(self):
        # The manipulating next: ``__next__`` until a database gets an
        # outgoing SON manipulator (:func:`apply_outgoing_manipulators`).
        # Runs once per document: no super() object, no property, and the
        # database's manipulator lists read straight from its __dict__ (what
        # Database._legacy_outgoing reads), looked up at every document as
        # 2.8 did, so a manipulator added later still applies.
        # The database's __dict__ is kept on the cursor: reading an attribute
        # of a Collection goes through its __getattr__ hook, which costs
        # several times a plain attribute read.
        document = _modern_next(self)
        if self._legacy_manipulate:
            database_state = self._legacy_database_state
            if database_state is None:
                database_state = self._legacy_database_state = (
                    self._collection._database.__dict__)
            lists = database_state.get("_legacy_son_manipulators")
            if lists:
                document = lists.apply_outgoing(document, self._collection)
        return document

    # While no Database has an outgoing SON manipulator, iteration is
    # PyMongo's own ``next``, one Python frame per document instead of two
    # (about 1,200 instructions per document: benchmarks/README.md).
    __next__ = _modern_next

    # -- legacy methods -----------------------------------------------------------
    def count(self, with_limit_and_skip=False):
        """Deprecated (2.x): use ``collection.count_documents(filter, skip=, limit=)``.

        Sends 2.8's ``count`` command with the cursor's filter, hint and
        (when ``with_limit_and_skip`` is True) its non-zero limit and skip.
        """
        warn_legacy("LM501")
        return self._legacy_count(with_limit_and_skip)

    def _legacy_count(self, with_limit_and_skip=False):
        # count() without its warning, for Collection.count() counting
        # through a subclass's find() (one legacy call, one warning)
        if not isinstance(with_limit_and_skip, bool):
            raise TypeError("with_limit_and_skip must be an instance of bool")
        fields = {}
        if with_limit_and_skip:
            if self._limit:
                fields["limit"] = abs(self._limit)
            if self._skip:
                fields["skip"] = self._skip
        if self._hint is not None:
            fields["hint"] = self._hint
        if self._max_time_ms is not None:
            fields["maxTimeMS"] = self._max_time_ms
        if self._comment is not None:
            fields["comment"] = self._comment
        spec = self._spec
        if "$query" in spec:
            spec = spec["$query"]
        return self._collection._legacy_count(spec, read_preference=self._get_read_preference(),
                                              **fields)

    def max_scan(self, max_scan):
        """Deprecated (2.x): ``$maxScan`` was removed in MongoDB 4.2; use
        ``max_time_ms(ms)``.  Accepted here, refused when the query is sent."""
        warn_legacy("LM502")
        self._check_okay_to_chain()
        self._legacy_max_scan = max_scan
        return self

    @property
    def conn_id(self):
        """Deprecated (2.x): use ``cursor.address`` (``(host, port)`` of the
        server that ran the query, None before it ran)."""
        warn_legacy("LM503")
        return self.address

    def add_option(self, mask):
        """Legacy bits 4 (slave okay) and 8 (oplog replay) have no effect in
        PyMongo 4: use ``with_options(read_preference=...)``."""
        if mask & (4 | 8):
            warn_legacy("LM505")
        return super().add_option(mask)

    def explain(self):
        """Returns the server's explain document.  2.8 got the same planner
        format from MongoDB >= 3.0 (``queryPlanner``/``executionStats``); the
        2.4-era fields (``cursor``, ``nscanned``, ``n``, ``millis``) are gone:
        read ``executionStats`` instead."""
        warn_legacy("LM506")
        return super().explain()

    def hint(self, index):
        """PyMongo 4's ``hint`` with 2.8's checks: an index name or a list
        of (key, direction) pairs (a dict raises TypeError, as in 2.8)."""
        if index is not None and not isinstance(index, str) and not called_by_pymongo(2):
            index_document_28(index)
        return super().hint(index)

    def sort(self, key_or_list, direction=None):
        """PyMongo 4's ``sort`` with 2.8's checks: a key (and direction) or a
        list of (key, direction) pairs; a dict raises TypeError and
        ``['a', 1]`` ValueError, as in 2.8."""
        if not called_by_pymongo(2):
            index_document_28(index_list_28(key_or_list, direction))
        return super().sort(key_or_list, direction)

    def where(self, code):
        """Adds ``$where`` to the filter.  As in 2.8 the caller's filter dict
        itself receives the ``$where`` key.  Prefer ``$expr``."""
        if isinstance(code, Code) and code.scope:
            warn_legacy("LM507")
        original = self._spec
        super().where(code)
        if original is not self._spec and isinstance(original, dict) and "$where" in self._spec:
            original["$where"] = self._spec["$where"]
            self._spec = original
        return self


LegacyCursor = Cursor


def apply_outgoing_manipulators():
    """A Database got an outgoing SON manipulator: from now on every
    cursor's ``__next__`` runs the manipulating ``next`` - also a cursor made
    before, as 2.8's ``Cursor.next`` asked its database at every document.
    One-way and process-wide: the class attribute is what live cursors
    look up at every document."""
    if Cursor.__next__ is not Cursor.next:
        Cursor.__next__ = Cursor.next


def _legacy_query_error(exc, cursor_id):
    """2.8's query errors (helpers._unpack_response): "database error: ..."
    for a failed query, the bare message for ExecutionTimeout, "cursor id
    '...' not valid at server" for CursorNotFound; str() without PyMongo 4's
    ", full error: {...}"."""
    details = exc.details if isinstance(exc.details, dict) else None
    errmsg = (details or {}).get("errmsg", getattr(exc, "_message", str(exc)))
    if isinstance(exc, CursorNotFound):
        return legacy_error(CursorNotFound, "cursor id '%s' not valid at server" % (cursor_id,),
                            exc.code, details)
    if type(exc) is ExecutionTimeout:
        return legacy_error(ExecutionTimeout, errmsg, exc.code, details)
    if type(exc) is OperationFailure:
        return legacy_error(OperationFailure, "database error: %s" % (errmsg,), exc.code,
                            details)
    return exc


# ---------------------------------------------------------------------------
# find(): 2.8's arguments -> PyMongo 4's

# 2.8's positional order for find()/Cursor() (catalogue section I).
LEGACY_FIND_POSITIONS = (
    "spec", "fields", "skip", "limit", "timeout", "snapshot", "tailable", "sort",
    "max_scan", "as_class", "slave_okay", "await_data", "partial", "manipulate",
    "read_preference", "tag_sets", "secondary_acceptable_latency_ms", "exhaust",
    "compile_re",
)
MODERN_FIND_POSITIONS = ("filter", "projection", "skip", "limit")

# Keyword -> catalogue code (only 2.x spelled these).
_LEGACY_KEYWORD_CODES = {
    "spec": "LM701", "fields": "LM702", "timeout": "LM703", "network_timeout": "LM704",
    "as_class": "LM705", "slave_okay": "LM706", "read_preference": "LM707",
    "tag_sets": "LM708", "secondary_acceptable_latency_ms": "LM709", "snapshot": "LM710",
    "max_scan": "LM711", "partial": "LM712", "tailable": "LM713", "await_data": "LM713",
    "exhaust": "LM714", "compile_re": "LM715", "_must_use_master": "LM716",
    "_uuid_subtype": "LM716", "manipulate": "LM415",
}
_BOOLEAN_OPTIONS = ("timeout", "snapshot", "tailable", "slave_okay", "await_data",
                    "partial", "exhaust")

# 2.8's uuid_subtype values -> PyMongo 4 UUID representations.
_UUID_SUBTYPES = {3: 3, 4: 4, 5: 5, 6: 6}


class _RegexCompiler(TypeDecoder):
    """2.8 decoded BSON regular expressions to compiled ``re`` patterns."""

    bson_type = Regex

    def transform_bson(self, value):
        return value.try_compile()


_REGEX_COMPILER = _RegexCompiler()

_shim_only_cache = {}


def only_shim_decoders(codec_options):
    """Whether every type decoder of *codec_options* is one of the shim's
    own (``compile_re``'s, 2.8's UUID and DBRef decoding), which leave a reply's
    envelope (cursor id, namespace, cluster time) unchanged."""
    registry = codec_options.type_registry
    cached = _shim_only_cache.get(id(registry))
    if cached is None or cached[0] is not registry:
        from legacy_mongo.runtime.client_methods import SHIM_DECODERS

        ours = [_REGEX_COMPILER.transform_bson] + [d.transform_bson for d in SHIM_DECODERS]
        decoders = registry._decoder_map
        cached = (registry, bool(decoders) and all(d in ours for d in decoders.values()))
        if len(_shim_only_cache) >= _DECODE_OPTIONS_KEPT:
            _shim_only_cache.clear()
        _shim_only_cache[id(registry)] = cached
    return cached[1]


def compile_regexes(value):
    """Compile every ``bson.regex.Regex`` in a decoded command reply, in
    place (PyMongo 4 applies type decoders only to cursor batches)."""
    if isinstance(value, Regex):
        return value.try_compile()
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (Regex, dict, list)):
                value[key] = compile_regexes(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, (Regex, dict, list)):
                value[index] = compile_regexes(item)
    return value


_compiling_cache = {}


_decode_options_cache = {}
_DECODE_OPTIONS_KEPT = 256


def _decode_options(codec_options, as_class=None, compile_re=True, uuid_subtype=None):
    """Per-call codec options for 2.8's ``as_class``/``compile_re``/``uuid_subtype``
    (cached: every find() asks, and building CodecOptions is not free).
    CodecOptions are unhashable (their TypeRegistry is), so the cache is
    keyed on their identity and holds them alive."""
    try:
        key = (id(codec_options), as_class, compile_re, uuid_subtype)
        cached = _decode_options_cache.get(key)
    except TypeError:  # an unhashable as_class or option: no cache
        return _build_decode_options(codec_options, as_class, compile_re, uuid_subtype)
    if cached is None or cached[0] is not codec_options:
        cached = (codec_options,
                  _build_decode_options(codec_options, as_class, compile_re, uuid_subtype))
        if len(_decode_options_cache) >= _DECODE_OPTIONS_KEPT:
            _decode_options_cache.clear()
        _decode_options_cache[key] = cached
    return cached[1]


def _build_decode_options(codec_options, as_class, compile_re, uuid_subtype):
    changes = {}
    if as_class is not None and as_class is not codec_options.document_class:
        changes["document_class"] = as_class
    if uuid_subtype is not None:
        if uuid_subtype not in _UUID_SUBTYPES:
            raise ConfigurationError("Not a valid setting for uuid_subtype.")
        changes["uuid_representation"] = _UUID_SUBTYPES[uuid_subtype]
    if compile_re:
        registry = codec_options.type_registry
        if Regex not in registry._decoder_map:
            cached = _compiling_cache.get(id(registry))
            if cached is None or cached[0] is not registry:
                # ``codecs``/``fallback_encoder`` are public only since 4.10.
                codecs = getattr(registry, "codecs", None)
                if codecs is None:
                    codecs = registry._TypeRegistry__type_codecs
                cached = (registry, TypeRegistry(list(codecs) + [_REGEX_COMPILER],
                                                 registry._fallback_encoder))
                _compiling_cache[id(registry)] = cached
            changes["type_registry"] = cached[1]
    if not changes:
        return codec_options
    return codec_options.with_options(**changes)


_MODES = (read_preferences.Primary, read_preferences.PrimaryPreferred,
          read_preferences.Secondary, read_preferences.SecondaryPreferred,
          read_preferences.Nearest)


def _mode(mode, tag_sets):
    try:
        from legacy_mongo.runtime import read_preferences as legacy_rp
    except ImportError:  # pragma: no cover - the module is optional here
        legacy_rp = None
    if legacy_rp is not None:
        return legacy_rp.make(mode, tag_sets)
    if mode == 0:
        if tag_sets and tag_sets != [{}]:
            raise ConfigurationError("ReadPreference PRIMARY cannot be combined with tags")
        return read_preferences.Primary()
    return _MODES[mode](tag_sets=tag_sets)


def default_slave_okay(collection):
    """2.8's ``find()``/``count()``/command helpers took ``slave_okay`` from
    the collection when not given.  PyMongo 4 sets secondaryOk on a direct
    connection by itself; what remains of the setting is reading from a
    secondary through a mongos, i.e. secondaryPreferred.  On a
    MongoReplicaSetClient 2.8 routed by read_preference alone (the flag
    changed nothing), so it is ignored there."""
    value = getattr(collection, "_legacy_slave_okay_value", None)
    if value is None:
        return False
    from legacy_mongo.runtime.client_methods import _is_replica_set_client

    if _is_replica_set_client(collection.database.client):
        return False
    return value()


def _legacy_read_preference(collection, read_preference, tag_sets, slave_okay,
                            must_use_master):
    """The PyMongo 4 read preference for 2.8's per-call routing keywords,
    or None when they leave the collection's unchanged.

    2.8's MongoClient/Connection stored a query's ``read_preference`` and
    ``tag_sets`` unchecked and a single server ignored them
    (``find(read_preference=7)`` ran): there an invalid pair is ignored
    with a warning.  2.8's replica-set clients routed by them: refused."""
    try:
        return _per_query_read_preference(collection, read_preference, tag_sets, slave_okay,
                                          must_use_master)
    except (ConfigurationError, TypeError):
        from legacy_mongo.runtime.client_methods import _is_replica_set_client

        if _is_replica_set_client(collection.database.client):
            raise
    import warnings as _warnings

    from legacy_mongo.warnings import user_call_site

    filename, lineno = user_call_site()
    _warnings.warn_explicit(
        "read_preference=%r, tag_sets=%r ignored for this query: not a valid read "
        "preference (PyMongo 2.8's MongoClient did not check them and a single server "
        "ignores them). Use ReadPreference.PRIMARY ... NEAREST, with tag sets only for "
        "modes other than PRIMARY." % (read_preference, tag_sets),
        UserWarning, filename, lineno)
    return None


def _per_query_read_preference(collection, read_preference, tag_sets, slave_okay,
                               must_use_master):
    if must_use_master:
        return read_preferences.Primary()
    if read_preference is None and tag_sets is None and not slave_okay:
        return None
    if read_preference is None:
        current = collection.read_preference
        mode = current.mode
        if tag_sets is None:
            tag_sets = current.tag_sets
    elif isinstance(read_preference, read_preferences._ServerMode):
        mode = read_preference.mode
        if tag_sets is None:
            tag_sets = read_preference.tag_sets
    else:
        from legacy_mongo.runtime import read_preferences as legacy_rp

        mode = legacy_rp.mode_number(read_preference)  # what 2.8 accepted: False, 2.0 ...
    if slave_okay and mode == 0:
        mode = 3  # 2.8: slave_okay let a PRIMARY query run on a secondary
    if tag_sets is not None and (not isinstance(tag_sets, list) or not tag_sets):
        raise ConfigurationError("Tag sets %r invalid, must be a list of dicts" % (tag_sets,))
    return _mode(mode, None if mode == 0 and tag_sets == [{}] else tag_sets)


class _FindState:
    """What a LegacyCursor must remember beyond PyMongo 4's find options."""

    __slots__ = ("codec_options", "read_preference", "network_timeout", "max_scan",
                 "snapshot", "manipulate")

    def __init__(self):
        self.codec_options = None
        self.read_preference = None
        self.network_timeout = None
        self.max_scan = None
        self.snapshot = False
        self.manipulate = True

    def apply(self, cursor):
        if self.codec_options is not None:
            cursor._codec_options = self.codec_options
        if self.read_preference is not None:
            cursor._read_preference = self.read_preference
        if self.network_timeout is not None:
            cursor._legacy_network_timeout = self.network_timeout
        if self.max_scan is not None:
            cursor._legacy_max_scan = self.max_scan
        if self.snapshot:
            cursor._legacy_snapshot = True
        if not self.manipulate:
            cursor._legacy_manipulate = False


# 2.8's Cursor took **kwargs and ignored what it did not know (it read only
# network_timeout from them): mongokit's find(_id=1) matched every document.
_MODERN_FIND_KEYWORDS = frozenset(inspect.signature(_ModernCursor.__init__).parameters) - {
    "self", "collection"}


def _drop_unknown_find_keywords(modern):
    unknown = sorted(key for key in modern if key not in _MODERN_FIND_KEYWORDS)
    if not unknown:
        return
    filename, lineno = user_call_site()
    warnings.warn_explicit(
        "find() keyword(s) %s ignored, as PyMongo 2.8 ignored them (PyMongo 4 refuses "
        "them): put conditions in the filter, find({%r: ...})" % (", ".join(unknown), unknown[0]),
        UserWarning, filename, lineno)
    for key in unknown:
        del modern[key]


def translate_find(collection, args, kwargs):
    """2.8's ``find(*args, **kwargs)`` -> (PyMongo 4 Cursor keywords, _FindState).

    Up to four positional arguments mean the same in both APIs
    (filter/spec, projection/fields, skip, limit); more follow 2.8's order.
    Keywords only 2.x spelled are translated (each warns with its catalogue
    code); every other keyword reaches PyMongo 4 unchanged.
    """
    legacy = {}
    if len(args) > 4:
        warn_legacy("LM717")
        if len(args) > len(LEGACY_FIND_POSITIONS):
            raise TypeError("find() takes at most %d positional arguments"
                            % len(LEGACY_FIND_POSITIONS))
        names = LEGACY_FIND_POSITIONS
    else:
        names = ("spec", "fields", "skip", "limit")
    for name, value in zip(names, args):
        legacy[name] = value
    modern = {}
    for key, value in kwargs.items():
        if key in _LEGACY_KEYWORD_CODES:
            if key in legacy:
                raise TypeError("find() got multiple values for argument %r" % key)
            warn_legacy(_LEGACY_KEYWORD_CODES[key])
            legacy[key] = value
        else:
            modern[key] = value
    # The four shared positions, plus a modern keyword naming one of them.
    for legacy_name, modern_name in (("spec", "filter"), ("fields", "projection")):
        if legacy_name in legacy and modern_name in modern:
            raise TypeError("find() got multiple values for argument %r" % modern_name)
    for name in ("skip", "limit", "sort"):
        if name in legacy and name in modern:
            raise TypeError("find() got multiple values for argument %r" % name)

    for name in _BOOLEAN_OPTIONS:
        if name in legacy and not isinstance(legacy[name], bool):
            raise TypeError("%s must be an instance of bool" % name)

    state = _FindState()
    if "spec" in legacy:
        spec = legacy.pop("spec")
        if spec is not None and not isinstance(spec, Mapping):
            raise TypeError("spec must be an instance of dict")
        modern["filter"] = spec
    if "fields" in legacy:
        fields = legacy.pop("fields")
        if fields is not None and not fields:
            fields = {"_id": 1}  # 2.8: an empty projection meant "only _id"
        modern["projection"] = fields
    for name in ("skip", "limit", "sort"):
        if name in legacy:
            value = legacy.pop(name)
            if name == "sort" and value is None:
                continue
            modern[name] = value
    if modern.get("sort") and not called_by_pymongo(3):
        index_document_28(modern["sort"])  # 2.8: find(sort={'a': 1}) is a TypeError
    for name in ("skip", "limit"):
        value = modern.get(name, 0)
        if not isinstance(value, int):  # 2.8's isinstance check: bools are ints
            raise TypeError("%s must be an instance of int" % name)
        if isinstance(value, bool):
            modern[name] = int(value)
    if not legacy.pop("timeout", True):
        modern["no_cursor_timeout"] = True
    tailable = legacy.pop("tailable", False)
    await_data = legacy.pop("await_data", False)
    exhaust = legacy.pop("exhaust", False)
    if tailable:
        modern["cursor_type"] = (CursorType.TAILABLE_AWAIT if await_data
                                 else CursorType.TAILABLE)
    if exhaust:
        if modern.get("limit"):
            raise InvalidOperation("Can't use limit and exhaust together.")
        modern["cursor_type"] = CursorType.EXHAUST
    if legacy.pop("partial", False):
        modern["allow_partial_results"] = True
    if legacy.pop("snapshot", False):
        state.snapshot = True
        modern.setdefault("hint", [("_id", 1)])
    if "snapshot" in modern and "snapshot" not in kwargs:
        modern.pop("snapshot")
    max_scan = legacy.pop("max_scan", None)
    if max_scan is not None:
        state.max_scan = max_scan
    if "max_scan" in modern:  # the modern keyword: PyMongo 4 would send maxScan
        state.max_scan = modern.pop("max_scan")
    state.manipulate = legacy.pop("manipulate", True)
    network_timeout = legacy.pop("network_timeout", None)
    if network_timeout is not None:
        if isinstance(network_timeout, bool) or not isinstance(network_timeout, (int, float)):
            raise TypeError("network_timeout must be a number of seconds")
        state.network_timeout = network_timeout
    codec_options = _decode_options(collection.codec_options, legacy.pop("as_class", None),
                                    legacy.pop("compile_re", True),
                                    legacy.pop("_uuid_subtype", None))
    if codec_options is not collection.codec_options:
        state.codec_options = codec_options
    slave_okay = legacy.pop("slave_okay", None)
    if slave_okay is None:
        slave_okay = default_slave_okay(collection)
    state.read_preference = _legacy_read_preference(
        collection, legacy.pop("read_preference", None), legacy.pop("tag_sets", None),
        slave_okay, legacy.pop("_must_use_master", False))
    # secondary_acceptable_latency_ms: PyMongo 4 has only the client-wide
    # localThresholdMS; the per-query value is accepted and ignored.
    legacy.pop("secondary_acceptable_latency_ms", None)
    _drop_unknown_find_keywords(modern)
    return modern, state
