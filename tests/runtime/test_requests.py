"""Requests (socket pinning), observed on the wire: spec §3.4, §3.5, §3.12.

Every claim "the same socket" is checked with the client port the test server
records for each request (``Record.client_port``).  A single thread outside a
request would also reuse one socket (PyMongo's idle connections are a LIFO
stack), so each such check is made while *another* thread holds a socket
(``SocketHolder``: a find the server answers late).  Without pinning, that
other thread would take the request's socket from the top of the idle stack
and the request's next operation would arrive on a different port.

Pool internals are read only through the shim's own objects:
``client._legacy_requests`` (the RequestRegistry) and the PinnedSocketPool
instances it registers (``pool.requests`` = checked-out slots,
``pool.conns`` = idle connections, ``pool.pinned_count()``).
"""
import threading
import time

import pytest
from pymongo.errors import DuplicateKeyError
from pymongo.monitoring import ConnectionPoolListener

import legacy_mongo
from legacy_mongo import Connection, MongoClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

from tests.runtime.conftest import HOST
from tests.runtime.support import Threads, wait_for
GUARD_SECONDS = 60


# -- guards and helpers ----------------------------------------------------------
def pools(client):
    return list(client._legacy_requests._pools)


def the_pool(client):
    found = [p for p in pools(client) if not p.closed]
    assert len(found) == 1, found
    return found[0]


def ports(server, collection, ops=None):
    """Client ports of the application requests on `collection`, in order."""
    return [r.client_port for r in server.log(app_only=True)
            if r.collection == collection and (ops is None or r.op in ops)]


class SocketHolder:
    """Another thread runs one find on `collection` that the server answers
    only after `seconds`; inside the ``with`` block that thread holds the
    socket it checked out, and ``port`` is that socket's client port."""

    def __init__(self, client, server, collection="holder", seconds=0.3):
        self.client, self.server = client, server
        self.collection, self.seconds = collection, seconds
        self.port = None

    def __enter__(self):
        arrived = threading.Event()
        name = self.collection

        def match(record):
            if record.collection == name:
                arrived.set()
                return True
            return False

        self.rule = self.server.delay(self.seconds, command=match, times=1)
        self.threads = Threads()

        def hold():
            self.client.db[name].find_one()
            self.client.end_request()  # harmless when not in a request

        self.threads.start(hold, name="holder")
        assert arrived.wait(10), "holder's find never reached the server"
        self.port = ports(self.server, name)[-1]
        return self

    def __exit__(self, *exc):
        self.threads.join()
        self.rule.cancel()
        return False


# -- §3.4: the request state machine ------------------------------------------------
def test_start_request_counts_and_binds_the_socket_lazily(server, legacy):
    client = legacy(MongoClient)
    registry = client._legacy_requests
    pool = the_pool(client)
    assert client.in_request() is False
    opened = server.connections_opened

    request = client.start_request()
    assert isinstance(request, legacy_mongo.Request)
    assert request.connection is client
    assert client.in_request() is True
    assert registry.counter() == 1
    # No socket yet: nothing pinned, nothing opened, nothing checked out.
    assert pool.pinned_count() == 0
    assert client.pinned_sockets() == []
    assert pool.requests == 0
    assert server.connections_opened == opened

    client.db.sm.insert({"_id": 1})
    assert pool.pinned_count() == 1
    assert pool.requests == 1  # the pinned socket stays checked out
    [pinned] = client.pinned_sockets()
    assert pinned["thread"] == threading.current_thread().name
    client.end_request()


def test_every_operation_in_a_request_uses_one_socket(server, legacy):
    client = legacy(MongoClient)
    coll = client.db.sm
    with client.start_request():
        coll.insert({"_id": 1})
        [port] = ports(server, "sm")
        with SocketHolder(client, server) as holder:
            # The other thread could not take the request's socket...
            assert holder.port != port
            # ...and every kind of operation in the request goes over it.
            coll.find_one({"_id": 1})
            coll.update({"_id": 1}, {"$set": {"a": 1}})
            coll.insert({"_id": 2}, w=0)
            assert coll.count() == 2
            assert list(coll.find()) == [{"_id": 1, "a": 1}, {"_id": 2}]
            coll.remove({"_id": 2})
        assert set(ports(server, "sm")) == {port}


