"""Requests on replica sets: member pinning and requests that survive
failures (spec §3.5, §3.7, §3.9).

2.8's MongoReplicaSetClient remembered, for a thread in a request, the member
its last read went to (with the read preference used) and sent later reads
with the same preference there; outside a request reads spread over every
eligible member.  Each member records what it served (``Record.server``) and
over which client socket (``Record.client_port``).
"""
import threading
import time
from collections import Counter

import pytest
from pymongo import ReadPreference
from pymongo.errors import AutoReconnect

from legacy_mongo import MongoReplicaSetClient, ReplicaSetConnection

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

GUARD_SECONDS = 60
SECONDARY = 2  # 2.8's ReadPreference.SECONDARY (an int)
READS = 40


@pytest.fixture
def rs_client(replica_set):
    clients = []

    def make(cls=MongoReplicaSetClient, **kwargs):
        kwargs.setdefault("serverSelectionTimeoutMS", 5000)
        # Every member in the latency window: on a loaded machine round trips
        # vary by more than the 15 ms default, and a member falling out of
        # the window would look like pinning.
        kwargs.setdefault("secondary_acceptable_latency_ms", 10000)
        client = cls(replica_set.uri, replicaSet=replica_set.set_name, **kwargs)
        clients.append(client)
        # Wait until every member is known, so selection has real choices.
        deadline = time.monotonic() + 10
        while len(client.nodes) < len(replica_set.members) or client.primary is None \
                or len(client.secondaries) < len(replica_set.members) - 1:
            assert time.monotonic() < deadline, "replica set not discovered"
            time.sleep(0.01)
        return client

    yield make
    for client in clients:
        client.close()


def reads(replica_set, collection):
    """(member, client port) of every application read on `collection`."""
    return [(r.server, r.client_port) for r in replica_set.log(app_only=True)
            if r.collection == collection and r.op in ("find", "getMore", "count")]


def test_secondary_reads_in_a_request_go_to_one_member(replica_set, rs_client):
    client = rs_client(read_preference=SECONDARY)
    secondaries = {m.host_string for m in replica_set.secondaries}
    with client.start_request():
        for _ in range(READS):
            client.db.pinned.find_one()
    served = reads(replica_set, "pinned")
    assert len(served) == READS
    assert {member for member, _ in served} <= secondaries
    # §3.9: one member, and over one socket to it.
    assert len(set(served)) == 1, Counter(member for member, _ in served)


def test_secondary_reads_outside_a_request_spread(replica_set, rs_client):
    client = rs_client(read_preference=SECONDARY)
    secondaries = {m.host_string for m in replica_set.secondaries}
    for _ in range(READS):
        client.db.spread.find_one()
    members = {member for member, _ in reads(replica_set, "spread")}
    assert members == secondaries  # P(all 40 on one of two) = 2**-39


def test_end_request_unpins_the_member(replica_set, rs_client):
    client = rs_client(read_preference=SECONDARY)
    secondaries = {m.host_string for m in replica_set.secondaries}
    client.start_request()
    client.db.during.find_one()
    client.end_request()
    for _ in range(READS):
        client.db.after.find_one()
    assert {member for member, _ in reads(replica_set, "after")} == secondaries


