"""The lecture notebooks' slider panels, driven in JupyterLab the way a student drives them.

Each test opens one lecture notebook (a temporary copy, see conftest.py), runs all
cells, then moves a panel's controls with the keyboard on the slider handle
(.noUi-handle) and by typing into the readout (.widget-readout) or a text box, and
checks that the numbers the panel shows are the ones ``backprop_lessons`` computes,
in this test process, for the same setting, formatted as the panels format them.
A callback that ignores the new value, or a panel that computes something else,
makes these tests fail; so do widget errors in the browser console, error outputs
in the notebook and the panel's red error message.

The cell after each panel's display cell calls ``panel.set(...)``; after Run All the
controls therefore start at those values (SET_CELLS below, copied from the notebooks and
checked against the notebooks' source by ``test_set_cells_match_notebooks``).

Screenshots of each panel after its controls moved: build/screenshots/sliders-*.png.
"""
from __future__ import annotations

import functools
import inspect
import json
import os
import re
import time

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing playwright must fail
    pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")

from playwright.sync_api import Locator, Page, expect  # noqa: E402

import lab  # noqa: E402  (tests/browser/lab.py)
from test_panels import check_panels_after_run_all  # noqa: E402  (tests/browser/test_panels.py)
from backprop_lessons.panels.beyond import DATA_SETS, beyond_panel, new_classifier  # noqa: E402
from backprop_lessons.figures.boundary import accuracy  # noqa: E402
from backprop_lessons.symbolic.crosscheck import crosscheck, random_case  # noqa: E402
from backprop_lessons.symbolic.formula import formula_activation  # noqa: E402
from backprop_lessons.lecture.example import LECTURE_ROUNDS, lecture_data, train_lecture, worked_round  # noqa: E402
from backprop_lessons.engine.naming import get_parameters  # noqa: E402
from backprop_lessons.engine.network import UPDATE_ORDERS  # noqa: E402
from backprop_lessons.lecture.lessons import LESSONS  # noqa: E402
from backprop_lessons.panels.training import learning_rate_panel  # noqa: E402

pytestmark = pytest.mark.browser

# How long to wait for the kernel to recompute after a move. A move costs at most about a
# second here (the learning-rate panel's first sweep, the beyond panel's retraining, SymPy),
# but the machines are shared; the wait ends as soon as the right number shows.
UPDATE_TIMEOUT_MS = 60_000   # a ceiling: the wait ends when the right value shows

# The display cells (identified by their source) and the set() calls of the cells after them.
NB03, NB05, NB06, NB07, NB08 = (
    "03-the-output-layer.ipynb", "05-training.ipynb", "06-sympy-and-crosscheck.ipynb",
    "07-errata.ipynb", "08-beyond-the-lecture.ipynb")
SECTIONS_03 = LESSONS[3].sections
SET_CELLS = {  # notebook -> (display cell source, set() cell source)
    NB03: ("panel = round_panel(lesson=3)",
           "panel.set(w5=0.8, eta=1.0)"),
    NB05: ("replay = training_panel()", "replay.set(round=1_000)"),
    "05-rates": ("rates = learning_rate_panel()", "rates.set(eta=2.0)"),
    NB06: ("own = formula_panel()", 'own.set(formula="log(1 + exp(x))", seed=3)'),
    NB07: ("orders = orders_panel()", "orders.set(round=1)"),
    NB08: ("panel = beyond_panel()", 'panel.set(data="two moons", hidden_units=8, eta=0.02)'),
}
# The panels' defaults (the notebooks call them without arguments), read from the code.
LR_ROUNDS = inspect.signature(learning_rate_panel).parameters["rounds"].default
BEYOND_DEFAULTS = {name: p.default for name, p in inspect.signature(beyond_panel).parameters.items()}


