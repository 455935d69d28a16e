"""The documented gaps and overrides of the legacy layer, as data.

Three tables, read by ``tests/runtime/test_api_completeness.py`` (which
checks every public name of PyMongo 2.8.1, dumped from the oracle into
``tests/runtime/pymongo28_names.json``) and by humans:

``NOT_PROVIDED``
    2.8 names that legacy-mongo does not provide at all, with the reason.
    Keys are the fixture's owners (``"pymongo.cursor.Cursor"``,
    ``"pymongo.mongo_client"`` ...).  Almost all are implementation details
    of 2.8's modules (names they imported or private helpers that were
    never documented API).

``REFUSED_AT_CALL``
    2.8 names that exist (so ``hasattr`` and imports work) but raise a clear
    error naming the modern replacement, because the server or PyMongo 4
    removed what they did and any emulation would give a wrong answer.

``OVERRIDES``
    Names of PyMongo 4's classes whose attribute on the legacy subclass is
    not PyMongo 4's own, with why (always: the 2.x spelling of the same name
    behaves differently, and the legacy object must answer as 2.8 did while
    PyMongo 4's calling conventions keep working).  Everything else a legacy
    object has is PyMongo 4's unchanged attribute.
"""

_INTERNAL = ("2.8 implementation detail (a name the module imported or a private helper), "
             "never documented API")

_REPLICA_SET_INTERNALS = (
    "2.8's own replica-set monitor and member selection; PyMongo 4 does server "
    "discovery and selection itself (see client.topology_description, "
    "read_preference objects and localThresholdMS)"
)


def _internal(*names, reason=_INTERNAL):
    return {name: reason for name in names}


NOT_PROVIDED = {
    "pymongo": dict(
        _internal("helpers", "thread_util", "member",
                  reason="2.8 internal module (LM818/LM821): delete the import"),
        auth="2.8 internal module (MONGODB-CR/SCRAM helpers); PyMongo 4's pymongo.auth is "
             "different and private: pass authMechanism to MongoClient",
        pool="2.8's socket pool module (Pool, Request, NO_REQUEST, NO_SOCKET_YET); PyMongo 4's "
             "pool is private and replaced by the shim's requests (start_request)",
    ),
    "pymongo.bulk": _internal("DocumentTooLarge", "OperationFailure", "SON", "insert"),
    "pymongo.collection": _internal("OrderedDict", "bulk", "helpers", "ordered_types"),
    "pymongo.command_cursor": _internal("helpers", "message"),
    "pymongo.cursor": _internal("helpers", "message", "read_preferences"),
    "pymongo.database": _internal("auth", "helpers", "warnings"),
    "pymongo.master_slave_connection": _internal(
        "AutoReconnect", "BaseObject", "Database", "ReadPreference", "helpers",
        "thread_util", "warnings"),
    "pymongo.mongo_client": _internal(
        "CursorManager", "DocumentTooLarge", "DuplicateKeyError", "EMPTY", "HAS_SSL",
        "InvalidURI", "Member", "auth", "b", "datetime", "helpers", "message", "pool",
        "random", "socket", "struct", "thread_util", "threading", "time"),
    "pymongo.mongo_replica_set_client": dict(
        _internal(
            "AutoReconnect", "ConnectionFailure", "DocumentTooLarge", "DuplicateKeyError",
            "EMPTY", "InvalidOperation", "OperationFailure", "ReadPreference", "atexit",
            "auth", "b", "common", "database", "datetime", "have_gevent", "helpers",
            "message", "modes", "pool", "socket", "struct", "thread_util", "threading",
            "time", "uri_parser", "warnings", "weakref", "DummyLock", "EMPTY", "MAX_RETRY"),
        **_internal("MONITORS", "Member", "Monitor", "MonitorThread", "MovingAverage",
                    "RSState", "register_monitor", "select_member", "shutdown_monitors",
                    reason=_REPLICA_SET_INTERNALS),
    ),
    "pymongo.read_preferences": dict(
        _internal("random"),
        **_internal("select_member", "select_member_with_tags", "select_primary",
                    reason=_REPLICA_SET_INTERNALS + " (LM827)"),
    ),
    "gridfs": dict(
        _internal("ASCENDING", "DESCENDING", "Database", "MongoClient"),
        grid_file="importable (import gridfs.grid_file) but, as in PyMongo 4, not an "
                  "attribute of gridfs until imported",
    ),
    "gridfs.grid_file.GridOutCursor": {
        "count": "PyMongo 4's GridOutCursor (a Cursor) has no count(): use "
                 "fs.find(filter) and db.fs.files.count_documents(filter)",
        "conn_id": _INTERNAL,
    },
}

