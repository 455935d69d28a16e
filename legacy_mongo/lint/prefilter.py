"""Which files can hold a finding, decided from their bytes before any parsing.

Most of a large tree never mentions MongoDB; parsing and analysing it is most
of a run's cost and cannot produce a finding.  A file is linted when

1. its bytes hold one of the *evidence tokens* (:data:`TOKENS`), derived from
   what the rules need to report anything without a PyMongo link: a mention
   of ``mongo``/``bson``/``gridfs`` (every module of
   :data:`~.inference.EVIDENCE_ROOTS`, every ``mongodb://`` URI), a quoted
   ``$``-operator or ``_id`` key, ``ObjectId``/``SON``/``DBRef``, one of
   the keywords only PyMongo takes (:data:`~.rules.shapes.MONGO_KEYWORDS`) as
   a keyword argument or a quoted key (options built as data), a write
   keyword (:data:`~.rules.shapes.WRITE_KEYWORDS`: ``w=``, ``j=``) as a
   keyword argument, or the name of a server command of the catalogue in
   quotes in a file that holds ``command`` (the rules read command names only
   in ``x.command(...)``; ``'group'``, ``'eval'``, ``'touch'`` are words of any
   code); a ``$`` followed by anything but a lower-case letter is no operator
   (:func:`~.rules.shapes.is_operator_key`: ``"$HOME"``, a regex's ``'$'``); or
2. it may import something the analyses of the linted files give other
   modules, the way :func:`legacy_mongo.lint.engine.lint_paths` passes it on
   (the second look at a file): a name it may bind by an import
   (:meth:`Prefilter.candidates`, read off its import statements) is a
   module-level PyMongo value of a linted module's summary (a client, a
   subclass of ``Connection``, a function returning a collection ...) or a
   module above one, or it star-imports such a module (``from app import *``
   binds ``app.*``); or a module it may import is, or is a submodule of, a
   linted module that imports PyMongo (it borrows that evidence); or
3. it is in, or may import, a top-level package where a linted file defines a
   method of the method index that returns a PyMongo object with at least
   LIKELY confidence, and it mentions that method's name (calls on unknown
   receivers); or it is in a top-level package whose linted files ask the
   method index about a name, and it defines (an indented ``def``: a method)
   that name (it may return a PyMongo object, even typed only by names, or
   veto the name).  Names already vetoed for good (a conflict stays one) are
   not asked; a file without a token and without evidence to borrow asks only
   about names of LIKELY entries (a name-hinted result gives it nothing).  A
   definer without a token and without a name that names a PyMongo kind
   (:func:`hinted`: ``db``, ``users_coll``, ``self._conn`` ...) can type nothing,
   so it can only veto the name: it is admitted only once another definer
   gives the name a PyMongo result (:attr:`Facts.positive`).
   Definers come in one per asked name per round (:data:`DEFINERS_PER_ROUND`):
   most names are vetoed by their first definer, and the others are admitted
   in the rounds after.

4. it is at or below a module that linted files name as the home of a function
   or class they pass PyMongo objects to (the ``#p:`` summary entries,
   :data:`~.inference.PARAM_KEY`), and its bytes define that name at the top
   level (:func:`legacy_mongo.lint.engine._param_definers`): its parameters
   take those kinds.

5. it is imported by a linted module of its own package (``pkg/x.py``, not a
   top-level module) that imports PyMongo: it borrows that evidence for
   name-hinted receivers (the engine's ``SIBLING_EVIDENCE``; a Tornado app's
   handlers, imported by the module that builds the Database).  Not only files
   with a hint name (:func:`hinted`): ``store.find().count()`` is a hinted
   Cursor's count without one.

Rules 2 to 5 need the linted files' analyses, so ``lint_paths`` applies them
after each round of analysis (:meth:`Prefilter.admit`; the facts from
:class:`legacy_mongo.lint.engine._Facts`) until no file is added.  A file with no
token gives nothing to others but name-hinted method index entries (it imports
nothing of PyMongo's, so it has no evidence and no PyMongo value of its own: a
package ``__init__.py`` that re-exports one is a plain importer, admitted by rule
2 since it imports a name of a linted module's summary; its second look passes
that name's entries on under its own name, and those admit its importers in the
next round), so rule 3 is the only way in for what it gives on a first look.

Every other file is skipped unparsed, so LM001 (no parser accepts it) is only
reported for files that could hold a legacy use; LM002 (unreadable) is still
reported for every file, since the bytes are read and decoded anyway.

``tests/lint/test_prefilter.py`` proves the filter loses nothing: the whole
evaluation corpus and every fixture give the same findings with and without it;
on the corpus, each file that has findings when linted alone, or gives other
modules anything but name-hinted method entries, passes the token test, and the
import candidates hold every name its analysis binds or imports; and each rule
has a case it must admit and a neighbour it may skip.
"""
import re
from typing import Dict, FrozenSet, Iterable, List, NamedTuple, Set, Tuple

