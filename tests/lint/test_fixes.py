"""``lint --fix``: each rewrite's before/after, the cases it must leave alone, Python 2
sources, idempotence, the re-parse guard, atomic writes and the output shapes.

The expected "after" texts are written by hand from PyMongo 4's API (the
run-verified tests in test_fix_runs.py show that they behave as the legacy
calls did)."""
import json
import os
import textwrap

import jsonschema
import pytest

from legacy_mongo.catalogue import CATALOGUE
from legacy_mongo.lint import autofix, fixes
from legacy_mongo.lint.cli import main as lint_main
from legacy_mongo.lint.formats import render
from tests.lint.helpers import PRELUDE

HERE = os.path.dirname(os.path.abspath(__file__))


def fix(tmp_path, source, unsafe=False, prelude=True, name="case.py"):
    """The fixed text of *source* (written to a file) without writing it back."""
    text = (PRELUDE if prelude else "") + textwrap.dedent(source)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = autofix.fix_paths([str(path)], unsafe=unsafe, write=False, jobs=1)
    out = report.texts.get(str(path), text)
    assert path.read_text(encoding="utf-8") == text  # nothing written
    return out[len(PRELUDE):] if prelude else out


def same(tmp_path, source, **kwargs):
    return fix(tmp_path, source, **kwargs) == textwrap.dedent(source)


SAFE_CASES = [
    # module paths
    ("from pymongo.son import SON  # ordered\n", "from bson.son import SON  # ordered\n"),
    ("from pymongo.objectid import ObjectId\n", "from bson.objectid import ObjectId\n"),
    ("from pymongo.errors import InvalidId\n", "from bson.errors import InvalidId\n"),
    ("from pymongo.bson import BSON\n", "from bson import BSON\n"),
    ("from pymongo import json_util\n", "from bson import json_util\n"),
    ("from pymongo.son import (SON,\n    )\n", "from bson.son import (SON,\n    )\n"),
    # methods
    ("coll.ensure_index('a')\n", "coll.create_index('a')\n"),
    ("coll.ensure_index([('a', 1)], unique=True)\n",
     "coll.create_index([('a', 1)], unique=True)\n"),
    ("coll.insert({'a': 1})   # keep\n", "coll.insert_one({'a': 1})   # keep\n"),
    ("x = coll.insert({'a': 1})\n", "x = coll.insert_one({'a': 1}).inserted_id\n"),
    ("coll.insert({\n    'a': 1,  # why\n})\n", "coll.insert_one({\n    'a': 1,  # why\n})\n"),
    ("coll.update({'a': 1}, {'$set': {'b': 2}}, multi=True)\n",
     "coll.update_many({'a': 1}, {'$set': {'b': 2}})\n"),
    ("coll.update({'a': 1}, {'$set': {'b': 2}}, multi=False, upsert=True)\n",
     "coll.update_one({'a': 1}, {'$set': {'b': 2}}, upsert=True)\n"),
    ("coll.update({'a': 1}, {'$inc': {'n': 1}})\n",
     "coll.update_one({'a': 1}, {'$inc': {'n': 1}})\n"),
    ("coll.remove({'a': 1})\n", "coll.delete_many({'a': 1})\n"),
    ("coll.remove({'a': 1}, multi=False)\n", "coll.delete_one({'a': 1})\n"),
    ("coll.remove()\n", "coll.delete_many({})\n"),
    ("n = coll.count()\n", "n = coll.estimated_document_count()\n"),
    ("n = coll.find({'a': 1}).count()\n", "n = coll.count_documents({'a': 1})\n"),
    ("n = coll.find().count()\n", "n = coll.count_documents({})\n"),
    ("names = db.collection_names()\n", "names = db.list_collection_names()\n"),
    ("names = db.collection_names(include_system_collections=True)\n",
     "names = db.list_collection_names()\n"),
    ("names = db.collection_names(include_system_collections=False)\n",
     "names = db.list_collection_names(filter={\"name\": {\"$regex\": r\"^(?!system\\.)\"}})\n"),
    ("names = client.database_names()\n", "names = client.list_database_names()\n"),
    # attribute reads
    ("c = db.connection\n", "c = db.client\n"),
    ("print(db.connection.database_names())\n",
     "print(db.client.list_database_names())\n"),
    ("t = client.tz_aware\n", "t = client.codec_options.tz_aware\n"),
    ("n = client.max_pool_size\n", "n = client.options.pool_options.max_pool_size\n"),
    ("a = cursor.conn_id\n", "a = cursor.address\n"),
    # find options
    ("c = coll.find({}, fields=['a'])\n", "c = coll.find({}, projection=['a'])\n"),
    ("c = coll.find(spec={'a': 1})\n", "c = coll.find(filter={'a': 1})\n"),
    ("c = coll.find({}, timeout=False)\n", "c = coll.find({}, no_cursor_timeout=True)\n"),
    ("c = coll.find({}, timeout=True, limit=2)\n", "c = coll.find({}, limit=2)\n"),
    ("c = coll.find({}, partial=True)\n", "c = coll.find({}, allow_partial_results=True)\n"),
    ("c = coll.find({}, tailable=True)\n",
     "c = coll.find({}, cursor_type=pymongo.CursorType.TAILABLE)\n"),
    ("c = coll.find({}, tailable=True, await_data=True)\n",
     "c = coll.find({}, cursor_type=pymongo.CursorType.TAILABLE_AWAIT)\n"),
    ("c = coll.find({}, await_data=True, tailable=True)\n",
     "c = coll.find({}, cursor_type=pymongo.CursorType.TAILABLE_AWAIT)\n"),
    ("c = coll.find({}, await_data=True)\n", "c = coll.find({})\n"),
    ("c = coll.find({}, exhaust=True)\n",
     "c = coll.find({}, cursor_type=pymongo.CursorType.EXHAUST)\n"),
    ("d = coll.find_one({'a': 1}, fields={'a': 1})\n",
     "d = coll.find_one({'a': 1}, projection={'a': 1})\n"),
]


