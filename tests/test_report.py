"""legacy-mongo report: reading report files, the table, the HTML page, errors."""
import json
import os
import re
import subprocess
import sys

import pytest

from legacy_mongo import catalogue
from legacy_mongo.cli import main as cli_main
from legacy_mongo.report import main as report_main

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_report(path, sites):
    totals = {}
    for site in sites:
        totals[site["code"]] = totals.get(site["code"], 0) + site["count"]
    path.write_text(json.dumps({"sites": sites, "totals": totals}))
    return str(path)


def site(path, line, code, count):
    return {"path": path, "line": line, "code": code, "count": count}


def table_rows(output):
    """(count, code, location) of each row of the printed table."""
    rows = []
    for line in output.splitlines()[1:]:
        match = re.match(r"^\s*(\d+)\s+(LM\d+)\s+(\S+)\s", line)
        if match:
            rows.append((int(match.group(1)), match.group(2), match.group(3)))
    return rows


def test_table_sorted_by_count_descending_with_message(tmp_path, capsys):
    report = write_report(tmp_path / "usage.json", [
        site("app/a.py", 3, "LM101", 2),
        site("app/b.py", 10, "LM101", 7),
        site("app/a.py", 9, "LM101", 5),
    ])
    assert report_main([report]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["COUNT", "CODE", "LOCATION", "MESSAGE"]
    assert table_rows(out) == [(7, "LM101", "app/b.py:10"), (5, "LM101", "app/a.py:9"),
                               (2, "LM101", "app/a.py:3")]
    message_start = catalogue.entry("LM101").message[:40]
    assert out.count(message_start) == 3
    assert "14 legacy calls at 3 sites in 2 files, 1 code" in out


def test_long_messages_are_shortened(tmp_path, capsys):
    report = write_report(tmp_path / "usage.json", [site("a.py", 1, "LM101", 1)])
    report_main([report])
    row = capsys.readouterr().out.splitlines()[1]
    message = catalogue.entry("LM101").message
    assert len(message) > 72  # otherwise this test proves nothing
    assert message not in row and row.endswith("\u2026")


def test_several_reports_are_added_up(tmp_path, capsys):
    first = write_report(tmp_path / "1.json", [site("a.py", 1, "LM101", 2)])
    second = write_report(tmp_path / "2.json", [site("a.py", 1, "LM101", 3),
                                                site("b.py", 2, "LM101", 4)])
    assert report_main([first, second]) == 0
    assert table_rows(capsys.readouterr().out) == [(5, "LM101", "a.py:1"), (4, "LM101", "b.py:2")]


def test_limit(tmp_path, capsys):
    report = write_report(tmp_path / "u.json", [site("a.py", n, "LM101", n) for n in range(1, 6)])
    assert report_main([report, "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert table_rows(out) == [(5, "LM101", "a.py:5"), (4, "LM101", "a.py:4")]
    assert "(top 2 sites shown)" in out


def test_unknown_code_is_shown_not_fatal(tmp_path, capsys):
    report = write_report(tmp_path / "u.json", [site("a.py", 1, "LM998", 1)])
    assert report_main([report]) == 0
    assert "not in the catalogue" in capsys.readouterr().out


def test_empty_report(tmp_path, capsys):
    report = write_report(tmp_path / "u.json", [])
    assert report_main([report]) == 0
    assert capsys.readouterr().out == "no legacy calls recorded\n"


def test_dispatched_from_the_cli(tmp_path, capsys):
    report = write_report(tmp_path / "u.json", [site("a.py", 1, "LM101", 1)])
    assert cli_main(["report", report]) == 0
    assert table_rows(capsys.readouterr().out) == [(1, "LM101", "a.py:1")]


# ---------------------------------------------------------------------------
# HTML


def test_html_page_per_file_and_per_code(tmp_path, capsys):
    codes = [code for code in ("LM101", "LM201") if code in catalogue.CATALOGUE]
    other = codes[-1]
    report = write_report(tmp_path / "u.json", [
        site("app/<evil>.py", 1, "LM101", 8),
        site("app/b.py", 2, "LM101", 2),
        site("app/b.py", 3, other, 2),
    ])
    page_path = tmp_path / "page.html"
    assert report_main([report, "--html", str(page_path)]) == 0
    assert "wrote %s" % page_path in capsys.readouterr().err
    page = page_path.read_text()
    assert page.startswith("<!DOCTYPE html>")
    # self-contained: no scripts, no external resources (links to the code
    # pages are navigation, not resources the page loads)
    assert "<script" not in page.lower()
    assert not re.search(r'src="https?:', page)
    assert not re.search(r'<(?!a )[^>]*href="https?:', page)
    assert "<link" not in page.lower()
    # escaped paths
    assert "app/&lt;evil&gt;.py" in page and "<evil>" not in page
    by_file = page[page.index('id="by-file"'):page.index('id="by-code"')]
    by_code = page[page.index('id="by-code"'):page.index('id="sites"')]
    # the busiest file first, its bar full width; the other one 4/8
    assert by_file.index("&lt;evil&gt;") < by_file.index("app/b.py")
    widths = [float(w) for w in re.findall(r"width:([\d.]+)%", by_file)]
    if other == "LM101":
        assert widths == [100.0, 50.0]
    else:  # app/b.py has two segments, one per family: 2/8 and 2/8
        assert widths == [100.0, 25.0, 25.0]
    assert 'href="https://legacy-mongo.readthedocs.io/en/latest/codes/lm101.html"' in by_code
    assert catalogue.entry("LM101").message.replace("'", "&#x27;") in by_code


def test_html_unwritable_path_exits_2(tmp_path, capsys):
    report = write_report(tmp_path / "u.json", [site("a.py", 1, "LM101", 1)])
    assert report_main([report, "--html", str(tmp_path / "no" / "such" / "dir.html")]) == 2
    assert "cannot write" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize("content, message", [
    ("{not json", "is not valid JSON"),
    ("[1, 2]", 'expected a JSON object with a "sites" list'),
    ('{"totals": {}}', 'expected a JSON object with a "sites" list'),
    ('{"sites": [3]}', "sites[0]: expected an object"),
    ('{"sites": [{"path": "a.py", "line": 1, "code": "LM101"}]}', "sites[0]: missing count"),
    ('{"sites": [{"path": "a.py", "line": "1", "code": "LM101", "count": 1}]}',
     "sites[0]: line must be a non-negative integer"),
    ('{"sites": [{"path": "a.py", "line": 1, "code": "LM101", "count": -1}]}',
     "sites[0]: count must be a non-negative integer"),
    ('{"sites": [], "totals": []}', '"totals" must be an object'),
])
def test_wrong_input_exits_2_with_a_reason(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert report_main([str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("legacy-mongo report: %s" % path)
    assert message in err


def test_missing_file_exits_2(tmp_path, capsys):
    assert report_main([str(tmp_path / "missing.json")]) == 2
    assert "cannot read %s: No such file or directory" % (tmp_path / "missing.json") in \
        capsys.readouterr().err


def test_no_argument_is_a_usage_error(capsys):
    assert report_main([]) == 2
    assert "usage: legacy-mongo report" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# End to end: a program writes the report at exit, the command reads it


def test_end_to_end(tmp_path):
    script = tmp_path / "app.py"
    script.write_text("from legacy_mongo.warnings import warn_legacy\n"
                      "warn_legacy('LM101')\n"
                      "for _ in range(3):\n"
                      "    warn_legacy('LM101')\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGACY_MONGO_")}
    env.update(PYTHONPATH=REPO, LEGACY_MONGO_REPORT=str(tmp_path / "usage.json"))
    subprocess.run([sys.executable, "-W", "ignore", str(script)], env=env, check=True,
                   cwd=str(tmp_path), timeout=60)
    result = subprocess.run([sys.executable, "-m", "legacy_mongo", "report",
                             str(tmp_path / "usage.json")], env=env, capture_output=True,
                            text=True, cwd=str(tmp_path), timeout=60)
    assert result.returncode == 0, result.stderr
    assert table_rows(result.stdout) == [(3, "LM101", "%s:4" % script),
                                         (1, "LM101", "%s:2" % script)]


# --- one HTML style, with project, date and versions --------------------------

def _meta(page):
    return re.search(r'<p class="meta">(.*?)</p>', page).group(1)


def test_both_html_pages_share_one_style_and_say_project_date_versions(tmp_path, monkeypatch):
    import pymongo

    project = tmp_path / "proj"
    (project / "src").mkdir(parents=True)
    (project / "setup.cfg").write_text("[metadata]\nname = shop-backend\n")
    app = project / "src" / "app.py"
    app.write_text("import pymongo\npymongo.MongoClient().db.c.insert({})\n")
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    report = write_report(tmp_path / "u.json", [site(str(app), 2, "LM401", 3)])
    report_page = tmp_path / "report.html"
    assert report_main([report, "--html", str(report_page)]) == 0
    summary_page = tmp_path / "summary.html"
    lint = subprocess.run([sys.executable, "-m", "legacy_mongo", "lint", "--no-config",
                           "--summary-html", str(summary_page), "src"],
                          capture_output=True, text=True, timeout=60, cwd=str(project),
                          env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    assert lint.returncode == 1, lint.stderr
    pages = [report_page.read_text(), summary_page.read_text()]
    styles = [re.search(r"<style>(.*?)</style>", page, re.S).group(1) for page in pages]
    assert styles[0] == styles[1]
    for page in pages:
        meta = _meta(page)
        assert "project <b>shop-backend</b>" in meta
        assert "generated 2023-11-14 22:13 UTC" in meta
        assert "legacy-mongo 0.1.0" in meta
        assert "PyMongo %s" % pymongo.version in meta
        assert "Python %s" % sys.version.split()[0] in meta
        assert 'href="https://legacy-mongo.readthedocs.io/en/latest/codes/lm401.html"' in page


def test_the_project_name_comes_from_pyproject_before_setup_cfg(tmp_path):
    from legacy_mongo import html_page

    (tmp_path / "pyproject.toml").write_text('[build-system]\nrequires = []\n\n'
                                             '[project]\nname = "from-pyproject"\n')
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = from-setup-cfg\n")
    (tmp_path / "pkg").mkdir()
    assert html_page.project_name([str(tmp_path / "pkg")]) == "from-pyproject"
    (tmp_path / "pyproject.toml").write_text('[tool.other]\nname = "not-this"\n')
    assert html_page.project_name([str(tmp_path / "pkg")]) == "from-setup-cfg"


# --- report --lint: run time against static ------------------------------------

LINTED = '''\
import pymongo

db = pymongo.MongoClient().shop


def used():
    db.stock.insert({"n": 1})


def never_called():
    db.stock.remove({"n": 1})


def dynamic(name):
    getattr(db.stock, name)({"n": 1})
'''


def test_report_lint_sets_run_time_sites_against_static_ones(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.py").write_text(LINTED)
    path = str(src / "app.py")
    # What a run would record: insert at line 7 (used), and the dynamic
    # getattr(...)("insert") at line 15, which no linter can see; remove at
    # line 11 never ran.  Plus a site outside src/ (a test file).
    report = write_report(tmp_path / "u.json", [
        site(path, 7, "LM401", 5),
        site(path, 15, "LM401", 2),
        site(str(tmp_path / "tests" / "test_app.py"), 3, "LM101", 1),
    ])
    assert report_main([report, "--lint", str(src)]) == 0
    out = capsys.readouterr().out
    comparison = out[out.index("Run time against lint of"):]
    assert "  1 site hit at run time and found by lint\n" in comparison
    assert "  1 site found only statically (not hit at run time):\n" \
           "    %s:11  LM404  remove\n" % path in comparison
    assert "  1 site hit at run time that lint did not find:\n" \
           "    %s:15  LM401  insert  2 calls\n" % path in comparison
    assert "test_app.py" not in comparison  # not under the linted path


def test_report_lint_matches_a_call_spread_over_lines(tmp_path):
    from legacy_mongo.report import compare_with_lint

    src = tmp_path / "m.py"
    src.write_text('import pymongo\ncoll = pymongo.MongoClient().d.c\n'
                   '(coll\n    .insert({"a": 1}))\n')
    # The run records line 4 on Python 3.11+ and line 3 (where the expression
    # starts) on 3.9/3.10 (checked with sys._getframe(1).f_lineno on each);
    # the linter reports line 4.
    for line in (3, 4):
        comparison = compare_with_lint({(str(src), line, "LM401"): 1}, [str(src)])
        assert [(c[1], c[2]) for c in comparison.both] == [(line, "LM401")]
        assert comparison.runtime_only == [] and comparison.static_only == []
    far = compare_with_lint({(str(src), 5, "LM401"): 1}, [str(src)])  # after the call
    assert far.both == [] and len(far.runtime_only) == 1 and len(far.static_only) == 1


def test_report_lint_html_section(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.py").write_text(LINTED)
    report = write_report(tmp_path / "u.json", [site(str(src / "app.py"), 7, "LM401", 5)])
    page_path = tmp_path / "p.html"
    assert report_main([report, "--lint", str(src), "--html", str(page_path)]) == 0
    page = page_path.read_text()
    section = page[page.index('id="lint"'):]
    static = section[section.index('id="static-only"'):section.index('id="runtime-only"')]
    assert "app.py:11</code>" in static and "LM404" in static
    assert "app.py:7</code>" in section[section.index('id="both"'):]


def test_report_lint_of_a_missing_path_is_exit_2(tmp_path, capsys):
    report = write_report(tmp_path / "u.json", [])
    assert report_main([report, "--lint", str(tmp_path / "nope")]) == 2
    assert "nope: no such file or directory" in capsys.readouterr().err


# --- one LEGACY_MONGO_REPORT, many processes ----------------------------------

CHILD = '''\
import sys, time
import pymongo
start = float(sys.argv[1])
time.sleep(max(0.0, start - time.time()))  # every child makes its calls, then exits, at once
for _ in range(int(sys.argv[2])):
    pymongo.Connection("127.0.0.1", 1, _connect=False)
'''

PARENT = '''\
import subprocess, sys, time
import pymongo
pymongo.Connection("127.0.0.1", 1, _connect=False)
start = time.time() + 3
children = [subprocess.Popen([sys.executable, "-m", "legacy_mongo", "run", sys.argv[1],
                              str(start), str(n + 1)]) for n in range(int(sys.argv[2]))]
sys.exit(max(child.wait() for child in children))
'''


def _lm101_counts(path):
    data = json.loads(path.read_text())
    return {(os.path.basename(s["path"]), s["line"]): s["count"]
            for s in data["sites"] if s["code"] == "LM101"}


def test_concurrent_processes_of_one_run_merge_into_one_report(tmp_path):
    (tmp_path / "child.py").write_text(CHILD)
    (tmp_path / "parent.py").write_text(PARENT)
    report = tmp_path / "usage.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGACY_MONGO_")}
    env.update(LEGACY_MONGO_REPORT=str(report), LEGACY_MONGO_WARNINGS="ignore")
    children = 6
    result = subprocess.run([sys.executable, "-m", "legacy_mongo", "run", "parent.py",
                             "child.py", str(children)], cwd=str(tmp_path), env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    # child n makes n + 1 calls at line 6; the parent one at line 3
    assert _lm101_counts(report) == {("child.py", 6): sum(range(1, children + 1)),
                                     ("parent.py", 3): 1}
    assert not [p for p in os.listdir(str(tmp_path)) if ".tmp" in p]

    # A later run is a new session: it replaces the file instead of adding to it.
    again = subprocess.run([sys.executable, "-m", "legacy_mongo", "run", "parent.py",
                            "child.py", "1"], cwd=str(tmp_path), env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert _lm101_counts(report) == {("child.py", 6): 1, ("parent.py", 3): 1}


def test_merge_report_adds_only_within_a_session(tmp_path):
    from legacy_mongo import warnings as lm

    report = tmp_path / "u.json"
    report.write_text(json.dumps({"sites": [site("old.py", 1, "LM101", 7)],
                                  "totals": {"LM101": 7}, "session": "s1"}))
    lm.reset_usage()
    try:
        lm.merge_report(str(report), session="s1")
        merged = json.loads(report.read_text())
        assert merged["sites"] == [site("old.py", 1, "LM101", 7)] and merged["session"] == "s1"
        lm.merge_report(str(report), session="s2")
        assert json.loads(report.read_text()) == {"sites": [], "totals": {}, "session": "s2"}
    finally:
        lm.reset_usage()
    # what report reads back from a merged file
    assert report_main([str(report)]) == 0
