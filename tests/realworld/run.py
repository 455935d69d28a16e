"""Real suites as a differential: a project's own tests under PyMongo 2.8.1
and under legacy-mongo, against the same kind of test server.

    .venv/bin/python tests/realworld/run.py            # the CI projects
    .venv/bin/python tests/realworld/run.py --project mongoengine \\
        --source mongoengine=/path/to/mongoengine/.git  # a by-hand project

For each project (tests/realworld/projects.json):

1. its pinned source: an sdist downloaded and sha256-checked by
   benchmarks/lint_eval/fetch.py, or a pinned commit of a git directory given
   with --source;
2. two virtualenvs under tests/realworld/.cache/venvs: "oracle" (copies of
   the .oracle-venv's pure-Python PyMongo 2.8.1) and "shim" (this checkout's
   legacy_mongo with the PyMongo 4 of the interpreter running this script),
   both with the same pytest and the project's pinned requirements;
3. per run, a fresh copy of the tree with the same patches.py patches;
4. a TestServer on 127.0.0.1:PORT (the suites hard-code 27017) speaking
   wire version 3 to 2.8.1 and 21 to PyMongo 4, a fresh database each run;
5. ``python -m pytest`` (oracle) and ``python -m legacy_mongo run -m pytest``
   (shim), outcomes read from JUnit XML.

Exit status 1 when a test that passes under 2.8.1 does not pass under the
shim and tests/realworld/known_differences.json does not list it; the
listed ones are printed with their reason, and listed ones that now pass
are printed as stale.  2 for a set-up failure.
"""
import argparse
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CACHE = os.path.join(HERE, '.cache')
ORACLE_VENV = os.path.join(REPO, '.oracle-venv')
# written into the oracle's site-packages by tests/oracle/build_oracle.sh
PY39_COMPAT = 'oracle_py39_compat.pth'
PROJECTS = os.path.join(HERE, 'projects.json')
KNOWN = os.path.join(HERE, 'known_differences.json')
ORACLE_WIRE, SHIM_WIRE = 3, 21
RUN_TIMEOUT = 1200

sys.path.insert(0, REPO)
sys.path.insert(0, HERE)
import patches  # noqa: E402


