"""The ``legacy-mongo`` command itself: --version, help, run --help, explain."""
import os
import re
import subprocess
import sys

import pytest

from legacy_mongo import __version__
from legacy_mongo.catalogue import CATALOGUE
from tests.conftest import REPO_ROOT

CLI = [sys.executable, "-m", "legacy_mongo"]


def cli(*args, **kwargs):
    return subprocess.run(CLI + list(args), capture_output=True, text=True, timeout=60,
                          **kwargs)


def test_version_names_legacy_mongo_pymongo_and_python():
    import pymongo

    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout == "legacy-mongo %s (PyMongo %s, Python %s)\n" % (
        __version__, pymongo.version, sys.version.split()[0])


def test_the_version_is_the_one_in_the_metadata():
    with open(os.path.join(REPO_ROOT, "setup.cfg")) as handle:
        declared = re.search(r"^version = (\S+)$", handle.read(), re.M).group(1)
    assert __version__ == declared


@pytest.mark.parametrize("command", ["lint", "report", "explain", "run"])
def test_help_command_prints_that_commands_help(command):
    result = cli("help", command)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: legacy-mongo %s" % command)
    assert result.stdout == cli(command, "--help").stdout


def test_help_of_an_unknown_command_is_one_line_and_exit_2():
    result = cli("help", "frobnicate")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "frobnicate" in result.stderr


def test_no_arguments_is_a_usage_error():
    result = cli()
    assert result.returncode == 2 and "usage: legacy-mongo COMMAND" in result.stderr


def _environment_variables_read_by_the_package():
    names = set()
    for folder, _dirs, files in os.walk(os.path.join(REPO_ROOT, "legacy_mongo")):
        for name in files:
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    names.update(re.findall(r"LEGACY_MONGO_[A-Z_]*[A-Z]", handle.read()))
    return names


def test_run_help_lists_every_environment_variable_the_package_reads():
    names = _environment_variables_read_by_the_package()
    assert {"LEGACY_MONGO_WARNINGS", "LEGACY_MONGO_REPORT", "LEGACY_MONGO_ACKNOWLEDGE"} <= names
    result = cli("run", "--help")
    assert result.returncode == 0
    listed = set(re.findall(r"^  (LEGACY_MONGO_[A-Z_]+)=", result.stdout, re.M))
    assert listed == names


# --- explain -----------------------------------------------------------------

def test_explain_a_code_shows_every_part_of_its_entry():
    found = CATALOGUE["LM401"]
    result = cli("explain", "LM401")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    flat = " ".join(out.split())
    assert out.startswith("LM401 insert (crud)\n")
    assert found.url in out
    assert "Legacy:       coll.insert(doc_or_docs)" in out
    assert "Replacement:  coll.insert_one(doc).inserted_id" in out
    for part in (found.meaning, found.did, found.rewrite):
        assert " ".join(part.split()) in flat
    for line in (found.before + "\n" + found.after).splitlines():
        assert "    " + line in out.splitlines()
    assert "legacy-mongo lint --select LM401" in out


def test_explain_accepts_lower_case_codes():
    assert cli("explain", "lm401").stdout == cli("explain", "LM401").stdout


@pytest.mark.parametrize("query", ["insert", "Collection.insert", "insert()", "coll.insert"])
def test_explain_by_legacy_name(query):
    result = cli("explain", query)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("LM401 insert (crud)\n")
    assert "LM414" not in result.stdout.split("\n", 1)[0]


def test_explain_a_keyword_by_its_spelling():
    result = cli("explain", "safe=")
    assert result.returncode == 0
    assert result.stdout.startswith("LM301 ")


def test_explain_list_has_one_line_per_code():
    result = cli("explain", "--list")
    assert result.returncode == 0
    codes = [line.split()[0] for line in result.stdout.splitlines()]
    assert codes == sorted(CATALOGUE)


def test_explain_list_of_one_family():
    result = cli("explain", "--list", "--family", "requests")
    codes = [line.split()[0] for line in result.stdout.splitlines()]
    assert codes and all(code.startswith("LM2") for code in codes)


def test_explain_something_unknown_is_one_line_and_exit_1():
    result = cli("explain", "LM999")
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "LM999" in result.stderr


def test_explain_suggests_near_names():
    result = cli("explain", "start_req")
    assert result.returncode == 1
    assert "LM201" in result.stderr


def test_explain_markdown_is_the_migration_section():
    result = cli("explain", "--markdown", "LM401")
    with open(os.path.join(REPO_ROOT, "MIGRATION.md"), encoding="utf-8") as handle:
        guide = handle.read()
    assert result.stdout.strip() and result.stdout.strip() in guide


