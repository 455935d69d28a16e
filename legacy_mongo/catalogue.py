"""Every legacy PyMongo 2.x API, as data: the single source of truth.

The runtime warnings (``legacy_mongo.warnings``), the linter's findings
(``legacy_mongo.lint``) and MIGRATION.md are produced from, or checked
against, the entries below.  A code is stable forever once released; codes are
grouped by family:

====== ==============================
LM0xx  meta (the linter itself: unparsable file ...)
LM1xx  clients (classes, constructor options)
LM2xx  requests (start_request, auto_start_request ...)
LM3xx  write concern (safe=, get/set_lasterror_options ...)
LM4xx  CRUD and other collection methods
LM5xx  cursor methods
LM6xx  database and admin (incl. removed server commands)
LM7xx  find options (removed find()/Cursor keywords)
LM8xx  imports and module paths
LM9xx  encoding (UUID representation, BSON defaults)
====== ==============================

How the linter finds an entry: ``Entry.matches``
------------------------------------------------
Each entry carries zero or more :class:`Match` records, one per syntactic
shape that uses the legacy API.  ``Match.kind`` is one of:

``class``       ``names`` are class names, importable from ``modules``
                (``Connection`` from ``pymongo`` / ``pymongo.connection``).
``method``      ``names`` are methods called on an object of one of the
                ``receivers`` kinds (``coll.insert(...)``).
``attribute``   ``names`` are attributes read or assigned (not called) on
                ``receivers`` (``client.document_class = SON``).
``keyword``     ``names`` are keyword arguments of any of ``calls``.  A call
                is ``"<receiver>.<method>"`` (``"collection.find"``) or a
                bare constructor/function name (``"MongoClient"``,
                ``"Cursor"``, ``"bson.decode_all"``).
``positional``  a call in ``calls`` with more than ``max_positional``
                positional arguments (2.x slots whose meaning changed).
``import``      an import of one of ``modules`` (``import pymongo.son``,
                ``from pymongo.son import SON``); when ``names`` is set only
                those names imported from (or read as attributes of) the
                module match (``from pymongo import OFF``, ``pymongo.OFF``).
``command``     ``names`` are server command names, lower case, passed to
                ``database.command`` (first positional string, or first key of
                a SON/dict); compare case-insensitively.
``uri-option``  ``names`` are connection-string options, lower case, found
                in ``mongodb://`` string literals (``?slaveok=true``).
``behaviour``   a same-name behaviour change; ``names``/``receivers`` say
                where it shows, ``condition`` says when; mostly runtime-only.
``meta``        reported by the linter about itself (unreadable file ...).

``receivers`` vocabulary: ``client``, ``database``, ``collection``,
``cursor``, ``command_cursor``, ``bulk`` (a 2.x bulk builder), ``gridfs``,
``gridout``, ``son``, ``any`` (client, database or collection: the 2.x
``BaseObject`` settings).  ``condition`` is a human-readable restriction the
linter should check when it can (``"without cursor="``).  ``rename`` is set
only on pure renames that are safe token edits (``database_names`` ->
``list_database_names``, ``spec`` -> ``filter``, ``pymongo.son`` ->
``bson.son``).

Lookup helpers for the linter: :func:`method_codes`, :func:`attribute_codes`,
:func:`keyword_codes`, :func:`import_codes`, :func:`command_codes`,
:func:`uri_option_codes`, :func:`class_codes`, :func:`matches_of_kind`.

MIGRATION.md is generated from this module::

    python -m legacy_mongo.catalogue --write-migration   # rewrite MIGRATION.md
    python -m legacy_mongo.catalogue --check-migration   # exit 1 if stale
"""
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Tuple

FAMILIES = {
    "meta": "LM0",
    "clients": "LM1",
    "requests": "LM2",
    "write-concern": "LM3",
    "crud": "LM4",
    "cursor": "LM5",
    "database": "LM6",
    "find-options": "LM7",
    "imports": "LM8",
    "encoding": "LM9",
}

# How safe a mechanical rewrite is.
ALWAYS = "always"
NEVER = "never"
# Anything else is a sentence starting "only when ...".

KINDS = (
    "class", "method", "attribute", "keyword", "positional", "import",
    "command", "uri-option", "behaviour", "meta",
)
RECEIVERS = (
    "client", "database", "collection", "cursor", "command_cursor", "bulk",
    "gridfs", "gridout", "son", "any",
)

CODE_RE = re.compile(r"LM\d{3}")


@dataclass(frozen=True)
class Match:
    """One syntactic shape of a legacy API (see the module docstring)."""
    kind: str
    names: Tuple[str, ...] = ()
    receivers: Tuple[str, ...] = ()
    calls: Tuple[str, ...] = ()
    modules: Tuple[str, ...] = ()
    max_positional: int = -1
    condition: str = ""
    rename: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError("unknown match kind %r" % self.kind)
        for receiver in self.receivers:
            if receiver not in RECEIVERS:
                raise ValueError("unknown receiver %r" % receiver)
        if self.kind == "command" or self.kind == "uri-option":
            for name in self.names:
                if name != name.lower():
                    raise ValueError("%s names must be lower case: %r" % (self.kind, name))


@dataclass(frozen=True)
class Entry:
    code: str                 # "LM101"
    name: str                 # short identifier, e.g. "Connection"
    legacy: str               # the legacy spelling, e.g. "Connection(...)"
    message: str              # one sentence: what is removed and what to use instead
    replacement: str          # the exact modern code
    meaning: str              # what changes in meaning after the rewrite
    rewrite: str              # ALWAYS, NEVER or "only when ..."
    aliases: Tuple[str, ...] = field(default=())  # other spellings the linter matches
    # --- added fields (all defaulted) ---
    matches: Tuple[Match, ...] = field(default=())  # how the linter finds it
    before: str = ""          # MIGRATION.md example: legacy code ("" -> legacy)
    after: str = ""           # MIGRATION.md example: modern code ("" -> replacement)
    did: str = ""             # MIGRATION.md: what the legacy call did in 2.8
    removed: str = ""         # "PyMongo 3.0", "PyMongo 4.0", "server 4.2" ...
    reference: str = ""       # row ids in shared/reference/legacy-api-catalogue.md
    runtime: bool = True      # the shim can warn with this code when it runs
    lint: bool = True         # the linter can find it statically

    @property
    def family(self) -> str:
        prefix = self.code[:3]
        for family, family_prefix in FAMILIES.items():
            if family_prefix == prefix:
                return family
        raise ValueError("code %s has no family" % self.code)

    @property
    def anchor(self) -> str:
        return self.code.lower()

    @property
    def kind(self) -> str:
        """The kind of the first match ("behaviour" when there is none)."""
        return self.matches[0].kind if self.matches else "behaviour"

    @property
    def names(self) -> Tuple[str, ...]:
        """Every name the matches mention, in order, without repeats."""
        seen = []
        for match in self.matches:
            for name in match.names:
                if name not in seen:
                    seen.append(name)
        return tuple(seen)

    def format(self) -> str:
        """The message every consumer shows: code, text, link."""
        return "%s %s See MIGRATION.md#%s" % (self.code, self.message, self.anchor)


def _entries(*entries: Entry) -> Dict[str, Entry]:
    table = {}
    for entry in entries:
        if entry.code in table:
            raise ValueError("duplicate catalogue code %s" % entry.code)
        entry.family  # validates the prefix
        table[entry.code] = entry
    return table


# --- small constructors for Match records, to keep the table readable -------

def _t(value):
    return (value,) if isinstance(value, str) else tuple(value)


def method(receivers, *names, condition="", rename=""):
    return Match("method", names=names, receivers=_t(receivers), condition=condition, rename=rename)


def attribute(receivers, *names, condition="", rename=""):
    return Match("attribute", names=names, receivers=_t(receivers), condition=condition, rename=rename)


def keyword(calls, *names, condition="", rename=""):
    return Match("keyword", names=names, calls=_t(calls), condition=condition, rename=rename)


def positional(calls, max_positional, condition=""):
    return Match("positional", calls=_t(calls), max_positional=max_positional, condition=condition)


def imports(modules, *names, rename=""):
    return Match("import", modules=_t(modules), names=names, rename=rename)


def cls(modules, *names, condition=""):
    return Match("class", modules=_t(modules), names=names, condition=condition)


def command(*names, condition=""):
    return Match("command", names=names, receivers=("database",), calls=("database.command",),
                 condition=condition)


def uri(*names, condition=""):
    return Match("uri-option", names=tuple(n.lower() for n in names), condition=condition)


def behaviour(receivers=(), *names, condition=""):
    return Match("behaviour", names=names, receivers=_t(receivers), condition=condition)


CLIENTS = ("MongoClient", "Connection", "ReplicaSetConnection", "MongoReplicaSetClient",
           "pymongo.MongoClient", "pymongo.Connection", "pymongo.ReplicaSetConnection",
           "pymongo.MongoReplicaSetClient")
WRITES = ("collection.insert", "collection.save", "collection.update", "collection.remove")
FINDS = ("collection.find", "collection.find_one", "Cursor", "pymongo.cursor.Cursor")
SETTINGS = ("client", "database", "collection")


