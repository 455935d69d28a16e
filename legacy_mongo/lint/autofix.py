"""Applying fixes: ``legacy-mongo lint --diff / --fix / --unsafe-fixes``.

A pass lints every path (with the cross-file knowledge of
:func:`.engine.lint_paths`), takes in each file the fixes allowed (safe, or
also unsafe), applies the ones whose edits do not overlap an edit already
taken, and checks that the result still parses with the parser that read
the file (:func:`ast.parse` for Python 3 files, the fissix-based Python 2
reader for the others).  A file whose batch fails is retried fix by fix and
the fixes that break it are dropped and reported.  Passes repeat on the
edited texts (kept in memory, see :data:`.engine.OVERLAY`) until no fix
applies or :data:`MAX_PASSES` is reached; only then is anything written,
each file through a temporary file and :func:`os.replace`, so a file is
either wholly old or wholly new.
"""
import ast
import difflib
import io
import os
import tempfile
import tokenize
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

from legacy_mongo.lint import engine
from legacy_mongo.lint.fixes import SAFE, split_lines

MAX_PASSES = 8


@dataclass
class FixReport:
    texts: Dict[str, str] = field(default_factory=dict)       # path -> fixed text
    originals: Dict[str, str] = field(default_factory=dict)   # path -> text as read
    applied: List[Tuple[str, int, str]] = field(default_factory=list)  # (path, line, code)
    dropped: List[Tuple[str, int, str, str]] = field(default_factory=list)  # + reason
    remaining: list = field(default_factory=list)              # findings after fixing
    passes: int = 0
    write_errors: List[Tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self):
        return sorted(p for p, t in self.texts.items() if t != self.originals[p])

    def unsafe_available(self):
        return sum(1 for f in self.remaining if f.fix and f.fix["applicability"] != SAFE)

    def diff(self):
        out = []
        for path in self.changed:
            shown = _display(path)
            out.extend(difflib.unified_diff(
                split_lines(self.originals[path]), split_lines(self.texts[path]),
                "a/" + shown, "b/" + shown))
            if out and not out[-1].endswith(("\n", "\r")):
                out[-1] += "\n\\ No newline at end of file\n"
        return "".join(out)


def _display(path):
    """git-style diff name: relative to the current directory when under it."""
    rel = os.path.relpath(path)
    shown = path if rel.startswith("..") else rel
    return shown.replace(os.sep, "/").lstrip("/")


def python2_source(text, path="<fix>"):
    """Did the Python 2 reader have to read *text* (ast refuses it)?"""
    try:
        ast.parse(text, path)
        return False
    except SyntaxError:
        return True


def reparses(text, python2, path="<fix>"):
    try:
        if python2:
            from legacy_mongo.lint.py2 import parse_python2_text
            parse_python2_text(text, path)
        else:
            ast.parse(text, path)
        return True
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    except Exception:  # fissix internal errors count as "does not parse"
        return False


def _offsets(text):
    starts = [0]
    for line in split_lines(text):
        starts.append(starts[-1] + len(line))
    return starts


def apply_edits(text, edits):
    """*text* with the (non-overlapping) edits applied; ValueError if one does not fit."""
    starts = _offsets(text)
    spans = []
    for edit in edits:
        begin = starts[edit["location"]["row"] - 1] + edit["location"]["column"] - 1
        finish = starts[edit["end_location"]["row"] - 1] + edit["end_location"]["column"] - 1
        if "old" in edit and text[begin:finish] != edit["old"]:
            raise ValueError("the text under an edit changed")
        spans.append((begin, finish, edit["content"]))
    spans.sort()
    for (b1, f1, _), (b2, _f2, _c) in zip(spans, spans[1:]):
        if b2 < f1:
            raise ValueError("overlapping edits")
    out = []
    last = 0
    for begin, finish, content in spans:
        out.append(text[last:begin])
        out.append(content)
        last = finish
    out.append(text[last:])
    return "".join(out)


def _ranges(fix):
    return [((e["location"]["row"], e["location"]["column"]),
             (e["end_location"]["row"], e["end_location"]["column"])) for e in fix["edits"]]


def _overlaps(taken, ranges):
    for begin, finish in ranges:
        for tbegin, tfinish in taken:
            # touching ranges do not overlap, but two insertions at one point do
            if begin < tfinish and tbegin < finish:
                return True
            if begin == finish == tbegin == tfinish:
                return True
    return False


def _choose(findings, unsafe):
    """The fixes of one file to try this pass: allowed and mutually non-overlapping."""
    taken = []
    chosen = []
    for finding in findings:
        fix = finding.fix
        if not fix or (fix["applicability"] != SAFE and not unsafe):
            continue
        ranges = _ranges(fix)
        if _overlaps(taken, ranges):
            continue
        taken.extend(ranges)
        chosen.append(finding)
    return chosen


