"""A wire-protocol test server: MockupDB speaks the wire, mongomock holds the data.

No MongoDB exists on the test machines, yet both drivers we care about have to
talk to something real enough: PyMongo 4.x (OP_MSG, hello, sessions) through
legacy-mongo, and PyMongo 2.8.1 (OP_QUERY commands, legacy write opcodes,
getlasterror) as the behavioural oracle.  ``TestServer`` parses every message
with MockupDB's request classes, executes it against a mongomock client, and
replies with MockupDB's reply classes, so inserted documents persist, cursors
are real, and every request is recorded in a log the tests can inspect.

Why not plain MockupDB: its per-connection loop holds one server-wide lock
while a request is handled, so a delayed reply on one socket stalls every
other socket; and its OP_KILL_CURSORS parser reads 4-byte cursor ids.  Both
loops are replaced here; parsing, binding and shutdown stay MockupDB's.

The log
-------
``server.log()`` returns ``Record`` objects in arrival order.
``server.log(app_only=True)`` leaves out handshake and monitoring traffic
(``HANDSHAKE_OPS``: hello/isMaster/ismaster, buildInfo, ping, endSessions).

``Record.acknowledged`` is "the client asked for a reply":

* OP_MSG: ``not more_to_come``.
* OP_QUERY (queries and ``$cmd`` commands) and OP_GET_MORE: True.
* OP_KILL_CURSORS: False.
* OP_INSERT / OP_UPDATE / OP_DELETE: False when logged; turned True when the
  *next* message on the same socket is ``getlasterror`` (any spelling), which
  is how MongoDB <= 2.4 drivers acknowledged a write.  That record's options
  (the getlasterror document without its first key) become the write's
  ``write_concern`` and the getlasterror record gets ``acknowledges`` = the
  write's ``seq``.  So a legacy write's flag is final once the next message
  on its socket has arrived (or the socket closed).

Collection options
------------------
mongomock keeps no collection options, so the server keeps them: ``create``
stores its options (``capped`` needs ``size``, as MongoDB says), and
``listCollections`` and ``collStats`` (alias ``collstats``) report them.  A
capped collection keeps its newest documents: after each insert or upsert
the oldest ones go while it holds more than ``max`` documents or more than
``size`` bytes of BSON.  MongoDB's other capped rules (3.0 refusing deletes
and growing updates, which 7.0 allows) are not reproduced.

Fault and race controls (all per socket, other sockets keep being served):

* ``server.delay(seconds, client_port=None, command=None, times=None)``
* ``server.set_delay_for_writes(seconds, client_port=None, times=None)``
* ``server.drop_connection(next_command=None, client_port=None, times=1)``
* ``server.fail_command(command, reply, client_port=None, times=1)``: answer
  with a canned reply (error codes, writeConcernError, ...) instead of
  executing; for a legacy write it becomes that socket's getlasterror.
* ``server.close_connection(client_port)``: close an idle socket server-side.
* ``ReplicaSetServers.elect(index)``: fail over to another member (None: to none).

``command`` / ``next_command`` is a canonical op name (``Record.op``: 'insert',
'update', 'delete', 'find', 'getMore', 'count', 'hello', ...), an iterable of
them, or a predicate taking the ``Record``; None matches any application
(non-handshake) request.
"""

import datetime
import itertools
import random
import socket
import struct
import sys
import threading
import time
import traceback
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, List, Optional

import bson
import mockupdb
import mongomock
from mongomock import filtering
from pymongo.errors import DuplicateKeyError, OperationFailure

__all__ = ['TestServer', 'ReplicaSetServers', 'Record', 'HANDSHAKE_OPS',
           'WRITE_OPS']

HOST = '127.0.0.1'

OP_NAMES = {
    mockupdb.OP_MSG: 'OP_MSG', mockupdb.OP_QUERY: 'OP_QUERY',
    mockupdb.OP_INSERT: 'OP_INSERT', mockupdb.OP_UPDATE: 'OP_UPDATE',
    mockupdb.OP_DELETE: 'OP_DELETE', mockupdb.OP_GET_MORE: 'OP_GET_MORE',
    mockupdb.OP_KILL_CURSORS: 'OP_KILL_CURSORS',
}

# MongoDB command names are case-sensitive apart from these historical aliases.
COMMAND_ALIASES = {
    'ismaster': 'hello', 'isMaster': 'hello', 'hello': 'hello',
    'buildinfo': 'buildInfo', 'buildInfo': 'buildInfo',
    'getlasterror': 'getLastError', 'getLastError': 'getLastError',
    'getpreverror': 'getPrevError', 'getPrevError': 'getPrevError',
    'reseterror': 'resetError', 'resetError': 'resetError',
    'findandmodify': 'findAndModify', 'findAndModify': 'findAndModify',
    'deleteIndexes': 'dropIndexes', 'dropIndexes': 'dropIndexes',
    'collstats': 'collStats', 'collStats': 'collStats',
}

HANDSHAKE_OPS = frozenset({'hello', 'buildInfo', 'ping', 'endSessions'})
WRITE_OPS = frozenset({'insert', 'update', 'delete', 'findAndModify'})
# Commands a secondary refuses; reads need secondaryOk there.
_PRIMARY_ONLY = WRITE_OPS | {'create', 'drop', 'dropDatabase',
                             'createIndexes', 'dropIndexes'}
_READS = frozenset({'find', 'count', 'aggregate', 'distinct', 'listIndexes',
                    'listCollections'})

# Server version reported by buildInfo for each maxWireVersion (nearest lower).
_VERSIONS = [(0, '2.4.14'), (2, '2.6.12'), (3, '3.0.15'), (4, '3.2.22'),
             (5, '3.4.24'), (6, '3.6.23'), (7, '4.0.28'), (8, '4.2.25'),
             (9, '4.4.29'), (13, '5.0.31'), (17, '6.0.20'), (21, '7.0.16'),
             (25, '8.0.4')]

_GLE_REMOVED_WIRE = 13  # MongoDB 5.1 removed getLastError (and getPrevError, resetError).
_LAST_ERROR_OPS = frozenset({'getLastError', 'getPrevError', 'resetError', 'forceerror'})
_LEGACY_OPCODES_REMOVED_WIRE = 14  # MongoDB 5.1: only OP_MSG (+ OP_QUERY handshake).
# The server generation that introduced each command (its maxWireVersion).
_COMMAND_MIN_WIRE = {
    'insert': 2, 'update': 2, 'delete': 2, 'createIndexes': 2,
    'listIndexes': 3, 'listCollections': 3,
    'find': 4, 'getMore': 4, 'killCursors': 4, 'endSessions': 6,
}
_CURSOR_REQUIRED_WIRE = 6  # MongoDB 3.6 made aggregate's cursor option mandatory.
_DEFAULT_BATCH = 101
_RETRYABLE_CODES = frozenset({6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602,
                              13435, 13436})

_seq = itertools.count(1)


