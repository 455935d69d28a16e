"""The harness itself: normalisation, op description, and that it detects differences."""
import os

import pytest

from tests.conformance import harness
from tests.server import Record

SCENARIO = os.path.join(harness.SCENARIO_DIR, 'wc_connection_default_unacknowledged.py')


def record(op, kind='OP_MSG', port=1000, collection='c', **kw):
    kw.setdefault('docs', [{op: collection}])
    return Record(seq=0, time=0, server='s', client_port=port, kind=kind, name=op,
                  op=op, database='db', collection=collection, **kw)


def test_normalise_numbers_objectids_and_masks_port():
    text = ("ObjectId('aaaaaaaaaaaaaaaaaaaaaaaa') ObjectId('bbbbbbbbbbbbbbbbbbbbbbbb') "
            "ObjectId('aaaaaaaaaaaaaaaaaaaaaaaa') 127.0.0.1:45678 <x at 0x7f00aa11bb22>")
    assert harness.normalise_stdout(text, 45678) == (
        "ObjectId('#1') ObjectId('#2') ObjectId('#1') 127.0.0.1:<PORT> <x at 0x?>")


def test_sockets_renamed_in_order_of_first_app_use():
    records = [
        record('hello', port=7, is_handshake=True),
        record('insert', port=9, acknowledged=True,
               docs=[{'insert': 'c', 'documents': [{}, {}]}]),
        record('find', port=7),
        record('killCursors', port=7),
        record('insert', kind='OP_INSERT', port=9, acknowledged=False, docs=[{}]),
    ]
    assert harness.ops_by_socket(records) == {
        'S1': ['insert c n=2 ack', 'insert c n=1 unack'],
        'S2': ['find c'],
    }


def test_getlasterror_folded_into_its_write():
    write = record('insert', kind='OP_INSERT', acknowledged=True, docs=[{}],
                   write_concern={'w': 1})
    gle = record('getLastError', kind='OP_QUERY', collection=None,
                 docs=[{'getlasterror': 1, 'w': 1}], acknowledges=1)
    assert harness.writes([write, gle]) == ["insert c n=1 ack wc=[('w', 1)]"]
    assert harness.ops_by_socket([write, gle]) == {'S1': ['insert c n=1 ack']}


def test_count_documents_pipeline_reported_as_count():
    agg = record('aggregate', docs=[{'aggregate': 'c', 'pipeline': [
        {'$match': {}}, {'$skip': 1}, {'$group': {'_id': 1, 'n': {'$sum': 1}}}]}])
    other = record('aggregate', docs=[{'aggregate': 'c', 'pipeline': [{'$match': {}}]}])
    assert harness.describe(agg) == 'count c'
    assert harness.describe(other) == 'aggregate c'


def test_unacknowledged_write_concern_not_compared():
    legacy_opcode = record('insert', kind='OP_INSERT', acknowledged=False, docs=[{}])
    op_msg = record('insert', acknowledged=False, more_to_come=True,
                    write_concern={'w': 0}, docs=[{'insert': 'c', 'documents': [{}]}])
    assert harness.writes([legacy_opcode]) == harness.writes([op_msg])


def test_aspects_directive(tmp_path):
    path = tmp_path / 's.py'
    path.write_text('# conformance: compare=stdout,writes\nprint(1)\n')
    assert harness.scenario_aspects(str(path)) == ('stdout', 'writes')
    path.write_text('# conformance: compare=stdout,vibes\n')
    with pytest.raises(ValueError):
        harness.scenario_aspects(str(path))


@pytest.fixture
def oracle_run():
    if not os.path.exists(harness.ORACLE_PYTHON):
        pytest.skip('PyMongo 2.8.1 oracle not built: run `make oracle`')
    return harness.run_scenario(SCENARIO, 'oracle')


def test_oracle_against_itself_is_equal(oracle_run):
    again = harness.run_scenario(SCENARIO, 'oracle')
    assert oracle_run.port != again.port  # a fresh server each time
    assert harness.compare(SCENARIO, oracle_run, again).equal


def test_difference_is_reported(oracle_run):
    again = harness.run_scenario(SCENARIO, 'oracle')
    again.stdout = again.stdout.replace('insert 1 again -> 1', 'insert 1 again -> boom')
    for r in again.records:
        if r.op == 'update':
            r.acknowledged = True
            break
    result = harness.compare(SCENARIO, oracle_run, again)
    assert list(result.diffs) == ['stdout', 'ops', 'writes']
    assert '+insert 1 again -> boom' in result.diffs['stdout']
    assert '+update coll n=1 ack' in result.diffs['writes']


def test_unordered_sockets_directive(tmp_path):
    path = tmp_path / 's.py'
    path.write_text('# conformance: sockets=unordered\n')
    assert harness.sockets_unordered(str(path)) is True
    assert harness.scenario_aspects(str(path)) == harness.ASPECTS
    a = {'S1': ['find b'], 'S2': ['find a', 'insert a n=1 ack']}
    b = {'S1': ['find a', 'insert a n=1 ack'], 'S2': ['find b']}
    assert harness._socket_lines(a, unordered=True) == harness._socket_lines(b, unordered=True)
    assert harness._socket_lines(a) != harness._socket_lines(b)


def test_fail_command_directive(tmp_path):
    path = tmp_path / 's.py'
    path.write_text('# conformance: fail_command=insert {"ok": 0, "code": 50}\n'
                    '# conformance: fail_command=count {"ok": 0, "code": 51}\n')
    assert harness.canned_replies(str(path)) == [
        ('insert', {'ok': 0, 'code': 50}), ('count', {'ok': 0, 'code': 51})]


def test_env_directive_and_inherited_variables_dropped(tmp_path, monkeypatch):
    path = tmp_path / 's.py'
    path.write_text('# conformance: env=LEGACY_MONGO_ACKNOWLEDGE=1\n'
                    'import os\n'
                    'print(sorted(k for k in os.environ if k.startswith("LEGACY_MONGO_")))\n')
    assert harness.scenario_env(str(path)) == {'LEGACY_MONGO_ACKNOWLEDGE': '1'}
    monkeypatch.setenv('LEGACY_MONGO_WARNINGS', 'error')
    monkeypatch.setattr(harness, 'LEGACY_PYTHON', harness.sys.executable)
    run = harness.run_scenario(str(path), 'legacy')
    assert run.stdout == "['LEGACY_MONGO_ACKNOWLEDGE']\n", run.stderr


def test_count_matcher_covers_count_documents_pipeline():
    matcher = harness._op_matcher('count')
    agg = record('aggregate', docs=[{'aggregate': 'c', 'pipeline': [
        {'$match': {}}, {'$group': {'_id': 1, 'n': {'$sum': 1}}}]}])
    assert matcher(agg) and matcher(record('count'))
    assert not matcher(record('find'))


def test_known_deviation_directive(tmp_path):
    path = tmp_path / 's.py'
    path.write_text('"""doc"""\n# conformance: known-deviation=wire differs, data does not\nprint(1)\n')
    assert harness.known_deviation(str(path)) == 'wire differs, data does not'
    path.write_text('print(1)\n')
    assert harness.known_deviation(str(path)) is None