# --------------------------------------------------------------------------- helpers
def panel_area(page: Page, display_source: str) -> Locator:
    """The output area of the code cell whose source contains ``display_source``."""
    cell = page.locator(f"{lab.NOTEBOOK} .jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=display_source))
    expect(cell).to_have_count(1)
    area = cell.locator(".jp-OutputArea")
    expect(area.locator(".widget-vbox").first).to_be_visible()
    return area


def slider_in(area: Locator, label: str) -> lab.Slider:
    """The slider labelled exactly ``label`` inside ``area`` (one panel's output); its readout is
    the text box beside it (class bl-control-<name>), where a student types a value."""
    root = area.locator(".widget-slider").filter(
        has=area.page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))
    expect(root).to_have_count(1)
    box = area.locator(f".bl-control-{label.replace(' ', '-')}")
    return lab.Slider(root=root, handle=root.locator(".noUi-handle"), readout=box.locator("input[type=text]"))


def expect_value(s: lab.Slider, value: float, *, log: bool = False, timeout_s: float = 60.0) -> None:
    """Wait until the slider's value (aria-valuetext; 10**it for a FloatLogSlider) is ``value``,
    up to float noise from JavaScript (ArrowRight from 0.8 sends 0.8300000000000001)."""
    deadline = time.monotonic() + timeout_s
    while True:
        shown = s.value()
        shown = 10 ** shown if log else shown
        if shown == pytest.approx(value, rel=1e-12, abs=1e-12):
            return
        assert time.monotonic() < deadline, f"slider shows {shown}, expected {value}"
        s.handle.page.wait_for_timeout(100)  # poll the DOM attribute


def value_cell(area: Locator, quantity: str) -> Locator:
    """The last cell of the table row whose first cell reads exactly ``quantity``."""
    first = area.page.locator("td:first-child", has_text=re.compile(rf"^\s*{re.escape(quantity)}\s*$"))
    return area.locator("table tr").filter(has=first).locator("td").last


def table_values(area: Locator) -> dict[str, str]:
    """{quantity: value} of the panel's numbers table (header and section-title rows skipped)."""
    return {row[0]: row[-1] for row in lab.output_table(area, header=False) if len(row) > 1}


def expect_numbers(area: Locator, expected: dict[str, str], *, wait_for: str) -> None:
    """Wait until row ``wait_for`` shows its expected value, then compare the whole table."""
    try:
        expect(value_cell(area, wait_for)).to_have_text(expected[wait_for], timeout=UPDATE_TIMEOUT_MS)
    except AssertionError as error:  # say what the panel shows instead
        raise AssertionError(f"{wait_for} = {expected[wait_for]} expected; the panel shows:\n"
                             f"{area.inner_text()[-2000:]}") from error
    assert table_values(area) == expected
    expect_no_panel_error(area)


def expect_no_panel_error(area: Locator) -> None:
    """The panel's message line (red text when show() raised) is empty."""
    expect(area.locator(".widget-html-content p[style*='color:#a00']")).to_have_count(0)


def expect_figures_rendered(page: Page, area: Locator) -> None:
    """Every figure (an SVG in an <img>) of the panel has loaded and has a size."""
    imgs = area.locator(".widget-image")
    expect(imgs.first).to_be_visible()
    page.wait_for_function(
        "imgs => imgs.every(i => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().height > 0)",
        arg=imgs.element_handles(),
    )


def screenshot_panel(page: Page, area: Locator, name: str) -> None:
    """Scroll the panel to the top of the notebook view and save build/screenshots/<name>.png."""
    expect_figures_rendered(page, area)
    area.evaluate("e => e.scrollIntoView({block: 'start'})")
    lab.screenshot(page, name)


def finish(page: Page) -> None:
    lab.assert_no_error_outputs(page)
    lab.assert_clean_console(page)


def open_and_run(page: Page, lab_server, notebook: str) -> None:
    """Open and Run All; then every panel must agree with its check cell and fit 1366x768
    (test_panels.py: one Run All serves both checks, so the suite stays quick)."""
    lab.open_notebook(page, lab_server, notebook)
    lab.run_all(page)
    check_panels_after_run_all(page, notebook)


