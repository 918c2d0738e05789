"""Slider panels: set() and summary() show the numbers of worked_round and Network.train.

No browser here: a panel is driven the way a notebook cell drives it, and its
controls' observers are the same code a moved slider runs.
"""
import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets
import numpy as np
import pytest

from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError
from backprop_lessons.lecture.example import lecture_data, lecture_network, worked_round
from backprop_lessons.engine.naming import get_parameters
from backprop_lessons.engine.network import Network
from backprop_lessons.panels.base import Panel, format_lines, html_table, numbers_shown
from backprop_lessons.panels.round import round_panel
from backprop_lessons.panels.surface import surface_panel
from backprop_lessons.panels.training import learning_rate_panel, training_panel

UPDATED = ["w5+", "w6+", "w7+", "w8+", "w1+", "w2+", "w3+", "w4+"]


def shown(panel) -> dict[str, str]:
    """The `name = value` lines of a panel's summary, as text."""
    return dict(line.split(" = ", 1) for line in panel.summary().splitlines()[1:] if " = " in line)


def diverging():
    """A one-neuron linear network that eta = 5 blows up within a few rounds."""
    return Network([[[1.0, 1.0]], [[1.0]]], [[0.0], [0.0]], activations="identity"), [[1.0, 1.0]], [[0.0]]


@pytest.fixture(scope="module")
def rounds():
    """One round panel for the module: building it renders a figure."""
    return round_panel()


# panel.py ------------------------------------------------------------------------------

def test_format_lines_and_html_table():
    assert format_lines({"E_total": 0.29837110876, "w5+": 0.5}) == "E_total = 0.298371109\nw5+ = 0.5"
    table = html_table([("section <1>",), ("a", "b")], ("x", "y"))
    assert "colspan=2" in table and "&lt;1&gt;" in table and "<td" in table
    text, table = numbers_shown("round 3", {"E_total": 1 / 3})
    assert text == "round 3\nE_total = 0.333333333" and ">.333333333</span></td>" in table


class Broken(Panel):
    """A panel whose show() fails the way a bug would."""

    def show(self, values):
        raise ZeroDivisionError("division by zero")


def test_no_exception_leaves_a_callback():
    panel = Broken({"x": widgets.FloatSlider(value=0.5, min=0, max=1)}, [])
    panel.controls["x"].value = 0.7                      # the observer runs: it must not raise
    assert panel.summary() == "message: unexpected ZeroDivisionError: division by zero"
    assert "ZeroDivisionError" in panel.message.value


def test_set_checks_names_and_ranges(rounds):
    with pytest.raises(InvalidValueError, match="not a control"):
        rounds.set(w9=0.1)
    with pytest.raises(InvalidValueError, match="at least 0.01"):
        rounds.set(eta=0)
    with pytest.raises(InvalidValueError, match="at most 2"):
        rounds.set(w5=2.5)
    with pytest.raises(InvalidTypeError):
        rounds.set(update_biases="yes")


def test_panel_displays_as_its_widget(rounds):
    bundle = rounds._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and repr(rounds) == "<RoundPanel>"


# round_panel ---------------------------------------------------------------------------

def test_round_panel_shows_the_lecture_round(rounds):
    rounds.set(**{name: control.value for name, control in round_panel().controls.items()})
    worked = worked_round()
    assert rounds.summary().splitlines()[0] == "eta = 0.5, update_biases = False"
    assert shown(rounds)["E_total"] == f"{worked['E_total']:.9g}" == "0.298371109"
    assert [shown(rounds)[name] for name in UPDATED] == [f"{worked[name]:.9g}" for name in UPDATED]


def test_round_panel_set_recomputes_like_worked_round(rounds):
    rounds.set(w5=0.3, eta=0.5)
    worked = worked_round({"w5": 0.3}, 0.5)
    assert shown(rounds)["E_total+"] == f"{worked['E_total+']:.9g}"
    table = rounds.table_text()
    for step in worked.steps:
        assert f"  {step.name} = {step.formula} = {step.value:.9g}" in table
    assert rounds.views[0].labels["w5"].get_text().startswith("w₅ = 0.3\n")
    assert bytes(rounds.images[0].value).startswith(b"<?xml") and rounds.images[0].format == "svg+xml"
    rounds.set(w5=0.4)


def test_a_moved_slider_runs_the_same_refresh(rounds):
    rounds.controls["w6"].value = -1.0
    assert shown(rounds)["w6+"] == f"{worked_round({'w6': -1.0})['w6+']:.9g}"
    rounds.controls["w6"].value = 0.45


def test_round_panel_bias_updates(rounds):
    rounds.set(update_biases=True)
    assert shown(rounds)["b2+"] == f"{worked_round(update_biases=True)['b2+']:.9g}"
    rounds.set(update_biases=False)
    assert "b2+" not in shown(rounds)


