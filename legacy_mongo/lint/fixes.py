"""Fixes: the text edits that rewrite a finding, attached to it as ruff does.

A :class:`Fix` is a list of :class:`Edit` (1-based rows, 1-based character
columns of the file as read, end exclusive), an applicability (``safe`` or
``unsafe``) and a message.  ``safe`` means the fixed code behaves on PyMongo 4
as the legacy call did under the shim; an ``unsafe`` fix changes meaning and
its message says how (the catalogue's ``meaning``).

Edits come from the positions :func:`ast.parse` gives every node (exact
start and end since Python 3.8), so only the tokens that change are touched
and formatting and comments survive.  For a Python 2 file the tree is the one
:mod:`.py2` built from its Python 3 normalisation (same lines), and positions
go back through its column map; every edit carries the text it replaces and
is dropped when the file as read does not hold that text there, so a
normalised token is never edited blind.  This is why no token library is
needed: ``ast`` positions plus the column map are exact, and tokenize-rt
would not read Python 2 files' tokens (``print x``, backticks) either.

Only findings whose receiver inference says ``certain`` get a safe fix; a
``likely`` receiver (a name hint, a call shape) makes any fix unsafe at most.
Which codes have which fix is data: the catalogue's ``autofix`` field
(``safe``/``unsafe``/``""``) and ``autofix_note``; :data:`FIXERS` holds the
code that builds the edits, and a test keeps the two in step.
"""
import ast
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

from legacy_mongo.catalogue import CATALOGUE

SAFE = "safe"
UNSAFE = "unsafe"

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def split_lines(text):
    """Lines with their endings, numbered as ast numbers them (only \\r, \\n)."""
    return _LINE.findall(text)


@dataclass
class Edit:
    row: int
    column: int
    end_row: int
    end_column: int
    content: str
    old: str = ""   # the text replaced (checked before applying)

    def as_dict(self):
        return {"content": self.content,
                "location": {"row": self.row, "column": self.column},
                "end_location": {"row": self.end_row, "column": self.end_column}}

    def key(self):
        return (self.row, self.column, self.end_row, self.end_column)


@dataclass
class Fix:
    code: str
    applicability: str
    message: str
    edits: List[Edit] = field(default_factory=list)

    def as_dict(self):
        return {"applicability": self.applicability, "message": self.message,
                "edits": [e.as_dict() for e in sorted(self.edits, key=Edit.key)]}

    @classmethod
    def from_dict(cls, code, data):
        edits = [Edit(e["location"]["row"], e["location"]["column"],
                      e["end_location"]["row"], e["end_location"]["column"], e["content"],
                      e.get("old", "")) for e in data["edits"]]
        return cls(code, data["applicability"], data["message"], edits)


class Source:
    """The parsed text (positions of the tree) and the text as read (edited)."""

    def __init__(self, original, parsed, cmap):
        self.original = original
        self.parsed = parsed
        self.cmap = cmap
        self.plines = split_lines(parsed)
        self.olines = split_lines(original)

    def _char_col(self, line, col):
        if 0 < line <= len(self.plines):
            text = self.plines[line - 1]
            if not text.isascii():
                return len(text.encode("utf-8")[:col].decode("utf-8", "ignore"))
        return col

    def pchar(self, line, col):
        """A tree position (1-based line, UTF-8 byte column) -> parsed char column."""
        return self._char_col(line, col)

    def to_original(self, line, col):
        """A tree position -> (row, 1-based column) of the text as read."""
        col = self._char_col(line, col)
        if self.cmap:
            col = self.cmap.original(line, col)
        return line, col + 1

    def parsed_text(self, line, col, end_line, end_col):
        """Text of the parsed source between two tree positions."""
        col = self._char_col(line, col)
        end_col = self._char_col(end_line, end_col)
        if line == end_line:
            return self.plines[line - 1][col:end_col]
        parts = [self.plines[line - 1][col:]]
        parts.extend(self.plines[line:end_line - 1])
        parts.append(self.plines[end_line - 1][:end_col])
        return "".join(parts)

    def original_text(self, row, col, end_row, end_col):
        if row == end_row:
            return self.olines[row - 1][col - 1:end_col - 1]
        parts = [self.olines[row - 1][col - 1:]]
        parts.extend(self.olines[row:end_row - 1])
        parts.append(self.olines[end_row - 1][:end_col - 1])
        return "".join(parts)

    def edit(self, start, end, content):
        """An Edit replacing the tree range *start*..*end* ((line, byte col) pairs)."""
        old = self.parsed_text(start[0], start[1], end[0], end[1])
        row, col = self.to_original(*start)
        end_row, end_col = self.to_original(*end)
        if self.original_text(row, col, end_row, end_col) != old:
            raise NoFix("the file as read differs from its normalisation here")
        return Edit(row, col, end_row, end_col, content, old)

    def replace(self, node, content):
        return self.edit(start(node), end(node), content)

    def text(self, node):
        return self.parsed_text(*start(node), *end(node))


class NoFix(Exception):
    """This finding gets no fix (the reason is for debugging, not shown)."""


