"""What the course hub (jupyterhub_config.py, run as root) checks and prepares on the server.

* ``user_names`` -- a comma-separated list of user names from the environment, trimmed and
  checked once, with a one-line error that names the variable;
* ``private_dir`` -- a folder only root can enter (the hub's cookie secret and database);
* ``private_home`` -- a user's home folder closed to everyone else (0700) before their server starts;
* ``prepare_exchange`` -- nbgrader's exchange laid out as nbgrader documents for one shared server,
  made stricter: the root ``1777`` (anyone may create, only the owner may rename or delete), the
  course folder and ``outbound`` owned by the instructor and read-only for the students,
  ``inbound`` writable but not listable and sticky (``3733``: nobody finds, renames or replaces
  another's hand-in), ``feedback`` not listable (``0711``).
"""

from __future__ import annotations

import os
import pwd
import re
from pathlib import Path

# A portable Unix login name (useradd's default rule): what PAM and LocalProcessSpawner accept.
USER_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}")
EXCHANGE_MODES = {"": 0o1777, "COURSE": 0o755, "COURSE/outbound": 0o755,
                  "COURSE/inbound": 0o3733, "COURSE/feedback": 0o711}


class CourseConfigError(SystemExit):
    """A course setting the hub cannot start with; the message is one line naming the setting."""


def user_names(variable: str, environ=os.environ) -> list[str]:
    """The user names in *variable* (comma-separated; spaces around names ignored), checked."""
    names = [name.strip() for name in environ.get(variable, "").split(",") if name.strip()]
    for name in names:
        if not USER_NAME.fullmatch(name):
            raise CourseConfigError(
                f"{variable}: {name!r} is not a user name (lower-case letters, digits, '_' and "
                "'-', starting with a letter or '_', at most 32 characters)")
    if len(set(names)) != len(names):
        raise CourseConfigError(f"{variable}: a name is listed twice: {','.join(names)}")
    return names


def private_dir(path: str | Path) -> Path:
    """*path* created if missing and closed to everyone but its owner (0700)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def private_home(user_name: str) -> Path | None:
    """Close *user_name*'s home folder to other users (0700), if it is theirs; its path, or None
    when there is no such Unix account or home (a container spawner, the tests' temp homes)."""
    try:
        account = pwd.getpwnam(user_name)
    except KeyError:
        return None
    home = Path(account.pw_dir)
    if not home.is_dir() or home.stat().st_uid != account.pw_uid:
        return None
    home.chmod(0o700)
    return home


def prepare_exchange(root: str | Path, course_id: str, instructor: str) -> dict[str, int]:
    """Create or correct the exchange for *course_id*, owned by *instructor*; the modes set.

    Run by the hub (root) before an instructor's server starts, so that no student can create the
    course folder first and plant releases in it. nbgrader creates these folders itself only
    when they are missing, and then without the sticky bits, so they are made here.
    """
    account = pwd.getpwnam(instructor)
    root = Path(root)
    modes = {}
    for key, mode in EXCHANGE_MODES.items():
        path = root / key.replace("COURSE", course_id) if key else root
        path.mkdir(exist_ok=True)
        if key:
            os.chown(path, account.pw_uid, account.pw_gid)
        else:
            os.chown(path, 0, 0)
        path.chmod(mode)
        modes[str(path)] = mode
    return modes