def _load_fetch():
    spec = importlib.util.spec_from_file_location(
        'lint_eval_fetch', os.path.join(REPO, 'benchmarks', 'lint_eval', 'fetch.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def log(*args):
    print('realworld:', *args, file=sys.stderr, flush=True)


def die(message):
    print('realworld: ' + message, file=sys.stderr)
    sys.exit(2)


# -- sources ---------------------------------------------------------------

def pinned_sdist(project):
    with open(os.path.join(REPO, project['sdist_from'])) as f:
        for entry in json.load(f)['projects']:
            if (entry['name'], entry['version']) == (project['name'], project['version']):
                return entry
    die('%s %s is not pinned in %s' % (project['name'], project['version'],
                                       project['sdist_from']))


def pristine_tree(project, sources):
    """A directory holding the project's unmodified pinned source."""
    if 'sdist_from' in project:
        fetch = _load_fetch()
        entry = pinned_sdist(project)
        return fetch.unpack(entry, fetch.download(entry, quiet=True), quiet=True)
    git = project['git']
    git_dir = sources.get(project['name'])
    if not git_dir:
        die('%s is not on PyPI with its tests: pass --source %s=GIT_DIR, a clone '
            'of %s holding commit %s (tag %s)' % (project['name'], project['name'],
                                                 git['repo'], git['commit'], git['tag']))
    dest = os.path.join(CACHE, 'src', '%s-%s' % (project['name'], git['commit'][:12]))
    if not os.path.isdir(dest):
        tmp = dest + '.tmp'
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        archive = subprocess.run(['git', '--git-dir', git_dir, 'archive', git['commit']],
                                 capture_output=True, check=False)
        if archive.returncode:
            die('git archive %s in %s failed: %s' % (git['commit'], git_dir,
                                                     archive.stderr.decode().strip()))
        subprocess.run(['tar', 'x', '-C', tmp], input=archive.stdout, check=True)
        os.rename(tmp, dest)
    return dest


# -- virtualenvs -----------------------------------------------------------

def _version(dist):
    return importlib.metadata.version(dist)


def _site_packages(venv):
    out = subprocess.run([os.path.join(venv, 'bin', 'python'), '-c',
                          'import sysconfig; print(sysconfig.get_paths()["purelib"])'],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _pip(venv, *args):
    subprocess.run([os.path.join(venv, 'bin', 'python'), '-m', 'pip', 'install', '-q',
                    '--disable-pip-version-check'] + list(args), check=True)


def venv_for(project, driver):
    """The project's venv for 'oracle' or 'shim', rebuilt when its recipe changes."""
    pytest_req = 'pytest==%s' % _version('pytest')
    if driver == 'oracle':
        recipe = [pytest_req, 'pymongo 2.8.1 copied from %s' % ORACLE_VENV]
    else:
        recipe = [pytest_req] + ['%s==%s' % (d, _version(d))
                                 for d in ('pymongo', 'dnspython', 'wrapt')]
    recipe += ['--no-deps'] + project['requirements']
    if project.get('site_patches'):
        recipe += ['site patches'] + project['site_patches']
    venv = os.path.join(CACHE, 'venvs', '%s-%s-%s' % (project['name'], project['version'],
                                                     driver))
    marker = os.path.join(venv, '.realworld-recipe')
    if os.path.exists(marker):
        with open(marker) as f:
            if json.load(f) == recipe:
                # rewritten every run: the recipe names a site patch, not
                # its text, and an edit to the text must reach a cached venv
                patches.install_site_patches(_site_packages(venv),
                                             project.get('site_patches', []))
                _same_python_compat(venv)
                return venv
    log('building %s' % venv)
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, '-m', 'venv', venv], check=True)
    if driver == 'oracle':
        _pip(venv, pytest_req)
        oracle_site = _site_packages(ORACLE_VENV)
        site = _site_packages(venv)
        for name in os.listdir(oracle_site):
            if name in ('pymongo', 'bson', 'gridfs') or (
                    name.startswith('pymongo-') and name.endswith('.dist-info')):
                src, dst = os.path.join(oracle_site, name), os.path.join(site, name)
                if os.path.isdir(src):
                    shutil.copytree(src, dst)
                else:
                    shutil.copy(src, dst)
        check = 'import pymongo, bson; assert pymongo.version == "2.8.1" and not pymongo.has_c()'
    else:
        _pip(venv, *recipe[:4])  # pytest, pymongo, dnspython, wrapt
        with open(os.path.join(_site_packages(venv), 'legacy_mongo_checkout.pth'), 'w') as f:
            f.write(REPO + '\n')
        check = 'import legacy_mongo, pymongo; assert pymongo.version_tuple[0] == 4'
    patches.install_site_patches(_site_packages(venv), project.get('site_patches', []))
    _same_python_compat(venv)
    if project['requirements']:
        _pip(venv, '--no-deps', *project['requirements'])
    subprocess.run([os.path.join(venv, 'bin', 'python'), '-c', check], check=True)
    with open(marker, 'w') as f:
        json.dump(recipe, f)
    return venv


def _same_python_compat(venv):
    """The oracle's Python-3.9 compat line (threading.Thread.isAlive, which
    2.8.1's replica-set monitor calls) in this venv, whichever driver it holds.
    It is a Python patch, not a PyMongo one, and a project calling
    Thread.isAlive itself (APScheduler 2.x) would otherwise pass under the
    oracle only: a difference of the venvs, not of the drivers."""
    shutil.copy(os.path.join(_site_packages(ORACLE_VENV), PY39_COMPAT),
                os.path.join(_site_packages(venv), PY39_COMPAT))


# -- one run ---------------------------------------------------------------

def outcomes(junit_path):
    """{test id: 'passed' | 'failed' | 'error' | 'skipped'} from JUnit XML,
    and {test id: the first line of its failure message}."""
    result, messages = {}, {}
    for case in ET.parse(junit_path).getroot().iter('testcase'):
        test_id = '%s::%s' % (case.get('classname'), case.get('name'))
        outcome = 'passed'
        for child in case:
            if child.tag in ('failure', 'error', 'skipped'):
                outcome = {'failure': 'failed'}.get(child.tag, child.tag)
                message = (child.get('message') or child.text or '').strip()
                messages.setdefault(test_id, message.split('\n')[0][:300])
                break
        if result.get(test_id, 'passed') == 'passed':
            result[test_id] = outcome
    return result, messages


def run_suite(project, driver, tree, port, shim_path=None):
    from tests.server import TestServer

    venv = venv_for(project, driver)
    work = os.path.join(CACHE, 'runs', project['name'], driver)
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(tree, work)
    patches.apply(work, project['patches'])
    junit = os.path.join(CACHE, 'runs', project['name'], driver + '.xml')
    output = os.path.join(CACHE, 'runs', project['name'], driver + '.log')
    python = os.path.join(venv, 'bin', 'python')
    # The run directory lies inside this repository: an ini file of its own
    # keeps this repository's pytest configuration and conftest.py out.
    ini = os.path.join(work, '.realworld-pytest.ini')
    with open(ini, 'w') as f:
        f.write('[pytest]\n')
    pytest = ['-m', 'pytest', '-c', ini, '--confcutdir', work, '-p', 'no:cacheprovider',
              '-q', '-rN', '--junitxml', junit] + project['pytest_args']
    command = [python] + pytest if driver == 'oracle' else (
        [python, '-m', 'legacy_mongo', 'run'] + pytest)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith('LEGACY_MONGO_') and k not in ('PYTHONPATH', 'VIRTUAL_ENV')}
    # Suites leave temporary files behind (APScheduler's shelve job stores);
    # a temporary directory inside the run directory goes with the next run.
    tmp = os.path.join(work, '.realworld-tmp')
    os.makedirs(tmp)
    env.update(PYTHONPATH=work, PYTHONDONTWRITEBYTECODE='1', PYTHONHASHSEED='0',
               LEGACY_MONGO_WARNINGS='ignore', TMPDIR=tmp)
    if shim_path and driver == 'shim':
        env['PYTHONPATH'] = os.pathsep.join([shim_path, work])
    wire = ORACLE_WIRE if driver == 'oracle' else SHIM_WIRE
    started = time.time()
    try:
        server = TestServer(max_wire_version=wire, port=port).start()
    except OSError as exc:
        die('cannot listen on 127.0.0.1:%d (%s); the suites hard-code 27017: free it '
            'or give --port N' % (port, exc))
    try:
        with open(output, 'w') as out:
            proc = subprocess.run(command, cwd=work, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        die('%s under %s ran longer than %ds (see %s)' % (project['name'], driver,
                                                          RUN_TIMEOUT, output))
    finally:
        server.stop()
    if not os.path.exists(junit):
        die('%s under %s wrote no results (exit %d); see %s' % (
            project['name'], driver, proc.returncode, output))
    log('%s under %s: %.0fs, exit %d, log %s' % (project['name'], driver,
                                                 time.time() - started, proc.returncode,
                                                 os.path.relpath(output, REPO)))
    return outcomes(junit)


# -- the differential ------------------------------------------------------

def load_known():
    with open(KNOWN) as f:
        return json.load(f)['projects']


def compare(project, oracle, shim, known, messages=None):
    """Print the project's figures; return the unexplained regressions."""
    listed = known.get(project['name'], {})
    passed_oracle = {t for t, o in oracle.items() if o == 'passed'}
    passed_shim = {t for t, o in shim.items() if o == 'passed'}
    lost = sorted(passed_oracle - passed_shim)
    gained = sorted(passed_shim - passed_oracle)
    explained = [t for t in lost if t in listed]
    unexplained = [t for t in lost if t not in listed]
    stale = sorted(t for t in listed if t not in lost)
    print('%s %s: %d tests; passed under PyMongo 2.8.1: %d; under legacy-mongo: %d; '
          'lost: %d (%d known, %d NOT known); passing only under the shim: %d'
          % (project['name'], project['version'], len(oracle), len(passed_oracle),
             len(passed_shim), len(lost), len(explained), len(unexplained), len(gained)))
    by_class = {}
    for t in explained:
        by_class.setdefault(listed[t]['class'], []).append(t)
    for cls, tests in sorted(by_class.items()):
        print('  known difference %r (%d): %s' % (cls, len(tests),
                                                   listed[tests[0]]['reason']))
    for t in unexplained:
        print('  REGRESSION (%s under the shim): %s' % (shim.get(t, 'not run'), t))
        if messages and messages.get(t):
            print('      ' + messages[t])
    for t in stale:
        # a flaky entry passing under both this time is not stale: it can fail next run
        if listed[t]['class'].startswith('flaky'):
            print('  flaky known difference, passed under both this run: %s' % t)
        else:
            print('  stale known difference (remove it): %s' % t)
    for t in gained:
        print('  passes only under the shim (%s under 2.8.1): %s' % (oracle.get(t, 'not run'), t))
    return len(passed_oracle & passed_shim), len(explained), unexplained


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--project', action='append',
                        help='run this project (default: every "ci" project)')
    parser.add_argument('--source', action='append', default=[],
                        metavar='NAME=GIT_DIR', help='git directory of a by-hand project')
    parser.add_argument('--port', type=int, default=27017)
    parser.add_argument('--shim-path', metavar='DIR',
                        help='triage only: put DIR first on the shim run\'s PYTHONPATH '
                             '(e.g. a sitecustomize.py trying a fix before it is made)')
    parser.add_argument('--only', choices=('oracle', 'shim'),
                        help='run one side and print its outcomes (for triage)')
    args = parser.parse_args(argv)
    with open(PROJECTS) as f:
        projects = json.load(f)['projects']
    by_name = {p['name']: p for p in projects}
    if args.project:
        unknown = [n for n in args.project if n not in by_name]
        if unknown:
            die('unknown project %s (known: %s)' % (', '.join(unknown), ', '.join(by_name)))
        selected = [by_name[n] for n in args.project]
    else:
        selected = [p for p in projects if p['ci']]
    sources = dict(s.split('=', 1) for s in args.source)
    if not os.path.exists(os.path.join(ORACLE_VENV, 'bin', 'python')):
        die('no %s: run `make oracle` first' % ORACLE_VENV)
    known = load_known()
    failures = kept = excused = 0
    for project in selected:
        tree = pristine_tree(project, sources)
        if args.only:
            result, messages = run_suite(project, args.only, tree, args.port,
                                         args.shim_path)
            for t, o in sorted(result.items()):
                print('%s\t%s\t%s' % (o, t, messages.get(t, '')))
            continue
        oracle, _ = run_suite(project, 'oracle', tree, args.port)
        shim, messages = run_suite(project, 'shim', tree, args.port, args.shim_path)
        both, listed, lost = compare(project, oracle, shim, known, messages)
        kept += both
        excused += listed
        failures += len(lost)
    if not args.only:
        # One line in the form CI reads.  Of the tests passing under 2.8.1:
        # passed = pass under the shim too, failed = unlisted regressions,
        # skipped = listed in known_differences.json.
        print('realworld: %d passed, %d failed, %d skipped' % (kept, failures, excused))
    if failures:
        print('realworld: %d test(s) pass under PyMongo 2.8.1 but not under legacy-mongo '
              'and are not in tests/realworld/known_differences.json' % failures)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
