"""Every scenario must behave under legacy-mongo exactly as under PyMongo 2.8.1.

See tests/conformance/harness.py for what is compared and how it is normalised.
"""
import os

import pytest

from tests.conformance import harness


def _scenario_id(path):
    return os.path.splitext(os.path.basename(path))[0]


@pytest.fixture(scope='module', autouse=True)
def oracle_built():
    if not os.path.exists(harness.ORACLE_PYTHON):
        pytest.skip('PyMongo 2.8.1 oracle not built (%s missing): run `make oracle`'
                    % harness.ORACLE_PYTHON)


@pytest.mark.parametrize('scenario', harness.scenarios(), ids=_scenario_id)
def test_scenario_matches_oracle(scenario, request):
    deviation = harness.known_deviation(scenario)
    if deviation:
        request.applymarker(pytest.mark.xfail(reason=deviation, strict=True))
    result = harness.compare(scenario)
    assert result.equal, result.report()