def test_without_a_request_the_next_operation_may_change_socket(server, legacy):
    """The control for the test above: the holder does move a thread that is
    not in a request off its socket (so that test can fail)."""
    client = legacy(MongoClient)
    coll = client.db.sm
    coll.insert({"_id": 1})
    [port] = ports(server, "sm")
    with SocketHolder(client, server) as holder:
        assert holder.port == port  # top of the idle stack
        coll.find_one()
    assert ports(server, "sm")[-1] != port


def test_nested_requests_keep_the_socket_until_the_outermost_end(server, legacy):
    client = legacy(MongoClient)
    registry = client._legacy_requests
    pool = the_pool(client)
    coll = client.db.sm

    client.start_request()
    coll.find_one()
    [port] = set(ports(server, "sm"))
    client.start_request()
    assert registry.counter() == 2
    coll.find_one()
    client.end_request()  # depth 2 -> 1: still in the request, same socket
    assert client.in_request() is True
    assert registry.counter() == 1
    assert pool.pinned_count() == 1
    with SocketHolder(client, server) as holder:
        assert holder.port != port  # still reserved for this thread
        coll.find_one()
    assert set(ports(server, "sm")) == {port}

    client.end_request()  # depth 1 -> 0: the socket goes back to the idle set
    assert client.in_request() is False
    assert registry.counter() == 0
    assert pool.pinned_count() == 0
    assert pool.requests == 0
    assert client.pinned_sockets() == []
    with SocketHolder(client, server) as holder:
        assert holder.port == port  # another thread gets it at once (LIFO)


def test_extra_end_request_is_a_no_op(server, legacy):
    client = legacy(MongoClient)
    registry = client._legacy_requests
    client.end_request()
    client.end_request()
    assert client.in_request() is False
    assert registry.counter() == 0
    # The counter did not go negative: one start is undone by one end.
    client.start_request()
    client.db.sm.find_one()
    client.end_request()
    assert client.in_request() is False
    assert the_pool(client).pinned_count() == 0
    client.end_request()
    assert registry.counter() == 0


def test_request_context_manager(server, legacy):
    client = legacy(MongoClient)
    with client.start_request() as request:
        assert isinstance(request, legacy_mongo.Request)
        assert request.connection is client
        assert client.in_request() is True
        client.db.sm.find_one()
        assert the_pool(client).pinned_count() == 1
    assert client.in_request() is False
    assert the_pool(client).pinned_count() == 0

    # __exit__ ends the request and does not swallow the exception.
    with pytest.raises(ZeroDivisionError):
        with client.start_request():
            client.db.sm.find_one()
            1 / 0
    assert client.in_request() is False
    assert the_pool(client).pinned_count() == 0

    # Calling __exit__ directly ends it too (2.8's test_with_start_request).
    request = client.start_request()
    assert request.__exit__(None, None, None) is False
    assert client.in_request() is False

    # Nested with-blocks nest by counter.
    with client.start_request():
        client.db.sm.find_one()
        with client.start_request():
            assert client._legacy_requests.counter() == 2
        assert client.in_request() is True
        assert the_pool(client).pinned_count() == 1
    assert client.in_request() is False


def test_in_request_is_none_before_the_client_is_connected(server):
    client = MongoClient(HOST, server.port, _connect=False)
    try:
        assert client.in_request() is None
        client.db.sm.find_one()
        assert client.in_request() is False
    finally:
        client.close()


