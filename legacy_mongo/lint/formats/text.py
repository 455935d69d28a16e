"""``path:line:col: CODE message [confidence]`` -- one line per finding (flake8/ruff)."""


def render(findings, **_context):
    lines = []
    for f in findings:
        suffix = "" if f.confidence == "certain" else " [%s]" % f.confidence
        lines.append("%s:%d:%d: %s%s" % (f.path, f.line, f.column, f.message, suffix))
    return "\n".join(lines) + ("\n" if lines else "")
