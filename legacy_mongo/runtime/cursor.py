"""2.x ``Cursor``: PyMongo 4's Cursor with the legacy methods back.

Clones stay legacy: PyMongo 4 builds them with ``self.__class__``.
"""
from pymongo.synchronous.cursor import Cursor

from legacy_mongo.warnings import warn_legacy


class LegacyCursor(Cursor):
    def count(self, with_limit_and_skip=False):
        """Deprecated (2.x): use ``collection.count_documents(filter, skip=, limit=)``."""
        warn_legacy("LM501")
        fields = {}
        if with_limit_and_skip:
            if self._limit:
                fields["limit"] = abs(self._limit)
            if self._skip:
                fields["skip"] = self._skip
        if self._hint is not None:
            fields["hint"] = self._hint
        return self._collection._legacy_count(self._spec, **fields)