from legacy_mongo.catalogue import matches_of_kind
from legacy_mongo.lint.inference import EVIDENCE_ROOTS, ModuleAnalysis, _flask_ext
from legacy_mongo.lint.rules.shapes import MONGO_KEYWORDS, WRITE_KEYWORDS

_STEMS = ("mongo", "bson", "gridfs")


def _command_names():
    names = set()
    for _entry, match in matches_of_kind("command"):
        names.update(match.names)
    return sorted(names)


def _alternation(words):
    return b"|".join(re.escape(w.encode("ascii")) for w in sorted(set(words), key=len,
                                                                   reverse=True))


def _stems():
    stems = set(_STEMS)
    # a new evidence root that none of the stems covers is a token of its own
    stems.update(root for root in EVIDENCE_ROOTS if not any(s in root for s in _STEMS))
    return sorted(stems)


def _kwarg(words):
    # a keyword argument follows "(" or ","; "w = 5" on its own is no call
    return rb"[(,]\s*(?:" + _alternation(words) + rb")\s*=(?!=)"


def _quoted(words, insensitive=False):
    body = rb"['\"](?:" + _alternation(words) + rb")['\"]"
    return b"(?i:" + body + b")" if insensitive else body


_NAMES = ("ObjectId", "DBRef", "SON")


_OPERATOR = rb"['\"]\$[a-z]"  # what is_operator_key accepts, quoted


def _build_tokens():
    keywords = set(MONGO_KEYWORDS) | set(WRITE_KEYWORDS)
    return re.compile(
        b"(?i:" + _alternation(_stems()) + b")"
        + b"|" + _OPERATOR + rb"|['\"]_id['\"]|\b(?:" + _alternation(_NAMES) + rb")\b"
        + b"|" + _kwarg(keywords)
        + b"|" + _quoted(MONGO_KEYWORDS))


# The definition of rule 1: TOKENS, or COMMAND_TOKENS in a file holding b"command"
# (token_definition); has_token() gives the same answer faster.
TOKENS = _build_tokens()
COMMAND_TOKENS = re.compile(_quoted(_command_names(), insensitive=True))


def token_definition(data: bytes) -> bool:
    return bool(TOKENS.search(data)) or (b"command" in data and
                                         bool(COMMAND_TOKENS.search(data)))

# -- has_token: TOKENS.search without running a 30-way alternation at every byte.
# Every alternative but the stems and the quoted "$" is a whole \w word (a
# keyword, a command name, ObjectId ...), so the lower-cased words of the file
# say which alternatives can match at all, and only those are run, each as its
# own regex, on the original bytes.  "w" and "j" are words of nearly every file:
# a keyword argument w=/j= leaves "(w=" or ",w=" once whitespace is deleted.
_WS = b" \t\n\r\x0b\x0c"  # what \s matches in a bytes pattern
_TO_SPACE = bytes(b if (48 <= b <= 57 or 97 <= b <= 122 or b == 95) else 32
                  for b in range(256))  # applied to lower-cased bytes: \w stays
_STEM_BYTES = tuple(s.lower().encode("ascii") for s in _stems())


def _by_first_word(named_patterns):
    """{lower-cased word: regex of the alternatives holding that word}."""
    parts: Dict[bytes, List[bytes]] = {}
    for name, pattern in named_patterns:
        runs = re.findall(rb"\w+", name.lower().encode("ascii"))
        parts.setdefault(runs[0] if runs else b"", []).append(pattern)
    return {word: re.compile(b"|".join(patterns)) for word, patterns in parts.items()}


