"""Requests under faults: network errors, thread churn and death, wait-queue
limits, fork, diagnostics (spec §3.3, §3.6, §3.7, §3.8).

"No socket lost" is checked on the PinnedSocketPool instances the client's
RequestRegistry knows (``client._legacy_requests._pools``): no slot checked
out (``pool.requests``), nothing pinned, and every socket the server still
has open is an idle one in the pool.
"""
import gc
import os
import signal
import socket
import threading
import time

import pytest
from freezegun import freeze_time
from pymongo.errors import AutoReconnect, ConnectionFailure, PyMongoError

import legacy_mongo
from legacy_mongo import Connection, MongoClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

from tests.runtime.conftest import HOST
from tests.runtime.support import Threads, wait_for
GUARD_SECONDS = 120


def live_pools(client):
    return [p for p in list(client._legacy_requests._pools) if not p.closed]


def the_pool(client):
    found = live_pools(client)
    assert len(found) == 1, found
    return found[0]


def ports(server, collection):
    return [r.client_port for r in server.log(app_only=True) if r.collection == collection]


def doomed(record):
    return record.collection == "doomed"


def assert_no_socket_lost(client, server):
    """Every pool slot free, nothing pinned, every open socket idle."""
    for pool in list(client._legacy_requests._pools):
        assert pool.requests == 0, ("checked out", pool.requests)
        assert pool.pinned_count() == 0, client.pinned_sockets()
    idle = sum(len(p.conns) for p in live_pools(client))
    wait_for(lambda: server.open_app_connections == idle,
             message="server's open sockets (%d) == idle sockets (%d)"
             % (server.open_app_connections, idle))


# -- §3.7: network errors inside requests --------------------------------------
@pytest.mark.parametrize("cls,explicit", [
    pytest.param(MongoClient, True, id="MongoClient-start_request"),
    pytest.param(Connection, False, id="Connection-auto"),
])
def test_repeated_network_errors_in_requests_leak_no_slot(server, legacy, cls, explicit):
    # One socket only: a slot leaked by an error would make the next
    # checkout time out (ConnectionFailure) instead of hang.
    client = legacy(cls, max_pool_size=1, waitQueueTimeoutMS=3000)
    for round_ in range(5):
        if explicit:
            client.start_request()
        client.db.fine.find_one()
        server.drop_connection(next_command=doomed)
        with pytest.raises(AutoReconnect):
            client.db.doomed.find_one()
        client.end_request()
        # The next operation still gets a socket.
        assert client.db.fine.find_one() is None
        client.end_request()
    assert server.log(app_only=True)[-1].collection == "fine"
    assert_no_socket_lost(client, server)


def test_network_errors_in_threads_in_requests_with_one_socket(server, legacy):
    """Threads in requests failing one after another on a one-socket pool."""
    client = legacy(Connection, max_pool_size=1, waitQueueTimeoutMS=3000)
    outcomes = []

    def fail_once():
        client.db.fine.find_one()
        server.drop_connection(next_command=doomed)
        try:
            client.db.doomed.find_one()
        except AutoReconnect:
            outcomes.append("AutoReconnect")
        # dies without end_request()

    for i in range(5):
        threads = Threads()
        threads.start(fail_once, name="failing-%d" % i)
        threads.join()
    assert outcomes == ["AutoReconnect"] * 5
    client.db.fine.find_one()
    client.end_request()
    assert_no_socket_lost(client, server)


