"""The engine's Python API: lint_paths / lint_source, files, parallelism."""
import os
import subprocess
import sys

from legacy_mongo.lint.engine import Finding, lint_paths, lint_source

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def test_lint_source_returns_findings_with_the_documented_fields():
    findings = lint_source("import pymongo\npymongo.Connection()\n", "x.py")
    fix = findings[0].fix
    assert findings == [Finding("LM101", findings[0].message, "x.py", 2, 1, 2, 19, "certain",
                                fix)]
    # "pymongo." is 8 characters: Connection is columns 9-18, "w=0" goes inside "()"
    assert fix["applicability"] == "unsafe"
    assert [(e["location"]["row"], e["location"]["column"], e["end_location"]["column"],
             e["content"]) for e in fix["edits"]] == [(2, 9, 19, "MongoClient"),
                                                     (2, 20, 20, "w=0")]
    assert findings[0].message.startswith("LM101 Connection() is removed")


def test_undecodable_file_is_lm002_and_the_run_goes_on(tmp_path):
    (tmp_path / "a_bad.py").write_bytes(b"# -*- coding: utf-8 -*-\nx = '\xff\xfe'\n")
    (tmp_path / "b_good.py").write_text("import pymongo\npymongo.MongoClient().database_names()\n")
    found = [(os.path.basename(f.path), f.code, f.line) for f in lint_paths([str(tmp_path)],
                                                                            jobs=1)]
    # LM002 stands at the undecodable byte (line 2)
    assert found == [("a_bad.py", "LM002", 2), ("b_good.py", "LM602", 2)]


def test_parallel_and_serial_runs_agree():
    serial = lint_paths([FIXTURES], jobs=1)
    parallel = lint_paths([FIXTURES], jobs=2)
    assert serial == parallel
    assert len(serial) > 10


def test_one_pool_of_workers_serves_the_whole_run(tmp_path, monkeypatch):
    import multiprocessing.pool

    # ten importers with a token (second looks) and ten without (admitted by
    # the prefilter's rule 2): three batches large enough for the workers
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "db.py").write_text("import pymongo\nclient = pymongo.MongoClient()\n")
    for n in range(10):
        (tmp_path / "pkg" / ("use%d.py" % n)).write_text(
            "from pkg.db import client\nclient.app.things.insert({'_id': %d})\n" % n)
        (tmp_path / "pkg" / ("plain%d.py" % n)).write_text(
            "from pkg.db import client\nclient.app.things.insert(%d)\n" % n)
    serial = lint_paths([str(tmp_path)], jobs=1)
    pools = []
    real = multiprocessing.pool.Pool.__init__

    def counted(self, *args, **kwargs):
        pools.append(self)
        real(self, *args, **kwargs)

    monkeypatch.setattr(multiprocessing.pool.Pool, "__init__", counted)
    parallel = lint_paths([str(tmp_path)], jobs=2)
    assert serial == parallel
    assert sorted(os.path.basename(f.path) for f in serial if f.code == "LM401") == sorted(
        ["use%d.py" % n for n in range(10)] + ["plain%d.py" % n for n in range(10)])
    assert len(pools) == 1


def test_paths_are_joined_below_the_argument():
    findings = lint_paths([os.path.join(FIXTURES, "py2")], jobs=1)
    assert all(f.path.startswith(os.path.join(FIXTURES, "py2") + os.sep) for f in findings)


def test_the_linter_never_imports_the_code_it_reads(tmp_path):
    marker = tmp_path / "imported.txt"
    (tmp_path / "evil.py").write_text(
        "open(%r, 'w').write('x')\nimport pymongo\npymongo.Connection()\n" % str(marker))
    findings = lint_paths([str(tmp_path)], jobs=1)
    assert [f.code for f in findings] == ["LM101"]
    assert not marker.exists()


def test_the_linter_modules_do_not_import_pymongo():
    # legacy_mongo/__init__.py (the runtime's public names) is bypassed with a bare package
    # object, so this checks the linter, the catalogue and the config reader only.
    code = """
import sys, types
pkg = types.ModuleType("legacy_mongo")
pkg.__path__ = [%r]
sys.modules["legacy_mongo"] = pkg
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pymongo", "bson", "gridfs"):
            raise ImportError("the linter imported " + name)
sys.meta_path.insert(0, Block())
from legacy_mongo.lint.cli import main
sys.exit(main(["--exit-zero", %r]))
""" % (os.path.join(ROOT, "legacy_mongo"), FIXTURES)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=ROOT))
    assert proc.returncode == 0, proc.stderr
    assert "LM401" in proc.stdout


