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

``usage`` (attribute matches only): ``""`` reads and assignments are both
legacy, ``"store"`` only assignments are (``coll.read_preference = ...``),
``"read"`` only reads.

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

    python tools/gen_migration.py            # rewrite MIGRATION.md
    python tools/gen_migration.py --check    # exit 1 if MIGRATION.md is stale

(``python -m legacy_mongo.catalogue --write-migration`` / ``--check-migration``
do the same.)
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

# Where each code's page is published (the docs site built from this module by
# tools/gen_docs.py, `make docs`): DOCS_URL + "codes/lm401.html".  The same base
# is the Documentation Project-URL in setup.cfg (tests/test_packaging.py).
DOCS_URL = "https://legacy-mongo.readthedocs.io/en/latest/"


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
    usage: str = ""           # attribute kind: "" (read or assignment), "store" or "read"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError("unknown match kind %r" % self.kind)
        for receiver in self.receivers:
            if receiver not in RECEIVERS:
                raise ValueError("unknown receiver %r" % receiver)
        if self.usage not in ("", "store", "read"):
            raise ValueError("unknown attribute usage %r" % self.usage)
        if self.usage and self.kind != "attribute":
            raise ValueError("usage applies to attribute matches only")
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
    # `legacy-mongo lint --fix`: "safe", "unsafe" (--unsafe-fixes) or "" (no fix), and
    # for unsafe fixes the meaning change the fix message announces, for "" why not.
    autofix: str = ""
    autofix_note: str = ""

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
    def url(self) -> str:
        """The absolute address of this code's documentation page."""
        return "%scodes/%s.html" % (DOCS_URL, self.anchor)

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
        """The message every consumer shows: code, text, link.  The link is the
        code's page on the docs site; its last part is the anchor (``lm401``)
        of the code's section in MIGRATION.md, which ships in the package."""
        return "%s %s See %s" % (self.code, self.message, self.url)


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


