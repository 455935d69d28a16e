"""PyMongo 2.8's exceptions (``pymongo.errors`` under the drop-in activation).

PyMongo 4 kept most 2.8 names with a compatible hierarchy; they are
re-exported unchanged so that ``except pymongo.errors.OperationFailure``
catches what PyMongo 4 raises.  The 2.8 names PyMongo 4 dropped:

===================  ==========================================================
``TimeoutError``     the same class as ``WTimeoutError``: in 2.8 it was the
                     deprecated parent of ``WTimeoutError`` and never raised
                     itself, so ``except TimeoutError`` catches exactly what it
                     caught in 2.8.  Replacement: ``WTimeoutError``.
``UnsupportedOption`` a ``ConfigurationError`` subclass 2.8 defined and never
                     raised; kept so ``except`` clauses import.  Replacement:
                     ``ConfigurationError``.
``ExceededMaxWaiters`` raised by the shim's pool (``waitQueueMultiple``); as in
                     2.8 *not* a PyMongoError.  Replacement:
                     ``WaitQueueTimeoutError``.
``CertificateError`` ``ssl.CertificateError`` as 2.8 re-exported it.  PyMongo 4
                     reports a certificate failure as
                     ``ServerSelectionTimeoutError``/``AutoReconnect``, so this
                     is never raised by an operation.
``BSONError`` ...    ``InvalidBSON``, ``InvalidStringData``, ``InvalidId``,
                     ``BSONError`` re-exported from ``bson.errors``.
===================  ==========================================================

:func:`legacy_error` builds an exception whose ``str()`` is the bare 2.8
message (PyMongo 4 appends ``", full error: {...}"`` to every
OperationFailure that has details).
"""
from ssl import CertificateError  # noqa: F401 - 2.8 re-exported it

from bson.errors import (  # noqa: F401
    BSONError, InvalidBSON, InvalidDocument, InvalidId, InvalidStringData,
)
from pymongo.errors import *  # noqa: F401,F403 - the 2.8 module re-exported them all
from pymongo.errors import (  # noqa: F401
    AutoReconnect,
    BulkWriteError,
    CollectionInvalid,
    ConfigurationError,
    ConnectionFailure,
    CursorNotFound,
    DocumentTooLarge,
    DuplicateKeyError,
    ExecutionTimeout,
    InvalidName,
    InvalidOperation,
    InvalidURI,
    OperationFailure,
    PyMongoError,
    WTimeoutError,
)

#: 2.8's deprecated parent of WTimeoutError (never raised itself).
TimeoutError = WTimeoutError  # noqa: A001 - 2.8's name


class UnsupportedOption(ConfigurationError):
    """2.8: an option this driver does not support (defined, never raised)."""


class ExceededMaxWaiters(Exception):
    """More threads than ``max_pool_size * waitQueueMultiple`` waited for a
    socket.  As in 2.8 this is *not* a PyMongoError."""


#: The names 2.8's ``pymongo.errors`` had that PyMongo 4's lacks, with the
#: object each resolves to under the activation.
ADDED_NAMES = {
    "TimeoutError": TimeoutError,
    "UnsupportedOption": UnsupportedOption,
    "ExceededMaxWaiters": ExceededMaxWaiters,
    "CertificateError": CertificateError,
    "BSONError": BSONError,
    "InvalidBSON": InvalidBSON,
    "InvalidStringData": InvalidStringData,
    "InvalidId": InvalidId,
}


_CLIENT_SIDE_NOT_PRIMARY = {"ok": 0, "errmsg": "not primary", "code": 10107}


def legacy_not_primary(exc, client):
    """2.8's answer to a "not master"/"node is recovering" reply (PyMongo 4's
    ``NotPrimaryError``): the client disconnected (its ``reset`` callback:
    every pooled socket closed, so the next operation runs on a new one) and
    a plain ``AutoReconnect(errmsg)`` was raised, without ``details``.

    *client* is the legacy client; its pools are reset quietly (no LM606:
    the application did not call ``disconnect()``).  Returns the exception
    to raise."""
    quiet = getattr(client, "_legacy_disconnect_quietly", None)
    if quiet is not None:
        quiet()
    details = exc.details if isinstance(exc.details, dict) else {}
    message = details.get("errmsg") or getattr(exc, "_message", str(exc))
    if details == _CLIENT_SIDE_NOT_PRIMARY:
        # PyMongo 4's own refusal to write to a server that is not writable
        # (pool_shared: a direct connection to a secondary, w=0 too; a
        # server's reply carries codeName and more); 2.8.1 refused the same
        # way, client-side, with AutoReconnect("not master").
        message = "not master"
    error = legacy_error(AutoReconnect, message)
    error.details = None  # 2.8's AutoReconnect had no details
    return error


def legacy_error(cls, message, code=None, details=None):
    """An instance of PyMongo 4's *cls* with 2.8's ``str()``: the message
    alone (``args == (message,)``), ``code`` and ``details`` as given."""
    if issubclass(cls, BulkWriteError):
        exc = cls(details)
    elif issubclass(cls, OperationFailure):
        exc = cls(message, code, details)
    else:
        exc = cls(message)
    exc.args = (message,)
    exc._message = message
    return exc
