"""Output formats: ``text`` (ruff/flake8 style), ``json``, ``sarif`` (2.1.0), ``github``.

Each module has ``render(findings, **context) -> str`` and ``chunks(findings,
**context)``, the same text in pieces of about a thousand findings, so the
command writes a finding-dense run as it renders it instead of holding the
whole document (:func:`stream`).
"""
import importlib

FORMATS = ("text", "json", "sarif", "github")

# The formats that print Finding.fix: for the others the linter attaches none.
SHOWS_FIXES = frozenset(("json", "sarif"))

CHUNK = 1000  # findings per piece of output


def _module(name):
    if name not in FORMATS:
        raise ValueError("unknown format %r (choose from %s)" % (name, ", ".join(FORMATS)))
    return importlib.import_module("legacy_mongo.lint.formats." + name)


def render(name, findings, **context):
    return _module(name).render(findings, **context)


def stream(name, findings, out, **context):
    """Write ``render(name, findings)`` to *out*, piece by piece."""
    for piece in _module(name).chunks(findings, **context):
        out.write(piece)


def in_pieces(findings, size=CHUNK):
    for start in range(0, len(findings), size):
        yield findings[start:start + size]
