"""Summaries of second looks feed the next round (engine.lint_paths): a chain of
modules a -> b -> c, where b's method returns what a's dispatcher gives and c
uses b's method, is followed; the rounds are bounded."""
import os
import textwrap

import pytest

from legacy_mongo.lint import engine
from tests.lint.helpers import record_second_looks


def write(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def found(tmp_path, name, **kwargs):
    target = os.path.abspath(str(tmp_path / name))
    kwargs.setdefault("jobs", 1)
    return sorted((f.line, f.code) for f in engine.lint_paths([str(tmp_path)], **kwargs)
                  if os.path.abspath(f.path) == target)


# a: a dispatcher calling a Collection's method by name (docmongo's DelegatePymongo)
BACKEND = """\
    import pymongo

    class Backend(object):
        def __init__(self, uri):
            self.uri = uri

        def coll(self):
            return pymongo.MongoClient(self.uri).app.things

        def _call(self, name, *args, **kwargs):
            func = getattr({target}, name, None)
            return func(*args, **kwargs)
    """

# b: no PyMongo import; forwards to the dispatcher held in a cache it fills,
# and a method returns a named call's result
MODEL = """\
    from pkg.backend import Backend

    class Model(object):
        _backends = {{}}

        @classmethod
        def backend(cls):
            if cls.__name__ not in cls._backends:
                cls._backends[cls.__name__] = Backend(cls.uri)
            return cls._backends[cls.__name__]

        @classmethod
        def _call(cls, name, *args, **kwargs):
            return cls.backend()._call(name, *args, **kwargs)

        @classmethod
        def everything(cls):
            return cls._call({method!r})
    """

# c: a subclass of b's class, built by a helper, uses b's method's result
USE = """\
    from pkg.model import Model

    class Test(object):
        def make(self):
            class Thing(Model):
                uri = 'localhost'
            return Thing()

        def test(self):
            obj = self.make()
            assert obj.everything().count() == 0
    """


def tree(tmp_path, target="self.coll()", method="find"):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/backend.py": BACKEND.format(target=target),
                     "pkg/model.py": MODEL.format(method=method), "pkg/use.py": USE})


@pytest.mark.parametrize("use_prefilter", [True, False])
def test_a_two_hop_dispatcher_result_reaches_the_third_module(tmp_path, use_prefilter):
    tree(tmp_path)
    assert found(tmp_path, "pkg/use.py", use_prefilter=use_prefilter) == [(11, "LM501")]


def test_the_same_chain_with_the_cache_gives_the_same_findings_twice(tmp_path):
    tree(tmp_path)
    cache_dir = str(tmp_path / "cache")
    assert found(tmp_path, "pkg/use.py", cache_dir=cache_dir) == [(11, "LM501")]
    assert found(tmp_path, "pkg/use.py", cache_dir=cache_dir) == [(11, "LM501")]


def test_trap_a_dispatcher_over_a_dict_is_not_pymongo(tmp_path):
    tree(tmp_path, target="self.__dict__")
    assert found(tmp_path, "pkg/use.py") == []


def test_trap_a_dispatched_method_that_returns_a_document_has_no_cursor_count(tmp_path):
    tree(tmp_path, method="find_one")
    assert found(tmp_path, "pkg/use.py") == []


def test_one_round_does_not_reach_the_third_module(tmp_path, monkeypatch):
    # the rounds are what follows the chain (and the bound is honoured)
    monkeypatch.setattr(engine, "MAX_SUMMARY_ROUNDS", 1)
    tree(tmp_path)
    assert found(tmp_path, "pkg/use.py") == []


@pytest.fixture
def second_looks(monkeypatch):
    seen = []
    phase2 = engine._work_phase2

    def count(args):
        seen.append(os.path.basename(args[0]))
        return phase2(args)

    monkeypatch.setattr(engine, "_work_phase2", count)
    return seen


