"""Every deprecation warning of the shim: classes, attribution, policy, counting.

The runtime calls :func:`warn_legacy` with a catalogue code at the entry of
every legacy method, constructor or keyword.  That call

* attributes the use to the *user's* line: it walks out of every frame whose
  module is ``legacy_mongo``/``pymongo``/``bson``/``gridfs``/``wrapt`` (or a
  submodule of one), however deep, like SQLAlchemy's ``_warnings_warn``;
* counts it per ``(filename, lineno, code)``, always, even when silenced, for
  the usage report (``usage()``, ``write_report()``, ``LEGACY_MONGO_REPORT``);
* applies the action the policy gives the code (``legacy_mongo.config``):
  ``default`` warns once per call site, ``always`` at every call, ``error``
  raises :class:`LegacyAPIError` from the user's call, ``ignore`` only counts.

Warnings go through :func:`warnings.warn_explicit` with the user's filename,
line, module and ``__warningregistry__``, so ``-W``/``PYTHONWARNINGS``,
``warnings.filterwarnings`` and ``warnings.catch_warnings(record=True)`` all see
them as if the user's line had called ``warnings.warn``.  "Once per site"
follows Python's own ``default`` action: entering or leaving a
``warnings.catch_warnings()`` block (which pytest does around every test)
starts afresh, so a site warns again inside it (filters changed in place,
without catch_warnings, do not reset it; ``reload_policy()`` does).

The fast path, for a site already warned about, is the frame walk, one dict
lookup keyed by (code object id, instruction offset, code), a counter increment
and an identity test (see benchmarks/warn_overhead.py).  The runtime's hottest
methods (insert, update, remove) call :func:`warn_legacy_call` instead: one
lookup for all the codes of the call, the walk starting at the user's frame.

Counts are exact in a single thread; the counter is deliberately lock-free,
so under heavy threading an increment can (rarely) be lost.
"""
import atexit
import json
import os
import sys
import warnings as _warnings
from typing import Dict, Optional, Tuple

from legacy_mongo.catalogue import FAMILIES, entry as _catalogue_entry

REPORT_ENV_VAR = "LEGACY_MONGO_REPORT"
# Processes that share this value add their counts up in one report file: the
# first process of a run sets it, the processes it starts inherit it, and a
# later run (a new value) starts the file afresh.
REPORT_SESSION_ENV_VAR = "LEGACY_MONGO_REPORT_SESSION"

# Modules whose frames are never "the user's line".
INTERNAL_PACKAGES = ("legacy_mongo", "pymongo", "bson", "gridfs", "wrapt")


# ---------------------------------------------------------------------------
# Classes


class LegacyMongoWarning(DeprecationWarning):
    """Root of every legacy-mongo warning; instances carry ``.code`` (e.g. "LM101")."""

    family: Optional[str] = None
    code: Optional[str] = None

    @property
    def entry(self):
        """The catalogue entry of this warning's code."""
        return _catalogue_entry(self.code)


class ClientsWarning(LegacyMongoWarning):
    """LM1xx: legacy client classes and constructor options."""
    family = "clients"


class RequestsWarning(LegacyMongoWarning):
    """LM2xx: the request API (start_request, auto_start_request ...)."""
    family = "requests"


class WriteConcernWarning(LegacyMongoWarning):
    """LM3xx: safe=, getlasterror options and other legacy write concern."""
    family = "write-concern"


class CrudWarning(LegacyMongoWarning):
    """LM4xx: legacy collection methods (insert, update, remove, save ...)."""
    family = "crud"


class CursorWarning(LegacyMongoWarning):
    """LM5xx: legacy cursor methods."""
    family = "cursor"


class DatabaseWarning(LegacyMongoWarning):
    """LM6xx: legacy database and admin methods."""
    family = "database"


class FindOptionsWarning(LegacyMongoWarning):
    """LM7xx: removed find()/Cursor keywords."""
    family = "find-options"


class ImportsWarning(LegacyMongoWarning):
    """LM8xx: legacy import paths and module constants."""
    family = "imports"


