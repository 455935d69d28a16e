"""The catalogue's ``Match`` records, indexed for the rules.

The rules never name a legacy API themselves: every method, attribute,
keyword, class, module, server command and URI option they look for comes
from ``legacy_mongo.catalogue`` (``Entry.matches``), and every message from
``entry(code).format()``.  Only entries with ``lint=True`` are indexed.
"""
import functools
import re
from typing import Dict, List, Set, Tuple

from legacy_mongo import catalogue

# Catalogue receiver names -> the kinds inference.py produces.
RECEIVER_KINDS = {
    "client": ("client",),
    "database": ("database",),
    "collection": ("collection",),
    "cursor": ("cursor",),
    "command_cursor": ("command_cursor",),
    "bulk": ("bulk", "bulkview"),
    "gridfs": ("gridfs",),
    "gridout": ("gridout", "gridin"),
    "son": ("son",),
    "any": ("client", "database", "collection"),
}

_PER_NAME_LIMIT = re.compile(r"^([\w./]+):\s*more than (\d+)$")


def _kinds(receivers):
    out = set()
    for receiver in receivers:
        out.update(RECEIVER_KINDS.get(receiver, (receiver,)))
    return out


class Index:
    def __init__(self, entries=None):
        entries = catalogue.CATALOGUE if entries is None else entries
        self.entries = entries
        # method name -> [(code, kinds, condition)]
        self.methods: Dict[str, List[Tuple[str, Set[str], str]]] = {}
        # attribute name -> [(code, kinds, condition)]
        self.attributes: Dict[str, List[Tuple[str, Set[str], str]]] = {}
        # keyword name -> [(code, call spec)] ; call spec: ("method", kinds, name) | ("ctor", name)
        self.keywords: Dict[str, List[Tuple[str, tuple]]] = {}
        self.keyword_condition: Dict[Tuple[str, str], str] = {}
        # positional: [(code, call spec, limit, {name: limit})]
        self.positionals: List[Tuple[str, tuple, int, Dict[str, int]]] = []
        # class qualname -> code ; class bare name -> [code]
        self.class_quals: Dict[str, str] = {}
        self.class_names: Dict[str, List[str]] = {}
        # import module -> [(code, names)]
        self.imports: Dict[str, List[Tuple[str, Tuple[str, ...]]]] = {}
        self.commands: Dict[str, List[str]] = {}
        self.uri_options: Dict[str, List[str]] = {}
        self.behaviours: List[str] = []
        self.lint_codes: Set[str] = set()
        for code, found in entries.items():
            if not getattr(found, "lint", True):
                continue
            self.lint_codes.add(code)
            for match in getattr(found, "matches", ()):
                self._add(code, match)

    def _add(self, code, match):
        kind = match.kind
        if kind == "method":
            for name in match.names:
                self.methods.setdefault(name, []).append(
                    (code, _kinds(match.receivers), match.condition))
        elif kind == "attribute":
            usage = getattr(match, "usage", "")
            for name in match.names:
                self.attributes.setdefault(name, []).append(
                    (code, _kinds(match.receivers), match.condition, usage))
        elif kind == "keyword":
            for call in match.calls:
                spec = call_spec(call)
                for name in match.names:
                    self.keywords.setdefault(name, []).append((code, spec))
                    if match.condition:
                        self.keyword_condition[(code, name)] = match.condition
        elif kind == "positional":
            overrides = {}
            shifted = "counts from the 2nd argument" in (match.condition or "")
            found = _PER_NAME_LIMIT.match(match.condition or "")
            if found:
                for name in found.group(1).split("/"):
                    overrides[name] = int(found.group(2))
            for call in match.calls:
                spec = call_spec(call)
                limit = match.max_positional
                if shifted and spec[0] == "ctor":
                    limit += 1  # Cursor(collection, ...): the collection comes first
                self.positionals.append((code, spec, limit, overrides))
        elif kind == "class":
            for name in match.names:
                self.class_names.setdefault(name, []).append(code)
                for module in match.modules:
                    self.class_quals[module + "." + name] = code
        elif kind == "import":
            for module in match.modules:
                self.imports.setdefault(module, []).append((code, tuple(match.names)))
        elif kind == "command":
            without = tuple(re.findall(r"without (\w+)=", match.condition or ""))
            for name in match.names:
                self.commands.setdefault(name.lower(), []).append((code, without))
        elif kind == "uri-option":
            for name in match.names:
                self.uri_options.setdefault(name.lower(), []).append((code, match.condition))
        elif kind == "behaviour":
            if code not in self.behaviours:
                self.behaviours.append(code)

    @functools.cached_property
    def ctor_names(self):
        """The last names of the constructors whose positional slots are known."""
        return frozenset(spec[1].rpartition(".")[2] for _code, spec, _limit, _o in
                         self.positionals if spec[0] == "ctor")

    def import_codes(self, module, name=None):
        """Codes for importing *module* (or *name* from it / reading module.name)."""
        out = []
        for code, names in self.imports.get(module, ()):
            if not names or (name is not None and name in names):
                out.append(code)
        probe = module.rpartition(".")[0]
        while probe:  # a submodule of a removed module (pymongo.son.SON)
            for code, names in self.imports.get(probe, ()):
                if not names:
                    out.append(code)
            probe = probe.rpartition(".")[0]
        return out


def call_spec(call):
    """'collection.find' -> ("method", kinds, "find"); 'MongoClient' -> ("ctor", ...)."""
    head, _, tail = call.partition(".")
    if tail and head in RECEIVER_KINDS:
        return ("method", frozenset(_kinds((head,))), tail)
    return ("ctor", call)


_INDEX = None


def get_index():
    global _INDEX
    if _INDEX is None:
        _INDEX = Index()
    return _INDEX
