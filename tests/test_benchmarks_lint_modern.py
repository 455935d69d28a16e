"""benchmarks/lint_modern.py: joining findings with lint_eval/modern_review.csv."""
import os

import pytest

from tests.conftest import load_script


@pytest.fixture(scope="module")
def lm():
    return load_script(os.path.join("benchmarks", "lint_modern.py"), "lint_modern")


CSV = """project,path,line,code,verdict,note
A,a.py,1,LM401,legacy,real use
A,a.py,2,LM406,false_positive,"own method, named count"
A,b.py,3,LM907,behaviour,dumps
B,c.py,9,LM403,legacy,gone from the source
"""


def write(tmp_path, text):
    path = tmp_path / "review.csv"
    path.write_text(text)
    return str(path)


def test_join_counts_verdicts_unreviewed_and_stale(lm, tmp_path):
    review = lm.load_review(write(tmp_path, CSV))
    findings = [
        ("A", "a.py", 1, "LM401"),
        ("A", "a.py", "1", "LM401"),   # a second finding with the same key, line as text
        ("A", "a.py", 2, "LM406"),
        ("A", "b.py", 3, "LM907"),
        ("A", "b.py", 4, "LM907"),     # no row: unreviewed
        ("B", "c.py", 10, "LM403"),    # a row for line 9 only: unreviewed, and line 9 is stale
    ]
    labelled, counts, stale = lm.join(findings, review)
    assert [v for _, v in labelled] == [
        "legacy", "legacy", "false_positive", "behaviour", "unreviewed", "unreviewed"]
    assert counts["A"] == {"findings": 5, "legacy": 2, "behaviour": 1, "false_positive": 1,
                           "unreviewed": 1, "stale": 0}
    assert counts["B"] == {"findings": 1, "legacy": 0, "behaviour": 0, "false_positive": 0,
                           "unreviewed": 1, "stale": 1}
    assert counts["TOTAL"] == {"findings": 6, "legacy": 2, "behaviour": 1, "false_positive": 1,
                               "unreviewed": 2, "stale": 1}
    assert stale == [("B", "c.py", 9, "LM403")]
    assert lm.precision(counts["A"]) == pytest.approx(2 / 3.0)
    assert lm.precision(counts["B"]) is None   # nothing judged legacy or false_positive


def test_join_with_no_findings_makes_every_row_stale(lm, tmp_path):
    review = lm.load_review(write(tmp_path, CSV))
    labelled, counts, stale = lm.join([], review)
    assert labelled == [] and len(stale) == 4
    assert counts["TOTAL"]["stale"] == 4 and counts["TOTAL"]["findings"] == 0


@pytest.mark.parametrize("bad, message", [
    (CSV + "A,a.py,1,LM401,behaviour,second row\n", "second row"),
    (CSV + "A,d.py,1,LM401,maybe,typo\n", "verdict"),
    (CSV.replace("verdict,note", "verdict,notes"), "header"),
])
def test_load_review_rejects(lm, tmp_path, bad, message):
    with pytest.raises(ValueError, match=message):
        lm.load_review(write(tmp_path, bad))


def test_committed_review_loads(lm):
    review = lm.load_review(lm.REVIEW)
    assert review and all(note for _, note in review.values())
