"""What happened to each legacy write: the getlasterror model and the
acknowledge mode.

The getlasterror model
----------------------
2.x's ``db.error()``, ``last_status()``, ``previous_error()``,
``reset_error_history()`` and the commands ``getlasterror``/``getpreverror``/
``reseterror`` asked the server about *the calling socket*.  A 2.x mongod
(2.4 to 3.0: ``src/mongo/db/lasterror.{h,cpp}``, ``instance.cpp``,
``commands/get_last_error.cpp``, ``write_commands/batch_executor.cpp``) kept
one ``LastError`` per connection:

* every message but killCursors raised ``nPrev`` by one; getLastError and
  getPrevError did not count themselves;
* a legacy OP_UPDATE/OP_DELETE and the update/delete *commands* replaced the
  record (``recordUpdate``: ``updatedExisting``, ``n``, ``upserted``;
  ``recordDelete``: ``n``) and set ``nPrev`` to 1; any failed write replaced
  it with the error (``raiseError``); a successful legacy OP_INSERT left it
  alone, the insert *command* set its ``n`` to 1 without a reset;
* getLastError reported the record only if ``nPrev`` was 1 (nothing was sent
  since), else "no error" (``n: 0``) - so a query cleared ``error()``;
  getPrevError reported the record whatever its age, with ``nPrev``;
  resetError made a fresh record.

MongoDB 5.1 removed all three commands, so the shim keeps that record itself,
per thread and client (a request's socket is the thread's own; outside a
request a single-threaded 2.8 program got its one idle socket back), in
:class:`LastError` on ``ThreadRequestState``.  Each connection checkout of
the thread is one message (``op_seq``); a record remembers the ``op_seq`` it
was set at, so ``nPrev`` is ``op_seq - seq + 1``.  Acknowledged legacy writes
are recorded from their replies as write commands (2.8 sent them as write
commands to 2.6+ servers), unacknowledged ones as legacy opcodes.

An unacknowledged write still needs its outcome read from the server.  When
the thread's socket is pinned (inside a request; every ``Connection`` thread
is in one, ``auto_start_request``), the write is sent *acknowledged*
(``{w: 1, wtimeout: 0}``: what 2.x's getlasterror waited for; ``wtimeout: 0``
changes nothing and marks it on the wire) and the caller does not wait for
the reply: :mod:`legacy_mongo.runtime.pinning` reads it later, in order,
before the next reply on that socket, when the thread asks for its outcome,
and before the socket leaves the thread (``end_request``).  The thread's next
operation is sent right behind the write without waiting, as 2.8's was, so
the latency of w=0 stays; the server applies both in order, as it did; a
failed write is not raised (2.8 lost it), it is what ``error()`` reports.
PyMongo sends such a write down its unacknowledged path (no session, no
retry, nothing awaited: :class:`_DeferredAcknowledgement`); the pinned
connection clears ``moreToCome``.  The cost per w=0 write in a request: one
small object, and reading a reply of a few dozen bytes that has usually
arrived, in batches; a batch of inserts that all succeeded is not decoded
(:meth:`DeferredWrite.settle_replies`).

Outside a request nothing can hold the reply for the thread (the socket goes
back to the pool, another thread may take it), so a w=0 write there stays
unacknowledged and its outcome is unknown.  Only the answers that depend on
it are refused, with the fixes named (:func:`_refusal`): ``error()``/
``last_status()`` while that write is the thread's last operation (after any
later operation 2.x's answer was "no error", and so is ours), and
``previous_error()`` until a later known write or a reset replaced the record.

Not modelled: a failed query or non-write command (2.x recorded errors
raised by server assertions in them; the shim cannot tell which those were),
and closing a cursor early counts as an operation (2.x's killCursors did not).
PyMongo releases whose commands bypass ``Connection.receive_message`` (4.9)
cannot defer a reply (``pinning.DEFERRED_REPLIES`` is False): there w=0 writes
stay unacknowledged in a request too, and are treated as outside one.

The acknowledge mode
--------------------
``LEGACY_MONGO_ACKNOWLEDGE=1`` or the client keyword
``acknowledge_writes=True`` is the migration aid for 2.x's original sin,
unacknowledged writes by default: every write is sent acknowledged and waited
for, the caller still gets the legacy return value of an unacknowledged write
(``None`` for update/remove) and no exception, and each failure that the
legacy default would have lost silently - a network error included - is
logged with its call site on the ``legacy_mongo.lost_writes`` logger, kept in
:func:`lost_writes` and reported by ``db.error()``.
"""
import logging
import os
import struct
import threading

