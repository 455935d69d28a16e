"""The start_request essay's scenario: two threads write without
acknowledgement, then count what they wrote.

Usage: essay.py HOST PORT on|off
  on:  Connection() defaults (auto_start_request=True): each thread keeps
       its socket, so its count always sees its own writes.
  off: auto_start_request=False: sockets rotate between the threads, and a
       count can overtake the writes still queued on another socket.
"""
import sys
import threading
import time

from pymongo import Connection

host, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
c = Connection(host, port, auto_start_request=(mode == "on"))
barrier = threading.Barrier(2)


def function(name):
    collection = c.essay[name]
    collection.remove()
    barrier.wait()
    for i in range(100):
        collection.insert({"fieldname": i})
        time.sleep(0)  # let the other thread run
    print("%s count: %d" % (name, collection.count()))


threads = [threading.Thread(target=function, args=(n,)) for n in ("collection_one", "collection_two")]
for t in threads:
    t.start()
for t in threads:
    t.join()
