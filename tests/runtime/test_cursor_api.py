"""The 2.8 Cursor API on legacy cursors (spec §4.2), checked on the wire."""
import copy
import re
import uuid
import warnings

import bson
import pytest
from bson.binary import Binary
from bson.code import Code
from bson.codec_options import TypeDecoder, TypeRegistry
from bson.regex import Regex
from bson.son import SON
from pymongo.errors import InvalidOperation, OperationFailure

import legacy_mongo
from legacy_mongo.runtime.cursor import Cursor, LegacyCursor
from legacy_mongo.warnings import LegacyMongoWarning

SESSION_KEYS = {"lsid", "$db", "$clusterTime", "$readPreference"}


@pytest.fixture
def coll(server):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = legacy_mongo.MongoClient(server.host_string, socketTimeoutMS=5000)
        collection = client.db.cur
        collection.drop()
        collection.insert([{"_id": i, "k": i % 2} for i in range(20)])
    server.clear_log()
    yield collection
    client.close()


def codes_of(fn, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args, **kwargs)
    return result, [w.message.code for w in caught if isinstance(w.message, LegacyMongoWarning)]


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def commands(server, op):
    return [{k: v for k, v in r.command.items() if k not in SESSION_KEYS}
            for r in server.log(app_only=True) if r.op == op]


def test_cursor_class_is_named_as_in_28(coll):
    cursor = coll.find()
    assert type(cursor) is Cursor is LegacyCursor
    assert type(cursor).__name__ == "Cursor"


def test_count_ignores_limit_and_skip_unless_asked(coll, server):
    cursor = coll.find({"k": 1}).skip(2).limit(5)
    assert codes_of(cursor.count) == (10, ["LM501"])
    assert quiet(cursor.count, True) == 5
    assert quiet(coll.find().skip(18).limit(5).count, True) == 2
    assert quiet(coll.find()[5:8].count, True) == 3
    plain, limited = commands(server, "count")[:2]
    assert plain == {"count": "cur", "query": {"k": 1}}
    assert limited == {"count": "cur", "query": {"k": 1}, "limit": 5, "skip": 2}
    with pytest.raises(TypeError, match="with_limit_and_skip must be an instance of bool"):
        quiet(cursor.count, 1)
    # count() neither consumes nor alters the cursor, before or after iteration
    assert len(list(cursor)) == 5 and quiet(cursor.count) == 10


def test_count_sends_hint_max_time_and_comment(coll, server):
    quiet(coll.find({"k": 0}).hint([("_id", 1)]).max_time_ms(500).comment("c").count)
    [cmd] = commands(server, "count")
    assert cmd["hint"] == {"_id": 1} and cmd["maxTimeMS"] == 500 and cmd["comment"] == "c"


def test_count_of_missing_collection_is_zero(coll):
    assert quiet(coll.database.nothing_here.find().count) == 0


def test_getitem_and_slices(coll):
    cursor = coll.find().sort("_id")
    assert cursor[3]["_id"] == 3 and cursor[7]["_id"] == 7  # original untouched
    assert [d["_id"] for d in coll.find().sort("_id")[3:6]] == [3, 4, 5]
    assert len(list(coll.find()[5:10][2:])) == 18  # last slice wins (2.8 test)
    assert list(coll.find()[4:4]) == []
    with pytest.raises(IndexError):
        coll.find()[50]
    with pytest.raises(IndexError):
        coll.find()[-1]
    with pytest.raises(TypeError):
        coll.find()["a"]


def test_sort_forms(coll):
    assert [d["_id"] for d in coll.find().sort("_id", -1).limit(2)] == [19, 18]
    assert [d["_id"] for d in coll.find().sort("_id").limit(2)] == [0, 1]
    assert [d["_id"] for d in coll.find().sort([("k", -1), ("_id", 1)]).limit(2)] == [1, 3]


def test_modifiers_after_iteration_raise(coll):
    cursor = coll.find()
    next(cursor)
    for call in (lambda: cursor.limit(1), lambda: cursor.skip(1), lambda: cursor.sort("k"),
                 lambda: cursor.hint("_id_"), lambda: cursor.where("1"),
                 lambda: quiet(cursor.max_scan, 3), lambda: cursor.batch_size(3)):
        with pytest.raises(InvalidOperation, match="cannot set options after executing query"):
            call()