def test_start_request_connects_a_lazy_client(server):
    """§3.4: start_request() connects if not connected, so in_request() is
    True right after it (not None)."""
    client = MongoClient(HOST, server.port, _connect=False)
    try:
        client.start_request()
        assert client.in_request() is True
        client.end_request()
        assert client.in_request() is False
    finally:
        client.close()


def test_requests_are_per_thread(server, legacy):
    client = legacy(MongoClient)
    client.start_request()
    client.db.main.find_one()
    [main_port] = set(ports(server, "main"))
    seen = {}

    def other():
        seen["before"] = client.in_request()
        client.db.other.find_one()
        seen["after"] = client.in_request()
        client.end_request()  # harmless: not in a request

    threads = Threads()
    threads.start(other)
    threads.join()
    assert seen == {"before": False, "after": False}
    assert ports(server, "other") != [main_port]
    assert client.in_request() is True
    assert the_pool(client).pinned_count() == 1
    client.end_request()


def test_a_request_ending_on_one_thread_leaves_another_threads_request(server, legacy):
    # One thread leaving its request must not make another thread's
    # operations leave their pinned socket (a shortcut that skips the
    # thread-local lookup while "no thread is in a request" would).
    client = legacy(MongoClient)
    pinned, main_done, seen = threading.Event(), threading.Event(), {}

    def other():
        client.start_request()
        client.db.other.find_one()
        pinned.set()
        assert main_done.wait(10)
        client.db.other.find_one()
        seen["in_request"] = client.in_request()
        client.end_request()

    threads = Threads()
    threads.start(other)
    assert pinned.wait(10)
    with client.start_request():
        client.db.main.find_one()
    main_done.set()
    threads.join()
    assert seen == {"in_request": True}
    first, second = ports(server, "other")
    assert first == second  # the pinned socket, not the next idle one


def test_server_errors_leave_the_request_and_its_socket(server, legacy):
    """§3.7: OperationFailure (here a duplicate key) is not a network error:
    the thread stays in its request, on the same socket."""
    client = legacy(MongoClient)
    coll = client.db.dup
    with client.start_request():
        coll.insert({"_id": 1})
        [port] = set(ports(server, "dup"))
        with pytest.raises(DuplicateKeyError):
            coll.insert({"_id": 1})
        assert client.in_request() is True
        assert the_pool(client).pinned_count() == 1
        with SocketHolder(client, server) as holder:
            assert holder.port != port
            assert coll.find_one() == {"_id": 1}
        assert set(ports(server, "dup")) == {port}


@pytest.mark.parametrize("cls,after", [
    pytest.param(MongoClient, False, id="MongoClient"),
    pytest.param(Connection, True, id="Connection"),
])
def test_disconnect_ends_every_request(server, legacy, cls, after):
    """§3.7 / Appendix B: after disconnect() inside a request in_request()
    is None; after the next operation False (MongoClient) or True again
    (auto-start), on a new socket."""
    client = legacy(cls)
    client.start_request()
    client.db.dis.find_one()
    [port] = set(ports(server, "dis"))
    client.disconnect()
    assert client.in_request() is None
    assert all(p.pinned_count() == 0 for p in pools(client))
    client.db.dis.find_one()
    assert client.in_request() is after
    assert ports(server, "dis")[-1] != port
    client.end_request()
    assert client.in_request() is False


def test_requests_in_low_level_threads(server, legacy):
    """§3.4 (test_primitive_thread): threads made with the _thread module
    get a request and a pinned socket like any other."""
    import _thread

    client = legacy(MongoClient)
    done = threading.Event()
    seen = {}

    def raw():
        try:
            client.start_request()
            client.db.raw.find_one()
            client.db.raw.find_one()
            seen["in_request"] = client.in_request()
            seen["pinned"] = len(client.pinned_sockets())
            client.end_request()
            seen["ended"] = client.in_request()
        except BaseException as exc:
            seen["error"] = exc
        finally:
            done.set()

    client.db.main.find_one()
    _thread.start_new_thread(raw, ())
    assert done.wait(10)
    assert seen == {"in_request": True, "pinned": 1, "ended": False}
    assert len(set(ports(server, "raw"))) == 1
    assert the_pool(client).pinned_count() == 0


