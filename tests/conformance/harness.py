"""Run one PyMongo 2.x scenario under the 2.8.1 oracle and under legacy-mongo, and diff.

A scenario is a plain script written against the PyMongo 2.x API that reads
``LEGACY_TEST_HOST`` / ``LEGACY_TEST_PORT`` and prints what it observes.  It
runs twice, each time against a fresh ``tests.server.TestServer``:

* oracle: ``.oracle-venv/bin/python scenario.py`` (PyMongo 2.8.1), server with
  maxWireVersion 3 (MongoDB 3.0, the newest 2.8.1 knows);
* legacy: ``.venv/bin/python -m legacy_mongo run scenario.py``, server with
  maxWireVersion 21 (MongoDB 7.0; PyMongo 4.20 needs >= 8).

Three things are compared:

1. stdout, after normalising what cannot match across runs: ObjectIds are
   numbered in order of first appearance (``ObjectId('#1')``), the server's
   port and ``0x...`` object addresses are masked.  Exit status too.
2. Application operations per client socket.  Sockets are renamed S1, S2, ...
   in order of their first application request, so "everything on one
   socket" compares across drivers.  An operation is ``op collection`` plus,
   for writes, ``n=<documents or statements>`` and ``ack``/``unack``.
   Dropped as driver-internal: handshake/monitoring (hello, buildInfo, ping,
   endSessions), ``killCursors`` (PyMongo 4 reaps cursors from a background
   thread on any socket) and a ``getlasterror`` that acknowledges the legacy
   write before it (folded into that write).  PyMongo 4's count_documents
   pipeline (``$match``, ``$skip``/``$limit``, ``$group {_id: 1, n: {$sum: 1}}``)
   is reported as ``count``.
3. Writes in arrival order with their acknowledgement and, for acknowledged
   ones, the write concern sent (absent and ``{}`` are the same: server
   default).  The protocol difference disappears here: 2.8.1 sends an
   acknowledged write as a write command over OP_QUERY (wire >= 2) or as a
   legacy opcode + getlasterror (wire < 2), and an unacknowledged one as a
   legacy opcode; legacy-mongo sends OP_MSG with or without moreToCome.
   legacy-mongo's deferred acknowledgement of a w=0 write in a request
   (writeConcern exactly ``{w: 1, wtimeout: 0}``, reply read later) counts
   as unacknowledged: the caller did not wait for it, as under 2.8.

Directives, as comment lines in the scenario:

* ``# conformance: compare=stdout,ops,writes`` (any subset) restricts what is
  compared, e.g. to stdout when the two drivers legitimately reach the same
  result through different operations.
* ``# conformance: sockets=unordered`` for threaded scenarios: which thread's
  socket appears first is up to the scheduler, so the per-socket sequences
  are compared as a sorted collection and the writes as a sorted list.  The
  order *within* one socket still counts.
* ``# conformance: known-deviation=<reason>``: a documented, decided
  difference; the pytest entry point expects the comparison to fail.
* ``# conformance: needs=deferred-replies``: the scenario relies on
  legacy-mongo reading w=0 replies later (runtime/outcomes.py); with a
  PyMongo release that cannot (4.9) it is an expected difference.
* ``# conformance: fail_command=<op> <JSON reply>`` (repeatable): both servers
  answer the next matching request with that reply instead of executing it
  (``TestServer.fail_command``), for error-mapping scenarios.  Rules for the
  same op are used up in the order written; ``count`` also matches PyMongo 4's
  count_documents aggregate.
* ``# conformance: env=NAME=VALUE`` (repeatable) sets an environment variable
  for the legacy-mongo run only, e.g. ``LEGACY_MONGO_ACKNOWLEDGE=1``.  Other
  ``LEGACY_MONGO_*`` variables of the calling environment are not passed on,
  so a run does not depend on the shell it was started from.

CLI: ``python -m tests.conformance.harness SCENARIO.py [...]`` prints the
diff and exits 1 when anything differs.
"""
import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import List, Optional