class BSONEncodingWarning(LegacyMongoWarning):
    """LM9xx: legacy encoding defaults (UUID representation, BSON options).

    Not called EncodingWarning: that is a Python builtin since 3.10."""
    family = "encoding"


class LintMetaWarning(LegacyMongoWarning):
    """LM0xx: codes about the linter itself; the runtime does not emit them."""
    family = "meta"


WARNING_CLASSES: Dict[str, type] = {
    cls.family: cls
    for cls in (ClientsWarning, RequestsWarning, WriteConcernWarning, CrudWarning,
                CursorWarning, DatabaseWarning, FindOptionsWarning, ImportsWarning,
                BSONEncodingWarning, LintMetaWarning)
}
assert set(WARNING_CLASSES) == set(FAMILIES), "one warning class per catalogue family"


def warning_class(family: str) -> type:
    """The warning class for a catalogue family name."""
    return WARNING_CLASSES[family]


class LegacyAPIError(Exception):
    """Raised instead of a warning when the policy for a code is ``error``.

    ``.code`` and ``.entry`` identify the legacy API, ``.filename`` and
    ``.lineno`` the user's line that called it; ``str()`` is the catalogue's
    formatted message."""

    def __init__(self, code: str, filename: Optional[str] = None, lineno: Optional[int] = None):
        self.code = code
        self.entry = _catalogue_entry(code)
        self.filename = filename
        self.lineno = lineno
        super().__init__(self.entry.format())

    def __reduce__(self):
        return (type(self), (self.code, self.filename, self.lineno))


# ---------------------------------------------------------------------------
# State.  Module globals so the fast path reads them with LOAD_GLOBAL.
#
# _records maps (id(code object), instruction offset, catalogue code) -- cheap to
# get from a frame, unlike f_lineno -- to a list
#   [count, marker, code object, filename, lineno, catalogue code]
# where marker is the warnings.filters list that was in force when the site was
# dealt with (warned once, or ignored), or None when every call must take the
# slow path (always/error).  The record keeps its code object alive, so the id
# in the key cannot be reused.  Several records can share one (filename,
# lineno, code) site: usage() adds them up and _site_markers makes "once per
# site" hold per line.

_getframe = sys._getframe
_records: Dict[Tuple[int, int, str], list] = {}
_site_markers: Dict[Tuple[str, int, str], object] = {}
_internal_by_module: Dict[Optional[str], bool] = {}
# warn_legacy_call's sites: (id(code object), instruction offset, codes) ->
# (the warnings.filters every record was settled under, the per-code records).
_groups: Dict[Tuple[int, int, tuple], tuple] = {}
_policy = None

_COUNT, _MARKER, _CODE_OBJECT, _FILENAME, _LINENO, _CODE = range(6)


def _is_internal(module_name) -> bool:
    """Classify (and cache) a frame's module name."""
    internal = False
    if isinstance(module_name, str):
        for package in INTERNAL_PACKAGES:
            if module_name == package or module_name.startswith(package + "."):
                internal = True
                break
    _internal_by_module[module_name] = internal
    return internal


def warn_legacy(code: str, *more: str) -> None:
    """Record a legacy call of catalogue *code* and warn/raise per the policy.

    *more*: further codes of the same call (a legacy method and its legacy
    keywords), attributed to the same line with one walk out of the library."""
    frame = _getframe(1)
    while True:
        name = frame.f_globals.get("__name__")
        internal = _internal_by_module.get(name)
        if internal is None:
            internal = _is_internal(name)
        if not internal:
            break
        outer = frame.f_back
        if outer is None:  # only library frames: use the outermost one
            break
        frame = outer
    # The fast path (a site already dealt with) is inlined: it runs at every
    # legacy call, and a Python call costs about as much as the lookup.
    code_object = frame.f_code
    lasti = frame.f_lasti
    for each in (code, *more) if more else (code,):
        record = _records.get((id(code_object), lasti, each))
        if record is None:
            _first_or_every_call(_new_record(each, frame, code_object), frame)
        else:
            record[0] += 1
            if record[1] is not _warnings.filters:
                _first_or_every_call(record, frame)


