"""The panels on a slow kernel (issue 25): whatever the delay, the screen ends on the last value chosen.

Each test opens a copy of a notebook with one more cell at its end, which sets
BACKPROP_LESSONS_PANEL_DELAY in the kernel (panels/base.py): after Run All every refresh of a panel
first waits DELAY seconds, as on a busy Binder. The test then presses keys, buttons and Play and
types values faster than the kernel answers, waits (polling, with a generous ceiling) until the
kernel is idle and the panel agrees with itself, and checks that it shows what was chosen last:
the slider, the text box beside it and the numbers, the numbers as the package computes them in
this process for that value. A panel that flips back to an older value fails the check made again
after a few Play intervals.
"""
from __future__ import annotations

import html
import math
import os
import re
import time

import nbformat
import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing playwright must fail
    pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")

from playwright.sync_api import Locator, Page, expect  # noqa: E402

import lab  # noqa: E402  (tests/browser/lab.py)
from test_panels import cell_with, panel_cells, shown  # noqa: E402  (tests/browser/test_panels.py)
from backprop_lessons.panels.stepper import PLAY_INTERVAL_MS  # noqa: E402

pytestmark = pytest.mark.browser

DELAY = 0.8             # seconds each refresh waits: longer than a key press, shorter than a Play interval
SETTLE_CEILING = 120    # seconds: a ceiling for the kernel to work through what was sent; never expected
# One notebook for each kind of panel (round_panel serves notebooks 1-4 alike; the step-through has a
# test of its own below): each is one more Run All, and the suite's time counts too.
KINDS = {}
for _path in sorted(lab.REPO.joinpath("notebooks").glob("[0-9]*.ipynb")):
    for _display, _, _ in panel_cells(_path.name):
        KINDS.setdefault(re.search(r"= (\w+)\(", _display).group(1), _path.name)
NOTEBOOKS = sorted(set(KINDS.values()) - {"10-the-graph-and-its-gates.ipynb"})


def open_slowed(page: Page, lab_server, notebook: str) -> None:
    """Open a copy of `notebook` whose last cell slows the kernel's panels, and Run All."""
    nb = nbformat.read(lab_server.root / notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        f'import os\nos.environ["BACKPROP_LESSONS_PANEL_DELAY"] = "{DELAY}"   # a slow kernel from here on'))
    name = f"slowed-{notebook}"
    nbformat.write(nb, lab_server.root / name)
    lab.open_notebook(page, lab_server, name)
    lab.run_all(page)


def until(page: Page, condition, what: str) -> None:
    """Poll `condition()` until it is true (the kernel idle too), failing after SETTLE_CEILING seconds."""
    deadline = time.monotonic() + SETTLE_CEILING
    while not (lab._kernel_idle_now(page) and condition()):
        assert time.monotonic() < deadline, f"never settled: {what}"
        page.wait_for_timeout(200)


def steady(page: Page, read, what: str):
    """Wait until `read()` gives the same answer twice across two Play intervals with the kernel idle
    (no value coming back later), and return it."""
    first = None

    def same_again() -> bool:
        nonlocal first
        now = read()
        if now is not None and now == first:
            return True
        first = now
        page.wait_for_timeout(2 * PLAY_INTERVAL_MS)
        return False
    until(page, same_again, what)
    return first


# --------------------------------------------------------------------------- the step-through
def stepper_state(area: Locator) -> tuple[int, int, str, bool] | None:
    """(step in the text, step of the slider, the text box, Play running) as the screen shows them."""
    text = area.locator(".stepper").inner_text()
    match = re.search(r"step (\d+) of", text)
    handle = area.locator(".widget-slider .noUi-handle").first.get_attribute("aria-valuenow")
    box = area.locator(".bl-control-step input[type=text]").input_value()
    running = area.locator(".widget-play button i.fa-pause").count() > 0
    return (int(match.group(1)), round(float(handle)), box, running) if match and handle else None


def expect_stepper_ends_on(page: Page, area: Locator, step: int | None) -> int:
    """The panel settles, Play stopped, with text, slider and box on one step (`step`, if given)."""
    state = steady(page, lambda: stepper_state(area), f"the step-through on step {step}")
    shown_step, slider, box, running = state
    assert (shown_step, slider, box, running) == (shown_step, shown_step, str(shown_step), False), state
    assert step is None or shown_step == step, state
    return shown_step


def test_the_step_through_on_a_slow_kernel(page: Page, lab_server):
    """Next x3, Previous x2, arrow keys, a typed step, Play to the end, and Previous during Play."""
    open_slowed(page, lab_server, "10-the-graph-and-its-gates.ipynb")
    area = cell_with(page, "stepper = stepper_panel()").locator(".jp-OutputArea")
    expect_stepper_ends_on(page, area, 12)
    next_button = area.get_by_role("button", name=re.compile("Next"))
    previous_button = area.get_by_role("button", name=re.compile("Previous"))
    next_button.focus()
    for _ in range(3):
        page.keyboard.press("Enter")   # faster than the kernel answers
    expect_stepper_ends_on(page, area, 15)
    previous_button.focus()
    for _ in range(2):
        page.keyboard.press("Space")
    expect_stepper_ends_on(page, area, 13)
    handle = area.locator(".widget-slider .noUi-handle").first
    handle.focus()
    for _ in range(2):
        handle.press("ArrowRight")
    expect_stepper_ends_on(page, area, 15)
    box = area.locator(".bl-control-step input[type=text]")
    box.fill("4")
    box.press("Enter")
    expect_stepper_ends_on(page, area, 4)
    play = area.locator(".widget-play button").first
    play.click()
    expect_stepper_ends_on(page, area, 17)   # Play went to the end and stopped there
    handle.focus()
    handle.press("Home")
    expect_stepper_ends_on(page, area, 1)
    play.click()
    expect(area.locator(".stepper")).to_contain_text(re.compile(r"step [3-9] of"))
    previous_button.click()                   # the student takes over while Play runs
    ended = expect_stepper_ends_on(page, area, None)
    assert 2 <= ended <= 8
    lab.assert_no_error_outputs(page)
    lab.assert_clean_console(page)


