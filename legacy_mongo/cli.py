"""The ``legacy-mongo`` command: run | lint | report | demo.

Each subcommand lives in the module that owns its capability; this file only
dispatches, so that ``legacy-mongo run`` never imports the linter and
``legacy-mongo lint`` never imports PyMongo.
"""
import sys

USAGE = """usage: legacy-mongo COMMAND [ARGS...]

commands:
  run SCRIPT [ARGS...]   run an unchanged PyMongo 2.x program on PyMongo 4
  run -m MODULE [ARGS...]
  lint [PATH...]         find legacy PyMongo uses (see legacy-mongo lint --help)
  report REPORT.json     print a LEGACY_MONGO_REPORT file as a table (--html FILE)
"""


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        from legacy_mongo.runtime.activation import run_main
        return run_main(rest)
    if command == "lint":
        from legacy_mongo.lint.cli import main as lint_main
        return lint_main(rest)
    if command == "report":
        from legacy_mongo.report import main as report_main
        return report_main(rest)
    sys.stderr.write("legacy-mongo: unknown command %r\n\n%s" % (command, USAGE))
    return 2
