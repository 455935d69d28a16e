"""Socket pinning in PyMongo 4's own connection pool.

This is the only module that touches PyMongo's pool internals.  It relies on
three methods of ``pymongo.synchronous.pool.Pool`` (4.9 through 4.20):

* ``_get_conn(checkout_started_time, handler)`` - take a connection
  (acquiring a pool slot: ``requests < max_pool_size``);
* ``checkin(conn)`` - give it back (freeing the slot, closing it if it is
  stale or the pool is closed);
* ``reset(...)``/``reset_without_pause()``/``close()`` - the pool's reactions
  to network errors, ``fork()`` and ``client.close()``; ``_reset(close,
  pause, service_id, interrupt_connections)`` to clear without pausing.

A thread in a request gets its pinned connection from ``_get_conn`` and its
``checkin`` keeps it, so the connection stays checked out - and keeps
counting against ``max_pool_size``, as 2.8's request sockets did.  Everything
else is PyMongo's unchanged code path.

Connection pool (CMAP) events stay balanced: PyMongo publishes
ConnectionCheckedOut for every checkout, pinned or not, so the pinned
``checkin`` publishes ConnectionCheckedIn, and when a pin idle since its last
use is finally given back (``end_request``, a dead thread, a dead socket) a
ConnectionCheckedOut is published before PyMongo's ``checkin`` publishes its
ConnectionCheckedIn.  A monitoring gauge sees a pinned connection in use only
while an operation uses it.

Deferred replies (the getlasterror model, ``legacy_mongo.runtime.outcomes``):
a pinned connection's ``send_message`` and ``receive_message`` are replaced
on the instance.  While the owning thread sends a legacy w=0 write (its
token's ``deferring`` is set), PyMongo builds it unacknowledged (a write
concern PyMongo takes for unacknowledged: ``moreToCome``, no reply awaited);
``send_message`` clears ``moreToCome`` (:func:`acknowledged_message`) and
queues the request id on the pin.  ``insert_many``'s batches PyMongo sends
acknowledged itself: there ``receive_message`` queues the request id and
PyMongo gets a placeholder ``{ok: 1}`` (also what command monitoring sees
as that write's reply).  Queued replies are read, in order, before any other
reply on that connection, by :func:`settle_thread`, and before the
connection leaves the thread; they are read straight from the socket
(:func:`_settle`) and go to their writes as BSON bytes.  At most
``_MAX_DEFERRED`` replies wait unread.  ``Connection.send_message`` and
``receive_message`` are used by PyMongo 4.20's command runner; where a
PyMongo release bypasses them, nothing is deferred.

A pinned connection's ``_raise_connection_failure`` is replaced too: PyMongo
closes a connection on any error inside a command, also a document that
could not be encoded (nothing sent yet); 2.8 raised InvalidDocument before
touching the socket, so the pin, and the replies it holds, are kept.

What 2.8 got wrong and this module must not (see the start_request essay):
no ``__del__``; the only work done in a garbage-collection path is a weakref
callback putting a key on a queue; every pinned connection is in
``self._pins`` until it is checked back in, closed or forgotten after
``fork()``.
"""
import logging
import os
import queue
import socket
import threading
import time
import weakref

import importlib.util
import inspect
import struct

from bson.errors import InvalidDocument
from pymongo.common import MAX_MESSAGE_SIZE
from pymongo.compression_support import decompress as _pymongo_decompress
from pymongo.errors import ProtocolError, WaitQueueTimeoutError
from pymongo.monitoring import ConnectionClosedReason
from pymongo.synchronous.pool import Pool

from legacy_mongo.runtime.errors import ExceededMaxWaiters

try:  # PyMongo 4.20's structured connection logging
    from pymongo.logger import _CONNECTION_LOGGER, _is_debug_enabled
except ImportError:  # older releases: CMAP events only
    _CONNECTION_LOGGER = None

    def _is_debug_enabled(logger):
        return False

