"""`python -m legacy_mongo lint ...` end to end: exit codes, JSON, configuration, walking."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")

LEGACY = "import pymongo\nc = pymongo.MongoClient()\nc.db.users.insert({'a': 1}, safe=True)\n"
CLEAN = "import pymongo\nc = pymongo.MongoClient()\nc.db.users.insert_one({'a': 1})\n"


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run([sys.executable, "-m", "legacy_mongo", "lint", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def write(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def test_exit_0_when_clean(tmp_path):
    write(tmp_path, {"clean.py": CLEAN})
    assert run(str(tmp_path))[0] == 0


def test_exit_1_with_findings_and_json_output(tmp_path):
    write(tmp_path, {"pkg/legacy.py": LEGACY})
    code, out, _ = run("--format", "json", "pkg", cwd=str(tmp_path))
    assert code == 1
    data = json.loads(out)
    assert [(d["code"], d["path"], d["line"], d["column"]) for d in data] == [
        ("LM401", os.path.join("pkg", "legacy.py"), 3, 12),
        ("LM301", os.path.join("pkg", "legacy.py"), 3, 29)]


def test_exit_2_on_usage_errors(tmp_path):
    write(tmp_path, {"a.py": LEGACY})
    assert run("--select", "bogus", str(tmp_path))[0] == 2
    assert run("--format", "xml", str(tmp_path))[0] == 2
    assert run("--confidence", "maybe", str(tmp_path))[0] == 2
    assert run(str(tmp_path / "missing"))[0] == 2


def test_exit_zero_flag(tmp_path):
    write(tmp_path, {"a.py": LEGACY})
    assert run("--exit-zero", str(tmp_path))[0] == 0


def test_select_ignore_and_statistics(tmp_path):
    write(tmp_path, {"a.py": LEGACY + "c.start_request()\n"})
    code, out, _ = run("--select", "requests,LM401", "--statistics", str(tmp_path))
    assert code == 1
    lines = out.splitlines()
    assert [l.split()[1] for l in lines[:2]] == ["LM401", "LM201"]
    assert "1     LM201 start_request" in lines
    code, out, _ = run("--ignore", "crud,write-concern", "--format", "json", str(tmp_path))
    assert [d["code"] for d in json.loads(out)] == ["LM201"]


def test_confidence_option(tmp_path):
    write(tmp_path, {"a.py": "import pymongo\ndef f(self, doc):\n    self.db.users.insert(doc)\n"})
    code, out, _ = run("--format", "json", str(tmp_path))
    assert code == 1 and json.loads(out)[0]["confidence"] == "likely"
    assert run("--confidence", "certain", str(tmp_path))[0] == 0


def test_setup_cfg_configuration(tmp_path):
    write(tmp_path, {
        "setup.cfg": """
            [legacy_mongo]
            ignore = LM301
            exclude = generated
            per-file-ignores =
                tests/*: crud
            """,
        "app.py": LEGACY,
        "tests/test_app.py": LEGACY,
        "generated/out.py": LEGACY,
    })
    code, out, _ = run("--format", "json", ".", cwd=str(tmp_path))
    found = sorted((d["path"], d["code"]) for d in json.loads(out))
    assert found == [(os.path.join(".", "app.py"), "LM401")]


def test_pyproject_configuration(tmp_path):
    write(tmp_path, {
        "pyproject.toml": """
            [tool.legacy-mongo]
            select = ["write-concern"]
            confidence = "certain"

            [tool.legacy-mongo.per-file-ignores]
            "legacy2.py" = ["LM301"]
            """,
        "legacy.py": LEGACY,
        "legacy2.py": LEGACY,
    })
    code, out, _ = run("--format", "json", ".", cwd=str(tmp_path))
    assert [(os.path.basename(d["path"]), d["code"]) for d in json.loads(out)] == [
        ("legacy.py", "LM301")]
    # the command line wins over the file
    code, out, _ = run("--format", "json", "--select", "crud", ".", cwd=str(tmp_path))
    assert sorted({d["code"] for d in json.loads(out)}) == ["LM401"]


def test_walk_skips_venvs_git_build_pycache_and_gitignored(tmp_path):
    write(tmp_path, {
        ".gitignore": "ignored_dir/\n*_generated.py\n# comment\n",
        "real.py": LEGACY,
        "ignored_dir/a.py": LEGACY,
        "thing_generated.py": LEGACY,
        ".git/hooks/x.py": LEGACY,
        "build/lib/y.py": LEGACY,
        "__pycache__/z.py": LEGACY,
        "venv/lib/w.py": LEGACY,
        "myenv/pyvenv.cfg": "home = /usr\n",
        "myenv/lib/v.py": LEGACY,
        "node_modules/n.py": LEGACY,
    })
    code, out, _ = run("--format", "json", str(tmp_path))
    paths = {os.path.relpath(d["path"], str(tmp_path)) for d in json.loads(out)}
    assert paths == {"real.py"}
    # an explicit file argument is always linted
    code, out, _ = run("--format", "json", str(tmp_path / "ignored_dir" / "a.py"))
    assert code == 1


def test_unparsable_and_unreadable_files_do_not_stop_the_run():
    code, out, _ = run("--format", "json", FIXTURES)
    data = json.loads(out)
    by_file = {(os.path.basename(d["path"]), d["code"]) for d in data}
    assert ("unparsable.py", "LM001") in by_file
    assert ("undecodable.py", "LM002") in by_file
    assert ("print_and_except.py", "LM401") in by_file
    assert code == 1


def test_cross_module_values_and_evidence():
    project = os.path.join(FIXTURES, "project")
    code, out, _ = run("--format", "json", project)
    found = [(os.path.basename(d["path"]), d["line"], d["code"], d["confidence"])
             for d in json.loads(out)]
    assert ("views.py", 7, "LM401", "certain") in found
    assert ("views.py", 8, "LM404", "certain") in found
    assert ("views.py", 9, "LM402", "certain") in found
    assert not any(f == "views.py" and line == 13 for f, line, _c, _k in found)  # list.insert
    # self.mongo is set in a base class of another module (flask_pymongo.PyMongo)
    assert ("test_things.py", 7, "LM404", "certain") in found
    assert ("test_things.py", 8, "LM606", "certain") in found


def test_summary_text_and_html(tmp_path):
    write(tmp_path, {"proj/alpha/a.py": LEGACY, "proj/alpha/b.py": LEGACY,
                     "proj/beta/c.py": "import pymongo\npymongo.MongoClient().start_request()\n"})
    html_path = tmp_path / "summary.html"
    code, out, _ = run("--summary", "--summary-html", str(html_path), str(tmp_path / "proj"))
    assert code == 1
    assert "Legacy PyMongo uses: 5 in 3 files (5 certain, 0 likely)" in out
    assert "  alpha        4" in out and "  beta         1" in out
    assert "LM401      2" in out
    page = html_path.read_text()
    assert page.startswith("<!DOCTYPE html>") and "width:100.0%" in page
    assert 'href="https://legacy-mongo.readthedocs.io/en/latest/codes/lm401.html"' in page


def test_help_exits_0():
    code, out, _ = run("--help")
    assert code == 0 and "--summary-html" in out


def test_internal_error_on_one_file_exits_2_and_keeps_the_others(tmp_path, monkeypatch,
                                                                  capsys):
    from legacy_mongo.lint import cli, inference

    write(tmp_path, {"a.py": LEGACY, "boom.py": "import pymongo\nBOOM = 1\n"})
    original = inference.ModuleAnalysis._walk

    def walk(self):
        if any(isinstance(n, __import__("ast").Assign) and getattr(n.targets[0], "id", "") ==
               "BOOM" for n in self.tree.body):
            raise RuntimeError("simulated linter bug")
        return original(self)

    monkeypatch.setattr(inference.ModuleAnalysis, "_walk", walk)
    assert cli.main(["--jobs", "1", "--format", "json", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert [os.path.basename(d["path"]) for d in json.loads(captured.out)] == ["a.py", "a.py"]
    assert "internal error on" in captured.err and "boom.py" in captured.err
    assert "simulated linter bug" in captured.err


def test_file_level_noqa(tmp_path):
    write(tmp_path, {"a.py": "# legacy-mongo: noqa\n" + LEGACY, "b.py": LEGACY})
    code, out, _ = run("--format", "json", str(tmp_path))
    assert {os.path.basename(d["path"]) for d in json.loads(out)} == {"b.py"}


def test_sarif_and_github_from_the_command_line(tmp_path):
    write(tmp_path, {"a.py": LEGACY})
    code, out, _ = run("--format", "sarif", str(tmp_path))
    assert code == 1 and json.loads(out)["version"] == "2.1.0"
    code, out, _ = run("--format", "github", str(tmp_path))
    assert out.startswith("::warning file=") and ",title=LM401::" in out


@pytest.mark.parametrize("fmt, fixes", [("text", False), ("github", False), ("json", True),
                                        ("sarif", True)])
def test_fixes_are_attached_only_for_the_formats_that_show_them(tmp_path, monkeypatch,
                                                                capsys, fmt, fixes):
    from legacy_mongo.lint import cli as lint_cli, engine
    write(tmp_path, {"legacy.py": LEGACY})
    asked = []
    real = engine.lint_paths

    def lint_paths(*args, **kwargs):
        asked.append(kwargs.get("fixes", True))
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "lint_paths", lint_paths)
    assert lint_cli.main(["--no-cache", "--jobs", "1", "--format", fmt, str(tmp_path)]) == 1
    assert asked == [fixes]
    out = capsys.readouterr().out
    if fmt == "json":  # and the fix is in the output
        assert any(d["fix"] for d in json.loads(out))
