"""The "Beyond the lecture" panel: a network with a wider hidden layer learns XOR or two moons.

The lecture's network has 2 hidden sigmoid neurons, squared error and one example.
This panel keeps its engine (Network.train, examples as rows, E_total summed over
them) and changes the rest: the data set, the number of hidden units, their
activation (sigmoid, tanh, ReLU), the loss (squared or binary cross-entropy), eta,
the rounds and the seed of the starting weights. The output layer is one sigmoid
neuron, out_o1, read as the probability of class 1. Each change trains a fresh
network and draws its decision boundary, its loss curve and its accuracy.

    panel = beyond_panel()       # a cell marked # NBVAL_IGNORE_OUTPUT displays it
    panel.set(data="two moons", hidden_units=8, eta=0.02)
    print(panel.summary())       # a plain cell, checked by nbval

Used in notebooks/08-beyond-the-lecture.ipynb.
Non-goal: a model playground; the menus hold only what the notebook discusses.
"""
from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from backprop_lessons.figures.boundary import accuracy, plot_decision_boundary
from backprop_lessons.engine.datasets import two_moons, xor
from backprop_lessons.engine.errors import TrainingDivergedError, valid_choice, valid_count, valid_number
from backprop_lessons.engine.network import Network
from backprop_lessons.panels.base import Panel, html_table
from backprop_lessons.panels.tables import rounds_text
from backprop_lessons.figures.loss_curves import plot_losses

# The panel's data sets: fixed, so the same settings always give the same numbers.
DATA_SETS = {"xor": functools.partial(xor, noise=0.1, n=100),
             "two moons": functools.partial(two_moons, n=200, noise=0.1)}
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")
CLASSIFIER_LOSSES = ("squared", "binary_cross_entropy")
MAX_HIDDEN_UNITS, MAX_ROUNDS, MAX_SEED = 16, 3_000, 99
ETA_RANGE = (1e-3, 10.0)
NOTE = ("Each change trains a fresh network on the whole data set: every example is a row of one batch, "
        "E_total is summed over the examples (so a bigger data set wants a smaller eta), and the biases "
        "are updated too. 1,000 rounds take about 0.3 s; 3,000 rounds of 16 hidden units on two moons, about 0.7 s.")


def new_classifier(hidden_units: int, activation: str, loss: str, seed: int) -> Network:
    """Network.random([2, hidden_units, 1], [activation, "sigmoid"], loss, seed=seed): one bias per neuron.

    Used in notebooks/08-beyond-the-lecture.ipynb.
    """
    return Network.random([2, hidden_units, 1], [activation, "sigmoid"], loss, seed=seed)


