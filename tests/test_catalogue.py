"""The catalogue is the single source of truth: these tests keep it, MIGRATION.md
and every code literal in the package consistent with each other."""
import os
import re

import pytest

from legacy_mongo import catalogue
from legacy_mongo.catalogue import (
    ALWAYS, CATALOGUE, FAMILIES, KINDS, NEVER, RECEIVERS, Entry, Match, entry,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "legacy_mongo")
MIGRATION = os.path.join(ROOT, "MIGRATION.md")
CODE_LITERAL = re.compile(r"LM\d{3}")

# Codes other components hard-code (the brief that assigned them). Each must
# keep its number and subject forever: (code, a word its name or legacy
# spelling must contain).
PINNED = [
    ("LM001", "pars"), ("LM002", "read"),
    ("LM101", "Connection"), ("LM102", "ReplicaSetConnection"),
    ("LM103", "MongoReplicaSetClient"), ("LM104", "MasterSlaveConnection"),
    ("LM105", "max_pool_size"), ("LM106", "network_timeout"), ("LM107", "use_greenlets"),
    ("LM108", "slave_okay"), ("LM109", "waitQueueMultiple"),
    ("LM201", "start_request"), ("LM202", "end_request"), ("LM203", "in_request"),
    ("LM204", "auto_start_request"),
    ("LM301", "safe"), ("LM302", "safe"), ("LM303", "get_lasterror_options"),
    ("LM304", "set_lasterror_options"), ("LM305", "unset_lasterror_options"),
    ("LM306", "write_concern"),
    ("LM401", "insert"), ("LM402", "save"), ("LM403", "update"), ("LM404", "remove"),
    ("LM405", "find_and_modify"), ("LM406", "count"), ("LM407", "ensure_index"),
    ("LM408", "aggregate"),
    ("LM501", "count"),
    ("LM601", "collection_names"), ("LM602", "database_names"), ("LM603", "error"),
    ("LM604", "eval"), ("LM605", "add_user"), ("LM606", "disconnect"),
    ("LM701", "spec"), ("LM702", "fields"), ("LM703", "timeout"),
    ("LM704", "network_timeout"), ("LM705", "as_class"),
    ("LM801", "pymongo.connection"),
    ("LM901", "UUID"),
]