# --------------------------------------------------------------------------- expected numbers
def round_numbers(overrides: dict[str, float], eta: float, sections: tuple[str, ...]) -> dict[str, str]:
    """What round_panel(lesson=3) lists for these values: the worked round's steps of
    exactly those sections, each to 9 significant digits."""
    steps = worked_round(overrides, eta).steps
    return {s.name: f"{s.value:.9g}" for s in steps
            if s.section in sections}


@functools.lru_cache(maxsize=None)
def lecture_history(order: str = "correct"):
    """E_total after k rounds of the lecture's training (10,000 rounds, eta = 0.5)."""
    return train_lecture(LECTURE_ROUNDS, order=order)[1].losses


def training_numbers(k: int) -> dict[str, str]:
    """What training_panel() lists at round k: E_total, outputs, targets and weights after k rounds."""
    network, history = train_lecture(k)
    inputs, targets = lecture_data()
    outs = network.forward(inputs).outs[-1][0]
    numbers = {"E_total": lecture_history()[k], "out_o1": outs[0], "out_o2": outs[1],
               "target_o1": targets[0][0], "target_o2": targets[0][1], **get_parameters(network)}
    assert numbers["E_total"] == history.losses[k]
    return {name: f"{value:.9g}" for name, value in numbers.items()}


def learning_rate_numbers(eta: float) -> dict[str, str]:
    losses = train_lecture(LR_ROUNDS, eta)[1].losses
    return {"E_total after 0 rounds": f"{losses[0]:.9g}",
            f"E_total after {LR_ROUNDS} rounds": f"{losses[-1]:.9g}"}


def orders_numbers(k: int) -> dict[str, str]:
    correct, published = lecture_history("correct")[k], lecture_history("as_published")[k]
    return {"E_total (correct)": f"{correct:.9g}", "E_total (as_published)": f"{published:.9g}",
            "as_published - correct": f"{published - correct:.9g}"}


def beyond_numbers(data: str, hidden_units: int, activation: str, loss: str, eta: float,
                   rounds: int, seed: int) -> dict[str, str]:
    """What beyond_panel() lists after training a fresh classifier with these settings."""
    inputs, targets = DATA_SETS[data]()
    network = new_classifier(hidden_units, activation, loss, seed)
    losses = network.train(inputs, targets, rounds, eta, update_biases=True).losses
    n = len(inputs)
    right = int(round(accuracy(network, inputs, targets) * n))
    return {"E_total before training": f"{losses[0]:.6g}",
            f"E_total after {rounds} rounds": f"{losses[-1]:.6g}",
            "E_total per example": f"{losses[-1] / n:.6g}",
            "accuracy": f"{right / n:.1%} ({right} of {n})"}


# --------------------------------------------------------------------------- tests
def test_set_cells_match_notebooks():
    """The starting values assumed below are the ones the notebooks' set() cells use."""
    for key, (display, set_call) in SET_CELLS.items():
        notebook = NB05 if key == "05-rates" else key
        cells = ["".join(c["source"]) for c in json.loads((lab.REPO / "notebooks" / notebook).read_text())["cells"]
                 if c["cell_type"] == "code"]
        shown = [i for i, src in enumerate(cells) if display in src]
        assert len(shown) == 1, (notebook, display)
        assert any(set_call in src for src in cells[shown[0] + 1:shown[0] + 3]), (notebook, set_call)