def test_requests_of_two_clients_are_independent(server, legacy):
    """2.8's test_multiple_connections: each client has its own pool and its
    own request counter; ending one client's request leaves the other's."""
    a, b = legacy(MongoClient), legacy(MongoClient)
    a.start_request()
    b.end_request()  # harmless: b is not in a request
    assert (a.in_request(), b.in_request()) == (True, False)
    b.start_request()
    a.db.two_a.find_one()
    b.db.two_b.find_one()
    assert set(ports(server, "two_a")).isdisjoint(ports(server, "two_b"))
    a.end_request()
    assert (a.in_request(), b.in_request()) == (False, True)
    assert the_pool(b).pinned_count() == 1
    b.end_request()
    assert the_pool(a).pinned_count() == the_pool(b).pinned_count() == 0


def test_a_new_thread_never_inherits_a_dead_threads_request(server, legacy):
    """§3.6: thread idents are reused; the request of a thread that died
    inside it (even before any operation) must not leak to a new thread."""
    import _thread

    client = legacy(MongoClient)
    results = []
    for i in range(20):
        done = threading.Event()

        def body(i=i, done=done):
            try:
                results.append((_thread.get_ident(), client.in_request()))
                client.start_request()
                if i % 2:
                    client.db.idents.find_one()
            finally:
                done.set()

        _thread.start_new_thread(body, ())
        assert done.wait(10)
    assert [in_request for _, in_request in results] == [False] * 20
    # Some idents were reused, or the test proved nothing.
    assert len({ident for ident, _ in results}) < 20


def test_close_releases_pinned_sockets(server, legacy):
    client = legacy(Connection)
    pinned = threading.Event()
    release = threading.Event()

    def worker():
        client.db.w.find_one()
        pinned.set()
        assert release.wait(10)

    threads = Threads()
    threads.start(worker, name="pinned-worker")
    assert pinned.wait(10)
    client.db.main.find_one()
    assert len(client.pinned_sockets()) == 2
    client.close()
    assert client.pinned_sockets() == []
    wait_for(lambda: server.open_app_connections == 0, message="every socket closed")
    release.set()
    threads.join()


def test_pymongo_background_threads_never_enter_a_request(server, legacy):
    """auto_start_request applies to the application's threads only: the
    killCursors PyMongo sends from its own thread must not pin a socket
    (that thread never dies, so its socket would never come back)."""
    import gc

    client = legacy(Connection)
    client.db.kc.insert([{"_id": i} for i in range(10)], w=1)
    cursor = client.db.kc.find().batch_size(2)
    next(cursor)
    del cursor
    gc.collect()
    wait_for(lambda: any(r.op == "killCursors" for r in server.log(app_only=True)),
             message="PyMongo's killCursors")
    assert [p["thread"] for p in client.pinned_sockets()] == [threading.current_thread().name]
    client.end_request()
    assert client.pinned_sockets() == []


# -- §3.5: auto_start_request --------------------------------------------------------
AUTO_START = [
    pytest.param(Connection, {}, id="Connection-default"),
    pytest.param(MongoClient, {"auto_start_request": True}, id="MongoClient-auto_start"),
]