@pytest.mark.parametrize("before,after", SAFE_CASES)
def test_safe_fix(tmp_path, before, after):
    assert fix(tmp_path, before) == after


UNCHANGED = [
    # trap receivers: not PyMongo
    "items = []\nitems.insert(0, {'a': 1})\n",
    "d = {}\nd.update({'a': 1})\n",
    "s = set()\ns.remove(1)\n",
    "names = [1]\nn = names.count()\n",
    # unknown shapes
    "coll.insert(doc)\n",                                   # a list or a dict?
    "coll.insert([{'a': 1}])\n",
    "coll.insert({'a': 1}, **opts)\n",                      # **kwargs
    "coll.update({'a': 1}, doc)\n",                         # replacement or operators?
    "coll.update({'a': 1}, {'b': 2})\n",                    # a replacement (meaning differs)
    "coll.update({'a': 1}, {'$set': {'b': 1}}, **kw)\n",
    "coll.update({'a': 1}, {'$set': {'b': 1}}, multi=flag)\n",
    "r = coll.update({'a': 1}, {'$set': {'b': 1}})\n",      # the 2.x result dict is used
    "print(coll.remove({'a': 1})['n'])\n",
    "coll.remove(oid)\n",                                   # remove(<id>)
    "coll.remove(spec)\n",
    "name = coll.ensure_index('a')\n",                      # None when cached in 2.8
    "coll.ensure_index('a', cache_for=60)\n",
    "n = coll.find({'a': 1}, limit=2).count()\n",           # options change the count
    "n = coll.find(spec).count()\n",
    "n = coll.count(with_limit_and_skip=True)\n",
    "c = coll.find({}, fields=[])\n",                       # [] meant only _id in 2.8
    "c = coll.find({}, fields=f)\n",
    "c = coll.find({}, timeout=t)\n",
    "from pymongo.errors import InvalidId, OperationFailure\n",  # a name that did not move
    "import pymongo.son\n",
    "from pymongo import objectid, son\n",
    "from pymongo import bson\n",
    "c = coll.find({}, tailable=t)\n",
    "s = socket()\nc = s.connection\n",                 # not a database
    "class A:\n    def f(self):\n        self.connection = 1\n",
    "d = coll.find_and_modify({'a': 1}, doc)\n",
    "d = coll.find_and_modify({'a': 1}, {'$inc': {'n': 1}}, full_response=True)\n",
    "d = coll.find_and_modify({'a': 1}, remove=r)\n",
    "c = coll.find({}, tailable=True, exhaust=True)\n",
    # the import and its calls change together or not at all
    "from pymongo import Connection\nc = Connection(*args)\nd = Connection()\n",
    "from pymongo import Connection\nfactory = Connection\nd = Connection()\n",
    # PyMongo 4's MongoClient refuses auto_start_request=
    "from pymongo import Connection\nc = Connection('h', auto_start_request=False)\n",
]