import bson
from bson.codec_options import CodecOptions
from bson.errors import InvalidDocument
from pymongo.errors import ConnectionFailure, InvalidOperation, OperationFailure
from pymongo.synchronous.collection import Collection
from pymongo.write_concern import WriteConcern

from legacy_mongo.runtime.pinning import DEFERRED_REPLIES, settle_thread
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


# -- the LastError record of a 2.x server ---------------------------------------------
_NO_UPSERT = object()


class LastError:
    """One connection's LastError as a 2.x mongod kept it (2.4-3.0:
    ``src/mongo/db/lasterror.h``/``lasterror.cpp``), here one thread's.

    ``seq`` is the thread's operation number (``ThreadRequestState.op_seq``)
    of the event that last set the record; the server's ``nPrev`` (1 right
    after it, plus one per later message) is ``op_seq - seq + 1``.
    """

    __slots__ = ("valid", "code", "msg", "updated_existing", "upserted", "n", "seq")

    def __init__(self, seq=0):
        self.reset(seq, False)

    def reset(self, seq, valid):
        self.valid = valid
        self.code = 0
        self.msg = None
        self.updated_existing = None
        self.upserted = _NO_UPSERT
        self.n = 0
        self.seq = seq

    def raise_error(self, seq, code, msg):
        self.reset(seq, True)
        self.code = code or 0
        self.msg = msg

    def record_update(self, seq, updated_existing, n, upserted=_NO_UPSERT):
        self.reset(seq, True)
        self.updated_existing = updated_existing
        self.n = n
        self.upserted = upserted

    def record_delete(self, seq, n):
        self.reset(seq, True)
        self.n = n

    def append_to(self, reply, blank_err):
        """``LastError::appendSelf``."""
        if not self.valid:
            if blank_err:
                reply["err"] = None
            reply["n"] = 0
            return
        if self.msg:
            reply["err"] = self.msg
        elif blank_err:
            reply["err"] = None
        if self.code:
            reply["code"] = self.code
        if self.updated_existing is not None:
            reply["updatedExisting"] = self.updated_existing
        if self.upserted is not _NO_UPSERT:
            reply["upserted"] = self.upserted
        reply["n"] = self.n


def _last_error_of(state):
    """The thread's record, with its last acknowledged write applied
    (:func:`_note_acknowledged`): every reader and writer of the record
    comes here first, so the changes stay in their order."""
    record = state.last_error
    if record is None:
        record = state.last_error = LastError()
    pending = state.pending_write
    if pending is not None:
        state.pending_write = None
        _apply_reply(record, pending[0], pending[1], False, pending[2])
    return record


def _note_acknowledged(state, kind, result):
    """An acknowledged write succeeded (PyMongo raises for a failed one):
    its change of the record is kept and made when the record is next
    read - almost never, where building it at every write cost ~2,700
    instructions (benchmarks/README.md).  An update or delete replaces the
    whole record, so the change it overrides need not be made; a second
    successful insert changes nothing more than the first."""
    pending = state.pending_write
    if kind == INSERT:
        if pending is not None:
            if pending[1] == INSERT:
                return
            _last_error_of(state)
        state.pending_write = (state.op_seq, INSERT, _NO_FIELDS)
        return
    # A copy: the caller gets the same dict back and may change it.
    state.pending_write = (state.op_seq, kind, dict(result) if isinstance(result, dict) else {})


_NO_FIELDS = {}


INSERT, UPDATE, DELETE = "insert", "update", "delete"


def _record_reply(state, seq, kind, legacy, reply):
    """Change the thread's LastError as the server did for one write.

    *reply* is a write command's reply (or PyMongo's ``raw_result``, the
    same fields).  *legacy*: 2.8 sent this write as a legacy opcode (it was
    unacknowledged); otherwise as a write command (2.6+ batch executor).
    """
    _apply_reply(_last_error_of(state), seq, kind, legacy, reply)


