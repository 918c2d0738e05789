"""Panels as a student meets them (issue 15), without a browser: typed values, tables,
the hint before a cell runs, which controls a panel shows, divergence, the formula panel."""
import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets
import numpy as np
import pytest

from backprop_lessons.panels.base import Panel
from backprop_lessons.panels.beyond import beyond_panel, diverged
from backprop_lessons.panels.formula import formula_panel
from backprop_lessons.panels.orders import orders_panel
from backprop_lessons.panels.round import round_panel, visible_controls
from backprop_lessons.panels.tables import html_table, rounds_text
from backprop_lessons.panels.typed import take

ROUND = widgets.IntSlider(value=5, min=0, max=10_000)
W5 = widgets.FloatSlider(value=0.4, min=-2.0, max=2.0, step=0.01)


@pytest.mark.parametrize("text, control, value, said", [
    ("1,5", W5, 1.5, "read 1,5 as 1.5"),
    ("1e9", ROUND, 10_000, "1e9 is beyond the last round, 10,000: showing round 10,000"),
    ("-3", W5, -2.0, "-3 is below the smallest w5, -2.00: showing w5 = -2.00"),
    ("2.6", ROUND, 3, "round takes whole numbers: 2.6 is taken as 3"),
    ("10,000", ROUND, 10_000, ""),
    ("abc", W5, None, "'abc' is not a number: w5 stays at 0.40"),
    ("nan", W5, None, "'nan' is not a number: w5 stays at 0.40"),
    ("0.25", W5, 0.25, ""),
])
def test_typed_values_say_what_was_taken(text, control, value, said):
    name = "round" if control is ROUND else "w5"
    assert take(text, control, name) == (value, said)


def test_a_typed_value_moves_the_slider_and_the_panel_says_so():
    panel = orders_panel(rounds=50)
    typed = panel.boxes["round"].children[1]
    typed.value = "1e9"
    assert panel.controls["round"].value == 50 and typed.value == "50"
    assert "1e9 is beyond the last round, 50: showing round 50" in panel.message.value
    assert panel.summary().startswith("after 50 rounds")
    typed.value = "x"
    assert panel.controls["round"].value == 50 and "is not a number: round stays at 50" in panel.message.value and typed.value == "50"
    panel.set(round=3)
    assert typed.value == "3" and panel.message.value == ""


def test_table_aligns_numbers_and_marks_rows():
    table = html_table([("a", "0.5"), ("bb", "-12.25"), ("c", "1e-07")], ("name", "value"),
                       highlight=lambda row: row[0] == "bb")
    assert table.count("text-align:right'>value") == 1 and "text-align:left'>name" in table
    assert table.count("min-width:3ch;text-align:right") == 3       # "-12" is the widest whole part
    assert table.count("background:#fff3c4") == 1 and "white-space:nowrap" in table
    assert rounds_text(1) == "1 round" and rounds_text(0) == "0 rounds"


def test_hint_before_the_cell_runs():
    bundle = orders_panel(rounds=5)._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Run this cell to see the slider panel") and "\n" not in bundle["text/plain"]
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_only_controls_with_a_visible_effect():
    forward = visible_controls(("Forward pass – hidden layer",))
    assert "eta" not in forward and "update_biases" not in forward and "target_o1" not in forward
    assert "eta" in visible_controls(("Chain rule for w5", "Updating the weights"))
    assert "update_biases" in visible_controls(())
    panel = round_panel(sections=("Forward pass – hidden layer",))
    laid_out = [box for box in panel.boxes.values() if _inside(box, panel.widget)]
    assert len(laid_out) == len(forward) and panel.boxes["eta"] not in laid_out


def _inside(widget, root) -> bool:
    """Whether `widget` is `root` or among its children, at any depth."""
    return widget is root or any(_inside(widget, child) for child in getattr(root, "children", ()))


def test_divergence_is_said_with_its_round():
    assert diverged(np.array([2.0, 3.0, 9.0]), 10.0).startswith(
        "training diverged: E_total rose above its start (2) after 1 round")
    assert diverged(np.array([2.0, 3.0, 1.0]), 1.0) == ""
    panel = beyond_panel(activation="relu", eta=10.0, rounds=200)
    assert "training diverged" in panel.message.value and "note: training diverged" in panel.summary()


def test_formula_panel_shows_sympy_and_forgets_the_old_figure():
    panel = formula_panel("log(1 + exp(x))")
    assert r"f'(x) = \frac{e^{x}}{e^{x} + 1}" in panel.formulas.value
    panel.set(formula="log(x)")
    curve = panel.views[0].slope.get_ydata()
    assert np.isnan(curve[panel.views[0].x <= 0]).all() and np.isfinite(curve[panel.views[0].x > 0]).all()
    panel.set(formula="x**")
    assert panel.formulas.value == "" and not panel.views[0].value.get_visible()
    assert "log" not in panel.views[0].ax.get_title() and panel.summary().startswith("message:")


def test_front_end_rounding_is_not_a_change():
    calls = []

    class Counting(Panel):
        def show(self, values):
            calls.append(values["x"])
            return "", ""

    panel = Counting({"x": widgets.FloatSlider(value=0.3, min=-2, max=2, step=0.01)}, [])
    panel.controls["x"].value = 0.2999999999999998    # what noUiSlider sends back for 0.3
    panel.controls["x"].value = 0.5
    assert calls == [0.3, 0.5]
