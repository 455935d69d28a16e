"""tests/oracle/build_oracle.sh on a machine where no Python can build 2.8.1."""
import os
import shutil
import subprocess

from tests.conftest import REPO_ROOT

SCRIPT = os.path.join(REPO_ROOT, "tests", "oracle", "build_oracle.sh")


def test_without_a_python_up_to_311_it_says_what_is_skipped(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # python3 here is "3.12": it fails the 3.9-3.11 check; nothing else is on PATH.
    fake = bin_dir / "python3"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    for tool in ("dirname",):
        os.symlink(shutil.which(tool), str(bin_dir / tool))
    env = {"PATH": str(bin_dir), "ORACLE_VENV": str(tmp_path / "oracle"), "PYTHON": "python3"}
    result = subprocess.run([shutil.which("sh"), SCRIPT], capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert "oracle: SKIPPED: no Python 3.9-3.11 found" in result.stderr
    assert "tests/conformance" in result.stderr and "will be skipped" in result.stderr
    assert not (tmp_path / "oracle").exists()
