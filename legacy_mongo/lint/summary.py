"""``--summary`` / ``--summary-html``: a migration overview a team can watch go down.

Counts per top-level package (the first directory or module under each path
given on the command line) and per code, with the catalogue name of each code.
"""
import html
import os
from collections import Counter, OrderedDict

from legacy_mongo.catalogue import CATALOGUE


def _package(path, roots):
    norm = os.path.normpath(path)
    for root in roots:
        root_norm = os.path.normpath(root)
        if os.path.isfile(root_norm):
            if norm == root_norm:
                return os.path.splitext(os.path.basename(norm))[0]
            continue
        rel = os.path.relpath(norm, root_norm)
        if not rel.startswith(".."):
            head = rel.split(os.sep, 1)[0]
            return os.path.splitext(head)[0] if head.endswith(".py") else head
    return os.path.splitext(os.path.basename(norm))[0]


def build(findings, roots):
    per_package = Counter()
    per_code = Counter()
    per_package_code = {}
    files = set()
    certain = 0
    for f in findings:
        package = _package(f.path, roots)
        per_package[package] += 1
        per_code[f.code] += 1
        per_package_code.setdefault(package, Counter())[f.code] += 1
        files.add(f.path)
        certain += f.confidence == "certain"
    return OrderedDict(
        total=len(findings), certain=certain, files=len(files),
        packages=sorted(per_package.items(), key=lambda kv: (-kv[1], kv[0])),
        codes=sorted(per_code.items(), key=lambda kv: (-kv[1], kv[0])),
        package_codes={k: dict(v) for k, v in per_package_code.items()},
    )


def render_text(overview):
    lines = ["Legacy PyMongo uses: %d in %d files (%d certain, %d likely)" % (
        overview["total"], overview["files"], overview["certain"],
        overview["total"] - overview["certain"]), "", "By top-level package:"]
    width = max([len(p) for p, _ in overview["packages"]] + [7])
    for package, count in overview["packages"]:
        lines.append("  %-*s %6d" % (width, package, count))
    lines += ["", "By code:"]
    for code, count in overview["codes"]:
        found = CATALOGUE[code]
        lines.append("  %s %6d  %-10s %s" % (code, count, found.family, found.name))
    return "\n".join(lines) + "\n"


def _bars(rows, label_of):
    top = max([c for _, c in rows] + [1])
    out = []
    for key, count in rows:
        pct = 100.0 * count / top
        out.append('<tr><td class="k">%s</td><td class="bar"><div style="width:%.1f%%"></div>'
                   '</td><td class="n">%d</td></tr>' % (label_of(key), pct, count))
    return "\n".join(out)


def render_html(overview):
    def code_label(code):
        found = CATALOGUE[code]
        return '<a href="%s">%s</a> %s' % (
            html.escape(found.url), html.escape(code), html.escape(found.name))

    return """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>legacy-mongo migration overview</title>
<style>
body{font-family:sans-serif;margin:2em;max-width:60em}
table{border-collapse:collapse;width:100%%}td{padding:2px 6px}
td.k{white-space:nowrap;width:30%%}td.n{text-align:right;width:4em}
td.bar div{background:#4a7fb5;height:1em}
</style></head><body>
<h1>Legacy PyMongo uses: %d</h1>
<p>%d files; %d certain, %d likely.</p>
<h2>By top-level package</h2>
<table class="packages">
%s
</table>
<h2>By code</h2>
<table class="codes">
%s
</table>
</body></html>
""" % (overview["total"], overview["files"], overview["certain"],
       overview["total"] - overview["certain"],
       _bars(overview["packages"], html.escape), _bars(overview["codes"], code_label))
