"""Source patches that let Python 2-era projects run on Python 3.11.

Each patch is named in projects.json (``["2to3", "pkg", "tests"]``) and is
applied to a fresh copy of the project's tree before *both* runs, the PyMongo
2.8.1 one and the legacy-mongo one, so it can never explain a difference
between them.  None touches how the project uses PyMongo.
"""
import os
import re
import subprocess
import sys


def _py_files(tree, rel):
    top = os.path.join(tree, rel)
    for dirpath, _, names in os.walk(top):
        for name in names:
            if name.endswith('.py'):
                yield os.path.join(dirpath, name)


def patch_2to3(tree, *paths):
    """What ``setup.py`` did on Python 3 (``use_2to3=True``): these projects
    shipped Python 2 source and converted it at install time."""
    targets = [os.path.join(tree, p) for p in paths]
    subprocess.run([sys.executable, '-W', 'ignore', '-m', 'lib2to3', '-w', '-n',
                    '--no-diffs'] + targets, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


_ABC_NAMES = ('Mapping', 'MutableMapping', 'Sequence', 'MutableSequence', 'Iterable',
              'Iterator', 'Callable', 'Set', 'MutableSet', 'Hashable', 'Sized', 'Container')
_COLLECTIONS_ABC = re.compile(r'\bcollections\.(%s)\b' % '|'.join(_ABC_NAMES))
_FROM_COLLECTIONS = re.compile(r'^([ \t]*)from collections import ([\w, ]+)$', re.M)


def _split_from_import(match):
    indent, names = match.group(1), [n.strip() for n in match.group(2).split(',')]
    abcs = [n for n in names if n in _ABC_NAMES]
    others = [n for n in names if n not in _ABC_NAMES]
    lines = []
    if others:
        lines.append('%sfrom collections import %s' % (indent, ', '.join(others)))
    if abcs:
        lines.append('%sfrom collections.abc import %s' % (indent, ', '.join(abcs)))
    return '\n'.join(lines)


def patch_collections_abc(tree, *paths):
    """Python 3.10 removed the ABC aliases from ``collections``."""
    for rel in paths:
        for path in _py_files(tree, rel):
            with open(path) as f:
                text = f.read()
            new = _FROM_COLLECTIONS.sub(_split_from_import, text)
            dotted = _COLLECTIONS_ABC.sub(r'collections.abc.\1', new)
            if dotted != new:
                # after the module's own `import collections`, so that a
                # docstring or __future__ import stays first
                new = re.sub(r'^import collections$', 'import collections\nimport collections.abc',
                             dotted, count=1, flags=re.M)
            if new != text:
                with open(path, 'w') as f:
                    f.write(new)


def patch_nose_skiptest(tree):
    """nose does not import on Python 3.10+; its SkipTest is unittest's."""
    for path in _py_files(tree, 'tests'):
        with open(path) as f:
            text = f.read()
        new = text.replace('from nose.plugins.skip import SkipTest',
                           'from unittest import SkipTest')
        if new != text:
            with open(path, 'w') as f:
                f.write(new)


PATCHES = {
    '2to3': patch_2to3,
    'collections-abc': patch_collections_abc,
    'nose-skiptest': patch_nose_skiptest,
}


def apply(tree, patches):
    for spec in patches:
        name, args = spec[0], spec[1:]
        try:
            patch = PATCHES[name]
        except KeyError:
            raise SystemExit('realworld: unknown patch %r in projects.json '
                             '(known: %s)' % (name, ', '.join(sorted(PATCHES))))
        patch(tree, *args)