def test_round_panel_output_layer(page, lab_server):
    """03: w5 by ArrowRight x3, PageUp, ArrowLeft; eta typed into its readout."""
    open_and_run(page, lab_server, NB03)
    area = panel_area(page, SET_CELLS[NB03][0])
    w5, eta = slider_in(area, "w5"), slider_in(area, "eta")

    # After Run All: panel.set(w5=0.8, eta=1.0).
    expect_value(w5, 0.8)
    expect_value(eta, 1.0)
    expect_numbers(area, round_numbers({"w5": 0.8}, 1.0, SECTIONS_03), wait_for="w5+")

    lab.set_slider_by_keys(w5.handle, "ArrowRight", 3)
    expect_value(w5, 0.83)
    expect_numbers(area, round_numbers({"w5": 0.83}, 1.0, SECTIONS_03), wait_for="w5+")

    lab.set_slider_by_keys(w5.handle, "PageUp", 1)  # five steps
    lab.set_slider_by_keys(w5.handle, "ArrowLeft", 1)
    expect_value(w5, 0.87)
    expect_numbers(area, round_numbers({"w5": 0.87}, 1.0, SECTIONS_03), wait_for="w5+")

    lab.type_into_readout(eta.readout, "2,5")   # a decimal comma: read as 2.5, and said
    expect_value(eta, 2.5)
    expect(area.locator(".widget-html-content p")).to_have_text("read 2,5 as 2.5")
    expect(eta.readout).to_have_value("2.50")
    expected = round_numbers({"w5": 0.87}, 2.5, SECTIONS_03)
    expect_numbers(area, expected, wait_for="w6+")  # w6+ depends on eta, not on w5
    assert expected["dE_total/dw5"] == f"{worked_round({'w5': 0.87}, 2.5)['dE_total/dw5']:.9g}"

    screenshot_panel(page, area, "sliders-03-round-panel")
    finish(page)


def test_training_panels(page, lab_server):
    """05: the replay's round slider (readout, then keys); the learning-rate slider (readout)."""
    open_and_run(page, lab_server, NB05)

    replay = panel_area(page, SET_CELLS[NB05][0])
    rnd = slider_in(replay, "round")
    expect_value(rnd, 1_000)  # replay.set(round=1_000)
    expect_numbers(replay, training_numbers(1_000), wait_for="E_total")

    lab.type_into_readout(rnd.readout, "2345")
    expect_value(rnd, 2345)
    expect_numbers(replay, training_numbers(2345), wait_for="E_total")

    lab.set_slider_by_keys(rnd.handle, "ArrowRight", 1)
    expect_value(rnd, 2346)
    expect_numbers(replay, training_numbers(2346), wait_for="E_total")

    lab.set_slider_by_keys(rnd.handle, "PageDown", 1)  # five steps back
    expect_value(rnd, 2341)
    expected = training_numbers(2341)
    expect_numbers(replay, expected, wait_for="E_total")
    assert expected["E_total"] == f"{train_lecture(2341)[1].losses[2341]:.9g}"
    screenshot_panel(page, replay, "sliders-05-training-panel")

    rates = panel_area(page, SET_CELLS["05-rates"][0])
    eta = slider_in(rates, "eta")
    # rates.set(eta=2.0): the readout shows the value; the handle sits on the slider's grid
    # of exponents (-2, -1.95, ..., 0.3), at 10**0.3 = 1.995, so only the readout is checked.
    expect(eta.readout).to_have_value("2")  # the text box shows the value to 3 significant digits
    expect_numbers(rates, learning_rate_numbers(2.0), wait_for=f"E_total after {LR_ROUNDS} rounds")

    lab.type_into_readout(eta.readout, "0.1")
    expect_value(eta, 0.1, log=True)
    expect(eta.readout).to_have_value("0.1")
    expect_numbers(rates, learning_rate_numbers(0.1), wait_for=f"E_total after {LR_ROUNDS} rounds")
    screenshot_panel(page, rates, "sliders-05-learning-rate-panel")
    finish(page)


