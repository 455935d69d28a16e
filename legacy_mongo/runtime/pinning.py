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
``checkin`` is a no-op, so the connection stays checked out - and keeps
counting against ``max_pool_size``, as 2.8's request sockets did.  Everything
else is PyMongo's unchanged code path.

What 2.8 got wrong and this module must not (see the start_request essay):
no ``__del__``; the only work done in a garbage-collection path is a weakref
callback putting a key on a queue; every pinned connection is in
``self._pins`` until it is checked back in, closed or forgotten after
``fork()``.
"""
import logging
import os
import queue
import threading
import time
import weakref

from pymongo.errors import WaitQueueTimeoutError
from pymongo.monitoring import ConnectionClosedReason
from pymongo.synchronous.pool import Pool

from legacy_mongo.runtime.errors import ExceededMaxWaiters

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
                 "token_ref", "reported_idle")

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


class PinnedSocketPool(Pool):
    """A PyMongo pool that can reserve a connection for a thread.

    ``_requests`` (a RequestRegistry) and ``_wait_queue_multiple`` are class
    attributes of the per-client subclass made by :func:`pool_class_for`:
    PyMongo constructs pools itself, with a fixed signature.
    """

    _requests = None
    _wait_queue_multiple = None

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
        if self._pins_epoch != _fork_epoch:
            self._forget_pins_after_fork()
        if not self._dead_tokens.empty():
            self._reclaim_dead()
        if self._idle_threshold and self._pins and time.monotonic() >= self._next_idle_check:
            self._report_idle_pins()
        requests = self._requests
        token = requests.token_for_checkout()
        if token is None:
            # _get_unpinned_conn inlined: this is every checkout outside a request.
            if self.requests >= self.max_pool_size:
                self._wait_for_free_slot()
            conn = Pool._get_conn(self, checkout_started_time, handler)
            requests.checked_out()
            return conn
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
            Pool.checkin(self, conn)
        conn = self._get_unpinned_conn(checkout_started_time, handler)
        self._pin(conn, token)
        requests.checked_out()
        return conn

    def _get_unpinned_conn(self, checkout_started_time, handler):
        if self.requests >= self.max_pool_size:
            self._wait_for_free_slot()
        return Pool._get_conn(self, checkout_started_time, handler)

    def _peer_closed(self, pin):
        """Has the server closed this idle pinned socket?  Polled, as PyMongo
        polls idle sockets, only after a second without use (2.8 did the
        same for request sockets)."""
        return (
            pin.busy == 0
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
        if not keep:
            super().checkin(conn)

    # -- pin bookkeeping -------------------------------------------------------
    def _pin(self, conn, token):
        queue_put = self._dead_tokens.put
        serial = token.serial

        def on_thread_gone(_ref, serial=serial, put=queue_put):
            # Runs inside garbage collection: queue only, never lock or I/O.
            put(serial)

        pin = Pin(conn, token, weakref.ref(token, on_thread_gone))
        pin.busy = 1
        with self._pins_lock:
            self._pins[serial] = pin
            self._pins_by_conn[id(conn)] = pin

    def _unpin_locked(self, pin):
        if self._pins.get(pin.serial) is pin:
            del self._pins[pin.serial]
        if self._pins_by_conn.get(id(pin.conn)) is pin:
            del self._pins_by_conn[id(pin.conn)]

    def _release(self, pins):
        """Check in every given pin that no operation is using right now;
        busy ones are released by their own checkin."""
        to_checkin = []
        with self._pins_lock:
            for pin in pins:
                pin.released = True
                if pin.busy == 0:
                    self._unpin_locked(pin)
                    to_checkin.append(pin.conn)
        for conn in to_checkin:
            Pool.checkin(self, conn)

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
