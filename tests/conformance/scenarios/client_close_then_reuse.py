"""close() and leaving ``with client:`` disconnect, and the client stays
usable: the next operation reconnects on a new socket (2.8's MongoClient.close
is an alias of disconnect(); Eve 0.4's test base closes its client after
loading fixtures and then reads through it).  A Connection's request ends.
"""
import os
from pymongo import Connection, MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

client = MongoClient(HOST, PORT)
client.scen.a.insert({'_id': 1})
client.close()
print('after close', client.scen.a.find_one())
client.close()
client.close()  # repeatable
client.scen.a.insert({'_id': 2})
print('after two closes', client.scen.a.find({}, sort=[('_id', 1)]).count())

with client as entered:
    print('with returns the client', entered is client)
print('after with', sorted(d['_id'] for d in client.scen.a.find()))

conn = Connection(HOST, PORT)
conn.scen.b.insert({'_id': 1})
print('in request before close', conn.in_request())
conn.close()
print('in request after close', conn.in_request())
conn.scen.b.insert({'_id': 2})
print('reconnected, in request', conn.in_request(), conn.scen.b.count())
