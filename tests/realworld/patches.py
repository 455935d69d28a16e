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


def patch_2to3(tree, *args):
    """What ``setup.py`` did on Python 3 (``use_2to3=True``): these projects
    shipped Python 2 source and converted it at install time.  ``-x FIXER``
    before the paths leaves one fixer out, for example ``next`` for a class
    whose ``next()`` is its own API and not an iterator's (mongoqueue's
    ``MongoQueue.next()``: the fixer renames the method to ``__next__`` but
    cannot rewrite every caller)."""
    args = list(args)
    options = []
    while args and args[0] == '-x':
        options += args[:2]
        del args[:2]
    targets = [os.path.join(tree, p) for p in args]
    subprocess.run([sys.executable, '-W', 'ignore', '-m', 'lib2to3', '-w', '-n',
                    '--no-diffs'] + options + targets, check=True,
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


def patch_nose_methods(tree, *paths):
    """nose ran a test class's ``setup(self)``/``teardown(self)`` around each
    test and a module's ``setup()``/``teardown()`` once around the module;
    pytest 8 reads only the xunit names (``setup_method``, ``setup_module``
    ...), so without this the fixtures of such a suite never run (under
    either driver).  ``setup_class`` and the like keep their names."""
    for rel in paths or ('tests',):
        for path in _py_files(tree, rel):
            with open(path) as f:
                text = f.read()
            new = re.sub(r'(?m)^(\s+)def (setup|teardown)\(self\):',
                         lambda m: '%sdef %s_method(self):' % (m.group(1), m.group(2)), text)
            new = re.sub(r'(?m)^def (setup|teardown)\(\):', r'def \1_module():', new)
            if new != text:
                with open(path, 'w') as f:
                    f.write(new)


def patch_assign(tree, path, *assignments):
    """Test configuration: set module-level ``NAME = VALUE`` lines of *path*
    (each assignment ``NAME=VALUE``, VALUE a Python literal), for example
    to turn off credentials the test server cannot check.  Fails when the
    line is not there, so a patch cannot silently do nothing."""
    full = os.path.join(tree, path)
    with open(full) as f:
        text = f.read()
    for assignment in assignments:
        name, value = assignment.split('=', 1)
        text, count = re.subn(r'^%s = .*$' % re.escape(name), '%s = %s' % (name, value),
                              text, flags=re.M)
        if count != 1:
            raise SystemExit('realworld: patch assign: %s is assigned %d times in %s'
                             % (name, count, path))
    with open(full, 'w') as f:
        f.write(text)


def patch_replace(tree, path, old, new):
    """A Python 3 fix in the project's own code that is not a PyMongo call
    (for example ``hashlib.md5(str)``): replace the text *old* of *path* with
    *new*.  Fails when *old* is not there exactly once, so a patch cannot
    silently do nothing."""
    full = os.path.join(tree, path)
    with open(full) as f:
        text = f.read()
    count = text.count(old)
    if count != 1:
        raise SystemExit('realworld: patch replace: %r occurs %d times in %s'
                         % (old, count, path))
    with open(full, 'w') as f:
        f.write(text.replace(old, new))


# Site patches: modules written into *both* venvs' site-packages (with a
# ``.pth`` line importing them) before the requirements are installed: for a
# pinned requirement that does not import on Python 3.11 (and whose own
# setup.py imports it), or a standard-library name the project calls that
# Python 3 removed.  Like the source patches they are the
# same for both runs and do not touch PyMongo.
SITE_PATCHES = {
    # Cerberus 0.7.2 (Eve's pin) does ``from collections import Mapping``.
    'collections-aliases': (
        'import collections\n'
        'import collections.abc\n'
        'for _name in %r:\n'
        '    if not hasattr(collections, _name):\n'
        '        setattr(collections, _name, getattr(collections.abc, _name))\n'
        % (_ABC_NAMES,)),
    # Eve 0.4 calls base64.encodestring/decodestring (removed in Python 3.9).
    'base64-aliases': (
        'import base64\n'
        'if not hasattr(base64, "encodestring"):\n'
        '    base64.encodestring = base64.encodebytes\n'
        '    base64.decodestring = base64.decodebytes\n'),
    # ``pymongo.code`` (PyMongo before 2.2, an alias of ``bson.code``), for a
    # suite pinned to such a PyMongo (karait: 2.0.1).  2.8.1 has no such
    # module.  A finder at the *end* of sys.meta_path, so it answers only
    # when nothing else has the module: under the shim, legacy-mongo's own
    # alias (a sys.modules entry) is found first and this never runs.
    'pymongo-code-alias': (
        'import importlib, importlib.abc, importlib.util, sys\n'
        'class _PymongoCodeAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):\n'
        '    def find_spec(self, name, path=None, target=None):\n'
        '        if name == "pymongo.code":\n'
        '            return importlib.util.spec_from_loader(name, self)\n'
        '    def create_module(self, spec):\n'
        '        return importlib.import_module("bson.code")\n'
        '    def exec_module(self, module):\n'
        '        pass\n'
        'sys.meta_path.append(_PymongoCodeAlias())\n'),
    # anyjson 0.3.3 (kombu 3.0's JSON front end) only builds with
    # setuptools' removed use_2to3; kombu calls its loads, dumps and
    # force_implementation, which the standard json answers the same.
    'anyjson': (
        'import json, sys, types\n'
        'if "anyjson" not in sys.modules:\n'
        '    _anyjson = types.ModuleType("anyjson")\n'
        '    _anyjson.loads, _anyjson.dumps = json.loads, json.dumps\n'
        '    _anyjson.implementation = types.SimpleNamespace(name="json")\n'
        '    _anyjson.force_implementation = lambda name: None\n'
        '    sys.modules["anyjson"] = _anyjson\n'),
    # nose does not import on Python 3.10+; a suite that only uses
    # nose.tools' assertion helpers (ok_, eq_, assert_*, raises) gets them
    # from unittest, as nose.tools itself built them, and nose.SkipTest is
    # unittest's (as nose's own was).  with_setup(setup, teardown) runs them
    # around the test (nose set them as attributes its runner called; pytest 8
    # no longer reads those).
    'nose-tools': (
        'import re, sys, types, unittest\n'
        'if "nose" not in sys.modules:\n'
        '    _nose = types.ModuleType("nose")\n'
        '    _tools = types.ModuleType("nose.tools")\n'
        '    _case = unittest.TestCase("__init__")\n'
        '    def ok_(expr, msg=None):\n'
        '        if not expr:\n'
        '            raise AssertionError(msg)\n'
        '    def eq_(a, b, msg=None):\n'
        '        if not a == b:\n'
        '            raise AssertionError(msg or "%r != %r" % (a, b))\n'
        '    def raises(*exceptions):\n'
        '        def decorate(func):\n'
        '            def wrapper(*args, **kwargs):\n'
        '                try:\n'
        '                    func(*args, **kwargs)\n'
        '                except exceptions:\n'
        '                    return\n'
        '                raise AssertionError("%s did not raise %s" % (func.__name__, exceptions))\n'
        '            wrapper.__name__ = func.__name__\n'
        '            return wrapper\n'
        '        return decorate\n'
        '    def with_setup(setup=None, teardown=None):\n'
        '        def decorate(func):\n'
        '            def wrapper(*args, **kwargs):\n'
        '                if setup is not None:\n'
        '                    setup()\n'
        '                try:\n'
        '                    return func(*args, **kwargs)\n'
        '                finally:\n'
        '                    if teardown is not None:\n'
        '                        teardown()\n'
        '            wrapper.__name__ = func.__name__\n'
        '            return wrapper\n'
        '        return decorate\n'
        '    _tools.ok_, _tools.eq_, _tools.raises = ok_, eq_, raises\n'
        '    _tools.with_setup = with_setup\n'
        '    for _name in dir(_case):\n'
        '        if _name.startswith("assert") and "_" not in _name:\n'
        '            _pep8 = re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), _name)\n'
        '            setattr(_tools, _pep8, getattr(_case, _name))\n'
        '    _tools.__all__ = [n for n in vars(_tools) if n.endswith("_") or n.startswith("assert_") or n in ("raises", "with_setup")]\n'
        '    _nose.tools, _nose.SkipTest = _tools, unittest.SkipTest\n'
        '    sys.modules["nose"], sys.modules["nose.tools"] = _nose, _tools\n'),
}


def install_site_patches(site_dir, names):
    for name in names:
        try:
            source = SITE_PATCHES[name]
        except KeyError:
            raise SystemExit('realworld: unknown site patch %r in projects.json '
                             '(known: %s)' % (name, ', '.join(sorted(SITE_PATCHES))))
        module = 'realworld_site_' + name.replace('-', '_')
        with open(os.path.join(site_dir, module + '.py'), 'w') as f:
            f.write(source)
        with open(os.path.join(site_dir, module + '.pth'), 'w') as f:
            f.write('import %s\n' % module)


PATCHES = {
    '2to3': patch_2to3,
    'collections-abc': patch_collections_abc,
    'nose-skiptest': patch_nose_skiptest,
    'nose-methods': patch_nose_methods,
    'assign': patch_assign,
    'replace': patch_replace,
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
