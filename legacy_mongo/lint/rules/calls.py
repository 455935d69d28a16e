"""Calls: legacy methods, removed keywords and positional slots, legacy
constructors, and removed server commands in ``db.command(...)``.

Catalogue match kinds handled here: ``method``, ``keyword``, ``positional``,
``command`` and the call form of ``class``.
"""
import ast

from legacy_mongo.lint.inference import CHILD_KINDS, HINT, LIKELY, OTHER_ORMS, Val, dotted
from legacy_mongo.lint.rules import conditions
from legacy_mongo.lint.rules.shapes import (MONGO, MONGO_KEYWORDS, NO, OK, PYMONGO_KEYWORDS,
                                            STRONG, shape)

import sys

ROOTS = frozenset(("pymongo", "bson", "gridfs", "mongomock", "legacy_mongo", "mongokit"))
STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | frozenset((
    "os", "re", "string", "json", "logging", "collections", "itertools", "shutil"))
OTHER_LIBS = OTHER_ORMS | frozenset(("mock", "unittest", "six", "flask", "werkzeug", "kombu",
                                     "celery", "redis", "requests", "numpy", "PIL"))
# attribute calls check() reads as more than a method call: functools.partial,
# super().__init__ and Connection.__init__, Connection.from_uri (_qual_call)
_CALL_FORMS = frozenset(("partial", "__init__", "from_uri"))
_CURSOR_CHAIN = frozenset(("find", "sort", "limit", "skip", "hint", "batch_size", "where",
                           "max_scan", "comment", "max_time_ms"))


def span(node):
    return (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)


def name_span(attr_node):
    """The span of the attribute name in ``x.name``."""
    end_line, end_col = attr_node.end_lineno, attr_node.end_col_offset
    start = end_col - len(attr_node.attr)
    if start < 0 or end_line != attr_node.lineno and start < 0:
        return span(attr_node)
    return (end_line, start, end_line, end_col)


def _last(dotted):
    return dotted.rpartition(".")[2]


def ctor_matches(spec_name, qual):
    """Does qualified name *qual* (as imported) denote catalogue call *spec_name*?

    ``MongoClient`` matches any PyMongo-rooted ``...MongoClient``;
    ``pymongo.MongoClient`` also ``pymongo.mongo_client.MongoClient``;
    ``json_util.loads`` also ``bson.json_util.loads`` and ``pymongo.json_util.loads``.
    """
    spec = spec_name.split(".")
    parts = qual.split(".")
    if spec[-1] != parts[-1] or parts[0] not in ROOTS:
        return False
    if len(spec) == 1:
        return True
    return (len(parts) >= 2 and spec[-2] == parts[-2]) or spec[0] == parts[0] or \
        parts[0] in ("mongomock", "legacy_mongo")


def receiver_value(analysis, node, scope):
    """The receiver's Val, with the chain shape ``.find(<mapping>?)`` as a cursor hint."""
    val = analysis.value(node, scope)
    if val is None and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        inner = node.func.attr
        if inner in _CURSOR_CHAIN:
            base = receiver_value(analysis, node.func.value, scope)
            if inner == "find":
                args = node.args
                if base is not None and base.kind not in CHILD_KINDS:
                    return None
                if not args or isinstance(args[0], (ast.Dict, ast.DictComp)) or any(
                        k.arg in PYMONGO_KEYWORDS for k in node.keywords):
                    return Val("cursor", None, HINT)
                return None
            if base is not None and base.kind == "cursor":
                return base
    return val


_WRITES = frozenset(("insert", "save", "update", "remove"))


def _result_read(analysis, call, scope):
    if id(call) in analysis.result_reads:
        return True
    for name, items in scope.bindings.items():
        if (id(scope), name) in analysis.result_names:
            for item in items:
                if item[0] == "expr" and item[1] is call:
                    return True
    return False


