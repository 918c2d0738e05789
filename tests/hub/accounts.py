"""Unix accounts for the course hub's users, made for one test run and removed after it.

The hub runs each server as the account of its user, as deployed; nbgrader's exchange tells
students apart by these accounts. Needs root (useradd). Accounts carry the comment
``COMMENT`` and only such accounts are changed or removed; an existing account without it
stops the run. A lock file keeps two runs on one machine from sharing the accounts.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import subprocess
from pathlib import Path

COMMENT = "backprop-lessons hub test"
LOCK = Path("/tmp/backprop-lessons-hub-accounts.lock")


def _ours(name: str) -> bool | None:
    """True: an account of ours; False: someone else's; None: no such account."""
    try:
        return pwd.getpwnam(name).pw_gecos == COMMENT
    except KeyError:
        return None


def _remove(name: str) -> None:
    """Delete our account *name* (and its group), never anyone else's."""
    if _ours(name):
        subprocess.run(["userdel", name], check=True, capture_output=True)


@contextlib.contextmanager
def course_accounts(names: list[str], homes: Path):
    """Accounts *names* with homes ``homes/NAME`` (world-readable, as `useradd -m` may leave
    them: the hub must close them); removed on exit."""
    with open(LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            for name in names:
                if _ours(name) is False:
                    raise RuntimeError(f"a Unix account {name!r} exists and is not a test account")
                _remove(name)   # left over from a run that was killed
                home = homes / name
                subprocess.run(["useradd", "-M", "-U", "-d", str(home), "-s", "/bin/sh",
                                "-c", COMMENT, name], check=True, capture_output=True)
                home.mkdir(parents=True)
                account = pwd.getpwnam(name)
                os.chown(home, account.pw_uid, account.pw_gid)
                home.chmod(0o755)
            yield {name: pwd.getpwnam(name) for name in names}
        finally:
            for name in names:
                _remove(name)


def run_as(name: str, args: list[str], env: dict[str, str], cwd: Path, timeout: float = 120):
    """Run *args* as the Unix account *name* (a student at a terminal); the finished process."""
    account = pwd.getpwnam(name)
    return subprocess.run(args, user=account.pw_uid, group=account.pw_gid, extra_groups=[],
                          env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
