"""Helpers for driving JupyterLab notebooks with widgets in Playwright (sync API).

Typical use in a test (fixtures ``page`` and ``lab_server`` from conftest.py)::

    import lab

    @pytest.mark.browser
    def test_something(page, lab_server):
        lab.open_notebook(page, lab_server, "02-sliders.ipynb")
        lab.run_all(page)
        s = lab.slider(page, "w1")                 # by its description label
        lab.set_slider_by_keys(s.handle, "ArrowRight", 3)
        lab.type_into_readout(s.readout, "0.5")
        expect(lab.outputs(page).nth(0)).to_contain_text("loss")
        rows = lab.output_table(lab.outputs(page).nth(0))
        lab.screenshot(page, "sliders-moved")
        lab.assert_clean_console(page)

Every locator is scoped to the visible notebook panel (``.jp-NotebookPanel:visible``),
so other widgets of the JupyterLab shell never match.  Waits are on real
conditions (status bar text, prompts, aria values), not sleeps; ``run_all`` polls
its conditions every 100 ms so that it can fail fast on a traceback.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "build" / "screenshots"

NOTEBOOK = ".jp-NotebookPanel:visible"
KERNEL_IDLE = re.compile(r"\|\s*Idle\s*$")  # 'Python 3 (ipykernel) | Idle'
# An exception in an output: IPython's traceback header, or "SomethingError:" /
# "SomethingException:" at a line start (SyntaxError output has no header).
TRACEBACK_RE = re.compile(r"Traceback \(most recent call last\)|(^|\n)\s*\w*(Error|Exception)\b")
STOPPED_POLLS = 50         # Run All is taken as stopped when idle with cells left over 50 polls (>= 5 s)
RUN_TIMEOUT_MS = 300_000  # Run All on a real lesson notebook may take a while on a busy machine

# Console messages that mention error/widget/"failed to" but are known to be
# harmless: (substring, why it is harmless).  Keep it short and document every
# entry.  None was needed so far: a JupyterLab 4.6 + ipywidgets 8.1 session here
# (open, Run All, sliders, matplotlib and MathJax in an Output widget, saved
# widget state or none) logs only "debug" messages and the warning "Disabling
# terminals plugin because they are not available on the server" (terminals are
# switched off in conftest), which matches none of BAD_WORDS.  Example entry:
#   ("Some exact message text", "why it cannot indicate a broken widget"),
HARMLESS_CONSOLE: list[tuple[str, str]] = []
# Words that make a console *warning* fail the test; console errors and uncaught
# page errors always fail (ipywidgets reports a view it cannot render with
# console.error("Could not create a view for model id ..."), which names no error).
BAD_WORDS = re.compile(r"error|widget|failed to|could not", re.IGNORECASE)


# --------------------------------------------------------------------------- opening
def open_notebook(page: Page, server, relpath: str, *, timeout_ms: int = 60_000) -> None:
    """Open ``relpath`` (relative to the server root) in a fresh workspace and wait
    until its kernel is idle.  Dismisses the news toast and a kernel picker."""
    page.goto(server.lab_url(relpath), wait_until="domcontentloaded")
    panel = page.locator(NOTEBOOK)
    expect(panel).to_have_count(1, timeout=timeout_ms)
    dismiss_news_toast(page)
    _accept_kernel_dialog(page)
    wait_kernel_idle(page, timeout_ms=timeout_ms)
    dismiss_news_toast(page)


def dismiss_news_toast(page: Page) -> None:
    """Click "No" on the "Would you like to receive official Jupyter news?" toast,
    if it is showing (the conftest settings normally keep it away)."""
    toast = page.locator(".Toastify__toast", has_text="Jupyter news")
    if toast.count():
        toast.get_by_role("button", name="No").click()
        expect(toast).to_have_count(0)


def _accept_kernel_dialog(page: Page) -> None:
    """A notebook without kernelspec metadata asks for a kernel: take the default."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    if dialog.count():
        dialog.get_by_role("button", name="Select", exact=True).click()
        expect(dialog).to_have_count(0)


def kernel_status(page: Page) -> Locator:
    """The status-bar item that reads e.g. 'Python 3 (ipykernel) | Idle'
    (also '| Initializing', '| Connecting', '| Busy', ...)."""
    return page.locator("#jp-main-statusbar").get_by_text(re.compile(r"\|\s*[A-Z][a-z]+\s*$"))


def wait_kernel_idle(page: Page, *, timeout_ms: int = 180_000) -> None:
    """Wait until the status bar says '| Idle' (the toolbar's execution indicator
    reports idle too early, before the kernel has even started)."""
    expect(page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE)).to_have_count(1, timeout=timeout_ms)


# --------------------------------------------------------------------------- running
def prompts(page: Page) -> Locator:
    """Input prompts of the code cells: '[ ]:', '[*]:', '[3]:'."""
    return page.locator(f"{NOTEBOOK} .jp-CodeCell .jp-InputArea-prompt")


