"""Long runs: progress on a terminal's stderr only, and output written as it is rendered."""
import io
import os

import pytest

from legacy_mongo.lint import cli
from legacy_mongo.lint.formats import render, stream

HERE = os.path.dirname(os.path.abspath(__file__))


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_progress_waits_half_a_second_then_rewrites_one_line_and_clears_it():
    stream = io.StringIO()
    progress = cli._Progress(stream)
    progress.clock = clock = FakeClock()
    progress.start = 0.0
    progress(1, 10)
    assert stream.getvalue() == ""  # a short run shows nothing
    clock.now = 0.6
    progress(5, 10)
    clock.now = 0.65
    progress(6, 10)   # too soon after the last update
    progress(10, 10)  # but the last one is always shown
    assert stream.getvalue() == ("\rlegacy-mongo lint: 5/10 files"
                                 "\rlegacy-mongo lint: 10/10 files")
    progress.clear()
    assert stream.getvalue().endswith("\r\033[K")


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path, capsys):
    for number in range(300):
        (tmp_path / ("m%03d.py" % number)).write_text("import pymongo\n")
    assert cli.main(["--jobs", "1", "--no-cache", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""  # pytest's stderr is no terminal


def test_text_output_written_in_chunks_is_the_whole_rendering(tmp_path, capsys):
    lines = ["import pymongo", "db = pymongo.MongoClient().app"]
    lines += ["db.users.insert({'n': %d})" % n for n in range(2500)]
    (tmp_path / "dense.py").write_text("\n".join(lines) + "\n")
    from legacy_mongo.lint.engine import lint_paths

    # no time budget: on a loaded machine the dense file could be given up as LM001
    expected = render("text", lint_paths([str(tmp_path)], jobs=1, time_budget=0))
    assert cli.main(["--jobs", "1", "--no-cache", "--file-timeout", "0", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out == expected and out.count("\n") == 2500


def dense_findings(count):
    from legacy_mongo.lint.engine import lint_source

    lines = ["import pymongo", "db = pymongo.MongoClient().app"]
    lines += ["db.users.insert({'n': %d}, safe=True)" % n for n in range(count // 2)]
    found = lint_source("\n".join(lines) + "\n", "dense.py")
    assert len(found) == count // 2 * 2
    return found


class Recorder(io.StringIO):
    def __init__(self):
        super().__init__()
        self.writes = 0

    def write(self, text):
        self.writes += 1
        return super().write(text)


@pytest.mark.parametrize("count", [0, 2, 1000, 2500])
def test_json_written_in_pieces_is_the_document_json_dumps_writes(count):
    import json

    from legacy_mongo.catalogue import CATALOGUE

    findings = dense_findings(count)
    out = Recorder()
    stream("json", findings, out)
    text = out.getvalue()
    expected = [dict(f.as_dict(), url=CATALOGUE[f.code].url) for f in findings]
    assert json.loads(text) == expected
    assert text == json.dumps(expected, indent=2) + "\n"
    assert out.writes >= (count // 1000 + 2 if count else 1)  # pieces, not one string


@pytest.mark.parametrize("count", [0, 2, 2500])
def test_sarif_written_in_pieces_is_the_document_json_dumps_writes(count):
    import json

    import jsonschema

    findings = dense_findings(count)
    out = Recorder()
    stream("sarif", findings, out)
    text = out.getvalue()
    log = json.loads(text)
    assert text == json.dumps(log, indent=2) + "\n"
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in results] == [(f.code, f.line) for f in findings]
    with open(os.path.join(HERE, "sarif-schema-2.1.0.json"), encoding="utf-8") as handle:
        jsonschema.validate(log, json.load(handle))
    assert out.writes >= (count // 1000 + 2 if count else 1)


def test_progress_is_shown_when_stderr_is_a_terminal(tmp_path):
    # the command in a child whose stderr is a pseudo-terminal; the half-second
    # wait before the first update is set to 0 there, so a short run shows it
    import pty
    import subprocess
    import sys

    for number in range(20):
        (tmp_path / ("m%02d.py" % number)).write_text("import pymongo\n")
    main, child = pty.openpty()
    program = ("import sys; from legacy_mongo.lint import cli; "
               "cli._Progress.__init__.__defaults__ = (0,); "
               "sys.exit(cli.main(['--jobs', '1', '--no-cache', sys.argv[1]]))")
    proc = subprocess.run([sys.executable, "-c", program, str(tmp_path)], stderr=child,
                          stdout=subprocess.PIPE, timeout=120)
    os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # EIO: the child's side is closed and all was read
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert proc.returncode == 0 and proc.stdout == b""
    assert b"legacy-mongo lint: 20/20 files" in shown
    assert shown.endswith(b"\r\x1b[K")  # the line is cleared at the end
