"""``path:line:col: CODE message [confidence]`` -- one line per finding (flake8/ruff)."""
from legacy_mongo.lint.formats import in_pieces


def render(findings, **_context):
    return "".join(chunks(findings))


def chunks(findings, **_context):
    for piece in in_pieces(findings):
        yield "".join("%s:%d:%d: %s%s\n" % (
            f.path, f.line, f.column, f.message,
            "" if f.confidence == "certain" else " [%s]" % f.confidence) for f in piece)
