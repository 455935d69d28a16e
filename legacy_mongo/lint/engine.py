"""The linter's engine: files, parsing, one traversal per file, parallelism.

Public API (stable; used by the CLI, the flake8 plugin and benchmarks)::

    lint_paths(paths, select=None, ignore=None, confidence="likely", jobs=None,
               per_file_ignores=None, exclude=None) -> list[Finding]
    lint_source(source, path, select=None, ignore=None, confidence="likely",
                module_name=None, project=None) -> list[Finding]

Per file: read the bytes (PEP 263 coding cookie honoured), parse with
:func:`ast.parse`; when that fails, with fissix's Python 2 grammar
(:mod:`legacy_mongo.lint.py2`), so the same rules read Python 2 files.  A file
that no parser accepts gives LM001, one that cannot be read or decoded LM002,
and the run goes on.  One walk of the tree (:class:`~.inference.ModuleAnalysis`)
records bindings and queues nodes; the rules (:mod:`.rules`) then run over
the queues.

Across files (``lint_paths``): every file is analysed in parallel and also
yields a summary of its module-level PyMongo values and of what its classes'
methods return (the method index); a file that imports a project module whose
summary holds such values (or that has PyMongo evidence only through such an
import, or calls on an unknown receiver a method that another file of a
package it imports defines) is analysed once more with those summaries; the
summaries of these second looks feed further rounds (a chain of modules), at
most MAX_SUMMARY_ROUNDS, each looking again only at files whose inputs changed.

The linter never imports or executes the code it reads.
"""
import ast
import contextlib
import fnmatch
import gc
import io
import os
import re
import signal
import stat
import sys
import threading
import tokenize
from dataclasses import asdict, dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from legacy_mongo.catalogue import CATALOGUE, FAMILIES, entry
from legacy_mongo.lint import cache, inference, prefilter
from legacy_mongo.lint.rules import check as run_rules

CONFIDENCES = ("certain", "likely")
SKIP_DIRS = frozenset((".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env",
                       ".eggs", "__pycache__", "build", "dist", "node_modules",
                       ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages",
                       ".legacy_mongo_cache",
                       ".oracle-venv"))

_NOQA = re.compile(r"#\s*(?:legacy[-_]mongo\s*:\s*)?noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?",
                   re.IGNORECASE)
# A file exemption stands on a line of its own (a trailing one on a code line is
# a typo for ``# noqa``).  ``# flake8: noqa`` / ``# ruff: noqa`` are style
# exemptions, often on the very ``__init__.py`` files that re-export
# ``Connection``: they do not hide migration findings.
_FILE_NOQA = re.compile(r"^[ \t]*#\s*legacy[-_]mongo\s*:\s*noqa\s*$",
                        re.IGNORECASE | re.MULTILINE)


# Seconds one file may take (parse, Python 2 fallback, analysis) before it is
# given up as LM001: the Python 2 grammar is pure Python and some inputs no
# parser accepts (thousands of long ``1+1+...`` lines) take minutes there.
FILE_TIME_BUDGET = 10.0


class UsageError(ValueError):
    """A bad --select/--ignore/--confidence value or configuration."""


class _OverBudget(BaseException):
    """The file's time budget ran out (a BaseException: fissix's own
    ``except Exception`` handlers must not swallow it)."""


@contextlib.contextmanager
def time_limit(seconds):
    """Raise _OverBudget in the body after *seconds* (main thread, POSIX; else no limit)."""
    if not seconds or not hasattr(signal, "setitimer") or \
            threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise _OverBudget()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Finding:
    code: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    confidence: str
    fix: Optional[dict] = None

    def as_dict(self):
        return asdict(self)

    def sort_key(self):
        return (self.path, self.line, self.column, self.code)


# -- selection ------------------------------------------------------------------

def expand_selectors(items: Optional[Iterable[str]]) -> Optional[set]:
    """Codes and family names (``requests``, ``LM4``, ``LM401``) -> set of code prefixes."""
    if items is None:
        return None
    out = set()
    for raw in items:
        for item in re.split(r"[,\s]+", raw.strip()):
            if not item:
                continue
            low = item.lower()
            if low in FAMILIES:
                out.add(FAMILIES[low])
            elif low == "all":
                out.add("LM")
            elif re.match(r"^lm\d{0,3}$", low):
                if not any(code.startswith(item.upper()) for code in CATALOGUE):
                    raise UsageError("no code starts with %s (codes run LM001..%s; see "
                                     "MIGRATION.md)" % (item.upper(), max(CATALOGUE)))
                out.add(item.upper())
            else:
                raise UsageError("unknown code or family %r (families: %s)"
                                 % (item, ", ".join(sorted(FAMILIES))))
    return out


def selected(code, select, ignore):
    """ruff/flake8 semantics: the longest matching prefix between select and ignore wins."""
    sel = max((len(p) for p in select if code.startswith(p)), default=-1) if select is not None \
        else 0
    if sel < 0:
        return False
    if ignore:
        ign = max((len(p) for p in ignore if code.startswith(p)), default=-1)
        if ign >= 0 and ign >= sel:
            return False
    return True


def check_confidence(confidence):
    if confidence not in CONFIDENCES:
        raise UsageError("--confidence must be one of %s, not %r"
                         % ("|".join(CONFIDENCES), confidence))
    return CONFIDENCES.index(confidence)


# -- reading and parsing ----------------------------------------------------------

def decode_source(data: bytes) -> str:
    """Text of a Python source file, honouring BOM and PEP 263 cookies (2.x default ascii
    is relaxed to utf-8, then latin-1, as Python 2 files often lie)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        if encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
            raise
        text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


# Python < 3.10 gives ``ast.alias`` no position, and the rules report imported
# names at their alias; the positions are recovered from the tokens instead.
_ALIAS_HAS_POSITION = sys.version_info >= (3, 10)


def add_alias_positions(tree, text):
    """Give every ``ast.alias`` of *tree* (parsed from *text*) the position
    Python 3.10+ gives it.  A no-op on 3.10+."""
    if _ALIAS_HAS_POSITION:
        return tree
    lines = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and node.names:
            if lines is None:
                lines = text.splitlines(True)
            try:
                spans = _alias_spans(node, lines)
            except (tokenize.TokenError, IndentationError, SyntaxError, IndexError):
                spans = []
            for position, alias in enumerate(node.names):
                start, end = spans[position] if position < len(spans) else (
                    (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset))
                alias.lineno, alias.col_offset = start
                alias.end_lineno, alias.end_col_offset = end
    return tree


def _alias_spans(node, lines):
    """[((line, byte col), (end line, end byte col))] of the names of an import."""
    first = lines[node.lineno - 1]
    prefix = len(first.encode("utf-8")[:node.col_offset].decode("utf-8", "ignore"))
    segment = [" " * prefix + first[prefix:]] + lines[node.lineno:node.end_lineno]
    tokens = [t for t in tokenize.generate_tokens(iter(segment).__next__)
              if t.type in (tokenize.NAME, tokenize.OP)]
    position = next(i for i, t in enumerate(tokens) if t.string == "import") + 1

    def byte_pos(row, col):
        line = node.lineno + row - 1
        return line, len(lines[line - 1][:col].encode("utf-8"))

    spans = []
    while position < len(tokens):
        token = tokens[position]
        if token.string in "(),":
            position += 1
            continue
        start = end = token
        position += 1
        while position < len(tokens) and tokens[position].string not in ",)":
            end = tokens[position]  # dotted name parts, ``as``, the alias
            position += 1
        spans.append((byte_pos(*start.start), byte_pos(*end.end)))
    return spans


def parse(text, filename="<unknown>"):
    """(tree, column_map or None, parsed text); SyntaxError if nothing parses.

    The parsed text is *text* itself, or its Python 3 normalisation for a
    Python 2 file (same lines; the column map leads back to *text*).
    """
    tree, cmap, parsed = _parse(text, filename)
    return add_alias_positions(tree, parsed), cmap, parsed


def _parse(text, filename):
    try:
        return ast.parse(text, filename), None, text
    except SyntaxError as first:
        try:
            from legacy_mongo.lint.py2 import parse_python2_text
        except ImportError:  # fissix not installed
            raise first
        try:
            return parse_python2_text(text, filename)
        except (SyntaxError, ValueError, RecursionError) as second:
            first.python2_reason = str(second)
            raise first
        except Exception as second:  # fissix internal errors on strange input
            first.python2_reason = "%s: %s" % (type(second).__name__, second)
            raise first


def noqa_lines(text) -> Dict[int, Optional[set]]:
    """line -> None (all codes) or set of codes, from ``# noqa`` comments."""
    out = {}
    if "noqa" not in text.lower():
        return out
    for number, line in enumerate(text.splitlines(), 1):
        if "#" not in line:
            continue
        found = _NOQA.search(line)
        if found:
            codes = found.group("codes")
            out[number] = None if not codes else {
                c.upper() for c in re.split(r"[\s,]+", codes) if c}
    return out