def test_explain_shows_entry_fields_it_does_not_know_by_name():
    # Fields that a later catalogue adds (fix data ...) must not be dropped.
    import dataclasses

    from legacy_mongo import explain
    from legacy_mongo.catalogue import Entry

    extended = dataclasses.make_dataclass(
        "ExtendedEntry", [("fix_note", str, dataclasses.field(default=""))], bases=(Entry,),
        frozen=True)
    base = CATALOGUE["LM401"]
    values = {f.name: getattr(base, f.name) for f in dataclasses.fields(Entry)}
    text = explain.render_text(extended(fix_note="rewritten by lint --fix", **values))
    assert "Fix note:\n    rewritten by lint --fix" in text


def test_explain_guide_is_a_readable_migration_md():
    result = cli("explain", "--guide")
    assert result.returncode == 0
    path = result.stdout.strip()
    assert os.path.basename(path) == "MIGRATION.md"
    with open(path, encoding="utf-8") as handle:
        assert '<a id="lm401"></a>' in handle.read()


# --- run: fail fast, before the program's first line -------------------------

FIRST_LINE = "print('the program started')\n"


def _run_failing(tmp_path, env=None, args=None, files=None):
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text)
    script = tmp_path / "prog.py"
    script.write_text(FIRST_LINE)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("LEGACY_MONGO_")}
    environ.update(env or {})
    result = cli("run", *(args or [str(script)]), cwd=str(tmp_path), env=environ)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == "", "the program ran: %r" % result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("legacy-mongo run: ")
    return lines[0]


@pytest.mark.parametrize("value, named", [
    ("loud", "'loud'"),
    ("error:nosuchfamily", "'nosuchfamily'"),
    ("error:LM999", "explain --list"),
    ("error:crud,ignore:crud", "conflicting"),
])
def test_a_bad_warnings_variable_stops_run(tmp_path, value, named):
    line = _run_failing(tmp_path, env={"LEGACY_MONGO_WARNINGS": value})
    assert "LEGACY_MONGO_WARNINGS" in line and named in line


def test_a_bad_acknowledge_variable_stops_run(tmp_path):
    line = _run_failing(tmp_path, env={"LEGACY_MONGO_ACKNOWLEDGE": "maybe"})
    assert "LEGACY_MONGO_ACKNOWLEDGE='maybe'" in line and "use 1" in line


@pytest.mark.parametrize("name, text, named", [
    ("setup.cfg", "[legacy_mongo]\nwarnings = loud\n", "'loud'"),
    ("setup.cfg", "[legacy_mongo]\nwarnings-eror = crud\n", "warnings-eror"),
    ("setup.cfg", "[legacy_mongo\nwarnings = error\n", "not a valid setup.cfg"),
    ("pyproject.toml", "[tool.legacy-mongo]\nwarnings = \n", "not valid TOML"),
])
def test_a_broken_configuration_stops_run(tmp_path, name, text, named):
    line = _run_failing(tmp_path, files={name: text})
    assert name in line and named in line


def test_a_report_in_a_missing_directory_stops_run(tmp_path):
    target = tmp_path / "missing" / "usage.json"
    line = _run_failing(tmp_path, env={"LEGACY_MONGO_REPORT": str(target)})
    assert "LEGACY_MONGO_REPORT=%s" % target in line and "does not exist" in line
    assert not target.parent.exists()


