"""The linter is safe to run anywhere: old Pythons, odd files, bad configuration."""
import ast
import os
import sys
import textwrap

import pytest

from legacy_mongo.lint import engine
from legacy_mongo.lint.engine import lint_source

LEGACY = "import pymongo\nc = pymongo.MongoClient()\nc.db.users.insert({'a': 1}, safe=True)\n"


# -- Python 3.9: ast.alias has no position there --------------------------------------

IMPORTS = textwrap.dedent("""\
    import pymongo
    import pymongo.son_manipulator as sm, bson.son
    from pymongo import Connection, ReplicaSetConnection as RSC
    from pymongo import (
        MasterSlaveConnection,  # a comment
        ASCENDING as asc,
    )
    x = 1; from pymongo.connection import Connection as C
    def f():
        from pymongo import \\
            objectid
    from . import sibling
    from .. import *
    s = "é"; from bson import ObjectId
""")


@pytest.mark.skipif(sys.version_info < (3, 10), reason="the reference positions are 3.10's")
def test_alias_positions_recovered_from_tokens_equal_python_310s():
    tree = ast.parse(IMPORTS)
    lines = IMPORTS.splitlines(True)
    checked = 0
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            expected = [((a.lineno, a.col_offset), (a.end_lineno, a.end_col_offset))
                        for a in node.names]
            assert engine._alias_spans(node, lines) == expected, ast.dump(node)
            checked += len(expected)
    assert checked == 12


def test_import_findings_have_the_alias_position():
    findings = lint_source("import os\nfrom pymongo import (ASCENDING,\n    Connection)\n",
                           "a.py")
    assert [(f.code, f.line, f.column, f.end_column) for f in findings] == [
        ("LM101", 3, 5, 15)]


# -- file exemptions ------------------------------------------------------------------

def test_file_exemption_on_a_line_of_its_own_silences_the_file():
    assert lint_source("# legacy-mongo: noqa\n" + LEGACY, "a.py") == []
    assert lint_source(LEGACY + "    # legacy_mongo: NOQA  \n", "a.py") == []


def test_trailing_file_exemption_on_a_code_line_silences_only_that_line():
    source = LEGACY + "c.start_request()  # legacy-mongo: noqa\n"
    assert [(f.code, f.line) for f in lint_source(source, "a.py")] == [
        ("LM401", 3), ("LM301", 3)]  # LM201 on line 4 is the silenced one


@pytest.mark.parametrize("comment", ["# flake8: noqa", "# ruff: noqa"])
def test_style_file_exemptions_do_not_hide_migration_findings(comment):
    findings = lint_source(comment + "\n" + LEGACY, "a.py")
    assert [(f.code, f.line) for f in findings] == [("LM401", 4), ("LM301", 4)]