def _menu_command(page: Page, menu: str, item: str) -> None:
    page.locator("#jp-MainMenu").get_by_role("menuitem", name=menu, exact=True).click()
    entry = page.locator(".lm-Menu:visible").get_by_role("menuitem", name=re.compile(rf"^{re.escape(item)}"))
    entry.first.click()


def clear_all_outputs(page: Page) -> None:
    """Edit > Clear Outputs of All Cells: prompts go back to '[ ]:'."""
    _menu_command(page, "Edit", "Clear Outputs of All Cells")
    expect(prompts(page).filter(has_text=re.compile(r"\[\d+\]"))).to_have_count(0)


def run_all(page: Page, *, timeout_ms: int = RUN_TIMEOUT_MS, allow_errors: bool = False) -> None:
    """Run > Run All Cells, then wait until every code cell has run.

    Outputs are cleared first, so "every prompt shows a number" really means
    "executed now" (a saved notebook already carries numbers).  Done = no '[ ]'
    or '[*]' prompt left and the kernel '| Idle' in the status bar.

    Fails fast, with the traceback, when a cell shows an error (unless
    ``allow_errors``; cells tagged ``raises-exception`` do not stop Run All), and
    when execution stopped early (some cells never ran).
    """
    wait_kernel_idle(page)
    clear_all_outputs(page)
    _menu_command(page, "Run", "Run All Cells")
    p = prompts(page)
    not_run = p.filter(has_not_text=re.compile(r"\[\d+\]"))  # '[ ]' or '[*]'
    running = p.filter(has_text="[*]")
    errors = tracebacks(page)
    deadline, stopped = time.monotonic() + timeout_ms / 1000, 0
    while not_run.count():
        if not allow_errors and errors.count():
            raise AssertionError("a cell raised during Run All:\n" + errors.first.inner_text()[-3000:])
        # Nothing queued, kernel idle, yet cells without a number: Run All stopped, once that has
        # held for STOPPED_POLLS polls in a row (a late prompt update on a busy machine lands first).
        stopped = stopped + 1 if not running.count() and _kernel_idle_now(page) and not_run.count() else 0
        if stopped >= STOPPED_POLLS:
            raise AssertionError(
                f"Run All stopped early: {not_run.count()} code cell(s) never ran"
                + ("; error:\n" + errors.first.inner_text()[-3000:] if errors.count() else "")
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"Run All did not finish within {timeout_ms / 1000:.0f} s "
                                 f"({not_run.count()} cell(s) not yet run)")
        page.wait_for_timeout(100)  # poll the DOM; each check above is a real condition
    wait_kernel_idle(page, timeout_ms=timeout_ms)


def _kernel_idle_now(page: Page) -> bool:
    return page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE).count() == 1


# --------------------------------------------------------------------------- widgets
@dataclass
class Slider:
    """One ipywidgets slider: ``root`` (.widget-slider), ``handle`` (.noUi-handle,
    role=slider, aria-valuetext) and ``readout`` (contenteditable .widget-readout).

    noUiSlider writes aria-valuenow with ``toFixed(1)`` (0.83 shows as "0.8",
    2345 as "2345.0"); aria-valuetext holds the full value the slider sends to the
    kernel (e.g. "0.8300000000000001").  For a FloatLogSlider both hold the exponent."""

    root: Locator
    handle: Locator
    readout: Locator

    def value(self) -> float:
        """The handle's value from aria-valuetext (aria-valuenow if there is none)."""
        return float(_handle_value(self.handle))


def _handle_value(handle: Locator) -> str | None:
    text = handle.get_attribute("aria-valuetext")
    return text if text is not None else handle.get_attribute("aria-valuenow")


def sliders(page: Page) -> Locator:
    """All slider handles (.noUi-handle) in the visible notebook, in page order."""
    return page.locator(f"{NOTEBOOK} .widget-slider .noUi-handle")


def slider_roots(page: Page) -> Locator:
    return page.locator(f"{NOTEBOOK} .widget-slider")


def readouts(page: Page) -> Locator:
    """All slider readouts (.widget-readout) in the visible notebook, in page order."""
    return page.locator(f"{NOTEBOOK} .widget-slider .widget-readout")


def slider(page: Page, description: str | int) -> Slider:
    """A slider by its description text (exact label) or by index in page order."""
    if isinstance(description, int):
        root = slider_roots(page).nth(description)
    else:
        root = slider_roots(page).filter(
            has=page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(description)}\s*$"))
        )
        expect(root).to_have_count(1)
    return Slider(root=root, handle=root.locator(".noUi-handle"), readout=root.locator(".widget-readout"))