@pytest.mark.parametrize("source", UNCHANGED)
def test_no_fix(tmp_path, source):
    assert same(tmp_path, source, unsafe=True)


def test_cursor_type_needs_pymongo_in_reach(tmp_path):
    source = "from pymongo import MongoClient\ncoll = MongoClient().db.c\n" \
             "c = coll.find({}, tailable=True)\n"
    assert same(tmp_path, source, prelude=False)


def test_likely_receiver_gets_an_unsafe_fix_only(tmp_path):
    # ``self.db`` is only a name hint: the fix exists but --fix leaves it
    source = "class A:\n    def f(self):\n        self.db.users.insert({'a': 1})\n"
    assert same(tmp_path, source)
    assert "insert_one" in fix(tmp_path, source, unsafe=True)
    from legacy_mongo.lint.engine import lint_source
    (finding,) = lint_source(PRELUDE + source, "m.py")
    assert finding.confidence == "likely"
    assert finding.fix["message"].endswith("(unsafe: %s)" % fixes.UNPROVEN_NOTE)


def test_write_inside_try_is_unsafe(tmp_path):
    # 4.x raises WriteError where 2.8 raised OperationFailure: visible in a try
    source = "try:\n    coll.update({'a': 1}, {'$set': {'b': 1}})\nexcept Exception as e:\n" \
             "    print(type(e))\n"
    assert same(tmp_path, source)
    assert "update_one" in fix(tmp_path, source, unsafe=True)


def test_call_in_a_lambda_is_unsafe(tmp_path):
    # attempt(lambda: ...) handles the error: PyMongo 4's message differs
    # (tests/conformance/scenarios/err_write_and_command_errors.py showed it)
    source = "attempt('count', lambda: coll.count())\n"
    assert same(tmp_path, source)
    assert "estimated_document_count" in fix(tmp_path, source, unsafe=True)


def test_writes_are_unsafe_where_the_module_reads_getlasterror(tmp_path):
    # the shim answers db.error() from legacy writes only
    # (tests/conformance/scenarios/req_getlasterror_same_socket.py showed it)
    source = "coll.insert({'a': 1})\nprint(db.error())\n"
    assert same(tmp_path, source)
    assert fix(tmp_path, "coll.insert({'a': 1})\nlog.error('x')\n") == \
        "coll.insert_one({'a': 1})\nlog.error('x')\n"


def test_calls_of_a_method_the_module_patches_are_unsafe(tmp_path):
    # Collection.update = spy: the renamed call would bypass the patch
    # (tests/conformance/scenarios/api_legacy_classes_and_subclasses.py showed it)
    for patch in ("Collection.update = spy\n", "setattr(Collection, 'update', spy)\n"):
        source = patch + "coll.update({'a': 1}, {'$set': {'b': 1}})\n"
        assert same(tmp_path, source)
        assert "update_one" in fix(tmp_path, source, unsafe=True)
    # a comparison is no patch
    assert fix(tmp_path, "ok = Collection.update == spy\ncoll.update({'a': 1}, {'$set': {'b': 1}})\n") \
        == "ok = Collection.update == spy\ncoll.update_one({'a': 1}, {'$set': {'b': 1}})\n"


