"""GitHub Actions workflow commands: one ``::warning`` annotation per finding."""
from legacy_mongo.lint.formats import in_pieces


def _escape_data(value):
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value):
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(findings, **_context):
    return "".join(chunks(findings))


def chunks(findings, **_context):
    for piece in in_pieces(findings):
        yield "".join(_annotation(f) for f in piece)


def _annotation(f):
    message = f.message
    if message.startswith(f.code + " "):
        message = message[len(f.code) + 1:]
    return "::warning file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n" % (
        _escape_property(f.path), f.line, f.column, f.end_line, f.end_column,
        _escape_property(f.code), _escape_data(message))
