"""parallel_scan: every document exactly once across the returned cursors.

MongoDB 4.2 removed parallelCollectionScan; legacy-mongo returns one
CommandCursor over an aggregation instead (a stated difference: other
operations on the wire), so only the output is compared.
"""
# conformance: compare=stdout
# conformance: fail_command=parallelCollectionScan {"ok": 1, "cursors": [{"cursor": {"firstBatch": [{"_id": 0}, {"_id": 1}, {"_id": 2}, {"_id": 3}, {"_id": 4}, {"_id": 5}], "id": 0, "ns": "scen.ps"}, "ok": true}]}  # noqa: E501
import os

from pymongo import MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

c = MongoClient(HOST, PORT)
coll = c.scen.ps
coll.drop()
coll.insert([{'_id': i} for i in range(6)])
cursors = coll.parallel_scan(3)
print('type', type(cursors).__name__, set(type(cur).__name__ for cur in cursors))
print('documents', sorted(doc['_id'] for cur in cursors for doc in cur))
print('alive after', [cur.alive for cur in cursors])