def start(node):
    return node.lineno, node.col_offset


def end(node):
    return node.end_lineno, node.end_col_offset


# -- what the fixers know about a finding ------------------------------------------

@dataclass
class Site:
    """A finding's node and its surroundings."""
    node: ast.AST
    call: Optional[ast.Call] = None       # the call the finding is in (method/keyword)
    keyword: Optional[ast.keyword] = None
    alias: Optional[ast.alias] = None
    import_node: Optional[ast.AST] = None
    usage: str = "other"                  # "statement", "assigned" or "other" (of the call)


class Locator:
    """Finds the node of a finding from its position (the rules report spans only)."""

    def __init__(self, analysis, source, wanted=None):
        self.source = source
        self.wanted = wanted  # the findings' positions: sites elsewhere are not kept
        self.tree = analysis.tree
        self.by_pos: Dict[Tuple[int, int], List[Site]] = {}
        usage = {}
        self.block_size = {}
        self.try_statements = set()  # ids of statements inside a try: body
        self.all_statements = []     # every statement (to find a call's innermost one)
        self.call_of_func = {}
        self.from_imports = {}       # bound name -> [(ImportFrom, alias)]
        self.module_names = set()    # names bound by a plain ``import pymongo``
        self._name_loads = None
        for node, _scope in analysis.imports:
            if isinstance(node, ast.Import):
                self.module_names.update(a.name for a in node.names if not a.asname)
            else:
                for alias in node.names:
                    self.from_imports.setdefault(alias.asname or alias.name, []).append(
                        (node, alias))
        # statements only (far fewer than nodes): expressions are looked at per finding
        stack = [(self.tree.body, False)]
        while stack:
            block, in_try = stack.pop()
            size = len(block)
            for stmt in block:
                self.block_size[id(stmt)] = size
                self.all_statements.append(stmt)
                if in_try:
                    self.try_statements.add(id(stmt))
                cls = stmt.__class__
                if cls is ast.Expr:
                    usage[id(stmt.value)] = ("statement", stmt)
                elif cls is ast.Assign and len(stmt.targets) == 1 and \
                        stmt.targets[0].__class__ is ast.Name:
                    usage[id(stmt.value)] = ("assigned", stmt)
                for name in ("body", "orelse", "finalbody"):
                    inner = getattr(stmt, name, None)
                    if inner.__class__ is list and inner and isinstance(inner[0], ast.stmt):
                        stack.append((inner, in_try or (cls is ast.Try and name == "body")))
                for handler in getattr(stmt, "handlers", ()) or ():
                    stack.append((handler.body, in_try))
                for case in getattr(stmt, "cases", ()) or ():  # match (3.10+)
                    stack.append((case.body, in_try))
        self.statements = usage
        wanted = self.wanted
        pos_of = self.source.to_original
        lines = None if wanted is None else {line for line, _col in wanted}
        for call, _scope in analysis.calls:
            func = call.func
            self.call_of_func[id(func)] = call
            if lines is not None and not any(
                    n in lines for n in range(call.lineno, call.end_lineno + 1)):
                continue  # no finding on this call's lines
            kind = None
            if isinstance(func, ast.Attribute):
                # the method name, and the callee's start (pymongo.Connection(...))
                positions = (self._name_pos(func), pos_of(*start(func)))
            elif isinstance(func, ast.Name):
                positions = (pos_of(*start(func)),)
            else:
                positions = ()
            for pos in positions:
                if wanted is None or pos in wanted:
                    kind = kind or usage.get(id(call), ("other",))[0]
                    self._add(pos, Site(func, call=call, usage=kind))
            for keyword in call.keywords:
                pos = pos_of(*start(keyword))
                if wanted is None or pos in wanted:
                    kind = kind or usage.get(id(call), ("other",))[0]
                    self._add(pos, Site(keyword, call=call, keyword=keyword, usage=kind))
        for node, _scope in analysis.attributes:  # reads only (Load context)
            if node.attr in ATTRIBUTE_RENAMES and id(node) not in self.call_of_func:
                self._add(self._name_pos(node), Site(node))
        for node, _scope in analysis.imports:
            for alias in node.names:
                self._add(pos_of(*start(alias)), Site(alias, alias=alias, import_node=node))

    @property
    def name_loads(self):
        """name -> [ast.Name] read anywhere in the module (built when first asked)."""
        if self._name_loads is None:
            self._name_loads = {}
            for node in ast.walk(self.tree):
                if node.__class__ is ast.Name and node.ctx.__class__ is ast.Load:
                    self._name_loads.setdefault(node.id, []).append(node)
        return self._name_loads

    def handled(self, call):
        """Is an error raised by *call* handled nearby: inside a try: body or a lambda?"""
        pos = start(call)
        inner = None
        for stmt in self.all_statements:
            if start(stmt) <= pos and end(call) <= end(stmt) and (
                    inner is None or start(stmt) >= start(inner)):
                inner = stmt
        if inner is None:
            return False
        if id(inner) in self.try_statements:
            return True
        for node in ast.walk(inner):
            if node.__class__ is ast.Lambda and start(node.body) <= pos and \
                    end(call) <= end(node.body):
                return True
        return False

    def _name_pos(self, func):
        end_line, end_col = func.end_lineno, func.end_col_offset
        return self.source.to_original(end_line, end_col - len(func.attr))

    def _add(self, pos, site):
        if self.wanted is None or pos in self.wanted:
            self.by_pos.setdefault(pos, []).append(site)

    def find(self, finding):
        return self.by_pos.get((finding.line, finding.column), ())


