"""What happened to each legacy write: the getlasterror emulation and the
acknowledge mode.

MongoDB 5.1 removed ``getlasterror``: 2.x's ``db.error()``/``last_status()``
(and ``db.command('getlasterror')``) asked the server about the last write
*on the calling socket* - which, in a request, was the calling thread's last
write.  The shim records each legacy write's outcome per thread and per
client instead (``ThreadRequestState.last_write``).  An unacknowledged write
has no outcome to record: asking for it raises, never guesses.

The acknowledge mode (``LEGACY_MONGO_ACKNOWLEDGE=1`` or the client keyword
``acknowledge_writes=True``) is the migration aid for 2.x's original sin,
unacknowledged writes by default: every write is sent acknowledged, the
caller still gets the legacy return value of an unacknowledged write
(``None`` for update/remove), and each failure that the legacy default would
have lost silently is logged with its call site on the
``legacy_mongo.lost_writes`` logger and kept in :func:`lost_writes`.
"""
import logging
import os
import threading

from pymongo.errors import OperationFailure
from pymongo.synchronous.collection import Collection
from pymongo.write_concern import WriteConcern

from legacy_mongo.runtime.write_concern import per_call_write_concern
from legacy_mongo.warnings import user_call_site

logger = logging.getLogger("legacy_mongo.lost_writes")

ACKNOWLEDGE_ENV = "LEGACY_MONGO_ACKNOWLEDGE"
_ACKNOWLEDGED_W1 = WriteConcern(w=1)
_MAX_KEPT = 10000

_lost = []
_lost_lock = threading.Lock()


