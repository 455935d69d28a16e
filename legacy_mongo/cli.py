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
                         the process id; the processes of one run (the program
                         and the processes it starts) add up in one FILE
  LEGACY_MONGO_REPORT_SESSION=ID
                         set by legacy-mongo for the processes a run starts:
                         reports of one ID are merged, a new ID starts FILE
                         afresh; set it yourself to merge separate runs
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


class RunSetupError(Exception):
    """A setting or argument that would break ``run`` after the program started."""


def _one_line(exc) -> str:
    return " ".join(str(exc).split())


def _check_report_path(environ):
    """LEGACY_MONGO_REPORT must be writable now, not only at the program's exit."""
    import os

    from legacy_mongo.warnings import REPORT_ENV_VAR

    value = environ.get(REPORT_ENV_VAR)
    if not value:
        return
    path = os.path.abspath(value.replace("{pid}", str(os.getpid())))
    folder = os.path.dirname(path)
    where = "%s=%s" % (REPORT_ENV_VAR, value)
    if os.path.isdir(path):
        raise RunSetupError("%s is a directory: name a file, e.g. %s"
                            % (where, os.path.join(value, "usage.json")))
    if not os.path.isdir(folder):
        raise RunSetupError("%s: directory %s does not exist: create it or choose another path"
                            % (where, folder))
    # Try it: os.access() says yes to root on a read-only file system.
    import tempfile

    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".legacy-mongo-check-"):
            pass
        if os.path.exists(path):
            with open(path, "a", encoding="utf-8"):
                pass
    except OSError as exc:
        raise RunSetupError("%s is not writable (%s): choose a path this user can write"
                            % (where, exc.strerror or exc)) from None


def _no_report_at_exit():
    import atexit

    from legacy_mongo import warnings as legacy_warnings

    atexit.unregister(legacy_warnings._write_report_at_exit)


def check_run_settings():
    """Every setting ``run`` reads, checked before the program's first line:
    the warning policy (LEGACY_MONGO_WARNINGS and the [legacy_mongo] /
    [tool.legacy-mongo] configuration), LEGACY_MONGO_ACKNOWLEDGE and
    LEGACY_MONGO_REPORT.  Returns the warning policy; raises RunSetupError."""
    import os

    from legacy_mongo.config import ConfigError, warning_policy

    environ = os.environ
    try:
        policy = warning_policy(environ)
    except ConfigError as exc:
        raise RunSetupError(_one_line(exc)) from None
    from legacy_mongo.runtime.outcomes import acknowledge_mode_from_environment

    try:
        acknowledge_mode_from_environment()  # the runtime's own parser, and its message
    except ValueError as exc:
        raise RunSetupError(_one_line(exc)) from None
    _check_report_path(environ)
    return policy


def check_run_target(argv):
    """The script, directory or module ``run`` was given exists and can run."""
    import os

    if argv[0] == "-m":
        if len(argv) < 2:
            return  # run_main prints the usage
        import importlib.util

        module = argv[1]
        sys.path.insert(0, os.getcwd())
        try:
            spec = importlib.util.find_spec(module)
            if spec is not None and spec.submodule_search_locations is not None:
                # Looked for on disk: find_spec("pkg.__main__") would import pkg.
                if not any(os.path.exists(os.path.join(folder, "__main__" + suffix))
                           for folder in spec.submodule_search_locations
                           for suffix in (".py", ".pyc")):
                    raise RunSetupError("%s is a package without a __main__ module: run one of "
                                        "its modules with -m %s.NAME" % (module, module))
        except (ImportError, ValueError) as exc:
            raise RunSetupError("cannot find module %r: %s" % (module, _one_line(exc))) from None
        finally:
            sys.path.remove(os.getcwd())
        if spec is None:
            raise RunSetupError("no module named %r (looked in the current directory and "
                                "sys.path)" % module)
        return
    script = argv[0]
    if os.path.isdir(script):
        if not os.path.isfile(os.path.join(script, "__main__.py")):
            raise RunSetupError("%s is a directory without __main__.py: name a script in it, "
                                "or run a package with -m" % script)
    elif not os.path.exists(script):
        raise RunSetupError("can't open file %r: no such file" % script)


def version_text() -> str:
    """``legacy-mongo X (PyMongo Y, Python Z)``, without importing PyMongo."""
    from legacy_mongo.html_page import versions

    found = versions()
    return "legacy-mongo %s (PyMongo %s, Python %s)\n" % (
        found["legacy-mongo"], found["PyMongo"], found["Python"])


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
        if rest:
            try:
                policy = check_run_settings()
                from legacy_mongo.runtime.activation import install
                from legacy_mongo.warnings import reload_policy

                reload_policy(policy)
                install()  # before the module lookup: its package may import 2.x names
                check_run_target(rest)
            except RunSetupError as exc:
                sys.stderr.write("legacy-mongo run: %s\n" % exc)
                _no_report_at_exit()  # the program never ran: nothing to report
                return 2
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