def test_a_report_path_that_is_a_directory_stops_run(tmp_path):
    line = _run_failing(tmp_path, env={"LEGACY_MONGO_REPORT": str(tmp_path)})
    assert "is a directory" in line


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root can write a read-only directory")
def test_a_report_in_a_read_only_directory_stops_run(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        line = _run_failing(tmp_path, env={"LEGACY_MONGO_REPORT": str(locked / "u.json")})
    finally:
        locked.chmod(0o755)
    assert "not writable" in line


def test_a_report_on_a_file_system_that_refuses_files_stops_run(tmp_path):
    # /proc refuses new files even to root, so this runs where the chmod test cannot.
    line = _run_failing(tmp_path, env={"LEGACY_MONGO_REPORT": "/proc/usage.json"})
    assert "not writable" in line


def test_run_dash_m_of_a_missing_module_is_one_line(tmp_path):
    line = _run_failing(tmp_path, args=["-m", "no_such_module_here"])
    assert "no module named 'no_such_module_here'" in line


def test_run_dash_m_of_a_package_without_main_is_one_line(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text(FIRST_LINE)
    line = _run_failing(tmp_path, args=["-m", "pkg"])
    assert "pkg is a package without a __main__ module" in line


def test_run_of_a_directory_without_main_is_one_line(tmp_path):
    (tmp_path / "folder").mkdir()
    line = _run_failing(tmp_path, args=[str(tmp_path / "folder")])
    assert "is a directory without __main__.py" in line


def test_run_of_a_missing_script_is_one_line(tmp_path):
    line = _run_failing(tmp_path, args=[str(tmp_path / "nope.py")])
    assert "nope.py" in line and "no such file" in line


def test_run_of_a_directory_with_main_runs_it(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__main__.py").write_text(FIRST_LINE)
    result = cli("run", str(tmp_path / "app"), env=dict(os.environ, LEGACY_MONGO_WARNINGS="ignore"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "the program started\n"


def test_a_good_report_path_still_gets_its_report(tmp_path):
    target = tmp_path / "usage.json"
    script = tmp_path / "prog.py"
    script.write_text(FIRST_LINE)
    result = cli("run", str(script), env=dict(os.environ, LEGACY_MONGO_REPORT=str(target)))
    assert result.returncode == 0, result.stderr
    assert target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".legacy-mongo")] == []


# --- install(): the same policy and visibility as run ------------------------

LIBRARY = ("import pymongo\n\ndef connect():\n"
           "    return pymongo.Connection('127.0.0.1', 1, _connect=False)\n")
MAIN = ("import sys\nsys.path.insert(0, 'lib')\nimport legacy_mongo\nlegacy_mongo.install()\n"
        "import mylib\nmylib.connect()\nprint('done')\n")


def _install_program(tmp_path, env):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "mylib.py").write_text(LIBRARY)
    (tmp_path / "main.py").write_text(MAIN)
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith("LEGACY_MONGO_") and k != "PYTHONWARNINGS"}
    environ.update(env)
    return subprocess.run([sys.executable, "main.py"], capture_output=True, text=True,
                          timeout=60, cwd=str(tmp_path), env=environ)


def test_install_shows_legacy_calls_in_library_modules(tmp_path):
    result = _install_program(tmp_path, {})
    assert result.returncode == 0, result.stderr
    assert "mylib.py:4: ClientsWarning: LM101 " in result.stderr


def test_install_honours_the_warnings_variable(tmp_path):
    result = _install_program(tmp_path, {"LEGACY_MONGO_WARNINGS": "error:clients"})
    assert result.returncode == 1
    assert "LegacyAPIError: LM101 " in result.stderr and "done" not in result.stdout


def test_install_honours_ignore(tmp_path):
    result = _install_program(tmp_path, {"LEGACY_MONGO_WARNINGS": "ignore"})
    assert result.returncode == 0 and "LM101" not in result.stderr


def test_install_with_a_bad_warnings_variable_fails_at_install(tmp_path):
    result = _install_program(tmp_path, {"LEGACY_MONGO_WARNINGS": "loud"})
    assert result.returncode == 1
    assert "ConfigError: LEGACY_MONGO_WARNINGS item 'loud'" in result.stderr
    assert "legacy_mongo.install()" in result.stderr  # raised there, not at the first call


@pytest.mark.parametrize("autofix, note, shown", [
    ("safe", "a pure rename", "safe fix: a pure rename"),
    ("unsafe", "the return value changes", "unsafe fix (applied with --unsafe-fixes): the "
                                           "return value changes"),
    ("", "the receiver is not provable", "no fix: the receiver is not provable"),
])
def test_explain_shows_the_fix_applicability_the_catalogue_gives(autofix, note, shown):
    # The fields lint --fix's catalogue data adds (autofix, autofix_note).
    import dataclasses

    from legacy_mongo import explain
    from legacy_mongo.catalogue import Entry

    fields = [f.name for f in dataclasses.fields(Entry)]
    extended = Entry
    if "autofix" not in fields:
        extended = dataclasses.make_dataclass(
            "FixEntry", [("autofix", str, dataclasses.field(default="")),
                         ("autofix_note", str, dataclasses.field(default=""))],
            bases=(Entry,), frozen=True)
    base = CATALOGUE["LM401"]
    values = {f.name: getattr(base, f.name) for f in dataclasses.fields(Entry)}
    values.update(autofix=autofix, autofix_note=note)
    text = explain.render_text(extended(**values))
    assert "legacy-mongo lint --fix:\n" in text
    assert " ".join(text.split("legacy-mongo lint --fix:\n", 1)[1].split("\n\n")[0].split()) \
        == shown
    assert "Autofix" not in text  # not shown a second time as an unknown field