def acknowledge_mode_from_environment():
    value = os.environ.get(ACKNOWLEDGE_ENV, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ValueError(
        "%s=%r: use 1 to acknowledge every write (and log the failures the legacy "
        "default would have lost) or 0 to keep 2.x's behaviour" % (ACKNOWLEDGE_ENV, value)
    )


class WriteOutcome:
    """One acknowledged write's result, as getlasterror would have told it."""

    __slots__ = ("ok", "error", "code", "n", "details")

    def __init__(self, error=None, code=None, n=0, details=None):
        self.ok = error is None
        self.error = error
        self.code = code
        self.n = n
        self.details = details or {}

    def as_getlasterror(self):
        reply = {"ok": 1.0, "err": self.error, "n": self.n}
        if self.code is not None:
            reply["code"] = self.code
        for key in ("updatedExisting", "upserted"):
            if key in self.details:
                reply[key] = self.details[key]
        return reply


class Unacknowledged:
    """Marker: the thread's last write was sent without asking for a reply."""


UNACKNOWLEDGED = Unacknowledged()


def _n_of(result):
    if isinstance(result, dict):
        return result.get("n", 0)
    if isinstance(result, list):
        return 0  # inserts report n=0 in getlasterror, as 2.x servers did
    return 0


def _record(state, outcome):
    state.last_write = outcome
    if isinstance(outcome, WriteOutcome) and not outcome.ok:
        state.last_error = outcome
        state.writes_since_error = 0
    else:
        state.writes_since_error += 1


def _success(result):
    return WriteOutcome(n=_n_of(result), details=result if isinstance(result, dict) else None)


def _failure(exc):
    details = exc.details if isinstance(exc.details, dict) else {}
    return WriteOutcome(str(exc), exc.code, details.get("n", 0), details)


_TARGETS_KEPT = 16


def _write_target(collection, safe, call_options):
    """The PyMongo 4 Collection one legacy write runs on.

    It is a plain ``Collection`` carrying the write's own PyMongo 4
    WriteConcern, frozen: PyMongo asks a collection's write concern several
    times per write, and the 2.x ``write_concern`` dict would answer each
    time from its live items and its owner's ``safe``.  Targets are made
    once per distinct (per-call options, owner's ``safe``, version of the
    dict) and kept on the collection, checked against its codec options
    (``uuid_subtype`` can change them): code such as ``insert(doc, w=0)`` in
    a loop would otherwise build a Collection per write.
    """
    own = collection._legacy_wc
    try:
        items = tuple(call_options.items()) if call_options else ()
        if len(items) > 1:
            items = tuple(sorted(items))
        key = (safe, items, collection._legacy_safe, own._version)
        hash(key)
    except TypeError:  # unhashable option values: 2.x sent them, so do we
        key = None
    targets = collection.__dict__.get("_legacy_write_targets")
    if key is not None and targets is not None:
        entry = targets.get(key)
        if entry is not None and entry[0] is collection._codec_options:
            return entry[1]
    if safe is None and not call_options:
        modern = own._decision()[2]
    else:
        modern = per_call_write_concern(collection, safe, call_options)
    target = plain_collection(collection, modern)
    if key is not None:
        if targets is None or len(targets) >= _TARGETS_KEPT:
            targets = collection.__dict__["_legacy_write_targets"] = {}
        targets[key] = (collection._codec_options, target)
    return target


def plain_collection(collection, write_concern):
    """A PyMongo 4 Collection like *collection* (a legacy one) with
    *write_concern*, for the shim's own writes."""
    target = Collection(collection.database, collection.name,
                        codec_options=collection._codec_options,
                        read_preference=collection._read_preference,
                        write_concern=write_concern,
                        read_concern=collection._read_concern)
    # The legacy collection's copy leaves out the shim's UUID decoder, which
    # would send every write reply through PyMongo's slow decoding path.
    if "_write_response_codec_options" in collection.__dict__:
        target._write_response_codec_options = collection._write_response_codec_options
    return target


_SAFE, _PER_CALL = ("LM301",), ("LM307",)
_SAFE_AND_PER_CALL = _SAFE + _PER_CALL


def write_option_codes(safe, call_options):
    """The catalogue codes of a legacy write's own write-concern arguments
    (``safe=``: LM301, per-call options: LM307), for the write method to
    warn together with its own code."""
    if safe is None:
        return _PER_CALL if call_options else ()
    return _SAFE_AND_PER_CALL if call_options else _SAFE


def run_write(collection, safe, call_options, perform, unacknowledged_result=None):
    """Run one legacy write with 2.x's write concern for it (the caller has
    warned about ``safe``/per-call options: :func:`write_option_codes`).

    ``perform(target)`` does the write on *target* (a PyMongo 4 Collection
    carrying the write concern this write resolves to) and returns the
    legacy result of an acknowledged write.  An unacknowledged write returns
    ``unacknowledged_result`` (2.x: the ids for inserts, None otherwise),
    also in the acknowledge mode, whatever the server said.
    """
    target = _write_target(collection, safe, call_options)
    # The thread's state is looked up after the write: a network error on
    # another thread may have made every request forgotten meanwhile.
    # (_database/_client: the attributes behind PyMongo's two properties,
    # read at every write.)
    client = collection._database._client
    requests = client._legacy_requests
    if target._write_concern.acknowledged:
        try:
            result = perform(target)
        except OperationFailure as exc:
            _record(requests.thread_state(), _failure(exc))
            raise
        _record(requests.thread_state(), _success(result))
        return result
    if not client._legacy_acknowledge_writes:
        perform(target)
        state = requests.thread_state()
        state.last_write = UNACKNOWLEDGED
        state.writes_since_error += 1
        return unacknowledged_result
    # Acknowledge mode: ask for the reply the legacy caller did not want,
    # and keep the failure instead of losing it.
    acknowledged = plain_collection(collection, _ACKNOWLEDGED_W1)
    try:
        result = perform(acknowledged)
    except OperationFailure as exc:
        _record(requests.thread_state(), _failure(exc))
        _log_lost_write(collection, exc)
    else:
        _record(requests.thread_state(), _success(result))
    return unacknowledged_result


def _log_lost_write(collection, exc):
    filename, lineno = user_call_site()
    entry = {
        "path": filename,
        "line": lineno,
        "namespace": collection.full_name,
        "code": exc.code,
        "error": str(exc),
    }
    with _lost_lock:
        if len(_lost) < _MAX_KEPT:
            _lost.append(entry)
    logger.error(
        "%s:%d: an unacknowledged write to %s failed and would have been lost "
        "silently under the legacy default: %s (code %s)",
        filename, lineno, collection.full_name, exc, exc.code,
    )


def lost_writes():
    """The failed writes the acknowledge mode caught, oldest first."""
    with _lost_lock:
        return list(_lost)


def clear_lost_writes():
    with _lost_lock:
        del _lost[:]


def last_write(client):
    """The calling thread's last write outcome on *client* (None if none)."""
    return client._legacy_requests.thread_state().last_write


def last_error(client):
    state = client._legacy_requests.thread_state()
    return state.last_error, state.writes_since_error


def reset_error_history(client):
    state = client._legacy_requests.thread_state()
    state.last_write = None
    state.last_error = None
    state.writes_since_error = 0
