"""The course hub (deploy/jupyterhub/jupyterhub_config.py) started on this machine, for tests.

Used by tests/hub/ (the nbgrader round trip) and scripts/measure_capacity.py. The hub loads the
deployment's own config, then a few overrides for a test machine:

* DummyAuthenticator with a password; by default SimpleLocalProcessSpawner (homes in a temp
  dir, no Unix users needed; ``--allow-root`` when we are root). With ``accounts=True`` (root,
  one Unix account per user made by the caller) the deployment's own LocalProcessSpawner runs
  each server as its user's account, and nbgrader's exchange is the hardened one, as deployed;
* everything on 127.0.0.1 on free ports; configurable-http-proxy from build/node (npm, installed
  by scripts/ensure-hub.sh);
* an API token for a service ``course-admin`` that may create users, groups and tokens and
  start, stop and reach every server: the tests act through the hub's REST API with it.

Every process is stopped by its own id: the hub (it stops the servers and the proxy), then any
server process group or proxy still alive. Not for production: see deploy/README.md.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
HUB_CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = ROOT / "build" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
ADMIN_SCOPES = ["admin:users", "admin:groups", "admin:servers", "tokens", "list:users",
                "read:users", "read:servers", "access:servers", "list:services",
                "read:services"]

OVERRIDES = '''
c = get_config()
load_subconfig({hub_config!r})
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
{spawner}
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.Spawner.environment.update({server_env!r})
c.JupyterHub.services.append({{"name": "course-admin", "api_token": {token!r}}})
c.JupyterHub.load_roles.append({{"name": "course-admin", "scopes": {scopes!r},
                                 "services": ["course-admin"]}})
{extra_config}
'''
# Servers as the hub's own user (no Unix accounts), homes in the hub's folder: enough for
# lessons (scripts/measure_capacity.py), not for nbgrader's exchange, which tells students apart
# by their Unix accounts (tests/hub/ uses accounts=True).
SIMPLE_SPAWNER = '''c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.args = {args!r}
'''


class HubError(RuntimeError):
    """The hub, a server or an API call did not do what was asked in time."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, check, timeout: float, every: float = 0.3):
    """Call *check* until it returns something true; HubError naming *what* after *timeout* s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise HubError(f"timed out after {timeout:.0f} s waiting for {what}")


def _kill_group(pid: int) -> None:
    """SIGTERM the process group led by *pid* (a server and its kernels), SIGKILL if it stays."""
    for sig, pause in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 0.0)):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        deadline = time.monotonic() + pause
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


class UserServer:
    """One user's single-user server, reached through the hub's proxy with the user's token."""

    def __init__(self, base_url: str, token: str, name: str):
        """A client for ``/user/<name>/`` on the hub at *base_url*, authorised by *token*."""
        self.name, self.url = name, f"{base_url}/user/{name}/"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {token}"

    def call(self, method: str, path: str, timeout: float = 60, **kwargs):
        """*method* ``/user/NAME/<path>``; the decoded JSON (HubError on an HTTP error)."""
        response = self.session.request(method, self.url + path, timeout=timeout, **kwargs)
        if response.status_code >= 400:
            raise HubError(f"{self.name}: {method} {path}: {response.status_code} {response.text[:300]}")
        return response.json() if response.content else None