CATALOGUE: Dict[str, Entry] = _entries(
    # ------------------------------------------------------------------ LM0 meta
    Entry(
        code="LM001",
        name="unparsable-file",
        legacy="(a source file)",
        message="The file could not be parsed by any parser (Python 3 ast, then the Python 2 "
        "grammar): fix the syntax error so that legacy PyMongo uses in it can be found.",
        replacement="(a file that parses as Python 3, or as Python 2)",
        meaning="Nothing in this file was checked; legacy calls in it are only found at run "
        "time by the shim.",
        rewrite=NEVER,
        matches=(Match("meta"),),
        did="Not a PyMongo API: the linter reports this for a file it cannot analyse.",
        runtime=False,
    ),
    Entry(
        code="LM002",
        name="unreadable-file",
        legacy="(a source file)",
        message="The file could not be read or decoded (I/O error, or bytes that are not valid "
        "in its declared or default encoding): fix the file or its coding declaration.",
        replacement="(a readable file with a correct PEP 263 coding declaration)",
        meaning="Nothing in this file was checked; legacy calls in it are only found at run "
        "time by the shim.",
        rewrite=NEVER,
        matches=(Match("meta"),),
        did="Not a PyMongo API: the linter reports this for a file it cannot read.",
        runtime=False,
    ),
    # ------------------------------------------------------------------ LM1 clients
    Entry(
        code="LM101",
        name="Connection",
        legacy="Connection(...)",
        message="Connection() is removed in PyMongo 3: use MongoClient(w=0) to keep "
        "unacknowledged writes, or MongoClient() for acknowledged ones.",
        replacement="MongoClient(w=0)",
        meaning="Connection() defaulted to unacknowledged writes and auto_start_request=True; "
        "MongoClient() acknowledges every write and has no requests.",
        rewrite="only when the code does not rely on requests (start_request/end_request) "
        "or on writes being unacknowledged",
        matches=(cls(("pymongo", "pymongo.connection"), "Connection"),),
        did="Connection(host, port, max_pool_size=None, network_timeout=None, document_class=dict, "
        "tz_aware=False, _connect=True) was a MongoClient subclass with unacknowledged writes "
        "(safe=False) and auto_start_request=True by default, an unbounded pool, a socket "
        "timeout in seconds, and a constructor that connected and raised ConnectionFailure.",
        before="from pymongo import Connection\n"
        "conn = Connection('db.example.com', 27017, 10, 5.0)\n"
        "conn.test.things.insert({'x': 1})   # fire and forget",
        after="from pymongo import MongoClient\n"
        "client = MongoClient('db.example.com', 27017, maxPoolSize=10,\n"
        "                     socketTimeoutMS=5000, w=0)  # drop w=0 to get errors back\n"
        "client.test.things.insert_one({'x': 1})",
        removed="PyMongo 3.0 (documented as deprecated since 2.4, never warned)",
        reference="A1, B1",
    ),
    Entry(
        code="LM102",
        name="ReplicaSetConnection",
        legacy="ReplicaSetConnection(hosts_or_uri, replicaSet=...)",
        message="ReplicaSetConnection() is removed in PyMongo 3: use MongoClient(hosts_or_uri, "
        "replicaSet=name, w=0) to keep unacknowledged writes, or drop w=0 for acknowledged ones.",
        replacement="MongoClient(hosts_or_uri, replicaSet=name, w=0)",
        meaning="ReplicaSetConnection defaulted to unacknowledged writes, auto_start_request=True "
        "and an unbounded pool; MongoClient acknowledges writes, has no requests and caps the pool "
        "at 100. Its 2nd positional argument was max_pool_size; MongoClient's is port.",
        rewrite="only when every argument after the first is a keyword and the code does not "
        "rely on requests or on unacknowledged writes",
        matches=(cls(("pymongo", "pymongo.replica_set_connection"), "ReplicaSetConnection"),),
        did="ReplicaSetConnection(hosts_or_uri, max_pool_size=None, document_class=dict, "
        "tz_aware=False, replicaSet=...) was a MongoReplicaSetClient with Connection's defaults: "
        "w=0 writes, auto_start_request=True (pinning each thread to one secondary for reads).",
        before="conn = ReplicaSetConnection('h1,h2', replicaSet='rs0')",
        after="client = MongoClient('h1,h2', replicaSet='rs0', maxPoolSize=None, w=0)",
        removed="PyMongo 3.0",
        reference="A2, B2",
    ),
    Entry(
        code="LM103",
        name="MongoReplicaSetClient",
        legacy="MongoReplicaSetClient(hosts_or_uri, replicaSet=...)",
        message="MongoReplicaSetClient() is removed in PyMongo 4: use MongoClient(hosts_or_uri, "
        "replicaSet=name).",
        replacement="MongoClient(hosts_or_uri, replicaSet=name)",
        meaning="Both acknowledge writes by default. The 2nd positional argument was max_pool_size "
        "and would become port; seeds, hosts and refresh() are gone (use client.nodes).",
        rewrite="only when every argument after the first is a keyword",
        matches=(cls(("pymongo", "pymongo.mongo_replica_set_client"), "MongoReplicaSetClient"),),
        did="MongoReplicaSetClient monitored a replica set, routed reads by read preference and "
        "pinned a thread in a request to one member.",
        before="client = MongoReplicaSetClient('h1:27017,h2:27017', replicaSet='rs0')",
        after="client = MongoClient('h1:27017,h2:27017', replicaSet='rs0')",
        removed="PyMongo 4.0 (an alias of MongoClient that warned since 3.0)",
        reference="A4, B3",
    ),
    Entry(
        code="LM104",
        name="MasterSlaveConnection",
        legacy="MasterSlaveConnection(master, slaves)",
        message="MasterSlaveConnection() is removed in PyMongo 3 and master/slave replication in "
        "MongoDB 4.0: convert the deployment to a replica set and use "
        "MongoClient(uri_of_set, readPreference='secondaryPreferred').",
        replacement="MongoClient(uri_of_set, readPreference='secondaryPreferred')",
        meaning="There is no driver equivalent: reads no longer go to explicitly listed slaves but "
        "to secondaries chosen by server selection; writes go to the replica-set primary.",
        rewrite=NEVER,
        matches=(cls(("pymongo.master_slave_connection",), "MasterSlaveConnection"),),
        did="MasterSlaveConnection(master, slaves=[...]) sent writes to the master client and "
        "reads to a random slave client (the master inside a request).",
        before="conn = MasterSlaveConnection(MongoClient('m'), [MongoClient('s1'), MongoClient('s2')])",
        after="client = MongoClient('mongodb://m,s1,s2/?replicaSet=rs0',\n"
        "                     readPreference='secondaryPreferred')",
        removed="PyMongo 3.0 (warned in 2.8); server master/slave removed in 4.0",
        reference="A3, B4",
    ),
    Entry(
        code="LM105",
        name="MongoClient-legacy-signature",
        legacy="MongoClient(host, port, max_pool_size, ..., _connect=...)",
        message="The 2.x MongoClient constructor options max_pool_size=, _connect= and "
        "positional arguments after port are removed in PyMongo 3/4: use maxPoolSize=, connect= "
        "and pass everything after port as keywords.",
        replacement="MongoClient(host, port, maxPoolSize=100, connect=True, document_class=dict, tz_aware=False)",
        meaning="A 3rd positional argument was max_pool_size and is now document_class (TypeError); "
        "the constructor no longer connects, blocks or raises ConnectionFailure. The legacy keywords "
        "raise ConfigurationError ('Unknown option') on 4.x.",
        rewrite="only when the positional arguments can be turned into keywords using the 2.8 "
        "order (host, port, max_pool_size, document_class, tz_aware, _connect)",
        matches=(
            keyword(CLIENTS, "max_pool_size", rename="maxPoolSize"),
            keyword(CLIENTS, "_connect", rename="connect"),
            positional(("MongoClient", "pymongo.MongoClient", "MongoReplicaSetClient",
                        "pymongo.MongoReplicaSetClient", "Connection", "pymongo.Connection"), 2,
                       condition="MongoReplicaSetClient/ReplicaSetConnection: more than 1"),
        ),
        did="MongoClient(host=None, port=None, max_pool_size=100, document_class=dict, "
        "tz_aware=False, _connect=True, **kwargs) connected in the constructor.",
        before="client = MongoClient('localhost', 27017, 50, _connect=False)",
        after="client = MongoClient('localhost', 27017, maxPoolSize=50, connect=False)",
        removed="PyMongo 3.0",
        reference="B5, C7, C10",
    ),
    Entry(
        code="LM106",
        name="network_timeout",
        legacy="Connection(..., network_timeout=seconds)",
        message="The network_timeout= client option is removed in PyMongo 3: use "
        "socketTimeoutMS=<seconds * 1000>, or with pymongo.timeout(seconds): per operation.",
        replacement="MongoClient(..., socketTimeoutMS=int(seconds * 1000))",
        meaning="The unit changes from seconds to milliseconds. Expiry still raises a "
        "NetworkTimeout (an AutoReconnect subclass).",
        rewrite=ALWAYS,
        matches=(keyword(CLIENTS, "network_timeout"),),
        did="network_timeout set the socket timeout, in seconds, for every operation of the "
        "Connection or ReplicaSetConnection.",
        before="conn = Connection('localhost', network_timeout=2.5)",
        after="client = MongoClient('localhost', socketTimeoutMS=2500)",
        removed="PyMongo 3.0",
        reference="C6",
    ),
    Entry(
        code="LM107",
        name="use_greenlets",
        legacy="MongoClient(..., use_greenlets=True)",
        message="The use_greenlets= client option and property are removed in PyMongo 3: drop it "
        "and call gevent.monkey.patch_all() before creating the client.",
        replacement="gevent.monkey.patch_all(); MongoClient(...)",
        meaning="PyMongo 4 is greenlet-safe once the standard library is monkey-patched; requests "
        "were keyed by greenlet in 2.8 and no longer exist. client.use_greenlets is now a Database.",
        rewrite=ALWAYS,
        matches=(keyword(CLIENTS, "use_greenlets"), attribute("client", "use_greenlets")),
        did="use_greenlets=True made the pool and requests track greenlets instead of threads.",
        before="client = MongoClient(use_greenlets=True)",
        after="from gevent import monkey; monkey.patch_all()\nclient = MongoClient()",
        removed="PyMongo 3.0",
        reference="C9, D16",
    ),
    Entry(
        code="LM108",
        name="slave_okay",
        legacy="MongoClient(slave_okay=True); x.slave_okay = True; ?slaveOk=true",
        message="The slave_okay option (keyword, slaveOk URI option and attribute) is removed in "
        "PyMongo 3: use read_preference=ReadPreference.SECONDARY_PREFERRED "
        "(readPreference='secondaryPreferred').",
        replacement="MongoClient(..., readPreference='secondaryPreferred')",
        meaning="A single-host client no longer reads from the secondary it was given: 4.x "
        "discovers the whole replica set, so add directConnection=True to pin reads to that member. "
        "As a keyword it raises ConfigurationError; in a URI it is silently ignored; assigning the "
        "attribute is silently ignored.",
        rewrite="only when it is a client keyword or URI option and the client is not a single "
        "directly connected secondary",
        matches=(
            keyword(CLIENTS, "slave_okay", "slaveok", "slaveOk"),
            uri("slaveOk"),
            attribute(SETTINGS, "slave_okay"),
        ),
        did="slave_okay=True let reads go to a secondary (and, for a single-host client, to the "
        "secondary it was pointed at). It was stored separately from read_preference.",
        before="client = MongoClient('mongodb://h1,h2/?replicaSet=rs0', slave_okay=True)",
        after="client = MongoClient('mongodb://h1,h2/?replicaSet=rs0',\n"
        "                     readPreference='secondaryPreferred')",
        removed="PyMongo 3.0 (deprecated since 2.1)",
        reference="C2, F2",
    ),
    Entry(
        code="LM109",
        name="waitQueueMultiple",
        legacy="MongoClient(..., waitQueueMultiple=n)",
        message="The waitQueueMultiple= client option is removed in PyMongo 4 (parsed and "
        "ignored): drop it, bound concurrency in the application, and use waitQueueTimeoutMS= "
        "or maxConnecting= to shape the pool.",
        replacement="MongoClient(..., waitQueueTimeoutMS=ms)",
        meaning="No limit on waiting threads any more, and ExceededMaxWaiters is never raised; a "
        "thread waits until waitQueueTimeoutMS (WaitQueueTimeoutError) or forever.",
        rewrite="only when no code catches ExceededMaxWaiters",
        matches=(keyword(CLIENTS, "waitQueueMultiple"), uri("waitQueueMultiple")),
        did="waitQueueMultiple capped the number of threads waiting for a pooled socket at "
        "max_pool_size * waitQueueMultiple and raised ExceededMaxWaiters beyond it.",
        before="client = MongoClient(max_pool_size=10, waitQueueMultiple=2)",
        after="client = MongoClient(maxPoolSize=10, waitQueueTimeoutMS=5000)",
        removed="PyMongo 4.0 (deprecated in 3.9; still parsed and ignored by 4.20)",
        reference="C14, N3",
    ),
    # ------------------------------------------------------------------ LM2 requests
    Entry(
        code="LM201",
        name="start_request",
        legacy="client.start_request() / with client.start_request(): ...",
        message="start_request() is removed in PyMongo 3: delete the call (for "
        "with client.start_request(): remove the with and dedent the body), use acknowledged "
        "writes and primary reads, or client.start_session(causal_consistency=True) for "
        "read-your-writes on secondaries.",
        replacement="with client.start_session(causal_consistency=True) as s: ... (pass session=s)",
        meaning="Nothing pins a socket to a thread any more. With acknowledged writes and primary "
        "reads the only observable effect of a request was which socket was used, so deleting it "
        "keeps behaviour. With w=0 writes or secondary reads, read-your-writes is lost unless a "
        "causally consistent session (with majority read and write concern) replaces it.",
        rewrite="only when the client acknowledges writes and reads from the primary",
        matches=(method("client", "start_request"),),
        did="start_request() pinned one pooled socket (and, on a replica set, one member) to the "
        "calling thread until the matching end_request(); requests nested as a counter. It "
        "returned a pymongo.pool.Request context manager whose exit called end_request().",
        before="client.start_request()\ntry:\n    coll.insert(doc, w=0)\n    print(coll.find_one(doc['_id']))\n"
        "finally:\n    client.end_request()",
        after="coll.insert_one(doc)           # acknowledged: the read below sees it\n"
        "print(coll.find_one(doc['_id']))",
        removed="PyMongo 3.0 (warned in 2.9)",
        reference="E1",
    ),
    Entry(
        code="LM202",
        name="end_request",
        legacy="client.end_request()",
        message="end_request() is removed in PyMongo 3: delete the call together with its "
        "start_request().",
        replacement="(delete the call)",
        meaning="No socket is pinned, so there is nothing to release; an unbalanced end_request() "
        "was a no-op in 2.8 too.",
        rewrite="only when the matching start_request() is removed as well",
        matches=(method("client", "end_request"),),
        did="end_request() decremented the thread's request counter and returned the pinned socket "
        "to the pool when it reached zero.",
        before="client.end_request()",
        after="",
        removed="PyMongo 3.0 (warned in 2.9)",
        reference="E2",
    ),
    Entry(
        code="LM203",
        name="in_request",
        legacy="client.in_request()",
        message="in_request() is removed in PyMongo 3: replace it with the constant False (or "
        "delete the branch it guards).",
        replacement="False",
        meaning="There are no requests, so the answer is always False; code that behaved "
        "differently inside a request now always takes the outside branch.",
        rewrite="only when the branch taken for False is the wanted behaviour",
        matches=(method("client", "in_request"),),
        did="in_request() returned True while the calling thread was inside a request "
        "(explicit or through auto_start_request).",
        before="if not client.in_request():\n    client.start_request()",
        after="# nothing: PyMongo 4 has no requests",
        removed="PyMongo 3.0 (warned in 2.9)",
        reference="E3",
    ),
    Entry(
        code="LM204",
        name="auto_start_request",
        legacy="MongoClient(auto_start_request=True); client.auto_start_request",
        message="The auto_start_request option and property are removed in PyMongo 3: drop the "
        "keyword, use acknowledged writes (the default) for read-your-writes, and read the "
        "property as False.",
        replacement="MongoClient(...)  # no auto_start_request",
        meaning="Each thread is no longer pinned to one socket (and one secondary) for its "
        "lifetime; it only mattered with w=0 writes or secondary reads. Connection and "
        "ReplicaSetConnection turned it on by default.",
        rewrite="only when writes are acknowledged and reads go to the primary",
        matches=(keyword(CLIENTS, "auto_start_request"), uri("auto_start_request"),
                 attribute("client", "auto_start_request")),
        did="auto_start_request=True started a request implicitly on each thread's first "
        "operation (default True for Connection/ReplicaSetConnection, False for MongoClient).",
        before="client = MongoClient(auto_start_request=True)",
        after="client = MongoClient()",
        removed="PyMongo 3.0 (documented as deprecated in 2.8, warned in 2.9)",
        reference="C8, E4, D16",
    ),
    # ------------------------------------------------------------------ LM3 write concern
    Entry(
        code="LM301",
        name="safe-on-write",
        legacy="coll.insert(doc, safe=True) / safe=False",
        message="The safe= keyword on write methods is removed in PyMongo 3/4: drop safe=True "
        "(writes are acknowledged by default) and replace safe=False with "
        "coll.with_options(write_concern=WriteConcern(w=0)).",
        replacement="coll.with_options(write_concern=WriteConcern(w=0)).insert_one(doc)",
        meaning="safe=True becomes the default acknowledged write (on a w=0 collection use "
        "WriteConcern(w=1)); safe=False gives an unacknowledged write whose result has "
        "acknowledged=False and raises InvalidOperation when counts are read. Per-call options "
        "replaced the collection's write concern in 2.8, as with_options does.",
        rewrite=ALWAYS,
        matches=(keyword(WRITES + ("collection.find_and_modify", "database.command",
                                   "collection.ensure_index", "collection.create_index",
                                   "collection.drop", "database.drop_collection"), "safe"),),
        did="safe=True sent getLastError after the write and raised OperationFailure on error; "
        "safe=False made the write fire-and-forget even on an acknowledging client.",
        before="coll.insert({'x': 1}, safe=True)\ncoll.update({'_id': 1}, {'$inc': {'n': 1}}, safe=False)",
        after="coll.insert_one({'x': 1})\n"
        "coll.with_options(write_concern=WriteConcern(w=0)).update_one(\n"
        "    {'_id': 1}, {'$inc': {'n': 1}})",
        removed="PyMongo 3.0 (deprecated in 2.4)",
        reference="H6",
    ),
    Entry(
        code="LM302",
        name="safe-option",
        legacy="MongoClient(safe=False); ?safe=true; x.safe = False",
        message="The safe client option and the safe attribute are removed in PyMongo 3: use "
        "w=0 (or WriteConcern(w=0)) for unacknowledged writes, nothing for acknowledged ones, and "
        "read x.write_concern.acknowledged.",
        replacement="MongoClient(..., w=0); x.write_concern.acknowledged",
        meaning="As a keyword safe raises ConfigurationError; in a URI ?safe=false is silently "
        "dropped, so writes become acknowledged; assigning x.safe is silently ignored, and "
        "reading it returns a Database/Collection named 'safe'.",
        rewrite="only when it is a constructor keyword or URI option (an assignment must become "
        "rebinding with with_options)",
        matches=(keyword(CLIENTS, "safe"), uri("safe"), attribute(SETTINGS, "safe")),
        did="safe=True/False on a client, or assigning x.safe on a client, Database or Collection, "
        "switched acknowledged writes on or off for every write through that object and the "
        "objects created from it afterwards.",
        before="client = MongoClient(safe=False)\ndb.safe = True",
        after="client = MongoClient(w=0)\ndb = db.client.get_database(db.name, write_concern=WriteConcern(w=1))",
        removed="PyMongo 3.0 (deprecated in 2.4)",
        reference="C1, F1",
    ),
    Entry(
        code="LM303",
        name="get_lasterror_options",
        legacy="x.get_lasterror_options()",
        message="get_lasterror_options() is removed in PyMongo 3: read x.write_concern.document "
        "(a dict copy) or x.write_concern.w / .wtimeout / .j.",
        replacement="x.write_concern.document",
        meaning="The result is the write concern document (w, wtimeout, j, fsync) in both; 4.x "
        "returns a copy, so changing it does nothing.",
        rewrite=ALWAYS,
        matches=(method(SETTINGS, "get_lasterror_options", rename="write_concern.document"),),
        did="get_lasterror_options() returned a copy of the object's getLastError options "
        "(the write concern dict).",
        before="opts = coll.get_lasterror_options()",
        after="opts = coll.write_concern.document",
        removed="PyMongo 3.0 (deprecated in 2.4)",
        reference="F8",
    ),
    Entry(
        code="LM304",
        name="set_lasterror_options",
        legacy="x.set_lasterror_options(w=2, j=True)",
        message="set_lasterror_options() is removed in PyMongo 3: rebind the object with "
        "x = x.with_options(write_concern=WriteConcern(**options)).",
        replacement="x = x.with_options(write_concern=WriteConcern(w=2, j=True))",
        meaning="4.x objects are immutable: the call becomes a rebinding, so other references to "
        "the old object keep the old write concern. 2.8 also forced safe=True and merged the "
        "options into the existing ones; WriteConcern(...) replaces them wholesale.",
        rewrite="only when every later use goes through the rebound name",
        matches=(method(SETTINGS, "set_lasterror_options"),),
        did="set_lasterror_options(**kwargs) updated the object's write concern in place, merged "
        "with the existing options, and turned safe on.",
        before="coll.set_lasterror_options(w=2, wtimeout=1000)",
        after="coll = coll.with_options(write_concern=WriteConcern(w=2, wtimeout=1000))",
        removed="PyMongo 3.0 (deprecated in 2.4)",
        reference="F8",
    ),
    Entry(
        code="LM305",
        name="unset_lasterror_options",
        legacy="x.unset_lasterror_options('j')",
        message="unset_lasterror_options() is removed in PyMongo 3: rebind the object with "
        "x = x.with_options(write_concern=WriteConcern(...)) listing only the options to keep.",
        replacement="x = x.with_options(write_concern=WriteConcern())",
        meaning="The object is rebound instead of mutated. With no arguments 2.8 cleared every "
        "option and turned safe off (w=0 for a Connection); WriteConcern() is the server default "
        "(acknowledged).",
        rewrite="only when every later use goes through the rebound name",
        matches=(method(SETTINGS, "unset_lasterror_options"),),
        did="unset_lasterror_options(*names) removed the named options (all of them and safe "
        "when called without arguments).",
        before="coll.unset_lasterror_options('wtimeout')",
        after="wc = coll.write_concern.document\nwc.pop('wtimeout', None)\n"
        "coll = coll.with_options(write_concern=WriteConcern(**wc))",
        removed="PyMongo 3.0 (deprecated in 2.4)",
        reference="F8",
    ),
    Entry(
        code="LM306",
        name="write_concern-dict",
        legacy="x.write_concern['w'] = 2; x.write_concern = {'w': 2}",
        message="Using write_concern as a mutable dict is removed in PyMongo 3: read "
        "x.write_concern.document or .w/.wtimeout/.j, and rebind with "
        "x = x.with_options(write_concern=WriteConcern(w=2)).",
        replacement="x = x.with_options(write_concern=WriteConcern(w=2))",
        meaning="WriteConcern has no item access and no .get(); assigning the attribute raises "
        "AttributeError. Editing the 2.8 dict never changed safe, so w=2 on a safe=False "
        "Connection still sent nothing; with_options(WriteConcern(w=2)) acknowledges.",
        rewrite="only when every later use goes through the rebound name",
        matches=(attribute(SETTINGS, "write_concern",
                           condition="subscripted, .get()/.update() called, or assigned"),),
        did="x.write_concern was a plain dict of getLastError options that could be edited in "
        "place or replaced.",
        before="coll.write_concern['w'] = 'majority'\nw = coll.write_concern.get('w')",
        after="coll = coll.with_options(write_concern=WriteConcern(w='majority'))\n"
        "w = coll.write_concern.w",
        removed="PyMongo 3.0",
        reference="F7",
    ),
    # ------------------------------------------------------------------ LM4 CRUD / collection
    Entry(
        code="LM401",
        name="insert",
        legacy="coll.insert(doc_or_docs)",
        message="Collection.insert() is removed in PyMongo 4: use insert_one(doc).inserted_id for "
        "one document or insert_many(docs).inserted_ids for a list.",
        replacement="coll.insert_one(doc).inserted_id",
        meaning="The return value is an InsertOneResult/InsertManyResult instead of the bare _id "
        "(or list of _ids). A failing list insert raises BulkWriteError instead of "
        "DuplicateKeyError/OperationFailure; continue_on_error=True becomes ordered=False; "
        "an empty list raises TypeError instead of InvalidOperation; with manipulate=False 2.8 "
        "added no _id, insert_one always adds one to the caller's dict.",
        rewrite="only when the argument is visibly one mapping or visibly a list and the return "
        "value is unused or gains .inserted_id/.inserted_ids",
        matches=(method("collection", "insert",
                        condition="1 positional argument that is a mapping or list of mappings; "
                        "not list.insert(i, x)"),),
        did="insert(doc_or_docs, manipulate=True, safe=None, check_keys=True, "
        "continue_on_error=False, **write_concern) added _id to each document and returned the "
        "_id or the list of _ids (None entries when manipulate=False).",
        before="oid = coll.insert({'name': 'a'})\nids = coll.insert([{'n': 1}, {'n': 2}], continue_on_error=True)",
        after="oid = coll.insert_one({'name': 'a'}).inserted_id\n"
        "ids = coll.insert_many([{'n': 1}, {'n': 2}], ordered=False).inserted_ids",
        removed="PyMongo 4.0 (deprecated in 3.0)",
        reference="H1, N5",
    ),
    Entry(
        code="LM402",
        name="save",
        legacy="coll.save(doc)",
        message="Collection.save() is removed in PyMongo 4: use "
        "replace_one({'_id': doc['_id']}, doc, upsert=True) when doc has an _id, else "
        "insert_one(doc).",
        replacement="coll.replace_one({'_id': doc['_id']}, doc, upsert=True) if '_id' in doc else coll.insert_one(doc)",
        meaning="Same whole-document, last-writer-wins replacement. The return value is an "
        "UpdateResult/InsertOneResult instead of the _id (read doc['_id'] afterwards). A "
        "targeted update_one({'_id': ...}, {'$set': changes}) is usually the better fix.",
        rewrite="only when it is known whether the document has an _id, or the call is an "
        "expression statement rewritten to the two-branch form",
        matches=(method("collection", "save", condition="1 positional mapping argument"),),
        did="save(to_save, manipulate=True, safe=None, check_keys=True, **write_concern) upserted "
        "by _id when the document had one, inserted (adding _id) otherwise, and returned the _id.",
        before="coll.save(doc)",
        after="if '_id' in doc:\n    coll.replace_one({'_id': doc['_id']}, doc, upsert=True)\n"
        "else:\n    coll.insert_one(doc)",
        removed="PyMongo 4.0 (deprecated in 3.0)",
        reference="H2",
    ),
    Entry(
        code="LM403",
        name="update",
        legacy="coll.update(spec, document, upsert=False, manipulate=False, safe=None, multi=False)",
        message="Collection.update() is removed in PyMongo 4: use update_one() (or update_many() "
        "with multi=True) for a $-operator document, and replace_one() for a replacement document.",
        replacement="coll.update_one(spec, document, upsert=upsert)",
        meaning="The default multi=False updated one document: do not switch to update_many unless "
        "multi=True. The 4th positional argument was manipulate, not multi, so update(q, u, False, "
        "True) updated one document. The return is an UpdateResult whose raw_result has the 2.8 "
        "dict shape (n, nModified, updatedExisting, upserted); matched_count is 0 after an upsert "
        "where n was 1. update_one/update_many reject documents without $ operators and "
        "replace_one rejects documents with them (ValueError).",
        rewrite="only when the document is a literal whose top-level keys are all $-operators or "
        "none are, and multi is a literal",
        matches=(method("collection", "update",
                        condition="2 or more positional arguments, both mappings; not dict.update"),),
        did="update(spec, document, upsert=False, manipulate=False, safe=None, multi=False, "
        "check_keys=True, **write_concern) sent one update and returned the getLastError reply "
        "(or None when unacknowledged).",
        before="coll.update({'_id': 1}, {'$set': {'a': 1}})\n"
        "coll.update({'k': 'v'}, {'$inc': {'n': 1}}, multi=True)\n"
        "coll.update({'_id': 2}, {'a': 2}, upsert=True)",
        after="coll.update_one({'_id': 1}, {'$set': {'a': 1}})\n"
        "coll.update_many({'k': 'v'}, {'$inc': {'n': 1}})\n"
        "coll.replace_one({'_id': 2}, {'a': 2}, upsert=True)",
        removed="PyMongo 4.0 (deprecated in 3.0)",
        reference="H3",
    ),
    Entry(
        code="LM404",
        name="remove",
        legacy="coll.remove(spec_or_id=None, safe=None, multi=True)",
        message="Collection.remove() is removed in PyMongo 4: use delete_many(filter) (the 2.x "
        "default multi=True), delete_one(filter) for multi=False, and delete_one({'_id': value}) "
        "for an id.",
        replacement="coll.delete_many(filter)",
        meaning="remove() with no argument deleted everything: delete_many({}) must be explicit. "
        "The return is a DeleteResult (deleted_count; raw_result has the 2.8 {'ok', 'n'} shape) "
        "instead of a dict or None. The filter must be a mapping; there is no id shortcut. The "
        "2nd positional argument was safe.",
        rewrite="only when the argument is a literal mapping, absent, or a literal id such as "
        "ObjectId(...), a string or a number",
        matches=(method("collection", "remove",
                        condition="0 or 1 positional argument (a mapping or an id); not list.remove"),),
        did="remove(spec_or_id=None, safe=None, multi=True, **write_concern) deleted every "
        "matching document; a non-dict argument meant {'_id': value}.",
        before="coll.remove({'done': True})\ncoll.remove(oid)\ncoll.remove()",
        after="coll.delete_many({'done': True})\ncoll.delete_one({'_id': oid})\ncoll.delete_many({})",
        removed="PyMongo 4.0 (deprecated in 3.0)",
        reference="H4",
    ),
    Entry(
        code="LM405",
        name="find_and_modify",
        legacy="coll.find_and_modify(query, update, upsert=False, sort=None, new=False, remove=False)",
        message="Collection.find_and_modify() is removed in PyMongo 4: use find_one_and_update(), "
        "find_one_and_replace() or find_one_and_delete(), with "
        "return_document=ReturnDocument.AFTER for new=True.",
        replacement="coll.find_one_and_update(query, update, projection=fields, sort=sort, "
        "upsert=upsert, return_document=ReturnDocument.AFTER if new else ReturnDocument.BEFORE)",
        meaning="The document (or None) comes back as before; return_document=new is exact "
        "because ReturnDocument.BEFORE is False and AFTER is True. The collection's write "
        "concern is now sent with the command. full_response=True has no method equivalent: use "
        "db.command('findAndModify', ...).",
        rewrite="only when remove is a literal or the update literal tells an operator document "
        "from a replacement, and full_response is not used",
        matches=(method("collection", "find_and_modify"),),
        did="find_and_modify(query={}, update=None, upsert=False, sort=None, full_response=False, "
        "manipulate=False, new=False, remove=False, fields=None) ran findAndModify and returned "
        "the value (or the whole reply with full_response=True).",
        before="doc = coll.find_and_modify({'_id': 'seq'}, {'$inc': {'n': 1}}, new=True, upsert=True)\n"
        "old = coll.find_and_modify({'state': 'new'}, remove=True)",
        after="doc = coll.find_one_and_update({'_id': 'seq'}, {'$inc': {'n': 1}},\n"
        "                              return_document=ReturnDocument.AFTER, upsert=True)\n"
        "old = coll.find_one_and_delete({'state': 'new'})",
        removed="PyMongo 4.0 (deprecated in 3.0)",
        reference="H5",
    ),
    Entry(
        code="LM406",
        name="Collection.count",
        legacy="coll.count()",
        message="Collection.count() is removed in PyMongo 4: use estimated_document_count() (the "
        "same fast metadata count), or count_documents({}) for an exact count.",
        replacement="coll.estimated_document_count()",
        meaning="estimated_document_count() runs the same count command and can be wrong after an "
        "unclean shutdown or with orphans on a sharded cluster; count_documents({}) is exact but "
        "scans. Neither count nor estimated_document_count runs inside a transaction.",
        rewrite=ALWAYS,
        matches=(method("collection", "count",
                        condition="called on a collection with no arguments; not list/str.count",
                        rename="estimated_document_count"),),
        did="count() ran the count command with an empty query and returned the collection's "
        "document count from its metadata.",
        before="n = coll.count()",
        after="n = coll.estimated_document_count()",
        removed="PyMongo 4.0 (deprecated in 3.7)",
        reference="J1",
    ),
    Entry(
        code="LM407",
        name="ensure_index",
        legacy="coll.ensure_index(key_or_list, cache_for=300, **kwargs)",
        message="Collection.ensure_index() is removed in PyMongo 4: use create_index(keys, "
        "**options), preferably once at start-up.",
        replacement="coll.create_index(keys, **options)",
        meaning="ensure_index kept a per-client cache and skipped the round trip for cache_for "
        "seconds, returning None on a cache hit; create_index always asks the server (a cheap "
        "no-op for an identical index) and always returns the name. The same name with "
        "different options raises OperationFailure. ttl= meant cache_for, never "
        "expireAfterSeconds; drop_dups is ignored by servers since 3.0.",
        rewrite="only when cache_for/ttl are dropped, the return value is unused (or not tested "
        "for None) and the call is not in a hot path",
        matches=(method("collection", "ensure_index", rename="create_index"),),
        did="ensure_index(key_or_list, cache_for=300, **kwargs) created the index unless this "
        "client had created it in the last cache_for seconds.",
        before="coll.ensure_index([('user', 1), ('ts', -1)], unique=True, cache_for=600)",
        after="coll.create_index([('user', 1), ('ts', -1)], unique=True)",
        removed="PyMongo 4.0 (deprecated in 3.0)",
        reference="K1",
    ),
    Entry(
        code="LM408",
        name="aggregate-raw-reply",
        legacy="coll.aggregate(pipeline)['result']",
        message="Collection.aggregate() without cursor= returned the raw reply dict, removed in "
        "PyMongo 3: iterate the returned cursor, e.g. list(coll.aggregate(pipeline)) instead of "
        "['result'].",
        replacement="list(coll.aggregate(pipeline))",
        meaning="aggregate always returns a CommandCursor, so ['result'] / .get('result') / ['ok'] "
        "fail. The pipeline must be a list (a lone stage dict raises TypeError). The result is "
        "no longer capped at 16 MB. The explain= keyword raises; use "
        "db.command('aggregate', coll.name, pipeline=p, explain=True).",
        rewrite="only when the result is subscripted with ['result'] (or .get('result')) at the "
        "call site",
        matches=(method("collection", "aggregate",
                        condition="without a cursor= keyword, or with a dict pipeline, or "
                        "result read with ['result']/.get('result')"),),
        did="aggregate(pipeline, **kwargs) accepted a stage dict or a list and, without cursor=, "
        "returned {'result': [...], 'ok': 1.0}; with cursor={} it returned a CommandCursor.",
        before="docs = coll.aggregate({'$match': {'x': 1}})['result']",
        after="docs = list(coll.aggregate([{'$match': {'x': 1}}]))",
        removed="PyMongo 3.0 (server: aggregate without cursor removed in 3.6)",
        reference="L1",
    ),
    # ------------------------------------------------------------------ LM5 cursor
    Entry(
        code="LM501",
        name="Cursor.count",
        legacy="coll.find(spec).count(with_limit_and_skip=False)",
        message="Cursor.count() is removed in PyMongo 4: use coll.count_documents(spec), adding "
        "skip= and limit= only for count(True).",
        replacement="coll.count_documents(spec)",
        meaning="By default 2.8 ignored the cursor's skip and limit; count(True) applied them (use "
        "abs(limit), and omit limit=0, which count_documents rejects). count_documents runs an "
        "exact aggregation ($match/$group): $where, $near and $nearSphere are refused there "
        "(use $expr, $geoWithin with $center/$centerSphere). For an empty spec "
        "estimated_document_count() keeps the fast metadata count.",
        rewrite="only when the whole find(...)[.skip()][.limit()].count() chain is visible and the "
        "filter has no $where/$near/$nearSphere",
        matches=(method("cursor", "count",
                        condition="at the end of a .find(...) chain, or on a Cursor"),),
        did="count(with_limit_and_skip=False) ran the count command with the cursor's filter "
        "(and its skip/limit when True).",
        before="n = coll.find({'state': 'open'}).count()\n"
        "page = coll.find(q).skip(20).limit(10).count(True)",
        after="n = coll.count_documents({'state': 'open'})\n"
        "page = coll.count_documents(q, skip=20, limit=10)",
        removed="PyMongo 4.0 (deprecated in 3.7)",
        reference="J2, M1",
    ),
    # ------------------------------------------------------------------ LM6 database / admin
    Entry(
        code="LM601",
        name="collection_names",
        legacy="db.collection_names(include_system_collections=True)",
        message="Database.collection_names() is removed in PyMongo 4: use "
        "db.list_collection_names().",
        replacement="db.list_collection_names()",
        meaning="Same names in no guaranteed order; views are included. For "
        "include_system_collections=False pass "
        "filter={'name': {'$regex': r'^(?!system\\.)'}}.",
        rewrite=ALWAYS,
        matches=(method("database", "collection_names", rename="list_collection_names"),),
        did="collection_names(include_system_collections=True) listed the collection names of "
        "the database.",
        before="if 'users' in db.collection_names(False): ...",
        after="names = db.list_collection_names(filter={'name': {'$regex': r'^(?!system\\.)'}})\n"
        "if 'users' in names: ...",
        removed="PyMongo 4.0 (deprecated in 3.7)",
        reference="G12",
    ),
    Entry(
        code="LM602",
        name="database_names",
        legacy="client.database_names()",
        message="MongoClient.database_names() is removed in PyMongo 4: use "
        "client.list_database_names().",
        replacement="client.list_database_names()",
        meaning="Same list of names from listDatabases.",
        rewrite=ALWAYS,
        matches=(method("client", "database_names", rename="list_database_names"),),
        did="database_names() ran listDatabases and returned the names.",
        before="for name in client.database_names(): ...",
        after="for name in client.list_database_names(): ...",
        removed="PyMongo 4.0 (deprecated in 3.7)",
        reference="D4",
    ),
    Entry(
        code="LM603",
        name="getlasterror-helpers",
        legacy="db.error(); db.last_status(); db.previous_error(); db.reset_error_history()",
        message="Database.error(), last_status(), previous_error() and reset_error_history() are "
        "removed in PyMongo 4 (getLastError is gone from MongoDB 5.1): use acknowledged writes, "
        "catch WriteError/DuplicateKeyError/BulkWriteError, and read the write's result object.",
        replacement="try: result = coll.insert_one(doc) except DuplicateKeyError: ...",
        meaning="Errors are raised by the acknowledged write itself and its counts come from "
        "InsertOneResult/UpdateResult.raw_result/DeleteResult.raw_result/"
        "BulkWriteResult.bulk_api_result; there is no per-connection error state to query "
        "later. reset_error_history() can simply be deleted.",
        rewrite="only when the call is reset_error_history(), which is simply deleted",
        matches=(method("database", "error", "last_status", "previous_error",
                        "reset_error_history",
                        condition="error() is ambiguous with logging: require a database receiver"),),
        did="error() and last_status() ran getlasterror on a pooled socket (meaningful only "
        "inside a request, after a w=0 write); previous_error() ran getpreverror; "
        "reset_error_history() ran reseterror.",
        before="coll.insert(doc, w=0)\nerr = db.error()\nif err:\n    log(err['err'])",
        after="try:\n    coll.insert_one(doc)\nexcept WriteError as exc:\n    log(exc.details['errmsg'])",
        removed="PyMongo 4.0 (deprecated in 2.8); server getLastError removed in 5.1",
        reference="G8, G9, G10, G11",
    ),
    Entry(
        code="LM604",
        name="eval",
        legacy="db.eval(code, *args)",
        message="Database.eval() is removed in PyMongo 4 and the eval command in MongoDB 4.2: move "
        "the JavaScript logic into the application, an aggregation pipeline or a transaction.",
        replacement="with client.start_session() as s, s.start_transaction(): ...",
        meaning="There is no drop-in equivalent: eval ran JavaScript on the server under a "
        "global lock, atomically. On servers 4.2+ the command does not exist at all.",
        rewrite=NEVER,
        matches=(method("database", "eval", condition="not the builtin eval()"),),
        did="eval(code, *args) ran the $eval command and returned its retval.",
        before="n = db.eval('function (x) { return db.things.count() + x; }', 1)",
        after="n = db.things.estimated_document_count() + 1",
        removed="PyMongo 4.0 (deprecated in 3.5); server eval removed in 4.2",
        reference="G6",
    ),
    Entry(
        code="LM605",
        name="add_user",
        legacy="db.add_user(name, password=None, read_only=None, **kwargs)",
        message="Database.add_user() is removed in PyMongo 4: use "
        "db.command('createUser', name, pwd=password, roles=[...]) for a new user, or "
        "db.command('updateUser', name, pwd=password, roles=[...]) for an existing one.",
        replacement="db.command('createUser', name, pwd=password, roles=['dbOwner'])",
        meaning="add_user upserted (usersInfo, then createUser or updateUser) and hashed the "
        "password on the client (MONGODB-CR digest, ruling out SCRAM-SHA-256); the commands let "
        "the server digest it. Default roles were ['read'] for read_only and ['dbOwner'] "
        "otherwise (['readAnyDatabase'] / ['root'] on admin): spell them out.",
        rewrite="only when the user is known not to exist yet (createUser)",
        matches=(method("database", "add_user"),),
        did="add_user(name, password=None, read_only=None, **kwargs) created or updated a user "
        "with a client-side MONGODB-CR password digest.",
        before="db.add_user('app', 's3cret', read_only=True)",
        after="db.command('createUser', 'app', pwd='s3cret', roles=['read'])",
        removed="PyMongo 4.0 (deprecated in 3.6)",
        reference="G2",
    ),
    Entry(
        code="LM606",
        name="disconnect",
        legacy="client.disconnect()",
        message="MongoClient.disconnect() is removed in PyMongo 3: use client.close() when the "
        "client is not used again, otherwise delete the call.",
        replacement="client.close()",
        meaning="disconnect() closed the pooled sockets and the next operation reconnected; "
        "close() is final in PyMongo 4 and any later operation raises InvalidOperation. The pool "
        "resets itself after network errors, so a disconnect used to 'reset' can be deleted.",
        rewrite="only when the client is not used afterwards (shutdown, finally:, atexit)",
        matches=(method("client", "disconnect"),),
        did="disconnect() closed all idle sockets and forgot the server; the client stayed "
        "usable and reconnected on the next operation.",
        before="client.disconnect()\nclient.test.things.find_one()   # reconnects in 2.x",
        after="client.close()   # at shutdown only: the client cannot be used again",
        removed="PyMongo 3.0 (deprecated in 2.9)",
        reference="D1, X10",
    ),
    # ------------------------------------------------------------------ LM7 find options
    Entry(
        code="LM701",
        name="find-spec",
        legacy="coll.find(spec=query)",
        message="The spec= keyword of find()/find_one()/Cursor() is removed in PyMongo 3: use "
        "filter=.",
        replacement="coll.find(filter=query)",
        meaning="A pure rename.",
        rewrite=ALWAYS,
        matches=(keyword(FINDS + ("gridfs.find",), "spec", rename="filter"),),
        did="spec was the query document.",
        before="cur = coll.find(spec={'x': 1})",
        after="cur = coll.find(filter={'x': 1})",
        removed="PyMongo 3.0",
        reference="I1",
    ),
    Entry(
        code="LM702",
        name="find-fields",
        legacy="coll.find(query, fields=['a', 'b'])",
        message="The fields= keyword of find()/find_one()/Cursor() is removed in PyMongo 3: use "
        "projection= (and {'_id': 1} where the projection may be empty).",
        replacement="coll.find(query, projection=['a', 'b'])",
        meaning="An empty projection changed meaning: 2.8 turned fields=[] or {} into {'_id': 1} "
        "(ids only); PyMongo 4 sends it as is and the server returns whole documents.",
        rewrite="only when the value cannot be empty (otherwise substitute {'_id': 1})",
        matches=(keyword(FINDS + ("collection.find_and_modify",), "fields", rename="projection"),),
        did="fields selected the returned fields (a list of names or a dict); empty meant _id only.",
        before="cur = coll.find({'x': 1}, fields=['name'])\nids = coll.find({}, fields=[])",
        after="cur = coll.find({'x': 1}, projection=['name'])\nids = coll.find({}, projection={'_id': 1})",
        removed="PyMongo 3.0",
        reference="I2, R5",
    ),
    Entry(
        code="LM703",
        name="find-timeout",
        legacy="coll.find(query, timeout=False)",
        message="The timeout= keyword of find()/Cursor() is removed in PyMongo 3: use "
        "no_cursor_timeout=True for timeout=False and drop timeout=True (the boolean is inverted).",
        replacement="coll.find(query, no_cursor_timeout=True)",
        meaning="The boolean is inverted: timeout defaulted to True, no_cursor_timeout to False. "
        "From MongoDB 3.6 a cursor whose session is idle for 30 minutes is killed anyway; finish "
        "cursors promptly or refresh the session.",
        rewrite=ALWAYS,
        matches=(keyword(FINDS + ("gridfs.find",), "timeout"),),
        did="timeout=False asked the server never to time the cursor out.",
        before="for doc in coll.find({}, timeout=False): ...",
        after="with coll.find({}, no_cursor_timeout=True) as cur:\n    for doc in cur: ...",
        removed="PyMongo 3.0",
        reference="I3",
    ),
    Entry(
        code="LM704",
        name="find-network_timeout",
        legacy="coll.find(query, network_timeout=seconds)",
        message="The network_timeout= keyword of find()/find_one()/Cursor() is removed in PyMongo "
        "3: wrap the query and its iteration in with pymongo.timeout(seconds):, or use "
        "max_time_ms=int(seconds * 1000) for a server-side limit.",
        replacement="with pymongo.timeout(seconds): docs = list(coll.find(query))",
        meaning="2.8 set a socket timeout for this query only and raised AutoReconnect on expiry. "
        "pymongo.timeout raises errors with .timeout == True (NetworkTimeout / "
        "ExecutionTimeout); max_time_ms raises ExecutionTimeout and bounds server time only.",
        rewrite="only when the whole iteration of the cursor is visible in one block",
        matches=(keyword(FINDS, "network_timeout"),),
        did="network_timeout set the socket timeout, in seconds, for this query's round trips.",
        before="docs = list(coll.find(q, network_timeout=2))",
        after="with pymongo.timeout(2):\n    docs = list(coll.find(q))",
        removed="PyMongo 3.0",
        reference="I14",
    ),
    Entry(
        code="LM705",
        name="as_class",
        legacy="coll.find(query, as_class=SON)",
        message="The as_class= keyword is removed in PyMongo 3: use "
        "coll.with_options(codec_options=coll.codec_options.with_options(document_class=SON)).",
        replacement="coll.with_options(codec_options=coll.codec_options.with_options(document_class=SON)).find(query)",
        meaning="Same documents, decoded into the given mutable-mapping class. On "
        "database.command and aggregate the keyword would be sent to the server and rejected.",
        rewrite=ALWAYS,
        matches=(keyword(FINDS + ("database.command", "collection.aggregate",
                                  "collection.find_and_modify", "collection.map_reduce",
                                  "collection.inline_map_reduce", "collection.group"),
                         "as_class"),),
        did="as_class chose the class that decoded documents were built with for this call.",
        before="doc = coll.find_one({'_id': 1}, as_class=SON)",
        after="opts = coll.codec_options.with_options(document_class=SON)\n"
        "doc = coll.with_options(codec_options=opts).find_one({'_id': 1})",
        removed="PyMongo 3.0",
        reference="I9, G18",
    ),
    # ------------------------------------------------------------------ LM8 imports
    Entry(
        code="LM801",
        name="pymongo.connection",
        legacy="from pymongo.connection import Connection",
        message="The pymongo.connection module is removed in PyMongo 3: import MongoClient from "
        "pymongo instead (see LM101 for the changed defaults).",
        replacement="from pymongo import MongoClient",
        meaning="Importing MongoClient does not restore Connection's defaults: add w=0 to keep "
        "unacknowledged writes.",
        rewrite="only when every Connection(...) call is rewritten as well (LM101)",
        matches=(imports("pymongo.connection"),),
        did="pymongo.connection held the Connection class.",
        removed="PyMongo 3.0",
        reference="A1",
    ),
    # ------------------------------------------------------------------ LM9 encoding
    Entry(
        code="LM901",
        name="uuid-representation-default",
        legacy="MongoClient(...) with uuid.UUID values (2.x default: Python legacy, subtype 3)",
        message="The default UUID representation changed from Python legacy (subtype 3) to "
        "unspecified in PyMongo 4: pass uuidRepresentation='pythonLegacy' to MongoClient to "
        "read and write 2.x data unchanged.",
        replacement="MongoClient(..., uuidRepresentation='pythonLegacy')",
        meaning="Without it PyMongo 4 raises ValueError when encoding a uuid.UUID and decodes "
        "subtype 3 and 4 binaries as bson.Binary instead of uuid.UUID. Switching to 'standard' "
        "changes the stored bytes, so queries by UUID stop matching documents written by 2.x.",
        rewrite="only when the code base stores uuid.UUID values written by PyMongo 2.x (then "
        "add uuidRepresentation='pythonLegacy' to every client)",
        matches=(behaviour("client", condition="a client constructed without uuidRepresentation "
                           "in a code base that uses uuid.UUID"),),
        did="Every client, database and collection had uuid_subtype=OLD_UUID_SUBTYPE (3): "
        "uuid.UUID values were written as subtype 3 in Python byte order, and subtypes 3 and 4 "
        "decoded to uuid.UUID.",
        before="client = MongoClient(uri)\nclient.db.c.insert({'u': uuid.uuid4()})",
        after="client = MongoClient(uri, uuidRepresentation='pythonLegacy')\n"
        "client.db.c.insert_one({'u': uuid.uuid4()})",
        removed="PyMongo 4.0 (default changed)",
        reference="O1, C20",
    ),
)