def _suppressed(code, line, noqa):
    if line not in noqa:
        return False
    codes = noqa[line]
    return codes is None or any(code.startswith(c) for c in codes)


# -- one file ---------------------------------------------------------------------

def _meta(code, path, line=1, column=1, reason=""):
    """An LM0xx finding; *reason* (the parser's message, the OS error ...) says why."""
    found = entry(code)
    message = found.format()
    if reason:
        reason = " ".join(reason.split())  # one line
        if len(reason) > 200:
            reason = reason[:197] + "..."
        head, link = message.rsplit(" See ", 1)
        message = "%s (%s) See %s" % (head, reason, link)
    return Finding(code, message, path, line, column, line, column, "certain")


def _syntax_reason(exc):
    """Why no parser accepted the file: Python 3's message and position, then Python 2's."""
    if isinstance(exc, RecursionError):
        return "nested too deeply for the parser"
    if isinstance(exc, MemoryError):
        return "too large for the parser"
    message = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
    where = ""
    if getattr(exc, "lineno", None):
        where = " at line %d" % exc.lineno
        if getattr(exc, "offset", None):
            where += ", column %d" % exc.offset
    reason = "Python 3: %s%s" % (message, where)
    second = getattr(exc, "python2_reason", None)
    if second:
        reason += "; Python 2: %s" % second
    return reason


def budget_reason(seconds):
    return ("gave up after the per-file time budget of %gs (raise it with --file-timeout)"
            % seconds)


def _keep_meta(code, select, ignore, per_file_ignore):
    return selected(code, select, ignore) and not (
        per_file_ignore and any(code.startswith(p) for p in per_file_ignore))


def analyse_text(text, path, module_name="", project=None, is_package=False):
    """(ModuleAnalysis, column map, parsed text) or raises SyntaxError."""
    tree, cmap, parsed = parse(text, path)
    analysis = inference.ModuleAnalysis(tree, module_name, project, is_package)
    return analysis, cmap, parsed


def _positions(text, raw, cmap):
    """Rule spans (1-based lines, 0-based UTF-8 byte columns of the parsed *text*) ->
    1-based character columns of the original source (through *cmap* for Python 2)."""
    lines = None
    ascii_text = text.isascii()
    out = []
    for code, (line, col, end_line, end_col), confidence in raw:
        if not ascii_text:
            if lines is None:
                lines = text.splitlines()
            col = _char_col(lines, line, col)
            end_col = _char_col(lines, end_line, end_col)
        if cmap:
            col = cmap.original(line, col)
            end_col = cmap.original(end_line, end_col)
        out.append((code, line, col + 1, end_line, end_col + 1, confidence))
    return out


def _char_col(lines, line, col):
    if 0 < line <= len(lines):
        text = lines[line - 1]
        if not text.isascii():
            return len(text.encode("utf-8")[:col].decode("utf-8", "ignore"))
    return col


_MESSAGES: Dict[str, str] = {}