class LocalHub:
    """A running course hub on 127.0.0.1: ``url`` is the proxy's public URL."""

    def __init__(self, base: Path, log_path: Path, environment: dict[str, str] | None = None,
                 accounts: bool = False, server_env: dict[str, str] | None = None,
                 extra_config: str = ""):
        """A hub to run in folder *base*, logging to *log_path*, with extra *environment*
        (the deployment config's variables: COURSE_ID, NBGRADER_EXCHANGE, ...); *accounts*:
        each user has a Unix account and the deployment's spawner runs their server as it;
        *server_env*: more variables for every server (shared_environment's); *extra_config*:
        lines of hub config added last (a service, say)."""
        self.server_env, self.extra_config = server_env or {}, extra_config
        self.base, self.log_path, self.accounts = base, log_path, accounts
        self.state = base / "hub-state"   # COURSE_HUB_STATE: cookie secret, database, pid file
        self.token, self.password = secrets.token_hex(16), secrets.token_hex(8)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server_pids: dict[str, int] = {}
        self.process: subprocess.Popen | None = None
        self.environment = environment or {}
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {self.token}"

    # --- life cycle -------------------------------------------------------------------
    def _write_config(self) -> Path:
        """The override config file (it loads the deployment's config first)."""
        (self.base / "home").mkdir(parents=True, exist_ok=True)
        config = self.base / "test_hub_config.py"
        spawner = "" if self.accounts else SIMPLE_SPAWNER.format(
            homes=str(self.base / "home"), args=["--allow-root"] if os.geteuid() == 0 else [])
        config.write_text(OVERRIDES.format(
            hub_config=str(HUB_CONFIG), password=self.password, spawner=spawner, port=self.port,
            hub_port=free_port(), proxy_api_port=free_port(), proxy=str(PROXY),
            token=self.token, scopes=ADMIN_SCOPES, server_env=self.server_env,
            extra_config=self.extra_config), encoding="utf-8")
        return config

    def start(self, timeout: float = 60, attempts: int = 3) -> "LocalHub":
        """Start the hub (it starts the proxy and the idle culler); wait until its API answers.
        A port taken between choosing and binding it (other tests run alongside) means a new
        set of free ports and another try."""
        for attempt in range(attempts):
            try:
                return self._start_once(timeout)
            except HubError:
                in_use = b"Address already in use" in self.log_path.read_bytes()
                if not in_use or attempt == attempts - 1:
                    raise
                self.stop()
                self.port = free_port()
                self.url = f"http://127.0.0.1:{self.port}"
        return self

    def _start_once(self, timeout: float) -> "LocalHub":
        """One start with the current ports."""
        config = self._write_config()
        bin_dir = Path(sys.executable).parent
        env = {**os.environ, "COURSE_HUB_STATE": str(self.state), **self.environment,
               "PATH": f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}"}
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [str(bin_dir / "jupyterhub"), "-f", str(config)], cwd=self.base, env=env,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for("the hub's API", self._api_answers, timeout)
        return self

    def _api_answers(self) -> bool:
        """True once the hub answers through the proxy; HubError if the hub died."""
        if self.process.poll() is not None:
            raise HubError(f"the hub exited with {self.process.returncode}; see {self.log_path}")
        try:
            return self.session.get(f"{self.url}/hub/api/", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        """Stop the hub by its pid (it stops servers and proxy), then any leftover by its pid."""
        if self.process is not None and self.process.poll() is None:
            self._record_server_pids()
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                _kill_group(self.process.pid)
                self.process.wait(timeout=10)
        for pid in self.server_pids.values():
            _kill_group(pid)
        pid_file = self.state / "jupyterhub-proxy.pid"
        if pid_file.exists() and pid_file.read_text().strip().isdigit():
            _kill_group(int(pid_file.read_text().strip()))

    def _record_server_pids(self) -> None:
        """Remember the pid of every server the hub knows, ready or not (best effort)."""
        try:
            for user in self.api("GET", "users", timeout=5):
                pid = user.get("servers", {}).get("", {}).get("state", {}).get("pid")
                if pid:
                    self.server_pids[user["name"]] = pid
        except (HubError, requests.RequestException):
            pass

    # --- the hub's REST API -----------------------------------------------------------
    def api(self, method: str, path: str, timeout: float = 30, **kwargs):
        """*method* ``/hub/api/<path>`` as course-admin; decoded JSON (HubError on HTTP errors)."""
        response = self.session.request(method, f"{self.url}/hub/api/{path}", timeout=timeout, **kwargs)
        if response.status_code >= 400:
            raise HubError(f"{method} /hub/api/{path}: {response.status_code} {response.text[:300]}")
        return response.json() if response.content else None

    def create_users(self, names: list[str], group: str | None = None) -> None:
        """Create users (and put them in *group*, if given) through the REST API."""
        self.api("POST", "users", json={"usernames": names})
        if group:
            self.api("POST", f"groups/{group}/users", json={"users": names})

    def user_server(self, name: str) -> UserServer:
        """A client for *name*'s server, with a fresh API token issued to *name*."""
        token = self.api("POST", f"users/{name}/tokens", json={"note": "course hub test",
                                                               "expires_in": 3600})["token"]
        return UserServer(self.url, token, name)

    def start_servers(self, names: list[str], timeout: float = 120) -> None:
        """Ask the hub to start every named server at once; wait until all are ready."""
        def start(name: str) -> None:
            self.api("POST", f"users/{name}/server", timeout=timeout)  # returns after <= 10 s
            self._wait_ready(name, timeout)
        with ThreadPoolExecutor(max_workers=len(names)) as pool:
            list(pool.map(start, names))

    def _wait_ready(self, name: str, timeout: float) -> None:
        """Wait for *name*'s default server to be ready; remember its pid for stop()."""
        def ready():
            server = self.api("GET", f"users/{name}").get("servers", {}).get("", {})
            return server if server.get("ready") else None
        server = wait_for(f"{name}'s server", ready, timeout, every=2.0)  # gentle on a busy hub
        if server.get("state", {}).get("pid"):
            self.server_pids[name] = server["state"]["pid"]
