"""group, map_reduce, inline_map_reduce: commands sent and 2.8's return shapes.

The test server runs no JavaScript, so both drivers get the same canned replies.
(Every directive line ends with a comment: the harness's directive pattern lets
a line without one swallow the next line.)
"""
# conformance: fail_command=group {"ok": 1, "retval": [{"k": 0, "n": 3.0}, {"k": 1, "n": 2.0}], "count": 5, "keys": 2}  # noqa: E501
# conformance: fail_command=group {"ok": 1, "retval": [{"a": 1, "n": 5.0}], "count": 5, "keys": 1}  # noqa: E501
# conformance: fail_command=mapreduce {"ok": 1, "result": "mr_out", "timeMillis": 3, "counts": {"input": 5}}  # noqa: E501
# conformance: fail_command=mapreduce {"ok": 1, "result": {"db": "other", "collection": "mr_out2"}, "timeMillis": 3}  # noqa: E501
# conformance: fail_command=mapreduce {"ok": 1, "result": "mr_out", "timeMillis": 7}  # noqa: E501
# conformance: fail_command=mapreduce {"ok": 1, "results": [{"_id": 0, "value": 3.0}, {"_id": 1, "value": 2.0}], "timeMillis": 1}  # noqa: E501
# conformance: fail_command=mapreduce {"ok": 1, "results": [{"_id": 0, "value": 3.0}], "timeMillis": 2}  # noqa: E501
import os

from bson.son import SON
from pymongo import MongoClient

HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])


def attempt(label, fn):
    try:
        result = fn()
    except Exception as exc:
        print(label, '->', type(exc).__name__, str(exc)[:80])
    else:
        print(label, '->', result)


c = MongoClient(HOST, PORT)
coll = c.scen.grp
coll.drop()
coll.insert([{'_id': i, 'k': i % 2} for i in range(5)])
reduce_js = 'function(obj, prev) { prev.n++; }'
attempt('group by key list', lambda: coll.group(['k'], {}, {'n': 0}, reduce_js))
attempt('group by keyf', lambda: coll.group('function(d) { return {a: 1}; }', {'k': {'$gte': 0}},
                                            {'n': 0}, reduce_js, finalize='function(r) {}'))
out = coll.map_reduce('function() { emit(this.k, 1); }', 'function(k, v) { return 1; }',
                      'mr_out', query={'k': {'$gte': 0}})
print('map_reduce to a collection', out.full_name, out == c.scen.mr_out)
out = coll.map_reduce('m', 'r', SON([('replace', 'mr_out2'), ('db', 'other')]))
print('map_reduce to another db', out.full_name)
full = coll.map_reduce('m', 'r', 'mr_out', full_response=True)
print('full_response', sorted(full.items()))
attempt('out not str or dict', lambda: coll.map_reduce('m', 'r', 5))  # noqa: E501
attempt('inline', lambda: coll.inline_map_reduce('m', 'r'))
attempt('inline full', lambda: sorted(coll.inline_map_reduce('m', 'r', full_response=True)))
