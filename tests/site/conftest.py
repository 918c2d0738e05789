"""Fixtures for the course site and lecture-mode tests (real Chromium, Playwright).

* ``built_site``    -- build/site/, rebuilt by scripts/build_site.py once per session when
                       older than what it is built from (or missing);
* ``site_server``   -- a static file server on 127.0.0.1 for it (as GitHub Pages would serve it);
* ``site_visits``   -- every site page visited once: console, requests, images, links, math,
                       and the axe-core audit (counts per page in build/site-tests/axe-counts.log);
* ``voila_server``  -- Voila (`make present`) on a copy of notebooks/, loopback, own process group.

The browser fixtures (``browser``, ``page``, ...) are the ones of tests/browser/conftest.py.
"""
from __future__ import annotations

import fcntl

import functools
import http.server
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.scripts import load_script
from tests.browser.conftest import (  # noqa: F401  (fixtures re-used here)
    VIEWPORT, _copy_notebooks, _free_port, _playwright, _stop, _unavailable, browser, chromium_path,
    console_log, page,
)

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "build" / "site"
LOGS = REPO / "build" / "site-tests"
# What the site is built from: newer than build/site/ means rebuild.
SITE_INPUTS = ["notebooks", "site", "scripts/build_site.py", "backprop_lessons/binder.py", "binder/repository.txt",
               "binder/student-repository.txt"]
VOILA_START_TIMEOUT = 60


def _newest_input() -> float:
    """The latest modification time among the files the site is built from."""
    times = []
    for name in SITE_INPUTS:
        path = REPO / name
        files = [p for p in path.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts] if path.is_dir() else [path]
        times += [p.stat().st_mtime for p in files]
    return max(times)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """build/site/, built now unless it is newer than every input."""
    stamp = SITE / "00-index.html"
    SITE.parent.mkdir(parents=True, exist_ok=True)
    with open(SITE.parent / "site-build.lock", "w") as lock:   # one build, whichever worker asks first
        fcntl.flock(lock, fcntl.LOCK_EX)
        _build_unless_fresh(stamp)
    return SITE


def _build_unless_fresh(stamp: Path) -> None:
    """Run scripts/build_site.py unless `stamp` is newer than every input."""
    if not stamp.is_file() or stamp.stat().st_mtime < _newest_input():
        tools = subprocess.run(["bash", str(REPO / "scripts" / "ensure-site-tools.sh")],
                               capture_output=True, text=True)
        if tools.returncode:
            _unavailable(f"site tools missing: {tools.stderr.strip() or tools.stdout.strip()}")
        result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_site.py")],
                                capture_output=True, text=True)
        assert result.returncode == 0, f"make site failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files; keeps the test output free of access-log lines."""

    def log_message(self, *args) -> None:
        """Log nothing."""


