"""Autograde in a box: each notebook's kernel sees only its own submission (bubblewrap).

During `nbgrader autograde` the student's code runs in a kernel that nbgrader starts. Left
alone, that kernel has the grader's file access: it can read `source/` (the solutions), the
other students' submissions and `gradebook.db`. With this kernel manager (one line of
nbgrader_config.py, docs/teaching.md):

    c.Execute.kernel_manager_class = "backprop_lessons.grading.sandbox.SandboxedKernelManager"

each kernel starts inside bubblewrap (`bwrap`, Debian/Ubuntu package `bubblewrap`) with
- its own mount namespace holding only the system's programs and libraries (read-only), the
  Python installation and the course package (read-only), an empty /tmp, and a private copy
  of the submission's folder at /home/student/<assignment> (thrown away afterwards);
- its own user namespace, as uid 1000 "student" with no capabilities;
- no network (its own network namespace: the kernel talks to nbgrader through Unix sockets
  in a private folder), its own process, IPC and host-name namespaces;
- no environment but a short list (PATH, locale, nbgrader's NBGRADER_EXECUTION and the like).
nbgrader keeps the executed notebook in its own process and scores it as before; nothing the
kernel writes comes back. Without a working bwrap the kernel does not start: grading stops
with a one-line error rather than run student code unboxed.
Non-goals: limits on memory or processor time (nbgrader's ExecutePreprocessor.timeout bounds
each cell), and hiding the hidden tests from the code they test (they run in the same kernel).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

import backprop_lessons

HOME = "/home/student"
UID = 1000
# Environment variables the kernel keeps (exact names, or prefixes ending in "_").
KEEP_ENV = ("PATH", "LANG", "LANGUAGE", "TZ", "TERM", "LC_", "NBGRADER_", "JPY_", "PYDEVD_", "MPLBACKEND",
            "PYTHONHASHSEED", "PYTHONIOENCODING", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")
# System folders, read-only (or the same symbolic link, as on merged-/usr systems).
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/fonts",
                "/etc/mime.types", "/etc/nsswitch.conf")


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot make its namespaces here; the message says which."""


def bwrap() -> str:
    """The path of bubblewrap, or SandboxUnavailable with what to install."""
    found = shutil.which("bwrap")
    if found is None:
        raise SandboxUnavailable("autograde sandbox: bubblewrap (bwrap) is not installed; "
                                 "`apt-get install bubblewrap` (scripts/ensure-sandbox.sh does it)")
    return found


def python_paths(kernel: str | None = None) -> list[str]:
    """The folders the kernel's Python needs: its installation, the virtualenv, the course package.

    `kernel`: the kernel's own Python when it is not nbgrader's (its environment is shown too).
    """
    programs = [sys.executable] + ([kernel] if kernel and os.path.isabs(kernel) else [])
    homes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             *(str(Path(program).parent.parent) for program in programs),
             *(str(Path(os.path.realpath(program)).parent.parent) for program in programs)}
    paths = {home for home in homes if is_python_home(home)} | {str(Path(backprop_lessons.__file__).resolve().parent)}
    return sorted(path for path in paths if path != "/usr" and not path.startswith("/usr/"))


def is_python_home(path: str) -> bool:
    """Whether `path` is a Python installation or virtualenv (not, say, a home folder with bin/python)."""
    return os.path.isfile(os.path.join(path, "pyvenv.cfg")) or any(Path(path).glob("lib/python3*/os.py")) \
        or any(Path(path).glob("lib/python3*/site-packages"))


def system_arguments() -> list[str]:
    """bwrap arguments that show the system's programs and libraries, read-only."""
    args: list[str] = []
    for path in SYSTEM:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for path in SYSTEM_FILES:
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    return args


def box_command(command: list[str], work: str, runtime: str, passwd: str, kernel: str | None = None) -> list[str]:
    """`command` wrapped in bwrap: `work` at /home/student/<its name>, `runtime` at its own path."""
    inside = f"{HOME}/{Path(work).name}"
    args = [bwrap(), "--unshare-all", "--unshare-user", "--uid", str(UID), "--gid", str(UID),
            "--hostname", "grading", "--die-with-parent", *system_arguments()]
    args += ["--tmpfs", "/tmp"]          # first: a Python or course package under /tmp is bound over it
    for path in python_paths(kernel):
        args += ["--ro-bind", path, path]
    args += ["--ro-bind", passwd, "/etc/passwd", "--proc", "/proc", "--dev", "/dev",
             "--tmpfs", HOME, "--bind", work, inside, "--bind", runtime, runtime, "--chdir", inside]
    return [*args, *command]