@pytest.mark.parametrize("values", [
    {"eta": 5.0}, {"w1": 2.0, "w2": 2.0, "w3": 2.0, "w4": 2.0, "w5": 2.0, "w6": 2.0, "w7": 2.0, "w8": 2.0},
    {"w1": -2.0, "w5": -2.0, "b1": -2.0, "b2": 2.0, "eta": 0.01}, {"i1": 0.0, "i2": 0.0},
    {"i1": -1.0, "i2": 1.0, "target_o1": 0.0, "target_o2": 1.0}])
def test_round_panel_extremes_show_numbers(values):
    panel = round_panel()
    panel.set(**values)
    assert panel.error is None and np.isfinite(float(shown(panel)["E_total+"]))


# training_panel ------------------------------------------------------------------------

def test_training_panel_replays_network_train():
    panel = training_panel(rounds=120, eta=2.0)
    inputs, targets = lecture_data()
    for k in (0, 1, 77, 120):
        panel.set(round=k)
        network = lecture_network()
        history = network.train(inputs, targets, k, 2.0)
        assert shown(panel)["E_total"] == f"{history.losses[-1]:.9g}"
        assert shown(panel)["w5"] == f"{get_parameters(network)['w5']:.9g}"
        assert shown(panel)["out_o1"] == f"{network.forward(inputs).outs[-1][0, 0]:.9g}"
    assert panel.views[0].marker.get_xydata().tolist() == [[120, history.losses[-1]]]


def test_training_panel_reaches_the_lecture_10000_rounds():
    panel = training_panel()
    assert panel.controls["round"].value == 0 and shown(panel)["E_total"] == "0.298371109"
    panel.set(round=10_000)
    assert float(shown(panel)["E_total"]) == pytest.approx(3.51e-5, rel=1e-2)


def test_training_panel_shows_where_training_diverged():
    panel = training_panel(*diverging(), rounds=200, eta=5.0)
    assert "training diverged at round 5" in panel.summary() and "diverged" in panel.note.value
    assert panel.controls["round"].max == 4
    with pytest.raises(InvalidValueError):
        panel.set(round=5)


# learning_rate_panel -------------------------------------------------------------------

def test_learning_rate_panel_trains_at_the_chosen_eta():
    panel = learning_rate_panel(rounds=150)
    line = panel.views[0].lines[0]
    panel.set(eta=2.0, update_biases=True)
    history = lecture_network().train(*lecture_data(), 150, 2.0, update_biases=True)
    assert shown(panel)["E_total after 150 rounds"] == f"{history.losses[-1]:.9g}"
    assert panel.views[0].lines[0] is line and line.get_ydata().tolist() == history.losses.tolist()
    assert "Each eta trains 150 rounds" in panel.note.value


def test_learning_rate_panel_takes_another_trainer():
    calls = []

    def losses_for(eta, update_biases):
        calls.append((eta, update_biases))
        return np.array([1.0, eta])

    panel = learning_rate_panel(losses_for=losses_for)
    panel.set(eta=0.1)
    assert calls == [(0.5, False), (0.5, False), (0.1, False)] and shown(panel)["E_total after 1 round"] == "0.1"


def test_learning_rate_panel_reports_divergence():
    panel = learning_rate_panel(*diverging(), rounds=100)
    panel.set(eta=5.0)
    assert panel.summary().startswith("message: training diverged at round")
    assert "smaller learning rate" in panel.message.value
    assert panel.views[0].lines[0].get_label() == "eta = 5 (diverged)" and len(panel.views[0].lines[0].get_xdata()) == 0
    panel.set(eta=0.01)
    assert panel.error is None


# surface_panel -------------------------------------------------------------------------

def test_surface_panel_descends_on_two_weights():
    panel = surface_panel()
    panel.set(x="w5", y="w1", eta=0.5, steps=10)
    worked = worked_round()
    assert shown(panel)["dE_total/dw5"] == f"{worked['dE_total/dw5']:.9g}"
    assert shown(panel)["dE_total/dw1"] == f"{worked['dE_total/dw1']:.9g}"
    assert shown(panel)["start E_total"] == "0.298371109"
    panel.set(x="w1", y="w1")
    assert panel.summary() == "message: x and y must be two different parameters; both are 'w1'"
    panel.set(x="w8", eta=5.0, steps=1000)
    assert panel.error is None and float(shown(panel)["end E_total"]) < 0.298371109


def test_round_panel_sections_limit_the_table_and_summary():
    panel = round_panel(sections=("Chain rule for w5",))
    panel.set(w5=0.3)
    assert "dE_total/dw5 = " in panel.summary() and "net_h1" not in panel.summary()
    expected = worked_round({"w5": 0.3})["dE_total/dw5"]
    assert f"dE_total/dw5 = {expected:.9g}" in panel.summary()