UNSAFE_CASES = [
    ("from pymongo import Connection\nc = Connection('h', 27017)\n",
     "from pymongo import MongoClient\nc = MongoClient('h', 27017, w=0)\n"),
    ("from pymongo import Connection\nc = Connection()\n",
     "from pymongo import MongoClient\nc = MongoClient(w=0)\n"),
    ("from pymongo import Connection\nc = Connection(w=1)\n",
     "from pymongo import MongoClient\nc = MongoClient(w=1)\n"),
    ("from pymongo.connection import Connection\nc = Connection('h')\n",
     "from pymongo import MongoClient\nc = MongoClient('h', w=0)\n"),
    ("from pymongo import Connection as PC\nc = PC('h')\n",
     "from pymongo import MongoClient as PC\nc = PC('h', w=0)\n"),
    ("c = pymongo.Connection()\n", "c = pymongo.MongoClient(w=0)\n"),
    ("coll.insert({'a': 1}, safe=True)\n", "coll.insert_one({'a': 1})\n"),
    ("coll.update({'a': 1}, {'$set': {'b': 1}}, multi=True, safe=True)\n",
     "coll.update_many({'a': 1}, {'$set': {'b': 1}})\n"),
    ("d = coll.find_and_modify({'a': 1}, {'$inc': {'n': 1}}, new=True)\n",
     "d = coll.find_one_and_update({'a': 1}, {'$inc': {'n': 1}}, return_document=True)\n"),
    ("d = coll.find_and_modify(query={'a': 1}, update={'$set': {'b': 1}}, fields={'b': 1},"
     " sort=[('a', 1)], upsert=True)\n",
     "d = coll.find_one_and_update(filter={'a': 1}, update={'$set': {'b': 1}}, "
     "projection={'b': 1}, sort=[('a', 1)], upsert=True)\n"),
    ("d = coll.find_and_modify({'a': 1}, remove=True)\n",
     "d = coll.find_one_and_delete({'a': 1})\n"),
    ("d = coll.find_and_modify({'a': 1}, update={'a': 2})\n",
     "d = coll.find_one_and_replace({'a': 1}, replacement={'a': 2})\n"),
    ("d = coll.find_and_modify(update={'$set': {'b': 1}})\n",
     "d = coll.find_one_and_update({}, update={'$set': {'b': 1}})\n"),
    ("coll.save({'a': 1})\n", "coll.insert_one({'a': 1})\n"),
    ("coll.save({'_id': 3, 'a': 1})\n",
     "coll.replace_one({\"_id\": 3}, {'_id': 3, 'a': 1}, upsert=True)\n"),
    ("client.start_request()\nx = 1\nclient.end_request()\n", "x = 1\n"),
    ("if x:\n    client.end_request()\n", "if x:\n    pass\n"),
]


@pytest.mark.parametrize("before,after", UNSAFE_CASES)
def test_unsafe_fix(tmp_path, before, after):
    assert same(tmp_path, before)                     # not without --unsafe-fixes
    assert fix(tmp_path, before, unsafe=True) == after


def test_unsafe_fix_messages_state_the_meaning_change():
    from legacy_mongo.lint.engine import lint_source
    findings = lint_source(PRELUDE + "coll.insert({'a': 1}, safe=True)\n", "m.py")
    safe_kw = [f for f in findings if f.code == "LM301"][0]
    assert safe_kw.fix["applicability"] == "unsafe"
    assert CATALOGUE["LM301"].autofix_note in safe_kw.fix["message"]


PY2_SOURCE = '''\
import pymongo
from pymongo.son import SON
client = pymongo.MongoClient()
coll = client.app.users
print "start", 10L
x = 1L; coll.remove({'a': 1L})
coll.insert({'a': u'caf\\xe9'})
for d in coll.find({}, fields=['a'], timeout=False):
    print d
try:
    pass
except pymongo.errors.OperationFailure, e:
    print e
'''

