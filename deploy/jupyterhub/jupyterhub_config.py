"""JupyterHub for one course on one server: backprop-lessons with an nbgrader course.

What it sets up (every value can be changed with the environment variable in brackets):

* who may log in: the instructors [COURSE_INSTRUCTORS] and the students [COURSE_STUDENTS],
  comma-separated user names; instructors are also put in the hub group ``instructors``;
* the course environment for every user: each single-user server runs from the Python
  environment that has backprop-lessons, JupyterLab and nbgrader installed [COURSE_ENV,
  default: the environment this hub runs in], so every kernel can ``import backprop_lessons``;
* the nbgrader course [COURSE_ID] and its exchange directory [NBGRADER_EXCHANGE]:
  ``user-config/nbgrader_config.py`` (beside this file) is put on every server's Jupyter config
  path; instructors get a course directory ``~/COURSE_ID``, students hand in as their hub name;
* idle culling: jupyterhub-idle-culler runs as a hub-managed service and stops servers idle
  for COURSE_CULL_TIMEOUT seconds (default 3600);
* a memory limit per user [COURSE_MEM_LIMIT, default 1G]. ``Spawner.mem_limit`` is enforced by
  SystemdSpawner (jupyterhub-systemdspawner, a systemd unit per user), DockerSpawner and
  KubeSpawner; the default LocalProcessSpawner only passes it on as ``MEM_LIMIT`` (JupyterLab's
  resource display shows it) and enforces nothing. Choose the spawner with COURSE_SPAWNER,
  e.g. ``systemdspawner.SystemdSpawner`` once ``pip install jupyterhub-systemdspawner`` is done.

Login uses the server's Unix accounts (PAMAuthenticator, JupyterHub's default): create one per
user (``useradd``), or set ``c.LocalAuthenticator.create_system_users = True``. Run the hub as
root behind HTTPS (see deploy/README.md); configurable-http-proxy comes from npm.
Run: ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py``.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)

HERE = Path(__file__).resolve().parent
COURSE_ID = os.environ.get("COURSE_ID", "backprop101")
EXCHANGE = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
COURSE_ENV = Path(os.environ.get("COURSE_ENV", sys.prefix))
INSTRUCTORS = [n for n in os.environ.get("COURSE_INSTRUCTORS", "instructor").split(",") if n]
STUDENTS = [n for n in os.environ.get("COURSE_STUDENTS", "").split(",") if n]
INSTRUCTOR_GROUP = "instructors"

# --- the hub and its proxy ---------------------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("HUB_BIND_URL", "http://127.0.0.1:8000")  # TLS in front
c.JupyterHub.spawner_class = os.environ.get("COURSE_SPAWNER", "localprocess")

# --- who is in the course -----------------------------------------------------------------
c.Authenticator.allowed_users = set(INSTRUCTORS + STUDENTS)
c.Authenticator.admin_users = set(INSTRUCTORS)  # instructors can start/stop students' servers
c.JupyterHub.load_groups = {INSTRUCTOR_GROUP: {"users": INSTRUCTORS}}

# --- the course environment for every user ---------------------------------------------
c.Spawner.cmd = [str(COURSE_ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    # nbgrader runs `alembic` from the environment's bin/ when it creates a gradebook.
    "PATH": f"{COURSE_ENV / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
    "JUPYTER_CONFIG_PATH": str(HERE / "user-config"),
    "NBGRADER_COURSE_ID": COURSE_ID,
    "NBGRADER_EXCHANGE": EXCHANGE,
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120


def course_role(spawner) -> None:
    """Tell nbgrader_config.py whether this server belongs to an instructor or a student."""
    groups = {group.name for group in spawner.user.groups}
    spawner.environment["NBGRADER_COURSE_ROLE"] = (
        "instructor" if INSTRUCTOR_GROUP in groups else "student")


c.Spawner.pre_spawn_hook = course_role

# --- memory per user (enforced only by spawners that implement it: see the docstring) ---
c.Spawner.mem_limit = os.environ.get("COURSE_MEM_LIMIT", "1G")

# --- idle culling: a hub-managed service with just the permissions it needs ------------
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={os.environ.get('COURSE_CULL_TIMEOUT', '3600')}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
