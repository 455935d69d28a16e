"""One JSON array; each element carries at least code, message, path, line,
column, end_line, end_column (1-based), confidence and fix (null for now)."""
import json as _json


def render(findings, **_context):
    return _json.dumps([f.as_dict() for f in findings], indent=2) + "\n"
