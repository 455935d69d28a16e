"""Options inside ``mongodb://`` string literals (catalogue kind ``uri-option``).

PyMongo 4 only warns about an unknown URI option and then drops it, so
``?safe=true`` or ``?wtimeout=500&j=true`` lose their meaning silently.
"""
from legacy_mongo.lint.rules.calls import span
from legacy_mongo.lint.rules.conditions import uri_value_ok


def uri_options(uri):
    """(name lower case, value) of the options in a MongoDB connection string."""
    _, sep, query = uri.partition("?")
    if not sep:
        return []
    out = []
    for part in query.replace(";", "&").split("&"):
        name, _, value = part.partition("=")
        name = name.strip().lower()
        if name:
            out.append((name, value))
    return out


def check(ctx):
    options = ctx.index.uri_options
    if not options:
        return
    for node in ctx.analysis.strings:
        for name, value in uri_options(node.value):
            for code, condition in options.get(name, ()):
                if uri_value_ok(condition, value):
                    ctx.report(code, span(node), "certain")
