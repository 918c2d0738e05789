"""Notebook 12: the four equations (lecture/any_depth.py), their check on deeper networks, the depth panel."""
import json
import re
from pathlib import Path

import numpy as np
import pytest

from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.engine.naming import gradient_vector
from backprop_lessons.engine.network import Network
from backprop_lessons.lecture import any_depth
from backprop_lessons.lecture.any_depth import four_equations, lecture_rows
from lecturer.answers_beyond import notebook_12 as answers
from backprop_lessons.panels.depth import depth_panel
from backprop_lessons.panels.tables import format_lines
from backprop_lessons.symbolic.deep_check import deep_check

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "12-any-depth.ipynb"


def test_at_two_layers_the_four_equations_give_the_worked_rounds_numbers():
    rows = lecture_rows()
    assert {r.name for r in rows} >= {"delta_o1", "delta_h2", "dE_total/dw1", "dE_total/dw8", "dE_total/db1"}
    for r in rows:
        assert r.four_equations == pytest.approx(r.worked_round, rel=1e-13, abs=1e-16), r.name


@pytest.mark.parametrize("sizes", [[2, 2], [3, 5, 2], [2, 3, 4, 3, 1], [4, 2, 2, 2, 2, 2, 3]])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_the_four_equations_equal_the_packages_backward_pass_at_any_depth(sizes, activation):
    network = Network.random(sizes, activation, seed=len(sizes))
    x, t = np.linspace(-1, 1, sizes[0]), np.linspace(0.1, 0.9, sizes[-1])
    package = network.backward(network.forward(x), t)
    np.testing.assert_allclose(gradient_vector(four_equations(network, x, t)), gradient_vector(package), rtol=1e-13)


def test_another_loss_changes_only_bp1():
    """Answer 2: with cross-entropy, the same BP2..BP4 still give the network's gradients."""
    network = Network.random([2, 3, 3, 2], "sigmoid", "binary_cross_entropy", seed=3)
    x, t = [0.05, 0.10], [0.01, 0.99]
    np.testing.assert_allclose(gradient_vector(four_equations(network, x, t)),
                               gradient_vector(network.backward(network.forward(x), t)), rtol=1e-13)


def test_deep_check_agrees_for_correct_equations_and_catches_a_wrong_one(monkeypatch):
    assert deep_check([2, 3, 3, 3, 2], "sigmoid").all_agree
    monkeypatch.setattr(any_depth, "bp2", lambda w, delta, slope: (w @ np.resize(delta, w.shape[1])) * slope
                        if w.shape[0] == w.shape[1] else (w.T @ delta) * slope)   # W, not W^T, where square
    check = deep_check([2, 3, 3, 3, 2], "sigmoid")
    assert not check.all_agree and "DISAGREE" in check.text()
    assert check.layers[-1].error_sympy < 1e-12   # the output layer needs no BP2


def test_four_equations_take_one_example_and_say_so():
    with pytest.raises(InvalidValueError, match="inputs must be one example"):
        four_equations(Network.random([2, 2, 2]), [[0.1, 0.2], [0.3, 0.4]], [[0, 1], [1, 0]])


def test_the_answers_hold_for_the_networks_they_describe():
    a = answers()
    deep = Network.random([2, 3, 3, 3, 2], seed=0)
    g = four_equations(deep, [0.05, 0.10], [0.01, 0.99])
    assert f"{len(deep.weights) - 1} of them by BP2" in a[1]
    assert all(f"dE/dW^{l + 1} {w.shape}" in a[3] and w.shape == deep.weights[l].shape for l, w in enumerate(g.weights))
    questions = "".join(next(c["source"] for c in json.loads(NOTEBOOK.read_text())["cells"]
                             if "".join(c["source"]).startswith("## Questions")))
    assert len(re.findall(r"^\d+\. ", questions, re.M)) == len(a)


def test_depth_panel_shows_deep_check_of_its_network():
    panel = depth_panel()
    panel.set(hidden_layers=3, width=2, activation="relu", seed=4)
    check = deep_check([2, 2, 2, 2, 2], "relu", seed=4)
    assert panel.error is None and check.description in panel.summary()
    assert format_lines({"layer 1: largest |dE/dp|": check.layers[0].largest}) in panel.summary()
    assert "agree" in panel.summary() and "layer 4: rel. error vs SymPy" in panel.numbers.value


def test_depth_panel_refuses_depths_beyond_its_sliders():
    with pytest.raises(InvalidValueError, match="hidden_layers"):
        depth_panel().set(hidden_layers=9)
