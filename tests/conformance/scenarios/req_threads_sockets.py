"""Each thread in a request keeps one socket for all its operations (2.8 3.4, 3.5).

Connection() auto-starts a request per thread; MongoClient() does it on
start_request().  Threads overlap (a barrier) so sockets cannot be reused
between them.  Which thread gets which socket number is up to the scheduler,
so the harness compares the per-socket sequences as an unordered set.
"""
# conformance: sockets=unordered
import os
import threading
from pymongo import Connection, MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
THREADS = 3


def run(client, label, explicit_request):
    barrier = threading.Barrier(THREADS)
    seen = {}

    def work(i):
        coll = client.scen['%s_t%d' % (label, i)]
        if explicit_request:
            client.start_request()
        coll.insert({'_id': 1}, w=0)
        barrier.wait()
        seen[i] = coll.find_one({'_id': 1})
        coll.update({'_id': 1}, {'$set': {'x': i}}, w=0)
        barrier.wait()
        seen[i] = (seen[i], coll.find_one({'_id': 1}), client.in_request())
        if explicit_request:
            client.end_request()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i in range(THREADS):
        print(label, i, seen[i])


conn = Connection(HOST, PORT)
conn.scen.main.find_one()
run(conn, 'conn', explicit_request=False)
client = MongoClient(HOST, PORT)
run(client, 'mc', explicit_request=True)
