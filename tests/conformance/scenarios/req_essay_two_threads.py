"""The start_request essay's two threads, with requests (2.8 3.4, 3.5).

Two threads each make 100 unacknowledged inserts into their own collection,
yielding between writes, then count.  Connection() is in a request from each
thread's first operation; MongoClient(w=0) gets one from start_request().
Each thread's inserts and count travel over its own socket, so every count is
exact.  Which thread gets which socket is up to the scheduler.
"""
# conformance: sockets=unordered
import os
import threading
import time
from pymongo import Connection, MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
WRITES = 100


def run(client, label, explicit_request):
    counts = {}

    def work(name):
        coll = client.essay['%s_%s' % (label, name)]
        if explicit_request:
            client.start_request()
        for i in range(WRITES):
            coll.insert({'fieldname': i})
            time.sleep(0)
        counts[name] = coll.count()
        if explicit_request:
            client.end_request()

    threads = [threading.Thread(target=work, args=(name,)) for name in ('one', 'two')]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    print(label, sorted(counts.items()))


run(Connection(HOST, PORT), 'connection', explicit_request=False)
run(MongoClient(HOST, PORT, w=0), 'mongoclient_w0', explicit_request=True)
