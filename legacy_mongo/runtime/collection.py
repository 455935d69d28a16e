"""2.x ``Collection``: a PyMongo 4 Collection with the legacy methods back.

Every legacy write resolves its write concern with 2.8's rules
(``legacy_mongo.runtime.write_concern``), runs through PyMongo 4's public
CRUD API on the same object (or a ``with_options`` copy carrying the
per-call write concern) and returns 2.8's shapes (spec §2.7): the ``_id`` or
list of ``_id`` for inserts, the raw result dict for acknowledged
updates/removes, ``None`` for unacknowledged ones.
"""
from collections.abc import Mapping

from bson.errors import InvalidDocument
from bson.objectid import ObjectId
from pymongo.errors import (
    BulkWriteError,
    DuplicateKeyError,
    InvalidOperation,
    OperationFailure,
    WriteConcernError,
    WriteError,
    WTimeoutError,
)
from pymongo.synchronous.collection import Collection

from legacy_mongo.runtime.base import LegacyBase
from legacy_mongo.runtime.outcomes import run_write
from legacy_mongo.warnings import warn_legacy

_DUPLICATE_KEY_CODES = (11000, 11001, 12582)


def check_keys(document, _top=True):
    """2.8's client-side ``check_keys``: no ``$``-prefixed or dotted keys."""
    for key, value in document.items():
        if not isinstance(key, str):
            raise InvalidDocument("documents must have only string keys, key was %r" % (key,))
        if key.startswith("$"):
            raise InvalidDocument("key %r must not start with '$'" % (key,))
        if "." in key:
            raise InvalidDocument("key %r must not contain '.'" % (key,))
        _check_value(value)


def _check_value(value):
    if isinstance(value, Mapping):
        check_keys(value, _top=False)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _check_value(item)


def _raise_bulk_error_as_legacy(exc):
    """2.8 raised the first write error as OperationFailure (DuplicateKeyError
    for duplicate keys, also for list inserts) with ``details`` = that error."""
    errors = exc.details.get("writeErrors") or []
    if errors:
        error = errors[0]
        code = error.get("code")
        cls = DuplicateKeyError if code in _DUPLICATE_KEY_CODES else OperationFailure
        raise cls(error.get("errmsg"), code, error) from exc
    wc_errors = exc.details.get("writeConcernErrors") or []
    if wc_errors:
        error = wc_errors[-1]
        raise OperationFailure(error.get("errmsg"), error.get("code"), error) from exc
    raise exc


def _as_legacy_error(exc):
    """PyMongo 4's WriteError/WriteConcernError did not exist in 2.8: it
    raised OperationFailure (DuplicateKeyError for duplicate keys,
    WTimeoutError for a write-concern timeout) with ``details`` = the error."""
    if isinstance(exc, (DuplicateKeyError, WTimeoutError)):
        return exc
    details = exc.details or {}
    if isinstance(exc, WriteConcernError):
        info = details.get("errInfo") or {}
        if info.get("wtimeout") or exc.code == 64:
            return WTimeoutError(str(exc), exc.code, details)
    return OperationFailure(str(exc), exc.code, details)


