"""Same-name behaviour changes the linter can see (catalogue kind ``behaviour``).

These have no removed name to match, so each gets a small checker here, keyed
by its catalogue code (``BEHAVIOUR_CHECKERS``); the checkers still read the
names and conditions from the entry's ``Match`` records where they can.
Behaviour codes with ``lint=True`` and no checker would be runtime-only; the
tests compare this table with the catalogue.
"""
import ast
import itertools
import re

from legacy_mongo.lint.inference import (CERTAIN, CONSTRUCTORS, LIKELY, USED_COLLECTION, dotted,
                                         name_hint)
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
        elif name == "format" and isinstance(func, ast.Attribute):
            # 'ocd-{type_}/{uuid}'.format(uuid=uuid.uuid1()): formatted into text
            # like str() would, never stored as a UUID value
            as_text.update(id(a) for a in call.args)
            as_text.update(id(k.value) for k in call.keywords)
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


# Handlers of a nested try that swallow every connection error the client raises
# there (not AutoReconnect alone, nor OperationFailure: ConnectionFailure passes).
_SWALLOWING = frozenset(("ConnectionFailure", "PyMongoError", "Exception", "BaseException"))


def _constructor_raises(ctx, code, matches):
    """A client constructor in a try whose handler expects connection errors: one
    names them, or names PyMongoError (their base class, which a bad option's
    ConfigurationError is too) in a loop that tries again (mongo-orchestration's
    ``while True: try: MongoClient(...) except PyMongoError: sleep``): only a
    connection error is worth retrying."""
    analysis = ctx.analysis
    tries = []
    for node in analysis.tries:
        names = set()
        for handler in node.handlers:
            names |= _handler_names(handler)
        if names & _CONNECT_ERRORS or ("PyMongoError" in names and any(
                loop.body and loop.body[0].lineno <= node.lineno <= loop.body[-1].end_lineno
                for loop, _scope in itertools.chain(analysis.whiles, analysis.fors))):
            tries.append(node)
    if not tries:
        return
    for call, scope, fval in _client_calls(ctx):
        for node in tries:
            if node.body and node.body[0].lineno <= call.lineno <= node.body[-1].end_lineno:
                if not _client_used_in(ctx.analysis, node.body, call, scope):
                    ctx.report(code, span(call.func), _conf(fval))
                break


# Client methods and plain calls that do no I/O: using the client so in the try
# still leaves nothing there that can raise ConnectionFailure.
_NO_IO_METHODS = frozenset(("get_database", "get_default_database", "get_collection",
                            "with_options", "close", "__getitem__", "__getattr__",
                            "add_son_manipulator"))
_NO_IO_CALLS = frozenset(("print", "isinstance", "id", "repr", "str", "type", "setattr",
                          "getattr", "hasattr", "append", "add", "extend", "setdefault",
                          "list", "dict", "tuple", "set", "len", "bool", "ref", "proxy"))