def test_a_file_leaves_no_cyclic_garbage_behind(tmp_path):
    # the workers release each analysis (ModuleAnalysis.release, the fix
    # locator's sites): a file's tree and analysis are freed by reference
    # counting, with nothing left for a cyclic collection to walk
    import gc
    from legacy_mongo.lint import engine

    path = str(tmp_path / "app.py")
    with open(path, "w") as out:
        out.write("import pymongo\n\nclass Store(object):\n"
                  "    def __init__(self):\n        self.coll = pymongo.MongoClient().db.things\n\n"
                  "    def add(self, doc):\n        self.coll.insert(doc)\n"
                  "        return self.coll.find().count()\n")
    args = (path, None, None, "likely", None, 0)
    engine._work_phase1_unsafe(args)  # imports made on first use are not garbage
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        result = engine._work_phase1_unsafe(args)
        assert any(f.fix for f in result[1]), "fixes are attached (the locator ran)"
        del result
        gc.collect()
        left = len(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == 0


def test_a_run_without_fixes_differs_only_by_them_in_the_workers_too(tmp_path):
    # fixes=False (the text output) is inherited by the forked workers: 12 files
    # are enough to fork them (engine._Workers.map); phase 2 included (b.py)
    (tmp_path / "db.py").write_text("import pymongo\nusers = pymongo.MongoClient().app.users\n")
    (tmp_path / "b.py").write_text("from db import users\nusers.insert({}, safe=True)\n")
    for number in range(10):
        (tmp_path / ("m%d.py" % number)).write_text(
            "import pymongo\npymongo.MongoClient().db.c.update({}, {}, safe=True)\n")
    from legacy_mongo.lint import engine
    fixed = lint_paths([str(tmp_path)], jobs=2)
    bare = lint_paths([str(tmp_path)], jobs=2, fixes=False)
    assert engine._ATTACH_FIXES is True  # restored after the run
    assert {os.path.basename(f.path) for f in fixed if f.fix} >= {"b.py", "m0.py", "m9.py"}
    assert [f.fix for f in bare] == [None] * len(bare)
    assert [f.as_dict() for f in bare] == [dict(f.as_dict(), fix=None) for f in fixed]


def test_second_looks_go_largest_first(tmp_path, monkeypatch):
    # the round's looks are sent largest file first (no worker left alone on a big
    # one at its end), and each file still gets its own second look's findings
    from legacy_mongo.lint import engine
    (tmp_path / "db.py").write_text("import pymongo\nusers = pymongo.MongoClient().app.users\n")
    sizes = {"a.py": 1, "b.py": 40, "c.py": 3}
    for name, padding in sizes.items():
        # the finding's line tells the files apart
        (tmp_path / name).write_text("from db import users\n%susers.insert({}, safe=True)\n"
                                     % ("#\n" * padding))
    looked = []
    phase2 = engine._work_phase2

    def record(args):
        looked.append(os.path.basename(args[0]))
        return phase2(args)

    monkeypatch.setattr(engine, "_work_phase2", record)
    found = lint_paths([str(tmp_path)], jobs=1)
    assert looked == ["b.py", "c.py", "a.py"]
    by_file = {(os.path.basename(f.path), f.code, f.line) for f in found if f.code == "LM401"}
    assert by_file == {("a.py", "LM401", 3), ("b.py", "LM401", 42), ("c.py", "LM401", 5)}


# A copy of the driver in the tree (site-packages linted with the project, a
# vendored pymongo): its modules re-export under internal paths names the
# catalogue knows already.  engine.DRIVER_PACKAGES
DRIVER_COPY = {
    "site/pymongo/__init__.py": "from pymongo.synchronous.mongo_client import MongoClient\n",
    "site/pymongo/synchronous/__init__.py": "",
    "site/pymongo/synchronous/mongo_client.py": (
        "class MongoClient(object):\n    def __init__(self, host=None, **kwargs):\n"
        "        self.host = host\n"),
    "site/pymongo/database.py": "from pymongo import MongoClient\nshared = MongoClient().test\n",
    "site/pymongo/pool.py": "from pymongo.database import shared\nshared.things.insert({})\n",
    "site/bson/__init__.py": "from bson.son import SON\n",
    "site/bson/son.py": "class SON(dict):\n    pass\n",
}
IMPORTER = ("from pymongo import MongoClient\nfrom bson import SON\n"
            "client = MongoClient(safe=True)\nclient.db.users.insert(SON(a=1))\n")


def _looked_and_found(tmp_path, monkeypatch, files):
    from tests.lint.helpers import record_second_looks

    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    looked = record_second_looks(monkeypatch, tmp_path)
    found = {(os.path.relpath(f.path, str(tmp_path)), f.code, f.line)
             for f in lint_paths([str(tmp_path)], jobs=1)}
    return looked, found


def test_a_copy_of_the_driver_gives_its_importers_nothing(tmp_path, monkeypatch):
    alone, alone_found = _looked_and_found(tmp_path / "alone", monkeypatch,
                                           {"app.py": IMPORTER})
    files = dict(DRIVER_COPY, **{"app.py": IMPORTER})
    looked, found = _looked_and_found(tmp_path / "with", monkeypatch, files)
    app_found = {f for f in found if f[0] == "app.py"}
    assert app_found == alone_found and {c for _p, c, _l in app_found} >= {"LM302", "LM401"}
    assert "app.py" not in looked  # no second look for the same findings
    # inside the copy, its modules still give each other their values
    assert ("site/pymongo/pool.py", "LM401", 2) in found


def test_a_copy_of_the_driver_does_not_veto_a_project_method(tmp_path, monkeypatch):
    # mongokit's tests call Document.fetch(), which returns a Cursor; the copy of
    # pymongo defines a fetch() of its own that returns no PyMongo object
    project = {
        "shop/__init__.py": "",
        "shop/models.py": (
            "import pymongo\n\nclass Thing(object):\n"
            "    collection = pymongo.MongoClient().db.things\n\n"
            "    def fetch(self, spec=None):\n        return self.collection.find(spec)\n"),
        "test_shop.py": ("import pymongo\nfrom shop.models import *\n\n"
                         "def test_count(thing):\n    assert thing.fetch().count() == 1\n"),
    }
    copy = dict(DRIVER_COPY, **{"site/pymongo/helpers.py": (
        "\"\"\"MongoDB OIDC callbacks.\"\"\"\n\nclass Callback(object):\n"
        "    def fetch(self, context):\n        \"\"\"The token.\"\"\"\n\n\n"
        "class FileCallback(Callback):\n    def fetch(self, context):\n"
        "        return dict(token=context)\n")})
    _looked, alone = _looked_and_found(tmp_path / "alone", monkeypatch, project)
    _looked, found = _looked_and_found(tmp_path / "with", monkeypatch, dict(copy, **project))
    assert ("test_shop.py", "LM501", 5) in alone
    assert {f for f in found if not f[0].startswith("site/")} == alone


def test_a_run_holds_the_collector_off_and_collects_every_so_many_files(tmp_path, monkeypatch):
    import gc

    from legacy_mongo.lint import engine

    for number in range(6):
        (tmp_path / ("m%d.py" % number)).write_text(
            "import pymongo\npymongo.MongoClient().db.c.insert({})\n")
    enabled_during = []
    phase1 = engine._work_phase1

    def record(args, data=None):
        enabled_during.append(gc.isenabled())
        return phase1(args, data)

    collections = []
    collect = gc.collect
    monkeypatch.setattr(engine, "_work_phase1", record)
    monkeypatch.setattr(engine, "COLLECT_EVERY", 2)
    engine._FILES_SINCE_COLLECT[0] = 0
    monkeypatch.setattr(gc, "collect", lambda *a: collections.append(a) or collect(*a))
    assert gc.isenabled()
    found = lint_paths([str(tmp_path)], jobs=1)
    assert gc.isenabled()  # given back as it was
    assert enabled_during == [False] * 6
    assert len(collections) >= 3  # six first looks, one collection per two
    assert len([f for f in found if f.code == "LM401"]) == 6
