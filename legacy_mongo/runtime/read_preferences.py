"""2.x read preferences: PyMongo 4 read-preference objects that are also 2.x ints.

In 2.8 ``ReadPreference.PRIMARY`` ... ``NEAREST`` were the ints 0..4, so 2.x
code says ``if not coll.read_preference:`` (meaning PRIMARY),
``coll.read_preference == ReadPreference.SECONDARY`` or
``modes[client.read_preference]``.  PyMongo 4's internals need its
``Primary()``/``Secondary(tag_sets)``... objects.  The classes below are both:
subclasses of PyMongo 4's modes (so PyMongo uses them unchanged) that compare
equal to, hash like, index like and print like the 2.x int.  ``PRIMARY`` is
falsy, the others truthy, exactly as the ints were.

Legacy objects (clients, databases, collections) return these from
``read_preference``; :func:`legacy` converts any PyMongo 4 mode.  Under the
activation ``pymongo.ReadPreference`` and ``pymongo.read_preferences`` carry
2.8's names (``ReadPreference``, ``modes``, ``mongos_mode``, ``mongos_enum``,
``secondary_ok_commands``).  Replacement: PyMongo 4's
``pymongo.ReadPreference.SECONDARY`` objects and ``.mode``/``.mongos_mode``.
"""
from pymongo import read_preferences as _modern
from pymongo.errors import ConfigurationError

from legacy_mongo.warnings import warn_legacy

PRIMARY, PRIMARY_PREFERRED, SECONDARY, SECONDARY_PREFERRED, NEAREST = range(5)


class _IntLike:
    """Mixin for a PyMongo 4 ``_ServerMode``: behave as the 2.x int ``mode``."""

    __slots__ = ()

    def __int__(self):
        return self.mode

    __index__ = __int__

    def __bool__(self):
        return self.mode != PRIMARY

    def __hash__(self):
        return hash(self.mode)

    def __eq__(self, other):
        if isinstance(other, bool):
            return NotImplemented
        if isinstance(other, int):
            return self.mode == other
        return super().__eq__(other)

    def __ne__(self, other):
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    def __lt__(self, other):
        return self.mode < int(other)

    def __le__(self, other):
        return self.mode <= int(other)

    def __gt__(self, other):
        return self.mode > int(other)

    def __ge__(self, other):
        return self.mode >= int(other)

    def __repr__(self):
        return repr(self.mode)

    __str__ = __repr__

    def __reduce__(self):
        return (_rebuild, (self.mode, self.tag_sets))


class Primary(_IntLike, _modern.Primary):
    __slots__ = ()


class PrimaryPreferred(_IntLike, _modern.PrimaryPreferred):
    __slots__ = ()


class Secondary(_IntLike, _modern.Secondary):
    __slots__ = ()


class SecondaryPreferred(_IntLike, _modern.SecondaryPreferred):
    __slots__ = ()


class Nearest(_IntLike, _modern.Nearest):
    __slots__ = ()


_CLASSES = (Primary, PrimaryPreferred, Secondary, SecondaryPreferred, Nearest)


def _rebuild(mode, tag_sets):
    return make(mode, tag_sets)


def mode_number(value):
    """The 2.x int mode of *value*, accepting exactly what 2.8's
    ``common.validate_read_preference`` accepted: anything ``in modes``
    (``False`` is PRIMARY, ``True`` and ``1.0`` PRIMARY_PREFERRED: mongoengine
    passes ``read_preference=False``) or a mongos mode name spelled as 2.8's
    ``mongos_enum`` knew it (``'secondaryPreferred'``).  PyMongo 4 mode
    objects are accepted too (an extension)."""
    if isinstance(value, (_IntLike, _modern._ServerMode)):
        return value.mode
    try:
        known = value in modes
    except TypeError:  # unhashable: 2.8's ``value in modes`` raised TypeError too
        raise TypeError("%r is not a valid read preference: use ReadPreference.PRIMARY "
                        "... NEAREST" % (value,)) from None
    if known:
        return int(value)
    if isinstance(value, str) and value in _MONGOS_MODES:
        return _MONGOS_MODES.index(value)
    raise ConfigurationError("Not a valid read preference")


