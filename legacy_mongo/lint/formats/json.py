"""One JSON array; each element carries at least code, message, path, line,
column, end_line, end_column (1-based), confidence and fix: null, or ruff's shape
``{"applicability": "safe"|"unsafe", "message", "edits": [{"content", "location":
{"row", "column"}, "end_location": {...}, "old"}]}`` (1-based, end exclusive; ``old``
is the text the edit replaces)."""
import json as _json


def render(findings, **_context):
    return _json.dumps([f.as_dict() for f in findings], indent=2) + "\n"