REFUSED_AT_CALL = {
    "pymongo.database.Database": {
        "eval": "$eval was removed in MongoDB 4.2: OperationFailure (code 59) naming the "
                "replacement (Python code, aggregation, transactions)",
        "authenticate": "PyMongo 4 has one credential per client, fixed at construction: the "
                        "client's own credential returns True, another user on the same "
                        "database raises 2.8's OperationFailure, adding credentials raises "
                        "ConfigurationError naming MongoClient(username=, password=, authSource=)",
        "logout": "a no-op when the client has no credential for this database (as 2.8); "
                  "else ConfigurationError (PyMongo 4 cannot drop a running client's credential)",
        "error": "emulated from the thread's LastError record as a 2.x server kept it (nPrev "
                 "counts operations); w=0 writes in a request are read back without waiting; "
                 "InvalidOperation only for a w=0 write outside a request that is still the "
                 "answer (no getlasterror since MongoDB 5.1)",
        "last_status": "as error()",
    },
    "pymongo.database.SystemJS": {
        "__getattr__": "calling a stored function needed eval (removed in MongoDB 4.2): "
                       "OperationFailure naming the replacement; saving/deleting/list() work",
    },
    "pymongo.mongo_client.MongoClient": {
        "close_cursor": "emulated: the cursor's namespace is found with $currentOp "
                        "(idleCursors, MongoDB 4.2+) and killCursors runs there; refused with "
                        "InvalidOperation naming cursor.close() when $currentOp fails",
        "kill_cursors": "as close_cursor",
        "copy_database": "emulated on the same deployment; from_host/username/password "
                         "(copydb across servers) raise ConfigurationError naming mongodump/"
                         "mongorestore",
        "set_cursor_manager": "2.8's CursorManager/BatchCursorManager accepted (no-op); a custom "
                              "manager class raises ConfigurationError (its hooks would never run)",
        "secondary_acceptable_latency_ms": "readable; assignment raises ConfigurationError "
                                           "naming localThresholdMS",
    },
    "gridfs.GridFS": {
        "open": "raises UnsupportedAPI, as 2.8 did",
        "remove": "raises UnsupportedAPI, as 2.8 did",
    },
}

_LEGACY_CLASS = "returns the legacy subclass (same call, same result otherwise)"
_WRITE_CONCERN = "2.x: a live dict of write-concern options that is also a PyMongo 4 WriteConcern"
_READ_PREFERENCE = ("2.x: the PyMongo 4 mode object, which also compares, hashes and prints as "
                    "2.x's int (PRIMARY == 0 and is falsy); assignment allowed (LM133)")

_SUBCLASS_HOOK = ("2.8: __getitem__ returns self.__getattr__(name) when a subclass overrides "
                  "__getattr__ (Flask-PyMongo's wrappers rely on it); otherwise " + _LEGACY_CLASS)
_GETATTR = _LEGACY_CLASS + "; names starting with '_' raise AttributeError as in PyMongo 4"
_ALWAYS_TRUE = "always True, as 2.8's objects were (PyMongo 4 raises NotImplementedError)"