# Append-only registry of every released code and its name.  Codes are hard-coded
# by users (noqa comments, warning filters, configuration): a code may never be
# removed, renumbered or given another subject.  Add new codes here when you add
# them to the catalogue; never edit an existing line.
RELEASED = {
    "LM001": "unparsable-file", "LM002": "unreadable-file", "LM101": "Connection",
    "LM102": "ReplicaSetConnection", "LM103": "MongoReplicaSetClient",
    "LM104": "MasterSlaveConnection", "LM105": "MongoClient-legacy-signature",
    "LM106": "network_timeout", "LM107": "use_greenlets", "LM108": "slave_okay",
    "LM109": "waitQueueMultiple", "LM110": "read_preference-int", "LM111": "tag_sets",
    "LM112": "secondary_acceptable_latency_ms", "LM113": "socketKeepAlive",
    "LM114": "ssl_keyfile-ssl_certfile", "LM115": "ssl_ca_certs", "LM116": "ssl_cert_reqs",
    "LM117": "gssapiServiceName", "LM118": "MONGODB-CR", "LM119": "standalone-host-list",
    "LM120": "uri-escaping", "LM121": "document_class-attribute", "LM122": "tz_aware-attribute",
    "LM123": "host-port", "LM124": "max_pool_size-attribute", "LM125": "server-limits",
    "LM126": "seeds-hosts-refresh", "LM127": "close_cursor-kill_cursors",
    "LM128": "set_cursor_manager", "LM129": "close-is-final", "LM130": "constructor-raises",
    "LM131": "directConnection-default", "LM132": "uri-precedence",
    "LM133": "read_preference-assignment", "LM134": "retryable-writes-default",
    "LM201": "start_request", "LM202": "end_request", "LM203": "in_request",
    "LM204": "auto_start_request", "LM301": "safe-on-write", "LM302": "safe-option",
    "LM303": "get_lasterror_options", "LM304": "set_lasterror_options",
    "LM305": "unset_lasterror_options", "LM306": "write_concern-dict",
    "LM307": "write-concern-keywords-on-write", "LM308": "wtimeout-option", "LM309": "j-option",
    "LM401": "insert", "LM402": "save", "LM403": "update", "LM404": "remove",
    "LM405": "find_and_modify", "LM406": "Collection.count", "LM407": "ensure_index",
    "LM408": "aggregate-raw-reply", "LM409": "reindex", "LM410": "group", "LM411": "map_reduce",
    "LM412": "inline_map_reduce", "LM413": "parallel_scan", "LM414": "bulk-builder",
    "LM415": "manipulate", "LM416": "check_keys", "LM417": "continue_on_error",
    "LM418": "create_index-legacy-arguments", "LM419": "index-options", "LM420": "truth-test",
    "LM421": "GridFS-_connect", "LM422": "GridFS-open-remove", "LM423": "GridFS-md5",
    "LM424": "GridFS-find-options", "LM425": "GridOut-iteration", "LM501": "Cursor.count",
    "LM502": "Cursor.max_scan", "LM503": "Cursor.conn_id",
    "LM504": "Cursor.min-max-without-hint", "LM505": "Cursor.add_option-legacy-bits",
    "LM506": "Cursor.explain-shape", "LM507": "where-with-scope", "LM601": "collection_names",
    "LM602": "database_names", "LM603": "getlasterror-helpers", "LM604": "eval",
    "LM605": "add_user", "LM606": "disconnect", "LM607": "remove_user", "LM608": "authenticate",
    "LM609": "logout", "LM610": "system_js", "LM611": "copy_database",
    "LM612": "son-manipulators", "LM613": "current_op", "LM614": "profiling",
    "LM615": "is_locked", "LM616": "fsync", "LM617": "unlock", "LM618": "alive",
    "LM619": "Database.connection", "LM620": "command-legacy-options",
    "LM621": "create_collection-dead-options", "LM622": "command-getlasterror",
    "LM623": "command-getpreverror", "LM624": "command-reseterror", "LM625": "command-eval",
    "LM626": "command-group", "LM627": "command-copydb",
    "LM628": "command-parallelCollectionScan", "LM629": "command-geoNear",
    "LM630": "command-mmapv1", "LM631": "command-authSchemaUpgrade",
    "LM632": "command-geoSearch", "LM633": "command-mapReduce", "LM634": "command-reIndex",
    "LM635": "command-aggregate-without-cursor", "LM636": "system-indexes",
    "LM701": "find-spec", "LM702": "find-fields",
    "LM703": "find-timeout", "LM704": "find-network_timeout", "LM705": "as_class",
    "LM706": "find-slave_okay", "LM707": "find-read_preference", "LM708": "find-tag_sets",
    "LM709": "find-secondary_acceptable_latency_ms", "LM710": "find-snapshot",
    "LM711": "find-max_scan", "LM712": "find-partial", "LM713": "find-tailable",
    "LM714": "find-exhaust", "LM715": "compile_re", "LM716": "find-private-options",
    "LM717": "find-positional-options", "LM718": "query-modifiers", "LM719": "find-modifiers",
    "LM801": "pymongo.connection", "LM802": "pymongo.replica_set_connection",
    "LM803": "pymongo.master_slave_connection", "LM804": "pymongo.mongo_replica_set_client",
    "LM805": "pymongo.objectid", "LM806": "pymongo.son", "LM807": "pymongo.binary",
    "LM808": "pymongo.dbref", "LM809": "pymongo.json_util", "LM810": "pymongo.bson",
    "LM811": "pymongo.code", "LM812": "pymongo.timestamp", "LM813": "pymongo.max_key",
    "LM814": "pymongo.min_key", "LM815": "pymongo.tz_util", "LM816": "pymongo.son_manipulator",
    "LM817": "pymongo.cursor_manager", "LM818": "pymongo-internal-modules",
    "LM819": "profiling-constants", "LM820": "pymongo.bulk", "LM821": "pymongo-private-modules",
    "LM822": "pymongo.message", "LM823": "pymongo.errors-bson-reexports",
    "LM824": "CertificateError", "LM825": "GEOHAYSTACK", "LM826": "SECONDARY_ONLY",
    "LM827": "read_preferences-internals", "LM828": "bson.has_uuid", "LM829": "bson.py3compat",
    "LM830": "pymongo.errors.TimeoutError", "LM831": "UnsupportedOption",
    "LM832": "ExceededMaxWaiters", "LM833": "gridfs.UnsupportedAPI",
    "LM901": "uuid-representation-default", "LM902": "uuid_subtype",
    "LM903": "BSON-encode-decode-arguments", "LM904": "decode_all-defaults",
    "LM905": "regex-decoding", "LM906": "int64-decoding", "LM907": "json_util.dumps-default",
    "LM908": "json_util.loads-default", "LM909": "STRICT_JSON_OPTIONS",
    "LM910": "SON-py2-methods", "LM911": "DBRef-decoding", "LM912": "Code.scope",
    "LM913": "bytes-str-mapping", "LM914": "ObjectId-layout", "LM915": "UUIDLegacy",

}