def test_rewind_clone_alive_collection(coll):
    cursor = quiet(coll.find, {"k": 0}, as_class=SON, network_timeout=5).limit(3)
    first = [d["_id"] for d in cursor]
    assert cursor.alive is False
    assert cursor.rewind() is cursor and [d["_id"] for d in cursor] == first
    for clone in (cursor.clone(), copy.copy(cursor), copy.deepcopy(cursor)):
        assert type(clone) is Cursor
        docs = list(clone)
        assert [d["_id"] for d in docs] == first
        assert all(isinstance(d, SON) for d in docs)  # as_class survives cloning
        assert clone._legacy_network_timeout == 5
    assert cursor.collection == coll


def test_hint_validation(coll):
    with pytest.raises(TypeError, match=r"must use a list of \(key, direction\) pairs, not: 5"):
        coll.find().hint(5)
    assert [d["_id"] for d in coll.find({"k": 1}).hint("_id_").limit(2)] == [1, 3]
    assert coll.find().hint(None)._hint is None


def test_where_adds_to_the_callers_spec(coll, server):
    spec = {"k": 1}
    cursor = coll.find(spec).where("this._id > 3")
    assert spec["$where"] == Code("this._id > 3")
    assert cursor._spec is spec
    cursor.where(Code("this._id > 5"))
    assert spec["$where"] == Code("this._id > 5")  # last call wins
    _, codes = codes_of(coll.find().where, Code("x > y", {"y": 1}))
    assert codes == ["LM507"]  # Code with scope: refused by current servers
    _, codes = codes_of(coll.find().where, "this.a")
    assert codes == []
    with pytest.raises(TypeError):
        coll.find().where(5)


def test_max_scan_method_refused_when_sent(coll, server):
    cursor, codes = codes_of(coll.find().max_scan, 10)
    assert codes == ["LM502"]
    with pytest.raises(OperationFailure, match="max_time_ms"):
        next(cursor)
    assert commands(server, "find") == []


def test_conn_id_is_the_address(coll, server):
    cursor = coll.find()
    next(cursor)
    address, codes = codes_of(lambda: cursor.conn_id)
    assert codes == ["LM503"] and address == server.address


def test_add_option_legacy_bits_warn(coll):
    _, codes = codes_of(coll.find().add_option, 4)
    assert codes == ["LM505"]
    cursor, codes = codes_of(coll.find().add_option, 2)
    assert codes == [] and cursor._query_flags & 2


def test_explain_returns_the_server_document(coll, server):
    server.fail_command("explain", {"ok": 1, "queryPlanner": {"winningPlan": {"stage": "COLLSCAN"}},
                                    "executionStats": {"nReturned": 20}})
    plan, codes = codes_of(coll.find({"k": 1}).limit(3).explain)
    assert codes == ["LM506"]
    assert plan["queryPlanner"]["winningPlan"]["stage"] == "COLLSCAN"
    [cmd] = commands(server, "explain")
    assert cmd["explain"]["find"] == "cur" and cmd["explain"]["filter"] == {"k": 1}


def test_distinct_and_batch_size(coll):
    assert sorted(coll.find({"_id": {"$lt": 4}}).distinct("k")) == [0, 1]
    assert len(list(coll.find().batch_size(3))) == 20
    with pytest.raises(ValueError):
        coll.find().batch_size(-1)


def test_len_is_unsupported(coll):
    with pytest.raises(TypeError):
        len(coll.find())


def test_cursor_constructed_the_2x_way(coll, server):
    # 2.8: Cursor(collection, spec, fields, skip, limit, timeout, ...)
    cursor, codes = codes_of(Cursor, coll, {"k": 1}, ["k"], 1, 2, False)
    assert "LM717" in codes
    assert [d["_id"] for d in cursor] == [3, 5]
    [cmd] = commands(server, "find")
    assert cmd["noCursorTimeout"] is True and cmd["skip"] == 1 and cmd["limit"] == 2
    assert [d["_id"] for d in Cursor(coll, {"k": 0}, limit=2)] == [0, 2]  # PyMongo 4's form