# Deferred replies need every reply read through Connection.receive_message.
# PyMongo 4.9's commands read through pymongo.synchronous.network's own
# receive_message instead: there a deferred reply would be read by the next
# command as its own, so nothing is deferred (outcomes.py then keeps w=0
# writes unacknowledged, as outside a request).
DEFERRED_REPLIES = (importlib.util.find_spec("pymongo.synchronous.network") is None
                    and importlib.util.find_spec("pymongo.synchronous.command_runner")
                    is not None)

# Bumped in a child process after fork(): a pool compares it with the value
# it saw last at every checkout (cheaper than os.getpid(), a system call).
_fork_epoch = 0


def _after_fork_in_child():
    global _fork_epoch
    _fork_epoch += 1


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)

# How long a waiter for a full pool sleeps between looks at the queue of
# dead threads' pins.  Only matters when every slot is pinned by threads that
# died without end_request(); normal check-ins wake waiters at once.
_RECLAIM_POLL_SECONDS = 0.05

# The essay's "thousands of connections": threads that keep a request (often
# through auto_start_request) and then do other things for a long time.  A
# pin idle for longer than this is reported once on this logger.
IDLE_PIN_ENV = "LEGACY_MONGO_PINNED_IDLE_SECONDS"
DEFAULT_IDLE_PIN_SECONDS = 300.0
_IDLE_CHECK_INTERVAL = 1.0
logger = logging.getLogger("legacy_mongo.requests")


def idle_pin_threshold():
    """Seconds a pinned socket may sit idle before it is reported (0: never)."""
    value = os.environ.get(IDLE_PIN_ENV)
    if value is None or value.strip() == "":
        return DEFAULT_IDLE_PIN_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(
            "%s=%r: give the number of seconds a thread may keep a pinned socket idle "
            "before legacy-mongo reports it (0 turns the report off)" % (IDLE_PIN_ENV, value)
        ) from None
    if seconds < 0:
        raise ValueError("%s must not be negative" % IDLE_PIN_ENV)
    return seconds


class Pin:
    """One thread's pinned connection on one pool."""

    __slots__ = ("conn", "serial", "thread_name", "since", "last_used", "busy", "released",
                 "token_ref", "reported_idle", "deferred", "receive")

    def __init__(self, conn, token, token_ref):
        self.conn = conn
        self.serial = token.serial
        self.thread_name = token.thread_name
        self.since = time.monotonic()
        self.last_used = self.since
        self.busy = 0
        self.released = False
        self.token_ref = token_ref
        self.reported_idle = False
        # Replies not read yet: (request id, deferred write, op number).
        self.deferred = []
        self.receive = conn.receive_message  # PyMongo's own (bound) method


# Unread replies a pin may hold.  Beyond this the older half is read (it
# has almost always arrived): a thread writing without ever reading must not
# let replies fill its socket's receive buffer, or the server would stop
# reading its writes and both sides would wait for ever.  64 replies of at
# most a few hundred bytes stay far below any socket buffer.
_MAX_DEFERRED = 64
_KEEP_WHEN_FULL = _MAX_DEFERRED // 2


def decompress(data, compressor_id, max_size):
    """PyMongo's decompress (its size limit argument is newer than 4.9)."""
    if _DECOMPRESS_TAKES_LIMIT:
        return _pymongo_decompress(data, compressor_id, max_size)
    return _pymongo_decompress(data, compressor_id)


_DECOMPRESS_TAKES_LIMIT = len(inspect.signature(_pymongo_decompress).parameters) >= 3
_HEADER = struct.Struct("<iiii")        # messageLength, requestID, responseTo, opCode
_HEADER_AND_FLAGS = struct.Struct("<iiiiI")  # ... and an OP_MSG's flagBits
_COMPRESSION = struct.Struct("<iiB")    # OP_COMPRESSED: originalOpcode, size, compressor
_MSG_BODY = struct.Struct("<IBi")       # OP_MSG: flagBits, section kind, document length
_OP_MSG, _OP_COMPRESSED = 2013, 2012
_CHECKSUM_PRESENT, _MORE_TO_COME = 1, 2
_MSG_PEEK = getattr(socket, "MSG_PEEK", None)