def entry(code: str) -> Entry:
    """The catalogue entry for *code*; KeyError names the unknown code."""
    try:
        return CATALOGUE[code]
    except KeyError:
        raise KeyError("%s is not in legacy_mongo.catalogue" % code) from None


def codes_in_family(family: str):
    prefix = FAMILIES[family]
    return sorted(code for code in CATALOGUE if code.startswith(prefix))


# --- lookups for the linter --------------------------------------------------

def matches_of_kind(kind: str) -> Iterator[Tuple[Entry, Match]]:
    """Every (entry, match) pair whose match has this kind, in code order."""
    if kind not in KINDS:
        raise ValueError("unknown match kind %r" % kind)
    for code in sorted(CATALOGUE):
        found = CATALOGUE[code]
        for match in found.matches:
            if match.kind == kind:
                yield found, match


def _receiver_ok(match: Match, receiver) -> bool:
    if receiver is None or not match.receivers or receiver in match.receivers:
        return True
    return "any" in match.receivers and receiver in ("client", "database", "collection")


def _call_ok(pattern: str, call: str) -> bool:
    """``"collection.find"`` matches exactly; a constructor path by its last part."""
    if pattern == call:
        return True
    head, _, tail = pattern.rpartition(".")
    call_head, _, call_tail = call.rpartition(".")
    if head in RECEIVERS or call_head in RECEIVERS:
        return False
    return tail == call_tail