def read_migration():
    with open(MIGRATION, encoding="utf-8") as handle:
        return handle.read()


# --- codes -------------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_code_has_valid_family_prefix(code):
    found = CATALOGUE[code]
    assert found.code == code
    assert re.fullmatch(r"LM\d{3}", code), code
    assert code[:3] in FAMILIES.values()
    assert FAMILIES[found.family] == code[:3]


def test_codes_are_unique_in_the_source():
    # CATALOGUE is a dict, so a duplicate would silently overwrite: count the
    # code= literals in the source instead.
    with open(catalogue.__file__, encoding="utf-8") as handle:
        source = handle.read()
    codes = re.findall(r'\bcode="(LM\d{3})"', source)
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    assert duplicates == []
    assert sorted(codes) == sorted(CATALOGUE)


def test_duplicate_code_is_refused():
    first = CATALOGUE["LM101"]
    with pytest.raises(ValueError, match="duplicate"):
        catalogue._entries(first, first)


def test_bad_prefix_is_refused():
    bad = Entry(code="XX101", name="x", legacy="x", message="x", replacement="x",
                meaning="x", rewrite=NEVER)
    with pytest.raises(ValueError):
        catalogue._entries(bad)


def test_every_family_has_codes():
    for family in FAMILIES:
        assert catalogue.codes_in_family(family), family


@pytest.mark.parametrize("code,word", PINNED)
def test_pinned_codes_keep_their_subject(code, word):
    found = entry(code)
    assert word.lower() in (found.name + " " + found.legacy + " " + found.message).lower()


def test_released_codes_are_never_removed_or_renamed():
    missing = sorted(set(RELEASED) - set(CATALOGUE))
    renamed = sorted(code for code in RELEASED
                     if code in CATALOGUE and CATALOGUE[code].name != RELEASED[code])
    unregistered = sorted(set(CATALOGUE) - set(RELEASED))
    assert (missing, renamed, unregistered) == ([], [], [])


def test_unknown_code_names_itself():
    with pytest.raises(KeyError, match="LM998"):
        entry("LM998")


# --- entry contents ----------------------------------------------------------

@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_entry_fields_are_filled(code):
    found = CATALOGUE[code]
    for name in ("name", "legacy", "message", "replacement", "meaning", "rewrite"):
        value = getattr(found, name)
        assert isinstance(value, str) and value.strip(), "%s.%s is empty" % (code, name)
    assert found.rewrite in (ALWAYS, NEVER) or found.rewrite.startswith("only when "), \
        "%s.rewrite must be always, never or 'only when ...'" % code
    assert found.message.endswith("."), code
    assert "MIGRATION.md" not in found.message, "format() adds the link, not the message"
    assert ": " in found.message, "%s: say what was removed, then ': use ...'" % code
    assert "\n" not in found.message


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_entry_format(code):
    found = CATALOGUE[code]
    # The page's last part is the code's MIGRATION.md anchor: one name for both.
    assert found.format() == (
        "%s %s See https://legacy-mongo.readthedocs.io/en/latest/codes/%s.html"
        % (code, found.message, code.lower()))
    assert found.url.endswith("/%s.html" % found.anchor)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_matches_are_machine_usable(code):
    found = CATALOGUE[code]
    assert found.matches, "%s: the linter needs at least one Match" % code
    for match in found.matches:
        assert isinstance(match, Match)
        assert match.kind in KINDS
        assert all(r in RECEIVERS for r in match.receivers)
        if match.kind in ("method", "attribute"):
            assert match.names and match.receivers, code
        if match.kind == "keyword":
            assert match.names and match.calls, code
        if match.kind == "positional":
            assert match.calls and match.max_positional >= 0, code
        if match.kind in ("import", "class"):
            assert match.modules, code
            assert all(m.split(".")[0] in ("pymongo", "bson", "gridfs") for m in match.modules)
        if match.kind in ("command", "uri-option"):
            assert match.names and all(n == n.lower() for n in match.names), code
        if match.kind == "meta":
            assert found.family == "meta"
    if found.family == "meta":
        assert found.kind == "meta" and not found.runtime
    if found.family == "imports":
        assert found.kind == "import", code


