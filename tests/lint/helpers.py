"""Small helpers shared by the linter tests."""
import os
import textwrap

from legacy_mongo.lint.engine import lint_paths, lint_source

HERE = os.path.dirname(os.path.abspath(__file__))
# the evaluation corpus, when benchmarks/lint_eval/fetch.py has fetched it
EVAL = os.path.join(os.path.dirname(os.path.dirname(HERE)), "benchmarks", ".cache", "eval")

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


def lint_tree(tmp_path, files, linted=None):
    """Write *files* ({relative path: source}) below *tmp_path* and lint the tree (or
    only the *linted* relative paths) with and without the prefilter: the
    findings, the same either way, as sorted (path, line, code)."""
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    targets = [str(tmp_path)] if linted is None else [str(tmp_path / n) for n in linted]
    out = []
    for use_prefilter in (False, True):
        out.append(sorted((os.path.relpath(f.path, str(tmp_path)).replace(os.sep, "/"),
                           f.line, f.code)
                          for f in lint_paths(targets, use_prefilter=use_prefilter)))
    assert out[0] == out[1]
    return out[0]


def record_second_looks(monkeypatch, root):
    """The paths (relative to *root*) of the files given a second look, in order,
    as a list that fills while lint_paths runs."""
    from legacy_mongo.lint import engine

    seen = []
    phase2 = engine._work_phase2

    def record(args):
        seen.append(os.path.relpath(args[0], str(root)))
        return phase2(args)

    monkeypatch.setattr(engine, "_work_phase2", record)
    return seen


def corpus_files():
    """(path, bytes) of every Python file of the fixtures, and of the evaluation
    corpus when it is fetched."""
    roots = [os.path.join(HERE, "fixtures")] + ([EVAL] if os.path.isdir(EVAL) else [])
    for root in roots:
        for folder, _dirs, names in os.walk(root):
            for name in sorted(names):
                if name.endswith(".py"):
                    with open(os.path.join(folder, name), "rb") as handle:
                        yield os.path.join(folder, name), handle.read()