def _client_used_in(analysis, body, ctor, scope):
    """Something in the try body can make the client raise: a call on it
    (``client.admin.command('ping')``, ``MongoClient(...).server_info()``), or the
    client handed to a function that may do so (``connected(MongoClient(...))``;
    a function of this module only when it calls something on that parameter)."""
    names = set()

    def is_client(expr):
        return expr is ctor or (names and dotted(expr) in names)

    def derived(value):
        # db = MongoClient().db, coll = client['app'].users: what the client hands
        # out fails when it is used, as the client would
        while isinstance(value, (ast.Attribute, ast.Subscript)) or (
                isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and
                value.func.attr in _NO_IO_METHODS):
            value = value.func.value if isinstance(value, ast.Call) else value.value
            if is_client(value):
                return True
        return False

    assigns = sorted((node for stmt in body for node in ast.walk(stmt)
                      if isinstance(node, (ast.Assign, ast.AnnAssign)) and
                      node.value is not None), key=lambda n: (n.lineno, n.col_offset))
    for node in assigns:  # in source order: a name derived from one derived before
        if node.value is ctor or derived(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                text = dotted(target)
                if text:
                    names.add(text)

    swallowed = set()  # id() of the calls whose errors a nested try swallows
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Try) and any(
                    (h.type is None or _handler_names(h) & _SWALLOWING) and
                    not any(isinstance(n, ast.Raise) for b in h.body for n in ast.walk(b))
                    for h in node.handlers):
                # try: c.admin.authenticate(...) except: pass -- nothing the client
                # raises there reaches the handler around the constructor
                swallowed.update(id(n) for b in node.body for n in ast.walk(b))
    for stmt in body:
        for node in ast.walk(stmt):
            if not isinstance(node, ast.Call) or id(node) in swallowed:
                continue
            func = node.func
            # a method call whose receiver chain starts at the client
            chain = func
            first = None
            while isinstance(chain, (ast.Attribute, ast.Subscript)):
                if is_client(chain.value):
                    first = chain
                    break
                chain = chain.value
            if first is not None and not (
                    isinstance(first, ast.Attribute) and first is func and
                    first.attr in _NO_IO_METHODS):
                return True
            # the client passed on
            last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if last in _NO_IO_CALLS:
                continue
            for index, arg in enumerate(node.args):
                if is_client(arg) and _may_use_param(analysis, func, scope, index):
                    return True
            for keyword in node.keywords:
                if keyword.arg and is_client(keyword.value) and \
                        _may_use_param(analysis, func, scope, keyword.arg):
                    return True
    return False


def _may_use_param(analysis, func, scope, position):
    """Whether the called function may operate on the argument at *position*
    (an index or a keyword name): unknown functions may; a function of this
    module may when its body calls something on that parameter or passes it on."""
    if not isinstance(func, ast.Name):
        return True
    home = analysis._home(func.id, scope)
    items = home.bindings.get(func.id) or ()
    defs = [item[1] for item in items if item[0] == "def"]
    if not defs or len(defs) != len(items):
        return True
    for fscope in defs:
        args = fscope.node.args
        params = [a.arg for a in args.posonlyargs + args.args]
        if isinstance(position, int):
            if position >= len(params):
                return True  # *args
            param = params[position]
        else:
            param = position if position in params + [a.arg for a in args.kwonlyargs] else None
            if param is None:
                return True  # **kwargs
        for node in ast.walk(fscope.node):
            if isinstance(node, ast.Call):
                root = node.func
                while isinstance(root, (ast.Attribute, ast.Subscript)):
                    root = root.value
                if isinstance(root, ast.Name) and root.id == param and root is not node.func:
                    return True
                if any(isinstance(a, ast.Name) and a.id == param
                       for a in list(node.args) + [k.value for k in node.keywords]):
                    return True
    return False


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
    wanted, every_name = _wanted_without(code, matches)
    if not wanted:
        return
    for call, scope in analysis.calls:
        func = call.func
        last = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if last not in every_name:
            continue
        fval = analysis.value(func, scope)
        if fval is None or fval.kind != "qual" or fval.name.split(".")[0] not in ROOTS:
            continue
        for names, keyword in wanted:
            if last not in names:
                continue
            if any(k.arg == keyword for k in call.keywords):
                continue
            if any(k.arg is None and _mapping_has_key(k.value, keyword, call, scope)
                   for k in call.keywords):
                continue  # dumps(doc, **kwargs) after kwargs['json_options'] = ...
            if keyword == "codec_options" and len(call.args) >= 2:
                continue  # decode_all(data, codec_options)
            ctx.report(code, span(func), "certain")


# (code, its matches) -> ([(names, keyword)], every name): read once per catalogue
_WITHOUT = {}


def _wanted_without(code, matches):
    key = (code,) + tuple(id(m) for m in matches)  # the catalogue keeps them alive
    found = _WITHOUT.get(key)
    if found is None:
        wanted = []
        for match in matches:
            if match.kind != "behaviour" or not match.names:
                continue
            keyword = re.search(r"without (\w+)", match.condition or "")
            if keyword:
                wanted.append((set(match.names), keyword.group(1)))
        found = _WITHOUT[key] = (wanted, frozenset().union(*(n for n, _k in wanted)))
    return found


