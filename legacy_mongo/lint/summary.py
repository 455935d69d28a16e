"""``--summary`` / ``--summary-html``: a migration overview a team can watch go down.

Counts per top-level package (the first directory or module under each path
given on the command line) and per code, with the catalogue name of each code.
"""
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
        roots=list(roots),
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


def render_html(overview):
    """The overview as a page in the style of ``report --html``
    (legacy_mongo.html_page): project, date and versions on top."""
    from legacy_mongo import html_page

    esc = html_page.esc
    likely = overview["total"] - overview["certain"]
    out = ['<table class="summary"><tr><td><b>%d</b> legacy uses</td><td><b>%d</b> files</td>'
           '<td><b>%d</b> certain</td><td><b>%d</b> likely</td></tr></table>'
           % (overview["total"], overview["files"], overview["certain"], likely)]
    roots = overview.get("roots") or ()
    if roots:
        out.append("<p>Linted %s.</p>" % ", ".join("<code>%s</code>" % esc(r) for r in roots))
    package_codes = overview.get("package_codes", {})
    families = {CATALOGUE[code].family for code, _count in overview["codes"]}
    out.append(html_page.legend(families))

    out.append('<h2 id="by-package">By top-level package</h2>')
    out.append('<table class="packages"><tr><th>package</th><th class="num">uses</th>'
               '<th>uses by family</th></tr>')
    top = max([count for _, count in overview["packages"]] + [1])
    for package, count in overview["packages"]:
        parts = {}
        for code, n in package_codes.get(package, {}).items():
            family = CATALOGUE[code].family
            parts[family] = parts.get(family, 0) + n
        out.append('<tr><td><code>%s</code></td><td class="num">%d</td><td class="bar">%s</td>'
                   '</tr>' % (esc(package), count, html_page.bar(parts or {"": count}, top)))
    out.append('</table>')

    out.append('<h2 id="by-code">By code</h2>')
    out.append('<table class="codes"><tr><th>code</th><th>family</th><th class="num">uses</th>'
               '<th>uses</th><th>what it is</th></tr>')
    top = max([count for _, count in overview["codes"]] + [1])
    for code, count in overview["codes"]:
        found = CATALOGUE[code]
        out.append('<tr><td><a href="%s"><code>%s</code></a></td><td>%s</td>'
                   '<td class="num">%d</td><td class="bar">%s</td><td>%s</td></tr>'
                   % (esc(found.url), esc(code), esc(found.family), count,
                      html_page.bar({found.family: count}, top), esc(found.name)))
    out.append('</table>')
    if not overview["total"]:
        out.append("<p>No legacy PyMongo uses found.</p>")
    return html_page.page("legacy-mongo migration overview", "\n".join(out), roots)
