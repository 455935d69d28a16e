"""tests/realworld/run.py's verdict: which lost tests fail the run, and how
listed entries that passed this time are reported."""
import os

import pytest

from tests.conftest import load_script


@pytest.fixture(scope='module')
def run_module():
    return load_script(os.path.join('tests', 'realworld', 'run.py'), 'realworld_run')


PROJECT = {'name': 'demo', 'version': '1.0'}
KNOWN = {'demo': {
    't::flaky_timing': {'class': 'flaky under PyMongo 2.8.1 too (timing)', 'reason': 'r1'},
    't::fixed_long_ago': {'class': 'json_util difference', 'reason': 'r2'},
    't::still_lost': {'class': 'json_util difference', 'reason': 'r3'},
}}


def test_unlisted_loss_is_a_regression_and_listed_ones_are_not(run_module, capsys):
    oracle = {'t::a': 'passed', 't::b': 'passed', 't::still_lost': 'passed',
              't::flaky_timing': 'passed', 't::fixed_long_ago': 'passed'}
    shim = {'t::a': 'passed', 't::b': 'failed', 't::still_lost': 'failed',
            't::flaky_timing': 'passed', 't::fixed_long_ago': 'passed'}
    both, explained, unexplained = run_module.compare(PROJECT, oracle, shim, KNOWN)
    assert unexplained == ['t::b']
    assert explained == 1
    assert both == 3
    out = capsys.readouterr().out
    assert 'REGRESSION (failed under the shim): t::b' in out


def test_flaky_entry_that_passed_is_not_called_stale(run_module, capsys):
    everything_passes = {t: 'passed' for t in KNOWN['demo']}
    run_module.compare(PROJECT, everything_passes, everything_passes, KNOWN)
    out = capsys.readouterr().out
    assert 'stale known difference (remove it): t::fixed_long_ago' in out
    assert 'stale known difference (remove it): t::flaky_timing' not in out
    assert 'flaky known difference, passed under both this run: t::flaky_timing' in out