def test_in_request_after_a_network_error_mongo_client(server, legacy):
    """§3.7: the error makes MongoClient forget every thread's request:
    in_request() is None until the next operation, then False."""
    client = legacy(MongoClient)
    other_in_request = threading.Event()
    error_seen = threading.Event()
    seen = {}

    def other():
        client.start_request()
        client.db.other.find_one()
        other_in_request.set()
        assert error_seen.wait(10)
        seen["after_error"] = client.in_request()
        client.db.other.find_one()
        seen["after_next_op"] = client.in_request()

    threads = Threads()
    threads.start(other, name="other")
    assert other_in_request.wait(10)
    client.start_request()
    client.db.main.find_one()
    [main_port] = set(ports(server, "main"))
    server.drop_connection(next_command=doomed)
    with pytest.raises(AutoReconnect):
        client.db.doomed.find_one()
    assert client.in_request() is None
    error_seen.set()
    threads.join()
    client.db.main.find_one()
    assert client.in_request() is False
    client.end_request()  # a no-op now
    assert client.in_request() is False
    assert seen["after_next_op"] is False
    assert seen["after_error"] in (None, False)  # None unless "other" reconnected first
    assert ports(server, "main")[-1] != main_port  # the old socket is gone
    assert_no_socket_lost(client, server)


def test_in_request_after_a_network_error_connection(server, legacy):
    """§3.5/§3.7: an auto-start client re-enters a request at the next
    operation, on a new socket; so do its other threads."""
    client = legacy(Connection)
    other_ready = threading.Event()
    error_seen = threading.Event()
    seen = {}

    def other():
        client.db.other.find_one()
        seen["port_before"] = ports(server, "other")[-1]
        other_ready.set()
        assert error_seen.wait(10)
        client.db.other.find_one()
        seen["in_request"] = client.in_request()
        seen["port_after"] = ports(server, "other")[-1]
        client.end_request()

    threads = Threads()
    threads.start(other, name="other")
    assert other_ready.wait(10)
    client.db.main.find_one()
    [main_port] = set(ports(server, "main"))
    server.drop_connection(next_command=doomed)
    with pytest.raises(AutoReconnect):
        client.db.doomed.find_one()
    assert client.in_request() is None
    error_seen.set()
    client.db.main.find_one()
    assert client.in_request() is True
    new_port = ports(server, "main")[-1]
    assert new_port != main_port
    assert client._legacy_requests.counter() == 1
    threads.join()
    assert seen["in_request"] is True
    assert seen["port_after"] != seen["port_before"]
    client.db.main.find_one()
    assert ports(server, "main")[-1] == new_port  # pinned again
    client.end_request()


def close_server_side(server, port):
    """The server closes the socket whose client port is `port` (as a
    server restart or an idle timeout would), while the client is idle."""
    for sock in list(server._wire._server_socks):
        try:
            if sock.getpeername()[1] == port:
                sock.shutdown(socket.SHUT_RDWR)
                return
        except OSError:
            continue
    raise AssertionError("no server socket for client port %d" % port)


@pytest.mark.parametrize("cls,kwargs", [
    pytest.param(Connection, {}, id="Connection"),
    pytest.param(MongoClient, {"max_pool_size": 1, "waitQueueTimeoutMS": 2000},
                 id="MongoClient-max_pool_size-1"),
])
def test_dead_request_socket_is_replaced_silently(server, legacy, cls, kwargs):
    """§3.4/§3.7 (test_pool_removes_dead_request_socket_after_check,
    test_dead_request_socket_with_max_size, Appendix B): a request socket
    found dead after more than a second idle is replaced without an error;
    the thread stays in its request, pinned to the new socket, and the
    replacement takes no second pool slot."""
    client = legacy(cls, **kwargs)
    with freeze_time("2024-05-01 12:00:00") as clock:
        client.start_request()
        client.db.req.find_one()
        [port] = set(ports(server, "req"))
        close_server_side(server, port)
        wait_for(lambda: not server.open_app_connections, message="the server to close it")
        clock.tick(2)
        assert client.db.req.find_one() is None  # no AutoReconnect
        assert client.in_request() is True
        new_port = ports(server, "req")[-1]
        assert new_port != port
        client.db.req.find_one()
        assert ports(server, "req")[-1] == new_port
        client.end_request()
        client.end_request()
    assert_no_socket_lost(client, server)


