"""SARIF 2.1.0 (OASIS): one run, the catalogue's linted codes as rules.

Validated in the tests against the OASIS schema (tests/lint/sarif-schema-2.1.0.json).
"""
import json
import os

from legacy_mongo.catalogue import CATALOGUE
from legacy_mongo.lint.formats import in_pieces
from legacy_mongo.lint.formats.json import array_items

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
VERSION = "0.1.0"


def _uri(path):
    path = path.replace(os.sep, "/")
    if path.startswith("./"):
        path = path[2:]
    return path


def _fix(finding):
    """A SARIF fix: the edits as replacements of one artifact (1-based, end exclusive)."""
    fix = finding.fix
    replacements = []
    for edit in fix["edits"]:
        replacement = {"deletedRegion": {
            "startLine": edit["location"]["row"],
            "startColumn": edit["location"]["column"],
            "endLine": edit["end_location"]["row"],
            "endColumn": edit["end_location"]["column"],
        }}
        if edit["content"]:
            replacement["insertedContent"] = {"text": edit["content"]}
        replacements.append(replacement)
    return {"description": {"text": fix["message"]},
            "artifactChanges": [{"artifactLocation": {"uri": _uri(finding.path)},
                                 "replacements": replacements}],
            "properties": {"applicability": fix["applicability"]}}


def render(findings, **_context):
    return "".join(chunks(findings))


def _result(f, rule_index):
    result = {
        "ruleId": f.code,
        "ruleIndex": rule_index[f.code],
        "level": "warning" if f.confidence == "certain" else "note",
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(f.path)},
                "region": {
                    "startLine": f.line,
                    "startColumn": f.column,
                    "endLine": f.end_line,
                    "endColumn": max(f.end_column, 1),
                },
            },
        }],
        "properties": {"confidence": f.confidence},
    }
    if f.fix:
        result["fixes"] = [_fix(f)]
    return result


# the results array is written in pieces where this stands in the document
_RESULTS = "\0results\0"


def chunks(findings, **_context):
    """``json.dumps(log, indent=2)``, the results one piece at a time."""
    codes = sorted({f.code for f in findings})
    rules = []
    for code in codes:
        found = CATALOGUE[code]
        rules.append({
            "id": code,
            "name": found.name,
            "shortDescription": {"text": found.message},
            "fullDescription": {"text": (found.meaning or found.message)},
            "helpUri": found.url,
            "help": {"text": "Replacement: %s (%s)" % (found.replacement, found.url)},
            "properties": {"family": found.family},
        })
    rule_index = {code: i for i, code in enumerate(codes)}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "legacy-mongo",
                "version": VERSION,
                "informationUri": "https://pypi.org/project/legacy-mongo/",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": _RESULTS,
        }],
    }
    head, tail = json.dumps(log, indent=2).split(json.dumps(_RESULTS))
    depth = 3  # log -> runs -> run -> results
    if not findings:
        yield head + "[]" + tail + "\n"
        return
    yield head + "[\n"
    for number, piece in enumerate(in_pieces(findings)):
        yield (",\n" if number else "") + array_items(
            (_result(f, rule_index) for f in piece), depth + 1)
    yield "\n" + "  " * depth + "]" + tail + "\n"
