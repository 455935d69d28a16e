"""Reads of 2.x's ``system.indexes`` collection, answered from ``listIndexes``.

MongoDB <= 2.6 (and MMAPv1 on 3.x) kept one document per index in
``<db>.system.indexes`` (``{'v', 'key', 'name', 'ns', <options>}``) and 2.x
code queried it directly (``db['system.indexes'].find_one({'ns': 'test.t',
'name': 'a_1'})``).  Modern servers have no such collection, so the query
silently finds nothing.  Here the documents are rebuilt from ``listIndexes``
of every collection of the database (only the one an exact ``ns`` names) and
filtered client side.

The filter understands what 2.x code asks of index documents: equality on
top-level and dotted fields (whole sub-documents compare in order, as the
server compares them; ``True`` is not ``1``), ``$eq $ne $in $nin $exists``,
compiled regular expressions, and top-level ``$and``/``$or``.  Anything else
raises OperationFailure naming ``list_indexes()``: guessing a server
operator's semantics would answer wrongly without saying so.

Writes (2.x created an index by inserting its document here) are not
emulated: they reach the server as for any other collection.  Read-routing
options (read preference, slave_okay ...) are accepted and have no effect.
"""
import re
from collections.abc import Mapping

from bson.int64 import Int64
from bson.regex import Regex
from pymongo.errors import InvalidOperation, OperationFailure
from pymongo.synchronous.collection import Collection
from pymongo.synchronous.database import Database

from legacy_mongo.warnings import warn_legacy

NAME = "system.indexes"

_OPERATORS = ("$eq", "$ne", "$in", "$nin", "$exists")
_MISSING = object()


def _unsupported(what):
    return OperationFailure(
        "system.indexes emulation does not support %s: read "
        "db[name].list_indexes() (or index_information()) and filter in Python" % what)


# -- matching ------------------------------------------------------------------

def _is_number(value):
    return (isinstance(value, (int, float, Int64))) and not isinstance(value, bool)


def _equal(stored, wanted):
    """BSON equality: numbers by value whatever their type, bool apart from
    numbers, sub-documents field by field in order."""
    if _is_number(stored) and _is_number(wanted):
        return stored == wanted
    if isinstance(stored, bool) or isinstance(wanted, bool):
        return isinstance(stored, bool) and isinstance(wanted, bool) and stored is wanted
    if isinstance(stored, Mapping) and isinstance(wanted, Mapping):
        if len(stored) != len(wanted):
            return False
        return all(ks == kw and _equal(vs, vw) for (ks, vs), (kw, vw)
                   in zip(stored.items(), wanted.items()))
    if isinstance(stored, (list, tuple)) and isinstance(wanted, (list, tuple)):
        return len(stored) == len(wanted) and all(map(_equal, stored, wanted))
    if isinstance(stored, Mapping) or isinstance(wanted, Mapping):
        return False
    if isinstance(stored, str) and isinstance(wanted, str):
        return stored == wanted
    return type(stored) is type(wanted) and stored == wanted


def _lookup(document, path):
    value = document
    for part in path.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        else:
            return _MISSING
    return value


def _value_matches(stored, wanted):
    """Equality (a regex matches strings; an array matches when it or one
    of its elements does; None matches a missing field)."""
    if wanted is None:
        return stored is _MISSING or stored is None
    if stored is _MISSING:
        return False
    if isinstance(wanted, Regex):
        wanted = wanted.try_compile()
    if isinstance(wanted, re.Pattern):
        if isinstance(stored, list):
            return any(isinstance(s, str) and wanted.search(s) for s in stored)
        return isinstance(stored, str) and wanted.search(stored) is not None
    if _equal(stored, wanted):
        return True
    return isinstance(stored, list) and any(_equal(item, wanted) for item in stored)


def _field_matches(document, path, condition):
    stored = _lookup(document, path)
    if isinstance(condition, Mapping) and condition and \
            all(str(key).startswith("$") for key in condition):
        for operator, operand in condition.items():
            if operator not in _OPERATORS:
                raise _unsupported("the %s operator" % operator)
            if operator == "$eq" and not _value_matches(stored, operand):
                return False
            if operator == "$ne" and _value_matches(stored, operand):
                return False
            if operator in ("$in", "$nin"):
                if not isinstance(operand, (list, tuple)):
                    raise OperationFailure("%s needs an array" % operator, 2)
                found = any(_value_matches(stored, item) for item in operand)
                if found != (operator == "$in"):
                    return False
            if operator == "$exists" and (stored is not _MISSING) != bool(operand):
                return False
        return True
    return _value_matches(stored, condition)