def test_outgoing_manipulators_apply_unless_manipulate_false(coll):
    # The Database's outgoing SON manipulators (spec §4.5) run on every
    # result unless find(manipulate=False).
    # Registered through add_son_manipulator (the cursor reads the
    # database's manipulator lists directly, not a patched method).
    from legacy_mongo.runtime.son_manipulator import SONManipulator
    seen = []

    class Outgoing(SONManipulator):
        def will_copy(self):
            return True

        def transform_outgoing(self, son, collection):
            seen.append(collection.name)
            son = dict(son)
            son["seen"] = True
            return son

    made_before = coll.find({"_id": 3})
    quiet(coll.database.add_son_manipulator, Outgoing())
    assert coll.find_one({"_id": 1})["seen"] is True
    assert seen == ["cur"]
    # 2.8's Cursor.next asked the database at every document (cursor.py,
    # ``db._fix_outgoing`` in next()): a cursor made before the manipulator
    # was added still runs it.
    assert next(made_before)["seen"] is True
    assert "seen" not in quiet(coll.find_one, {"_id": 1}, manipulate=False)
    assert quiet(coll.find_and_modify, {"_id": 1}, {"$set": {"m": 1}},
                 manipulate=True)["seen"] is True
    assert "seen" not in quiet(coll.find_and_modify, {"_id": 1}, {"$set": {"m": 2}})
    assert all(d["seen"] for d in coll.aggregate([{"$match": {"k": 0}}], cursor={}))


_FAST_ITERATION_SCRIPT = r"""
import sys, warnings
warnings.simplefilter("ignore")
import legacy_mongo
from pymongo.synchronous.cursor import Cursor as ModernCursor
from legacy_mongo.runtime.cursor import Cursor
from legacy_mongo.runtime.son_manipulator import SONManipulator

class Marks(SONManipulator):
    def transform_outgoing(self, son, collection):
        son["seen"] = True
        return son

class IncomingOnly(SONManipulator):
    def transform_incoming(self, son, collection):
        return son

client = legacy_mongo.MongoClient(sys.argv[1], socketTimeoutMS=5000)
coll = client.db.fast_iteration
coll.drop()
coll.insert([{"_id": i} for i in range(3)])
cursor = coll.find().sort("_id", 1).batch_size(10)
first = next(cursor)
fast_before = Cursor.__next__ is ModernCursor.next
coll.database.add_son_manipulator(IncomingOnly())  # no outgoing hook: still fast
fast_after_incoming = Cursor.__next__ is ModernCursor.next
coll.database.add_son_manipulator(Marks())
second = next(cursor)
print(fast_before, fast_after_incoming, "seen" in first, second.get("seen"),
      Cursor.__next__ is Cursor.next)
"""


def test_iteration_is_pymongos_until_an_outgoing_manipulator_exists(server):
    # A fresh process: the switch is process-wide and one-way, and other
    # tests here add manipulators.  The cursor made (and half read) before
    # the manipulator still runs it on its next document, as 2.8's
    # Cursor.next asked the database at every document (test above).
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", _FAST_ITERATION_SCRIPT, server.host_string],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "True", "False", "True", "True"]


def test_query_errors_read_as_in_28(coll, server):
    from pymongo.errors import CursorNotFound, ExecutionTimeout

    # 2.8 helpers._unpack_response: "database error: <$err>", bare message
    # for code 50, "cursor id '<id>' not valid at server" on a getMore.
    server.fail_command("find", {"ok": 0, "code": 2, "errmsg": "bad query"})
    with pytest.raises(OperationFailure) as info:
        list(coll.find({"k": 1}))
    assert type(info.value) is OperationFailure
    assert str(info.value) == "database error: bad query" and info.value.code == 2
    server.fail_command("find", {"ok": 0, "code": 50, "errmsg": "operation exceeded time limit"})
    with pytest.raises(ExecutionTimeout) as info:
        list(coll.find())
    assert str(info.value) == "operation exceeded time limit"
    cursor = coll.find().batch_size(2)
    next(cursor)
    server.fail_command("getMore", {"ok": 0, "code": 43, "errmsg": "cursor id 1 not found"})
    with pytest.raises(CursorNotFound) as info:
        list(cursor)
    assert str(info.value) == "cursor id '%s' not valid at server" % (cursor.cursor_id,)


def test_distinct_and_count_errors_read_as_in_28(coll, server):
    from pymongo.errors import ExecutionTimeout

    server.fail_command("distinct", {"ok": 0, "code": 123, "errmsg": "bad distinct"})
    with pytest.raises(OperationFailure) as info:
        coll.distinct("k")
    assert str(info.value) == ("command SON([('distinct', 'cur'), ('key', 'k')]) on namespace "
                               "db.$cmd failed: bad distinct")
    server.fail_command("count", {"ok": 0, "code": 50, "errmsg": "operation exceeded time limit"})
    with pytest.raises(ExecutionTimeout) as info:
        quiet(coll.find().count)
    assert str(info.value) == "operation exceeded time limit"


class _RegexAsSource(TypeDecoder):
    """An application's own decoder: a BSON regex becomes its pattern string."""

    bson_type = Regex

    def transform_bson(self, value):
        return value.pattern


