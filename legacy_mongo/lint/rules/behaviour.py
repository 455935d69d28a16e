"""Same-name behaviour changes the linter can see (catalogue kind ``behaviour``).

These have no name of their own to match, so each gets a small checker here,
keyed by its catalogue code.  Codes of kind ``behaviour`` without a checker
are runtime-only (the shim reports them); ``BEHAVIOUR_CHECKERS`` is the list
the tests compare against the catalogue.
"""
import ast

from legacy_mongo.lint.inference import CERTAIN, CONSTRUCTORS
from legacy_mongo.lint.rules.calls import span


def _uuid_default(ctx, code):
    """A client built without uuidRepresentation in a module that uses uuid."""
    analysis = ctx.analysis
    if not any(m == "uuid" or m.startswith("uuid.") for m in analysis.imported_modules):
        return
    for call, scope in analysis.calls:
        func = call.func
        if not isinstance(func, (ast.Name, ast.Attribute)):
            continue
        fval = analysis.value(func, scope)
        if fval is None or fval.kind != "qual" or CONSTRUCTORS.get(fval.name) != "client":
            continue
        if any(k.arg is None or k.arg.lower() == "uuidrepresentation" for k in call.keywords):
            continue
        if call.args and isinstance(call.args[0], ast.Constant) and \
                "uuidrepresentation=" in str(call.args[0].value).lower():
            continue
        ctx.report(code, span(func), "certain" if fval.conf >= CERTAIN else "likely")


# catalogue code -> checker(ctx, code)
BEHAVIOUR_CHECKERS = {
    "LM901": _uuid_default,
}


def check(ctx):
    for code in ctx.index.behaviours:
        checker = BEHAVIOUR_CHECKERS.get(code)
        if checker is not None:
            checker(ctx, code)