def _apply_reply(record, seq, kind, legacy, reply):
    if not reply.get("ok", 1):
        record.raise_error(seq, reply.get("code"), reply.get("errmsg"))
        return
    errors = reply.get("writeErrors")
    if errors:
        last = errors[-1]
        record.raise_error(seq, last.get("code"), last.get("errmsg"))
        return
    if kind == INSERT:
        # Legacy OP_INSERT left the record alone; the insert command set
        # nObjects to its last document's count (1) without a reset.
        if not legacy:
            record.n = 1
        return
    n = reply.get("n", 0)
    if kind == UPDATE:
        upserted = reply.get("upserted", _NO_UPSERT)
        if isinstance(upserted, list):
            upserted = upserted[-1]["_id"] if upserted else _NO_UPSERT
        record.record_update(seq, upserted is _NO_UPSERT and n > 0, n, upserted)
    else:
        record.record_delete(seq, n)


def _record_failure(state, exc):
    """An OperationFailure of a write (its details: the write error
    document or the failed command's reply)."""
    details = exc.details if isinstance(exc.details, dict) else {}
    _last_error_of(state).raise_error(state.op_seq, exc.code,
                                      details.get("errmsg") or str(exc))


def _record_network_failure(state, exc):
    # No server answered: the error is the driver's, as 2.8's AutoReconnect
    # from getlasterror on that socket would have said.
    _last_error_of(state).raise_error(state.op_seq, None, "network error: %s" % (exc,))


class DeferredWrite:
    """A legacy w=0 write sent acknowledged on the thread's pinned socket,
    whose reply is read later (:mod:`legacy_mongo.runtime.pinning` reads it,
    in order, before the next reply on that socket or when the thread asks
    for its outcome).  ``sent`` counts its messages (one per batch)."""

    __slots__ = ("kind", "collection", "sent")

    def __init__(self, kind, collection):
        self.kind = kind
        self.collection = collection  # its full_name only if the reply is lost
        self.sent = 0

    def settle(self, token, seq, result):
        """*result*: the reply document (BSON bytes), or the exception
        reading it raised (then the write's reply is lost).  *token* is the
        writing thread's state, None if the thread is gone."""
        if isinstance(result, BaseException):
            logger.warning(
                "the reply of an unacknowledged write to %s could not be read (%s): "
                "whether it was applied is unknown", self.collection.full_name, result)
            if token is not None:
                _last_error_of(token).raise_error(seq, None, "network error: %s" % (result,))
            return
        if token is not None:
            _record_reply(token, seq, self.kind, True, bson.decode(result, _REPLY_OPTIONS))

    @staticmethod
    def settle_replies(token, batch, replies):
        """Hand deferred replies to their writes: *batch* is
        ``[(request id, DeferredWrite, op number)]``, *replies* their reply
        documents as BSON bytes, in order.

        A legacy OP_INSERT that succeeded left the record alone, so a batch of
        inserts that all succeeded is told from the bytes, without decoding
        (``bson.decode`` costs ~9,000 instructions a reply; these three searches
        cost that for the whole batch): one ``ok: 1`` element per reply and no
        ``writeErrors``.  The patterns are element headers with their values:
        an insert reply holds no user data but in ``writeErrors``, a reply with
        ``ok: 0`` holds server text (valid UTF-8 cannot hold these bytes) and at
        most a 20-byte signature hash, so a false "all succeeded" would take a
        12-byte coincidence in random bytes.  Any other batch is decoded reply
        by reply."""
        if token is None or not replies:
            return
        if DeferredWrite.all_succeeded(batch, b"".join(replies)):
            return
        for (_, write, seq), reply in zip(batch, replies):
            write.settle(token, seq, reply)

    @staticmethod
    def all_succeeded(batch, raw):
        """Whether *raw*, the bytes of the replies to *batch*, says that
        every write was an insert that succeeded (:meth:`settle_replies`)."""
        return (all(write.kind is INSERT for _, write, _ in batch)
                and raw.count(_OK_DOUBLE) + raw.count(_OK_INT) == len(batch)
                and raw.find(_WRITE_ERRORS) < 0)