_CLIENT_OVERRIDES = {
    "__getitem__": _SUBCLASS_HOOK,
    "__getattr__": _GETATTR,
    "get_database": _LEGACY_CLASS,
    "get_default_database": _LEGACY_CLASS,
    "__repr__": "2.8's repr: MongoClient('h', 27017) / MongoClient(['h:p', ...])",
    "_init_background": "PyMongo 4's, with a topology whose server selection fails at once "
                        "when every server refused or did not resolve (2.8 raised "
                        "AutoReconnect within milliseconds; PyMongo 4 waits "
                        "serverSelectionTimeoutMS): within PyMongo's 0.5 s minimum heartbeat "
                        "interval",
    "read_preference": _READ_PREFERENCE,
    "write_concern": _WRITE_CONCERN,
    "is_primary": "2.8: False when not connected (PyMongo 4 blocks for server selection); "
                  "a Database on a MongoReplicaSetClient, as in 2.8",
    "is_mongos": "2.8: False when not connected and on a MongoReplicaSetClient (PyMongo 4 "
                 "blocks for server selection)",
    "codec_options": "PyMongo 4's codec options plus 2.8's UUID decoding: 16-byte Binary "
                     "subtypes 3 and 4 both decode to uuid.UUID (the encoding is unchanged)",
    "drop_database": "also empties the database's ensure_index cache, as 2.8 did",
    "close": "2.8's disconnect(): PyMongo 4's cleanup, then the client reconnects on its next "
             "operation (LM129); final on MongoReplicaSetClient, as in 2.8",
}

OVERRIDES = {
    "MongoClient": _CLIENT_OVERRIDES,
    "Connection": _CLIENT_OVERRIDES,
    "MongoReplicaSetClient": _CLIENT_OVERRIDES,
    "ReplicaSetConnection": _CLIENT_OVERRIDES,
    "Database": {
        "__getitem__": _SUBCLASS_HOOK,
        "__getattr__": _GETATTR,
        "__bool__": _ALWAYS_TRUE,
        "get_collection": _LEGACY_CLASS,
        "with_options": _LEGACY_CLASS + "; SON manipulators are copied",
        "create_collection": _LEGACY_CLASS + "; MMAPv1-only options dropped (LM621)",
        "drop_collection": "also forgets the collection's indexes in the ensure_index cache; "
                           "returns None, as 2.8 did",
        "__repr__": "Database(client, name), PyMongo 4's text for its own class",
        "__iter__": "returns self so that PyMongo 4's own __next__ raises 2.8's "
                    "TypeError(\"'Database' object is not iterable\") (PyMongo 4 sets "
                    "__iter__ = None and Python would name the subclass)",
        "command": "also accepts 2.8's arguments (uuid_subtype, compile_re, tag_sets, slave_okay, "
                   "as_class, fields list, network_timeout stripped); secondary-ok commands "
                   "follow the Database's read preference, others go to the primary; replies "
                   "decode with the Database's codec options, compiled regexes, outgoing SON "
                   "manipulators; 2.8's error message; getlasterror/getpreverror/reseterror "
                   "answered from the write record; eval refused",
        "read_preference": _READ_PREFERENCE,
        "write_concern": _WRITE_CONCERN,
    },
    "Collection": {
        "__call__": "2.8's TypeError message",
        "__repr__": "Collection(Database(...), name), the text 2.8 printed",
        "__bool__": _ALWAYS_TRUE,
        "__getattr__": _GETATTR,
        "__getitem__": "as __getattr__ unless a subclass overrides only __getattr__ (2.8: "
                       "__getitem__ returned self.__getattr__(name)); the legacy sub-collection, "
                       "made from the Database as in 2.8: it "
                       "snapshots the Database's settings (PyMongo 4 copies the parent "
                       "Collection's)",
        "with_options": _LEGACY_CLASS,
        "aggregate": "without cursor= returns 2.8's {'result': [...], 'ok': 1.0}; PyMongo 4 calls "
                     "(session/let/comment/cursor=) return a CommandCursor",
        "create_index": "a dict of keys is a TypeError, as in 2.8; "
                        "also accepts 2.8's (key_or_list, cache_for, ttl, drop_dups, "
                        "bucket_size, ...); a failure reads as 2.8's command error",
        "distinct": "PyMongo 4's call; a failure reads as 2.8's command error",
        "drop": "also empties the ensure_index cache",
        "drop_index": "also forgets the index in the ensure_index cache; a failure reads as "
                      "2.8's command error",
        "drop_indexes": "also empties the ensure_index cache; a failure reads as 2.8's "
                        "command error",
        "find": "also accepts 2.8's keywords and positional order; PyMongo 4 keywords "
                "reach PyMongo 4 unchanged",
        "rename": "always acknowledged, as 2.8's command was; a failure reads as 2.8's "
                  "command error",
        "read_preference": _READ_PREFERENCE,
        "write_concern": _WRITE_CONCERN,
    },
    "Cursor": {
        "__next__": "PyMongo's own next until a Database gets an outgoing SON manipulator, "
                    "then outgoing SON manipulators on each document (live cursors too)",
        "next": "outgoing SON manipulators on each document",
        "_clone": "clones keep the legacy state",
        "_clone_base": "2.8's: a clone is a Cursor, not the subclass (whose constructor may "
                       "take other arguments, as mogo's Cursor(model, spec))",
        "_refresh": "2.8's error mapping (\"not master\" disconnects) and legacy options "
                    "on the wire",
        "add_option": "2.x's bits 4 (slave okay) and 8 (oplog replay) accepted without effect",
        "explain": "2.8-era explain shape notes; same server reply",
        "hint": "2.8's checks: an index name or a list of (key, direction) pairs (a dict is "
                "a TypeError)",
        "sort": "2.8's checks: a dict is a TypeError, ['a', 1] a ValueError (PyMongo 4 "
                "accepts both)",
        "max_scan": "$maxScan was removed in MongoDB 4.2: accepted, refused when sent",
        "where": "the caller's filter dict receives $where, as in 2.8",
        "_unpack_response": "a reply is decoded in C when the only type decoders are the "
                            "shim's own (2.8's compile_re and UUID decoding)",
    },
    "CommandCursor": {
        "__next__": "outgoing SON manipulators on each document",
        "next": "as __next__",
        "_refresh": "a \"not master\" getMore disconnects and raises a plain AutoReconnect, "
                    "as in 2.8",
    },
}