# -- §3.6: thread death --------------------------------------------------------------
def test_dead_thread_socket_returns_to_the_idle_set(server, legacy):
    """2.8's test_socket_reclamation: a thread that used a socket in a
    request and died without end_request() gives it back: it is idle in the
    pool and no longer listed as pinned, without any further operation."""
    client = legacy(Connection)
    pool = the_pool(client)
    threads = Threads()
    threads.start(lambda: client.db.t.find_one(), name="short-lived")
    threads.join()
    del threads
    gc.collect()
    wait_for(lambda: pool.pinned_count() == 0, timeout=3,
             message="the dead thread's pin to be reclaimed")
    assert client.pinned_sockets() == []
    assert pool.requests == 0
    assert len(pool.conns) == 1


def test_dead_threads_free_their_slots_for_waiting_threads(server, legacy):
    """max_pool_size=2, four auto-start threads that die without end_request:
    the waiting threads get the dead threads' sockets; nothing deadlocks."""
    client = legacy(Connection, max_pool_size=2, waitQueueTimeoutMS=15000)
    rule = server.delay(0.02, command=lambda r: (r.collection or "").startswith("dying_"))
    threads = Threads()
    try:
        for i in range(4):
            name = "dying_%d" % i
            threads.start(lambda n=name: [client.db[n].find_one() for _ in range(3)], name=name)
        threads.join()
    finally:
        rule.cancel()
    by_thread = {i: set(ports(server, "dying_%d" % i)) for i in range(4)}
    assert all(len(p) == 1 for p in by_thread.values()), by_thread
    assert len(set().union(*by_thread.values())) <= 2
    client.db.main.find_one()  # any checkout processes the dead threads' pins
    client.end_request()
    assert_no_socket_lost(client, server)


WAVES = 20
WAVE_SIZE = 50


def churn(client, server, kinds):
    """WAVES x WAVE_SIZE short-lived threads; `kinds(i)` picks each one's fate."""
    outcomes = {"ended": 0, "died": 0, "failed": 0, "collateral": 0}
    lock = threading.Lock()

    def work(i):
        kind = kinds(i)
        coll = client.db["churn_%d" % (i % 7)]
        try:
            coll.insert({"i": i})  # unacknowledged: Connection() defaults
            coll.find_one()
        except AutoReconnect:
            # Another thread's network error failed this one (checked by
            # test_network_error_fails_no_other_thread); here only the
            # sockets matter.
            with lock:
                outcomes["collateral"] += 1
            return
        if kind == "failed":
            try:
                client.db.doomed.find_one()
            except AutoReconnect:
                pass
            else:
                raise AssertionError("the doomed find did not fail")
        elif kind == "ended":
            client.end_request()
        with lock:
            outcomes[kind] += 1

    for wave in range(WAVES):
        threads = Threads()
        for j in range(WAVE_SIZE):
            i = wave * WAVE_SIZE + j
            threads.start(work, i, name="churn-%d" % i)
        threads.join()
    return outcomes


def test_thread_churn_loses_no_socket(server, legacy):
    client = legacy(Connection)
    outcomes = churn(client, server, lambda i: "ended" if i % 3 == 0 else "died")
    assert outcomes["ended"] + outcomes["died"] == WAVES * WAVE_SIZE, outcomes
    # Dead threads' sockets are reused by the next wave, not leaked.
    assert server.connections_opened <= WAVE_SIZE + 3, server.connections_opened
    client.db.main.find_one()  # any checkout processes the last wave's pins
    client.end_request()
    assert_no_socket_lost(client, server)


def test_thread_churn_with_network_errors_loses_no_socket(server, legacy):
    client = legacy(Connection)
    # Two threads fail on the network in every fifth wave; each failure
    # resets the pool (§3.7), which may force up to a wave's worth of new
    # sockets, so the bound grows with the number of failures.
    failing = {w * WAVE_SIZE + j for w in range(0, WAVES, 5) for j in (7, 31)}
    rule = server.drop_connection(next_command=doomed, times=None)
    try:
        outcomes = churn(client, server,
                         lambda i: "failed" if i in failing else
                         ("ended" if i % 3 == 0 else "died"))
    finally:
        rule.cancel()
    assert sum(outcomes.values()) == WAVES * WAVE_SIZE
    assert outcomes["failed"] + outcomes["collateral"] >= len(failing), outcomes
    assert server.connections_opened <= (len(failing) + 1) * WAVE_SIZE + 3, \
        server.connections_opened
    client.db.main.find_one()
    client.end_request()
    assert_no_socket_lost(client, server)


