"""examples/legacy_app: an unchanged PyMongo 2.x program.

It must produce the same output under PyMongo 2.8.1 and under legacy-mongo,
its usage report must point only at its own lines, the error mode must stop
it at its first legacy call, and the acknowledge mode must surface the write
its unsafe duplicate insert loses.
"""
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT
from tests.server import TestServer

APP = os.path.join(REPO_ROOT, "examples", "legacy_app", "app.py")


def run_app(server, python=None, env=None, legacy=True):
    command = [python or sys.executable]
    if legacy:
        command += ["-m", "legacy_mongo", "run"]
    command += [APP, "127.0.0.1", str(server.port)]
    full_env = dict(os.environ)
    full_env.pop("LEGACY_MONGO_WARNINGS", None)
    full_env.update(env or {})
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=full_env)


def test_same_output_as_pymongo_281(oracle_python):
    with TestServer(max_wire_version=3) as old_server:
        oracle = run_app(old_server, python=oracle_python, legacy=False)
    assert oracle.returncode == 0, oracle.stderr
    with TestServer() as server:
        shim = run_app(server, env={"LEGACY_MONGO_WARNINGS": "ignore"})
    assert shim.returncode == 0, shim.stderr
    assert shim.stdout == oracle.stdout


def test_report_sites_are_all_lines_of_the_program(tmp_path):
    report = tmp_path / "usage.json"
    with TestServer() as server:
        result = run_app(server, env={"LEGACY_MONGO_WARNINGS": "ignore",
                                      "LEGACY_MONGO_REPORT": str(report)})
    assert result.returncode == 0, result.stderr
    data = json.loads(report.read_text())
    assert data["sites"], "no legacy call was recorded"
    with open(APP) as source:
        lines = source.read().splitlines()
    for site in data["sites"]:
        assert site["path"] == APP, site
        assert lines[site["line"] - 1].strip(), site
    codes = {site["code"] for site in data["sites"]}
    assert {"LM101", "LM401", "LM403", "LM404", "LM402", "LM406", "LM201", "LM301"} <= codes
    assert sum(data["totals"].values()) == sum(site["count"] for site in data["sites"])
    # Four threads x 50 inserts at one line: counted every time.
    insert_in_worker = [s for s in data["sites"]
                        if s["code"] == "LM401" and "orders.insert" in lines[s["line"] - 1]]
    assert [s["count"] for s in insert_in_worker] == [200]


def test_error_mode_stops_at_the_first_legacy_call():
    with TestServer() as server:
        result = run_app(server, env={"LEGACY_MONGO_WARNINGS": "error"})
    assert result.returncode == 1
    with open(APP) as source:
        first_call = next(n for n, line in enumerate(source, 1)
                          if line.startswith("conn = Connection("))
    assert "LegacyAPIError: LM101 Connection() is removed" in result.stderr
    assert 'File "%s", line %d' % (APP, first_call) in result.stderr
    assert result.stdout == ""


def test_acknowledge_mode_logs_the_lost_duplicate():
    with TestServer() as server:
        plain = run_app(server, env={"LEGACY_MONGO_WARNINGS": "ignore"})
        acked = run_app(server, env={"LEGACY_MONGO_WARNINGS": "ignore",
                                     "LEGACY_MONGO_ACKNOWLEDGE": "1"})
    assert plain.returncode == acked.returncode == 0, acked.stderr
    assert "would have been lost" not in plain.stderr
    # Same output: the legacy return values are kept.
    assert acked.stdout == plain.stdout
    with open(APP) as source:
        duplicate = [n for n, line in enumerate(source, 1)
                     if 'db.stock.insert({"_id": "apple", "qty": 99})' in line
                     and "safe=True" not in line]
    lost = [line for line in acked.stderr.splitlines() if "would have been lost" in line]
    assert len(lost) == 1, acked.stderr
    assert lost[0].startswith("%s:%d:" % (APP, duplicate[0])) or (
        "%s:%d:" % (APP, duplicate[0])) in lost[0]
    assert "E11000" in lost[0]
