"""Catalogue ``condition`` texts the linter can check (method and keyword matches).

Keyed by method name (a property of the legacy API, not of a code); each
checker gets the call and the match's condition text and says whether this
call is the legacy use the entry describes.
"""
import ast
import re


def _chain_has(ctx, call, method):
    """Is ``.method(...)`` anywhere in the call chain around *call*?"""
    node = call.func.value
    while True:  # inwards: coll.find().hint(h).min(m)
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                if node.func.attr == method:
                    return True
                node = node.func.value
                continue
        break
    outer = ctx.analysis.outer_call
    node = call
    while id(node) in outer:  # outwards: coll.find().min(m).hint(h)
        node = outer[id(node)]
        if node.func.attr == method:
            return True
    return False


def min_max(ctx, call, scope, condition):
    if "hint" in condition:
        return not _chain_has(ctx, call, "hint")
    return True


# pymongo.cursor._QUERY_OPTIONS of PyMongo 2.8.1 (cursor.py, lines 28-35).
_QUERY_OPTION_BITS = {"tailable_cursor": 2, "slave_okay": 4, "oplog_replay": 8,
                      "no_timeout": 16, "await_data": 32, "exhaust": 64, "partial": 128}


def _const_int(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and \
            getattr(node.value, "attr", getattr(node.value, "id", None)) == "_QUERY_OPTIONS":
        return _QUERY_OPTION_BITS.get(node.slice.value)  # the bit, named
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitOr, ast.Add)):
        left, right = _const_int(node.left), _const_int(node.right)
        if left is not None and right is not None:
            return left | right
    return None


def add_option(ctx, call, scope, condition):
    if not call.args:
        return False
    bits = _const_int(call.args[0])
    return bits is not None and bool(bits & (4 | 8))


def explain(ctx, call, scope, condition):
    if ":" not in condition:
        return True
    fields = {f.strip() for f in condition.split(":", 1)[1].split(",") if f.strip()}
    return bool(ctx.analysis.keys_read(call, scope) & fields)


def where(ctx, call, scope, condition):
    if "scope" not in condition:
        return True
    if not call.args:
        return False
    arg = call.args[0]
    if isinstance(arg, ast.Call):
        name = arg.func.id if isinstance(arg.func, ast.Name) else getattr(arg.func, "attr", "")
        if name == "Code":
            return len(arg.args) >= 2 or any(k.arg == "scope" for k in arg.keywords)
    return False


def no_arguments(ctx, call, scope, condition):
    if "no arguments" in condition:
        return not call.args and not call.keywords
    return True


METHOD_CONDITIONS = {
    "min": min_max,
    "max": min_max,
    "add_option": add_option,
    "explain": explain,
    "where": where,
    "reindex": no_arguments,
}


def keyword_value_ok(condition, keyword, call):
    """Does keyword node *keyword* of *call* satisfy a keyword match's condition text?

    Understood: "the value is an int literal", "the value is 'X'",
    "X=True without Y", "unless the value is None" / "unless the value is None or 0"
    (values PyMongo 4 does not send).  Other texts do not restrict the match.  A keyword
    that comes from a ``**dict`` has no visible value: it only matches
    unconditional entries.
    """
    if not condition:
        return True
    low = condition.lower()
    unsent = re.search(r"unless the value is (none or 0|none)\b", low)
    if unsent:
        # an option PyMongo 4 leaves out of the command at that value: only a
        # literal None (or 0) is known to send nothing; a **dict entry may send
        if not (isinstance(keyword, ast.keyword) and keyword.arg):
            return True
        if not isinstance(keyword.value, ast.Constant):
            return True
        value = keyword.value.value
        if value is None:
            return False
        return not (unsent.group(1) == "none or 0" and isinstance(value, (int, float)) and
                    not value)
    if not (isinstance(keyword, ast.keyword) and keyword.arg):
        return False
    value = keyword.value
    if "int literal" in low:
        return isinstance(value, ast.Constant) and isinstance(value.value, int) and \
            not isinstance(value.value, bool)
    found = re.search(r"the value is '?([\w.-]+)'?", condition)
    if found:
        return isinstance(value, ast.Constant) and isinstance(value.value, str) and \
            value.value.lower() == found.group(1).lower()
    found = re.match(r"\s*(\w+)=true without (\w+)", low)
    if found:
        present = {k.arg.lower() for k in call.keywords if k.arg}
        return isinstance(value, ast.Constant) and value.value is True and \
            found.group(2) not in present
    return True


def uri_value_ok(condition, value):
    """For uri-option matches: "the value is X"."""
    if not condition:
        return True
    found = re.search(r"the value is '?([\w.-]+)'?", condition)
    if found:
        return value.strip().lower() == found.group(1).lower()
    return True