# --------------------------------------------------------------------------- every panel
def build(display: str):
    """The panel of a display cell (`name = some_panel(...)`), built in this process."""
    import backprop_lessons
    namespace = {k: getattr(backprop_lessons, k) for k in dir(backprop_lessons) if not k.startswith("_")}
    exec(display, namespace)
    return namespace[display.split(" = ")[0]]


def table_of(markup: str) -> dict[str, str]:
    """{first cell: last cell} of the rows of data cells of every table in `markup` (as test_panels.shown)."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", markup, re.S):
        cells = re.findall(r"<(td|th)\b[^>]*>(.*?)</\1>", row, re.S)
        if len(cells) > 1 and cells[0][0] == "td":
            rows[_text(cells[0][1])] = _text(cells[-1][1])
    return rows


def _text(markup: str) -> str:
    """The text of an HTML fragment, as the browser's textContent.trim()."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def first_slider(panel: Locator) -> tuple[str, Locator, Locator]:
    """(name in the class bl-control-<name>, handle, text box) of the panel's first numeric slider."""
    box = panel.locator("[class*='bl-control-']").filter(has=panel.page.locator(".widget-slider")).first
    css = re.search(r"bl-control-(\S+)", box.get_attribute("class")).group(1)
    return css, box.locator(".noUi-handle"), box.locator("input[type=text]")


def is_log(control) -> bool:
    """A FloatLogSlider: its handle, min, max and step are exponents."""
    return type(control).__name__ == "FloatLogSlider"


def typed_and_chosen(control, presses: int) -> tuple[float, float]:
    """A value to type (a quarter of the way along the slider, on its grid), and the value the slider
    ends on after it and `presses` ArrowRight presses."""
    if is_log(control):
        exponent = round((control.min + (control.max - control.min) / 4) / control.step) * control.step
        return round(control.base ** exponent, 6), control.base ** min(exponent + presses * control.step, control.max)
    typed = control.min + round((control.max - control.min) / 4 / control.step) * control.step
    typed = int(typed) if type(control).__name__ == "IntSlider" else round(typed, 2)
    return typed, min(typed + presses * control.step, control.max)


def _near(handle: Locator, control, value: float) -> bool:
    """Whether the slider's handle shows `value` (a log slider's handle holds the exponent)."""
    text = handle.get_attribute("aria-valuetext") or handle.get_attribute("aria-valuenow")
    shown_value = control.base ** float(text) if is_log(control) else float(text)
    return math.isclose(shown_value, value, rel_tol=1e-3 if is_log(control) else 1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_panel_ends_on_the_last_value_chosen(page: Page, lab_server, notebook):
    """Per panel: type a value, then two arrow keys at once, on a slow kernel: the slider, its box and
    the numbers end on the typed value plus two steps, the numbers as the package computes them."""
    open_slowed(page, lab_server, notebook)
    for display, _check, settings in panel_cells(notebook):
        on_page = cell_with(page, display).locator(".bl-panel")
        css, handle, box = first_slider(on_page)
        here = build(display)
        name = next(n for n in here.controls if n.replace(" ", "-") == css)
        control = here.controls[name]
        typed, value = typed_and_chosen(control, 2)
        box.fill(str(typed))
        box.press("Enter")
        until(page, lambda: _near(handle, control, typed), f"{display}: the slider taking {typed}")
        handle.focus()
        handle.press("ArrowRight")
        handle.press("ArrowRight")   # both sent while the kernel still refreshes for the typed value
        here.set(**settings)
        here.set(**{name: value})
        want = table_of(here.numbers.value)
        on_screen = steady(page, lambda: shown(on_page), f"{display}: the numbers for {name} = {value}")
        assert _near(handle, control, value), (display, handle.get_attribute("aria-valuetext"), value)
        assert on_screen == want, (display, name, value)
        if on_page.locator(".widget-play").count():
            check_play(page, on_page, here, name, handle, box)
    lab.assert_no_error_outputs(page)
    lab.assert_clean_console(page)


def check_play(page: Page, on_page: Locator, here, name: str, handle: Locator, box: Locator) -> None:
    """Play, then pause once the slider has moved on: slider, box and numbers agree on one value and
    stay there (the numbers as the package computes them for the slider's value)."""
    start = float(handle.get_attribute("aria-valuenow"))
    buttons = on_page.locator(".widget-play button")
    buttons.first.click()
    until(page, lambda: float(handle.get_attribute("aria-valuenow")) > start, "Play moving the slider")
    buttons.first.click()   # pause
    def agreed():
        value = float(handle.get_attribute("aria-valuenow"))
        running = on_page.locator(".widget-play button i.fa-pause").count()
        return None if running else (value, box.input_value(), tuple(sorted(shown(on_page).items())))
    value, text, numbers = steady(page, agreed, "the panel after Play and pause")
    here.set(**{name: int(value)})
    assert text == f"{int(value):,}" and dict(numbers) == table_of(here.numbers.value), (value, text)
