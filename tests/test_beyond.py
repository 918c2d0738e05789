"""Decision boundary and the "Beyond the lecture" panel: figures change in place, numbers equal Network.train."""
import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from backprop_lessons.panels import beyond
from backprop_lessons.panels.beyond import beyond_panel, new_classifier
from backprop_lessons.figures.boundary import accuracy, plot_decision_boundary
from backprop_lessons.engine.datasets import two_moons, xor
from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError
from backprop_lessons.lecture.example import lecture_network
from backprop_lessons.engine.network import Network


def first_input_above_half() -> Network:
    """One sigmoid neuron that says class 1 exactly when i1 > 0.5."""
    return Network([[[10.0, 0.0]]], [[-5.0]])


def direct_summary(data: str, hidden_units: int, activation: str, loss: str, eta: float, rounds: int,
                   seed: int) -> list[str]:
    """The panel's number lines, computed here with Network.random and Network.train alone."""
    inputs, targets = {"xor": xor(noise=0.1, n=100), "two moons": two_moons(n=200, noise=0.1)}[data]
    network = Network.random([2, hidden_units, 1], [activation, "sigmoid"], loss, seed=seed)
    losses = network.train(inputs, targets, rounds, eta, update_biases=True).losses
    right = int(np.sum((network.forward(inputs).outs[-1] > 0.5) == targets))
    n = len(inputs)
    return [f"E_total before training = {losses[0]:.6g}", f"E_total after {rounds} rounds = {losses[-1]:.6g}",
            f"E_total per example = {losses[-1] / n:.6g}", f"accuracy = {100 * right / n:.1f}% ({right} of {n})"]


@pytest.fixture(scope="module")
def panel():
    """One panel for the module: each refresh trains a network."""
    return beyond_panel()


# boundary.py ---------------------------------------------------------------------------

def test_accuracy_counts_out_above_half_against_the_target():
    inputs, targets = xor()
    assert accuracy(first_input_above_half(), inputs, [[0], [0], [1], [1]]) == 1.0
    assert accuracy(first_input_above_half(), inputs, targets) == 0.5


def test_boundary_updates_its_artists_in_place():
    inputs, targets = xor()
    view = plot_decision_boundary(first_input_above_half(), inputs, targets, resolution=21)
    image, points, title = view.image, dict(view.points), view.ax.title
    assert view.boundary is not None and view.ax.get_title() == "accuracy 50.0%"
    x_low, x_high, y_low, y_high = image.get_extent()
    assert x_low < 0 and x_high > 1 and y_low < 0 and y_high > 1
    assert image.get_array()[0, 0] < 0.5 < image.get_array()[0, -1]   # i1 grows along a row
    before = image.get_array().copy()

    flipped = Network([[[-10.0, 0.0]]], [[5.0]])
    view.update(flipped)
    assert view.image is image and view.points == points and view.ax.title is title
    assert np.allclose(image.get_array(), 1 - before)
    moons, labels = two_moons(n=20)
    view.update(flipped, moons, labels)
    assert np.array_equal(view.points[1].get_offsets(), moons[10:]) and image.get_extent()[0] < moons[:, 0].min()
    assert view.svg().startswith(b"<?xml")


def test_boundary_without_a_crossing_draws_no_line():
    inputs, targets = xor()
    view = plot_decision_boundary(Network([[[0.0, 0.0]]], [[3.0]]), inputs, targets, resolution=5)
    assert view.boundary is None and view.ax.get_title() == "accuracy 50.0%"


@pytest.mark.parametrize("call, error, name", [
    (lambda: plot_decision_boundary(lecture_network(), *xor()), InvalidValueError, "2 inputs and 1 output"),
    (lambda: accuracy("network", *xor()), InvalidValueError, "network must be a Network"),
    (lambda: accuracy(first_input_above_half(), xor()[0], [[0.5]] * 4), InvalidValueError, "targets must be 0 or 1"),
    (lambda: accuracy(first_input_above_half(), [[0.0, 1.0, 2.0]], [[1]]), InvalidValueError, "inputs"),
    (lambda: plot_decision_boundary(first_input_above_half(), xor()[0], None), InvalidValueError, "targets"),
    (lambda: plot_decision_boundary(first_input_above_half(), *xor(), resolution=1), InvalidValueError,
     "resolution"),
])
def test_boundary_refuses_what_it_cannot_draw(call, error, name):
    with pytest.raises(error, match=name):
        call()


