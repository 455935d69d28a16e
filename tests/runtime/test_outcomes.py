"""The getlasterror model (deferred acknowledgements in a request) and the
acknowledge mode."""
import logging
import threading
import time

import pytest
from pymongo.errors import DuplicateKeyError, InvalidOperation
from pymongo.write_concern import WriteConcern

import legacy_mongo
from legacy_mongo.runtime import outcomes, pinning

needs_deferred_replies = pytest.mark.skipif(
    not pinning.DEFERRED_REPLIES,
    reason="this PyMongo release cannot defer replies (pinning.DEFERRED_REPLIES)")


@pytest.fixture(autouse=True)
def _quiet_and_clean(monkeypatch):
    monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "ignore")
    monkeypatch.delenv(outcomes.ACKNOWLEDGE_ENV, raising=False)
    from legacy_mongo import warnings as legacy_warnings
    legacy_warnings.reload_policy()
    outcomes.clear_lost_writes()
    yield
    monkeypatch.undo()  # the environment first, so the policy reloads from it
    legacy_warnings.reload_policy()
    outcomes.clear_lost_writes()


@pytest.fixture
def connect(server):
    clients = []

    def make(cls=legacy_mongo.Connection, **kwargs):
        client = cls("127.0.0.1", server.port, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


DEFERRED_ACK = {"w": 1, "wtimeout": 0}


def app_writes(server):
    return [r for r in server.log(app_only=True) if r.op in ("insert", "update", "delete")]


@pytest.mark.skipif(pinning.DEFERRED_REPLIES, reason="replies are deferred here")
def test_without_deferred_replies_a_request_w0_write_stays_unacknowledged(server, connect):
    coll = connect().db.dups
    assert coll.insert({"_id": 1}) == 1
    assert coll.insert({"_id": 1}) == 1
    with pytest.raises(InvalidOperation, match="cannot defer replies"):
        coll.database.error()
    assert coll.count() == 1
    assert [r.more_to_come for r in app_writes(server)] == [True, True]


@needs_deferred_replies
def test_connection_default_raises_nothing_and_error_reports_the_duplicate(server, connect):
    coll = connect().db.dups
    assert coll.insert({"_id": 1}) == 1
    assert coll.insert({"_id": 1, "second": True}) == 1  # no exception: 2.x's w=0
    reply = outcomes.getlasterror(coll.database.client)  # reads both replies
    assert reply["code"] == 11000 and "E11000" in reply["err"]
    # Sent acknowledged (the thread's socket is pinned: auto_start_request),
    # marked as the deferred acknowledgement of a w=0 write.
    assert [(r.more_to_come, r.write_concern) for r in app_writes(server)] == \
        [(False, DEFERRED_ACK)] * 2
    # A read on the thread's socket is answered after both writes.
    assert coll.count() == 1
    assert outcomes.lost_writes() == []


@needs_deferred_replies
def test_deferred_writes_do_not_wait_for_the_server(server, connect):
    coll = connect().db.slow
    coll.find_one()  # connect and pin before timing
    server.set_delay_for_writes(0.5, times=2)
    started = time.monotonic()
    coll.insert({"_id": 1})
    coll.update({"_id": 1}, {"$set": {"a": 1}})
    sent = time.monotonic() - started
    assert sent < 0.4, sent  # neither write waited for its (delayed) reply
    status = coll.database.last_status()  # ... which is read here
    assert time.monotonic() - started >= 0.9
    assert (status["updatedExisting"], status["n"]) == (True, 1)


@needs_deferred_replies
def test_deferred_replies_are_read_in_order_before_the_next_reply(server, connect):
    coll = connect().db.order
    coll.insert({"_id": 1})
    coll.update({"_id": 1}, {"$inc": {"n": 1}})
    coll.insert({"_id": 1})  # duplicate
    # find_one's reply comes after three deferred ones on the same socket.
    assert coll.find_one({"_id": 1})["n"] == 1
    # The find came after the duplicate: getlasterror says no error, the
    # duplicate is the previous error, two operations ago.
    db = coll.database
    assert db.error() is None
    previous = db.previous_error()
    assert (previous["code"], previous["nPrev"]) == (11000, 2)
    ports = {r.client_port for r in server.log(app_only=True)}
    assert len(ports) == 1


@needs_deferred_replies
def test_end_request_reads_the_replies_before_the_socket_goes_back(server, connect):
    client = connect(legacy_mongo.MongoClient)
    coll = client.db.back
    with client.start_request():
        coll.insert({"_id": 1}, w=0)
        coll.insert({"_id": 1}, w=0)
    # The socket went back to the pool with nothing unread: the next
    # operation on it (this thread, outside a request) gets its own reply.
    assert coll.find_one({"_id": 1}) == {"_id": 1}
    assert [r.write_concern for r in app_writes(server)] == [DEFERRED_ACK] * 2


@needs_deferred_replies
def test_a_lost_deferred_reply_is_recorded_not_raised(server, connect, caplog):
    client = connect()
    coll = client.db.hangup
    coll.find_one()
    server.drop_connection(next_command="insert")
    with caplog.at_level(logging.WARNING, logger="legacy_mongo.lost_writes"):
        assert coll.insert({"_id": 1}) == 1  # 2.x's w=0 insert raised nothing either
        error = client.db.error()
    assert error["err"].startswith("network error")
    assert "could not be read" in caplog.text
    # The request goes on with a new socket.
    coll.insert({"_id": 2})
    assert client.db.error() is None and coll.find_one({"_id": 2}) == {"_id": 2}


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "zlib"])
def test_a_deferred_write_goes_out_as_the_same_message_acknowledged(compressed):
    # PyMongo builds a deferred write unacknowledged (moreToCome); the pinned
    # connection sends the same OP_MSG with that flag cleared, uncompressed.
    import bson
    from pymongo import message
    from pymongo.compression_support import ZlibContext
    from pymongo.read_preferences import ReadPreference

    command = {"insert": "c", "ordered": True, "writeConcern": {"w": 1, "wtimeout": 0}}
    context = ZlibContext(-1) if compressed else None
    request_id, unacknowledged, _, _ = message._op_msg(
        2, dict(command), "db", ReadPreference.PRIMARY, bson.DEFAULT_CODEC_OPTIONS, ctx=context)
    assert pinning.acknowledged_message(
        message._op_msg(0, dict(command), "db", ReadPreference.PRIMARY,
                        bson.DEFAULT_CODEC_OPTIONS, ctx=context)[1]) is None
    sent_id, sent = pinning.acknowledged_message(unacknowledged)
    length, header_id, response_to, op_code = pinning._HEADER.unpack_from(sent)
    assert (length, header_id, response_to, op_code) == (len(sent), request_id, 0, 2013)
    assert sent_id == request_id
    flags, kind, doc_length = pinning._MSG_BODY.unpack_from(sent, 16)
    assert (flags, kind) == (0, 0)
    assert bson.decode(bytes(sent[21:21 + doc_length])) == dict(command, **{"$db": "db"})


