"""Legacy API used as a value rather than called where it is written.

* a legacy method read without being called: ``retry(cursor.count)``,
  ``safe_op(db.users.insert, doc)``, ``f = coll.update``, a tuple of bound
  methods, ``pymongo.collection.Collection.insert`` stored or compared;
* a legacy client class read by a bare name without being called:
  ``cls = Connection``, ``A if x else Connection``, ``isinstance(c, Connection)``,
  a base class under an alias (``class C(Base, PymongoConnection)``);
* a legacy method named by a string for ``getattr``: ``getattr(coll, 'insert')``,
  ``getattr(self.collection, name)`` where ``name`` is the parameter of a
  wrapper factory called with the method's name (``save = wrapper('save')``),
  or ``getattr(cls, method)`` in a loop over a table of ``(label, cls,
  method)`` rows (``(..., pymongo.collection.Collection, 'insert')``).

Without a call, the catalogue's call-shape conditions cannot be checked, so a
value is only reported when its receiver is known (certain or likely, never a
name hint alone), and never for the methods whose legacy reading depends on the
call (``aggregate`` without ``cursor=``, ``cursor.min`` without ``hint`` ...).
The one exception is ``getattr`` with a constant method name on a receiver
whose name says what it is, in a module that imports PyMongo: the string is
then PyMongo's method name spelt out.
"""
import ast

from legacy_mongo.lint.inference import CERTAIN, CONSTRUCTORS, HINT, LIKELY, Val
from legacy_mongo.lint.rules.calls import name_span, span

# Methods whose legacy reading depends on the arguments or on what the result
# is used for: a reference to them says nothing.
_CALL_DEPENDENT = frozenset(("aggregate", "min", "max", "explain", "where", "add_option",
                             "find", "open", "execute", "upsert", "update_one",
                             "replace_one", "remove_one", "iteritems", "has_key",
                             "iterkeys", "itervalues"))
# Attributes of any Python function (and Python 2's method objects).
_FUNCTION_ATTRS = frozenset(("__doc__", "__name__", "__qualname__", "__module__", "__func__",
                             "__self__", "__wrapped__", "__dict__", "im_func", "im_self",
                             "func_name", "func_doc"))
_RECEIVER_KINDS = frozenset(("client", "database", "collection", "cursor", "gridfs"))


def check(ctx):
    _method_values(ctx)
    _stored_method_calls(ctx)
    _class_values(ctx)
    _getattr_names(ctx)


def _confidence(val):
    return "certain" if val.conf >= CERTAIN else "likely"


def _receiver(analysis, node, scope, name):
    """The PyMongo kind the method *name* is read from, or None."""
    base = analysis.value(node, scope)
    if base is None:
        return None
    if base.kind == "qual":  # pymongo.collection.Collection.insert: the class itself
        kind = CONSTRUCTORS.get(base.name)
        return Val(kind, None, base.conf) if kind in _RECEIVER_KINDS else None
    base = analysis.method_receiver(base, name)
    return base if base.kind in _RECEIVER_KINDS else None


def _method_values(ctx):
    analysis = ctx.analysis
    methods = ctx.index.methods
    call_funcs = analysis.call_funcs
    # x.insert.assert_called_once_with(...), mock.insert.return_value = ...:
    # the method is itself a receiver (a mock's attribute), not a value.
    # But the attributes every function has (``Collection.insert.__doc__``) are
    # read from the method itself.
    receivers = {id(node.value) for node, _scope in analysis.attributes
                 if node.attr not in _FUNCTION_ATTRS}
    receivers.update(id(target.value) for target, _value, _scope in analysis.stores
                     if target.attr not in _FUNCTION_ATTRS)
    for node, scope in analysis.attributes:
        name = node.attr
        entries = methods.get(name)
        if not entries or name in _CALL_DEPENDENT:
            continue
        if id(node) in call_funcs or id(node) in receivers:
            continue
        val = _receiver(analysis, node.value, scope, name)
        if val is None or val.conf < LIKELY:
            continue
        for code, kinds, _condition in entries:
            if val.kind in kinds:
                ctx.report(code, name_span(node), _confidence(val))


def _method_ref(analysis, node, scope, depth=0):
    """(receiver Val, method name) when *node* evaluates to a legacy PyMongo method
    read as a value: ``coll.update``, a name bound to one (``f = coll.update``), or
    a constant key of a dict literal of them (``originals['insert']``)."""
    if depth > 3:
        return None
    if isinstance(node, ast.Attribute):
        val = _receiver(analysis, node.value, scope, node.attr)
        if val is None or val.conf < LIKELY:
            return None
        return val, node.attr
    if isinstance(node, ast.Subscript):
        key = node.slice
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        for table, tscope in _bound_exprs(node.value, scope):
            if isinstance(table, ast.Dict):
                for dkey, dvalue in zip(table.keys, table.values):
                    if isinstance(dkey, ast.Constant) and dkey.value == key.value:
                        return _method_ref(analysis, dvalue, tscope, depth + 1)
        return None
    for value, vscope in _bound_exprs(node, scope):
        found = _method_ref(analysis, value, vscope, depth + 1)
        if found is not None:
            return found
    return None