from tests.server import WRITE_OPS, TestServer

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO_DIR = os.path.join(REPO_ROOT, 'tests', 'conformance', 'scenarios')
ORACLE_PYTHON = os.path.join(REPO_ROOT, '.oracle-venv', 'bin', 'python')
# The interpreter running the harness: under `make test VENV=.venv-lowest`
# the legacy side must use that venv's PyMongo, not .venv's.
LEGACY_PYTHON = sys.executable
ORACLE_WIRE = 3
LEGACY_WIRE = 21
TIMEOUT = 30
ASPECTS = ('stdout', 'ops', 'writes')

_INTERNAL_OPS = {'killCursors'}


@dataclass
class Run:
    driver: str
    command: List[str]
    returncode: Optional[int]
    stdout: str
    stderr: str
    records: list
    port: int
    elapsed: float

    @property
    def normalised_stdout(self):
        return normalise_stdout(self.stdout, self.port)

    @property
    def ops_by_socket(self):
        return ops_by_socket(self.records)

    @property
    def writes(self):
        return writes(self.records)


@dataclass
class Comparison:
    scenario: str
    oracle: Run
    legacy: Run
    aspects: tuple
    diffs: OrderedDict = field(default_factory=OrderedDict)

    @property
    def equal(self):
        return not self.diffs

    def report(self):
        name = os.path.basename(self.scenario)
        if self.equal:
            return '%s: same (%s)\n' % (name, ', '.join(self.aspects))
        out = ['%s: DIFFERS in %s\n' % (name, ', '.join(self.diffs))]
        for aspect, text in self.diffs.items():
            out.append('--- %s (oracle = -, legacy-mongo = +)\n%s\n' % (aspect, text))
        return ''.join(out)


def normalise_stdout(text, port):
    ids = OrderedDict()

    def number(match):
        return "ObjectId('#%d')" % ids.setdefault(match.group(1), len(ids) + 1)

    text = re.sub(r"ObjectId\('([0-9a-f]{24})'\)", number, text)
    text = re.sub(r'\b%d\b' % port, '<PORT>', text)
    return re.sub(r'\b0x[0-9a-fA-F]{6,}\b', '0x?', text)


def _is_count_pipeline(record):
    if record.op != 'aggregate':
        return False
    pipeline = record.command.get('pipeline') or []
    stages = [next(iter(s), None) for s in pipeline]
    return (len(stages) >= 2 and stages[0] == '$match' and stages[-1] == '$group'
            and set(stages[1:-1]) <= {'$skip', '$limit'}
            and pipeline[-1]['$group'] == {'_id': 1, 'n': {'$sum': 1}})


def _write_count(record):
    if record.kind in ('OP_INSERT',):
        return len(record.docs)
    if record.kind in ('OP_UPDATE', 'OP_DELETE'):
        return 1
    key = {'insert': 'documents', 'update': 'updates', 'delete': 'deletes'}.get(record.op)
    return len(record.command.get(key) or []) if key else 1


def _app_records(records):
    return [r for r in records
            if not r.is_handshake and r.op not in _INTERNAL_OPS
            and r.acknowledges is None]


# legacy-mongo's deferred acknowledgement of a w=0 write in a request (sent
# acknowledged, the caller does not wait: legacy_mongo/runtime/outcomes.py).
DEFERRED_ACK = {'w': 1, 'wtimeout': 0}


def acknowledged_for_the_caller(record):
    return record.acknowledged and (record.write_concern or {}) != DEFERRED_ACK


def describe(record):
    op = 'count' if _is_count_pipeline(record) else record.op
    text = '%s %s' % (op, record.collection or '-')
    if record.op in WRITE_OPS:
        text += ' n=%d %s' % (_write_count(record),
                              'ack' if acknowledged_for_the_caller(record) else 'unack')
    if record.dropped:
        text += ' DROPPED'
    return text


