"""legacy_mongo.warnings: attribution, once-per-site, counting, policy, report at exit."""
import json
import os
import pickle
import subprocess
import sys
import textwrap
import warnings

import pytest

from legacy_mongo import catalogue
from legacy_mongo import warnings as lm
from legacy_mongo.config import ConfigError, WarningPolicy

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.abspath(__file__)

CLIENTS_CODE, REQUESTS_CODE, CRUD_CODE = "LM101", "LM201", "LM401"

# A fake shim: functions whose module is inside legacy_mongo (and, deeper,
# pymongo and wrapt), each calling the next, the last calling warn_legacy.
SHIM_SOURCE = """
def legacy_method(code):
    return _decorator_wrapper(code)

def _decorator_wrapper(code):
    return _argument_juggling(code)

def _argument_juggling(code):
    warn_legacy(code)
    return "result"
"""
DRIVER_SOURCE = """
def driver_callback(code):
    return shim_entry(code)
"""
WRAPT_SOURCE = """
def wrapper(code):
    return driver_entry(code)
"""


def _module(name, source, **names):
    namespace = {"__name__": name, "warn_legacy": lm.warn_legacy, **names}
    exec(compile(source, "<%s>" % name, "exec"), namespace)
    return namespace


SHIM = _module("legacy_mongo.runtime._fake_shim", SHIM_SOURCE)
DRIVER = _module("pymongo.synchronous._fake", DRIVER_SOURCE, shim_entry=SHIM["legacy_method"])
WRAPT = _module("wrapt.wrappers", WRAPT_SOURCE, driver_entry=DRIVER["driver_callback"])
legacy_method = SHIM["legacy_method"]
deep_legacy_method = WRAPT["wrapper"]  # wrapt -> pymongo -> legacy_mongo (x3) -> warn_legacy


def line_of_next_statement():
    return sys._getframe(1).f_lineno + 1


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """Default policy, no counts, no configuration from the checkout."""
    for code in (CLIENTS_CODE, REQUESTS_CODE, CRUD_CODE):
        if code not in catalogue.CATALOGUE:
            monkeypatch.setitem(catalogue.CATALOGUE, code, catalogue.Entry(
                code=code, name="placeholder", legacy="placeholder()",
                message="placeholder for %s." % code, replacement="x", meaning="x",
                rewrite=catalogue.NEVER))
    monkeypatch.delenv("LEGACY_MONGO_WARNINGS", raising=False)
    monkeypatch.chdir(tmp_path)
    lm.reset_usage()
    lm.reload_policy(WarningPolicy())
    yield
    lm.reset_usage()
    lm.reload_policy(WarningPolicy())


def record():
    """catch_warnings(record=True) showing everything."""
    ctx = warnings.catch_warnings(record=True)
    return ctx


# ---------------------------------------------------------------------------
# Classes


def test_one_warning_class_per_family_all_deprecation_warnings():
    assert set(lm.WARNING_CLASSES) == set(catalogue.FAMILIES)
    for family, cls in lm.WARNING_CLASSES.items():
        assert issubclass(cls, lm.LegacyMongoWarning)
        assert issubclass(cls, DeprecationWarning)
        assert cls.family == family
    assert lm.warning_class("clients") is lm.ClientsWarning
    assert lm.warning_class("write-concern") is lm.WriteConcernWarning
    assert lm.BSONEncodingWarning is not getattr(__builtins__, "EncodingWarning", None)


# ---------------------------------------------------------------------------
# Attribution


def test_attributed_to_the_users_line_through_library_frames():
    with record() as caught:
        warnings.simplefilter("always")
        line = line_of_next_statement()
        assert legacy_method(CLIENTS_CODE) == "result"
    assert len(caught) == 1
    warning = caught[0]
    assert warning.filename == HERE
    assert warning.lineno == line
    assert warning.category is lm.ClientsWarning
    assert warning.message.code == CLIENTS_CODE
    assert warning.message.entry is catalogue.entry(CLIENTS_CODE)
    assert str(warning.message) == catalogue.entry(CLIENTS_CODE).format()
    assert str(warning.message).startswith("LM101 ")
    assert str(warning.message).endswith(
        " See https://legacy-mongo.readthedocs.io/en/latest/codes/lm101.html")


def test_attribution_skips_pymongo_and_wrapt_frames_too():
    with record() as caught:
        warnings.simplefilter("always")
        line = line_of_next_statement()
        deep_legacy_method(REQUESTS_CODE)
    assert [(w.filename, w.lineno, w.category) for w in caught] == [
        (HERE, line, lm.RequestsWarning)]