def _bound_exprs(node, scope):
    """The expressions a bare name is assigned in the scope that binds it."""
    if not isinstance(node, ast.Name):
        return
    probe = scope
    while probe is not None:
        if probe.kind == "class" and probe is not scope:
            probe = probe.parent
            continue
        items = probe.bindings.get(node.id)
        if items is not None:
            for item in items:
                if item[0] == "expr":
                    yield item[1], item[2]
            return
        if node.id in probe.params:
            return
        probe = probe.parent


def _stored_method_calls(ctx):
    """``f(doc, safe=True)`` where ``f`` is a legacy method kept as a value: the
    method itself is reported where it is read; its legacy keywords here."""
    from legacy_mongo.lint.rules.calls import _keywords_on_method
    analysis = ctx.analysis
    for call, scope in analysis.calls:
        if not call.keywords or not isinstance(call.func, (ast.Name, ast.Subscript)):
            continue
        found = _method_ref(analysis, call.func, scope)
        if found is None:
            continue
        val, name = found
        _keywords_on_method(ctx, call, scope, name, val, None)


def _class_values(ctx):
    analysis = ctx.analysis
    class_quals = ctx.index.class_quals
    if not any(qual in class_quals for qual in analysis.bound_imports) and not any(
            module.partition(".")[0] == "pymongo" for module in analysis.star_modules):
        return  # no legacy class is bound to a name in this module
    call_funcs = analysis.call_funcs
    # lower-case aliases are seen where they are used as receivers (con.from_uri(...))
    receivers = [(node.value, scope) for node, scope in analysis.attributes
                 if isinstance(node.value, ast.Name) and not node.value.id[:1].isupper()]
    for node, scope in list(analysis.cap_names) + receivers:
        if id(node) in call_funcs:
            continue  # Connection(...): the call rule reports it with its arguments
        val = analysis.value(node, scope)
        if val is None or val.kind != "qual":
            continue
        code = class_quals.get(val.name)
        if code:
            ctx.report(code, span(node), _confidence(val))


def _getattr_names(ctx):
    analysis = ctx.analysis
    methods = ctx.index.methods
    seen = set()
    for call, scope in analysis.callsites.get("getattr", ()):
        if not isinstance(call.func, ast.Name) or len(call.args) < 2:
            continue
        target, name_node = call.args[0], call.args[1]
        if target.__class__ is ast.Name and name_node.__class__ is ast.Name:
            _table_rows(ctx, call, scope, seen)
        for constant in _constant_names(analysis, name_node, scope):
            entries = methods.get(constant.value)
            if not entries or constant.value in _CALL_DEPENDENT:
                continue
            val = _receiver(analysis, target, scope, constant.value)
            if val is None or (val.conf == HINT and not ctx.names_evidence):
                continue
            _report_name(ctx, entries, val, constant)


def _table_rows(ctx, call, scope, seen):
    """``getattr(cls, method)`` in ``for label, cls, method in TABLE:`` where TABLE
    is a literal list of rows (or a name or a class attribute bound to one):
    each row names a class and one of its methods, ``(..., Collection, 'insert')``
    (a sniffer that wraps PyMongo's methods).  The method name of each row whose
    class is PyMongo's is reported on its string."""
    analysis = ctx.analysis
    methods = ctx.index.methods
    target, name_node = call.args[0].id, call.args[1].id
    for loop, lscope in analysis.fors:
        if lscope is not scope or not (loop.lineno <= call.lineno <= loop.end_lineno):
            continue
        elts = loop.target.elts if loop.target.__class__ in (ast.Tuple, ast.List) else ()
        names = [e.id if e.__class__ is ast.Name else None for e in elts]
        if target not in names or name_node not in names:
            continue
        i, j, width = names.index(target), names.index(name_node), len(names)
        for table, tscope in _tables(analysis, loop.iter, scope):
            for row in table.elts:
                if row.__class__ is not ast.Tuple or len(row.elts) != width:
                    continue
                constant = row.elts[j]
                if not (constant.__class__ is ast.Constant and
                        isinstance(constant.value, str)) or id(constant) in seen:
                    continue
                entries = methods.get(constant.value)
                if not entries or constant.value in _CALL_DEPENDENT:
                    continue
                val = _receiver(analysis, row.elts[i], tscope, constant.value)
                if val is None or val.conf < LIKELY:
                    continue
                seen.add(id(constant))
                _report_name(ctx, entries, val, constant)


def _report_name(ctx, entries, val, constant):
    """A legacy method named by string *constant* on a receiver *val*: its codes
    whose receiver kinds hold *val*'s."""
    for code, kinds, _condition in entries:
        if val.kind in kinds:
            ctx.report(code, span(constant), _confidence(val))


