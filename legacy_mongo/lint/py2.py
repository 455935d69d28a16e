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


# -- the fast path: token edits --------------------------------------------------
#
# fissix's pgen parser costs about ten times ast.parse; most Python 2 files only
# need the same few edits, which the tokenizer can locate just as well.  The
# fast path below makes them from tokenize's tokens; ``parse_python2`` falls back
# to the fissix tree whenever its result does not parse.

_COMPOUND = frozenset(("if", "elif", "else", "for", "while", "try", "except", "finally",
                       "with", "def", "class"))


def _statement_end(sig, i):
    """Index of the NEWLINE/';'/ENDMARKER ending the simple statement at sig[i]."""
    import tokenize

    depth = 0
    j = i
    while j < len(sig):
        tok = sig[j]
        if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            return j
        if tok.type == tokenize.OP:
            if tok.string in "([{":
                depth += 1
            elif tok.string in ")]}":
                depth -= 1
            elif tok.string == ";" and depth == 0:
                return j
        j += 1
    return j


def _find_at_depth0(sig, start, stop, string, kind=None):
    import tokenize

    depth = 0
    for j in range(start, stop):
        tok = sig[j]
        if tok.type == tokenize.OP:
            if tok.string in "([{":
                depth += 1
                continue
            if tok.string in ")]}":
                depth -= 1
                continue
        if depth == 0 and tok.string == string and (kind is None or tok.type == kind):
            return j
    return None


def _matching(sig, i):
    """Index of the bracket closing the one at sig[i]."""
    depth = 0
    for j in range(i, len(sig)):
        if sig[j].string in ("(", "[", "{"):
            depth += 1
        elif sig[j].string in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return j
    return None


def _unpack_tuple_parameter(sig, i, replace):
    """Python 2 tuple parameter ``(b, c)`` -> ``b, c`` (only parsed, never run)."""
    close = _matching(sig, i)
    if close is not None:
        replace(sig[i], "")
        replace(sig[close], "")


def _tuple_parameters(sig, i, replace):
    close = _matching(sig, i)
    if close is None:
        return
    j = i + 1
    while j < close:
        if sig[j].string == "(" and sig[j - 1].string in ("(", ","):
            inner = _matching(sig, j)
            if inner is None:
                return
            replace(sig[j], "")
            replace(sig[inner], "")
            j = inner
        j += 1


# -- the fast path's tokens --------------------------------------------------------
#
# tokenize.generate_tokens was nearly all of the fast path's time: a Python loop per
# physical line, PseudoToken's long alternation tried for every token, and a TokenInfo
# per token, comments and blank lines included.  _significant_tokens gives the same
# tokens the fast path keeps (all but NL, COMMENT, INDENT and DEDENT: a NEWLINE or
# ENDMARKER already ends each logical line), with tokenize's own regular expressions,
# picked by the first character (_token_res), and its branch order, matched over the
# whole text.  Indentation is not checked here: ast.parse checks it on the result, and
# a file it refuses goes to fissix as one tokenize refused did.  Where tokenize would
# raise (a string or a statement still open at the end), this raises SyntaxError, and
# a continued single-quoted string with an unescaped newline, which tokenize reports
# as an ERRORTOKEN, is refused too: either way the result cannot parse and fissix
# decides.  tests/lint/test_py2.py compares the two on every Python file of the
# fixtures and of the evaluation corpus (when it is fetched).


class _Token(tuple):
    """The four fields of a tokenize.TokenInfo that the fast path reads."""

    __slots__ = ()
    type = property(lambda self: self[0])
    string = property(lambda self: self[1])
    start = property(lambda self: self[2])
    end = property(lambda self: self[3])


_TOKEN_RES = []