def method_codes(name: str, receiver=None) -> List[str]:
    """Codes for calling method *name* on a *receiver* kind (None: any receiver)."""
    return [e.code for e, m in matches_of_kind("method")
            if name in m.names and _receiver_ok(m, receiver)]


def attribute_codes(name: str, receiver=None) -> List[str]:
    """Codes for reading or assigning attribute *name* on a *receiver* kind."""
    return [e.code for e, m in matches_of_kind("attribute")
            if name in m.names and _receiver_ok(m, receiver)]


def keyword_codes(call: str, name: str) -> List[str]:
    """Codes for keyword argument *name* passed to *call*.

    *call* is ``"<receiver>.<method>"`` (``"collection.find"``) or a
    constructor/function name (``"MongoClient"``); a dotted module path such as
    ``"pymongo.MongoClient"`` also matches its last component.
    """
    return [e.code for e, m in matches_of_kind("keyword")
            if name in m.names and any(_call_ok(c, call) for c in m.calls)]


def class_codes(name: str) -> List[str]:
    """Codes for a legacy class *name* (``Connection``) used or imported."""
    return [e.code for e, m in matches_of_kind("class") if name in m.names]


def import_codes(module: str, name: str = "") -> List[str]:
    """Codes for importing *module* (or *name* from it, or reading module.name)."""
    out = []
    for found, match in matches_of_kind("import"):
        if module in match.modules or any(module.startswith(m + ".") for m in match.modules):
            if not match.names or name in match.names:
                out.append(found.code)
    for found, match in matches_of_kind("class"):
        if name and name in match.names and module in match.modules:
            out.append(found.code)
    return out


