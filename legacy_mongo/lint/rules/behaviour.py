"""Same-name behaviour changes the linter can see (catalogue kind ``behaviour``).

These have no removed name to match, so each gets a small checker here, keyed
by its catalogue code (``BEHAVIOUR_CHECKERS``); the checkers still read the
names and conditions from the entry's ``Match`` records where they can.
Behaviour codes with ``lint=True`` and no checker would be runtime-only; the
tests compare this table with the catalogue.
"""
import ast
import re

from legacy_mongo.lint.inference import CERTAIN, CONSTRUCTORS, LIKELY, USED_COLLECTION, name_hint
from legacy_mongo.lint.rules.calls import ROOTS, span

_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONNECT_ERRORS = frozenset(("ConnectionFailure", "AutoReconnect", "ConfigurationError"))


def _conf(val):
    return "certain" if val.conf >= CERTAIN else "likely"


def _client_calls(ctx):
    """(call, scope, qual Val) for every PyMongo client constructor call (computed once)."""
    cached = getattr(ctx, "_client_calls", None)
    if cached is not None:
        return cached
    analysis = ctx.analysis
    out = []
    if analysis.imported_roots & {"pymongo", "legacy_mongo"}:
        for call, scope in analysis.calls:
            func = call.func
            if not isinstance(func, (ast.Name, ast.Attribute)):
                continue
            fval = analysis.value(func, scope)
            if fval is not None and fval.kind == "qual" and \
                    CONSTRUCTORS.get(fval.name) == "client" and \
                    fval.name.partition(".")[0] in ("pymongo", "legacy_mongo"):
                out.append((call, scope, fval))
    ctx._client_calls = out
    return out


def _host_arg(call):
    if call.args:
        return call.args[0]
    for keyword in call.keywords:
        if keyword.arg == "host":
            return keyword.value
    return None


def _keywords(call):
    return {k.arg: k for k in call.keywords if k.arg}


def _uuid_default(ctx, code, matches):
    """A client built without uuidRepresentation in a module that uses uuid."""
    if not any(m == "uuid" or m.startswith("uuid.") for m in ctx.analysis.imported_modules):
        return
    if _uuids_only_as_strings(ctx.analysis):
        return
    for call, _scope, fval in _client_calls(ctx):
        if any(k.arg is None or k.arg.lower() == "uuidrepresentation" for k in call.keywords):
            continue
        host = _host_arg(call)
        if isinstance(host, ast.Constant) and "uuidrepresentation=" in str(host.value).lower():
            continue
        ctx.report(code, span(call.func), _conf(fval))


_UUID_MAKERS = frozenset(("uuid1", "uuid3", "uuid4", "uuid5", "UUID"))


def _uuids_only_as_strings(analysis):
    """Every uuid the module makes is turned into text at once (str(uuid.uuid1()),
    uuid4().hex): no UUID value reaches a document, so the default
    representation does not matter."""
    made, as_text = [], set()
    for call, _scope in analysis.calls:
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in _UUID_MAKERS:
            made.append(call)
        elif name in ("str", "unicode", "text_type") and len(call.args) == 1:
            as_text.add(id(call.args[0]))
    for node, _scope in analysis.attributes:
        if node.attr in ("hex", "urn", "bytes"):
            as_text.add(id(node.value))
    return bool(made) and all(id(call) in as_text for call in made)


def _host_list(ctx, code, matches):
    """MongoClient/Connection given several standalone hosts, without replicaSet=."""
    for call, _scope, fval in _client_calls(ctx):
        if fval.name.rpartition(".")[2] not in ("MongoClient", "Connection"):
            continue
        kws = _keywords(call)
        if "replicaSet" in kws or None in [k.arg for k in call.keywords]:
            continue
        host = _host_arg(call)
        several = False
        if isinstance(host, (ast.List, ast.Tuple)) and len(host.elts) > 1:
            several = True
        elif isinstance(host, ast.Constant) and isinstance(host.value, str):
            text = host.value
            if "replicaset=" not in text.lower() and "," in text.split("?", 1)[0]:
                several = True
        if several:
            ctx.report(code, span(host), _conf(fval))