def check(ctx):
    analysis = ctx.analysis
    index = ctx.index
    methods = index.methods
    keywords = index.keywords
    positionals = index.positionals
    commands = index.commands
    pos_methods = {spec[2] for _c, spec, _l, _o in positionals if spec[0] == "method"}
    copied = _copied_methods(ctx) if "setattr" in analysis.callsites else {}
    ctor_names = index.ctor_names | _CALL_FORMS
    for call, scope in analysis.calls:
        func = call.func
        fcls = func.__class__
        has_keywords = bool(call.keywords)
        if fcls is ast.Attribute:
            name = func.attr
            recv = func.value
            relevant = (name in methods or name == "command" or name in pos_methods or
                        (has_keywords and any(k.arg in keywords or k.arg is None
                                              for k in call.keywords)))
            if not relevant and not has_keywords and len(call.args) <= 1 and \
                    name not in ctor_names:
                # x.name() / x.name(arg) with no legacy name or keyword: only a
                # constructor's positional slot or the forms handled below
                # (ctor_names) could be reported, so the receiver need not be
                # evaluated (most calls of a file)
                continue
            project_module = False
            if recv.__class__ is ast.Name or recv.__class__ is ast.Attribute:
                base = analysis.value(recv, scope)
                if base is not None and base.kind == "qual":
                    root = base.name.partition(".")[0]
                    if base.name == "functools" and name == "partial":
                        _partial(ctx, call, scope)
                        continue
                    if root in ROOTS:
                        _qual_call(ctx, call, scope, analysis.value(func, scope))
                        continue
                    if root in STDLIB or root in OTHER_LIBS:
                        continue
                    project_module = True  # objects.Female.find(...): a project class
                elif call.keywords or len(call.args) > 1:
                    # self.connection_class(host, safe=True): a PyMongo class kept on
                    # a class or an object, called through the attribute
                    fval = analysis.value(func, scope)
                    if fval is not None and fval.kind == "qual" and \
                            fval.name.partition(".")[0] in ROOTS:
                        _qual_call(ctx, call, scope, fval)
                        continue
            if name == "__init__" and recv.__class__ is ast.Call and \
                    recv.func.__class__ is ast.Name and recv.func.id == "super":
                _super_init(ctx, call, scope)
                continue
            if not relevant:
                continue
            val = None if project_module else analysis.method_receiver(
                receiver_value(analysis, recv, scope), name)
            if copied:
                val = copied.get((id(scope), dotted(recv), name), val)
            if (val is None or val.conf == HINT) and analysis.wrapper_call(call, scope):
                continue  # odm_session.find_and_modify(cls, ...): a wrapper's method
            if val is None and name == "count" and (
                    any(k.arg == "with_limit_and_skip" for k in call.keywords) or (
                    call.args and isinstance(call.args[0], ast.Constant) and
                    isinstance(call.args[0].value, bool))):
                val = Val("cursor", None, HINT)
            if name in methods:
                _method(ctx, call, scope, name, val, recv, methods[name])
            if has_keywords:
                _keywords_on_method(ctx, call, scope, name, val, recv)
            if name in pos_methods:
                _positional_method(ctx, call, name, val, recv)
            if name == "command" and commands:
                _command(ctx, call, val, recv)
        elif fcls is ast.Name:
            fval = analysis.value(func, scope)
            if fval is not None and fval.kind == "qual" and fval.name == "functools.partial":
                _partial(ctx, call, scope)
            elif fval is not None and fval.kind == "qual":
                _qual_call(ctx, call, scope, fval)
            elif fval is not None and fval.kind == "subclass":
                # a project subclass of a PyMongo class imported from another module:
                # constructing it constructs the removed class (micromongo's Connection)
                code = ctx.index.class_quals.get(fval.name)
                if code:
                    ctx.report(code, span(func), "certain" if fval.conf >= 2 else "likely")
                _ctor_arguments(ctx, call, scope,
                                lambda spec_name: ctor_matches(spec_name, fval.name),
                                "certain" if fval.conf >= 2 else "likely")
            elif fval is not None and fval.kind == "class":
                base_qual = analysis.class_base_qual(fval.ref)
                if base_qual:  # class Cursor(pymongo.cursor.Cursor): Cursor(..., **kw)
                    own = _own_init_parameters(analysis, fval.ref)
                    if own is None:  # PyMongo's constructor takes the arguments
                        _ctor_arguments(ctx, call, scope,
                                        lambda spec_name: ctor_matches(spec_name, base_qual),
                                        "certain" if fval.conf >= 2 else "likely",
                                        popped=_init_popped_keys(fval.ref))
                    else:
                        # the class's own __init__ takes its own positionals (2.8's
                        # slots are not these: pyramid_mongokit's
                        # SingleDbConnection(db_name, prefix, uri, **params)) and
                        # keywords; the others reach the client through **kwargs
                        _ctor_arguments(ctx, call, scope,
                                        lambda spec_name: ctor_matches(spec_name, base_qual),
                                        "certain" if fval.conf >= 2 else "likely",
                                        popped=_init_popped_keys(fval.ref) | own,
                                        positionals=False)