def command_codes(command_name: str) -> List[str]:
    """Codes for running server command *command_name* (case-insensitive)."""
    lowered = command_name.lower()
    return [e.code for e, m in matches_of_kind("command") if lowered in m.names]


def uri_option_codes(option: str) -> List[str]:
    """Codes for a connection-string option (case-insensitive)."""
    lowered = option.lower()
    return [e.code for e, m in matches_of_kind("uri-option") if lowered in m.names]


# --- MIGRATION.md -------------------------------------------------------------

FAMILY_TITLES = {
    "meta": "LM0xx: the linter itself",
    "clients": "LM1xx: clients and their options",
    "requests": "LM2xx: requests",
    "write-concern": "LM3xx: write concern",
    "crud": "LM4xx: CRUD and other collection methods",
    "cursor": "LM5xx: cursor methods",
    "database": "LM6xx: database, admin and removed server commands",
    "find-options": "LM7xx: find() and Cursor() options",
    "imports": "LM8xx: imports and module paths",
    "encoding": "LM9xx: encoding (UUIDs, BSON and JSON defaults)",
}

FAMILY_INTROS = {
    "meta": "Not PyMongo APIs: the linter reports these when it cannot analyse a file, so that a "
    "clean lint run really means every file was read.",
    "clients": "The 2.x client classes and constructor options. Keyword options that PyMongo 4 "
    "does not know raise ConfigurationError at construction; the same options inside a "
    "mongodb:// URI are only warned about and then silently dropped, which is worse. Fix "
    "clients first: their defaults (acknowledgement, requests, UUIDs) decide what every later "
    "call means.",
    "requests": "In 2.x a request pinned one pooled socket to a thread so that a w=0 write was "
    "followed by reads on the same socket. PyMongo 4 has no requests; see "
    "[When is a request still needed?](#when-is-a-request-still-needed).",
    "write-concern": "2.x spelled acknowledgement as safe=True/False and kept the write concern in "
    "a mutable dict. PyMongo 4 write concerns are immutable WriteConcern objects attached with "
    "with_options().",
    "crud": "The 2.x CRUD methods were replaced in PyMongo 3 by methods that return result "
    "objects (insert_one, update_many, ...). The replacements differ in return value and in "
    "errors, so read the meaning notes before rewriting a call whose result is used.",
    "cursor": "Cursor methods removed or changed in meaning.",
    "database": "Database and client administration helpers, and the server commands that "
    "MongoDB itself has removed (the linter also flags them inside db.command(...)).",
    "find-options": "Keyword arguments of find(), find_one() and Cursor() renamed or removed in "
    "PyMongo 3. PyMongo 4 raises TypeError for each of them, except positional arguments, "
    "whose meaning can flip silently.",
    "imports": "Modules and names that no longer exist. Most are pure renames into the bson "
    "package.",
    "encoding": "BSON and JSON defaults that changed under the same names. These change data, not "
    "just code: check them before writing anything with PyMongo 4.",
}