def _tables(analysis, node, scope, depth=0):
    """The list or tuple literals *node* (a loop's iterable) may be: itself, what a
    name is bound to, or what the class body assigns to ``self.<NAME>``."""
    if depth > 3:
        return
    if node.__class__ in (ast.List, ast.Tuple):
        yield node, scope
    elif node.__class__ is ast.Name:
        for value, vscope in _bound_exprs(node, scope):
            yield from _tables(analysis, value, vscope, depth + 1)
    elif node.__class__ is ast.Attribute and node.value.__class__ is ast.Name:
        fscope = scope
        while fscope is not None and fscope.kind != "function":
            fscope = fscope.parent
        if fscope is None or not fscope.is_method or fscope.cls is None or \
                analysis._first_param(fscope) != node.value.id:
            return
        for value, vscope in _bound_exprs(ast.Name(id=node.attr), fscope.cls):
            yield from _tables(analysis, value, vscope, depth + 1)


def _constant_names(analysis, node, scope, depth=0):
    """The string constants *node* may hold: itself, a loop over a literal tuple (or
    a name bound to one), or the argument that the call sites of the enclosing
    function (a wrapper factory) pass for that parameter."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            yield node
        return
    if depth > 2:
        return
    table = _table_lookup(node)
    if table is not None:
        yield from _table_values(analysis, table, scope)
        yield from _lookup_default(node)
        return
    if not isinstance(node, ast.Name):
        return
    probe = scope
    while probe is not None:
        if probe.kind == "class" and probe is not scope:
            probe = probe.parent
            continue
        if node.id in probe.bindings:
            for item in probe.bindings[node.id]:
                if item[0] == "expr":  # mode = is_eval and 'eval' or 'command'
                    table = _table_lookup(item[1])
                    if table is not None:  # method = OPS[op]
                        yield from _table_values(analysis, table, item[2])
                        yield from _lookup_default(item[1])
                        continue
                    yield from _string_leaves(item[1])
                    continue
                if item[0] != "iter":
                    continue
                literals = [item[1]]
                if isinstance(item[1], ast.Name):  # for name in WRITE_METHODS:
                    literals = [value for value, _s in _bound_exprs(item[1], item[2])]
                elif isinstance(item[1], ast.Attribute):  # for name in self.INHERITED:
                    literals = _class_table(analysis, item[1], item[2])
                for literal in literals:
                    if isinstance(literal, (ast.Tuple, ast.List, ast.Set)):
                        for elt in literal.elts:
                            if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                                yield elt
            return
        if node.id in probe.params:
            yield from _parameter_constants(analysis, probe, node.id, depth)
            return
        probe = probe.parent


def _table_lookup(node):
    """The mapping of ``TABLE[key]`` / ``TABLE.get(key[, default])`` with a key
    that is not a constant (``OPS[entry['op']]``: an oplog replayer's or a
    dispatcher's table of method names), or None."""
    if isinstance(node, ast.Subscript):
        if isinstance(node.slice, ast.Constant):
            return None  # one known entry: _method_ref's reading
        return node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr == "get" and 1 <= len(node.args) <= 2 and not node.keywords:
        return node.func.value
    return None


def _lookup_default(node):
    """The string constants of the default of ``TABLE.get(key, default)``."""
    if isinstance(node, ast.Call) and len(node.args) == 2:
        yield from _string_leaves(node.args[1])


def _table_values(analysis, table, scope):
    """The string constants among the values of the dict displays *table* (a
    name, or ``self.<NAME>``/``cls.<NAME>`` of the class body) is bound to: every
    method name such a lookup can give; a mapping built any other way gives
    none."""
    if isinstance(table, ast.Name):
        literals = [value for value, _s in _bound_exprs(table, scope)]
    elif isinstance(table, ast.Attribute):
        literals = _class_table(analysis, table, scope)
    else:
        literals = [table]
    for literal in literals:
        if isinstance(literal, ast.Dict):
            for value in literal.values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    yield value


def _string_leaves(node):
    """The string constants an assigned expression may evaluate to: the
    constant itself, or the operands of ``and``/``or`` and the branches of
    ``a if c else b`` that are constants (the others are not names)."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            yield node
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _string_leaves(value)
    elif isinstance(node, ast.IfExp):
        yield from _string_leaves(node.body)
        yield from _string_leaves(node.orelse)


def _class_table(analysis, node, scope):
    """``self.<NAME>``/``cls.<NAME>`` in a method: what the class body (or a base
    class of the module) assigns to NAME, a table of method names in a class
    that copies them from a Collection."""
    fscope = analysis.self_attribute_method(node, scope)
    if fscope is None:
        return []
    return [value for value, _s in _bound_exprs(ast.Name(id=node.attr), fscope.cls)]


def _parameter_constants(analysis, fscope, name, depth):
    index = fscope.params[name][0]
    offset = 1 if fscope.is_method else 0
    for call, cscope in analysis.callsites.get(fscope.name, ()):
        func = call.func
        if isinstance(func, ast.Name):
            target = analysis.lookup(func.id, cscope)
        elif isinstance(func, ast.Attribute):
            target = analysis.value(func, cscope)
        else:
            continue
        if target is None or target.ref is not fscope:
            continue
        arg = None
        if index is not None and 0 <= index - offset < len(call.args):
            arg = call.args[index - offset]
        for keyword in call.keywords:
            if keyword.arg == name:
                arg = keyword.value
        if arg is not None:
            yield from _constant_names(analysis, arg, cscope, depth + 1)