def set_slider_by_keys(handle: Locator, key: str, n: int = 1) -> None:
    """Focus the noUiSlider handle and press ``key`` n times.

    ArrowRight/ArrowLeft (or Up/Down) move one step, PageUp/PageDown five,
    Home/End to the ends.  Waits until aria-valuetext (the full value; aria-valuenow
    is rounded to one decimal) has changed, unless the handle already sat at the
    end it was pushed towards."""
    handle.scroll_into_view_if_needed()
    handle.focus()
    attr = "aria-valuetext" if handle.get_attribute("aria-valuetext") is not None else "aria-valuenow"
    before = handle.get_attribute(attr)
    for _ in range(n):
        handle.press(key)
    if not n or before is None:
        return
    up = key in ("ArrowRight", "ArrowUp", "PageUp", "End")
    limit = handle.get_attribute("aria-valuemax" if up else "aria-valuemin")
    try:
        at_limit = limit is not None and float(before) == float(limit)
    except ValueError:
        at_limit = False
    if not at_limit:
        expect(handle).not_to_have_attribute(attr, before)


def type_into_readout(readout: Locator, text: str) -> None:
    """Type a value into a slider's editable readout: click, Ctrl+A, type, Enter."""
    readout.scroll_into_view_if_needed()
    readout.click()
    readout.press("Control+a")
    readout.press_sequentially(str(text))
    readout.press("Enter")


# --------------------------------------------------------------------------- outputs
def outputs(page: Page) -> Locator:
    """All ipywidgets Output areas (.widget-output) in the visible notebook."""
    return page.locator(f"{NOTEBOOK} .widget-output")


def output_text(area: Locator) -> str:
    """The visible text of an output area (e.g. one of ``outputs(page)``)."""
    return area.inner_text()


def output_table(area: Locator, index: int = 0, *, header: bool = True) -> list[list[str]]:
    """Cells of the ``index``-th HTML <table> inside ``area`` as rows of stripped
    strings; ``header=False`` drops rows made only of <th>."""
    table = area.locator("table").nth(index)
    expect(table).to_be_attached()
    rows = table.evaluate(
        """t => [...t.rows].map(r => ({
               th: [...r.cells].every(c => c.tagName === 'TH'),
               cells: [...r.cells].map(c => c.textContent.trim())}))"""
    )
    return [r["cells"] for r in rows if header or not r["th"]]


def table_numbers(area: Locator, index: int = 0) -> list[list[float]]:
    """Like ``output_table`` without header rows, every cell parsed as float."""
    return [[float(c.replace("\u2212", "-")) for c in row]
            for row in output_table(area, index, header=False)]


# --------------------------------------------------------------------------- checks
def screenshot(page: Page, name: str, *, full_page: bool = False) -> Path:
    """Save build/screenshots/<name>.png (build/ is git-ignored) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def tracebacks(page: Page) -> Locator:
    """Outputs showing an exception.  JupyterLab renders error outputs with the
    stderr mime type, so they are told apart from plain stderr by their text."""
    return page.locator(
        f"{NOTEBOOK} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
        has_text=TRACEBACK_RE,
    )


def error_outputs(page: Page) -> Locator:
    """Tracebacks and anything else on stderr (warnings too) in cell outputs,
    and widgets that failed to render (ipywidgets 8 shows a broken-page icon,
    "Click to show javascript error.", in ``.jupyter-widgets-error-widget``;
    older text: "Error displaying widget")."""
    return page.locator(
        f"{NOTEBOOK} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error'], "
        f"{NOTEBOOK} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
        f"{NOTEBOOK} .jupyter-widgets-error-widget, "
        f"{NOTEBOOK} .jp-OutputArea-output:has-text('Error displaying widget')"
    )


def assert_no_error_outputs(page: Page) -> None:
    errs = error_outputs(page)
    n = errs.count()
    assert n == 0, "error output in the notebook:\n" + "\n---\n".join(
        errs.nth(i).inner_text()[:2000] for i in range(n)
    )


def bad_console_messages(console_log: list) -> list[dict]:
    """Page errors, console errors, and console warnings that mention
    error/widget/failed to/could not, minus the documented HARMLESS_CONSOLE entries."""
    bad = []
    for m in console_log:
        text = m["text"]
        if any(s in text for s, _why in HARMLESS_CONSOLE):
            continue
        if m["type"] in ("pageerror", "error") or (m["type"] == "warning" and BAD_WORDS.search(text)):
            bad.append(m)
    return bad


def assert_clean_console(page_or_log) -> None:
    """Fail on uncaught page errors or widget/JS errors in the console; call at
    the end of every browser test (takes the ``page`` or the ``console_log``)."""
    log = page_or_log if isinstance(page_or_log, list) else page_or_log.console_log
    bad = bad_console_messages(log)
    assert not bad, "browser console reported errors:\n" + "\n".join(
        f"[{m['type']}] {m['text'][:500]}  ({m['location']})" for m in bad
    )