def test_a_user_callback_called_by_the_driver_is_the_users_line():
    """The first non-library frame wins, even below library frames."""
    def user_callback(code):
        legacy_method(code)  # the line we expect
        return user_callback.__code__.co_firstlineno + 1

    driver = _module("pymongo.monitoring_fake", "def notify(cb, code):\n    return cb(code)\n")
    with record() as caught:
        warnings.simplefilter("always")
        expected_line = driver["notify"](user_callback, CLIENTS_CODE)
    assert [(w.filename, w.lineno) for w in caught] == [(HERE, expected_line)]


@pytest.mark.filterwarnings("ignore::legacy_mongo.warnings.LegacyMongoWarning")
def test_only_library_frames_falls_back_to_the_outermost_one():
    """A thread whose bottom frame is library code has no user frame."""
    import _thread
    done = _thread.allocate_lock()
    done.acquire()
    thread_module = _module("legacy_mongo.runtime._fake_thread",
                            "def run():\n    try:\n        legacy_method('LM101')\n"
                            "    finally:\n        done.release()\n",
                            legacy_method=legacy_method, done=done)
    _thread.start_new_thread(thread_module["run"], ())
    assert done.acquire(timeout=10)
    assert lm.usage() == {("<legacy_mongo.runtime._fake_thread>", 3, CLIENTS_CODE): 1}


def test_library_modules_are_recognised_by_package_not_prefix():
    assert lm._is_internal("legacy_mongo.runtime.clients")
    assert lm._is_internal("legacy_mongo")
    assert lm._is_internal("bson.codec_options")
    assert lm._is_internal("gridfs")
    assert not lm._is_internal("legacy_mongo_app.db")
    assert not lm._is_internal("pymongoext")
    assert not lm._is_internal("__main__")
    assert not lm._is_internal(None)


def test_warning_module_is_the_users_so_module_filters_apply():
    with record() as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", module=__name__.replace(".", r"\."))
        legacy_method(CLIENTS_CODE)
    assert caught == []
    assert sum(lm.usage().values()) == 1


# ---------------------------------------------------------------------------
# Once per site, counting


def test_once_per_site_but_every_call_counted():
    with record() as caught:
        warnings.simplefilter("always")
        first = line_of_next_statement()
        for _ in range(3):
            legacy_method(CLIENTS_CODE)
        second = line_of_next_statement()
        legacy_method(CLIENTS_CODE)
    assert [(w.lineno, w.message.code) for w in caught] == [
        (first + 1, CLIENTS_CODE), (second, CLIENTS_CODE)]
    assert lm.usage() == {(HERE, first + 1, CLIENTS_CODE): 3, (HERE, second, CLIENTS_CODE): 1}


def test_codes_at_one_site_are_separate_sites():
    with record() as caught:
        warnings.simplefilter("always")
        line = line_of_next_statement()
        legacy_method(CLIENTS_CODE), legacy_method(REQUESTS_CODE), legacy_method(CLIENTS_CODE)
    assert [w.message.code for w in caught] == [CLIENTS_CODE, REQUESTS_CODE]
    assert lm.usage() == {(HERE, line, CLIENTS_CODE): 2, (HERE, line, REQUESTS_CODE): 1}


def test_a_new_catch_warnings_block_warns_again_like_python_does():
    with record() as outer:
        warnings.simplefilter("always")
        for _ in range(2):
            with record() as inner:
                warnings.simplefilter("always")
                legacy_method(CLIENTS_CODE)
            assert len(inner) == 1
    assert outer == []
    assert sum(lm.usage().values()) == 2


def test_python_error_filter_raises_the_warning_at_every_call():
    with warnings.catch_warnings():
        warnings.simplefilter("error", lm.LegacyMongoWarning)
        for _ in range(2):
            with pytest.raises(lm.ClientsWarning) as info:
                legacy_method(CLIENTS_CODE)
            assert info.value.code == CLIENTS_CODE
    assert sum(lm.usage().values()) == 2


@pytest.mark.filterwarnings("ignore::legacy_mongo.warnings.LegacyMongoWarning")
def test_usage_report_data_shape_and_totals():
    for _ in range(2):
        legacy_method(CLIENTS_CODE)
    line = line_of_next_statement()
    legacy_method(REQUESTS_CODE)
    data = lm.report_data()
    assert data["totals"] == {CLIENTS_CODE: 2, REQUESTS_CODE: 1}
    assert data["sites"][0]["count"] == 2 and data["sites"][0]["code"] == CLIENTS_CODE
    assert data["sites"][1] == {"path": HERE, "line": line, "code": REQUESTS_CODE, "count": 1}


