"""Small helpers shared by the linter tests."""
import textwrap

from legacy_mongo.lint.engine import lint_source

# A module with certain PyMongo objects: client, db, coll, cursor.
PRELUDE = """\
import pymongo
client = pymongo.MongoClient()
db = client.app
coll = db.users
cursor = coll.find()
"""


def lint(source, prelude=True, **kwargs):
    source = textwrap.dedent(source)
    if prelude:
        source = PRELUDE + source
    return lint_source(source, "case.py", **kwargs)


def codes(source, prelude=True, **kwargs):
    return sorted({f.code for f in lint(source, prelude, **kwargs)})


def found(source, code, prelude=True, **kwargs):
    """(line, confidence) of every finding of *code*; lines counted in *source* alone."""
    offset = PRELUDE.count("\n") if prelude else 0
    return [(f.line - offset, f.confidence) for f in lint(source, prelude, **kwargs)
            if f.code == code]