# -- edit helpers -------------------------------------------------------------------

_SEPARATOR = re.compile(r"^[\s,\\]*$")


def _arguments(call):
    return sorted(list(call.args) + list(call.keywords), key=start)


def remove_argument(src, call, arg):
    """Edits removing one argument with its separating comma (no comment in between)."""
    items = _arguments(call)
    i = items.index(arg)
    if i > 0:
        begin = end(items[i - 1])
        finish = end(arg)
    elif len(items) > 1:
        begin = start(arg)
        finish = start(items[1])
    else:
        begin = start(arg)
        finish = end(arg)
        # trailing comma after the only argument: f(x,) -> f()
        tail = src.parsed_text(*finish, *end(call))
        match = re.match(r"^\s*,", tail)
        if match:
            finish = (finish[0], finish[1] + len(match.group(0).encode("utf-8"))) \
                if "\n" not in match.group(0) else finish
    between = src.parsed_text(*begin, *finish)
    gap = between.replace(src.text(arg), "", 1)
    if not _SEPARATOR.match(gap):
        raise NoFix("a comment between the arguments")
    return src.edit(begin, finish, "")


def add_keyword(src, call, text):
    """An edit appending ``, text`` after the last argument (or inside empty parens)."""
    items = _arguments(call)
    if items:
        return src.edit(end(items[-1]), end(items[-1]), ", " + text)
    close = end(call)
    inner = src.parsed_text(*end(call.func), *close)
    if not re.match(r"^\s*\(\s*\)$", inner):
        raise NoFix("unusual call syntax")
    pos = (close[0], close[1] - 1)
    return src.edit(pos, pos, text)


def rename_method(src, func, new):
    line, col = func.end_lineno, func.end_col_offset
    return src.edit((line, col - len(func.attr)), (line, col), new)


def rename_keyword(src, keyword, new):
    line, col = keyword.lineno, keyword.col_offset
    return src.edit((line, col), (line, col + len(keyword.arg)), new)


def _kw(call, name):
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword
    return None


def _no_star(call):
    if any(k.arg is None for k in call.keywords) or \
            any(isinstance(a, ast.Starred) for a in call.args):
        raise NoFix("**kwargs/*args: the arguments are not known")


def _literal_bool(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name) and node.id in ("True", "False"):  # Python 2 trees
        return node.id == "True"
    raise NoFix("not a literal True/False")


def _is_mapping_literal(node):
    return isinstance(node, (ast.Dict, ast.DictComp))


def _operator_document(node):
    """A dict literal whose keys are all $-operators (an update document)."""
    if not isinstance(node, ast.Dict) or not node.keys:
        return False
    return all(isinstance(k, ast.Constant) and isinstance(k.value, str) and
               k.value.startswith("$") for k in node.keys)


def _only(call, allowed):
    for keyword in call.keywords:
        if keyword.arg not in allowed:
            raise NoFix("keyword %s changes the rewrite" % keyword.arg)


# -- the fixers: (src, site, finding) -> (applicability, [Edit]) -----------------------

def fix_import_module(src, site, finding):
    """``from pymongo.son import SON`` -> ``from bson.son import SON``."""
    node = site.import_node
    rename = _rename_of(finding.code)
    if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
        raise NoFix("only absolute from-imports are renamed")
    legacy_modules = _modules_of(finding.code)
    if node.module in legacy_modules:
        # the module name is written right after "from"
        line = src.plines[node.lineno - 1]
        col = src.pchar(node.lineno, node.col_offset)
        match = re.compile(r"from\s+").match(line, col)
        if not match:
            raise NoFix("unusual import syntax")
        begin = len(line[:match.end()].encode("utf-8"))
        written = line[match.end():match.end() + len(node.module)]
        if written != node.module:
            raise NoFix("the module is written across lines")
        return SAFE, [src.edit((node.lineno, begin), (node.lineno, begin + len(node.module)),
                               rename)]
    # from pymongo import json_util -> from bson import json_util (the only name)
    parent, _, leaf = rename.rpartition(".")
    if len(node.names) == 1 and site.alias.name == leaf and parent and \
            node.module + "." + leaf in legacy_modules:
        line = src.plines[node.lineno - 1]
        col = src.pchar(node.lineno, node.col_offset)
        match = re.compile(r"from\s+").match(line, col)
        if not match or line[match.end():match.end() + len(node.module)] != node.module:
            raise NoFix("unusual import syntax")
        begin = len(line[:match.end()].encode("utf-8"))
        return SAFE, [src.edit((node.lineno, begin), (node.lineno, begin + len(node.module)),
                               parent)]
    raise NoFix("import form not rewritten")


