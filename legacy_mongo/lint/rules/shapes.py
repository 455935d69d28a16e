"""Call shapes: the argument evidence for (or against) a legacy PyMongo call.

``shape(name, call)`` returns ``STRONG`` when the arguments are PyMongo's own
(a dict display with ``$`` operators or an ``_id`` key, ``ObjectId(...)``,
keywords only PyMongo takes: ``safe``, ``multi``, ``upsert``, ``manipulate``
...), ``OK`` when they fit the legacy signature without proving anything, and
``NO`` when they rule PyMongo out (``list.insert(0, x)``, ``dict.update(m)``,
``str.count('x')``, Django's ``obj.save()``, ``m.group(1)``...).  The
collisions come from the "Ambiguous names" table of
``legacy-api-catalogue.md``.
"""
import ast

NO, OK, STRONG, MONGO = 0, 1, 2, 3

WRITE_KEYWORDS = frozenset(("safe", "w", "j", "wtimeout", "fsync", "manipulate",
                            "check_keys", "continue_on_error", "upsert", "multi"))
PYMONGO_KEYWORDS = WRITE_KEYWORDS | frozenset((
    "fields", "spec", "new", "remove", "full_response", "cache_for", "with_limit_and_skip",
    "as_class", "slave_okay", "tag_sets", "read_preference", "timeout", "network_timeout",
    "tailable", "await_data", "exhaust", "partial", "snapshot", "max_scan", "compile_re",
    "sort", "projection", "key", "condition", "initial", "reduce", "finalize"))

# Keywords no other common API takes: MongoDB evidence on their own.
MONGO_KEYWORDS = frozenset((
    "safe", "manipulate", "check_keys", "continue_on_error", "upsert", "multi", "fields",
    "spec", "slave_okay", "tag_sets", "as_class", "compile_re", "network_timeout",
    "max_scan", "secondary_acceptable_latency_ms", "await_data", "tailable", "exhaust",
    "snapshot", "partial", "cache_for", "drop_dups", "dropDups", "with_limit_and_skip",
    "full_response", "wtimeout", "uuid_subtype", "read_preference", "_must_use_master"))

# Names that collide with common Python APIs (list/dict/set/str, Django,
# SQLAlchemy, pandas, logging, re ...): they need more than a name-hinted
# receiver.
AMBIGUOUS = frozenset("""
insert update remove save count find find_one group aggregate reindex eval error logout
authenticate disconnect alive close fsync unlock options refresh explain distinct drop
rename where min max hosts seeds host port
""".split())

_ID_CALLS = frozenset(("ObjectId", "SON", "DBRef", "objectid.ObjectId", "bson.ObjectId",
                       "bson.objectid.ObjectId"))


def _call_name(node):
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def is_operator_key(key):
    """A MongoDB operator: ``$`` and a lower-case letter (``$set``, ``$gt``, ``$query``).
    ``"$HOME"``, ``"${name}"`` or a regex's ``"$"`` are keys of other code; the
    prefilter's token for operators (``prefilter._OPERATOR``) reads the same."""
    return key[:1] == "$" and "a" <= key[1:2] <= "z"


def is_mongo_doc(node):
    """A dict display whose keys look like MongoDB's ($operators, _id), SON(...)."""
    if isinstance(node, ast.Dict):
        for key in node.keys:
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                if is_operator_key(key.value) or key.value == "_id":
                    return True
        return False
    if isinstance(node, ast.Call):
        return _call_name(node) in ("SON", "ObjectId", "DBRef")
    return False


def is_mapping(node):
    """A literal mapping: dict display, dict comprehension, dict(...)/SON(...)."""
    if isinstance(node, (ast.Dict, ast.DictComp)):
        return True
    if isinstance(node, ast.Call):
        return _call_name(node) in ("dict", "SON", "OrderedDict")
    return False


def is_scalar(node):
    return isinstance(node, (ast.Constant, ast.JoinedStr)) and not (
        isinstance(node, ast.Constant) and node.value is None)


def _legacy_keywords(call, names=WRITE_KEYWORDS):
    return any(k.arg in names for k in call.keywords if k.arg)


def shape(name, call):
    """NO, OK, STRONG, or MONGO: STRONG plus arguments only MongoDB code writes
    ($-operators, an _id key, ObjectId(...), PyMongo-only write keywords)."""
    result = _shape(name, call)
    if result == STRONG and (_legacy_keywords(call) or any(is_mongo_doc(a) for a in call.args)):
        return MONGO
    return result


