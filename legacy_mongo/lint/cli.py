"""``legacy-mongo lint [PATH...]``: find legacy PyMongo 2.x uses.

Exit status: 0 nothing found, 1 findings, 2 usage, configuration or internal
error (one line on stderr naming the fix).
Configuration: ``[legacy_mongo]`` in setup.cfg or ``[tool.legacy-mongo]`` in
pyproject.toml (keys ``select``, ``extend-select``, ``ignore``,
``per-file-ignores``, ``exclude``, ``confidence``, next to the runtime's
``warnings*`` keys; any other key is an error); command-line options win over
the file.
"""
import argparse
import os
import sys
import traceback
from collections import Counter

from legacy_mongo.lint import engine
from legacy_mongo.lint.cache import CACHE_DIR
from legacy_mongo.lint.formats import FORMATS, SHOWS_FIXES, render, stream as write_findings

DESCRIPTION = """Find legacy PyMongo 2.x API uses (codes LMxxx, see MIGRATION.md).
Never imports or runs the code it reads; Python 2 files are read too."""

EPILOG = """families: meta clients requests write-concern crud cursor database find-options
imports encoding.  exit status: 0 clean, 1 findings, 2 usage or internal error."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write("legacy-mongo lint: error: %s\n" % message)
        raise _UsageExit()


class _UsageExit(Exception):
    pass


def build_parser():
    parser = _Parser(prog="legacy-mongo lint", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or directories (default: the current directory)")
    parser.add_argument("--format", default="text", choices=FORMATS,
                        help="output format (default: text)")
    parser.add_argument("--select", action="append", metavar="CODES",
                        help="codes or families to report, comma separated (e.g. requests,LM401)")
    parser.add_argument("--ignore", action="append", metavar="CODES",
                        help="codes or families not to report")
    parser.add_argument("--extend-select", action="append", metavar="CODES",
                        help="add to the selection from the configuration")
    parser.add_argument("--confidence", choices=engine.CONFIDENCES, default=None,
                        help="lowest confidence shown: likely (default, shows certain and "
                        "likely) or certain")
    parser.add_argument("--statistics", action="store_true",
                        help="print a count per code after the findings")
    parser.add_argument("--summary", action="store_true",
                        help="print a migration overview per top-level package and per code "
                        "instead of the findings")
    parser.add_argument("--summary-html", metavar="FILE",
                        help="write the migration overview as an HTML page with a bar chart")
    parser.add_argument("--exclude", action="append", metavar="GLOBS",
                        help="paths to skip (comma separated globs), added to the configuration")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="worker processes (default: all cores)")
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when there are findings")
    parser.add_argument("--no-config", action="store_true",
                        help="ignore setup.cfg / pyproject.toml")
    parser.add_argument("--fix", action="store_true",
                        help="apply the safe fixes to the files (see MIGRATION.md per code)")
    parser.add_argument("--diff", action="store_true",
                        help="print the fixes as a unified diff and write nothing")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="with --fix/--diff: also the fixes that change meaning "
                        "(each fix message says how)")
    parser.add_argument("--no-cache", action="store_true",
                        help="do not read or write the per-file result cache (%s/)"
                        % CACHE_DIR)
    parser.add_argument("--no-prefilter", action="store_true",
                        help="parse every file, also those with no trace of MongoDB")
    parser.add_argument("--file-timeout", type=float, default=engine.FILE_TIME_BUDGET,
                        metavar="SECONDS",
                        help="give a file up as LM001 after this long (default: %g; 0: "
                        "no limit)" % engine.FILE_TIME_BUDGET)
    return parser


# The linter's keys; the runtime's (warnings, warnings-<action>) share the section.
LINT_KEYS = ("select", "extend-select", "ignore", "per-file-ignores", "exclude", "confidence")


def check_config_keys(config, where):
    """UsageError naming an unknown key (a typo silently changed nothing before)."""
    from legacy_mongo.config import ACTIONS
    known = LINT_KEYS + ("warnings",) + tuple("warnings-" + a for a in ACTIONS)
    for key, value in config.items():
        if key not in known:
            import difflib

            near = difflib.get_close_matches(key, known, 1)
            raise engine.UsageError("%s: unknown key %r%s (known keys: %s)" % (
                where, key, " (did you mean %r?)" % near[0] if near else "",
                ", ".join(known)))
        if key == "per-file-ignores":
            ok = isinstance(value, (str, dict, list))
        else:
            ok = isinstance(value, str) or (key != "confidence" and isinstance(value, list)
                                            and all(isinstance(v, str) for v in value))
        if not ok:
            raise engine.UsageError("%s: %s must be %s, not %r" % (
                where, key, "a string" if key == "confidence"
                else "a string or a list of strings", value))


def _split(values):
    out = []
    for value in values or ():
        if isinstance(value, (list, tuple)):
            out.extend(_split(value))
        else:
            out.extend(p.strip() for p in str(value).replace("\n", ",").split(",") if p.strip())
    return out


def parse_per_file_ignores(value):
    """setup.cfg lines ``glob: CODES`` / ``glob = CODES``, or a TOML table/list -> {glob: [codes]}."""
    out = {}
    if not value:
        return out
    if isinstance(value, dict):
        for pattern, codes in value.items():
            out[pattern] = _split([codes])
        return out
    items = value if isinstance(value, (list, tuple)) else str(value).splitlines()
    for line in items:
        line = str(line).strip()
        if not line or line.startswith("#"):
            continue
        for sep in (":", "="):
            if sep in line:
                pattern, codes = line.split(sep, 1)
                out[pattern.strip()] = _split([codes])
                break
        else:
            raise engine.UsageError("per-file-ignores entry %r is not 'glob: CODES'" % line)
    return out


def load_settings(args):
    config = {}
    if not args.no_config:
        try:
            from legacy_mongo.config import load_config
        except ImportError:  # pragma: no cover - config.py ships with the package
            load_config = None
        if load_config is not None:
            from legacy_mongo.config import find_config_file, read_config_file

            start = args.paths[0] if args.paths else os.getcwd()
            if not os.path.isdir(start):
                start = os.path.dirname(os.path.abspath(start))
            where = find_config_file(start)
            config = read_config_file(where) if where is not None else {}
            check_config_keys(config, where)
    norm = {k.lower().replace("_", "-"): v for k, v in config.items()}
    for option in ("select", "ignore", "extend_select", "exclude"):
        given = getattr(args, option)
        if given is not None and not _split(given):
            raise engine.UsageError("--%s is empty: give codes or families (e.g. "
                                    "requests,LM401), or leave the option out"
                                    % option.replace("_", "-"))
    select = _split(args.select) if args.select else (_split([norm["select"]])
                                                     if norm.get("select") else None)
    if args.extend_select:
        select = (select or []) + _split(args.extend_select) if select is not None else None
    ignore = _split([norm.get("ignore")]) if norm.get("ignore") else []
    ignore += _split(args.ignore)
    confidence = args.confidence or norm.get("confidence") or "likely"
    exclude = _split([norm.get("exclude")]) if norm.get("exclude") else []
    exclude += _split(args.exclude)
    per_file = parse_per_file_ignores(norm.get("per-file-ignores"))
    return select, ignore or None, str(confidence).strip(), exclude or None, per_file


class _Progress:
    """``files done/total`` on one rewritten stderr line, for runs long enough to
    wonder about (a terminal only; never in a pipe or a CI log)."""

    def __init__(self, stream, after=0.5):
        import time

        self.stream = stream
        self.clock = time.monotonic
        self.start = self.clock()
        self.after = after
        self.last = 0.0
        self.shown = False

    def __call__(self, done, total):
        now = self.clock()
        if now - self.start < self.after or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        self.shown = True
        self.stream.write("\rlegacy-mongo lint: %d/%d files" % (done, total))
        self.stream.flush()

    def clear(self):
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _check_writable(path, option):
    """Fail before the run, not after it, when *path* cannot be written."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise engine.UsageError("%s %s is a directory: give a file name" % (option, path))
    if not os.path.isdir(folder):
        raise engine.UsageError("%s %s: directory %s does not exist" % (option, path, folder))
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and
                                          not os.access(path, os.W_OK)):
        raise engine.UsageError("%s %s: permission denied" % (option, path))


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageExit:
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    try:
        select, ignore, confidence, exclude, per_file = load_settings(args)
        paths = args.paths or ["."]
        for path in paths:
            if not os.path.exists(path):
                raise engine.UsageError("no such file or directory: %s" % path)
        if args.file_timeout < 0:
            raise engine.UsageError("--file-timeout must be 0 (no limit) or more seconds")
        if args.summary_html:
            _check_writable(args.summary_html, "--summary-html")
        if args.fix or args.diff:
            from legacy_mongo.lint import autofix
            return autofix.run_cli(args, dict(
                select=select, ignore=ignore, confidence=confidence, jobs=args.jobs,
                per_file_ignores=per_file, exclude=exclude, time_budget=args.file_timeout,
                # the passes lint the edited texts (engine.OVERLAY), which the
                # prefilter's byte scan and the result cache would not see
                use_prefilter=False), paths, render)
        progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
        try:
            findings = engine.lint_paths(
                paths, select=select, ignore=ignore, confidence=confidence, jobs=args.jobs,
                per_file_ignores=per_file, exclude=exclude, time_budget=args.file_timeout,
                use_prefilter=not args.no_prefilter,
                cache_dir=None if args.no_cache else CACHE_DIR, progress=progress,
                fixes=args.format in SHOWS_FIXES)
        finally:
            if progress:
                progress.clear()
    except engine.UsageError as exc:
        sys.stderr.write("legacy-mongo lint: error: %s\n" % exc)
        return 2
    except engine.InternalError as exc:
        # report what was found elsewhere, then fail: a partial run must not look clean
        write_findings(args.format, exc.findings, sys.stdout)
        for path, text in exc.errors:
            sys.stderr.write("legacy-mongo lint: internal error on %s:\n%s" % (path, text))
        return 2
    except Exception as exc:  # an internal error must not look like "clean"
        try:
            from legacy_mongo.config import ConfigError
        except ImportError:  # pragma: no cover
            ConfigError = ()
        if ConfigError and isinstance(exc, ConfigError):
            sys.stderr.write("legacy-mongo lint: configuration error: %s\n" % exc)
            return 2
        sys.stderr.write("legacy-mongo lint: internal error:\n")
        traceback.print_exc()
        return 2
    out = sys.stdout
    if args.summary or args.summary_html:
        from legacy_mongo.lint import summary
        overview = summary.build(findings, paths)
        if args.summary_html:
            try:
                with open(args.summary_html, "w", encoding="utf-8") as handle:
                    handle.write(summary.render_html(overview))
            except OSError as exc:
                sys.stderr.write("legacy-mongo lint: error: cannot write --summary-html %s: "
                                 "%s\n" % (args.summary_html, exc.strerror or exc))
                return 2
        if args.summary:
            out.write(summary.render_text(overview))
    if not args.summary:
        # written as it is rendered, a thousand findings at a time, so a
        # finding-dense tree never holds its whole output (JSON and SARIF too)
        write_findings(args.format, findings, out)
    if args.statistics:
        counts = Counter(f.code for f in findings)
        stream = sys.stderr if args.format in ("json", "sarif") else out
        from legacy_mongo.catalogue import CATALOGUE
        for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            stream.write("%-5d %s %s\n" % (count, code, CATALOGUE[code].name))
    if findings and not args.exit_zero:
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
