"""Every legacy PyMongo 2.x API, as data: the single source of truth.

The runtime warnings (``legacy_mongo.warnings``), the linter's findings
(``legacy_mongo.lint``) and MIGRATION.md are produced from, or checked
against, the entries below.  A code is stable forever once released; codes are
grouped by family:

====== ==============================
LM0xx  meta (the linter itself: unparsable file ...)
LM1xx  clients (classes, constructor options)
LM2xx  requests (start_request, auto_start_request ...)
LM3xx  write concern (safe=, get/set_lasterror_options ...)
LM4xx  CRUD and other collection methods
LM5xx  cursor methods
LM6xx  database and admin (incl. removed server commands)
LM7xx  find options (removed find()/Cursor keywords)
LM8xx  imports and module paths
LM9xx  encoding (UUID representation, BSON defaults)
====== ==============================
"""
from dataclasses import dataclass, field
from typing import Dict, Tuple

FAMILIES = {
    "meta": "LM0",
    "clients": "LM1",
    "requests": "LM2",
    "write-concern": "LM3",
    "crud": "LM4",
    "cursor": "LM5",
    "database": "LM6",
    "find-options": "LM7",
    "imports": "LM8",
    "encoding": "LM9",
}

# How safe a mechanical rewrite is.
ALWAYS = "always"
NEVER = "never"
# Anything else is a sentence starting "only when ...".


@dataclass(frozen=True)
class Entry:
    code: str                 # "LM101"
    name: str                 # short identifier, e.g. "Connection"
    legacy: str               # the legacy spelling, e.g. "Connection(...)"
    message: str              # one sentence: what is removed and what to use instead
    replacement: str          # the exact modern code
    meaning: str              # what changes in meaning after the rewrite
    rewrite: str              # ALWAYS, NEVER or "only when ..."
    aliases: Tuple[str, ...] = field(default=())  # other spellings the linter matches

    @property
    def family(self) -> str:
        prefix = self.code[:3]
        for family, family_prefix in FAMILIES.items():
            if family_prefix == prefix:
                return family
        raise ValueError("code %s has no family" % self.code)

    @property
    def anchor(self) -> str:
        return self.code.lower()

    def format(self) -> str:
        """The message every consumer shows: code, text, link."""
        return "%s %s See MIGRATION.md#%s" % (self.code, self.message, self.anchor)


def _entries(*entries: Entry) -> Dict[str, Entry]:
    table = {}
    for entry in entries:
        if entry.code in table:
            raise ValueError("duplicate catalogue code %s" % entry.code)
        entry.family  # validates the prefix
        table[entry.code] = entry
    return table


CATALOGUE: Dict[str, Entry] = _entries(
    Entry(
        code="LM101",
        name="Connection",
        legacy="Connection(...)",
        message="Connection() is removed in PyMongo 3: use MongoClient(w=0) to keep "
        "unacknowledged writes, or MongoClient() for acknowledged ones.",
        replacement="MongoClient(w=0)",
        meaning="Connection() defaulted to unacknowledged writes and auto_start_request=True; "
        "MongoClient() acknowledges every write and has no requests.",
        rewrite="only when the code does not rely on requests (start_request/end_request) "
        "or on writes being unacknowledged",
    ),
)


def entry(code: str) -> Entry:
    """The catalogue entry for *code*; KeyError names the unknown code."""
    try:
        return CATALOGUE[code]
    except KeyError:
        raise KeyError("%s is not in legacy_mongo.catalogue" % code) from None


def codes_in_family(family: str):
    prefix = FAMILIES[family]
    return sorted(code for code in CATALOGUE if code.startswith(prefix))
