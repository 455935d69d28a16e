"""The one HTML style of legacy-mongo's pages: ``lint --summary-html`` and
``report --html``.

Each page is self-contained (no scripts, no external resources; links to the
code pages are plain links) and says what it describes: the project, when it
was made, and the versions of legacy-mongo, PyMongo and Python that made it.
``SOURCE_DATE_EPOCH`` fixes the date, for reproducible pages.

This module imports neither PyMongo nor the linter.
"""
import configparser
import datetime
import html
import os
import re
import sys
from typing import Dict, Iterable, Optional, Sequence

from legacy_mongo.catalogue import FAMILIES

CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; max-width: 75em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; }
p.meta { color: #555; margin-top: 0; }
p.meta span { margin-right: 1.5em; white-space: nowrap; }
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

# One colour per family, for the bars of both pages.
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
NEUTRAL_COLOUR = "#4a7fb5"

assert set(FAMILY_COLOURS) == set(FAMILIES)


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def colour(family: str) -> str:
    return FAMILY_COLOURS.get(family, UNKNOWN_COLOUR)


def bar(parts: Dict[str, int], scale: int) -> str:
    """A horizontal bar, one coloured segment per family (or "" for a neutral
    segment), as wide as sum(parts)/scale of the track."""
    segments = []
    for family in [""] + list(FAMILY_COLOURS) + [UNKNOWN_FAMILY]:
        value = parts.get(family, 0)
        if value:
            segments.append('<span class="seg" style="width:%.1f%%;background:%s" title="%s%d">'
                            '</span>' % (100.0 * value / (scale or 1),
                                         colour(family) if family else NEUTRAL_COLOUR,
                                         esc(family + ": ") if family else "", value))
    return '<div class="track">%s</div>' % "".join(segments)


def legend(families: Iterable[str]) -> str:
    order = list(FAMILY_COLOURS)
    present = sorted(set(families), key=lambda f: order.index(f) if f in order else len(order))
    return '<p class="legend">%s</p>' % "".join(
        '<span><span class="swatch" style="background:%s"></span>%s</span>'
        % (colour(f), esc(f)) for f in present)


# ---------------------------------------------------------------------------
# What the page is about


def _name_in(folder: str) -> Optional[str]:
    pyproject = os.path.join(folder, "pyproject.toml")
    if os.path.isfile(pyproject):
        try:
            with open(pyproject, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError):
            text = ""
        # Only [project] name: a cheap scan, not a TOML parse of every file.
        section = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
        if section:
            found = re.search(r"^name\s*=\s*[\"']([^\"']+)[\"']", section.group(1), re.M)
            if found:
                return found.group(1)
    setup_cfg = os.path.join(folder, "setup.cfg")
    if os.path.isfile(setup_cfg):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(setup_cfg, encoding="utf-8")
            if parser.has_option("metadata", "name"):
                return parser.get("metadata", "name").strip() or None
        except (configparser.Error, UnicodeDecodeError):
            pass
    return None


def project_name(paths: Sequence[str] = ()) -> str:
    """The project's name from the nearest pyproject.toml ``[project]`` or
    setup.cfg ``[metadata]`` above the first path (or the current directory);
    else that directory's name."""
    start = os.path.abspath(paths[0] if paths else os.getcwd())
    if not os.path.isdir(start):
        start = os.path.dirname(start)
    for folder in [start] + [p for p in _parents(start)]:
        name = _name_in(folder)
        if name:
            return name
    return os.path.basename(start) or start


def _parents(path: str):
    while True:
        parent = os.path.dirname(path)
        if parent == path:
            return
        yield parent
        path = parent


def generated_at() -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    return datetime.datetime.now(datetime.timezone.utc)


def versions() -> Dict[str, str]:
    """legacy-mongo, PyMongo (from its metadata: never imported here) and Python."""
    from legacy_mongo import __version__

    try:
        from importlib.metadata import PackageNotFoundError, version
        try:
            pymongo_version = version("pymongo")
        except PackageNotFoundError:
            pymongo_version = "not installed"
    except ImportError:  # pragma: no cover - Python < 3.8
        pymongo_version = "unknown"
    return {"legacy-mongo": __version__, "PyMongo": pymongo_version,
            "Python": sys.version.split()[0]}


def page(title: str, body: str, paths: Sequence[str] = ()) -> str:
    """A complete page: the shared style, a heading with the project name,
    and the line that says when and with what it was made."""
    project = project_name(paths)
    when = generated_at().strftime("%Y-%m-%d %H:%M UTC")
    meta = ['<span>project <b>%s</b></span>' % esc(project),
            '<span>generated %s</span>' % esc(when)]
    meta += ['<span>%s %s</span>' % (esc(name), esc(value)) for name, value in versions().items()]
    return "\n".join([
        '<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
        '<title>%s: %s</title>' % (esc(title), esc(project)), '<style>%s</style>' % CSS,
        '</head><body>',
        '<h1>%s</h1>' % esc(title),
        '<p class="meta">%s</p>' % "".join(meta),
        body.rstrip("\n"),
        '</body></html>',
    ]) + "\n"