def _copied_methods(ctx):
    """``setattr(X, name, getattr(coll, name))`` for the names of a table: in that
    function, ``X.<name>(...)`` calls the Collection's bound method.
    (id(scope), 'X', name) -> the receiver Val the method was taken from."""
    from legacy_mongo.lint.rules.values import _constant_names, _receiver
    analysis = ctx.analysis
    copied = {}
    for call, scope in analysis.callsites["setattr"]:
        if not isinstance(call.func, ast.Name) or len(call.args) != 3:
            continue
        target, name_node, value = call.args
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and
                value.func.id == "getattr" and len(value.args) == 2 and
                ast.dump(value.args[1]) == ast.dump(name_node)):
            continue
        text = dotted(target)
        if text is None:
            continue
        for constant in _constant_names(analysis, name_node, scope):
            val = _receiver(analysis, value.args[0], scope, constant.value)
            if val is None or (val.conf == HINT and not ctx.names_evidence):
                continue
            copied[(id(scope), text, constant.value)] = val
    return copied


def dispatched_methods(ctx):
    """``x._delegate('insert', doc, safe=True)`` where ``_delegate`` calls the method
    of a PyMongo object named by its first argument (``getattr(coll, name)(*a,
    **kw)``, :meth:`ModuleAnalysis._dispatcher`): the named method is called with
    the rest of the arguments, reported on the string."""
    analysis = ctx.analysis
    methods = ctx.index.methods
    for call, scope in analysis.calls:
        if not call.args:
            continue
        first = call.args[0]
        if not (first.__class__ is ast.Constant and isinstance(first.value, str) and
                (first.value in methods or call.keywords)):
            continue
        analysis.value(call, scope)
        found = analysis.dispatch_calls.get(id(call))
        if found is None:
            continue
        kind, name, conf = found
        attr = ast.Attribute(value=ast.Name(id="_", ctx=ast.Load()), attr=name, ctx=ast.Load())
        # reported where the string starts, as values._getattr_names does
        attr.lineno = attr.end_lineno = first.lineno
        attr.col_offset = first.col_offset
        attr.end_col_offset = first.col_offset + len(name)
        fake = ast.Call(func=attr, args=call.args[1:], keywords=call.keywords)
        ast.copy_location(fake, call)
        val = Val(kind, None, conf)
        if name in methods:
            _method(ctx, fake, scope, name, val, None, methods[name])
        if call.keywords:
            _keywords_on_method(ctx, fake, scope, name, val, None)