# What PyMongo decodes a reply with when no codec options are given.
_REPLY_OPTIONS = CodecOptions(unicode_decode_error_handler="replace")
_OK_DOUBLE = b"\x01ok\x00" + struct.pack("<d", 1.0)
_OK_INT = b"\x10ok\x00" + struct.pack("<i", 1)
_WRITE_ERRORS = b"\x04writeErrors\x00"


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
    return _write_entry(collection, safe, call_options)[1]


def _write_entry(collection, safe, call_options):
    """:func:`_write_target`'s cache entry: ``(codec_options, target,
    acknowledged, acknowledge_mode, requests)``, what :func:`run_write`
    asks of every write, found once per target: whether the target's write
    concern is acknowledged (a property of PyMongo's WriteConcern), the
    client's acknowledge mode and its RequestRegistry (both fixed when the
    client is made)."""
    # The collection's attributes are read from its __dict__: a class with
    # a __getattr__ (PyMongo's Collection) gets no specialized attribute
    # access in CPython 3.11+, each one costs a generic lookup (~300-500
    # instructions) while a dict item costs a few dozen.
    attrs = collection.__dict__
    try:
        own = attrs["_legacy_wc"]
        legacy_safe = attrs["_legacy_safe"]
        codec_options = attrs["_codec_options"]
    except KeyError:  # still the class defaults
        own, legacy_safe = collection._legacy_wc, collection._legacy_safe
        codec_options = collection._codec_options
    # Keys of different option counts differ in length, so the items go
    # into the key unwrapped (one tuple built, not two).
    if not call_options:
        key = (safe, legacy_safe, own._version)
    elif len(call_options) == 1:
        option, = call_options.items()  # the one (name, value): no list built
        key = (safe, option, legacy_safe, own._version)
    else:
        key = (safe, *sorted(call_options.items()), legacy_safe, own._version)
    targets = attrs.get("_legacy_write_targets")
    if targets is not None:
        try:
            entry = targets.get(key)
        except TypeError:  # unhashable option values: 2.x sent them, so do we
            key = entry = None
        if entry is not None and entry[0] is codec_options:
            return entry
    else:
        try:
            hash(key)
        except TypeError:
            key = None
    if safe is None and not call_options:
        modern = own._decision()[2]
    else:
        modern = per_call_write_concern(collection, safe, call_options)
    client = collection._database._client  # (behind PyMongo's two properties)
    entry = (codec_options, plain_collection(collection, modern), modern.acknowledged,
             client._legacy_acknowledge_writes, client._legacy_requests)
    if key is not None:
        if targets is None or len(targets) >= _TARGETS_KEPT:
            targets = collection.__dict__["_legacy_write_targets"] = {}
        targets[key] = entry
    return entry


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


class _DeferredAcknowledgement(WriteConcern):
    """``{w: 1, wtimeout: 0}`` on the wire, unacknowledged to PyMongo.

    ``w: 1`` is what 2.x's getlasterror waited for by default (a server
    default of majority would hold the socket's next operation);
    ``wtimeout: 0`` (no limit, so no change) marks the write on the wire as
    a deferred acknowledgement of a legacy w=0 write.  PyMongo takes its
    unacknowledged path (no session, no retry, no reply awaited: about
    45,000 instructions less than an acknowledged write) and builds the
    message with ``moreToCome``, which the pinned connection clears
    (``pinning.acknowledged_message``) before queuing the reply."""

    def __init__(self):
        super().__init__(w=1, wtimeout=0)

    @property
    def acknowledged(self):
        return False


_DEFERRED_UNACKNOWLEDGED = _DeferredAcknowledgement()
# insert_many: PyMongo sends an ordered unacknowledged bulk write
# acknowledged and stops at its first error, so a batched deferred write
# is acknowledged to PyMongo, which reads placeholders (pinning._DEFERRED_ACK)
# and sends every batch, as 2.x did.
_DEFERRED_ACKNOWLEDGED = WriteConcern(w=1, wtimeout=0)