def _mapping_has_key(node, key, call, scope):
    """``**node`` certainly holds *key*: a dict literal with the key, or a name
    that the statements certainly run before *call* in its function fill in
    (``kwargs[key] = ...``, ``kwargs.setdefault(key, ...)``, ``kwargs = {key: ...}``,
    or the same under ``if key not in kwargs:``) and nothing after empties."""
    if isinstance(node, ast.Dict):
        return _dict_has_key(node, key)
    if not isinstance(node, ast.Name):
        return False
    body = getattr(scope.node, "body", None)
    if not isinstance(body, list):
        return False  # a lambda
    state = False
    for block, index in _blocks_to(body, call):
        state = _block_state(block[:index], node.id, key, state)
    return state


def _blocks_to(block, target):
    """[(block, index)] from *block* inwards: the statement at *index* of each
    block holds *target*; the statements before it ran before *target*."""
    out = []
    while block:
        for index, stmt in enumerate(block):
            if stmt.lineno <= target.lineno <= stmt.end_lineno and \
                    any(n is target for n in ast.walk(stmt)):
                break
        else:
            return out
        out.append((block, index))
        inner = None
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            blocks = [getattr(stmt, f, None) for f in ("body", "orelse", "finalbody")]
            blocks += [h.body for h in getattr(stmt, "handlers", ())]
            blocks += [c.body for c in getattr(stmt, "cases", ())]
            for candidate in blocks:
                if isinstance(candidate, list) and any(
                        n is target for s in candidate for n in ast.walk(s)):
                    inner = candidate
                    break
        block = inner
    return out


def _dict_has_key(node, key):
    return any(isinstance(k, ast.Constant) and k.value == key for k in node.keys)


def _is_key_test(test, name, key):
    """'key' not in name -> 'not in'; 'key' in name -> 'in'; else None."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and \
            isinstance(test.left, ast.Constant) and test.left.value == key and \
            isinstance(test.comparators[0], ast.Name) and test.comparators[0].id == name:
        if isinstance(test.ops[0], ast.NotIn):
            return "not in"
        if isinstance(test.ops[0], ast.In):
            return "in"
    return None


def _block_state(stmts, name, key, state):
    for stmt in stmts:
        state = _stmt_state(stmt, name, key, state)
    return state


def _fills(stmt, name, key):
    """The statement puts *key* into *name* (True), rebinds it otherwise (False), or neither."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value = stmt.targets[0], stmt.value
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and \
                target.value.id == name and isinstance(target.slice, ast.Constant) and \
                target.slice.value == key:
            return True
        if isinstance(target, ast.Name) and target.id == name:
            if isinstance(value, ast.Dict):
                return _dict_has_key(value, key)
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and \
                    value.func.id == "dict":
                return any(k.arg == key for k in value.keywords)
            return False
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        call = stmt.value
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
                func.value.id == name:
            if func.attr == "setdefault" and call.args and \
                    isinstance(call.args[0], ast.Constant) and call.args[0].value == key:
                return True
            if func.attr == "update" and (
                    any(k.arg == key for k in call.keywords) or
                    (call.args and isinstance(call.args[0], ast.Dict) and
                     _dict_has_key(call.args[0], key))):
                return True
    return None


def _empties(stmt, name):
    """Anything in *stmt* that may take a key out of *name* or rebind it."""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and node.id == name and \
                isinstance(node.ctx, (ast.Store, ast.Del)):
            return True
        if isinstance(node, ast.Delete) and any(
                isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and
                t.value.id == name for t in node.targets):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("pop", "popitem", "clear") and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == name:
            return True
    return False


def _stmt_state(stmt, name, key, state):
    filled = _fills(stmt, name, key)
    if filled is not None:
        return filled
    if isinstance(stmt, ast.If):
        test = _is_key_test(stmt.test, name, key)
        body_in = True if test == "in" else False if test == "not in" else state
        else_in = False if test == "in" else True if test == "not in" else state
        return _block_state(stmt.body, name, key, body_in) and \
            _block_state(stmt.orelse, name, key, else_in)
    if isinstance(stmt, (ast.With, ast.AsyncWith)) and not _empties(stmt, name):
        return _block_state(stmt.body, name, key, state)
    if _empties(stmt, name):
        return False
    return state


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
