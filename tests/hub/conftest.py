"""Fixture for the hub tests: the course hub (deploy/jupyterhub/) running on 127.0.0.1.

``course_hub`` starts JupyterHub with the deployment's config plus the test overrides of
scripts/local_hub.py (DummyAuthenticator, SimpleLocalProcessSpawner, free ports, an admin API
token) in a temporary directory, with the nbgrader exchange in that directory too. It is
stopped in the finaliser by its own pid (then any server or proxy left, by theirs).
configurable-http-proxy comes from build/node (scripts/ensure-hub.sh, run by `make test`);
without it the tests skip, or fail when CI=true. Hub and server log:
build/hub-tests/jupyterhub.log.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..scripts import load_script

local_hub = load_script("local_hub")
LOG = local_hub.ROOT / "build" / "hub-tests" / "jupyterhub.log"
COURSE_ID = "backprop101"


def _unavailable(reason: str):
    """Skip locally, fail in CI: a CI run must not pass with the hub tests skipped."""
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason} (CI=true: the hub tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def course_hub(tmp_path_factory):
    """A started LocalHub with no users yet; ``.exchange`` is the nbgrader exchange root."""
    if not os.access(local_hub.PROXY, os.X_OK):
        _unavailable(f"{local_hub.PROXY} is missing: run `bash scripts/ensure-hub.sh`")
    base: Path = tmp_path_factory.mktemp("course-hub")
    exchange = base / "exchange"
    exchange.mkdir()
    hub = local_hub.LocalHub(base, LOG, {"COURSE_ID": COURSE_ID, "COURSE_INSTRUCTORS": "",
                                         "NBGRADER_EXCHANGE": str(exchange),
                                         "COURSE_MEM_LIMIT": "1G"})
    hub.exchange = exchange
    try:
        hub.start()
        yield hub
    finally:
        hub.stop()
