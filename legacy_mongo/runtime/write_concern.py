"""PyMongo 2.8's write concern: ``safe``, ``w``, ``wtimeout``, ``j``, ``fsync``.

2.8 kept two independent pieces of state on every client, Database and
Collection: a ``safe`` flag and a live, validated ``write_concern`` dict
(semantics spec §2).  Whether a write is acknowledged is *derived* from both,
and per-call options *replace* (never merge with) the object's own.

PyMongo 4 internals read ``obj.write_concern`` and expect a
:class:`pymongo.write_concern.WriteConcern`.  :class:`LegacyWriteConcern` is
therefore both: a ``WriteConcern`` whose ``acknowledged``/``document`` are
computed live from the 2.x dict and the owner's ``safe`` flag, and a
``MutableMapping`` that 2.x code can read, compare with ``{}`` and mutate.
"""
import itertools
from collections.abc import Mapping, MutableMapping

from pymongo.errors import ConfigurationError
from pymongo.write_concern import WriteConcern

from legacy_mongo.warnings import warn_legacy

# 2.8 accepted these keys, lower-cased but *not* aliased (``wc['journal']``
# stays ``journal``); the aliases are normalised only when sent.
VALID_KEYS = ("w", "wtimeout", "wtimeoutms", "fsync", "j", "journal")
_SEND_ALIASES = {"wtimeoutms": "wtimeout", "journal": "j"}
_CONSTRUCTOR_ALIASES = {"wtimeoutms": "wtimeout", "journal": "j"}

UNACKNOWLEDGED = WriteConcern(w=0)
ACKNOWLEDGED_SERVER_DEFAULT = WriteConcern()


def validate_boolean(option, value):
    """2.8's ``validate_boolean_or_string``: bools or 'true'/'false'."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise ConfigurationError("The value of %s must be 'true' or 'false'" % (option,))
        return value == "true"
    raise TypeError("%s must be True or False" % (option,))


def validate_option(key, value):
    """Validate one write-concern item as 2.8's option table did."""
    # 2.8 checked the name as given, then lower-cased it (so 'W' is refused).
    if key not in VALID_KEYS:
        raise ConfigurationError("%s is not a valid write concern option." % (key,))
    # 2.8's validate_int_or_basestring/validate_integer took bools as the
    # ints they are (w=False is w=0); they are stored as ints for PyMongo 4.
    if key == "w":
        if not isinstance(value, (int, str)):
            raise TypeError("Wrong type for w, value must be an integer or a string")
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, str) and value.isdigit():
            value = int(value)
    elif key in ("wtimeout", "wtimeoutms"):
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, str):
            if not value.isdigit():
                raise ConfigurationError("The value of %s must be an integer" % key)
            value = int(value)
        elif not isinstance(value, int):
            raise TypeError("Wrong type for %s, value must be an integer" % key)
    else:
        value = validate_boolean(key, value)
    return key, value


def sendable_document(options):
    """The writeConcern document PyMongo 4 should send for 2.x *options*."""
    # Per-call options are not validated: wtimeoutMS=/journal= arrive as given.
    return {_SEND_ALIASES.get(key.lower(), key): value for key, value in options.items()}


def modern_write_concern(acknowledged, options):
    """A PyMongo 4 WriteConcern for a resolved 2.x decision."""
    if not acknowledged:
        # 2.8 sent nothing but the write for w=0, whatever else was set
        # (``w=0, j=True`` is legal in 2.x, an error in PyMongo 4).
        return UNACKNOWLEDGED
    if not options:
        return ACKNOWLEDGED_SERVER_DEFAULT
    document = sendable_document(options)
    ignored = [key for key in document if key not in _SENDABLE]
    if ignored:
        document = _drop_ignored(document, ignored)
    try:
        if document.get("j") and document.get("fsync") and set(document) <= _SENDABLE:
            # Legal to 2.8 (never validated client-side) and to PyMongo 4's
            # wire, illegal to PyMongo 4's WriteConcern: the server answers
            # with the error 2.8 raised as OperationFailure (spec §2.8).
            WriteConcern(**{k: v for k, v in document.items() if k != "fsync"})
            return _ServerJudged(document)
        return WriteConcern(**document)
    except (TypeError, ValueError, ConfigurationError) as exc:
        raise ConfigurationError(
            "write concern %r cannot be sent: %s. 2.x passed unknown or conflicting "
            "options to the server, which rejected them; use only w, wtimeout, j "
            "(or fsync), e.g. WriteConcern(w=1, j=True)." % (document, exc)
        ) from None