@needs_deferred_replies
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "one-by-one"])
def test_a_batch_of_deferred_inserts_with_a_failure_in_it_is_decoded(server, connect,
                                                                      monkeypatch, buffered):
    # More than a full queue of deferred inserts: the older half is read in
    # one go (pinning._settle) and told "all succeeded" from its bytes unless
    # one of them failed.  Without MSG_PEEK (as under TLS) every reply is
    # read on its own.
    if not buffered:
        monkeypatch.setattr(pinning, "_MSG_PEEK", None)
    coll = connect().db.batch
    for i in range(pinning._MAX_DEFERRED + 10):
        coll.insert({"_id": 0 if i == 5 else i})  # 5: a duplicate of the first
    previous = coll.database.previous_error()
    assert previous["code"] == 11000
    # nPrev: 1 + the 68 messages after it (2.x: src/mongo/db/lasterror.cpp; the
    # conformance scenario gle_many_unacknowledged_in_request checks 2.8.1).
    assert previous["nPrev"] == pinning._MAX_DEFERRED + 10 - 5


def test_the_record_of_an_acknowledged_write_is_not_the_dict_returned(server, connect):
    # The record of an acknowledged write is made when it is read
    # (outcomes._note_acknowledged) - from a copy: 2.8's last_status() asked
    # the server, whatever the caller did with update()'s return value.
    coll = connect(legacy_mongo.MongoClient).db.copy
    coll.insert({"_id": 1})
    result = coll.update({"_id": 1}, {"$set": {"a": 1}})
    result["n"], result["updatedExisting"] = 99, False
    status = coll.database.last_status()
    assert (status["n"], status["updatedExisting"]) == (1, True)
    coll.remove({"_id": 1})
    status = coll.database.last_status()
    assert (status["n"], "updatedExisting" in status) == (1, False)
    assert coll.database.previous_error() is None


