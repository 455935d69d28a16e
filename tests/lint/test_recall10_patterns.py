"""Recall round 10 (batch 13's misses, issue 12), each as a mechanism: a positive
case and a look-alike (trap) that must stay silent; the cross-module ones linted
as a tree with and without the prefilter (the same findings either way)."""
from tests.lint.helpers import found, lint_tree

# pupa: query helpers in importers/utils.py return db.people.find(spec) (directly
# or through another helper); the importers in other modules call .count() on
# what they get.  The Cursor crosses the module boundary as the helper's result.
_CORE = """\
from pymongo import Connection
db = Connection()['app']
"""

_UTILS = """\
from pkg.core import db


def people_by_name(name, people_ids=None, **kwargs):
    spec = kwargs.copy()
    if people_ids is not None:
        spec["_id"] = {"$in": people_ids}
    return db.people.find(spec)


def people_by_jurisdiction_and_name(jurisdiction_id, name, **kwargs):
    people = people_by_name(name, **kwargs)
    return people
"""


def test_count_on_a_cursor_returned_by_another_modules_helper(tmp_path):
    votes = """\
    from .utils import people_by_jurisdiction_and_name, people_by_name


    def match(name):
        people = people_by_jurisdiction_and_name(1, name)
        if people.count() == 1:
            return people[0]
        return people_by_name(name).count()
    """
    got = lint_tree(tmp_path, {"pkg/__init__.py": "", "pkg/core.py": _CORE,
                               "pkg/utils.py": _UTILS, "pkg/votes.py": votes})
    assert [(p, line) for p, line, code in got if code == "LM501"] == \
        [("pkg/votes.py", 6), ("pkg/votes.py", 8)]


def test_helper_that_may_return_a_list_gives_its_callers_nothing(tmp_path):
    # one return is a Cursor, another a list of documents: the caller's value is
    # not known to be a Cursor (its count() may be a wrapper list's)
    utils = """\
    from pkg.core import db


    def people_by_name(name, cached=None):
        if cached is not None:
            return [p for p in cached if p['name'] == name]
        return db.people.find({'name': name})
    """
    votes = """\
    from .utils import people_by_name


    def match(name):
        people = people_by_name(name)
        return people.count()
    """
    got = lint_tree(tmp_path, {"pkg/__init__.py": "", "pkg/core.py": _CORE,
                               "pkg/utils.py": utils, "pkg/votes.py": votes})
    assert [(p, line) for p, line, code in got if code == "LM501"] == []


def test_helper_returning_documents_not_a_cursor_is_silent(tmp_path):
    utils = """\
    from pkg.core import db


    def people_by_name(name):
        return list(db.people.find({'name': name}))
    """
    votes = """\
    from .utils import people_by_name


    def match(name):
        return people_by_name(name).count()
    """
    got = lint_tree(tmp_path, {"pkg/__init__.py": "", "pkg/core.py": _CORE,
                               "pkg/utils.py": utils, "pkg/votes.py": votes})
    assert [(p, line) for p, line, code in got if code == "LM501"] == []