class BeyondPanel(Panel):
    """Menus and sliders for a [2, hidden, 1] classifier; its boundary, loss curve, E_total and accuracy."""

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Train a fresh classifier with these settings; redraw both figures; report E_total and accuracy."""
        inputs, targets = DATA_SETS[values["data"]]()
        hidden_units, activation, loss, eta, rounds, seed = (
            values[name] for name in ("hidden_units", "activation", "loss", "eta", "rounds", "seed"))
        heading = (f"data = {values['data']} ({len(inputs)} examples), hidden units = {hidden_units} "
                   f"({activation}), loss = {loss}, eta = {eta:g}, rounds = {rounds}, seed = {seed}")
        self.network = new_classifier(hidden_units, activation, loss, seed)
        try:
            history = self.network.train(inputs, targets, rounds, eta, update_biases=True)
        except TrainingDivergedError:   # show where training started, then the message
            self.network = new_classifier(hidden_units, activation, loss, seed)
            self.views[0].update(self.network, inputs, targets, title="before training (training diverged)")
            self.views[1].update({f"eta = {eta:.3g} (diverged)": np.array([])})
            raise
        self.views[0].update(self.network, inputs, targets)
        self.views[1].update({f"{activation}, {loss}, eta = {eta:.3g}": history.losses})
        right = int(round(accuracy(self.network, inputs, targets) * len(inputs)))
        warning = diverged(history.losses, eta)
        self._notice = "; ".join(filter(None, [self._notice, warning]))
        rows = [("E_total before training", f"{history.losses[0]:.6g}"),
                (f"E_total after {rounds_text(rounds)}", f"{history.losses[-1]:.6g}"),
                ("E_total per example", f"{history.losses[-1] / len(inputs):.6g}"),
                ("accuracy", f"{right / len(inputs):.1%} ({right} of {len(inputs)})")]
        text = "\n".join([heading] + [f"{name} = {value}" for name, value in rows]
                         + ([f"note: {warning}"] if warning else []))
        return text, html_table(rows, ("quantity", "value"))


def diverged(losses: np.ndarray, eta: float) -> str:
    """What to say when training ended above where it started: that it diverged, and from which round on."""
    if not losses[-1] > losses[0]:
        return ""
    first = int(np.argmax(losses > losses[0]))
    return (f"training diverged: E_total rose above its start ({losses[0]:.4g}) after {rounds_text(first)} "
            f"and ended at {losses[-1]:,.6g}; try a smaller eta (now {eta:.3g})")


def beyond_panel(*, data: str = "xor", hidden_units: int = 4, activation: str = "tanh",
                 loss: str = "binary_cross_entropy", eta: float = 0.02, rounds: int = 1_000,
                 seed: int = 0) -> BeyondPanel:
    """The panel, starting from these settings (the defaults reach 100% on XOR in about 0.3 s).

    `data` is "xor" (100 noisy examples) or "two moons" (200); eta runs from 0.001 to 10
    on a log scale, rounds up to 3,000, hidden units up to 16, the seed up to 99.
    Used in notebooks/08-beyond-the-lecture.ipynb.
    """
    controls = {
        "data": widgets.Dropdown(options=list(DATA_SETS), value=valid_choice("data", data, DATA_SETS),
                                 description="data set"),
        "hidden_units": widgets.IntSlider(value=valid_count("hidden_units", hidden_units, minimum=1,
                                                            maximum=MAX_HIDDEN_UNITS),
                                          min=1, max=MAX_HIDDEN_UNITS, description="hidden units",
                                          continuous_update=False),
        "activation": widgets.Dropdown(options=HIDDEN_ACTIVATIONS, description="activation",
                                       value=valid_choice("activation", activation, HIDDEN_ACTIVATIONS)),
        "seed": widgets.IntSlider(value=valid_count("seed", seed, maximum=MAX_SEED), min=0, max=MAX_SEED,
                                  description="seed", continuous_update=False),
        "loss": widgets.Dropdown(options=CLASSIFIER_LOSSES, description="loss",
                                 value=valid_choice("loss", loss, CLASSIFIER_LOSSES)),
        "eta": widgets.FloatLogSlider(value=valid_number("eta", eta, minimum=ETA_RANGE[0], maximum=ETA_RANGE[1]),
                                      base=10, min=np.log10(ETA_RANGE[0]), max=np.log10(ETA_RANGE[1]), step=0.1,
                                      description="eta", readout_format=".3g", continuous_update=False),
        "rounds": widgets.IntSlider(value=valid_count("rounds", rounds, maximum=MAX_ROUNDS), min=0,
                                    max=MAX_ROUNDS, step=100, description="rounds", continuous_update=False),
    }
    for control in controls.values():   # room for "hidden units" and the other labels
        control.style.description_width = "90px"
        control.layout.width = "280px"
    groups = {"data": ["data"], "network": ["hidden_units", "activation", "seed"],
              "training": ["loss", "eta", "rounds"]}
    untrained = new_classifier(hidden_units, activation, loss, seed)
    views = [plot_decision_boundary(untrained, *DATA_SETS[data](), size=(5.6, 4.0)),   # one above the other,
             plot_losses({}, title="E_total by round", size=(5.6, 2.7))]              # beside the controls
    return BeyondPanel(controls, views, groups=groups, note=NOTE, table="beside", stack=True)
