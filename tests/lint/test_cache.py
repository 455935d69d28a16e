"""The per-file result cache (legacy_mongo/lint/cache.py): fast, and never stale."""
import json
import os
import textwrap

import pytest

from legacy_mongo.lint import cli, engine

LEGACY = "import pymongo\nc = pymongo.MongoClient()\nc.db.users.insert({'a': 1}, safe=True)\n"


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


@pytest.fixture
def analysed(monkeypatch):
    """The paths analysed (phase 1 or 2) during the test, in this process (jobs=1)."""
    seen = []
    phase1, phase2 = engine._work_phase1, engine._work_phase2

    def count1(args, data=None):
        seen.append(("1", os.path.basename(args[0])))
        return phase1(args, data)

    def count2(args):
        seen.append(("2", os.path.basename(args[0])))
        return phase2(args)

    monkeypatch.setattr(engine, "_work_phase1", count1)
    monkeypatch.setattr(engine, "_work_phase2", count2)
    return seen


def run(tmp_path, **kwargs):
    kwargs.setdefault("cache_dir", str(tmp_path / "cache"))
    found = engine.lint_paths([str(tmp_path / "src")], jobs=1, **kwargs)
    return [(os.path.relpath(f.path, str(tmp_path / "src")), f.line, f.code) for f in found]


PROJECT = {
    "src/proj/__init__.py": "",
    "src/proj/db.py": "import pymongo\nclient = pymongo.MongoClient()\nusers = client.app.users\n",
    "src/proj/views.py": "from proj.db import users\ndef f(doc):\n    users.insert(doc)\n",
    "src/legacy.py": LEGACY,
}


def test_a_second_run_on_an_unchanged_tree_analyses_nothing(tmp_path, analysed):
    write(tmp_path, PROJECT)
    first = run(tmp_path)
    assert ("2", "views.py") in analysed
    del analysed[:]
    assert run(tmp_path) == first
    assert analysed == []
    assert first == [("legacy.py", 3, "LM401"), ("legacy.py", 3, "LM301"),
                     (os.path.join("proj", "views.py"), 3, "LM401")]


def test_a_changed_file_is_analysed_again_and_only_it(tmp_path, analysed):
    write(tmp_path, PROJECT)
    run(tmp_path)
    del analysed[:]
    write(tmp_path, {"src/legacy.py": LEGACY.replace("insert(", "insert_one(").replace(
        ", safe=True", "")})
    assert run(tmp_path) == [(os.path.join("proj", "views.py"), 3, "LM401")]
    assert analysed == [("1", "legacy.py")]


def test_a_file_whose_import_changed_meaning_is_not_served_stale(tmp_path, analysed):
    # views.py is unchanged, but what it imports no longer is a collection
    write(tmp_path, PROJECT)
    run(tmp_path)
    write(tmp_path, {"src/proj/db.py": "users = []\n"})
    assert run(tmp_path) == [("legacy.py", 3, "LM401"), ("legacy.py", 3, "LM301")]


def test_other_settings_use_other_entries(tmp_path):
    write(tmp_path, PROJECT)
    run(tmp_path)
    assert run(tmp_path, select=["LM3"]) == [("legacy.py", 3, "LM301")]
    assert run(tmp_path, confidence="certain") == run(tmp_path, cache_dir=None,
                                                      confidence="certain")


def test_the_cache_is_json_and_a_corrupt_one_is_ignored(tmp_path):
    write(tmp_path, PROJECT)
    first = run(tmp_path)
    [name] = [n for n in os.listdir(str(tmp_path / "cache")) if n.endswith(".json")]
    with open(str(tmp_path / "cache" / name)) as handle:
        json.load(handle)  # JSON, not pickle: loading it runs nothing
    (tmp_path / "cache" / name).write_text("{not json")
    assert run(tmp_path) == first
    with open(str(tmp_path / "cache" / ".gitignore")) as handle:
        assert handle.read().splitlines()[-1] == "*"