def fix_import_name(src, site, finding):
    """``from pymongo.errors import InvalidId`` -> ``from bson.errors import InvalidId``
    (only when every name of the statement moved)."""
    node = site.import_node
    rename = _rename_of(finding.code)
    names = set(_names_of(finding.code))
    if not isinstance(node, ast.ImportFrom) or node.level or \
            any(a.name not in names for a in node.names):
        raise NoFix("other names share the statement")
    line = src.plines[node.lineno - 1]
    col = src.pchar(node.lineno, node.col_offset)
    match = re.compile(r"from\s+").match(line, col)
    if not match or line[match.end():match.end() + len(node.module)] != node.module:
        raise NoFix("unusual import syntax")
    begin = len(line[:match.end()].encode("utf-8"))
    return SAFE, [src.edit((node.lineno, begin), (node.lineno, begin + len(node.module)),
                           rename)]


def fix_attribute_read(src, site, finding):
    """``db.connection`` -> ``db.client`` (a read; assignments are not rewritten)."""
    node = site.node
    if not isinstance(node, ast.Attribute) or not isinstance(node.ctx, ast.Load) or \
            site.call is not None:
        raise NoFix("not an attribute read")
    new = ATTRIBUTE_RENAMES.get(node.attr)
    if new is None or finding.code != new[0]:
        raise NoFix("another attribute")
    return SAFE, [rename_method(src, node, new[1])]


def fix_rename_method(new, statement_only=False, no_keywords=(), no_args=False):
    def fixer(src, site, finding):
        call = site.call
        if call is None or not isinstance(site.node, ast.Attribute):
            raise NoFix("not a method call")
        if statement_only and site.usage != "statement":
            raise NoFix("the return value is used")
        if no_args and (call.args or call.keywords):
            raise NoFix("arguments change the mapping")
        _no_star(call)
        for name in no_keywords:
            if _kw(call, name) is not None:
                raise NoFix("%s= has no modern equivalent" % name)
        return SAFE, [rename_method(src, site.node, new)]
    return fixer


def fix_collection_names(src, site, finding):
    """2.8 kept system collections unless include_system_collections=False."""
    call = site.call
    _no_star(call)
    edits = [rename_method(src, site.node, "list_collection_names")]
    include = _kw(call, "include_system_collections")
    if call.args or (call.keywords and include is None) or len(call.keywords) > 1:
        raise NoFix("unknown arguments")
    if include is not None:
        if _literal_bool(include.value):
            edits.append(remove_argument(src, call, include))
        else:
            edits.append(src.replace(include, 'filter={"name": {"$regex": r"^(?!system\\.)"}}'))
    return SAFE, edits


def fix_keyword_rename(new, finds=("find", "find_one")):
    def fixer(src, site, finding):
        keyword = site.keyword
        if keyword is None:
            raise NoFix("not a keyword")
        if _method_name(site.call) not in finds:
            raise NoFix("only find()/find_one() keywords")
        return SAFE, [rename_keyword(src, keyword, new)]
    return fixer


def fix_fields(src, site, finding):
    """fields= -> projection= when the value cannot be empty (2.8: [] meant only _id)."""
    keyword = site.keyword
    if keyword is None or _method_name(site.call) not in ("find", "find_one"):
        raise NoFix("only find()/find_one()")
    value = keyword.value
    if not (isinstance(value, (ast.List, ast.Tuple, ast.Dict)) and
            (value.elts if not isinstance(value, ast.Dict) else value.keys)):
        raise NoFix("the projection may be empty")
    return SAFE, [rename_keyword(src, keyword, "projection")]


def fix_timeout(src, site, finding):
    keyword = site.keyword
    if keyword is None or _method_name(site.call) not in ("find", "find_one"):
        raise NoFix("only find()/find_one()")
    if _kw(site.call, "no_cursor_timeout") is not None:
        raise NoFix("both spellings given")
    if _literal_bool(keyword.value):
        return SAFE, [remove_argument(src, site.call, keyword)]
    return SAFE, [src.replace(keyword, "no_cursor_timeout=True")]


def fix_insert(src, site, finding):
    """insert(<dict literal>) -> insert_one(...) (.inserted_id when the value is kept)."""
    call = site.call
    _no_star(call)
    if len(call.args) != 1 or call.keywords or not _is_mapping_literal(call.args[0]):
        raise NoFix("only insert(<dict literal>) without options")
    edits = [rename_method(src, site.node, "insert_one")]
    if site.usage == "assigned":
        edits.append(src.edit(end(call), end(call), ".inserted_id"))
    elif site.usage != "statement":
        raise NoFix("the return value is used in an expression")
    return SAFE, edits


def fix_update(src, site, finding):
    """update(spec, {"$...": ...}[, upsert=b][, multi=b]) -> update_one/update_many."""
    call = site.call
    _no_star(call)
    if site.usage != "statement":
        raise NoFix("the 2.x result dict is used")
    if len(call.args) != 2 or not _operator_document(call.args[1]):
        raise NoFix("only update(spec, {$-operators}) is known")
    _only(call, ("upsert", "multi"))
    edits = []
    multi = _kw(call, "multi")
    many = False
    if multi is not None:
        many = _literal_bool(multi.value)
        edits.append(remove_argument(src, call, multi))
    upsert = _kw(call, "upsert")
    if upsert is not None:
        _literal_bool(upsert.value)
    edits.append(rename_method(src, site.node, "update_many" if many else "update_one"))
    return SAFE, edits