class LegacyCollection(LegacyBase, Collection):
    """PyMongo 4 ``Collection`` plus the 2.x API."""

    # -- staying legacy all the way down -----------------------------------
    def __getitem__(self, name):
        return self._adopt(super().__getitem__(name), LegacyCollection)

    def with_options(self, *args, **kwargs):
        return self._adopt(super().with_options(*args, **kwargs), LegacyCollection)

    def find(self, *args, **kwargs):
        from legacy_mongo.runtime.cursor import LegacyCursor

        cursor = super().find(*args, **kwargs)
        cursor.__class__ = LegacyCursor
        return cursor

    # -- legacy writes ----------------------------------------------------------
    def insert(self, doc_or_docs, manipulate=True, safe=None, check_keys=True,
               continue_on_error=False, **kwargs):
        """Deprecated (2.x): use ``insert_one(doc)`` / ``insert_many(docs)``.

        Returns the new ``_id`` (or list of them), as 2.x did, whether or not
        the write was acknowledged.
        """
        warn_legacy("LM401")
        return self._legacy_insert(doc_or_docs, manipulate, safe, check_keys,
                                   continue_on_error, kwargs)

    def _legacy_insert(self, doc_or_docs, manipulate, safe, check, continue_on_error, options):
        if isinstance(doc_or_docs, Mapping):
            document = self._prepare_insert(doc_or_docs, manipulate, check)

            def perform(target):
                try:
                    target.insert_one(document)
                except (WriteError, WriteConcernError) as exc:
                    raise _as_legacy_error(exc) from exc
                return doc_or_docs.get("_id")

            return run_write(self, safe, options, perform, doc_or_docs.get("_id"))
        documents = list(doc_or_docs)
        if not documents:
            raise InvalidOperation("cannot do an empty bulk insert")
        prepared = [self._prepare_insert(doc, manipulate, check) for doc in documents]

        def perform_many(target):
            try:
                target.insert_many(prepared, ordered=not continue_on_error)
            except BulkWriteError as exc:
                _raise_bulk_error_as_legacy(exc)
            return [doc.get("_id") for doc in documents]

        return run_write(self, safe, options, perform_many,
                         [doc.get("_id") for doc in documents])

    @staticmethod
    def _prepare_insert(document, manipulate, check):
        if not isinstance(document, Mapping):
            raise TypeError("document must be an instance of dict, not %s" % type(document).__name__)
        if check:
            check_keys(document)
        if manipulate:
            # 2.8 added the ObjectId to the caller's own dict before sending.
            if "_id" not in document:
                document["_id"] = ObjectId()
            return document
        return dict(document)

    def save(self, to_save, manipulate=True, safe=None, check_keys=True, **kwargs):
        """Deprecated (2.x): use ``insert_one`` or ``replace_one(..., upsert=True)``."""
        warn_legacy("LM402")
        if not isinstance(to_save, Mapping):
            raise TypeError("cannot save object of type %s" % type(to_save).__name__)
        if "_id" not in to_save:
            return self._legacy_insert(to_save, manipulate, safe, check_keys, False, kwargs)
        self._legacy_update({"_id": to_save["_id"]}, to_save, True, safe, False,
                            check_keys, kwargs)
        return to_save.get("_id")

    def update(self, spec, document, upsert=False, manipulate=False, safe=None,
               multi=False, check_keys=True, **kwargs):
        """Deprecated (2.x): use ``update_one``/``update_many``/``replace_one``.

        Returns 2.x's result dict (``n``, ``nModified``, ``updatedExisting``,
        bare ``upserted``) when acknowledged, ``None`` when not.
        """
        warn_legacy("LM403")
        if not isinstance(spec, Mapping):
            raise TypeError("spec must be an instance of dict")
        if not isinstance(document, Mapping):
            raise TypeError("document must be an instance of dict")
        if not isinstance(upsert, bool):
            raise TypeError("upsert must be an instance of bool")
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
            except (WriteError, WriteConcernError) as exc:
                raise _as_legacy_error(exc) from exc
            return result.raw_result if result.acknowledged else None

        return run_write(self, safe, options, perform)

    def remove(self, spec_or_id=None, safe=None, multi=True, **kwargs):
        """Deprecated (2.x): use ``delete_one`` / ``delete_many``.

        A non-dict ``spec_or_id`` means ``{'_id': spec_or_id}``; no argument
        removes every document.  Returns ``{'n': ..., 'ok': ...}`` when
        acknowledged, ``None`` when not.
        """
        warn_legacy("LM404")
        if spec_or_id is None:
            spec = {}
        elif isinstance(spec_or_id, Mapping):
            spec = spec_or_id
        else:
            spec = {"_id": spec_or_id}

        def perform(target):
            method = target.delete_many if multi else target.delete_one
            try:
                result = method(spec)
            except (WriteError, WriteConcernError) as exc:
                raise _as_legacy_error(exc) from exc
            return result.raw_result if result.acknowledged else None

        return run_write(self, safe, kwargs, perform)

    # -- legacy reads -----------------------------------------------------------
    def count(self):
        """Deprecated (2.x): use ``count_documents({})`` or
        ``estimated_document_count()``.  Sends 2.x's ``count`` command."""
        warn_legacy("LM406")
        return self._legacy_count({})

    def _legacy_count(self, query, **fields):
        command = {"count": self.name, "query": query}
        command.update(fields)
        reply = self.database.command(
            command, read_preference=self._read_preference_for(None),
            codec_options=self.codec_options,
        )
        return int(reply.get("n", 0))