def _build_confirmations():
    """The alternatives of TOKENS, by first word."""
    named = [(keyword, _kwarg([keyword]))
             for keyword in set(MONGO_KEYWORDS) | set(WRITE_KEYWORDS)]
    named += [(keyword, _quoted([keyword])) for keyword in MONGO_KEYWORDS]
    named += [(name, rb"\b" + re.escape(name.encode("ascii")) + rb"\b") for name in _NAMES]
    named.append(("_id", rb"['\"]_id['\"]"))
    return _by_first_word(named)


_CONFIRM = _build_confirmations()
_COMMAND_CONFIRM = _by_first_word((command, _quoted([command], insensitive=True))
                                  for command in _command_names())
_OPERATOR_RE = re.compile(_OPERATOR)
_ALWAYS = _CONFIRM.pop(b"", None)  # a name with no \w in it: always run
_SHORT = {word: _CONFIRM.pop(word) for word in (b"w", b"j") if word in _CONFIRM}
_SHORT_LITERALS = tuple(sep + word + b"=" for word in _SHORT for sep in (b"(", b","))
_CONFIRM_WORDS = frozenset(_CONFIRM)

# The confirmations run as literal searches: each regex of _CONFIRM starts with a
# character class ([(,] or a quote), which the regex engine tries at every byte
# (0.6 ms a search, most of a file's scan); bytes.find jumps to the keyword, and
# its neighbours are checked around it, as the regex reads them.
_SPACE_BYTES = frozenset(_WS)
_QUOTE_BYTES = frozenset(b"'\"")
_ARGUMENT_START = frozenset(b"(,")
_WORD_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _kwarg_in(data: bytes, keyword: bytes) -> bool:
    """``_kwarg([keyword])`` matches *data*: ``[(,]\\s*keyword\\s*=(?!=)``."""
    end, size = len(data), len(keyword)
    at = data.find(keyword)
    while at != -1:
        before = at - 1
        while before >= 0 and data[before] in _SPACE_BYTES:
            before -= 1
        if before >= 0 and data[before] in _ARGUMENT_START:
            after = at + size
            while after < end and data[after] in _SPACE_BYTES:
                after += 1
            if after < end and data[after] == 61 and (after + 1 == end or data[after + 1] != 61):
                return True  # 61: "="
        at = data.find(keyword, at + 1)
    return False


def _quoted_in(data: bytes, word: bytes) -> bool:
    """``_quoted([word])`` matches *data*: ``['"]word['"]``."""
    size = len(word)
    at = data.find(word)
    while at != -1:
        if at and data[at - 1] in _QUOTE_BYTES and at + size < len(data) and \
                data[at + size] in _QUOTE_BYTES:
            return True
        at = data.find(word, at + 1)
    return False


def _word_in(data: bytes, word: bytes) -> bool:
    """``\\bword\\b`` matches *data* (*word* all \\w)."""
    size = len(word)
    at = data.find(word)
    while at != -1:
        if (not at or data[at - 1] not in _WORD_CHARS) and (
                at + size == len(data) or data[at + size] not in _WORD_CHARS):
            return True
        at = data.find(word, at + 1)
    return False


def _confirmation_searches():
    """{first word: [(search, literal)]}: _CONFIRM's alternatives, as _build_confirmations
    lists them, for has_token (the short words keep their regexes)."""
    named = [(keyword, _kwarg_in) for keyword in set(MONGO_KEYWORDS) | set(WRITE_KEYWORDS)]
    named += [(keyword, _quoted_in) for keyword in MONGO_KEYWORDS]
    named += [(name, _word_in) for name in _NAMES]
    named.append(("_id", _quoted_in))
    out: Dict[bytes, list] = {}
    for name, search in named:
        first = re.findall(rb"\w+", name.lower().encode("ascii"))[0]
        if first in _CONFIRM_WORDS:
            out.setdefault(first, []).append((search, name.encode("ascii")))
    return out


_CONFIRM_SEARCHES = _confirmation_searches()
# the command names are quoted case-insensitively: searched in the lower-cased bytes
_COMMAND_SEARCHES = {word: [name.lower().encode("ascii") for name in _command_names()
                            if re.findall(rb"\w+", name.lower().encode("ascii"))[0] == word]
                     for word in _COMMAND_CONFIRM}


