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
