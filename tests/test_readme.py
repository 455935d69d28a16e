"""What README.rst shows is what happens."""
import os
import re
import subprocess
import sys

from tests.conftest import REPO_ROOT
from tests.server import TestServer

README = os.path.join(REPO_ROOT, "README.rst")


def readme():
    with open(README) as handle:
        return handle.read()


def indented_block_after(marker):
    text = readme()
    start = text.index(marker) + len(marker)
    lines = []
    for line in text[start:].splitlines()[1:]:
        if line and not line.startswith("    "):
            break
        lines.append(line[4:])
    return "\n".join(lines).strip("\n")


def test_the_two_setup_commands_are_make_demo_and_make_test():
    block = indented_block_after("so a\nmachine with ``python3`` and ``make`` is enough::")
    assert [line.split("#")[0].strip() for line in block.splitlines()] == ["make demo", "make test"]


def test_the_unchanged_legacy_example_runs(tmp_path):
    code = indented_block_after(".. code-block:: python")
    with TestServer() as server:
        script = tmp_path / "app.py"
        script.write_text(code.replace('"localhost", 27017', '"127.0.0.1", %d' % server.port))
        result = subprocess.run(
            [sys.executable, "-m", "legacy_mongo", "run", str(script)],
            capture_output=True, text=True, timeout=60,
            env=dict(os.environ, LEGACY_MONGO_WARNINGS="ignore"),
        )
    assert result.returncode == 0, result.stderr
    # The second unacknowledged insert was lost, the safe one raised, the
    # acknowledged update matched the one apple.
    assert result.stdout == "safe=True reports it\n1\n"


def test_the_lint_sample_is_real_output():
    text = readme()
    sample = [line.strip() for line in text.split("$ legacy-mongo lint examples/essay.py", 1)[1]
              .split("\n\n", 1)[0].splitlines() if line.strip()]
    assert sample
    result = subprocess.run(
        [sys.executable, "-m", "legacy_mongo", "lint", "--no-config", "examples/essay.py"],
        capture_output=True, text=True, timeout=60, cwd=REPO_ROOT,
    )
    assert result.returncode == 1
    actual = result.stdout.splitlines()
    for line in sample:
        assert line in actual
    assert all(re.match(r"examples/essay\.py:\d+:\d+: LM\d{3} ", line) for line in actual)


def test_the_fix_sample_is_real_output():
    text = readme()
    sample = [line.strip() for line in
              text.split("$ legacy-mongo lint --diff examples/essay.py", 1)[1]
              .split("\n\n", 1)[0].splitlines() if line.strip()]
    assert len(sample) == 4
    result = subprocess.run(
        [sys.executable, "-m", "legacy_mongo", "lint", "--diff", "--no-config",
         "examples/essay.py"],
        capture_output=True, text=True, timeout=60, cwd=REPO_ROOT,
    )
    assert result.returncode == 1
    actual = [line.strip() for line in result.stdout.splitlines()]
    for line in sample:
        assert line in actual
    assert "Would fix 3 finding(s) in 1 file(s)" in result.stderr