def matches(document, query):
    """Whether *document* satisfies *query* (see the module docstring)."""
    for key, condition in query.items():
        if key in ("$and", "$or"):
            if not isinstance(condition, (list, tuple)) or not condition:
                raise OperationFailure("%s needs a non-empty array" % key, 2)
            results = (matches(document, part) for part in condition)
            if not (all(results) if key == "$and" else any(results)):
                return False
        elif key.startswith("$"):
            raise _unsupported("the %s operator" % key)
        elif not _field_matches(document, key, condition):
            return False
    return True


# -- the documents -----------------------------------------------------------------

def _as_class(value, document_class):
    if isinstance(value, Mapping):
        return document_class((k, _as_class(v, document_class)) for k, v in value.items())
    if isinstance(value, list):
        return [_as_class(item, document_class) for item in value]
    return value


def _with_ns(index, namespace, document_class):
    """2.6's layout: ``v, key, name, ns`` then the options (``ns`` is kept
    when the server still sends it, as 3.x did), in the collection's
    document class (PyMongo 4's listIndexes decodes to SON, 2.8's query to
    the document class)."""
    pairs = []
    for key, value in index.items():
        pairs.append((key, value))
        if key == "name" and "ns" not in index:
            pairs.append(("ns", namespace))
    if "ns" not in index and "name" not in index:
        pairs.append(("ns", namespace))
    return document_class((key, _as_class(value, document_class)) for key, value in pairs)


def index_documents(database, query, document_class=dict):
    """The index documents of *database*, in collection then index order;
    only the named collection's when *query* has an exact string ``ns``."""
    prefix = database.name + "."
    ns = query.get("ns") if isinstance(query, Mapping) else None
    if isinstance(ns, str):
        names = [ns[len(prefix):]] if ns.startswith(prefix) else []
    else:
        names = [info["name"] for info in Database.list_collections(database)
                 if info.get("type", "collection") != "view"]
    out = []
    for name in names:
        for index in Collection.list_indexes(Database.__getitem__(database, name)):
            out.append(_with_ns(index, prefix + name, document_class))
    return out


# -- the cursor --------------------------------------------------------------------

def _sort_key(value):
    if value is _MISSING or value is None:
        return (0, 0)
    if _is_number(value):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, repr(value))


def _sort_spec(key_or_list, direction=None):
    if isinstance(key_or_list, str):
        return [(key_or_list, 1 if direction is None else direction)]
    if isinstance(key_or_list, Mapping):
        return list(key_or_list.items())
    if isinstance(key_or_list, (list, tuple)):
        return [(key, value) for key, value in key_or_list]
    raise TypeError("sort: key_or_list must be a string, a list of (key, direction) pairs "
                    "or a dict")


def _projection(fields):
    if fields is None:
        return None
    if isinstance(fields, (list, tuple)):
        fields = dict.fromkeys(fields, 1)
    if not isinstance(fields, Mapping):
        raise TypeError("fields must be a list of field names or a dict")
    for name in fields:
        if "." in name or name.startswith("$"):
            raise _unsupported("the projection %r" % name)
    include = {name for name, on in fields.items() if on and name != "_id"}
    exclude = {name for name, on in fields.items() if not on and name != "_id"}
    if include and exclude:
        raise OperationFailure("Projection cannot have a mix of inclusion and exclusion.", 2)
    if include:
        return lambda doc: type(doc)((k, v) for k, v in doc.items() if k in include)
    return lambda doc: type(doc)((k, v) for k, v in doc.items() if k not in exclude)


