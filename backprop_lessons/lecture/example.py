"""The lecture's worked example: the 2-2-2 network, its numbers, one round step by step.

Here the code uses the lecture's names (i1, w5, net_h1, out_o1, delta_o1, E_total, eta)
and scalar arithmetic, so it reads beside the slides. The general engine (network.py)
computes the same round with matrices; the tests check that the two agree, and that
every figure printed in the lecture comes out of this module when rounded.

The numbers below are the lecture's starting point (inputs, targets, initial weights,
eta), not its results: every result is computed. The lecture's layout is
    net_h1 = w1*i1 + w2*i2 + b1     net_o1 = w5*out_h1 + w6*out_h2 + b2
    net_h2 = w3*i1 + w4*i2 + b1     net_o2 = w7*out_h1 + w8*out_h2 + b2
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from backprop_lessons.engine.activations import SIGMOID, sigmoid
from backprop_lessons.engine.budget import valid_budget_flag
from backprop_lessons.engine.errors import (InvalidTypeError, InvalidValueError, valid_choice, valid_count, valid_flag,
                                            valid_number, shown)
from backprop_lessons.engine.losses import SQUARED
from backprop_lessons.engine.network import UPDATE_ORDERS, History, Network, valid_network
from backprop_lessons.engine.notation import figure, latex_formula, latex_name

LECTURE_VALUES: dict[str, float] = {
    "i1": 0.05, "i2": 0.10,                   # the training inputs
    "target_o1": 0.01, "target_o2": 0.99,     # the outputs we want
    "w1": 0.15, "w2": 0.20, "w3": 0.25, "w4": 0.30, "b1": 0.35,   # into the hidden layer
    "w5": 0.40, "w6": 0.45, "w7": 0.50, "w8": 0.55, "b2": 0.60,   # into the output layer
}
LECTURE_ETA = 0.5
LECTURE_ROUNDS = 10_000   # "Repeating this process 10,000 times"


@dataclass(frozen=True)
class Step:
    """One quantity of the worked round: lecture name, formula, value and slide section."""

    name: str       # lecture name, e.g. "dE_total/dw5"
    formula: str    # plain formula in lecture names, e.g. "delta_o1 * out_h1"
    value: float
    section: str

    @property
    def latex(self) -> str:
        """`name = formula = value` in LaTeX, the value rounded as the lecture rounds (notation.figure)."""
        return f"{latex_name(self.name)} = {latex_formula(self.formula)} = {figure(self.value)}"


class WorkedRound:
    """The steps of one round of backprop, in the lecture's order; `round["out_h1"]` reads one."""

    def __init__(self, steps: list[Step]):
        self.steps = steps
        self._values = {step.name: step.value for step in steps}

    def __getitem__(self, name: str) -> float:
        if name not in self._values:
            raise InvalidValueError(f"name must be a quantity of the worked round, got {shown(name)}")
        return self._values[name]

    def __contains__(self, name: str) -> bool:
        return name in self._values

    def values(self) -> dict[str, float]:
        """Every quantity by lecture name, in the lecture's order."""
        return dict(self._values)