@pytest.fixture(scope="session")
def site_server(built_site):
    """Base URL (ending in '/') of a static server for build/site/ on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the site, relative to its root (theme assets and sources left out)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] not in {"_static", "_sources", "_images"})


@dataclass
class Visit:
    """What one site page showed in the browser."""

    path: str
    url: str = ""
    console: list[dict] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    math: dict = field(default_factory=dict)
    tex: list[str] = field(default_factory=list)
    title: str = ""
    violations: list[dict] = field(default_factory=list)


# Collected in the page: images with their alt, the link targets, MathJax's result.
PAGE_FACTS = r"""async () => {
  let math = {source: document.querySelectorAll('.math, span.math, div.math').length};
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    math.rendered = document.querySelectorAll('mjx-container').length;
    math.errors = document.querySelectorAll('mjx-merror, [data-mjx-error]').length;
    math.raw = [...document.querySelectorAll('.math')].filter(e => !e.querySelector('mjx-container')).length;
  }
  // Visible text that still holds TeX: the body without code inputs (their source may hold TeX), and the tab title.
  const visible = [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.cell_input, script, style, mjx-container, dialog:not([open])') && e.offsetParent !== null)
    .flatMap(e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent)).join(' ');
  const tex = [...(visible + ' ' + document.title).matchAll(/\$[^$\s][^$]*\$|\\\(|\\\[|\\[a-zA-Z]+\{/g)].map(m => m[0]);
  return {
    tex: tex,
    title: document.title,
    images: [...document.images].map(i => ({src: i.getAttribute('src'), alt: i.getAttribute('alt'),
                                             loaded: i.complete && i.naturalWidth > 0})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    math: math,
  };
}"""


# preload: false -- axe would fetch each @import-ed stylesheet again, resolved against the page
# instead of the stylesheet (a 404 on every page); its one preload rule, css-orientation-lock,
# is then reported incomplete, never passed silently.
AXE_OPTIONS = "{resultTypes: ['violations'], preload: false}"
BATCH = 4   # pages audited at once: each runs in its own renderer process, so they overlap


def _open(context, base: str, path: str, axe_script: str):
    """Open one page, wait for its load event, then start (not await) its facts and axe's audit."""
    visit, pg = Visit(path), context.new_page()
    pg.on("console", lambda m: visit.console.append({"type": m.type, "text": m.text,
                                                     "location": (m.location or {}).get("url", "")}))
    pg.on("pageerror", lambda e: visit.console.append({"type": "pageerror", "text": str(e), "location": ""}))
    pg.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:")) else visit.outside_requests.append(r.url))
    pg.on("requestfailed", lambda r: visit.failed_requests.append(r.url))
    pg.on("response", lambda r: visit.failed_requests.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    pg.goto(base + path, wait_until="load")
    if path == "index.html":   # it sends the reader on to the course map
        pg.wait_for_url("**/00-index.html", wait_until="load")
    visit.url = pg.url
    pg.evaluate(axe_script)
    pg.evaluate(f"() => {{ window.__facts = ({PAGE_FACTS})(); window.__axe = window.__facts.then("
                "() => axe.run(document, AXE_OPTIONS)); }".replace("AXE_OPTIONS", AXE_OPTIONS))
    return visit, pg


def _finish(visit: Visit, pg) -> Visit:
    """Wait for the page's facts and audit, store them in *visit*, close the page."""
    facts = pg.evaluate("() => window.__facts")
    visit.images, visit.links, visit.math = facts["images"], facts["links"], facts["math"]
    visit.tex, visit.title = facts["tex"], facts["title"]
    visit.violations = pg.evaluate("() => window.__axe.then(r => r.violations)")
    pg.close()
    return visit


@pytest.fixture(scope="session")
def site_visits(browser, site_server, built_site) -> dict[str, Visit]:
    """Every site page visited once, BATCH at a time; axe's counts logged per page."""
    from axe_playwright_python.sync_playwright import Axe

    axe_script, context = Axe().axe_script, browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    pages, visits = site_pages(built_site), {}
    try:
        for i in range(0, len(pages), BATCH):
            opened = [_open(context, site_server, path, axe_script) for path in pages[i:i + BATCH]]
            visits.update((v.path, _finish(v, pg)) for v, pg in opened)
    finally:
        context.close()
    log_axe_counts("site", {path: v.violations for path, v in visits.items()})
    return visits


def log_axe_counts(kind: str, violations_by_page: dict[str, list[dict]]) -> Path:
    """Write (kind: per page, violations by impact and rule) to build/site-tests/axe-counts-KIND.log."""
    LOGS.mkdir(parents=True, exist_ok=True)
    lines = [f"axe-core audit ({kind}): violations per page by impact (nodes in brackets)"]
    for page_name, violations in violations_by_page.items():
        counts = {impact: sum(1 for v in violations if v.get("impact") == impact)
                  for impact in ("critical", "serious", "moderate", "minor")}
        rules = ", ".join(f"{v['id']}[{len(v.get('nodes', []))}]" for v in violations) or "-"
        lines.append(f"{page_name}: " + " ".join(f"{k}={n}" for k, n in counts.items()) + f"  rules: {rules}")
    path = LOGS / f"axe-counts-{kind}.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- Voila
@dataclass
class VoilaServer:
    """A running Voila: ``url`` ends with '/', serving ``root`` (the lecture notebooks only)."""

    url: str
    root: Path
    process: subprocess.Popen = field(repr=False)

    def render_url(self, notebook: str) -> str:
        """The lecture-mode URL of a notebook, as `make present` serves it."""
        return f"{self.url}voila/render/{notebook}"


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory) -> VoilaServer:
    """Voila on the lecture-mode folder (scripts/lecture_tree.py), as `make present` runs it,
    on a free loopback port."""
    base = tmp_path_factory.mktemp("voila")
    root = base / "lecture"
    load_script("lecture_tree").build(root)
    LOGS.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_RUNTIME_DIR=str(base / "runtime"),
               IPYTHONDIR=str(base / "ipython"), JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1",
               JUPYTER_PATH=str(REPO / "share" / "jupyter"))   # the lecture template, as `make present` sets it
    port = _free_port()
    cmd = [str(Path(sys.executable).with_name("voila")), str(root), "--no-browser", f"--port={port}",
           "--Voila.ip=127.0.0.1", "--Voila.port_retries=0"]
    with open(LOGS / "voila.log", "wb") as log:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log,   # cwd: voila.json
                                stderr=subprocess.STDOUT, start_new_session=True)
    server = VoilaServer(url=f"http://127.0.0.1:{port}/", root=root, process=proc)
    deadline = time.monotonic() + VOILA_START_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(server.url, timeout=2).close()
            break
        except (urllib.error.URLError, ConnectionError, OSError):
            if proc.poll() is not None or time.monotonic() > deadline:
                _stop(proc)
                raise RuntimeError("Voila did not start: " + (LOGS / "voila.log").read_text(errors="replace")[-2000:])
            time.sleep(0.2)
    try:
        yield server
    finally:
        _stop(proc)