def acknowledged_message(message):
    """``(request id, message)``: the OP_MSG *message* PyMongo built for an
    unacknowledged write (``moreToCome``), made acknowledged; None if
    *message* is acknowledged already.  A compressed message is sent
    uncompressed (the server answers it uncompressed)."""
    _, request_id, _, op_code, flags = _HEADER_AND_FLAGS.unpack_from(message)
    if op_code == _OP_COMPRESSED:
        op_code, _, compressor_id = _COMPRESSION.unpack_from(message, 16)
        body = decompress(memoryview(message)[25:], compressor_id, MAX_MESSAGE_SIZE)
        message = _HEADER.pack(16 + len(body), request_id, 0, op_code) + body
        flags = _MSG_BODY.unpack_from(message, 16)[0]
    if op_code != _OP_MSG or not flags & _MORE_TO_COME:
        return None
    message = bytearray(message)
    message[16] = flags & ~_MORE_TO_COME & 0xFF  # flagBits, little-endian: bit 1 is in byte 16
    return request_id, message


class _DeferredAck:
    """What PyMongo reads in place of a deferred write's reply (a write
    PyMongo itself sends acknowledged: ``insert_many``'s batches)."""

    __slots__ = ()
    more_to_come = False

    def unpack_response(self, *args, **kwargs):
        return [{"ok": 1, "n": 0, "nModified": 0}]


_DEFERRED_ACK = _DeferredAck()


def _deferring_send(pin):
    """The pinned connection's ``send_message``: while the owning thread
    sends a legacy w=0 write (its token's ``deferring`` is set) that PyMongo
    built unacknowledged (``moreToCome``: it will not wait), the message goes
    out acknowledged and its request id is queued on the pin."""
    send = pin.conn.send_message  # PyMongo's own (bound) method
    deferred = pin.deferred

    def send_message(message, max_doc_size):
        token = pin.token_ref()
        write = token.deferring if token is not None else None
        acknowledged = acknowledged_message(message) if write is not None else None
        if acknowledged is None:
            return send(message, max_doc_size)
        if len(deferred) >= _MAX_DEFERRED:
            _settle(pin, token, raise_errors=True, keep=_KEEP_WHEN_FULL)
        request_id, message = acknowledged
        send(message, max_doc_size)
        write.sent += 1
        deferred.append((request_id, write, token.op_seq))

    return send_message


def _deferring_receive(pin):
    """The pinned connection's ``receive_message``: queued replies first;
    the reply of a deferred write PyMongo sent acknowledged is queued and
    PyMongo gets a placeholder."""
    receive = pin.receive
    deferred = pin.deferred

    def receive_message(request_id):
        token = pin.token_ref()
        if token is not None:
            write = token.deferring
            if write is not None and request_id is not None:
                if len(deferred) >= _MAX_DEFERRED:
                    _settle(pin, token, raise_errors=True, keep=_KEEP_WHEN_FULL)
                write.sent += 1
                deferred.append((request_id, write, token.op_seq))
                return _DEFERRED_ACK
        if deferred:
            _settle(pin, token, raise_errors=True)
        return receive(request_id)

    return receive_message


def _fill(recv_into, buffer, got):
    """Fill the rest of *buffer* from a socket (blocking, with the socket's
    timeout); *got* bytes are there already."""
    view = memoryview(buffer)
    wanted = len(buffer)
    while got < wanted:
        received = recv_into(view[got:])
        if not received:
            raise OSError("connection closed")
        got += received


# How much a look at a socket's buffered replies takes in (MSG_PEEK).
_PEEK_BYTES = 65536