# Keywords the 2.8 write methods (and their 4.x successors) accept.
_WRITE_SIGNATURE = WRITE_KEYWORDS | frozenset((
    "doc_or_docs", "to_save", "spec", "document", "spec_or_id", "bypass_document_validation",
    "session", "collation", "hint", "array_filters", "comment", "let", "ordered",
    "write_concern"))


def _shape(name, call):
    args = call.args
    nargs = len(args)
    if name in ("insert", "save", "update", "remove") and any(
            k.arg and k.arg not in _WRITE_SIGNATURE for k in call.keywords):
        return NO  # versioned_doc.remove(q, versioning=True): not PyMongo's signature
    named = [k for k in call.keywords if k.arg]
    if any(isinstance(a, ast.Starred) for a in args):
        return STRONG if _legacy_keywords(call) else OK  # forwarding *args
    if name == "insert":
        if _legacy_keywords(call):
            return STRONG
        if nargs != 1:
            return NO
        arg = args[0]
        if is_mapping(arg) or (isinstance(arg, (ast.List, ast.Tuple)) and arg.elts
                               and all(is_mapping(e) for e in arg.elts)):
            return STRONG
        if isinstance(arg, ast.ListComp) and is_mapping(arg.elt):
            return STRONG
        if is_scalar(arg):
            return NO
        return OK
    if name == "save":
        if _legacy_keywords(call):
            return STRONG
        if nargs != 1 or named:
            return NO
        if is_mapping(args[0]):
            return STRONG
        if is_scalar(args[0]) or isinstance(args[0], (ast.List, ast.Tuple)):
            return NO
        return OK
    if name == "update":
        # update(spec=..., document=..., multi=True): 2.8's positional slots by name
        slots = nargs + sum(1 for k in named if k.arg in ("spec", "document"))
        if _legacy_keywords(call):
            return STRONG if slots >= 1 else NO
        if nargs == 0 and slots == 2:
            return OK
        if nargs < 2:
            return NO
        if is_scalar(args[0]) or is_scalar(args[1]):
            return NO
        if is_mongo_doc(args[1]) or is_mongo_doc(args[0]) or is_mapping(args[0]):
            return STRONG
        if isinstance(args[0], (ast.List, ast.Tuple, ast.Set)):
            return NO
        return OK
    if name == "remove":
        if _legacy_keywords(call):
            return STRONG
        if nargs == 0:
            return OK if not named else NO
        if nargs > 1:
            return NO  # 2.8's 2nd positional was safe; list.remove takes one
        arg = args[0]
        if is_mapping(arg) or is_mongo_doc(arg):
            return STRONG
        return OK
    if name == "count":
        if named:
            return STRONG if _legacy_keywords(call, PYMONGO_KEYWORDS) else NO
        if nargs == 0:
            return OK
        if nargs == 1 and is_mapping(args[0]):
            return STRONG
        if nargs == 1 and isinstance(args[0], ast.Constant) and isinstance(args[0].value, bool):
            return OK  # cursor.count(True)
        return NO
    if name == "group":
        if nargs >= 4 or _legacy_keywords(call, frozenset(("key", "condition", "initial",
                                                           "reduce", "finalize"))):
            return STRONG
        return NO
    if name == "aggregate":
        if nargs >= 1 and isinstance(args[0], (ast.Dict, ast.List)):
            return STRONG
        return OK if nargs == 1 else NO
    if name in ("reindex", "disconnect", "alive", "error", "last_status", "previous_error",
                "reset_error_history", "logout", "unlock", "in_request", "end_request",
                "collection_names", "database_names", "profiling_info", "profiling_level"):
        # these took no required argument in 2.8
        if nargs > 1:
            return NO
        return OK
    if name == "eval":
        return OK if nargs >= 1 and not call.keywords else NO
    if name == "authenticate":
        # authenticate(**credentials): name and password from a dict (Ming's
        # authenticate={'name': ..., 'password': ...} option)
        forwarded = not nargs and any(k.arg is None for k in call.keywords)
        return OK if 1 <= nargs <= 2 or forwarded or _legacy_keywords(
            call, frozenset(("mechanism", "source"))) else NO
    return OK