MIGRATION_HEADER = """\
# Migrating from PyMongo 2.x to PyMongo 4 with legacy-mongo

<!-- Generated from legacy_mongo/catalogue.py by
     `python -m legacy_mongo.catalogue --write-migration`. Do not edit by hand:
     edit the catalogue and regenerate (tests/test_catalogue.py checks it). -->

legacy-mongo lets a program written for PyMongo 2.x run unchanged on PyMongo 4 (the *shim*,
`legacy-mongo run`), and finds every legacy use statically (the *linter*, `legacy-mongo lint`).
Both report the same stable codes (`LM101` ...), and every code has a section in this file,
reachable as `MIGRATION.md#lm101`. The path below follows the one SQLAlchemy laid out for 2.0:
first run unchanged, then make every legacy use visible, then fix them family by family until
the shim can be removed.

## Contents

* [The migration path](#the-migration-path)
* [When is a request still needed?](#when-is-a-request-still-needed)
* [Codes by family](#codes-by-family)
"""

MIGRATION_PATH = """\
## The migration path

### Step 0: prerequisites

* The application runs on Python 3.9 or later (PyMongo 4.20 requires it). Python 2 code can
  still be *linted*: the linter parses Python 2 sources too.
* The server is MongoDB 4.2 or later. MongoDB 5.1+ no longer accepts the wire protocol that
  PyMongo 2.x speaks, so staying on the old driver is not an option.
* A test suite, or at least a staging environment that exercises the code.

### Step 1: run unchanged under legacy-mongo

```console
$ pip install legacy-mongo            # installs PyMongo 4 as well
$ legacy-mongo run app.py --its --own --arguments
$ legacy-mongo run -m myservice       # or a module
```

`legacy-mongo run` makes `import pymongo`, `from pymongo import Connection`,
`pymongo.son_manipulator` and the other 2.x module paths resolve to the shim, whose objects
*are* PyMongo 4 objects (modern calls keep working) and which reproduces the 2.8 behaviour of
every legacy call: `insert` returns the `_id`, `Connection` writes are unacknowledged,
`start_request` pins a socket. Nothing in the application changes yet. Run the test suite this
way; it should pass as it did on PyMongo 2.x.

### Step 2: list the legacy uses statically

```console
$ legacy-mongo lint src/
src/app/models.py:41:9: LM401 Collection.insert() is removed in PyMongo 4: use ... See MIGRATION.md#lm401
$ legacy-mongo lint --select LM4 src/       # one family at a time
$ legacy-mongo lint --select LM401 src/     # or one code
```

The linter never imports or runs your code, so it also sees code your tests do not reach.
It reports a finding only when it can tell that the receiver is a PyMongo object (or the call
shape can only be PyMongo), and says how confident it is. Fix `LM001`/`LM002` (files it could
not read) first, so that a clean run means something.

### Step 3: turn on the run-time warnings

```console
$ LEGACY_MONGO_WARNINGS=1 legacy-mongo run -m pytest
```

With `LEGACY_MONGO_WARNINGS` set, every legacy call emits a warning that carries the same
code and message as the linter, attributed to *your* line (not to a frame inside the shim),
once per call site. The warnings find what static analysis cannot: legacy calls on objects
passed through containers, `getattr`, or code built at run time.

### Step 4: find writes that fail silently

```console
$ LEGACY_MONGO_ACKNOWLEDGE=1 legacy-mongo run -m pytest
```

`Connection`, `ReplicaSetConnection`, `safe=False` and `w=0` made 2.x writes
fire-and-forget: a duplicate key or a validation error was simply lost. With
`LEGACY_MONGO_ACKNOWLEDGE=1` the shim acknowledges those writes anyway and reports each one
that *would have failed*, with its code and your line. These are the places where moving to
acknowledged writes (the PyMongo 4 default) will start raising exceptions, and where the
program has been losing data. Decide for each one: keep `w=0` on purpose, or handle the error.

### Step 5: migrate family by family

Work in the order of this file's families: clients (`LM1xx`) and encoding (`LM9xx`) first,
because their defaults change the meaning of everything else; then requests (`LM2xx`) and write
concern (`LM3xx`); then CRUD (`LM4xx`), cursors (`LM5xx`), database helpers (`LM6xx`), find
options (`LM7xx`) and imports (`LM8xx`). For each family:

1. `legacy-mongo lint --select LM4 src/` lists the sites.
2. Each code's section below gives the modern code, what changes in meaning, and whether a
   mechanical rewrite is safe (*always*, *never*, or *only when* a stated condition holds).
3. Once the family is clean, make its warnings errors in the test suite, so it cannot come
   back: `LEGACY_MONGO_WARNINGS=error` turns every legacy warning into an exception, or use
   the standard filters on the code, e.g. `python -W "error:LM4" ...`.

### Step 6: track progress

```console
$ LEGACY_MONGO_REPORT=report.json legacy-mongo run -m pytest
$ legacy-mongo report report.json              # table: code, calls, sites
$ legacy-mongo report report.json --html report.html
```

`LEGACY_MONGO_REPORT=report.json` makes the shim record, for every code, how many legacy
calls ran and from which lines. Run it in staging or in a canary for a representative
period: when a code's count stays at zero, that family is gone from the paths that actually run.

### Step 7: remove the shim

```console
$ LEGACY_MONGO_WARNINGS=error legacy-mongo run -m pytest    # passes: no legacy call ran
$ legacy-mongo lint src/                                     # exit status 0: none is left
$ python -m pytest                                           # now on plain PyMongo 4
```

When the test suite passes with `LEGACY_MONGO_WARNINGS=error` and the linter is clean, stop
using `legacy-mongo run`: `import pymongo` is real PyMongo 4 again and legacy-mongo can be
uninstalled.

## When is a request still needed?

Never for acknowledged writes read back from the primary. In 2.x, `start_request()` (LM201)
and `auto_start_request` (LM204) existed so that a *w=0* write and the read after it used the
same socket, and so that secondary reads stayed on one member. With acknowledged writes (the
PyMongo 4 default) the write has been applied when the call returns, so any following read on
the primary sees it, whatever socket it uses: delete the request.

Only when reads go to **secondaries** and must see the application's own earlier writes (or
be monotonic) is something needed, and that is a causally consistent session:

```python
with client.start_session(causal_consistency=True) as s:
    orders.with_options(write_concern=WriteConcern('majority')).insert_one(order, session=s)
    secondary = orders.with_options(read_preference=ReadPreference.SECONDARY,
                                    read_concern=ReadConcern('majority'))
    secondary.find_one({'_id': order['_id']}, session=s)   # sees the insert
```

Pass `session=s` to every operation that must be ordered; the guarantees are only strict with
majority read and write concern. A w=0 write cannot be used with an explicit session.
"""


