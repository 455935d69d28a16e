"""Project configuration shared by the runtime and the linter.

Where it is read from
    The first directory, starting at the current working directory and going
    upwards, that holds either

    * ``pyproject.toml`` with a ``[tool.legacy-mongo]`` table, or
    * ``setup.cfg`` with a ``[legacy_mongo]`` section (``[legacy-mongo]`` is
      accepted too).

    When one directory holds both, ``pyproject.toml`` wins and ``setup.cfg``
    is not read.  Keys are case-insensitive and ``_`` is the same as ``-``
    (``warnings_error`` == ``warnings-error``).

:func:`load_config` returns the raw section as a dict (values are ``str`` from
setup.cfg, native TOML values from pyproject.toml); :func:`as_list` and
:func:`as_bool` turn either kind into what a consumer needs.  The linter reads
its own keys from the same dict; the runtime reads the warning keys below via
:func:`warning_policy`.

Warning policy (runtime)
    Actions: ``default`` (warn once per call site), ``always`` (warn at every
    call), ``error`` (raise :class:`legacy_mongo.warnings.LegacyAPIError`),
    ``ignore`` (silent; calls are still counted for the usage report).

    In the configuration file::

        [legacy_mongo]
        warnings = default                 # action for everything not listed
        warnings-error = requests, LM301   # families and/or codes
        warnings-ignore = crud
        warnings-always = LM101

    (in pyproject.toml the lists may be TOML arrays or comma-separated strings).

    In the environment, ``LEGACY_MONGO_WARNINGS`` is a comma-separated list of
    ``ACTION`` (everything) or ``ACTION:TARGET`` items, TARGET a family name or
    a code, e.g. ``LEGACY_MONGO_WARNINGS="error:requests,ignore:crud,default"``.

    Precedence: a rule for a code beats a rule for its family, which beats the
    catch-all action; when the environment and the file both give a rule for
    the same target (or both give a catch-all), the environment wins.  So
    ``LEGACY_MONGO_WARNINGS=error`` turns every warning the project has not
    explicitly configured into an error.  Giving one target two different
    actions in the same place is an error.
"""
import configparser
import os
import re
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

from legacy_mongo.catalogue import CATALOGUE, FAMILIES

PYPROJECT = "pyproject.toml"
SETUP_CFG = "setup.cfg"
PYPROJECT_TABLE = "legacy-mongo"  # [tool.legacy-mongo]
# [tool.legacy_mongo] is the same table: setup.cfg accepts both spellings too.
PYPROJECT_TABLES = (PYPROJECT_TABLE, "legacy_mongo")
SETUP_CFG_SECTIONS = ("legacy_mongo", "legacy-mongo")
ENV_VAR = "LEGACY_MONGO_WARNINGS"

DEFAULT = "default"
ALWAYS = "always"
ERROR = "error"
IGNORE = "ignore"
ACTIONS = (DEFAULT, ALWAYS, ERROR, IGNORE)

_CODE_RE = re.compile(r"^LM\d{3}$")
# Cheap test before parsing: any mention of the table's name, in any TOML
# spelling ([tool.legacy-mongo], [tool."legacy_mongo"], legacy-mongo = {...} under [tool]).
_TOML_SECTION_RE = re.compile(r"legacy[-_]mongo")


class ConfigError(ValueError):
    """A configuration file or LEGACY_MONGO_WARNINGS value is invalid."""


# ---------------------------------------------------------------------------
# The general reader


def _normalise_key(key: str) -> str:
    return key.strip().lower().replace("_", "-")


