"""What a student who wants a classmate's points tries on the course server, as that student.

Each attempt runs with the student's own rights: files they could write themselves, or a
process started as their Unix account (what their terminal or a notebook could run).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .accounts import run_as
from .answers import ASSIGNMENT, NOTEBOOK

FUTURE = "2999-01-01 00:00:00.000000 UTC"   # later than any real hand-in: collect's "latest"

# Run as the student: every attempt on the exchange, each "denied" (PermissionError) or what
# else happened. argv: exchange root, course id, a classmate's hand-in folder, our forgery.
PROBE = r'''
import glob, json, os, shutil, sys
root, course, theirs, forged = sys.argv[1:5]
course_dir = os.path.join(root, course)
inbound, outbound = os.path.join(course_dir, "inbound"), os.path.join(course_dir, "outbound")
release = os.path.join(outbound, "ASSIGNMENT")
notebook = "NOTEBOOK.ipynb"
def write(path, text="planted"):
    with open(path, "w") as handle:
        handle.write(text)
def read(path):
    with open(path) as handle:
        return handle.read()
attempts = {
    "list the hand-ins": lambda: os.listdir(inbound),
    "list the feedback": lambda: os.listdir(os.path.join(course_dir, "feedback")),
    "read a classmate's hand-in": lambda: read(os.path.join(theirs, notebook)),
    "read a classmate's submission secret": lambda: read(os.path.join(theirs, "submission_secret.txt")),
    "rename a classmate's hand-in": lambda: os.rename(theirs, theirs + "-moved"),
    "delete a classmate's notebook": lambda: os.unlink(os.path.join(theirs, notebook)),
    "add a file to a classmate's hand-in": lambda: write(os.path.join(theirs, "planted.txt")),
    "rename the course folder": lambda: os.rename(course_dir, course_dir + "-moved"),
    "replace the course folder": lambda: shutil.rmtree(course_dir),
    "overwrite the released notebook": lambda: write(os.path.join(release, notebook)),
    "delete the released notebook": lambda: os.unlink(os.path.join(release, notebook)),
    "rename the release": lambda: os.rename(release, release + "-moved"),
    "plant a release": lambda: os.mkdir(os.path.join(outbound, "hw9")),
}
results = {}
for name, attempt in attempts.items():
    try:
        attempt()
        results[name] = "allowed"
    except PermissionError:
        results[name] = "denied"
    except OSError as error:
        results[name] = type(error).__name__
os.mkdir(forged)
shutil.copy(os.path.join(os.environ["HOME"], "ASSIGNMENT", notebook), forged)
write(os.path.join(forged, "timestamp.txt"), "FUTURE")
# The secret of the forger's own hand-in (in their nbgrader cache): his feedback finds it.
cache = os.path.join(os.environ["HOME"], ".local", "share", "jupyter", "nbgrader_cache")
[secret] = glob.glob(os.path.join(cache, course, "*", "submission_secret.txt"))
shutil.copy(secret, forged)
results["forged hand-in written"] = "allowed"
print(json.dumps(results))
'''.replace("ASSIGNMENT", ASSIGNMENT).replace("NOTEBOOK", NOTEBOOK).replace("FUTURE", FUTURE)


def server_environment(pid: int) -> dict[str, str]:
    """The environment of the server process *pid* (what its terminals and kernels inherit)."""
    with open(f"/proc/{pid}/environ", "rb") as handle:
        items = handle.read().decode().split("\0")
    return dict(item.split("=", 1) for item in items if "=" in item)


def own_config_claims(home: Path, account, claimed: str) -> list[Path]:
    """The student's own nbgrader configs (~/.jupyter and the folder the server starts in) say
    they are *claimed*; files the student owns, as if they had written them."""
    text = f"c = get_config()\nc.CourseDirectory.student_id = {claimed!r}\n"
    paths = [home / ".jupyter" / "nbgrader_config.py", home / "nbgrader_config.py"]
    for path in paths:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        for owned in (path, path.parent):
            os.chown(owned, account.pw_uid, account.pw_gid)
    return paths


def submit_from_terminal(name: str, home: Path, server_pid: int, claimed: str):
    """`nbgrader submit` run by the student in a terminal with the environment saying *claimed*."""
    env = server_environment(server_pid)
    env.update(JUPYTERHUB_USER=claimed, USER=claimed, LOGNAME=claimed)
    return run_as(name, ["nbgrader", "submit", ASSIGNMENT, "--course", env["NBGRADER_COURSE_ID"]],
                  env, home)


def probe_exchange(name: str, home: Path, exchange: Path, course_id: str, theirs: Path,
                   forged: Path, server_pid: int) -> dict[str, str]:
    """Every attempt of PROBE, as the student *name* in their server's environment (its Python);
    what happened to each."""
    result = run_as(name, ["python", "-c", PROBE, str(exchange), course_id, str(theirs),
                           str(forged)], server_environment(server_pid), home)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def own_server_config_enables_formgrader(home: Path, account) -> Path:
    """The student's own ~/.jupyter/jupyter_server_config.json switches the formgrader on."""
    path = home / ".jupyter" / "jupyter_server_config.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {
        "nbgrader.server_extensions.formgrader": True}}}), encoding="utf-8")
    for owned in (path, path.parent):
        os.chown(owned, account.pw_uid, account.pw_gid)
    return path
