"""2.x bulk API (spec §4.7): ``initialize_ordered_bulk_op()`` and
``initialize_unordered_bulk_op()`` builders, run through PyMongo 4's
``bulk_write``.

The modern form is ``coll.bulk_write([InsertOne(doc), UpdateOne(q, u),
UpdateMany(q, u), ReplaceOne(q, doc), DeleteOne(q), DeleteMany(q)],
ordered=...)``.

2.8 facts kept here: ``insert`` adds ``_id`` to the caller's dict; update
documents must hold only ``$`` operators and replacements none
(``ValueError`` when the operation is added); ``execute(write_concern=None)``
takes a dict, defaults to the collection's ``write_concern`` dict (the
``safe`` flag is ignored, so a ``Connection``'s bulk writes are
acknowledged), returns None when ``w=0``, otherwise 2.8's result dict
(``nInserted``, ``nUpserted``, ``nMatched``, ``nModified``, ``nRemoved``,
``upserted``, ``writeErrors``, ``writeConcernErrors``), and raises
``BulkWriteError`` (code 65, ``details`` = that dict) on any write or
write-concern error.  A builder executes once.
"""
from collections.abc import Mapping

from bson.objectid import ObjectId
from pymongo.errors import BulkWriteError, InvalidOperation, NotPrimaryError
from pymongo.write_concern import WriteConcern
from pymongo.operations import DeleteMany, DeleteOne, InsertOne, ReplaceOne, UpdateMany, UpdateOne

from legacy_mongo.runtime import write_concern as wc
from legacy_mongo.runtime.errors import legacy_error, legacy_not_primary


def _check_update(document):
    first = next(iter(document), None) if isinstance(document, Mapping) else None
    if not document or not isinstance(first, str) or not first.startswith("$"):
        raise ValueError("update only works with $ operators")


def _check_replacement(document):
    if not isinstance(document, Mapping):
        raise TypeError("document must be an instance of dict")
    first = next(iter(document), None)
    if document and isinstance(first, str) and first.startswith("$"):
        raise ValueError("replacement can not include $ operators")


class BulkUpsertOperation:
    """``bulk.find(selector).upsert()``: the update methods with upsert."""

    def __init__(self, selector, bulk):
        self._selector = selector
        self._bulk = bulk

    def update_one(self, update):
        _check_update(update)
        self._bulk._add(UpdateOne(self._selector, update, upsert=True))

    def update(self, update):
        _check_update(update)
        self._bulk._add(UpdateMany(self._selector, update, upsert=True))

    def replace_one(self, replacement):
        _check_replacement(replacement)
        self._bulk._add(ReplaceOne(self._selector, replacement, upsert=True))


class BulkWriteOperation:
    """``bulk.find(selector)``: update/replace/remove what the selector matches."""

    def __init__(self, selector, bulk):
        self._selector = selector
        self._bulk = bulk

    def update_one(self, update):
        _check_update(update)
        self._bulk._add(UpdateOne(self._selector, update))

    def update(self, update):
        _check_update(update)
        self._bulk._add(UpdateMany(self._selector, update))

    def replace_one(self, replacement):
        _check_replacement(replacement)
        self._bulk._add(ReplaceOne(self._selector, replacement))

    def remove_one(self):
        self._bulk._add(DeleteOne(self._selector))

    def remove(self):
        self._bulk._add(DeleteMany(self._selector))

    def upsert(self):
        return BulkUpsertOperation(self._selector, self._bulk)


class BulkOperationBuilder:
    """2.x ``BulkOperationBuilder``.  Deprecated: build a list of
    ``pymongo.operations`` requests and call ``coll.bulk_write(requests,
    ordered=...)``."""

    def __init__(self, collection, ordered=True):
        self._collection = collection
        self._ordered = ordered
        self._requests = []
        self._executed = False

    def _add(self, request):
        self._requests.append(request)

    def find(self, selector):
        if not isinstance(selector, Mapping):
            raise TypeError("selector must be an instance of dict")
        return BulkWriteOperation(selector, self)

    def insert(self, document):
        if not isinstance(document, Mapping):
            raise TypeError("document must be an instance of dict")
        # 2.8 added the _id to the caller's own dict.
        if "_id" not in document:
            document["_id"] = ObjectId()
        self._add(InsertOne(document))

    def execute(self, write_concern=None):
        if write_concern is not None and not isinstance(write_concern, dict):
            raise TypeError("write_concern must be an instance of dict")
        if not self._requests:
            raise InvalidOperation("No operations to execute")
        if self._executed:
            raise InvalidOperation("Bulk operations can only be executed once.")
        self._executed = True
        options = dict(self._collection.write_concern if write_concern is None
                       else write_concern)
        if options.get("w") == 0:
            if self._ordered:
                # 2.8 acknowledged each batch with w:1 so that it could stop
                # at the first error, which it then swallowed.
                target = self._collection.with_options(write_concern=WriteConcern(w=1))
                try:
                    target.bulk_write(self._requests, ordered=True)
                except BulkWriteError:
                    pass
                return None
            target = self._collection.with_options(
                write_concern=wc.modern_write_concern(False, {}))
            target.bulk_write(self._requests, ordered=False)
            return None
        target = self._collection.with_options(
            write_concern=wc.modern_write_concern(True, options))
        try:
            result = target.bulk_write(self._requests, ordered=self._ordered)
        except BulkWriteError as exc:
            # PyMongo 4 appends ", full error: {...}" to the message; 2.8's
            # str(exc) was just "batch op errors occurred".
            raise legacy_error(BulkWriteError, _MESSAGE, exc.code, exc.details) from None
        except NotPrimaryError as exc:
            # 2.8: "not master" disconnected the client, AutoReconnect raised.
            raise legacy_not_primary(exc, self._collection.database.client) from None
        return result.bulk_api_result


_MESSAGE = "batch op errors occurred"
