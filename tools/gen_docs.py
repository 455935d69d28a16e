#!/usr/bin/env python
"""Build the documentation site from legacy_mongo/catalogue.py (MkDocs).

    python tools/gen_docs.py            # write the sources into build/docs-src
    python tools/gen_docs.py --build    # ... and build the site into build/site
                                        # (mkdocs --strict: any warning fails)

The site has one page per code at ``codes/lm401.html``: the address that
every warning and finding cites (``catalogue.DOCS_URL``), plus the whole
migration guide (``migration.html``, MIGRATION.md) and a table of codes.
Nothing generated is committed; ``docs/mkdocs.yml`` is the configuration
(also read by Read the Docs, see .readthedocs.yaml).
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from legacy_mongo import __version__, catalogue  # noqa: E402

SOURCE_DIR = os.path.join(ROOT, "build", "docs-src")
SITE_DIR = os.path.join(ROOT, "build", "site")
CONFIG = os.path.join(ROOT, "docs", "mkdocs.yml")

INDEX = """\
# legacy-mongo {version}

Run unchanged PyMongo 2.x code on PyMongo 4, learn what to write instead, and lint what is
left.

```console
$ pip install legacy-mongo            # the runtime shim, the warnings, explain and report
$ pip install 'legacy-mongo[lint]'    # also the linter's Python 2 parser
$ legacy-mongo run app.py             # the unchanged 2.x program, on PyMongo 4
$ legacy-mongo lint src/              # every legacy use, statically
$ legacy-mongo explain LM401          # any code's page, offline
```

* [The migration guide](migration.md): the step-by-step path, then one section per code.
* [Every code](codes/index.md): one page per code (`codes/lm401.html`), the page each warning
  and each linter finding links to.
"""


def _in_page_links_to_guide(text):
    """An entry's in-page links (#when-is-a-request-still-needed) point into
    the guide once the entry is a page of its own."""
    return re.sub(r"\]\(#([^)]+)\)", r"](../migration.md#\1)", text)


def code_page(found):
    section = catalogue.render_entry(found)
    section = section.replace("### %s %s\n" % (found.code, found.name),
                              "# %s %s\n" % (found.code, found.name), 1)
    family = found.family
    lines = [
        _in_page_links_to_guide(section).rstrip("\n"),
        "",
        "Family: [%s](index.md#family-%s). The same text is the "
        "[%s section of the migration guide](../migration.md#%s); offline: "
        "`legacy-mongo explain %s`." % (catalogue.FAMILY_TITLES[family], family, found.code,
                                        found.anchor, found.code),
        "",
    ]
    return "\n".join(lines)


def codes_index():
    out = ["# Codes", "",
           "Every code legacy-mongo's warnings and linter report, by family. "
           "`legacy-mongo explain --list` prints the same list offline.", ""]
    for family in catalogue.FAMILIES:
        codes = catalogue.codes_in_family(family)
        if not codes:
            continue
        out += ['<a id="family-%s"></a>' % family, "",
                "## %s" % catalogue.FAMILY_TITLES[family], "",
                catalogue.FAMILY_INTROS[family].replace("](#", "](../migration.md#"), "",
                "| Code | Legacy | Rewrite |", "|---|---|---|"]
        for code in codes:
            found = catalogue.CATALOGUE[code]
            out.append("| [%s](%s.md) | `%s` | %s |" % (
                code, found.anchor, catalogue._cell(found.legacy),
                catalogue._short_verdict(found.rewrite)))
        out.append("")
    return "\n".join(out)


def write_sources(target=SOURCE_DIR):
    if os.path.isdir(target):
        shutil.rmtree(target)
    os.makedirs(os.path.join(target, "codes"))
    files = {
        "index.md": INDEX.format(version=__version__),
        "migration.md": catalogue.render_migration(),
        os.path.join("codes", "index.md"): codes_index(),
    }
    for code, found in catalogue.CATALOGUE.items():
        files[os.path.join("codes", found.anchor + ".md")] = code_page(found)
    for name, text in files.items():
        with open(os.path.join(target, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    return len(files)


def build():
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", CONFIG, "--site-dir", SITE_DIR]
    return subprocess.call(command)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv not in ([], ["--build"]):
        sys.stderr.write(__doc__)
        return 2
    count = write_sources()
    sys.stdout.write("wrote %d pages into %s\n" % (count, os.path.relpath(SOURCE_DIR, ROOT)))
    if argv == ["--build"]:
        status = build()
        if status == 0:
            sys.stdout.write("site: %s/index.html\n" % os.path.relpath(SITE_DIR, ROOT))
        return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