def warn_legacy_call(codes) -> None:
    """:func:`warn_legacy` for the runtime's legacy methods: *codes* (a tuple
    constant, e.g. ``("LM401", "LM307")``) are the codes of one call, and the
    caller is the legacy method the user called, so the walk starts at the
    caller's caller (the method's own frame is library code: skipping it
    gives the same site and saves making its frame object).

    A site already dealt with for every code takes one lookup keyed by
    (code object id, instruction offset, codes) and a count per code, instead
    of a lookup per code; the per-code records (counts, markers) are the
    ones :func:`warn_legacy` keeps, so ``usage()`` and the once-per-site rule
    see no difference.  Not for user code: there the walk would start one
    frame too far out."""
    frame = _getframe(2)
    while True:
        name = frame.f_globals.get("__name__")
        internal = _internal_by_module.get(name)
        if internal is None:
            internal = _is_internal(name)
        if not internal:
            break
        outer = frame.f_back
        if outer is None:
            break
        frame = outer
    code_object = frame.f_code
    key = (id(code_object), frame.f_lasti, codes)
    group = _groups.get(key)
    if group is not None and group[0] is _warnings.filters:
        for record in group[1]:
            record[0] += 1
        return
    _group_slow_path(key, codes, frame, code_object)


def _group_slow_path(key, codes, frame, code_object):
    """warn_legacy_call's first call at a site under the current filters, or
    every call when a code's action is always/error: the per-code path, then
    the group is remembered once every code is settled for these filters."""
    lasti = key[1]
    records = []
    for each in codes:
        record = _records.get((id(code_object), lasti, each))
        if record is None:
            record = _new_record(each, frame, code_object)
            _first_or_every_call(record, frame)
        else:
            record[0] += 1
            if record[1] is not _warnings.filters:
                _first_or_every_call(record, frame)
        records.append(record)
    filters = _warnings.filters
    if all(record[_MARKER] is filters for record in records):
        _groups[key] = (filters, tuple(records))


def user_call_site():
    """(filename, lineno) of the innermost frame outside legacy_mongo,
    PyMongo, bson, gridfs and wrapt: the user's line."""
    frame = _getframe(1)
    while frame.f_back is not None:
        name = frame.f_globals.get("__name__")
        internal = _internal_by_module.get(name)
        if internal is None:
            internal = _is_internal(name)
        if not internal:
            break
        frame = frame.f_back
    return frame.f_code.co_filename, frame.f_lineno


def _new_record(code, frame, code_object):
    record = [1, None, code_object, code_object.co_filename, frame.f_lineno, code]
    _records[(id(code_object), frame.f_lasti, code)] = record
    return record


def _first_or_every_call(record, frame):
    """The slow path: first call at a site under the current warnings filters,
    or every call for the always/error actions."""
    code, filename, lineno = record[_CODE], record[_FILENAME], record[_LINENO]
    filters = _warnings.filters
    site = (filename, lineno, code)
    if _site_markers.get(site) is filters:
        # Another instruction on the same line already warned (or was ignored).
        record[_MARKER] = filters
        return
    policy = _policy if _policy is not None else _load_policy()
    action = policy.action_for(code)
    if action == "ignore":
        record[_MARKER] = _site_markers[site] = filters
        return
    if action == "error":
        raise LegacyAPIError(code, filename, lineno)
    catalogue_entry = _catalogue_entry(code)
    category = WARNING_CLASSES[catalogue_entry.family]
    message = category(catalogue_entry.format())
    message.code = code
    module_globals = frame.f_globals
    registry = module_globals.get("__warningregistry__")
    if registry is None:
        try:
            registry = module_globals["__warningregistry__"] = {}
        except TypeError:  # pragma: no cover - exotic read-only globals
            registry = None
    _warnings.warn_explicit(message, category, filename, lineno,
                            module=module_globals.get("__name__"), registry=registry)
    # (No module_globals: for ``python -c`` code its loader is the builtin
    # importer, and linecache's lookup through it raises ImportError.)
    if action == "default":
        # Marked only once warn_explicit returned: under a -W error filter
        # every call raises, as with warnings.warn.
        record[_MARKER] = _site_markers[site] = filters