@pytest.mark.parametrize("cls,kwargs", AUTO_START)
def test_auto_start_enters_a_request_at_the_first_operation(server, legacy, cls, kwargs):
    client = legacy(cls, **kwargs)
    registry = client._legacy_requests
    pool = the_pool(client)
    assert client.in_request() is False  # the constructor's probe did not start one
    assert pool.pinned_count() == 0

    coll = client.db.auto
    coll.insert({"_id": 1})  # unacknowledged under Connection()
    assert client.in_request() is True
    assert registry.counter() == 1
    wait_for(lambda: ports(server, "auto"), message="the insert to arrive")
    [port] = set(ports(server, "auto"))
    assert [p["thread"] for p in client.pinned_sockets()] == [threading.current_thread().name]
    with SocketHolder(client, server) as holder:
        assert holder.port != port
        coll.find_one()
        coll.insert({"_id": 2})
        assert coll.count() == 2
    assert set(ports(server, "auto")) == {port}

    # end_request() frees the socket until the next operation.
    client.end_request()
    assert client.in_request() is False
    assert pool.pinned_count() == 0
    with SocketHolder(client, server) as holder:
        assert holder.port == port
    coll.find_one()
    assert client.in_request() is True
    assert pool.pinned_count() == 1

    # A manual start_request() on top nests (counter 2).
    client.start_request()
    assert registry.counter() == 2
    client.end_request()
    assert client.in_request() is True
    client.end_request()
    assert client.in_request() is False


@pytest.mark.parametrize("cls,kwargs", AUTO_START)
def test_auto_start_threads_are_independent(server, legacy, cls, kwargs):
    client = legacy(cls, **kwargs)
    client.db.main.find_one()
    [main_port] = set(ports(server, "main"))
    seen = {}
    ended = threading.Event()
    may_exit = threading.Event()

    def worker():
        seen["before"] = client.in_request()
        client.db.worker.find_one()
        seen["after"] = client.in_request()
        client.end_request()
        seen["ended"] = client.in_request()
        ended.set()
        assert may_exit.wait(10)

    threads = Threads()
    threads.start(worker, name="auto-worker")
    assert ended.wait(10)
    # The worker's request (and its end) did not touch the main thread's.
    assert seen == {"before": False, "after": True, "ended": False}
    assert set(ports(server, "worker")) != {main_port}
    assert client.in_request() is True
    client.db.main.find_one()
    assert set(ports(server, "main")) == {main_port}
    may_exit.set()
    threads.join()
    assert [p["thread"] for p in client.pinned_sockets()] == [threading.current_thread().name]
    client.end_request()


@pytest.mark.parametrize("explicit", [True, False], ids=["MongoClient-request", "Connection-auto"])
def test_get_mores_stay_on_the_request_socket_under_load(server, legacy, explicit):
    client = legacy(MongoClient if explicit else Connection)
    coll = client.db.big
    coll.insert([{"_id": i} for i in range(40)], w=1)
    client.end_request()
    server.clear_log()

    stop = threading.Event()
    loader_ops = [0]
    # Keep the loaders' sockets busy so the pool has several in play.
    rule = server.delay(0.003, command=lambda r: r.collection == "load")

    def load():
        while not stop.is_set():
            client.db.load.find_one()
            loader_ops[0] += 1
            client.end_request()

    threads = Threads()
    for i in range(4):
        threads.start(load, name="loader-%d" % i)
    wait_for(lambda: loader_ops[0] >= 8, message="loaders running")
    try:
        if explicit:
            client.start_request()
        seen = []
        cursor = coll.find().batch_size(2)
        while True:
            if len(seen) % 10 == 2:
                # The next getMore is sent while another thread holds a
                # socket (without pinning it would be this cursor's last one).
                with SocketHolder(client, server, seconds=0.05):
                    doc = next(cursor, None)
            else:
                doc = next(cursor, None)
            if doc is None:
                break
            seen.append(doc["_id"])
            if doc["_id"] % 5 == 0:
                client.db.side.find_one()  # interleaved op, same request
        client.end_request()
    finally:
        stop.set()
        threads.join()
        rule.cancel()
    assert seen == list(range(40))
    big = ports(server, "big", ops=("find", "getMore"))
    assert len(big) == 20  # one find, nineteen getMores
    assert len(set(big)) == 1, big
    assert set(ports(server, "side")) == set(big)
    # The loaders did spread over other sockets meanwhile.
    assert set(ports(server, "load")) - set(big)