def _fence(code: str, language: str = "python") -> str:
    return "```%s\n%s\n```\n" % (language, code.rstrip("\n"))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _verdict(rewrite: str) -> str:
    if rewrite == ALWAYS:
        return "always: a mechanical rewrite keeps the 2.8 behaviour."
    if rewrite == NEVER:
        return "never: rewrite by hand, after reading the differences above."
    return rewrite + "."


def _short_verdict(rewrite: str) -> str:
    return rewrite if rewrite in (ALWAYS, NEVER) else "only when ..."


def _find_uses(found: Entry) -> str:
    ways = []
    if found.lint:
        ways.append("statically with `legacy-mongo lint --select %s`" % found.code)
    if found.runtime:
        ways.append("at run time with `LEGACY_MONGO_WARNINGS=error legacy-mongo run ...`, which "
                    "raises at the first call that emits warning code %s" % found.code)
    if not ways:
        return "Not detectable automatically; search the code by hand."
    return "Find remaining uses " + "; ".join(ways) + "."


def render_entry(found: Entry) -> str:
    parts = ['<a id="%s"></a>\n' % found.anchor,
             "### %s %s\n" % (found.code, found.name),
             "\n",
             "> %s\n" % found.format(),
             "\n"]
    facts = ["**Legacy:** `%s`" % found.legacy]
    if found.removed:
        facts.append("**Removed:** %s" % found.removed)
    if found.reference:
        facts.append("**Reference:** %s" % found.reference)
    parts.append(" · ".join(facts) + "\n\n")
    if found.did:
        parts.append("**What it did in PyMongo 2.8.** %s\n\n" % found.did)
    before = found.before or found.legacy
    after = found.after if found.after else found.replacement
    parts.append("**Before** (PyMongo 2.x):\n\n" + _fence(before) + "\n")
    parts.append("**After** (PyMongo 4):\n\n" + _fence(after) + "\n")
    parts.append("**Modern code:** `%s`\n\n" % found.replacement)
    parts.append("**What changes in meaning.** %s\n\n" % found.meaning)
    parts.append("**Safe to rewrite mechanically:** %s\n\n" % _verdict(found.rewrite))
    parts.append(_find_uses(found) + "\n")
    return "".join(parts)


