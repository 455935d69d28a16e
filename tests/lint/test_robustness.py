"""The linter is safe to run anywhere: old Pythons, odd files, bad configuration."""
import ast
import os
import sys
import textwrap

import pytest

from legacy_mongo.lint import engine
from legacy_mongo.lint.engine import lint_source

LEGACY = "import pymongo\nc = pymongo.MongoClient()\nc.db.users.insert({'a': 1}, safe=True)\n"


# -- Python 3.9: ast.alias has no position there --------------------------------------

IMPORTS = textwrap.dedent("""\
    import pymongo
    import pymongo.son_manipulator as sm, bson.son
    from pymongo import Connection, ReplicaSetConnection as RSC
    from pymongo import (
        MasterSlaveConnection,  # a comment
        ASCENDING as asc,
    )
    x = 1; from pymongo.connection import Connection as C
    def f():
        from pymongo import \\
            objectid
    from . import sibling
    from .. import *
    s = "é"; from bson import ObjectId
""")


@pytest.mark.skipif(sys.version_info < (3, 10), reason="the reference positions are 3.10's")
def test_alias_positions_recovered_from_tokens_equal_python_310s():
    tree = ast.parse(IMPORTS)
    lines = IMPORTS.splitlines(True)
    checked = 0
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            expected = [((a.lineno, a.col_offset), (a.end_lineno, a.end_col_offset))
                        for a in node.names]
            assert engine._alias_spans(node, lines) == expected, ast.dump(node)
            checked += len(expected)
    assert checked == 12


def test_import_findings_have_the_alias_position():
    findings = lint_source("import os\nfrom pymongo import (ASCENDING,\n    Connection)\n",
                           "a.py")
    assert [(f.code, f.line, f.column, f.end_column) for f in findings] == [
        ("LM101", 3, 5, 15)]


# -- file exemptions ------------------------------------------------------------------

def test_file_exemption_on_a_line_of_its_own_silences_the_file():
    assert lint_source("# legacy-mongo: noqa\n" + LEGACY, "a.py") == []
    assert lint_source(LEGACY + "    # legacy_mongo: NOQA  \n", "a.py") == []


def test_trailing_file_exemption_on_a_code_line_silences_only_that_line():
    source = LEGACY + "c.start_request()  # legacy-mongo: noqa\n"
    assert [(f.code, f.line) for f in lint_source(source, "a.py")] == [
        ("LM401", 3), ("LM301", 3)]  # LM201 on line 4 is the silenced one


@pytest.mark.parametrize("comment", ["# flake8: noqa", "# ruff: noqa"])
def test_style_file_exemptions_do_not_hide_migration_findings(comment):
    findings = lint_source(comment + "\n" + LEGACY, "a.py")
    assert [(f.code, f.line) for f in findings] == [("LM401", 4), ("LM301", 4)]


# -- odd files ------------------------------------------------------------------------

from legacy_mongo.lint.engine import lint_paths  # noqa: E402


def _by_file(findings):
    return sorted((os.path.basename(f.path), f.code) for f in findings)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_named_py_is_skipped_in_a_walk_and_refused_as_an_argument(tmp_path):
    (tmp_path / "real.py").write_text(LEGACY)
    os.mkfifo(str(tmp_path / "pipe.py"))  # reading it would block forever
    assert _by_file(lint_paths([str(tmp_path)], jobs=1)) == [
        ("real.py", "LM301"), ("real.py", "LM401")]
    with pytest.raises(engine.UsageError, match="pipe.py is not a regular file.*a FIFO"):
        lint_paths([str(tmp_path / "pipe.py")], jobs=1)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_swapped_in_after_discovery_is_lm002_not_a_hang(tmp_path):
    os.mkfifo(str(tmp_path / "pipe.py"))
    with pytest.raises(engine.UnreadableFile, match="not a regular file: a FIFO"):
        engine.read_bytes(str(tmp_path / "pipe.py"))