def ops_by_socket(records):
    sockets = OrderedDict()
    for r in _app_records(records):
        sockets.setdefault(r.client_port, []).append(describe(r))
    return OrderedDict(('S%d' % i, ops) for i, ops in enumerate(sockets.values(), 1))


def writes(records):
    out = []
    for r in _app_records(records):
        if r.op not in WRITE_OPS:
            continue
        text = describe(r)
        if acknowledged_for_the_caller(r):
            wc = {k: v for k, v in (r.write_concern or {}).items()}
            text += ' wc=%s' % (sorted(wc.items()),)
        out.append(text)
    return out


def _wait_until_idle(server, timeout=3.0):
    # The client has exited; let connection threads finish what they read.
    deadline = time.time() + timeout
    while server.open_connections and time.time() < deadline:
        time.sleep(0.01)


def run_scenario(path, driver):
    """Run `path` under 'oracle' or 'legacy' against a fresh server."""
    path = os.path.abspath(path)
    if driver == 'oracle':
        command, wire = [ORACLE_PYTHON, path], ORACLE_WIRE
    elif driver == 'legacy':
        command, wire = [LEGACY_PYTHON, '-m', 'legacy_mongo', 'run', path], LEGACY_WIRE
    else:
        raise ValueError(driver)
    with TestServer(max_wire_version=wire) as server:
        for op, reply in canned_replies(path):
            server.fail_command(_op_matcher(op), reply)
        env = dict(os.environ, LEGACY_TEST_HOST=server.address[0],
                   LEGACY_TEST_PORT=str(server.port), PYTHONHASHSEED='0',
                   PYTHONDONTWRITEBYTECODE='1')
        env.pop('PYTHONPATH', None)
        for name in [n for n in env if n.startswith('LEGACY_MONGO_')]:
            del env[name]
        if driver == 'legacy':
            env['PYTHONPATH'] = REPO_ROOT  # legacy_mongo from this checkout
            env.update(scenario_env(path))
        started = time.time()
        try:
            proc = subprocess.run(command, cwd=os.path.dirname(path), env=env,
                                  capture_output=True, text=True, timeout=TIMEOUT)
            returncode, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as exc:
            returncode = None
            stdout = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ''
            stderr = 'TIMEOUT after %ss\n' % TIMEOUT
        elapsed = time.time() - started
        _wait_until_idle(server)
        return Run(driver, command, returncode, stdout, stderr, server.log(),
                   server.port, elapsed)


def _directive(path, name):
    with open(path) as f:
        match = re.search(r'^#\s*conformance:.*\b%s=([\w,]+)' % name, f.read(), re.M)
    return match.group(1) if match else None


def _op_matcher(op):
    if op == 'count':
        return lambda record: record.op == 'count' or _is_count_pipeline(record)
    return op


def known_deviation(path):
    """``# conformance: known-deviation=<reason>``: the scenario differs from
    2.8.1 in a way the project decided and documented; the test is a strict
    xfail, so it fails the day the difference disappears."""
    with open(path) as f:
        text = f.read()
    match = re.search(r'^#\s*conformance:\s*known-deviation=(.+)$', text, re.M)
    if match:
        return match.group(1).strip()
    if re.search(r'^#\s*conformance:\s*needs=deferred-replies\s*$', text, re.M):
        from legacy_mongo.runtime.pinning import DEFERRED_REPLIES
        if not DEFERRED_REPLIES:
            return ('this PyMongo release reads replies past Connection.receive_message, so '
                    'legacy-mongo cannot defer them (pinning.DEFERRED_REPLIES): w=0 writes in '
                    'a request stay unacknowledged and their getlasterror is refused')
    return None


def scenario_env(path):
    with open(path) as f:
        found = re.findall(r'^#\s*conformance:\s*env=(\w+)=(\S*)[ \t]*$', f.read(), re.M)
    return dict(found)


def canned_replies(path):
    with open(path) as f:
        found = re.findall(r'^#\s*conformance:\s*fail_command=(\w+)\s+(\{.*\})[ \t]*(?:#.*)?$',
                           f.read(), re.M)
    return [(op, json.loads(reply)) for op, reply in found]