def test_modules_that_feed_each_other_in_a_cycle_end(tmp_path, second_looks):
    # a.A.get returns b's method's result, b.B.get a's: each round's summaries
    # type what the other asks about, and the run still ends
    write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": """\
            import pymongo
            from pkg.b import B

            class A(object):
                def get(self):
                    return B().get()

                def coll(self):
                    return pymongo.MongoClient().app.things

                def other(self):
                    return self.partner.get_other()

                def get_other(self):
                    return self.partner.other()
            """,
        "pkg/b.py": """\
            from pkg.a import A

            class B(object):
                def get(self):
                    return A().coll()

                def other(self):
                    return self.partner.get_other()

                def use(self):
                    return self.get().find().count()
            """})
    assert found(tmp_path, "pkg/b.py") == [(11, "LM501")]
    assert len(second_looks) <= 2 * engine.MAX_SUMMARY_ROUNDS


def test_a_summary_that_changes_every_round_stops_at_the_bound(tmp_path, monkeypatch):
    # an oscillating summary (each second look gives a new value) cannot keep
    # the run going: at most MAX_SUMMARY_ROUNDS rounds of second looks
    write(tmp_path, {"pkg/__init__.py": "", "pkg/db.py": "import pymongo\nc = pymongo.MongoClient()\n",
                     "pkg/use.py": "from pkg.db import c\nc.app.things.insert({})\n"})
    rounds = []

    def changing(args):
        rounds.append(args[0])
        path, findings, summary, asked, _questions = engine._work_phase2_unbudgeted(
            *args[:8])
        summary = dict(summary or {})
        # a value use.py itself reaches (pkg.db), new each time; no record of the
        # questions the look asked, so no round can be skipped as a repeat
        summary["pkg.db.x%d" % len(rounds)] = ("collection", None, 2)
        return path, findings, summary, asked, None

    monkeypatch.setattr(engine, "_work_phase2", changing)
    assert found(tmp_path, "pkg/use.py") == [(2, "LM401")]
    assert len(rounds) == engine.MAX_SUMMARY_ROUNDS


def test_a_second_look_is_given_only_the_values_its_imports_reach():
    values = {}
    for key in ("pkg.db.client", "pkg.db.Base.coll", "pkg.dbx.client", "pkg.other.users",
                "store.users", "other.db.client"):
        values.setdefault(key.partition(".")[0], []).append((key, ("client", None, 2)))
    # import pkg.db / from pkg.db import Base / Python 2's "import store" (both spellings)
    got = engine._reachable(values, ("pkg.db", "pkg.db.Base", "store", "app.store"),
                            ("pkg.db.Base",))
    assert sorted(got) == ["pkg.db.Base.coll", "pkg.db.client", "store.users"]
    # "import pkg" reaches everything below it; "from pkg.db.client import x" the
    # module-level value above the name
    assert sorted(engine._reachable(values, ("pkg",), ())) == [
        "pkg.db.Base.coll", "pkg.db.client", "pkg.dbx.client", "pkg.other.users"]
    assert sorted(engine._reachable(values, ("pkg.db.client.x",), ())) == ["pkg.db.client"]


A2 = "import pymongo\nclient = pymongo.MongoClient()\n"
B2 = "from pkg2.a import client\nusers = client.app.users\n"
C2 = "from pkg2.b import users\nusers.insert({})\n"
DB = "import pymongo\nclient = pymongo.MongoClient()\n"
LONE = "from lone.db import client\nclient.app.things.insert({})\n"


def test_a_round_that_changes_only_unrelated_values_does_not_look_again(tmp_path,
                                                                        monkeypatch):
    # pkg2.b's second look finds pkg2.b.users (a value two modules away from
    # PyMongo), so pkg2/c.py needs a second round; lone/use.py's inputs are the
    # same in both rounds
    write(tmp_path, {"pkg2/__init__.py": "", "pkg2/a.py": A2, "pkg2/b.py": B2,
                     "pkg2/c.py": C2, "lone/__init__.py": "", "lone/db.py": DB,
                     "lone/use.py": LONE})
    seen = record_second_looks(monkeypatch, tmp_path)
    assert found(tmp_path, "pkg2/c.py") == [(2, "LM401")]
    assert sorted(seen) == ["lone/use.py", "pkg2/b.py", "pkg2/c.py"]
    # given every value of the project instead, lone/use.py's second round is
    # still skipped: the values it is given for pkg2 answer none of its questions
    del seen[:]
    monkeypatch.setattr(engine, "_reachable", lambda values, imported, bound: {
        k: v for pairs in values.values() for k, v in pairs})
    assert found(tmp_path, "pkg2/c.py") == [(2, "LM401")]
    assert seen.count("lone/use.py") == 1
    # ... and it is looked at again when the questions are not compared
    del seen[:]
    monkeypatch.setattr(engine.inference, "same_answers", lambda *args: False)
    assert found(tmp_path, "pkg2/c.py") == [(2, "LM401")]
    assert seen.count("lone/use.py") == 2


def test_a_second_look_is_made_only_when_the_project_answers_its_questions_otherwise(
        tmp_path, second_looks):
    # both files import pkg.db, whose summary holds a client; only uses.py asks
    # about it (pkg.db.client), so only uses.py is looked at again
    write(tmp_path, {"pkg/__init__.py": "", "pkg/db.py": DB + "def helper():\n    pass\n",
                     "pkg/uses.py": "from pkg.db import client\nclient.app.things.insert({})\n",
                     "pkg/other.py": "from pkg.db import helper\nhelper()\n"})
    assert found(tmp_path, "pkg/uses.py") == [(2, "LM401")]
    assert found(tmp_path, "pkg/other.py") == []
    assert sorted(set(second_looks)) == ["uses.py"]


def test_the_questions_of_a_look_record_what_it_read_of_the_project():
    view = engine.inference.ProjectView({"pkg.db.client": ("client", None, 2),
                                         "pkg.models.Base.coll": ("collection", None, 2)})
    assert view.get("pkg.db.client") == ("client", None, 2)
    assert "pkg.db.other" not in view
    assert view.is_module("pkg.db") and not view.is_module("pkg.nothere")
    assert view.is_class("pkg.models.Base") and not view.is_class("pkg.web")
    assert view.below("pkg.models.Base") == ["pkg.models.Base.coll"]
    questions = view.questions()
    assert questions == (frozenset({"pkg.db.client", "pkg.db.other"}),
                         frozenset({"pkg.db", "pkg.nothere"}),
                         frozenset({"pkg.models.Base", "pkg.web"}),
                         frozenset({"pkg.models.Base"}))
    before = dict(view.summary)

    def same(after, evidence_asked=False, borrowed=False, names_asked=False):
        return engine.inference.same_answers(questions + (evidence_asked, names_asked),
                                             (before, False), (after, borrowed))

    # a value nobody asked about changes nothing
    assert same(dict(before, **{"pkg.other.x": ("client", None, 2)}))
    # each kind of question, answered otherwise
    assert not same(dict(before, **{"pkg.db.other": ("client", None, 2)}))
    assert not same(dict(before, **{"pkg.db.client": ("database", None, 2)}))
    assert not same(dict(before, **{"pkg.nothere.x.y": ("client", None, 2)}))
    assert not same(dict(before, **{"pkg.web.coll": ("collection", None, 2)}))
    assert not same(dict(before, **{"pkg.models.Base.c2": ("client", None, 1)}))
    assert not same({})
    # borrowed evidence matters only to a look that read the lack of it
    assert same(before, borrowed=True)
    assert not same(before, evidence_asked=True, borrowed=True)
    assert same(before, evidence_asked=True)


def test_a_look_that_reads_no_evidence_is_not_repeated_for_borrowed_evidence(tmp_path,
                                                                            second_looks):
    # other.py imports pkg.db (which imports PyMongo), so it borrows that evidence;
    # nothing in it reads the evidence: no second look.  hinted.py's collection
    # name needs the evidence to be reported, so it is looked at again.
    write(tmp_path, {"pkg/__init__.py": "", "pkg/db.py": DB + "def helper():\n    pass\n",
                     "pkg/other.py": "from pkg.db import helper\nhelper()\n",
                     "pkg/hinted.py": "from pkg.db import helper\n"
                                      "def f(users_collection):\n"
                                      "    users_collection.insert({'a': 1})\n"})
    assert found(tmp_path, "pkg/other.py") == []
    assert found(tmp_path, "pkg/hinted.py") == [(3, "LM401")]
    assert "other.py" not in second_looks and "hinted.py" in second_looks


def test_a_method_index_conflict_answers_as_an_absent_entry_where_neither_gives_a_kind():
    # wrapper_result gives no result for a name without entries and for one with
    # a conflict alike: a look that asked only that does not look again for it
    conflict = {"#m:pkg:fetch": ("methods", "", 0), "#m:pkg:.coll": ("methods", "", 0)}
    kind = {"#m:pkg:fetch": ("methods", "collection|(self)", 1),
            "#m:pkg:.coll": ("methods", "collection|", 1)}

    def answers(local):
        view = engine.inference.ProjectView({})
        assert view.method_entries("fetch", {"pkg"}, local) == [None]
        assert view.method_kind("#m:pkg:.coll") is None
        questions = view.questions() + (False, False)
        return lambda after: engine.inference.same_answers(questions, ({}, False),
                                                           (after, False))

    same = answers(None)
    assert same(conflict)
    assert not same(kind)
    assert not same({"#m:pkg:.coll": kind["#m:pkg:.coll"]})
    # beside a method of its own that gives a kind, a conflict vetoes it: not alike
    same = answers(("collection", 1, ("(self)",)))
    assert not same({"#m:pkg:fetch": conflict["#m:pkg:fetch"]})
    assert same({"#m:pkg:.coll": conflict["#m:pkg:.coll"]})
    # the same kind and signatures with another signature spelled: not alike
    assert not same({"#m:pkg:fetch": ("methods", "collection|(self, x)", 1)})
    assert same({"#m:pkg:fetch": ("methods", "collection|(self)", 1)})


HINTED = "def f(users_collection):\n    users_collection.insert({'a': 1})\n"
UNHINTED = "def f(thing):\n    thing.insert({'a': 1})\n"


def test_sibling_evidence_matters_only_to_a_look_that_read_names_evidence():
    # a receiver only named like a Collection is decided by the sibling flag
    # (names_evidence): that look records the question, and it is repeated
    def look(text, evidence=False):
        findings, analysis = engine.lint_text(text, "m.py", extra_evidence=evidence)
        return [f.code for f in findings], analysis.questions()

    codes, questions = look(HINTED)
    assert codes == [] and questions[5]
    assert look(HINTED, engine.SIBLING_EVIDENCE)[0] == ["LM401"]
    assert not engine.inference.same_answers(questions, ({}, False),
                                             ({}, engine.SIBLING_EVIDENCE))
    # an unnamed receiver reads the module's own evidence only: the flag
    # changes nothing there, and the look is not repeated for it ...
    codes, questions = look(UNHINTED)
    assert questions[4] and not questions[5]
    assert look(UNHINTED, engine.SIBLING_EVIDENCE)[0] == codes
    assert engine.inference.same_answers(questions, ({}, False),
                                         ({}, engine.SIBLING_EVIDENCE))
    # ... but it is for evidence borrowed from an import, which it did read
    assert look(UNHINTED, True)[0] != codes
    assert not engine.inference.same_answers(questions, ({}, False), ({}, True))
    assert not engine.inference.same_answers(questions, ({}, engine.SIBLING_EVIDENCE),
                                             ({}, True))


def test_a_params_entry_is_asked_only_for_the_slots_the_look_reads():
    # subclass_provided reads one "@" slot, passed_kind the slots of one
    # parameter: an entry's other slots, a "!" and an absent slot answer alike
    view = engine.inference.ProjectView({})
    assert view.provided_kind("#p:pkg.m.Base", "@coll") is None
    assert view.passed_kind(["#p:pkg.m.f"], {"db", "0"}) is None
    questions = view.questions() + (False, False)

    def same(after):
        return engine.inference.same_answers(questions, ({}, False), (after, False))

    assert same({"#p:pkg.m.Base": ("params", "@coll=!;@other=collection", 1)})
    assert not same({"#p:pkg.m.Base": ("params", "@coll=collection", 1)})
    assert same({"#p:pkg.m.f": ("params", "db=!;x=collection", 1)})
    # two kinds for one parameter: no kind, as with none
    assert same({"#p:pkg.m.f": ("params", "db=database;0=collection", 1)})
    assert not same({"#p:pkg.m.f": ("params", "x=!;0=collection", 1)})
    after = engine.inference.ProjectView({"#p:pkg.m.f": ("params", "0=collection", 1),
                                          "#p:pkg.m.Base": ("params", "@coll=cursor", 1)})
    assert after.passed_kind(["#p:pkg.m.f"], {"db", "0"}) == "collection"
    assert after.provided_kind("#p:pkg.m.Base", "@coll") == "cursor"
