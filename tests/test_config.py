"""legacy_mongo.config: finding and reading the configuration, the warning policy."""
import textwrap

import pytest

from legacy_mongo import catalogue
from legacy_mongo.config import (
    ACTIONS, ConfigError, WarningPolicy, as_bool, as_list, find_config_file, load_config,
    parse_warnings_env, warning_policy,
)

# Codes from three families.  The catalogue is being filled in parallel: any of
# these it does not have yet is added for the test with a placeholder entry.
CLIENTS_CODE, REQUESTS_CODE, WRITE_CONCERN_CODE, CRUD_CODE = "LM101", "LM201", "LM301", "LM401"


@pytest.fixture(autouse=True)
def codes_in_catalogue(monkeypatch):
    for code in (CLIENTS_CODE, REQUESTS_CODE, WRITE_CONCERN_CODE, CRUD_CODE):
        if code not in catalogue.CATALOGUE:
            monkeypatch.setitem(catalogue.CATALOGUE, code, catalogue.Entry(
                code=code, name="placeholder", legacy="placeholder()",
                message="placeholder for %s." % code, replacement="x", meaning="x",
                rewrite=catalogue.NEVER))


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# Finding and reading


def test_setup_cfg_section_is_read_and_keys_normalised(tmp_path, monkeypatch):
    write(tmp_path / "setup.cfg", """
        [metadata]
        name = app
        [legacy_mongo]
        Warnings_Error = requests, LM301
        select = LM1
    """)
    monkeypatch.chdir(tmp_path)
    assert find_config_file() == tmp_path / "setup.cfg"
    assert load_config() == {"warnings-error": "requests, LM301", "select": "LM1"}


def test_setup_cfg_dashed_section_name_is_accepted(tmp_path):
    write(tmp_path / "setup.cfg", "[legacy-mongo]\nwarnings = error\n")
    assert load_config(tmp_path) == {"warnings": "error"}


