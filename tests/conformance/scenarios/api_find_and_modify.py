"""find_and_modify: arguments, validation and return shapes (2.8 spec 4.1)."""
import os

from bson.son import SON
from pymongo import MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__, str(exc)[:90])
    else:
        print(label, '->', result)


c = MongoClient(HOST, PORT, w=1, j=False)
coll = c.scen.fam
coll.drop()
coll.insert([{'_id': i, 'n': i} for i in range(5)])
attempt('pre-image', lambda: coll.find_and_modify({'_id': 1}, {'$inc': {'n': 10}}))
attempt('post-image', lambda: coll.find_and_modify({'_id': 1}, {'$inc': {'n': 10}}, new=True))
attempt('fields list', lambda: coll.find_and_modify({'_id': 2}, {'$set': {'x': 1}}, new=True,
                                                    fields=['x']))
attempt('no match', lambda: coll.find_and_modify({'_id': 99}, {'$set': {'x': 1}}))
attempt('upsert new=False', lambda: coll.find_and_modify({'_id': 50}, {'$set': {'x': 1}},
                                                         upsert=True))
attempt('upsert new=True', lambda: coll.find_and_modify({'_id': 51}, {'$set': {'x': 2}},
                                                        upsert=True, new=True))
attempt('sort list', lambda: coll.find_and_modify({'n': {'$lt': 5}}, {'$set': {'s': 1}},
                                                  sort=[('n', -1)], new=True))
attempt('sort SON', lambda: coll.find_and_modify({'n': {'$lt': 5}}, {'$set': {'s': 2}},
                                                 sort=SON([('n', 1)]), new=True))
attempt('sort multi-key dict', lambda: coll.find_and_modify({}, {'$set': {'s': 3}},
                                                            sort={'a': 1, 'b': 1}))
attempt('replacement', lambda: coll.find_and_modify({'_id': 3}, {'replaced': True}, new=True))
attempt('remove', lambda: coll.find_and_modify({'_id': 4}, remove=True))
attempt('remove missing', lambda: coll.find_and_modify({'_id': 4}, remove=True))
full = coll.find_and_modify({'_id': 0}, {'$set': {'f': 1}}, full_response=True, new=True)
print('full_response', sorted(full), full['value'], full['ok'],
      sorted(full['lastErrorObject'].items()))
attempt('neither', lambda: coll.find_and_modify({'_id': 0}))
attempt('both', lambda: coll.find_and_modify({'_id': 0}, {'$set': {'a': 1}}, remove=True))
print('left', sorted(d['_id'] for d in coll.find()))