# beyond.py -----------------------------------------------------------------------------

def test_classic_xor_is_learned_by_four_tanh_units():
    inputs, targets = xor()
    for seed in range(5):
        network = new_classifier(4, "tanh", "binary_cross_entropy", seed)
        network.train(inputs, targets, 2_000, 0.5, update_biases=True)
        assert accuracy(network, inputs, targets) == 1.0


def test_default_panel_equals_network_train_and_reaches_full_accuracy(panel):
    panel.set(data="xor", hidden_units=4, activation="tanh", loss="binary_cross_entropy", eta=0.02,
              rounds=1_000, seed=0)
    heading, *numbers = panel.summary().splitlines()
    assert heading == ("data = xor (100 examples), hidden units = 4 (tanh), loss = binary_cross_entropy, "
                       "eta = 0.02, rounds = 1000, seed = 0")
    assert numbers == direct_summary("xor", 4, "tanh", "binary_cross_entropy", 0.02, 1_000, 0)
    assert numbers[-1] == "accuracy = 100.0% (100 of 100)"


def test_panel_changes_its_figures_in_place(panel):
    image, curve = panel.views[0].image, panel.views[1].lines[0]
    settings = dict(data="two moons", hidden_units=8, activation="relu", loss="squared", eta=0.05, rounds=300,
                    seed=3)
    panel.set(**settings)
    assert panel.summary().splitlines()[1:] == direct_summary(**settings)
    assert panel.views[0].image is image and panel.views[1].lines[0] is curve
    assert len(curve.get_ydata()) == 301 and panel.views[0].points[0].get_offsets().shape == (100, 2)
    assert panel.error is None and "accuracy" in panel.numbers.value


@pytest.mark.parametrize("settings", [
    dict(hidden_units=1, activation="sigmoid", loss="squared", eta=0.001, rounds=0),
    dict(hidden_units=16, activation="relu", loss="binary_cross_entropy", eta=10.0, rounds=1_000, seed=99),
    dict(data="two moons", hidden_units=16, activation="tanh", eta=10.0, rounds=500),
])
def test_extremes_never_raise(panel, settings):
    panel.set(**settings)
    assert panel.error is None and panel.summary().startswith("data = ")


def test_diverging_training_shows_the_message(panel, monkeypatch):
    def overflowing(*settings) -> Network:
        """Weights so large that out_h1 = inf near (1, 1), and net_o1 = 0 * inf = NaN, in the first forward pass."""
        return Network([[[1.7e308, 1.7e308]], [[0.0]]], [[0.0], [0.0]], ["relu", "sigmoid"])

    monkeypatch.setattr(beyond, "new_classifier", overflowing)
    panel.set(data="xor", rounds=100)
    assert panel.summary().startswith("message: training diverged at round 0")
    assert panel.views[0].ax.get_title() == "before training (training diverged)"
    assert "diverged" in panel.views[1].lines[0].get_label()


@pytest.mark.parametrize("call, error, name", [
    (lambda: beyond_panel(data="circles"), InvalidValueError, "data must be one of xor, two moons"),
    (lambda: beyond_panel(hidden_units=17), InvalidValueError, "hidden_units"),
    (lambda: beyond_panel(activation="identity"), InvalidValueError, "activation"),
    (lambda: beyond_panel(loss="softmax_cross_entropy"), InvalidValueError, "loss"),
    (lambda: beyond_panel(eta=0.0), InvalidValueError, "eta"),
    (lambda: beyond_panel(rounds=3.5), InvalidTypeError, "rounds"),
])
def test_bad_panel_settings_raise(call, error, name):
    with pytest.raises(error, match=name):
        call()


@pytest.mark.parametrize("settings, error, name", [
    (dict(hidden_units=0), InvalidValueError, "hidden_units"),
    (dict(eta=100.0), InvalidValueError, "eta"),
    (dict(loss="cross_entropy"), InvalidValueError, "loss"),
    (dict(width=3), InvalidValueError, "width"),
])
def test_bad_set_raises_and_leaves_the_panel_unchanged(panel, settings, error, name):
    before = panel.summary()
    with pytest.raises(error, match=name):
        panel.set(**settings)
    assert panel.summary() == before