def test_a_new_read_preference_repins(replica_set, rs_client):
    """2.8's test_pinned_member: SECONDARY pins a secondary; PRIMARY_PREFERRED
    goes to the primary; NEAREST pins one member; end_request() unpins."""
    client = rs_client(read_preference=SECONDARY)
    coll = client.db.repin
    primary = replica_set.primary.host_string
    nearest = coll.with_options(read_preference=ReadPreference.NEAREST)
    primary_preferred = coll.with_options(read_preference=ReadPreference.PRIMARY_PREFERRED)
    every_member = {m.host_string for m in replica_set.members}

    def members_of(batch):
        replica_set_log_before = len(reads(replica_set, "repin"))
        for _ in range(READS // 2):
            batch.find_one()
        return {m for m, _ in reads(replica_set, "repin")[replica_set_log_before:]}

    with client.start_request():
        pinned = members_of(coll)
        assert len(pinned) == 1 and primary not in pinned
        assert members_of(primary_preferred) == {primary}
        assert len(members_of(nearest)) == 1
        assert members_of(primary_preferred) == {primary}
    assert members_of(nearest) == every_member


def test_writes_in_a_request_stay_on_one_primary_socket(replica_set, rs_client):
    client = rs_client(read_preference=SECONDARY)
    primary = replica_set.primary.host_string
    holding = threading.Event()
    release = threading.Event()

    def other():
        client.start_request()
        client.db.other.insert({"x": 1})
        holding.set()
        assert release.wait(10)
        client.end_request()

    thread = threading.Thread(target=other, daemon=True)
    thread.start()
    assert holding.wait(10)
    with client.start_request():
        for i in range(10):
            client.db.writes.insert({"i": i})
    release.set()
    thread.join(10)
    assert not thread.is_alive()
    served = {(r.server, r.client_port) for r in replica_set.log(app_only=True)
              if r.collection == "writes"}
    assert len(served) == 1 and next(iter(served))[0] == primary
    other_sockets = {(r.server, r.client_port) for r in replica_set.log(app_only=True)
                     if r.collection == "other"}
    assert not served & other_sockets


def test_replica_set_requests_survive_a_network_error(replica_set, rs_client):
    """§3.7: MongoReplicaSetClient's requests survive failures; a dead request
    socket is replaced and the new one is pinned."""
    client = rs_client()
    client.start_request()
    client.db.rs.insert({"_id": 1})
    [first] = {r.client_port for r in replica_set.primary.log(app_only=True)
               if r.collection == "rs"}
    replica_set.primary.drop_connection(next_command="insert")
    with pytest.raises(AutoReconnect):
        client.db.rs.insert({"_id": 2})
    assert client.in_request() is True
    for i in range(3, 8):
        client.db.rs.insert({"_id": i})
    after = [r.client_port for r in replica_set.primary.log(app_only=True)
             if r.collection == "rs" and not r.dropped][1:]
    assert len(set(after)) == 1 and first not in after
    client.end_request()
    assert client.in_request() is False


def test_replica_set_counters_nest_and_auto_start_in_the_constructor(replica_set, rs_client):
    # §3.5: ReplicaSetConnection's constructor puts the thread in a request.
    auto = rs_client(ReplicaSetConnection)
    assert auto.in_request() is True
    seen = {}

    def other():
        seen["before"] = auto.in_request()
        auto.db.t.find_one()
        seen["after"] = auto.in_request()

    thread = threading.Thread(target=other, daemon=True)
    thread.start()
    thread.join(10)
    assert seen == {"before": False, "after": True}
    auto.end_request()
    assert auto.in_request() is False

    # §3.9: nesting by counter.
    client = rs_client()
    for _ in range(3):
        client.start_request()
    client.db.t.find_one()
    for depth in (2, 1):
        client.end_request()
        assert client.in_request() is True
        assert client._legacy_requests.counter() == depth
    client.end_request()
    assert client.in_request() is False
    client.end_request()
    assert client.in_request() is False


def test_replica_set_in_request_is_never_none(replica_set):
    """§3.9: MongoReplicaSetClient's in_request() is its own counter > 0,
    even before it has connected (MongoClient would answer None)."""
    client = MongoReplicaSetClient(replica_set.uri, replicaSet=replica_set.set_name,
                                   _connect=False)
    try:
        assert client.in_request() is False
        client.start_request()
        assert client.in_request() is True
        client.end_request()
        assert client.in_request() is False
    finally:
        client.close()


def test_a_primary_change_repins_secondary_reads(replica_set, rs_client):
    """§3.9: a primary change found by a refresh unpins the thread; its next
    reads pin one member that is still a secondary."""
    client = rs_client(read_preference=SECONDARY, heartbeatFrequencyMS=500)
    hosts = [m.host_string for m in replica_set.members]
    with client.start_request():
        for _ in range(10):
            client.db.failover.find_one()
        [before] = {m for m, _ in reads(replica_set, "failover")}
        replica_set.elect(hosts.index(before))
        host, port = before.rsplit(":", 1)
        deadline = time.monotonic() + 10
        while client.primary != (host, int(port)):
            assert time.monotonic() < deadline, "the client never saw the new primary"
            time.sleep(0.05)
        start = len(reads(replica_set, "failover"))
        for _ in range(20):
            client.db.failover.find_one()
        after = {m for m, _ in reads(replica_set, "failover")[start:]}
    assert before not in after
    assert len(after) == 1, after


@pytest.mark.parametrize("in_request", [False, True])
def test_a_w0_write_on_a_direct_connection_to_a_secondary_raises_not_master(
        replica_set, in_request):
    # PyMongo 2.8.1 (the oracle, wire version 3, direct MongoClient(host,
    # port) to a member answering as a secondary): insert(doc, w=0) raised
    # AutoReconnect('not master') client-side, inside a request and outside
    # one alike, and db.error() then answered None (nothing was sent).
    import legacy_mongo

    secondary = replica_set.members[1]
    client = legacy_mongo.MongoClient(secondary.address[0], secondary.port,
                                      serverSelectionTimeoutMS=5000)
    try:
        if in_request:
            client.start_request()
        with pytest.raises(AutoReconnect) as info:
            client.db.coll.insert({"x": 1}, w=0)
        assert str(info.value) == "not master"
        assert client.db.error() is None
        assert replica_set.backend.db.coll.count_documents({}) == 0
    finally:
        client.close()