def _load_toml(path: Path) -> Optional[Dict[str, Any]]:
    """Our table from *path*, or None when it has none."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError("cannot read %s: %s" % (path, exc)) from None
    if not _TOML_SECTION_RE.search(data.decode("latin-1")):
        return None  # cheap: do not parse every pyproject.toml up the tree
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError("%s is not UTF-8, as TOML must be (byte 0x%02x at line %d): save "
                          "it as UTF-8" % (path, data[exc.start],
                                           data.count(b"\n", 0, exc.start) + 1)) from None
    try:
        import tomllib  # Python 3.11+
    except ImportError:  # pragma: no cover - exercised on Python < 3.11 only
        try:
            import tomli as tomllib
        except ImportError:
            raise ConfigError(
                "%s has a [tool.%s] table but no TOML parser is available: "
                "install tomli (Python < 3.11)" % (path, PYPROJECT_TABLE)
            ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("%s is not valid TOML: %s" % (path, exc)) from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        return None
    present = [name for name in PYPROJECT_TABLES if name in tool]
    if not present:
        return None
    if len(present) > 1:
        raise ConfigError("%s has both [tool.legacy-mongo] and [tool.legacy_mongo]: "
                          "merge them into [tool.legacy-mongo]" % path)
    table = tool[present[0]]
    if not isinstance(table, dict):
        raise ConfigError("%s: tool.%s must be a table ([tool.%s] with key = value lines), "
                          "not %s" % (path, present[0], PYPROJECT_TABLE,
                                      type(table).__name__))
    return {_normalise_key(k): v for k, v in table.items()}


# Our section's header, also when it is broken ("[legacy_mongo" without its
# bracket): that file is ours, and its mistake must be reported, not passed over.
_SETUP_CFG_HEADER_RE = re.compile(rb"^\s*\[\s*legacy[-_]mongo\b", re.M)


def _load_setup_cfg(path: Path) -> Optional[Dict[str, Any]]:
    """Our section of a setup.cfg.  Someone else's setup.cfg (no such section)
    that is not UTF-8 or not valid INI is no error of ours: it is passed over."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError("cannot read %s: %s" % (path, exc)) from None
    ours = _SETUP_CFG_HEADER_RE.search(data) is not None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if ours:
            raise ConfigError("%s is not UTF-8 (byte 0x%02x at line %d): save it as UTF-8"
                              % (path, data[exc.start], data.count(b"\n", 0, exc.start) + 1)
                              ) from None
        return None
    try:
        parser.read_string(text, str(path))
    except configparser.Error as exc:
        if not ours:
            return None
        raise ConfigError("%s is not a valid setup.cfg: %s"
                          % (path, " ".join(str(exc).split()))) from None
    for section in SETUP_CFG_SECTIONS:
        if parser.has_section(section):
            return {_normalise_key(k): v for k, v in parser.items(section)}
    return None


def read_config_file(path) -> Dict[str, Any]:
    """Our section of one pyproject.toml or setup.cfg ({} when it has none)."""
    path = Path(path)
    if path.name == PYPROJECT or path.suffix == ".toml":
        table = _load_toml(path)
    else:
        table = _load_setup_cfg(path)
    return table or {}


def find_config_file(start=None) -> Optional[Path]:
    """The file the configuration comes from, looking from *start* (default:
    the current directory) upwards; None when there is none."""
    directory = Path(os.getcwd() if start is None else start).resolve()
    for folder in (directory, *directory.parents):
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _load_toml(pyproject) is not None:
            return pyproject
        setup_cfg = folder / SETUP_CFG
        if setup_cfg.is_file() and _load_setup_cfg(setup_cfg) is not None:
            return setup_cfg
    return None


def load_config(start=None) -> Dict[str, Any]:
    """The ``[legacy_mongo]`` / ``[tool.legacy-mongo]`` keys that apply at
    *start* (default: the current directory), normalised; {} when none."""
    path = find_config_file(start)
    return read_config_file(path) if path is not None else {}