def _settle_buffered(sock, token, batch, max_size):
    """Read and settle, with one ``recv``, the leading replies of *batch*
    that are complete in a plain TCP socket's buffer; a look (MSG_PEEK)
    finds where they end, so nothing beyond them is taken.  A batch of
    inserts that all succeeded is told from the bytes read (headers
    included: a pattern the headers happened to hold would only send the
    batch to the decoder); otherwise each reply is taken apart.  Returns how
    many were settled; anything unusual is left to the exact path."""
    peeked = sock.recv(_PEEK_BYTES, _MSG_PEEK)  # waits for a byte, with the timeout
    size = len(peeked)
    end = settled = 0
    for request_id, _, _ in batch:
        if end + 16 > size:
            break
        length, _, response_to, op_code = _HEADER.unpack_from(peeked, end)
        if (response_to != request_id or op_code != _OP_MSG or length <= 21
                or length > max_size or end + length > size):
            break
        end += length
        settled += 1
    if not settled:
        return 0
    data = bytearray(end)
    _fill(sock.recv_into, data, 0)
    done = batch[:settled]
    write_type = done[0][1]
    if write_type.all_succeeded(done, data):
        return settled
    documents = []
    at = 0
    for _ in done:
        length = _HEADER.unpack_from(data, at)[0]
        flags, kind, doc_length = _MSG_BODY.unpack_from(data, at + 16)
        if kind != 0 or flags & ~_CHECKSUM_PRESENT or 21 + doc_length > length:
            raise ProtocolError("Unexpected reply to a deferred write (flags %d)" % flags)
        documents.append(memoryview(data)[at + 21:at + 21 + doc_length])
        at += length
    write_type.settle_replies(token, done, documents)
    return settled


def _settle(pin, token, raise_errors, keep=0):
    """Read the pin's queued replies, in order, until *keep* are left, and
    hand them to the writes' ``settle_replies`` (as BSON bytes: a reply is
    decoded only if it may change the thread's getlasterror record;
    ``outcomes.DeferredWrite``).

    The replies are read straight from the socket: PyMongo's
    ``receive_message`` costs ~50,000 instructions a reply in its Python
    layers (benchmarks/README.md), and a deferred reply is a few dozen bytes
    that has almost always arrived.  On a plain TCP socket those already
    buffered are read at once (:func:`_settle_buffered`); the others (and
    all of them under TLS) one by one, each read taking the next reply's
    header along (n replies, n + 1 reads).  Never a byte beyond the last
    one: the reply PyMongo waits for may follow.

    A network error (the connection is closed, as PyMongo's
    ``receive_message`` does) loses every reply still queued; it is raised
    only if *raise_errors* (a reply the caller waits for comes next) or it is
    not an Exception."""
    deferred = pin.deferred
    count = len(deferred) - keep
    if count <= 0:
        return
    batch = deferred[:count]
    del deferred[:count]
    conn = pin.conn
    sock = conn.conn
    sock = getattr(sock, "get_conn", sock)  # 4.20: a NetworkingInterface
    recv_into = sock.recv_into
    max_size = conn.max_message_size
    replies = []
    try:
        if _MSG_PEEK is not None and sock.__class__ is socket.socket:
            settled = _settle_buffered(sock, token, batch, max_size)
            if settled:
                batch = batch[settled:]
                count -= settled
                if not count:
                    return
        last = count - 1
        header, at = bytearray(16), 0
        _fill(recv_into, header, 0)
        for index, (request_id, _, _) in enumerate(batch):
            length, _, response_to, op_code = _HEADER.unpack_from(header, at)
            if response_to != request_id:
                raise ProtocolError("Got response id %r but expected %r"
                                    % (response_to, request_id))
            if length <= 21 or length > max_size:
                raise ProtocolError("Message length (%r) is invalid" % (length,))
            body_length = length - 16
            data = bytearray(body_length + 16 if index < last else body_length)
            got = recv_into(data)
            if got < len(data):
                _fill(recv_into, data, got)
            header, at = data, body_length
            if op_code == _OP_COMPRESSED:
                op_code, _, compressor_id = _COMPRESSION.unpack_from(data)
                data = decompress(memoryview(data)[9:body_length], compressor_id, max_size)
                body_length = len(data)
            flags, kind, doc_length = _MSG_BODY.unpack_from(data)
            if op_code != _OP_MSG or kind != 0 or flags & ~_CHECKSUM_PRESENT \
                    or 5 + doc_length > body_length:
                raise ProtocolError("Unexpected reply to a deferred write (opcode %d, "
                                    "flags %d)" % (op_code, flags))
            replies.append(memoryview(data)[5:5 + doc_length])
    except BaseException as exc:
        try:
            conn._raise_connection_failure(exc)  # closes it, as PyMongo's would
        except BaseException as raised:
            exc = raised
        read = len(replies)
        if read:
            batch[0][1].settle_replies(token, batch[:read], replies)
        lost = batch[read:] + deferred
        del deferred[:]
        for _, lost_write, lost_seq in lost:
            lost_write.settle(token, lost_seq, exc)
        if raise_errors or not isinstance(exc, Exception):
            raise exc
        return
    batch[0][1].settle_replies(token, batch, replies)