def attribute(receivers, *names, condition="", rename="", usage=""):
    return Match("attribute", names=names, receivers=_t(receivers), condition=condition,
                 rename=rename, usage=usage)


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
        message="Legacy MongoClient constructor options are removed in PyMongo 3/4: use "
        "maxPoolSize= for max_pool_size=, connect= for _connect=, keywords for every argument "
        "after port, and for any other 2.x option the replacement its own LM1xx code names.",
        replacement="MongoClient(host, port, maxPoolSize=100, connect=True, document_class=dict, tz_aware=False)",
        meaning="A 3rd positional argument was max_pool_size and is now document_class (TypeError); "
        "for MongoReplicaSetClient/ReplicaSetConnection the 2nd was max_pool_size and is now port. "
        "The constructor no longer connects, blocks or raises ConnectionFailure (LM130). Legacy "
        "keywords raise ConfigurationError ('Unknown option') on 4.x; inside a URI they are "
        "dropped with only a UserWarning. The shim reports this code for any 2.x-only "
        "constructor option that has no more specific code.",
        rewrite="only when the positional arguments can be turned into keywords using the 2.8 "
        "order (host, port, max_pool_size, document_class, tz_aware, _connect)",
        matches=(
            keyword(CLIENTS, "max_pool_size", rename="maxPoolSize"),
            keyword(CLIENTS, "_connect", rename="connect"),
            positional(("MongoClient", "pymongo.MongoClient", "MongoReplicaSetClient",
                        "pymongo.MongoReplicaSetClient", "Connection", "pymongo.Connection",
                        "ReplicaSetConnection", "pymongo.ReplicaSetConnection"), 2,
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
    Entry(
        code="LM110",
        name="read_preference-int",
        legacy="MongoClient(read_preference=2); ReadPreference.SECONDARY == 2",
        message="Integer read preferences (2.x ReadPreference.X were ints 0-4) are removed in "
        "PyMongo 3: use the ReadPreference.<NAME> objects or readPreference='<mode name>'.",
        replacement="MongoClient(..., readPreference='secondary')",
        meaning="A literal int raises TypeError ('2 is not a read preference'); comparing a mode "
        "with an int is always False; ReadPreference.PRIMARY was 0 (falsy) and is now a truthy "
        "object, which breaks if not x.read_preference: idioms.",
        rewrite="only when the value is spelled ReadPreference.<NAME> (a literal int must be "
        "mapped: 0 primary, 1 primaryPreferred, 2 secondary, 3 secondaryPreferred, 4 nearest)",
        matches=(keyword(CLIENTS + ("database.command",), "read_preference",
                         condition="the value is an int literal or compared with an int"),
                 attribute(SETTINGS, "read_preference", condition="compared with an int",
                           usage="read")),
        did="Read preferences were plain ints: PRIMARY=0, PRIMARY_PREFERRED=1, SECONDARY=2, "
        "SECONDARY_PREFERRED=3, NEAREST=4.",
        before="client = MongoClient(read_preference=3)\n"
        "if not coll.read_preference:\n    print('primary')",
        after="client = MongoClient(readPreference='secondaryPreferred')\n"
        "if coll.read_preference == ReadPreference.PRIMARY:\n    print('primary')",
        removed="PyMongo 3.0",
        reference="C3",
    ),
    Entry(
        code="LM111",
        name="tag_sets",
        legacy="MongoClient(tag_sets=[{'dc': 'ny'}]); x.tag_sets",
        message="The tag_sets option and attribute are removed in PyMongo 3: put the tags in the "
        "read preference object, read_preference=Secondary(tag_sets=[...]) (or "
        "readPreferenceTags in the URI).",
        replacement="MongoClient(..., read_preference=Secondary(tag_sets=[{'dc': 'ny'}]))",
        meaning="The mode comes from the accompanying read preference (Primary takes no tags). "
        "As a keyword tag_sets raises ConfigurationError; assigning the attribute is silently "
        "ignored; read it as x.read_preference.tag_sets.",
        rewrite="only when the read preference mode is known statically",
        matches=(keyword(CLIENTS, "tag_sets"), attribute(SETTINGS, "tag_sets")),
        did="tag_sets restricted non-primary reads to members whose tags matched one of the sets.",
        before="client = MongoClient(uri, read_preference=ReadPreference.SECONDARY,\n"
        "                     tag_sets=[{'dc': 'ny'}, {}])",
        after="client = MongoClient(uri, read_preference=Secondary(tag_sets=[{'dc': 'ny'}, {}]))",
        removed="PyMongo 3.0 (deprecated in 2.9)",
        reference="C4, F4",
    ),
    Entry(
        code="LM112",
        name="secondary_acceptable_latency_ms",
        legacy="MongoClient(secondary_acceptable_latency_ms=20)",
        message="The secondary_acceptable_latency_ms option (secondaryAcceptableLatencyMS in a "
        "URI) and attribute are removed in PyMongo 3: use localThresholdMS on the client.",
        replacement="MongoClient(..., localThresholdMS=20)",
        meaning="Same default (15 ms) and meaning for replica-set members; in 4.x it also selects "
        "among mongoses. It is client-wide only: there is no per-database or per-collection "
        "setting. In a URI the old name is silently dropped.",
        rewrite="only when it is a client keyword or URI option",
        matches=(keyword(CLIENTS, "secondary_acceptable_latency_ms",
                         "secondaryAcceptableLatencyMS", rename="localThresholdMS"),
                 uri("secondaryAcceptableLatencyMS"),
                 attribute(SETTINGS, "secondary_acceptable_latency_ms")),
        did="Members whose ping time was within this many milliseconds of the nearest were "
        "eligible for reads.",
        before="client = MongoClient(uri, secondary_acceptable_latency_ms=30)",
        after="client = MongoClient(uri, localThresholdMS=30)",
        removed="PyMongo 3.0 (deprecated in 2.9)",
        reference="C5, F5",
    ),
    Entry(
        code="LM113",
        name="socketKeepAlive",
        legacy="MongoClient(socketKeepAlive=True)",
        message="The socketKeepAlive option is removed in PyMongo 4: drop it (TCP keepalive is "
        "always on).",
        replacement="MongoClient(...)",
        meaning="None: keepalive is always enabled.",
        rewrite=ALWAYS,
        matches=(keyword(CLIENTS, "socketKeepAlive"), uri("socketKeepAlive")),
        did="socketKeepAlive=True enabled TCP keepalive on pooled sockets.",
        before="client = MongoClient(uri, socketKeepAlive=True)",
        after="client = MongoClient(uri)",
        removed="PyMongo 4.0 (deprecated in 3.5)",
        reference="C13",
    ),
    Entry(
        code="LM114",
        name="ssl_keyfile-ssl_certfile",
        legacy="MongoClient(ssl=True, ssl_certfile='c.pem', ssl_keyfile='k.pem')",
        message="The ssl_certfile= and ssl_keyfile= options are removed in PyMongo 4: concatenate "
        "certificate and key into one PEM file and pass tlsCertificateKeyFile=.",
        replacement="MongoClient(..., tls=True, tlsCertificateKeyFile='client.pem')",
        meaning="Same client certificate; the two files must be merged into one.",
        rewrite="only when certificate and key are already in one file",
        matches=(keyword(CLIENTS, "ssl_certfile", "ssl_keyfile"),
                 uri("ssl_certfile", "ssl_keyfile")),
        did="ssl_certfile and ssl_keyfile named the client certificate and its private key.",
        before="client = MongoClient(uri, ssl=True, ssl_certfile='c.pem', ssl_keyfile='k.pem')",
        after="# cat c.pem k.pem > client.pem\n"
        "client = MongoClient(uri, tls=True, tlsCertificateKeyFile='client.pem')",
        removed="PyMongo 4.0 (deprecated in 3.9/3.12)",
        reference="C15",
    ),
    Entry(
        code="LM115",
        name="ssl_ca_certs",
        legacy="MongoClient(ssl=True, ssl_ca_certs='ca.pem')",
        message="The ssl_ca_certs= option is removed in PyMongo 4: use tlsCAFile=.",
        replacement="MongoClient(..., tls=True, tlsCAFile='ca.pem')",
        meaning="A rename, but in 2.8 a CA file alone did not turn verification on (only "
        "ssl_cert_reqs=CERT_REQUIRED did); tlsCAFile verifies the certificate and the host name. "
        "legacy-mongo verifies when ssl_ca_certs is given, as PyMongo 4 does.",
        rewrite=ALWAYS,
        matches=(keyword(CLIENTS, "ssl_ca_certs", rename="tlsCAFile"), uri("ssl_ca_certs")),
        did="ssl_ca_certs named the CA bundle used to verify the server when ssl_cert_reqs "
        "asked for verification.",
        before="client = MongoClient(uri, ssl=True, ssl_ca_certs='/etc/ssl/ca.pem')",
        after="client = MongoClient(uri, tls=True, tlsCAFile='/etc/ssl/ca.pem')",
        removed="PyMongo 4.0 (deprecated in 3.9)",
        reference="C16",
    ),
    Entry(
        code="LM116",
        name="ssl_cert_reqs",
        legacy="MongoClient(ssl=True, ssl_cert_reqs=ssl.CERT_NONE)",
        message="The ssl_cert_reqs= option is removed in PyMongo 4: use "
        "tlsAllowInvalidCertificates=True for CERT_NONE and omit it for CERT_REQUIRED.",
        replacement="MongoClient(..., tls=True, tlsAllowInvalidCertificates=True)",
        meaning="The default flipped: with ssl=True and no ssl_cert_reqs, 2.8 did not verify the "
        "server certificate; PyMongo 3+ verifies the certificate and the hostname, so legacy "
        "TLS against self-signed servers fails until tlsCAFile is given. CERT_OPTIONAL has no "
        "exact equivalent. legacy-mongo keeps 2.8's unverified connection for ssl=True without "
        "a CA file (and for CERT_NONE) and says \"certificate verification is disabled\" on a "
        "CertificateVerificationWarning (a UserWarning, shown by default) and on the "
        "legacy_mongo logger.",
        rewrite="only when the value is CERT_NONE or CERT_REQUIRED",
        matches=(keyword(CLIENTS, "ssl_cert_reqs"), uri("ssl_cert_reqs"),
                 keyword(CLIENTS, "ssl", condition="ssl=True without ssl_cert_reqs: "
                         "verification is now on")),
        did="ssl_cert_reqs chose whether the server certificate was verified; the default "
        "was CERT_NONE.",
        before="client = MongoClient(uri, ssl=True, ssl_cert_reqs=ssl.CERT_NONE)",
        after="client = MongoClient(uri, tls=True, tlsAllowInvalidCertificates=True)",
        removed="PyMongo 4.0 (deprecated in 3.9); verification default changed in 3.0",
        reference="C17, R10",
    ),
    Entry(
        code="LM117",
        name="gssapiServiceName",
        legacy="MongoClient(authMechanism='GSSAPI', gssapiServiceName='mongo')",
        message="The gssapiServiceName option is removed in PyMongo 3: use "
        "authMechanismProperties='SERVICE_NAME:<name>'.",
        replacement="MongoClient(..., authMechanismProperties='SERVICE_NAME:mongo')",
        meaning="Same Kerberos service name.",
        rewrite=ALWAYS,
        matches=(keyword(CLIENTS, "gssapiServiceName"), uri("gssapiServiceName")),
        did="gssapiServiceName set the Kerberos service name for GSSAPI authentication.",
        before="client = MongoClient(uri, authMechanism='GSSAPI', gssapiServiceName='mdb')",
        after="client = MongoClient(uri, authMechanism='GSSAPI',\n"
        "                     authMechanismProperties='SERVICE_NAME:mdb')",
        removed="PyMongo 3.0",
        reference="C19",
    ),
    Entry(
        code="LM118",
        name="MONGODB-CR",
        legacy="authMechanism='MONGODB-CR'",
        message="The MONGODB-CR authentication mechanism is removed in PyMongo 4.11 and MongoDB "
        "4.0: upgrade the users on the server and use SCRAM-SHA-256, SCRAM-SHA-1 or the "
        "default mechanism.",
        replacement="MongoClient(..., authMechanism='SCRAM-SHA-256')",
        meaning="Authentication fails until the server-side users have SCRAM credentials "
        "(MongoDB 4.0+ cannot store MONGODB-CR credentials).",
        rewrite=NEVER,
        matches=(keyword(CLIENTS + ("database.authenticate",), "authMechanism", "mechanism",
                         condition="the value is 'MONGODB-CR'"),
                 uri("authMechanism", condition="the value is MONGODB-CR")),
        did="MONGODB-CR was the challenge-response mechanism of MongoDB 2.x.",
        before="client = MongoClient(uri, authMechanism='MONGODB-CR')",
        after="client = MongoClient(uri)   # negotiates SCRAM",
        removed="PyMongo 4.11; server MONGODB-CR removed in 4.0",
        reference="C21",
    ),
    Entry(
        code="LM119",
        name="standalone-host-list",
        legacy="MongoClient(['h1:27017', 'h2:27017'])",
        message="A list of unrelated standalone hosts meaning 'the first one that answers' is "
        "no longer supported since PyMongo 3: pass one host, the members of one replica set, or "
        "a list of mongoses.",
        replacement="MongoClient('h1:27017')",
        meaning="A seed list is now one deployment: replica-set members are discovered, and a "
        "list of mongoses is load-balanced (2.8 stuck to one until it failed). Unrelated "
        "standalones raise or mix data.",
        rewrite=NEVER,
        matches=(behaviour("client", condition="a MongoClient/Connection whose host is a list "
                           "or comma-separated string, without replicaSet="),),
        did="2.8 tried each host in turn and used the first that answered.",
        before="client = MongoClient(['a:27017', 'b:27017'])",
        after="client = MongoClient('mongodb://a:27017,b:27017/?replicaSet=rs0')",
        removed="PyMongo 3.0",
        reference="C22",
    ),
    Entry(
        code="LM120",
        name="uri-escaping",
        legacy="MongoClient('mongodb://user:p%ss@host')",
        message="Unescaped characters in URI credentials and several URIs in one host argument "
        "are refused since PyMongo 4 (InvalidURI / ConfigurationError): percent-encode user and "
        "password with urllib.parse.quote_plus, or pass username= and password=.",
        replacement="MongoClient(host, username=user, password=password)",
        meaning="Same credentials; only the spelling of the URI changes.",
        rewrite="only when the credentials are literals that can be quoted",
        matches=(behaviour("client", condition="a mongodb:// literal with '%' not followed by two "
                           "hex digits, or '@'/':' in the password, or a list of URIs"),),
        did="2.8 accepted raw '%' in credentials and a list of URIs as host.",
        before="client = MongoClient('mongodb://app:50%off@db')",
        after="client = MongoClient('db', username='app', password='50%off')",
        removed="PyMongo 4.0",
        reference="C23",
    ),
    Entry(
        code="LM121",
        name="document_class-attribute",
        legacy="client.document_class = SON; client.get_document_class(); set_document_class(SON)",
        message="The document_class attribute, get_document_class() and set_document_class() are "
        "removed in PyMongo 3: read client.codec_options.document_class and configure "
        "MongoClient(document_class=SON) or with_options(codec_options=...).",
        replacement="client.codec_options.document_class",
        meaning="Assigning client.document_class is silently ignored on 4.x (it only creates an "
        "attribute), and reading it returns a Database named 'document_class'. Objects are "
        "immutable: configure the class at construction or rebind with with_options.",
        rewrite="only when the attribute is read (an assignment must become a constructor "
        "keyword or a rebinding)",
        matches=(attribute(SETTINGS, "document_class"),
                 method("client", "get_document_class", "set_document_class")),
        did="document_class was a mutable client attribute naming the class decoded documents "
        "were built with (before 2.9 changing it also affected existing collections).",
        before="client.document_class = SON\ncls = client.get_document_class()",
        after="client = MongoClient(uri, document_class=SON)\n"
        "cls = client.codec_options.document_class",
        removed="PyMongo 3.0 (deprecated in 2.9)",
        reference="D12",
    ),
    Entry(
        code="LM122",
        name="tz_aware-attribute",
        legacy="client.tz_aware",
        message="The tz_aware client attribute is removed in PyMongo 3: read "
        "client.codec_options.tz_aware.",
        replacement="client.codec_options.tz_aware",
        meaning="Same value; on 4.x client.tz_aware is a Database, which raises when "
        "truth-tested.",
        rewrite=ALWAYS,
        matches=(attribute(SETTINGS, "tz_aware", rename="codec_options.tz_aware"),),
        did="tz_aware told whether decoded datetimes were timezone-aware (UTC).",
        before="if client.tz_aware: ...",
        after="if client.codec_options.tz_aware: ...",
        removed="PyMongo 3.0 (deprecated in 2.9)",
        reference="D13",
    ),
    Entry(
        code="LM123",
        name="host-port",
        legacy="client.host, client.port",
        message="The client host and port attributes are removed in PyMongo 3: use "
        "host, port = client.address or (None, None), or client.nodes with several mongoses.",
        replacement="host, port = client.address or (None, None)",
        meaning="client.address blocks until a server is selected and raises InvalidOperation "
        "with several mongoses; on 4.x client.host is a Database named 'host'.",
        rewrite=ALWAYS,
        matches=(attribute("client", "host", "port"),),
        did="host and port were the connected server's address (None when not connected).",
        before="print('%s:%d' % (client.host, client.port))",
        after="host, port = client.address or (None, None)\nprint('%s:%d' % (host, port))",
        removed="PyMongo 3.0 (deprecated in 2.9)",
        reference="D14",
    ),
    Entry(
        code="LM124",
        name="max_pool_size-attribute",
        legacy="client.max_pool_size",
        message="The max_pool_size client attribute is removed in PyMongo 4: read "
        "client.options.pool_options.max_pool_size.",
        replacement="client.options.pool_options.max_pool_size",
        meaning="Same value; on 4.x client.max_pool_size is a Database.",
        rewrite=ALWAYS,
        matches=(attribute("client", "max_pool_size",
                           rename="options.pool_options.max_pool_size"),),
        did="max_pool_size was the pool's socket cap (None: unbounded for Connection).",
        before="n = client.max_pool_size",
        after="n = client.options.pool_options.max_pool_size",
        removed="PyMongo 4.0 (deprecated in 3.13)",
        reference="D15",
    ),
    Entry(
        code="LM125",
        name="server-limits",
        legacy="client.max_bson_size, max_message_size, max_write_batch_size, "
        "min_wire_version, max_wire_version",
        message="The client attributes max_bson_size, max_message_size, max_write_batch_size, "
        "min_wire_version and max_wire_version are removed in PyMongo 3/4: read them from "
        "client.admin.command('hello').",
        replacement="client.admin.command('hello')['maxBsonObjectSize']",
        meaning="The values come from the server's hello reply (maxBsonObjectSize, "
        "maxMessageSizeBytes, maxWriteBatchSize, minWireVersion, maxWireVersion), which is a "
        "round trip; use 'isMaster' on servers older than 4.4.",
        rewrite=ALWAYS,
        matches=(attribute("client", "max_bson_size", "max_message_size",
                           "max_write_batch_size", "min_wire_version", "max_wire_version"),),
        did="These attributes exposed the connected server's limits from its isMaster reply.",
        before="limit = client.max_bson_size",
        after="limit = client.admin.command('hello')['maxBsonObjectSize']",
        removed="PyMongo 3.0 (wire versions) / 4.0 (sizes)",
        reference="D17, D18",
    ),
    Entry(
        code="LM126",
        name="seeds-hosts-refresh",
        legacy="rs_client.seeds, rs_client.hosts, rs_client.refresh()",
        message="MongoReplicaSetClient.seeds, .hosts and refresh() are removed in PyMongo 3: use "
        "client.nodes for the known members; monitoring runs in the background.",
        replacement="client.nodes",
        meaning="nodes is the set of (host, port) currently known; there is no synchronous "
        "rediscovery.",
        rewrite="only when the code reads hosts (delete refresh() calls; seeds is the URI you "
        "passed)",
        matches=(attribute("client", "seeds", "hosts"), method("client", "refresh")),
        did="seeds were the hosts given, hosts the members discovered, and refresh() re-ran "
        "discovery synchronously.",
        before="members = rs_client.hosts\nrs_client.refresh()",
        after="members = client.nodes",
        removed="PyMongo 3.0",
        reference="D19",
    ),
    Entry(
        code="LM127",
        name="close_cursor-kill_cursors",
        legacy="client.close_cursor(cursor_id); client.kill_cursors(ids)",
        message="MongoClient.close_cursor() and kill_cursors() are removed in PyMongo 4: call "
        "cursor.close() on the cursor object, or "
        "db.command('killCursors', coll_name, cursors=ids) with a raw id.",
        replacement="cursor.close()",
        meaning="killCursors needs the collection name, which 2.8 did not ask for.",
        rewrite="only when the Cursor object is in reach",
        matches=(method("client", "close_cursor", "kill_cursors"),),
        did="close_cursor/kill_cursors sent OP_KILL_CURSORS for raw cursor ids.",
        before="client.close_cursor(cur.cursor_id)",
        after="cur.close()",
        removed="PyMongo 4.0 (deprecated in 3.3/3.7)",
        reference="D9, D10",
    ),
    Entry(
        code="LM128",
        name="set_cursor_manager",
        legacy="client.set_cursor_manager(manager_class)",
        message="MongoClient.set_cursor_manager() and cursor managers are removed in PyMongo 4: "
        "delete the call; cursor cleanup is internal.",
        replacement="(delete the call)",
        meaning="Dead cursors are killed by the driver in the background; custom batching of "
        "kills is not possible any more.",
        rewrite=ALWAYS,
        matches=(method("client", "set_cursor_manager"),),
        did="set_cursor_manager installed a class that decided when dead cursors were killed.",
        before="client.set_cursor_manager(BatchCursorManager)",
        after="",
        removed="PyMongo 4.0 (deprecated in 3.3)",
        reference="D11, A13",
    ),
    Entry(
        code="LM129",
        name="close-is-final",
        legacy="client.close(); with client: ...; then client used again",
        message="MongoClient.close() (and leaving with client:) is final since PyMongo 4: create "
        "a new client instead of reusing a closed one.",
        replacement="client = MongoClient(...)  # a new client after close()",
        meaning="In 2.8 close() (like disconnect()) only dropped the sockets and the next "
        "operation reconnected; PyMongo 4 raises InvalidOperation on any use after close().",
        rewrite=NEVER,
        matches=(behaviour("client", "close", "__exit__",
                           condition="the client is used after close() or after its with block"),),
        did="close() and the with-block exit disconnected; the client stayed usable.",
        before="with MongoClient() as client:\n    pass\nclient.db.c.find_one()   # reconnected in 2.x",
        after="client = MongoClient()\ntry:\n    client.db.c.find_one()\nfinally:\n    client.close()",
        removed="PyMongo 4.0 (behaviour change)",
        reference="D2, R3, X10",
        lint=False,
    ),
    Entry(
        code="LM130",
        name="constructor-raises",
        legacy="try: MongoClient(...) except ConnectionFailure: ...",
        message="The MongoClient constructor no longer connects or raises ConnectionFailure "
        "since PyMongo 3: wrap the first operation, e.g. client.admin.command('ping'), in the try.",
        replacement="client = MongoClient(...); client.admin.command('ping')",
        meaning="An unreachable server surfaces as ServerSelectionTimeoutError (an AutoReconnect "
        "and ConnectionFailure subclass) on the first operation after serverSelectionTimeoutMS "
        "(30 s); bad credentials as OperationFailure on first use.",
        rewrite="only when the try block can be extended to the first operation",
        matches=(behaviour("client", condition="a client constructor inside try: with an except "
                           "ConnectionFailure/AutoReconnect/ConfigurationError handler"),),
        did="The constructor connected (and authenticated URI credentials) and raised "
        "ConnectionFailure or ConfigurationError at once.",
        before="try:\n    client = MongoClient(uri)\nexcept ConnectionFailure:\n    sys.exit('no db')",
        after="client = MongoClient(uri)\ntry:\n    client.admin.command('ping')\n"
        "except ConnectionFailure:\n    sys.exit('no db')",
        removed="PyMongo 3.0 (behaviour change)",
        reference="N4, R1",
    ),
    Entry(
        code="LM131",
        name="directConnection-default",
        legacy="MongoClient('secondary-host:27017')",
        message="A single host without replicaSet= no longer means a direct connection since "
        "PyMongo 4: pass directConnection=True to talk to that member only.",
        replacement="MongoClient('secondary-host:27017', directConnection=True)",
        meaning="PyMongo 4 discovers the whole replica set from one seed and sends writes to the "
        "primary; with directConnection=True it talks to the named member only (and a write to a "
        "secondary fails with NotPrimaryError).",
        rewrite="only when the code means to talk to that one member",
        matches=(behaviour("client", condition="a single host and no replicaSet= or "
                           "directConnection="),),
        did="A single seed without replicaSet connected directly to that host, whatever its role.",
        before="client = MongoClient('db2:27017', slave_okay=True)",
        after="client = MongoClient('db2:27017', directConnection=True,\n"
        "                     readPreference='secondaryPreferred')",
        removed="PyMongo 4.0 (behaviour change)",
        reference="R2",
        lint=False,
    ),
    Entry(
        code="LM132",
        name="uri-precedence",
        legacy="MongoClient('mongodb://h/?w=2', w=3)",
        message="A URI option no longer overrides the same keyword option since PyMongo 3: "
        "remove the conflict, keeping the value that 2.8 used (the URI's).",
        replacement="MongoClient('mongodb://h/?w=2')",
        meaning="In 2.8 the URI won (w=2 above); in 4.x the keyword wins (w=3).",
        rewrite="only when both values are literals",
        matches=(behaviour("client", condition="the same option in a URI literal and as a "
                           "keyword with different values"),),
        did="URI options were applied after keyword options and won.",
        before="client = MongoClient('mongodb://h/?w=2', w=3)   # w=2 in 2.8",
        after="client = MongoClient('mongodb://h/', w=2)",
        removed="PyMongo 3.0 (behaviour change)",
        reference="R9",
    ),
    Entry(
        code="LM133",
        name="read_preference-assignment",
        legacy="x.read_preference = ReadPreference.SECONDARY",
        message="Assigning read_preference on a client, database or collection is removed in "
        "PyMongo 3 (read-only): rebind with x = x.with_options(read_preference=...).",
        replacement="x = x.with_options(read_preference=ReadPreference.SECONDARY)",
        meaning="The assignment raises AttributeError on 4.x. Rebinding creates a new object: "
        "other references keep the old read preference.",
        rewrite="only when every later use goes through the rebound name",
        matches=(attribute(SETTINGS, "read_preference", condition="assigned", usage="store"),),
        did="read_preference was a mutable attribute on every BaseObject.",
        before="coll.read_preference = ReadPreference.SECONDARY_PREFERRED",
        after="coll = coll.with_options(read_preference=ReadPreference.SECONDARY_PREFERRED)",
        removed="PyMongo 3.0",
        reference="F3, R13",
    ),
    Entry(
        code="LM134",
        name="retryable-writes-default",
        legacy="for attempt in range(3): try: coll.insert(doc) except AutoReconnect: ...",
        message="Retryable reads and writes are on by default since PyMongo 3.9: remove "
        "hand-written retry loops around single operations, or pass retryWrites=False "
        "(retryReads=False) to keep the 2.x behaviour of failing on the first network error.",
        replacement="MongoClient(..., retryWrites=False, retryReads=False)",
        meaning="PyMongo 4 retries one read or write once after a network error or failover, so "
        "an application retry loop now retries one extra time; update_many/delete_many and w=0 "
        "writes are not retried. NotPrimaryError still subclasses AutoReconnect, so existing "
        "handlers keep catching it.",
        rewrite=NEVER,
        matches=(behaviour("client", condition="a loop that repeats a PyMongo operation in "
                           "except AutoReconnect/ConnectionFailure"),),
        did="2.8 never retried: the first network error or failover raised AutoReconnect.",
        before="for attempt in range(3):\n    try:\n        coll.insert(doc)\n        break\n"
        "    except AutoReconnect:\n        time.sleep(1)",
        after="coll.insert_one(doc)   # retried once by the driver",
        removed="PyMongo 3.9 (behaviour change)",
        reference="R7, N6",
        lint=False,
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
        after="client = MongoClient(w=0)\ndb = db.with_options(write_concern=WriteConcern(w=1))",
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
    Entry(
        code="LM307",
        name="write-concern-keywords-on-write",
        legacy="coll.insert(doc, w=2, wtimeout=1000, j=True, fsync=True)",
        message="Write-concern keywords (w=, wtimeout=, j=, fsync=) on a single write call are "
        "removed in PyMongo 4: use coll.with_options(write_concern=WriteConcern(w=..., "
        "wtimeout=..., j=...)).insert_one(...).",
        replacement="coll.with_options(write_concern=WriteConcern(w=2, wtimeout=1000, j=True)).insert_one(doc)",
        meaning="The per-call options replaced the collection's write concern in 2.8, and "
        "with_options replaces it wholesale too, so the translation is faithful. Any of w>=1, "
        "j, fsync or wtimeout implied an acknowledged write unless w=0. Hoist with_options out "
        "of loops: each call allocates a Collection.",
        rewrite=ALWAYS,
        matches=(keyword(WRITES + ("collection.find_and_modify",), "w", "wtimeout", "j", "fsync"),),
        did="The keywords formed the getLastError options for this write only.",
        before="coll.update({'_id': 1}, {'$set': {'a': 1}}, w='majority', wtimeout=5000)",
        after="majority = coll.with_options(write_concern=WriteConcern(w='majority', wtimeout=5000))\n"
        "majority.update_one({'_id': 1}, {'$set': {'a': 1}})",
        removed="PyMongo 4.0 (with the legacy write methods)",
        reference="H6",
    ),
    Entry(
        code="LM308",
        name="wtimeout-option",
        legacy="MongoClient(wtimeout=1000); ?wtimeout=1000",
        message="The wtimeout client option is removed in PyMongo 4: use wTimeoutMS= (or "
        "WriteConcern(wtimeout=...) per object, or pymongo.timeout()).",
        replacement="MongoClient(..., wTimeoutMS=1000)",
        meaning="Same write-concern timeout. As a keyword wtimeout raises ConfigurationError; in "
        "a URI it is silently dropped, so writes wait for replication without limit. "
        "wTimeoutMS is itself deprecated since 4.7 in favour of timeoutMS / pymongo.timeout().",
        rewrite=ALWAYS,
        matches=(keyword(CLIENTS, "wtimeout", rename="wTimeoutMS"), uri("wtimeout")),
        did="wtimeout bounded, in milliseconds, how long an acknowledged write waited for "
        "replication.",
        before="client = MongoClient('mongodb://h/?w=2&wtimeout=1000')",
        after="client = MongoClient('mongodb://h/?w=2&wTimeoutMS=1000')",
        removed="PyMongo 4.0 (deprecated in 3.9)",
        reference="C11",
    ),
    Entry(
        code="LM309",
        name="j-option",
        legacy="MongoClient(j=True); ?j=true",
        message="The j client option is removed in PyMongo 4: use journal=True (or "
        "WriteConcern(j=True) per object).",
        replacement="MongoClient(..., journal=True)",
        meaning="Same journal acknowledgement. As a keyword j raises ConfigurationError; in a "
        "URI it is silently dropped, which loses durability without any error.",
        rewrite=ALWAYS,
        matches=(keyword(CLIENTS, "j", rename="journal"), uri("j")),
        did="j=True made acknowledged writes wait for the journal.",
        before="client = MongoClient('mongodb://h/?j=true')",
        after="client = MongoClient('mongodb://h/?journal=true')",
        removed="PyMongo 4.0 (deprecated in 3.9)",
        reference="C12",
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
    Entry(
        code="LM409",
        name="reindex",
        legacy="coll.reindex()",
        message="Collection.reindex() is removed in PyMongo 4: usually delete the call; if a "
        "rebuild is really needed on a standalone server, run "
        "db.command('reIndex', coll.name).",
        replacement="db.command('reIndex', coll.name)",
        meaning="reIndex is allowed only on standalone servers from MongoDB 5.0, deprecated in "
        "6.0 and unavailable on Atlas; WiredTiger rarely needs it.",
        rewrite="only when the server is a standalone that still supports reIndex",
        matches=(method("collection", "reindex",
                        condition="no arguments; not pandas DataFrame.reindex"),),
        did="reindex() rebuilt every index of the collection with the reIndex command.",
        before="coll.reindex()",
        after="# nothing: remove the call (or db.command('reIndex', coll.name) on a standalone)",
        removed="PyMongo 4.0 (deprecated in 3.11); server reIndex deprecated in 6.0",
        reference="K4",
    ),
    Entry(
        code="LM410",
        name="group",
        legacy="coll.group(key, condition, initial, reduce, finalize=None)",
        message="Collection.group() is removed in PyMongo 4 and the group command in MongoDB "
        "4.2: use an aggregation with $match and $group.",
        replacement="coll.aggregate([{'$match': condition}, {'$group': {'_id': {...}, ...}}])",
        meaning="$group returns {'_id': key, ...} documents where group returned the key fields "
        "flattened next to the reduced fields of initial (add a $project to restore that shape). "
        "A JavaScript reduce must become accumulators ($sum, $push, $max, ...) or $accumulator "
        "(server 4.4+). group's 20,000-unique-key limit is gone.",
        rewrite=NEVER,
        matches=(method("collection", "group",
                        condition="4 or more arguments; not re.Match.group"),),
        did="group(key, condition, initial, reduce, finalize=None) ran the server's group command "
        "(server-side JavaScript) and returned a list of documents.",
        before="rows = coll.group(['state'], {'open': True}, {'n': 0},\n"
        "                  'function (doc, acc) { acc.n += 1; }')",
        after="rows = list(coll.aggregate([\n"
        "    {'$match': {'open': True}},\n"
        "    {'$group': {'_id': {'state': '$state'}, 'n': {'$sum': 1}}},\n"
        "    {'$project': {'_id': 0, 'state': '$_id.state', 'n': 1}},\n]))",
        removed="PyMongo 4.0 (deprecated in 3.5); server group removed in 4.2",
        reference="L2",
    ),
    Entry(
        code="LM411",
        name="map_reduce",
        legacy="coll.map_reduce(map, reduce, out, full_response=False)",
        message="Collection.map_reduce() is removed in PyMongo 4: run "
        "db.command('mapReduce', coll.name, map=Code(map), reduce=Code(reduce), out=out), or "
        "better an aggregation ending in $merge or $out.",
        replacement="db.command('mapReduce', coll.name, map=Code(map), reduce=Code(reduce), out=out)",
        meaning="The command returns the raw reply; 2.8 returned the output Collection (rebuild "
        "it from reply['result']: a name in the same database, or {'db', 'collection'}) unless "
        "full_response=True. The command runs on the primary unless read_preference= is given. "
        "mapReduce is deprecated since MongoDB 5.0.",
        rewrite="only when the arguments are literals and the return value is unused or is "
        "rebuilt from reply['result']",
        matches=(method("collection", "map_reduce"),),
        did="map_reduce(map, reduce, out, full_response=False, **kwargs) ran mapReduce and "
        "returned the output collection (or the whole reply with full_response=True).",
        before="out = coll.map_reduce(mapper, reducer, 'totals')\nfor doc in out.find(): ...",
        after="reply = db.command('mapReduce', coll.name, map=Code(mapper),\n"
        "                   reduce=Code(reducer), out='totals')\n"
        "for doc in db[reply['result']].find(): ...",
        removed="PyMongo 4.0 (deprecated in 3.13); server mapReduce deprecated in 5.0",
        reference="L3",
    ),
    Entry(
        code="LM412",
        name="inline_map_reduce",
        legacy="coll.inline_map_reduce(map, reduce, full_response=False)",
        message="Collection.inline_map_reduce() is removed in PyMongo 4: run "
        "db.command('mapReduce', coll.name, map=Code(map), reduce=Code(reduce), "
        "out={'inline': 1}, read_preference=coll.read_preference)['results'], or an aggregation.",
        replacement="db.command('mapReduce', coll.name, map=Code(map), reduce=Code(reduce), "
        "out={'inline': 1}, read_preference=coll.read_preference)['results']",
        meaning="Same list of results (the whole reply for full_response=True). 2.8 followed the "
        "collection's read preference; Database.command goes to the primary unless "
        "read_preference= is passed. The output is still bounded by the 16 MB reply.",
        rewrite="only when the arguments are literals",
        matches=(method("collection", "inline_map_reduce"),),
        did="inline_map_reduce ran mapReduce with out={'inline': 1} and returned the results list.",
        before="results = coll.inline_map_reduce(mapper, reducer)",
        after="results = db.command('mapReduce', coll.name, map=Code(mapper), reduce=Code(reducer),\n"
        "                     out={'inline': 1},\n"
        "                     read_preference=coll.read_preference)['results']",
        removed="PyMongo 4.0 (deprecated in 3.13)",
        reference="L4",
    ),
    Entry(
        code="LM413",
        name="parallel_scan",
        legacy="coll.parallel_scan(num_cursors)",
        message="Collection.parallel_scan() is removed in PyMongo 4 and parallelCollectionScan in "
        "MongoDB 4.2: iterate one find() cursor, or split the work by _id ranges.",
        replacement="[coll.find()]",
        meaning="The only guarantee was that every document appears once across the cursors; a "
        "single find() keeps it, without the parallelism.",
        rewrite="only when the caller just iterates over the cursors it gets back",
        matches=(method("collection", "parallel_scan"),),
        did="parallel_scan(num_cursors) ran parallelCollectionScan and returned up to "
        "num_cursors CommandCursors covering the collection.",
        before="for cursor in coll.parallel_scan(4):\n    for doc in cursor: ...",
        after="for cursor in [coll.find()]:\n    for doc in cursor: ...",
        removed="PyMongo 4.0 (deprecated in 3.7); server command removed in 4.2",
        reference="L5",
    ),
    Entry(
        code="LM414",
        name="bulk-builder",
        legacy="bulk = coll.initialize_ordered_bulk_op(); bulk.find(q).update(u); bulk.execute()",
        message="The bulk builders initialize_ordered_bulk_op() and "
        "initialize_unordered_bulk_op() are removed in PyMongo 4: build a list of InsertOne, "
        "UpdateOne, UpdateMany, ReplaceOne, DeleteOne and DeleteMany and pass it to "
        "coll.bulk_write(ops, ordered=...).",
        replacement="coll.bulk_write([InsertOne(doc), UpdateMany(q, u)], ordered=True)",
        meaning="BulkWriteResult.bulk_api_result is the dict execute() returned, and failures "
        "raise BulkWriteError with the same details. execute(write_concern={...}) becomes "
        "coll.with_options(write_concern=WriteConcern(...)).bulk_write(...). With w=0 2.8 "
        "returned None; bulk_write returns an unacknowledged result. An operation list can be "
        "re-executed; a builder could not.",
        rewrite="only when the builder is filled and executed in straight-line code in one function",
        # Only the initialize call: the builder's insert/find/execute go away with it, and
        # reporting each use would repeat one migration on every line of the block.
        matches=(method("collection", "initialize_ordered_bulk_op",
                        "initialize_unordered_bulk_op"),),
        did="The builder collected insert/update/replace/remove operations (find(sel).update(u) "
        "was multi, update_one single, upsert() a modifier) and execute() sent them in batches.",
        before="bulk = coll.initialize_unordered_bulk_op()\nbulk.insert({'a': 1})\n"
        "bulk.find({'b': 1}).upsert().update_one({'$set': {'c': 2}})\n"
        "bulk.find({'d': 1}).remove()\nresult = bulk.execute()",
        after="result = coll.bulk_write([\n    InsertOne({'a': 1}),\n"
        "    UpdateOne({'b': 1}, {'$set': {'c': 2}}, upsert=True),\n"
        "    DeleteMany({'d': 1}),\n], ordered=False).bulk_api_result",
        removed="PyMongo 4.0 (deprecated in 3.5)",
        reference="H8, A16",
    ),
    Entry(
        code="LM415",
        name="manipulate",
        legacy="coll.insert(doc, manipulate=False); coll.find(q, manipulate=True)",
        message="The manipulate= keyword is removed in PyMongo 4 (SON manipulators are gone): "
        "drop it, and apply document transforms explicitly.",
        replacement="coll.insert_one(doc)",
        meaning="A no-op unless SON manipulators were registered (see LM612). For insert, "
        "manipulate=False also meant 'do not add _id on the client': insert_one always adds one "
        "to the caller's dict, so pass a copy when the same dict is inserted again.",
        rewrite="only when no SON manipulators are registered (add_son_manipulator is not used)",
        matches=(keyword(WRITES + FINDS + ("collection.find_and_modify",), "manipulate"),),
        did="manipulate=True ran the registered SON manipulators on the documents (and insert "
        "added _id); manipulate=False skipped them.",
        before="coll.insert(doc, manipulate=False)",
        after="coll.insert_one(dict(doc))   # a copy: insert_one adds _id",
        removed="PyMongo 4.0",
        reference="H7, I16",
    ),
    Entry(
        code="LM416",
        name="check_keys",
        legacy="coll.insert(doc, check_keys=False)",
        message="The check_keys= keyword is removed in PyMongo 4: drop it; the server validates "
        "field names.",
        replacement="coll.insert_one(doc)",
        meaning="Client-side rejection of '$'-prefixed and dotted keys (InvalidDocument) is gone "
        "since 3.12; the server decides, and MongoDB 5.0+ accepts many such names. Expect a "
        "WriteError or success instead of InvalidDocument.",
        rewrite=ALWAYS,
        matches=(keyword(WRITES, "check_keys"),),
        did="check_keys=True (the default) rejected keys starting with '$' or containing '.' "
        "before sending.",
        before="coll.insert({'a.b': 1}, check_keys=False)",
        after="coll.insert_one({'a.b': 1})",
        removed="PyMongo 4.0 (client checks removed in 3.12)",
        reference="H7, N7, R14",
    ),
    Entry(
        code="LM417",
        name="continue_on_error",
        legacy="coll.insert(docs, continue_on_error=True)",
        message="The continue_on_error= keyword of insert() is removed in PyMongo 4: use "
        "insert_many(docs, ordered=False).",
        replacement="coll.insert_many(docs, ordered=False)",
        meaning="Every document is attempted in both. 2.8 raised one error describing the last "
        "failure; insert_many raises BulkWriteError listing every failure in "
        ".details['writeErrors'], with nInserted.",
        rewrite=ALWAYS,
        matches=(keyword("collection.insert", "continue_on_error"),),
        did="continue_on_error=True kept inserting after a failed document.",
        before="coll.insert(docs, continue_on_error=True)",
        after="coll.insert_many(docs, ordered=False)",
        removed="PyMongo 4.0",
        reference="H7",
    ),
    Entry(
        code="LM418",
        name="create_index-legacy-arguments",
        legacy="coll.create_index('a', 300); coll.create_index('a', cache_for=300, ttl=300)",
        message="The cache_for= and ttl= keywords and the positional cache_for of create_index() "
        "are removed in PyMongo 3/4: drop them (ttl= never meant expireAfterSeconds).",
        replacement="coll.create_index('a')",
        meaning="A positional 2nd argument is now session (ValueError); cache_for=/ttl= as "
        "keywords are sent to the server as index options and rejected. ttl= was an alias of "
        "cache_for, the client-side cache lifetime: never translate it into a TTL index.",
        rewrite=ALWAYS,
        matches=(keyword(("collection.create_index", "collection.ensure_index"), "cache_for", "ttl"),
                 positional("collection.create_index", 1)),
        did="cache_for (alias ttl) said how long the client remembered the index to skip "
        "ensure_index round trips.",
        before="coll.create_index('email', 3600, unique=True)",
        after="coll.create_index('email', unique=True)",
        removed="PyMongo 3.0",
        reference="K2",
    ),
    Entry(
        code="LM419",
        name="index-options",
        legacy="coll.ensure_index('a', unique=True, drop_dups=True, background=True)",
        message="The index options drop_dups/dropDups and bucket_size are removed (background is "
        "ignored by MongoDB 4.2+): remove duplicates before building a unique index, and spell "
        "bucket_size as bucketSize.",
        replacement="coll.create_index('a', unique=True)",
        meaning="Since MongoDB 3.0 a unique build over duplicates fails whatever dropDups says, "
        "so dropping it changes nothing the server would do. bucketSize is for geoHaystack "
        "indexes, removed in MongoDB 5.0.",
        rewrite="only when the values are literals (drop_dups/background dropped, bucket_size "
        "renamed)",
        matches=(keyword(("collection.create_index", "collection.ensure_index"),
                         "drop_dups", "dropDups", "bucket_size", "background"),),
        did="drop_dups deleted all but one document per duplicate key while building a unique "
        "index; background built without blocking (MMAPv1).",
        before="coll.ensure_index('sku', unique=True, drop_dups=True)",
        after="# deduplicate first, then:\ncoll.create_index('sku', unique=True)",
        removed="PyMongo 3.0 (aliases); server dropDups ignored since 3.0",
        reference="K3",
    ),
    Entry(
        code="LM420",
        name="truth-test",
        legacy="if db: ...; coll or default",
        message="Truth-testing a Database or Collection raises NotImplementedError since PyMongo "
        "4: compare with None instead (if coll is not None:).",
        replacement="if coll is not None: ...",
        meaning="2.8 objects were always truthy; 4.x refuses bool() so the comparison must be "
        "explicit.",
        rewrite=ALWAYS,
        matches=(behaviour(("database", "collection"), "__bool__",
                           condition="used in if/while/and/or/not or passed to bool()"),),
        did="Database and Collection objects were always true.",
        before="if self.coll:\n    self.coll.insert(doc)",
        after="if self.coll is not None:\n    self.coll.insert_one(doc)",
        removed="PyMongo 4.0",
        reference="X9, R4",
    ),
    Entry(
        code="LM421",
        name="GridFS-_connect",
        legacy="gridfs.GridFS(db, 'fs', _connect=False)",
        message="The _connect= argument of gridfs.GridFS() is removed in PyMongo 3: drop it.",
        replacement="gridfs.GridFS(db, 'fs')",
        meaning="4.x creates the GridFS indexes lazily on the first write instead of in the "
        "constructor.",
        rewrite=ALWAYS,
        matches=(keyword(("GridFS", "gridfs.GridFS"), "_connect"),
                 positional(("GridFS", "gridfs.GridFS"), 2)),
        did="_connect=False stopped the constructor from creating the files_id index.",
        before="fs = gridfs.GridFS(db, 'fs', _connect=False)",
        after="fs = gridfs.GridFS(db, 'fs')",
        removed="PyMongo 3.0",
        reference="P1",
    ),
    Entry(
        code="LM422",
        name="GridFS-open-remove",
        legacy="fs.open(); fs.remove(); gridfs.grid_file.GridFile",
        message="GridFS.open(), GridFS.remove() and GridFile are removed in PyMongo 3 (they only "
        "raised UnsupportedAPI): use get()/get_version()/new_file()/put() and delete(file_id).",
        replacement="fs.delete(file_id)",
        meaning="These had raised UnsupportedAPI since PyMongo 1.6; the working calls are "
        "unchanged.",
        rewrite=ALWAYS,
        matches=(method("gridfs", "open", "remove"),
                 imports("gridfs.grid_file", "GridFile")),
        did="Placeholders that raised gridfs.errors.UnsupportedAPI.",
        before="fs.remove(file_id)",
        after="fs.delete(file_id)",
        removed="PyMongo 3.0",
        reference="P2",
    ),
    Entry(
        code="LM423",
        name="GridFS-md5",
        legacy="grid_out.md5",
        message="GridFS no longer computes md5 since PyMongo 4: compute your own digest with "
        "hashlib while writing and store it in metadata.",
        replacement="fs.put(data, metadata={'sha256': hashlib.sha256(data).hexdigest()})",
        meaning="Files written by PyMongo 4 have md5 None; old files still report their stored "
        "value, so integrity checks comparing md5 break for new files only.",
        rewrite=NEVER,
        matches=(attribute("gridout", "md5"),),
        did="Closing a GridIn ran the server's filemd5 command and stored the md5.",
        before="assert grid_out.md5 == hashlib.md5(data).hexdigest()",
        after="assert grid_out.metadata['sha256'] == hashlib.sha256(data).hexdigest()",
        removed="PyMongo 4.0 (no longer computed)",
        reference="P3",
    ),
    Entry(
        code="LM424",
        name="GridFS-find-options",
        legacy="fs.find(spec, timeout=False, read_preference=..., compile_re=...)",
        message="The 2.x GridFS.find() options spec, timeout, max_scan, read_preference, "
        "tag_sets, secondary_acceptable_latency_ms and compile_re are removed in PyMongo 3: use "
        "filter= and no_cursor_timeout=, and set the read preference on the database passed "
        "to GridFS.",
        replacement="fs.find(filter=spec, no_cursor_timeout=True)",
        meaning="Renames as for Collection.find (timeout is inverted into no_cursor_timeout).",
        rewrite="only when no read-preference option is used",
        matches=(keyword("gridfs.find", "spec", "timeout", "max_scan", "read_preference",
                         "tag_sets", "secondary_acceptable_latency_ms", "compile_re"),),
        did="GridOutCursor accepted the 2.8 find options.",
        before="for f in fs.find({'owner': u}, timeout=False): ...",
        after="for f in fs.find({'owner': u}, no_cursor_timeout=True): ...",
        removed="PyMongo 3.0",
        reference="P4",
    ),
    Entry(
        code="LM425",
        name="GridOut-iteration",
        legacy="for chunk in grid_out: ...",
        message="Iterating a GridOut yields lines, not chunks, since PyMongo 3.12: use "
        "iter(lambda: grid_out.readchunk(), b'') to keep chunk iteration.",
        replacement="for chunk in iter(lambda: grid_out.readchunk(), b''): ...",
        meaning="2.8 yielded chunks and restarted at the top on each iteration; 3.12+ yields "
        "lines like a file object and does not rewind.",
        rewrite=ALWAYS,
        matches=(behaviour("gridout", "__iter__", condition="a GridOut iterated in a for loop"),),
        did="Iterating a GridOut yielded its stored chunks.",
        before="for chunk in fs.get(file_id):\n    out.write(chunk)",
        after="f = fs.get(file_id)\nfor chunk in iter(lambda: f.readchunk(), b''):\n    out.write(chunk)",
        removed="PyMongo 3.12 (behaviour change)",
        reference="P5",
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
    Entry(
        code="LM502",
        name="Cursor.max_scan",
        legacy="cursor.max_scan(n)",
        message="Cursor.max_scan() relies on maxScan, removed in MongoDB 4.2 (and deprecated in "
        "PyMongo 3.7): bound the query by time with cursor.max_time_ms(ms).",
        replacement="cursor.max_time_ms(ms)",
        meaning="max_time_ms bounds server time, not the number of documents scanned, and raises "
        "ExecutionTimeout when exceeded (max_scan silently returned fewer results).",
        rewrite="only when a time bound is an acceptable substitute",
        matches=(method("cursor", "max_scan"),),
        did="max_scan(n) stopped the query after scanning n documents.",
        before="docs = list(coll.find(q).max_scan(1000))",
        after="docs = list(coll.find(q).max_time_ms(200))",
        removed="server 4.2 (maxScan); PyMongo still sends it",
        reference="M3, I8",
    ),
    Entry(
        code="LM503",
        name="Cursor.conn_id",
        legacy="cursor.conn_id",
        message="Cursor.conn_id is removed in PyMongo 3: use cursor.address.",
        replacement="cursor.address",
        meaning="address is (host, port) or None; conn_id could also be -1 or a member index "
        "depending on the client class.",
        rewrite=ALWAYS,
        matches=(attribute("cursor", "conn_id", rename="address"),),
        did="conn_id identified the server or connection a cursor was opened on.",
        before="server = cursor.conn_id",
        after="server = cursor.address",
        removed="PyMongo 3.0",
        reference="M4",
    ),
    Entry(
        code="LM504",
        name="Cursor.min-max-without-hint",
        legacy="coll.find(q).min([('a', 1)]).max([('a', 9)])",
        message="Cursor.min() and max() without hint() are refused since PyMongo 4: add "
        ".hint() naming the index that matches the bounds.",
        replacement="coll.find(q).min([('a', 1)]).max([('a', 9)]).hint([('a', 1)])",
        meaning="Same bounds; the index is now explicit (MongoDB 4.2+ requires it).",
        rewrite="only when the index to hint is known",
        matches=(method("cursor", "min", "max", condition="no .hint() in the same chain"),),
        did="min/max bounded an index scan on whatever index the server picked.",
        before="cur = coll.find().min([('age', 18)]).max([('age', 65)])",
        after="cur = coll.find().min([('age', 18)]).max([('age', 65)]).hint([('age', 1)])",
        removed="PyMongo 4.0 (hint required; deprecated in 3.8)",
        reference="M5",
    ),
    Entry(
        code="LM505",
        name="Cursor.add_option-legacy-bits",
        legacy="cursor.add_option(4)  # slave okay; add_option(8)  # oplog replay",
        message="The slave-okay (4) and oplog-replay (8) bits of Cursor.add_option() no longer "
        "have an effect: route reads with coll.with_options(read_preference=...) and drop "
        "oplog replay.",
        replacement="coll.with_options(read_preference=ReadPreference.SECONDARY_PREFERRED).find(q)",
        meaning="Routing follows the read preference only; oplog replay is unnecessary from "
        "MongoDB 4.4. The other bits (tailable 2, no-timeout 16, await 32, exhaust 64, partial "
        "128) still work.",
        rewrite="only when the argument is the literal 4 or 8",
        matches=(method("cursor", "add_option", condition="argument 4 or 8 (or a sum including "
                        "them)"),),
        did="Bit 4 let a query run on a secondary; bit 8 asked for oplog replay.",
        before="cur = coll.find(q).add_option(4)",
        after="cur = coll.with_options(\n    read_preference=ReadPreference.SECONDARY_PREFERRED).find(q)",
        removed="PyMongo 3.0 (routing); oplog replay deprecated in 3.11",
        reference="M6",
    ),
    Entry(
        code="LM506",
        name="Cursor.explain-shape",
        legacy="plan = cursor.explain(); plan['cursor'], plan['nscanned']",
        message="The explain() output format changed with MongoDB 3.0 (PyMongo 4 runs the "
        "explain command): read queryPlanner.winningPlan and executionStats instead of cursor, "
        "n, nscanned and millis.",
        replacement="plan = cursor.explain(); plan['executionStats']['totalKeysExamined']",
        meaning="n -> executionStats.nReturned; nscanned -> totalKeysExamined; nscannedObjects "
        "-> totalDocsExamined; millis -> executionTimeMillis; BasicCursor -> a COLLSCAN stage; "
        "'BtreeCursor x' -> an IXSCAN stage with indexName x; scanAndOrder -> a SORT stage. The "
        "tree differs again under the slot-based engine and on sharded clusters.",
        rewrite=NEVER,
        matches=(method("cursor", "explain", condition="the result is subscripted with a legacy "
                        "field: cursor, n, nscanned, nscannedObjects, millis, indexOnly, "
                        "scanAndOrder, allPlans"),),
        did="explain() sent $explain and servers up to 2.6 answered in the legacy flat format.",
        before="if coll.find(q).explain()['cursor'] == 'BasicCursor':\n    warn('no index')",
        after="plan = coll.find(q).explain()['queryPlanner']['winningPlan']\n"
        "if 'COLLSCAN' in str(plan):\n    warn('no index')",
        removed="server 3.0 (format change)",
        reference="M2",
    ),
    Entry(
        code="LM507",
        name="where-with-scope",
        legacy="cursor.where(Code(js, scope)); {'$where': ...}",
        message="$where with a Code scope is refused by current MongoDB servers and server-side "
        "JavaScript is deprecated since MongoDB 8.0: rewrite the condition with $expr.",
        replacement="coll.find({'$expr': {'$gt': ['$spent', '$budget']}})",
        meaning="$expr runs aggregation expressions natively (faster, indexable in part); "
        "variables from a scope become literals or $let.",
        rewrite=NEVER,
        matches=(method("cursor", "where", condition="argument is Code(..., scope)"),),
        did="where(code) added a $where JavaScript predicate, optionally with a scope.",
        before="cur = coll.find().where(Code('this.spent > limit', {'limit': 10}))",
        after="cur = coll.find({'$expr': {'$gt': ['$spent', 10]}})",
        removed="server 4.2.1 (Code with scope in $where); $where deprecated in 8.0",
        reference="M7",
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
    Entry(
        code="LM607",
        name="remove_user",
        legacy="db.remove_user(name)",
        message="Database.remove_user() is removed in PyMongo 4: use db.command('dropUser', name).",
        replacement="db.command('dropUser', name)",
        meaning="Same effect; a missing user raises OperationFailure (UserNotFound) in both.",
        rewrite=ALWAYS,
        matches=(method("database", "remove_user"),),
        did="remove_user(name) ran dropUser (or removed from system.users on old servers).",
        before="db.remove_user('app')",
        after="db.command('dropUser', 'app')",
        removed="PyMongo 4.0 (deprecated in 3.6)",
        reference="G3",
    ),
    Entry(
        code="LM608",
        name="authenticate",
        legacy="db.authenticate(name, password, source=None, mechanism='DEFAULT')",
        message="Database.authenticate() is removed in PyMongo 4: pass the credentials to the "
        "client, MongoClient(host, username=name, password=password, authSource=db_name, "
        "authMechanism=mechanism), and use one client per identity.",
        replacement="MongoClient(host, username=name, password=password, authSource=db_name)",
        meaning="A client has one identity for its lifetime; 2.x authenticated sockets lazily and "
        "allowed one identity per database on the same client. Bad credentials surface as "
        "OperationFailure on the first operation, not at authenticate(). From MongoDB 3.6 "
        "re-authenticating invalidates cursors.",
        rewrite=NEVER,
        matches=(method("database", "authenticate"),),
        did="authenticate() stored the credentials on the client, authenticated every socket "
        "with them and returned True.",
        before="client = MongoClient('db')\nclient.admin.authenticate('root', pw)",
        after="client = MongoClient('db', username='root', password=pw, authSource='admin')",
        removed="PyMongo 4.0 (deprecated in 3.5)",
        reference="G4",
    ),
    Entry(
        code="LM609",
        name="logout",
        legacy="db.logout()",
        message="Database.logout() is removed in PyMongo 4: close that client "
        "(client.close()) and use another client for the next identity.",
        replacement="client.close()",
        meaning="Identities belong to clients now; closing is final (see LM129).",
        rewrite=NEVER,
        matches=(method("database", "logout"),),
        did="logout() forgot the database's credentials and logged out every socket.",
        before="db.logout()",
        after="client.close()",
        removed="PyMongo 4.0 (deprecated in 3.5)",
        reference="G5",
    ),
    Entry(
        code="LM610",
        name="system_js",
        legacy="db.system_js.fn = src; db.system_js.fn(*args); db.system_js.list()",
        message="Database.system_js is removed in PyMongo 4: manage stored functions through "
        "db['system.js'] (replace_one/distinct/delete_one); calling them is impossible without "
        "eval.",
        replacement="db['system.js'].replace_one({'_id': name}, {'_id': name, 'value': Code(src)}, upsert=True)",
        meaning="Storing, listing and deleting keep working; calling a stored function went "
        "through eval (removed in MongoDB 4.2) and has no replacement. system.js is deprecated "
        "since MongoDB 8.0.",
        rewrite=NEVER,
        matches=(attribute("database", "system_js"),),
        did="system_js exposed system.js functions as attributes: assign to store, call to run "
        "through $eval, del to remove, list() to list.",
        before="db.system_js.add = 'function (a, b) { return a + b; }'\nprint(db.system_js.list())",
        after="db['system.js'].replace_one(\n    {'_id': 'add'},\n"
        "    {'_id': 'add', 'value': Code('function (a, b) { return a + b; }')}, upsert=True)\n"
        "print(db['system.js'].distinct('_id'))",
        removed="PyMongo 4.0 (deprecated in 3.5)",
        reference="G7",
    ),
    Entry(
        code="LM611",
        name="copy_database",
        legacy="client.copy_database(from_name, to_name, from_host=None)",
        message="MongoClient.copy_database() is removed in PyMongo 3 and copydb in MongoDB 4.2: "
        "use mongodump/mongorestore (--nsFrom/--nsTo), or per collection an aggregation ending "
        "in $out to the other database.",
        replacement="coll.aggregate([{'$match': {}}, {'$out': {'db': to_name, 'coll': coll.name}}])",
        meaning="No single call copies a database any more; indexes must be re-created after "
        "$out (cross-database $out needs MongoDB 4.4+).",
        rewrite=NEVER,
        matches=(method("client", "copy_database"),),
        did="copy_database ran copydb (with copydbgetnonce for authenticated copies).",
        before="client.copy_database('prod', 'prod_backup')",
        after="src = client.prod\nfor name in src.list_collection_names():\n"
        "    src[name].aggregate([{'$out': {'db': 'prod_backup', 'coll': name}}])",
        removed="PyMongo 3.0 (warned in 2.8); server copydb removed in 4.2",
        reference="D5",
    ),
    Entry(
        code="LM612",
        name="son-manipulators",
        legacy="db.add_son_manipulator(m); db.incoming_manipulators",
        message="SON manipulators (Database.add_son_manipulator() and the *_manipulators lists) "
        "are removed in PyMongo 4: use a TypeRegistry in CodecOptions for custom types, or "
        "transform documents explicitly before writing and after reading.",
        replacement="db.client.get_database(db.name, codec_options=CodecOptions(type_registry=TypeRegistry([codec])))",
        meaning="Manipulators ran on every document written and read through the database; "
        "nothing does that implicitly any more. ObjectIdInjector and ObjectIdShuffler are "
        "redundant (insert_one adds _id, the encoder writes _id first); AutoReference and "
        "NamespaceInjector need hand-written code. The 3.x CRUD methods never applied them.",
        rewrite=NEVER,
        matches=(method("database", "add_son_manipulator"),
                 attribute("database", "incoming_manipulators", "incoming_copying_manipulators",
                           "outgoing_manipulators", "outgoing_copying_manipulators")),
        did="add_son_manipulator(m) registered an object whose transform_incoming/"
        "transform_outgoing ran on documents written and read with manipulate=True.",
        before="db.add_son_manipulator(Transform())\ndb.things.insert({'money': Decimal('1.5')})",
        after="codecs = CodecOptions(type_registry=TypeRegistry([DecimalCodec()]))\n"
        "things = db.get_collection('things', codec_options=codecs)\n"
        "things.insert_one({'money': Decimal('1.5')})",
        removed="PyMongo 4.0 (deprecated in 3.0)",
        reference="G13, A14",
    ),
    Entry(
        code="LM613",
        name="current_op",
        legacy="db.current_op(include_all=False)",
        message="Database.current_op() is removed in PyMongo 4: use "
        "client.admin.aggregate([{'$currentOp': {'allUsers': True}}]) (or "
        "client.admin.command('currentOp')).",
        replacement="{'inprog': list(client.admin.aggregate([{'$currentOp': {'allUsers': True, "
        "'idleConnections': include_all}}]))}",
        meaning="$currentOp must run on admin (2.8 worked on any database); wrap the list in "
        "{'inprog': ...} for the old shape. include_all -> idleConnections is approximate.",
        rewrite="only when the call is made through the admin database or a client is in reach",
        matches=(method("database", "current_op"),),
        did="current_op() read the $cmd.sys.inprog pseudo-collection and returned "
        "{'inprog': [...]}.",
        before="ops = db.current_op()['inprog']",
        after="ops = list(client.admin.aggregate([{'$currentOp': {'allUsers': True}}]))",
        removed="PyMongo 4.0 (deprecated in 3.9)",
        reference="G14",
    ),
    Entry(
        code="LM614",
        name="profiling",
        legacy="db.profiling_level(); db.set_profiling_level(1, slow_ms=50); db.profiling_info()",
        message="Database.profiling_level(), set_profiling_level() and profiling_info() are "
        "removed in PyMongo 4: use db.command('profile', -1)['was'], db.command('profile', "
        "level, slowms=ms) and list(db['system.profile'].find()).",
        replacement="db.command('profile', -1)['was']",
        meaning="Same commands underneath; pymongo.OFF/SLOW_ONLY/ALL become 0, 1, 2 (LM819).",
        rewrite=ALWAYS,
        matches=(method("database", "profiling_level", "set_profiling_level", "profiling_info"),),
        did="Thin wrappers over the profile command and the system.profile collection.",
        before="db.set_profiling_level(SLOW_ONLY, slow_ms=50)\nlevel = db.profiling_level()",
        after="db.command('profile', 1, slowms=50)\nlevel = db.command('profile', -1)['was']",
        removed="PyMongo 4.0 (deprecated in 3.12)",
        reference="G15, G16, G17",
    ),
    Entry(
        code="LM615",
        name="is_locked",
        legacy="client.is_locked",
        message="MongoClient.is_locked is removed in PyMongo 4: use "
        "bool(client.admin.command('currentOp').get('fsyncLock')).",
        replacement="bool(client.admin.command('currentOp').get('fsyncLock'))",
        meaning="On 4.x client.is_locked is a Database, so if client.is_locked: raises "
        "NotImplementedError. The command is a round trip.",
        rewrite=ALWAYS,
        matches=(attribute("client", "is_locked"),),
        did="is_locked read $cmd.sys.inprog and returned whether the server was fsync-locked.",
        before="if client.is_locked:\n    client.unlock()",
        after="if client.admin.command('currentOp').get('fsyncLock'):\n"
        "    client.admin.command('fsyncUnlock')",
        removed="PyMongo 4.0 (deprecated in 3.11)",
        reference="D6",
    ),
    Entry(
        code="LM616",
        name="fsync",
        legacy="client.fsync(lock=True)",
        message="MongoClient.fsync() is removed in PyMongo 4: use "
        "client.admin.command('fsync', lock=True).",
        replacement="client.admin.command('fsync', lock=True)",
        meaning="Same command; the async option is ignored by MongoDB 4.2+ and is a Python "
        "keyword (pass it as **{'async': True}).",
        rewrite=ALWAYS,
        matches=(method("client", "fsync"),),
        did="fsync(**kwargs) ran the fsync command on admin.",
        before="client.fsync(lock=True)",
        after="client.admin.command('fsync', lock=True)",
        removed="PyMongo 4.0 (deprecated in 3.11)",
        reference="D7",
    ),
    Entry(
        code="LM617",
        name="unlock",
        legacy="client.unlock()",
        message="MongoClient.unlock() is removed in PyMongo 4: use "
        "client.admin.command('fsyncUnlock').",
        replacement="client.admin.command('fsyncUnlock')",
        meaning="Same effect through the command instead of the $cmd.sys.unlock pseudo-collection.",
        rewrite=ALWAYS,
        matches=(method("client", "unlock"),),
        did="unlock() read $cmd.sys.unlock to release an fsync lock.",
        before="client.unlock()",
        after="client.admin.command('fsyncUnlock')",
        removed="PyMongo 4.0 (deprecated in 3.11)",
        reference="D8",
    ),
    Entry(
        code="LM618",
        name="alive",
        legacy="client.alive()",
        message="MongoClient.alive() is removed in PyMongo 3: run client.admin.command('ping') "
        "inside try/except ConnectionFailure.",
        replacement="client.admin.command('ping')",
        meaning="alive() checked one pooled socket with select() and no I/O; ping is a round trip "
        "that can block up to serverSelectionTimeoutMS (30 s by default) when the server is "
        "down, so pass a short timeout (with pymongo.timeout(1):).",
        rewrite="only when the result is used as a boolean and a blocking round trip is acceptable",
        matches=(method("client", "alive", condition="not Thread.is_alive; receiver is a client"),),
        did="alive() returned False when not connected or when the socket looked closed.",
        before="if not client.alive():\n    reconnect()",
        after="def alive(client):\n    try:\n        with pymongo.timeout(1):\n"
        "            client.admin.command('ping')\n        return True\n"
        "    except ConnectionFailure:\n        return False",
        removed="PyMongo 3.0 (deprecated in 2.9)",
        reference="D3",
    ),
    Entry(
        code="LM619",
        name="Database.connection",
        legacy="db.connection",
        message="Database.connection is removed in PyMongo 3: use db.client.",
        replacement="db.client",
        meaning="A pure rename; on 4.x db.connection is silently a Collection named 'connection'.",
        rewrite=ALWAYS,
        # 2.8's Database.connection had no setter (assigning raised
        # AttributeError), so a store to it is made on something else: a test double
        matches=(attribute("database", "connection", rename="client", usage="read"),),
        did="connection was the client the database belonged to.",
        before="client = db.connection",
        after="client = db.client",
        removed="PyMongo 3.0",
        reference="G1",
    ),
    Entry(
        code="LM620",
        name="command-legacy-options",
        legacy="db.command('count', 'c', slave_okay=True, tag_sets=[...])",
        message="The Database.command() keywords slave_okay=, tag_sets= and "
        "secondary_acceptable_latency_ms= are removed in PyMongo 3: pass "
        "read_preference=<mode object> explicitly.",
        replacement="db.command('count', 'c', read_preference=ReadPreference.SECONDARY_PREFERRED)",
        meaning="The keywords are now merged into the command document and rejected by the "
        "server. Routing changed too: 2.8 sent read-only commands (count, distinct, group, "
        "aggregate, inline mapreduce, geoNear, collstats, dbstats, text, ...) according to the "
        "database's read preference; PyMongo 3+ sends every command to the primary unless "
        "read_preference= is passed.",
        rewrite="only when the target read preference is known statically",
        matches=(keyword("database.command", "slave_okay", "tag_sets",
                         "secondary_acceptable_latency_ms", "fields", "_use_master"),),
        did="command() accepted read-routing keywords and routed a whitelist of commands by the "
        "database's read preference.",
        before="db.command('dbstats', slave_okay=True)",
        after="db.command('dbstats', read_preference=ReadPreference.SECONDARY_PREFERRED)",
        removed="PyMongo 3.0",
        reference="G18, R6",
    ),
    Entry(
        code="LM621",
        name="create_collection-dead-options",
        legacy="db.create_collection(name, autoIndexId=False, flags=1, usePowerOf2Sizes=True)",
        message="The create_collection() options autoIndexId, flags, usePowerOf2Sizes and other "
        "MMAPv1 padding options are refused by MongoDB 4.2+: drop them.",
        replacement="db.create_collection(name)",
        meaning="autoIndexId=False is refused outside the local database since MongoDB 4.0 and "
        "the MMAPv1 options since 4.2; WiredTiger has no padding.",
        rewrite=ALWAYS,
        matches=(keyword("database.create_collection", "autoIndexId", "flags",
                         "usePowerOf2Sizes", "paddingFactor", "noPadding"),),
        did="The options were passed to the create command for MMAPv1 storage.",
        before="db.create_collection('log', autoIndexId=False, usePowerOf2Sizes=True)",
        after="db.create_collection('log')",
        removed="server 4.0/4.2",
        reference="G19",
    ),
    Entry(
        code="LM622",
        name="command-getlasterror",
        legacy="db.command('getlasterror')",
        message="The getLastError command is removed in MongoDB 5.1: use acknowledged writes and "
        "their results or exceptions instead.",
        replacement="result = coll.insert_one(doc)  # raises on error",
        meaning="Write errors are raised by the write itself; counts are on its result object. "
        "There is no per-connection error state any more.",
        rewrite=NEVER,
        matches=(command("getlasterror"),),
        did="getlasterror reported the outcome of the previous write on the same socket.",
        before="db.things.insert(doc, w=0)\nerr = db.command('getlasterror', w=1)",
        after="db.things.insert_one(doc)",
        removed="server 5.1",
        reference="S, G8",
    ),
    Entry(
        code="LM623",
        name="command-getpreverror",
        legacy="db.command('getpreverror')",
        message="The getPrevError command is removed in MongoDB 4.2: use acknowledged writes and "
        "handle their exceptions.",
        replacement="try: coll.insert_one(doc) except WriteError: ...",
        meaning="There is no error history to query.",
        rewrite=NEVER,
        matches=(command("getpreverror"),),
        did="getpreverror returned the last error since reseterror on the connection.",
        before="db.command('getpreverror')",
        after="# nothing: catch errors where the write is made",
        removed="server 4.2",
        reference="S, G10",
    ),
    Entry(
        code="LM624",
        name="command-reseterror",
        legacy="db.command('reseterror')",
        message="The resetError command is removed in MongoDB 5.0: delete the call.",
        replacement="(delete the call)",
        meaning="Nothing to reset: there is no error history.",
        rewrite=ALWAYS,
        matches=(command("reseterror"),),
        did="reseterror cleared the connection's error history.",
        before="db.command('reseterror')",
        after="",
        removed="server 5.0",
        reference="S, G11",
    ),
    Entry(
        code="LM625",
        name="command-eval",
        legacy="db.command('eval', code) / db.command('$eval', code)",
        message="The eval command is removed in MongoDB 4.2: move the logic to the client, an "
        "aggregation pipeline or a transaction.",
        replacement="with client.start_session() as s, s.start_transaction(): ...",
        meaning="No server-side JavaScript execution of arbitrary code any more (see LM604).",
        rewrite=NEVER,
        matches=(command("eval", "$eval"),),
        did="eval ran JavaScript on the server under a global lock.",
        before="db.command('$eval', 'db.c.count()')",
        after="db.c.count_documents({})",
        removed="server 4.2",
        reference="S, G6",
    ),
    Entry(
        code="LM626",
        name="command-group",
        legacy="db.command('group', {...})",
        message="The group command is removed in MongoDB 4.2: use an aggregation with $group.",
        replacement="coll.aggregate([{'$match': cond}, {'$group': {...}}])",
        meaning="See LM410 for the output shape.",
        rewrite=NEVER,
        matches=(command("group"),),
        did="group grouped documents with JavaScript reduce functions.",
        before="db.command('group', {'ns': 'c', 'key': {'a': 1}, 'initial': {'n': 0},\n"
        "                    '$reduce': 'function (d, o) { o.n++; }'})",
        after="list(db.c.aggregate([{'$group': {'_id': '$a', 'n': {'$sum': 1}}}]))",
        removed="server 4.2",
        reference="S, L2",
    ),
    Entry(
        code="LM627",
        name="command-copydb",
        legacy="db.command('copydb', fromdb=..., todb=...)",
        message="The copydb, clone and copydbgetnonce commands are removed in MongoDB 4.2: use "
        "mongodump/mongorestore or $out/$merge per collection.",
        replacement="coll.aggregate([{'$out': {'db': to_db, 'coll': coll.name}}])",
        meaning="See LM611; indexes must be re-created.",
        rewrite=NEVER,
        matches=(command("copydb", "clone", "copydbgetnonce"),),
        did="copydb/clone copied a database from this or another server.",
        before="client.admin.command('copydb', fromdb='a', todb='b')",
        after="# mongodump --db a --archive | mongorestore --archive --nsFrom 'a.*' --nsTo 'b.*'",
        removed="server 4.2",
        reference="S, D5",
    ),
    Entry(
        code="LM628",
        name="command-parallelCollectionScan",
        legacy="db.command('parallelCollectionScan', 'c', numCursors=4)",
        message="The parallelCollectionScan command is removed in MongoDB 4.2: iterate one find() "
        "cursor or split the work by _id ranges.",
        replacement="coll.find()",
        meaning="See LM413.",
        rewrite=NEVER,
        matches=(command("parallelcollectionscan"),),
        did="parallelCollectionScan returned several cursors covering a collection.",
        before="db.command('parallelCollectionScan', 'c', numCursors=4)",
        after="db.c.find()",
        removed="server 4.2",
        reference="S, L5",
    ),
    Entry(
        code="LM629",
        name="command-geoNear",
        legacy="db.command('geoNear', 'places', near=[x, y])",
        message="The geoNear command is removed in MongoDB 4.2: use the $geoNear aggregation "
        "stage (or $near/$nearSphere in a find).",
        replacement="coll.aggregate([{'$geoNear': {'near': [x, y], 'distanceField': 'dist'}}])",
        meaning="$geoNear returns documents with the distance in distanceField instead of "
        "{'results': [{'dis', 'obj'}], 'stats'}.",
        rewrite=NEVER,
        matches=(command("geonear"),),
        did="geoNear returned the nearest documents with their distances.",
        before="res = db.command('geoNear', 'places', near=[1, 2], num=10)['results']",
        after="res = list(db.places.aggregate([\n"
        "    {'$geoNear': {'near': [1, 2], 'distanceField': 'dis'}}, {'$limit': 10}]))",
        removed="server 4.2",
        reference="S",
    ),
    Entry(
        code="LM630",
        name="command-mmapv1",
        legacy="db.command('touch', ...); db.command('repairDatabase')",
        message="The touch and repairDatabase commands are removed in MongoDB 4.2 (MMAPv1): "
        "delete the call (mongod --repair is the offline equivalent of repairDatabase).",
        replacement="(delete the call)",
        meaning="WiredTiger has no equivalent for touch; repair is an offline operation.",
        rewrite=NEVER,
        matches=(command("touch", "repairdatabase"),),
        did="touch loaded data into memory; repairDatabase rebuilt a database's files.",
        before="db.command('repairDatabase')",
        after="# offline: mongod --repair",
        removed="server 4.2",
        reference="S",
    ),
    Entry(
        code="LM631",
        name="command-authSchemaUpgrade",
        legacy="client.admin.command('authSchemaUpgrade')",
        message="The authSchemaUpgrade command is removed in MongoDB 4.0: recreate users with "
        "SCRAM credentials (createUser/updateUser with a password).",
        replacement="db.command('updateUser', name, pwd=password)",
        meaning="Users keep working once they have SCRAM credentials.",
        rewrite=NEVER,
        matches=(command("authschemaupgrade"),),
        did="authSchemaUpgrade converted MONGODB-CR users to SCRAM-SHA-1.",
        before="client.admin.command('authSchemaUpgrade')",
        after="db.command('updateUser', 'app', pwd=password)",
        removed="server 4.0",
        reference="S, C21",
    ),
    Entry(
        code="LM632",
        name="command-geoSearch",
        legacy="db.command('geoSearch', 'places', near=[x, y], search={...})",
        message="The geoSearch command and geoHaystack indexes are removed in MongoDB 5.0: use a "
        "2d index with $geoNear or $geoWithin.",
        replacement="coll.aggregate([{'$geoNear': {'near': [x, y], 'distanceField': 'd', 'query': {...}}}])",
        meaning="Setting FCV 5.0 drops existing haystack indexes; create a 2d index instead.",
        rewrite=NEVER,
        matches=(command("geosearch"),),
        did="geoSearch queried a geoHaystack index.",
        before="db.command('geoSearch', 'places', near=[1, 2], maxDistance=5,\n"
        "           search={'type': 'cafe'})",
        after="list(db.places.aggregate([{'$geoNear': {'near': [1, 2], 'maxDistance': 5,\n"
        "    'distanceField': 'd', 'query': {'type': 'cafe'}}}]))",
        removed="server 5.0",
        reference="S, A20",
    ),
    Entry(
        code="LM633",
        name="command-mapReduce",
        legacy="db.command('mapReduce', 'c', map=..., reduce=..., out=...)",
        message="The mapReduce command is deprecated since MongoDB 5.0: rewrite it as an "
        "aggregation pipeline ($group, $merge/$out, $accumulator).",
        replacement="coll.aggregate([{'$group': {...}}, {'$merge': {'into': 'out'}}])",
        meaning="Still available through MongoDB 8.x; the sharded output option, nonAtomic: "
        "false and verbose are deprecated or ignored.",
        rewrite=NEVER,
        matches=(command("mapreduce"),),
        did="mapReduce ran JavaScript map and reduce functions over a collection.",
        before="db.command('mapReduce', 'orders', map=m, reduce=r, out='totals')",
        after="db.orders.aggregate([{'$group': {'_id': '$cust', 'total': {'$sum': '$amt'}}},\n"
        "                       {'$merge': {'into': 'totals'}}])",
        removed="server 5.0 (deprecated)",
        reference="S, L3",
    ),
    Entry(
        code="LM634",
        name="command-reIndex",
        legacy="db.command('reIndex', 'c')",
        message="The reIndex command is restricted to standalone servers since MongoDB 5.0 and "
        "deprecated in 6.0: delete the call.",
        replacement="(delete the call)",
        meaning="Replica-set members and Atlas refuse it; WiredTiger rarely needs it.",
        rewrite="only when the server is a standalone that still supports reIndex",
        matches=(command("reindex"),),
        did="reIndex rebuilt a collection's indexes.",
        before="db.command('reIndex', 'things')",
        after="",
        removed="server 6.0 (deprecated)",
        reference="S, K4",
    ),
    Entry(
        code="LM635",
        name="command-aggregate-without-cursor",
        legacy="db.command('aggregate', 'c', pipeline=[...])",
        message="The aggregate command without a cursor document is refused since MongoDB 3.6: "
        "use coll.aggregate(pipeline), or add cursor={} and read reply['cursor']['firstBatch'].",
        replacement="list(coll.aggregate(pipeline))",
        meaning="The reply is a cursor, not {'result': [...]}; only explain=True is exempt.",
        rewrite="only when the command's reply is read as ['result'] at the call site",
        matches=(command("aggregate", condition="without cursor= and without explain="),),
        did="aggregate returned the whole result in reply['result'].",
        before="docs = db.command('aggregate', 'c', pipeline=p)['result']",
        after="docs = list(db.c.aggregate(p))",
        removed="server 3.6",
        reference="S, L1",
    ),
    Entry(
        code="LM636",
        name="system-indexes",
        legacy="db['system.indexes'].find({'ns': 'db.coll'}) / db.system.indexes.find_one(...)",
        message="The system.indexes collection is gone since MongoDB 4.2 (WiredTiger never had "
        "it): use db[name].list_indexes() or index_information().",
        replacement="db[name].list_indexes()",
        meaning="listIndexes answers for one collection and its documents have no ns field; "
        "a query over every collection becomes a loop over list_collection_names().",
        rewrite=NEVER,
        matches=(behaviour("database", "system.indexes",
                           condition="db['system.indexes'] or db.system.indexes is read"),),
        did="system.indexes held one document per index of the database ({'v', 'key', 'name', "
        "'ns', options}); reading it listed or looked up indexes, and the shim emulates those "
        "reads from listIndexes.",
        before="spec = db['system.indexes'].find_one({'ns': 'test.things', 'name': 'a_1'})",
        after="spec = next((ix for ix in db.things.list_indexes() if ix['name'] == 'a_1'), None)",
        removed="server 4.2 (deprecated in 3.0)",
        reference="S (system.indexes row), A5",
        lint=False,
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
        matches=(keyword(FINDS, "spec", rename="filter"),),
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
        # not find_and_modify's fields=: 2.8 passed it to the findAndModify command as
        # given (collection.py, find_and_modify: **kwargs into command()), with no
        # empty-to-{'_id': 1} rewrite; LM405 covers that call's migration
        matches=(keyword(FINDS, "fields", rename="projection"),),
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
        matches=(keyword(FINDS, "timeout"),),
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
    Entry(
        code="LM706",
        name="find-slave_okay",
        legacy="coll.find(q, slave_okay=True)",
        message="The slave_okay= keyword of find()/find_one()/Cursor() is removed in PyMongo 3: "
        "use coll.with_options(read_preference=ReadPreference.SECONDARY_PREFERRED).find(q).",
        replacement="coll.with_options(read_preference=ReadPreference.SECONDARY_PREFERRED).find(q)",
        meaning="Same routing; PyMongo 4 raises TypeError for the keyword.",
        rewrite=ALWAYS,
        matches=(keyword(FINDS, "slave_okay"),),
        did="slave_okay=True allowed this query to run on a secondary.",
        before="doc = coll.find_one(q, slave_okay=True)",
        after="doc = coll.with_options(\n"
        "    read_preference=ReadPreference.SECONDARY_PREFERRED).find_one(q)",
        removed="PyMongo 3.0",
        reference="I10",
    ),
    Entry(
        code="LM707",
        name="find-read_preference",
        legacy="coll.find(q, read_preference=ReadPreference.SECONDARY)",
        message="The read_preference= keyword of find()/find_one()/Cursor() is removed in "
        "PyMongo 3: use coll.with_options(read_preference=ReadPreference.<NAME>).find(q).",
        replacement="coll.with_options(read_preference=ReadPreference.SECONDARY).find(q)",
        meaning="Same routing. The value must be a mode object: a 2.x int (0-4) raises TypeError "
        "(see LM110).",
        rewrite="only when the value is spelled ReadPreference.<NAME>",
        matches=(keyword(FINDS, "read_preference"),),
        did="read_preference chose the member this query was sent to.",
        before="cur = coll.find(q, read_preference=ReadPreference.NEAREST)",
        after="cur = coll.with_options(read_preference=ReadPreference.NEAREST).find(q)",
        removed="PyMongo 3.0",
        reference="I11",
    ),
    Entry(
        code="LM708",
        name="find-tag_sets",
        legacy="coll.find(q, tag_sets=[{'dc': 'ny'}])",
        message="The tag_sets= keyword of find()/Cursor() is removed in PyMongo 3: use "
        "coll.with_options(read_preference=Secondary(tag_sets=[...])).find(q).",
        replacement="coll.with_options(read_preference=Secondary(tag_sets=[{'dc': 'ny'}])).find(q)",
        meaning="The mode comes from the read_preference argument or the collection's; Primary "
        "takes no tags.",
        rewrite="only when the read preference mode is known statically",
        matches=(keyword(FINDS, "tag_sets"),),
        did="tag_sets restricted this query to members with matching tags.",
        before="cur = coll.find(q, read_preference=ReadPreference.SECONDARY,\n"
        "                tag_sets=[{'dc': 'ny'}])",
        after="cur = coll.with_options(read_preference=Secondary(tag_sets=[{'dc': 'ny'}])).find(q)",
        removed="PyMongo 3.0",
        reference="I12",
    ),
    Entry(
        code="LM709",
        name="find-secondary_acceptable_latency_ms",
        legacy="coll.find(q, secondary_acceptable_latency_ms=30)",
        message="The secondary_acceptable_latency_ms= keyword of find()/Cursor() is removed in "
        "PyMongo 3: drop it and set localThresholdMS on the client.",
        replacement="MongoClient(..., localThresholdMS=30)",
        meaning="There is no per-operation latency window any more; it is client-wide.",
        rewrite="only when a client-wide setting is acceptable",
        matches=(keyword(FINDS, "secondary_acceptable_latency_ms"),),
        did="The keyword widened or narrowed the latency window for this query.",
        before="cur = coll.find(q, secondary_acceptable_latency_ms=30)",
        after="cur = coll.find(q)   # MongoClient(..., localThresholdMS=30)",
        removed="PyMongo 3.0",
        reference="I13",
    ),
    Entry(
        code="LM710",
        name="find-snapshot",
        legacy="coll.find(q, snapshot=True)",
        message="The snapshot find option is removed from MongoDB 4.0 (PyMongo 4 still sends "
        "it): drop it, and add .hint([('_id', 1)]) if documents must not be returned twice "
        "while they move.",
        replacement="coll.find(q).hint([('_id', 1)])",
        meaning="hint on _id approximates the old guarantee (each document at most once); a "
        "snapshot read concern is a different feature. Current servers no longer honour the "
        "option.",
        rewrite="only when the approximation through an _id hint is acceptable",
        matches=(keyword(FINDS, "snapshot", condition="sent unless the value is None (PyMongo 4's "
                         "Cursor default; False is sent as snapshot: false, which servers 4.0+ "
                         "reject)"),
                 method("cursor", "snapshot")),
        did="snapshot=True traversed the _id index so a document moved during the query was not "
        "returned twice.",
        before="for doc in coll.find({}, snapshot=True): ...",
        after="for doc in coll.find({}).hint([('_id', 1)]): ...",
        removed="server 4.0 (deprecated 3.6); PyMongo deprecated it in 3.7",
        reference="I7",
    ),
    Entry(
        code="LM711",
        name="find-max_scan",
        legacy="coll.find(q, max_scan=1000)",
        message="The max_scan find option relies on maxScan, removed in MongoDB 4.2: use "
        "max_time_ms= to bound the query by time.",
        replacement="coll.find(q, max_time_ms=200)",
        meaning="Time is bounded instead of the number of scanned documents, and exceeding it "
        "raises ExecutionTimeout instead of returning fewer documents.",
        rewrite="only when a time bound is an acceptable substitute",
        matches=(keyword(FINDS, "max_scan", condition="sent unless the value is None or 0 "
                         "(PyMongo 4's Cursor sends $maxScan only when it is truthy)"),),
        did="max_scan stopped the query after scanning that many documents.",
        before="docs = list(coll.find(q, max_scan=1000))",
        after="docs = list(coll.find(q, max_time_ms=200))",
        removed="server 4.2; PyMongo deprecated it in 3.7",
        reference="I8",
    ),
    Entry(
        code="LM712",
        name="find-partial",
        legacy="coll.find(q, partial=True)",
        message="The partial= keyword of find()/Cursor() is removed in PyMongo 3: use "
        "allow_partial_results=True.",
        replacement="coll.find(q, allow_partial_results=True)",
        meaning="A pure rename.",
        rewrite=ALWAYS,
        matches=(keyword(FINDS, "partial", rename="allow_partial_results"),),
        did="partial=True returned results from the reachable shards when some were down.",
        before="cur = coll.find(q, partial=True)",
        after="cur = coll.find(q, allow_partial_results=True)",
        removed="PyMongo 3.0",
        reference="I4",
    ),
    Entry(
        code="LM713",
        name="find-tailable",
        legacy="coll.find(q, tailable=True, await_data=True)",
        message="The tailable= and await_data= keywords of find()/Cursor() are removed in "
        "PyMongo 3: use cursor_type=CursorType.TAILABLE or CursorType.TAILABLE_AWAIT.",
        replacement="coll.find(q, cursor_type=CursorType.TAILABLE_AWAIT)",
        meaning="Same cursor; await_data without tailable was ignored in 2.8, so drop it. "
        "max_await_time_ms is new.",
        rewrite=ALWAYS,
        matches=(keyword(FINDS, "tailable", "await_data"),),
        did="tailable kept the cursor open at the end of a capped collection; await_data made "
        "getMore wait for new data.",
        before="cur = oplog.find(q, tailable=True, await_data=True)",
        after="cur = oplog.find(q, cursor_type=CursorType.TAILABLE_AWAIT)",
        removed="PyMongo 3.0",
        reference="I5",
    ),
    Entry(
        code="LM714",
        name="find-exhaust",
        legacy="coll.find(q, exhaust=True)",
        message="The exhaust= keyword of find()/Cursor() is removed in PyMongo 3: use "
        "cursor_type=CursorType.EXHAUST.",
        replacement="coll.find(q, cursor_type=CursorType.EXHAUST)",
        meaning="Same streaming cursor; it cannot be combined with limit. PyMongo 4.18+ supports "
        "it through mongos 7.1+.",
        rewrite=ALWAYS,
        matches=(keyword(FINDS, "exhaust"),),
        did="exhaust=True made the server stream every batch without getMore requests.",
        before="cur = coll.find({}, exhaust=True)",
        after="cur = coll.find({}, cursor_type=CursorType.EXHAUST)",
        removed="PyMongo 3.0",
        reference="I6",
    ),
    Entry(
        code="LM715",
        name="compile_re",
        legacy="coll.find(q, compile_re=False)",
        message="The compile_re= keyword is removed in PyMongo 3 (on find, aggregate, command and "
        "the BSON/JSON decoders): drop it; BSON regular expressions always decode to "
        "bson.regex.Regex, call .try_compile() where a re.Pattern is needed.",
        replacement="coll.find(q)",
        meaning="2.8 compiled decoded regexes by default (compile_re=True), so code calling "
        ".match()/.search() on them breaks: Regex keeps .pattern and .flags. On command and "
        "aggregate the keyword would be sent to the server and rejected.",
        rewrite="only when compile_re=False was passed (nothing changes then)",
        matches=(keyword(FINDS + ("database.command", "collection.aggregate",
                                  "collection.find_and_modify",
                                  "bson.decode_all", "bson.BSON.decode", "json_util.loads",
                                  "json_util.object_hook", "bson.json_util.loads",
                                  "bson.json_util.object_hook", "decode_all", "decode_iter",
                                  "decode_file_iter"),
                         "compile_re"),),
        did="compile_re=True (the default) decoded BSON regexes to compiled re patterns.",
        before="doc = coll.find_one({'_id': 1}, compile_re=True)\ndoc['pat'].match(s)",
        after="doc = coll.find_one({'_id': 1})\ndoc['pat'].try_compile().match(s)",
        removed="PyMongo 3.0",
        reference="I15, O5",
    ),
    Entry(
        code="LM716",
        name="find-private-options",
        legacy="coll.find(q, _must_use_master=True, _uuid_subtype=4)",
        message="The private find()/Cursor() keywords _must_use_master= and _uuid_subtype= are "
        "removed in PyMongo 3: drop _must_use_master (or read from the primary) and set "
        "uuid_representation through codec_options.",
        replacement="coll.with_options(read_preference=ReadPreference.PRIMARY).find(q)",
        meaning="_must_use_master forced the primary; _uuid_subtype chose the UUID encoding for "
        "this query (see LM902).",
        rewrite=ALWAYS,
        matches=(keyword(FINDS, "_must_use_master", "_uuid_subtype", "_is_command"),),
        did="Private routing and encoding knobs of the 2.8 Cursor.",
        before="cur = coll.find(q, _must_use_master=True)",
        after="cur = coll.with_options(read_preference=ReadPreference.PRIMARY).find(q)",
        removed="PyMongo 3.0",
        reference="I17",
    ),
    Entry(
        code="LM717",
        name="find-positional-options",
        legacy="coll.find(q, fields, skip, limit, timeout, snapshot, tailable, ...)",
        message="Positional arguments after limit in find()/Cursor() changed meaning in PyMongo "
        "3: pass them as keywords using the 2.8 names, then apply the keyword renames.",
        replacement="coll.find(q, projection=fields, skip=skip, limit=limit, no_cursor_timeout=not timeout)",
        meaning="No error, silently different: the 5th slot was timeout and is now "
        "no_cursor_timeout (find(q, None, 0, 0, True) meant 'time out' and now means 'never "
        "time out'); the 6th was snapshot and is now cursor_type; the 7th was tailable and is "
        "now sort. 2.8 order: spec, fields, skip, limit, timeout, snapshot, tailable, sort, "
        "max_scan, as_class, slave_okay, await_data, partial, manipulate, read_preference, "
        "tag_sets, secondary_acceptable_latency_ms, exhaust, compile_re.",
        rewrite=ALWAYS,
        matches=(positional(("collection.find", "Cursor", "pymongo.cursor.Cursor"), 4,
                            condition="Cursor(collection, ...) counts from the 2nd argument"),
                 positional("collection.find_one", 4)),
        did="find() took every option positionally in the order listed above.",
        before="cur = coll.find({'a': 1}, None, 0, 10, False)",
        after="cur = coll.find({'a': 1}, None, 0, 10, no_cursor_timeout=True)",
        removed="PyMongo 3.0",
        reference="I18, X8",
    ),
    Entry(
        code="LM718",
        name="query-modifiers",
        legacy="coll.find({'$query': q, '$orderby': s, '$maxScan': n})",
        message="Filters wrapped in $query with $orderby, $hint, $maxTimeMS, $comment, $maxScan or "
        "$snapshot modifiers are legacy OP_QUERY syntax: pass sort=, hint=, max_time_ms= and "
        "comment= to find() instead.",
        replacement="coll.find(q, sort=s)",
        meaning="PyMongo 4 still translates the wrapper into find command fields, but $maxScan "
        "and $snapshot are then refused by current servers.",
        rewrite=ALWAYS,
        matches=(behaviour("collection", "find", "find_one",
                           condition="a filter literal whose first key is '$query'"),),
        did="OP_QUERY accepted a wrapped query with $-modifiers.",
        before="cur = coll.find({'$query': {'a': 1}, '$orderby': {'b': -1}})",
        after="cur = coll.find({'a': 1}, sort=[('b', -1)])",
        removed="server 5.1 (OP_QUERY); optional clean-up",
        reference="I20",
    ),
    Entry(
        code="LM719",
        name="find-modifiers",
        legacy="coll.find(q, modifiers={'$comment': 'x', '$maxTimeMS': 100})",
        message="The modifiers= keyword of find() is removed in PyMongo 4: use the matching "
        "keywords comment=, hint=, min=, max=, max_time_ms=, return_key=, show_record_id=.",
        replacement="coll.find(q, comment='x', max_time_ms=100)",
        meaning="Same find command fields.",
        rewrite=ALWAYS,
        matches=(keyword(FINDS, "modifiers"),),
        did="modifiers (PyMongo 2.9-3.x) passed $-modifiers as a dict.",
        before="cur = coll.find(q, modifiers={'$comment': 'report'})",
        after="cur = coll.find(q, comment='report')",
        removed="PyMongo 4.0 (deprecated in 3.5)",
        reference="I21",
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
    Entry(
        code="LM802",
        name="pymongo.replica_set_connection",
        legacy="from pymongo.replica_set_connection import ReplicaSetConnection",
        message="The pymongo.replica_set_connection module is removed in PyMongo 3: import "
        "MongoClient from pymongo instead (see LM102 for the changed defaults).",
        replacement="from pymongo import MongoClient",
        meaning="MongoClient acknowledges writes; add w=0 to keep ReplicaSetConnection's default.",
        rewrite="only when every ReplicaSetConnection(...) call is rewritten as well (LM102)",
        matches=(imports("pymongo.replica_set_connection"),),
        did="The module held ReplicaSetConnection.",
        removed="PyMongo 3.0",
        reference="A2",
    ),
    Entry(
        code="LM803",
        name="pymongo.master_slave_connection",
        legacy="from pymongo.master_slave_connection import MasterSlaveConnection",
        message="The pymongo.master_slave_connection module is removed in PyMongo 3: there is no "
        "replacement module; see LM104 for moving to a replica set.",
        replacement="from pymongo import MongoClient",
        meaning="Master/slave deployments must become replica sets first.",
        rewrite=NEVER,
        matches=(imports("pymongo.master_slave_connection"),),
        did="The module held MasterSlaveConnection.",
        removed="PyMongo 3.0",
        reference="A3",
    ),
    Entry(
        code="LM804",
        name="pymongo.mongo_replica_set_client",
        legacy="from pymongo.mongo_replica_set_client import MongoReplicaSetClient",
        message="The pymongo.mongo_replica_set_client module is removed in PyMongo 4: import "
        "MongoClient from pymongo instead (see LM103).",
        replacement="from pymongo import MongoClient",
        meaning="MongoClient with replicaSet= replaces MongoReplicaSetClient.",
        rewrite="only when every MongoReplicaSetClient(...) call is rewritten as well (LM103)",
        matches=(imports("pymongo.mongo_replica_set_client"),),
        did="The module held MongoReplicaSetClient.",
        removed="PyMongo 4.0",
        reference="A4",
    ),
    Entry(
        code="LM805",
        name="pymongo.objectid",
        legacy="from pymongo.objectid import ObjectId",
        message="The pymongo.objectid module is removed (since PyMongo 2.2): import from bson.objectid instead.",
        replacement="from bson.objectid import ObjectId",
        meaning="The same objects under their bson name; only the import changes.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.objectid", rename="bson.objectid"),),
        did="pymongo.objectid was a pre-2.2 alias of bson.objectid, still found in old code bases (it fails on "
        "PyMongo 2.8 too).",
        before="from pymongo.objectid import ObjectId",
        after="from bson.objectid import ObjectId",
        removed="PyMongo 2.2 (deprecated in 1.9)",
        reference="A5",
    ),
    Entry(
        code="LM806",
        name="pymongo.son",
        legacy="from pymongo.son import SON",
        message="The pymongo.son module is removed (since PyMongo 2.2): import from bson.son instead.",
        replacement="from bson.son import SON",
        meaning="The same objects under their bson name; only the import changes.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.son", rename="bson.son"),),
        did="pymongo.son was a pre-2.2 alias of bson.son, still found in old code bases (it fails on "
        "PyMongo 2.8 too).",
        before="from pymongo.son import SON",
        after="from bson.son import SON",
        removed="PyMongo 2.2 (deprecated in 1.9)",
        reference="A6",
    ),
    Entry(
        code="LM807",
        name="pymongo.binary",
        legacy="from pymongo.binary import Binary",
        message="The pymongo.binary module is removed (since PyMongo 2.2): import from bson.binary instead.",
        replacement="from bson.binary import Binary",
        meaning="The same objects under their bson name; only the import changes.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.binary", rename="bson.binary"),),
        did="pymongo.binary was a pre-2.2 alias of bson.binary, still found in old code bases (it fails on "
        "PyMongo 2.8 too).",
        before="from pymongo.binary import Binary",
        after="from bson.binary import Binary",
        removed="PyMongo 2.2 (deprecated in 1.9)",
        reference="A7",
    ),
    Entry(
        code="LM808",
        name="pymongo.dbref",
        legacy="from pymongo.dbref import DBRef",
        message="The pymongo.dbref module is removed (since PyMongo 2.2): import from bson.dbref instead.",
        replacement="from bson.dbref import DBRef",
        meaning="The same objects under their bson name; only the import changes. DBRef "
        "decoding is stricter as well: see LM911.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.dbref", rename="bson.dbref"),),
        did="pymongo.dbref was a pre-2.2 alias of bson.dbref, still found in old code bases (it fails on "
        "PyMongo 2.8 too).",
        before="from pymongo.dbref import DBRef",
        after="from bson.dbref import DBRef",
        removed="PyMongo 2.2 (deprecated in 1.9)",
        reference="A8",
    ),
    Entry(
        code="LM809",
        name="pymongo.json_util",
        legacy="from pymongo import json_util",
        message="The pymongo.json_util module is removed (since PyMongo 2.2): import from bson.json_util instead.",
        replacement="from bson import json_util",
        meaning="The same objects under their bson name; only the import changes. Its default "
        "output and parsing changed as well: see LM907 and LM908.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.json_util", rename="bson.json_util"),),
        did="pymongo.json_util was a pre-2.2 alias of bson.json_util, still found in old code bases (it fails on "
        "PyMongo 2.8 too).",
        before="from pymongo import json_util",
        after="from bson import json_util",
        removed="PyMongo 2.2 (deprecated in 1.9)",
        reference="A9",
    ),
    Entry(
        code="LM810",
        name="pymongo.bson",
        legacy="from pymongo.bson import BSON",
        message="The pymongo.bson module is removed (since PyMongo 2.2): import from bson instead.",
        replacement="from bson import BSON",
        meaning="The same objects under their bson name; only the import changes.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.bson", rename="bson"),),
        did="pymongo.bson was a pre-2.2 alias of bson, still found in old code bases (it fails on "
        "PyMongo 2.8 too).",
        before="from pymongo.bson import BSON",
        after="from bson import BSON",
        removed="PyMongo 2.2 (deprecated in 1.9)",
        reference="A10",
    ),
    Entry(
        code="LM811",
        name="pymongo.code",
        legacy="from pymongo.code import Code",
        message="The pymongo.code module is removed (since PyMongo 2.2): import from bson.code instead.",
        replacement="from bson.code import Code",
        meaning="The same objects under their bson name; only the import changes.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.code", rename="bson.code"),),
        did="pymongo.code was a pre-2.2 alias of bson.code, still found in old code bases (it fails on "
        "PyMongo 2.8 too).",
        before="from pymongo.code import Code",
        after="from bson.code import Code",
        removed="PyMongo 2.2 (deprecated in 1.9)",
        reference="A10",
    ),
    Entry(
        code="LM812",
        name="pymongo.timestamp",
        legacy="from pymongo.timestamp import Timestamp",
        message="The pymongo.timestamp module is removed (since PyMongo 2.2): import from bson.timestamp instead.",
        replacement="from bson.timestamp import Timestamp",
        meaning="The same objects under their bson name; only the import changes.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.timestamp", rename="bson.timestamp"),),
        did="pymongo.timestamp was a pre-2.2 alias of bson.timestamp, still found in old code bases (it fails on "
        "PyMongo 2.8 too).",
        before="from pymongo.timestamp import Timestamp",
        after="from bson.timestamp import Timestamp",
        removed="PyMongo 2.2 (deprecated in 1.9)",
        reference="A10",
    ),
    Entry(
        code="LM813",
        name="pymongo.max_key",
        legacy="from pymongo.max_key import MaxKey",
        message="The pymongo.max_key module is removed (since PyMongo 2.2): import from bson.max_key instead.",
        replacement="from bson.max_key import MaxKey",
        meaning="The same objects under their bson name; only the import changes.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.max_key", rename="bson.max_key"),),
        did="pymongo.max_key was a pre-2.2 alias of bson.max_key, still found in old code bases (it fails on "
        "PyMongo 2.8 too).",
        before="from pymongo.max_key import MaxKey",
        after="from bson.max_key import MaxKey",
        removed="PyMongo 2.2 (deprecated in 1.9)",
        reference="A10",
    ),
    Entry(
        code="LM814",
        name="pymongo.min_key",
        legacy="from pymongo.min_key import MinKey",
        message="The pymongo.min_key module is removed (since PyMongo 2.2): import from bson.min_key instead.",
        replacement="from bson.min_key import MinKey",
        meaning="The same objects under their bson name; only the import changes.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.min_key", rename="bson.min_key"),),
        did="pymongo.min_key was a pre-2.2 alias of bson.min_key, still found in old code bases (it fails on "
        "PyMongo 2.8 too).",
        before="from pymongo.min_key import MinKey",
        after="from bson.min_key import MinKey",
        removed="PyMongo 2.2 (deprecated in 1.9)",
        reference="A10",
    ),
    Entry(
        code="LM815",
        name="pymongo.tz_util",
        legacy="from pymongo.tz_util import utc",
        message="The pymongo.tz_util module is removed (since PyMongo 2.2): import from bson.tz_util instead.",
        replacement="from bson.tz_util import utc",
        meaning="The same objects under their bson name; only the import changes.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.tz_util", rename="bson.tz_util"),),
        did="pymongo.tz_util was a pre-2.2 alias of bson.tz_util, still found in old code bases (it fails on "
        "PyMongo 2.8 too).",
        before="from pymongo.tz_util import utc",
        after="from bson.tz_util import utc",
        removed="PyMongo 2.2 (deprecated in 1.9)",
        reference="A10",
    ),
    Entry(
        code="LM816",
        name="pymongo.son_manipulator",
        legacy="from pymongo.son_manipulator import SONManipulator",
        message="The pymongo.son_manipulator module is removed in PyMongo 4: use a TypeRegistry "
        "in CodecOptions for custom types, or transform documents explicitly (see LM612).",
        replacement="from bson.codec_options import CodecOptions, TypeCodec, TypeRegistry",
        meaning="SONManipulator, ObjectIdInjector, ObjectIdShuffler, NamespaceInjector and "
        "AutoReference have no replacement classes; ObjectIdInjector and ObjectIdShuffler are "
        "redundant in PyMongo 4.",
        rewrite=NEVER,
        matches=(imports("pymongo.son_manipulator"),),
        did="The module held the SON manipulator base class and the built-in manipulators.",
        removed="PyMongo 4.0 (deprecated in 3.0)",
        reference="A14",
    ),
    Entry(
        code="LM817",
        name="pymongo.cursor_manager",
        legacy="from pymongo.cursor_manager import BatchCursorManager",
        message="The pymongo.cursor_manager module is removed in PyMongo 4: delete the import and "
        "the set_cursor_manager() call (see LM128).",
        replacement="(delete the import)",
        meaning="Cursor cleanup is internal.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.cursor_manager"),),
        did="The module held CursorManager and BatchCursorManager.",
        removed="PyMongo 4.0 (deprecated in 3.3)",
        reference="A13",
    ),
    Entry(
        code="LM818",
        name="pymongo-internal-modules",
        legacy="import pymongo.thread_util, pymongo.member, pymongo.ssl_match_hostname",
        message="The internal modules pymongo.thread_util, pymongo.member and "
        "pymongo.ssl_match_hostname are removed in PyMongo 3/4: stop importing them; "
        "MongoClient's tls* options and client.nodes cover what they did.",
        replacement="(delete the import)",
        meaning="They were never public; their jobs are done inside PyMongo 4.",
        rewrite=NEVER,
        matches=(imports(("pymongo.thread_util", "pymongo.member", "pymongo.ssl_match_hostname")),),
        did="Internal helpers for threads/greenlets, replica-set members and TLS hostname checks.",
        removed="PyMongo 3.0/4.0",
        reference="A15",
    ),
    Entry(
        code="LM819",
        name="profiling-constants",
        legacy="from pymongo import OFF, SLOW_ONLY, ALL",
        message="The profiling constants pymongo.OFF, SLOW_ONLY and ALL are removed in PyMongo 4: "
        "use the integers 0, 1 and 2 with db.command('profile', level).",
        replacement="db.command('profile', 1)",
        meaning="Same values.",
        rewrite=ALWAYS,
        matches=(imports("pymongo", "OFF", "SLOW_ONLY", "ALL"),),
        did="OFF=0, SLOW_ONLY=1, ALL=2 for set_profiling_level().",
        before="db.set_profiling_level(pymongo.ALL)",
        after="db.command('profile', 2)",
        removed="PyMongo 4.0 (deprecated in 3.12)",
        reference="A19",
    ),
    Entry(
        code="LM820",
        name="pymongo.bulk",
        legacy="from pymongo.bulk import BulkOperationBuilder",
        message="The pymongo.bulk module (BulkOperationBuilder) is removed in PyMongo 4: import "
        "InsertOne, UpdateOne, UpdateMany, ReplaceOne, DeleteOne and DeleteMany from "
        "pymongo.operations and call bulk_write (see LM414).",
        replacement="from pymongo.operations import InsertOne, UpdateOne, DeleteMany",
        meaning="Operations are plain objects in a list, not builder calls.",
        rewrite=NEVER,
        matches=(imports("pymongo.bulk"),),
        did="The module held the bulk builder classes.",
        removed="PyMongo 4.0 (builder; module not importable from 4.9)",
        reference="A16",
    ),
    Entry(
        code="LM821",
        name="pymongo-private-modules",
        legacy="from pymongo import helpers; from pymongo.pool import Request",
        message="pymongo.helpers and pymongo.pool.Request are private and gone from PyMongo 4: "
        "stop importing them.",
        replacement="(delete the import)",
        meaning="Request objects no longer exist (see LM201); helpers moved under "
        "pymongo.synchronous and are private.",
        rewrite=NEVER,
        matches=(imports("pymongo.helpers"), imports("pymongo.pool", "Request")),
        did="helpers held internal functions; Request was what start_request() returned.",
        removed="PyMongo 3.0 (Request) / 4.9 (helpers)",
        reference="A17",
    ),
    Entry(
        code="LM822",
        name="pymongo.message",
        legacy="from pymongo.message import insert, query",
        message="The legacy opcode builders in pymongo.message (insert, update, delete, query, "
        "get_more, kill_cursors) are removed in PyMongo 4 and the opcodes in MongoDB 5.1: use "
        "the Collection methods.",
        replacement="coll.insert_one(doc)",
        meaning="There is no supported way to build wire messages by hand.",
        rewrite=NEVER,
        matches=(imports("pymongo.message", "insert", "update", "delete", "query", "get_more",
                         "kill_cursors"),),
        did="These functions built OP_INSERT/OP_QUERY/... messages.",
        removed="PyMongo 4.0; server opcodes removed in 5.1",
        reference="A18",
    ),
    Entry(
        code="LM823",
        name="pymongo.errors-bson-reexports",
        legacy="from pymongo.errors import InvalidId, InvalidBSON, InvalidStringData, BSONError",
        message="pymongo.errors no longer re-exports the bson errors since PyMongo 4.2: import "
        "InvalidId, InvalidBSON, InvalidStringData and BSONError from bson.errors.",
        replacement="from bson.errors import InvalidId",
        meaning="The same classes; only the import path changes (pymongo.errors still has "
        "InvalidDocument).",
        rewrite=ALWAYS,
        matches=(imports("pymongo.errors", "InvalidId", "InvalidBSON", "InvalidStringData",
                         "BSONError", rename="bson.errors"),),
        did="pymongo.errors star-imported bson.errors.",
        before="from pymongo.errors import InvalidId",
        after="from bson.errors import InvalidId",
        removed="PyMongo 4.2",
        reference="A11, N8",
    ),
    Entry(
        code="LM824",
        name="CertificateError",
        legacy="from pymongo.errors import CertificateError",
        message="pymongo.errors.CertificateError is removed in PyMongo 4: catch "
        "ssl.SSLCertVerificationError, or ConnectionFailure/ServerSelectionTimeoutError around "
        "operations.",
        replacement="except ServerSelectionTimeoutError:",
        meaning="PyMongo wraps TLS failures in ConnectionFailure/ServerSelectionTimeoutError, "
        "raised by the first operation rather than the constructor.",
        rewrite="only when the except clause can catch ConnectionFailure instead",
        matches=(imports("pymongo.errors", "CertificateError"),),
        did="A re-export of ssl.CertificateError raised on hostname mismatch.",
        removed="PyMongo 4.0",
        reference="A12",
    ),
    Entry(
        code="LM825",
        name="GEOHAYSTACK",
        legacy="coll.create_index([('pos', pymongo.GEOHAYSTACK), ('type', 1)], bucket_size=1)",
        message="pymongo.GEOHAYSTACK is removed in PyMongo 4 and geoHaystack indexes in MongoDB "
        "5.0: use a 2d index (pymongo.GEO2D) queried with $geoNear or $geoWithin.",
        replacement="coll.create_index([('pos', pymongo.GEO2D)])",
        meaning="The string 'geoHaystack' still works only on servers before 5.0.",
        rewrite="only when the queries are rewritten to $geoNear/$geoWithin too",
        matches=(imports("pymongo", "GEOHAYSTACK"),),
        did="GEOHAYSTACK = 'geoHaystack', the bucketed 2d index type.",
        removed="PyMongo 4.0; server 5.0",
        reference="A20",
    ),
    Entry(
        code="LM826",
        name="SECONDARY_ONLY",
        legacy="ReadPreference.SECONDARY_ONLY",
        message="ReadPreference.SECONDARY_ONLY is removed in PyMongo 3: use "
        "ReadPreference.SECONDARY.",
        replacement="ReadPreference.SECONDARY",
        meaning="The same mode (it was an alias).",
        rewrite=ALWAYS,
        matches=(imports(("pymongo.ReadPreference", "pymongo.read_preferences.ReadPreference"),
                         "SECONDARY_ONLY", rename="SECONDARY"),),
        did="SECONDARY_ONLY was an alias of SECONDARY (2).",
        before="read_preference=ReadPreference.SECONDARY_ONLY",
        after="read_preference=ReadPreference.SECONDARY",
        removed="PyMongo 3.0",
        reference="A21",
    ),
    Entry(
        code="LM827",
        name="read_preferences-internals",
        legacy="from pymongo.read_preferences import modes, select_member",
        message="pymongo.read_preferences.modes, mongos_mode, mongos_enum, select_member, "
        "select_primary and select_member_with_tags are removed in PyMongo 3: use "
        "read_pref_mode_from_name() for name lookup; server selection is internal.",
        replacement="from pymongo.read_preferences import read_pref_mode_from_name",
        meaning="Member selection cannot be called directly any more.",
        rewrite=NEVER,
        matches=(imports("pymongo.read_preferences", "modes", "mongos_mode", "mongos_enum",
                         "select_member", "select_primary", "select_member_with_tags"),),
        did="Helpers and tables behind 2.8's read-preference routing.",
        removed="PyMongo 3.0",
        reference="A22",
    ),
    Entry(
        code="LM828",
        name="bson.has_uuid",
        legacy="if bson.has_uuid(): ...",
        message="bson.has_uuid() is removed in PyMongo 3: delete the check (the uuid module is "
        "always present).",
        replacement="True",
        meaning="Always true on every supported Python.",
        rewrite=ALWAYS,
        matches=(imports("bson", "has_uuid"),),
        did="has_uuid() told whether the uuid module could be imported (Python 2.4).",
        before="if bson.has_uuid():\n    u = uuid.uuid4()",
        after="u = uuid.uuid4()",
        removed="PyMongo 3.0",
        reference="A23",
    ),
    Entry(
        code="LM829",
        name="bson.py3compat",
        legacy="from bson.py3compat import b, string_type, PY3",
        message="bson.py3compat is removed in PyMongo 4: use the Python 3 built-ins (bytes, str, "
        "int) directly.",
        replacement="bytes / str",
        meaning="b('x') is b'x', string_type is str, PY3 is True.",
        rewrite="only when the helper's Python 3 meaning is the intended one",
        matches=(imports("bson.py3compat"),),
        did="Python 2/3 compatibility helpers.",
        removed="PyMongo 4.0",
        reference="A24",
    ),
    Entry(
        code="LM830",
        name="pymongo.errors.TimeoutError",
        legacy="except pymongo.errors.TimeoutError:",
        message="pymongo.errors.TimeoutError is removed in PyMongo 3: catch "
        "pymongo.errors.WTimeoutError (a bare TimeoutError is now Python's built-in OSError "
        "subclass).",
        replacement="except pymongo.errors.WTimeoutError:",
        meaning="2.8 only ever raised the WTimeoutError subclass, so the same errors are caught; "
        "an unqualified except TimeoutError: still compiles but catches the built-in instead. "
        "For multi-document writes the timeout arrives inside BulkWriteError.",
        rewrite="only when the name is qualified with pymongo.errors or imported from it",
        matches=(imports("pymongo.errors", "TimeoutError", rename="WTimeoutError"),),
        did="TimeoutError was the base of WTimeoutError (write-concern timeouts).",
        before="from pymongo.errors import TimeoutError\ntry: ...\nexcept TimeoutError: ...",
        after="from pymongo.errors import WTimeoutError\ntry: ...\nexcept WTimeoutError: ...",
        removed="PyMongo 3.0",
        reference="N1",
    ),
    Entry(
        code="LM831",
        name="UnsupportedOption",
        legacy="except pymongo.errors.UnsupportedOption:",
        message="pymongo.errors.UnsupportedOption is removed in PyMongo 3: catch "
        "ConfigurationError (keyword options) and note that unknown URI options only warn now.",
        replacement="except pymongo.errors.ConfigurationError:",
        meaning="Unknown URI options are dropped with a UserWarning instead of raising.",
        rewrite=ALWAYS,
        matches=(imports("pymongo.errors", "UnsupportedOption", rename="ConfigurationError"),),
        did="The URI parser raised UnsupportedOption (a ConfigurationError) for unknown options.",
        removed="PyMongo 3.0",
        reference="N2",
    ),
    Entry(
        code="LM832",
        name="ExceededMaxWaiters",
        legacy="except pymongo.errors.ExceededMaxWaiters:",
        message="pymongo.errors.ExceededMaxWaiters is removed in PyMongo 4: catch "
        "WaitQueueTimeoutError (with waitQueueTimeoutMS set) instead.",
        replacement="except pymongo.errors.WaitQueueTimeoutError:",
        meaning="Nothing limits the number of waiters any more (see LM109).",
        rewrite=NEVER,
        matches=(imports("pymongo.errors", "ExceededMaxWaiters"),),
        did="Raised when more threads than waitQueueMultiple allowed waited for a socket.",
        removed="PyMongo 4.0",
        reference="N3",
    ),
    Entry(
        code="LM833",
        name="gridfs.UnsupportedAPI",
        legacy="from gridfs.errors import UnsupportedAPI",
        message="gridfs.errors.UnsupportedAPI is removed in PyMongo 3: delete the handler "
        "(the APIs that raised it are gone, see LM422).",
        replacement="(delete the except clause)",
        meaning="Nothing raises it any more.",
        rewrite=ALWAYS,
        matches=(imports("gridfs.errors", "UnsupportedAPI"),),
        did="Raised by GridFS.open()/remove() placeholders.",
        removed="PyMongo 3.0",
        reference="N9",
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
    Entry(
        code="LM902",
        name="uuid_subtype",
        legacy="coll.uuid_subtype = UUID_SUBTYPE; MongoClient(uuid_subtype=4)",
        message="The uuid_subtype attribute and keyword are removed in PyMongo 3: set "
        "uuid_representation in CodecOptions (with_options / get_database / get_collection) or "
        "uuidRepresentation= on the client.",
        replacement="coll.with_options(codec_options=coll.codec_options.with_options("
        "uuid_representation=UuidRepresentation.STANDARD))",
        meaning="The values carry over numerically (3 = PYTHON_LEGACY = OLD_UUID_SUBTYPE, 4 = "
        "STANDARD = UUID_SUBTYPE, 5 = JAVA_LEGACY, 6 = CSHARP_LEGACY). Assigning the attribute "
        "is silently ignored on 4.x; as a command/aggregate keyword it is sent to the server.",
        rewrite="only when it is read, or passed as a keyword (an assignment must become a "
        "rebinding)",
        matches=(attribute(SETTINGS, "uuid_subtype"),
                 keyword(CLIENTS + FINDS + ("database.command", "collection.aggregate"),
                         "uuid_subtype")),
        did="uuid_subtype chose the binary subtype and byte order used for uuid.UUID values "
        "(default 3, Python legacy).",
        before="coll.uuid_subtype = UUID_SUBTYPE",
        after="coll = coll.with_options(codec_options=coll.codec_options.with_options(\n"
        "    uuid_representation=UuidRepresentation.STANDARD))",
        removed="PyMongo 3.0 (deprecated in 2.9)",
        reference="F6",
    ),
    Entry(
        code="LM903",
        name="BSON-encode-decode-arguments",
        legacy="BSON.encode(doc, False, OLD_UUID_SUBTYPE); BSON(data).decode(as_class=SON, tz_aware=True)",
        message="The uuid_subtype=, as_class=, tz_aware= and compile_re= arguments of "
        "BSON.encode() and BSON.decode() are removed in PyMongo 3: pass "
        "codec_options=CodecOptions(document_class=..., tz_aware=..., uuid_representation=...) "
        "to bson.encode()/bson.decode().",
        replacement="bson.decode(data, codec_options=CodecOptions(document_class=SON, tz_aware=True))",
        meaning="Same bytes and documents once the options are spelled out; the default UUID "
        "representation changed as well (see LM901).",
        rewrite=ALWAYS,
        matches=(keyword(("bson.BSON.encode", "BSON.encode", "bson.BSON.decode", "BSON.decode",
                          "encode", "decode"),
                         "uuid_subtype", "as_class", "tz_aware"),),
        did="The BSON class methods took the codec settings as separate arguments.",
        before="doc = BSON(data).decode(as_class=SON, tz_aware=True)",
        after="doc = bson.decode(data, codec_options=CodecOptions(document_class=SON, tz_aware=True))",
        removed="PyMongo 3.0",
        reference="O2, O3",
    ),
    Entry(
        code="LM904",
        name="decode_all-defaults",
        legacy="bson.decode_all(data)",
        message="bson.decode_all(), decode_iter() and decode_file_iter() returned tz-aware "
        "datetimes by default in 2.x: pass codec_options=CodecOptions(tz_aware=True) to keep "
        "them, instead of the removed as_class=/tz_aware=/uuid_subtype= keywords.",
        replacement="bson.decode_all(data, codec_options=CodecOptions(tz_aware=True))",
        meaning="The 4.x default CodecOptions() gives naive UTC datetimes, so comparisons with "
        "aware datetimes raise TypeError.",
        rewrite=ALWAYS,
        matches=(keyword(("bson.decode_all", "decode_all", "bson.decode_iter", "decode_iter",
                          "bson.decode_file_iter", "decode_file_iter"),
                         "as_class", "tz_aware", "uuid_subtype"),
                 behaviour((), "decode_all", "decode_iter", "decode_file_iter",
                           condition="called without codec_options")),
        did="decode_all(data, as_class=dict, tz_aware=True, uuid_subtype=3, compile_re=True).",
        before="docs = bson.decode_all(data)",
        after="docs = bson.decode_all(data, codec_options=CodecOptions(tz_aware=True))",
        removed="PyMongo 3.0",
        reference="O4",
    ),
    Entry(
        code="LM905",
        name="regex-decoding",
        legacy="doc['pattern'].match(s)  # decoded BSON regex",
        message="Decoded BSON regular expressions are bson.regex.Regex since PyMongo 3, not "
        "compiled patterns: call .try_compile() before .match()/.search().",
        replacement="doc['pattern'].try_compile().match(s)",
        meaning="Regex keeps .pattern and .flags; encoding a compiled re pattern still works.",
        rewrite="only when the value is known to come from a decoded document",
        matches=(behaviour((), "match", "search",
                           condition="called on a value read from a PyMongo document"),),
        did="Every decoder compiled BSON regexes to re patterns by default (compile_re=True).",
        before="if doc['rule'].match(name): ...",
        after="if doc['rule'].try_compile().match(name): ...",
        removed="PyMongo 3.0",
        reference="O5",
        lint=False,
    ),
    Entry(
        code="LM906",
        name="int64-decoding",
        legacy="type(doc['n']) is int",
        message="BSON int64 values decode to bson.int64.Int64 (an int subclass) since PyMongo 3: "
        "use isinstance(value, int) instead of type(value) is int.",
        replacement="isinstance(doc['n'], int)",
        meaning="Arithmetic is unchanged; exact type checks and canonical extended JSON "
        "($numberLong) differ.",
        rewrite="only when the exact type test can become isinstance",
        matches=(behaviour((), condition="type(x) is int / type(x) == int on decoded values"),),
        did="int64 decoded to int (long on Python 2).",
        before="if type(doc['n']) is int: ...",
        after="if isinstance(doc['n'], int): ...",
        removed="PyMongo 3.0",
        reference="O6",
        lint=False,
        runtime=False,
    ),
    Entry(
        code="LM907",
        name="json_util.dumps-default",
        legacy="json_util.dumps(doc)",
        message="bson.json_util.dumps() writes relaxed extended JSON by default since PyMongo 4: "
        "pass json_options=json_util.LEGACY_JSON_OPTIONS to keep the 2.x output.",
        replacement="json_util.dumps(doc, json_options=json_util.LEGACY_JSON_OPTIONS)",
        meaning="The 4.x default gives {'$date': '2020-01-01T00:00:00Z'}, "
        "{'$binary': {'base64', 'subType'}} and {'$regularExpression': {...}} where 2.x gave "
        "{'$date': <ms>}, {'$binary': b64, '$type': '00'} and {'$regex', '$options'}; UUIDs raise "
        "unless a representation is set (JSONOptions(json_mode=JSONMode.LEGACY, "
        "uuid_representation=UuidRepresentation.PYTHON_LEGACY) gives {'$uuid': hex}).",
        rewrite="only when byte-compatible output is wanted (consumers parse the 2.x shape)",
        matches=(behaviour((), "dumps", condition="json_util.dumps without json_options"),),
        did="dumps produced MongoDB's legacy extended JSON.",
        before="s = json_util.dumps(doc)",
        after="s = json_util.dumps(doc, json_options=json_util.LEGACY_JSON_OPTIONS)",
        removed="PyMongo 4.0 (default changed)",
        reference="O7",
    ),
    Entry(
        code="LM908",
        name="json_util.loads-default",
        legacy="json_util.loads(s, compile_re=True)",
        message="bson.json_util.loads() parses to naive datetimes, Regex and Binary by default "
        "since PyMongo 4: pass json_options=JSONOptions(tz_aware=True, "
        "uuid_representation=UuidRepresentation.PYTHON_LEGACY) to get the 2.x values.",
        replacement="json_util.loads(s, json_options=JSONOptions(tz_aware=True, "
        "uuid_representation=UuidRepresentation.PYTHON_LEGACY))",
        meaning="$date was an aware UTC datetime and is now naive; $regex was a compiled pattern "
        "and is now Regex; $uuid was uuid.UUID and is now Binary unless a representation is "
        "set. The compile_re= keyword of loads/object_hook is gone.",
        rewrite="only when the 2.x value types are wanted",
        matches=(behaviour((), "loads", "object_hook",
                           condition="json_util.loads/object_hook without json_options"),),
        did="loads turned extended JSON into aware datetimes, compiled regexes and UUIDs.",
        before="doc = json_util.loads(s)",
        after="doc = json_util.loads(s, json_options=JSONOptions(\n"
        "    tz_aware=True, uuid_representation=UuidRepresentation.PYTHON_LEGACY))",
        removed="PyMongo 4.0 (defaults changed)",
        reference="O8",
    ),
    Entry(
        code="LM909",
        name="STRICT_JSON_OPTIONS",
        legacy="json_util.STRICT_JSON_OPTIONS",
        message="json_util.STRICT_JSON_OPTIONS is removed in PyMongo 4: use "
        "RELAXED_JSON_OPTIONS or CANONICAL_JSON_OPTIONS.",
        replacement="json_util.RELAXED_JSON_OPTIONS",
        meaning="Strict mode was MongoDB's pre-spec extended JSON; relaxed is closest for humans, "
        "canonical preserves types exactly.",
        rewrite=ALWAYS,
        matches=(imports("bson.json_util", "STRICT_JSON_OPTIONS"),),
        did="STRICT_JSON_OPTIONS (3.x code) selected strict extended JSON.",
        before="json_util.dumps(doc, json_options=json_util.STRICT_JSON_OPTIONS)",
        after="json_util.dumps(doc, json_options=json_util.RELAXED_JSON_OPTIONS)",
        removed="PyMongo 4.0 (deprecated in 3.5)",
        reference="O9",
    ),
    Entry(
        code="LM910",
        name="SON-py2-methods",
        legacy="son.iteritems(); son.has_key(k); son.keys()[0]",
        message="SON.iteritems(), has_key(), iterkeys() and itervalues() are removed or deprecated "
        "in PyMongo 4 and keys()/values()/items() return views: use .items(), k in son, .keys(), "
        ".values() and next(iter(son)).",
        replacement="son.items()",
        meaning="Views cannot be indexed: son.keys()[0] fails, use next(iter(son)).",
        rewrite=ALWAYS,
        matches=(method("son", "iteritems", "has_key", "iterkeys", "itervalues"),),
        did="SON mirrored the Python 2 dict API.",
        before="for k, v in son.iteritems(): ...\nfirst = son.keys()[0]",
        after="for k, v in son.items(): ...\nfirst = next(iter(son))",
        removed="PyMongo 4.0 (iteritems); others deprecated in 4.17",
        reference="O10",
    ),
    Entry(
        code="LM911",
        name="DBRef-decoding",
        legacy="{'$ref': 'c', 'x': 1} decoded as DBRef",
        message="Sub-documents are decoded as DBRef only when $ref and $id are both present and "
        "well-typed since PyMongo 4: store complete DBRefs, or read such fields as plain dicts.",
        replacement="DBRef('c', oid)",
        meaning="A sub-document with $ref but no valid $id now stays a dict.",
        rewrite=NEVER,
        matches=(behaviour((), condition="documents holding $ref without $id"),),
        did="Any sub-document with a $ref key decoded to DBRef.",
        before="ref = doc['owner']          # a DBRef in 2.x even without $id",
        after="ref = doc['owner']          # a dict unless $ref and $id are both valid",
        removed="PyMongo 4.0 (behaviour change)",
        reference="O11",
        lint=False,
        runtime=False,
    ),
    Entry(
        code="LM912",
        name="Code.scope",
        legacy="Code(js).scope",
        message="Code(...).scope is None when no scope was given since PyMongo 3.4 (it was {}): "
        "test it with if code.scope: or use code.scope or {}.",
        replacement="code.scope or {}",
        meaning="Iterating or subscripting a missing scope raises TypeError.",
        rewrite=ALWAYS,
        matches=(behaviour((), "scope", condition="the scope attribute of a bson.code.Code "
                           "value, iterated or subscripted"),),
        did="Code objects always had a dict scope.",
        before="for name in code.scope: ...",
        after="for name in code.scope or {}: ...",
        removed="PyMongo 3.4 (behaviour change)",
        reference="O12",
        lint=False,
        runtime=False,
    ),
    Entry(
        code="LM913",
        name="bytes-str-mapping",
        legacy="coll.insert({'data': 'raw bytes'})  # Python 2 str",
        message="On Python 3, bytes encode as BSON binary (subtype 0) and decode back to bytes, "
        "while str encodes as a BSON string: decode text to str before storing it, and expect "
        "bytes where 2.x gave Binary.",
        replacement="coll.insert_one({'data': raw.decode('utf-8')})",
        meaning="A Python 2 str holding UTF-8 text was stored as a string; the same literal in "
        "Python 3 bytes is stored as binary, so queries by string stop matching.",
        rewrite=NEVER,
        matches=(behaviour((), condition="bytes values in documents (Python 2 str literals)"),),
        did="PyMongo 2.8 on Python 2 encoded str and unicode as BSON strings and decoded "
        "binary subtype 0 to Binary.",
        before="coll.insert({'name': 'caf\\xc3\\xa9'})   # Python 2 str",
        after="coll.insert_one({'name': 'café'})",
        removed="Python 3 (language change)",
        reference="O13",
        lint=False,
        runtime=False,
    ),
    Entry(
        code="LM914",
        name="ObjectId-layout",
        legacy="oid.binary[4:7]  # machine id",
        message="ObjectId bytes 4-8 are a per-process random value since PyMongo 3.8, not a "
        "machine id and pid: stop parsing them (generation_time is unchanged).",
        replacement="oid.generation_time",
        meaning="Code that extracts the machine or process from an ObjectId gets random bytes.",
        rewrite=NEVER,
        matches=(behaviour((), condition="slicing ObjectId.binary or str(oid)[8:18]"),),
        did="ObjectIds held a 3-byte machine hash and a 2-byte pid.",
        before="machine = oid.binary[4:7]",
        after="created = oid.generation_time",
        removed="PyMongo 3.8 (behaviour change)",
        reference="O14",
        lint=False,
        runtime=False,
    ),
    Entry(
        code="LM915",
        name="UUIDLegacy",
        legacy="UUIDLegacy(u)",
        message="bson.binary.UUIDLegacy is removed in PyMongo 4: use "
        "Binary.from_uuid(u, UuidRepresentation.PYTHON_LEGACY).",
        replacement="Binary.from_uuid(u, UuidRepresentation.PYTHON_LEGACY)",
        meaning="Identical bytes (subtype 3, Python byte order).",
        rewrite=ALWAYS,
        matches=(imports("bson.binary", "UUIDLegacy"),),
        did="UUIDLegacy wrapped a UUID to store it as subtype 3 regardless of the client setting.",
        before="coll.find_one({'u': UUIDLegacy(u)})",
        after="coll.find_one({'u': Binary.from_uuid(u, UuidRepresentation.PYTHON_LEGACY)})",
        removed="PyMongo 4.0 (deprecated in 3.11)",
        reference="A25",
    ),
)


