"""Output formats: ``text`` (ruff/flake8 style), ``json``, ``sarif`` (2.1.0), ``github``.

Each module has ``render(findings, **context) -> str``.
"""
import importlib

FORMATS = ("text", "json", "sarif", "github")


def render(name, findings, **context):
    if name not in FORMATS:
        raise ValueError("unknown format %r (choose from %s)" % (name, ", ".join(FORMATS)))
    module = importlib.import_module("legacy_mongo.lint.formats." + name)
    return module.render(findings, **context)