# -- the start_request essay, made deterministic ------------------------------
ESSAY_WRITES = 20
ESSAY_WRITE_DELAY = 0.02


def run_essay(client, server, explicit_request):
    """Two threads each make ESSAY_WRITES unacknowledged inserts (yielding
    between writes) into their own collection, then count it.

    The server delays every write, so it is still reading the inserts when the
    counts are sent.  Before the counts, other threads check out every idle
    socket (and hold it until the server gets round to them): a thread not in
    a request must then count over a different socket from the one its
    inserts are queued on, the rotation the essay describes.  A thread in a
    request counts over its own socket, behind its inserts.
    """
    names = ("essay_one", "essay_two")
    ready = {name: threading.Event() for name in names}
    go = threading.Event()
    counts = {}
    rule = server.set_delay_for_writes(ESSAY_WRITE_DELAY)

    def work(name):
        coll = client.essay[name]
        if explicit_request:
            client.start_request()
        for i in range(ESSAY_WRITES):
            coll.insert({"i": i})
            time.sleep(0)  # yield to the other thread between writes
        ready[name].set()
        assert go.wait(10)
        counts[name] = coll.count()
        if explicit_request:
            client.end_request()

    workers = Threads()
    holders = Threads()
    try:
        for name in names:
            workers.start(work, name, name=name)
        for name in names:
            assert ready[name].wait(10)
        pool = the_pool(client)
        for i in range(len(pool.conns)):
            holders.start(lambda: client.essay.holder.find_one(), name="holder-%d" % i)
        wait_for(lambda: not pool.conns, message="holders to take the idle sockets")
        go.set()
        workers.join()
        holders.join()
    finally:
        rule.cancel()
    by_thread = {name: set(ports(server, name)) for name in names}
    return counts, by_thread


@pytest.mark.parametrize("cls,kwargs,explicit", [
    pytest.param(Connection, {}, False, id="Connection-defaults"),
    pytest.param(MongoClient, {"w": 0}, True, id="MongoClient-w0-start_request"),
    pytest.param(Connection, {"auto_start_request": False}, True,
                 id="Connection-no-auto-start_request"),
])
def test_essay_counts_are_exact_in_a_request(server, legacy, cls, kwargs, explicit):
    client = legacy(cls, **kwargs)
    counts, by_thread = run_essay(client, server, explicit)
    assert counts == {"essay_one": ESSAY_WRITES, "essay_two": ESSAY_WRITES}
    # Each thread stayed on one socket, its own.
    assert all(len(p) == 1 for p in by_thread.values()), by_thread
    assert by_thread["essay_one"] != by_thread["essay_two"]


@pytest.mark.parametrize("cls,kwargs", [
    pytest.param(Connection, {"auto_start_request": False}, id="Connection-auto_start-off"),
    pytest.param(MongoClient, {"w": 0}, id="MongoClient-w0"),
])
def test_essay_counts_come_up_short_without_requests(server, legacy, cls, kwargs):
    client = legacy(cls, **kwargs)
    counts, by_thread = run_essay(client, server, explicit_request=False)
    assert set(counts) == {"essay_one", "essay_two"}
    assert min(counts.values()) < ESSAY_WRITES, counts
    # ...because a count left the socket its inserts were queued on.
    assert any(len(p) > 1 for p in by_thread.values()), by_thread
    # Nothing was lost: the server applies every write in the end.
    wait_for(lambda: client.essay.essay_one.count() == ESSAY_WRITES
             and client.essay.essay_two.count() == ESSAY_WRITES,
             message="all writes applied")


