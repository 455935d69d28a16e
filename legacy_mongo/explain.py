"""``legacy-mongo explain``: one code's catalogue entry, offline.

    legacy-mongo explain LM401        # by code (lm401 works too)
    legacy-mongo explain insert       # by legacy name: Collection.insert, insert() ...
    legacy-mongo explain --list       # every code with its name
    legacy-mongo explain --markdown LM401   # the MIGRATION.md section itself
    legacy-mongo explain --guide      # where the installed MIGRATION.md is

Everything comes from ``legacy_mongo.catalogue`` (the source MIGRATION.md and
the docs site are generated from), so an installed package explains every
code without a network.  Fields that later catalogue versions add (fix data,
say) are shown too, under their own names, so this command never lags the
catalogue.

Exit status: 0; 1 when nothing matches; 2 on usage errors.
"""
import argparse
import dataclasses
import sys
import textwrap

from legacy_mongo import catalogue
from legacy_mongo.catalogue import CATALOGUE, CODE_RE, FAMILIES

WIDTH = 79
INDENT = "    "

# Entry fields rendered by name below (or internal to the linter); any other
# non-empty field is shown generically after them.
_SHOWN = {
    "code", "name", "legacy", "message", "replacement", "meaning", "rewrite", "before",
    "after", "did", "removed", "matches", "aliases", "reference", "runtime", "lint",
    "autofix", "autofix_note",
}


def _wrap(text, indent=""):
    return textwrap.fill(" ".join(str(text).split()), WIDTH, initial_indent=indent,
                         subsequent_indent=indent)


def _block(code):
    return "\n".join(INDENT + line if line else "" for line in str(code).rstrip("\n").split("\n"))


def _verdict(rewrite):
    if rewrite == catalogue.ALWAYS:
        return "always: a mechanical rewrite keeps the 2.8 behaviour"
    if rewrite == catalogue.NEVER:
        return "never: rewrite by hand, after reading what changes in meaning"
    return rewrite


def _fix_text(found):
    """What ``lint --fix`` does for this code, from the catalogue's
    ``autofix`` ("safe", "unsafe" or "") and ``autofix_note``; None for a
    catalogue without fix data."""
    if not hasattr(found, "autofix"):
        return None
    note = getattr(found, "autofix_note", "")
    if found.autofix == "safe":
        text = "safe fix"
    elif found.autofix == "unsafe":
        text = "unsafe fix (applied with --unsafe-fixes)"
    else:
        text = "no fix"
    return text + (": " + note if note else "")


def _label(name):
    return name.replace("_", " ").capitalize()


def _extra_fields(found):
    """Fields added to Entry after this module was written, with their values."""
    out = []
    for item in dataclasses.fields(found):
        if item.name in _SHOWN:
            continue
        value = getattr(found, item.name)
        if value in (None, "", (), [], {}) or value == item.default:
            continue
        out.append((item.name, value))
    return out


def _format_value(value):
    if isinstance(value, (list, tuple)):
        return "\n".join(_format_value(v) for v in value)
    if dataclasses.is_dataclass(value):
        parts = ["%s=%r" % (f.name, getattr(value, f.name)) for f in dataclasses.fields(value)
                 if getattr(value, f.name) not in (None, "", (), f.default)]
        return "%s(%s)" % (type(value).__name__, ", ".join(parts))
    return str(value)


def render_text(found) -> str:
    """The terminal rendering of one entry."""
    out = ["%s %s (%s)" % (found.code, found.name, found.family), found.url, "",
           _wrap(found.message), ""]
    facts = [("Legacy", found.legacy), ("Replacement", found.replacement)]
    if found.removed:
        facts.append(("Removed", found.removed))
    if found.aliases:
        facts.append(("Also spelled", ", ".join(found.aliases)))
    for label, value in facts:
        out.append(_wrap(value, " " * 14)[14:].join(["%-14s" % (label + ":"), ""]))
    if found.did:
        out += ["", "What it did in PyMongo 2.8:", _wrap(found.did, INDENT)]
    if found.family != "meta":
        before = found.before or found.legacy
        after = found.after or found.replacement
        out += ["", "Before (PyMongo 2.x):", _block(before), "",
                "After (PyMongo 4):", _block(after)]
    out += ["", "What changes in meaning:", _wrap(found.meaning, INDENT), "",
            "Safe to rewrite mechanically:", _wrap(_verdict(found.rewrite), INDENT)]
    fix = _fix_text(found)
    if fix is not None:
        out += ["", "legacy-mongo lint --fix:", _wrap(fix, INDENT)]
    for name, value in _extra_fields(found):
        text = _format_value(value)
        out += ["", _label(name) + ":",
                _block(text) if "\n" in text or "(" in text else _wrap(text, INDENT)]
    ways = []
    if found.lint:
        ways.append("legacy-mongo lint --select %s" % found.code)
    if found.runtime:
        ways.append("LEGACY_MONGO_WARNINGS=error:%s legacy-mongo run ..." % found.code)
    out += ["", "Find the uses left:"] + [INDENT + way for way in ways or
                                          ["(not detectable automatically)"]]
    return "\n".join(out) + "\n"


