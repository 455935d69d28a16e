"""Write concern of the 2.x clients, proven on the wire (spec §2).

Every expectation below comes from the PyMongo 2.8 semantics document
(/work/shared/reference/pymongo-2.8-semantics.md §2.2-§2.8) or from 2.8.1's
own code (``pymongo/common.py`` in the oracle virtualenv), never from the
shim's output.  A write is "acknowledged" when the server log shows an
OP_MSG without moreToCome that was answered; "unacknowledged" when it was
sent with moreToCome and the server sent nothing back.  The options 2.8 sent
with getlasterror must arrive as exactly the ``writeConcern`` document
(absent when they are empty, i.e. the server default).

Unacknowledged writes are checked with a 3 s socket timeout: a shim that
waited for a reply would fail with a timeout instead of hanging.
"""
import time
import warnings

import pytest
from pymongo.errors import (
    ConfigurationError,
    DuplicateKeyError,
    InvalidOperation,
    OperationFailure,
)
from pymongo.write_concern import WriteConcern

import legacy_mongo
from legacy_mongo.runtime import pinning
from legacy_mongo.warnings import LegacyMongoWarning
from tests.runtime.support import wire_records

SHORT = {"socketTimeoutMS": 3000, "connectTimeoutMS": 3000}
ACK, UNACK = True, False
DEFERRED_ACK = {"w": 1, "wtimeout": 0}
WRITES = ("insert", "update", "delete")


# -- helpers ---------------------------------------------------------------------