def _method(ctx, call, scope, name, val, recv, entries):
    if name == "aggregate":
        legacy = (call.args and isinstance(call.args[0], ast.Dict)) or _result_read(
            ctx.analysis, call, scope)
        if not legacy:
            return
        call_shape = STRONG
    else:
        call_shape = shape(name, call)
        if call_shape == NO and name in _WRITES and val is not None and \
                val.kind == "collection" and val.conf >= LIKELY and \
                any(k.arg in ("safe", "w") for k in call.keywords):
            # save(doc, upset=True, safe=True) on a traced Collection: a keyword
            # outside PyMongo's signature (a typo 2.x's **kwargs took) beside its
            # write concern is still PyMongo's call, not another library's method
            call_shape = OK
    condition_check = conditions.METHOD_CONDITIONS.get(name)
    for code, kinds, condition in entries:
        if condition_check is not None and not condition_check(ctx, call, scope, condition):
            continue
        confidence = ctx.decide(val, kinds, name, call_shape, recv, scope)
        if confidence:
            ctx.report(code, name_span(call.func), confidence)


def _keyword_names(ctx, call, scope):
    """(keyword name, node to report) for explicit keywords and **dict entries."""
    for keyword in call.keywords:
        if keyword.arg is not None:
            yield keyword.arg, keyword
        else:  # **opts: reported where the key is written
            yield from _dict_keys(ctx, keyword.value, scope)


def _dict_keys(ctx, node, scope, depth=0):
    if isinstance(node, ast.Dict):
        for key in node.keys:
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield key.value, key
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        for keyword in node.keywords:
            if keyword.arg is not None:
                yield keyword.arg, keyword
        for arg in node.args[:1]:
            if depth < 3:
                yield from _dict_keys(ctx, arg, scope, depth + 1)
    elif isinstance(node, ast.DictComp):
        # {name: val for name, val in (('spec', spec), ('fields', fields)) if val}
        yield from _pair_table_keys(node.key, node.generators)
    elif isinstance(node, (ast.List, ast.Tuple)):
        # dict([('spec', spec), ('fields', fields)])
        yield from _pairs(node)
    elif isinstance(node, ast.Attribute) and depth < 3:
        # **self.write_options: a dict the class body or a method gives the
        # attribute (``write_options = {'safe': True}``, ``self.opts = {...}``)
        for value, vscope in _attribute_dicts(ctx.analysis, node, scope):
            yield from _dict_keys(ctx, value, vscope, depth + 1)
    elif isinstance(node, ast.Name) and depth < 3 and node.id not in scope.bindings and \
            node.id not in scope.params:
        # **WRITE_OPTIONS: a module-level dict (the scope that binds the name)
        home = _binding_scope(scope, node.id)
        if home is not None and home is not scope:
            yield from _dict_keys(ctx, node, home, depth + 1)
    elif isinstance(node, ast.Name) and depth < 3:
        items = scope.bindings.get(node.id, ())
        for item in items:
            if item[0] == "expr":
                yield from _dict_keys(ctx, item[1], item[2], depth + 1)
        for key, _value in scope.subscript_stores.get(node.id, ()):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield key.value, key
            elif isinstance(key, ast.Name):
                yield from _loop_table_keys(scope, key)
        # kwargs.setdefault('safe', True)
        for upd, uscope in ctx.analysis.callsites.get("setdefault", ()):
            if uscope is scope and isinstance(upd.func, ast.Attribute) and \
                    isinstance(upd.func.value, ast.Name) and upd.func.value.id == node.id \
                    and upd.args and isinstance(upd.args[0], ast.Constant) and \
                    isinstance(upd.args[0].value, str):
                yield upd.args[0].value, upd.args[0]
        # opts.update(safe=True) / opts.update({'safe': True})
        for upd, uscope in ctx.analysis.callsites.get("update", ()):
            if uscope is scope and isinstance(upd.func, ast.Attribute) and \
                    isinstance(upd.func.value, ast.Name) and upd.func.value.id == node.id:
                for keyword in upd.keywords:
                    if keyword.arg is not None:
                        yield keyword.arg, keyword
                for arg in upd.args[:1]:
                    yield from _dict_keys(ctx, arg, scope, depth + 1)