class SystemIndexesCursor:
    """The cursor of a ``system.indexes`` read: iteration, ``count``,
    ``limit``/``skip``/``sort``/``batch_size`` before iterating, indexing."""

    def __init__(self, collection, spec, fields=None, skip=0, limit=0, sort=None,
                 as_class=None):
        if spec is not None and not isinstance(spec, Mapping):
            raise TypeError("spec must be an instance of dict")
        self.collection = collection
        self._spec = dict(spec or {})
        self._fields = fields
        self._project = _projection(fields)
        self._skip = skip
        self._limit = limit
        self._sort = _sort_spec(sort) if sort is not None else None
        self._as_class = as_class
        self._results = None

    def _check_okay_to_chain(self):
        if self._results is not None:
            raise InvalidOperation("cannot set options after executing query")

    def limit(self, limit):
        if not isinstance(limit, int):
            raise TypeError("limit must be an integer")
        self._check_okay_to_chain()
        self._limit = limit
        return self

    def skip(self, skip):
        if not isinstance(skip, int):
            raise TypeError("skip must be an integer")
        if skip < 0:
            raise ValueError("skip must be >= 0")
        self._check_okay_to_chain()
        self._skip = skip
        return self

    def sort(self, key_or_list, direction=None):
        self._check_okay_to_chain()
        self._sort = _sort_spec(key_or_list, direction)
        return self

    def batch_size(self, batch_size):
        self._check_okay_to_chain()
        return self

    def _matching(self):
        document_class = self._as_class or self.collection.codec_options.document_class
        docs = [doc for doc in index_documents(self.collection.database, self._spec,
                                               document_class)
                if matches(doc, self._spec)]
        for key, direction in reversed(self._sort or []):
            docs.sort(key=lambda doc: _sort_key(_lookup(doc, key)), reverse=direction == -1)
        return docs

    def _run(self):
        if self._results is None:
            docs = self._matching()[self._skip:]
            if self._limit:
                docs = docs[:abs(self._limit)]
            if self._project is not None:
                docs = [self._project(doc) for doc in docs]
            self._results = iter(docs)
        return self._results

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._run())

    next = __next__

    def count(self, with_limit_and_skip=False):
        docs = self._matching()
        if with_limit_and_skip:
            docs = docs[self._skip:]
            if self._limit:
                docs = docs[:abs(self._limit)]
        return len(docs)

    def __getitem__(self, index):
        self._check_okay_to_chain()
        if isinstance(index, slice):
            if index.step is not None or (index.start or 0) < 0 or \
                    (index.stop is not None and index.stop < 0):
                raise IndexError("Cursor instances do not support negative indices or steps")
            self._skip = index.start or 0
            self._limit = 0 if index.stop is None else max(index.stop - self._skip, 0)
            if index.stop is not None and self._limit == 0:
                self._results = iter(())
            return self
        if not isinstance(index, int):
            raise TypeError("index %r cannot be applied to Cursor instances" % (index,))
        if index < 0:
            raise IndexError("Cursor instances do not support negative indices")
        clone = self.clone()
        clone._skip, clone._limit = self._skip + index, -1
        for doc in clone:
            return doc
        raise IndexError("no such item for Cursor instance")

    def clone(self):
        return SystemIndexesCursor(self.collection, self._spec, self._fields, self._skip,
                                   self._limit, self._sort, self._as_class)

    def rewind(self):
        self._results = None
        return self

    def close(self):
        self._results = iter(())

    @property
    def alive(self):
        return self._results is None or self._results.__length_hint__() > 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


_FIND_SLOTS = ("spec", "fields", "skip", "limit")
# Where a read goes does not change what the index documents are (and
# listIndexes reads the primary): these are accepted and have no effect.
_READ_ROUTING = ("slave_okay", "read_preference", "tag_sets",
                 "secondary_acceptable_latency_ms", "timeout", "network_timeout")
_ALIASES = {"filter": "spec", "projection": "fields"}


def find(collection, args, kwargs):
    """``find`` on ``system.indexes``: 2.8's positional slots ``spec,
    fields, skip, limit`` and keywords ``sort``, ``as_class`` (plus PyMongo
    4's ``filter``/``projection``), read-routing keywords ignored; any other
    option raises rather than being ignored."""
    warn_legacy("LM636")
    if len(args) > len(_FIND_SLOTS):
        raise _unsupported("more than %d positional find() arguments" % len(_FIND_SLOTS))
    options = dict(zip(_FIND_SLOTS, args))
    for key, value in kwargs.items():
        if key in _READ_ROUTING:
            continue
        key = _ALIASES.get(key, key)
        if key not in _FIND_SLOTS + ("sort", "as_class"):
            raise _unsupported("the find() option %r" % key)
        if key in options:
            raise TypeError("find() got multiple values for argument %r" % key)
        options[key] = value
    return SystemIndexesCursor(collection, options.pop("spec", None), **options)


def count(collection, query=None):
    warn_legacy("LM636")
    return SystemIndexesCursor(collection, query).count()


def distinct(collection, key, query, kwargs):
    warn_legacy("LM636")
    if kwargs:
        raise _unsupported("the distinct() option %r" % next(iter(kwargs)))
    values = []
    for doc in SystemIndexesCursor(collection, query):
        value = _lookup(doc, key)
        for item in value if isinstance(value, list) else [value]:
            if item is not _MISSING and not any(_equal(item, seen) for seen in values):
                values.append(item)
    return values