@pytest.mark.filterwarnings("ignore::legacy_mongo.warnings.LegacyMongoWarning")
def test_write_report_and_pid_placeholder(tmp_path):
    legacy_method(CLIENTS_CODE)
    written = lm.write_report(str(tmp_path / "usage-{pid}.json"))
    assert written == str(tmp_path / ("usage-%d.json" % os.getpid()))
    with open(written) as fh:
        assert json.load(fh)["totals"] == {CLIENTS_CODE: 1}


# ---------------------------------------------------------------------------
# Policy


def test_always_policy_warns_at_every_call():
    lm.reload_policy(WarningPolicy(default="always"))
    with record() as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            legacy_method(CLIENTS_CODE)
    assert len(caught) == 3


def test_error_policy_raises_from_the_users_line_every_time():
    lm.reload_policy(WarningPolicy(default="error"))
    for _ in range(2):
        line = line_of_next_statement()
        with pytest.raises(lm.LegacyAPIError) as info:
            legacy_method(CLIENTS_CODE)
        error = info.value
        assert error.code == CLIENTS_CODE
        assert error.entry is catalogue.entry(CLIENTS_CODE)
        assert str(error) == catalogue.entry(CLIENTS_CODE).format()
        assert (error.filename, error.lineno) == (HERE, line + 1)
        frames = []
        tb = error.__traceback__
        while tb is not None:
            frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
            tb = tb.tb_next
        assert frames[0] == (HERE, line + 1)  # raised from the user's line
    assert lm.usage() == {(HERE, line + 1, CLIENTS_CODE): 2}


def test_legacy_api_error_pickles():
    error = lm.LegacyAPIError(CLIENTS_CODE, "app.py", 3)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.filename, copy.lineno, str(copy)) == (
        CLIENTS_CODE, "app.py", 3, str(error))


def test_ignore_policy_is_silent_but_counts():
    lm.reload_policy(WarningPolicy(default="ignore"))
    with record() as caught:
        warnings.simplefilter("always")
        for _ in range(4):
            legacy_method(CLIENTS_CODE)
    assert caught == []
    assert list(lm.usage().values()) == [4]


def test_per_family_policy_from_the_environment(monkeypatch):
    monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "error:requests,ignore:crud,default")
    lm.reload_policy()
    with record() as caught:
        warnings.simplefilter("always")
        legacy_method(CLIENTS_CODE)
        legacy_method(CRUD_CODE)
        with pytest.raises(lm.LegacyAPIError) as info:
            legacy_method(REQUESTS_CODE)
    assert info.value.code == REQUESTS_CODE
    assert [w.message.code for w in caught] == [CLIENTS_CODE]
    assert sorted(code for (_p, _l, code) in lm.usage()) == [
        CLIENTS_CODE, REQUESTS_CODE, CRUD_CODE]


def test_per_code_policy_from_setup_cfg_in_the_working_directory(tmp_path):
    (tmp_path / "setup.cfg").write_text(
        "[legacy_mongo]\nwarnings = ignore\nwarnings-error = LM101\n")
    lm.reload_policy()
    with pytest.raises(lm.LegacyAPIError):
        legacy_method(CLIENTS_CODE)
    with record() as caught:
        warnings.simplefilter("always")
        legacy_method(REQUESTS_CODE)
    assert caught == []


def test_per_family_policy_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.legacy-mongo]\nwarnings-always = ["clients"]\n')
    lm.reload_policy()
    with record() as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            legacy_method(CLIENTS_CODE)
            legacy_method(REQUESTS_CODE)
    assert [w.message.code for w in caught] == [CLIENTS_CODE, REQUESTS_CODE, CLIENTS_CODE]


def test_policy_is_read_once_until_reloaded(monkeypatch):
    monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "ignore")
    lm.reload_policy()
    monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "error")
    legacy_method(CLIENTS_CODE)  # still ignore: not re-read
    assert lm.reload_policy().default == "error"
    with pytest.raises(lm.LegacyAPIError):
        legacy_method(CLIENTS_CODE)


