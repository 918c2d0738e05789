"""JupyterHub for one course on one server: backprop-lessons with an nbgrader course.

What it sets up (every value can be changed with the environment variable in brackets):

* who may log in: the instructors [COURSE_INSTRUCTORS] and the students [COURSE_STUDENTS],
  comma-separated Unix user names (spaces around them ignored; a name that is not a valid user
  name stops the hub with a one-line error). Nobody is a hub admin. Instructors are in the hub
  group ``instructors`` with the role ``course-instructor``: they may list the students and
  start and stop their servers, not enter them; students are in the group ``students``;
* the hub's secrets in a private folder [COURSE_HUB_STATE, default /srv/jupyterhub, made 0700]:
  the cookie secret, the database, the proxy's pid file -- never the folder the hub starts in;
* the course environment for every user: each single-user server runs from the Python
  environment that has backprop-lessons, JupyterLab and nbgrader installed [COURSE_ENV,
  default: the environment this hub runs in], so every kernel can ``import backprop_lessons``;
  the server ignores configuration in the user's home (``Spawner.disable_user_config``);
* the nbgrader course [COURSE_ID] and its exchange folder [NBGRADER_EXCHANGE]: the hub (root)
  lays it out before the first instructor's server starts (course_setup.prepare_exchange: the
  first name in COURSE_INSTRUCTORS owns the course). ``user-config/`` (beside this file) is on
  every server's config path: the student's nbgrader tools, the hardened submit and collect;
  ``instructor-config/`` comes first for instructors: the formgrader and create-assignment;
* each home folder closed to other users (0700) before its owner's server starts;
* idle culling: jupyterhub-idle-culler runs as a hub-managed service and stops servers idle
  for COURSE_CULL_TIMEOUT seconds (default 3600);
* a memory limit per user [COURSE_MEM_LIMIT, default 1G]. ``Spawner.mem_limit`` is enforced by
  SystemdSpawner (jupyterhub-systemdspawner, a systemd unit per user), DockerSpawner and
  KubeSpawner; the default LocalProcessSpawner only passes it on as ``MEM_LIMIT`` (JupyterLab's
  resource display shows it) and enforces nothing. Choose the spawner with COURSE_SPAWNER,
  e.g. ``systemdspawner.SystemdSpawner`` once ``pip install jupyterhub-systemdspawner`` is done.

Login uses the server's Unix accounts (PAMAuthenticator, JupyterHub's default), and each server
runs as the account of the name the hub authenticated: create one account per user
(``useradd``). Run the hub as root behind HTTPS (see deploy/README.md); configurable-http-proxy
comes from npm. Run: ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py``.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from course_setup import prepare_exchange, private_dir, private_home, user_names  # noqa: E402

COURSE_ID = os.environ.get("COURSE_ID", "backprop101")
EXCHANGE = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
COURSE_ENV = Path(os.environ.get("COURSE_ENV", sys.prefix))
INSTRUCTORS = user_names("COURSE_INSTRUCTORS")
STUDENTS = user_names("COURSE_STUDENTS")
STATE = private_dir(os.environ.get("COURSE_HUB_STATE", "/srv/jupyterhub"))
INSTRUCTOR_GROUP, STUDENT_GROUP = "instructors", "students"

# --- the hub, its proxy and its secrets ---------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("HUB_BIND_URL", "http://127.0.0.1:8000")  # TLS in front
c.JupyterHub.spawner_class = os.environ.get("COURSE_SPAWNER", "localprocess")
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# --- who is in the course, and what instructors may do on the hub --------------------------
c.Authenticator.allowed_users = set(INSTRUCTORS + STUDENTS)
c.Authenticator.admin_users = set()   # nobody may enter another user's server
c.JupyterHub.load_groups = {INSTRUCTOR_GROUP: {"users": INSTRUCTORS},
                            STUDENT_GROUP: {"users": STUDENTS}}
c.JupyterHub.load_roles = [{
    "name": "course-instructor",
    "description": "list the students, start and stop their servers; not enter them",
    "scopes": ["admin-ui", f"list:users!group={STUDENT_GROUP}",
               f"read:users!group={STUDENT_GROUP}", f"servers!group={STUDENT_GROUP}"],
    "groups": [INSTRUCTOR_GROUP],
}]

# --- the course environment for every user ---------------------------------------------
c.Spawner.cmd = [str(COURSE_ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.disable_user_config = True   # ~/.jupyter cannot switch the formgrader back on
c.Spawner.environment = {
    # nbgrader runs `alembic` from the environment's bin/ when it creates a gradebook.
    "PATH": f"{COURSE_ENV / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
    "NBGRADER_COURSE_ID": COURSE_ID,
    "COURSE_EXCHANGE": "filesystem",
    "NBGRADER_EXCHANGE": EXCHANGE,
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120


def course_spawn(spawner) -> None:
    """Before a server starts: its course role and config path, a closed home, the exchange."""
    groups = {group.name for group in spawner.user.groups}
    instructor = INSTRUCTOR_GROUP in groups
    folders = ([HERE / "instructor-config"] if instructor else []) + [HERE / "user-config"]
    spawner.environment["NBGRADER_COURSE_ROLE"] = "instructor" if instructor else "student"
    spawner.environment["JUPYTER_CONFIG_PATH"] = os.pathsep.join(map(str, folders))
    if os.geteuid() == 0:   # the hub as root: each server runs as its user's Unix account
        private_home(spawner.user.name)
        if instructor and INSTRUCTORS:
            prepare_exchange(EXCHANGE, COURSE_ID, INSTRUCTORS[0])


c.Spawner.pre_spawn_hook = course_spawn

# --- memory per user (enforced only by spawners that implement it: see the docstring) ---
c.Spawner.mem_limit = os.environ.get("COURSE_MEM_LIMIT", "1G")

# --- idle culling: a hub-managed service with just the permissions it needs ------------
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={os.environ.get('COURSE_CULL_TIMEOUT', '3600')}"],
}]
c.JupyterHub.load_roles.append({
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
})