def _keep_on_encoding_errors(conn, pin):
    """The pinned connection's ``_raise_connection_failure``.  PyMongo
    closes a connection on any exception in a command, also when a document
    could not be encoded - before anything was sent.  2.8 raised
    InvalidDocument (DocumentTooLarge is one) before using the socket, and
    the thread's request socket survived: so does the pin."""
    raise_failure = conn._raise_connection_failure

    def _raise_connection_failure(error):
        if isinstance(error, InvalidDocument):
            token = pin.token_ref()
            if token is not None:
                token.op_seq -= 1  # never sent: no message for getlasterror's nPrev
            raise error
        raise_failure(error)

    return _raise_connection_failure


def _publish_checked_in(pool, conn):
    telemetry = getattr(pool, "_telemetry", None)
    if telemetry is not None:  # PyMongo 4.20
        if telemetry._should_publish or (telemetry._log and _is_debug_enabled(_CONNECTION_LOGGER)):
            telemetry.checked_in(conn.id)
        return
    if getattr(pool, "enabled_for_cmap", False):
        pool.opts._event_listeners.publish_connection_checked_in(pool.address, conn.id)


def _publish_checked_out(pool, conn):
    telemetry = getattr(pool, "_telemetry", None)
    if telemetry is not None:  # PyMongo 4.20
        if telemetry._should_publish or (telemetry._log and _is_debug_enabled(_CONNECTION_LOGGER)):
            telemetry.checkout_succeeded(conn.id, telemetry.checkout_started())
        return
    if getattr(pool, "enabled_for_cmap", False):
        listeners = pool.opts._event_listeners
        listeners.publish_connection_check_out_started(pool.address)
        try:
            listeners.publish_connection_checked_out(pool.address, conn.id, 0.0)
        except TypeError:  # releases before checkout durations
            listeners.publish_connection_checked_out(pool.address, conn.id)