def test_network_error_fails_no_other_thread(server, legacy):
    """§3.7: a network error resets the pool; 2.8 raised AutoReconnect in the
    thread whose operation failed and nowhere else: other threads' operations
    went on (on new sockets, or on theirs until they came back)."""
    client = legacy(Connection)
    stop = threading.Event()
    ops = [0]
    collateral = []

    def busy(i):
        coll = client.db["busy_%d" % i]
        while not stop.is_set():
            try:
                coll.find_one()
                ops[0] += 1
            except AutoReconnect as exc:
                collateral.append(str(exc))

    threads = Threads()
    for i in range(30):
        threads.start(busy, i, name="busy-%d" % i)
    try:
        for round_ in range(5):
            target = ops[0] + 100
            wait_for(lambda: ops[0] >= target, message="other threads working")
            server.drop_connection(next_command=doomed)
            with pytest.raises(AutoReconnect):
                client.db.doomed.find_one()
        target = ops[0] + 100
        wait_for(lambda: ops[0] >= target, message="other threads working")
    finally:
        stop.set()
        threads.join()
    assert collateral == [], "%d other operations failed, e.g. %s" % (
        len(collateral), collateral[:1])


# -- §3.3: waiting for a socket ----------------------------------------------------------
def test_wait_queue_timeout_raises_connection_failure(server, legacy):
    client = legacy(MongoClient, max_pool_size=1, waitQueueTimeoutMS=200)
    client.start_request()
    client.db.main.find_one()  # the only socket is now this thread's
    caught = []

    def other():
        started = time.monotonic()
        try:
            client.db.other.find_one()
        except ConnectionFailure as exc:
            caught.append((exc, time.monotonic() - started))

    threads = Threads()
    threads.start(other, name="waiter")
    threads.join()
    [(exc, waited)] = caught
    assert not isinstance(exc, AutoReconnect)  # plain ConnectionFailure in 2.8
    assert str(exc).startswith(
        "Timed out waiting for socket from pool with max_size 1 and wait_queue_timeout 0.2")
    assert waited >= 0.19
    # The request's own operations never wait.
    client.db.main.find_one()
    client.end_request()
    threads = Threads()
    threads.start(lambda: client.db.other.find_one(), name="after-end")
    threads.join()


def test_a_waiter_blocks_until_the_request_socket_is_returned(server, legacy):
    """§3.3 (test_blocking): without a wait-queue timeout a thread waits for
    the only socket while another thread's request holds it, and gets
    exactly that socket when the request ends."""
    client = legacy(MongoClient, max_pool_size=1)
    pool = the_pool(client)
    client.start_request()
    client.db.main.find_one()
    [port] = set(ports(server, "main"))
    done = threading.Event()

    def waiter():
        client.db.waiter.find_one()
        done.set()

    threads = Threads()
    threads.start(waiter, name="waiter")
    wait_for(lambda: pool._waiters == 1, message="the waiter to queue")
    assert not done.is_set()
    assert ports(server, "waiter") == []
    client.end_request()
    assert done.wait(10)
    threads.join()
    assert ports(server, "waiter") == [port]
    assert_no_socket_lost(client, server)