def _load_policy():
    global _policy
    from legacy_mongo.config import warning_policy
    _policy = warning_policy()
    return _policy


def reload_policy(policy=None):
    """Re-read the configuration and LEGACY_MONGO_WARNINGS (or use *policy*, a
    ``legacy_mongo.config.WarningPolicy``) and forget which sites have warned.
    Returns the policy now in force."""
    global _policy
    _forget_sites()
    if policy is None:
        _policy = None
        return _load_policy()
    _policy = policy
    return policy


def current_policy():
    """The policy in force (read from configuration on first use)."""
    return _policy if _policy is not None else _load_policy()


# ---------------------------------------------------------------------------
# Visibility


def _warnoption_mentions_us(option: str) -> bool:
    """Whether a -W / PYTHONWARNINGS option applies to LegacyMongoWarning."""
    parts = [part.strip() for part in option.split(":")]
    category = parts[2] if len(parts) > 2 else ""
    if not category:
        return True  # "-W error", "-W ignore": every category
    short = category.rsplit(".", 1)[-1]
    return short in {cls.__name__ for cls in LegacyMongoWarning.__mro__} or any(
        short == cls.__name__ for cls in WARNING_CLASSES.values())


def enable_default_visibility() -> bool:
    """Show legacy-mongo warnings even outside ``__main__``.

    Python hides DeprecationWarning unless it is attributed to ``__main__``;
    this installs an ``always`` filter for LegacyMongoWarning (our policy
    already limits it to once per site), unless the user said something about
    these warnings with ``-W``/``PYTHONWARNINGS`` or an existing filter for a
    legacy-mongo category.  Returns whether the filter was installed."""
    if any(_warnoption_mentions_us(option) for option in sys.warnoptions):
        return False
    for _action, _message, category, _module, _lineno in _warnings.filters:
        if isinstance(category, type) and issubclass(category, LegacyMongoWarning):
            return False
    _warnings.filterwarnings("always", category=LegacyMongoWarning)
    return True


# ---------------------------------------------------------------------------
# Counting and the usage report


def _forget_sites():
    """Make every site warn again at its next call (counts are kept)."""
    _site_markers.clear()
    _groups.clear()
    for record in _records.values():
        record[_MARKER] = None


def usage() -> Dict[Tuple[str, int, str], int]:
    """The counts so far: {(filename, lineno, code): calls}."""
    counts: Dict[Tuple[str, int, str], int] = {}
    for record in list(_records.values()):
        site = (record[_FILENAME], record[_LINENO], record[_CODE])
        counts[site] = counts.get(site, 0) + record[_COUNT]
    return counts


def reset_usage() -> None:
    """Forget every count and every site already warned about (for tests)."""
    _records.clear()
    _site_markers.clear()
    _groups.clear()


def report_data() -> dict:
    """The counts in the LEGACY_MONGO_REPORT shape:
    ``{"sites": [{"path", "line", "code", "count"}...], "totals": {code: count}}``,
    sites by descending count."""
    items = sorted(usage().items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1], kv[0][2]))
    totals: Dict[str, int] = {}
    for (_path, _line, code), count in items:
        totals[code] = totals.get(code, 0) + count
    return {
        "sites": [{"path": path, "line": line, "code": code, "count": count}
                  for (path, line, code), count in items],
        "totals": dict(sorted(totals.items())),
    }


def write_report(path) -> str:
    """Write :func:`report_data` as JSON to *path* (``{pid}`` in it is replaced
    by the process id, for programs that fork); returns the path written."""
    path = os.fspath(path).replace("{pid}", str(os.getpid()))
    tmp = "%s.tmp%d" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(report_data(), fh, indent=1)
        fh.write("\n")
    os.replace(tmp, path)
    return path


