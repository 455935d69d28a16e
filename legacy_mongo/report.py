"""``legacy-mongo report``: what a LEGACY_MONGO_REPORT file says, for people.

A program run with ``LEGACY_MONGO_REPORT=usage.json`` writes, at exit, every
legacy call site the shim saw (``legacy_mongo.warnings.write_report``)::

    {"sites": [{"path": "app/db.py", "line": 12, "code": "LM101", "count": 3}, ...],
     "totals": {"LM101": 3, ...}}

``legacy-mongo report usage.json [more.json ...]`` prints the sites as a table,
most-called first, with the catalogue's message; several files (one per
process, e.g. ``LEGACY_MONGO_REPORT=usage-{pid}.json``) are added up.
``--html page.html`` also writes a self-contained page (no scripts, no external
resources) with the calls broken down per file and per code: the work left.

Exit status: 0, or 2 when a report cannot be read or has the wrong shape.
"""
import argparse
import html
import json
import sys
from typing import Dict, List, Sequence, Tuple

from legacy_mongo.catalogue import DOCS_URL, FAMILIES, entry as catalogue_entry

MESSAGE_WIDTH = 72
NOT_IN_CATALOGUE = "(not in the catalogue of this legacy-mongo version)"

# One colour per family, for the HTML bars.
FAMILY_COLOURS = {
    "meta": "#7f7f7f",
    "clients": "#1f77b4",
    "requests": "#d62728",
    "write-concern": "#ff7f0e",
    "crud": "#2ca02c",
    "cursor": "#9467bd",
    "database": "#8c564b",
    "find-options": "#e377c2",
    "imports": "#17becf",
    "encoding": "#bcbd22",
}
UNKNOWN_FAMILY = "unknown"
UNKNOWN_COLOUR = "#444444"

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

_CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.bar { width: 35%; }
.track { background: #f0f0f0; height: 14px; display: flex; }
.seg { height: 14px; display: inline-block; }
code { font-family: ui-monospace, monospace; }
.legend span { display: inline-block; margin-right: 1em; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.summary td { border: 0; padding-right: 2em; }
"""


def _esc(value) -> str:
    return html.escape(str(value), quote=True)


def _colour(family: str) -> str:
    return FAMILY_COLOURS.get(family, UNKNOWN_COLOUR)


def _bar(parts: Dict[str, int], scale: int) -> str:
    """A horizontal bar, one coloured segment per family, as wide as
    sum(parts)/scale of the track."""
    segments = []
    for family in list(FAMILY_COLOURS) + [UNKNOWN_FAMILY]:
        value = parts.get(family, 0)
        if value:
            segments.append('<span class="seg" style="width:%.2f%%;background:%s" title="%s: %d">'
                            '</span>' % (100.0 * value / scale, _colour(family), _esc(family),
                                         value))
    return '<div class="track">%s</div>' % "".join(segments)


def format_html(counts: Dict[Site, int], sources: Sequence[str] = ()) -> str:
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

    out = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
           '<title>legacy-mongo usage report</title>', '<style>%s</style>' % _CSS,
           '</head><body>', '<h1>legacy-mongo usage report</h1>']
    out.append('<table class="summary"><tr><td><b>%d</b> legacy calls</td><td><b>%d</b> sites</td>'
               '<td><b>%d</b> files</td><td><b>%d</b> codes</td></tr></table>'
               % (calls, len(rows), len(by_file), len(by_code)))
    if sources:
        out.append('<p>From %s.</p>' % ", ".join("<code>%s</code>" % _esc(s) for s in sources))
    families_present = sorted({_family(c) for c in by_code},
                              key=lambda f: list(FAMILY_COLOURS).index(f)
                              if f in FAMILY_COLOURS else len(FAMILY_COLOURS))
    out.append('<p class="legend">%s</p>' % "".join(
        '<span><span class="swatch" style="background:%s"></span>%s</span>'
        % (_colour(f), _esc(f)) for f in families_present))

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
    out.append('</body></html>')
    return "\n".join(out) + "\n"


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
    sys.stdout.write(format_table(counts, args.limit))
    if args.html:
        try:
            with open(args.html, "w", encoding="utf-8") as fh:
                fh.write(format_html(counts, args.reports))
        except OSError as exc:
            sys.stderr.write("legacy-mongo report: cannot write %s: %s\n"
                             % (args.html, exc.strerror or exc))
            return 2
        sys.stderr.write("legacy-mongo report: wrote %s\n" % args.html)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