def test_match_rejects_unknown_kind_and_receiver():
    with pytest.raises(ValueError):
        Match("function", names=("x",))
    with pytest.raises(ValueError):
        Match("method", names=("x",), receivers=("table",))
    with pytest.raises(ValueError):
        Match("command", names=("getLastError",))
    with pytest.raises(ValueError):
        Match("method", names=("x",), receivers=("client",), usage="store")
    with pytest.raises(ValueError):
        Match("attribute", names=("x",), receivers=("client",), usage="write")
    assert Match("attribute", names=("x",), receivers=("client",), usage="store").usage == "store"


def test_lookup_helpers():
    assert catalogue.method_codes("insert", "collection") == ["LM401"]
    assert catalogue.method_codes("insert", "cursor") == []
    assert "LM501" in catalogue.method_codes("count", "cursor")
    assert "LM406" in catalogue.method_codes("count", "collection")
    assert "LM406" not in catalogue.method_codes("count", "cursor")
    assert catalogue.keyword_codes("collection.find", "fields") == ["LM702"]
    assert catalogue.keyword_codes("collection.find", "filter") == []
    assert catalogue.keyword_codes("pymongo.MongoClient", "network_timeout") == ["LM106"]
    assert catalogue.keyword_codes("Connection", "network_timeout") == ["LM106"]
    assert catalogue.keyword_codes("collection.insert", "safe") == ["LM301"]
    assert catalogue.keyword_codes("MongoClient", "safe") == ["LM302"]
    assert catalogue.class_codes("Connection") == ["LM101"]
    assert catalogue.import_codes("pymongo.connection") == ["LM801"]
    assert catalogue.import_codes("pymongo.connection", "Connection") == ["LM801", "LM101"]
    assert catalogue.uri_option_codes("slaveOk") == ["LM108"]
    assert catalogue.attribute_codes("slave_okay", "database") == ["LM108"]
    with pytest.raises(ValueError):
        list(catalogue.matches_of_kind("nonsense"))


def test_each_shape_has_one_code_unless_conditions_tell_them_apart():
    # The linter looks codes up by (kind, receiver or call, name): two entries
    # claiming the same shape must say (in .condition) which one applies.
    seen = {}
    for code in sorted(CATALOGUE):
        for match in CATALOGUE[code].matches:
            if match.kind == "meta":
                continue
            places = match.calls or match.receivers or match.modules or ("",)
            for place in places:
                for name in match.names or ("",):
                    seen.setdefault((match.kind, place, name), []).append((code, match))
    clashes = {
        key: [code for code, _ in claims]
        for key, claims in seen.items()
        if len({code for code, _ in claims}) > 1 and not all(m.condition for _, m in claims)
    }
    assert clashes == {}


def test_overlap_check_can_fail():
    one = Match("keyword", names=("x",), calls=("collection.find",))
    claims = [("LM701", one), ("LM702", one)]
    assert len({c for c, _ in claims}) > 1 and not all(m.condition for _, m in claims)


# --- MIGRATION.md ------------------------------------------------------------

def test_migration_is_up_to_date():
    assert read_migration() == catalogue.render_migration(), \
        "MIGRATION.md is stale: python -m legacy_mongo.catalogue --write-migration"


