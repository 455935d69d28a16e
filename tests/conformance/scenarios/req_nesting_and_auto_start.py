"""Request state transitions in one thread (2.8 3.4, 3.5).

Connection(): no request before the first operation, auto-start at the first
one, nesting by counter, end_request() at depth 1 leaves, extra calls are
harmless, the next operation re-enters.  MongoClient(): start_request()
returns a Request usable as a context manager whose connection is the client;
nested with-blocks count.  Every operation of one client travels over one
socket.
"""
import os
from pymongo import Connection, MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

c = Connection(HOST, PORT)
coll = c.scen.nest
coll.drop()
c.end_request()
print('Connection, no operation yet:', c.in_request())
coll.insert({'_id': 1})
print('after the first operation:', c.in_request())
c.start_request()
print('start_request on top:', c.in_request())
coll.insert({'_id': 2})
print('read own unacknowledged write:', coll.find_one({'_id': 2}))
c.end_request()
print('end_request at depth 2:', c.in_request())
c.end_request()
print('end_request at depth 1:', c.in_request())
c.end_request()
print('extra end_request:', c.in_request())
print('count (auto-start again):', coll.count(), c.in_request())
c.end_request()

m = MongoClient(HOST, PORT)
mcoll = m.scen.nest
print('MongoClient:', m.in_request())
m.end_request()
print('end_request outside a request:', m.in_request())
request = m.start_request()
print(type(request).__name__, request.connection is m, m.in_request())
with m.start_request() as inner:
    print('nested with:', inner.connection is m, m.in_request())
    mcoll.insert({'_id': 3}, w=0)
    print('read own unacknowledged write:', mcoll.find_one({'_id': 3}))
print('after nested with:', m.in_request())
request.end()
print('after Request.end():', m.in_request())
try:
    with m.start_request():
        mcoll.find_one()
        raise KeyError('boom')
except KeyError as exc:
    print('exception propagated:', exc, m.in_request())
r = m.start_request()
r.__exit__(None, None, None)
print('after __exit__:', m.in_request())
print(sorted(d['_id'] for d in mcoll.find()))