def has_token(data: bytes) -> bool:
    """True when *data* holds an evidence token (rule 1): :func:`token_definition`."""
    low = data.lower()
    for stem in _STEM_BYTES:
        if stem in low:
            return True
    if (b"'$" in data or b'"$' in data) and _OPERATOR_RE.search(data):
        return True
    words = set(low.translate(_TO_SPACE).split())
    for word in words & _CONFIRM_WORDS:
        for search, literal in _CONFIRM_SEARCHES[word]:
            if search(data, literal):
                return True
    if b"command" in data:
        for word in words.intersection(_COMMAND_SEARCHES):
            for name in _COMMAND_SEARCHES[word]:
                if _quoted_in(low, name):
                    return True
    if _ALWAYS is not None and _ALWAYS.search(data):
        return True
    if _SHORT and not words.isdisjoint(_SHORT):
        compact = data.translate(None, _WS)
        if any(literal in compact for literal in _SHORT_LITERALS):
            return any(regex.search(data) for regex in _SHORT.values())
    return False


def names_mongo(data: bytes) -> bool:
    """Does *data* spell ``mongo``, ``bson`` or ``gridfs`` (any case)?  The
    narrowest part of rule 1: a module that names MongoDB itself (a
    ``mongo_collection`` parameter, a docstring citing
    ``pymongo.collection.Collection``), not only a word MongoDB shares with
    others (a quoted ``'group'``, ``multi=``)."""
    low = data.lower()
    return any(stem in low for stem in _STEM_BYTES)


# -- import statements, from the bytes ----------------------------------------------

_IMPORT = re.compile(rb"\bimport\b")
_CONTINUATION = re.compile(rb"\\\r?\n")
_FROM_SPEC = re.compile(rb"(?<![\w.])from(?:\s*(\.+)\s*|\s+)((?:\w+\s*\.\s*)*\w+)?\s*\Z")
_DOTTED = re.compile(rb"\w+(?:\s*\.\s*\w+)*")
_WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_SPACE = re.compile(rb"\s+")


def _statements(data: bytes):
    """The logical lines (backslash and parenthesis continuations joined) that
    hold ``import``."""
    end = 0
    for found in _IMPORT.finditer(data):
        if found.start() < end:
            continue  # a second import on a logical line already given
        start = data.rfind(b"\n", 0, found.start()) + 1
        while start > 1 and data[start - 2:start - 1] == b"\\":
            start = data.rfind(b"\n", 0, start - 1) + 1  # "from x \\" on the line before
        end = data.find(b"\n", found.end())
        end = len(data) if end < 0 else end
        while end < len(data) and (data[end - 1:end] == b"\\" or (
                b"(" in data[start:end] and b")" not in data[data.find(b"(", start):end])):
            following = data.find(b"\n", end + 1)
            end = len(data) if following < 0 else following
        yield _CONTINUATION.sub(b" ", data[start:end])


def _name(raw: bytes) -> str:
    return _SPACE.sub(b"", raw).decode("ascii", "replace")


def import_statements(data: bytes):
    """(plain, froms) of every ``import`` in *data*, loosely read (a superset):
    *plain* the dotted names after any ``import`` (``import a.b`` binds
    ``a.b``); *froms* (level, module, names) of each ``from [.]module import
    names`` (names: every word after ``import`` on the logical line)."""
    plain, froms = set(), set()
    for line in _statements(data):
        for found in _IMPORT.finditer(line):
            rest = line[found.end():]
            spec = _FROM_SPEC.search(line, 0, found.start())
            if spec is None:
                plain.update(_name(d) for d in _DOTTED.findall(rest))
            else:
                level = len(spec.group(1) or b"")
                module = _name(spec.group(2)) if spec.group(2) else ""
                names = {w.decode("ascii") for w in _WORD.findall(rest)}
                if b"*" in rest:
                    names.add("*")  # from m import *: the analysis binds m.*
                names = tuple(sorted(names))
                froms.add((level, module, names))
    return tuple(sorted(plain)), tuple(sorted(froms))


class Scan(NamedTuple):
    """What the prefilter needs of one file, from its bytes: the token test and,
    for a file without a token, its import statements (:func:`import_statements`)."""
    token: bool
    plain: Tuple[str, ...] = ()
    froms: Tuple[Tuple[int, str, Tuple[str, ...]], ...] = ()


