"""One JSON array; each element carries at least code, message, path, line,
column, end_line, end_column (1-based), confidence and fix: null, or ruff's shape
``{"applicability": "safe"|"unsafe", "message", "edits": [{"content", "location":
{"row", "column"}, "end_location": {...}, "old"}]}`` (1-based, end exclusive; ``old``
is the text the edit replaces), and url (the code's documentation page)."""
import json as _json

from legacy_mongo.catalogue import CATALOGUE
from legacy_mongo.lint.formats import in_pieces


def _with_url(finding):
    item = finding.as_dict()
    item.setdefault("url", CATALOGUE[finding.code].url)
    return item


def render(findings, **_context):
    return "".join(chunks(findings))


def chunks(findings, **_context):
    """``json.dumps(items, indent=2)``, one piece of findings at a time."""
    if not findings:
        yield "[]\n"
        return
    yield "[\n"
    for number, piece in enumerate(in_pieces(findings)):
        yield (",\n" if number else "") + array_items(_with_url(f) for f in piece)
    yield "\n]\n"


def array_items(items, depth=1):
    """The elements of a JSON array at nesting *depth*, as ``json.dumps(...,
    indent=2)`` writes them there (JSON strings hold no raw newline)."""
    margin = "  " * depth
    return ",\n".join(margin + _json.dumps(item, indent=2).replace("\n", "\n" + margin)
                      for item in items)
