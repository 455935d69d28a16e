"""2.x ``CommandCursor`` and the shape 2.8's ``aggregate()`` returned.

``aggregate(pipeline, cursor={...})`` returned a CommandCursor in 2.8 and
still does: :class:`LegacyCommandCursor` is PyMongo 4's (``alive``,
``close()``, ``batch_size()``, ``cursor_id``, iteration) plus 2.8's
``conn_id`` and the database's outgoing SON manipulators.

Without ``cursor=`` 2.8 returned the raw command reply
``{'result': [...], 'ok': 1.0}``.  :class:`AggregateReply` *is* that dict
(indexing, ``get``, ``==``, ``repr``, ``json.dumps``, ``len`` and ``keys()``
behave as 2.8's dict did), except that iterating it yields the documents,
as iterating PyMongo 4's cursor does, so ``list(coll.aggregate(p))`` works
on a legacy collection.  Stated difference: 2.x code that iterated the reply
to get its *keys* gets documents instead (use ``.keys()``).
"""
from pymongo.errors import NotPrimaryError
from pymongo.synchronous.command_cursor import CommandCursor as _ModernCommandCursor

from legacy_mongo.runtime.errors import legacy_not_primary
from legacy_mongo.warnings import warn_legacy


class CommandCursor(_ModernCommandCursor):
    """PyMongo 4 ``CommandCursor`` with 2.8's extras (named like 2.8's class)."""

    @property
    def conn_id(self):
        """Deprecated (2.x): use ``address``."""
        warn_legacy("LM503")
        return self.address

    def _refresh(self):
        try:
            return super()._refresh()
        except NotPrimaryError as exc:
            # 2.8: a "not master" getMore reply disconnected the client.
            raise legacy_not_primary(exc, self._collection.database.client) from None

    def next(self):
        document = super().next()
        outgoing = getattr(self._collection.database, "_legacy_outgoing", None)
        if outgoing is not None:
            document = outgoing(document, self._collection)
        return document

    __next__ = next


LegacyCommandCursor = CommandCursor


def adopt_command_cursor(cursor):
    """Re-class a PyMongo 4 CommandCursor made by PyMongo's own code."""
    if type(cursor) is _ModernCommandCursor:
        cursor.__class__ = CommandCursor
    return cursor


class AggregateReply(dict):
    """2.8's ``aggregate()`` reply dict: ``{'result': documents, 'ok': 1.0}``;
    iterating yields the documents (see the module docstring)."""

    def __init__(self, documents):
        super().__init__(result=documents, ok=1.0)

    def __iter__(self):
        return iter(dict.__getitem__(self, "result"))

    # Reading it as a dict is the 2.x use (LM408); iterating it is modern.
    def __getitem__(self, key):
        warn_legacy("LM408")
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        warn_legacy("LM408")
        return dict.get(self, key, default)

    def keys(self):
        warn_legacy("LM408")
        return dict.keys(self)

    def items(self):
        warn_legacy("LM408")
        return dict.items(self)

    def values(self):
        warn_legacy("LM408")
        return dict.values(self)