def _pairs(table):
    for row in table.elts:
        if isinstance(row, ast.Tuple) and len(row.elts) == 2:
            first = row.elts[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value, first


def _pair_table_keys(key, generators):
    """The names of a literal (name, value) table that a comprehension turns into a
    dict keyed by the rows' first element."""
    if len(generators) != 1 or not isinstance(key, ast.Name):
        return
    gen = generators[0]
    target = gen.target
    if isinstance(target, ast.Tuple) and len(target.elts) == 2 and \
            isinstance(target.elts[0], ast.Name) and target.elts[0].id == key.id and \
            isinstance(gen.iter, (ast.List, ast.Tuple)):
        yield from _pairs(gen.iter)


def _loop_table_keys(scope, key):
    """The string constants of a literal list a loop of *scope* walks with the
    variable *key* stored as a subscript inside it (``for key in ['ssl',
    'ssl_keyfile']: ... kwargs[key] = config[key]``): each a key the mapping may
    hold, found on the string's own line."""
    fnode = scope.node
    for loop in ast.walk(fnode) if isinstance(fnode, (ast.FunctionDef, ast.AsyncFunctionDef)) \
            else ():
        if not isinstance(loop, ast.For) or not isinstance(loop.target, ast.Name) or \
                loop.target.id != key.id or not isinstance(loop.iter, (ast.List, ast.Tuple)) or \
                not loop.body or not (loop.body[0].lineno <= key.lineno <= loop.body[-1].end_lineno):
            continue
        for elt in loop.iter.elts:
            if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                yield elt.value, elt
        return


def _binding_scope(scope, name):
    """The enclosing scope that binds *name* as a function reads it (class bodies
    skipped), or None when a parameter or nothing binds it."""
    probe = scope.parent
    while probe is not None:
        if probe.kind != "class":
            if name in probe.bindings:
                return probe
            if name in probe.params:
                return None
        probe = probe.parent
    return None


def _attribute_dicts(analysis, node, scope):
    """(value, scope) of every assignment of ``self.<attr>``/``cls.<attr>`` read in
    a method: the class body's (or a local base class's) ``attr = ...`` and the
    methods' ``self.attr = ...``, when all of them are dict displays or
    ``dict(...)`` calls (an attribute assigned anything else says nothing)."""
    fscope = analysis.self_attribute_method(node, scope)
    if fscope is None:
        return []
    found = []
    for cls_scope in analysis.local_class_chain(fscope.cls):
        for item in cls_scope.bindings.get(node.attr, ()):
            found.append((item[1], item[2]) if item[0] == "expr" else (None, None))
        for item in cls_scope.attrs.get(node.attr, ()):
            found.append((item[1], item[2]) if item[0] == "expr" else (None, None))
        if found:
            break  # the nearest class that assigns it
    if not found or not all(_is_dict_value(value) for value, _s in found):
        return []
    return found


def _is_dict_value(node):
    return isinstance(node, ast.Dict) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and
        node.func.id == "dict")


def _keywords_on_method(ctx, call, scope, name, val, recv):
    table = ctx.index.keywords
    for kwname, node in _keyword_names(ctx, call, scope):
        entries = table.get(kwname)
        if not entries:
            continue
        for code, spec in entries:
            if spec[0] == "ctor" and val is not None and val.kind == "bsondoc" and \
                    val.conf >= 1 and spec[1].endswith("BSON." + name):
                ctx.report(code, span(node), "certain" if val.conf >= 2 else "likely")
                continue
            if spec[0] != "method" or spec[2] != name:
                continue
            condition = ctx.index.keyword_condition.get((code, kwname))
            if condition and not conditions.keyword_value_ok(condition, node, call):
                continue
            evidence = MONGO if kwname in MONGO_KEYWORDS else (
                STRONG if kwname in PYMONGO_KEYWORDS else OK)
            confidence = ctx.decide(val, spec[1], name, evidence, recv, scope)
            if confidence:
                ctx.report(code, span(node), confidence)


