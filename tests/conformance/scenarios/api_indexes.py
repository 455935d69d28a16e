"""Index helpers: ensure_index cache, create_index 2.x arguments, names, drop (2.8 spec 4.1)."""
import os
import time
import warnings

from pymongo import ASCENDING, DESCENDING, MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
warnings.simplefilter('ignore')


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__)
    else:
        print(label, '->', result)


c = MongoClient(HOST, PORT)
coll = c.scen.idx
coll.drop()
coll.insert({'_id': 1, 'a': 1, 'b': 2})
attempt('ensure_index first', lambda: coll.ensure_index('a'))
attempt('ensure_index cached', lambda: coll.ensure_index('a'))
attempt('ensure_index other key', lambda: coll.ensure_index([('b', DESCENDING), ('a', ASCENDING)]))
attempt('create_index positional cache_for', lambda: coll.create_index([('b', 1)], 60))
attempt('ensure_index after create_index', lambda: coll.ensure_index([('b', 1)]))
attempt('create_index named', lambda: coll.create_index('b', name='custom', unique=True,
                                                        background=True))
attempt('create_index ttl alias', lambda: coll.create_index('a', ttl=1))
attempt('create_index drop_dups', lambda: coll.create_index([('a', 1), ('b', 1)],
                                                            drop_dups=True))
attempt('empty key list', lambda: coll.create_index([]))
attempt('cache_for not a number', lambda: coll.create_index('a', cache_for='x'))
info = coll.index_information()
print('index_information', sorted(info))
print('custom', sorted(info['custom'].items()))
print('b_-1_a_1', info['b_-1_a_1']['key'])
attempt('drop_index by key list', lambda: coll.drop_index([('b', -1), ('a', 1)]))
attempt('ensure_index after drop_index', lambda: coll.ensure_index([('b', -1), ('a', 1)]))
attempt('drop_index unknown', lambda: coll.drop_index('nope_1'))
attempt('drop_index bad type', lambda: coll.drop_index(5))
attempt('short cache', lambda: coll.ensure_index('zz', cache_for=0.2))
time.sleep(0.3)
attempt('after expiry', lambda: coll.ensure_index('zz', cache_for=0.2))
attempt('drop_indexes', lambda: coll.drop_indexes())
print('after drop_indexes', sorted(coll.index_information()))
attempt('ensure_index after drop_indexes', lambda: coll.ensure_index('a'))
coll.drop()
attempt('ensure_index after drop', lambda: coll.ensure_index('a'))
