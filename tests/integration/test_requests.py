"""Requests on a real server (spec §3.4-§3.5).

``db.command('whatsmyuri')['you']`` is the server's view of the client end
of the socket a command came on ("ip:port"), so it tells which pooled
socket a thread used.  These tests need a direct TCP path to mongod/mongos:
behind a proxy or load balancer every socket may look the same.
"""
import threading
import time

import pytest

DEADLINE = 60  # seconds for any thread of these tests


class Threads:
    """Start threads, join them with a deadline, re-raise their errors."""

    def __init__(self):
        self.threads = []
        self.errors = []

    def start(self, target, *args, name=None):
        def run():
            try:
                target(*args)
            except BaseException as exc:  # re-raised in join()
                self.errors.append(exc)

        thread = threading.Thread(target=run, name=name, daemon=True)
        thread.start()
        self.threads.append(thread)
        return thread

    def join(self):
        end = time.monotonic() + DEADLINE
        for thread in self.threads:
            thread.join(max(0.0, end - time.monotonic()))
            assert not thread.is_alive(), "thread %s did not finish" % thread.name
        if self.errors:
            raise self.errors[0]


def whatsmyuri(database):
    return database.command("whatsmyuri")["you"]


def test_whatsmyuri_tells_sockets_apart(legacy, db_name):
    """Precondition of the tests below: two sockets held at once report
    different 'you' values (else the deployment is behind a proxy)."""
    client = legacy("MongoClient", maxPoolSize=10)
    db = client[db_name]
    inside = threading.Barrier(2, timeout=DEADLINE)
    seen = {}

    def hold(name):
        with client.start_request():
            seen[name] = whatsmyuri(db)
            inside.wait()  # both requests (hence both sockets) held now

    threads = Threads()
    threads.start(hold, "a", name="a")
    threads.start(hold, "b", name="b")
    threads.join()
    if seen["a"] == seen["b"]:
        pytest.skip("whatsmyuri reports one address for two sockets (a proxy?): %r" % seen)
    assert all(":" in value for value in seen.values())


def test_start_request_keeps_one_socket_under_load(legacy, db_name):
    client = legacy("MongoClient", maxPoolSize=10)
    db = client[db_name]
    db.load.insert([{"_id": i} for i in range(20)])
    stop = threading.Event()
    pinned = threading.Event()      # set once the main thread holds its socket
    released = threading.Event()    # set before the main thread leaves its request
    loaders_seen = set()
    lock = threading.Lock()

    def load():
        while not stop.is_set():
            during = pinned.is_set()  # checked before this operation's checkout
            you = whatsmyuri(db)
            list(db.load.find())
            if during and not released.is_set():
                # The whole operation ran while the main thread was pinned.
                with lock:
                    loaders_seen.add(you)

    loaders = Threads()
    for i in range(4):
        loaders.start(load, name="loader-%d" % i)
    try:
        with client.start_request():
            assert client.in_request() is True
            mine = {whatsmyuri(db)}
            pinned.set()
            for _ in range(50):
                mine.add(whatsmyuri(db))
                db.mine.insert({"t": time.time()})
                db.mine.find_one()
                time.sleep(0.002)
            released.set()
        assert client.in_request() is False
    finally:
        stop.set()
        loaders.join()
    assert len(mine) == 1, mine
    # The pinned socket stays checked out: no loader got it meanwhile.
    assert loaders_seen
    assert not (mine & loaders_seen), (mine, loaders_seen)


def test_nested_requests_keep_the_socket_until_the_outer_end(legacy, db_name):
    client = legacy("MongoClient", maxPoolSize=10)
    db = client[db_name]
    client.start_request()
    first = whatsmyuri(db)
    with client.start_request():
        assert whatsmyuri(db) == first
    assert client.in_request() is True
    assert whatsmyuri(db) == first
    client.end_request()
    assert client.in_request() is False


def test_connection_threads_keep_their_socket(connection, db_name):
    """Connection() defaults to auto_start_request: a thread's first
    operation pins a socket it keeps while it lives."""
    db = connection[db_name]
    assert connection.auto_start_request is True
    both_started = threading.Barrier(2, timeout=DEADLINE)
    both_done = threading.Barrier(2, timeout=DEADLINE)
    seen = {}

    def work(name):
        values = [whatsmyuri(db)]
        both_started.wait()
        coll = db[name]
        for i in range(30):
            coll.insert({"i": i})
            values.append(whatsmyuri(db))
            time.sleep(0)
        values.append(whatsmyuri(db))
        seen[name] = values
        both_done.wait()  # both threads (and their pins) alive until here

    threads = Threads()
    threads.start(work, "one", name="one")
    threads.start(work, "two", name="two")
    threads.join()
    assert len(set(seen["one"])) == 1, seen["one"]
    assert len(set(seen["two"])) == 1, seen["two"]
    assert seen["one"][0] != seen["two"][0]


def test_essay_counts_are_exact_under_connection_defaults(connection, db_name):
    """The start_request essay: two threads, 100 unacknowledged inserts
    each, then count().  Under Connection() defaults each thread counts on
    the socket its inserts went to, so it always sees all 100."""
    names = ("collection_one", "collection_two")
    barrier = threading.Barrier(2, timeout=DEADLINE)
    counts = {}

    def function(name):
        collection = connection[db_name][name]
        collection.remove()
        barrier.wait()
        for i in range(100):
            collection.insert({"fieldname": i})
            time.sleep(0)  # let the other thread run
        counts[name] = collection.count()

    for _ in range(3):  # a race would show up in one of the rounds
        threads = Threads()
        for name in names:
            threads.start(function, name, name=name)
        threads.join()
        assert counts == {"collection_one": 100, "collection_two": 100}
        counts.clear()
