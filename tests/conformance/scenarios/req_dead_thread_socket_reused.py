"""A thread that dies in a request without end_request() gives its socket
back to the pool (2.8 3.6, test_socket_reclamation): the next thread's
request gets that same socket, also when it is the pool's only one
(max_pool_size=1 and a wait-queue timeout, so a leak would fail, not hang).
"""
import os
import threading
from pymongo import Connection

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])


def run_in_thread(target):
    thread = threading.Thread(target=target)
    thread.start()
    thread.join(30)
    print('thread finished:', not thread.is_alive())


for label, kwargs in (('unbounded', {}), ('one_socket', {'max_pool_size': 1,
                                                        'waitQueueTimeoutMS': 5000})):
    c = Connection(HOST, PORT, **kwargs)
    coll = c.scen['dead_' + label]
    seen = []

    def first():
        coll.insert({'_id': 1})
        seen.append(('first in request', c.in_request()))
        # dies without end_request()

    def second():
        seen.append(('second before', c.in_request()))
        seen.append(('second reads', coll.find_one()))
        seen.append(('second in request', c.in_request()))
        c.end_request()

    run_in_thread(first)
    run_in_thread(second)
    for item in seen:
        print(label, item)
    c.close()