def _token_res():
    """(first character -> the regular expression of the tokens that start with it,
    the expression for any other character, ends of triple-quoted strings, ends of
    continued single-quoted strings, tokenize.single_quoted).

    tokenize's PseudoToken tries its alternatives in one order and keeps the first
    that matches; only the alternatives that can start with a given character are
    kept for it, in that order, so each gives the same match as PseudoToken, at a
    fraction of the cost (a name no longer fails through a string prefix, a number
    and some fifty operators first)."""
    if not _TOKEN_RES:
        import tokenize
        from tokenize import Comment, ContStr, Funny, Name, Number, Triple

        def compiled(*alternatives):
            return re.compile("|".join("(?:%s)" % a for a in alternatives), re.UNICODE)

        name = compiled(Name)
        string_or_name, string, number = (compiled(Triple, ContStr, Name),
                                          compiled(Triple, ContStr), compiled(Number))
        operators = sorted(tokenize.EXACT_TOKEN_TYPES, reverse=True)  # Special's order
        by_char = {}
        for char in map(chr, range(128)):
            if char in "bBrRuUfF":  # a string's prefix, or a name
                by_char[char] = string_or_name
            elif char in "'\"":
                by_char[char] = string
            elif char in "0123456789":
                by_char[char] = number
            elif char == ".":
                by_char[char] = compiled(Number, Funny)
            elif char in "\r\n":
                by_char[char] = compiled(Funny)
            elif char == "#":
                by_char[char] = compiled(Comment)
            elif char == "\\":
                by_char[char] = compiled(r"\\\r?\n")
            elif re.match(r"\w", char):
                by_char[char] = name
            else:
                ops = [re.escape(op) for op in operators if op[0] == char]
                if ops:
                    by_char[char] = compiled(*ops)
        # (a character outside ASCII starts a name, \w, or nothing)
        # tokenize matches a string's end line by line; over the whole text the
        # escape of a newline (\ at the end of a line) must match too
        triple_end = {prefix: re.compile(pattern, re.UNICODE | re.DOTALL)
                      for prefix, pattern in tokenize.endpats.items()
                      if prefix in tokenize.triple_quoted}
        single_end = {
            quote: re.compile(r"[^%s\\\n]*(?:\\(?:\r\n|.)[^%s\\\n]*)*%s" % (quote, quote, quote),
                              re.UNICODE | re.DOTALL) for quote in ("'", '"')}
        _TOKEN_RES.extend((by_char, name, triple_end, single_end, tokenize.single_quoted))
    return _TOKEN_RES


def _string_end(text, start, end, end_re, row, line_start, refusal):
    """(offset after, row, line start there) of the string opened at *start* whose
    opening token ends at *end* and whose rest *end_re* matches, over lines."""
    endmatch = end_re.match(text, end)
    if endmatch is None:
        raise SyntaxError(refusal)
    stop = endmatch.end()
    lines = text.count("\n", start, stop)
    if lines:
        row += lines
        line_start = text.rfind("\n", start, stop) + 1
    return stop, row, line_start


