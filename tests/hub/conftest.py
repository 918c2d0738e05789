"""Fixture for the hub tests: the course hub (deploy/jupyterhub/) running on 127.0.0.1.

``course_hub`` makes a Unix account for the instructor and each student (tests/hub/accounts.py;
root only), then starts JupyterHub with the deployment's config plus the test overrides of
scripts/local_hub.py (DummyAuthenticator, free ports, an admin API token) in a temporary
directory, with the nbgrader exchange in that directory too. It is
stopped in the finaliser by its own pid (then any server or proxy left, by theirs).
configurable-http-proxy comes from build/node (scripts/ensure-hub.sh, run by `make test`);
without it the tests skip, or fail when CI=true. Hub and server log:
build/hub-tests/jupyterhub.log.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from ..scripts import load_script
from .accounts import course_accounts, shared_environment
from .answers import STUDENTS

local_hub = load_script("local_hub")
LOG = local_hub.ROOT / "build" / "hub-tests" / "jupyterhub.log"
COURSE_ID = "backprop101"
INSTRUCTOR = "instructor"


def _unavailable(reason: str):
    """Skip locally, fail in CI: a CI run must not pass with the hub tests skipped."""
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason} (CI=true: the hub tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def course_hub():
    """A started LocalHub; every user of the course has a Unix account (``.accounts``) and the
    deployment's spawner runs each server as it; ``.exchange`` is the nbgrader exchange root."""
    if not os.access(local_hub.PROXY, os.X_OK):
        _unavailable(f"{local_hub.PROXY} is missing: run `bash scripts/ensure-hub.sh`")
    if os.geteuid() != 0:
        _unavailable("the course hub runs each server as its user's Unix account: needs root")
    # Not under pytest's temp folder (0700 for root): the users' homes must be reachable.
    base = Path(tempfile.mkdtemp(prefix="backprop-course-hub-"))
    base.chmod(0o755)
    exchange = base / "exchange"
    try:
        course_env, server_env = shared_environment()
    except RuntimeError as error:
        _unavailable(str(error))
    names = [INSTRUCTOR, *(s.name for s in STUDENTS)]
    hub = local_hub.LocalHub(base, LOG, {
        "COURSE_ID": COURSE_ID, "COURSE_INSTRUCTORS": INSTRUCTOR,
        "COURSE_STUDENTS": " , ".join(names[1:]),   # spaces around names are trimmed
        "NBGRADER_EXCHANGE": str(exchange), "COURSE_MEM_LIMIT": "1G",
        "COURSE_ENV": str(course_env)}, accounts=True, server_env=server_env)
    hub.exchange, hub.homes, hub.course_env = exchange, base / "homes", course_env
    try:
        with course_accounts(names, hub.homes) as hub.accounts:
            try:
                hub.start()
                yield hub
            finally:
                hub.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)