#: Names provided with the same meaning as 2.8 but a stated difference.
DIFFERENCES = {
    "bson.json_util.dumps / loads formats": (
        "PyMongo 4's defaults, shared with modern code in the process: dumps writes relaxed "
        "extended JSON ({\"$date\": \"2013-05-01T12:30:15.123Z\"}, {\"$binary\": {\"base64\", "
        "\"subType\"}}, {\"$regularExpression\": ...}, {\"$code\"} without an empty $scope) where "
        "2.8 wrote {\"$date\": ms}, {\"$binary\", \"$type\"} and {\"$regex\", \"$options\"}; loads "
        "gives naive datetimes, Regex and bytes for subtype 0 where 2.8 gave aware UTC "
        "datetimes, compiled patterns and Binary.  The linter reports each call (LM907, LM908) "
        "with the json_options that give the 2.x shapes; "
        "tests/conformance/scenarios/bson_json_util_round_trips.py pins the difference"),
    "bson.json_util.loads of {\"$uuid\": ...}": (
        "PyMongo 4's: a Binary of subtype 4 unless json_options chooses a UUID "
        "representation (2.8 returned uuid.UUID); dumps of a uuid.UUID prints 2.8's "
        "{\"$uuid\": hex}. Use json_util.loads(s, json_options=JSONOptions("
        "uuid_representation=UuidRepresentation.STANDARD)) to get uuid.UUID back"),
    "bson.decode / BSON.decode of a regular expression": (
        "PyMongo 4's: a bson.regex.Regex, where 2.8's compile_re=True default gave a compiled "
        "re pattern; legacy cursors and command replies compile them as 2.8 did (compile_re "
        "above), decoding elsewhere is shared with modern code and left alone. Ming's mim "
        "copies query documents through BSON.encode(...).decode(), so its regex matching "
        "fails (tests/realworld/known_differences.json)"),
    "gridfs.GridFS on a stand-in Database": (
        "PyMongo 4's GridFS needs the state Database.__init__ sets (write concern, codec "
        "options) and writes with insert_one: a subclass that never ran it (Ming's "
        "mim.Database) is refused with a TypeError naming it, where 2.8's GridFS wrote "
        "through the stand-in's insert/update"),
    "bson.DBRef decoded from the server": (
        "references in documents read through a legacy client's cursors (find, find_one) "
        "take attribute assignment as in 2.8; those decoded elsewhere (bson.decode, "
        "command replies such as find_and_modify's, a client given its own DBRef "
        "decoder) are PyMongo 4's slotted class"),
    "MongoClient / Connection without close()": (
        "each client runs PyMongo 4's monitor and cursor-cleanup threads (2.8's single-server "
        "clients ran none): one dropped without close() keeps them until garbage collection "
        "collects it, so 2.x code that builds a Connection per request and never closes it "
        "holds a few threads per live client; close() stops them at once"),
    "MongoClient.close / with client:": (
        "2.8's: close() and leaving the with block disconnect, and the next operation "
        "reconnects (it warns LM129: a PyMongo 4 client cannot be used after close()); "
        "PyMongo 4's cleanup runs first, so no monitor thread keeps running. "
        "MongoReplicaSetClient.close() stays final, as in 2.8"),
    "MongoClient.disconnect": (
        "idle sockets closed and requests ended as in 2.8; on a "
        "MongoReplicaSetClient requests survive (as in 2.8) but threads' pinned members are "
        "not reset"),
    "MongoClient.__eq__": (
        "PyMongo 4's: same seeds and options (2.8: same class and current "
        "(host, port))"),
    "MongoClient.primary/secondaries/arbiters": (
        "PyMongo 4's properties on every client (2.8's "
        "MongoClient resolved these names to Databases)"),
    "MongoClient.nodes": (
        "PyMongo 4's: the servers currently known (2.8 remembered them across "
        "failures)"),
    "MongoClient.alive": (
        "pings the current server (2.8 inspected a pooled socket)"),
    "MongoClient.copy_database": (
        "emulated by copying documents and indexes through the client "
        "(not a point-in-time copy; views and system collections skipped)"),
    "MongoClient.document_class/tz_aware setters": (
        "Databases and Collections made before the "
        "assignment keep the old value (2.8 read the client's value live)"),
    "Database.drop_collection": (
        "returns PyMongo 4's reply document (2.8 returned None)"),
    "Database.__getattr__ / MongoClient.__getattr__": (
        "PyMongo 4's: a name starting with '_' raises AttributeError (2.8 returned the "
        "collection or database of that name); use db['_name']"),
    "Database.add_user": (
        "the server digests the password (2.8 sent a MONGODB-CR digest with "
        "digestPassword=False; MONGODB-CR was removed in MongoDB 4.0)"),
    "Database.error/last_status/previous_error": (
        "answered from the thread's emulated LastError "
        "(no getlasterror since MongoDB 5.1; runtime/outcomes.py): modern insert_one/... calls "
        "are not recorded; in a request w=0 writes are sent acknowledged and read back before "
        "the thread's next operation; outside a request, while a w=0 write decides the answer, "
        "InvalidOperation names start_request(), w=1 and LEGACY_MONGO_ACKNOWLEDGE=1"),
    "Database.current_op": (
        "runs the currentOp command on admin (2.8 queried $cmd.sys.inprog); "
        "same {'inprog': [...]} shape"),
    "Database.command": (
        "an explicit read_preference is honoured on MongoClient for commands "
        "2.8 forced to the primary (replica-set clients warn and use the primary, as 2.8)"),
    "Database.create_collection": (
        "MMAPv1-only options (flags, usePowerOf2Sizes, "
        "paddingFactor, noPadding) are dropped with warning LM621"),
    "Database.secondary_acceptable_latency_ms / Collection.secondary_acceptable_latency_ms": (
        "read-only (localThresholdMS is fixed per "
        "PyMongo 4 client)"),
    "Database.tag_sets / Collection.tag_sets": (
        "assigning tags other than [{}] while the read preference is PRIMARY raises "
        "ConfigurationError (2.8 stored them and ignored them until the mode changed): a "
        "PyMongo 4 Primary cannot carry tags"),
    "Database.slave_okay / Collection.slave_okay": (
        "2.8 only set the slaveOk wire bit, which PyMongo 4 sets by itself on a direct "
        "connection; on a MongoClient/Connection it makes secondary-ok commands and "
        "find()/count()/aggregate() read secondaryPreferred (through a mongos too); on a "
        "MongoReplicaSetClient find() ignores it, as 2.8's routing did"),
    "Collection.aggregate": (
        "without cursor= returns AggregateReply, 2.8's {'result': [...], 'ok': 1.0} dict "
        "(indexing, get, ==, repr, len, keys as 2.8), but iterating it yields the documents, "
        "not the keys (use .keys()); the server always gets the cursor form (required since "
        "MongoDB 3.6), so 'result' is not capped by the 16 MB reply limit"),
    "Collection.find(snapshot=True) / Cursor snapshot": (
        "$snapshot was removed in MongoDB 4.0: emulated with hint({'_id': 1}) (what $snapshot "
        "did: walk the _id index); combined with a sort it is refused when the query is sent, "
        "as the server refused it"),
    "Collection.find(network_timeout=)": (
        "each round trip of the cursor runs under pymongo.timeout(network_timeout): PyMongo 4 "
        "also sends maxTimeMS, so an expiry may be reported by the server as ExecutionTimeout "
        "instead of 2.8's socket-level AutoReconnect"),
    "Collection.parallel_scan": (
        "parallelCollectionScan was removed in MongoDB 4.2: returns a list holding one "
        "CommandCursor over the whole collection (2.8: up to num_cursors cursors, together "
        "covering every document once)"),
    "Collection.ensure_index / create_index (drop_dups=, dropDups=)": (
        "the option is dropped with warning LM419 (MongoDB 3.0 ignored it, later servers "
        "reject it): duplicates are never deleted, and a unique index build over duplicates "
        "fails"),
    "Collection.find / aggregate / group / map_reduce (secondary_acceptable_latency_ms=)": (
        "the per-query value is accepted and ignored: PyMongo 4 has only the client-wide "
        "localThresholdMS"),
    "Cursor / command replies: compile_re": (
        "BSON regular expressions decode to compiled re patterns by default, as in 2.8 "
        "(PyMongo 4 returns bson.regex.Regex; compile_re=False keeps Regex); in command "
        "replies (Database.command, find_and_modify ...) a pattern Python's re cannot compile "
        "stays a Regex where 2.8 raised re.error"),
    "pymongo.errors.DuplicateKeyError / WTimeoutError / AutoReconnect (raised)": (
        "legacy operations raise PyMongo 4's classes with 2.8's str(), code and details: "
        "DuplicateKeyError is also a WriteError and WTimeoutError a WriteConcernError (2.8: "
        "direct OperationFailure subclasses), so their __mro__ differs while isinstance and "
        "except against every 2.8 name behave as in 2.8. Other write errors, write-concern "
        "errors and \"not master\" are 2.8's plain OperationFailure / AutoReconnect, so "
        "modern except WriteError / WriteConcernError / NotPrimaryError clauses do not catch "
        "them on the legacy methods (insert, update, remove, save, find_and_modify, count, "
        "aggregate, command, bulk execute, cursors)"),
    "MongoReplicaSetClient after \"not master\"": (
        "every pool of the client is reset (2.8 reset the primary's only, then refreshed); "
        "the next operations open new sockets to every member"),
    "gridfs.GridFS": (
        "on an unacknowledged database every GridFS write is acknowledged "
        "(PyMongo 4's GridFS refuses w=0 databases)"),
    "pymongo.errors.TimeoutError": (
        "the same class as WTimeoutError (2.8: its parent, never "
        "raised itself)"),
    "pymongo.errors.CertificateError": (
        "ssl.CertificateError; PyMongo 4 reports certificate "
        "failures as ServerSelectionTimeoutError/AutoReconnect"),
}

