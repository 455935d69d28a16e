"""end_request() gives the thread's socket back; until then it is reserved
(2.8 3.4, 3.5; test_pooling_base.py test_dependent_pools).

Thread A (Connection(), auto-start) holds the only socket; thread C, in a
request at the same time, gets a second one and keeps it; after A's
end_request(), thread B's request takes A's socket, the only idle one.
Events order the threads, so the socket sequences compare in order.
"""
import os
import threading
from pymongo import Connection

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

c = Connection(HOST, PORT)
a_has_socket = threading.Event()
c_done = threading.Event()
a_ended = threading.Event()
b_done = threading.Event()
seen = []


def thread_a():
    c.scen.a.insert({'_id': 1})
    c.scen.a.find_one()
    seen.append(('A in request', c.in_request()))
    a_has_socket.set()
    c_done.wait(10)
    c.scen.a.find_one()
    c.end_request()
    seen.append(('A ended', c.in_request()))
    a_ended.set()


def thread_c():
    a_has_socket.wait(10)
    seen.append(('C before', c.in_request()))
    c.scen.c.insert({'_id': 1})
    c.scen.c.find_one()
    c_done.set()
    b_done.wait(10)
    c.scen.c.find_one()
    c.end_request()


def thread_b():
    a_ended.wait(10)
    c.scen.b.insert({'_id': 1})
    c.scen.b.find_one()
    seen.append(('B in request', c.in_request()))
    c.end_request()
    b_done.set()


threads = [threading.Thread(target=f) for f in (thread_a, thread_c, thread_b)]
for t in threads:
    t.start()
for t in threads:
    t.join(30)
for item in seen:
    print(item)