_PLACEHOLDER = re.compile(r"%(\(\w+\))?[-#0 +]*\d*(\.\d+)?[sdrifxXeEgGc]|\{[^}]*\}")


def _uri_problems(uri):
    if _PLACEHOLDER.search(uri):
        return False  # a template ('mongodb://%s:%d' % ...): the values are not visible
    rest = uri.split("://", 1)[1] if "://" in uri else uri
    netloc = rest.split("/", 1)[0].split("?", 1)[0]
    if _BAD_PERCENT.search(netloc):
        return True
    if netloc.count("@") > 1:
        return True
    if "@" in netloc:
        userinfo = netloc.rsplit("@", 1)[0]
        if userinfo.count(":") > 1:
            return True
    return False


def _uri_escaping(ctx, code, matches):
    """Unescaped '%', '@' or ':' in URI credentials; several URIs in one host list."""
    for node in ctx.analysis.strings:
        if _uri_problems(node.value):
            ctx.report(code, span(node), "certain")
    for call, _scope, fval in _client_calls(ctx):
        host = _host_arg(call)
        if isinstance(host, (ast.List, ast.Tuple)):
            uris = [e for e in host.elts if isinstance(e, ast.Constant) and
                    isinstance(e.value, str) and "://" in e.value]
            if len(uris) > 1:
                ctx.report(code, span(host), _conf(fval))


def _handler_names(handler):
    node = handler.type
    if node is None:
        return set()
    items = node.elts if isinstance(node, ast.Tuple) else [node]
    out = set()
    for item in items:
        if isinstance(item, ast.Name):
            out.add(item.id)
        elif isinstance(item, ast.Attribute):
            out.add(item.attr)
    return out


def _constructor_raises(ctx, code, matches):
    """A client constructor in a try whose handler expects connection errors."""
    tries = [t for t in ctx.analysis.tries
             if any(_handler_names(h) & _CONNECT_ERRORS for h in t.handlers)]
    if not tries:
        return
    for call, _scope, fval in _client_calls(ctx):
        for node in tries:
            if node.body and node.body[0].lineno <= call.lineno <= node.body[-1].end_lineno:
                ctx.report(code, span(call.func), _conf(fval))
                break


def _uri_precedence(ctx, code, matches):
    """The same option in a URI literal and as a keyword, with different values."""
    for call, _scope, fval in _client_calls(ctx):
        host = _host_arg(call)
        if not (isinstance(host, ast.Constant) and isinstance(host.value, str) and
                "?" in host.value):
            continue
        options = {}
        for part in host.value.split("?", 1)[1].replace(";", "&").split("&"):
            name, _, value = part.partition("=")
            options[name.strip().lower()] = value.strip().lower()
        for keyword in call.keywords:
            if not keyword.arg or keyword.arg.lower() not in options:
                continue
            value = keyword.value
            if isinstance(value, ast.Constant):
                text = str(value.value).lower()
                if text != options[keyword.arg.lower()]:
                    ctx.report(code, span(keyword), _conf(fval))


def _receivers(matches):
    kinds = set()
    for match in matches:
        kinds.update(match.receivers)
    return kinds


def _truth_test(ctx, code, matches):
    """if db: / coll or other / not coll / bool(coll): NotImplementedError on 4.x."""
    kinds = _receivers(matches) or {"database", "collection"}
    analysis = ctx.analysis
    members = None
    for expr, scope in analysis.tests:
        if isinstance(expr, (ast.Compare, ast.BoolOp, ast.UnaryOp, ast.Constant)):
            continue
        val = analysis.value(expr, scope)
        if val is not None and val.kind in kinds and val.conf >= LIKELY and (
                val.name != USED_COLLECTION.name or _says_kind(expr, val.kind)):
            ctx.report(code, span(expr), _conf(val))
        elif val is not None and val.kind == "collection" and "collection" in kinds and \
                ctx.evidence and isinstance(expr, ast.Name) and \
                _says_kind(expr, "collection"):
            if members is None:
                members = _collection_member_reads(analysis)
            if (id(scope), expr.id) in members:
                ctx.report(code, span(expr), "likely")