# What `legacy-mongo lint --fix` does per code (legacy_mongo/lint/fixes.py builds the
# edits; tests/lint/test_fixes.py keeps the two in step).  A safe fix also needs a
# receiver the linter proves to be PyMongo's ("certain"); otherwise it is unsafe.
_ERRORS_NEARBY = ("; unsafe where its errors are handled nearby (inside try: or a lambda): "
                  "PyMongo 4 raises WriteError, a subclass of 2.8's OperationFailure, and "
                  "its messages add ', full error: {...}'")
_GETLASTERROR = ("; unsafe in a module that reads db.error()/last_status()/previous_error() "
                 "(the shim records only legacy writes for them)")
AUTOFIX: Dict[str, Tuple[str, str]] = {
    "LM101": ("unsafe", "Connection() did not acknowledge writes; the fix adds w=0 to keep "
                        "that, and MongoClient has no requests (socket pinning) or "
                        "auto_start_request"),
    "LM801": ("unsafe", "with every Connection(...) call of the module (LM101): "
                        "from pymongo import MongoClient; Connection() did not acknowledge "
                        "writes (the calls get w=0) and MongoClient has no requests"),
    "LM122": ("safe", "client.tz_aware (a read) -> client.codec_options.tz_aware"),
    "LM124": ("safe", "client.max_pool_size (a read) -> "
                      "client.options.pool_options.max_pool_size"),
    "LM503": ("safe", "cursor.conn_id (a read) -> cursor.address"),
    "LM619": ("safe", "db.connection (a read) -> db.client"),
    "LM201": ("unsafe", "the call is deleted: reads after an unacknowledged write may no "
                        "longer see it (no socket pinned to the thread)"),
    "LM202": ("unsafe", "the call is deleted: nothing replaces ending a request"),
    "LM301": ("unsafe", "safe= is deleted: the write then uses the client's write concern "
                        "(acknowledged for MongoClient, w=0 only where the client says so)"),
    "LM401": ("safe", "insert(<dict literal>) as a statement, or x = insert(...) "
                      "(x = insert_one(...).inserted_id)" + _ERRORS_NEARBY + _GETLASTERROR),
    "LM402": ("unsafe", "save(<dict literal>) as a statement: insert_one without _id, "
                        "replace_one(..., upsert=True) with one; the 2.x return value and "
                        "manipulators are gone"),
    "LM403": ("safe", "update(spec, {$-operators}[, upsert=][, multi=]) as a statement "
                      "-> update_one/update_many" + _ERRORS_NEARBY + _GETLASTERROR),
    "LM404": ("safe", "remove(<dict literal>) or remove() as a statement -> delete_many "
                      "(delete_one for multi=False)" + _ERRORS_NEARBY + _GETLASTERROR),
    "LM405": ("unsafe", "-> find_one_and_update/_replace/_delete when the update document's "
                        "kind is visible (query=/fields=/new= become filter=/projection=/"
                        "return_document=, new's value as it is); the collection's write "
                        "concern is now sent with the command (w=0: no document back)"),
    "LM406": ("safe", "coll.count() without arguments -> estimated_document_count() "
                      "(both the count command without a query)" + _ERRORS_NEARBY),
    "LM407": ("safe", "ensure_index as a statement without cache_for/ttl/drop_dups "
                      "-> create_index" + _ERRORS_NEARBY),
    "LM501": ("safe", "coll.find(<dict literal>).count() -> coll.count_documents(...)" +
             _ERRORS_NEARBY),
    "LM601": ("safe", "-> list_collection_names(); include_system_collections=False "
                      "becomes a filter on names not starting with system." + _ERRORS_NEARBY),
    "LM602": ("safe", "database_names() -> list_database_names()" + _ERRORS_NEARBY),
    "LM701": ("safe", "find(spec=) -> filter="),
    "LM702": ("safe", "find(fields=<non-empty literal>) -> projection="),
    "LM703": ("safe", "find(timeout=False) -> no_cursor_timeout=True; timeout=True "
                      "is deleted"),
    "LM712": ("safe", "find(partial=) -> allow_partial_results="),
    "LM713": ("safe", "find(tailable=True[, await_data=True]) -> cursor_type=pymongo."
                      "CursorType.TAILABLE[_AWAIT] where the module imports pymongo; "
                      "await_data alone is deleted (2.8 ignored it without tailable)"),
    "LM714": ("safe", "find(exhaust=True) -> cursor_type=pymongo.CursorType.EXHAUST where "
                      "the module imports pymongo; exhaust=False is deleted"),
    "LM823": ("safe", "from pymongo.errors import <only moved names> -> from bson.errors"),
}
for _code in ("LM805", "LM806", "LM807", "LM808", "LM809", "LM810", "LM811", "LM812",
              "LM813", "LM814", "LM815"):
    AUTOFIX[_code] = ("safe", "from-import of the module -> its bson path")