def test_bad_environment_value_is_a_clear_error_at_first_use(monkeypatch):
    monkeypatch.setenv("LEGACY_MONGO_WARNINGS", "loud")
    lm._policy = None  # as in a fresh process: read at the first legacy call
    with pytest.raises(ConfigError, match="unknown action 'loud'; valid actions: default, "
                                          "always, error, ignore"):
        legacy_method(CLIENTS_CODE)


# ---------------------------------------------------------------------------
# In a fresh interpreter: visibility, report at exit


def run_python(script, tmp_path, env=None, args=()):
    path = tmp_path / "script.py"
    path.write_text(textwrap.dedent(script))
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("LEGACY_MONGO_WARNINGS", "LEGACY_MONGO_REPORT", "PYTHONWARNINGS")}
    environment["PYTHONPATH"] = REPO + os.pathsep + str(tmp_path)
    environment.update(env or {})
    return subprocess.run([sys.executable, *args, str(path)], cwd=str(tmp_path), env=environment,
                          capture_output=True, text=True, timeout=60)


USER_MODULE = """
from legacy_mongo.warnings import warn_legacy
def use():
    warn_legacy("LM101")
"""


def test_report_written_at_exit(tmp_path):
    script = """\
        from legacy_mongo.warnings import warn_legacy
        for _ in range(2):
            warn_legacy("LM101")
        warn_legacy("LM101")
    """
    report = tmp_path / "usage.json"
    result = run_python(script, tmp_path, env={"LEGACY_MONGO_REPORT": str(report)},
                        args=("-W", "ignore"))
    assert result.returncode == 0, result.stderr
    script_path = str(tmp_path / "script.py")
    written = json.loads(report.read_text())
    assert written.pop("session")  # which processes' counts add up (tests/test_report.py)
    assert written == {
        "sites": [{"path": script_path, "line": 3, "code": "LM101", "count": 2},
                  {"path": script_path, "line": 4, "code": "LM101", "count": 1}],
        "totals": {"LM101": 3},
    }


def test_report_relative_path_survives_chdir(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    script = """\
        import os
        from legacy_mongo.warnings import warn_legacy
        warn_legacy("LM101")
        os.chdir("elsewhere")
    """
    result = run_python(script, tmp_path, env={"LEGACY_MONGO_REPORT": "usage.json"},
                        args=("-W", "ignore"))
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "usage.json").read_text())["totals"] == {"LM101": 1}
    assert not (tmp_path / "elsewhere" / "usage.json").exists()


def test_unwritable_report_path_is_reported_not_fatal(tmp_path):
    result = run_python("from legacy_mongo.warnings import warn_legacy\nwarn_legacy('LM101')\n",
                        tmp_path, env={"LEGACY_MONGO_REPORT": str(tmp_path / "no" / "u.json")},
                        args=("-W", "ignore"))
    assert result.returncode == 0
    assert "legacy-mongo: cannot write LEGACY_MONGO_REPORT=" in result.stderr


def test_no_report_without_the_variable(tmp_path):
    result = run_python("from legacy_mongo.warnings import warn_legacy\nwarn_legacy('LM101')\n",
                        tmp_path, args=("-W", "ignore"))
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.glob("*.json")) == []