def fix_remove(src, site, finding):
    """remove(spec) -> delete_many(spec); remove() -> delete_many({})."""
    call = site.call
    _no_star(call)
    if site.usage != "statement":
        raise NoFix("the 2.x result dict is used")
    _only(call, ("multi",))
    if len(call.args) > 1 or (call.args and not _is_mapping_literal(call.args[0])):
        raise NoFix("remove(<id>) or an unknown spec")
    edits = []
    many = True
    multi = _kw(call, "multi")
    if multi is not None:
        many = _literal_bool(multi.value)
        edits.append(remove_argument(src, call, multi))
    edits.append(rename_method(src, site.node, "delete_many" if many else "delete_one"))
    if not call.args:
        if call.keywords:
            raise NoFix("remove(multi=...) without a spec")
        edits.append(add_keyword(src, call, "{}"))
    return SAFE, edits


def fix_collection_count(src, site, finding):
    """coll.count() -> coll.estimated_document_count() (2.8: the count command, no query)."""
    call = site.call
    if call.args or call.keywords:
        raise NoFix("arguments")
    return SAFE, [rename_method(src, site.node, "estimated_document_count")]


def fix_cursor_count(src, site, finding):
    """coll.find(<dict literal>).count() -> coll.count_documents(<dict literal>)."""
    call = site.call
    inner = site.node.value
    if call.args or call.keywords or not isinstance(inner, ast.Call) or \
            not isinstance(inner.func, ast.Attribute) or inner.func.attr != "find":
        raise NoFix("only find(...).count()")
    if inner.keywords or len(inner.args) > 1 or \
            (inner.args and not _is_mapping_literal(inner.args[0])):
        raise NoFix("find options or an unknown filter")
    spec = src.text(inner.args[0]) if inner.args else "{}"
    edits = [rename_method(src, inner.func, "count_documents"),
             src.edit(end(inner), end(call), "")]
    if not inner.args:
        edits.append(add_keyword(src, inner, spec))
    return SAFE, edits


def _cursor_type(site, member):
    """``pymongo.CursorType.<member>`` when the module did ``import pymongo``."""
    if "pymongo" not in site.locator.module_names or "pymongo" in site.locator.from_imports:
        raise NoFix("pymongo is not imported as a module (CursorType is not in reach)")
    return "cursor_type=pymongo.CursorType." + member


def fix_tailable(src, site, finding):
    """find(tailable=True[, await_data=b]) -> find(cursor_type=CursorType.TAILABLE[_AWAIT]).

    2.8 set the await flag only with tailable (pymongo/cursor.py: ``if tailable and
    await_data``), so await_data alone is deleted."""
    call = site.call
    if site.keyword is None or _method_name(call) != "find":
        raise NoFix("only find()")
    _no_star(call)
    if _kw(call, "cursor_type") is not None or _kw(call, "exhaust") is not None:
        raise NoFix("cursor_type or exhaust given too")
    tailable = _kw(call, "tailable")
    await_data = _kw(call, "await_data")
    if site.keyword is await_data and tailable is not None:
        raise NoFix("the tailable= finding carries the fix")
    waits = _literal_bool(await_data.value) if await_data is not None else False
    if tailable is None or not _literal_bool(tailable.value):
        edits = [remove_argument(src, call, k) for k in (tailable, await_data) if k is not None]
        return SAFE, edits
    member = "TAILABLE_AWAIT" if waits else "TAILABLE"
    edits = [src.replace(tailable, _cursor_type(site, member))]
    if await_data is not None:
        edits.append(remove_argument(src, call, await_data))
    return SAFE, edits


def fix_exhaust(src, site, finding):
    call = site.call
    if site.keyword is None or _method_name(call) != "find":
        raise NoFix("only find()")
    _no_star(call)
    if _kw(call, "cursor_type") is not None or _kw(call, "tailable") is not None:
        raise NoFix("cursor_type or tailable given too")
    if not _literal_bool(site.keyword.value):
        return SAFE, [remove_argument(src, call, site.keyword)]
    return SAFE, [src.replace(site.keyword, _cursor_type(site, "EXHAUST"))]


# unsafe ---------------------------------------------------------------------------

CONNECTION_MODULES = ("pymongo", "pymongo.connection")
# Keywords that mean the same to 2.8's Connection and PyMongo 4's MongoClient; any other
# (auto_start_request, network_timeout, slave_okay ...) has its own code and stops the fix.
MODERN_CLIENT_KEYWORDS = frozenset((
    "host", "port", "document_class", "tz_aware", "w", "fsync",
    "replicaSet", "connectTimeoutMS", "socketTimeoutMS", "maxPoolSize", "ssl",
    "readPreference", "authSource", "authMechanism"))