def _positional_method(ctx, call, name, val, recv):
    nargs = _npositional(call)
    if nargs is None or val is None:
        return  # alembic's op.create_index(name, table, cols): the receiver must be known
    for code, spec, limit, overrides in ctx.index.positionals:
        if spec[0] != "method" or spec[2] != name:
            continue
        if nargs > limit >= 0:
            confidence = ctx.decide(val, spec[1], name, OK if nargs <= 6 else STRONG, recv)
            if confidence:
                ctx.report(code, span(call.args[limit]), confidence)


def _npositional(call):
    if any(isinstance(a, ast.Starred) for a in call.args):
        return None
    return len(call.args)


def _qual_call(ctx, call, scope, fval):
    """A call of something imported: legacy constructors and their arguments."""
    if fval is None or fval.kind != "qual":
        return
    qual = fval.name
    if qual.endswith(".from_uri"):  # Connection.from_uri(uri, **options): the constructor
        qual = qual[: -len(".from_uri")]
        call = _ConstructorView(call)
    elif qual.endswith(".__init__"):  # Connection.__init__(self, host, **options)
        qual = qual[: -len(".__init__")]
        call = _ConstructorView(call, skip=1)
    index = ctx.index
    confidence = "certain" if fval.conf >= 2 else "likely"
    code = index.class_quals.get(qual)
    if code and isinstance(call.func, ast.Name):
        ctx.report(code, span(call.func), confidence)
    _ctor_arguments(ctx, call, scope, lambda spec_name: ctor_matches(spec_name, qual),
                    confidence)


class _ConstructorView:
    """A ``from_uri(uri, **options)`` or ``Base.__init__(self, ...)`` call seen as
    the constructor call it makes: the same keywords and positionals (without the
    explicit ``self``), and no name of its own to report."""

    def __init__(self, call, skip=0):
        self.keywords = call.keywords
        self.args = call.args[skip:]
        self.func = call.func.value if isinstance(call.func, ast.Attribute) else call.func


def _partial(ctx, call, scope):
    """``functools.partial(f, *args, **keywords)``: the keywords are f's, for a
    PyMongo constructor or a legacy method read as a value (which the values rule
    reports itself)."""
    if not call.args or not call.keywords:
        return
    from legacy_mongo.lint.rules.values import _method_ref
    analysis = ctx.analysis
    target = call.args[0]
    bound = _ConstructorView(call, skip=1)
    bound.func = target
    if isinstance(target, (ast.Name, ast.Attribute)):
        fval = analysis.value(target, scope)
        if fval is not None and fval.kind == "qual" and fval.name.partition(".")[0] in ROOTS:
            qual = fval.name
            _ctor_arguments(ctx, bound, scope, lambda spec_name: ctor_matches(spec_name, qual),
                            "certain" if fval.conf >= 2 else "likely")
            return
    found = _method_ref(analysis, target, scope)
    if found is not None:
        val, name = found
        _keywords_on_method(ctx, bound, scope, name, val, None)


def _super_init(ctx, call, scope):
    """``super(C, self).__init__(..., **kwargs)`` in a subclass of a PyMongo class:
    the options reach PyMongo's constructor (less those C's ``__init__`` pops)."""
    analysis = ctx.analysis
    fscope = scope
    while fscope is not None and fscope.cls is None:
        fscope = fscope.parent
    if fscope is None:
        return
    base_qual = analysis.class_base_qual(fscope.cls)
    if base_qual:
        code = ctx.index.class_quals.get(base_qual)
        if code:
            # the subclass's instances are built by the removed class's constructor
            ctx.report(code, span(call.func), "certain")
        _ctor_arguments(ctx, call, scope, lambda spec_name: ctor_matches(spec_name, base_qual),
                        "certain", popped=_init_popped_keys(fscope.cls))


