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


# pupa's import_billy.py: uuid.uuid1() is only formatted into an id string
# ('ocd-{type_}/{uuid}'.format(uuid=uuid.uuid1())), like str(uuid.uuid1()): no
# UUID value reaches a document, so the client's UUID representation (LM901's
# catalogue meaning) does not matter.
def test_uuid_formatted_into_text_leaves_the_client_alone():
    src = """\
    import uuid
    import pymongo
    c = pymongo.MongoClient()


    def name(obj):
        return "ocd-{type_}/{uuid}".format(type_=obj.kind, uuid=uuid.uuid1())


    def other(obj):
        return "ocd-{0}/{1}".format(obj.kind, uuid.uuid4())
    """
    assert found(src, "LM901", prelude=False) == []


def test_uuid_stored_beside_a_formatted_one_still_reports_the_client():
    src = """\
    import uuid
    import pymongo
    c = pymongo.MongoClient()


    def name(obj):
        return "ocd-{uuid}".format(uuid=uuid.uuid1())


    def save(obj):
        c.app.things.insert_one({'_id': uuid.uuid4(), 'name': name(obj)})
    """
    assert [line for line, _ in found(src, "LM901", prelude=False)] == [3]