class PinnedSocketPool(Pool):
    """A PyMongo pool that can reserve a connection for a thread.

    ``_requests`` (a RequestRegistry) and ``_wait_queue_multiple`` are class
    attributes of the per-client subclass made by :func:`pool_class_for`:
    PyMongo constructs pools itself, with a fixed signature.
    """

    _requests = None
    _wait_queue_multiple = None
    # Slots, not instance attributes: PyMongo's Pool already has ~25, and
    # past 30 CPython (3.11+) stops sharing the instance dict's keys, which
    # turns every attribute access on the pool - PyMongo's own checkout and
    # checkin included - into a slow one (~10,000 instructions a checkout).
    __slots__ = ("_monitor_pool", "_pins", "_pins_by_conn", "_pins_lock", "_pins_epoch",
                 "_dead_tokens", "_waiters", "_idle_threshold", "_next_idle_check")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Monitor (heartbeat) pools never pin: 4.20 marks them is_sdam=True,
        # 4.9 built them with handshake=False.
        if hasattr(self, "is_sdam"):
            self._monitor_pool = bool(self.is_sdam)
        else:
            self._monitor_pool = not self.handshake
        self._pins = {}            # token serial -> Pin
        self._pins_by_conn = {}    # id(conn) -> Pin
        self._pins_lock = threading.Lock()
        self._pins_epoch = _fork_epoch
        self._dead_tokens = queue.SimpleQueue()
        self._waiters = 0
        self._idle_threshold = idle_pin_threshold()
        self._next_idle_check = time.monotonic() + _IDLE_CHECK_INTERVAL
        if not self._monitor_pool and self._requests is not None:
            self._requests.register_pool(self)

    # -- checkout ------------------------------------------------------------
    def _get_conn(self, checkout_started_time, handler=None):
        if self._monitor_pool:
            return super()._get_conn(checkout_started_time, handler)
        if self._pins:
            # Forked, dead threads' pins, idle pins: looked at only while
            # there are pins (a thread's first pin brings the first two up
            # to date: _before_first_pin).
            if self._pins_epoch != _fork_epoch:
                self._forget_pins_after_fork()
            if not self._dead_tokens.empty():
                self._reclaim_dead()
            if self._idle_threshold and time.monotonic() >= self._next_idle_check:
                self._report_idle_pins()
        requests = self._requests
        # RequestRegistry.token_for_checkout's common case inlined (a thread
        # outside a request, no auto_start_request): the checkout counted for
        # getlasterror's nPrev without two more Python calls.
        state = getattr(requests._local, "state", None)
        if (state is not None and not state.counter and not requests.auto_start
                and state.generation == requests._generation):
            state.op_seq += 1
            token = None
        else:
            token = requests.token_for_checkout()
        if token is None:
            # _get_unpinned_conn inlined: this is every checkout outside a request.
            if self.requests >= self.max_pool_size:
                self._wait_for_free_slot()
            conn = Pool._get_conn(self, checkout_started_time, handler)
            if not requests.connected:
                requests.checked_out()
            return conn
        if not self._pins:
            self._before_first_pin()
        peeked = self._pins.get(token.serial)
        if peeked is not None and self._peer_closed(peeked):
            self._discard_dead_pin(peeked)
        with self._pins_lock:
            pin = self._pins.get(token.serial)
            if pin is not None:
                conn = pin.conn
                if not (conn.closed or self.stale_generation(conn.generation, conn.service_id)):
                    pin.busy += 1
                    pin.reported_idle = False
                    return conn
                # 2.8 replaced a dead request socket silently; the request
                # goes on with a new one.
                self._unpin_locked(pin)
        if pin is not None:
            self._checkin_idle_pin(conn)
        conn = self._get_unpinned_conn(checkout_started_time, handler)
        self._pin(conn, token)
        requests.checked_out()
        return conn

    def _before_first_pin(self):
        """_get_conn's fork and dead-thread checks, skipped while the pool
        has no pins: brought up to date before it gets one (a pin made in a
        forked child must not be taken for one of the parent's)."""
        if self._pins_epoch != _fork_epoch:
            self._forget_pins_after_fork()
        if not self._dead_tokens.empty():
            self._reclaim_dead()

    def _get_unpinned_conn(self, checkout_started_time, handler):
        if self.requests >= self.max_pool_size:
            self._wait_for_free_slot()
        return Pool._get_conn(self, checkout_started_time, handler)

    def _peer_closed(self, pin):
        """Has the server closed this idle pinned socket?  Polled, as PyMongo
        polls idle sockets, only after a second without use (2.8 did the
        same for request sockets)."""
        # Queued replies make the socket readable, which is what PyMongo's
        # check takes for closed; reading them will tell.
        return (
            pin.busy == 0
            and not pin.deferred
            and time.monotonic() - pin.last_used > self._check_interval_seconds
            and pin.conn.conn_closed()
        )

    def _discard_dead_pin(self, pin):
        # 2.8 replaced a dead request socket silently: unpin it, free its
        # slot; the caller pins a fresh connection and the request goes on.
        with self._pins_lock:
            if self._pins.get(pin.serial) is not pin or pin.busy or pin.released:
                return
            self._unpin_locked(pin)
        _publish_checked_out(self, pin.conn)
        pin.conn.close_conn(ConnectionClosedReason.ERROR)
        Pool.checkin(self, pin.conn)

    def _wait_for_free_slot(self):
        """Wait, as 2.8 did, for a pool slot, reclaiming dead threads' pins.

        PyMongo's own wait cannot see a dead thread's pin (nothing checks it
        in), so while the pool is full we poll the reclaim queue.  2.8's
        ``waitQueueMultiple`` (gone from PyMongo 4) is enforced here.
        """
        timeout = self.opts.wait_queue_timeout
        deadline = None if timeout is None else time.monotonic() + timeout
        multiple = self._wait_queue_multiple
        with self.size_cond:
            if multiple is not None and self.max_pool_size != float("inf"):
                if self._waiters >= self.max_pool_size * multiple:
                    raise ExceededMaxWaiters(
                        "Too many threads are already waiting for a socket: "
                        "max_pool_size %d x waitQueueMultiple %d"
                        % (self.max_pool_size, multiple)
                    )
            self._waiters += 1
        try:
            while True:
                if not self._dead_tokens.empty():
                    self._reclaim_dead()
                with self.size_cond:
                    if self.requests < self.max_pool_size or self.closed:
                        return
                    wait = _RECLAIM_POLL_SECONDS
                    if deadline is not None:
                        remaining = deadline - time.monotonic()
                        if remaining <= 0:
                            raise WaitQueueTimeoutError(
                                "Timed out waiting for socket from pool with max_size %r "
                                "and wait_queue_timeout %r" % (self.max_pool_size, timeout)
                            )
                        wait = min(wait, remaining)
                    self.size_cond.wait(wait)
        finally:
            with self.size_cond:
                self._waiters -= 1

    # -- checkin -------------------------------------------------------------
    def checkin(self, conn):
        pins_by_conn = self._pins_by_conn
        pin = pins_by_conn.get(id(conn)) if pins_by_conn else None
        if pin is None or pin.conn is not conn:
            return Pool.checkin(self, conn)
        with self._pins_lock:
            pin.busy -= 1
            pin.last_used = time.monotonic()
            keep = not (pin.released or conn.closed) or pin.busy > 0
            if not keep:
                self._unpin_locked(pin)
        if keep:
            _publish_checked_in(self, conn)
            return
        if pin.deferred:
            _settle(pin, pin.token_ref(), raise_errors=False)
        super().checkin(conn)

    def _checkin_idle_pin(self, pin_or_conn):
        """Give back a pinned connection that no operation uses: its last
        use already published ConnectionCheckedIn (module docstring)."""
        if isinstance(pin_or_conn, Pin):
            if pin_or_conn.deferred:
                _settle(pin_or_conn, pin_or_conn.token_ref(), raise_errors=False)
            conn = pin_or_conn.conn
        else:
            conn = pin_or_conn
        _publish_checked_out(self, conn)
        Pool.checkin(self, conn)

    def settle_thread(self, token):
        """Read the thread's queued replies here (it asks for its writes'
        outcome).  The pin counts as busy meanwhile, so a release from
        another thread waits for this one to finish reading."""
        with self._pins_lock:
            pin = self._pins.get(token.serial)
            if pin is None or not pin.deferred or pin.busy or pin.released:
                return
            pin.busy += 1
        try:
            _settle(pin, token, raise_errors=False)
        finally:
            with self._pins_lock:
                pin.busy -= 1
                done = pin.released and pin.busy == 0
                if done:
                    self._unpin_locked(pin)
            if done:
                self._checkin_idle_pin(pin)

    # -- pin bookkeeping -------------------------------------------------------
    def _pin(self, conn, token):
        queue_put = self._dead_tokens.put
        serial = token.serial

        def on_thread_gone(_ref, serial=serial, put=queue_put):
            # Runs inside garbage collection: queue only, never lock or I/O.
            put(serial)

        pin = Pin(conn, token, weakref.ref(token, on_thread_gone))
        pin.busy = 1
        if DEFERRED_REPLIES:
            conn.receive_message = _deferring_receive(pin)
            conn.send_message = _deferring_send(pin)
        conn._raise_connection_failure = _keep_on_encoding_errors(conn, pin)
        with self._pins_lock:
            self._pins[serial] = pin
            self._pins_by_conn[id(conn)] = pin

    def _unpin_locked(self, pin):
        if self._pins.get(pin.serial) is pin:
            del self._pins[pin.serial]
        if self._pins_by_conn.get(id(pin.conn)) is pin:
            del self._pins_by_conn[id(pin.conn)]
        pin.conn.__dict__.pop("receive_message", None)
        pin.conn.__dict__.pop("send_message", None)
        pin.conn.__dict__.pop("_raise_connection_failure", None)

    def _release(self, pins):
        """Check in every given pin that no operation is using right now;
        busy ones are released by their own checkin."""
        to_checkin = []
        with self._pins_lock:
            for pin in pins:
                pin.released = True
                if pin.busy == 0:
                    self._unpin_locked(pin)
                    to_checkin.append(pin)
        for pin in to_checkin:
            self._checkin_idle_pin(pin)

    def release_thread(self, token):
        """end_request(): the thread's socket goes back to the idle set."""
        pin = self._pins.get(token.serial)
        if pin is not None:
            self._release([pin])

    def release_all_idle(self):
        """Every request was forgotten: give back every pin not in use."""
        with self._pins_lock:
            pins = list(self._pins.values())
        self._release(pins)

    def _reclaim_dead(self):
        serials = []
        while True:
            try:
                serials.append(self._dead_tokens.get_nowait())
            except queue.Empty:
                break
        with self._pins_lock:
            pins = [self._pins[s] for s in serials if s in self._pins]
        self._release(pins)

    def _forget_pins_after_fork(self):
        # The child must never use (or check in) a socket pinned in the
        # parent: PyMongo resets the pool's counters for the new pid, so
        # the parent's connections are simply forgotten here.
        with self._pins_lock:
            self._pins.clear()
            self._pins_by_conn.clear()
            self._pins_epoch = _fork_epoch
        self._dead_tokens = queue.SimpleQueue()

    # -- pool-wide events --------------------------------------------------
    def reset(self, service_id=None, interrupt_connections=False):
        if self._monitor_pool:
            return super().reset(service_id, interrupt_connections)
        # PyMongo 4 pauses a cleared pool until the next heartbeat, failing
        # every other thread's checkout meanwhile; 2.8 raised only in the
        # thread whose operation hit the network error, and the others went
        # on with new sockets (spec §3.7).  So clear without pausing.
        self._reset(close=False, pause=False, service_id=service_id,
                    interrupt_connections=interrupt_connections)
        if self._requests is not None:
            self._requests.pool_reset(self)

    def close(self):
        super().close()
        with self._pins_lock:
            pins = list(self._pins.values())
        self._release(pins)

    # -- diagnostics --------------------------------------------------------
    def _report_idle_pins(self):
        now = time.monotonic()
        self._next_idle_check = now + _IDLE_CHECK_INTERVAL
        with self._pins_lock:
            stale = [
                pin for pin in self._pins.values()
                if not pin.busy and not pin.reported_idle
                and now - pin.last_used > self._idle_threshold
            ]
            for pin in stale:
                pin.reported_idle = True
        for pin in stale:
            logger.warning(
                "thread %r has kept a pinned socket to %s:%s idle for %.0f s (pinned %.0f s "
                "ago): end its request with end_request() when it is done with MongoDB, or "
                "drop requests altogether (MIGRATION.md#lm201, #lm204)",
                pin.thread_name, self.address[0], self.address[1],
                now - pin.last_used, now - pin.since,
            )

    def pinned_sockets(self):
        """Which threads hold a pinned socket here, since when, idle since."""
        if not self._dead_tokens.empty():
            self._reclaim_dead()  # a report never lists a dead thread
        now = time.monotonic()
        with self._pins_lock:
            return [
                {
                    "thread": pin.thread_name,
                    "address": self.address,
                    "pinned_seconds": now - pin.since,
                    "idle_seconds": 0.0 if pin.busy else now - pin.last_used,
                    "in_use": pin.busy > 0,
                }
                for pin in self._pins.values()
            ]

    def pinned_count(self):
        if not self._dead_tokens.empty():
            self._reclaim_dead()
        return len(self._pins)


def pool_class_for(registry, wait_queue_multiple=None):
    """A PinnedSocketPool subclass bound to one client's request registry."""
    return type(
        "PinnedSocketPool",
        (PinnedSocketPool,),
        {
            "_requests": registry,
            "_wait_queue_multiple": wait_queue_multiple,
            "__module__": __name__,
            "__qualname__": "PinnedSocketPool",
        },
    )


def settle_thread(registry, token):
    """Read every reply still queued for the thread *token* of the client
    whose request registry is *registry*, and hand each to its write."""
    for pool in list(registry._pools):
        if token.serial in pool._pins:
            pool.settle_thread(token)
