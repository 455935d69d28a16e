"""PyMongo 2.x requests: per-thread counters, ``Request`` objects, auto-start.

A *request* reserves, for the calling thread, one socket per server so that
the thread's unacknowledged writes and its next read travel in order
(semantics spec §3.4).  This module keeps only the bookkeeping a thread can
see: how deep it is in ``start_request()`` calls and whether its client is
connected.  The sockets themselves are held by
:class:`legacy_mongo.runtime.pinning.PinnedSocketPool`, which asks the
registry "is the current thread in a request?" at every checkout.

Thread death needs no callback here: each thread's state lives in a
``threading.local``, which CPython clears when the thread ends.  The state
object doubles as the thread's *token*; pools hold only weak references to
it and learn of its death through a queue (see pinning.py).
"""
import itertools
import random
import threading
import time
import weakref

_serials = itertools.count(1)

# PyMongo runs housekeeping (killCursors, monitoring) on its own daemon
# threads; auto_start_request must never pin a socket to one of those.
_PYMONGO_THREAD_PREFIX = "pymongo_"


class ThreadRequestState:
    """One thread's request state for one client; also its token for pools."""

    __slots__ = ("counter", "serial", "generation", "thread_name", "started",
                 "op_seq", "last_error", "pending_write", "unknown_seq", "deferring",
                 "pinned_member", "__weakref__")

    def __init__(self, generation):
        self.counter = 0
        # 2.x's getlasterror family (legacy_mongo.runtime.outcomes): the
        # number of operations this thread has started (one per checkout, as
        # a 2.x server counted messages for nPrev), its LastError record, the
        # operation number of its last write whose outcome was never read
        # (0: none), and the deferred write being sent (None: none).
        self.op_seq = 0
        self.last_error = None
        self.pending_write = None  # (op number, kind, reply): outcomes._note_acknowledged
        self.unknown_seq = 0
        self.deferring = None
        # Replica sets: the member this thread's reads stick to while it is
        # in a request (2.8's read consistency, spec §3.9).
        self.pinned_member = None
        self.serial = next(_serials)
        self.generation = generation
        self.thread_name = threading.current_thread().name
        self.started = None


class RequestRegistry:
    """Request counters of every thread of one legacy client.

    ``forget_on_reset`` reproduces 2.8's MongoClient: a network error made the
    client forget its pool, and with it every thread's request.  Replica-set
    clients (MongoReplicaSetClient) kept their requests, so they pass False.
    """

    def __init__(self, auto_start=False, forget_on_reset=True):
        self.auto_start = auto_start
        self.forget_on_reset = forget_on_reset
        self._local = threading.local()
        self._generation = 0
        self._pools = weakref.WeakSet()
        self._lock = threading.Lock()
        # 2.8's in_request() answered None while the client had no server.
        self.connected = False
        self._suppress_auto_start = threading.local()

    # -- per-thread state --------------------------------------------------
    def _state(self):
        state = getattr(self._local, "state", None)
        if state is None or state.generation != self._generation:
            # A new thread, or every request was forgotten since this
            # thread last looked: replacing the object drops the old token,
            # and pools reclaim whatever it pinned.
            state = ThreadRequestState(self._generation)
            self._local.state = state
        return state

    def counter(self):
        return self._state().counter

    def thread_state(self):
        """The calling thread's state (request depth, write outcomes)."""
        # _state() inlined: every legacy write asks, once or twice.
        state = getattr(self._local, "state", None)
        if state is None or state.generation != self._generation:
            return self._state()
        return state

    def start(self):
        state = self._state()
        if state.counter == 0:
            state.started = time.monotonic()
        state.counter += 1
        return state.counter

    def end(self):
        """Leave one level of request; at level 0 the sockets go back."""
        state = self._state()
        if state.counter == 0:
            return False
        state.counter -= 1
        if state.counter == 0:
            state.started = None
            state.pinned_member = None
            for pool in list(self._pools):
                pool.release_thread(state)
        return True

    def in_request(self):
        if self.forget_on_reset and not self.connected:
            return None
        return self._state().counter > 0

    def token_for_checkout(self):
        """The current thread's token if it must use a pinned socket, else None.

        Performs 2.8's auto-start: an operation by a thread not in a request
        enters one (counter 1) when the client has ``auto_start_request``.
        """
        # _state() inlined: this runs at every checkout.
        state = getattr(self._local, "state", None)
        if state is None or state.generation != self._generation:
            state = self._state()
        state.op_seq += 1
        if state.counter:
            return state
        if self.auto_start and not getattr(self._suppress_auto_start, "on", False):
            if threading.current_thread().name.startswith(_PYMONGO_THREAD_PREFIX):
                return None
            state.counter = 1
            state.started = time.monotonic()
            return state
        return None

    # -- client-wide events -------------------------------------------------
    def register_pool(self, pool):
        self._pools.add(pool)

    def forget_all(self):
        """Every thread's request ends (2.8 after a network error)."""
        with self._lock:
            self._generation += 1
            self.connected = False
        for pool in list(self._pools):
            pool.release_all_idle()

    def pool_reset(self, pool):
        if self.forget_on_reset:
            self.forget_all()

    def checked_out(self):
        self.connected = True

    class suppress_auto_start:
        """Operations the shim runs for itself (the constructor's probe)
        must not put the thread in a request (2.8: the initial ismaster
        left ``in_request()`` False)."""

        def __init__(self, registry):
            self._flag = registry._suppress_auto_start

        def __enter__(self):
            self._flag.on = True

        def __exit__(self, *exc):
            self._flag.on = False


class RequestMemberSelector:
    """PyMongo 4 ``server_selector``: inside a request, a thread's reads stay
    on one replica-set member (2.8's MongoReplicaSetClient pinning).

    PyMongo calls it with the members its read preference allows, before
    applying the latency window; outside a request, or when only one member
    qualifies (writes: the primary), PyMongo's own choice stands.  Otherwise
    the thread's pinned member is kept while it still qualifies, and a new
    one is drawn (within the latency window, as PyMongo would) and pinned
    when it does not - so a change of read preference re-pins, as in 2.8.
    """

    def __init__(self, registry, local_threshold_ms, user_selector=None):
        self._registry = registry
        self._threshold = local_threshold_ms / 1000.0
        self._user_selector = user_selector

    def __call__(self, descriptions):
        if self._user_selector is not None:
            descriptions = self._user_selector(descriptions)
        if len(descriptions) <= 1:
            return descriptions
        state = self._registry.thread_state()
        if not state.counter:
            return descriptions
        for description in descriptions:
            if description.address == state.pinned_member:
                return [description]
        rtts = [d.round_trip_time for d in descriptions if d.round_trip_time is not None]
        fastest = min(rtts) if rtts else 0.0
        eligible = [
            d for d in descriptions
            if d.round_trip_time is None or d.round_trip_time <= fastest + self._threshold
        ]
        choice = random.choice(eligible or descriptions)
        state.pinned_member = choice.address
        return [choice]


class Request:
    """2.8's ``pymongo.pool.Request``: ``with client.start_request():``."""

    def __init__(self, connection):
        self.connection = connection

    def end(self):
        self.connection.end_request()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.end()
        return False  # never swallow the caller's exception