def _deferred_target(collection, batched):
    """The Collection a deferred w=0 write runs on."""
    key = "_legacy_deferred_batched" if batched else "_legacy_deferred_target"
    # (class defaults of LegacyCollection: read without the __dict__ lookup)
    cached = collection._legacy_deferred_batched if batched else collection._legacy_deferred_target
    if cached is not None and cached[0] is collection._codec_options:
        return cached[1]
    target = plain_collection(
        collection, _DEFERRED_ACKNOWLEDGED if batched else _DEFERRED_UNACKNOWLEDGED)
    collection.__dict__[key] = (collection._codec_options, target)
    return target


def run_write(collection, safe, call_options, perform, unacknowledged_result=None, kind=INSERT,
              batched=False):
    """Run one legacy write with 2.x's write concern for it (the caller has
    warned about ``safe``/per-call options: :func:`write_option_codes`).

    ``perform(target)`` does the write on *target* (a PyMongo 4 Collection
    carrying the write concern this write resolves to) and returns the
    legacy result of an acknowledged write.  An unacknowledged write returns
    ``unacknowledged_result`` (2.x: the ids for inserts, None otherwise),
    also in the acknowledge mode, whatever the server said.  *kind*
    (INSERT/UPDATE/DELETE) says how the write changes the getlasterror
    record; *batched*: *perform* is an ``insert_many``.
    """
    # _write_entry's cache hit inlined (its keys, for none or one per-call
    # option): one call less per write.  Anything else - no cache yet, a
    # miss, the class defaults, unhashable option values, changed codec
    # options - is _write_entry's.
    attrs = collection.__dict__
    try:
        if not call_options:
            entry = attrs["_legacy_write_targets"][
                (safe, attrs["_legacy_safe"], attrs["_legacy_wc"]._version)]
        elif len(call_options) == 1:
            option, = call_options.items()
            entry = attrs["_legacy_write_targets"][
                (safe, option, attrs["_legacy_safe"], attrs["_legacy_wc"]._version)]
        else:
            entry = None
        if entry[0] is not attrs["_codec_options"]:
            entry = None
    except (KeyError, TypeError):
        entry = None
    if entry is None:
        entry = _write_entry(collection, safe, call_options)
    _, target, acknowledged, acknowledge_mode, requests = entry
    # The thread's state is looked up after the write: a network error on
    # another thread may have made every request forgotten meanwhile.
    if acknowledged:
        try:
            result = perform(target)
        except OperationFailure as exc:
            _record_failure(requests.thread_state(), exc)
            raise
        except InvalidDocument:
            _not_sent(requests.thread_state())
            raise
        _note_acknowledged(requests.thread_state(), kind, result)
        return result
    if acknowledge_mode:
        return _run_acknowledge_mode(collection, requests, perform, kind, unacknowledged_result)
    # requests.thread_state() inlined here and below (w=0 writes): ~800
    # instructions a call.
    state = getattr(requests._local, "state", None)
    if state is None or state.generation != requests._generation:
        state = requests.thread_state()
    if DEFERRED_REPLIES and (state.counter or requests.auto_start):
        # The thread's socket is (or is about to be) pinned: send the write
        # acknowledged and read its reply later (module docstring).
        deferred = state.deferring = DeferredWrite(kind, collection)
        try:
            result = perform(_deferred_target(collection, batched))
        except OperationFailure as exc:
            # Refused before anything was sent (2.x's server would have
            # answered the same, and kept it for getlasterror).
            _record_failure(requests.thread_state(), exc)
            return unacknowledged_result
        finally:
            state.deferring = None
        if not deferred.sent:
            state = requests.thread_state()
            if batched:
                # PyMongo read the reply itself (it bypassed the
                # connection's receive_message): the outcome is known.
                _record_reply(state, state.op_seq, kind, True,
                              result if isinstance(result, dict) else {})
            else:
                # Sent unacknowledged on a socket that is not pinned (a
                # PyMongo thread under auto_start_request): as outside a
                # request, the outcome is unknown.
                state.unknown_seq = state.op_seq
        return unacknowledged_result
    try:
        perform(target)
    except InvalidDocument:
        _not_sent(requests.thread_state())
        raise
    # The thread's state again (the write's checkout counted in it), unless
    # a network error forgot every request meanwhile: then a new one.
    if state.generation != requests._generation:
        state = requests.thread_state()
    state.unknown_seq = state.op_seq
    return unacknowledged_result


