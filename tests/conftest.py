"""Shared test settings: make the package importable and matplotlib headless; hypothesis profiles;
how `make test` shares the work between two processes (pytest-xdist, `-n 2 --dist loadfile`):
every test runs in the same process as the others of its file (a notebook's cells share one
kernel); the browser fixtures are per process, so at most two JupyterLabs start.

Property tests (tests/test_properties.py) run under one of two hypothesis profiles:
    quick      the default: 40 examples per property, derandomized, so CI is deterministic
    thorough   `pytest --thorough`: 1,000 examples per property (1,000 random networks
               cross-checked), fresh random examples each run; it also runs the tests
               marked `thorough` (every notebook run twice, not only the lecture notebooks)
"""
import matplotlib
import pytest
from hypothesis import HealthCheck, Phase, settings

matplotlib.use("Agg")

pytest_plugins = ["tests.suites"]     # marks the slow suites: browser, hub, site, nbgrader, notebooks

QUICK_EXAMPLES, THOROUGH_EXAMPLES = 40, 1_000
_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
# quick: no shrinking, so a failure is reported in seconds, not minutes (thorough shrinks it)
settings.register_profile("quick", max_examples=QUICK_EXAMPLES, deadline=None, derandomize=True,
                          suppress_health_check=_RELAXED, print_blob=True, report_multiple_bugs=False,
                          phases=[Phase.explicit, Phase.reuse, Phase.generate])
settings.register_profile("thorough", max_examples=THOROUGH_EXAMPLES, deadline=None, derandomize=False,
                          database=None, suppress_health_check=_RELAXED, print_blob=True)


def pytest_addoption(parser):
    parser.addoption("--thorough", action="store_true", default=False,
                     help="run the property tests on 1,000 examples each, and the tests marked thorough")


def pytest_configure(config):
    if config.getoption("hypothesis_profile", None) is None:   # an explicit --hypothesis-profile wins
        settings.load_profile("thorough" if config.getoption("--thorough") else "quick")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--thorough"):
        return
    skip = pytest.mark.skip(reason="thorough only: run with --thorough")
    for item in items:
        if "thorough" in item.keywords:
            item.add_marker(skip)
