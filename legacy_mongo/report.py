"""``legacy-mongo report``: what a LEGACY_MONGO_REPORT file says, for people.

A program run with ``LEGACY_MONGO_REPORT=usage.json`` writes, at exit, every
legacy call site the shim saw (``legacy_mongo.warnings.write_report``)::

    {"sites": [{"path": "app/db.py", "line": 12, "code": "LM101", "count": 3}, ...],
     "totals": {"LM101": 3, ...}, "session": "..."}

The processes of one run (the program and every process it starts, which
inherit LEGACY_MONGO_REPORT_SESSION) merge their counts into the one file,
under a lock on ``<file>.lock``; a later run replaces it.

``legacy-mongo report usage.json [more.json ...]`` prints the sites as a table,
most-called first, with the catalogue's message; several files (one per
process, e.g. ``LEGACY_MONGO_REPORT=usage-{pid}.json``) are added up.
``--html page.html`` also writes a self-contained page (no scripts, no external
resources) with the calls broken down per file and per code: the work left.
``--lint src/`` also lints ``src/`` and sets the sites hit at run time against
the findings: those found only statically are code the run did not reach (or
dead code), those hit only at run time are uses the linter cannot see.

Exit status: 0, or 2 when a report cannot be read or has the wrong shape.
"""
import argparse
import json
import os
import sys
from typing import Dict, List, Sequence, Tuple

from legacy_mongo import html_page
from legacy_mongo.catalogue import DOCS_URL, FAMILIES, entry as catalogue_entry

MESSAGE_WIDTH = 72
NOT_IN_CATALOGUE = "(not in the catalogue of this legacy-mongo version)"

UNKNOWN_FAMILY = html_page.UNKNOWN_FAMILY

Site = Tuple[str, int, str]  # (path, line, code)


class ReportError(Exception):
    """A report file is missing, not JSON, or not in the report's shape."""


# ---------------------------------------------------------------------------
# Reading


def _check_site(item, where: str) -> Tuple[Site, int]:
    if not isinstance(item, dict):
        raise ReportError("%s: expected an object with path, line, code and count, got %s"
                          % (where, type(item).__name__))
    missing = [key for key in ("path", "line", "code", "count") if key not in item]
    if missing:
        raise ReportError("%s: missing %s" % (where, ", ".join(missing)))
    path, line, code, count = item["path"], item["line"], item["code"], item["count"]
    if not isinstance(path, str) or not path:
        raise ReportError("%s: path must be a non-empty string, got %r" % (where, path))
    if not isinstance(line, int) or isinstance(line, bool) or line < 0:
        raise ReportError("%s: line must be a non-negative integer, got %r" % (where, line))
    if not isinstance(code, str) or not code:
        raise ReportError("%s: code must be a non-empty string, got %r" % (where, code))
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ReportError("%s: count must be a non-negative integer, got %r" % (where, count))
    return (path, line, code), count


def load_report(path) -> Dict[Site, int]:
    """The counts of one report file: {(path, line, code): count}."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise ReportError("cannot read %s: %s" % (path, exc.strerror or exc)) from None
    except UnicodeDecodeError as exc:
        raise ReportError("%s is not UTF-8 text: %s" % (path, exc)) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ReportError("%s is not valid JSON: %s" % (path, exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("sites"), list):
        raise ReportError('%s is not a legacy-mongo report: expected a JSON object with a '
                          '"sites" list (written by LEGACY_MONGO_REPORT)' % path)
    totals = data.get("totals", {})
    if not isinstance(totals, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
            for k, v in totals.items()):
        raise ReportError('%s: "totals" must be an object mapping codes to counts' % path)
    counts: Dict[Site, int] = {}
    for index, item in enumerate(data["sites"]):
        site, count = _check_site(item, "%s: sites[%d]" % (path, index))
        counts[site] = counts.get(site, 0) + count
    return counts


def merge(reports: Sequence[Dict[Site, int]]) -> Dict[Site, int]:
    merged: Dict[Site, int] = {}
    for counts in reports:
        for site, count in counts.items():
            merged[site] = merged.get(site, 0) + count
    return merged


def sorted_sites(counts: Dict[Site, int]) -> List[Tuple[Site, int]]:
    """Most-called first; ties by path, line, code."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


