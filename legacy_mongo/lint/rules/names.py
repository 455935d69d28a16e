"""Names: imports and module paths, legacy class names, attribute reads and
assignments.

Catalogue match kinds handled here: ``import``, ``class`` (imports and
``pymongo.Connection``-style attribute use) and ``attribute``.
"""
import ast

from legacy_mongo.lint.inference import CERTAIN, LIKELY
from legacy_mongo.lint.rules.calls import span
from legacy_mongo.lint.rules.shapes import NO, OK

# A write-concern-like setting used as a dict (catalogue condition "subscripted ...").
_DICT_METHODS = frozenset(("get", "update", "setdefault", "pop", "items", "keys", "values",
                           "copy", "clear", "popitem"))


def check(ctx):
    analysis = ctx.analysis
    index = ctx.index
    _imports(ctx)
    attributes = index.attributes
    interesting = set(attributes) | set(index.class_names)
    for module, entries in index.imports.items():
        interesting.update(module.split("."))
        for _code, names in entries:
            interesting.update(names)
    call_funcs = analysis.call_funcs
    # pymongo.connection.Connection: the class's code, not the removed module's too
    class_paths = set()
    for node, scope in analysis.attributes:
        if node.attr in index.class_names and isinstance(node.value, ast.Attribute):
            base = analysis.value(node.value, scope)
            if base is not None and base.kind == "qual" and \
                    base.name + "." + node.attr in index.class_quals:
                class_paths.add(id(node.value))
    for node, scope in analysis.attributes:
        attr = node.attr
        if attr not in interesting or id(node) in class_paths:
            continue
        base = analysis.value(node.value, scope)
        if base is None and attr not in attributes:
            continue
        if base is not None and base.kind == "qual":
            qual = base.name + "." + attr
            projected = analysis.project.get(qual) if analysis.project else None
            if projected is not None and projected.kind == "qual":
                qual = projected.name  # connection.MongoReplicaSetClient: PyMongo's, imported there
            code = index.class_quals.get(qual)
            if code:  # the class is more specific than its removed module
                ctx.report(code, span(node), "certain")
                continue
            for code in set(index.import_codes(base.name, attr)) | set(index.import_codes(qual)):
                ctx.report(code, span(node), "certain")
            continue
        if attr in attributes and id(node) not in call_funcs:
            base = analysis.method_receiver(base, attr)
            _attribute(ctx, node, base, attributes[attr], False, scope)
    for target, _value, scope in analysis.stores:
        entries = attributes.get(target.attr)
        if entries:
            base = analysis.method_receiver(analysis.value(target.value, scope), target.attr)
            _attribute(ctx, target, base, entries, True, scope)


def _int_compared(ctx):
    """id() of the expressions this module compares with an int literal
    (``coll.read_preference > 1``, ``== 2``; 2.x read preferences were ints):
    walked once per module, and only for one that reads such an attribute."""
    found = getattr(ctx, "_int_compared", None)
    if found is None:
        found = ctx._int_compared = set()
        for node in ast.walk(ctx.analysis.tree):
            if node.__class__ is not ast.Compare:
                continue
            operands = [node.left] + node.comparators
            if any(isinstance(o, ast.Constant) and o.value.__class__ is int
                   for o in operands):
                found.update(id(o) for o in operands)
    return found


def _database_connection(analysis, node, scope):
    if not (isinstance(node, ast.Attribute) and node.attr == "connection"):
        return False
    inner = analysis.value(node.value, scope)
    return inner is not None and inner.kind == "database"


def _attribute(ctx, node, base, entries, stored, scope):
    analysis = ctx.analysis
    for code, kinds, condition, usage in entries:
        if (usage == "store" and not stored) or (usage == "read" and stored):
            continue
        if "subscripted" in condition and not stored:
            if id(node) not in analysis.subscripted and \
                    analysis.method_of.get(id(node)) not in _DICT_METHODS:
                continue
        if "compared with an int" in condition and id(node) not in _int_compared(ctx):
            continue
        # A name-hinted client (conn.host, conn.max_wire_version) is no evidence:
        # DB-API and pool connections have such attributes.  Databases and
        # collections have few plain attributes of their own.
        # A client reached as <database>.connection (2.x's Database.connection, itself
        # LM619) is no DB-API connection.
        # A client traced to a constructor (LIKELY: a parameter fed by a call site,
        # an attribute a store fills in) is the object the name only guessed.
        evidence = NO if base is not None and base.kind == "client" and \
            base.conf < LIKELY and \
            not _database_connection(analysis, node.value, scope) else OK
        if base is None:
            continue  # attribute names alone are never enough
        confidence = ctx.decide(base, kinds, node.attr, evidence, node.value)
        if confidence:
            from legacy_mongo.lint.rules.calls import name_span
            ctx.report(code, name_span(node), confidence)


def _imports(ctx):
    """One finding per code and import statement, at the first name that needs it;
    a code of the names imported (not of the module they come from) once per line
    of the statement (a parenthesised or continued import names one removed
    constant a line: each is a use of its own)."""
    analysis = ctx.analysis
    index = ctx.index
    for node, _scope in analysis.imports:
        reported = set()
        per_line = not isinstance(node, ast.Import)
        module_codes = set(index.import_codes(analysis.resolve_from(node) or "")) \
            if per_line else ()

        def report(code, alias, confidence="certain"):
            where = span(alias)
            key = (code, where[0]) if per_line and code not in module_codes else code
            if key not in reported:
                reported.add(key)
                ctx.report(code, where, confidence)

        if isinstance(node, ast.Import):
            for alias in node.names:
                for code in index.import_codes(alias.name):
                    report(code, alias)
        else:
            module = analysis.resolve_from(node)
            if not module:
                continue
            for alias in node.names:
                if alias.name == "*":
                    for code in index.import_codes(module):
                        report(code, alias)
                    continue
                qual = module + "." + alias.name
                # A removed module's own code is the most specific for anything
                # imported from it; otherwise the name's (class or constant) code.
                codes = set(index.import_codes(module, alias.name))
                codes.update(index.import_codes(qual))
                code = index.class_quals.get(qual)
                if code and not codes:
                    codes.add(code)
                for code in sorted(codes):
                    report(code, alias)
                if not codes and analysis.project:
                    val = analysis.project.get(qual)
                    if val is None and not node.level:
                        # ``from connection import Connection`` in a Python 2 package:
                        # the sibling module, as the analysis binds it
                        val = analysis.project.get(
                            analysis._implicit_relative(module) + "." + alias.name)
                    _project_subclass(ctx, val, alias, report)


def _project_subclass(ctx, val, alias, report):
    """``from myproject.backend import Connection`` where that module's Connection
    subclasses a removed PyMongo class: the removed class's code, re-exported."""
    if val is None or val.kind != "subclass":
        return
    code = ctx.index.class_quals.get(val.name)
    if code:
        report(code, alias, "certain" if val.conf >= CERTAIN else "likely")