def kept_environment(env: dict[str, str]) -> dict[str, str]:
    """The variables of `env` a kernel may see (KEEP_ENV), with HOME and USER of the box."""
    kept = {key: value for key, value in env.items()
            if any(key == name or (name.endswith("_") and key.startswith(name)) for name in KEEP_ENV)}
    # JPY_PARENT_PID=1: no parent poller inside (bwrap --die-with-parent ends the kernel with nbgrader).
    return {**kept, "HOME": HOME, "USER": "student", "LOGNAME": "student", "JPY_PARENT_PID": "1"}


def environment_arguments(env: dict[str, str]) -> list[str]:
    """bwrap arguments that clear the environment and set only `env`."""
    args = ["--clearenv"]
    for key, value in env.items():
        args += ["--setenv", key, value]
    return args


def copy_submission(folder: str | None, into: Path) -> None:
    """Copy the submission's folder (regular files and folders, no links) into `into`."""
    if folder and os.path.isdir(folder):
        shutil.copytree(folder, into, symlinks=True, ignore=lambda d, names: [
            n for n in names if os.path.islink(os.path.join(d, n))], dirs_exist_ok=True)
    else:
        into.mkdir(parents=True, exist_ok=True)


def inside_processes(pid: int) -> list[int]:
    """The processes below bwrap's `pid` that are not bwrap itself (the kernel and its children)."""
    found, waiting = [], [pid]
    while waiting:
        parent = waiting.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            waiting.append(child)
            try:
                if Path(f"/proc/{child}/comm").read_text().strip() != "bwrap":
                    found.append(child)
            except OSError:
                pass
    return found


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts each kernel in a bubblewrap box holding only its submission."""

    def __init__(self, **kwargs) -> None:
        """A private folder for this kernel: its Unix sockets, the connection file, the copy."""
        super().__init__(**kwargs)
        bwrap()
        self._box = Path(tempfile.mkdtemp(prefix="autograde-box-"))
        (self._box / "run").mkdir()
        self.transport = "ipc"
        self.ip = str(self._box / "run" / "kernel")
        self.connection_file = str(self._box / "run" / "kernel.json")

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        """Copy the submission's folder into the box, then start the kernel through bwrap."""
        folder = kw.get("cwd")
        inside = [path for path in python_paths(kernel_cmd[0]) if folder and
                  Path(folder).resolve().is_relative_to(Path(path).resolve())]
        if inside:
            raise SandboxUnavailable(f"autograde sandbox: the submission {folder} lies inside {inside[0]}, which "
                                     "the box shows to the kernel; keep the course folder out of the Python environment")
        work = self._box / Path(folder or "submission").name
        copy_submission(folder, work)
        passwd = self._box / "passwd"
        passwd.write_text(f"student:x:{UID}:{UID}:student:{HOME}:/bin/false\n", encoding="utf-8")
        env = kept_environment(kw.get("env") or dict(os.environ))
        command = box_command(environment_arguments(env) + kernel_cmd, str(work), str(self._box / "run"),
                              str(passwd), kernel=kernel_cmd[0])
        await super()._async_launch_kernel(command, **{**kw, "cwd": str(self._box), "env": {"PATH": env.get(
            "PATH", os.defpath)}})

    async def _async_signal_kernel(self, signum: int) -> None:
        """Signal the processes inside the box; bwrap itself only for SIGTERM and SIGKILL.

        An interrupt (nbgrader's timeout) sent to the whole process group would end bwrap and
        with it the kernel; it goes to the kernel and what the kernel started instead.
        """
        if signum in (signal.SIGTERM, signal.SIGKILL) or not self.has_kernel:
            return await super()._async_signal_kernel(signum)
        for pid in inside_processes(self.provisioner.process.pid):
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                pass

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        """Clean up as usual, then remove the box (the copy and what the kernel wrote in it)."""
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._box, ignore_errors=True)


def check() -> str:
    """One line: whether a box can be made here (bwrap present, namespaces allowed)."""
    with tempfile.TemporaryDirectory(prefix="autograde-box-check-") as folder:
        (Path(folder) / "passwd").write_text(f"student:x:{UID}:{UID}::{HOME}:/bin/false\n", encoding="utf-8")
        (Path(folder) / "work").mkdir()
        command = box_command([sys.executable, "-c", "import os; print(len(os.listdir('/home/student/work')))"],
                              str(Path(folder) / "work"), folder, str(Path(folder) / "passwd"))
        run = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        raise SandboxUnavailable(f"autograde sandbox: bwrap cannot make its box here: "
                                 f"{run.stderr.strip().splitlines()[-1] if run.stderr.strip() else run.returncode}")
    return "autograde sandbox: bubblewrap works here (user, mount, network and process namespaces)"


if __name__ == "__main__":
    try:
        print(check())
    except SandboxUnavailable as error:
        sys.exit(str(error))