def _connection_call_edits(src, call):
    """Edits turning one Connection(...) call into MongoClient(..., w=0); callee kept."""
    _no_star(call)
    if len(call.args) > 2:
        raise NoFix("positional options beyond host and port")
    for keyword in call.keywords:
        if keyword.arg not in MODERN_CLIENT_KEYWORDS:
            raise NoFix("%s= is not a PyMongo 4 MongoClient option" % keyword.arg)
    if _kw(call, "w") is None and _kw(call, "safe") is None:
        return [add_keyword(src, call, "w=0")]
    return []


def _connection_import(locator, name):
    """The one ``from pymongo[.connection] import Connection [as name]`` binding *name*,
    when every read of *name* in the module is a Connection(...) call we rewrite."""
    bindings = locator.from_imports.get(name, [])
    if len(bindings) != 1:
        raise NoFix("the name is bound more than once")
    node, alias = bindings[0]
    if node.level or node.module not in CONNECTION_MODULES or alias.name != "Connection":
        raise NoFix("not Connection imported from pymongo")
    for load in locator.name_loads.get(name, ()):
        call = locator.call_of_func.get(id(load))
        if call is None:
            raise NoFix("Connection used as a value")
        _connection_call_edits(locator.source, call)  # raises NoFix when unfit
    return node, alias


def _import_edits(src, node, alias):
    """``from pymongo[.connection] import Connection [as X]`` -> ``from pymongo import
    MongoClient [as X]`` (only when it imports nothing else)."""
    if len(node.names) != 1:
        raise NoFix("other names share the import")
    edits = []
    if node.module != "pymongo":
        line = src.plines[node.lineno - 1]
        col = src.pchar(node.lineno, node.col_offset)
        match = re.compile(r"from\s+").match(line, col)
        if not match or line[match.end():match.end() + len(node.module)] != node.module:
            raise NoFix("unusual import syntax")
        begin = len(line[:match.end()].encode("utf-8"))
        edits.append(src.edit((node.lineno, begin), (node.lineno, begin + len(node.module)),
                              "pymongo"))
    line, col = alias.lineno, alias.col_offset
    edits.append(src.edit((line, col), (line, col + len("Connection")), "MongoClient"))
    return edits


def fix_connection(src, site, finding):
    """Connection(...) -> MongoClient(..., w=0) (w=0: 2.8's Connection did not acknowledge).

    The import and every call of the imported name change together, or nothing does:
    a call rewritten without its import (or the reverse) would not run.
    """
    locator = site.locator
    if site.alias is not None:  # the import: its calls get their own fixes
        name = site.alias.asname or site.alias.name
        node, alias = _connection_import(locator, name)
        if node is not site.import_node:
            raise NoFix("another binding")
        return UNSAFE, _import_edits(src, node, alias)
    call = site.call
    if call is None or call.func is not site.node:
        raise NoFix("not a call of Connection")
    edits = _connection_call_edits(src, call)
    if isinstance(site.node, ast.Name):
        _connection_import(locator, site.node.id)
        if site.node.id == "Connection":
            edits.append(src.replace(site.node, "MongoClient"))
    elif isinstance(site.node, ast.Attribute) and site.node.attr == "Connection":
        edits.append(rename_method(src, site.node, "MongoClient"))  # pymongo.Connection
    else:
        raise NoFix("unknown callee")
    return UNSAFE, edits


def fix_connection_module(src, site, finding):
    """LM801 ``from pymongo.connection import Connection``: with its calls (LM101)."""
    if site.alias is None or site.alias.name != "Connection":
        raise NoFix("not the Connection import")
    node, alias = _connection_import(site.locator, site.alias.asname or site.alias.name)
    if node is not site.import_node:
        raise NoFix("another binding")
    return UNSAFE, _import_edits(src, node, alias)


def fix_safe_keyword(src, site, finding):
    """Remove safe=...: PyMongo 4 acknowledges by default."""
    keyword = site.keyword
    if keyword is None or site.call is None:
        raise NoFix("not a keyword")
    return UNSAFE, [remove_argument(src, site.call, keyword)]


def fix_delete_statement(src, site, finding):
    """client.start_request() / end_request() as a statement: delete it."""
    call = site.call
    if site.usage != "statement":
        raise NoFix("the value is used")
    stmt = _statement_of(site, call)
    if stmt is None or stmt.lineno != stmt.end_lineno:
        raise NoFix("multi-line statement")
    line = src.plines[stmt.lineno - 1]
    col = src.pchar(stmt.lineno, stmt.col_offset)
    end_col = src.pchar(stmt.lineno, stmt.end_col_offset)
    rest = line[end_col:].strip()
    if line[:col].strip() or (rest and not rest.startswith("#")):
        raise NoFix("other code on the line")
    if site.block_size > 1 and not rest:
        # the whole line goes, with its end (the next line starts at column 0)
        whole = len(line.encode("utf-8"))  # up to and with the line's end
        return UNSAFE, [src.edit((stmt.lineno, 0), (stmt.lineno, whole), "")]
    return UNSAFE, [src.replace(stmt, "pass")]