def lookup(query):
    """The entries a query names: a code, or a legacy name (``insert``,
    ``Collection.insert``, ``insert()``, ``safe=``).  Entry names win over
    names the linter matches, so ``insert`` is LM401 alone."""
    text = query.strip()
    if CODE_RE.fullmatch(text.upper()):
        found = CATALOGUE.get(text.upper())
        return [found] if found else []
    candidates = [text]
    bare = text.rstrip("=").replace("()", "").replace("(...)", "").strip()
    candidates += [bare, bare.rsplit(".", 1)[-1]]
    for candidate in candidates:
        lowered = candidate.lower()
        if not lowered:
            continue
        by_name = [e for e in CATALOGUE.values() if e.name.lower() == lowered]
        if by_name:
            return by_name
        by_legacy = [e for e in CATALOGUE.values()
                     if e.legacy.lower() == lowered or lowered in (a.lower() for a in e.aliases)]
        if by_legacy:
            return by_legacy
        by_match = [e for e in CATALOGUE.values() if lowered in (n.lower() for n in e.names)]
        if by_match:
            return by_match
    return []


def suggestions(query, limit=8):
    lowered = query.lower().strip("()= ")
    if not lowered:
        return []
    return [e for e in CATALOGUE.values()
            if lowered in e.name.lower() or lowered in e.legacy.lower()][:limit]


def guide_path() -> str:
    """The MIGRATION.md an installed package carries (setup.py copies it into
    the package), else the one at the root of a source checkout."""
    import os

    shipped = os.path.join(os.path.dirname(os.path.abspath(__file__)), "MIGRATION.md")
    return shipped if os.path.isfile(shipped) else catalogue.migration_path()


def render_list(family=None) -> str:
    lines = []
    for code in sorted(CATALOGUE):
        found = CATALOGUE[code]
        if family and found.family != family:
            continue
        lines.append("%s  %-13s %s" % (code, found.family, found.name))
    return "\n".join(lines) + "\n"


def one_line(found) -> str:
    return "%s  %s: %s" % (found.code, found.name, found.legacy)


def build_parser():
    parser = argparse.ArgumentParser(
        prog="legacy-mongo explain",
        description="Explain a legacy-mongo code (LM401) or a legacy PyMongo name (insert): "
        "legacy spelling, modern replacement, what changes in meaning, before/after and "
        "whether a mechanical rewrite is safe.  Offline: read from the installed catalogue.",
        epilog="Each code also has a page at %scodes/<code>.html." % catalogue.DOCS_URL)
    parser.add_argument("query", nargs="*", metavar="CODE_OR_NAME")
    parser.add_argument("--list", action="store_true", help="list every code with its name")
    parser.add_argument("--family", choices=list(FAMILIES),
                        help="with --list: only this family")
    parser.add_argument("--guide", action="store_true",
                        help="print the path of the migration guide (MIGRATION.md) installed "
                        "with the package")
    parser.add_argument("--markdown", action="store_true",
                        help="print the MIGRATION.md section instead of the terminal text")
    return parser


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: usage errors exit 2, --help exits 0
        return exc.code if isinstance(exc.code, int) else 2
    if args.guide:
        sys.stdout.write(guide_path() + "\n")
        return 0
    if args.list:
        if args.query:
            sys.stderr.write("legacy-mongo explain: --list takes no CODE_OR_NAME\n")
            return 2
        sys.stdout.write(render_list(args.family))
        return 0
    if not args.query:
        sys.stderr.write("legacy-mongo explain: name a code (LM401) or a legacy name "
                         "(insert), or use --list\n")
        return 2
    status = 0
    rendered = []
    for query in args.query:
        found = lookup(query)
        if not found:
            near = suggestions(query)
            hint = ("; did you mean: %s" % ", ".join("%s (%s)" % (e.code, e.name) for e in near)
                    if near else "; legacy-mongo explain --list shows every code")
            sys.stderr.write("legacy-mongo explain: nothing in the catalogue matches %r%s\n"
                             % (query, hint))
            status = 1
            continue
        for entry in found:
            rendered.append(catalogue.render_entry(entry) if args.markdown
                            else render_text(entry))
    sys.stdout.write(("\n" + "-" * WIDTH + "\n\n").join(rendered))
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