PY2_FIXED = '''\
import pymongo
from bson.son import SON
client = pymongo.MongoClient()
coll = client.app.users
print "start", 10L
x = 1L; coll.delete_many({'a': 1L})
coll.insert_one({'a': u'caf\\xe9'})
for d in coll.find({}, projection=['a'], no_cursor_timeout=True):
    print d
try:
    pass
except pymongo.errors.OperationFailure, e:
    print e
'''


def test_python2_source_is_fixed_in_place_and_still_python2(tmp_path):
    out = fix(tmp_path, PY2_SOURCE, prelude=False)
    assert out == PY2_FIXED
    assert autofix.python2_source(out)
    assert autofix.reparses(out, python2=True)


def test_second_fix_changes_nothing(tmp_path):
    sources = [b for b, _a in SAFE_CASES + UNSAFE_CASES] + UNCHANGED
    text = PRELUDE + "".join(textwrap.dedent(s) for s in sources
                             if "import" not in s) + "\n"
    path = tmp_path / "all.py"
    path.write_text(text)
    first = autofix.fix_paths([str(path)], unsafe=True, write=True, jobs=1)
    assert first.applied and not first.dropped
    again = autofix.fix_paths([str(path)], unsafe=True, write=True, jobs=1)
    assert again.applied == [] and again.changed == []


def test_a_fix_that_breaks_parsing_is_dropped_and_reported(tmp_path, monkeypatch, capsys):
    def broken(src, site, finding):
        return fixes.SAFE, [fixes.rename_method(src, site.node, "create_index(")]
    monkeypatch.setitem(fixes.FIXERS, "LM407", broken)
    text = PRELUDE + "coll.ensure_index('a')\ncoll.remove({'a': 1})\n"
    path = tmp_path / "m.py"
    path.write_text(text)
    status = lint_main(["--fix", "--no-config", "-j", "1", str(path)])
    written = path.read_text()
    assert written == PRELUDE + "coll.ensure_index('a')\ncoll.delete_many({'a': 1})\n"
    err = capsys.readouterr().err
    assert "fix dropped" in err and "LM407" in err and "does not parse" in err
    assert status == 1  # LM407 remains


def test_python2_reparse_uses_the_python2_reader():
    assert autofix.reparses("print 'x'\n", python2=True)
    assert not autofix.reparses("print 'x'\n", python2=False)
    assert not autofix.reparses("print 'x'\nf(\n", python2=True)


