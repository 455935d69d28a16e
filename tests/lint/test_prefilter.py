"""The byte-level prefilter skips files, never findings (legacy_mongo/lint/prefilter.py)."""
import ast
import os
import textwrap

import pytest

from legacy_mongo.lint import inference, prefilter
from legacy_mongo.lint.engine import lint_paths, lint_source
from tests.lint.helpers import EVAL, corpus_files

HERE = os.path.dirname(os.path.abspath(__file__))


def write(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def key(f):
    return (f.path, f.line, f.column, f.code, f.confidence, f.message)


def same_findings_with_and_without(paths):
    with_filter = lint_paths(paths, use_prefilter=True)
    without = lint_paths(paths, use_prefilter=False)
    linted_paths = {f.path for f in with_filter}
    # Files the filter skips are never parsed: only their LM001 may be missing,
    # and each such file must be one that holds no token at all.
    lost = [f for f in without if key(f) not in {key(g) for g in with_filter}]
    for f in lost:
        assert f.code == "LM001" and f.path not in linted_paths, f
        with open(f.path, "rb") as handle:
            assert not prefilter.has_token(handle.read()), f.path
    assert sorted(map(key, with_filter)) == sorted(
        key(f) for f in without if f not in lost)
    return with_filter, without


def test_the_fixtures_give_the_same_findings_with_and_without_the_prefilter():
    with_filter, _ = same_findings_with_and_without([os.path.join(HERE, "fixtures")])
    assert len(with_filter) > 10


@pytest.mark.skipif(not os.path.isdir(EVAL), reason="run benchmarks/lint_eval/fetch.py first")
def test_the_evaluation_corpus_gives_the_same_findings_with_and_without_the_prefilter():
    with_filter, _ = same_findings_with_and_without([EVAL])
    assert len(with_filter) > 300


def test_every_file_with_findings_of_its_own_holds_a_token():
    # rule 1 alone: a file linted on its own, with no project around it
    checked = 0
    for path, data in corpus_files():
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        name = os.path.basename(path)
        found = [f for f in lint_source(source, name) if f.code not in ("LM001",)]
        if found:
            checked += 1
            assert prefilter.has_token(data), (path, found[0].code)
    assert checked > 10


def test_the_test_cases_of_every_code_hold_a_token():
    from tests.lint.cases import POSITIVE
    from tests.lint.helpers import PRELUDE

    for code, cases in POSITIVE.items():
        for source, _confidence in cases:
            if code == "LM001":
                continue
            prelude = not source.startswith(("import ", "from ", "def "))
            text = (PRELUDE if prelude else "") + textwrap.dedent(source)
            if lint_source(text, "case.py"):
                assert prefilter.has_token(text.encode("utf-8")), (code, source)


# -- cross-module inference: files with no token of their own --------------------------

def test_a_re_exported_client_class_reaches_the_module_that_uses_it(tmp_path):
    write(tmp_path, {
        "proj/__init__.py": "",
        "proj/wrappers.py": """\
            from pymongo import Connection as PymongoConnection
            class Connection(PymongoConnection):
                pass
            """,
        "proj/api.py": "from proj.wrappers import Connection\n",   # no token
        "proj/app.py": """\
            from proj.api import Connection
            conn = Connection()
            """,
        "unrelated.py": "import os\nprint(os.sep)\n",
    })
    with_filter, without = same_findings_with_and_without([str(tmp_path)])
    assert {os.path.basename(f.path) for f in with_filter} == \
        {os.path.basename(f.path) for f in without}


def test_a_module_level_client_imported_through_a_package_init(tmp_path, monkeypatch):
    write(tmp_path, {
        "proj/__init__.py": "from .db import users\n",   # no token: a re-export
        "proj/db.py": "import pymongo\nclient = pymongo.MongoClient()\nusers = client.app.users\n",
        "other/views.py": "from proj import users\nusers.insert({'a': 1})\n",
        "other/direct.py": "from proj.db import users\ndef f(doc):\n    users.insert(doc)\n",
        "other/star.py": "from .. import *\n",
        "other/plain.py": "import json\nprint(json.dumps([1]))\n",
    })
    with_filter, _ = same_findings_with_and_without([str(tmp_path)])
    assert sorted((os.path.basename(f.path), f.code) for f in with_filter) == [
        ("direct.py", "LM401"), ("views.py", "LM401")]
    # db's summary reaches the __init__ that imports from it, and direct.py; the
    # __init__'s second look re-exports proj.users (rule 2 admitted it: it imports
    # a name of db's summary), and that admits views.py in the next round
    assert sorted(os.path.relpath(p, str(tmp_path)) for p in admitted_by_gate(tmp_path, monkeypatch)) == [
        os.path.join("other", "direct.py"), os.path.join("other", "views.py"),
        os.path.join("proj", "__init__.py"), os.path.join("proj", "db.py")]


def admitted_by_gate(tmp_path, monkeypatch):
    """The files linted (phase 1) with the prefilter; jobs=1, so this process
    does the work and the calls can be watched."""
    from legacy_mongo.lint import engine

    linted = []
    original = engine._work_phase1

    def record(args, data=None):
        linted.append(args[0])
        return original(args, data)

    monkeypatch.setattr(engine, "_work_phase1", record)
    lint_paths([str(tmp_path)], jobs=1, use_prefilter=True)
    monkeypatch.undo()
    return linted


def admitted_names(tmp_path, monkeypatch):
    return sorted(os.path.relpath(p, str(tmp_path)).replace(os.sep, "/")
                  for p in admitted_by_gate(tmp_path, monkeypatch))


def test_method_index_users_and_vetoes_are_linted(tmp_path):
    write(tmp_path, {
        "store/__init__.py": "",
        "store/data.py": """\
            import pymongo
            class Mongo(object):
                def find_docs(self, query):
                    return pymongo.MongoClient().app.docs.find(query)
            """,
        "store/views.py": """\
            def listing(app, query):
                cursor = app.data.find_docs(query)
                return cursor.count()
            """,
        "store/other.py": """\
            class Cache(object):
                def find_docs(self, query):
                    return []
            """,
    })
    same_findings_with_and_without([str(tmp_path)])
    # and without the veto the call is found
    os.remove(str(tmp_path / "store" / "other.py"))
    with_filter, _ = same_findings_with_and_without([str(tmp_path)])
    assert [(os.path.basename(f.path), f.code) for f in with_filter] == [("views.py", "LM501")]


def test_a_method_defined_in_a_file_with_no_token_still_feeds_the_index(tmp_path):
    # repo.py has no token, but its method types the cursor that views.py counts
    write(tmp_path, {
        "store/__init__.py": "",
        "store/repo.py": """\
            class Repo(object):
                def list_users(self):
                    return self.db.users.find()
            """,
        "store/views.py": """\
            import pymongo
            def listing(app):
                return app.repo.list_users().count()
            """,
    })
    with_filter, _ = same_findings_with_and_without([str(tmp_path)])
    assert [(os.path.basename(f.path), f.code) for f in with_filter] == [("views.py", "LM501")]


def test_tokens_follow_the_rules_data():
    from legacy_mongo.lint.inference import EVIDENCE_ROOTS
    from legacy_mongo.lint.rules.shapes import MONGO_KEYWORDS, WRITE_KEYWORDS

    for root in EVIDENCE_ROOTS:
        assert prefilter.has_token(("import %s\n" % root).encode())
    for keyword in sorted(MONGO_KEYWORDS | WRITE_KEYWORDS):
        assert prefilter.has_token(("f(x, %s=1)\n" % keyword).encode()), keyword
    for keyword in sorted(MONGO_KEYWORDS):
        assert prefilter.has_token(("kwargs['%s'] = 1\n" % keyword).encode()), keyword
    assert not prefilter.has_token(b"w = 5\nopen(p, 'w')\nimport json\njson.dumps(x)\n")


def test_a_proxy_class_exports_its_forwarding_only_from_a_file_with_a_token(tmp_path):
    proxy = """\
        {imports}
        class Proxy(object):
            def __init__(self, target):
                self.target = target
            def __getattr__(self, key):
                return getattr(self.target, key)
        """
    user = """\
        import pymongo
        from {module} import Proxy
        handle = Proxy(pymongo.MongoClient().app.things)
        handle.insert(doc)
        """
    write(tmp_path, {
        "proj/__init__.py": "",
        "proj/with_token.py": proxy.format(imports="from pymongo.errors import AutoReconnect"),
        "proj/plain.py": proxy.format(imports="import time"),   # no token: never linted
        "proj/a.py": user.format(module="proj.with_token"),
        "proj/b.py": user.format(module="proj.plain"),
    })
    with_filter, _ = same_findings_with_and_without([str(tmp_path)])
    assert [(os.path.basename(f.path), f.code) for f in with_filter] == [("a.py", "LM401")]


# -- rule 1 is one regex; has_token() answers the same faster ------------------------

def test_has_token_answers_as_the_token_regex_on_the_corpus():
    checked = 0
    for path, data in corpus_files():
        assert prefilter.has_token(data) == prefilter.token_definition(data), path
        checked += 1
    assert checked > 100


@pytest.mark.parametrize("text", [
    b"f(x, w=1)", b"f(x,\n   w\t= 2)", b"f(j =True)", b"f(w==1)", b"w = 1", b"new_w=3",
    b"opts = {'safe': True}", b'"$set"', b"x['_id']", b"ObjectId(x)", b"JSON", b"PERSON = 1",
    b"SON([])", b"db.command('GetLastError')", b"c.command(\"eval\", s)", b"u.fields",
    b"f(fields=x)", b"f(fields == x)", b"MONGO_URI", b"import BSON", b"spec", b"f(spec=1)",
    b"cursor(partial = True)", b"'dropDups'", b"'dropdups'", b"",
    b"'$HOME'", b"re.compile('^a$')", b"x = '$'", b"'${name}'", b"'$where'", b'{"$gt": 1}',
    b"kind = 'group'", b"db.command('group', spec)", b"cmd = 'touch'\n# command",
    b"COMMAND = 'eval'",
])
def test_has_token_answers_as_the_token_regex_on_each_alternative(text):
    assert prefilter.has_token(text) == prefilter.token_definition(text)


@pytest.mark.parametrize("text", [
    b"f(safe=True)", b"f(a,\n  safe\t=\x0bTrue)", b"f(safe==1)", b"f(safe = = 1)", b"f(safe=",
    b"f(safe", b"(safe =", b"x.safe=1", b"f(a, safe_mode=1)", b"f(unsafe=1)", b"f(safesafe=1)",
    b"'safe'", b"'safe", b"safe'", b"\"safe'", b"x'safe'y", b"f(safe=1", b",safe=", b"safe=1",
    b"ObjectId", b"xObjectId", b"ObjectIdx", b"_ObjectId", b"ObjectId_", b" ObjectId()",
    b"'_id'", b"x['_id']", b"'_ids'", b"db.command('GetLastError')", b"'getlasterror' command",
    b"'GETLASTERROR' # command", b"\"eval' command", b"'eval command", b"'evaluate' command",
])
def test_the_literal_confirmations_answer_as_their_regexes(text):
    # has_token finds each keyword with bytes.find and checks its neighbours: a
    # trap for each neighbour (spaces and newlines, "==", the ends of the bytes)
    assert prefilter.has_token(text) == prefilter.token_definition(text)
    for word, searches in prefilter._CONFIRM_SEARCHES.items():
        found = any(search(text, literal) for search, literal in searches)
        assert found == bool(prefilter._CONFIRM[word].search(text)), word


@pytest.mark.parametrize("text, holds", [
    (b"x = {'$set': {'a': 1}}", True),
    (b"env = {'$HOME': home}", False),        # no operator: $ and an upper-case letter
    (b"pattern = re.compile('^a' + '$')", False),
    (b"sort = {'$natural': -1}", True),
    (b"db.command('group', spec)", True),
    (b"kind = 'group'", False),               # a command's name, but no x.command(...)
    (b"COMMAND = 'eval'", False),             # "command" must be the attribute's spelling
])
def test_operators_and_command_names_need_their_shape(text, holds):
    assert prefilter.has_token(text) is holds


def test_a_dollar_key_that_is_no_operator_is_no_mongodb_evidence():
    # the rules read operators as the prefilter does: a file whose only "$" keys are
    # not operators can hold no finding that such a key would give
    from legacy_mongo.lint.rules.shapes import is_mongo_doc
    dicts = [ast.parse(src, mode="eval").body for src in (
        "{'$set': 1}", "{'$HOME': 1}", "{'$': 1}", "{'${x}': 1}")]
    assert [is_mongo_doc(d) for d in dicts] == [True, False, False, False]


# -- import statements read off the bytes: a superset of what the analysis binds ------

def test_import_candidates_hold_every_name_the_analysis_binds_or_imports():
    from legacy_mongo.lint import inference
    from legacy_mongo.lint.engine import decode_source, module_name_for, parse

    checked = 0
    for path, data in corpus_files():
        found = prefilter.scan(data)
        if found.token:
            continue
        try:
            tree, _cmap, _text = parse(decode_source(data), path)
        except (SyntaxError, ValueError, UnicodeDecodeError, LookupError):
            continue
        module, is_package = module_name_for(path)
        analysis = inference.ModuleAnalysis(tree, module, None, is_package)
        bound, imported = prefilter.candidates(found, module, is_package)
        assert set(analysis.bound_imports) <= bound, (path, set(analysis.bound_imports) - bound)
        assert set(analysis.imported_modules) <= imported, (
            path, set(analysis.imported_modules) - imported)
        checked += 1
    assert checked > 50


def test_import_candidates_of_each_statement_form():
    source = textwrap.dedent("""\
        import a.b, c as d; import e
        from f.g import (h,
                         i as j)  # k
        from . import l
        from ..m import n
        from .o \\
            import p
        from flask.ext.q import r
        from s import *
        x = yield from t; import u
        """).encode()
    found = prefilter.scan(source)
    assert not found.token
    bound, imported = prefilter.candidates(found, "pkg.sub.mod", False)
    for name in ("a.b", "c", "e", "f.g.h", "f.g.i", "pkg.sub.l", "pkg.m.n", "pkg.sub.o.p",
                 "flask_q.r", "u"):
        assert name in bound, name
    for name in ("f.g", "pkg.sub", "pkg.m", "pkg.sub.o", "flask_q", "s"):
        assert name in imported, name
    assert "t" not in bound and "f.g" not in bound


# -- what the rules rest on -----------------------------------------------------------

@pytest.mark.skipif(not os.path.isdir(EVAL), reason="run benchmarks/lint_eval/fetch.py first")
def test_a_file_without_a_token_gives_others_only_name_hinted_method_entries():
    # Rules 2 and 3 take a file with no token to have no PyMongo evidence, no
    # module-level PyMongo value and no method index entry better than a name
    # hint (it imports nothing of PyMongo's): checked on every corpus file.
    from legacy_mongo.lint import engine, inference

    checked = 0
    for path, data in corpus_files():
        if prefilter.has_token(data):
            continue
        result = engine._work_phase1((path, None, None, "likely", None, 0), data)
        _path, findings, summary, _imported, evidence, _other, error = result
        assert error is None and not evidence, path
        for key, val in summary.items():
            if key.startswith(inference.DEFS_KEY):
                # the names it defines, no value: a caller passing it PyMongo
                # objects admits it by its bytes (engine._param_definers)
                continue
            assert key.startswith(inference.METHOD_KEY), (path, key)
            assert val[2] < inference.LIKELY, (path, key, val)
        # LM001/LM002 (unparsable, undecodable: a macOS "._x.py" resource fork)
        # are the only findings a file without a token can have
        assert [f.code for f in findings] in ([], ["LM001"], ["LM002"]), path
        checked += 1
    assert checked > 300


def test_a_method_index_conflict_stays_one_whatever_is_merged_after_it():
    # the engine drops names already vetoed from what rule 3 asks for
    from legacy_mongo.lint.inference import METHOD_KEY, merge_summary, Val

    key = METHOD_KEY + "proj:find_docs"
    for later in (Val("methods", "cursor|self,q", 2), Val("methods", "", 0),
                  Val("methods", "collection|self", 1)):
        project = {}
        merge_summary(project, {key: Val("methods", "cursor|self", 2)})
        merge_summary(project, {key: Val("methods", "", 0)})
        merge_summary(project, {key: later})
        assert not project[key][1]


# -- each rule: a file it must admit, a neighbour it may skip -----------------------

DB = "import pymongo\nclient = pymongo.MongoClient()\nusers = client.app.users\n"


def test_rule_2_an_import_of_the_package_above_a_value_is_followed(tmp_path, monkeypatch):
    write(tmp_path, {
        "proj/__init__.py": "from proj import db\n",
        "proj/db.py": DB,
        "app/top.py": "import proj\ndef f(d):\n    proj.db.users.insert(d)\n",
        "proj/util.py": "def helper():\n    return 1\n",
        # proj.util holds no value and imports no PyMongo: may be skipped
        "app/helpers.py": "from proj.util import helper\nimport proj.util\nhelper()\n",
        "app/other.py": "import projects\nprojects.db.users.insert(1)\n",
    })
    with_filter, _ = same_findings_with_and_without([str(tmp_path)])
    assert [(os.path.basename(f.path), f.code) for f in with_filter] == [("top.py", "LM401")]
    assert admitted_names(tmp_path, monkeypatch) == [
        "app/top.py", "proj/__init__.py", "proj/db.py"]


def test_rule_2_a_module_that_borrows_evidence_is_linted(tmp_path, monkeypatch):
    write(tmp_path, {
        "proj/__init__.py": "",
        "proj/store.py": "import pymongo\ndef connect():\n    return 1\n",
        "proj/plain.py": "def connect():\n    return 1\n",
        "app/views.py": "from proj.store import connect\ndef f(db):\n"
                        "    db.users.insert({'a': 1}, safe_mode=1)\n    db.users.ensure_index('a')\n",
        "app/other.py": "from proj.plain import connect\ndef f(db):\n    db.users.ensure_index('a')\n",
    })
    with_filter, _ = same_findings_with_and_without([str(tmp_path)])
    assert {os.path.basename(f.path) for f in with_filter} == {"views.py"}
    assert admitted_names(tmp_path, monkeypatch) == ["app/views.py", "proj/store.py"]


def test_rule_3_a_name_hinted_method_does_not_reach_a_file_without_evidence(
        tmp_path, monkeypatch):
    write(tmp_path, {
        "store/__init__.py": "",
        # a token ('_id') but no PyMongo import: the entry is a name hint only
        "store/repo.py": "class Repo(object):\n    def list_users(self):\n"
                         "        return self.db.users.find({'_id': 1})\n",
        # no token, no evidence to borrow: a hinted cursor gives it nothing
        "store/views.py": "def listing(app):\n    return app.repo.list_users().count()\n",
        # the same call with PyMongo imported: found
        "store/api.py": "import pymongo\ndef listing(app):\n"
                        "    return app.repo.list_users().count()\n",
    })
    with_filter, _ = same_findings_with_and_without([str(tmp_path)])
    assert [(os.path.basename(f.path), f.code) for f in with_filter] == [("api.py", "LM501")]
    assert admitted_names(tmp_path, monkeypatch) == ["store/api.py", "store/repo.py"]


def test_rule_3_a_name_already_vetoed_admits_no_more_definers(tmp_path, monkeypatch):
    write(tmp_path, {
        "store/__init__.py": "",
        "store/data.py": "import pymongo\nclass Mongo(object):\n    def find_docs(self, q):\n"
                         "        return pymongo.MongoClient().app.docs.find(q)\n",
        "store/cache.py": "import pymongo\nclass Cache(object):\n    def find_docs(self, q):\n"
                          "        return []\n",
        "store/views.py": "import pymongo\ndef listing(app, q):\n"
                          "    return app.data.find_docs(q).count()\n",
        # defines the vetoed name: cannot change the answer any more
        "store/local.py": "class Local(object):\n    def find_docs(self, q):\n        return q\n",
        # defines a name someone asks about, not yet vetoed, and holds a name
        # hint (db): it may type the name, or veto it
        "store/other.py": "class Other(object):\n    def listing(self, db):\n        return 1\n",
        "store/more.py": "import pymongo\ndef f(app):\n    return app.x.listing()\n",
        # the same name as a module-level function: the index holds methods only
        "store/plain.py": "def listing():\n    return 1\n",
    })
    same_findings_with_and_without([str(tmp_path)])
    admitted = admitted_names(tmp_path, monkeypatch)
    assert "store/other.py" in admitted
    assert "store/local.py" not in admitted and "store/plain.py" not in admitted


def _two_definers(tmp_path, first_returns):
    # views.py (a token) asks the method index about list_users; a_first.py and
    # b_second.py (no token) both define it; with one definer per name per
    # round, a_first.py is looked at before b_second.py
    write(tmp_path, {
        "store/__init__.py": "",
        "store/views.py": "import pymongo\ndef listing(app):\n"
                          "    return app.repo.list_users().count()\n",
        "store/a_first.py": "class First(object):\n    def list_users(self):\n"
                            "        return " + first_returns + "\n",
        "store/b_second.py": "class Second(object):\n    def list_users(self):\n"
                             "        return self.db.users.find()\n",
    })


def test_rule_3_a_definer_that_vetoes_the_name_ends_its_admission(tmp_path, monkeypatch):
    # a_first.py holds no name hint: it can only veto, so it comes in once
    # b_second.py has given list_users a PyMongo result; its veto then stands
    _two_definers(tmp_path, "[]")  # a list: list_users is not PyMongo's for good
    with_filter, _ = same_findings_with_and_without([str(tmp_path)])
    assert with_filter == []
    assert prefilter.DEFINERS_PER_ROUND == 1
    assert admitted_names(tmp_path, monkeypatch) == [
        "store/a_first.py", "store/b_second.py", "store/views.py"]


def test_rule_3_a_definer_that_can_only_veto_waits_for_a_pymongo_result(tmp_path,
                                                                      monkeypatch):
    # without b_second.py nothing gives list_users a PyMongo result: a_first.py
    # (no token, no name hint) can change nothing and is not linted
    _two_definers(tmp_path, "[]")
    os.remove(str(tmp_path / "store" / "b_second.py"))
    with_filter, _ = same_findings_with_and_without([str(tmp_path)])
    assert with_filter == []
    assert admitted_names(tmp_path, monkeypatch) == ["store/views.py"]
    # a name hint in it (a parameter called db) is enough to let it in
    (tmp_path / "store" / "a_first.py").write_text(
        "class First(object):\n    def list_users(self, db):\n        return []\n")
    assert admitted_names(tmp_path, monkeypatch) == ["store/a_first.py", "store/views.py"]


def test_hinted_finds_every_name_a_kind_is_guessed_from():
    for name in sorted(inference.DB_HINTS | inference.COLL_HINTS | inference.CLIENT_HINTS) + [
            "users_coll", "self._conn", "cur", "_cursor", "my_db", "main_connection",
            "USERS_COLLECTION"]:
        assert inference.name_hint(name.rpartition(".")[2]), name
        text = ("x = %s\n" % name).encode()
        # a name with "mongo" in it is an evidence token (rule 1) already
        assert prefilter.hinted(text) or prefilter.has_token(text), name
    for text in ("column = 1", "dbname = 'x'", "collect()", "current = 2", "conner"):
        assert not prefilter.hinted(text.encode()), text


@pytest.mark.parametrize("text", [
    b"db", b"xdb", b"_db", b"a_db = 1", b"DB", b"MyDb", b"x.Db", b"db_", b"dbs", b"1db",
    b"xcollection = 1", b"a.collection", b"my_connection", b"cur", b"recur", b"(cur)",
    b"incursor; cursor", b"xx_coll\n", b"\ncol", b"9col col", b"\xe9db", b"",
])
def test_hinted_answers_as_the_hint_word_regex(text):
    # hinted() checks the byte before each word after matching it: a trap for each
    # side of that check (a letter, a digit, "_", the start, a non-ASCII byte)
    assert prefilter.hinted(text) == (prefilter._HINT_WORD.search(text) is not None), text


def test_hinted_answers_as_the_hint_word_regex_on_the_corpus():
    checked = 0
    for path, data in corpus_files():
        assert prefilter.hinted(data) == (prefilter._HINT_WORD.search(data) is not None), path
        checked += 1
    assert checked > 100


DEF_EDGES = [
    b"def f(): pass", b"  def f(self):", b"\tdef g", b"\f def h", b"class A:\n    def m(x)",
    b"  async def a()", b"  async\n  def b()", b"  def\n  def c()", b"x = 1; def d()",
    b"undef e", b"  define f", b"\n\n  def\tg", b"\r\n  def h", b"\x0b def i", b"",
    b"async def j()", b"class K(object):", b"class\tL", b"  class M", b"def\nN",
]


@pytest.mark.parametrize("text", DEF_EDGES)
def test_the_def_scans_find_what_the_line_start_regexes_find(text):
    # "\n" for "^": a trap for the first line, \r and \x0b (no line start for
    # "^"), a def split over lines, one def consumed as another's name
    assert prefilter._DEF_AFTER_NEWLINE.findall(b"\n" + text) == prefilter._DEF.findall(text)
    assert prefilter._TOP_DEF_AFTER_NEWLINE.findall(b"\n" + text) == \
        prefilter._TOP_DEF.findall(text)
    assert prefilter.definitions(text) == prefilter._spellings(
        name.decode() for name in prefilter._DEF.findall(text))
    assert prefilter.top_definitions(text) == frozenset(
        name.decode() for name in prefilter._TOP_DEF.findall(text))


def test_the_def_scans_find_what_the_line_start_regexes_find_on_the_corpus():
    checked = 0
    for path, data in corpus_files():
        assert prefilter._DEF_AFTER_NEWLINE.findall(b"\n" + data) == \
            prefilter._DEF.findall(data), path
        assert prefilter._TOP_DEF_AFTER_NEWLINE.findall(b"\n" + data) == \
            prefilter._TOP_DEF.findall(data), path
        checked += 1
    assert checked > 100


def test_rule_3_a_definer_that_settles_nothing_lets_the_next_one_in(tmp_path, monkeypatch):
    _two_definers(tmp_path, "self.fetch()")  # unknown: no index entry, no veto
    with_filter, _ = same_findings_with_and_without([str(tmp_path)])
    # b_second.py's cursor still types the count() in views.py
    assert [(os.path.basename(f.path), f.code) for f in with_filter] == [("views.py", "LM501")]
    assert admitted_names(tmp_path, monkeypatch) == [
        "store/a_first.py", "store/b_second.py", "store/views.py"]


def test_from_flask_ext_import_a_name_binds_the_flask_underscore_module():
    # `from flask.ext import admin` is flask_admin, as `import flask.ext.admin`
    # and `from flask.ext.admin import x` are: the analysis and the prefilter's
    # candidates spell it alike (Flask-Admin 1.0.8's examples)
    source = b"from flask.ext import admin, login\n"
    analysis = inference.ModuleAnalysis(ast.parse(source), "examples.auth.auth", None, False)
    bound, _imported = prefilter.candidates(prefilter.scan(source), "examples.auth.auth", False)
    assert {"flask_admin", "flask_login"} <= set(analysis.bound_imports) <= bound


def test_prepared_candidates_and_definitions_are_used_without_reading_the_file():
    # the scan's worker hands over what the admission rounds read of a file
    # without a token; the main process must not read the bytes again for it
    data = b"from proj.db import users\nclass Repo(object):\n    def list_users(self):\n" \
           b"        return users.find()\n"
    found = prefilter.scan(data)
    assert not found.token

    def no_read(path):
        raise AssertionError("read %s again" % path)

    module = ("app.repo", False)
    gate = prefilter.Prefilter({"app/repo.py": found}, {"app/repo.py": module}, no_read,
                               {"app/repo.py": prefilter.prepare(found, module, data)})
    bound, imported = gate.candidates("app/repo.py")
    assert "proj.db.users" in bound and "proj.db" in imported
    assert gate.definitions("app/repo.py") == {"list_users"}
    # and a file it was not taken for is still read when asked
    lazy = prefilter.Prefilter({"app/repo.py": found}, {"app/repo.py": module},
                               lambda path: data)
    assert lazy.definitions("app/repo.py") == {"list_users"}
    assert lazy.candidates("app/repo.py") == (bound, imported)