# ---------------------------------------------------------------------------
# Catalogue lookups that survive codes this version does not know


def _message(code: str) -> str:
    try:
        return catalogue_entry(code).message
    except KeyError:
        return NOT_IN_CATALOGUE


def _url(code: str) -> str:
    try:
        return catalogue_entry(code).url
    except KeyError:
        return DOCS_URL + "codes/index.html"


def _family(code: str) -> str:
    try:
        return catalogue_entry(code).family
    except (KeyError, ValueError):
        for family, prefix in FAMILIES.items():
            if code.startswith(prefix) and len(code) == 5:
                return family
        return UNKNOWN_FAMILY


def _short(text: str, width: int = MESSAGE_WIDTH) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "\u2026"


# ---------------------------------------------------------------------------
# Text


def format_table(counts: Dict[Site, int], limit: int = 0) -> str:
    rows = sorted_sites(counts)
    if not rows:
        return "no legacy calls recorded\n"
    shown = rows[:limit] if limit > 0 else rows
    locations = ["%s:%d" % (path, line) for (path, line, _code), _count in shown]
    count_width = max(len("COUNT"), len(str(shown[0][1])))
    code_width = max(len("CODE"), max(len(code) for (_p, _l, code), _c in shown))
    location_width = max(len("LOCATION"), max(len(loc) for loc in locations))
    line_format = "%*s  %-*s  %-*s  %s"
    out = [(line_format % (count_width, "COUNT", code_width, "CODE", location_width, "LOCATION",
                           "MESSAGE")).rstrip()]
    for ((_path, _line, code), count), location in zip(shown, locations):
        out.append(line_format % (count_width, count, code_width, code, location_width, location,
                                  _short(_message(code))))
    calls = sum(counts.values())
    codes = {code for (_p, _l, code) in counts}
    files = {path for (path, _l, _c) in counts}
    summary = "%d legacy call%s at %d site%s in %d file%s, %d code%s" % (
        calls, "" if calls == 1 else "s", len(rows), "" if len(rows) == 1 else "s",
        len(files), "" if len(files) == 1 else "s", len(codes), "" if len(codes) == 1 else "s")
    if len(shown) < len(rows):
        summary += " (top %d sites shown)" % len(shown)
    out.append("")
    out.append(summary)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# HTML

_esc = html_page.esc
_colour = html_page.colour
_bar = html_page.bar


def format_html(counts: Dict[Site, int], sources: Sequence[str] = (),
                project_paths: Sequence[str] = (), comparison: "Comparison" = None) -> str:
    rows = sorted_sites(counts)
    calls = sum(counts.values())
    by_file: Dict[str, Dict[str, int]] = {}
    sites_per_file: Dict[str, int] = {}
    by_code: Dict[str, int] = {}
    sites_per_code: Dict[str, int] = {}
    for (path, _line, code), count in rows:
        family = _family(code)
        by_file.setdefault(path, {})
        by_file[path][family] = by_file[path].get(family, 0) + count
        sites_per_file[path] = sites_per_file.get(path, 0) + 1
        by_code[code] = by_code.get(code, 0) + count
        sites_per_code[code] = sites_per_code.get(code, 0) + 1
    files = sorted(by_file, key=lambda p: (-sum(by_file[p].values()), p))
    codes = sorted(by_code, key=lambda c: (-by_code[c], c))
    file_scale = max((sum(v.values()) for v in by_file.values()), default=1) or 1
    code_scale = max(by_code.values(), default=1) or 1
    site_scale = rows[0][1] if rows and rows[0][1] else 1

    out = []
    out.append('<table class="summary"><tr><td><b>%d</b> legacy calls</td><td><b>%d</b> sites</td>'
               '<td><b>%d</b> files</td><td><b>%d</b> codes</td></tr></table>'
               % (calls, len(rows), len(by_file), len(by_code)))
    if sources:
        out.append('<p>From %s.</p>' % ", ".join("<code>%s</code>" % _esc(s) for s in sources))
    out.append(html_page.legend(_family(c) for c in by_code))

    out.append('<h2 id="by-file">By file</h2>')
    out.append('<table><tr><th>file</th><th class="num">sites</th><th class="num">calls</th>'
               '<th>calls by family</th></tr>')
    for path in files:
        out.append('<tr><td><code>%s</code></td><td class="num">%d</td><td class="num">%d</td>'
                   '<td class="bar">%s</td></tr>'
                   % (_esc(path), sites_per_file[path], sum(by_file[path].values()),
                      _bar(by_file[path], file_scale)))
    out.append('</table>')

    out.append('<h2 id="by-code">By code</h2>')
    out.append('<table><tr><th>code</th><th>family</th><th class="num">sites</th>'
               '<th class="num">calls</th><th>calls</th><th>what to do</th></tr>')
    for code in codes:
        family = _family(code)
        out.append('<tr><td><a href="%s"><code>%s</code></a></td><td>%s</td>'
                   '<td class="num">%d</td><td class="num">%d</td><td class="bar">%s</td>'
                   '<td>%s</td></tr>'
                   % (_esc(_url(code)), _esc(code), _esc(family), sites_per_code[code],
                      by_code[code], _bar({family: by_code[code]}, code_scale),
                      _esc(_message(code))))
    out.append('</table>')

    out.append('<h2 id="sites">All sites</h2>')
    out.append('<table><tr><th class="num">calls</th><th>code</th><th>location</th><th></th></tr>')
    for (path, line, code), count in rows:
        out.append('<tr><td class="num">%d</td><td><code>%s</code></td><td><code>%s:%d</code></td>'
                   '<td class="bar">%s</td></tr>'
                   % (count, _esc(code), _esc(path), line,
                      _bar({_family(code): count}, site_scale)))
    out.append('</table>')
    if not rows:
        out.append('<p>No legacy calls recorded.</p>')
    if comparison is not None:
        out.append(_comparison_html(comparison))
    return html_page.page("legacy-mongo usage report", "\n".join(out), project_paths)