def _read_report_file(path):
    """The report at *path* as a dict, or None when absent or unreadable."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("sites"), list):
        return None
    return data


class _FileLock:
    """An exclusive advisory lock on ``<path>.lock`` (fcntl, or msvcrt on
    Windows), held while a process reads, merges and replaces the report."""

    def __init__(self, path):
        self.path = path + ".lock"
        self.handle = None

    def __enter__(self):
        self.handle = open(self.path, "a+b")
        try:
            import fcntl
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows
            import msvcrt
            self.handle.seek(0)
            msvcrt.locking(self.handle.fileno(), msvcrt.LK_LOCK, 1)
        return self

    def __exit__(self, *exc_info):
        try:
            try:
                import fcntl
                fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)
            except ImportError:  # pragma: no cover - Windows
                import msvcrt
                self.handle.seek(0)
                msvcrt.locking(self.handle.fileno(), msvcrt.LK_UNLCK, 1)
        finally:
            self.handle.close()


def merge_report(path, session=None) -> str:
    """Add this process's counts to the report at *path* under a lock, when
    that report belongs to the same *session* (default: the
    LEGACY_MONGO_REPORT_SESSION of this process); otherwise replace it.
    Concurrent processes of one run thus all end up in one file instead of
    the last one to exit winning.  Returns the path written."""
    path = os.fspath(path).replace("{pid}", str(os.getpid()))
    session = session if session is not None else os.environ.get(REPORT_SESSION_ENV_VAR, "")
    with _FileLock(path):
        data = report_data()
        existing = _read_report_file(path)
        if session and existing is not None and existing.get("session") == session:
            counts = {}
            for item in existing["sites"] + data["sites"]:
                try:
                    key = (item["path"], item["line"], item["code"])
                    counts[key] = counts.get(key, 0) + int(item["count"])
                except (KeyError, TypeError, ValueError):
                    continue  # a malformed site from elsewhere: keep ours
            items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            totals = {}
            for (_path, _line, code), count in items:
                totals[code] = totals.get(code, 0) + count
            data = {"sites": [{"path": p, "line": l, "code": c, "count": n}
                              for (p, l, c), n in items],
                    "totals": dict(sorted(totals.items()))}
        if session:
            data["session"] = session
        tmp = "%s.tmp%d" % (path, os.getpid())
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1)
            fh.write("\n")
        os.replace(tmp, path)
    return path


_report_path_at_import = os.environ.get(REPORT_ENV_VAR) or None
if _report_path_at_import and not os.environ.get(REPORT_SESSION_ENV_VAR):
    # Set in os.environ so that every process this one starts inherits it.
    os.environ[REPORT_SESSION_ENV_VAR] = "%d-%s" % (os.getpid(), os.urandom(6).hex())
_report_abspath_at_import = (os.path.abspath(_report_path_at_import)
                             if _report_path_at_import else None)


def _write_report_at_exit():
    path = os.environ.get(REPORT_ENV_VAR)
    if not path:
        return
    if path == _report_path_at_import:
        path = _report_abspath_at_import  # immune to a later os.chdir()
    try:
        merge_report(path)
    except OSError as exc:
        sys.stderr.write("legacy-mongo: cannot write %s=%s: %s\n" % (REPORT_ENV_VAR, path, exc))


atexit.register(_write_report_at_exit)


__all__ = [
    "LegacyMongoWarning", "ClientsWarning", "RequestsWarning", "WriteConcernWarning",
    "CrudWarning", "CursorWarning", "DatabaseWarning", "FindOptionsWarning",
    "ImportsWarning", "BSONEncodingWarning", "LintMetaWarning", "LegacyAPIError",
    "WARNING_CLASSES", "warning_class", "warn_legacy", "enable_default_visibility",
    "reload_policy", "current_policy", "usage", "reset_usage", "report_data",
    "write_report", "merge_report",
]
