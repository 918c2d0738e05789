"""Unix accounts for the course hub's users, made for one test run and removed after it.

The hub runs each server as the account of its user, as deployed; nbgrader's exchange tells
students apart by these accounts. Needs root (useradd). Accounts carry the comment
``COMMENT`` and only such accounts are changed or removed; an existing account without it
stops the run. A lock file keeps two runs on one machine from sharing the accounts.
``shared_environment`` gives those accounts a Python they can run (this one may live in 0700
/root).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import shutil
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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


def _reachable_by_all(path: Path) -> bool:
    """True if any Unix account may run or read *path* (every folder above it searchable)."""
    folders_ok = all(os.stat(folder).st_mode & stat.S_IXOTH for folder in path.parents)
    return folders_ok and bool(os.stat(path).st_mode & stat.S_IXOTH)


def shared_environment(build: Path = ROOT / "build") -> tuple[Path, dict[str, str]]:
    """This Python environment as every Unix account can run it, and the environment variables
    that takes: sys.prefix when its interpreter is reachable; else (a pyenv Python under /root,
    0700) a copy of the interpreter in build/hub-python and a venv on it in build/hub-course-env
    that loads this environment's packages, data and config."""
    prefix, real = Path(sys.prefix), Path(os.path.realpath(sys.executable))
    if _reachable_by_all(real):
        return prefix, {}
    base, twin = Path(sys.base_prefix), build / "hub-course-env"
    python, version = build / "hub-python", f"python{sys.version_info.major}.{sys.version_info.minor}"
    env = {"LD_LIBRARY_PATH": str(python / "lib")}   # the copy's libpython, not the original's
    if not (python / "bin" / version).exists():
        (python / "bin").mkdir(parents=True, exist_ok=True)
        shutil.copy2(base / "bin" / version, python / "bin" / version)
        (python / "lib").mkdir(exist_ok=True)
        for library in (base / "lib").glob("libpython*.so*"):
            shutil.copy2(library, python / "lib" / library.name)
        shutil.copytree(base / "lib" / version, python / "lib" / version, symlinks=True,
                        ignore=shutil.ignore_patterns("site-packages", "test", "__pycache__"))
    if not (twin / "bin" / "python").exists():
        subprocess.run([str(python / "bin" / version), "-m", "venv", "--without-pip", str(twin)],
                       check=True, env={**os.environ, **env})
    site = Path(sysconfig.get_paths()["purelib"])
    (twin / "lib" / version / "site-packages" / "course-env.pth").write_text(
        f"import site; site.addsitedir({str(site)!r})\n", encoding="utf-8")
    for folder in ("share", "etc"):   # JupyterLab's assets, kernels, extension switches
        link = twin / folder
        if link.is_symlink() or link.exists():
            shutil.rmtree(link) if link.is_dir() and not link.is_symlink() else link.unlink()
        link.symlink_to(prefix / folder)
    shebang = f"#!{prefix / 'bin' / 'python'}"
    for script in (prefix / "bin").iterdir():
        if script.is_file() and not script.is_symlink() and script.read_bytes().startswith(shebang.encode()):
            text = script.read_text(encoding="utf-8").replace(shebang, f"#!{twin / 'bin' / 'python'}", 1)
            (twin / "bin" / script.name).write_text(text, encoding="utf-8")
            (twin / "bin" / script.name).chmod(0o755)
    return twin, env