# Attributes only a PyMongo Collection has (not methods: ODM managers share those).
_COLLECTION_ONLY_ATTRS = frozenset(("database", "full_name"))


def _collection_member_reads(analysis):
    """(id(scope), name) of every name read as ``name.database`` /
    ``name.full_name``: a name that says collection and is used so is one
    (``if collection: self.db = collection.database``)."""
    return {(id(scope), node.value.id) for node, scope in analysis.attributes
            if node.attr in _COLLECTION_ONLY_ATTRS and isinstance(node.value, ast.Name)}


def _getattr_constant(call):
    """``getattr(x, 'name')`` / ``getattr(x, 'name', None)``: an attribute read."""
    return isinstance(call.func, ast.Name) and call.func.id == "getattr" and \
        2 <= len(call.args) <= 3 and not call.keywords and \
        isinstance(call.args[1], ast.Constant) and isinstance(call.args[1].value, str)


def _says_kind(expr, kind):
    """A receiver typed only by the shape of its calls is tested for truth as a
    Collection (Database) when its name agrees (``if self.collection``): an ODM
    class queried like one (``if self.kind``) is a class, true on both versions."""
    name = expr.attr if isinstance(expr, ast.Attribute) else getattr(expr, "id", None)
    return name is not None and name_hint(name) == kind


def _gridout_iteration(ctx, code, matches):
    """for chunk in grid_out: yields lines on 3.12+, chunks on 2.8."""
    analysis = ctx.analysis
    for node, scope in analysis.fors:
        val = analysis.value(node.iter, scope)
        if val is not None and val.kind in ("gridout",) and val.conf >= LIKELY:
            ctx.report(code, span(node.iter), _conf(val))


def _query_modifiers(ctx, code, matches):
    """find({'$query': ..., '$orderby': ...}) on a collection."""
    analysis = ctx.analysis
    names = set()
    for match in matches:
        names.update(match.names)
    names = names or {"find", "find_one"}
    for call, scope in analysis.calls:
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr in names and call.args):
            continue
        first = call.args[0]
        if not (isinstance(first, ast.Dict) and first.keys and
                isinstance(first.keys[0], ast.Constant) and first.keys[0].value == "$query"):
            continue
        val = analysis.value(func.value, scope)
        confidence = ctx.decide(val, {"collection"}, func.attr, 2, func.value)
        if confidence:
            ctx.report(code, span(first.keys[0]), confidence)


def _call_without(ctx, code, matches):
    """bson/json_util functions called without the options that now decide the result."""
    analysis = ctx.analysis
    wanted = []
    for match in matches:
        if match.kind != "behaviour" or not match.names:
            continue
        found = re.search(r"without (\w+)", match.condition or "")
        if found:
            wanted.append((set(match.names), found.group(1)))
    if not wanted:
        return
    for call, scope in analysis.calls:
        func = call.func
        last = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if not any(last in names for names, _kw in wanted):
            continue
        fval = analysis.value(func, scope)
        if fval is None or fval.kind != "qual" or fval.name.split(".")[0] not in ROOTS:
            continue
        for names, keyword in wanted:
            if last not in names:
                continue
            if any(k.arg == keyword for k in call.keywords):
                continue
            if keyword == "codec_options" and len(call.args) >= 2:
                continue  # decode_all(data, codec_options)
            ctx.report(code, span(func), "certain")


# catalogue code -> checker(ctx, code, matches)
BEHAVIOUR_CHECKERS = {
    "LM119": _host_list,
    "LM120": _uri_escaping,
    "LM130": _constructor_raises,
    "LM132": _uri_precedence,
    "LM420": _truth_test,
    "LM425": _gridout_iteration,
    "LM718": _query_modifiers,
    "LM901": _uuid_default,
    "LM904": _call_without,
    "LM907": _call_without,
    "LM908": _call_without,
}


def check(ctx):
    entries = ctx.index.entries
    for code in ctx.index.behaviours:
        checker = BEHAVIOUR_CHECKERS.get(code)
        if checker is not None:
            matches = [m for m in entries[code].matches if m.kind == "behaviour"]
            checker(ctx, code, matches)