@dataclass
class Record:
    """One request as the server received it."""
    seq: int
    time: float
    server: str                 # 'host:port' of the member that got it
    client_port: int
    kind: str                   # 'OP_MSG', 'OP_QUERY', 'OP_INSERT', ...
    name: str                   # command name as sent, or the legacy opcode's verb
    op: str                     # canonical: 'insert', 'find', 'getMore', 'hello', ...
    database: Optional[str]
    collection: Optional[str]
    docs: List[Any]             # documents as received (the command for commands)
    more_to_come: bool = False
    write_concern: Optional[dict] = None
    acknowledged: Optional[bool] = None
    is_handshake: bool = False
    acknowledges: Optional[int] = None   # getlasterror: seq of the legacy write
    reply: Optional[dict] = None         # first reply document, if any was sent
    delayed: float = 0.0
    dropped: bool = False

    @property
    def is_write(self):
        return self.op in WRITE_OPS

    @property
    def command(self):
        """The command document, for OP_MSG and $cmd queries."""
        return self.docs[0] if self.kind in ('OP_MSG', 'OP_QUERY') else None


class _Rule:
    """A fault rule: match requests, act, expire after `times` matches."""

    def __init__(self, server, action, seconds=0.0, client_port=None,
                 command=None, times=None):
        self._server = server
        self.action = action
        self.seconds = seconds
        self.client_port = client_port
        self.times = times
        if command is None:
            self._match = lambda r: not r.is_handshake
        elif callable(command):
            self._match = command
        else:
            names = {command} if isinstance(command, str) else set(command)
            self._match = lambda r: r.op in names or r.name in names

    def take(self, record):
        """True if this rule applies to `record` (and consume one use)."""
        if self.client_port is not None and record.client_port != self.client_port:
            return False
        if self.times is not None and self.times <= 0:
            return False
        if not self._match(record):
            return False
        if self.times is not None:
            self.times -= 1
        return True

    def cancel(self):
        self._server._remove_rule(self)


class _LastError:
    """A connection's LastError as mongod 2.4-3.0 kept it.

    Source: mongodb/mongo ``src/mongo/db/lasterror.h``/``lasterror.cpp``
    (``reset``, ``raiseError``, ``recordUpdate``, ``recordDelete``,
    ``appendSelf``; ``prepareErrForNewRequest``: every message but
    killCursors raises ``nPrev``; ``disableForCommand``: getLastError and
    getPrevError do not count), ``db/instance.cpp`` (legacy OP_UPDATE and
    OP_DELETE record, a successful OP_INSERT does not, a failing one raises),
    ``db/commands/write_commands/batch_executor.cpp`` (``incWriteStats``:
    the insert command sets ``nObjects`` without a reset, update/delete
    commands record, write errors raise) and
    ``db/commands/get_last_error.cpp`` (getLastError reports the record only
    when ``nPrev == 1``, getPrevError always, with ``nPrev``; resetError
    resets).
    """

    def __init__(self):
        self.reset()

    def reset(self, valid=False):
        self.valid = valid
        self.code = 0
        self.msg = None
        self.updated_existing = None
        self.upserted = None
        self.n = 0
        self.n_prev = 1
        self.canned = None              # fail_command's reply for a legacy write

    def raise_error(self, code, msg):
        self.reset(True)
        self.code = code or 0
        self.msg = msg

    def record_update(self, updated_existing, n, upserted=None):
        self.reset(True)
        self.updated_existing = updated_existing
        self.n = n
        self.upserted = upserted

    def record_delete(self, n):
        self.reset(True)
        self.n = n

    def append_self(self, reply, blank_err):
        if not self.valid:
            if blank_err:
                reply['err'] = None
            reply['n'] = 0
            return
        if self.msg:
            reply['err'] = self.msg
        elif blank_err:
            reply['err'] = None
        if self.code:
            reply['code'] = self.code
        if self.updated_existing is not None:
            reply['updatedExisting'] = self.updated_existing
        if self.upserted is not None:
            reply['upserted'] = self.upserted
        reply['n'] = self.n

    def record_gle(self, gle):
        """Record a legacy write's outcome given as a 2.4-style GLE doc."""
        if gle.get('err'):
            self.raise_error(gle.get('code'), gle['err'])
        elif 'updatedExisting' in gle:
            self.record_update(gle['updatedExisting'], gle.get('n', 0), gle.get('upserted'))
        elif gle.get('delete'):
            self.record_delete(gle.get('n', 0))


class _Connection:
    def __init__(self, port, number, sock):
        self.port = port
        self.sock = sock
        self.number = number            # reported as connectionId
        self.open = True
        self.app_used = False
        self.last_error = _LastError()
        self.pending_write = None       # legacy write awaiting a possible GLE


class _Cursor:
    def __init__(self, ns, docs, position=0):
        self.ns = ns
        self.docs = docs
        self.position = position

    def take(self, n):
        batch = self.docs[self.position:self.position + n] if n is not None \
            else self.docs[self.position:]
        self.position += len(batch)
        return batch

    @property
    def exhausted(self):
        return self.position >= len(self.docs)


class _ReplicaSetConfig:
    """Topology shared by the members of one ReplicaSetServers."""

    def __init__(self, set_name):
        self.set_name = set_name
        self.hosts = []
        self.primary = None


class _Wire(mockupdb.MockupDB):
    """MockupDB with a lock-free per-connection loop (see module docstring)."""

    def __init__(self, owner, host, port=None):
        super().__init__(port=port, request_timeout=int(1e6))
        self._address = (host, port)
        self._owner = owner

    def _accept_loop(self):
        import select
        sock = self._listening_sock
        sock.setblocking(False)
        # A short poll keeps stop() fast: closing the fd does not wake select.
        while not self._stopped:
            try:
                ready, _, _ = select.select([sock], [], [], 0.05)
                if not ready:
                    continue
                client, client_addr = sock.accept()
            except (OSError, ValueError):
                if self._stopped:
                    break
                continue
            client.setblocking(True)
            thread = threading.Thread(
                target=self._server_loop, args=(client, client_addr),
                name='testserver-conn-%s' % (client_addr[1],), daemon=True)
            self._server_threads[thread] = None
            self._server_socks[client] = None
            thread.start()

    def _server_loop(self, client, client_addr):
        self._owner._serve_connection(client, client_addr)


def _receive(sock, wire):
    """Read one message; returns (opcode, mockupdb request)."""
    header = mockupdb.mock_server_receive(sock, 16)
    length, request_id, _, opcode = struct.unpack('<iiii', header)
    msg = mockupdb.mock_server_receive(sock, length - 16)
    if opcode == mockupdb.OP_KILL_CURSORS:
        # mockupdb reads 4-byte ids; cursor ids are int64.
        count, = struct.unpack('<i', msg[4:8])
        ids = list(struct.unpack('<%dq' % count, msg[8:8 + 8 * count]))
        return opcode, mockupdb.OpKillCursors(_client=sock, cursor_ids=ids, _server=wire)
    if opcode not in mockupdb.OPCODES:
        raise NotImplementedError('opcode %d' % opcode)
    return opcode, mockupdb.OPCODES[opcode].unpack(msg, sock, wire, request_id)


def _error(code, errmsg, code_name=None):
    doc = OrderedDict([('ok', 0.0), ('errmsg', errmsg), ('code', code)])
    if code_name:
        doc['codeName'] = code_name
    return doc


def _sort_spec(sort):
    if not sort:
        return None
    return list(sort.items())


def _split_ns(ns):
    db, _, coll = ns.partition('.')
    return db, coll