def lecture_values(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The lecture's inputs, targets and weights, with any of them replaced by `overrides`."""
    values = dict(LECTURE_VALUES)
    if overrides is not None and not isinstance(overrides, Mapping):
        raise InvalidTypeError(f"overrides must be a mapping such as {{'w5': 0.3}}, got {shown(overrides)}")
    for name, value in (overrides or {}).items():
        if name not in LECTURE_VALUES:
            raise InvalidValueError(f"{shown(name)} is not a value of the lecture's network; "
                                    f"expected one of {', '.join(LECTURE_VALUES)}")
        values[name] = valid_number(name, value)
    return values


def lecture_network(overrides: Mapping[str, float] | None = None) -> Network:
    """The lecture's network as a general Network: one shared bias per layer, sigmoid, squared."""
    return network_of(lecture_values(overrides))


def lecture_data(overrides: Mapping[str, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The training example as arrays: inputs [[i1, i2]] and targets [[target_o1, target_o2]]."""
    return data_of(lecture_values(overrides))


def network_of(v: Mapping[str, float]) -> Network:
    """lecture_network() from values lecture_values() has checked already (they are not checked again)."""
    return Network._built([np.array([[v["w1"], v["w2"]], [v["w3"], v["w4"]]]),
                           np.array([[v["w5"], v["w6"]], [v["w7"], v["w8"]]])],
                          [np.array([v["b1"]]), np.array([v["b2"]])], [SIGMOID, SIGMOID], SQUARED, "float64")


def data_of(v: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """lecture_data() from values lecture_values() has checked already."""
    return np.array([[v["i1"], v["i2"]]]), np.array([[v["target_o1"], v["target_o2"]]])


class Recorder:
    """Collects Steps and keeps every value by name, so formulas can use earlier ones.

    `number` turns each result into the recorded value and `logistic` is 1/(1 + e^-net):
    float and NumPy here; exact SymPy expressions in exact.py, which works the same round.
    """

    def __init__(self, values: dict, number=float, logistic=sigmoid):
        self.v = dict(values)
        self.steps: list[Step] = []
        self.number, self.logistic = number, logistic

    def add(self, section: str, name: str, formula: str, value: float) -> float:
        value = self.number(value)
        self.v[name] = value
        self.steps.append(Step(name, formula, value, section))
        return value


def _forward_pass(r: Recorder, after: str = "") -> None:
    """Forward pass and error, as on the slides; `after="+"` repeats them with the updated weights."""
    v = r.v
    # p["w5"] is "w5+" after the update (and "b1+" when the biases were updated too).
    p = {k: k + after if k + after in v else k for k in ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2")}
    h1, h2, o1, o2 = (name + after for name in ("h1", "h2", "o1", "o2"))
    tail = " (after the update)" if after else ""

    def weighted_sum(net: str, wa: str, xa: str, wb: str, xb: str, bias: str) -> None:
        """net = wa*xa + wb*xb + bias*1, recorded under the lecture's names."""
        r.add(section, net, f"{p[wa]}*{xa} + {p[wb]}*{xb} + {p[bias]}*1",
              v[p[wa]] * v[xa] + v[p[wb]] * v[xb] + v[p[bias]] * 1)

    section = "Forward pass – hidden layer" + tail
    weighted_sum("net_" + h1, "w1", "i1", "w2", "i2", "b1")
    r.add(section, "out_" + h1, f"1/(1 + exp(-net_{h1}))", r.logistic(v["net_" + h1]))
    weighted_sum("net_" + h2, "w3", "i1", "w4", "i2", "b1")
    r.add(section, "out_" + h2, f"1/(1 + exp(-net_{h2}))", r.logistic(v["net_" + h2]))
    section = "Forward pass – output layer" + tail
    weighted_sum("net_" + o1, "w5", "out_" + h1, "w6", "out_" + h2, "b2")
    r.add(section, "out_" + o1, f"1/(1 + exp(-net_{o1}))", r.logistic(v["net_" + o1]))
    weighted_sum("net_" + o2, "w7", "out_" + h1, "w8", "out_" + h2, "b2")
    r.add(section, "out_" + o2, f"1/(1 + exp(-net_{o2}))", r.logistic(v["net_" + o2]))
    section = "Calculating the error" + tail
    r.add(section, "E_" + o1, f"1/2*(target_o1 - out_{o1})^2", (v["target_o1"] - v["out_" + o1]) ** 2 / 2)
    r.add(section, "E_" + o2, f"1/2*(target_o2 - out_{o2})^2", (v["target_o2"] - v["out_" + o2]) ** 2 / 2)
    r.add(section, "E_total" + after, f"E_{o1} + E_{o2}", v["E_" + o1] + v["E_" + o2])


def _output_layer(r: Recorder) -> None:
    """Chain rule for w5, then the delta rule for w6, w7, w8, and the updates w5+ .. w8+."""
    v = r.v
    section = "Chain rule for w5"
    r.add(section, "dE_total/dout_o1", "-(target_o1 - out_o1)", -(v["target_o1"] - v["out_o1"]))
    r.add(section, "dout_o1/dnet_o1", "out_o1*(1 - out_o1)", v["out_o1"] * (1 - v["out_o1"]))
    r.add(section, "dnet_o1/dw5", "out_h1", v["out_h1"])
    r.add(section, "dE_total/dw5", "dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5",
          v["dE_total/dout_o1"] * v["dout_o1/dnet_o1"] * v["dnet_o1/dw5"])
    section = "Delta rule"
    r.add(section, "delta_o1", "-(target_o1 - out_o1) * out_o1*(1 - out_o1)",
          -(v["target_o1"] - v["out_o1"]) * v["out_o1"] * (1 - v["out_o1"]))
    r.add(section, "delta_o2", "-(target_o2 - out_o2) * out_o2*(1 - out_o2)",
          -(v["target_o2"] - v["out_o2"]) * v["out_o2"] * (1 - v["out_o2"]))
    r.add(section, "dE_total/dw6", "delta_o1 * out_h2", v["delta_o1"] * v["out_h2"])
    r.add(section, "dE_total/dw7", "delta_o2 * out_h1", v["delta_o2"] * v["out_h1"])
    r.add(section, "dE_total/dw8", "delta_o2 * out_h2", v["delta_o2"] * v["out_h2"])
    section = "Updating the weights"
    for k in ("w5", "w6", "w7", "w8"):
        r.add(section, k + "+", f"{k} - eta * dE_total/d{k}", v[k] - v["eta"] * v[f"dE_total/d{k}"])


def _hidden_layer(r: Recorder) -> None:
    """dE_total/dw1 with the sum over both outputs, then w2, w3, w4, and w1+ .. w4+."""
    v = r.v
    section = "Hidden layer"
    r.add(section, "dE_o1/dnet_o1", "dE_o1/dout_o1 * dout_o1/dnet_o1", v["dE_total/dout_o1"] * v["dout_o1/dnet_o1"])
    r.add(section, "dnet_o1/dout_h1", "w5", v["w5"])
    r.add(section, "dE_o1/dout_h1", "dE_o1/dnet_o1 * dnet_o1/dout_h1", v["dE_o1/dnet_o1"] * v["dnet_o1/dout_h1"])
    r.add(section, "dE_o2/dout_h1", "delta_o2 * w7", v["delta_o2"] * v["w7"])
    r.add(section, "dE_total/dout_h1", "dE_o1/dout_h1 + dE_o2/dout_h1", v["dE_o1/dout_h1"] + v["dE_o2/dout_h1"])
    r.add(section, "dout_h1/dnet_h1", "out_h1*(1 - out_h1)", v["out_h1"] * (1 - v["out_h1"]))
    r.add(section, "dnet_h1/dw1", "i1", v["i1"])
    r.add(section, "dE_total/dw1", "dE_total/dout_h1 * dout_h1/dnet_h1 * dnet_h1/dw1",
          v["dE_total/dout_h1"] * v["dout_h1/dnet_h1"] * v["dnet_h1/dw1"])
    section = "Delta rule for the hidden layer"
    r.add(section, "delta_h1", "(delta_o1*w5 + delta_o2*w7) * out_h1*(1 - out_h1)",
          (v["delta_o1"] * v["w5"] + v["delta_o2"] * v["w7"]) * v["out_h1"] * (1 - v["out_h1"]))
    r.add(section, "delta_h2", "(delta_o1*w6 + delta_o2*w8) * out_h2*(1 - out_h2)",
          (v["delta_o1"] * v["w6"] + v["delta_o2"] * v["w8"]) * v["out_h2"] * (1 - v["out_h2"]))
    r.add(section, "dE_total/dw2", "delta_h1 * i2", v["delta_h1"] * v["i2"])
    r.add(section, "dE_total/dw3", "delta_h2 * i1", v["delta_h2"] * v["i1"])
    r.add(section, "dE_total/dw4", "delta_h2 * i2", v["delta_h2"] * v["i2"])
    section = "Updating the hidden weights"
    for k in ("w1", "w2", "w3", "w4"):
        r.add(section, k + "+", f"{k} - eta * dE_total/d{k}", v[k] - v["eta"] * v[f"dE_total/d{k}"])


def _biases(r: Recorder) -> None:
    """Bias updates, which the lecture leaves out: a shared bias collects its layer's deltas."""
    v = r.v
    section = "Updating the biases (not in the lecture)"
    r.add(section, "dE_total/db2", "delta_o1 + delta_o2", v["delta_o1"] + v["delta_o2"])
    r.add(section, "dE_total/db1", "delta_h1 + delta_h2", v["delta_h1"] + v["delta_h2"])
    r.add(section, "b2+", "b2 - eta * dE_total/db2", v["b2"] - v["eta"] * v["dE_total/db2"])
    r.add(section, "b1+", "b1 - eta * dE_total/db1", v["b1"] - v["eta"] * v["dE_total/db1"])


def worked_round(overrides: Mapping[str, float] | None = None, eta: float = LECTURE_ETA, *,
                 update_biases: bool = False) -> WorkedRound:
    """One round of backprop on the lecture's network, every step named as in the lecture.

    `overrides` replaces any of the lecture's values (e.g. {"w5": 0.3}); the last steps
    feed the updated weights forward again and give E_total+, the error after the round.
    """
    values = lecture_values(overrides)
    return round_of(values, valid_number("eta", eta, positive=True), valid_flag("update_biases", update_biases))


def round_of(values: Mapping[str, float], eta: float, update_biases: bool) -> WorkedRound:
    """worked_round() on values, eta and flag already checked (by it, the command line or a panel).

    A round whose arithmetic overflows (target_o1 = 1e200) is refused, naming its first
    quantity that is not a finite number."""
    r = Recorder({**values, "eta": eta})
    try:
        work_round(r, update_biases)
    except OverflowError:   # Python's float ** raises where NumPy would give inf
        raise InvalidValueError(f"overrides and eta must keep the round finite; it overflows just after "
                                f"{r.steps[-1].name} = {r.steps[-1].value:.6g}") from None
    for step in r.steps:
        if not math.isfinite(step.value):
            raise InvalidValueError(f"overrides and eta must keep the round finite; {step.name} = "
                                    f"{step.value} with these values")
    return WorkedRound(r.steps)


def work_round(r: Recorder, update_biases: bool = False) -> list[Step]:
    """Every step of one round into recorder `r`: forward, output layer, hidden layer, (biases), forward."""
    _forward_pass(r)
    _output_layer(r)
    _hidden_layer(r)
    if update_biases:
        _biases(r)
    _forward_pass(r, after="+")
    return r.steps


def train_lecture(iterations: int = LECTURE_ROUNDS, eta: float = LECTURE_ETA, *, order: str = "correct",
                  update_biases: bool = False, overrides: Mapping[str, float] | None = None,
                  budget: bool = True) -> tuple[Network, History]:
    """Train the lecture's network on its one example; return the trained network and history.

    `history.losses[k]` is E_total after k updates; `order="as_published"` reproduces how
    the lecture's first-round error and final outputs were made (errata 2 and 4; see errata.py).
    """
    values = lecture_values(overrides)
    return training_of(values, valid_count("iterations", iterations), valid_number("eta", eta, positive=True),
                       valid_choice("order", order, UPDATE_ORDERS), valid_flag("update_biases", update_biases),
                       valid_budget_flag(budget))


def training_of(values: Mapping[str, float], iterations: int, eta: float, order: str, update_biases: bool,
                budget: bool = True) -> tuple[Network, History]:
    """train_lecture() on arguments already checked; the work must fit the budget unless budget=False."""
    network, (inputs, targets) = network_of(values), data_of(values)
    network._within_budget(f"training the lecture's network {iterations:,} iterations", 1, iterations, budget)
    return network, network._train(inputs, targets, iterations, eta, update_biases, order)


def lecture_defaults(network: Network | None, inputs: ArrayLike | None,
                     targets: ArrayLike | None) -> tuple[Network, ArrayLike, ArrayLike]:
    """`network`, `inputs`, `targets`, with the lecture's network and example for those left None."""
    lecture_inputs, lecture_targets = lecture_data()
    return (lecture_network() if network is None else valid_network(network),
            lecture_inputs if inputs is None else inputs,
            lecture_targets if targets is None else targets)