def _not_sent(state):
    """A write whose document could not be encoded took a connection but
    sent nothing (2.8 failed before taking one): its checkout is no message
    for nPrev.  On a pinned connection pinning.py has already said so."""
    if not state.counter:
        state.op_seq -= 1


def _run_acknowledge_mode(collection, requests, perform, kind, unacknowledged_result):
    # Ask for the reply the legacy caller did not want, and keep the
    # failure instead of losing it - a network error included: 2.x's w=0
    # write raised nothing there either.
    acknowledged = plain_collection(collection, _ACKNOWLEDGED_W1)
    try:
        result = perform(acknowledged)
    except OperationFailure as exc:
        _record_failure(requests.thread_state(), exc)
        _log_lost_write(collection, exc)
    except ConnectionFailure as exc:
        # After the pool's reset: the state of the thread's new socket.
        _record_network_failure(requests.thread_state(), exc)
        _log_lost_write(collection, exc)
    else:
        state = requests.thread_state()
        _record_reply(state, state.op_seq, kind, True,
                      result if isinstance(result, dict) else {})
    return unacknowledged_result


def _log_lost_write(collection, exc):
    filename, lineno = user_call_site()
    code = getattr(exc, "code", None)  # None: a network error
    entry = {
        "path": filename,
        "line": lineno,
        "namespace": collection.full_name,
        "code": code,
        "error": str(exc),
    }
    with _lost_lock:
        if len(_lost) < _MAX_KEPT:
            _lost.append(entry)
    if code is None:
        logger.error(
            "%s:%d: an unacknowledged write to %s was lost to a network error (it may or "
            "may not have been applied) and would have been lost silently under the "
            "legacy default: %s", filename, lineno, collection.full_name, exc,
        )
        return
    logger.error(
        "%s:%d: an unacknowledged write to %s failed and would have been lost "
        "silently under the legacy default: %s (code %s)",
        filename, lineno, collection.full_name, exc, code,
    )


def lost_writes():
    """The failed writes the acknowledge mode caught, oldest first."""
    with _lost_lock:
        return list(_lost)


def clear_lost_writes():
    with _lost_lock:
        del _lost[:]


def _settled_state(client):
    """The calling thread's state, with every deferred reply read."""
    requests = client._legacy_requests
    state = requests.thread_state()
    if state.counter:
        settle_thread(requests, state)
    return state


def _refusal(method):
    return InvalidOperation(
        "%s: this thread's last write was unacknowledged (w=0) and its reply never read (it "
        "was made outside a request, or this PyMongo release cannot defer replies), and "
        "MongoDB 5.1 removed getlasterror. Make the write inside "
        "client.start_request() (legacy-mongo then reads its reply without waiting), "
        "acknowledge it (w=1, or catch OperationFailure from insert_one/update_one/...), "
        "or run with LEGACY_MONGO_ACKNOWLEDGE=1." % method
    )


def getlasterror(client, method="getlasterror"):
    """The getlasterror reply for the calling thread (2.x's
    ``CmdGetLastError``: the record only if nothing was sent since it)."""
    state = _settled_state(client)
    if state.unknown_seq and state.unknown_seq == state.op_seq:
        raise _refusal(method)
    reply = {}
    record = _last_error_of(state)
    if state.op_seq != record.seq:
        reply["n"] = 0
    else:
        record.append_to(reply, False)
    reply.setdefault("err", None)
    reply["ok"] = 1.0
    return reply


def getpreverror(client, method="getpreverror"):
    """2.x's ``CmdGetPrevError``: the record, however old, with ``nPrev``."""
    state = _settled_state(client)
    record = _last_error_of(state)
    if state.unknown_seq > record.seq:
        raise _refusal(method)
    reply = {}
    record.append_to(reply, True)
    reply["nPrev"] = state.op_seq - record.seq + 1 if record.valid else -1
    reply["ok"] = 1.0
    return reply


def reset_error_history(client):
    """2.x's ``resetError``: a fresh record (nPrev 1)."""
    state = _settled_state(client)
    _last_error_of(state).reset(state.op_seq, False)
    state.unknown_seq = 0
