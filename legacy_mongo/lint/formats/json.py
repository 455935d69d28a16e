"""One JSON array; each element carries at least code, message, path, line,
column, end_line, end_column (1-based), confidence and fix: null, or ruff's shape
``{"applicability": "safe"|"unsafe", "message", "edits": [{"content", "location":
{"row", "column"}, "end_location": {...}, "old"}]}`` (1-based, end exclusive; ``old``
is the text the edit replaces), and url (the code's documentation page)."""
import json as _json

from legacy_mongo.catalogue import CATALOGUE


def _with_url(finding):
    item = finding.as_dict()
    item.setdefault("url", CATALOGUE[finding.code].url)
    return item


def render(findings, **_context):
    return _json.dumps([_with_url(f) for f in findings], indent=2) + "\n"
