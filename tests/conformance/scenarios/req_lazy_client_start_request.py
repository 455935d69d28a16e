"""start_request() connects a client created with _connect=False (2.8 3.4):
in_request() is None before, True right after start_request()."""
import os
from pymongo import MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])

lazy = MongoClient(HOST, PORT, _connect=False)
print('before:', lazy.in_request())
lazy.start_request()
print('after start_request:', lazy.in_request())
lazy.scen.lazy.find_one()
print('after an operation:', lazy.in_request())
lazy.end_request()
print('after end_request:', lazy.in_request())