def test_replies_are_decoded_in_c_unless_the_application_has_decoders(coll, monkeypatch):
    """The shim's own decoders (compile_re, 2.8's UUID decoding) would send
    every cursor reply through PyMongo's Python decoding path; they are
    applied by the C decoder instead, with 2.8's results.  A decoder of the
    application's keeps PyMongo's path, which shows it only the documents."""
    calls = []  # PyMongo's Python path: replies decoded with type decoders
    selective = bson._decode_all_selective

    def spy(data, codec_options, fields):
        if codec_options.type_registry._decoder_map:
            calls.append(fields)
        return selective(data, codec_options, fields)

    monkeypatch.setattr(bson, "_decode_all_selective", spy)
    value = uuid.uuid4()
    quiet(coll.insert, {"_id": "typed", "r": Regex("^a", "i"), "u": Binary(value.bytes, 4),
                        "nested": [{"r": Regex("b")}]})
    document = coll.find_one({"_id": "typed"})
    assert document["r"] == re.compile("^a", re.IGNORECASE)
    assert document["nested"][0]["r"] == re.compile("b")
    assert document["u"] == value
    assert list(coll.find({"_id": "typed"}, compile_re=False))[0]["r"] == Regex("^a", "i")
    assert calls == []
    own = coll.with_options(codec_options=coll.codec_options.with_options(
        type_registry=TypeRegistry([_RegexAsSource()])))
    assert own.find_one({"_id": "typed"})["r"] == "^a"
    assert len(calls) == 1


def test_decode_options_are_built_once_per_codec_options():
    # CodecOptions are unhashable (their TypeRegistry is): the cache is keyed
    # on identity, and must hit for the same object.
    from bson.codec_options import CodecOptions

    from legacy_mongo.runtime.cursor import _decode_options

    options = CodecOptions()
    first = _decode_options(options)
    assert first is not options and Regex in first.type_registry._decoder_map
    assert _decode_options(options) is first
    assert _decode_options(CodecOptions()) is not first


def test_find_ignores_keywords_28_did_not_know_and_says_so(coll):
    # 2.8.1's Cursor.__init__ took **kwargs and only read network_timeout from
    # them: find(_id=1) matched every document (mongokit's test_unwrapped_cursor).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        coll.insert([{"_id": "k1"}, {"_id": "k2"}])
        everything = sorted(str(doc["_id"]) for doc in coll.find())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = sorted(str(doc["_id"]) for doc in coll.find(_id="k1"))
    assert found == everything and len(found) > 1
    (ignored,) = [w for w in caught if issubclass(w.category, UserWarning)
                  and not issubclass(w.category, DeprecationWarning)]
    assert "_id" in str(ignored.message) and ignored.filename == __file__


def test_cursor_constructor_ignores_keywords_28_did_not_know(coll):
    # MongoLite 1.5's Cursor subclass is built as Cursor(collection, *args,
    # **kwargs) from its own find(), so unknown keywords reach the
    # constructor directly.  2.8.1 (checked with the oracle):
    # Cursor(coll, _id=1) iterates every document, Cursor(coll, {'_id': 2},
    # bogus=3) only _id 2, and a subclass's super().__init__ does the same.
    class Sub(Cursor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert len(list(Cursor(coll, _id=1))) == 20
        assert [doc["_id"] for doc in Cursor(coll, {"_id": 2}, bogus=3)] == [2]
        assert Sub(coll, _id=1)[0] == {"_id": 0, "k": 0}
    ignored = [w for w in caught if issubclass(w.category, UserWarning)
               and "ignored" in str(w.message)]
    assert len(ignored) == 3 and "bogus" in str(ignored[1].message)


def test_clones_of_a_subclass_are_base_cursors(coll):
    # 2.8's _clone_base was Cursor(self.__collection): mogo's Cursor(model,
    # spec) subclass is never rebuilt for cursor[0], count() or clone();
    # PyMongo 4 calls self.__class__(collection, session=...) (conformance
    # scenario api_cursor_subclass_clones).
    built = []

    class Model:
        collection = coll

    class ModelCursor(Cursor):
        def __init__(self, model, spec=None, *args, **kwargs):
            built.append(model)
            Cursor.__init__(self, model.collection, spec, *args, **kwargs)

    cursor = ModelCursor(Model, {})
    assert type(cursor.clone()) is LegacyCursor
    assert cursor[0] is not None
    assert built == [Model]