def scan(data: bytes) -> Scan:
    if has_token(data):
        return Scan(True)
    plain, froms = import_statements(data)
    return Scan(False, plain, froms)


def candidates(found: Scan, module_name: str, is_package: bool):
    """(bound, imported): every dotted name the file may bind by an import, and
    every module it may import (supersets of its analysis's ``bound_imports``
    and ``imported_modules``); relative imports resolved as the analysis does."""
    bound = set(found.plain)
    imported = set(found.plain)
    where = _Where(module_name, is_package)
    siblings, imported_siblings = set(), set()
    for level, module, names in found.froms:
        base = ModuleAnalysis.resolve_from(where, _From(level, module or None))
        if base:
            imported.add(base)
        bound.update(base + "." + n if base else n for n in names)
        if not level and base:
            siblings.update(base + "." + n for n in names)
            imported_siblings.add(base)
    siblings.update(found.plain)
    bound = _spellings(bound) | _siblings(where, _spellings(siblings))
    imported = _spellings(imported) | _siblings(where, _spellings(imported_siblings)) | bound
    return bound, imported


def _siblings(where, names):
    """*names* as Python 2's implicit relative import reads them from a module
    of a package (ModuleAnalysis._implicit_relative)."""
    parts = where.module_name.split(".") if where.module_name else []
    if not where.is_package:
        parts = parts[:-1]
    prefix = ".".join(parts)
    return frozenset(prefix + "." + name for name in names) if prefix else frozenset()


# Python 3 keywords that Python 2 code uses as names: the analysis of a Python 2
# file reads them renamed (legacy_mongo/lint/py2.py: ``async`` -> ``async_``).
_PY2_RENAMED = frozenset(("async", "await", "nonlocal"))


def _spellings(names):
    """*names* as the analysis spells them (flask.ext.x is flask_x), and with
    Python 2's renamed keywords."""
    out = set()
    for name in names:
        name = _flask_ext(name)
        out.add(name)
        parts = name.split(".")
        if not _PY2_RENAMED.isdisjoint(parts):
            out.add(_flask_ext(".".join(p + "_" if p in _PY2_RENAMED else p for p in parts)))
    return frozenset(out)


class _Where(NamedTuple):  # what ModuleAnalysis.resolve_from reads of a module
    module_name: str
    is_package: bool


class _From(NamedTuple):  # ... and of an ImportFrom node
    level: int
    module: object


class Facts(NamedTuple):
    """What the analyses of the linted files give other modules (rules 2, 3)."""
    values: FrozenSet[str]             # module-level summary keys (qualified names)
    evidence_modules: FrozenSet[str]   # modules that import PyMongo
    # top package -> methods of the index returning a PyMongo object, with at
    # least LIKELY confidence (those a file with no evidence can use)
    definers: Dict[str, Set[str]]
    # top package -> names asked of the index where another definition can
    # still change the answer (not yet vetoed for good)
    asked: Dict[str, Set[str]]
    # top package -> methods of the index returning a PyMongo object, at any
    # confidence (a definer that can only veto matters only to these)
    positive: Dict[str, Set[str]] = {}
    # the packages of the modules that import PyMongo (engine.package_of), and
    # the modules those modules import (rule 5)
    evidence_packages: FrozenSet[str] = frozenset()
    evidence_imports: FrozenSet[str] = frozenset()


# How many files defining one asked name rule 3 admits in one round.
DEFINERS_PER_ROUND = 1


def prepare(found: Scan, module: tuple, data: bytes):
    """What :class:`Prefilter` reads of a file without a token, every round: its
    :func:`candidates` and :func:`definitions`; taken where the bytes are read
    (the scan's worker), and given to the Prefilter as *prepared*."""
    return candidates(found, *module), definitions(data)