def _init_popped_keys(cls_scope):
    """Keyword names the class's own ``__init__`` takes out of its ``**kwargs``
    (``kwargs.pop('as_class')``, ``del kwargs['x']``) before PyMongo's sees them."""
    keys = set()
    for item in cls_scope.bindings.get("__init__", ()):
        if item[0] != "def":
            continue
        kwarg = item[1].node.args.kwarg
        if kwarg is None:
            continue
        for node in ast.walk(item[1].node):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "pop" and isinstance(node.func.value, ast.Name) and \
                    node.func.value.id == kwarg.arg and node.args and \
                    isinstance(node.args[0], ast.Constant):
                keys.add(node.args[0].value)
            elif isinstance(node, ast.Delete):
                for target in node.targets:
                    if isinstance(target, ast.Subscript) and \
                            isinstance(target.value, ast.Name) and \
                            target.value.id == kwarg.arg and \
                            isinstance(target.slice, ast.Constant):
                        keys.add(target.slice.value)
    return keys


def _own_init_parameters(analysis, cls_scope):
    """The named parameters of the ``__init__`` a local subclass of a PyMongo class
    (or one of its local bases) defines with parameters of its own, or None when
    it defines none, or only ``(self, *args, **kwargs)``, which hands every
    argument on as it came."""
    for each in analysis.local_class_chain(cls_scope):
        for item in each.bindings.get("__init__", ()):
            if item[0] != "def":
                continue
            args = item[1].node.args
            named = [a.arg for a in getattr(args, "posonlyargs", [])] + \
                [a.arg for a in args.args]
            named = set(named[1:]) | {a.arg for a in args.kwonlyargs}
            return named or None
    return None


def _ctor_arguments(ctx, call, scope, matches, confidence, popped=(), positionals=True):
    index = ctx.index
    if call.keywords:
        for kwname, node in _keyword_names(ctx, call, scope):
            if kwname in popped:
                continue
            for code, spec in index.keywords.get(kwname, ()):
                if spec[0] == "ctor" and matches(spec[1]):
                    condition = index.keyword_condition.get((code, kwname))
                    if condition and not conditions.keyword_value_ok(condition, node, call):
                        continue
                    ctx.report(code, span(node), confidence)
    nargs = _npositional(call) if positionals else 0
    if nargs:
        for code, spec, limit, overrides in index.positionals:
            if spec[0] == "ctor" and matches(spec[1]):
                limit = overrides.get(_last(spec[1]), limit)
                if nargs > limit >= 0:
                    ctx.report(code, _ctor_positional_span(call, call.args[limit]), confidence)


def _ctor_positional_span(call, arg):
    """A constructor's 2.x positional option is the constructor's finding: on a
    continuation line (``MongoClient(host, port,\\n max_pool_size, ...)``) the span runs
    from the call to the end of the argument, so the line is the constructor's."""
    node = call if hasattr(call, "lineno") else call.func  # a _ConstructorView
    if arg.lineno == node.lineno:
        return span(arg)
    return (node.lineno, node.col_offset, arg.end_lineno, arg.end_col_offset)


def command_name(node):
    """The server command named by db.command's first argument, lower case."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.lower(), node
    if isinstance(node, ast.Dict) and node.keys:
        key = node.keys[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value.lower(), key
    if isinstance(node, ast.Call) and node.args:
        fname = node.func.id if isinstance(node.func, ast.Name) else getattr(
            node.func, "attr", None)
        if fname in ("SON", "OrderedDict", "dict"):
            pairs = node.args[0]
            if isinstance(pairs, (ast.List, ast.Tuple)) and pairs.elts:
                first = pairs.elts[0]
                if isinstance(first, (ast.Tuple, ast.List)) and first.elts:
                    key = first.elts[0]
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        return key.value.lower(), key
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id == "dict" and node.keywords and node.keywords[0].arg:
        return node.keywords[0].arg.lower(), node.keywords[0]
    return None, None


def _command(ctx, call, val, recv):
    if not call.args:
        return
    name, node = command_name(call.args[0])
    if not name:
        return
    present = {k.arg for k in call.keywords}
    for code, without in ctx.index.commands.get(name, ()):
        if any(k in present for k in without) or None in present and without:
            continue
        confidence = ctx.decide(val, {"database"}, "command", MONGO, recv)
        if confidence:
            ctx.report(code, span(node), confidence)
