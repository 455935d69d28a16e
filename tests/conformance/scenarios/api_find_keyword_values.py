"""find() keyword values 2.8's MongoClient accepted (issue 10): per-query
read_preference/tag_sets were stored unchecked and ignored by a single
server (read_preference=7 ran), bools were ints for skip/limit; the
boolean options refused non-bools."""
import os
import warnings
warnings.simplefilter("ignore")
import pymongo
HOST, PORT = os.environ['LEGACY_TEST_HOST'], int(os.environ['LEGACY_TEST_PORT'])
coll = pymongo.MongoClient(HOST, PORT).fk.c
coll.insert({"_id": 1})
for kw in [dict(read_preference=False), dict(read_preference=2.0), dict(read_preference="secondary"),
           dict(read_preference="garbage"), dict(read_preference=7), dict(read_preference=None),
           dict(tag_sets=[{"dc": "ny"}]), dict(tag_sets="x"), dict(slave_okay="true"), dict(slave_okay=1),
           dict(timeout=0), dict(snapshot=1), dict(tailable=1), dict(partial=1), dict(await_data=1),
           dict(exhaust=1), dict(manipulate=0), dict(as_class=None), dict(compile_re=0),
           dict(max_scan=None), dict(skip=True), dict(limit=False), dict(fields=()), dict(fields="a"),
           dict(secondary_acceptable_latency_ms="x")]:
    try:
        r = list(coll.find(**kw))
        out = "ok %d" % len(r)
    except Exception as exc:
        out = type(exc).__name__
    print(sorted(kw.items()), out)
for args in [({"_id": 1}, None, 0, 0, True), ({"_id": 1}, ["a"], 0, 0, 1)]:
    try:
        print(args, len(list(coll.find(*args))))
    except Exception as exc:
        print(args, type(exc).__name__)