def test_an_unwritable_cache_directory_only_costs_speed(tmp_path):
    write(tmp_path, PROJECT)
    (tmp_path / "cache").write_text("a file where the directory should be")
    assert run(tmp_path) == run(tmp_path, cache_dir=None)


def test_the_command_caches_in_the_current_directory_unless_no_cache(
        tmp_path, monkeypatch, capsys):
    write(tmp_path, {"src/legacy.py": LEGACY})
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--jobs", "1", "--no-cache", "src"]) == 1
    assert not (tmp_path / ".legacy_mongo_cache").exists()
    assert cli.main(["--jobs", "1", "src"]) == 1
    assert (tmp_path / ".legacy_mongo_cache").is_dir()
    first = capsys.readouterr().out
    assert cli.main(["--jobs", "1", "src"]) == 1
    assert capsys.readouterr().out == first.split("\n", 2)[2]  # the same two lines


def test_a_second_run_on_an_unchanged_tree_does_not_rewrite_the_cache(tmp_path):
    write(tmp_path, PROJECT)
    run(tmp_path)
    [name] = [n for n in os.listdir(str(tmp_path / "cache")) if n.endswith(".json")]
    path = str(tmp_path / "cache" / name)
    os.utime(path, (1, 1))  # a write would reset it
    run(tmp_path)
    assert os.stat(path).st_mtime == 1
    write(tmp_path, {"src/other.py": LEGACY})  # a new file: its entries are written
    run(tmp_path)
    assert os.stat(path).st_mtime != 1
    with open(path, encoding="utf-8") as handle:
        assert any(json.loads(key)[1].endswith("other.py") for key in json.load(handle))


FIXABLE = dict(PROJECT, **{
    # LM301 (safe=) has a fix; in views.py only the second look finds it
    "src/proj/views.py": "from proj.db import users\ndef f(doc):\n    users.insert(doc, safe=True)\n",
})


def test_entries_without_fixes_do_not_serve_a_run_that_shows_them(tmp_path):
    # the text output attaches no fixes (cli: formats.SHOWS_FIXES); a JSON run on
    # the same cache after it must still get them, from phase 1 and phase 2 alike
    write(tmp_path, FIXABLE)
    src, cache = str(tmp_path / "src"), str(tmp_path / "cache")
    bare = engine.lint_paths([src], jobs=1, cache_dir=cache, fixes=False)
    assert [f.fix for f in bare] == [None] * len(bare)
    fixed = engine.lint_paths([src], jobs=1, cache_dir=cache)
    with_fix = sorted((os.path.basename(f.path), f.code) for f in fixed if f.fix)
    assert with_fix == [("legacy.py", "LM301"), ("views.py", "LM301")]
    assert [f.as_dict() for f in bare] == [dict(f.as_dict(), fix=None) for f in fixed]


def test_an_unchanged_tree_gets_the_last_findings_without_the_admission_rounds(
        tmp_path, monkeypatch):
    write(tmp_path, PROJECT)
    first = run(tmp_path)

    def no_rounds(*_args, **_kwargs):
        raise AssertionError("the run entry should have served this run")

    with monkeypatch.context() as patched:
        patched.setattr(engine, "_second_look_inputs", no_rounds)
        assert run(tmp_path) == first
    # a changed byte, a removed file: the run entry no longer matches, and nothing stale
    write(tmp_path, {"src/proj/views.py": "from proj.db import users\n\n"
                                          "def f(doc):\n    users.insert(doc)\n"})
    assert run(tmp_path) == run(tmp_path, cache_dir=None)
    assert ("proj/views.py", 4, "LM401") in run(tmp_path)
    os.remove(str(tmp_path / "src" / "legacy.py"))
    assert run(tmp_path) == run(tmp_path, cache_dir=None)
    assert not [found for found in run(tmp_path) if found[0] == "legacy.py"]
