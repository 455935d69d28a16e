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
   keyword argument, or the name of
   a server command of the catalogue in quotes; or
2. it may import a linted module that exports something (PyMongo evidence or
   module-level PyMongo values in its summary; cross-module inference: a
   re-exported ``Connection``, a module-level client), or a package
   ``__init__.py`` that rule 2 added (it may re-export in turn): the last
   component
   of such a module's name is a word of one of its ``import`` lines, and so
   is the module's top-level package (an absolute import spells it) unless
   the file is inside that package (relative imports, Python 2's implicit
   ones); or it star-imports a package (``from .. import *``) of its own
   top-level package.  Repeated until nothing changes; or
3. it is in (or imports) a top-level package where a linted file defines a
   method of the method index that returns a PyMongo object, and it
   mentions that method's name (calls on unknown receivers); or it is in a
   top-level package whose linted files ask the method index about a name
   (or define one), and it defines a method of that name (``def name``: it
   may return a PyMongo object, even typed only by names, or veto the
   name).  This step needs the linted files' analyses, so
   :func:`legacy_mongo.lint.engine.lint_paths` repeats 2 and 3 after each
   round of analysis until no file is added.

Every other file is skipped unparsed, so LM001 (no parser accepts it) is only
reported for files that could hold a legacy use; LM002 (unreadable) is still
reported for every file, since the bytes are read and decoded anyway.

