"""Notebook 16: forward mode against reverse mode (engine/forward_mode.py), the counts, the panel."""
import json
import re
from pathlib import Path

import numpy as np
import pytest

from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.engine.forward_mode import (directional_derivative, forward_mode_gradient, mode_counts,
                                                  reverse_mode_gradient)
from lecturer.answers_beyond import notebook_16 as answers
from backprop_lessons.engine.network import Network
from backprop_lessons.lecture.example import lecture_data, lecture_network, worked_round
from backprop_lessons.panels.modes import modes_panel
from backprop_lessons.panels.tables import format_lines

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "16-forward-and-reverse-mode.ipynb"


def test_forward_mode_gives_the_lectures_gradients_one_pass_each():
    gradient, passes = forward_mode_gradient(lecture_network(), *lecture_data())
    w = worked_round(update_biases=True)
    expected = [w[f"dE_total/dw{k}"] for k in range(1, 9)] + [w["dE_total/db1"], w["dE_total/db2"]]
    np.testing.assert_allclose(gradient, expected, rtol=1e-12)
    assert passes == 10


@pytest.mark.parametrize("sizes, activations, loss", [([3, 4, 2], "tanh", "squared"),
                                                     ([5, 3, 3, 4], ["relu", "tanh", "identity"], "softmax_cross_entropy")])
def test_both_modes_agree_on_other_networks_and_batches(sizes, activations, loss):
    network = Network.random(sizes, activations, loss, seed=2)
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(3, sizes[0])), np.eye(sizes[-1])[rng.integers(sizes[-1], size=3)]
    forward, passes = forward_mode_gradient(network, x, t)
    reverse, two = reverse_mode_gradient(network, x, t)
    np.testing.assert_allclose(forward, reverse, rtol=1e-10, atol=1e-14)
    assert passes == mode_counts(network)["parameters"] and two == 2


def test_a_direction_of_all_parameters_is_the_gradient_dotted_with_it():
    network, (x, t) = lecture_network(), lecture_data()
    dots_w = [np.ones_like(w) for w in network.weights]
    dots_b = [np.ones_like(b) for b in network.biases]
    reverse, _ = reverse_mode_gradient(network, x, t)
    assert directional_derivative(network, *network.valid_data(x, t), dots_w, dots_b) == pytest.approx(reverse.sum())


def test_the_counts_grow_with_the_parameters_for_forward_mode_only():
    small, big = mode_counts(Network.random([64, 32, 10])), mode_counts(Network.random([64, 64, 10]))
    assert small["parameters"] == 2410 and small["forward mode: passes"] == 2410
    assert small["forward mode: multiplications"] == 2410 * small["reverse mode: multiplications"]
    assert big["reverse mode: multiplications"] == 2 * small["reverse mode: multiplications"]


def test_the_answers_hold_and_match_the_questions():
    a = answers()
    assert a[1].startswith("2,410 forward-mode passes") and "3,466" in a[3]
    assert mode_counts(Network.random([64, 32, 32, 10]))["parameters"] == 3466
    questions = "".join(next("".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]
                             if "".join(c["source"]).startswith("## Questions")))
    assert len(re.findall(r"^\d+\. ", questions, re.M)) == len(a)


def test_panel_shows_the_counts_of_its_network():
    panel = modes_panel()
    panel.set(inputs=8, hidden=5, hidden_layers=2, outputs=3)
    counts = mode_counts(Network.random([8, 5, 5, 3]))
    assert panel.error is None and format_lines(counts) in panel.summary()
    assert f"{counts['forward mode: multiplications']:,}" in panel.views[0].description()


def test_panel_refuses_sizes_beyond_its_sliders():
    with pytest.raises(InvalidValueError, match="hidden"):
        modes_panel().set(hidden=1000)
