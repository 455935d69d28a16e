#!/usr/bin/env python
"""Regenerate MIGRATION.md from legacy_mongo/catalogue.py.

    python tools/gen_migration.py           # write MIGRATION.md
    python tools/gen_migration.py --check   # exit 1 if MIGRATION.md is stale
    python tools/gen_migration.py --list    # print every code and its name

tests/test_catalogue.py fails when the committed MIGRATION.md differs from what
this writes, so run it after every catalogue edit.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from legacy_mongo import catalogue  # noqa: E402

FLAGS = {"--check": "--check-migration", "--list": "--list"}


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        return catalogue.main(["--write-migration"])
    if len(argv) == 1 and argv[0] in FLAGS:
        return catalogue.main([FLAGS[argv[0]]])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