def test_formula_panel(page, lab_server):
    """06: type tanh(x) into the formula box and press Enter; then the seed slider by keys."""
    open_and_run(page, lab_server, NB06)
    area = panel_area(page, SET_CELLS[NB06][0])
    box = area.locator(".widget-text").filter(has=page.locator(".widget-label", has_text="f(x) =")).locator("input")
    seed = slider_in(area, "seed")
    table = area.locator(".widget-html-content pre")

    def expected_table(formula: str, seed_value: int) -> str:
        check = crosscheck(*random_case([2, 3, 1], formula_activation(formula), "squared", seed=seed_value))
        assert check.all_agree, check.verdict()
        return check.table()

    expect(box).to_have_value("log(1 + exp(x))")  # own.set(formula="log(1 + exp(x))", seed=3)
    expect_value(seed, 3)
    expect(table).to_have_text(expected_table("log(1 + exp(x))", 3), timeout=UPDATE_TIMEOUT_MS)

    box.fill("")
    box.press_sequentially("tanh(x)")
    box.press("Enter")
    want = expected_table("tanh(x)", 3)
    verdict = want.splitlines()[-1]
    assert verdict == "all 13 parameters agree (relative error < 1e-07)"
    expect(table).to_contain_text("activations tanh(x), tanh(x)", timeout=UPDATE_TIMEOUT_MS)
    expect(table).to_have_text(want)
    assert table.inner_text().splitlines()[-1] == verdict

    lab.set_slider_by_keys(seed.handle, "ArrowRight", 1)
    expect_value(seed, 4)
    expect(table).to_have_text(expected_table("tanh(x)", 4), timeout=UPDATE_TIMEOUT_MS)
    expect_no_panel_error(area)
    screenshot_panel(page, area, "sliders-06-formula-panel")
    finish(page)


def test_orders_panel(page, lab_server):
    """07: the errata's round slider: typed into the readout, then ArrowRight and PageUp."""
    open_and_run(page, lab_server, NB07)
    area = panel_area(page, SET_CELLS[NB07][0])
    rnd = slider_in(area, "round")
    expect_value(rnd, 1)  # orders.set(round=1)
    expect_numbers(area, orders_numbers(1), wait_for="E_total (correct)")

    lab.type_into_readout(rnd.readout, "5000")
    expect_value(rnd, 5000)
    expect_numbers(area, orders_numbers(5000), wait_for="E_total (correct)")

    lab.type_into_readout(rnd.readout, "1e9")   # beyond the last round: taken as the last, and said
    expect_value(rnd, LECTURE_ROUNDS)
    expect(area.locator(".widget-html-content p")).to_have_text(
        f"1e9 is beyond the last round, {LECTURE_ROUNDS:,}: showing round {LECTURE_ROUNDS:,}")
    expect_numbers(area, orders_numbers(LECTURE_ROUNDS), wait_for="E_total (correct)")
    lab.type_into_readout(rnd.readout, "5,000")   # thousands, not a decimal comma
    expect_value(rnd, 5000)

    lab.set_slider_by_keys(rnd.handle, "ArrowRight", 2)
    lab.set_slider_by_keys(rnd.handle, "PageUp", 1)
    expect_value(rnd, 5007)
    expected = orders_numbers(5007)
    expect_numbers(area, expected, wait_for="E_total (correct)")
    assert expected["E_total (correct)"] == f"{train_lecture(5007)[1].losses[-1]:.9g}"
    assert set(UPDATE_ORDERS) == {"correct", "as_published"}
    screenshot_panel(page, area, "sliders-07-orders-panel")
    finish(page)


def test_beyond_panel(page, lab_server):
    """08: hidden units by ArrowLeft, rounds typed into the readout; each change retrains."""
    open_and_run(page, lab_server, NB08)
    area = panel_area(page, SET_CELLS[NB08][0])
    hidden, rounds = slider_in(area, "hidden units"), slider_in(area, "rounds")
    # panel.set(data="two moons", hidden_units=8, eta=0.02); the rest are beyond_panel()'s defaults.
    settings = {**BEYOND_DEFAULTS, "data": "two moons", "hidden_units": 8, "eta": 0.02}
    after = f"E_total after {settings['rounds']} rounds"
    expect_value(hidden, 8)
    expect_value(rounds, settings["rounds"])
    expect_numbers(area, beyond_numbers(**settings), wait_for=after)

    lab.set_slider_by_keys(hidden.handle, "ArrowLeft", 1)
    expect_value(hidden, 7)
    settings["hidden_units"] = 7
    expect_numbers(area, beyond_numbers(**settings), wait_for=after)

    lab.type_into_readout(rounds.readout, "300")
    expect_value(rounds, 300)
    settings["rounds"] = 300
    expect_numbers(area, beyond_numbers(**settings), wait_for="E_total after 300 rounds")
    screenshot_panel(page, area, "sliders-08-beyond-panel")
    finish(page)
