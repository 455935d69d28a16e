"""The ``legacy-mongo`` command: run | lint | report | explain | help.

Each subcommand lives in the module that owns its capability; this file only
dispatches, so that ``legacy-mongo run`` never imports the linter and
``legacy-mongo lint`` never imports PyMongo.
"""
import sys

USAGE = """usage: legacy-mongo COMMAND [ARGS...]

commands:
  run SCRIPT [ARGS...]   run an unchanged PyMongo 2.x program on PyMongo 4
  run -m MODULE [ARGS...]
  lint [PATH...]         find legacy PyMongo uses
  report REPORT.json     print a LEGACY_MONGO_REPORT file as a table (--html FILE)
  explain CODE|NAME      what a code (LM401) or legacy name (insert) means, offline
  help [COMMAND]         this text, or one command's help

options:
  --version              print the versions of legacy-mongo, PyMongo and Python
"""

RUN_HELP = """usage: legacy-mongo run SCRIPT [ARGS...]
       legacy-mongo run -m MODULE [ARGS...]

Run an unchanged PyMongo 2.x program on PyMongo 4: `import pymongo` in it
resolves the 2.x names (Connection, pymongo.son, ...) to legacy-mongo's shim.
The program's arguments, output and exit status are its own.  Legacy calls
warn once per call site, from the program's line, with their code.

environment variables:
  LEGACY_MONGO_WARNINGS=ACTION[:TARGET],...
                         what a legacy call does: default (warn once per site),
                         always, error (raise LegacyAPIError) or ignore; TARGET
                         is a family (crud, requests ...) or a code (LM401),
                         e.g. "error:requests,ignore:crud,default"
  LEGACY_MONGO_REPORT=FILE
                         write every legacy call site with its code and count
                         to FILE (JSON) at exit; "{pid}" in FILE is replaced by
                         the process id; processes writing one FILE add up
  LEGACY_MONGO_ACKNOWLEDGE=1
                         send every write acknowledged, return what the legacy
                         call returned, and log each write the unacknowledged
                         default would have lost (logger legacy_mongo.lost_writes)
  LEGACY_MONGO_PINNED_IDLE_SECONDS=SECONDS
                         report a thread that keeps a request socket idle this
                         long (default 300, 0 turns it off)

configuration: [legacy_mongo] in setup.cfg or [tool.legacy-mongo] in
pyproject.toml (warnings = ..., warnings-error = requests, LM301 ...).
A bad value in any of these stops the run before the program starts (exit 2).
See also: legacy-mongo explain CODE, legacy-mongo report FILE.
"""

COMMANDS = ("run", "lint", "report", "explain")


def version_text() -> str:
    """``legacy-mongo X (PyMongo Y, Python Z)``, without importing PyMongo."""
    from legacy_mongo import __version__
    try:
        from importlib.metadata import PackageNotFoundError, version
        try:
            pymongo_version = version("pymongo")
        except PackageNotFoundError:
            pymongo_version = "not installed"
    except ImportError:  # pragma: no cover - Python < 3.8
        pymongo_version = "unknown"
    return "legacy-mongo %s (PyMongo %s, Python %s)\n" % (
        __version__, pymongo_version, sys.version.split()[0])


def _help(topic) -> int:
    if not topic:
        sys.stdout.write(USAGE)
        return 0
    if topic[0] not in COMMANDS or len(topic) > 1:
        sys.stderr.write("legacy-mongo help: unknown command %r; commands: %s\n"
                         % (" ".join(topic), ", ".join(COMMANDS)))
        return 2
    return main([topic[0], "--help"])


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        sys.stderr.write(USAGE)
        return 2
    command, rest = argv[0], argv[1:]
    if command in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0
    if command == "help":
        return _help(rest)
    if command in ("-V", "--version"):
        sys.stdout.write(version_text())
        return 0
    if command == "run":
        if rest and rest[0] in ("-h", "--help"):
            sys.stdout.write(RUN_HELP)
            return 0
        from legacy_mongo.runtime.activation import run_main
        return run_main(rest)
    if command == "lint":
        from legacy_mongo.lint.cli import main as lint_main
        return lint_main(rest)
    if command == "report":
        from legacy_mongo.report import main as report_main
        return report_main(rest)
    if command == "explain":
        from legacy_mongo.explain import main as explain_main
        return explain_main(rest)
    sys.stderr.write("legacy-mongo: unknown command %r\n\n%s" % (command, USAGE))
    return 2