def _significant_tokens(text):
    import tokenize

    by_char, name_re, triple_end, single_end, single_quoted = _token_res()
    by_char_get = by_char.get
    NAME, OP, NUMBER, STRING, NEWLINE, ERRORTOKEN, ENDMARKER = (
        tokenize.NAME, tokenize.OP, tokenize.NUMBER, tokenize.STRING, tokenize.NEWLINE,
        tokenize.ERRORTOKEN, tokenize.ENDMARKER)
    new = tuple.__new__
    out = []
    append = out.append
    n = len(text)
    pos = 0
    row = 1
    line_start = 0  # offset of the current physical line in text
    parenlev = 0
    continued = False
    while pos < n:
        if parenlev == 0 and not continued:  # a new statement: skip a blank line
            p = pos
            while p < n and text[p] in " \t\f":
                p += 1
            if p == n:
                break
            if text[p] in "#\r\n":
                nl = text.find("\n", p)
                if nl < 0:
                    break
                pos = line_start = nl + 1
                row += 1
                continue
            pos = p
        continued = False
        while pos < n:  # the tokens of one physical line (or more: a string)
            start = pos
            while start < n and text[start] in " \t\f":
                start += 1
            if start == n:  # trailing whitespace: tokenize's \Z, an empty token
                pos = n
                break
            initial = text[start]
            regex = by_char_get(initial)
            if regex is None and initial > "\x7f" and name_re.match(initial):
                regex = name_re
            m = regex.match(text, start) if regex is not None else None
            if m is None:  # what PseudoToken does not match: one character
                append(new(_Token, (ERRORTOKEN, text[pos], (row, pos - line_start),
                                    (row, pos - line_start + 1))))
                pos += 1
                continue
            end = pos = m.end()
            token = text[start:end]
            spos, epos = (row, start - line_start), (row, end - line_start)
            if initial in "0123456789" or (initial == "." and token != "." and token != "..."):
                append(new(_Token, (NUMBER, token, spos, epos)))
            elif initial in "\r\n":
                if parenlev <= 0:
                    append(new(_Token, (NEWLINE, token, spos, epos)))
                row += 1
                line_start = end
                break
            elif initial == "#":
                continue
            elif token in triple_end:
                pos, row, line_start = _string_end(text, start, end, triple_end[token], row,
                                                   line_start, "EOF in multi-line string")
                append(new(_Token, (STRING, text[start:pos], spos, (row, pos - line_start))))
            elif initial in single_quoted or token[:2] in single_quoted or \
                    token[:3] in single_quoted:
                if token[-1] == "\n":  # continued on the next line
                    pos, row, line_start = _string_end(
                        text, start, end, single_end[token.lstrip("bBrRuUfF")[0]], row,
                        line_start, "unterminated string")
                    append(new(_Token, (STRING, text[start:pos], spos, (row, pos - line_start))))
                else:
                    append(new(_Token, (STRING, token, spos, epos)))
            elif initial.isidentifier():
                append(new(_Token, (NAME, token, spos, epos)))
            elif initial == "\\":  # a continued statement: the line ends here
                continued = True
                row += 1
                line_start = end
                break
            else:
                if initial in "([{":
                    parenlev += 1
                elif initial in ")]}":
                    parenlev -= 1
                append(new(_Token, (OP, token, spos, epos)))
    if parenlev > 0 or continued:
        raise SyntaxError("EOF in multi-line statement")
    append(new(_Token, (ENDMARKER, "", (row, 0), (row, 0))))
    return out


