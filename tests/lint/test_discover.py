"""The walk's .gitignore handling: anchored patterns are matched against the path
relative to the .gitignore's own directory, however the root was spelled."""
import os

import pytest

from legacy_mongo.lint.engine import discover


def write(root, files):
    for rel, text in files.items():
        path = os.path.join(str(root), rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as handle:
            handle.write(text)


TREE = {
    ".gitignore": "/top.py\ngen/*.py\nsub/deep/\n",
    "top.py": "",
    "keep.py": "",
    "gen/a.py": "",
    "other/gen/b.py": "",  # gen/*.py is anchored: not matched below other/
    "sub/top.py": "",      # /top.py is anchored to the root
    "sub/deep/c.py": "",
    "sub/.gitignore": "/local.py\nx/y.py\n",
    "sub/local.py": "",
    "sub/x/y.py": "",
    "sub/x/z.py": "",
    "local.py": "",        # sub's /local.py does not reach up
}
KEPT = ["keep.py", "local.py", "other/gen/b.py", "sub/top.py", "sub/x/z.py"]


@pytest.mark.parametrize("spelling", ["{root}", "{root}/", "{root}//", "{root}/./",
                                      "{root}/../{name}", "."])
def test_anchored_gitignore_patterns_whatever_the_root_spelling(tmp_path, monkeypatch,
                                                                 spelling):
    root = tmp_path / "proj"
    write(root, TREE)
    monkeypatch.chdir(root)
    given = spelling.format(root=str(root), name="proj")
    found = sorted(os.path.relpath(path, str(root)).replace(os.sep, "/")
                   for path, _root in discover([given]))
    assert found == KEPT
