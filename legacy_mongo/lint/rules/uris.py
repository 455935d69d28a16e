"""Options inside ``mongodb://`` string literals (catalogue kind ``uri-option``).

PyMongo 4 only warns about an unknown URI option and then drops it, so
``?safe=true`` or ``?wtimeout=500&j=true`` lose their meaning silently.
"""
from legacy_mongo.lint.rules.calls import span


def uri_options(uri):
    """The option names (lower case) in a MongoDB connection string."""
    _, sep, query = uri.partition("?")
    if not sep:
        return []
    out = []
    for part in query.replace(";", "&").split("&"):
        name = part.partition("=")[0].strip().lower()
        if name:
            out.append(name)
    return out


def check(ctx):
    options = ctx.index.uri_options
    if not options:
        return
    for node in ctx.analysis.strings:
        for name in uri_options(node.value):
            for code in options.get(name, ()):
                ctx.report(code, span(node), "certain")
