"""Notebook 13: symmetry (lecture/symmetry.py), gradient sizes by depth (engine/gradient_flow.py), the panel."""
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from backprop_lessons.engine.errors import BackpropLessonsError, InvalidValueError
from backprop_lessons.engine.gradient_flow import INITS, gain_of, gradient_flow, largest_slope
from backprop_lessons.lecture.symmetry import PAIRS, symmetry_rows, xor_race
from lecturer.answers_beyond import notebook_13 as answers
from backprop_lessons.panels.gradient_flow import gradient_flow_panel
from backprop_lessons.panels.tables import format_lines

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "13-starting-a-deep-network.ipynb"


def test_equal_weights_keep_the_hidden_neurons_twins_round_after_round():
    for _, state in symmetry_rows((0, 1, 50)):
        assert all(state[a] == state[b] for a, b in PAIRS)
        assert state["dE_total/dw1"] != 0 and state["dE_total/dw5"] != state["dE_total/dw7"]   # they do learn


def test_the_lectures_own_weights_are_no_twins():
    state = symmetry_rows((0,), value=0.5)[0][1]
    from backprop_lessons.lecture.example import worked_round
    w = worked_round()
    assert w["out_h1"] != w["out_h2"] and state["out_h1"] == state["out_h2"]


def test_twins_cannot_learn_xor_and_random_weights_can():
    race = xor_race()
    assert race["equal weights"]["largest gap between hidden outputs"] == 0
    assert race["equal weights"]["accuracy"] == 0.5
    assert race["random weights"]["accuracy"] == 1.0 and race["random weights"]["E_total"] < 0.1


def test_the_sigmoids_slope_is_at_most_a_quarter():
    assert largest_slope("sigmoid") == pytest.approx(0.25) and largest_slope("tanh") == pytest.approx(1.0)
    assert largest_slope("relu") == 1.0


def test_sigmoid_gradients_vanish_with_depth_and_tanh_relu_do_not():
    sigmoid = gradient_flow(10, "sigmoid", INITS["Xavier"])
    assert sigmoid.ratio < 1e-6                                     # "millions of times smaller"
    assert all(np.diff(np.log(sigmoid.gradient)) > 0)                # smaller at every layer down
    assert gradient_flow(2, "sigmoid").ratio > sigmoid.ratio * 1e3  # and it is the depth that does it
    for name in ("tanh", "relu"):
        assert 0.1 < gradient_flow(10, name, INITS["Xavier"]).ratio < 10


def test_relu_spread_shrinks_with_xavier_keeps_with_he_and_grows_with_gain_two():
    xavier, he, two = (gradient_flow(10, "relu", g).spread for g in (INITS["Xavier"], INITS["He"], 2.0))
    assert xavier[-1] < xavier[0] / 5
    assert he[0] / 2 < he[-1] < he[0] * 2
    growth = np.exp(np.mean(np.diff(np.log(two))))                   # the notebook: about sqrt(2) a layer
    assert 1.2 < growth < 1.7 and two[-1] > 20 * he[-1]


def test_the_answers_hold_and_match_the_questions():
    a = answers()
    start = symmetry_rows((0,))[0][1]
    assert start["dE_total/dw5"] == start["dE_total/dw6"] and f"{start['dE_total/dw5']:.9f}" in a[1]
    assert f"{1 / gradient_flow(10, 'sigmoid').ratio:.2g}" in a[2]
    assert a[3].startswith("He's")
    questions = "".join(next("".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]
                             if "".join(c["source"]).startswith("## Questions")))
    assert len(re.findall(r"^\d+\. ", questions, re.M)) == len(a)


def test_panel_shows_the_flow_of_its_network_and_uses_the_gain_slider_only_for_gain():
    panel = gradient_flow_panel()
    panel.set(hidden_layers=4, activation="tanh", init="He", gain=5.0)
    flow = gradient_flow(4, "tanh", math.sqrt(2))
    assert panel.error is None and format_lines({"gradient size, layer 1": flow.gradient[0]}) in panel.summary()
    panel.set(init="gain", gain=0.5)
    assert format_lines({"layer 1 / last layer": gradient_flow(4, "tanh", 0.5).ratio}) in panel.summary()
    assert "sigmoid" not in panel.views[0].description() and "tanh" in panel.views[0].description()


@pytest.mark.parametrize("values, name", [({"hidden_layers": 20}, "hidden_layers"), ({"gain": 0.0}, "gain"),
                                          ({"activation": "softplus"}, "activation"), ({"init": "LeCun"}, "init")])
def test_panel_refuses_what_its_controls_cannot_take(values, name):
    with pytest.raises(InvalidValueError, match=name):
        gradient_flow_panel().set(**values)


@pytest.mark.parametrize("call, name", [(lambda: gradient_flow(0), "hidden_layers"),
                                        (lambda: gradient_flow(3, "elu"), "activation"),
                                        (lambda: gradient_flow(3, "relu", -1.0), "gain"),
                                        (lambda: gain_of("LeCun"), "init")])
def test_bad_arguments_are_one_line_errors_naming_the_parameter(call, name):
    with pytest.raises(BackpropLessonsError, match=name):
        call()
