"""2.8's private attribute names on the legacy Cursor, Collection and Database.

2.x libraries subclass these classes and read their name-mangled privates:
mongokit's ``Cursor.__next__`` re-implements 2.8's from ``_Cursor__empty``,
``_Cursor__data``, ``_Cursor__collection`` and ``_Cursor__manipulate``;
Flask-PyMongo's ``Collection.__getattr__`` reads ``_Collection__database``;
mongokit's Database calls ``_fix_outgoing``.  In PyMongo 4 the same state lives
under single-underscore names, so each 2.8 name is a property over it (both
reading and assigning, as 2.8's subclasses did).
"""
from legacy_mongo.runtime.collection import LegacyCollection
from legacy_mongo.runtime.cursor import Cursor
from legacy_mongo.runtime.database import LegacyDatabase
from legacy_mongo.runtime import read_preferences as legacy_read_preferences


def _alias(modern):
    def get(self):
        return getattr(self, modern)

    def set_(self, value):
        setattr(self, modern, value)

    return property(get, set_, doc="2.8's private name for ``%s``." % modern)


def _read_preference(self):
    # 2.8 stored the mode (an int); legacy read preferences compare as one.
    return legacy_read_preferences.legacy(self._get_read_preference())


# The 2.8.1 attribute each name stood for: cursor.py __init__ (self.__collection,
# __empty, __manipulate, __read_preference, __data = deque()), collection.py
# (self.__database, __name), database.py (self.__name, self.__connection).
_NAMES = {
    Cursor: {"_Cursor__collection": "_collection", "_Cursor__empty": "_empty",
             "_Cursor__data": "_data", "_Cursor__manipulate": "_legacy_manipulate",
             "_Cursor__spec": "_spec", "_Cursor__id": "_id", "_Cursor__killed": "_killed",
             "_Cursor__fields": "_projection", "_Cursor__limit": "_limit",
             "_Cursor__skip": "_skip"},
    LegacyCollection: {"_Collection__database": "_database", "_Collection__name": "_name",
                       "_Collection__full_name": "_full_name"},
    LegacyDatabase: {"_Database__name": "_name", "_Database__connection": "_client"},
}

for cls, names in _NAMES.items():
    for legacy, modern in names.items():
        setattr(cls, legacy, _alias(modern))
Cursor._Cursor__read_preference = property(_read_preference)
# 2.8 copied the collection's value into each cursor (mongokit reads it back).
Cursor._Cursor__secondary_acceptable_latency_ms = property(
    lambda self: self._collection.secondary_acceptable_latency_ms)
# 2.8: Database._fix_outgoing(son, collection) applied the outgoing manipulators.
LegacyDatabase._fix_outgoing = LegacyDatabase._legacy_outgoing
