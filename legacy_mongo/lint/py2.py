"""Python 2 sources, made readable by the same rules as Python 3 ones.

Most legacy PyMongo code is Python 2 code.  When :func:`ast.parse` refuses a
file, fissix (the maintained lib2to3 fork) parses it with its Python 2
grammar, and a handful of *syntax-only*, line-preserving edits turn the tree
into Python 3 source: ``print x`` -> ``print( x)``, ``except E, e`` ->
``except E as e``, backticks -> ``repr(...)``, ``0777``/``10L`` numbers,
``ur''`` strings, ``<>``, ``exec code in ns``, ``raise E, v`` and ``async`` used
as a name.  No newline is ever added or removed, so line numbers stay exact;
every edit is recorded so that columns can be mapped back to the original
text (:class:`ColumnMap`).  The result goes through :func:`ast.parse`, and the
one set of rules runs over that tree: there is no second rule set for
Python 2.

Nothing here rewrites meaning: the output is only ever parsed, never run.
"""
import ast
import re

_OCTAL = re.compile(r"^0[0-7]+$")
_DRIVERS = []


def _drivers():
    if not _DRIVERS:
        from fissix import pygram, pytree
        from fissix.pgen2 import driver

        for grammar in (
            pygram.python_grammar,  # print and exec statements
            pygram.python_grammar_no_print_statement,  # from __future__ import print_function
            pygram.python_grammar_no_print_and_exec_statement,
        ):
            _DRIVERS.append(driver.Driver(grammar, convert=pytree.convert))
    return _DRIVERS


class ColumnMap:
    """Maps 0-based columns of the normalised text back to the original."""

    def __init__(self):
        self._edits = {}  # line -> list of (orig_col, delta)

    def add(self, line, orig_col, delta):
        if delta:
            self._edits.setdefault(line, []).append((orig_col, delta))

    def original(self, line, col):
        edits = self._edits.get(line)
        if not edits:
            return col
        shift = 0
        for orig_col, delta in sorted(edits):
            if orig_col + shift < col:
                shift += delta
            else:
                break
        return max(0, col - shift)

    def __bool__(self):
        return bool(self._edits)


def _last_leaf(node):
    while node.children:
        node = node.children[-1]
    return node


def _set(leaf, value, cmap):
    cmap.add(leaf.lineno, leaf.column, len(value) - len(leaf.value))
    leaf.value = value


def normalise(text):
    """Python 3 text with the same lines as Python 2 *text*, and its ColumnMap.

    Raises SyntaxError when no Python 2 grammar accepts the text either.
    """
    from fissix import pygram
    from fissix.pgen2 import token
    from fissix.pgen2.parse import ParseError
    from fissix.pgen2.tokenize import TokenError

    if not text.endswith("\n"):
        text += "\n"
    tree = None
    error = None
    for drv in _drivers():
        try:
            tree = drv.parse_string(text)
            break
        except (ParseError, TokenError, IndentationError) as exc:
            error = exc
    if tree is None:
        raise SyntaxError("not Python 2 either: %s" % (error,))

    syms = pygram.python_symbols
    cmap = ColumnMap()
    for node in tree.pre_order():
        kind = node.type
        if kind < 256:  # a leaf
            if kind == token.NUMBER:
                value = node.value
                if value[-1] in "lL":
                    _set(node, value[:-1], cmap)
                elif _OCTAL.match(value):
                    _set(node, "0o" + value[1:], cmap)
            elif kind == token.STRING:
                if node.value[:2].lower() == "ur":
                    # Python 3 has no ur'' prefix; the value is never used.
                    _set(node, node.value[1:], cmap)
            elif kind == token.NOTEQUAL and node.value == "<>":
                node.value = "!="
            elif kind == token.NAME and node.value in ("async", "await", "nonlocal"):
                _set(node, node.value + "_", cmap)
            elif kind == token.INDENT and "\t" in node.value:
                new = node.value.expandtabs(8)
                cmap.add(node.lineno, 0, len(new) - len(node.value))
                node.value = new
            if "\t" in node.prefix:
                # Python 3 refuses inconsistent tabs; expand the indentation.
                head, nl, tail = node.prefix.rpartition("\n")
                if "\t" in tail and (nl or node.column == len(tail)):
                    new_tail = tail.expandtabs(8)
                    cmap.add(node.lineno, 0, len(new_tail) - len(tail))
                    node.prefix = head + nl + new_tail
            continue
        children = node.children
        if kind == syms.print_stmt:
            first = children[0]
            if len(children) == 1:
                _set(first, "print()", cmap)
                continue
            _set(first, "print(", cmap)
            if children[1].type == token.RIGHTSHIFT:
                _set(children[1], "", cmap)
            last = _last_leaf(node)
            last.value += ")"
        elif kind == syms.exec_stmt:
            _set(children[0], "exec(", cmap)
            for child in children[1:]:
                if child.type == token.NAME and child.value == "in":
                    _set(child, ",", cmap)
            _last_leaf(node).value += ")"
        elif kind == syms.except_clause:
            if len(children) == 4 and children[2].type == token.COMMA:
                _set(children[2], " as", cmap)
        elif kind == syms.raise_stmt:
            if len(children) >= 4 and children[2].type == token.COMMA:
                _set(children[2], "(", cmap)
                _last_leaf(node).value += ")"
        elif kind == syms.atom and children and children[0].type == token.BACKQUOTE:
            _set(children[0], "repr(", cmap)
            children[-1].value = children[-1].value.replace("`", ")", 1)
    return str(tree), cmap


def parse_python2(text, filename="<unknown>"):
    """(ast.Module, ColumnMap) for Python 2 *text*; SyntaxError if impossible."""
    new_text, cmap = normalise(text)
    return ast.parse(new_text, filename), cmap


__all__ = ["normalise", "parse_python2", "ColumnMap"]