def test_acknowledge_mode_logs_the_lost_write_with_its_call_site(server, connect, caplog):
    coll = connect(acknowledge_writes=True).db.dups
    assert coll.insert({"_id": 1}) == 1
    with caplog.at_level(logging.ERROR, logger="legacy_mongo.lost_writes"):
        result = coll.insert({"_id": 1, "second": True})  # LOST-WRITE-SITE
    with open(__file__) as source:
        line = next(n for n, text in enumerate(source, 1) if "# LOST-WRITE" + "-SITE" in text)
    # The caller still gets what an unacknowledged insert returned: the id.
    assert result == 1
    # ... but the write went out acknowledged.
    writes = [r for r in server.log(app_only=True) if r.op == "insert"]
    assert [r.more_to_come for r in writes] == [False, False]
    assert [r.write_concern for r in writes] == [{"w": 1}, {"w": 1}]
    lost = outcomes.lost_writes()
    assert len(lost) == 1
    assert lost[0]["path"] == __file__
    assert lost[0]["line"] == line
    assert lost[0]["code"] == 11000
    assert lost[0]["namespace"] == "db.dups"
    assert "%s:%d" % (__file__, line) in caplog.text
    assert "would have been lost" in caplog.text
    # Data: the first document stands.
    assert "second" not in server.backend.db.dups.find_one({"_id": 1})


def test_acknowledge_mode_keeps_legacy_return_values(server, connect):
    coll = connect(acknowledge_writes=True).db.things
    coll.insert({"_id": 1, "n": 0})
    assert coll.update({"_id": 1}, {"$inc": {"n": 1}}) is None  # unacknowledged shape
    assert coll.remove({"_id": 2}) is None
    assert coll.update({"_id": 1}, {"$inc": {"n": 1}}, safe=True)["n"] == 1
    assert server.backend.db.things.find_one({"_id": 1})["n"] == 2


def test_acknowledge_mode_does_not_hide_errors_the_caller_asked_for(server, connect):
    coll = connect(acknowledge_writes=True).db.dups
    coll.insert({"_id": 1})
    with pytest.raises(DuplicateKeyError):
        coll.insert({"_id": 1}, safe=True)
    assert outcomes.lost_writes() == []


def test_acknowledge_mode_from_the_environment(server, connect, monkeypatch):
    monkeypatch.setenv(outcomes.ACKNOWLEDGE_ENV, "1")
    coll = connect().db.dups
    coll.insert({"_id": 7})
    coll.insert({"_id": 7})
    assert [entry["code"] for entry in outcomes.lost_writes()] == [11000]


def test_bad_environment_value_names_the_valid_ones(monkeypatch):
    monkeypatch.setenv(outcomes.ACKNOWLEDGE_ENV, "maybe")
    with pytest.raises(ValueError, match="use 1 to acknowledge"):
        outcomes.acknowledge_mode_from_environment()


def test_acknowledge_writes_keyword_must_be_a_bool():
    with pytest.raises(TypeError, match="acknowledge_writes"):
        legacy_mongo.Connection("127.0.0.1", 1, _connect=False, acknowledge_writes="yes")


def test_outcomes_are_recorded_per_thread(server, connect):
    client = connect(legacy_mongo.MongoClient)
    coll = client.db.dups
    coll.insert({"_id": 1})
    with pytest.raises(DuplicateKeyError):
        coll.insert({"_id": 1})
    assert outcomes.getlasterror(client)["code"] == 11000

    seen = {}

    def other_thread():
        coll.insert({"_id": 2})
        seen["reply"] = outcomes.getlasterror(client)

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join(10)
    assert seen["reply"]["err"] is None
    # The other thread's success did not overwrite this thread's failure.
    assert outcomes.getlasterror(client)["code"] == 11000
    assert outcomes.getpreverror(client)["nPrev"] == 1


def test_per_call_targets_are_reused_and_follow_the_collection(server, connect):
    client = connect(legacy_mongo.MongoClient)
    coll = client.db.targets
    first = outcomes._write_target(coll, None, {"w": 0})
    assert outcomes._write_target(coll, None, {"w": 0}) is first
    assert not first.write_concern.acknowledged
    # safe=True alone means "the collection's own options": a change to them
    # must not be served from the cache.
    coll.write_concern = {"w": 1, "wtimeout": 5}
    acknowledged = outcomes._write_target(coll, True, {})
    assert acknowledged.write_concern.document == {"w": 1, "wtimeout": 5}
    coll.write_concern = {"w": 1, "j": True}
    assert outcomes._write_target(coll, True, {}).write_concern.document == {"w": 1, "j": True}
    coll.insert({"_id": 1}, w=0)
    coll.insert({"_id": 2}, w=0)
    assert coll.count() == 2
    writes = [r for r in server.log(app_only=True) if r.op == "insert"]
    assert [r.more_to_come for r in writes] == [True, True]