def as_list(value, where: str = "value") -> List[str]:
    """A list of strings from a comma/newline separated string or a list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [item.strip() for item in re.split(r"[,\n]", value) if item.strip()]
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            if not isinstance(item, str):
                raise ConfigError("%s: expected strings, got %r" % (where, item))
            items.extend(as_list(item, where))
        return items
    raise ConfigError("%s: expected a list or a comma-separated string, got %r" % (where, value))


def as_bool(value, where: str = "value") -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off", ""):
            return False
    raise ConfigError("%s: expected true or false, got %r" % (where, value))


# ---------------------------------------------------------------------------
# The runtime's warning policy


class WarningPolicy:
    """Which action applies to each catalogue code."""

    def __init__(self, default: str = DEFAULT,
                 families: Optional[Mapping[str, str]] = None,
                 codes: Optional[Mapping[str, str]] = None):
        self.default = default
        self.families = dict(families or {})
        self.codes = dict(codes or {})
        self._cache: Dict[str, str] = {}

    def action_for(self, code: str) -> str:
        try:
            return self._cache[code]
        except KeyError:
            pass
        action = self.codes.get(code)
        if action is None:
            prefix = code[:3]
            for family, family_prefix in FAMILIES.items():
                if family_prefix == prefix and family in self.families:
                    action = self.families[family]
                    break
        if action is None:
            action = self.default
        self._cache[code] = action
        return action

    def __repr__(self):
        return "WarningPolicy(default=%r, families=%r, codes=%r)" % (
            self.default, self.families, self.codes)

    def __eq__(self, other):
        return (isinstance(other, WarningPolicy) and self.default == other.default
                and self.families == other.families and self.codes == other.codes)


def _check_action(action: str, where: str) -> str:
    if action not in ACTIONS:
        raise ConfigError("%s: unknown action %r; valid actions: %s"
                          % (where, action, ", ".join(ACTIONS)))
    return action


def _check_target(target: str, where: str) -> Tuple[str, str]:
    """('family', name) or ('code', code)."""
    if target in FAMILIES:
        return "family", target
    upper = target.upper()
    if _CODE_RE.match(upper):
        if upper not in CATALOGUE:
            raise ConfigError("%s: code %s is not in the catalogue (legacy-mongo explain "
                              "--list shows every code)" % (where, upper))
        return "code", upper
    raise ConfigError("%s: unknown target %r; valid targets are a code such as LM101 "
                      "or a family: %s" % (where, target, ", ".join(FAMILIES)))


class _Rules:
    def __init__(self, where: str):
        self.where = where
        self.default: Optional[str] = None
        self.families: Dict[str, str] = {}
        self.codes: Dict[str, str] = {}

    def set_default(self, action: str):
        if self.default is not None and self.default != action:
            raise ConfigError("%s: conflicting actions %r and %r for everything"
                              % (self.where, self.default, action))
        self.default = action

    def add(self, action: str, target: str):
        kind, name = _check_target(target, self.where)
        table = self.families if kind == "family" else self.codes
        if table.get(name, action) != action:
            raise ConfigError("%s: conflicting actions %r and %r for %s"
                              % (self.where, table[name], action, name))
        table[name] = action


def parse_warnings_env(value: str, where: str = ENV_VAR) -> _Rules:
    """Parse a LEGACY_MONGO_WARNINGS value (see the module docstring)."""
    rules = _Rules(where)
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        action, sep, target = item.partition(":")
        action = _check_action(action.strip().lower(), "%s item %r" % (where, item))
        if not sep:
            rules.set_default(action)
        elif not target.strip():
            raise ConfigError("%s item %r: missing a family or code after ':'" % (where, item))
        else:
            rules.add(action, target.strip())
    return rules


def parse_warnings_config(config: Mapping[str, Any], where: str = "configuration") -> _Rules:
    """The warning rules in a dict returned by :func:`load_config`."""
    rules = _Rules(where)
    valid_keys = ["warnings"] + ["warnings-%s" % action for action in ACTIONS]
    for key, value in config.items():
        if key == "warnings":
            if not isinstance(value, str):
                raise ConfigError("%s: 'warnings' must be one of %s, got %r"
                                  % (where, ", ".join(ACTIONS), value))
            rules.set_default(_check_action(value.strip().lower(), "%s: key 'warnings'" % where))
        elif key.startswith("warnings-"):
            action = key[len("warnings-"):]
            if action not in ACTIONS:
                raise ConfigError("%s: unknown key %r; valid warning keys: %s"
                                  % (where, key, ", ".join(valid_keys)))
            for target in as_list(value, "%s: key %r" % (where, key)):
                rules.add(action, target)
    return rules


def warning_policy(environ: Optional[Mapping[str, str]] = None, start=None,
                   config: Optional[Mapping[str, Any]] = None) -> WarningPolicy:
    """The runtime's policy: configuration file (found from *start*, default the
    current directory, unless *config* is given) overlaid by LEGACY_MONGO_WARNINGS
    from *environ* (default ``os.environ``).  Raises ConfigError on bad values."""
    environ = os.environ if environ is None else environ
    if config is None:
        path = find_config_file(start)
        where = str(path) if path is not None else "configuration"
        config = read_config_file(path) if path is not None else {}
    else:
        where = "configuration"
    file_rules = parse_warnings_config(config, where)
    env_rules = parse_warnings_env(environ.get(ENV_VAR, ""))
    default = env_rules.default or file_rules.default or DEFAULT
    families = dict(file_rules.families)
    families.update(env_rules.families)
    codes = dict(file_rules.codes)
    codes.update(env_rules.codes)
    return WarningPolicy(default, families, codes)


__all__ = [
    "ACTIONS", "ConfigError", "WarningPolicy", "as_bool", "as_list", "find_config_file",
    "load_config", "parse_warnings_config", "parse_warnings_env", "read_config_file",
    "warning_policy",
]