def fast_normalise(text):
    """Like :func:`normalise`, from tokens; raises SyntaxError when the result does not
    parse (the caller then uses fissix)."""
    import tokenize

    sig = _significant_tokens(text)  # raises SyntaxError as tokenize would refuse it
    NAME, OP, NUMBER, STRING = tokenize.NAME, tokenize.OP, tokenize.NUMBER, tokenize.STRING
    ERRORTOKEN = tokenize.ERRORTOKEN
    boundaries = (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)
    edits = []  # (row, start col, end col, replacement)

    def replace(tok, new):
        edits.append((tok.start[0], tok.start[1], tok.end[1], new))

    def insert_after(tok, new):
        edits.append((tok.end[0], tok.end[1], tok.end[1], new))

    at_start = True
    first = None
    depth = 0
    backtick_open = False
    count = len(sig)
    for i in range(count):
        tok = sig[i]
        typ, s = tok.type, tok.string
        if typ in boundaries:
            at_start, first, depth = True, None, 0
            continue
        starting = at_start
        at_start = False
        if starting and first is None:
            first = s
        nxt = sig[i + 1] if i + 1 < count else None
        if typ == OP:
            if s in "([{":
                depth += 1
            elif s in ")]}":
                depth -= 1
            elif s == ";" and depth == 0:
                at_start = True
            elif s == ":" and depth == 0 and first in _COMPOUND:
                at_start = True
            elif s == "<" and nxt is not None and nxt.string == ">" and nxt.start == tok.end:
                replace(tok, "!")
                replace(nxt, "=")
        elif typ == ERRORTOKEN:
            if s == "`":
                replace(tok, ")" if backtick_open else "repr(")
                backtick_open = not backtick_open
        elif typ == NUMBER:
            if nxt is not None and nxt.start == tok.end:
                if nxt.type == NAME and nxt.string in ("L", "l"):
                    replace(nxt, "")
                elif nxt.type == NUMBER and not s.strip("0") and nxt.string.isdigit():
                    replace(tok, "0o")  # 0755 and 00111 (tokens "0" "755", "00" "111")
        elif typ == NAME:
            if s.lower() == "ur" and nxt is not None and nxt.type == STRING and \
                    nxt.start == tok.end:
                replace(tok, s[1:])
            elif s in ("async", "await", "nonlocal"):
                replace(tok, s + "_")
            elif s == "lambda" and nxt is not None and nxt.type == OP and nxt.string == "(":
                _unpack_tuple_parameter(sig, i + 1, replace)  # lambda (k, v): v
            elif s == "def" and i + 2 < count and sig[i + 2].string == "(":
                _tuple_parameters(sig, i + 2, replace)  # def f(a, (b, c)):
            elif starting and s in ("print", "exec") and nxt is not None and not (
                    nxt.type in boundaries or (nxt.type == OP and nxt.string in
                                               ("(", "=", ".", ",", ")", ";"))):
                end = _statement_end(sig, i + 1)
                replace(tok, s + "(")
                if s == "print" and nxt.type == OP and nxt.string == ">>":
                    replace(nxt, "")
                if s == "exec":
                    found = _find_at_depth0(sig, i + 1, end, "in", NAME)
                    if found is not None:
                        replace(sig[found], ",")
                insert_after(sig[end - 1], ")")
            elif starting and s == "raise":
                end = _statement_end(sig, i + 1)
                comma = _find_at_depth0(sig, i + 1, end, ",", OP)
                if comma is not None:
                    replace(sig[comma], "(")
                    insert_after(sig[end - 1], ")")
            elif starting and s == "except":
                end = _statement_end(sig, i + 1)
                colon = _find_at_depth0(sig, i + 1, end, ":", OP)
                comma = _find_at_depth0(sig, i + 1, colon or end, ",", OP)
                if comma is not None:
                    # "except E,e:" needs the space after "as" as well as before
                    glued = sig[comma + 1].start == sig[comma].end
                    replace(sig[comma], " as " if glued else " as")
    cmap = ColumnMap()
    if not edits:
        new_text = text
    else:
        lines = text.splitlines(True)
        by_row = {}
        for row, start, end, new in edits:
            by_row.setdefault(row, []).append((start, end, new))
        for row, row_edits in by_row.items():
            line = lines[row - 1]
            for start, end, new in sorted(row_edits, key=lambda e: (e[0], e[1]), reverse=True):
                line = line[:start] + new + line[end:]
                cmap.add(row, start, len(new) - (end - start))
            lines[row - 1] = line
        new_text = "".join(lines)
    return new_text, cmap


def _expand_indentation(text, cmap):
    """Python 3 refuses inconsistent tabs; Python 2 read a tab as 8 columns."""
    lines = text.splitlines(True)
    for number, line in enumerate(lines, 1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent:
            new = indent.expandtabs(8)
            cmap.add(number, 0, len(new) - len(indent))
            lines[number - 1] = new + stripped
    return "".join(lines)


def parse_python2_text(text, filename="<unknown>"):
    """(ast.Module, ColumnMap, normalised text): token edits first, fissix if needed."""
    try:
        new_text, cmap = fast_normalise(text)
        try:
            return ast.parse(new_text, filename), cmap, new_text
        except TabError:
            new_text = _expand_indentation(new_text, cmap)
            return ast.parse(new_text, filename), cmap, new_text
    except (SyntaxError, ValueError):
        pass
    new_text, cmap = normalise(text)
    return ast.parse(new_text, filename), cmap, new_text