def fix_save(src, site, finding):
    """save(doc) as a statement -> insert_one when there is no _id, else replace_one upsert.

    Only for a dict literal: its keys tell whether it holds _id.
    """
    call = site.call
    _no_star(call)
    if site.usage != "statement" or len(call.args) != 1 or call.keywords or \
            not isinstance(call.args[0], ast.Dict):
        raise NoFix("only save(<dict literal>) as a statement")
    doc = call.args[0]
    keys = [k.value for k in doc.keys if isinstance(k, ast.Constant)]
    if len(keys) != len(doc.keys):
        raise NoFix("non-literal keys")
    if "_id" not in keys:
        return UNSAFE, [rename_method(src, site.node, "insert_one")]
    id_value = doc.values[keys.index("_id")]
    arguments = '{"_id": %s}, %s, upsert=True' % (src.text(id_value), src.text(doc))
    return UNSAFE, [rename_method(src, site.node, "replace_one"), src.replace(doc, arguments)]


FAM_KEYWORDS = {"query": "filter", "update": "update", "upsert": "upsert", "sort": "sort",
                "fields": "projection", "new": "return_document", "remove": None}


def fix_find_and_modify(src, site, finding):
    """find_and_modify -> find_one_and_update / _replace / _delete.

    ``new=`` maps to ``return_document=`` as it is: ReturnDocument.BEFORE is False and
    AFTER is True.  Unsafe: the collection's write concern now goes with the command."""
    call = site.call
    _no_star(call)
    if len(call.args) > 2:
        raise NoFix("positional options")
    for keyword in call.keywords:
        if keyword.arg not in FAM_KEYWORDS:
            raise NoFix("%s= has no method equivalent" % keyword.arg)
    query = call.args[0] if call.args else _kw(call, "query")
    update = call.args[1] if len(call.args) > 1 else _kw(call, "update")
    update_value = update.value if isinstance(update, ast.keyword) else update
    remove = _kw(call, "remove")
    removing = remove is not None and _literal_bool(remove.value)
    edits = []
    if removing:
        if update is not None or _kw(call, "upsert") or _kw(call, "new"):
            raise NoFix("remove with update/upsert/new")
        method = "find_one_and_delete"
    elif update is None:
        raise NoFix("no update document")
    elif _operator_document(update_value):
        method = "find_one_and_update"
    elif isinstance(update_value, ast.Dict) and update_value.keys and not any(
            isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value.startswith("$")
            for k in update_value.keys):
        method = "find_one_and_replace"
        if isinstance(update, ast.keyword):
            edits.append(rename_keyword(src, update, "replacement"))
    else:
        raise NoFix("the update document's kind is not visible")
    edits.append(rename_method(src, site.node, method))
    if remove is not None:
        edits.append(remove_argument(src, call, remove))
    for keyword in call.keywords:
        new_name = FAM_KEYWORDS[keyword.arg]
        if keyword is remove or keyword is update or new_name == keyword.arg:
            continue
        edits.append(rename_keyword(src, keyword, new_name))
    if query is None:
        items = _arguments(call)
        if items:
            edits.append(src.edit(start(items[0]), start(items[0]), "{}, "))
        else:
            edits.append(add_keyword(src, call, "{}"))
    return UNSAFE, edits


def _statement_of(site, call):
    return getattr(site, "statement", None)


def _method_name(call):
    func = getattr(call, "func", None)
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _rename_of(code):
    for match in CATALOGUE[code].matches:
        if match.kind == "import" and match.rename:
            return match.rename
    raise NoFix("no rename")


def _modules_of(code):
    return tuple(m for match in CATALOGUE[code].matches if match.kind == "import"
                 for m in match.modules)


def _names_of(code):
    return tuple(n for match in CATALOGUE[code].matches if match.kind == "import"
                 for n in match.names)


# attribute name -> (code, replacement), from the catalogue's attribute renames
ATTRIBUTE_RENAMES = {name: (code, match.rename)
                     for code in ("LM122", "LM124", "LM503", "LM619")
                     for match in CATALOGUE[code].matches
                     if match.kind == "attribute" and match.rename for name in match.names}

FIXERS: Dict[str, Callable] = {
    "LM101": fix_connection,
    "LM801": fix_connection_module,
    "LM201": fix_delete_statement,
    "LM202": fix_delete_statement,
    "LM301": fix_safe_keyword,
    "LM401": fix_insert,
    "LM402": fix_save,
    "LM403": fix_update,
    "LM404": fix_remove,
    "LM405": fix_find_and_modify,
    "LM406": fix_collection_count,
    "LM407": fix_rename_method("create_index", statement_only=True,
                               no_keywords=("cache_for", "ttl", "drop_dups", "dropDups")),
    "LM501": fix_cursor_count,
    "LM122": fix_attribute_read,
    "LM124": fix_attribute_read,
    "LM503": fix_attribute_read,
    "LM619": fix_attribute_read,
    "LM601": fix_collection_names,
    "LM602": fix_rename_method("list_database_names", no_args=True),
    "LM701": fix_keyword_rename("filter"),
    "LM702": fix_fields,
    "LM703": fix_timeout,
    "LM712": fix_keyword_rename("allow_partial_results"),
    "LM713": fix_tailable,
    "LM714": fix_exhaust,
    "LM823": fix_import_name,
}
for _code in ("LM805", "LM806", "LM807", "LM808", "LM809", "LM810", "LM811", "LM812",
              "LM813", "LM814", "LM815"):
    FIXERS[_code] = fix_import_module