def test_wait_queue_multiple_raises_exceeded_max_waiters(server, legacy):
    client = legacy(MongoClient, max_pool_size=1, waitQueueMultiple=2,
                    waitQueueTimeoutMS=15000)
    pool = the_pool(client)
    client.start_request()
    client.db.main.find_one()
    waiters = Threads()
    for i in range(2):
        waiters.start(lambda: client.db.other.find_one(), name="waiter-%d" % i)
    wait_for(lambda: pool._waiters == 2, message="two waiters")
    caught = []

    def third():
        try:
            client.db.other.find_one()
        except BaseException as exc:
            caught.append(exc)

    extra = Threads()
    extra.start(third, name="third")
    extra.join(timeout=5)  # immediately, not after the wait-queue timeout
    [exc] = caught
    assert isinstance(exc, legacy_mongo.ExceededMaxWaiters)
    assert not isinstance(exc, PyMongoError)
    client.end_request()  # the waiters get the socket in turn
    waiters.join()
    assert_no_socket_lost(client, server)


# -- §3.8: fork ----------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() unsupported")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_child_never_uses_a_socket_pinned_in_the_parent(server, legacy):
    client = legacy(Connection)
    client.db.parent.find_one()
    [parent_port] = set(ports(server, "parent"))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report through the server log and the pipe
        status = 1
        try:
            os.close(read_end)
            client.db.child.find_one()
            report = "%s %s" % (client.in_request(), len(client.pinned_sockets()))
            os.write(write_end, report.encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    deadline = time.monotonic() + 30
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError("child process hung")
        time.sleep(0.01)
    with os.fdopen(read_end) as pipe:
        report = pipe.read()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    child_ports = set(ports(server, "child"))
    assert len(child_ports) == 1
    assert parent_port not in child_ports
    # §3.8: the request continues in the child, on its own socket.
    assert report == "True 1"
    # The parent keeps its pinned socket.
    client.db.parent.find_one()
    assert set(ports(server, "parent")) == {parent_port}
    client.end_request()


def test_first_pin_after_a_fork_is_not_taken_for_the_parents(server, legacy):
    # pinning.py looks at the fork epoch only while a pool has pins; a pool
    # that had none when the process forked (PyMongo 4.20 builds new pools
    # in the child, older releases and other paths keep them) gets its first
    # pin after the fork: that pin must survive the next checkout.  The fork
    # is simulated in-process (the epoch bump os.register_at_fork runs).
    from legacy_mongo.runtime import pinning
    client = legacy(MongoClient)
    client.db.before.find_one()
    pool = the_pool(client)
    assert pool.pinned_count() == 0
    pinning._after_fork_in_child()
    client.start_request()
    for _ in range(3):
        client.db.after.find_one()
    assert pool.pinned_count() == 1
    assert len(set(ports(server, "after"))) == 1  # one socket for the whole request
    client.end_request()
    assert_no_socket_lost(client, server)


# -- diagnostics -----------------------------------------------------------------
def test_pinned_sockets_names_threads_and_durations(server, legacy):
    client = legacy(Connection)
    pinned = threading.Event()
    release = threading.Event()

    def worker():
        client.db.w.find_one()
        pinned.set()
        assert release.wait(10)
        client.end_request()

    threads = Threads()
    with freeze_time("2024-05-01 12:00:00") as clock:
        client.db.main.find_one()  # MainThread pinned at t=0
        clock.tick(10)
        threads.start(worker, name="worker-7")  # pinned at t=10
        assert pinned.wait(10)
        clock.tick(32)
        info = {p["thread"]: p for p in client.pinned_sockets()}
        assert set(info) == {threading.current_thread().name, "worker-7"}
        main = info[threading.current_thread().name]
        assert main["pinned_seconds"] == pytest.approx(42)
        assert main["idle_seconds"] == pytest.approx(42)
        assert main["in_use"] is False
        assert main["address"] == (HOST, server.port)
        assert info["worker-7"]["pinned_seconds"] == pytest.approx(32)
        client.db.main.find_one()
        clock.tick(5)
        main = {p["thread"]: p for p in client.pinned_sockets()}[threading.current_thread().name]
        assert main["pinned_seconds"] == pytest.approx(47)
        assert main["idle_seconds"] == pytest.approx(5)
        release.set()
        threads.join()
    assert [p["thread"] for p in client.pinned_sockets()] == [threading.current_thread().name]
    client.end_request()
    assert client.pinned_sockets() == []