def sockets_unordered(path):
    value = _directive(path, 'sockets')
    if value not in (None, 'ordered', 'unordered'):
        raise ValueError('%s: sockets=%s, expected ordered or unordered' % (path, value))
    return value == 'unordered'


def scenario_aspects(path):
    value = _directive(path, 'compare')
    if value is None:
        return ASPECTS
    aspects = tuple(a.strip() for a in value.split(','))
    unknown = set(aspects) - set(ASPECTS)
    if unknown:
        raise ValueError('%s: unknown aspects %s' % (path, sorted(unknown)))
    return aspects


def _diff(a_lines, b_lines):
    return ''.join(difflib.unified_diff(
        [line + '\n' for line in a_lines], [line + '\n' for line in b_lines],
        'oracle', 'legacy-mongo', n=2))


def _socket_lines(by_socket, unordered=False):
    sequences = list(by_socket.values())
    if unordered:
        sequences.sort()
    return ['S%d: %s' % (i, op) for i, ops in enumerate(sequences, 1) for op in ops]


def compare(path, oracle=None, legacy=None):
    oracle = oracle or run_scenario(path, 'oracle')
    legacy = legacy or run_scenario(path, 'legacy')
    result = Comparison(path, oracle, legacy, scenario_aspects(path))
    if oracle.returncode != 0:
        result.diffs['oracle-failed'] = (
            'the scenario itself fails under PyMongo 2.8.1 (exit %s); fix the scenario:\n%s'
            % (oracle.returncode, oracle.stderr[-3000:]))
        return result
    if legacy.returncode != 0:
        result.diffs['exit'] = 'legacy-mongo exited %s:\n%s' % (
            legacy.returncode, legacy.stderr[-3000:])
    if 'stdout' in result.aspects:
        text = _diff(oracle.normalised_stdout.splitlines(),
                     legacy.normalised_stdout.splitlines())
        if text:
            result.diffs['stdout'] = text
    unordered = sockets_unordered(path)
    if 'ops' in result.aspects:
        text = _diff(_socket_lines(oracle.ops_by_socket, unordered),
                     _socket_lines(legacy.ops_by_socket, unordered))
        if text:
            result.diffs['ops'] = text
    if 'writes' in result.aspects:
        order = sorted if unordered else list
        text = _diff(order(oracle.writes), order(legacy.writes))
        if text:
            result.diffs['writes'] = text
    return result


def scenarios():
    return sorted(os.path.join(SCENARIO_DIR, name) for name in os.listdir(SCENARIO_DIR)
                  if name.endswith('.py') and not name.startswith('_'))


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m tests.conformance.harness',
                                     description=__doc__.split('\n')[0])
    parser.add_argument('scenario', nargs='*',
                        help='scenario files (default: all in %s)' % SCENARIO_DIR)
    parser.add_argument('--show', action='store_true',
                        help='also print both normalised outputs and op logs')
    args = parser.parse_args(argv)
    if not os.path.exists(ORACLE_PYTHON):
        print('oracle missing: run `make oracle` (tests/oracle/build_oracle.sh)',
              file=sys.stderr)
        return 2
    differing = 0
    for path in args.scenario or scenarios():
        result = compare(path)
        differing += not result.equal
        sys.stdout.write(result.report())
        if args.show:
            for run in (result.oracle, result.legacy):
                print('=== %s (%.2fs, exit %s) stdout:\n%s' % (
                    run.driver, run.elapsed, run.returncode, run.normalised_stdout))
                print('=== %s ops:\n%s' % (run.driver, '\n'.join(
                    _socket_lines(run.ops_by_socket, sockets_unordered(path)))))
                print('=== %s writes:\n%s\n' % (run.driver, '\n'.join(run.writes)))
    return 1 if differing else 0


if __name__ == '__main__':
    sys.exit(main())
