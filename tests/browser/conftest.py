"""Fixtures for the browser tests: JupyterLab served from a copy of notebooks/,
driven by Playwright for Python in Debian's Chromium (/usr/bin/chromium).

* ``chromium_path`` -- /usr/bin/chromium, or skip (fail when CI=true).
* ``lab_server``    -- session-wide JupyterLab on 127.0.0.1, serving a temporary
                       copy of notebooks/ (the committed notebooks are never
                       opened, so autosave cannot touch them).
* ``browser``       -- session-wide headless Chromium.
* ``page``          -- a fresh page (own browser context) per test; every console
                       message and page error lands in ``page.console_log``
                       (also available as the ``console_log`` fixture).  Tests
                       end with ``lab.assert_clean_console(page)``.

``scripts/ensure-browser.sh`` (run by ``make test``) installs Chromium with
apt-get; ``playwright install`` is never used: its browser download cannot work
here.  Server log: build/browser-tests/jupyter-lab.log.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
NOTEBOOKS = REPO / "notebooks"
BUILD = REPO / "build" / "browser-tests"
CHROMIUM = Path("/usr/bin/chromium")

# lab.py sits beside this file; make ``import lab`` work whatever rootdir/import mode.
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps dialling Google hosts, which this network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
SERVER_START_TIMEOUT = 180  # seconds until /api/status must answer: a ceiling for a busy machine
# Ceilings, not expectations: every wait below ends as soon as its condition holds, so a generous
# ceiling costs nothing on a quiet machine and keeps a busy one from turning a slow step red.
WAIT_CEILING_MS = 60_000

# Settings written into the server's private user-settings dir.
USER_SETTINGS = {
    # No "Would you like to receive official Jupyter news?" toast, no update check:
    # both would otherwise ask the network (which is closed here).
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Render every cell into the DOM (the default "contentVisibility" skips painting
    # off-screen cells); the tests look for sliders and outputs anywhere in a notebook.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
    },
}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _unavailable(reason: str):
    """Skip locally, fail in CI: a CI run must not pass with the browser tests skipped."""
    if _in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------- Chromium
@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(
            f"{CHROMIUM} not found: run `bash scripts/ensure-browser.sh` "
            "(apt-get install chromium); `playwright install` does not work here"
        )
    return str(CHROMIUM)


# --------------------------------------------------------------------------- JupyterLab
@dataclass
class LabServer:
    """A running JupyterLab: ``url`` ends with '/', ``root`` is the served tmp copy."""

    url: str
    token: str
    root: Path
    port: int
    log_path: Path
    process: subprocess.Popen = field(repr=False)

    def lab_url(self, relpath: str = "", *, reset: bool = True) -> str:
        query = ("reset&" if reset else "") + f"token={self.token}"
        return f"{self.url}lab/tree/{relpath}?{query}"

    def api(self, path: str, timeout: float = 5.0):
        """GET ``/api/<path>`` with the token; returns the decoded JSON."""
        req = urllib.request.Request(
            f"{self.url}api/{path.lstrip('/')}",
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read().decode())

    def shutdown_kernels(self) -> None:
        """Shut down every kernel (and its session) so tests do not pile them up."""
        for kernel in self.api("kernels"):
            req = urllib.request.Request(
                f"{self.url}api/kernels/{kernel['id']}", method="DELETE",
                headers={"Authorization": f"token {self.token}"},
            )
            try:
                urllib.request.urlopen(req, timeout=10).close()
            except urllib.error.URLError:
                pass

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no server log)"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _copy_notebooks(dest: Path) -> None:
    if NOTEBOOKS.is_dir():
        shutil.copytree(
            NOTEBOOKS,
            dest,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc"),
        )
    else:
        dest.mkdir(parents=True)


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the server's own process group (server + kernels), then SIGKILL."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


def _start_lab(base: Path, log_path: Path) -> LabServer:
    root = base / "root"
    _copy_notebooks(root)
    settings_dir = base / "user-settings"
    for rel, values in USER_SETTINGS.items():
        p = settings_dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(values, indent=2))
    workspaces = base / "workspaces"
    workspaces.mkdir()
    for d in ("config", "runtime", "ipython"):
        (base / d).mkdir()

    env = dict(os.environ)
    env.update(
        # Keep the developer's ~/.jupyter and ~/.ipython out of the tests.
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        IPYTHONDIR=str(base / "ipython"),
        JUPYTER_PLATFORM_DIRS="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )

    last_error = ""
    for _attempt in range(3):  # the free port may be taken between probe and bind
        port = _free_port()
        token = secrets.token_hex(24)
        cmd = [
            sys.executable, "-m", "jupyter", "lab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={settings_dir}",
            f"--LabApp.workspaces_dir={workspaces}",
            # No news feed and no update check: the page config then disables the
            # news plugin and the server never fetches jupyterlab.github.io.
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
            "--ServerApp.terminals_enabled=False",
        ]
        log = open(log_path, "ab")
        log.write(f"\n$ {' '.join(cmd)}\n".replace(token, "<token>").encode())
        log.flush()
        proc = subprocess.Popen(
            cmd, cwd=root, env=env, stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        server = LabServer(
            url=f"http://127.0.0.1:{port}/", token=token, root=root, port=port,
            log_path=log_path, process=proc,
        )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                last_error = f"jupyter lab exited with code {proc.returncode}"
                break
            try:
                server.api("status", timeout=2)
                return server
            except (urllib.error.URLError, ConnectionError, OSError, ValueError) as exc:
                last_error = repr(exc)
                time.sleep(0.2)
        else:
            last_error = f"/api/status did not answer within {SERVER_START_TIMEOUT} s"
        _stop(proc)
    raise RuntimeError(f"JupyterLab did not start: {last_error}\n{server.log_tail()}")


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory) -> LabServer:
    BUILD.mkdir(parents=True, exist_ok=True)
    log_path = BUILD / "jupyter-lab.log"
    log_path.write_bytes(b"")
    t0 = time.monotonic()
    server = _start_lab(tmp_path_factory.mktemp("jupyterlab"), log_path)
    server.start_seconds = time.monotonic() - t0
    try:
        yield server
    finally:
        _stop(server.process)


# --------------------------------------------------------------------------- Playwright
# One Playwright per process: tests/site/conftest.py registers these fixtures again for its
# folder, and make test's workers (pytest-xdist) may run a browser file and a site file in one
# process; a second sync_playwright() there fails ("Sync API inside the asyncio loop").
_SHARED = sys.modules.setdefault("_backprop_lessons_playwright", type(sys)("_backprop_lessons_playwright"))


@pytest.fixture(scope="session")
def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the environment
        _unavailable(f"playwright (python) is not installed: {exc}")
    if getattr(_SHARED, "users", 0) == 0:
        _SHARED.playwright = sync_playwright().start()
    _SHARED.users = getattr(_SHARED, "users", 0) + 1
    try:
        yield _SHARED.playwright
    finally:
        _SHARED.users -= 1
        if _SHARED.users == 0:
            _SHARED.playwright.stop()


@pytest.fixture(scope="session")
def browser(_playwright, chromium_path):
    b = _playwright.chromium.launch(
        executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def console_log() -> list:
    """Console messages and page errors of the test's page, as dicts
    ``{"type": "error"|"warning"|...|"pageerror", "text": str, "location": str}``."""
    return []


@pytest.fixture
def page(browser, console_log, request):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(WAIT_CEILING_MS)
    from playwright.sync_api import expect
    expect.set_options(timeout=WAIT_CEILING_MS)   # expect()'s own default is 5 s
    pg = context.new_page()

    def on_console(msg):
        loc = msg.location or {}
        console_log.append({
            "type": msg.type,
            "text": msg.text,
            "location": f"{loc.get('url', '')}:{loc.get('lineNumber', '')}",
        })

    def on_pageerror(err):
        console_log.append({"type": "pageerror", "text": str(err), "location": ""})

    pg.on("console", on_console)
    pg.on("pageerror", on_pageerror)
    pg.console_log = console_log  # so helpers can take just the page
    try:
        yield pg
    finally:
        # Every console message of the test, for debugging: build/browser-tests/console-<test>.log
        BUILD.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in request.node.name)
        (BUILD / f"console-{safe}.log").write_text(
            "".join(f"[{m['type']}] {m['text']}  ({m['location']})\n" for m in console_log)
        )
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            # Leave a picture of what the browser showed when the test failed.
            shots = REPO / "build" / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            try:
                pg.screenshot(path=str(shots / f"FAILED-{request.node.name}.png"))
            except Exception:
                pass
        context.close()
        if "lab_server" in request.fixturenames:
            try:
                request.getfixturevalue("lab_server").shutdown_kernels()
            except Exception:
                pass


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
