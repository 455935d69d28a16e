"""The byte-level prefilter skips files, never findings (legacy_mongo/lint/prefilter.py)."""
import os
import textwrap

import pytest

from legacy_mongo.lint import prefilter
from legacy_mongo.lint.engine import lint_paths, lint_source

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EVAL = os.path.join(ROOT, "benchmarks", ".cache", "eval")  # benchmarks/lint_eval/fetch.py


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
    roots = [os.path.join(HERE, "fixtures")] + ([EVAL] if os.path.isdir(EVAL) else [])
    checked = 0
    for root in roots:
        for folder, _dirs, names in os.walk(root):
            for name in names:
                if not name.endswith(".py"):
                    continue
                with open(os.path.join(folder, name), "rb") as handle:
                    data = handle.read()
                try:
                    source = data.decode("utf-8")
                except UnicodeDecodeError:
                    continue
                found = [f for f in lint_source(source, name) if f.code not in ("LM001",)]
                if found:
                    checked += 1
                    assert prefilter.has_token(data), (folder, name, found[0].code)
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


def test_a_module_level_client_imported_through_a_package_init(tmp_path):
    write(tmp_path, {
        "proj/__init__.py": "from .db import users\n",   # no token: a re-export
        "proj/db.py": "import pymongo\nclient = pymongo.MongoClient()\nusers = client.app.users\n",
        "other/views.py": "from proj import users\nusers.insert({'a': 1})\n",
        "other/direct.py": "from proj.db import users\ndef f(doc):\n    users.insert(doc)\n",
        "other/star.py": "from .. import *\n",
        "other/plain.py": "import json\nprint(json.dumps([1]))\n",
    })
    with_filter, _ = same_findings_with_and_without([str(tmp_path)])
    assert [(os.path.basename(f.path), f.code) for f in with_filter] == [("direct.py", "LM401")]
    # the chain db -> proj/__init__ -> other/views is linted, whatever the rules
    # make of it; a file that imports nothing linted is not
    from legacy_mongo.lint.engine import discover, module_name_for

    files = [path for path, _root in discover([str(tmp_path)])]
    scans = {}
    for path in files:
        with open(path, "rb") as handle:
            scans[path] = prefilter.scan(handle.read())
    gate = prefilter.Prefilter(scans, {p: module_name_for(p) for p in files}, None)
    gate.add_sources([str(tmp_path / "proj" / "db.py")])  # its analysis: evidence, values
    assert sorted(os.path.relpath(p, str(tmp_path)) for p in gate.linted) == [
        os.path.join("other", "direct.py"), os.path.join("other", "views.py"),
        os.path.join("proj", "__init__.py"), os.path.join("proj", "db.py")]


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