def render_migration() -> str:
    """The full text of MIGRATION.md, deterministic for a given catalogue."""
    out = [MIGRATION_HEADER, "\n", MIGRATION_PATH, "\n", "## Codes by family\n\n"]
    for family in FAMILIES:
        codes = codes_in_family(family)
        if not codes:
            continue
        out.append("* [%s](#%s)\n" % (FAMILY_TITLES[family], "family-" + family))
    out.append("\n")
    for family in FAMILIES:
        codes = codes_in_family(family)
        if not codes:
            continue
        out.append('<a id="family-%s"></a>\n' % family)
        out.append("## %s\n\n%s\n\n" % (FAMILY_TITLES[family], FAMILY_INTROS[family]))
        out.append("| Code | Legacy | Rewrite |\n|---|---|---|\n")
        for code in codes:
            found = CATALOGUE[code]
            out.append("| [%s](#%s) | `%s` | %s |\n" % (
                code, found.anchor, _cell(found.legacy), _short_verdict(found.rewrite)))
        out.append("\n")
        for code in codes:
            out.append(render_entry(CATALOGUE[code]))
            out.append("\n")
    return "".join(out).rstrip("\n") + "\n"


def migration_path() -> str:
    """Where MIGRATION.md lives: the repository root, next to the package."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "MIGRATION.md")


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    path = migration_path()
    if argv == ["--write-migration"]:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(render_migration())
        sys.stdout.write("wrote %s (%d codes)\n" % (path, len(CATALOGUE)))
        return 0
    if argv == ["--check-migration"]:
        try:
            with open(path, encoding="utf-8") as handle:
                current = handle.read()
        except OSError:
            current = None
        if current != render_migration():
            sys.stderr.write("%s is stale: run python -m legacy_mongo.catalogue "
                             "--write-migration\n" % path)
            return 1
        return 0
    if argv == ["--list"]:
        for code in sorted(CATALOGUE):
            sys.stdout.write("%s %s\n" % (code, CATALOGUE[code].name))
        return 0
    sys.stderr.write("usage: python -m legacy_mongo.catalogue "
                     "[--write-migration | --check-migration | --list]\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
