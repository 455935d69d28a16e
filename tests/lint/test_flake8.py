"""The flake8 plugin (entry point LM in setup.cfg) reports the same codes."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _flake8(tmp_path, *args):
    proc = subprocess.run([sys.executable, "-m", "flake8", "--select=LM", *args, str(tmp_path)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=ROOT))
    return proc.returncode, proc.stdout


def _registered():
    proc = subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True,
                          text=True)
    return "legacy-mongo" in proc.stdout


pytestmark = pytest.mark.skipif(not _registered(),
                                reason="legacy-mongo is not installed as a flake8 plugin")


def test_flake8_reports_lm_codes_and_honours_noqa(tmp_path):
    (tmp_path / "app.py").write_text(
        "import pymongo\n"
        "db = pymongo.MongoClient().app\n"
        "db.users.insert({'a': 1})\n"
        "db.users.save({'a': 1})  # noqa: LM402\n"
        "def f(self):\n"
        "    self.db.things.remove({'a': 1})\n")
    code, out = _flake8(tmp_path)
    lines = [line.split(":", 1)[1] for line in out.splitlines()]
    assert code == 1
    assert lines == ["3:10: LM401 " + lines[0].split(" LM401 ", 1)[1],
                     "6:20: LM404 " + lines[1].split(" LM404 ", 1)[1]]
    assert lines[1].endswith("[likely]")
    code, out = _flake8(tmp_path, "--legacy-mongo-confidence=certain")
    assert [line.split(":")[1] for line in out.splitlines()] == ["3"]


def test_a_selection_that_hides_python2_files_says_so_on_stderr(tmp_path):
    # flake8 cannot parse Python 2: it reports E999 and never calls the plugin
    (tmp_path / "py2.py").write_text("import pymongo\nprint 'x'\nc = pymongo.Connection()\n")

    def flake8(*args):
        proc = subprocess.run([sys.executable, "-m", "flake8", *args, str(tmp_path)],
                              capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=ROOT))
        return proc.returncode, proc.stdout, proc.stderr

    code, out, err = flake8("--select=LM")
    assert (code, out) == (0, "")
    assert "hides E999" in err and "legacy-mongo lint" in err
    code, out, err = flake8("--select=LM", "--extend-select=E999")
    assert code == 1 and " E999 " in out and "hides E999" not in err