def _apply_file(path, text, chosen, python2, report):
    edits = [e for f in chosen for e in f.fix["edits"]]
    try:
        new = apply_edits(text, edits)
        if reparses(new, python2, path):
            report.applied.extend((path, f.line, f.code) for f in chosen)
            return new
    except ValueError:
        pass
    # one by one: keep what parses, drop and report what does not
    current = text
    applied_here = []
    for finding in sorted(chosen, key=lambda f: (f.line, f.column), reverse=True):
        try:
            candidate = apply_edits(current, finding.fix["edits"])
        except ValueError as exc:
            report.dropped.append((path, finding.line, finding.code, str(exc)))
            continue
        if reparses(candidate, python2, path):
            current = candidate
            applied_here.append((path, finding.line, finding.code))
        else:
            report.dropped.append((path, finding.line, finding.code,
                                   "the fixed file does not parse"))
    report.applied.extend(applied_here)
    return current


def fix_paths(paths, unsafe=False, write=False, **lint_options):
    """Fix every file under *paths*; write them when *write*. Returns a :class:`FixReport`."""
    report = FixReport()
    python2 = {}
    import multiprocessing
    if "fork" not in multiprocessing.get_all_start_methods():
        lint_options["jobs"] = 1  # spawned workers would not see the edited texts (OVERLAY)
    blocked = set()  # (path, line, code) dropped once: not tried again
    try:
        for number in range(1, MAX_PASSES + 1):
            engine.OVERLAY.clear()
            engine.OVERLAY.update(report.texts)
            findings = engine.lint_paths(paths, **lint_options)
            report.passes = number
            report.remaining = findings
            by_path = {}
            for finding in findings:
                if finding.fix and (finding.path, finding.line, finding.code) not in blocked:
                    by_path.setdefault(finding.path, []).append(finding)
            progressed = False
            for path, file_findings in by_path.items():
                chosen = _choose(file_findings, unsafe)
                if not chosen:
                    continue
                if path not in report.texts:
                    try:
                        text = engine._read(path)
                    except (OSError, UnicodeDecodeError, SyntaxError, LookupError):
                        continue
                    report.originals[path] = report.texts[path] = text
                    python2[path] = python2_source(text, path)
                before = len(report.dropped)
                new = _apply_file(path, report.texts[path], chosen, python2[path], report)
                for dropped in report.dropped[before:]:
                    blocked.add(dropped[:3])
                if new != report.texts[path]:
                    report.texts[path] = new
                    progressed = True
            if not progressed:
                break
    finally:
        engine.OVERLAY.clear()
    if write:
        for path in report.changed:
            try:
                write_atomically(path, report.texts[path])
            except (OSError, UnicodeError, ValueError) as exc:
                report.write_errors.append((path, str(exc)))
    return report


def write_atomically(path, text):
    """Replace *path* by *text* in its own encoding (coding cookie, BOM), all or nothing."""
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    new = text.encode(encoding)
    if engine.decode_source(new) != text:
        raise ValueError("the fixed text does not round-trip through %s" % encoding)
    directory = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode
    handle, temp = tempfile.mkstemp(prefix=".lm-fix-", suffix=".py", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(new)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def run_cli(args, lint_options, paths, render):
    """``lint --fix`` / ``--diff``: exit 1 when findings remain (--fix) or exist (--diff)."""
    import sys
    report = fix_paths(paths, unsafe=args.unsafe_fixes, write=args.fix and not args.diff,
                       **lint_options)
    out = sys.stdout
    side = sys.stderr if args.format in ("json", "sarif") or args.diff else out
    if args.diff:
        out.write(report.diff())
    else:
        out.write(render(args.format, report.remaining))
    for path, line, code, reason in report.dropped:
        sys.stderr.write("legacy-mongo lint: fix dropped: %s:%d: %s (%s)\n"
                         % (path, line, code, reason))
    for path, error in report.write_errors:
        sys.stderr.write("legacy-mongo lint: error: could not write %s: %s\n" % (path, error))
    applied = len(report.applied)
    remaining = len(report.remaining)
    verb = "would fix" if args.diff else "fixed"
    line = "%s %d finding(s) in %d file(s); %d remaining" % (
        verb.capitalize(), applied, len(report.changed), remaining)
    hidden = report.unsafe_available() if not args.unsafe_fixes else 0
    if hidden:
        line += " (%d more fixable with --unsafe-fixes)" % hidden
    side.write(line + ".\n")
    if report.write_errors:
        return 2
    if args.diff:
        return 1 if applied or remaining else 0
    return 1 if remaining and not args.exit_zero else 0