def test_default_targets_are_frozen_and_follow_safe_and_codec_options(server, connect):
    """Writes passing nothing per call run on a cached plain Collection with a
    frozen PyMongo 4 WriteConcern; a change of the owner's safe, its dict or
    its codec options must give a new one, never a stale cached one."""
    client = connect(legacy_mongo.MongoClient)
    coll = client.db.frozen
    default = outcomes._write_target(coll, None, {})
    assert outcomes._write_target(coll, None, {}) is default
    assert type(default.write_concern) is WriteConcern
    assert default.write_concern.acknowledged
    coll.safe = False
    unsafe = outcomes._write_target(coll, None, {})
    assert unsafe is not default and not unsafe.write_concern.acknowledged
    coll.write_concern["w"] = 2
    assert outcomes._write_target(coll, None, {}).write_concern.document == {"w": 2}
    coll.write_concern.clear()
    coll.safe = True
    before = outcomes._write_target(coll, None, {})
    coll.uuid_subtype = 4
    after = outcomes._write_target(coll, None, {})
    assert after is not before
    assert after.codec_options.uuid_representation == 4
    coll.safe = False
    coll.insert({"_id": 1})
    coll.safe = True
    coll.insert({"_id": 2})
    writes = [r for r in server.log(app_only=True) if r.op == "insert"]
    assert [r.more_to_come for r in writes] == [True, False]


@pytest.mark.parametrize("cls", [legacy_mongo.Connection, legacy_mongo.MongoClient])
def test_acknowledge_mode_reports_a_write_lost_to_a_network_error(server, connect, caplog, cls):
    client = connect(cls, acknowledge_writes=True)
    coll = client.db.hangup
    coll.find_one()
    server.drop_connection(next_command="insert")
    with caplog.at_level(logging.ERROR, logger="legacy_mongo.lost_writes"):
        # 2.x's w=0 insert raised nothing; the caller still gets the id.
        assert coll.insert({"_id": 1}, w=0) == 1  # NETWORK-LOST-SITE
    with open(__file__) as source:
        line = next(n for n, text in enumerate(source, 1) if "# NETWORK-LOST" + "-SITE" in text)
    [lost] = outcomes.lost_writes()
    assert (lost["path"], lost["line"], lost["code"]) == (__file__, line, None)
    assert "%s:%d" % (__file__, line) in caplog.text and "network error" in caplog.text
    error = client.db.error()
    assert error is not None and error["err"].startswith("network error")
    # The client goes on with a new socket.
    coll.insert({"_id": 2})
    assert client.db.error() is None
    assert coll.find_one({"_id": 2}) == {"_id": 2}


@needs_deferred_replies
def test_an_unencodable_document_keeps_the_pinned_socket_and_its_replies(server, connect):
    # 2.8 encoded the message before taking a socket: InvalidDocument, and
    # the request's socket (with the duplicate's error on it) untouched.
    from bson.errors import InvalidDocument

    client = connect()
    coll = client.db.enc
    coll.insert({"_id": 1})
    coll.insert({"_id": 1})  # deferred: its reply is still unread
    with pytest.raises(InvalidDocument):
        coll.insert({"_id": 2, "bad": object()})
    with pytest.raises(InvalidDocument):
        coll.update({"_id": 1}, {"$set": {"bad": object()}})
    # Nothing was sent, so getlasterror still answers for the duplicate.
    assert client.db.error()["code"] == 11000
    assert len(server.client_ports()) == 1  # the same socket throughout
    assert server.open_app_connections == 1
    assert coll.find_one({"_id": 2}) is None


@needs_deferred_replies
def test_a_thread_that_only_writes_holds_a_bounded_number_of_unread_replies(server, connect):
    from legacy_mongo.runtime import pinning

    client = connect()
    coll = client.db.many
    for i in range(3 * pinning._MAX_DEFERRED):
        coll.insert({"_id": i % 150})  # duplicates after 150
        pins = [pin for pool in client._legacy_requests._pools for pin in pool._pins.values()]
        assert all(len(pin.deferred) <= pinning._MAX_DEFERRED for pin in pins)
    assert client.db.error()["code"] == 11000  # the last insert was a duplicate
    assert server.backend.db.many.count_documents({}) == 150


def test_an_unencodable_document_is_no_operation_for_getlasterror_outside_a_request(
        server, connect):
    from bson.errors import InvalidDocument

    client = connect(legacy_mongo.MongoClient)
    coll = client.db.enc
    coll.insert({"_id": 1})
    with pytest.raises(DuplicateKeyError):
        coll.insert({"_id": 1})
    with pytest.raises(InvalidDocument):
        coll.insert({"_id": 2, "bad": object()})
    with pytest.raises(InvalidDocument):
        coll.insert({"_id": 3, "bad": object()}, w=0)
    # 2.8 sent neither: getlasterror still answers for the duplicate.
    assert client.db.error()["code"] == 11000
