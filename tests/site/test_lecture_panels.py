"""Lecture mode (`make present`) shows every panel as its check cell set it, as JupyterLab does.

Voila runs the whole notebook before the browser draws a widget, so every widget model reaches the
page with the state the kernel ended on. For each lecture notebook with a panel:

* each panel's numbers (its table's rows) equal what its check cell printed (the committed output,
  which nbval holds to what the cell prints) and its controls show the set() values;
* then a barrier: a key press on the first panel's slider and one back, each awaited on screen.
  The kernel answers messages in order, so any message the page sent while it was drawn (a stale
  value taken back, issue 27 item 1) has been answered by then; every panel is checked again;
* screenshots at 1366x768 and 1920x1080 go to build/screenshots/lecture-<nn>-<width>.png.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from backprop_lessons.binder import lesson_notebooks
from tests.browser.test_panels import control_shows, panel_cells, same_value, shown

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "build" / "screenshots"
SIZES = ({"width": 1366, "height": 768}, {"width": 1920, "height": 1080})
UPDATE_TIMEOUT_MS = 60_000
# What a panel shows: its text and the values in its text boxes (innerText leaves those out).
STATE = "p => p.innerText + [...p.querySelectorAll('input, select')].map(i => i.value).join('|')"
WITH_PANELS = [n.name for n in lesson_notebooks(REPO) if panel_cells(n.name)]


def expected(notebook: str) -> list[tuple[str, dict[str, str], dict[str, object], str]]:
    """(display line, printed numbers, set() values, printed text) for each panel of `notebook`:
    what its check cell printed in the committed notebook."""
    cells = json.loads((REPO / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    found = []
    for display, check, settings in panel_cells(notebook):
        cell = next(c for c in cells if c["cell_type"] == "code" and "".join(c["source"]) == check)
        text = "".join("".join(o.get("text", "")) for o in cell["outputs"] if o.get("name") == "stdout")
        printed = dict(line.split(" = ", 1) if " = " in line else (line.split()[0], line.split()[-1])
                       for line in text.splitlines() if line.strip())   # `name = value` or a table's row
        found.append((display, printed, settings, text))
    return found


def assert_panel_as_set(panel: Locator, display: str, want: dict[str, str], settings: dict[str, object],
                        text: str) -> None:
    """The panel's numbers are the printed ones (waited for) and its controls show the set() values."""
    if panel.locator(".stepper").count():   # the step-through: its lines say the step and its numbers
        for line in text.strip().splitlines():
            expect(panel.locator(".stepper")).to_contain_text(line, timeout=UPDATE_TIMEOUT_MS)
    elif panel.locator(".bl-numbers pre").count():   # the formula panel: its cross-check verdict
        verdict = text.strip().splitlines()[-1].split(": ", 1)[-1]   # "cross-check of ...: all 13 agree"
        expect(panel.locator(".bl-numbers pre")).to_contain_text(verdict, timeout=UPDATE_TIMEOUT_MS)
    else:
        common = [name for name in shown(panel) if name in want]
        assert common, f"{display}: no number of the check cell appears in the panel"
        for name in common:
            expect(panel.locator(".bl-numbers")).to_contain_text(want[name], timeout=UPDATE_TIMEOUT_MS)
        on_screen = shown(panel)
        assert {k: on_screen[k] for k in common} == {k: want[k] for k in common}, display
    for name, value in settings.items():
        assert same_value(control_shows(panel, name), value), (display, name, control_shows(panel, name))


def barrier(page: Page, panel: Locator) -> None:
    """A key press on `panel`'s first slider and one back, each awaited on screen: the kernel has
    then answered every message the page sent before (it answers them in order)."""
    handle = panel.locator(".bl-controls .noUi-handle").first
    if not handle.count():
        return
    before = panel.evaluate(STATE)
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    there, back = ("ArrowLeft", "ArrowRight") if at_max else ("ArrowRight", "ArrowLeft")
    handle.focus()
    handle.press(there)
    page.wait_for_function(f"([p, b]) => ({STATE})(p) !== b", arg=[panel.element_handle(), before],
                           timeout=UPDATE_TIMEOUT_MS)
    handle.press(back)
    page.wait_for_function(f"([p, b]) => ({STATE})(p) === b", arg=[panel.element_handle(), before],
                           timeout=UPDATE_TIMEOUT_MS)


def open_lecture(browser, voila_server, notebook: str, size: dict):
    """A page with `notebook` in lecture mode, loaded until every panel is drawn."""
    context = browser.new_context(viewport=size)
    context.set_default_timeout(UPDATE_TIMEOUT_MS)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(voila_server.render_url(notebook), timeout=180_000)
    expect(page.locator(".bl-panel")).to_have_count(len(panel_cells(notebook)), timeout=180_000)
    return context, page


@pytest.mark.parametrize("notebook", WITH_PANELS)
def test_every_panel_shows_what_its_check_cell_set(browser, voila_server, notebook):
    context, page = open_lecture(browser, voila_server, notebook, SIZES[0])
    try:
        panels, wanted = page.locator(".bl-panel"), expected(notebook)
        for n, (display, want, settings, text) in enumerate(wanted):
            assert_panel_as_set(panels.nth(n), display, want, settings, text)
        barrier(page, panels.first)
        for n, (display, want, settings, text) in enumerate(wanted):
            assert_panel_as_set(panels.nth(n), display, want, settings, text)
        assert not page.errors, page.errors
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for size in SIZES:
            page.set_viewport_size(size)
            panels.first.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(SCREENSHOTS / f"lecture-{notebook[:2]}-{size['width']}.png"))
    finally:
        context.close()


def test_the_stepper_shows_the_step_its_check_cell_chose(browser, voila_server):
    """Notebook 10: the step-through's line reads the step set() chose, not step 1 (issue 27 item 1)."""
    context, page = open_lecture(browser, voila_server, "10-the-graph-and-its-gates.ipynb", SIZES[0])
    try:
        line = page.locator(".bl-panel .stepper").first
        expect(line).to_contain_text(re.compile(r"step \d+ of \d+"))
        barrier(page, page.locator(".bl-panel").first)
        step = next(s for _, _, s, _ in expected("10-the-graph-and-its-gates.ipynb") if "step" in s)["step"]
        expect(line).to_contain_text(f"step {step} of ")
    finally:
        context.close()