def test_check_migration_detects_a_stale_file(tmp_path, monkeypatch):
    stale = tmp_path / "MIGRATION.md"
    stale.write_text(catalogue.render_migration().replace("LM101", "LM1O1", 1), encoding="utf-8")
    monkeypatch.setattr(catalogue, "migration_path", lambda: str(stale))
    assert catalogue.main(["--check-migration"]) == 1
    assert catalogue.main(["--write-migration"]) == 0
    assert catalogue.main(["--check-migration"]) == 0
    assert stale.read_text(encoding="utf-8") == catalogue.render_migration()


def test_generator_script_checks_freshness(tmp_path, monkeypatch):
    import runpy
    script = os.path.join(ROOT, "tools", "gen_migration.py")
    module = runpy.run_path(script)
    stale = tmp_path / "MIGRATION.md"
    stale.write_text("stale\n", encoding="utf-8")
    monkeypatch.setattr(catalogue, "migration_path", lambda: str(stale))
    assert module["main"](["--check"]) == 1
    assert module["main"]([]) == 0
    assert module["main"](["--check"]) == 0
    assert module["main"](["--bogus"]) == 2


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_entry_has_a_section(code):
    text = read_migration()
    found = CATALOGUE[code]
    anchor = '<a id="%s"></a>\n### %s ' % (code.lower(), code)
    assert text.count(anchor) == 1, "no (or several) MIGRATION.md sections for %s" % code
    section = text.split(anchor, 1)[1].split('<a id="', 1)[0]
    assert found.format() in section
    assert ("legacy-mongo lint --select %s" % code in section) == found.lint
    assert ("warning code %s" % code in section) == found.runtime
    assert ("```python" in section) == (found.family != "meta")


def test_no_section_for_an_unknown_code():
    text = read_migration()
    anchors = re.findall(r'<a id="(lm\d{3})"></a>', text)
    headings = re.findall(r"^### (LM\d{3})\b", text, flags=re.M)
    assert sorted(a.upper() for a in anchors) == sorted(CATALOGUE)
    assert sorted(headings) == sorted(CATALOGUE)


def test_migration_path_steps():
    text = read_migration()
    for needle in ("legacy-mongo run", "legacy-mongo lint", "LEGACY_MONGO_WARNINGS",
                   "LEGACY_MONGO_ACKNOWLEDGE=1", "LEGACY_MONGO_REPORT=report.json",
                   "LEGACY_MONGO_WARNINGS=error", "start_session(causal_consistency=True)"):
        assert needle in text, needle


# --- code literals elsewhere in the package ----------------------------------

def scan_for_codes(root, skip=()):
    """Every LMnnn literal in *.py files under root: {code: [path:line, ...]}."""
    found = {}
    for directory, _dirs, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(directory, name)
            if os.path.abspath(path) in skip:
                continue
            with open(path, encoding="utf-8", errors="replace") as handle:
                for number, line in enumerate(handle, 1):
                    for code in CODE_LITERAL.findall(line):
                        found.setdefault(code, []).append("%s:%d" % (path, number))
    return found


def test_scan_finds_a_planted_code(tmp_path):
    package = tmp_path / "pkg" / "sub"
    package.mkdir(parents=True)
    (package / "rules.py").write_text('X = 1\nCODE = "LM999"  # planted\n', encoding="utf-8")
    (package / "notes.txt").write_text("LM998\n", encoding="utf-8")
    found = scan_for_codes(str(tmp_path))
    assert list(found) == ["LM999"]
    assert found["LM999"][0].endswith("rules.py:2")
    assert "LM999" not in CATALOGUE


def test_runtime_uses_only_codes_the_guide_says_it_reports():
    # MIGRATION.md tells users which codes the shim can raise; a runtime module
    # using a code marked runtime=False (or a linter-only meta code) contradicts it.
    found = scan_for_codes(os.path.join(PACKAGE, "runtime"))
    wrong = {code: where for code, where in found.items()
             if code in CATALOGUE and not CATALOGUE[code].runtime}
    assert wrong == {}


def test_every_code_literal_in_the_package_is_catalogued():
    skip = {os.path.abspath(catalogue.__file__)}
    found = scan_for_codes(PACKAGE, skip=skip)
    unknown = {code: where for code, where in found.items() if code not in CATALOGUE}
    assert unknown == {}, "codes used but not in legacy_mongo/catalogue.py: %r" % unknown