class TestServer:
    """A standalone (or replica-set member) server on 127.0.0.1.

    max_wire_version: 21 (MongoDB 7.0) suits PyMongo 4.x; use 3 for PyMongo
    2.8.1 (MongoDB 3.0: write commands for acknowledged writes, legacy
    opcodes for unacknowledged ones), or 0 for MongoDB 2.4 behaviour
    (every write a legacy opcode, acknowledged by getlasterror).
    getlasterror: None = served iff max_wire_version < 13, as real servers.
    hello_extra: fields added to (or overriding) every hello/isMaster reply.
    backend / data_lock: share one mongomock client between servers.
    port: None = any free port; a number for programs that hard-code one.
    """

    __test__ = False  # not a pytest test class despite the name

    def __init__(self, max_wire_version=21, min_wire_version=0,
                 replica_set=None, backend=None, data_lock=None,
                 getlasterror=None, hello_extra=None, verbose=False,
                 port=None, collection_options=None):
        self.max_wire_version = max_wire_version
        self._requested_port = port
        self.min_wire_version = min_wire_version
        if isinstance(replica_set, str):
            config = _ReplicaSetConfig(replica_set)
            self._single_member_set = True
        else:
            config = replica_set
            self._single_member_set = False
        self._rs = config
        self.backend = backend if backend is not None else mongomock.MongoClient()
        # {(db, collection): the options it was created with}, kept beside the
        # data because mongomock keeps none (a replica set's members share the
        # backend and this dict): listCollections and collStats report them,
        # and a capped collection's inserts evict its oldest documents.
        self._options = collection_options if collection_options is not None else {}
        self._data_lock = data_lock or threading.RLock()
        self.getlasterror = (max_wire_version < _GLE_REMOVED_WIRE
                             if getlasterror is None else getlasterror)
        self.hello_extra = dict(hello_extra or {})
        self.verbose = verbose
        self._wire = None
        self._state_lock = threading.Lock()
        self._log = []
        self._rules = []
        self._connections = {}
        self._conn_numbers = itertools.count(1)
        self._cursors = {}
        self._cursor_ids = itertools.count(random.randint(1 << 40, 1 << 50))
        self._stopping = threading.Event()

    # -- lifecycle ---------------------------------------------------------

    def start(self):
        self._wire = _Wire(self, HOST, self._requested_port)
        self._wire.run()
        if self._single_member_set:
            self._rs.hosts = [self.host_string]
            self._rs.primary = self.host_string
        return self

    def stop(self):
        if self._wire is not None and not self._stopping.is_set():
            self._stopping.set()
            self._wire.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def address(self):
        return (HOST, self._wire.port)

    @property
    def port(self):
        return self._wire.port

    @property
    def host_string(self):
        return '%s:%d' % self.address

    @property
    def uri(self):
        uri = 'mongodb://%s/' % self.host_string
        if self._rs is not None:
            uri += '?replicaSet=%s' % self._rs.set_name
        return uri

    @property
    def is_primary(self):
        return self._rs is None or self._rs.primary == self.host_string

    # -- log and counters --------------------------------------------------

    def log(self, app_only=False):
        with self._state_lock:
            records = list(self._log)
        if app_only:
            records = [r for r in records if not r.is_handshake]
        return records

    def clear_log(self):
        with self._state_lock:
            del self._log[:]

    def client_ports(self, app_only=True):
        """Client ports in order of first appearance in the log."""
        seen = OrderedDict()
        for r in self.log(app_only=app_only):
            seen.setdefault(r.client_port, None)
        return list(seen)

    @property
    def connections_opened(self):
        """Sockets that carried at least one application request.

        Pool sockets and monitor sockets look alike until used; a socket
        that only ever did handshakes/heartbeats is not counted.
        """
        with self._state_lock:
            return sum(1 for c in self._connections.values() if c.app_used)

    @property
    def connections_accepted(self):
        with self._state_lock:
            return len(self._connections)

    @property
    def open_connections(self):
        with self._state_lock:
            return sum(1 for c in self._connections.values() if c.open)

    @property
    def open_app_connections(self):
        with self._state_lock:
            return sum(1 for c in self._connections.values()
                       if c.open and c.app_used)

    @property
    def open_cursors(self):
        with self._data_lock:
            return len(self._cursors)

    # -- faults ------------------------------------------------------------

    def delay(self, seconds, client_port=None, command=None, times=None):
        """Sleep `seconds` before handling each matching request."""
        return self._add_rule(_Rule(self, 'delay', seconds, client_port,
                                    command, times))

    def set_delay_for_writes(self, seconds, client_port=None, times=None):
        return self.delay(seconds, client_port, WRITE_OPS, times)

    def drop_connection(self, next_command=None, client_port=None, times=1):
        """Close the socket instead of handling the next matching request.

        The request is not executed; the client sees a network error.
        """
        return self._add_rule(_Rule(self, 'drop', 0.0, client_port,
                                    next_command, times))

    def fail_command(self, command, reply, client_port=None, times=1):
        """Answer matching requests with `reply` instead of executing them.

        `reply` is the whole reply document, e.g. ``{'ok': 0, 'code': 50,
        'errmsg': 'operation exceeded time limit'}`` or a write reply with
        ``writeConcernError``.  For a legacy write opcode it becomes the
        socket's getlasterror document.  Nothing is applied to the data.
        """
        rule = _Rule(self, 'reply', 0.0, client_port, command, times)
        rule.reply = dict(reply)
        return self._add_rule(rule)

    def close_connection(self, client_port):
        """Close one client socket from the server side, now, while it is idle

        (as a server restart or an idle timeout would).  The client notices at
        its next use of that socket.
        """
        with self._state_lock:
            conn = self._connections.get(client_port)
        if conn is None or not conn.open:
            raise KeyError('no open connection from client port %r' % (client_port,))
        try:
            conn.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def clear_faults(self):
        with self._state_lock:
            del self._rules[:]

    def _add_rule(self, rule):
        with self._state_lock:
            self._rules.append(rule)
        return rule

    def _remove_rule(self, rule):
        with self._state_lock:
            if rule in self._rules:
                self._rules.remove(rule)

    # -- connection loop ---------------------------------------------------

    def _serve_connection(self, sock, addr):
        port = addr[1]
        with self._state_lock:
            conn = _Connection(port, next(self._conn_numbers), sock)
            self._connections[port] = conn
        try:
            while not self._stopping.is_set():
                try:
                    opcode, request = _receive(sock, self._wire)
                except (OSError, ValueError, struct.error):
                    break
                except NotImplementedError as exc:
                    print('TestServer: closing socket, unsupported %s' % exc,
                          file=sys.stderr)
                    break
                if not self._handle(conn, sock, opcode, request):
                    break
        finally:
            with self._state_lock:
                conn.open = False
            try:
                sock.close()
            except OSError:
                pass

    def _handle(self, conn, sock, opcode, request):
        """Process one request; False means the socket must close."""
        record = self._make_record(conn, opcode, request)
        with self._state_lock:
            pending, conn.pending_write = conn.pending_write, None
            if pending is not None and record.op == 'getLastError':
                pending.acknowledged = True
                options = OrderedDict(list(record.command.items())[1:])
                pending.write_concern = dict(options)
                record.acknowledges = pending.seq
            if not record.is_handshake:
                conn.app_used = True
            self._log.append(record)
            rules = list(self._rules)
        if self.verbose:
            print('%s <- %d %s %s %r' % (self.host_string, conn.port,
                                         record.kind, record.name, record.docs))

        drop = False
        canned = None
        for rule in rules:
            if rule.action == 'reply' and canned is not None:
                continue  # one canned reply per request; later rules wait their turn
            with self._state_lock:
                applies = rule.take(record)
            if not applies:
                continue
            if rule.action == 'delay':
                record.delayed += rule.seconds
            elif rule.action == 'drop':
                drop = True
            elif rule.action == 'reply' and canned is None:
                canned = OrderedDict(rule.reply)
        if record.delayed:
            self._stopping.wait(record.delayed)
        if opcode != mockupdb.OP_MSG and not record.is_handshake and \
                self.max_wire_version >= _LEGACY_OPCODES_REMOVED_WIRE:
            if opcode != mockupdb.OP_QUERY:
                drop = True  # as MongoDB >= 5.1 does with OP_INSERT & co.
            else:
                reply = mockupdb.OpReply(
                    {'$err': 'Unsupported OP_QUERY command: %s. The client driver '
                             'may require an upgrade.' % record.name, 'code': 352},
                    flags=mockupdb.REPLY_FLAGS['QueryFailure'])
                record.reply = reply.docs[0]
                sock.sendall(reply.reply_bytes(request))
                return True
        if drop:
            record.dropped = True
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return False

        if opcode != mockupdb.OP_KILL_CURSORS:
            with self._data_lock:
                conn.last_error.n_prev += 1   # prepareErrForNewRequest
        try:
            if canned is not None:
                reply = self._canned(conn, opcode, request, canned)
            else:
                reply = self._execute(conn, opcode, request, record)
        except Exception as exc:  # a server bug must reach the client, loudly
            traceback.print_exc()
            reply = _error(1, 'TestServer internal error: %r' % (exc,),
                           'InternalError')
            if opcode in (mockupdb.OP_INSERT, mockupdb.OP_UPDATE,
                          mockupdb.OP_DELETE, mockupdb.OP_KILL_CURSORS):
                reply = None
            elif opcode in (mockupdb.OP_QUERY, mockupdb.OP_GET_MORE) and \
                    not getattr(request, 'is_command', False):
                reply = mockupdb.OpReply(
                    {'$err': reply['errmsg'], 'code': 1},
                    flags=mockupdb.REPLY_FLAGS['QueryFailure'])
        if opcode in (mockupdb.OP_INSERT, mockupdb.OP_UPDATE, mockupdb.OP_DELETE):
            with self._state_lock:
                conn.pending_write = record
        if reply is None or not record.acknowledged:
            return True
        if isinstance(reply, dict):
            record.reply = reply
            reply = (mockupdb.OpMsgReply(reply) if opcode == mockupdb.OP_MSG
                     else mockupdb.OpReply(reply))
        elif reply.docs:
            record.reply = reply.docs[0]
        try:
            sock.sendall(reply.reply_bytes(request))
        except OSError:
            return False
        return True

    def _canned(self, conn, opcode, request, doc):
        if opcode in (mockupdb.OP_INSERT, mockupdb.OP_UPDATE, mockupdb.OP_DELETE):
            with self._data_lock:
                conn.last_error.reset(True)
                conn.last_error.canned = doc
            return None
        if opcode == mockupdb.OP_MSG or (opcode == mockupdb.OP_QUERY and request.is_command):
            doc.setdefault('ok', 1.0)
            return doc
        if opcode == mockupdb.OP_KILL_CURSORS:
            return None
        return mockupdb.OpReply(doc, flags=mockupdb.REPLY_FLAGS['QueryFailure']
                                if '$err' in doc else 0)

    # -- classification ----------------------------------------------------

    def _make_record(self, conn, opcode, request):
        kind = OP_NAMES[opcode]
        database = collection = None
        more_to_come = False
        write_concern = None
        acknowledged = True
        docs = list(request.docs)
        if opcode == mockupdb.OP_MSG or (opcode == mockupdb.OP_QUERY and request.is_command):
            cmd = self._unwrap(request.doc)
            docs = [cmd]
            name = next(iter(cmd), '')
            op = COMMAND_ALIASES.get(name, name)
            if opcode == mockupdb.OP_MSG:
                database = cmd.get('$db')
                more_to_come = bool(request.flags & mockupdb.OP_MSG_FLAGS['moreToCome'])
                acknowledged = not more_to_come
            else:
                database = request.namespace
            value = cmd.get(name)
            if op == 'getMore':
                collection = cmd.get('collection')
            elif isinstance(value, str):
                collection = value
            wc = cmd.get('writeConcern')
            write_concern = dict(wc) if wc is not None else None
        elif opcode == mockupdb.OP_QUERY:
            name, op = 'query', 'find'
            database, collection = _split_ns(request.namespace)
        elif opcode == mockupdb.OP_GET_MORE:
            name = op = 'getMore'
            database, collection = _split_ns(request.namespace)
        elif opcode == mockupdb.OP_KILL_CURSORS:
            name = op = 'killCursors'
            acknowledged = False
        else:
            name = op = {mockupdb.OP_INSERT: 'insert', mockupdb.OP_UPDATE: 'update',
                         mockupdb.OP_DELETE: 'delete'}[opcode]
            database, collection = _split_ns(request.namespace)
            acknowledged = False
        return Record(seq=next(_seq), time=time.time(), server=self.host_string,
                      client_port=conn.port, kind=kind, name=name, op=op,
                      database=database, collection=collection, docs=docs,
                      more_to_come=more_to_come, write_concern=write_concern,
                      acknowledged=acknowledged, is_handshake=op in HANDSHAKE_OPS)

    @staticmethod
    def _unwrap(cmd):
        # mongos-style {$query: cmd, $readPreference: ...} wrapping.
        if '$query' in cmd and isinstance(cmd['$query'], dict):
            inner = OrderedDict(cmd['$query'])
            if '$readPreference' in cmd:
                inner['$readPreference'] = cmd['$readPreference']
            return inner
        return cmd

    # -- execution ---------------------------------------------------------

    def _execute(self, conn, opcode, request, record):
        if opcode == mockupdb.OP_MSG or (opcode == mockupdb.OP_QUERY and request.is_command):
            secondary_ok = (request.slave_ok if opcode == mockupdb.OP_MSG
                            else bool(request.flags & mockupdb.QUERY_FLAGS['SlaveOkay']))
            return self._command(conn, record, secondary_ok)
        with self._data_lock:
            if opcode == mockupdb.OP_QUERY:
                return self._legacy_query(request)
            if opcode == mockupdb.OP_GET_MORE:
                return self._legacy_get_more(request)
            if opcode == mockupdb.OP_KILL_CURSORS:
                for cursor_id in request.cursor_ids:
                    self._cursors.pop(cursor_id, None)
                return None
            if not self.is_primary:
                conn.last_error.raise_error(10058, 'not master')
                return None
            conn.last_error.record_gle(self._legacy_write(opcode, request, record))
            return None

    def _command(self, conn, record, secondary_ok):
        reply = self._command_reply(conn, record, secondary_ok)
        if (not reply['ok'] and reply.get('code') in _RETRYABLE_CODES
                and 'txnNumber' in record.command and self.max_wire_version >= 9):
            # Since 4.4 the server, not the driver, labels retryable errors.
            reply['errorLabels'] = ['RetryableWriteError']
        return reply

    def _command_reply(self, conn, record, secondary_ok):
        cmd, op = record.command, record.op
        handler = getattr(self, '_cmd_' + op, None)
        if op in _LAST_ERROR_OPS and not self.getlasterror:
            handler = None
        if self.max_wire_version < _COMMAND_MIN_WIRE.get(op, 0) or (
                record.name == 'hello' and self.max_wire_version < 9):
            handler = None
        if handler is None:
            if self.max_wire_version < 4:
                return _error(59, 'no such cmd: %s' % record.name, 'CommandNotFound')
            return _error(59, "no such command: '%s'" % record.name, 'CommandNotFound')
        if not self.is_primary:
            if op in _PRIMARY_ONLY:
                return _error(10107, 'not master', 'NotWritablePrimary')
            if op in _READS and not secondary_ok:
                return _error(13435, 'not master and slaveOk=false',
                              'NotPrimaryNoSecondaryOk')
        with self._data_lock:
            try:
                reply = handler(conn, record.database, cmd)
            except DuplicateKeyError as exc:
                reply = _error(11000, self._dup_message(record, exc), 'DuplicateKey')
                conn.last_error.raise_error(11000, reply['errmsg'])  # a uassert
            except OperationFailure as exc:
                reply = _error(exc.code or 2, str(exc))
                conn.last_error.raise_error(reply['code'], reply['errmsg'])
            except NotImplementedError as exc:
                reply = _error(238, 'TestServer (mongomock) cannot do this: %s'
                               % (exc,), 'NotImplemented')
        reply.setdefault('ok', 1.0)
        return reply

    def _dup_message(self, record, exc=None, key=None):
        ns = '%s.%s' % (record.database, record.collection)
        if self.max_wire_version < 3:
            return 'E11000 duplicate key error index: %s.$_id_  dup key: { : %r }' % (ns, key)
        return ('E11000 duplicate key error collection: %s index: _id_ dup key: { _id: %r }'
                % (ns, key))

    def _check_write_concern(self, cmd):
        wc = cmd.get('writeConcern') or {}
        w = wc.get('w')
        if self._rs is None and isinstance(w, int) and w > 1:
            return _error(2, "cannot use 'w' > 1 on a non-replica set", 'BadValue')
        if wc.get('j') and wc.get('fsync'):
            return _error(2, 'fsync and j options cannot be used together', 'BadValue')
        if isinstance(w, int) and self._rs is not None and w > len(self._rs.hosts):
            return 'unsatisfiable'
        return None

    def _finish_write(self, reply, cmd, problem):
        if problem == 'unsatisfiable':
            reply['writeConcernError'] = {
                'code': 100, 'codeName': 'UnsatisfiableWriteConcern',
                'errmsg': 'Not enough data-bearing nodes'}
        return reply

    # Write commands.

    def _cmd_insert(self, conn, db, cmd):
        problem = self._check_write_concern(cmd)
        if isinstance(problem, dict):
            return problem
        coll = self.backend[db][cmd['insert']]
        ordered = cmd.get('ordered', True)
        n, errors = 0, []
        for index, doc in enumerate(cmd.get('documents', [])):
            try:
                coll.insert_one(doc)
                n += 1
            except DuplicateKeyError:
                errors.append(self._write_error(index, db, cmd['insert'], doc))
                if ordered:
                    break
        self._enforce_cap(db, cmd['insert'])
        reply = OrderedDict([('n', n)])
        if errors:
            reply['writeErrors'] = errors
            conn.last_error.raise_error(errors[-1]['code'], errors[-1]['errmsg'])
            if not ordered and errors[-1]['index'] < len(cmd.get('documents', [])) - 1:
                conn.last_error.n = 1
        elif n:
            conn.last_error.n = 1   # incWriteStats: nObjects = stats.n, no reset
        return self._finish_write(reply, cmd, problem)

    def _write_error(self, index, db, coll, doc, exc=None):
        if exc is not None and not isinstance(exc, DuplicateKeyError):
            return {'index': index, 'code': exc.code or 2, 'errmsg': str(exc)}
        rec = Record(0, 0, '', 0, '', '', '', db, coll, [])
        return {'index': index, 'code': 11000,
                'errmsg': self._dup_message(rec, key=doc.get('_id') if doc else None)}

    @staticmethod
    def _gle_from_errors(errors, **fields):
        gle = {'err': None}
        gle.update(fields)
        if errors:
            gle['err'] = errors[-1]['errmsg']
            gle['code'] = errors[-1]['code']
        return gle

    def _apply_update(self, coll, q, u, multi, upsert):
        """Returns (matched, modified, upserted_id) or raises."""
        if isinstance(u, list) or (u and all(k.startswith('$') for k in u)):
            fn = coll.update_many if multi else coll.update_one
            result = fn(q, u, upsert=upsert)
        else:
            if multi:
                raise OperationFailure(
                    'multi update is not supported for replacement-style update', 9)
            result = coll.replace_one(q, u, upsert=upsert)
        if result.upserted_id is not None:
            self._enforce_cap(coll.database.name, coll.name)
        return result.matched_count, result.modified_count, result.upserted_id

    def _cmd_update(self, conn, db, cmd):
        problem = self._check_write_concern(cmd)
        if isinstance(problem, dict):
            return problem
        coll = self.backend[db][cmd['update']]
        ordered = cmd.get('ordered', True)
        n = n_modified = 0
        upserted, errors = [], []
        for index, stmt in enumerate(cmd.get('updates', [])):
            try:
                matched, modified, upserted_id = self._apply_update(
                    coll, stmt.get('q', {}), stmt.get('u', {}),
                    stmt.get('multi', False), stmt.get('upsert', False))
            except (OperationFailure, ValueError) as exc:
                if not isinstance(exc, OperationFailure):
                    exc = OperationFailure(str(exc), 9)
                errors.append(self._write_error(index, db, cmd['update'],
                                                stmt.get('u'), exc))
                if ordered:
                    break
                continue
            n += matched
            n_modified += modified
            if upserted_id is not None:
                n += 1
                upserted.append({'index': index, '_id': upserted_id})
        reply = OrderedDict([('n', n), ('nModified', n_modified)])
        if upserted:
            reply['upserted'] = upserted
        if errors:
            reply['writeErrors'] = errors
        if errors:
            conn.last_error.raise_error(errors[-1]['code'], errors[-1]['errmsg'])
        else:
            conn.last_error.record_update(n > 0 and not upserted, n,
                                          upserted[-1]['_id'] if upserted else None)
        return self._finish_write(reply, cmd, problem)

    def _cmd_delete(self, conn, db, cmd):
        problem = self._check_write_concern(cmd)
        if isinstance(problem, dict):
            return problem
        coll = self.backend[db][cmd['delete']]
        n = 0
        for stmt in cmd.get('deletes', []):
            fn = coll.delete_one if stmt.get('limit', 0) == 1 else coll.delete_many
            n += fn(stmt.get('q', {})).deleted_count
        conn.last_error.record_delete(n)
        return self._finish_write(OrderedDict([('n', n)]), cmd, problem)

    def _cmd_findAndModify(self, conn, db, cmd):
        coll = self.backend[db][cmd['findAndModify'] if 'findAndModify' in cmd
                                else cmd['findandmodify']]
        query = cmd.get('query') or {}
        sort = _sort_spec(cmd.get('sort'))
        fields = cmd.get('fields') or None
        new = cmd.get('new', False)
        old = coll.find_one(query, sort=sort)
        if old is not None:
            target = {'_id': old['_id']}
            before = coll.find_one(target, fields)
        if cmd.get('remove'):
            if old is None:
                return {'lastErrorObject': {'n': 0}, 'value': None}
            coll.delete_one(target)
            return {'lastErrorObject': {'n': 1}, 'value': before}
        update = cmd.get('update')
        if old is not None:
            self._apply_update(coll, target, update, False, False)
            value = coll.find_one(target, fields) if new else before
            return {'lastErrorObject': {'n': 1, 'updatedExisting': True},
                    'value': value}
        if not cmd.get('upsert'):
            return {'lastErrorObject': {'n': 0, 'updatedExisting': False},
                    'value': None}
        _, _, upserted_id = self._apply_update(coll, query, update, False, True)
        value = coll.find_one({'_id': upserted_id}, fields) if new else None
        return {'lastErrorObject': {'n': 1, 'updatedExisting': False,
                                    'upserted': upserted_id},
                'value': value}

    # Reads and cursors.

    def _open_cursor(self, ns, docs, first_batch_size, single_batch=False):
        cursor = _Cursor(ns, docs)
        batch = cursor.take(first_batch_size)
        cursor_id = 0
        if not single_batch and not cursor.exhausted:
            cursor_id = next(self._cursor_ids)
            self._cursors[cursor_id] = cursor
        return batch, cursor_id

    def _cursor_reply(self, db, coll_name, docs, cmd_cursor, single_batch=False):
        batch_size = (cmd_cursor or {}).get('batchSize')
        ns = '%s.%s' % (db, coll_name)
        batch, cursor_id = self._open_cursor(
            ns, docs, _DEFAULT_BATCH if batch_size is None else batch_size,
            single_batch)
        return {'cursor': {'firstBatch': batch, 'id': bson.int64.Int64(cursor_id),
                           'ns': ns}}

    def _cmd_find(self, conn, db, cmd):
        coll = self.backend[db][cmd['find']]
        limit = cmd.get('limit') or 0
        single = bool(cmd.get('singleBatch'))
        if limit < 0:
            limit, single = -limit, True
        docs = list(coll.find(cmd.get('filter') or {}, cmd.get('projection') or None,
                              skip=cmd.get('skip') or 0, limit=limit,
                              sort=_sort_spec(cmd.get('sort'))))
        batch_size = cmd.get('batchSize')
        return self._cursor_reply(db, cmd['find'], docs,
                                  {'batchSize': batch_size} if batch_size is not None else None,
                                  single)

    def _cmd_getMore(self, conn, db, cmd):
        cursor_id = cmd['getMore']
        cursor = self._cursors.get(cursor_id)
        if cursor is None:
            return _error(43, 'cursor id %d not found' % cursor_id, 'CursorNotFound')
        batch = cursor.take(cmd.get('batchSize') or None)
        if cursor.exhausted:
            del self._cursors[cursor_id]
            cursor_id = 0
        return {'cursor': {'nextBatch': batch, 'id': bson.int64.Int64(cursor_id),
                           'ns': cursor.ns}}

    def _cmd_killCursors(self, conn, db, cmd):
        killed, not_found = [], []
        for cursor_id in cmd.get('cursors', []):
            (killed if self._cursors.pop(cursor_id, None) else not_found).append(cursor_id)
        return {'cursorsKilled': killed, 'cursorsNotFound': not_found,
                'cursorsAlive': [], 'cursorsUnknown': []}

    def _cmd_count(self, conn, db, cmd):
        coll = self.backend[db][cmd['count']]
        kwargs = {}
        if cmd.get('skip'):
            kwargs['skip'] = cmd['skip']
        if cmd.get('limit'):
            kwargs['limit'] = abs(cmd['limit'])
        return {'n': coll.count_documents(cmd.get('query') or {}, **kwargs)}

    def _cmd_aggregate(self, conn, db, cmd):
        if not isinstance(cmd['aggregate'], str):
            return _error(238, 'TestServer: database-level aggregate unsupported',
                          'NotImplemented')
        if cmd.get('explain'):
            return _error(238, 'TestServer: explain unsupported', 'NotImplemented')
        if 'cursor' not in cmd and self.max_wire_version >= _CURSOR_REQUIRED_WIRE:
            return _error(9, "The 'cursor' option is required, except for "
                             "aggregate with the explain argument", 'FailedToParse')
        docs = list(self.backend[db][cmd['aggregate']].aggregate(cmd.get('pipeline', [])))
        if 'cursor' not in cmd:
            return {'result': docs}
        return self._cursor_reply(db, cmd['aggregate'], docs, cmd['cursor'])

    def _cmd_distinct(self, conn, db, cmd):
        coll = self.backend[db][cmd['distinct']]
        return {'values': coll.distinct(cmd['key'], cmd.get('query') or {})}

    # Legacy opcodes.

    def _legacy_query(self, request):
        db, coll_name = _split_ns(request.namespace)
        spec = request.doc
        sort = None
        if '$query' in spec or 'query' in spec and len(spec) > 1 and \
                any(k.startswith('$') for k in spec):
            if '$explain' in spec:
                return mockupdb.OpReply(
                    {'$err': 'TestServer: $explain unsupported', 'code': 238},
                    flags=mockupdb.REPLY_FLAGS['QueryFailure'])
            sort = spec.get('$orderby')
            spec = spec.get('$query', spec.get('query')) or {}
        if coll_name == 'system.indexes':
            docs = [dict(ix, ns='%s.%s' % (db, ix['ns'])) for ix in self._all_indexes(db)
                    if filtering.filter_applies(spec, dict(ix, ns='%s.%s' % (db, ix['ns'])))]
        elif coll_name == 'system.namespaces':
            docs = [{'name': '%s.%s' % (db, n)}
                    for n in self.backend[db].list_collection_names()]
            docs = [d for d in docs if filtering.filter_applies(spec, d)]
        else:
            docs = list(self.backend[db][coll_name].find(
                spec, request.fields or None, skip=request.num_to_skip or 0,
                sort=_sort_spec(sort)))
            # numToReturn: 0 = default batch, <0 or 1 = one batch then close.
        n = request.num_to_return or 0
        single = n < 0 or n == 1
        batch, cursor_id = self._open_cursor(
            request.namespace, docs, abs(n) if n else _DEFAULT_BATCH, single)
        return mockupdb.OpReply(batch, cursor_id=cursor_id)

    def _all_indexes(self, db):
        out = []
        for name in self.backend[db].list_collection_names():
            for ix in self.backend[db][name].list_indexes():
                out.append(dict(ix, ns=name))
        return out

    def _legacy_get_more(self, request):
        cursor = self._cursors.get(request.cursor_id)
        if cursor is None:
            return mockupdb.OpReply([], flags=mockupdb.REPLY_FLAGS['CursorNotFound'])
        start = cursor.position
        batch = cursor.take(request.num_to_return or None)
        cursor_id = request.cursor_id
        if cursor.exhausted:
            del self._cursors[cursor_id]
            cursor_id = 0
        return mockupdb.OpReply(batch, cursor_id=cursor_id, starting_from=start)

    def _legacy_write(self, opcode, request, record):
        """Apply a legacy write; returns the getlasterror document (2.4 style)."""
        coll = self.backend[record.database][record.collection]
        flags = request.flags or 0
        if opcode == mockupdb.OP_INSERT and record.collection == 'system.indexes':
            # MongoDB <= 2.4 created indexes by inserting their specs here.
            for spec in request.docs:
                target = self.backend[record.database][_split_ns(spec['ns'])[1]]
                options = {k: v for k, v in spec.items() if k not in ('key', 'ns', 'v')}
                target.create_index(list(spec['key'].items()), **options)
            return {'n': 0, 'err': None}
        if opcode == mockupdb.OP_INSERT:
            keep_going = flags & mockupdb.INSERT_FLAGS['ContinueOnError']
            errors = []
            for index, doc in enumerate(request.docs):
                try:
                    coll.insert_one(doc)
                except DuplicateKeyError:
                    errors.append(self._write_error(index, record.database,
                                                    record.collection, doc))
                    if not keep_going:
                        break
            self._enforce_cap(record.database, record.collection)
            return self._gle_from_errors(errors, n=0)  # 2.4 always said n: 0
        if opcode == mockupdb.OP_UPDATE:
            selector, update = request.docs[0], request.docs[1]
            try:
                matched, _, upserted_id = self._apply_update(
                    coll, selector, update,
                    bool(flags & mockupdb.UPDATE_FLAGS['MultiUpdate']),
                    bool(flags & mockupdb.UPDATE_FLAGS['Upsert']))
            except (OperationFailure, ValueError) as exc:
                code = getattr(exc, 'code', None) or 9
                if isinstance(exc, DuplicateKeyError):
                    return {'err': self._dup_message(record, key=update.get('_id')),
                            'code': 11000, 'n': 0, 'updatedExisting': False}
                return {'err': str(exc), 'code': code, 'n': 0,
                        'updatedExisting': False}
            gle = {'updatedExisting': matched > 0, 'n': matched or int(upserted_id is not None),
                   'err': None}
            if upserted_id is not None:
                gle['upserted'] = upserted_id
            return gle
        selector = request.docs[0] if request.docs else {}
        fn = coll.delete_one if flags & mockupdb.DELETE_FLAGS['SingleRemove'] \
            else coll.delete_many
        return {'n': fn(selector).deleted_count, 'err': None, 'delete': True}

    # Administrative and handshake commands.

    def _cmd_hello(self, conn, db, cmd):
        primary = self.is_primary
        name = next(iter(cmd))
        reply = OrderedDict()
        reply['isWritablePrimary' if name == 'hello' else 'ismaster'] = primary
        if cmd.get('helloOk'):
            reply['helloOk'] = True
        if self._rs is not None:
            reply.update(setName=self._rs.set_name, setVersion=1,
                         hosts=list(self._rs.hosts), me=self.host_string,
                         secondary=not primary)
            if self._rs.primary is not None:  # MongoDB leaves it out when there is none
                reply['primary'] = self._rs.primary
        reply.update(
            maxBsonObjectSize=16 * 1024 * 1024,
            maxMessageSizeBytes=48000000,
            maxWriteBatchSize=100000 if self.max_wire_version >= 6 else 1000,
            localTime=datetime.datetime.now(datetime.timezone.utc),
            connectionId=conn.number,
            minWireVersion=self.min_wire_version,
            maxWireVersion=self.max_wire_version,
            readOnly=False)
        if self.max_wire_version >= 6:
            reply['logicalSessionTimeoutMinutes'] = 30
        reply.update(self.hello_extra)
        return reply

    def _cmd_buildInfo(self, conn, db, cmd):
        version = [v for w, v in _VERSIONS if w <= self.max_wire_version][-1]
        return {'version': version,
                'versionArray': [int(x) for x in version.split('.')] + [0],
                'maxBsonObjectSize': 16 * 1024 * 1024}

    def _cmd_ping(self, conn, db, cmd):
        return {}

    def _cmd_endSessions(self, conn, db, cmd):
        return {}

    def _cmd_getLastError(self, conn, db, cmd):
        le = conn.last_error
        le.n_prev -= 1   # disableForCommand
        reply = OrderedDict()
        if le.n_prev != 1:
            reply['n'] = 0
        elif le.canned is not None:
            reply.update(le.canned)
        else:
            le.append_self(reply, False)
        reply['connectionId'] = conn.number
        reply.setdefault('err', None)
        return reply

    def _cmd_getPrevError(self, conn, db, cmd):
        le = conn.last_error
        le.n_prev -= 1   # disableForCommand
        reply = OrderedDict()
        if le.canned is not None:
            reply.update(le.canned)
        else:
            le.append_self(reply, True)
        reply['nPrev'] = le.n_prev if le.valid else -1
        return reply

    def _cmd_resetError(self, conn, db, cmd):
        conn.last_error.reset()
        return {}

    def _cmd_forceerror(self, conn, db, cmd):
        # uassert(10038, "forced error", false): recorded, and the command fails.
        conn.last_error.raise_error(10038, 'forced error')
        return _error(10038, 'exception: forced error')

    def _cmd_create(self, conn, db, cmd):
        name = cmd['create']
        if name in self.backend[db].list_collection_names():
            return _error(48, 'Collection %s.%s already exists.' % (db, name),
                          'NamespaceExists')
        options = OrderedDict((k, v) for k, v in cmd.items()
                              if k not in ('create', 'writeConcern', 'lsid', '$db',
                                           '$readPreference', '$clusterTime'))
        if options.get('capped'):
            if not options.get('size'):
                return _error(72, "the 'size' field is required when 'capped' is true",
                              'InvalidOptions')
        else:
            options.pop('size', None)
            options.pop('max', None)
        self.backend[db].create_collection(name)
        self._options[(db, name)] = options
        return {}

    def _enforce_cap(self, db, name):
        """A capped collection keeps its newest documents: while it holds more
        than ``max`` documents or more than ``size`` bytes of BSON, the oldest
        (in insertion order, the natural order) goes."""
        options = self._options.get((db, name))
        if not options or not options.get('capped'):
            return
        coll = self.backend[db][name]
        docs = list(coll.find())
        limit = options.get('max') or 0
        sizes = [len(bson.encode(d)) for d in docs]
        total = sum(sizes)
        evict = 0
        while evict < len(docs) and (
                (limit > 0 and len(docs) - evict > limit) or total > options['size']):
            total -= sizes[evict]
            evict += 1
        if evict:
            coll.delete_many({'_id': {'$in': [d['_id'] for d in docs[:evict]]}})

    def _cmd_filemd5(self, conn, db, cmd):
        """The md5 of a GridFS file's chunks, in order (PyMongo 2.x's GridIn
        asks for it when it closes a file; removed from MongoDB in 7.0, kept
        here for the oracle)."""
        import hashlib
        root = cmd.get('root') or 'fs'
        digest = hashlib.md5()
        chunks = sorted(self.backend[db][root + '.chunks'].find({'files_id': cmd['filemd5']}),
                        key=lambda chunk: chunk['n'])
        for chunk in chunks:
            digest.update(bytes(chunk['data']))
        return {'md5': digest.hexdigest(), 'numChunks': len(chunks)}

    def _cmd_collStats(self, conn, db, cmd):
        name = cmd.get('collStats', cmd.get('collstats'))
        if name not in self.backend[db].list_collection_names():
            return _error(26, 'Collection [%s.%s] not found.' % (db, name),
                          'NamespaceNotFound')
        coll = self.backend[db][name]
        sizes = [len(bson.encode(d)) for d in coll.find()]
        options = self._options.get((db, name)) or {}
        reply = OrderedDict([
            ('ns', '%s.%s' % (db, name)), ('count', len(sizes)), ('size', sum(sizes)),
            ('avgObjSize', sum(sizes) // len(sizes) if sizes else 0),
            ('storageSize', max(4096, sum(sizes))),
            ('nindexes', len(list(coll.list_indexes()))),
            ('capped', bool(options.get('capped')))])
        if options.get('capped'):
            reply['max'] = options.get('max') or 0
            reply['maxSize'] = options['size']
        return reply

    def _cmd_drop(self, conn, db, cmd):
        name = cmd['drop']
        if name not in self.backend[db].list_collection_names():
            return _error(26, 'ns not found', 'NamespaceNotFound')
        n_indexes = len(list(self.backend[db][name].list_indexes()))
        self.backend[db].drop_collection(name)
        self._options.pop((db, name), None)
        return {'ns': '%s.%s' % (db, name), 'nIndexesWas': n_indexes}

    def _cmd_dropDatabase(self, conn, db, cmd):
        self.backend.drop_database(db)
        for key in [key for key in self._options if key[0] == db]:
            del self._options[key]
        return {'dropped': db}

    def _cmd_listDatabases(self, conn, db, cmd):
        names = sorted(self.backend.list_database_names())
        if cmd.get('nameOnly'):
            return {'databases': [{'name': n} for n in names]}
        return {'databases': [{'name': n, 'sizeOnDisk': 8192.0, 'empty': False}
                              for n in names],
                'totalSize': 8192.0 * len(names)}

    def _cmd_listCollections(self, conn, db, cmd):
        docs = []
        for name in sorted(self.backend[db].list_collection_names()):
            doc = OrderedDict([('name', name), ('type', 'collection')])
            if not cmd.get('nameOnly'):
                doc['options'] = dict(self._options.get((db, name)) or {})
                doc['info'] = {'readOnly': False}
            if filtering.filter_applies(cmd.get('filter') or {}, doc):
                docs.append(doc)
        return self._cursor_reply(db, '$cmd.listCollections', docs, cmd.get('cursor'))

    def _cmd_createIndexes(self, conn, db, cmd):
        name = cmd['createIndexes']
        existed = name in self.backend[db].list_collection_names()
        coll = self.backend[db][name]
        before = len(list(coll.list_indexes())) if existed else 1
        for spec in cmd.get('indexes', []):
            options = {k: v for k, v in spec.items() if k not in ('key', 'v', 'ns')}
            coll.create_index(list(spec['key'].items()), **options)
        return {'createdCollectionAutomatically': not existed,
                'numIndexesBefore': before,
                'numIndexesAfter': len(list(coll.list_indexes()))}

    def _cmd_listIndexes(self, conn, db, cmd):
        name = cmd['listIndexes']
        if name not in self.backend[db].list_collection_names():
            return _error(26, 'ns does not exist: %s.%s' % (db, name),
                          'NamespaceNotFound')
        docs = [dict(ix) for ix in self.backend[db][name].list_indexes()]
        return self._cursor_reply(db, name, docs, cmd.get('cursor'))

    def _cmd_dropIndexes(self, conn, db, cmd):
        name = cmd.get('dropIndexes', cmd.get('deleteIndexes'))
        coll = self.backend[db][name]
        before = len(list(coll.list_indexes()))
        index = cmd.get('index')
        if index == '*':
            coll.drop_indexes()
        else:
            if isinstance(index, dict):
                wanted = list(index.items())
                matches = [ix['name'] for ix in coll.list_indexes()
                           if list(ix['key'].items()) == wanted]
                if not matches:
                    return _error(27, "can't find index with key: %r" % (index,),
                                  'IndexNotFound')
                index = matches[0]
            try:
                coll.drop_index(index)
            except OperationFailure as exc:
                return _error(27, str(exc), 'IndexNotFound')
        return {'nIndexesWas': before}


class ReplicaSetServers:
    """N TestServers forming one replica set over one mongomock backend.

    Member 0 is primary.  ``uri`` names every member and the set, so a
    PyMongo 4 client discovers the topology; each member logs what it served.
    """

    def __init__(self, members=3, set_name='rs', max_wire_version=21, **kwargs):
        self.set_name = set_name
        self.backend = mongomock.MongoClient()
        self._lock = threading.RLock()
        self._config = _ReplicaSetConfig(set_name)
        options = {}
        self.members = [TestServer(max_wire_version=max_wire_version,
                                   replica_set=self._config, backend=self.backend,
                                   data_lock=self._lock, collection_options=options,
                                   **kwargs)
                        for _ in range(members)]

    def start(self):
        for member in self.members:
            member.start()
        self._config.hosts = [m.host_string for m in self.members]
        self._config.primary = self.members[0].host_string
        return self

    def stop(self):
        for member in self.members:
            member.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def elect(self, index):
        """Make member `index` the primary; the old one answers 'not master'.
        None: no member is primary (an election under way, a lost majority)."""
        self._config.primary = None if index is None else self.members[index].host_string

    @property
    def primary(self):
        return next(m for m in self.members if m.is_primary)

    @property
    def secondaries(self):
        return [m for m in self.members if not m.is_primary]

    @property
    def uri(self):
        return 'mongodb://%s/?replicaSet=%s' % (
            ','.join(m.host_string for m in self.members), self.set_name)

    def log(self, app_only=False):
        records = [r for m in self.members for r in m.log(app_only=app_only)]
        return sorted(records, key=lambda r: r.seq)


def main(argv=None):
    """``python -m tests.server --port 27017 --max-wire-version 3``: serve
    until interrupted, for running a program's own test suite by hand."""
    import argparse
    parser = argparse.ArgumentParser(prog='python -m tests.server')
    parser.add_argument('--port', type=int, default=27017)
    parser.add_argument('--max-wire-version', type=int, default=21,
                        help='3 for PyMongo 2.8.1, 21 for PyMongo 4 (default)')
    args = parser.parse_args(argv)
    with TestServer(max_wire_version=args.max_wire_version,
                    port=args.port) as server:
        print('serving %s (max wire version %d); Ctrl-C stops'
              % (server.uri, args.max_wire_version), flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == '__main__':
    main()