def lint_text(text, path, select=None, ignore=None, confidence="likely", module_name="",
              project=None, is_package=False, per_file_ignore=None, extra_evidence=False,
              normalised=None, fixes=True):
    """Findings for source *text* (already decoded) shown as *path*.

    *extra_evidence*: the module imports a project module that imports PyMongo
    (True), or only shares a package with one (:data:`SIBLING_EVIDENCE`).
    *normalised*: (Python 3 text, column map) of a Python 2 *text* from an earlier
    look (the returned analysis's ``normalised``), so it is not converted again.
    *fixes*: attach each finding's ``fix`` (False: every ``fix`` is None).
    """
    level = check_confidence(confidence)
    # both kinds of exemption spell "noqa" (in any case: what IGNORECASE matches
    # for these letters is what lower() maps to them); this test first, as
    # _FILE_NOQA's MULTILINE search tries every line start (6x its cost)
    may_noqa = "noqa" in text.lower()
    if may_noqa and _FILE_NOQA.search(text):
        return [], None
    try:
        if normalised is not None:
            parsed, cmap = normalised
            tree = add_alias_positions(ast.parse(parsed, path), parsed)
        else:
            tree, cmap, parsed = parse(text, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        line = getattr(exc, "lineno", None) or 1
        finding = _meta("LM001", path, line, (getattr(exc, "offset", None) or 1),
                        _syntax_reason(exc))
        keep = _keep_meta("LM001", select, ignore, per_file_ignore)
        return ([finding] if keep else []), None
    analysis = inference.ModuleAnalysis(tree, module_name, project, is_package)
    analysis.normalised = (parsed, cmap) if cmap is not None else None
    if extra_evidence == SIBLING_EVIDENCE:
        analysis.name_evidence = True
    elif extra_evidence:
        analysis.evidence = True
    raw = run_rules(analysis)
    noqa = noqa_lines(text) if may_noqa else {}
    findings = []
    for code, line, col, end_line, end_col, conf in _positions(parsed, raw, cmap):
        if CONFIDENCES.index(conf) > level:
            continue
        if not selected(code, select, ignore):
            continue
        if per_file_ignore and any(code.startswith(p) for p in per_file_ignore):
            continue
        if _suppressed(code, line, noqa):
            continue
        message = _MESSAGES.get(code)
        if message is None:  # one string per code, not per finding (dense files)
            message = _MESSAGES[code] = CATALOGUE[code].format()
        findings.append(Finding(code, message, path, line, col, end_line, end_col, conf))
    findings.sort(key=Finding.sort_key)
    if findings and fixes:
        _attach_fixes(findings, analysis, text, parsed, cmap)
    return findings, analysis


def _attach_fixes(findings, analysis, text, parsed, cmap):
    """Fill ``Finding.fix`` (see :mod:`.fixes`); a fixer bug costs the fix, not the finding."""
    from legacy_mongo.lint import fixes
    try:
        fixes.attach(findings, analysis, text, parsed, cmap)
    except Exception:  # RecursionError included: never lose findings to a fixer
        for finding in findings:
            finding.fix = None


def lint_source(source: str, path: str = "<string>", select=None, ignore=None,
                confidence="likely", module_name=None, project=None) -> List[Finding]:
    """Findings for one source string.  *select*/*ignore*: codes or family names."""
    sel = expand_selectors(select)
    ign = expand_selectors(ignore)
    if isinstance(source, bytes):
        source = decode_source(source)
    if module_name is None:
        module_name = os.path.splitext(os.path.basename(path))[0] if path else ""
    findings, _ = lint_text(source, path, sel, ign, confidence, module_name, project)
    return findings


# -- many files -------------------------------------------------------------------

def _gitignore_patterns(directory):
    path = os.path.join(directory, ".gitignore")
    patterns = []
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                line = line.strip()
                if line and not line.startswith("#") and not line.startswith("!"):
                    patterns.append(line)
    except OSError:
        pass
    return patterns


def _ignored_here(name, full, is_dir, patterns):
    """Does one of *patterns* ([(directory of its .gitignore, pattern)]) exclude
    *full*?  The path relative to a pattern's directory only for the anchored
    patterns that read it: os.path.relpath for every entry and pattern was most
    of the walk of a large tree (0.4 s of the main process's serial time)."""
    for base, pattern in patterns:
        pat = pattern.rstrip("/")
        if pattern.endswith("/") and not is_dir:
            continue
        if pat.startswith("/") or "/" in pat:
            # *full* is *base* joined with the names of the directories walked
            # below it (no ``.``, ``..`` or separator in them): the cut is relpath's
            if full.startswith(base) and full[len(base):len(base) + 1] == os.sep:
                rel = full[len(base) + 1:]
            else:
                rel = os.path.relpath(full, base)
            rel = rel.replace(os.sep, "/")
            if fnmatch.fnmatch(rel, pat.lstrip("/")):
                return True
        elif fnmatch.fnmatch(name, pat):
            return True
    return False


def _is_venv(directory):
    return os.path.exists(os.path.join(directory, "pyvenv.cfg"))


def excluded(path, exclude):
    if not exclude:
        return False
    norm = path.replace(os.sep, "/")
    base = os.path.basename(norm)
    return any(fnmatch.fnmatch(norm, pat) or fnmatch.fnmatch(base, pat) or
               fnmatch.fnmatch(norm, "*/" + pat.strip("/")) or
               fnmatch.fnmatch(norm, "*/" + pat.strip("/") + "/*")
               for pat in exclude)


def discover(paths: Sequence[str], exclude=None) -> List[Tuple[str, str]]:
    """(display path, root) of every Python file under *paths*.

    Directories are walked recursively, skipping virtualenvs, VCS and build
    folders, ``__pycache__`` and what each directory's ``.gitignore`` excludes
    (simple patterns); explicit file arguments are always linted.  Only
    regular files are read (a FIFO or device named ``*.py`` would block the
    run); a directory reached twice (symbolic links, loops) is walked once.
    An explicit argument that is neither a regular file nor a directory is a
    UsageError.
    """
    out = []
    seen_dirs = set()
    for given in paths:
        if os.path.isfile(given) or not os.path.exists(given):
            out.append((given, os.path.dirname(given) or "."))
            continue
        if not os.path.isdir(given):
            raise UsageError("%s is not a regular file or a directory (%s): give Python "
                             "files or directories" % (given, file_kind(given)))
        stack = [(given, [])]
        while stack:
            directory, inherited = stack.pop()
            try:
                info = os.stat(directory)
            except OSError:
                continue
            if (info.st_dev, info.st_ino) in seen_dirs:
                continue  # a symbolic link back to a directory already walked
            seen_dirs.add((info.st_dev, info.st_ino))
            patterns = inherited + [(directory, p) for p in _gitignore_patterns(directory)]
            try:
                with os.scandir(directory) as entries:
                    kinds = {e.name: (e.is_dir(), e.is_file()) for e in entries}
            except OSError:
                continue
            subdirs = []
            for name in sorted(kinds):
                is_dir, is_file = kinds[name]
                if not is_dir and not is_file:
                    continue  # FIFO, socket, device, dangling link
                full = os.path.join(directory, name)
                if patterns and _ignored_here(name, full, is_dir, patterns):
                    continue
                if is_dir:
                    if name in SKIP_DIRS or name.endswith(".egg-info") or _is_venv(full):
                        continue
                    if excluded(full, exclude):
                        continue
                    subdirs.append(full)
                elif name.endswith((".py", ".pyw")) and not excluded(full, exclude):
                    out.append((full, given))
            for sub in reversed(subdirs):
                stack.append((sub, patterns))
    return out


def module_name_for(path):
    """Dotted module name of *path*, climbing while ``__init__.py`` exists."""
    path = os.path.abspath(path)
    directory, filename = os.path.split(path)
    stem = os.path.splitext(filename)[0]
    parts = [] if stem == "__init__" else [stem]
    while os.path.exists(os.path.join(directory, "__init__.py")):
        directory, package = os.path.split(directory)
        parts.insert(0, package)
        if not package:
            break
    return ".".join(parts), stem == "__init__"


def file_kind(path):
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return exc.strerror or str(exc)
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a regular file"


class UnreadableFile(Exception):
    """LM002: why a file could not be read or decoded, and where."""

    def __init__(self, reason, line=1, column=1):
        super().__init__(reason)
        self.reason, self.line, self.column = reason, line, column


def read_bytes(path):
    """The bytes of the regular file *path*; UnreadableFile for anything else.

    Opened non-blocking and checked with fstat, so a FIFO or device (even one
    swapped in after discovery) is refused instead of blocking the run.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFile("not a regular file: %s" % file_kind(path))
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def decode_or_explain(data):
    """decode_source(data), or UnreadableFile naming the undecodable byte and its place."""
    try:
        return decode_source(data)
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        raise UnreadableFile("byte 0x%02x at line %d, column %d is not valid %s"
                             % (data[start], line, column, exc.encoding),
                             line, column) from None
    except (SyntaxError, LookupError) as exc:
        raise UnreadableFile(str(exc)) from None


# path -> text to lint instead of the file's bytes: the edited texts between the
# passes of `lint --fix`/`--diff` (legacy_mongo/lint/autofix.py); inherited by forked workers.
OVERLAY: Dict[str, str] = {}

# Do this run's files get their Finding.fix?  lint_paths(fixes=False) when the
# output never shows one (the text and github formats): attaching them is a
# few per cent of a run (every finding of every look, the first looks that a
# second look replaces included).  Set for the run by lint_paths; inherited by
# forked workers (a spawned one keeps True and attaches them: nothing shown changes).
_ATTACH_FIXES = True


def _read(path):
    if path in OVERLAY:
        return OVERLAY[path]
    return decode_or_explain(read_bytes(path))


class InternalError(RuntimeError):
    """The linter failed on some files (a bug in the linter, not in the files)."""

    def __init__(self, errors, findings):
        self.errors = errors      # [(path, traceback text)]
        self.findings = findings  # what was found in the other files
        super().__init__("legacy-mongo lint failed on %d file(s): %s" % (
            len(errors), ", ".join(p for p, _ in errors[:5])))


@contextlib.contextmanager
def _gc_paused():
    """No cyclic garbage collection while one file is parsed and analysed.

    ``ast.parse`` allocates hundreds of thousands of nodes, none in a cycle; each
    allocation burst triggers collections that walk every tracked object (about
    40 % of the parse time on the mixed tree).  What a file's analysis leaves in
    cycles is collected after it, by the next collection."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# A whole lint_paths run holds the collector off too (_gc_paused around it): between
# files it still ran, in each worker and in the main process, whose results (the
# summaries and findings of every file) make each full collection walk more (about
# 3 % of a run's CPU on the mixed tree).  What the analyses leave in cycles is
# collected every COLLECT_EVERY analysed files instead (_collect_now), so the memory
# it holds stays bounded by that many files, not by the tree.
COLLECT_EVERY = 500
_FILES_SINCE_COLLECT = [0]


def _collect_now():
    """Once per file analysed (a first or a second look; the files the prefilter
    skips leave no cycles): collect cycles every COLLECT_EVERY files while the
    run holds the collector off."""
    _FILES_SINCE_COLLECT[0] += 1
    if _FILES_SINCE_COLLECT[0] >= COLLECT_EVERY:
        _FILES_SINCE_COLLECT[0] = 0
        if not gc.isenabled():
            gc.collect()


def _work_phase1(args, data=None):
    _collect_now()
    try:
        with _gc_paused(), time_limit(args[5]):
            return _work_phase1_unsafe(args, data) + (None,)
    except _OverBudget:
        path, select, ignore, _confidence, per_file_ignore, seconds = args
        findings = [_meta("LM001", path, reason=budget_reason(seconds))] if _keep_meta(
            "LM001", select, ignore, per_file_ignore) else []
        return (path, findings, {}, ((), (), (), None, None), False, False, None)
    except Exception:  # a linter bug on one file must not hide the others
        import traceback
        return (args[0], [], {}, ((), (), (), None, None), False, False, traceback.format_exc())


def _work_phase1_unsafe(args, data=None):
    """Worker: lint one file with local knowledge; return findings, summary, imports."""
    path, select, ignore, confidence, per_file_ignore, _seconds = args
    try:
        if path in OVERLAY:  # a pass of lint --fix: the edited text
            text = OVERLAY[path]
        else:
            text = decode_or_explain(read_bytes(path) if data is None else data)
    except UnreadableFile as exc:
        if _keep_meta("LM002", select, ignore, per_file_ignore):
            return path, [_meta("LM002", path, exc.line, exc.column, exc.reason)], {}, \
                ((), (), (), None, None), False, False
        return path, [], {}, ((), (), (), None, None), False, False
    module_name, is_package = module_name_for(path)
    findings, analysis = lint_text(text, path, select, ignore, confidence, module_name,
                                   None, is_package, per_file_ignore, fixes=_ATTACH_FIXES)
    if analysis is None:
        return path, findings, {}, ((), (), (), None, None), False, False
    try:
        summary = analysis.exports()
    except RecursionError:
        summary = {}
    summary = {k: tuple(v[:3]) for k, v in summary.items()}
    out = (path, findings, summary, (tuple(sorted(analysis.imported_modules)),
                                     tuple(sorted(analysis.bound_imports)),
                                     tuple(sorted(analysis.wrapper_calls)),
                                     analysis.normalised, analysis.questions()),
           analysis.evidence, analysis.other_orm)
    analysis.release()
    return out


def _work_phase2(args):
    """Worker, second look: (path, findings, summary, names asked of the method
    index); the summary is None when the file ran out of time."""
    path, select, ignore, confidence, per_file_ignore, project, evidence, normalised, \
        seconds = args
    _collect_now()
    try:
        with _gc_paused(), time_limit(seconds):
            return _work_phase2_unbudgeted(path, select, ignore, confidence, per_file_ignore,
                                           project, evidence, normalised)
    except _OverBudget:
        findings = [_meta("LM001", path, reason=budget_reason(seconds))] if _keep_meta(
            "LM001", select, ignore, per_file_ignore) else []
        return path, findings, None, (), None


def _work_phase2_unbudgeted(path, select, ignore, confidence, per_file_ignore, project,
                            evidence, normalised):
    project = {k: inference.Val(*v) for k, v in project.items()}
    text = _read(path)
    module_name, is_package = module_name_for(path)
    findings, analysis = lint_text(text, path, select, ignore, confidence, module_name,
                                   project, is_package, per_file_ignore,
                                   extra_evidence=evidence, normalised=normalised,
                                   fixes=_ATTACH_FIXES)
    if analysis is None:
        return path, findings, None, (), None
    try:
        summary = {k: tuple(v[:3]) for k, v in analysis.exports().items()}
    except RecursionError:
        summary = None
    out = path, findings, summary, tuple(sorted(analysis.wrapper_calls)), analysis.questions()
    analysis.release()
    return out


class _Workers:
    """The worker processes of one run: forked once, on the first batch large
    enough to share, and used for every batch after it (a run on a large tree
    has some twenty batches: each forking its own pool cost about as much CPU
    as a tenth of the run)."""

    def __init__(self, jobs):
        self.jobs = jobs or os.cpu_count() or 1
        self._pool = None

    def map(self, func, items, progress=None):
        """[func(item)] in order; *progress(n)* after each result."""
        items = list(items)
        if self.jobs == 1 or len(items) < 8:
            results = []
            for item in items:
                results.append(func(item))
                if progress:
                    progress(1)
            return results
        if self._pool is None:
            import multiprocessing

            try:
                context = multiprocessing.get_context("fork")
            except ValueError:
                context = multiprocessing.get_context()
            # the modules and the main process's state at the fork are never
            # garbage: frozen, the workers' collections (_collect_now) skip them
            self._pool = context.Pool(self.jobs, initializer=gc.freeze)
        chunk = max(1, min(16, len(items) // (self.jobs * 4) or 1))
        results = []
        for result in self._pool.imap(func, items, chunksize=chunk):
            results.append(result)
            if progress:
                progress(1)
        return results

    def close(self):
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def _work_scan(args):
    """Worker, first look at a file: its bytes, the prefilter's scan of them, and
    the phase-1 result when the file has an evidence token (or *lint* is set:
    no prefilter, and then no scan either).  The content digest only when the
    run keeps a cache (*digest*).  For a readable file with no token, instead of
    a phase-1 result, :func:`prefilter.prepare`'s answer for its *module* (dotted
    name, is_package).  Returns (path, digest, scan, phase-1 result, prepared).

    A file with no token is still decoded: an undecodable one is LM002 either way.
    """
    p1args, lint, digest, module = args
    path = p1args[0]
    if path in OVERLAY:  # a pass of lint --fix lints the edited text, unfiltered
        return path, None, None, _work_phase1(p1args), None
    try:
        data = read_bytes(path)
    except UnreadableFile:
        return path, None, None, _work_phase1(p1args), None  # LM002 with its reason
    digest = cache.content_digest(data) if digest else None
    found = _LINT_ALL if lint else prefilter.scan(data)
    if found.token:
        return path, digest, found, _work_phase1(p1args, data), None
    try:
        decode_or_explain(data)
    except UnreadableFile:
        return path, digest, found, _work_phase1(p1args, data), None
    # what the admission rounds read of a file without a token, taken here, in
    # parallel, from the bytes at hand (the main process would read them again)
    return path, digest, found, None, prefilter.prepare(found, module, data)


_LINT_ALL = prefilter.Scan(True)


def _size(path):
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _read_or_nothing(path):
    try:
        return read_bytes(path)
    except UnreadableFile:
        return b""


def _encode_scan(found):
    return [found.token, list(found.plain), [[lv, m, list(n)] for lv, m, n in found.froms]]


def _decode_scan(value):
    token, plain, froms = value
    return prefilter.Scan(token, tuple(plain), tuple((lv, m, tuple(n)) for lv, m, n in froms))


class _Facts:
    """What the phase-1 results give other modules, as the second look below
    uses it (the prefilter's rules 2, 3 and 5 follow exactly this).

    A file without a token has no PyMongo evidence and nothing typed better
    than a name hint of its own (tests/lint/test_prefilter.py checks this on
    the corpus), so without borrowed evidence only the method index entries of
    at least LIKELY confidence can give it a finding: what it asks about other
    names, and the methods defined only by hints, cannot matter to it.

    Called after every batch of files the prefilter admits: what a result gives
    is taken once per result (the results only grow between second-look
    rounds; a round that replaces one starts again from all of them).
    """

    def __init__(self, modules, scans):
        self.modules = modules
        self.scans = scans
        self.taken = {}
        self.module_names = _module_names(modules)

    def _start(self):
        self.taken = {}          # path -> the result its share below comes from
        self.values = set()      # module-level summary keys
        self.evidence = set()    # modules that import PyMongo
        self.evidence_packages = set()  # their packages (package_of)
        self.evidence_imports = set()   # the modules they import
        # method index key -> [kinds, a conflict?, lowest confidence]: what
        # merge_summary makes of its entries, as far as the rules read it
        self.methods = {}
        self.passed = {}         # PARAM_KEY entries, merged (_param_definers)
        self.asked = {}          # package -> names asked by files with evidence
        self.weak = {}           # path -> [packages, names asked, imported, evidence seen]

    def __call__(self, results):
        taken = self.taken
        if not taken or any(results.get(path) is not result for path, result in taken.items()):
            self._start()
            taken = self.taken
        method_key = inference.METHOD_KEY
        for path, result in results.items():
            if taken.get(path) is result:
                continue
            taken[path] = result
            summary = result[2]
            for key, val in summary.items():
                if not key.startswith("#"):
                    self._add_value(key)
                    continue
                if key.startswith(inference.PARAM_KEY):
                    inference.merge_summary(self.passed, {key: val})
                    continue
                if not key.startswith(method_key):
                    continue
                entry = self.methods.setdefault(key, [set(), False, None])
                if not val[1]:
                    entry[1] = True
                else:
                    entry[0].add(val[1].partition("|")[0])
                    entry[2] = val[2] if entry[2] is None else min(entry[2], val[2])
            if result[4]:
                self.evidence.add(self.modules[path][0])
                self.evidence_packages.add(package_of(*self.modules[path]))
                self.evidence_imports.update(result[3][0])
            imported, called = result[3][0], result[3][2]
            self.weak.pop(path, None)
            if called:
                found = self.scans.get(path)
                packages = {name.partition(".")[0] for name in imported}
                packages.add(self.modules[path][0].partition(".")[0])
                if found is None or found.token or result[4]:
                    self._ask(packages, called)
                else:
                    self.weak[path] = [packages, called, imported, -1]
        evidence = self.evidence
        asked_weakly = {}
        for path, caller in list(self.weak.items()):
            packages, called, imported, seen = caller
            if seen != len(evidence):  # evidence only grows: look again only then
                caller[3] = len(evidence)
                if any(name in evidence or name.rpartition(".")[0] in evidence
                       for name in imported):
                    del self.weak[path]
                    self._ask(packages, called)
                    continue
            for package in packages:
                asked_weakly.setdefault(package, set()).update(called)
        asked = {package: set(names) for package, names in self.asked.items()}
        definers, positive = {}, {}
        for key, (kinds, conflict, conf) in self.methods.items():
            package, _, method = key[len(method_key):].partition(":")
            if conflict or len(kinds) > 1:
                # a conflict stays one whatever other files define (merge_summary):
                # a file defining the name changes nothing more
                asked.get(package, set()).discard(method)
                asked_weakly.get(package, set()).discard(method)
                continue
            positive.setdefault(package, set()).add(method)
            if conf >= inference.LIKELY:
                definers.setdefault(package, set()).add(method)
        for package, names in asked_weakly.items():
            names &= definers.get(package, set())
            if names:
                asked.setdefault(package, set()).update(names)
        return prefilter.Facts(frozenset(self.values), frozenset(evidence), definers, asked,
                               positive, frozenset(self.evidence_packages),
                               frozenset(self.evidence_imports))

    def _add_value(self, key):
        """A module-level summary key, and its spellings through a package that is
        not part of the run (_absent_package_aliases): pkg.db.Backend for
        pkg.db.backends.Backend."""
        if key in self.values:
            return
        self.values.add(key)
        names = self.module_names
        at = _module_end(key, names)
        if at == -1:
            return
        module, first = key[:at], key[at + 1:].partition(".")[0]
        up = module.rfind(".")
        while up != -1 and module[:up] not in names:
            self.values.add(module[:up] + "." + first)
            up = module.rfind(".", 0, up)

    def _ask(self, packages, called):
        for package in packages:
            self.asked.setdefault(package, set()).update(called)


def _encode_p1(result):
    path, findings, summary, imported, evidence, other_orm, _error = result
    return [[list(asdict(f).values()) for f in findings], summary,
            [list(imported[0]), list(imported[1]), list(imported[2])], evidence, other_orm,
            _encode_questions(imported[4])]


def _decode_p1(path, value):
    findings, summary, imported, evidence, other_orm, questions = value
    return (path, [Finding(*f) for f in findings], {k: tuple(v) for k, v in summary.items()},
            (tuple(imported[0]), tuple(imported[1]), tuple(imported[2]), None,
             _decode_questions(questions)),
            evidence, other_orm, None)


def _encode_questions(questions):
    return None if questions is None else [
        sorted(q) if isinstance(q, frozenset) else q for q in questions]


def _decode_questions(value):
    return None if value is None else tuple(
        frozenset(q) if isinstance(q, list) else q for q in value)


def lint_paths(paths, select=None, ignore=None, confidence="likely", jobs=None,
               per_file_ignores=None, exclude=None, time_budget=FILE_TIME_BUDGET,
               use_prefilter=True, cache_dir=None, progress=None, fixes=True) -> List[Finding]:
    """Findings for every Python file under *paths* (files or directories).

    *select*/*ignore*: iterables of codes or family names; *per_file_ignores*:
    {glob: [codes or families]}; *exclude*: globs of paths to skip;
    *time_budget*: seconds per file before it is given up as LM001 (0: none);
    *use_prefilter*: skip, unparsed, the files that cannot hold a finding
    (:mod:`.prefilter`); *cache_dir*: keep per-file results there
    (:mod:`.cache`; None: no cache); *progress(done, total)*: called as files
    are done; *fixes*: attach ``Finding.fix`` (False: each is None, and the run is
    cheaper).
    """
    global _ATTACH_FIXES
    workers = _Workers(jobs)
    before, _ATTACH_FIXES = _ATTACH_FIXES, bool(fixes)
    try:
        with _gc_paused():  # the whole run: COLLECT_EVERY
            return _lint_paths(workers, paths, select, ignore, confidence, per_file_ignores,
                               exclude, time_budget, use_prefilter, cache_dir, progress)
    finally:
        _ATTACH_FIXES = before
        workers.close()


def _lint_paths(workers, paths, select, ignore, confidence, per_file_ignores, exclude,
                time_budget, use_prefilter, cache_dir, progress):
    if isinstance(paths, str):
        paths = [paths]
    sel = expand_selectors(select)
    ign = expand_selectors(ignore)
    check_confidence(confidence)
    pfi = [(pat, expand_selectors(codes)) for pat, codes in (per_file_ignores or {}).items()]
    files = discover(paths, exclude)

    def per_file(path):
        out = set()
        norm = path.replace(os.sep, "/")
        for pattern, codes in pfi:
            if fnmatch.fnmatch(norm, pattern) or fnmatch.fnmatch(os.path.basename(norm), pattern) \
                    or fnmatch.fnmatch(norm, "*/" + pattern):
                out.update(codes)
        return out or None

    jobs_args = [(path, sel, ign, confidence, per_file(path), time_budget)
                 for path, _root in files]
    p1args_of = {a[0]: a for a in jobs_args}
    modules = {path: module_name_for(path) for path, _root in files}
    store = None
    if cache_dir is not None:
        store = cache.ResultCache(cache_dir, [
            os.getcwd(), sorted(sel) if sel is not None else None, sorted(ign or ()),
            confidence, sorted((k, sorted(v)) for k, v in pfi), time_budget, use_prefilter,
            _ATTACH_FIXES])  # entries without fixes must not serve a run that shows them
    done = [0]

    def tick(count):
        done[0] += count
        if progress:
            progress(done[0], len(jobs_args))

    results = {}   # path -> phase-1 result
    scans = {}     # path -> prefilter.Scan
    digests = {}   # path -> content digest
    run_key = None
    if store is not None:
        for path, _root in files:
            try:
                digests[path] = cache.content_digest(read_bytes(path))
            except UnreadableFile:
                pass
        # The run's findings depend on nothing but the settings (the store's own
        # key), the files' paths, module names and bytes: a tree that changed in
        # none of them gets the last run's findings without the admission rounds
        # and the second-look bookkeeping that per-file entries still cost.  Not
        # with an unreadable file (its LM002 reason is not in its digest).
        if len(digests) == len(files):
            run_key = cache.entry_key("run", "", cache.key_digest(
                [[path, list(modules[path]), digests[path]] for path, _root in files]))
            hit = store.get("", run_key)
            if hit is not None:
                tick(len(jobs_args))
                return [Finding(*f) for f in hit]
    todo = []
    for args in jobs_args:
        path = args[0]
        if path in digests:  # a run with a cache, and a readable file
            hit = store.get(path, cache.entry_key("1", path, modules[path], digests[path]))
            if hit is not None:
                scan, p1 = hit
                scans[path] = _decode_scan(scan)
                if p1 is not None:
                    results[path] = _decode_p1(path, p1)
                tick(1)
                continue
        todo.append((args, not use_prefilter, store is not None, modules[path]))

    def remember(path, digest, found, result):
        if found is not None:
            scans[path] = found
        if digest is not None:
            digests[path] = digest
        if result is not None:
            results[path] = result
        if store is not None and digest is not None and found is not None and (
                result is None or result[6] is None):
            store.put(path, cache.entry_key("1", path, modules[path], digest), [
                _encode_scan(found), None if result is None else _encode_p1(result)])

    # the largest files first: the workers' last tasks are then small ones, and
    # no worker is left parsing a big file while the other waits
    todo.sort(key=lambda item: -_size(item[0][0]))
    prepared = {}  # path -> prefilter.prepare(...) of a file without a token
    for path, digest, found, result, ready in workers.map(_work_scan, todo, tick):
        remember(path, digest, found, result)
        if ready is not None:
            prepared[path] = ready

    names_mongo = {}

    def mentions_mongo(path):
        found = scans.get(path)
        if found is not None and not found.token:
            return False  # no token at all, so no stem either
        if path not in names_mongo:
            try:
                names_mongo[path] = prefilter.names_mongo(read_bytes(path))
            except UnreadableFile:
                names_mongo[path] = False
        return names_mongo[path]

    gate = None
    if use_prefilter:
        gate = prefilter.Prefilter(scans, modules, _read_or_nothing, prepared)
        gate.linted.update(results)
        facts = _Facts(modules, scans)
    second = {}  # path -> (inputs, findings, project questions) of its last second look
    # A second look gives a summary too, and it may hold more than the first
    # look's (a method returning what a dispatcher of another module gives): a
    # chain of modules a -> b -> c needs one more round per hop.  Each round
    # looks again only at the files whose inputs (the summaries they are given)
    # changed, and there are at most MAX_SUMMARY_ROUNDS rounds: modules that feed
    # each other in a cycle cannot keep the run going (an oscillating summary
    # stops there; tests/lint/test_summary_rounds.py).
    for _round in range(MAX_SUMMARY_ROUNDS):
        if gate is not None:
            _admit(gate, facts, results, p1args_of, workers,
                   lambda path, result: remember(path, digests.get(path), scans.get(path),
                                                 result))
        project, wanted_of = _second_look_inputs(jobs_args, results, modules,
                                                 mentions_mongo)
        todo2 = []
        for path, args in wanted_of.items():
            inputs = (args[5], args[6])
            before = second.get(path)
            if before is None:  # the first look's: no summary, no borrowed evidence
                before = (({}, False), None, results[path][3][4])
            if before[0] == inputs:
                continue
            if before[2] is not None and inference.same_answers(before[2], before[0], inputs):
                # every question the last look asked of the project has the same
                # answer: this look would repeat it (ProjectView)
                second[path] = (inputs, before[1], before[2])
                continue
            key = None
            if store is not None and path in digests:
                key = cache.entry_key("2", path, modules[path], digests[path],
                                      cache.key_digest(sorted(args[5].items())), args[6])
                hit = store.get(path, key)
                if hit is not None:
                    findings, summary, asked, questions = hit
                    todo2.append((None, key, inputs, (
                        path, [Finding(*f) for f in findings],
                        None if summary is None else {k: tuple(v) for k, v in
                                                      summary.items()}, tuple(asked),
                        _decode_questions(questions))))
                    continue
            todo2.append((args, key, inputs, None))
        if not todo2:
            break
        # the largest files first, as in phase 1 (no worker left alone on a big
        # file at the end of the round); the results are taken in todo2's order
        looks = sorted((a for a, _k, _i, r in todo2 if r is None), key=lambda a: -_size(a[0]))
        fresh = dict(zip([a[0] for a in looks], workers.map(_work_phase2_safe, looks)))
        changed = False
        for args, key, inputs, out in todo2:
            if out is None:
                out = fresh[args[0]]
                if out[1] is not None and key is not None:
                    store.put(out[0], key, [[list(asdict(f).values()) for f in out[1]],
                                            out[2], list(out[3]), _encode_questions(out[4])])
            path, findings, summary, asked, questions = out
            if findings is None:
                second[path] = (inputs, None, None)  # a crash: keep the phase-1 findings
                continue
            second[path] = (inputs, findings, questions)
            old = results[path]
            old_asked = old[3][2]
            if (summary is not None and summary != old[2]) or not set(asked) <= set(old_asked):
                results[path] = (old[0], old[1], old[2] if summary is None else summary,
                                 (old[3][0], old[3][1],
                                  tuple(sorted(set(old_asked) | set(asked))), old[3][3],
                                  old[3][4]),
                                 old[4], old[5], old[6])
                changed = True
        if not changed:
            break
    findings_by_path = {}
    errors = []
    for path, _sel, _ign, _conf, _pfi, _budget in jobs_args:
        if path not in results:
            continue  # skipped by the prefilter: nothing it holds can be a finding
        if results[path][6]:
            errors.append((path, results[path][6]))
        found = second.get(path)
        findings_by_path[path] = found[1] if found and found[1] is not None \
            else results[path][1]
    out = [f for path, _root in files for f in findings_by_path.get(path, ())]
    if store is not None and not errors:
        if run_key is not None:
            store.put("", run_key, [list(asdict(f).values()) for f in out])
        store.save()
    if errors:
        raise InternalError(errors, out)
    return out


# The borrowed-evidence flag of a module that imports nothing of PyMongo's but
# sits in a package one of whose modules does (mongodog's reporters.py beside
# its sniffer, minimongo's index.py beside its model): a package that talks to
# MongoDB in one module usually hands its Collections to the others, but the
# hand-over is often an untyped loop or a caller outside the run.  It is weaker
# than an import's: only receivers *named* like a PyMongo object (``collection``,
# ``self.db``) are decided as in a module that imports PyMongo
# (ModuleAnalysis.name_evidence); unknown receivers still need the module's own.
# And the module must name MongoDB itself ("mongo", "bson" or "gridfs" in a name,
# a docstring, a comment: prefilter.names_mongo), or be imported by a module of
# the package that imports PyMongo (a Tornado app's handlers, imported by the
# module that builds the Application and its Database): a package of backends
# (kombu's transports and their tests) holds a Redis module beside the MongoDB
# one, whose client.connection and redis_connection.disconnect() are Redis's, and
# whose quoted 'group' is a prefilter token too.  A stem is a prefilter token;
# the imported module without one is the prefilter's rule 5.
SIBLING_EVIDENCE = "siblings"


def package_of(name, is_package):
    """The package a module belongs to (a package's ``__init__`` to itself); ""
    for a top-level module."""
    return name if is_package else name.rpartition(".")[0]


# Rounds of second looks (the summaries they give fed to the next round), at most.
MAX_SUMMARY_ROUNDS = 4


def _admit(gate, facts, results, p1args_of, workers, remember):
    """Rules 2, 3 and 5 of the prefilter, after each round of analysis, until no file
    is added (most trees: one look, nothing added); *facts*: a :class:`_Facts`;
    *remember(path, result)* keeps the phase-1 result of a file admitted."""
    while True:
        extra = set(gate.admit(facts(results)))
        # the modules that define (or re-export) a name other modules pass PyMongo
        # objects to (inference.PARAM_KEY): their parameters take those kinds
        if facts.passed:
            more = _param_definers(facts.passed, facts.modules, results, gate)
            gate.linted.update(more)
            extra |= more
        extra = sorted((path for path in extra if path not in results),
                       key=lambda path: -_size(path))
        if not extra:
            return
        for path, result in zip(extra, workers.map(_work_phase1,
                                                   [p1args_of[p] for p in extra])):
            remember(path, result)


def _param_definers(passed, modules, results, gate):
    """The files the prefilter skipped that may define a name other modules pass
    PyMongo objects to (the ``#p:`` entries of *passed*): those at or below the
    module the caller names whose bytes define its first part at the top level
    (a re-exporting package's ``__init__`` need not be linted for it)."""
    wanted = {}  # module or package -> top-level names
    for key in passed:
        parts = key[len(inference.PARAM_KEY):].split(".")
        for cut in (1, 2):
            if len(parts) > cut:
                wanted.setdefault(".".join(parts[:-cut]), set()).add(parts[-cut])
    out = set()
    for path, (name, _pkg) in modules.items():
        if path in results or path in gate.linted or not name:
            continue
        names = set()
        at = len(name)
        while at != -1:
            names.update(wanted.get(name[:at], ()))
            at = name.rfind(".", 0, at)
        if not names:
            continue
        if not names.isdisjoint(gate.top_definitions(path)):
            out.add(path)
    return out


def _second_look_inputs(jobs_args, results, modules, mentions_mongo=None):
    """(project, {path: phase-2 args}): the merged summaries of the analysed files,
    and the files that import PyMongo values from the project, borrow its
    evidence, or call a method another file defines, each with what it is given.

    *mentions_mongo(path)*: do the file's bytes name MongoDB (a prefilter stem:
    SIBLING_EVIDENCE is given only then)?"""
    project = {}
    evidence_modules = set()
    evidence_packages = set()  # package_of() each of them
    evidence_imports = set()  # the modules they import
    has_evidence = set()
    module_of = {}
    method_definers = {}  # (package, method name) -> paths defining it (method index)
    for path, _sel, _ign, _conf, _pfi, _budget in jobs_args:
        if path not in results:
            continue  # skipped by the prefilter: nothing it holds can be a finding
        _path, _findings, summary, imported, evidence, _other, _error = results[path]
        inference.merge_summary(project, summary)
        for key in summary:
            if key.startswith(inference.METHOD_KEY):
                package, _, method = key[len(inference.METHOD_KEY):].partition(":")
                method_definers.setdefault((package, method), set()).add(path)
        module_of[path] = imported
        if evidence:
            name, is_pkg = modules[path]
            evidence_modules.add(name)
            has_evidence.add(path)
            evidence_packages.add(package_of(name, is_pkg))
            evidence_imports.update(imported[0])
    wanted_of = {}
    # Second look at files that import PyMongo values from the project.
    project_modules = set()
    for key in project:
        parts = key.split(".")
        for end in range(1, len(parts)):
            project_modules.add(".".join(parts[:end]))
    methods_by_package = {}
    for (package, method), paths_ in method_definers.items():
        if project[inference.METHOD_KEY + package + ":" + method][1]:  # not a conflict
            methods_by_package.setdefault(package, {})[method] = paths_
    project_values = entries_by_name = None  # built on the first file that needs them
    routes = _param_targets(project)
    absent_cache = {}
    # pytest fixtures of conftest modules: what the test modules below them are
    # passed by parameter name (ModuleAnalysis._conftest_fixture)
    fixtures = {key: tuple(val) for key, val in project.items()
                if not key.startswith("#") and (key.startswith("conftest.") or
                                                 ".conftest." in key)}
    for path, sel_, ign_, conf_, pfi_, _budget in jobs_args:
        if path not in module_of:
            continue
        imported, bound, called, normalised = module_of[path][:4]
        all_imported = imported
        in_driver = modules[path][0].partition(".")[0] in DRIVER_PACKAGES
        if not in_driver:
            imported = [n for n in imported if n.partition(".")[0] not in DRIVER_PACKAGES]
            bound = [n for n in bound if n.partition(".")[0] not in DRIVER_PACKAGES]
        packages = {name.partition(".")[0] for name in imported}
        packages.add(modules[path][0].partition(".")[0])
        # x.name(...) where another file of the project defines a method *name*
        # that returns a PyMongo object (the method index)
        calls_methods = any(
            called_name in methods and methods[called_name] != {path}
            for methods in (methods_by_package.get(p) for p in packages) if methods
            for called_name in called)
        routed = routes.get(modules[path][0]) if routes else None
        own_package = package_of(*modules[path])
        # a sibling of a module that imports PyMongo (SIBLING_EVIDENCE)
        beside_evidence = bool(own_package) and own_package in evidence_packages and \
            path not in has_evidence and (
                modules[path][0] in evidence_imports or
                (mentions_mongo is not None and mentions_mongo(path)))
        # only to a file with evidence of its own: the prefilter admitted it by a
        # MongoDB name, so the finding does not depend on the prefilter
        given = _conftest_fixtures(fixtures, modules[path][0]) \
            if fixtures and path in has_evidence else None
        if not imported and not calls_methods and not routed and not beside_evidence and \
                not given:
            continue
        aliases = _absent_package_aliases(project, modules, bound, absent_cache) \
            if bound else None
        uses_values = bool(aliases) or any(
            name in project or name in project_modules or (
                name.endswith(inference.STAR_SUFFIX) and
                name[:-len(inference.STAR_SUFFIX)] in project_modules)
            for name in bound)
        borrows_evidence = path not in has_evidence and any(
            name in evidence_modules or name.rpartition(".")[0] in evidence_modules
            for name in all_imported)
        if not borrows_evidence and beside_evidence:
            borrows_evidence = SIBLING_EVIDENCE
        if uses_values or borrows_evidence or calls_methods or routed or given:
            # method index entries: only the names this file asked about
            if project_values is None:
                project_values, entries_by_name = {}, {}
                for key, val in project.items():
                    if key.startswith(inference.PARAM_KEY) or \
                            key.startswith(inference.DEFS_KEY):
                        continue  # routed to the defining module (_param_targets)
                    if key.startswith(inference.METHOD_KEY):
                        entries_by_name.setdefault(key.rpartition(":")[2], []).append(
                            (key, tuple(val)))
                    else:
                        project_values.setdefault(key.partition(".")[0], []).append(
                            (key, tuple(val)))
            wanted = _reachable(project_values, imported, bound)
            if aliases:
                wanted.update(aliases)
            for name in called:
                wanted.update(entry for entry in entries_by_name.get(name, ())
                              if in_driver or not _driver_method(entry[0]))
            if routed:
                wanted.update(routed)
            if given:
                wanted.update(given)
            wanted_of[path] = (path, sel_, ign_, conf_, pfi_, wanted, borrows_evidence,
                               normalised, _budget)
    return project, wanted_of


# The driver's own packages.  A copy of them in the tree (site-packages, a vendored
# pymongo) gives the modules outside them nothing: what a PyMongo name means is the
# catalogue's (inference.CONSTRUCTORS ...), whatever version the copy is, and the
# copy's own modules only re-export, under their internal paths, names the
# catalogue knows already (pymongo.MongoClient -> pymongo.synchronous.mongo_client
# .MongoClient); its method index (Collection.find returns a Cursor) is what the
# rules know of a typed receiver, and its other methods must not veto a project's
# own: pymongo 4's OIDC callbacks define fetch(), which had hidden mongokit's
# Document.fetch().count() (13 LM501 lost when site-packages was linted with
# mongokit).  Without this, too, every importer of pymongo was looked at a second
# time for the same findings.
DRIVER_PACKAGES = frozenset(("pymongo", "bson", "gridfs"))


def _driver_method(key):
    """Is *key* a method index entry of one of the DRIVER_PACKAGES?"""
    return key.startswith(inference.METHOD_KEY) and \
        key[len(inference.METHOD_KEY):].partition(":")[0] in DRIVER_PACKAGES


def _conftest_fixtures(fixtures, module):
    """The entries of the conftest modules of *module*'s package and above."""
    parts = module.split(".")[:-1]
    prefixes = tuple(".".join(parts[:end] + ["conftest", ""]) for end in range(len(parts) + 1))
    return {key: val for key, val in fixtures.items() if key.startswith(prefixes)}


def _absent_package_aliases(project, modules, bound, cache):
    """{key: val}: the summary entries a file reaches through a package that is
    not part of the run (``from pkg.db import Backend`` where ``pkg/db/__init__.py``
    re-exports it from ``pkg.db.backends`` but only ``backends.py`` is linted, as
    pre-commit lints the changed files): when exactly one module below that
    package exports the name, its entries under the imported spelling."""
    index = cache.get("index")
    if index is None:
        names = cache["modules"] = _module_names(modules)
        index = cache["index"] = {}  # first name below a module -> [(module, key)]
        for key in project:
            if key.startswith("#"):
                continue
            at = _module_end(key, names)
            if at != -1:
                first = key[at + 1:].partition(".")[0]
                index.setdefault(first, []).append((key[:at], key))
    names = cache["modules"]
    out = {}
    for name in bound:
        head, _, first = name.rpartition(".")
        if not head or head in names or name in project or first not in index:
            continue
        found = [(module, key) for module, key in index[first]
                 if module.startswith(head + ".")]
        if len({module for module, _key in found}) != 1:
            continue
        for module, key in found:
            out[name + key[len(module) + 1 + len(first):]] = tuple(project[key])
    return out


def _module_names(modules):
    """The dotted names of the run's modules (*modules*: {path: (name, is_package)})."""
    return {name for name, _pkg in modules.values() if name}


def _module_end(key, names):
    """Where the longest module of *names* that *key* starts with ends (the index
    of the dot after it), or -1: ``pkg.db.Backend.coll`` -> after ``pkg.db``."""
    at = key.rfind(".")
    while at != -1 and key[:at] not in names:
        at = key.rfind(".", 0, at)
    return at


def _param_targets(project):
    """{module name: {key: val}}: the ``#p:`` entries of *project* (PyMongo objects
    passed to a name of another module, inference.PARAM_KEY), each under the name
    of the module whose ``#d:`` entry (inference.DEFS_KEY) says it defines that
    name: the module the caller names, else the one module below it that does
    (``from djamo import Index`` where ``djamo.index`` defines ``Index``, the
    package re-exporting it)."""
    defs_of = {key[len(inference.DEFS_KEY):]: set(val[1].split(";"))
               for key, val in project.items() if key.startswith(inference.DEFS_KEY)}
    if not defs_of:
        return {}
    below = {}  # package -> modules below it
    for module in defs_of:
        at = module.find(".")
        while at != -1:
            below.setdefault(module[:at], []).append(module)
            at = module.find(".", at + 1)
    out = {}
    for key, val in project.items():
        if not key.startswith(inference.PARAM_KEY):
            continue
        parts = key[len(inference.PARAM_KEY):].split(".")
        for cut in (1, 2):
            if len(parts) <= cut:
                break
            module, name = ".".join(parts[:-cut]), ".".join(parts[-cut:])
            if name in defs_of.get(module, ()):
                found = [module]
            else:
                found = [each for each in below.get(module, ()) if name in defs_of[each]]
            if len(found) == 1:
                out.setdefault(found[0], {})[
                    inference.PARAM_KEY + found[0] + "." + name] = tuple(val)
                break
    return out


def _reachable(values_by_root, imported, bound):
    """The module-level values (``{root: [(key, val)]}``) a file can reach by
    name: those of a module it imports or of a module below it, or a module
    above a name it imports (every project lookup of the analysis starts from
    an imported name: ``import pkg`` then ``pkg.db.client``, a base class, a
    forwarding class, the implicit relative spelling of an import).  Only these
    are given to its second look, so a round that changes other modules'
    values does not look at it again."""
    names = set(imported)
    names.update(bound)
    above = set()
    for name in names:
        at = name.find(".")
        while at != -1:
            above.add(name[:at])
            at = name.find(".", at + 1)
    out = {}
    for root in {name.partition(".")[0] for name in names}:
        for key, val in values_by_root.get(root, ()):
            if key in names or key in above:
                out[key] = val
                continue
            at = key.find(".")
            while at != -1:
                if key[:at] in names:
                    out[key] = val
                    break
                at = key.find(".", at + 1)
    # an instance of a project class exported by an imported module (``from app
    # import mongo``, ``mongo = Mongo(app)`` there): its attributes are the
    # class's entries, which the file reaches through the instance only
    pending = [cls for cls in map(_instance_class, out.values()) if cls]
    followed = set()
    while pending:
        cls = pending.pop()
        if cls in followed:
            continue
        followed.add(cls)
        for key, val in values_by_root.get(cls.partition(".")[0], ()):
            if key not in out and key.startswith(cls + "."):
                out[key] = val
                inner = _instance_class(val)
                if inner:
                    pending.append(inner)
    return out


def _instance_class(val):
    """The project class a summary value is an instance of (``pinstance``, or a
    factory's ``returns`` of one: inference.PINSTANCE_RESULT), or None."""
    if val[0] == "pinstance":
        return val[1] or None
    if val[0] == "returns" and val[1] and val[1].startswith(inference.PINSTANCE_RESULT):
        return val[1][len(inference.PINSTANCE_RESULT):]
    return None


def _work_phase2_safe(args):
    try:
        return _work_phase2(args)
    except Exception:  # keep the phase-1 result for this file
        return args[0], None, None, (), None
