"""State every 2.x client, Database and Collection carried (2.8's BaseObject).

:class:`LegacyBase` is mixed into subclasses of PyMongo 4's classes.  It owns
the 2.x write-concern state (``safe`` + the live ``write_concern`` dict) and
turns the plain PyMongo 4 objects that PyMongo's own factories return
(``db.coll``, ``with_options``, ``create_collection`` ...) into their legacy
subclasses, snapshotting the parent's settings as 2.8 did (spec §2.3).
"""
import warnings as _warnings

from legacy_mongo.runtime import write_concern as wc
from legacy_mongo.warnings import warn_legacy


def _warn_conflict(stored):
    # 2.8 raised exactly this UserWarning for w=0 combined with other options.
    _warnings.warn(
        "Conflicting write concerns: %r. Write concern options were configured, "
        "but w=0 disables all other options." % (stored,),
        UserWarning,
        stacklevel=4,
    )


class LegacyBase:
    """Mixin: 2.x write-concern state on a PyMongo 4 object."""

    _legacy_safe = True
    _legacy_wc = None

    # -- construction --------------------------------------------------------
    def _legacy_init_write_concern(self, safe, options):
        self._legacy_safe, stored = wc.derive_safe(safe, options, _warn_conflict)
        self._legacy_wc = wc.LegacyWriteConcern(stored, owner=self)

    def _legacy_inherit(self, parent, modern_write_concern=None):
        """Snapshot *parent*'s 2.x settings (2.8 re-ran its constructor
        algorithm with the parent's items, so a child can become safe when
        its parent is not).  A modern WriteConcern passed explicitly (e.g.
        ``with_options(write_concern=WriteConcern(w=1))``) wins."""
        if modern_write_concern is not None and not isinstance(
            modern_write_concern, wc.LegacyWriteConcern
        ):
            document = dict(modern_write_concern.document)
            self._legacy_safe = modern_write_concern.acknowledged
            if not modern_write_concern.acknowledged:
                document = {"w": 0}
            self._legacy_wc = wc.LegacyWriteConcern(
                {wc._SEND_ALIASES.get(k, k): v for k, v in document.items() if k in wc.VALID_KEYS},
                owner=self,
            )
            return
        source = parent._legacy_wc if modern_write_concern is None else modern_write_concern
        self._legacy_safe, stored = wc.derive_safe(
            parent._legacy_safe, dict(source), _warn_conflict
        )
        self._legacy_wc = wc.LegacyWriteConcern(stored, owner=self)

    def _adopt(self, child, legacy_class):
        """Turn a PyMongo 4 object made by PyMongo's own factory into its
        legacy subclass, snapshotting our settings into it."""
        explicit = child._write_concern
        if explicit is self._legacy_wc:
            explicit = None
        child.__class__ = legacy_class
        child._legacy_inherit(self, explicit)
        return child

    # -- write concern, the 2.x way -------------------------------------------
    @property
    def write_concern(self):
        """2.x: a live dict of write-concern options (also a PyMongo 4
        WriteConcern, for PyMongo's internals)."""
        return self._legacy_wc

    @write_concern.setter
    def write_concern(self, value):
        warn_legacy("LM306")
        # 2.8's write_concern was a dict subclass: another object's is fine.
        if not isinstance(value, (dict, wc.LegacyWriteConcern)):
            from pymongo.errors import ConfigurationError

            raise ConfigurationError("write_concern must be an instance of dict or a subclass.")
        self._legacy_wc = wc.LegacyWriteConcern(value, owner=self)

    @property
    def safe(self):
        """2.x: whether writes are acknowledged by default (derived, see
        legacy_mongo.runtime.write_concern).  Use ``write_concern`` /
        ``WriteConcern(w=...)`` instead."""
        return self._legacy_safe

    @safe.setter
    def safe(self, value):
        warn_legacy("LM302")
        self._legacy_safe = wc.validate_boolean("safe", value)

    def get_lasterror_options(self):
        """Deprecated in 2.x: use ``write_concern.document``."""
        warn_legacy("LM303")
        return self._legacy_wc.copy()

    def set_lasterror_options(self, **kwargs):
        """Deprecated in 2.x: use ``with_options(write_concern=WriteConcern(...))``."""
        warn_legacy("LM304")
        for key, value in kwargs.items():
            if value is None:
                self._legacy_wc._discard(key)
                continue
            self._legacy_wc._store(key, value)
            # 2.8 compared the value as given: w='0' (stored as 0) still
            # turned safe on.
            if not (key == "w" and value == 0):
                self._legacy_safe = True

    def unset_lasterror_options(self, *options):
        """Deprecated in 2.x: use ``with_options(write_concern=WriteConcern())``."""
        warn_legacy("LM305")
        if not options:
            # 2.8 replaced the dict: a reference to the old one keeps its items.
            self._legacy_wc = wc.LegacyWriteConcern((), owner=self)
            return
        for key in options:
            self._legacy_wc._discard(key)