WRITE_CODES = frozenset(("LM401", "LM403", "LM404"))
# Calls that become another method: its errors are PyMongo 4's (WriteError where 2.8
# raised OperationFailure, messages with ", full error: {...}"), visible to a handler.
RENAMED_METHOD_CODES = WRITE_CODES | frozenset(("LM406", "LM407", "LM501", "LM601", "LM602"))
ERROR_NOTE = ("its errors are handled here (try: or a lambda) and PyMongo 4 raises them "
              "differently: WriteError, a subclass of 2.8's OperationFailure, and "
              "messages with ', full error: {...}'")
GETLASTERROR_NOTE = ("the module reads getLastError (error(), last_status(), "
                     "previous_error()): the shim records only legacy writes for it")
GETLASTERROR_METHODS = ("error", "last_status", "previous_error")
PATCHED_NOTE = ("the module assigns a method of this name on a class or object "
                "(a monkey-patch of the legacy method), which the new call would bypass")
# ``Collection.update = spy`` or ``setattr(Collection, "update", spy)``: an
# attribute store, not a comparison (``==``, ``<=`` ... never match).
_PATCHED_METHOD = re.compile(r"""\.\s*(\w+)\s*=(?!=)|setattr\s*\([^,]+,\s*['"](\w+)['"]""")
UNPROVEN_NOTE = ("the receiver is not proven to be PyMongo's (a wrapper library's method "
                 "of this name would not have the new one)")


def message_for(code, applicability, reason=None):
    """The fix message: the catalogue's replacement, and for unsafe fixes its meaning change."""
    found = CATALOGUE[code]
    text = "Use %s" % found.replacement
    if applicability == UNSAFE:
        text += " (unsafe: %s)" % (reason or found.autofix_note or found.meaning)
    return text


def _patched_methods(text):
    """The method names the module assigns on some object or class."""
    return {a or b for a, b in _PATCHED_METHOD.findall(text)}


def _reads_getlasterror(analysis, findings):
    """db.error()/last_status()/previous_error() on a database (whatever --select hides)."""
    if any(f.code in ("LM603", "LM622", "LM623") for f in findings):
        return True
    for name in GETLASTERROR_METHODS:
        for call, scope in getattr(analysis, "callsites", {}).get(name, ()):
            if isinstance(call.func, ast.Attribute):
                val = analysis.value(call.func.value, scope)
                if val is not None and val.kind == "database":
                    return True
    return False


def attach(findings, analysis, original, parsed, cmap):
    """Set ``finding.fix`` (ruff's shape, a dict) on every finding that has one."""
    wanted = [f for f in findings if f.code in FIXERS]
    if not wanted or analysis is None:
        return
    src = Source(original, parsed, cmap)
    locator = Locator(analysis, src, {(f.line, f.column) for f in wanted})
    try:
        _attach(wanted, findings, analysis, original, src, locator)
    finally:
        locator.by_pos.clear()  # its sites point back to it: no cycle left behind


def _attach(wanted, findings, analysis, original, src, locator):
    getlasterror = _reads_getlasterror(analysis, findings)
    patched = _patched_methods(original)
    for finding in wanted:
        for site in locator.find(finding):
            if site.call is not None and id(site.call) in locator.statements:
                site.statement = locator.statements[id(site.call)][1]
                site.block_size = locator.block_size.get(id(site.statement), 1)
            site.locator = locator
            try:
                applicability, edits = FIXERS[finding.code](src, site, finding)
            except NoFix:
                continue
            except (IndexError, AttributeError, TypeError, ValueError):
                continue  # a shape the fixer did not foresee: no fix rather than a bad one
            reason = None
            if finding.confidence != "certain" and applicability == SAFE:
                applicability, reason = UNSAFE, UNPROVEN_NOTE
            if CATALOGUE[finding.code].autofix == UNSAFE:
                applicability = UNSAFE
            if finding.code in RENAMED_METHOD_CODES and applicability == SAFE:
                if site.call is not None and locator.handled(site.call):
                    applicability, reason = UNSAFE, ERROR_NOTE
                elif (site.call is not None and isinstance(site.call.func, ast.Attribute)
                        and site.call.func.attr in patched):
                    applicability, reason = UNSAFE, PATCHED_NOTE
                elif finding.code in WRITE_CODES and getlasterror:
                    applicability, reason = UNSAFE, GETLASTERROR_NOTE
            fix = Fix(finding.code, applicability,
                      message_for(finding.code, applicability, reason), edits)
            data = fix.as_dict()
            data["edits"] = [dict(e.as_dict(), old=e.old) for e in sorted(edits, key=Edit.key)]
            finding.fix = data
            break
