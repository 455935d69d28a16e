"""One JSON array; each element carries at least code, message, path, line,
column, end_line, end_column (1-based), confidence, fix (null for now) and url
(the code's documentation page)."""
import json as _json

from legacy_mongo.catalogue import CATALOGUE


def _with_url(finding):
    item = finding.as_dict()
    item.setdefault("url", CATALOGUE[finding.code].url)
    return item


def render(findings, **_context):
    return _json.dumps([_with_url(f) for f in findings], indent=2) + "\n"