# ---------------------------------------------------------------------------
# Run time against the linter (--lint)


NEAR_LINES = 3


class Comparison:
    """Sites hit at run time set against the linter's findings under *roots*.

    A run-time site matches a finding with its code whose lines cover the
    site's line; failing that, the nearest unmatched one at most
    ``NEAR_LINES`` below it: Python before 3.11 attributes a call spread over
    lines (``(coll\n .insert(...))``) to the line the expression starts on,
    the linter to the method's name."""

    def __init__(self, roots, both, static_only, runtime_only):
        self.roots = list(roots)
        self.both = both                  # [(path, line, code, calls)]
        self.static_only = static_only    # [(path, line, code)]
        self.runtime_only = runtime_only  # [(path, line, code, calls)]


def _real(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def compare_with_lint(counts: Dict[Site, int], roots: Sequence[str], findings=None) -> Comparison:
    if findings is None:
        from legacy_mongo.lint import engine

        findings = engine.lint_paths(list(roots))
    real_roots = [_real(root) for root in roots]

    def under_roots(path):
        real = _real(path)
        return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep)
                   for root in real_roots)

    by_file_code: Dict[Tuple[str, str], list] = {}
    for finding in findings:
        by_file_code.setdefault((_real(finding.path), finding.code), []).append(finding)
    matched = set()
    both, runtime_only = [], []
    for (path, line, code), calls in sorted_sites(counts):
        candidates = by_file_code.get((_real(path), code), [])
        hit = [f for f in candidates if f.line <= line <= max(f.end_line, f.line)]
        if not hit:
            near = [f for f in candidates
                    if id(f) not in matched and line < f.line <= line + NEAR_LINES]
            hit = sorted(near, key=lambda f: f.line)[:1]
        if hit:
            matched.update(id(f) for f in hit)
            both.append((hit[0].path, line, code, calls))
        elif under_roots(path):
            runtime_only.append((path, line, code, calls))
    static_only = sorted({(f.path, f.line, f.code) for f in findings if id(f) not in matched})
    return Comparison(roots, both, static_only, runtime_only)


def _linted(code: str) -> bool:
    try:
        return catalogue_entry(code).lint
    except KeyError:
        return False