class Prefilter:
    """Rules 2, 3 and 5 over a tree.

    *scans*: {path: Scan}; *modules*: {path: (dotted name, is_package)};
    *read*: path -> the file's bytes (rule 3 only, on demand); *prepared*:
    {path: :func:`prepare`'s answer}, for the files it was taken for (the
    others are read when asked).
    """

    def __init__(self, scans: Dict[str, Scan], modules: Dict[str, tuple], read,
                 prepared=None):
        self.scans = scans
        self.modules = modules
        self.read = read
        self.linted: Set[str] = {p for p, found in scans.items() if found.token}
        self._candidates: Dict[str, tuple] = {}
        self._definitions: Dict[str, FrozenSet[str]] = {}
        for path, (found, defined) in (prepared or {}).items():
            self._candidates[path] = found
            self._definitions[path] = defined
        # per path, what every round asks of it, computed once: (bound, the
        # imported names and their parent modules, the top packages it may
        # use, its own top package, the modules it star-imports)
        self._shapes: Dict[str, tuple] = {}
        # per path, the method names rule 3 already found it does not mention:
        # its bytes do not change between rounds, so they are not looked for again
        self._absent: Dict[str, Set[str]] = {}
        self._hinted: Dict[str, bool] = {}
        self._top_definitions: Dict[str, FrozenSet[str]] = {}

    def candidates(self, path):
        """(bound, imported) names of *path* (:func:`candidates`)."""
        found = self._candidates.get(path)
        if found is None:
            found = self._candidates[path] = candidates(self.scans[path], *self.modules[path])
        return found

    def _shape(self, path):
        shape = self._shapes.get(path)
        if shape is None:
            bound, imported = self.candidates(path)
            # name.rpartition(".")[0]: "" for a top-level name, as the analysis reads it
            reach = frozenset(imported) | {name.rpartition(".")[0] for name in imported}
            own = self.modules[path][0].partition(".")[0]
            packages = frozenset({name.partition(".")[0] for name in imported} | {own})
            stars = frozenset(name[:-2] for name in bound if name.endswith(".*"))
            shape = self._shapes[path] = (bound, reach, packages, own, stars)
        return shape

    def admit(self, facts: Facts) -> List[str]:
        """The files not linted yet that rules 2, 3 and 5 admit given *facts*."""
        values = set(facts.values)
        for key in facts.values:  # "import proj" reaches proj.db.client too
            parts = key.split(".")
            values.update(".".join(parts[:end]) for end in range(1, len(parts)))
        evidence = facts.evidence_modules
        definer_packages = facts.definers.keys()
        new = []
        definers = []  # (path, top package, asked names it defines): rule 3
        for path in self.scans:
            if path in self.linted:
                continue
            bound, reach, packages, own, stars = self._shape(path)
            if not bound.isdisjoint(values) or not reach.isdisjoint(evidence):
                new.append(path)
                continue
            if stars and not stars.isdisjoint(values):
                new.append(path)  # from app import *: the module's exports
                continue
            name, is_package = self.modules[path]
            if name in facts.evidence_imports and \
                    (name if is_package else name.rpartition(".")[0]) in \
                    facts.evidence_packages:
                new.append(path)  # rule 5
                continue
            called = set()
            for package in packages & definer_packages:
                called.update(facts.definers[package])
            if called:
                absent = self._absent.setdefault(path, set())
                called -= absent
                if called:
                    if mentions(self.read(path), called):
                        new.append(path)
                        continue
                    absent.update(called)
            asked = facts.asked.get(own, ())
            defined = self.definitions(path) & asked if asked else ()
            if defined and not self.hinted(path):
                # it can only veto a name, which matters only where another
                # definer gives the name a PyMongo result
                defined &= facts.positive.get(own, frozenset())
            if defined:
                definers.append((path, own, defined))
        # Rule 3's definers a few per asked name per round: the first definer
        # that returns something else vetoes the name for good (merge_summary),
        # and the next round, from the facts of this one, no longer asks it.  A
        # definer left out is looked at again then, so the rounds end where the
        # rule would: no file left that defines a name still asked.  In path order,
        # so the run does not depend on the order the workers return results.
        taken: Dict[Tuple[str, str], int] = {}
        for path, own, defined in sorted(definers, key=lambda item: item[0]):
            if any(taken.get((own, name), 0) < DEFINERS_PER_ROUND for name in defined):
                new.append(path)
                for name in defined:
                    taken[(own, name)] = taken.get((own, name), 0) + 1
        self.linted.update(new)
        return new

    def hinted(self, path) -> bool:
        """Does *path* hold a name that names a PyMongo kind (:func:`hinted`)?"""
        found = self._hinted.get(path)
        if found is None:
            found = self._hinted[path] = hinted(self.read(path))
        return found

    def definitions(self, path) -> FrozenSet[str]:
        found = self._definitions.get(path)
        if found is None:
            found = self._definitions[path] = definitions(self.read(path))
        return found

    def top_definitions(self, path) -> FrozenSet[str]:
        found = self._top_definitions.get(path)
        if found is None:
            found = self._top_definitions[path] = top_definitions(self.read(path))
        return found


