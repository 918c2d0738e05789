"""The Kubernetes exchange, as closely as this machine allows: ngshare 0.6.0 run by a real
JupyterHub as a hub service (as deploy/zero-to-jupyterhub/ngshare.yaml deploys it), reached
through the hub's proxy with each user's own hub token, as ngshare's nbgrader client does from
a user pod. No shared folder and no Unix account is involved: ngshare asks the hub whose
token calls it.

An instructor (an ngshare admin) makes the course and releases hw1; ada and ben hand in;
ben then tries to list, read and overwrite what is not his, and to release or make a course.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import LOG, _unavailable, local_hub

NGSHARE = local_hub.ROOT / "build" / "ngshare"   # scripts/ensure-hub.sh
COURSE, ASSIGNMENT = "backprop101", "hw1"
SERVICE = '''c.JupyterHub.services.append({{
    "name": "ngshare", "url": "http://127.0.0.1:{port}",
    "command": [{python!r}, "-m", "ngshare", "--admins", "instructor",
                "--database", "sqlite:///{base}/ngshare.db", "--storage", "{base}/ngshare-files/"],
    "environment": {{"PYTHONPATH": {path!r}}}}})
'''


def _files(**contents: str) -> str:
    """ngshare's JSON for files: path and base64 content."""
    return json.dumps([{"path": path, "content": base64.b64encode(text.encode()).decode()}
                       for path, text in contents.items()])


@pytest.fixture(scope="module")
def ngshare_hub():
    """A hub with ngshare as its service; (hub, {user: session with the user's token})."""
    if not os.access(local_hub.PROXY, os.X_OK):
        _unavailable(f"{local_hub.PROXY} is missing: run `bash scripts/ensure-hub.sh`")
    if not (NGSHARE / "ngshare").is_dir():
        _unavailable(f"{NGSHARE} is missing: run `bash scripts/ensure-hub.sh`")
    base = Path(tempfile.mkdtemp(prefix="backprop-ngshare-hub-"))
    # ngshare's own container has SQLAlchemy 1.4 (with 2.x a release is never saved).
    path = os.pathsep.join([str(NGSHARE.with_name("ngshare-server")), str(NGSHARE)])
    service = SERVICE.format(port=local_hub.free_port(), python=sys.executable, base=base, path=path)
    hub = local_hub.LocalHub(base, LOG.with_name("ngshare-hub.log"), {"COURSE_INSTRUCTORS": ""},
                             extra_config=service)
    try:
        hub.start()
        hub.create_users(["instructor", "ada", "ben"])
        sessions = {name: hub.user_server(name).session for name in ("instructor", "ada", "ben")}
        api = f"{hub.url}/services/ngshare/"
        local_hub.wait_for("ngshare", lambda: sessions["ada"].get(api + "courses", timeout=10).ok, 60)
        yield api, sessions
    finally:
        hub.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def round_trip(ngshare_hub):
    """The course made, hw1 released, ada and ben handed in; the API and the sessions."""
    api, users = ngshare_hub
    calls = [("instructor", "post", f"course/{COURSE}", {"instructors": json.dumps(["instructor"])}),
             *[("instructor", "post", f"student/{COURSE}/{name}",
                {"first_name": name, "last_name": "X", "email": f"{name}@example.org"})
               for name in ("ada", "ben")],
             ("instructor", "post", f"assignment/{COURSE}/{ASSIGNMENT}", {"files": _files(**{"hw1.ipynb": "release"})}),
             ("ada", "post", f"submission/{COURSE}/{ASSIGNMENT}", {"files": _files(**{"hw1.ipynb": "ada's work"})}),
             ("ben", "post", f"submission/{COURSE}/{ASSIGNMENT}", {"files": _files(**{"hw1.ipynb": "ben's work"})})]
    for user, method, path, data in calls:
        response = getattr(users[user], method)(api + path, data=data, timeout=60)
        assert response.ok and response.json()["success"], (user, path, response.text[:300])
    return api, users


def test_each_hand_in_is_filed_under_the_token_owner(round_trip) -> None:
    api, users = round_trip
    listed = users["instructor"].get(f"{api}submissions/{COURSE}/{ASSIGNMENT}", timeout=60).json()
    assert sorted(s["student_id"] for s in listed["submissions"]) == ["ada", "ben"]
    for name in ("ada", "ben"):
        got = users["instructor"].get(f"{api}submission/{COURSE}/{ASSIGNMENT}/{name}", timeout=60).json()
        [notebook] = got["files"]
        assert base64.b64decode(notebook["content"]).decode() == f"{name}'s work"


@pytest.mark.parametrize("method, path, data", [
    ("get", f"submissions/{COURSE}/{ASSIGNMENT}", None),                 # list the hand-ins
    ("get", f"submissions/{COURSE}/{ASSIGNMENT}/ada", None),             # list ada's
    ("get", f"submission/{COURSE}/{ASSIGNMENT}/ada", None),              # read ada's
    ("post", f"assignment/{COURSE}/{ASSIGNMENT}", {"files": _files(**{"hw1.ipynb": "planted"})}),
    ("delete", f"assignment/{COURSE}/{ASSIGNMENT}", None),               # remove the release
    ("post", f"feedback/{COURSE}/{ASSIGNMENT}/ada", {"timestamp": "2026-01-01 00:00:00.000000 UTC",
                                                     "files": _files(**{"hw1.html": "x"})}),
    ("post", "course/other", {"instructors": json.dumps(["ben"])}),      # make a course
    ("post", f"student/{COURSE}/eve", {"first_name": "e", "last_name": "e", "email": "e@x"}),
], ids=["list hand-ins", "list ada's", "read ada's", "replace the release", "delete the release",
        "write ada's feedback", "make a course", "enrol someone"])
def test_a_student_cannot_touch_what_is_not_theirs(round_trip, method, path, data) -> None:
    api, users = round_trip
    response = getattr(users["ben"], method)(api + path, data=data, timeout=60)
    assert response.status_code == 403, (path, response.status_code, response.text[:200])


def test_the_release_is_unchanged_after_the_attempts(round_trip) -> None:
    api, users = round_trip
    got = users["ada"].get(f"{api}assignment/{COURSE}/{ASSIGNMENT}", timeout=60).json()
    assert [base64.b64decode(f["content"]).decode() for f in got["files"]] == ["release"]