def test_pyproject_table_is_read_with_native_values(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", """
        [project]
        name = "app"
        [tool.legacy-mongo]
        warnings-ignore = ["crud", "LM101"]
        jobs = 4
    """)
    monkeypatch.chdir(tmp_path)
    assert find_config_file() == tmp_path / "pyproject.toml"
    assert load_config() == {"warnings-ignore": ["crud", "LM101"], "jobs": 4}


def test_found_from_a_subdirectory_upwards_nearest_wins(tmp_path, monkeypatch):
    write(tmp_path / "setup.cfg", "[legacy_mongo]\nwarnings = error\n")
    write(tmp_path / "pkg" / "setup.cfg", "[legacy_mongo]\nwarnings = ignore\n")
    deep = tmp_path / "pkg" / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_config_file() == tmp_path / "pkg" / "setup.cfg"
    assert load_config() == {"warnings": "ignore"}
    assert load_config(tmp_path) == {"warnings": "error"}


def test_files_without_our_section_are_skipped(tmp_path, monkeypatch):
    write(tmp_path / "setup.cfg", "[legacy_mongo]\nwarnings = error\n")
    write(tmp_path / "sub" / "setup.cfg", "[metadata]\nname = x\n")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.black]\nline-length = 99\n")
    monkeypatch.chdir(tmp_path / "sub")
    assert find_config_file() == tmp_path / "setup.cfg"


def test_pyproject_wins_over_setup_cfg_in_the_same_directory(tmp_path):
    write(tmp_path / "setup.cfg", "[legacy_mongo]\nwarnings = error\n")
    write(tmp_path / "pyproject.toml", '[tool.legacy-mongo]\nwarnings = "ignore"\n')
    assert load_config(tmp_path) == {"warnings": "ignore"}


def test_no_configuration_anywhere_is_an_empty_dict(tmp_path):
    # tmp_path's parents are system directories without our section.
    assert find_config_file(tmp_path) is None
    assert load_config(tmp_path) == {}


def test_invalid_toml_names_the_file(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.legacy-mongo]\nwarnings = \n")
    with pytest.raises(ConfigError, match="pyproject.toml is not valid TOML"):
        load_config(tmp_path)


def test_invalid_setup_cfg_names_the_file(tmp_path):
    write(tmp_path / "setup.cfg", "[legacy_mongo]\nwarnings = a\nwarnings = b\n")
    with pytest.raises(ConfigError, match="setup.cfg is not a valid setup.cfg"):
        load_config(tmp_path)


def test_as_list_and_as_bool():
    assert as_list("requests, LM301\n crud,,") == ["requests", "LM301", "crud"]
    assert as_list(["requests", "LM301, crud"]) == ["requests", "LM301", "crud"]
    assert as_list(None) == []
    with pytest.raises(ConfigError, match="expected strings"):
        as_list(["a", 1])
    with pytest.raises(ConfigError, match="expected a list"):
        as_list(3)
    assert as_bool("Yes") is True and as_bool("off") is False and as_bool(True) is True
    with pytest.raises(ConfigError, match="expected true or false"):
        as_bool("maybe")


# ---------------------------------------------------------------------------
# Warning policy


def test_default_policy_is_default_for_every_code():
    policy = warning_policy(environ={}, config={})
    assert policy == WarningPolicy()
    assert policy.action_for(CLIENTS_CODE) == "default"


def test_setup_cfg_family_and_code_rules(tmp_path, monkeypatch):
    write(tmp_path / "setup.cfg", """
        [legacy_mongo]
        warnings = always
        warnings-error = requests, LM301
        warnings-ignore = crud
    """)
    monkeypatch.chdir(tmp_path)
    policy = warning_policy(environ={})
    assert policy.action_for(REQUESTS_CODE) == "error"
    assert policy.action_for(WRITE_CONCERN_CODE) == "error"
    assert policy.action_for(CRUD_CODE) == "ignore"
    assert policy.action_for(CLIENTS_CODE) == "always"


def test_pyproject_lists_and_code_beats_family(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", """
        [tool.legacy-mongo]
        warnings-ignore = ["clients"]
        warnings-error = "LM101"
    """)
    monkeypatch.chdir(tmp_path)
    policy = warning_policy(environ={})
    assert policy.action_for(CLIENTS_CODE) == "error"
    assert policy.action_for(REQUESTS_CODE) == "default"


def test_env_items_families_codes_and_catch_all():
    policy = warning_policy(
        environ={"LEGACY_MONGO_WARNINGS": " error:requests , ignore:crud,always:lm101, ignore "},
        config={})
    assert policy.action_for(REQUESTS_CODE) == "error"
    assert policy.action_for(CRUD_CODE) == "ignore"
    assert policy.action_for(CLIENTS_CODE) == "always"  # codes are case-insensitive
    assert policy.action_for(WRITE_CONCERN_CODE) == "ignore"


def test_env_overrides_the_file_for_the_same_target_only():
    config = {"warnings": "ignore", "warnings-ignore": "crud", "warnings-error": "requests"}
    policy = warning_policy(environ={"LEGACY_MONGO_WARNINGS": "error,default:requests"},
                            config=config)
    assert policy.action_for(WRITE_CONCERN_CODE) == "error"   # env catch-all beats file catch-all
    assert policy.action_for(REQUESTS_CODE) == "default"      # env family beats file family
    assert policy.action_for(CRUD_CODE) == "ignore"           # file family beats env catch-all


@pytest.mark.parametrize("value, message", [
    ("eror", "unknown action 'eror'; valid actions: default, always, error, ignore"),
    ("error:reqests", "unknown target 'reqests'; valid targets are a code such as LM101 "
                      "or a family: meta, clients, requests"),
    ("error:LM999", "code LM999 is not in the catalogue"),
    ("error:", "missing a family or code after ':'"),
    ("error:crud,ignore:crud", "conflicting actions 'error' and 'ignore' for crud"),
    ("error,ignore", "conflicting actions 'error' and 'ignore' for everything"),
])
def test_bad_env_values_name_the_valid_ones(value, message):
    with pytest.raises(ConfigError) as info:
        parse_warnings_env(value)
    assert "LEGACY_MONGO_WARNINGS" in str(info.value)
    assert message in str(info.value)


def test_every_documented_action_parses():
    for action in ACTIONS:
        assert parse_warnings_env(action).default == action


@pytest.mark.parametrize("config, message", [
    ({"warnings-eror": "crud"}, "unknown key 'warnings-eror'; valid warning keys: warnings, "
                                "warnings-default, warnings-always, warnings-error, "
                                "warnings-ignore"),
    ({"warnings": "loud"}, "unknown action 'loud'"),
    ({"warnings": ["error"]}, "'warnings' must be one of"),
    ({"warnings-error": "crud", "warnings-ignore": "crud"}, "conflicting actions"),
    ({"warnings-error": "nosuchfamily"}, "unknown target 'nosuchfamily'"),
])
def test_bad_config_values(config, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        warning_policy(environ={}, config=config)


def test_bad_config_file_error_names_the_file(tmp_path, monkeypatch):
    write(tmp_path / "setup.cfg", "[legacy_mongo]\nwarnings-error = reqests\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"setup\.cfg: unknown target 'reqests'"):
        warning_policy(environ={})


def test_lint_keys_are_left_to_the_linter():
    policy = warning_policy(environ={}, config={"select": "LM1", "exclude": ["build"]})
    assert policy == WarningPolicy()