def format_comparison(comparison: Comparison) -> str:
    out = ["", "Run time against lint of %s:" % ", ".join(comparison.roots),
           "  %d site%s hit at run time and found by lint" % (
               len(comparison.both), "" if len(comparison.both) == 1 else "s"),
           "  %d site%s found only statically (not hit at run time)%s" % (
               len(comparison.static_only), "" if len(comparison.static_only) == 1 else "s",
               ":" if comparison.static_only else "")]
    for path, line, code in comparison.static_only:
        out.append("    %s:%d  %s  %s" % (path, line, code, _name(code)))
    out.append("  %d site%s hit at run time that lint did not find%s" % (
        len(comparison.runtime_only), "" if len(comparison.runtime_only) == 1 else "s",
        ":" if comparison.runtime_only else ""))
    for path, line, code, calls in comparison.runtime_only:
        why = "" if _linted(code) else "  (a run-time-only code)"
        out.append("    %s:%d  %s  %s  %d call%s%s"
                   % (path, line, code, _name(code), calls, "" if calls == 1 else "s", why))
    return "\n".join(out) + "\n"


def _name(code: str) -> str:
    try:
        return catalogue_entry(code).name
    except KeyError:
        return "?"


def _comparison_html(comparison: Comparison) -> str:
    out = ['<h2 id="lint">Run time against lint</h2>',
           '<p>Linted %s: <b>%d</b> sites hit at run time and found by lint, <b>%d</b> found '
           'only statically, <b>%d</b> hit at run time that lint did not find.</p>'
           % (", ".join("<code>%s</code>" % _esc(r) for r in comparison.roots),
              len(comparison.both), len(comparison.static_only), len(comparison.runtime_only))]
    sections = (
        ("static-only", "Found only statically (not hit at run time)",
         [(p, l, c, "") for p, l, c in comparison.static_only]),
        ("runtime-only", "Hit at run time, not found by lint",
         [(p, l, c, "%d" % n) for p, l, c, n in comparison.runtime_only]),
        ("both", "Hit at run time and found by lint",
         [(p, l, c, "%d" % n) for p, l, c, n in comparison.both]),
    )
    for anchor, title, rows in sections:
        out.append('<h3 id="%s">%s</h3>' % (anchor, _esc(title)))
        if not rows:
            out.append("<p>None.</p>")
            continue
        out.append('<table><tr><th>location</th><th>code</th><th>name</th>'
                   '<th class="num">calls</th></tr>')
        for path, line, code, calls in rows:
            out.append('<tr><td><code>%s:%d</code></td><td><a href="%s"><code>%s</code></a></td>'
                       '<td>%s</td><td class="num">%s</td></tr>'
                       % (_esc(path), line, _esc(_url(code)), _esc(code), _esc(_name(code)),
                          calls))
        out.append('</table>')
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Command


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="legacy-mongo report",
        description="Print a LEGACY_MONGO_REPORT file (several are added up) as a table of "
                    "legacy call sites, most-called first.")
    parser.add_argument("reports", nargs="+", metavar="REPORT.json")
    parser.add_argument("--html", metavar="FILE", help="also write a self-contained HTML page")
    parser.add_argument("--limit", type=int, default=0, metavar="N",
                        help="print only the N most-called sites")
    parser.add_argument("--lint", action="append", metavar="PATH",
                        help="also lint PATH (repeatable) and show the sites hit at run time "
                        "against those found only statically")
    return parser


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse: usage errors exit 2, --help exits 0
        return exc.code if isinstance(exc.code, int) else 2
    try:
        counts = merge([load_report(path) for path in args.reports])
    except ReportError as exc:
        sys.stderr.write("legacy-mongo report: %s\n" % exc)
        return 2
    comparison = None
    if args.lint:
        missing = [path for path in args.lint if not os.path.exists(path)]
        if missing:
            sys.stderr.write("legacy-mongo report: --lint %s: no such file or directory\n"
                             % missing[0])
            return 2
        comparison = compare_with_lint(counts, args.lint)
    sys.stdout.write(format_table(counts, args.limit))
    if comparison is not None:
        sys.stdout.write(format_comparison(comparison))
    if args.html:
        try:
            with open(args.html, "w", encoding="utf-8") as fh:
                fh.write(format_html(counts, args.reports, args.lint or (), comparison))
        except OSError as exc:
            sys.stderr.write("legacy-mongo report: cannot write %s: %s\n"
                             % (args.html, exc.strerror or exc))
            return 2
        sys.stderr.write("legacy-mongo report: wrote %s\n" % args.html)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
