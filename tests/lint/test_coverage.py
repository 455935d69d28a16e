"""Every catalogue code the linter can see has a positive test, and it passes."""
import pytest

from legacy_mongo.catalogue import CATALOGUE
from legacy_mongo.lint.rules.behaviour import BEHAVIOUR_CHECKERS
from tests.lint.cases import FILE_LEVEL, POSITIVE, RUNTIME_ONLY
from tests.lint.helpers import PRELUDE, lint

LINT_CODES = sorted(code for code, e in CATALOGUE.items() if getattr(e, "lint", True))


@pytest.mark.parametrize("code", LINT_CODES)
def test_every_code_has_a_positive_case(code):
    if code in RUNTIME_ONLY:
        pytest.skip("runtime-only: %s" % code)
    assert code in POSITIVE or code in FILE_LEVEL, "no positive lint test for %s (%s)" % (code, CATALOGUE[code].name)


CASES = [(code, source, conf) for code, items in sorted(POSITIVE.items())
         for source, conf in items]


@pytest.mark.parametrize("code,source,confidence", CASES)
def test_positive_case(code, source, confidence):
    prelude = not source.startswith(("import ", "from ", "def "))
    findings = lint(source, prelude=prelude)
    lines = source.rstrip("\n").split("\n")
    marked = [i for i, line in enumerate(lines, 1) if line.endswith("# here")]
    last_line = (marked[0] if marked else len(lines)) + (PRELUDE.count("\n") if prelude else 0)
    if code == "LM001":
        last_line = 1
    hits = [f for f in findings if f.code == code]
    assert hits, "%s not reported for:\n%s\n(got %s)" % (code, source, findings)
    assert any(f.line == last_line and f.confidence == confidence for f in hits), hits
    message = CATALOGUE[code].format()
    if code.startswith("LM0"):  # file-level findings add the reason before the link
        head, link = CATALOGUE[code].format().rsplit(" See ", 1)
        assert all(f.message.startswith(head + " (") and f.message.endswith(" See " + link)
                   for f in hits), hits
    else:
        assert all(f.message == message for f in hits)


def test_runtime_only_codes_are_catalogue_codes_with_no_checker():
    for code in RUNTIME_ONLY:
        assert code in CATALOGUE
        assert code not in BEHAVIOUR_CHECKERS


def test_behaviour_checkers_are_keyed_by_catalogue_behaviour_codes():
    for code in BEHAVIOUR_CHECKERS:
        assert code in CATALOGUE, code
        assert any(m.kind == "behaviour" for m in CATALOGUE[code].matches), code


def test_catalogue_lint_codes_without_matches_are_runtime_only():
    # An entry the linter should find must say how (Entry.matches).
    for code in LINT_CODES:
        if code in RUNTIME_ONLY:
            continue
        assert CATALOGUE[code].matches, code


def _negative_sources():
    """For each method/attribute/keyword match: the same name on an object that is provably
    not PyMongo (a local class, a stdlib call), in a module that does import pymongo."""
    out = []
    for code in LINT_CODES:
        for match in CATALOGUE[code].matches:
            if match.kind == "method":
                for name in match.names:
                    out.append((code, "import pymongo\nclass Local(object):\n    pass\n"
                                      "obj = Local()\nobj.%s({'a': 1})\n" % name))
            elif match.kind == "attribute":
                for name in match.names:
                    out.append((code, "import pymongo\nclass Local(object):\n    pass\n"
                                      "obj = Local()\nx = obj.%s\nobj.%s = 1\n" % (name, name)))
            elif match.kind == "keyword":
                for name in match.names:
                    if name.isidentifier():
                        out.append((code, "import pymongo\nimport json\n"
                                          "x = json.dumps({}, %s=1)\n" % name))
    return out


@pytest.mark.parametrize("code,source", _negative_sources())
def test_same_name_on_a_non_pymongo_object_is_not_flagged(code, source):
    from legacy_mongo.lint.engine import lint_source
    assert [f for f in lint_source(source, "neg.py") if f.code == code] == []
