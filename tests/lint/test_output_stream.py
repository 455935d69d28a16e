"""Long runs: progress on a terminal's stderr only, and output written as it is rendered."""
import io

from legacy_mongo.lint import cli
from legacy_mongo.lint.formats import render


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