def test_deprecation_warnings_from_a_library_module_are_hidden_by_default(tmp_path):
    (tmp_path / "usermod.py").write_text(USER_MODULE)
    result = run_python("import usermod\nusermod.use()\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "LM101" not in result.stderr


def test_enable_default_visibility_shows_them(tmp_path):
    (tmp_path / "usermod.py").write_text(USER_MODULE)
    script = """\
        from legacy_mongo.warnings import enable_default_visibility
        print(enable_default_visibility())
        import usermod
        usermod.use()
        usermod.use()
    """
    result = run_python(script, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    assert result.stderr.count("ClientsWarning: LM101 ") == 1
    assert "usermod.py:4" in result.stderr


@pytest.mark.parametrize("option", ["ignore::DeprecationWarning", "ignore",
                                    "ignore::legacy_mongo.warnings.ClientsWarning"])
def test_enable_default_visibility_respects_w_options(tmp_path, option):
    (tmp_path / "usermod.py").write_text(USER_MODULE)
    script = """\
        from legacy_mongo.warnings import enable_default_visibility
        print(enable_default_visibility())
        import usermod
        usermod.use()
    """
    result = run_python(script, tmp_path, args=("-W", option))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    assert "LM101" not in result.stderr


def test_enable_default_visibility_ignores_unrelated_w_options(tmp_path):
    (tmp_path / "usermod.py").write_text(USER_MODULE)
    script = """\
        from legacy_mongo.warnings import enable_default_visibility
        print(enable_default_visibility())
        import usermod
        usermod.use()
    """
    result = run_python(script, tmp_path, env={"PYTHONWARNINGS": "ignore::ResourceWarning"})
    assert result.stdout.strip() == "True"
    assert "LM101" in result.stderr


def test_enable_default_visibility_respects_an_existing_filter():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=lm.CrudWarning)
        assert lm.enable_default_visibility() is False
    with warnings.catch_warnings():
        warnings.resetwarnings()
        assert lm.enable_default_visibility() is True
        action, _message, category, _module, _line = warnings.filters[0]
        assert (action, category) == ("always", lm.LegacyMongoWarning)


def test_error_mode_in_a_fresh_process_names_the_users_line(tmp_path):
    (tmp_path / "usermod.py").write_text(USER_MODULE)
    result = run_python("import usermod\nusermod.use()\n", tmp_path,
                        env={"LEGACY_MONGO_WARNINGS": "error:clients"})
    assert result.returncode == 1
    assert 'usermod.py", line 4, in use' in result.stderr
    assert result.stderr.rstrip().endswith(
        "legacy_mongo.warnings.LegacyAPIError: " + catalogue.entry("LM101").format())


# ---------------------------------------------------------------------------
# warn_legacy_call: the runtime's entry point, one lookup per (site, codes)

CALL_SOURCE = """
def legacy_pair():
    warn_legacy_call((%r, %r))

def legacy_one():
    warn_legacy_call((%r,))
""" % (CRUD_CODE, REQUESTS_CODE, CRUD_CODE)
CALL_SHIM = _module("legacy_mongo.runtime._fake_call", CALL_SOURCE,
                    warn_legacy_call=lm.warn_legacy_call)


def test_warn_legacy_call_is_attributed_and_counted_like_warn_legacy():
    with record() as caught:
        warnings.simplefilter("always")
        line = line_of_next_statement()
        for _ in range(3):
            CALL_SHIM["legacy_pair"]()
        single = line_of_next_statement()
        CALL_SHIM["legacy_one"]()
    # One warning per code at each site, at the user's line, every call counted.
    assert [(w.filename, w.lineno, w.message.code) for w in caught] == [
        (HERE, line + 1, CRUD_CODE), (HERE, line + 1, REQUESTS_CODE),
        (HERE, single, CRUD_CODE)]
    assert lm.usage() == {(HERE, line + 1, CRUD_CODE): 3, (HERE, line + 1, REQUESTS_CODE): 3,
                          (HERE, single, CRUD_CODE): 1}


def test_warn_legacy_call_warns_again_in_a_new_catch_warnings_block_and_after_reload():
    for _ in range(2):
        with record() as caught:
            warnings.simplefilter("always")
            for _ in range(2):
                CALL_SHIM["legacy_pair"]()
        assert [w.message.code for w in caught] == [CRUD_CODE, REQUESTS_CODE]
    with record() as caught:
        warnings.simplefilter("always")
        for reload in (False, True, False):
            if reload:
                lm.reload_policy(WarningPolicy())  # forgets the sites, filters unchanged
            CALL_SHIM["legacy_pair"]()
    assert [w.message.code for w in caught] == [CRUD_CODE, REQUESTS_CODE] * 2
    assert sum(lm.usage().values()) == 14


def test_warn_legacy_call_follows_always_and_error_policies_at_every_call():
    lm.reload_policy(WarningPolicy(default="always"))
    with record() as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            CALL_SHIM["legacy_pair"]()
    assert len(caught) == 6
    lm.reload_policy(WarningPolicy(default="error"))
    for _ in range(2):
        line = line_of_next_statement()
        with pytest.raises(lm.LegacyAPIError) as info:
            CALL_SHIM["legacy_pair"]()
        assert (info.value.code, info.value.filename, info.value.lineno) == (
            CRUD_CODE, HERE, line + 1)


def test_warn_legacy_call_reset_usage_starts_counts_afresh():
    with record():
        warnings.simplefilter("always")
        CALL_SHIM["legacy_pair"]()
        lm.reset_usage()
        line = line_of_next_statement()
        CALL_SHIM["legacy_pair"]()
    assert lm.usage() == {(HERE, line, CRUD_CODE): 1, (HERE, line, REQUESTS_CODE): 1}
