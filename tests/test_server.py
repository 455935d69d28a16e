"""The test server, exercised with plain PyMongo 4 and with raw legacy messages."""
import socket
import struct
import subprocess
import sys
import threading
import time

import bson
import pymongo
import pytest
from pymongo.errors import AutoReconnect, DuplicateKeyError, OperationFailure
from pymongo.read_preferences import Secondary
from pymongo.write_concern import WriteConcern

from tests.server import ReplicaSetServers, TestServer


def wait_for(predicate, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def app_ops(server, **filters):
    return [r for r in server.log(app_only=True)
            if all(getattr(r, k) == v for k, v in filters.items())]


# -- PyMongo 4 over OP_MSG -----------------------------------------------------

def test_insert_then_count_persists(client, server):
    client.db.coll.insert_many([{'_id': i} for i in range(7)])
    assert client.db.coll.count_documents({}) == 7
    assert client.db.coll.count_documents({'_id': {'$gte': 5}}) == 2
    assert client.db.coll.find_one({'_id': 3}) == {'_id': 3}
    assert server.backend.db.coll.count_documents({}) == 7


def test_w0_write_gets_no_reply_but_is_applied(client, server):
    unacked = client.db.get_collection('coll', write_concern=WriteConcern(w=0))
    unacked.insert_one({'_id': 'fire-and-forget'})
    assert wait_for(lambda: server.backend.db.coll.count_documents({}) == 1)
    [insert] = app_ops(server, op='insert')
    assert insert.kind == 'OP_MSG'
    assert insert.more_to_come is True
    assert insert.acknowledged is False
    assert insert.write_concern == {'w': 0}
    assert insert.reply is None


def test_acknowledged_write_is_logged_as_such(client, server):
    client.db.coll.insert_one({'_id': 1})
    [insert] = app_ops(server, op='insert')
    assert (insert.more_to_come, insert.acknowledged) == (False, True)
    assert insert.collection == 'coll' and insert.database == 'db'
    assert insert.command['documents'] == [{'_id': 1}]
    assert insert.reply['n'] == 1


def test_getmore_batching_keeps_cursor_on_server(client, server):
    client.db.coll.insert_many([{'_id': i} for i in range(25)])
    cursor = client.db.coll.find().sort('_id', 1).batch_size(10)
    first = next(cursor)
    assert first == {'_id': 0}
    assert server.open_cursors == 1
    rest = list(cursor)
    assert [d['_id'] for d in rest] == list(range(1, 25))
    assert server.open_cursors == 0
    [find] = app_ops(server, op='find')
    assert len(find.reply['cursor']['firstBatch']) == 10
    getmores = app_ops(server, op='getMore')
    assert [len(g.reply['cursor']['nextBatch']) for g in getmores] == [10, 5]
    assert getmores[-1].reply['cursor']['id'] == 0


def test_find_limit_and_projection(client):
    client.db.coll.insert_many([{'_id': i, 'a': i, 'b': 1} for i in range(5)])
    docs = list(client.db.coll.find({}, {'a': 1}).sort('_id', -1).skip(1).limit(2))
    assert docs == [{'_id': 3, 'a': 3}, {'_id': 2, 'a': 2}]


def test_duplicate_key_error(client, server):
    client.db.coll.insert_one({'_id': 1})
    with pytest.raises(DuplicateKeyError) as info:
        client.db.coll.insert_one({'_id': 1})
    assert info.value.code == 11000
    last = app_ops(server, op='insert')[-1]
    assert last.reply['writeErrors'][0]['code'] == 11000


def test_unordered_insert_continues_after_duplicate(client):
    client.db.coll.insert_one({'_id': 2})
    with pytest.raises(pymongo.errors.BulkWriteError) as info:
        client.db.coll.insert_many([{'_id': 1}, {'_id': 2}, {'_id': 3}], ordered=False)
    assert info.value.details['nInserted'] == 2
    assert client.db.coll.count_documents({}) == 3


def test_update_delete_and_upsert_results(client):
    client.db.coll.insert_many([{'_id': 1, 'x': 0}, {'_id': 2, 'x': 0}])
    result = client.db.coll.update_many({}, {'$set': {'x': 1}})
    assert (result.matched_count, result.modified_count) == (2, 2)
    result = client.db.coll.update_one({'_id': 9}, {'$set': {'x': 1}}, upsert=True)
    assert result.upserted_id == 9
    assert client.db.coll.delete_many({'x': 1}).deleted_count == 3


def test_find_and_modify(client):
    coll = client.db.coll
    coll.insert_one({'_id': 1, 'n': 0})
    after = coll.find_one_and_update({'_id': 1}, {'$inc': {'n': 1}},
                                     return_document=pymongo.ReturnDocument.AFTER)
    assert after == {'_id': 1, 'n': 1}
    before = coll.find_one_and_update({'_id': 1}, {'$inc': {'n': 1}})
    assert before == {'_id': 1, 'n': 1}
    assert coll.find_one_and_delete({'_id': 1}) == {'_id': 1, 'n': 2}
    assert coll.find_one_and_update({'_id': 5}, {'$set': {'n': 7}}, upsert=True,
                                    return_document=pymongo.ReturnDocument.AFTER) \
        == {'_id': 5, 'n': 7}


def test_aggregate_distinct_indexes_and_admin(client):
    coll = client.db.coll
    coll.insert_many([{'_id': i, 'k': i % 2} for i in range(6)])
    grouped = sorted(coll.aggregate([{'$group': {'_id': '$k', 'n': {'$sum': 1}}}],
                                    batchSize=1), key=lambda d: d['_id'])
    assert grouped == [{'_id': 0, 'n': 3}, {'_id': 1, 'n': 3}]
    assert sorted(coll.distinct('k')) == [0, 1]
    coll.create_index([('k', 1)], unique=False, name='k_1')
    assert set(coll.index_information()) == {'_id_', 'k_1'}
    coll.drop_index('k_1')
    assert set(coll.index_information()) == {'_id_'}
    assert 'db' in client.list_database_names()
    assert client.db.list_collection_names() == ['coll']
    client.db.create_collection('other')
    with pytest.raises(pymongo.errors.CollectionInvalid):
        client.db.create_collection('other')
    client.db.drop_collection('other')
    client.db.drop_collection('never-existed')  # "ns not found" is tolerated
    assert client.db.list_collection_names() == ['coll']
    client.drop_database('db')
    assert 'db' not in client.list_database_names()


def test_unknown_command_fails_with_code_59(client):
    with pytest.raises(OperationFailure) as info:
        client.db.command('frobnicate')
    assert info.value.code == 59


def test_getlasterror_absent_on_modern_wire(client):
    with pytest.raises(OperationFailure) as info:
        client.db.command('getlasterror')
    assert info.value.code == 59


def test_handshake_is_filtered_from_app_log(client, server):
    client.db.coll.find_one()
    everything = server.log()
    assert any(r.op == 'hello' for r in everything)
    assert [r.op for r in server.log(app_only=True)] == ['find']


def test_delay_is_per_socket(server, make_client):
    slow = make_client(server, maxPoolSize=1)
    fast = make_client(server, maxPoolSize=1)
    slow.db.coll.find_one()
    fast.db.coll.find_one()
    slow_port, fast_port = server.client_ports()
    server.set_delay_for_writes(1.0, client_port=slow_port)

    done = {}

    def slow_insert():
        slow.db.coll.insert_one({'_id': 'slow'})
        done['slow'] = time.time()

    thread = threading.Thread(target=slow_insert)
    started = time.time()
    thread.start()
    assert wait_for(lambda: any(r.client_port == slow_port
                                for r in app_ops(server, op='insert')))
    fast.db.coll.insert_one({'_id': 'fast'})
    done['fast'] = time.time()
    thread.join()
    assert done['fast'] - started < 0.9  # not queued behind the 1 s delay
    assert done['slow'] - started >= 1.0
    assert done['fast'] < done['slow']
    [slow_rec] = [r for r in app_ops(server, op='insert') if r.client_port == slow_port]
    assert slow_rec.delayed == 1.0


def test_drop_connection_raises_autoreconnect(server, make_client):
    client = make_client(server, retryReads=False, retryWrites=False)
    client.db.coll.insert_one({'_id': 1})
    server.drop_connection(next_command='find')
    with pytest.raises(AutoReconnect):
        client.db.coll.find_one()
    [dropped] = app_ops(server, op='find')
    assert dropped.dropped is True and dropped.reply is None
    assert client.db.coll.find_one() == {'_id': 1}  # the rule was used up


def test_dropped_write_is_not_applied(server, make_client):
    client = make_client(server, retryWrites=False)
    server.drop_connection(next_command='insert')
    with pytest.raises(AutoReconnect):
        client.db.coll.insert_one({'_id': 1})
    assert server.backend.db.coll.count_documents({}) == 0


def test_connection_counting(server, make_client):
    a = make_client(server)
    b = make_client(server)
    a.db.coll.find_one()
    b.db.coll.find_one()
    assert server.connections_opened == 2
    assert server.connections_accepted >= 4  # + a monitor socket per client
    open_before = server.open_connections
    b.close()
    assert wait_for(lambda: server.open_connections < open_before)


def test_concurrent_clients(client, server):
    def work(n):
        for i in range(20):
            client.db.coll.insert_one({'_id': '%d-%d' % (n, i)})

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert client.db.coll.count_documents({}) == 160


# -- replica set ---------------------------------------------------------------

def test_replica_set_discovery_and_secondary_reads(replica_set, make_client):
    client = make_client(replica_set.uri)
    client.db.coll.insert_one({'_id': 1})
    primary = replica_set.primary.address
    secondaries = {m.address for m in replica_set.secondaries}
    assert client.primary == primary
    assert wait_for(lambda: client.secondaries == secondaries)

    on_secondary = client.db.get_collection('coll', read_preference=Secondary())
    for _ in range(10):
        assert on_secondary.find_one({'_id': 1}) == {'_id': 1}

    [insert] = [r for r in replica_set.log(app_only=True) if r.op == 'insert']
    assert insert.server == replica_set.primary.host_string
    finds = [r for r in replica_set.log(app_only=True) if r.op == 'find']
    assert len(finds) == 10
    assert {r.server for r in finds} <= {m.host_string for m in replica_set.secondaries}


def test_secondary_refuses_writes(replica_set, make_client):
    secondary = replica_set.secondaries[0]
    direct = make_client('mongodb://%s/?directConnection=true' % secondary.host_string)
    with pytest.raises(pymongo.errors.NotPrimaryError):
        direct.db.coll.insert_one({'_id': 1})


# -- legacy opcodes, spoken raw (what PyMongo 2.x sends) -----------------------

class RawSocket:
    """Hand-built legacy messages over one socket."""

    def __init__(self, server):
        self.sock = socket.create_connection(server.address)
        self.request_id = 0

    def send(self, opcode, body):
        self.request_id += 1
        self.sock.sendall(struct.pack('<iiii', 16 + len(body), self.request_id, 0,
                                      opcode) + body)

    def receive(self):
        header = self._read(16)
        length = struct.unpack('<i', header[:4])[0]
        body = self._read(length - 16)
        flags, cursor_id, start, count = struct.unpack('<iqii', body[:20])
        return flags, cursor_id, bson.decode_all(body[20:])

    def _read(self, n):
        data = b''
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            assert chunk, 'server closed the socket'
            data += chunk
        return data

    def insert(self, ns, *docs):
        self.send(2002, struct.pack('<i', 0) + ns.encode() + b'\0'
                  + b''.join(bson.encode(d) for d in docs))

    def query(self, ns, spec, n_return=0, skip=0):
        self.send(2004, struct.pack('<i', 0) + ns.encode() + b'\0'
                  + struct.pack('<ii', skip, n_return) + bson.encode(spec))
        return self.receive()

    def get_more(self, ns, cursor_id, n_return=0):
        self.send(2005, struct.pack('<i', 0) + ns.encode() + b'\0'
                  + struct.pack('<iq', n_return, cursor_id))
        return self.receive()

    def kill_cursors(self, *ids):
        self.send(2007, struct.pack('<ii', 0, len(ids))
                  + b''.join(struct.pack('<q', i) for i in ids))

    def close(self):
        self.sock.close()


@pytest.fixture
def raw(legacy_server):
    conn = RawSocket(legacy_server)
    yield conn
    conn.close()


def test_legacy_insert_acknowledged_by_getlasterror(raw, legacy_server):
    raw.insert('db.coll', {'_id': 1})
    raw.insert('db.coll', {'_id': 1})
    _, _, [gle] = raw.query('db.$cmd', {'getlasterror': 1, 'w': 1}, n_return=-1)
    assert gle['code'] == 11000 and gle['ok'] == 1.0 and 'E11000' in gle['err']
    first, second = app_ops(legacy_server, op='insert')
    assert (first.kind, first.acknowledged, first.write_concern) == ('OP_INSERT', False, None)
    assert (second.acknowledged, second.write_concern) == (True, {'w': 1})
    [gle_record] = app_ops(legacy_server, op='getLastError')
    assert gle_record.acknowledges == second.seq


def test_legacy_getlasterror_reports_update_outcome(raw):
    raw.insert('db.coll', {'_id': 1, 'x': 1})
    raw.send(2001, struct.pack('<i', 0) + b'db.coll\0' + struct.pack('<i', 1)
             + bson.encode({'_id': 2}) + bson.encode({'$set': {'x': 2}}))
    _, _, [gle] = raw.query('db.$cmd', {'getlasterror': 1}, n_return=-1)
    assert (gle['n'], gle['updatedExisting'], gle['upserted'], gle['err']) == (1, False, 2, None)
    raw.send(2006, struct.pack('<i', 0) + b'db.coll\0' + struct.pack('<i', 0)
             + bson.encode({}))
    _, _, [gle] = raw.query('db.$cmd', {'getlasterror': 1}, n_return=-1)
    assert gle['n'] == 2


def test_getlasterror_is_per_socket(legacy_server):
    a, b = RawSocket(legacy_server), RawSocket(legacy_server)
    try:
        a.insert('db.coll', {'_id': 1})
        a.insert('db.coll', {'_id': 1})
        _, _, [gle_b] = b.query('db.$cmd', {'getlasterror': 1}, n_return=-1)
        _, _, [gle_a] = a.query('db.$cmd', {'getlasterror': 1}, n_return=-1)
    finally:
        a.close()
        b.close()
    assert gle_b['err'] is None
    assert gle_a['code'] == 11000


# A 2.x mongod's LastError, per connection.  Expected values from mongodb/mongo
# 2.4-3.0: src/mongo/db/lasterror.{h,cpp} (every message but killCursors
# raises nPrev; getLastError/getPrevError do not count; recordUpdate/
# raiseError reset it to 1), db/instance.cpp (legacy writes) and
# db/commands/get_last_error.cpp (getLastError: the record only at nPrev 1).
def gle(raw, command='getlasterror'):
    _, _, [reply] = raw.query('db.$cmd', {command: 1}, n_return=-1)
    return reply


def test_getlasterror_counts_every_message_but_itself_and_killcursors(raw):
    raw.insert('db.coll', {'_id': 1})
    raw.insert('db.coll', {'_id': 1})
    raw.kill_cursors(12345)
    assert gle(raw)['code'] == 11000
    assert gle(raw)['code'] == 11000            # getlasterror did not count
    prev = gle(raw, 'getpreverror')
    assert (prev['code'], prev['nPrev']) == (11000, 1)
    raw.query('db.coll', {})                     # a query is a message
    assert gle(raw)['err'] is None and gle(raw)['n'] == 0
    prev = gle(raw, 'getpreverror')
    assert (prev['code'], prev['nPrev']) == (11000, 2)
    raw.insert('db.coll', {'_id': 2})           # a good OP_INSERT leaves the record
    assert gle(raw, 'getpreverror')['nPrev'] == 3


def test_a_successful_update_replaces_the_error_and_reseterror_clears(raw):
    raw.insert('db.coll', {'_id': 1})
    raw.insert('db.coll', {'_id': 1})
    raw.send(2001, struct.pack('<i', 0) + b'db.coll\0' + struct.pack('<i', 0)
             + bson.encode({'_id': 1}) + bson.encode({'$set': {'x': 2}}))
    prev = gle(raw, 'getpreverror')
    assert (prev['err'], prev['updatedExisting'], prev['n'], prev['nPrev']) == (None, True, 1, 1)
    raw.insert('db.coll', {'_id': 1})
    gle(raw, 'reseterror')
    prev = gle(raw, 'getpreverror')
    assert (prev['err'], prev['n'], prev['nPrev']) == (None, 0, -1)
    assert gle(raw)['err'] is None


def test_forceerror_is_recorded(raw):
    reply = gle(raw, 'forceerror')
    assert (reply['ok'], reply['code']) == (0.0, 10038)
    last = gle(raw)
    assert (last['err'], last['code']) == ('forced error', 10038)


def test_the_insert_command_sets_n_without_a_reset(raw):
    # batch_executor.cpp incWriteStats: _le->nObjects = stats.n.
    raw.insert('db.coll', {'_id': 1})
    raw.insert('db.coll', {'_id': 1})
    _, _, [reply] = raw.query('db.$cmd', {'insert': 'coll', 'documents': [{'_id': 3}]},
                              n_return=-1)
    assert reply['n'] == 1
    prev = gle(raw, 'getpreverror')
    assert (prev['code'], prev['n'], prev['nPrev']) == (11000, 1, 2)
    assert gle(raw)['err'] is None


def test_legacy_query_getmore_and_killcursors(raw, legacy_server):
    raw.insert('db.coll', *[{'_id': i} for i in range(10)])
    flags, cursor_id, docs = raw.query('db.coll', {'$query': {}, '$orderby': {'_id': -1}},
                                       n_return=3)
    assert [d['_id'] for d in docs] == [9, 8, 7] and cursor_id != 0
    _, same_id, docs = raw.get_more('db.coll', cursor_id, n_return=4)
    assert [d['_id'] for d in docs] == [6, 5, 4, 3] and same_id == cursor_id
    assert legacy_server.open_cursors == 1
    raw.kill_cursors(cursor_id)
    assert wait_for(lambda: legacy_server.open_cursors == 0)
    flags, _, _ = raw.get_more('db.coll', cursor_id)
    assert flags & 1  # CursorNotFound
    _, single_id, docs = raw.query('db.coll', {}, n_return=-2)
    assert len(docs) == 2 and single_id == 0


def test_legacy_aggregate_without_cursor_returns_result(raw):
    raw.insert('db.coll', {'_id': 1})
    _, _, [reply] = raw.query('db.$cmd', {'aggregate': 'coll', 'pipeline': []}, n_return=-1)
    assert reply == {'result': [{'_id': 1}], 'ok': 1.0}


def test_modern_server_refuses_legacy_opcodes(server):
    raw = RawSocket(server)
    try:
        raw.insert('db.coll', {'_id': 1})
        with pytest.raises(AssertionError, match='closed'):
            raw.query('db.$cmd', {'getlasterror': 1}, n_return=-1)
    finally:
        raw.close()
    assert server.backend.db.coll.count_documents({}) == 0


# -- the oracle (PyMongo 2.8.1) against the server -----------------------------

ORACLE_SCRIPT = r'''
import sys, warnings
warnings.simplefilter('ignore')
import pymongo
from pymongo import Connection
assert pymongo.version == '2.8.1' and not pymongo.has_c()
c = Connection('127.0.0.1', int(sys.argv[1]))
coll = c.db.coll
coll.insert({'_id': 1})
coll.insert({'_id': 1})
print(c.db.command('getlasterror')['code'])
coll.insert([{'_id': i} for i in range(2, 150)])
print(coll.count(), len(list(coll.find())), coll.find_one({'_id': 1}))
'''


def test_oracle_talks_to_server(oracle_python, legacy_server):
    out = subprocess.run([oracle_python, '-c', ORACLE_SCRIPT, str(legacy_server.port)],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split('\n')[:2] == ['11000', "149 149 {'_id': 1}"]
    ops = [(r.kind, r.op) for r in legacy_server.log(app_only=True)]
    assert ops[:3] == [('OP_INSERT', 'insert'), ('OP_INSERT', 'insert'),
                       ('OP_QUERY', 'getLastError')]
    assert ('OP_GET_MORE', 'getMore') in ops


ORACLE_RS_SCRIPT = r'''
import sys, warnings
warnings.simplefilter('ignore')
from pymongo import MongoReplicaSetClient, ReadPreference
c = MongoReplicaSetClient(sys.argv[1], replicaSet='rs')
print(len(c.secondaries))
c.db.coll.insert({'_id': 1})
print(c.db.coll.find_one(read_preference=ReadPreference.SECONDARY))
'''


def test_oracle_replica_set_client(oracle_python):

    with ReplicaSetServers(members=3, max_wire_version=3) as rs:
        seeds = ','.join(m.host_string for m in rs.members)
        out = subprocess.run([oracle_python, '-c', ORACLE_RS_SCRIPT, seeds],
                             capture_output=True, text=True, timeout=30)
        assert out.returncode == 0, out.stderr
        assert out.stdout.split('\n')[:2] == ['2', "{'_id': 1}"]
        [insert] = [r for r in rs.log(app_only=True) if r.op == 'insert']
        [find] = [r for r in rs.log(app_only=True) if r.op == 'find']
        assert insert.server == rs.primary.host_string
        assert find.server in {m.host_string for m in rs.secondaries}


# -- canned replies, hello overrides, failover ---------------------------------

def test_fail_command_returns_canned_error_without_executing(client, server):
    server.fail_command('insert', {'ok': 1, 'n': 0, 'writeConcernError': {
        'code': 64, 'errmsg': 'waiting for replication timed out',
        'errInfo': {'wtimeout': True}}})
    with pytest.raises(pymongo.errors.WriteConcernError) as info:
        client.db.coll.insert_one({'_id': 1})
    assert info.value.code == 64
    assert server.backend.db.coll.count_documents({}) == 0
    client.db.coll.insert_one({'_id': 1})  # used up after one match
    assert server.backend.db.coll.count_documents({}) == 1


def test_fail_command_on_legacy_write_sets_getlasterror(raw, legacy_server):
    legacy_server.fail_command('insert', {'ok': 1, 'err': 'timeout', 'wtimeout': True, 'n': 0})
    raw.insert('db.coll', {'_id': 1})
    _, _, [gle] = raw.query('db.$cmd', {'getlasterror': 1}, n_return=-1)
    assert gle['wtimeout'] is True and gle['err'] == 'timeout'


def test_hello_extra_overrides_reply(make_client):
    with TestServer(hello_extra={'maxWriteBatchSize': 2}) as srv:
        client = make_client(srv)
        client.db.coll.insert_many([{'_id': i} for i in range(5)])
        batches = [len(r.command['documents']) for r in srv.log(app_only=True)
                   if r.op == 'insert']
    assert batches == [2, 2, 1]


def test_replica_set_failover(replica_set, make_client):
    client = make_client(replica_set.uri)
    client.db.coll.insert_one({'_id': 1})
    replica_set.elect(1)
    client.db.coll.insert_one({'_id': 2})  # retried once on the new primary
    inserts = [r for r in replica_set.log(app_only=True) if r.op == 'insert']
    assert inserts[-1].server == replica_set.members[1].host_string
    assert inserts[-1].reply['n'] == 1
    assert client.primary == replica_set.members[1].address


def test_fail_command_rules_queue_in_order(client, server):
    server.fail_command('ping', {'ok': 0, 'code': 50, 'errmsg': 'first'})
    server.fail_command('ping', {'ok': 0, 'code': 51, 'errmsg': 'second'})
    codes = []
    for _ in range(3):
        try:
            client.admin.command('ping')
            codes.append('ok')
        except OperationFailure as exc:
            codes.append(exc.code)
    assert codes == [50, 51, 'ok']


def test_close_connection_server_side(server, make_client):
    client = make_client(server, retryReads=False)
    client.db.coll.find_one()
    [port] = server.client_ports()
    server.close_connection(port)
    assert wait_for(lambda: server.open_app_connections == 0)
    with pytest.raises(AutoReconnect):
        client.db.coll.find_one()
    client.db.coll.find_one()
    assert len(server.client_ports()) == 2
    with pytest.raises(KeyError):
        server.close_connection(port)


# -- a chosen port (real suites hard-code 27017) -------------------------------

def test_server_listens_on_the_port_it_is_given():
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    with TestServer(port=port) as server:
        assert server.port == port
        with pymongo.MongoClient('127.0.0.1', port, serverSelectionTimeoutMS=3000) as client:
            client.db.coll.insert_one({'_id': 1})
            assert client.db.coll.find_one() == {'_id': 1}


def test_standalone_entry_point_serves_until_stopped():
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    proc = subprocess.Popen([sys.executable, '-m', 'tests.server', '--port', str(port)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert 'mongodb://127.0.0.1:%d/' % port in proc.stdout.readline()
        with pymongo.MongoClient('127.0.0.1', port, serverSelectionTimeoutMS=3000) as client:
            assert client.admin.command('ping')['ok'] == 1
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_capped_collection_keeps_its_newest_documents_up_to_max(client):
    db = client.db
    db.create_collection('log', capped=True, size=4096, max=3)
    db.log.insert_many([{'i': i} for i in range(5)])
    db.log.insert_one({'i': 5})
    assert [d['i'] for d in db.log.find()] == [3, 4, 5]
    db.plain.insert_many([{'i': i} for i in range(5)])
    assert db.plain.count_documents({}) == 5


def test_a_capped_collection_keeps_no_more_bson_than_its_size(client):
    db = client.db
    db.create_collection('small', capped=True, size=200)
    for i in range(10):
        db.small.insert_one({'i': i, 'pad': 'x' * 20})
    kept = [d['i'] for d in db.small.find()]
    sizes = [len(bson.encode(d)) for d in db.small.find()]
    assert kept == list(range(10 - len(kept), 10)) and 0 < len(kept) < 10
    assert sum(sizes) <= 200 < sum(sizes) + sizes[0]  # one more would not fit


def test_a_capped_upsert_evicts_too(client):
    db = client.db
    db.create_collection('capped', capped=True, size=4096, max=2)
    db.capped.insert_many([{'_id': 1}, {'_id': 2}])
    db.capped.update_one({'_id': 3}, {'$set': {'x': 1}}, upsert=True)
    assert [d['_id'] for d in db.capped.find()] == [2, 3]


def test_legacy_insert_into_a_capped_collection_evicts(raw):
    _, _, [created] = raw.query('db.$cmd', {'create': 'capped', 'capped': True,
                                            'size': 4096, 'max': 2}, n_return=-1)
    assert created['ok'] == 1
    raw.insert('db.capped', {'_id': 1}, {'_id': 2}, {'_id': 3})
    _, _, docs = raw.query('db.capped', {})
    assert [d['_id'] for d in docs] == [2, 3]


def test_capped_needs_a_size_and_options_are_reported(client):
    db = client.db
    with pytest.raises(OperationFailure) as info:
        db.create_collection('nosize', capped=True)
    assert info.value.code == 72
    db.create_collection('log', capped=True, size=1024, max=10)
    db.create_collection('plain')
    assert db.log.options() == {'capped': True, 'size': 1024.0, 'max': 10}
    assert db.plain.options() == {}
    stats = db.command('collstats', 'log')
    assert (stats['capped'], stats['max'], stats['maxSize']) == (True, 10, 1024.0)
    assert db.command('collStats', 'plain')['capped'] is False
    with pytest.raises(OperationFailure) as info:
        db.command('collStats', 'missing')
    assert info.value.code == 26


def test_dropping_a_capped_collection_forgets_its_options(client):
    db = client.db
    db.create_collection('log', capped=True, size=1024, max=1)
    db.drop_collection('log')
    db.log.insert_many([{'i': 1}, {'i': 2}])
    assert db.log.count_documents({}) == 2
    assert db.command('collstats', 'log')['capped'] is False
    db.create_collection('again', capped=True, size=1024, max=1)
    client.drop_database('db')
    db.again.insert_many([{'i': 1}, {'i': 2}])
    assert db.again.count_documents({}) == 2


def test_replica_set_members_share_collection_options(replica_set, make_client):
    client = make_client(replica_set)
    client.db.create_collection('log', capped=True, size=1024, max=1)
    for member in replica_set.members:
        assert member._options[('db', 'log')]['max'] == 1


def test_filemd5_hashes_a_gridfs_files_chunks_in_order(client):
    import hashlib
    db = client.db
    db.fs.chunks.insert_many([{'files_id': 7, 'n': 1, 'data': bson.Binary(b'world')},
                              {'files_id': 7, 'n': 0, 'data': bson.Binary(b'hello ')},
                              {'files_id': 8, 'n': 0, 'data': bson.Binary(b'other')}])
    reply = db.command('filemd5', 7, root='fs')
    assert reply['md5'] == hashlib.md5(b'hello world').hexdigest()
    assert reply['numChunks'] == 2
