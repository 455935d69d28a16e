"""``legacy-mongo run``: the program's arguments, output and exit status are its own."""
import os
import subprocess
import sys
import textwrap

import pytest

RUN = [sys.executable, "-m", "legacy_mongo", "run"]


def run(args, **kwargs):
    env = dict(os.environ, LEGACY_MONGO_WARNINGS="ignore")
    env.update(kwargs.pop("env", {}))
    return subprocess.run(RUN + args, capture_output=True, text=True, timeout=60, env=env, **kwargs)


def write(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return str(path)


def test_arguments_output_and_exit_status_are_the_programs(tmp_path):
    script = write(tmp_path, "prog.py", """
        import sys
        print("argv", sys.argv[1:])
        print("name", __name__)
        sys.stderr.write("to stderr\\n")
        sys.exit(3)
    """)
    result = run([script, "a", "--flag", "b c"])
    assert result.returncode == 3
    assert result.stdout == "argv ['a', '--flag', 'b c']\nname __main__\n"
    assert result.stderr == "to stderr\n"


def test_an_uncaught_exception_exits_1_with_its_traceback(tmp_path):
    script = write(tmp_path, "boom.py", "raise RuntimeError('boom')\n")
    result = run([script])
    assert result.returncode == 1
    assert "RuntimeError: boom" in result.stderr


def test_the_script_directory_is_importable(tmp_path):
    write(tmp_path, "helper_mod.py", "VALUE = 42\n")
    script = write(tmp_path, "main.py", "import helper_mod\nprint(helper_mod.VALUE)\n")
    result = run([script], cwd="/")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "42\n"


def test_run_dash_m_runs_a_module(tmp_path):
    write(tmp_path, "runnable.py", "import sys\nprint('module', sys.argv[1:], __name__)\n")
    result = run(["-m", "runnable", "x"], cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "module ['x'] __main__\n"


def test_2x_module_paths_resolve_to_the_shim(tmp_path):
    script = write(tmp_path, "paths.py", """
        import pymongo
        from pymongo import Connection, MongoReplicaSetClient, ReplicaSetConnection
        from pymongo.connection import Connection as C2
        from pymongo.objectid import ObjectId
        from pymongo.son import SON
        import legacy_mongo
        print(Connection is legacy_mongo.Connection is C2)
        print(pymongo.MongoClient is legacy_mongo.MongoClient)
        print(issubclass(Connection, pymongo.synchronous.mongo_client.MongoClient))
        print(ObjectId.__module__, SON.__module__)
        print(pymongo.collection.Collection.__module__)
        import pymongo.synchronous.collection
        print(pymongo.synchronous.collection.Collection.__module__)
    """)
    result = run([script])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "True", "True", "True", "bson.objectid bson.son",
        # 2.x code builds and subclasses pymongo.collection.Collection (issue 10) ...
        "legacy_mongo.runtime.collection",
        "pymongo.synchronous.collection",  # ... while PyMongo 4's own stays untouched
    ]


def test_missing_script_is_a_usage_error():
    result = run(["/nonexistent/script.py"])
    assert result.returncode == 2
    assert "can't open file" in result.stderr


@pytest.mark.parametrize("argv", [[], ["-m"]])
def test_usage_without_a_target(argv):
    result = run(argv)
    assert result.returncode == 2
    assert "usage: legacy-mongo run" in result.stderr


def test_legacy_warnings_are_visible_by_default_under_run(tmp_path):
    script = write(tmp_path, "warns.py", """
        from pymongo import Connection
        c = Connection('127.0.0.1', 1, _connect=False)
    """)
    result = run([script], env={"LEGACY_MONGO_WARNINGS": "default"})
    assert result.returncode == 0, result.stderr
    assert "warns.py:3: ClientsWarning: LM101 Connection() is removed" in result.stderr


def test_warnings_can_be_silenced_with_python_filters(tmp_path):
    script = write(tmp_path, "quiet.py", """
        from pymongo import Connection
        c = Connection('127.0.0.1', 1, _connect=False)
    """)
    result = run([script], env={"LEGACY_MONGO_WARNINGS": "default",
                                "PYTHONWARNINGS": "ignore::DeprecationWarning"})
    assert result.returncode == 0, result.stderr
    assert "LM101" not in result.stderr