def validate_read_preference(dummy, value):
    """2.8's ``pymongo.common.validate_read_preference`` (installed there by
    ``install()``): returns what 2.8 returned and raises ConfigurationError
    where 2.8 did.  PyMongo 4's own callers pass its mode objects, which
    are returned unchanged, as PyMongo 4's validator did."""
    if isinstance(value, _modern._ServerMode):
        return value
    mode = mode_number(value)
    return mode if isinstance(value, str) else value


def make(mode, tag_sets=None, max_staleness=-1, hedge=None):
    """The legacy object for the 2.x mode *mode* (anything 2.8 accepted as
    a read preference, see :func:`mode_number`) and tag sets."""
    mode = mode_number(mode)
    if mode == PRIMARY:
        if tag_sets and tag_sets != [{}]:
            raise ConfigurationError("ReadPreference PRIMARY cannot be combined with tags")
        return Primary()
    kwargs = {"tag_sets": tag_sets, "max_staleness": max_staleness}
    if hedge is not None:
        kwargs["hedge"] = hedge
    return _CLASSES[mode](**kwargs)


def legacy(value):
    """Convert a PyMongo 4 read preference (or a 2.x int) to the legacy
    int-like object; legacy objects are returned unchanged."""
    if value is None or isinstance(value, _IntLike):
        return value
    if isinstance(value, _modern._ServerMode):
        if value.mode == PRIMARY:
            return Primary()
        tag_sets = value.tag_sets
        if tag_sets == [{}]:
            tag_sets = None
        return make(value.mode, tag_sets, value.max_staleness,
                    getattr(value, "_ServerMode__hedge", None))
    return make(value)


def modern(value):
    """What PyMongo 4 accepts for *value* (a 2.x int, bool or mode name
    becomes its mode object)."""
    if value is None or isinstance(value, _modern._ServerMode):
        return value
    return make(value)


class _ReadPreferenceType(type):
    @property
    def SECONDARY_ONLY(cls):
        """2.x alias of ``SECONDARY`` (warns LM826): use ``SECONDARY``."""
        warn_legacy("LM826")
        return cls.SECONDARY


class ReadPreference(metaclass=_ReadPreferenceType):
    """2.8's ``pymongo.ReadPreference``: the modes as 2.x ints that are also
    PyMongo 4 read-preference objects.  ``SECONDARY_ONLY`` is 2.x's alias of
    ``SECONDARY`` (use ``SECONDARY``)."""

    PRIMARY = Primary()
    PRIMARY_PREFERRED = PrimaryPreferred()
    SECONDARY = Secondary()
    SECONDARY_PREFERRED = SecondaryPreferred()
    NEAREST = Nearest()


# 2.8's module-level helpers of pymongo.read_preferences.
modes = {
    PRIMARY: "PRIMARY",
    PRIMARY_PREFERRED: "PRIMARY_PREFERRED",
    SECONDARY: "SECONDARY",
    SECONDARY_PREFERRED: "SECONDARY_PREFERRED",
    NEAREST: "NEAREST",
}

_MONGOS_MODES = ["primary", "primaryPreferred", "secondary", "secondaryPreferred", "nearest"]


def mongos_mode(mode):
    """2.8: the mongos name of an int mode.  PyMongo 4: ``pref.mongos_mode``."""
    warn_legacy("LM827")
    return _MONGOS_MODES[int(mode)]


def mongos_enum(enum):
    """2.8: the int mode of a mongos name.  PyMongo 4:
    ``pymongo.read_preferences.read_pref_mode_from_name``."""
    warn_legacy("LM827")
    return _MONGOS_MODES.index(enum)


secondary_ok_commands = frozenset([
    "group", "aggregate", "collstats", "dbstats", "count", "distinct",
    "geonear", "geosearch", "geowalk", "mapreduce", "getnonce", "authenticate",
    "text", "parallelcollectionscan",
])