# -- more threads than sockets --------------------------------------------------------
@pytest.mark.parametrize("cls,explicit", [
    pytest.param(MongoClient, True, id="MongoClient-start_request"),
    pytest.param(Connection, False, id="Connection-auto"),
])
def test_more_threads_than_sockets_take_turns(server, legacy, cls, explicit):
    client = legacy(cls, max_pool_size=2, waitQueueTimeoutMS=15000)
    pool = the_pool(client)
    names = ["turn_%d" % i for i in range(4)]
    # Each operation is slow enough that all four threads overlap.
    rule = server.delay(0.02, command=lambda r: (r.collection or "").startswith("turn_"))
    peak = [0]

    def work(name):
        coll = client.db[name]
        if explicit:
            client.start_request()
        for i in range(4):
            coll.insert({"i": i}, w=1)
            peak[0] = max(peak[0], pool.pinned_count())
            time.sleep(0)  # yield: a waiting thread may run between our operations
            coll.find_one()
            time.sleep(0)
        assert client.in_request() is True
        client.end_request()

    threads = Threads()
    try:
        for name in names:
            threads.start(work, name, name=name)
        threads.join()
    finally:
        rule.cancel()
    by_thread = {name: ports(server, name) for name in names}
    assert all(len(set(p)) == 1 for p in by_thread.values()), by_thread
    assert len({p[0] for p in by_thread.values()}) <= 2
    assert peak[0] <= 2
    # A socket serves one request at a time: per port, each thread's
    # operations form one unbroken run.
    per_port = {}
    for record in server.log(app_only=True):
        if (record.collection or "").startswith("turn_"):
            per_port.setdefault(record.client_port, []).append(record.collection)
    for sequence in per_port.values():
        runs = [c for i, c in enumerate(sequence) if i == 0 or sequence[i - 1] != c]
        assert len(runs) == len(set(runs)), per_port
    assert pool.requests == 0
    assert pool.pinned_count() == 0


class _ConnectingListener(ConnectionPoolListener):
    """CMAP listener: the most connections ever being opened at once
    (created, handshake not yet answered)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.connecting = 0
        self.peak = 0

    def connection_created(self, event):
        with self._lock:
            self.connecting += 1
            self.peak = max(self.peak, self.connecting)

    def connection_ready(self, event):
        with self._lock:
            self.connecting -= 1

    def connection_closed(self, event):
        pass

    def connection_check_out_started(self, event):
        pass

    def connection_check_out_failed(self, event):
        pass

    def connection_checked_out(self, event):
        pass

    def connection_checked_in(self, event):
        pass

    def pool_created(self, event):
        pass

    def pool_ready(self, event):
        pass

    def pool_cleared(self, event):
        pass

    def pool_closed(self, event):
        pass


def test_threads_entering_requests_open_their_sockets_at_once(server, legacy):
    """2.8 opened a socket for every thread that needed one, all at once.
    PyMongo 4 opens at most maxConnecting (default 2) per server at a time,
    so a wave of threads entering requests would queue behind each other's
    handshakes; legacy clients default maxConnecting to the pool size."""
    listener = _ConnectingListener()
    client = legacy(Connection, event_listeners=[listener])
    # Connection(): 2.8's unbounded pool, so no limit on opening either.
    assert client.options.pool_options.max_connecting >= 2 ** 31 - 1
    client.db.wave.find_one()
    # Each new socket's handshake is answered late: the opening overlaps.
    rule = server.delay(0.3, command=lambda r: r.is_handshake)
    start = threading.Barrier(6)

    def work(i):
        start.wait(10)
        client.db.wave.insert({"i": i})  # auto-start: each thread pins a socket

    threads = Threads()
    try:
        for i in range(6):
            threads.start(work, i)
        threads.join()
    finally:
        rule.cancel()
    assert listener.peak >= 3  # PyMongo 4's default would cap this at 2
    # (unacknowledged: the server may still be reading them)
    wait_for(lambda: len(ports(server, "wave", ops={"insert"})) == 6)


def test_max_connecting_given_by_the_application_wins(server, legacy):
    client = legacy(MongoClient, maxConnecting=2, max_pool_size=10)
    assert client.options.pool_options.max_connecting == 2
    assert legacy(MongoClient, max_pool_size=10).options.pool_options.max_connecting == 10
