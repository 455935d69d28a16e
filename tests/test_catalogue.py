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
    assert found.format() == "%s %s See MIGRATION.md#%s" % (code, found.message, code.lower())


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


def test_every_code_literal_in_the_package_is_catalogued():
    skip = {os.path.abspath(catalogue.__file__)}
    found = scan_for_codes(PACKAGE, skip=skip)
    unknown = {code: where for code, where in found.items() if code not in CATALOGUE}
    assert unknown == {}, "codes used but not in legacy_mongo/catalogue.py: %r" % unknown