def test_write_keeps_encoding_and_mode_and_is_all_or_nothing(tmp_path, monkeypatch):
    path = tmp_path / "latin.py"
    original = "# -*- coding: latin-1 -*-\n" + PRELUDE + "coll.remove({'n': 'caf\xe9'})\n"
    path.write_bytes(original.encode("latin-1"))
    os.chmod(path, 0o750)

    def failing_replace(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", failing_replace)
    report = autofix.fix_paths([str(path)], write=True, jobs=1)
    assert report.write_errors and report.write_errors[0][0] == str(path)
    assert path.read_bytes() == original.encode("latin-1")
    assert [p.name for p in tmp_path.iterdir()] == ["latin.py"]  # no temp file left
    monkeypatch.undo()
    autofix.fix_paths([str(path)], write=True, jobs=1)
    assert path.read_bytes() == original.replace("remove", "delete_many").encode("latin-1")
    assert os.stat(path).st_mode & 0o777 == 0o750


def test_cli_diff_writes_nothing_and_counts(tmp_path, capsys):
    path = tmp_path / "m.py"
    text = PRELUDE + "coll.remove({'a': 1})\ncoll.insert({'a': 1}, safe=True)\n"
    path.write_text(text)
    status = lint_main(["--diff", "--no-config", "-j", "1", str(path)])
    out, err = capsys.readouterr()
    assert path.read_text() == text
    assert "-coll.remove({'a': 1})\n+coll.delete_many({'a': 1})\n" in out
    assert "-coll.insert" not in out  # its only fix (safe= removal) is unsafe
    assert "Would fix 1 finding(s) in 1 file(s); 2 remaining (1 more fixable with " \
           "--unsafe-fixes)." in err
    assert status == 1


def test_cli_fix_writes_and_reports_remaining(tmp_path, capsys):
    path = tmp_path / "m.py"
    path.write_text(PRELUDE + "coll.remove({'a': 1})\ncoll.save(doc)\n")
    status = lint_main(["--fix", "--no-config", "-j", "1", str(path)])
    out, _err = capsys.readouterr()
    assert "coll.delete_many({'a': 1})" in path.read_text()
    assert "LM402" in out and "Fixed 1 finding(s) in 1 file(s); 1 remaining." in out
    assert status == 1
    path.write_text(PRELUDE + "coll.remove({'a': 1})\n")
    assert lint_main(["--fix", "--no-config", "-j", "1", str(path)]) == 0


def test_json_fix_is_ruffs_shape_with_1_based_positions():
    from legacy_mongo.lint.engine import lint_source
    source = PRELUDE + "coll.ensure_index('a')\n"
    data = json.loads(render("json", lint_source(source, "m.py")))
    (item,) = [d for d in data if d["code"] == "LM407"]
    row = PRELUDE.count("\n") + 1
    # "coll." is 5 characters: the method name starts at column 6, ends before 18
    assert item["fix"]["applicability"] == "safe"
    assert item["fix"]["message"].startswith("Use coll.create_index")
    assert item["fix"]["edits"] == [{"content": "create_index",
                                     "location": {"row": row, "column": 6},
                                     "end_location": {"row": row, "column": 18},
                                     "old": "ensure_index"}]


def test_sarif_fixes_validate_against_the_schema():
    from legacy_mongo.lint.engine import lint_source
    findings = lint_source(PRELUDE + "coll.remove()\n", "m.py")
    log = json.loads(render("sarif", findings))
    with open(os.path.join(HERE, "sarif-schema-2.1.0.json")) as handle:
        jsonschema.validate(log, json.load(handle))
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "LM404"]
    replacements = result["fixes"][0]["artifactChanges"][0]["replacements"]
    assert [r.get("insertedContent", {}).get("text") for r in replacements] == \
        ["delete_many", "{}"]


def test_catalogue_and_fixers_agree():
    with_fix = {code for code, found in CATALOGUE.items() if found.autofix}
    assert with_fix == set(fixes.FIXERS)
    for code, found in CATALOGUE.items():
        assert found.autofix in ("safe", "unsafe", "")
        assert found.autofix_note, code  # the rewrite, or why there is none


def test_flake8_plugin_stays_check_only():
    from legacy_mongo.lint import flake8_plugin
    with open(flake8_plugin.__file__) as handle:
        assert "autofix" not in handle.read()


def test_fixture_trees_fix_cleanly_and_idempotently(tmp_path):
    # the linter's own Python 2 and project fixtures, every fix allowed
    import shutil
    for name in ("py2", "project"):
        shutil.copytree(os.path.join(HERE, "fixtures", name), tmp_path / name)
    tree = str(tmp_path)
    originals = {}
    for folder, _dirs, names in os.walk(tree):
        for n in names:
            if n.endswith(".py"):
                full = os.path.join(folder, n)
                with open(full, "rb") as handle:
                    originals[full] = handle.read()
    report = autofix.fix_paths([tree], unsafe=True, write=True, jobs=1)
    assert report.applied and not report.dropped
    for path in report.changed:
        text = autofix.engine._read(path)
        was_python2 = autofix.python2_source(originals[path].decode("utf-8", "replace"))
        assert autofix.reparses(text, was_python2), path
    assert any(autofix.python2_source(autofix.engine._read(p)) for p in report.changed)
    again = autofix.fix_paths([tree], unsafe=True, write=True, jobs=1)
    assert again.changed == []