# The method index holds methods of classes only: a ``def`` indented in its line
# (a class body never starts at column 0, and a def never follows ";").
_DEF = re.compile(rb"^[ \t\f]+(?:async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
# _DEF and _TOP_DEF as run (definitions, top_definitions): "\n" for "^", on the
# bytes after a "\n" (the same matches, in the same order), so the regex engine
# jumps from newline to newline instead of trying every byte: 2-3x faster, in
# the main process's admission rounds.
_DEF_AFTER_NEWLINE = re.compile(rb"\n[ \t\f]+(?:async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)")
_MENTION: Dict[str, "re.Pattern"] = {}


def definitions(data: bytes) -> FrozenSet[str]:
    """The names of every indented ``def`` in *data* (a superset of its methods),
    as the analysis spells them."""
    return _spellings(w.decode("ascii") for w in _DEF_AFTER_NEWLINE.findall(b"\n" + data))


# A class or function defined at the top of a module (rule 4: the names #p:
# entries name, a function or a class whose __init__ or method takes the objects).
_TOP_DEF = re.compile(rb"^(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_][A-Za-z0-9_]*)",
                      re.MULTILINE)
_TOP_DEF_AFTER_NEWLINE = re.compile(
    rb"\n(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_][A-Za-z0-9_]*)")


def top_definitions(data: bytes) -> FrozenSet[str]:
    """The names of every ``def`` and ``class`` at column 0 of *data*."""
    return frozenset(w.decode("ascii") for w in _TOP_DEF_AFTER_NEWLINE.findall(b"\n" + data))


# Every identifier inference.name_hint gives a kind (db, users_coll, self._conn,
# cursor ...), and more: such a word ends the name or follows "_" in it.  Names
# with "mongo" in them are evidence tokens already.
_HINT_WORD = re.compile(rb"(?i)(?:^|[^a-z0-9_]|_)(?:coll|collection|col|db|database|mdb|client|"
                        rb"conn|connection|cursor|cur)(?![a-z0-9_])")
# _HINT_WORD, run faster (hinted): on the lower-cased bytes (what (?i) does to
# ASCII), the words alone, and the byte before each match checked after it (a
# leading alternation made the regex engine try it at every byte, five times
# slower).  A match whose start fails the check hides none: every byte inside it
# is a letter, so no word can start there.
_HINT_WORDS = re.compile(rb"(?:coll|collection|col|db|database|mdb|client|conn|connection|"
                         rb"cursor|cur)(?![a-z0-9_])")
_WORD_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789"  # "_" may precede the word


def hinted(data: bytes) -> bool:
    """Can a file without a token type anything as a PyMongo object?  Only by a
    name (:func:`~.inference.name_hint`): no such name, no typed value, so no
    method of it returns one (rule 3).  ``_HINT_WORD.search(data)``."""
    low = data.lower()
    for found in _HINT_WORDS.finditer(low):
        start = found.start()
        if not start or low[start - 1] not in _WORD_BYTES:
            return True
    return False


def mentions(data: bytes, names: Iterable[str]) -> bool:
    """Does *data* hold one of *names* as a whole word (``async_`` as ``async``)?"""
    for name in names:
        if name.endswith("_") and name[:-1] in _PY2_RENAMED:
            name = name[:-1]
        raw = name.encode("ascii", "replace")
        if raw not in data:
            continue
        regex = _MENTION.get(name)
        if regex is None:
            regex = _MENTION[name] = re.compile(rb"(?<![\w])" + re.escape(raw) + rb"(?![\w])")
        if regex.search(data):
            return True
    return False


__all__ = ["COMMAND_TOKENS", "Facts", "Prefilter", "Scan", "TOKENS", "candidates", "definitions",
           "has_token", "hinted", "import_statements", "mentions", "names_mongo", "prepare",
           "scan", "token_definition", "top_definitions"]
