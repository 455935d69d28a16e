"""flake8 plugin: ``LM`` codes inside flake8 (entry point ``LM`` in setup.cfg).

flake8 hands over the parsed ``ast`` tree (Python 3 files only: flake8 cannot
parse Python 2), so this reuses the engine's analysis and rules on that tree;
flake8 applies ``# noqa``, ``select``/``extend-select`` and per-file ignores.
``--legacy-mongo-confidence certain`` hides the ``likely`` findings.

A Python 2 file never reaches the plugin: flake8 reports it as E999 only, and
``--select LM`` hides E999, so such a run looks clean.  When the selection
hides E999 the plugin says so on stderr; ``legacy-mongo lint`` reads Python 2.
"""
import os
import sys

from legacy_mongo.catalogue import CATALOGUE
from legacy_mongo.lint import engine, inference
from legacy_mongo.lint.rules import check as run_rules

VERSION = "0.1.0"


class LegacyMongoChecker:
    name = "legacy-mongo"
    version = VERSION
    confidence = "likely"

    def __init__(self, tree, filename="(none)", lines=None):
        self.tree = tree
        self.filename = filename
        self.lines = lines

    @classmethod
    def add_options(cls, manager):
        manager.add_option("--legacy-mongo-confidence", default="likely",
                           choices=list(engine.CONFIDENCES), parse_from_config=True,
                           help="lowest confidence reported by the LM codes (likely|certain)")

    @classmethod
    def parse_options(cls, options):
        cls.confidence = getattr(options, "legacy_mongo_confidence", "likely") or "likely"
        if hides_unparsable_files(options):
            sys.stderr.write(PYTHON2_WARNING)


    def run(self):
        level = engine.CONFIDENCES.index(self.confidence)
        if self.filename and os.path.exists(self.filename):
            module_name, is_package = engine.module_name_for(self.filename)
        else:
            module_name, is_package = "", False
        text = "".join(self.lines) if self.lines else ""
        engine.add_alias_positions(self.tree, text)
        analysis = inference.ModuleAnalysis(self.tree, module_name, None, is_package)
        raw = run_rules(analysis)
        for code, line, col, _el, _ec, conf in engine._positions(text, raw, None):
            if engine.CONFIDENCES.index(conf) > level:
                continue
            message = CATALOGUE[code].format()
            if conf != "certain":
                message += " [%s]" % conf
            yield line, col - 1, message, type(self)


PYTHON2_WARNING = (
    "legacy-mongo: this flake8 selection hides E999, so files flake8 cannot parse "
    "(Python 2) are skipped without a word: add --extend-select E999, or run "
    "'legacy-mongo lint', which reads Python 2\n")


def hides_unparsable_files(options):
    """True when flake8's selection would not show E999 (a file it cannot parse)."""
    select = list(getattr(options, "select", None) or ())
    if not select:
        return False  # flake8's default selection shows E999
    select += list(getattr(options, "extend_select", None) or ())
    return not any("E999".startswith(prefix.strip().upper()) for prefix in select
                   if prefix.strip())