@pytest.fixture
def make(server):
    """make('Connection' | 'MongoClient', *args, **kw): a legacy client on the
    test server, constructed with every warning silenced."""
    clients = []

    def make(class_name="MongoClient", host=None, **kwargs):
        for key, value in SHORT.items():
            kwargs.setdefault(key, value)
        cls = getattr(legacy_mongo, class_name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client = cls(server.host_string if host is None else host, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def wire_writes(server, count=1, timeout=5.0):
    """The write records in arrival order, once *count* have arrived."""
    return wire_records(server, WRITES, count, timeout)


def assert_wire(record, acknowledged, options=None):
    """*record* arrived acknowledged with exactly *options* as writeConcern
    (absent for {}), or unacknowledged (moreToCome, no reply)."""
    assert record.kind == "OP_MSG"
    if acknowledged:
        assert record.more_to_come is False, record
        assert record.reply is not None, record
        expected = dict(options) if options else None
        assert record.write_concern == expected, (record.write_concern, expected)
    elif not record.more_to_come:
        # Inside a request (every Connection() thread is in one) legacy-mongo
        # sends a w=0 write acknowledged and reads its reply only later, for
        # the getlasterror model (outcomes.py); {w: 1, wtimeout: 0} marks it.
        assert record.write_concern == DEFERRED_ACK, record.write_concern
    else:
        assert record.more_to_come is True, record
        assert record.acknowledged is False
        assert record.reply is None, record
        # PyMongo 4 spells an unacknowledged write {w: 0}; nothing else rides along.
        assert record.write_concern in (None, {"w": 0}), record.write_concern


def only_write(server, acknowledged, options=None):
    [record] = wire_writes(server, 1)
    assert_wire(record, acknowledged, options)
    # Exactly one write reached the server (nothing retried, nothing extra).
    time.sleep(0.02)
    assert len(wire_writes(server, 1, timeout=0)) == 1
    return record


def legacy_codes(caught):
    return [w.message.code for w in caught if isinstance(w.message, LegacyMongoWarning)]


def user_warnings(caught):
    return [w for w in caught if w.category is UserWarning]


# -- §2.2: how safe is derived at construction --------------------------------------

SCHEME = "mongodb://"

# (class, host suffix (URI options) or None, kwargs, safe, write_concern, ack, sent, conflict)
DERIVATION = [
    ("Connection", None, {}, False, {}, UNACK, None, False),
    ("MongoClient", None, {}, True, {}, ACK, {}, False),
    ("Connection", None, {"w": 1}, True, {"w": 1}, ACK, {"w": 1}, False),
    ("MongoClient", None, {"w": 1}, True, {"w": 1}, ACK, {"w": 1}, False),
    ("Connection", None, {"safe": False, "w": 1}, True, {"w": 1}, ACK, {"w": 1}, False),
    ("MongoClient", None, {"safe": False, "w": 1}, True, {"w": 1}, ACK, {"w": 1}, False),
    ("MongoClient", None, {"wtimeout": 1000, "safe": False}, True, {"wtimeout": 1000}, ACK,
     {"wtimeout": 1000}, False),
    ("Connection", None, {"safe": True, "w": 0}, False, {"w": 0}, UNACK, None, False),
    ("MongoClient", None, {"safe": True, "w": 0}, False, {"w": 0}, UNACK, None, False),
    ("Connection", None, {"w": 0, "j": True}, True, {"w": 0, "j": True}, UNACK, None, True),
    ("MongoClient", None, {"w": 0, "j": True}, True, {"w": 0, "j": True}, UNACK, None, True),
    ("MongoClient", None, {"w": 0, "wtimeout": 1000}, True, {"w": 0, "wtimeout": 1000}, UNACK,
     None, True),
    ("Connection", None, {"j": True}, True, {"j": True}, ACK, {"j": True}, False),
    ("MongoClient", None, {"j": True}, True, {"j": True}, ACK, {"j": True}, False),
    ("Connection", None, {"journal": True}, True, {"j": True}, ACK, {"j": True}, False),
    ("MongoClient", None, {"journal": True}, True, {"j": True}, ACK, {"j": True}, False),
    ("Connection", None, {"wtimeout": 100}, True, {"wtimeout": 100}, ACK, {"wtimeout": 100}, False),
    ("MongoClient", None, {"wtimeout": 100}, True, {"wtimeout": 100}, ACK, {"wtimeout": 100},
     False),
    ("Connection", None, {"wtimeoutMS": 5}, True, {"wtimeout": 5}, ACK, {"wtimeout": 5}, False),
    ("MongoClient", None, {"wtimeoutMS": 5}, True, {"wtimeout": 5}, ACK, {"wtimeout": 5}, False),
    ("Connection", None, {"w": "majority"}, True, {"w": "majority"}, ACK, {"w": "majority"},
     False),
    ("MongoClient", None, {"w": "majority"}, True, {"w": "majority"}, ACK, {"w": "majority"},
     False),
    ("Connection", None, {"fsync": True}, True, {"fsync": True}, ACK, {"fsync": True}, False),
    ("MongoClient", None, {"fsync": True}, True, {"fsync": True}, ACK, {"fsync": True}, False),
    ("Connection", "/?safe=true", {}, True, {}, ACK, {}, False),
    ("Connection", "/?w=1", {}, True, {"w": 1}, ACK, {"w": 1}, False),
    ("MongoClient", "/?w=0", {}, False, {"w": 0}, UNACK, None, False),
    ("MongoClient", "/?safe=false", {}, False, {}, UNACK, None, False),
    ("MongoClient", "/?journal=true", {}, True, {"j": True}, ACK, {"j": True}, False),
    ("MongoClient", "/?wtimeoutMS=7", {}, True, {"wtimeout": 7}, ACK, {"wtimeout": 7}, False),
    # URI options override keywords (§1.3).
    ("MongoClient", "/?w=0", {"w": 1}, False, {"w": 0}, UNACK, None, False),
    ("Connection", "/?safe=false", {"safe": True}, False, {}, UNACK, None, False),
]


def _derivation_id(row):
    cls, uri, kwargs = row[:3]
    return "%s(%s%s)" % (cls, uri or "", ",".join("%s=%r" % kv for kv in kwargs.items()))


@pytest.mark.parametrize("row", DERIVATION, ids=[_derivation_id(r) for r in DERIVATION])
def test_constructor_derivation_on_the_wire(server, make, row):
    cls, uri, kwargs, safe, write_concern, acknowledged, sent, conflict = row
    host = SCHEME + server.host_string + uri if uri else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = getattr(legacy_mongo, cls)(host or server.host_string, **dict(SHORT, **kwargs))
    try:
        conflicts = [w for w in user_warnings(caught) if "Conflicting write concerns" in str(w.message)]
        assert len(conflicts) == (1 if conflict else 0), [str(w.message) for w in caught]
        assert client.safe is safe
        assert client.write_concern == write_concern
        coll = quiet(lambda: client.db.coll)
        quiet(coll.insert, {"x": 1})
        only_write(server, acknowledged, sent)
    finally:
        client.close()


def test_string_digit_w_becomes_an_int_and_is_sent(server, make):
    client = make("MongoClient", w="2")
    assert (client.safe, client.write_concern) == (True, {"w": 2})
    # A standalone refuses w:2: the point is that it was asked for it.
    with pytest.raises(OperationFailure):
        quiet(client.db.coll.insert, {"x": 1})
    only_write(server, ACK, {"w": 2})


def test_j_and_fsync_together_reach_the_server_which_rejects_them(server, make):
    # §2.2 last row / §2.8: not validated client-side; the server answers
    # with an error that 2.8 raised as OperationFailure.
    client = make("MongoClient", w=1, fsync=True, j=True)
    assert (client.safe, client.write_concern) == (True, {"w": 1, "fsync": True, "j": True})
    with pytest.raises(OperationFailure):
        quiet(client.db.coll.insert, {"x": 1})
    only_write(server, ACK, {"w": 1, "fsync": True, "j": True})


# -- §2.5: per-call resolution ------------------------------------------------------

# Object states reached by construction: (class, kwargs, safe, write concern).
STATES = {
    "Connection()": ("Connection", {}, False, {}),
    "MongoClient()": ("MongoClient", {}, True, {}),
    "MongoClient(w=0)": ("MongoClient", {"w": 0}, False, {"w": 0}),
    "MongoClient(w=1,wtimeout=100)": ("MongoClient", {"w": 1, "wtimeout": 100}, True,
                                      {"w": 1, "wtimeout": 100}),
    "Connection(j=True)": ("Connection", {"j": True}, True, {"j": True}),
}


def expected_for(per_call, state_wc):
    """The §2.5 decision table, row by row ("any" rows)."""
    safe = per_call.get("safe")
    options = {k: v for k, v in per_call.items() if k != "safe"}
    rows = {
        (("safe", True),): (ACK, {} if state_wc.get("w") == 0 else state_wc),
        (("safe", False),): (UNACK, None),
        (("w", 0),): (UNACK, None),
        (("w", 1),): (ACK, {"w": 1}),
        (("j", True),): (ACK, {"j": True}),
        (("safe", False), ("w", 1)): (ACK, {"w": 1}),
        (("safe", False), ("j", True)): (ACK, {"j": True}),
        (("safe", True), ("w", 0)): (UNACK, None),
        (("j", True), ("w", 0)): (UNACK, None),
        (("wtimeout", 50),): (ACK, {"wtimeout": 50}),
        (("safe", True), ("w", "majority")): (ACK, {"w": "majority"}),
    }
    key = tuple(sorted(per_call.items(), key=lambda kv: (kv[0] != "safe", kv[0])))
    assert (safe is not None or options) and key in rows, key
    return rows[key]


PER_CALL = [
    {"safe": True}, {"safe": False}, {"w": 0}, {"w": 1}, {"j": True},
    {"safe": False, "w": 1}, {"safe": False, "j": True}, {"safe": True, "w": 0},
    {"w": 0, "j": True}, {"wtimeout": 50}, {"safe": True, "w": "majority"},
]


@pytest.mark.parametrize("per_call", PER_CALL, ids=[repr(p) for p in PER_CALL])
@pytest.mark.parametrize("state", list(STATES))
def test_per_call_options_on_the_wire(server, make, state, per_call):
    cls, kwargs, safe, write_concern = STATES[state]
    client = make(cls, **kwargs)
    coll = quiet(lambda: client.db.coll)
    assert (coll.safe, coll.write_concern) == (safe, write_concern)
    acknowledged, sent = expected_for(per_call, write_concern)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        coll.insert({"x": 1}, **per_call)
    # Per-call conflicts (w=0 with j) never warn (§1.9); safe= warns LM301.
    assert not user_warnings(caught)
    assert ("LM301" in legacy_codes(caught)) == ("safe" in per_call)
    # Write-concern keywords on the call warn LM307 (safe= alone does not).
    assert ("LM307" in legacy_codes(caught)) == (set(per_call) != {"safe"})
    only_write(server, acknowledged, sent)
    # The call did not change the object.
    assert (coll.safe, coll.write_concern) == (safe, write_concern)


def test_fsync_and_j_per_call_reach_the_server(server, make):
    client = make("MongoClient", w=1)
    with pytest.raises(OperationFailure):
        quiet(client.db.coll.insert, {"x": 1}, fsync=True, j=True)
    only_write(server, ACK, {"fsync": True, "j": True})


def test_per_call_options_replace_the_collections(server, make):
    # §2.5 2a: MongoClient(w=2, wtimeout=100).db.c.insert(doc, j=True) sends only {j: true}.
    client = make("MongoClient", w=2, wtimeout=100)
    quiet(client.db.c.insert, {"x": 1}, j=True)
    only_write(server, ACK, {"j": True})


# States §2.5 lists explicitly, reached by the mutators 2.x code used.
def _coll_safe_true_w0(client):
    coll = client.db.coll
    coll.safe = True
    coll.write_concern.update(w=0)
    return coll


def _coll_safe_false_w1(client):
    coll = client.db.coll
    coll.safe = False
    coll.write_concern.update(w=1)
    return coll


def _conn_coll_j_via_property(client):
    coll = client.db.coll
    coll.write_concern["j"] = True
    return coll


def _client_w0_j(client):
    return client.db.coll


MUTATED_STATES = [
    # (name, class, kwargs, setup, safe, wc, ack, sent)
    ("(True,{w:0}) via coll.safe=True; update(w=0)", "MongoClient", {}, _coll_safe_true_w0,
     True, {"w": 0}, UNACK, None),
    ("(False,{w:1}) via coll.safe=False; update(w=1)", "MongoClient", {}, _coll_safe_false_w1,
     False, {"w": 1}, ACK, {"w": 1}),
    ("(False,{j:true}) via Connection coll.write_concern['j']", "Connection", {},
     _conn_coll_j_via_property, False, {"j": True}, UNACK, None),
    ("(True,{w:0,j:true}) MongoClient(w=0,j=True)", "MongoClient", {"w": 0, "j": True},
     _client_w0_j, True, {"w": 0, "j": True}, UNACK, None),
]


@pytest.mark.parametrize("row", MUTATED_STATES, ids=[r[0] for r in MUTATED_STATES])
def test_object_state_with_nothing_per_call(server, make, row):
    _, cls, kwargs, setup, safe, write_concern, acknowledged, sent = row
    client = make(cls, **kwargs)
    coll = quiet(setup, client)
    assert (coll.safe, coll.write_concern) == (safe, write_concern)
    quiet(coll.insert, {"x": 1})
    only_write(server, acknowledged, sent)


@pytest.mark.parametrize("row", MUTATED_STATES, ids=[r[0] for r in MUTATED_STATES])
def test_object_state_with_safe_true_per_call(server, make, row):
    # "any | safe=True": the object's wc, or {} when the object's w is 0.
    _, cls, kwargs, setup, safe, write_concern, _, _ = row
    client = make(cls, **kwargs)
    coll = quiet(setup, client)
    quiet(coll.insert, {"x": 1}, safe=True)
    only_write(server, ACK, {} if write_concern.get("w") == 0 else write_concern)


def test_mongo_client_w0_duplicates_per_test_common(server, make):
    # test_common.py::TestCommon.test_mongo_client: with MongoClient(w=0),
    # insert(doc) twice, safe=False and w=0 "succeed"; safe=True and w=1 raise.
    client = make("MongoClient", w=0)
    coll = client.db.coll
    doc = {"_id": 1}
    assert quiet(coll.insert, doc)
    assert quiet(coll.insert, doc)
    assert quiet(coll.insert, doc, safe=False)
    assert quiet(coll.insert, doc, w=0)
    with pytest.raises(OperationFailure):
        quiet(coll.insert, doc, safe=True)
    with pytest.raises(OperationFailure):
        quiet(coll.insert, doc, w=1)
    plain = make("MongoClient").db.coll
    with pytest.raises(DuplicateKeyError):
        quiet(plain.insert, doc)


def test_connection_default_inserts_duplicates_silently(server, make):
    # test_legacy_connections.py::TestConnection.test_connection.
    coll = make("Connection").db.coll
    quiet(coll.insert, {"_id": 1})
    quiet(coll.insert, {"_id": 1})
    records = wire_writes(server, 2)
    for record in records:
        assert_wire(record, UNACK)


# -- every write method, at every level ---------------------------------------------

def _do_insert(coll, **kw):
    return coll.insert({"k": "new"}, **kw)


def _do_insert_list(coll, **kw):
    return coll.insert([{"k": "a"}, {"k": "b"}], **kw)


def _do_update(coll, **kw):
    return coll.update({"k": "seed"}, {"$set": {"y": 1}}, **kw)


def _do_remove(coll, **kw):
    return coll.remove({"k": "seed"}, **kw)


def _do_save_new(coll, **kw):
    return coll.save({"k": "new"}, **kw)


def _do_save_existing(coll, **kw):
    return coll.save({"_id": "seed", "k": "seed", "y": 2}, **kw)


OPERATIONS = {
    "insert": (_do_insert, "insert"),
    "insert-list": (_do_insert_list, "insert"),
    "update": (_do_update, "update"),
    "remove": (_do_remove, "delete"),
    "save-new": (_do_save_new, "insert"),
    "save-existing": (_do_save_existing, "update"),
}


def _level_client(make):
    return quiet(lambda: make("MongoClient", w=0).db.coll)


def _level_client_connection(make):
    return quiet(lambda: make("Connection").db.coll)


def _level_database(make):
    client = make("MongoClient")
    db = client.db
    quiet(db.set_lasterror_options, w=0)
    return db.coll


def _level_collection(make):
    client = make("Connection", safe=True)
    coll = client.db.coll
    coll.write_concern = {"w": 0}
    return coll


LEVELS = {
    # name: (object factory, unacknowledged by default)
    "client MongoClient(w=0)": _level_client,
    "client Connection()": _level_client_connection,
    "database set_lasterror_options(w=0)": _level_database,
    "collection write_concern={'w': 0}": _level_collection,
}


def _seed(server):
    server.backend.db.coll.replace_one({"_id": "seed"}, {"k": "seed"}, upsert=True)


ORDERED_UNACK_LIST = pytest.mark.xfail(
    strict=True,
    reason="KNOWN DEVIATION, kept on purpose (see the wc_insert_return_values scenario): "
    "PyMongo 4 sends an ordered insert_many with w=0 as an acknowledged command (server "
    "default write concern, reply discarded) so that it stops at the first error as 2.8's "
    "OP_INSERT did; the data outcome is 2.8's, the wire (and the wait) is not. "
    "ordered=False for unacknowledged inserts in collection.py would make these pass "
    "but insert the documents after a failing one. Inside a request (the Connection "
    "levels) the deferred acknowledgement of outcomes.py sends it without waiting",
)
IN_A_REQUEST = (("client Connection()", "collection write_concern={'w': 0}")
                if pinning.DEFERRED_REPLIES else ())


def _level_operation_params():
    for level in LEVELS:
        for operation in OPERATIONS:
            marks = ([ORDERED_UNACK_LIST]
                     if operation == "insert-list" and level not in IN_A_REQUEST else [])
            yield pytest.param(level, operation, marks=marks, id="%s-%s" % (level, operation))


@pytest.mark.parametrize("level,operation", list(_level_operation_params()))
def test_every_write_method_unacknowledged_then_acknowledged(server, make, level, operation):
    do, op = OPERATIONS[operation]
    _seed(server)
    coll = LEVELS[level](make)
    result = quiet(do, coll)
    [record] = wire_writes(server, 1)
    assert record.op == op
    assert_wire(record, UNACK)
    if operation in ("update", "remove"):
        assert result is None  # §2.7: unacknowledged update/remove return None
    server.clear_log()
    _seed(server)
    # Per-call options turn that very object acknowledged for one call.
    result = quiet(do, coll, w=1, wtimeout=10)
    [record] = wire_writes(server, 1)
    assert record.op == op
    assert_wire(record, ACK, {"w": 1, "wtimeout": 10})
    if operation in ("update", "remove"):
        assert result["n"] == 1 and result["ok"] == 1
    server.clear_log()
    _seed(server)
    result = quiet(do, coll, safe=True)
    [record] = wire_writes(server, 1)
    assert_wire(record, ACK, {})  # safe=True on a w=0 object: no options


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_every_write_method_acknowledged_with_object_options(server, make, operation):
    do, op = OPERATIONS[operation]
    _seed(server)
    coll = make("Connection", wtimeout=500, j=True).db.coll
    quiet(do, coll)
    [record] = wire_writes(server, 1)
    assert record.op == op
    assert_wire(record, ACK, {"wtimeout": 500, "j": True})
    server.clear_log()
    if operation != "insert-list":  # see test_ordered_unacknowledged_list_insert
        quiet(do, coll, safe=False)
        [record] = wire_writes(server, 1)
        assert_wire(record, UNACK)


@pytest.mark.parametrize("cls,kwargs,per_call", [
    pytest.param("Connection", {}, {},  # in a request: deferred, as IN_A_REQUEST
                 marks=[] if pinning.DEFERRED_REPLIES else [ORDERED_UNACK_LIST]),
    pytest.param("MongoClient", {"w": 0}, {}, marks=ORDERED_UNACK_LIST),
    pytest.param("MongoClient", {}, {"safe": False}, marks=ORDERED_UNACK_LIST),
    pytest.param("MongoClient", {}, {"w": 0}, marks=ORDERED_UNACK_LIST),
])
def test_ordered_unacknowledged_list_insert(server, make, cls, kwargs, per_call):
    coll = make(cls, **kwargs).db.coll
    quiet(coll.insert, [{"_id": 1}, {"_id": 1}, {"_id": 2}], **per_call)
    only_write(server, UNACK)


@pytest.mark.parametrize("cls,kwargs", [("Connection", {}), ("MongoClient", {"w": 0})])
def test_continue_on_error_unacknowledged_list_insert(server, make, cls, kwargs):
    coll = make(cls, **kwargs).db.coll
    quiet(coll.insert, [{"_id": 1}, {"_id": 1}, {"_id": 2}], continue_on_error=True)
    record = only_write(server, UNACK)
    assert record.command["ordered"] is False


# -- §2.3: children snapshot their parent at creation -------------------------------

def test_baseobject_sequence(server, make):
    """test_common.py::TestCommon.test_baseobject, write-concern part."""
    client = make("MongoClient")
    db = client.db
    coll = db.coll
    assert (client.safe, db.safe, coll.safe) == (True, True, True)
    assert client.write_concern == db.write_concern == coll.write_concern == {}

    quiet(coll.set_lasterror_options, fsync=True)
    assert quiet(coll.get_lasterror_options) == {"fsync": True}
    assert quiet(db.get_lasterror_options) == {}
    assert quiet(client.get_lasterror_options) == {}

    quiet(db.set_lasterror_options, w="majority")
    assert quiet(coll.get_lasterror_options) == {"fsync": True}
    assert quiet(db.get_lasterror_options) == {"w": "majority"}
    coll2 = db.coll2
    assert quiet(coll2.get_lasterror_options) == {"w": "majority"}
    assert quiet(client.get_lasterror_options) == {}

    quiet(coll.unset_lasterror_options)
    assert quiet(coll.get_lasterror_options) == {}
    assert coll.safe is True  # unset never changes safe

    quiet(coll.insert, {"x": 1})
    quiet(coll2.insert, {"x": 2})
    first, second = wire_writes(server, 2)
    assert_wire(first, ACK, {})
    assert_wire(second, ACK, {"w": "majority"})

    # MongoClient(wtimeout=1000, safe=False).safe is True.
    assert make("MongoClient", wtimeout=1000, safe=False).safe is True
    # coll.safe=False; coll.write_concern.update(w=1) -> (False, {'w': 1}), acknowledged.
    c3 = client.db.c3
    quiet(setattr, c3, "safe", False)
    c3.write_concern.update(w=1)
    assert (c3.safe, c3.write_concern) == (False, {"w": 1})


def test_children_do_not_see_later_parent_changes(server, make):
    client = make("MongoClient")
    db = client.db
    old = db.coll
    quiet(db.set_lasterror_options, w=0)
    new = db.coll
    assert (old.safe, old.write_concern) == (True, {})
    assert (new.safe, new.write_concern) == (False, {"w": 0})
    quiet(old.insert, {"x": "old"})
    quiet(new.insert, {"x": "new"})
    first, second = wire_writes(server, 2)
    assert first.command["documents"][0]["x"] == "old"
    assert_wire(first, ACK, {})
    assert_wire(second, UNACK)
    # A child's change never reaches its parent or siblings.
    quiet(new.set_lasterror_options, j=True)
    assert db.write_concern == {"w": 0} and client.write_concern == {}
    assert db.coll.write_concern == {"w": 0}


def test_connection_db_is_safe_after_client_write_concern_item(server, make):
    # §2.3: c = Connection(); c.write_concern['j'] = True -> c.safe False,
    # c.db.safe True, c.db.coll.insert() acknowledged with {j: true}.
    c = make("Connection")
    c.write_concern["j"] = True
    assert c.safe is False
    assert c.db.safe is True
    quiet(c.db.coll.insert, {"x": 1})
    only_write(server, ACK, {"j": True})


def test_mongo_client_write_concern_w0_children_unsafe(server, make):
    # §2.3: MongoClient().write_concern = {'w': 0} keeps client.safe True,
    # children get safe=False, and writes are unacknowledged.
    c = make("MongoClient")
    c.write_concern = {"w": 0}
    assert c.safe is True
    assert c.db.safe is False
    quiet(c.db.coll.insert, {"x": 1})
    only_write(server, UNACK)


def test_child_of_conflicting_parent_warns_again(make):
    # 2.8's Database re-runs BaseObject.__init__ with the client's items.
    client = make("MongoClient", w=0, j=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        db = client.db
    assert any("Conflicting write concerns" in str(w.message) for w in user_warnings(caught))
    assert (db.safe, db.write_concern) == (True, {"w": 0, "j": True})


def test_journal_alias_normalised_in_children(server, make):
    # wc['journal'] = True stores 'journal' (not aliased); a child created
    # afterwards stores it as 'j' (2.8's __set_options) and sends j.
    c = make("Connection")
    c.write_concern["journal"] = True
    assert c.write_concern == {"journal": True}
    assert c.db.write_concern == {"j": True}
    quiet(c.db.coll.insert, {"x": 1})
    only_write(server, ACK, {"j": True})


def test_children_of_modern_factories_snapshot_too(server, make):
    # get_database / get_collection / with_options are PyMongo 4 factories:
    # their results are legacy objects with the same snapshot semantics.
    c = make("Connection", j=True)
    db = c.get_database("db")
    coll = db.get_collection("coll")
    assert (db.safe, db.write_concern) == (True, {"j": True})
    assert (coll.safe, coll.write_concern) == (True, {"j": True})
    quiet(coll.insert, {"x": 1})
    only_write(server, ACK, {"j": True})
    server.clear_log()
    w0 = coll.with_options(write_concern=WriteConcern(w=0))
    assert (w0.safe, w0.write_concern) == (False, {"w": 0})
    quiet(w0.insert, {"x": 2})
    only_write(server, UNACK)


# -- §2.1 / §2.4: the dict and the legacy mutators ------------------------------------

def test_write_concern_is_a_live_dict(make):
    coll = make("MongoClient").db.coll
    wc = coll.write_concern
    assert wc is coll.write_concern
    wc["w"] = 2
    assert coll.write_concern == {"w": 2}
    wc["journal"] = True          # lower-cased, not aliased
    assert coll.write_concern == {"w": 2, "journal": True}
    wc["wtimeout"] = 5
    # 2.8 checked the name as given before lower-casing it.
    with pytest.raises(ConfigurationError):
        wc["WTimeout"] = 5
    del wc["journal"]
    wc.update(fsnyc=True)          # update() is not validated (2.8: plain dict)
    assert coll.write_concern == {"w": 2, "wtimeout": 5, "fsnyc": True}
    wc.setdefault("j", True)
    assert coll.write_concern["j"] is True
    assert coll.write_concern != {}
    assert coll.safe is True


def test_write_concern_assignment_copies_and_validates(make):
    client = make("Connection")
    a, b = client.db.a, client.db.b
    shared = {"w": 1}
    a.write_concern = shared
    b.write_concern = shared
    a.write_concern["w"] = 3
    assert b.write_concern == {"w": 1} and shared == {"w": 1}
    # Assigning never changes safe.
    assert a.safe is False and b.safe is False
    from bson.son import SON
    a.write_concern = SON([("w", 2)])
    assert a.write_concern == {"w": 2}
    with pytest.raises(ConfigurationError):
        a.write_concern = [("w", 1)]
    with pytest.raises(ConfigurationError):
        a.write_concern = {"foo": 1}
    with pytest.raises(ConfigurationError):
        a.write_concern["foo"] = 1


def test_safe_setter_warns_lm302_and_validates(make):
    coll = make("MongoClient").db.coll
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        coll.safe = False
    assert legacy_codes(caught) == ["LM302"]
    assert all(issubclass(w.category, DeprecationWarning) for w in caught)
    assert coll.safe is False and coll.write_concern == {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert coll.safe is False  # reading does not warn
    assert legacy_codes(caught) == []
    with pytest.raises(TypeError):
        quiet(setattr, coll, "safe", 20)
    with pytest.raises(ConfigurationError):
        quiet(setattr, coll, "safe", "x")


def test_get_lasterror_options_warns_lm303_and_returns_a_copy(make):
    coll = make("MongoClient", w=1).db.coll
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        options = coll.get_lasterror_options()
    assert legacy_codes(caught) == ["LM303"]
    assert options == {"w": 1} and type(options) is dict
    options["w"] = 5
    assert coll.write_concern == {"w": 1}


def test_set_lasterror_options_warns_lm304(server, make):
    coll = make("Connection").db.coll
    assert coll.safe is False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        coll.set_lasterror_options(wtimeout=20, journal=True)
    assert legacy_codes(caught) == ["LM304"]
    assert coll.safe is True
    # set_lasterror_options stores keys as given (lower-cased), 2.8's __set_safe_option.
    assert coll.write_concern == {"wtimeout": 20, "journal": True}
    quiet(coll.insert, {"x": 1})
    only_write(server, ACK, {"wtimeout": 20, "j": True})
    # None removes; w=0 stores without setting safe; unknown -> ConfigurationError.
    quiet(coll.set_lasterror_options, journal=None)
    assert coll.write_concern == {"wtimeout": 20}
    other = make("Connection").db.coll
    quiet(other.set_lasterror_options, w=0)
    assert (other.safe, other.write_concern) == (False, {"w": 0})
    with pytest.raises(ConfigurationError):
        quiet(coll.set_lasterror_options, foo=20)
    with pytest.raises(TypeError):
        quiet(coll.set_lasterror_options, w=1.5)


def test_unset_lasterror_options_warns_lm305_never_changes_safe(server, make):
    coll = make("MongoClient", w=1, wtimeout=100, j=True).db.coll
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        coll.unset_lasterror_options("wtimeout", "nonexistent")
    assert legacy_codes(caught) == ["LM305"]
    assert coll.write_concern == {"w": 1, "j": True}
    quiet(coll.unset_lasterror_options)
    assert coll.write_concern == {} and coll.safe is True
    quiet(coll.insert, {"x": 1})
    only_write(server, ACK, {})
    # On a Connection-derived object whose safe came from options, safe stays.
    conn_coll = make("Connection", w=1).db.coll
    quiet(conn_coll.unset_lasterror_options)
    assert (conn_coll.safe, conn_coll.write_concern) == (True, {})


def test_constructor_safe_keyword_and_per_call_safe_warn(make):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        legacy_mongo.MongoClient("localhost", _connect=False, safe=True)
    assert "LM302" in legacy_codes(caught)
    coll = make("MongoClient", w=0).db.coll
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        coll.insert({"x": 1}, safe=False)
        coll.update({}, {"$set": {"a": 1}}, safe=False)
        coll.remove({}, safe=False)
        coll.save({"x": 1}, safe=False)
    assert legacy_codes(caught).count("LM301") == 4


def test_plain_constructor_writes_emit_no_user_warning(make):
    # 2.8 emitted no UserWarning for Connection()/MongoClient()/w=0 alone.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for cls, kw in (("Connection", {}), ("MongoClient", {}), ("MongoClient", {"w": 0})):
            make(cls, **kw).db.coll.insert({"x": 1})
    assert not user_warnings(caught)


# -- §2.7: return values --------------------------------------------------------------

@pytest.mark.parametrize("cls,kwargs,acknowledged", [
    ("MongoClient", {}, ACK), ("Connection", {}, UNACK), ("MongoClient", {"w": 0}, UNACK),
])
def test_insert_returns_ids_in_every_mode(server, make, cls, kwargs, acknowledged):
    coll = make(cls, **kwargs).db.coll
    doc = {"x": 1}
    result = quiet(coll.insert, doc)
    # manipulate=True (default) adds the _id to the caller's dict before sending.
    assert "_id" in doc and result == doc["_id"]
    docs = [{"x": 2}, {"_id": "mine"}, {"x": 3}]
    ids = quiet(coll.insert, docs)
    assert ids == [d["_id"] for d in docs] and ids[1] == "mine"
    records = wire_writes(server, 2)
    assert records[0].docs[0]["documents"][0]["_id"] == doc["_id"]
    assert [d["_id"] for d in records[1].docs[0]["documents"]] == ids
    assert_wire(records[0], acknowledged, {})  # the list: see test_ordered_unacknowledged_list_insert
    # An iterator (generator) of documents is a list insert too.
    ids = quiet(coll.insert, ({"g": i} for i in range(3)))
    assert isinstance(ids, list) and len(ids) == 3 and all(ids)


@pytest.mark.parametrize("cls", ["MongoClient", "Connection"])
def test_insert_manipulate_false_returns_none_ids(server, make, cls):
    coll = make(cls).db.coll
    doc = {"x": 1}
    assert quiet(coll.insert, doc, manipulate=False) is None
    assert "_id" not in doc  # the caller's dict is left alone
    assert quiet(coll.insert, [{"x": 1}, {"_id": 7}], manipulate=False) == [None, 7]
    assert quiet(coll.insert, {"_id": 8}, manipulate=False) == 8
    wire_writes(server, 3)
    assert server.backend.db.coll.count_documents({}) == 4


@pytest.mark.parametrize("cls", ["MongoClient", "Connection"])
def test_insert_empty_list_is_invalid_operation(server, make, cls):
    coll = make(cls).db.coll
    with pytest.raises(InvalidOperation):
        quiet(coll.insert, [])
    assert wire_writes(server, 1, timeout=0.1) == []


def test_list_insert_duplicate_key(server, make):
    coll = make("MongoClient").db.coll
    quiet(coll.insert, {"_id": 1})
    with pytest.raises(DuplicateKeyError) as info:
        quiet(coll.insert, [{"_id": 2}, {"_id": 1}, {"_id": 3}])
    assert info.value.code == 11000
    # Ordered by default (continue_on_error=False): _id 3 never inserted.
    assert sorted(d["_id"] for d in server.backend.db.coll.find()) == [1, 2]
    with pytest.raises(DuplicateKeyError):
        quiet(coll.insert, [{"_id": 4}, {"_id": 1}, {"_id": 5}], continue_on_error=True)
    assert sorted(d["_id"] for d in server.backend.db.coll.find()) == [1, 2, 4, 5]
    # test_collection.py::TestCollection.test_insert_multiple_with_duplicate:
    # per-call safe must be a real bool.
    with pytest.raises(TypeError):
        quiet(coll.insert, [{"_id": 9}], safe=1)


def test_update_return_values(server, make):
    coll = make("MongoClient").db.coll
    quiet(coll.insert, [{"_id": 1, "a": 1}, {"_id": 2, "a": 1}])
    result = quiet(coll.update, {"a": 1}, {"$set": {"b": 1}}, multi=True)
    assert result["n"] == 2 and result["updatedExisting"] is True and result["ok"] == 1
    assert "upserted" not in result
    assert result["nModified"] == 2
    result = quiet(coll.update, {"_id": 1}, {"$set": {"b": 1}})
    assert (result["n"], result["updatedExisting"]) == (1, True)
    result = quiet(coll.update, {"_id": 99}, {"$set": {"b": 1}})
    assert (result["n"], result["updatedExisting"]) == (0, False)
    result = quiet(coll.update, {"_id": 100}, {"$set": {"b": 1}}, upsert=True)
    assert result["n"] == 1 and result["updatedExisting"] is False
    assert result["upserted"] == 100  # the bare _id, not a list
    assert quiet(coll.update, {"_id": 1}, {"$set": {"c": 1}}, w=0) is None
    assert quiet(coll.update, {"_id": 1}, {"$set": {"c": 1}}, safe=False) is None


def test_remove_return_values(server, make):
    coll = make("MongoClient").db.coll
    quiet(coll.insert, [{"_id": i, "a": 1} for i in range(4)])
    result = quiet(coll.remove, {"_id": 0})
    assert (result["n"], result["ok"]) == (1, 1)
    result = quiet(coll.remove, 1)  # a non-dict spec is an _id
    assert result["n"] == 1
    assert quiet(coll.remove, {"a": 1}, w=0) is None
    wire_writes(server, 4)
    unacked = make("Connection").db.coll
    assert quiet(unacked.remove) is None


def test_save_returns_the_id(server, make):
    coll = make("MongoClient").db.coll
    doc = {"x": 1}
    _id = quiet(coll.save, doc)
    assert _id == doc["_id"]
    doc["x"] = 2
    assert quiet(coll.save, doc) == _id
    assert server.backend.db.coll.find_one({"_id": _id})["x"] == 2
    assert quiet(coll.save, {"x": 3}, manipulate=False) is None
    unack = make("Connection").db.coll
    doc = {"y": 1}
    assert quiet(unack.save, doc) == doc["_id"]


# -- §2.8 invalid values --------------------------------------------------------------

@pytest.mark.parametrize("kwargs,error", [
    ({"w": 1.5}, TypeError),
    ({"w": [1]}, TypeError),
    ({"wtimeout": "abc"}, ConfigurationError),
    ({"wtimeout": 1.5}, TypeError),
    ({"j": "x"}, ConfigurationError),
    ({"j": 5}, TypeError),
    ({"fsync": "yes"}, ConfigurationError),
    ({"fsync": 1}, TypeError),
    ({"safe": "x"}, ConfigurationError),
    ({"safe": 5}, TypeError),
])
@pytest.mark.parametrize("cls", ["MongoClient", "Connection"])
def test_invalid_constructor_values(cls, kwargs, error):
    with pytest.raises(error):
        quiet(getattr(legacy_mongo, cls), "localhost", _connect=False, **kwargs)


def test_string_booleans_accepted_in_constructor():
    client = quiet(legacy_mongo.Connection, "localhost", _connect=False, j="true", safe="false")
    assert (client.safe, client.write_concern) == (True, {"j": True})
    client = quiet(legacy_mongo.MongoClient, "localhost", _connect=False, safe="false")
    assert client.safe is False


def test_per_call_safe_string_and_bad_values(server, make):
    coll = make("MongoClient").db.coll
    with pytest.raises(ConfigurationError):
        quiet(coll.insert, {"x": 1}, safe="x")
    with pytest.raises(TypeError):
        quiet(coll.update, {}, {"$set": {"a": 1}}, safe=1)
    with pytest.raises(TypeError):
        quiet(coll.remove, {}, safe=None or 0)
    assert wire_writes(server, 1, timeout=0.1) == []


def test_per_call_safe_string_keeps_its_truthiness(server, make):
    # 2.8's _get_write_mode validated safe but used the raw value: the string
    # 'false' is truthy, so insert(doc, safe='false') was acknowledged.
    coll = make("Connection").db.coll
    quiet(coll.insert, {"x": 1}, safe="false")
    only_write(server, ACK, {})


# -- design decisions of the shim (tested, not "fixed") ----------------------------------

def test_per_call_unknown_key_warns_naming_valid_ones(server, make):
    # 2.8.1 forwarded an unknown per-call key to the server, which ignored
    # it, and acknowledged the write (tests/runtime/test_accepted_values.py
    # replays write_concern={} through the oracle).  PyMongo 4 cannot send
    # it: dropped, with a warning naming it and the valid options.
    coll = make("MongoClient").db.coll
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        coll.insert({"x": 1}, fsnyc=True)
    message = " ".join(str(w.message) for w in caught if w.category is UserWarning)
    assert "fsnyc=True ignored" in message
    for name in ("w", "wtimeout", "j"):
        assert name in message
    record = only_write(server, ACK)
    assert not record.write_concern


def test_w0_with_other_options_sends_only_w0(server, make):
    coll = make("MongoClient", w=0, j=True, wtimeout=100).db.coll
    quiet(coll.insert, {"x": 1})
    record = only_write(server, UNACK)
    assert record.write_concern == {"w": 0}
    server.clear_log()
    quiet(make("MongoClient").db.coll.insert, {"x": 2}, w=0, j=True, fsync=True)
    record = only_write(server, UNACK)
    assert record.write_concern == {"w": 0}


def test_write_concern_truthiness_and_modern_face(make):
    conn = make("Connection")
    client = make("MongoClient")
    assert bool(conn.write_concern) is True and len(conn.write_concern) == 0
    assert bool(client.db.coll.write_concern) is True
    # PyMongo 4's face answers for a write with nothing per call.
    assert conn.write_concern.acknowledged is False
    assert client.write_concern.acknowledged is True
    assert client.write_concern.is_server_default is True
    assert isinstance(client.write_concern, WriteConcern)
    w1 = make("Connection", w=1, wtimeout=5)
    assert w1.write_concern.document == {"w": 1, "wtimeout": 5}
    assert w1.write_concern.acknowledged is True


def test_unacknowledged_write_does_not_wait_for_a_reply(server, make):
    # Delay every write by 2 s: an unacknowledged insert must return at once.
    coll = make("Connection").db.coll
    quiet(coll.insert, {"warm": 1})
    wire_writes(server, 1)
    server.delay(2.0, command="insert")
    start = time.monotonic()
    quiet(coll.insert, {"x": 1})
    quiet(coll.insert, {"x": 2}, w=0)
    assert time.monotonic() - start < 1.0


def test_child_skips_names_the_unvalidated_update_put_in(server, make):
    # 2.8's child constructor only took SAFE_OPTIONS names from its parent's dict.
    client = make("Connection")
    client.write_concern.update(fsnyc=True, W=2)
    db = client.db
    assert (db.safe, db.write_concern) == (False, {})
    client.write_concern.update(j=True)
    assert (client.db.safe, client.db.write_concern) == (True, {"j": True})
    quiet(client.db.coll.insert, {"x": 1})
    only_write(server, ACK, {"j": True})


def test_set_lasterror_options_w_string_zero_turns_safe_on(make):
    # 2.8's __set_safe_option compared the value as given: '0' != 0.
    coll = make("Connection").db.coll
    quiet(coll.set_lasterror_options, w="0")
    assert (coll.safe, coll.write_concern) == (True, {"w": 0})
    with pytest.raises(ConfigurationError):
        quiet(coll.set_lasterror_options, W=1)


@pytest.fixture
def rs_server():
    from tests.server import TestServer
    with TestServer(max_wire_version=21, replica_set="rs") as srv:
        yield srv


@pytest.mark.parametrize("cls,kwargs,safe,write_concern,acknowledged,sent", [
    ("ReplicaSetConnection", {}, False, {}, UNACK, None),
    ("ReplicaSetConnection", {"w": 1}, True, {"w": 1}, ACK, {"w": 1}),
    ("ReplicaSetConnection", {"safe": True}, True, {}, ACK, {}),
    ("MongoReplicaSetClient", {}, True, {}, ACK, {}),
    ("MongoReplicaSetClient", {"w": 0}, False, {"w": 0}, UNACK, None),
    ("MongoReplicaSetClient", {"j": True, "safe": False}, True, {"j": True}, ACK, {"j": True}),
])
def test_replica_set_classes_on_the_wire(rs_server, cls, kwargs, safe, write_concern,
                                          acknowledged, sent):
    client = quiet(getattr(legacy_mongo, cls), rs_server.host_string, replicaSet="rs",
                   **dict(SHORT, **kwargs))
    try:
        assert (client.safe, client.write_concern) == (safe, write_concern)
        quiet(client.db.coll.insert, {"x": 1})
        only_write(rs_server, acknowledged, sent)
    finally:
        client.close()


@pytest.mark.parametrize("per_call", [{"w": 1.5}, {"wtimeout": "soon"}, {"j": "maybe"}])
def test_per_call_values_pymongo_4_cannot_send(server, make, per_call):
    # 2.8 sent these to the server unvalidated; the shim refuses them before
    # anything reaches the wire (same design decision as unknown keys).
    coll = make("MongoClient").db.coll
    with pytest.raises(ConfigurationError):
        quiet(coll.insert, {"x": 1}, **per_call)
    assert wire_writes(server, 1, timeout=0.1) == []


@pytest.mark.parametrize("per_call,sent", [
    ({"wtimeoutMS": 5}, {"wtimeout": 5}),
    ({"journal": True}, {"j": True}),
    ({"wtimeoutms": 6, "w": 1}, {"wtimeout": 6, "w": 1}),
])
def test_per_call_aliases_are_sent_under_the_server_names(server, make, per_call, sent):
    coll = make("Connection").db.coll
    quiet(coll.insert, {"x": 1}, **per_call)
    only_write(server, ACK, sent)


def _codes_of(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return legacy_codes(caught)


@pytest.mark.parametrize("mutation", [
    lambda wc: wc.__setitem__("w", 1),
    lambda wc: wc.update(w=1),
    lambda wc: wc.setdefault("j", True),
    lambda wc: wc.pop("w"),
    lambda wc: wc.pop("nope", None),
    lambda wc: wc.popitem(),
    lambda wc: wc.clear(),
    lambda wc: wc.__delitem__("w"),
], ids=["setitem", "update", "setdefault", "pop", "pop-default", "popitem", "clear", "del"])
def test_write_concern_dict_mutations_warn_lm306(make, mutation):
    coll = make("MongoClient", w=2).db.coll
    assert _codes_of(lambda: mutation(coll.write_concern)) == ["LM306"]


def test_write_concern_assignment_warns_lm306_reads_do_not(make):
    coll = make("MongoClient", w=2).db.coll
    assert _codes_of(lambda: setattr(coll, "write_concern", {"w": 1})) == ["LM306"]
    codes = _codes_of(lambda: (coll.write_concern["w"], coll.write_concern.get("w"),
                               "w" in coll.write_concern, dict(coll.write_concern),
                               coll.write_concern == {"w": 1}, len(coll.write_concern)))
    assert codes == []
    # The shim's own work never reports LM306: children, mutators, writes.
    client = make("Connection", w=1)
    assert _codes_of(lambda: client.db.coll) == []
    assert "LM306" not in _codes_of(lambda: client.db.coll.set_lasterror_options(j=True))
    assert "LM306" not in _codes_of(lambda: client.db.coll.unset_lasterror_options("w"))
    assert "LM306" not in _codes_of(lambda: client.db.coll.unset_lasterror_options())


def test_write_concern_of_another_object_can_be_assigned(make):
    # 2.8's write_concern was a dict subclass, so this worked.
    a = make("MongoClient", w=2, j=True).db.a
    b = make("Connection").db.b
    quiet(setattr, b, "write_concern", a.write_concern)
    assert b.write_concern == {"w": 2, "j": True}
    b.write_concern["w"] = 3
    assert a.write_concern == {"w": 2, "j": True}
    assert b.safe is False  # assignment never changes safe


def test_unset_all_replaces_the_dict(make):
    # 2.8: unset_lasterror_options() bound a fresh WriteConcern; an old
    # reference keeps its items.
    coll = make("MongoClient", w=1, j=True).db.coll
    old = coll.write_concern
    quiet(coll.unset_lasterror_options)
    assert coll.write_concern == {} and old == {"w": 1, "j": True}
    assert coll.write_concern is not old


# -- the tables above, checked against PyMongo 2.8.1 itself -----------------------------

_ORACLE_SCRIPT = r'''
import json, sys, warnings
warnings.simplefilter("ignore")
import pymongo
host, port = sys.argv[1], int(sys.argv[2])
states = []
for i, (cls, uri, kwargs, per_call) in enumerate(json.load(sys.stdin)):
    args = ("mongodb://%s:%d%s" % (host, port, uri),) if uri else (host, port)
    client = getattr(pymongo, cls)(*args, **kwargs)
    states.append([client.safe, dict(client.write_concern)])
    try:
        client.db["case%d" % i].insert({"x": 1}, **per_call)
    except pymongo.errors.OperationFailure:
        pass
    client.disconnect()
print(json.dumps(states))
'''


def test_tables_agree_with_pymongo_281(oracle_python, legacy_server, tmp_path):
    """DERIVATION and the per-call table, replayed by 2.8.1 against a
    MongoDB-3.0-like server: same safe/write_concern, and on the wire the
    same acknowledgement and getlasterror/writeConcern options."""
    import json
    import subprocess

    cases, expected = [], []
    for cls, uri, kwargs, safe, wc, ack, sent, _ in DERIVATION:
        cases.append([cls, uri, kwargs, {}])
        expected.append(([safe, wc], ack, sent))
    for cls, kwargs, safe, wc in STATES.values():
        for per_call in PER_CALL:
            cases.append([cls, None, kwargs, per_call])
            ack, sent = expected_for(per_call, wc)
            expected.append(([safe, wc], ack, sent))
    script = tmp_path / "oracle.py"
    script.write_text(_ORACLE_SCRIPT)
    run = subprocess.run([oracle_python, str(script), legacy_server.address[0],
                          str(legacy_server.port)], input=json.dumps(cases),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    states = json.loads(run.stdout)
    time.sleep(0.1)  # a trailing unacknowledged OP_INSERT may still be in flight
    writes = {r.collection: r for r in legacy_server.log(app_only=True) if r.op == "insert"}
    for i, ((state, ack, sent), got) in enumerate(zip(expected, states)):
        record = writes["case%d" % i]
        assert got == state, (cases[i], got, state)
        assert record.acknowledged is ack, (cases[i], record)
        if ack:
            assert (record.write_concern or None) == (sent or None), (cases[i], record)


def test_write_options_are_counted_at_every_call_from_the_users_line(make):
    """safe= and per-call options are counted with the method, at the
    caller's line, at every call (the usage report sums calls), though a
    write with the same options reuses its cached PyMongo target."""
    import sys

    from legacy_mongo import warnings as lm

    coll = make("MongoClient").db.counted
    lm.reset_usage()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        line = sys._getframe().f_lineno + 2
        for i in range(3):
            coll.insert({"i": i}, w=0)
        coll.update({"i": 0}, {"$set": {"x": 1}}, safe=True, w=1)
    counts = {(site[1], site[2]): n for site, n in lm.usage().items() if site[0] == __file__}
    assert counts == {(line, "LM401"): 3, (line, "LM307"): 3,
                      (line + 1, "LM403"): 1, (line + 1, "LM301"): 1, (line + 1, "LM307"): 1}