def _no_autofix_reason(found: Entry) -> str:
    if not found.lint:
        return "the linter cannot see it"
    if found.rewrite == NEVER:
        return "the meaning differs; rewrite by hand"
    if found.rewrite == ALWAYS:
        return "not automated yet (a mechanical rewrite exists: see After)"
    return "needs what the linter cannot see (%s)" % found.rewrite


def _with_autofix(table: Dict[str, Entry]) -> Dict[str, Entry]:
    from dataclasses import replace
    out = {}
    for code, found in table.items():
        kind, note = AUTOFIX.get(code, ("", ""))
        out[code] = replace(found, autofix=kind, autofix_note=note or _no_autofix_reason(found))
    return out


CATALOGUE = _with_autofix(CATALOGUE)


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

<!-- Generated from legacy_mongo/catalogue.py by `python tools/gen_migration.py`.
     Do not edit by hand: edit the catalogue and regenerate
     (tests/test_catalogue.py fails when this file is stale). -->

legacy-mongo lets a program written for PyMongo 2.x run unchanged on PyMongo 4 (the *shim*,
`legacy-mongo run`), and finds every legacy use statically (the *linter*, `legacy-mongo lint`).
Both report the same stable codes (`LM101` ...), and every code has a section in this file,
reachable as `MIGRATION.md#lm101`, and a page of its own on the documentation site,
<https://legacy-mongo.readthedocs.io/en/latest/codes/lm101.html>, which every warning and finding
links to; `legacy-mongo explain LM101` prints the same text offline. The path below follows the one SQLAlchemy laid out for 2.0:
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
src/app/models.py:41:9: LM401 Collection.insert() is removed in PyMongo 4: use ... See https://legacy-mongo.readthedocs.io/en/latest/codes/lm401.html
$ legacy-mongo lint --select LM4 src/       # one family at a time
$ legacy-mongo lint --select LM401 src/     # or one code
```

The linter never imports or runs your code, so it also sees code your tests do not reach.
It reports a finding only when it can tell that the receiver is a PyMongo object (or the call
shape can only be PyMongo), and says how confident it is. Fix `LM001`/`LM002` (files it could
not read) first, so that a clean run means something.

### Step 3: look at the run-time warnings

```console
$ LEGACY_MONGO_WARNINGS=always legacy-mongo run -m pytest
```

Every legacy call emits a warning (a `DeprecationWarning` subclass, one class per family)
that carries the same code and message as the linter, attributed to *your* line (not to a
frame inside the shim). `legacy-mongo run` shows them once per call site by default;
`LEGACY_MONGO_WARNINGS=always` shows every call, and `ignore` silences them (calls are still
counted). The value is a comma-separated list of `ACTION` or `ACTION:TARGET` items, the target
being a family name or a code, e.g. `LEGACY_MONGO_WARNINGS=error:requests,ignore:crud,default`;
the same policy can live in `setup.cfg` (`[legacy_mongo]` with `warnings-error = requests, LM301`)
or `pyproject.toml` (`[tool.legacy-mongo]`). The warnings find what static analysis cannot:
legacy calls on objects passed through containers, `getattr`, or code built at run time.

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
The caller still gets what the unacknowledged write returned (`None` from `update`/`remove`,
the ids from `insert`). One client can opt in with the keyword `acknowledge_writes=True`;
the reports go to the `legacy_mongo.lost_writes` logger (shown on stderr unless you configure
logging) and `legacy_mongo.runtime.outcomes.lost_writes()` lists them.

### Step 5: migrate family by family

Work in the order of this file's families: clients (`LM1xx`) and encoding (`LM9xx`) first,
because their defaults change the meaning of everything else; then requests (`LM2xx`) and write
concern (`LM3xx`); then CRUD (`LM4xx`), cursors (`LM5xx`), database helpers (`LM6xx`), find
options (`LM7xx`) and imports (`LM8xx`). For each family:

1. `legacy-mongo lint --select LM4 src/` lists the sites.
2. Each code's section below gives the modern code, what changes in meaning, and whether a
   mechanical rewrite is safe (*always*, *never*, or *only when* a stated condition holds).
3. Once the family is clean, make its warnings errors in the test suite, so it cannot come
   back: `LEGACY_MONGO_WARNINGS=error:crud` (or `warnings-error = crud` in the configuration)
   raises `LegacyAPIError` at the first legacy call of that family; a single code works the
   same way (`error:LM401`).

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

First see which threads hold sockets: `client.pinned_sockets()` lists every thread holding a
pinned socket, per server, with how long it has held it and how long the socket has been
idle; a thread that keeps one idle for longer than `LEGACY_MONGO_PINNED_IDLE_SECONDS`
(default 300, `0` turns it off) is reported once on the `legacy_mongo.requests` logger: the
"thousands of connections" of threads that never call `end_request()`.

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


def _autofix_text(found: Entry) -> str:
    if found.autofix == "safe":
        return "safe fix: %s." % found.autofix_note
    if found.autofix == "unsafe":
        return "unsafe fix (with `--unsafe-fixes`): %s." % found.autofix_note
    return "no fix: %s." % found.autofix_note


def render_entry(found: Entry) -> str:
    parts = ['<a id="%s"></a>\n' % found.anchor,
             "### %s %s\n" % (found.code, found.name),
             "\n",
             "> %s\n" % found.format(),
             "\n"]
    if found.family == "meta":
        parts.append("**What it means.** %s %s\n\n" % (found.did, found.meaning))
        parts.append("**Fix:** %s.\n\n" % found.replacement.strip("()"))
        parts.append(_find_uses(found) + "\n")
        return "".join(parts)
    facts = ["**Legacy:** `%s`" % found.legacy]
    if found.removed:
        facts.append("**Removed:** %s" % found.removed)
    parts.append(" · ".join(facts) + "\n\n")
    if found.did:
        parts.append("**What it did in PyMongo 2.8.** %s\n\n" % found.did)
    before = found.before or found.legacy
    after = found.after or found.replacement
    if after.startswith("(") and after.endswith(")"):
        after = "# " + after[1:-1]
    parts.append("**Before** (PyMongo 2.x):\n\n" + _fence(before) + "\n")
    parts.append("**After** (PyMongo 4):\n\n" + _fence(after) + "\n")
    parts.append("**Modern code:** `%s`\n\n" % found.replacement)
    parts.append("**What changes in meaning.** %s\n\n" % found.meaning)
    parts.append("**Safe to rewrite mechanically:** %s\n\n" % _verdict(found.rewrite))
    parts.append("**`legacy-mongo lint --fix`:** %s\n\n" % _autofix_text(found))
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
            sys.stderr.write("%s is stale: run python tools/gen_migration.py\n" % path)
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