_SENDABLE = frozenset(("w", "wtimeout", "j", "fsync"))


def _drop_ignored(document, ignored):
    """2.8 forwarded per-call keywords it did not know (``write_concern={}``
    from mongoengine 0.9) into getlasterror / the writeConcern document,
    where the servers of its time ignored them: the write was acknowledged
    with the rest.  PyMongo 4 cannot send unknown write-concern fields, so
    they are dropped, saying so."""
    import warnings as _warnings

    from legacy_mongo.warnings import user_call_site

    filename, lineno = user_call_site()
    _warnings.warn_explicit(
        "write option(s) %s ignored: not write-concern options (w, wtimeout, j, "
        "fsync); PyMongo 2.8 sent them to the server, which ignored them, and the "
        "write is acknowledged as in 2.8. Drop them, or pass "
        "coll.with_options(write_concern=WriteConcern(...))."
        % ", ".join("%s=%r" % (key, document[key]) for key in ignored),
        UserWarning, filename, lineno)
    return {key: value for key, value in document.items() if key not in ignored}


class _ServerJudged(WriteConcern):
    """An acknowledged write concern sent exactly as 2.8 sent it, for the
    combinations PyMongo 4's constructor refuses but the server judges
    (``j`` with ``fsync``)."""

    def __init__(self, document):
        WriteConcern.__init__(self)
        self._sent = dict(document)

    @property
    def document(self):
        return dict(self._sent)

    @property
    def acknowledged(self):
        return True

    @property
    def is_server_default(self):
        return not self._sent

    def __repr__(self):
        return "WriteConcern(%s)" % ", ".join("%s=%r" % item for item in self._sent.items())


_versions = itertools.count(1)


class LegacyWriteConcern(WriteConcern, MutableMapping):
    """The 2.x ``write_concern`` dict that is also a PyMongo 4 WriteConcern.

    Item assignment validates (as 2.8 did); ``update``/``setdefault``/``del``
    do not (2.8's were plain dict methods and tests rely on that).
    ``acknowledged`` and ``document`` answer for a write that passes no
    per-call options (§2.5 step 3), reading the owner's ``safe`` live.

    Every mutation by the application warns LM306 (a PyMongo 4
    WriteConcern is immutable); reads do not (the shim reads the dict
    itself, e.g. to snapshot it into a child), so the linter finds those.
    The shim's own changes go through ``_store``/``_discard``/``_clear``.
    """

    # WriteConcern.__init__ is not called: its slots stay unset and every
    # public property is overridden below.

    def __init__(self, items=(), owner=None):
        self._items = {}
        self._owner = owner
        # Every write asks acknowledged/document several times (PyMongo's
        # checks, then the command): the decision is cached per (owner's
        # safe, version of the dict).  Versions are unique across all dicts,
        # so a version also names its dict (outcomes.py caches on it).
        self._version = next(_versions)
        self._decided = None
        for key, value in dict(items).items():
            self._store(key, value)

    # -- the shim's own, silent mutations --------------------------------------
    def _store(self, key, value):
        key, value = validate_option(key, value)
        self._items[key] = value
        self._version = next(_versions)

    def _discard(self, key):
        self._items.pop(key, None)
        self._version = next(_versions)

    def _clear(self):
        self._items.clear()
        self._version = next(_versions)

    # -- mapping -----------------------------------------------------------
    def __getitem__(self, key):
        return self._items[key]

    def __setitem__(self, key, value):
        warn_legacy("LM306")
        self._store(key, value)

    def __delitem__(self, key):
        warn_legacy("LM306")
        del self._items[key]
        self._version = next(_versions)

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def __contains__(self, key):
        return key in self._items

    def get(self, key, default=None):
        return self._items.get(key, default)

    def update(self, *args, **kwargs):
        warn_legacy("LM306")
        self._items.update(*args, **kwargs)
        self._version = next(_versions)

    def setdefault(self, key, default=None):
        warn_legacy("LM306")
        self._version = next(_versions)
        return self._items.setdefault(key, default)

    _MISSING = object()

    def pop(self, key, default=_MISSING):
        warn_legacy("LM306")
        self._version = next(_versions)
        if default is LegacyWriteConcern._MISSING:
            return self._items.pop(key)
        return self._items.pop(key, default)

    def popitem(self):
        warn_legacy("LM306")
        self._version = next(_versions)
        return self._items.popitem()

    def clear(self):
        warn_legacy("LM306")
        self._items.clear()
        self._version = next(_versions)

    def copy(self):
        return dict(self._items)

    def __eq__(self, other):
        if isinstance(other, LegacyWriteConcern):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other)
        if isinstance(other, WriteConcern):
            return self.document == other.document and self.acknowledged == other.acknowledged
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None

    def __bool__(self):
        # PyMongo 4 tests ``write_concern and not write_concern.acknowledged``
        # to decide on moreToCome: an empty 2.x dict must still be an object
        # that is there.  (2.x code testing the dict's truthiness is rare;
        # ``len(write_concern)`` still answers it.)
        return True

    def __repr__(self):
        return repr(self._items)

    # -- the PyMongo 4 face --------------------------------------------------
    def _decision(self):
        """(acknowledged, options, PyMongo 4 WriteConcern) for a write that
        passes nothing per call."""
        safe = True if self._owner is None else self._owner._legacy_safe
        decided = self._decided
        if decided is not None and decided[0] == safe and decided[1] == self._version:
            return decided[2]
        acknowledged, options = resolve_default(safe, self._items)
        decision = (acknowledged, options, modern_write_concern(acknowledged, options))
        self._decided = (safe, self._version, decision)
        return decision

    @property
    def acknowledged(self):
        return self._decision()[0]

    @property
    def document(self):
        return self._decision()[2].document

    @property
    def is_server_default(self):
        acknowledged, options, _ = self._decision()
        return acknowledged and not options