``tests/lint/test_prefilter.py`` proves the filter loses nothing: the whole
evaluation corpus and every fixture give the same findings with and without it,
and each file that has findings when linted alone passes the token test.
"""
import re
from typing import Dict, FrozenSet, Iterable, List, NamedTuple, Set

from legacy_mongo.catalogue import matches_of_kind
from legacy_mongo.lint.inference import EVIDENCE_ROOTS
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


def _build_tokens():
    stems = set(_STEMS)
    # a new evidence root that none of the stems covers is a token of its own
    stems.update(root for root in EVIDENCE_ROOTS if not any(s in root for s in _STEMS))
    # a keyword argument follows "(" or ","; "w = 5" on its own is no call
    keywords = set(MONGO_KEYWORDS) | set(WRITE_KEYWORDS)
    return re.compile(
        b"(?i:" + _alternation(stems) + b")"
        + rb"|['\"]\$|['\"]_id['\"]|\b(?:ObjectId|DBRef|SON)\b"
        + rb"|[(,]\s*(?:" + _alternation(keywords) + rb")\s*=(?!=)"
        + rb"|['\"](?:" + _alternation(MONGO_KEYWORDS) + rb")['\"]"
        + rb"|(?i:['\"](?:" + _alternation(_command_names()) + rb")['\"])")


TOKENS = _build_tokens()
_IMPORT = re.compile(rb"\bimport\b")
_RELATIVE_STAR = re.compile(rb"\bfrom\s+\.+\s+import\b")
_WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")


def has_token(data: bytes) -> bool:
    """True when *data* holds an evidence token (rule 1)."""
    return TOKENS.search(data) is not None


def words(data: bytes) -> FrozenSet[str]:
    return frozenset(w.decode("ascii") for w in _WORD.findall(data))


def import_words(data: bytes) -> FrozenSet[str]:
    """The names on every line that holds ``import`` (with its backslash and
    parenthesis continuations): a superset of the modules the file imports."""
    out = set()
    for found in _IMPORT.finditer(data):
        start = data.rfind(b"\n", 0, found.start()) + 1
        while start > 1 and data[start - 2:start - 1] == b"\\":
            start = data.rfind(b"\n", 0, start - 1) + 1  # "from x \\" on the line before
        end = data.find(b"\n", found.end())
        end = len(data) if end < 0 else end
        while end < len(data) and (data[end - 1:end] == b"\\" or (
                b"(" in data[start:end] and b")" not in data[data.find(b"(", start):end])):
            following = data.find(b"\n", end + 1)
            end = len(data) if following < 0 else following
        out.update(_WORD.findall(data[start:end]))
    return frozenset(w.decode("ascii") for w in out)


class Scan(NamedTuple):
    """What the prefilter needs of one file, from its bytes."""
    token: bool
    imports: FrozenSet[str]
    relative_star: bool


def scan(data: bytes) -> Scan:
    token = has_token(data)
    if token:
        return Scan(True, frozenset(), False)
    return Scan(False, import_words(data), _RELATIVE_STAR.search(data) is not None)


class Prefilter:
    """Rules 2 and 3 over a tree.

    *scans*: {path: Scan}; *modules*: {path: (dotted name, is_package)};
    *read_words*: path -> (words, names defined) of that file (rule 3 only, on
    demand: :func:`words_and_definitions` of its bytes).
    """

    def __init__(self, scans: Dict[str, Scan], modules: Dict[str, tuple], read_words):
        self.scans = scans
        self.modules = modules
        self.read_words = read_words
        self.linted: Set[str] = {p for p, found in scans.items() if found.token}
        # linted modules that give other files something: PyMongo evidence or
        # values in their summary (set by the caller from their analyses)
        self.sources: Set[str] = set()
        self._words: Dict[str, FrozenSet[str]] = {}

    def add_sources(self, paths: Iterable[str]) -> List[str]:
        """Mark *paths* as exporting modules; rule 2 from them."""
        before = len(self.sources)
        self.sources.update(paths)
        return self.importers() if len(self.sources) > before else []

    def importers(self) -> List[str]:
        """Rule 2 to a fixed point: files that may import a source module.  A
        package's ``__init__.py`` among them becomes a source in turn (the usual
        re-export: ``from .wrappers import Connection``, then ``from proj import
        Connection``); any other file does once its analysis says it exports."""
        added = []
        while True:
            last_names = {}  # last component -> top-level packages of source modules
            for path in self.sources:
                dotted = self.modules[path][0]
                if dotted:
                    last_names.setdefault(dotted.rpartition(".")[2], set()).add(
                        dotted.partition(".")[0])
            top_packages = set().union(*last_names.values()) if last_names else set()
            new = []
            for path, found in self.scans.items():
                if path in self.linted:
                    continue
                own = self.modules[path][0].partition(".")[0]
                for name in found.imports & set(last_names):
                    # an absolute import spells the top-level package; a relative
                    # (or Python 2 implicit relative) one is made inside it
                    if own in last_names[name] or last_names[name] & found.imports:
                        new.append(path)
                        break
                else:
                    if found.relative_star and own in top_packages:
                        new.append(path)
            if not new:
                return added
            self.linted.update(new)
            self.sources.update(p for p in new if self.modules[p][1])
            added.extend(new)

    def method_users(self, definers: Iterable[tuple], asked: Iterable[tuple]) -> List[str]:
        """Rule 3, then rule 2.  *definers*: (top package, method) of the method
        index entries that return a PyMongo object; *asked*: (top package,
        method) that linted files ask of the index (calls on unknown receivers)."""
        users: Dict[str, Set[str]] = {}
        for package, method in definers:
            users.setdefault(package, set()).add(method)
        defining: Dict[str, Set[str]] = {}
        for package, method in set(asked) | set(definers):
            defining.setdefault(package, set()).add(method)
        if not defining:
            return []
        new = []
        for path, found in self.scans.items():
            if path in self.linted:
                continue
            own = self.modules[path][0].partition(".")[0]
            packages = [p for p in users if p == own or p in found.imports]
            if not packages and own not in defining:
                continue
            file_words, defined = self._file_words(path)
            # a user of a PyMongo-returning method, or a file of the package that
            # defines an asked name (it may return PyMongo's, or veto the name)
            if any(users[p] & file_words for p in packages) or defining.get(own, set()) & defined:
                new.append(path)
        self.linted.update(new)
        return new + (self.importers() if new else [])

    def _file_words(self, path):
        found = self._words.get(path)
        if found is None:
            found = self._words[path] = self.read_words(path)
        return found


_DEF = re.compile(rb"\bdef\s+([A-Za-z_][A-Za-z0-9_]*)")


def words_and_definitions(data: bytes):
    """(every word, every name after ``def``) of *data*."""
    return (frozenset(w.decode("ascii") for w in _WORD.findall(data)),
            frozenset(w.decode("ascii") for w in _DEF.findall(data)))


__all__ = ["TOKENS", "Prefilter", "Scan", "has_token", "import_words", "scan", "words", "words_and_definitions"]
