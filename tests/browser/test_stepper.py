"""The step-through panel of notebook 10 in JupyterLab, driven from the keyboard as on a projector.

After Run All the panel sits on the step its set() cell chose. The test tabs to the Next button
and presses Enter, then to Previous and presses Space, then Play (Enter), and checks after each that the panel
shows the step the package's walkthrough() has there: its chain-rule line with the numbers
filled in, the running product, and what is lit up on the two figures.
Screenshot: build/screenshots/stepper-next.png.
"""
from __future__ import annotations

import os
import re

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing playwright must fail
    pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")

from playwright.sync_api import Locator, Page, expect  # noqa: E402

import lab  # noqa: E402  (tests/browser/lab.py)
from backprop_lessons.lecture.walkthrough import walkthrough  # noqa: E402
from backprop_lessons.panels.stepper import lit_up  # noqa: E402

pytestmark = pytest.mark.browser

NOTEBOOK = "10-the-graph-and-its-gates.ipynb"
DISPLAY, SET_CELL = "stepper = stepper_panel()", "stepper.set(step=12)"
START = 12   # steps count from 1, as the panel shows them
UPDATE_TIMEOUT_MS = 60_000   # a ceiling: the wait ends when the right value shows


def shown_step(area: Locator) -> Locator:
    return area.locator(".stepper")


def expect_step(area: Locator, number: int) -> None:
    """The panel shows step `number` (from 1) of walkthrough(), as the package computes it."""
    steps = walkthrough()
    step = steps[number - 1]
    text = shown_step(area)
    expect(text).to_contain_text(f"step {number} of {len(steps)}", timeout=UPDATE_TIMEOUT_MS)
    expect(text).to_contain_text(step.line)
    if step.running is not None:
        expect(text).to_contain_text(f"= {step.running:.9g}")
    expect(text).to_contain_text(lit_up(step))
    expect(area.locator(".widget-html-content p[style*='color:#a00']")).to_have_count(0)


def test_set_cell_matches_the_notebook():
    import nbformat
    cells = [c.source for c in nbformat.read(lab.REPO / "notebooks" / NOTEBOOK, as_version=4).cells]
    assert any(DISPLAY in c for c in cells) and any(c.startswith(SET_CELL) for c in cells)


def test_next_and_previous_from_the_keyboard(page: Page, lab_server):
    lab.open_notebook(page, lab_server, NOTEBOOK)
    lab.run_all(page)
    cell = page.locator(f"{lab.NOTEBOOK} .jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=DISPLAY))
    expect(cell).to_have_count(1)
    area = cell.locator(".jp-OutputArea")
    expect_step(area, START)

    next_button = area.get_by_role("button", name=re.compile("Next"))
    previous_button = area.get_by_role("button", name=re.compile("Previous"))
    previous_button.focus()
    page.keyboard.press("Tab")                      # Tab reaches Next from Previous
    expect(next_button).to_be_focused()
    page.keyboard.press("Enter")
    expect_step(area, START + 1)
    page.keyboard.press("Enter")
    expect_step(area, START + 2)
    area.scroll_into_view_if_needed()
    lab.screenshot(page, "stepper-next")

    previous_button.focus()
    page.keyboard.press("Space")
    expect_step(area, START + 1)

    play = area.locator(".widget-play button").first   # Play: one step every PLAY_INTERVAL_MS
    play.focus()
    page.keyboard.press("Enter")
    expect_step(area, START + 2)
    expect_step(area, START + 3)
    area.locator(".widget-play button").nth(1).click()  # pause
    lab.assert_no_error_outputs(page)
    lab.assert_clean_console(page)