def derive_safe(safe, options, warn_conflict=None):
    """2.8's constructor algorithm (§2.2): returns (safe, validated options).

    *options* maps option names (aliases allowed) to values; None values are
    ignored.  Any stored option except ``w=0`` forces ``safe=True``, even over
    an explicit ``safe=False``.
    """
    stored = {}
    marked = False
    for key, value in options.items():
        if value is None or key not in VALID_KEYS:
            # A parent's dict may hold names put there by the unvalidated
            # ``update()``; 2.8's child constructor skipped them.
            continue
        key, value = validate_option(key, value)
        key = _CONSTRUCTOR_ALIASES.get(key, key)
        stored[key] = value
        if not (key == "w" and value == 0):
            marked = True
    if marked:
        result = True
    elif stored.get("w") == 0:
        result = False
    elif safe is None:
        result = True
    else:
        result = validate_boolean("safe", safe)
    if result and stored.get("w") == 0 and warn_conflict is not None:
        warn_conflict(stored)
    return result, stored


def resolve_default(safe, options):
    """§2.5 step 3: the decision when a write passes nothing per call."""
    w = options.get("w")
    if w == 0:
        return False, {}
    if safe or options.get("w", 0) != 0:
        return True, dict(options)
    return False, {}


def resolve_per_call(own_safe, own_options, safe=None, call_options=None):
    """§2.5: (acknowledged, options) for one write.

    *safe* is the per-call ``safe=`` (None when absent), *call_options* the
    extra keyword arguments.  Per-call options replace the object's.
    """
    call_options = call_options or {}
    if safe is not None:
        # 2.8 validated safe but went on with the raw value: 'false' passes
        # validation and is truthy, so ``safe='false'`` acknowledged.
        validate_boolean("safe", safe)
    if safe is None and not call_options:
        return resolve_default(own_safe, own_options)
    if safe or call_options:
        if not call_options:
            options = dict(own_options)
            if options.get("w") == 0:
                return True, {}
        else:
            options = dict(call_options)
        return options.get("w") != 0, options
    return False, {}


def per_call_write_concern(obj, safe=None, call_options=None):
    """The PyMongo 4 WriteConcern for one legacy write on *obj*, or None when
    the object's own (live) write concern applies unchanged."""
    if safe is None and not call_options:
        return None
    acknowledged, options = resolve_per_call(
        obj._legacy_safe, obj._legacy_wc._items, safe, call_options
    )
    return modern_write_concern(acknowledged, options)