_LEGACY_READ_PREFERENCE = ("2.8's int-like ReadPreference (legacy_mongo.runtime.read_preferences); "
                           "its modes are PyMongo 4 mode objects too")

#: Attributes of PyMongo 4's modules that install() rebinds (only user code
#: sees them: these modules are PyMongo 4's public re-export shims, except
#: pymongo.read_preferences whose internals imported ReadPreference at import
#: time and keep PyMongo 4's).
MODULE_OVERRIDES = {
    "pymongo": {
        "MongoClient": "the 2.x MongoClient (a PyMongo 4 MongoClient subclass)",
        "ReadPreference": _LEGACY_READ_PREFERENCE,
    },
    "pymongo.mongo_client": {
        "MongoClient": "the 2.x MongoClient",
        "ReadPreference": _LEGACY_READ_PREFERENCE,
    },
    "pymongo.read_preferences": {"ReadPreference": _LEGACY_READ_PREFERENCE},
    "pymongo.database": {
        "Database": "the legacy Database, for 2.x code that builds Database(client, name)",
        "ReadPreference": _LEGACY_READ_PREFERENCE,
    },
    "pymongo.collection": {
        "ReadPreference": _LEGACY_READ_PREFERENCE,
        "Collection": "the legacy Collection, for 2.x code that builds, subclasses or patches it",
    },
    "pymongo.cursor": {"Cursor": "the legacy Cursor, for 2.x code that builds or subclasses it"},
    "pymongo.command_cursor": {"CommandCursor": "the legacy CommandCursor"},
    "pymongo.common": {"validate_read_preference": "2.8's: accepts what 2.8 accepted (False, "
                       "2.0, mode names) and raises ConfigurationError; PyMongo 4's mode "
                       "objects pass unchanged"},
    "bson": {"DBRef": "PyMongo 4's DBRef without __slots__: attributes can be set, as in 2.8",
             "encode": "with the default codec options a native uuid.UUID is encoded as 2.8 "
                       "did (binary subtype 3) instead of raising ValueError"},
    "bson.dbref": {"DBRef": "PyMongo 4's DBRef without __slots__: attributes can be set, as "
                            "in 2.8"},
    "bson.json_util": {"default": "PyMongo 4's, plus 2.8's {\"$uuid\": hex} for a uuid.UUID "
                                  "when no UUID representation is chosen (PyMongo 4 raises)"},
    "gridfs": {"GridFS": "accepts 2.8's _connect and unacknowledged databases; open()/remove() "
                         "raise UnsupportedAPI as in 2.8"},
}

#: Names install() adds that 2.8 itself did not have at that place.
MODULE_EXTRAS = {
    "pymongo": {
        "son": "1.x-era alias of bson.son (LM806)", "objectid": "1.x alias (LM805)",
        "binary": "1.x alias (LM807)", "code": "1.x alias (LM811)",
        "dbref": "1.x alias (LM808)", "json_util": "1.x alias (LM809)",
        "timestamp": "1.x alias (LM812)", "min_key": "1.x alias (LM814)",
        "max_key": "1.x alias (LM813)",
        "MasterSlaveConnection": "2.8 had it only in pymongo.master_slave_connection; "
                                 "it raises ConfigurationError naming the replacement (LM104)",
    },
}