def test_a_directory_symlink_loop_reports_each_file_once(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "a.py").write_text(LEGACY)
    os.symlink(str(pkg), str(pkg / "loop"))  # pkg/loop/loop/loop/... -> pkg
    os.symlink(str(tmp_path), str(pkg / "up"))
    assert _by_file(lint_paths([str(tmp_path)], jobs=1)) == [("a.py", "LM301"),
                                                            ("a.py", "LM401")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads every file")
def test_an_unreadable_file_is_lm002_saying_permission_denied(tmp_path):
    path = tmp_path / "secret.py"
    path.write_text(LEGACY)
    path.chmod(0)
    try:
        findings = lint_paths([str(tmp_path)], jobs=1)
    finally:
        path.chmod(0o644)
    assert [f.code for f in findings] == ["LM002"]
    assert "(Permission denied)" in findings[0].message


def test_lm002_names_the_undecodable_byte_and_where_it_is(tmp_path):
    (tmp_path / "bad.py").write_bytes(b"# -*- coding: utf-8 -*-\nx = 1\ny = '\xe9t\xe9'\n")
    [finding] = lint_paths([str(tmp_path)], jobs=1)
    assert (finding.code, finding.line, finding.column) == ("LM002", 3, 6)
    assert "(byte 0xe9 at line 3, column 6 is not valid utf-8)" in finding.message


def test_lm001_gives_both_parsers_messages_and_the_position():
    [finding] = lint_source("import pymongo\nx = 1\ndef broken(:\n    pass\n", "a.py")
    assert (finding.code, finding.line) == ("LM001", 3)
    assert "Python 3: invalid syntax at line 3, column 12" in finding.message
    assert "; Python 2: " in finding.message
    assert "\n" not in finding.message


def test_a_file_over_its_time_budget_is_lm001_saying_so(tmp_path):
    # No parser accepts this, and the Python 2 grammar (pure Python) takes
    # seconds on it; a budget of 0.2 s gives it up.
    slow = "import pymongo\nprint 'x'\n" + ("x = " + "+".join(["1"] * 2000) + "\n") * 60 + "def (:\n"
    (tmp_path / "slow.py").write_text(slow)
    (tmp_path / "fine.py").write_text(LEGACY)
    findings = lint_paths([str(tmp_path)], jobs=1, time_budget=0.2)
    assert _by_file(findings) == [("fine.py", "LM301"), ("fine.py", "LM401"),
                                  ("slow.py", "LM001")]
    slow_finding = [f for f in findings if f.code == "LM001"][0]
    assert "time budget of 0.2s" in slow_finding.message
    assert "--file-timeout" in slow_finding.message


def test_the_time_budget_is_restored_after_each_file(tmp_path):
    import signal

    (tmp_path / "a.py").write_text(LEGACY)
    before = signal.getsignal(signal.SIGALRM)
    lint_paths([str(tmp_path)], jobs=1, time_budget=5)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_an_os_error_on_open_is_lm002_with_the_os_reason(tmp_path, monkeypatch):
    # the test may run as root, which reads a mode-0 file: the refusal is simulated
    (tmp_path / "secret.py").write_text(LEGACY)
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if str(path).endswith("secret.py"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(engine.os, "open", refusing_open)
    [finding] = lint_paths([str(tmp_path)], jobs=1)
    assert finding.code == "LM002" and "(Permission denied)" in finding.message


# -- configuration and arguments: one line on stderr, exit 2 ---------------------------

from legacy_mongo.lint import cli  # noqa: E402


def _main(capsys, *argv):
    code = cli.main(["--jobs", "1", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_error_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("legacy-mongo lint: "), err
    return lines[0]


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text(LEGACY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_foreign_non_utf8_setup_cfg_in_a_parent_directory_is_passed_over(
        project, capsys):
    (project / "setup.cfg").write_bytes(b"[metadata]\nauthor = Ren\xe9\n")
    (project / "src").mkdir()
    (project / "src" / "b.py").write_text(LEGACY)
    code, out, err = _main(capsys, "src")
    assert (code, err) == (1, "") and out.count("\n") == 2


def test_our_section_in_a_non_utf8_setup_cfg_is_a_config_error(project, capsys):
    (project / "setup.cfg").write_bytes(b"[legacy_mongo]\n# Ren\xe9\nselect = LM3\n")
    code, out, err = _main(capsys, ".")
    assert code == 2 and out == ""
    assert "setup.cfg is not UTF-8 (byte 0xe9 at line 2): save it as UTF-8" in \
        _one_error_line(err)


def test_a_non_utf8_pyproject_toml_naming_us_is_a_config_error(project, capsys):
    (project / "pyproject.toml").write_bytes(b"[tool.legacy-mongo]\n# Ren\xe9\n")
    code, _out, err = _main(capsys, ".")
    assert code == 2 and "pyproject.toml is not UTF-8" in _one_error_line(err)


@pytest.mark.parametrize("toml,message", [
    ('[tool]\nlegacy-mongo = "LM3"\n', "tool.legacy-mongo must be a table"),
    ('[tool.legacy-mongo.select]\nx = 1\n', "select must be a string or a list of strings"),
    ('[tool.legacy-mongo]\nselect = 3\n', "select must be a string or a list of strings"),
    ('[tool.legacy-mongo]\nconfidence = ["certain"]\n', "confidence must be a string"),
    ('[tool.legacy-mongo]\nselct = "LM3"\n', "unknown key 'selct' (did you mean 'select'?)"),
    ('[tool.legacy-mongo]\nselect = "LM3"\n[tool.legacy_mongo]\nignore = "LM4"\n',
     "has both [tool.legacy-mongo] and [tool.legacy_mongo]"),
    ('[tool.legacy-mongo]\nselect = LM3\n', "is not valid TOML"),
])
def test_an_invalid_pyproject_table_is_an_error_not_ignored(project, capsys, toml, message):
    (project / "pyproject.toml").write_text(toml)
    code, out, err = _main(capsys, ".")
    assert code == 2 and out == ""
    assert message in _one_error_line(err)


def test_tool_legacy_underscore_mongo_is_read_like_setup_cfgs_spelling(project, capsys):
    (project / "pyproject.toml").write_text('[tool.legacy_mongo]\nselect = ["LM3"]\n')
    code, out, _err = _main(capsys, ".")
    assert code == 1 and [line.split()[1] for line in out.splitlines()] == ["LM301"]


def test_an_unknown_setup_cfg_key_is_an_error(project, capsys):
    (project / "setup.cfg").write_text("[legacy_mongo]\nignored = LM4\n")
    code, _out, err = _main(capsys, ".")
    assert code == 2 and "unknown key 'ignored' (did you mean 'ignore'?)" in \
        _one_error_line(err)


def test_runtime_keys_in_the_shared_section_are_known(project, capsys):
    (project / "setup.cfg").write_text("[legacy_mongo]\nwarnings = error\n"
                                       "warnings-ignore = crud\nselect = LM3\n")
    code, _out, err = _main(capsys, ".")
    assert (code, err) == (1, "")


@pytest.mark.parametrize("argv,message", [
    (["--select", ""], "--select is empty"),
    (["--select", " , "], "--select is empty"),
    (["--ignore", ""], "--ignore is empty"),
    (["--select", "LM999"], "no code starts with LM999"),
    (["--ignore", "LM08"], "no code starts with LM08"),
    (["--file-timeout", "-1"], "--file-timeout must be 0"),
    (["--summary-html", "/nonexistent-dir/x.html"], "directory /nonexistent-dir does not exist"),
])
def test_bad_options_are_one_line_usage_errors(project, capsys, argv, message):
    code, out, err = _main(capsys, *argv, ".")
    assert code == 2 and out == ""
    assert message in _one_error_line(err)


def test_summary_html_to_a_directory_is_a_usage_error(project, capsys):
    code, _out, err = _main(capsys, "--summary-html", str(project), ".")
    assert code == 2 and "is a directory" in _one_error_line(err)


def test_summary_html_failing_at_write_time_is_one_line_not_a_traceback(
        project, capsys, monkeypatch):
    import builtins

    real_open = builtins.open

    def full_disk(path, mode="r", *args, **kwargs):
        if str(path).endswith("out.html") and "w" in mode:
            raise OSError(28, "No space left on device")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", full_disk)
    code, _out, err = _main(capsys, "--summary-html", "out.html", ".")
    assert code == 2
    assert "cannot write --summary-html out.html: No space left on device" in \
        _one_error_line(err)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_argument_is_a_usage_error_on_the_command_line(project, capsys):
    os.mkfifo("pipe.py")
    code, _out, err = _main(capsys, "pipe.py")
    assert code == 2 and "pipe.py is not a regular file or a directory (a FIFO)" in \
        _one_error_line(err)
