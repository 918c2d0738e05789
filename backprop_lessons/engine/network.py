"""A fully connected network in NumPy: forward, backward, update, train.

Notation bridge to the lecture (layer l = 1 is the hidden layer, l = 2 the output layer):
    weights[l-1][j, k]  is the weight from neuron k of layer l-1 to neuron j of layer l;
                        for the lecture, weights[0] = [[w1, w2], [w3, w4]] and
                        weights[1] = [[w5, w6], [w7, w8]].
    biases[l-1]         is b1, b2: shape (1,) when the layer shares one bias (the lecture),
                        shape (n_l,) with one bias per neuron.
    nets[l-1], outs[l]  are net_h*, out_h* (l = 1) and net_o*, out_o* (l = 2); outs[0] is
                        the inputs i1, i2. Examples are rows: shape (batch, n_l).
    deltas[l-1]         is dE/dnet for layer l: delta_h*, delta_o*.
Arrays are float64 unless the network is built with dtype="float32".
The round itself (forward, backward, update) is written once, in backprop.py, which the
batched sweep (sweep.py) shares.
Arithmetic that overflows (huge weights, a learning rate far too large) gives inf or NaN
quietly, with no NumPy warning: forward() and error() return them, train() stops with
TrainingDivergedError. Arguments are checked once, by the public methods; the methods whose
names start with _ trust what they are given (the package calls them after its own checks).
Non-goal: speed. This is the readable teaching engine.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from backprop_lessons.engine.activations import Activation, get_activation
from backprop_lessons.engine.backprop import (UPDATE_ORDERS, Forward, Gradients, backward_pass, forward_pass,
                                              training_round)
from backprop_lessons.engine.budget import valid_budget_flag, parameter_count, training_work, within_budget
from backprop_lessons.engine.errors import (InvalidTypeError, InvalidValueError, TrainingDivergedError, valid_array, valid_choice,
                     valid_count, valid_number, shown)
from backprop_lessons.engine.losses import Loss, get_loss

DTYPES = ("float64", "float32")
QUIET = {"over": "ignore", "invalid": "ignore", "divide": "ignore", "under": "ignore"}   # np.errstate


def valid_network(value: object, name: str = "network") -> Network:
    """`value` itself if it is a Network, else an InvalidTypeError naming `name`."""
    if not isinstance(value, Network):
        raise InvalidTypeError(f"{name} must be a Network, got {type(value).__name__} {shown(value)}")
    return value


@dataclass
class History:
    """A training run: losses[k] is E_total after k updates, k = 0 .. iterations."""

    losses: np.ndarray


class Network:
    """Holds weights, biases, per-layer activations and a loss; computes backprop."""

    def __init__(self, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray | float],
                 activations: str | Activation | Sequence[str | Activation] = "sigmoid",
                 loss: str | Loss = "squared", dtype: str = "float64"):
        """Build from weight matrices (n_l, n_{l-1}) and biases of shape (1,) or (n_l,)."""
        self.dtype = valid_choice("dtype", dtype, DTYPES)   # of weights, biases and data
        self.weights = _checked_weights(weights, dtype)
        self.biases = _checked_biases(biases, self.weights, dtype)
        if isinstance(activations, (str, Activation)):
            activations = [activations] * len(self.weights)
        if not isinstance(activations, Sequence) or len(activations) != len(self.weights):
            raise InvalidValueError(f"activations must name {len(self.weights)} layers, got {shown(activations)}")
        self.activations = [get_activation(a) for a in activations]
        self.loss = get_loss(loss)
        if self.loss.needs_activation and self.activations[-1].name != self.loss.needs_activation:
            raise InvalidValueError(f"loss {self.loss.name} needs a {self.loss.needs_activation} "
                                    f"output layer, got activations[-1] = {self.activations[-1].name}")

    @classmethod
    def random(cls, sizes: Sequence[int], activations="sigmoid", loss="squared", *,
               shared_bias: bool = False, seed: int = 0, scale: float = 1.0, dtype: str = "float64",
               budget: bool = True) -> Network:
        """A network of layer `sizes` (inputs first) with N(0, scale^2 / fan_in) weights.

        Its memory is checked against the classroom budget (engine/budget.py) unless budget=False."""
        sizes = valid_sizes(sizes)
        scale = valid_number("scale", scale, minimum=0)
        rng = np.random.default_rng(valid_count("seed", seed, maximum=2**32 - 1))
        within_budget(f"a network of sizes {shown(sizes)}", budget=valid_budget_flag(budget),
                      memory=3 * 8 * parameter_count(sizes))   # drawn, checked and kept
        weights = [rng.normal(0, scale / np.sqrt(n_in), (n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
        biases = [rng.normal(0, scale, 1 if shared_bias else n_out) for n_out in sizes[1:]]
        largest = max(float(np.max(np.abs(p))) for p in weights + biases)
        if not largest <= float(np.finfo(valid_choice("dtype", dtype, DTYPES)).max):
            raise InvalidValueError(f"scale must give weights within {dtype}'s range, got {scale:g}")
        return cls(weights, biases, activations, loss, dtype)

    @classmethod
    def _built(cls, weights: list[np.ndarray], biases: list[np.ndarray], activations: list[Activation],
               loss: Loss, dtype: str) -> Network:
        """A Network from parts already checked (a copy, the lecture's values): no check again."""
        network = cls.__new__(cls)
        network.dtype, network.weights, network.biases = dtype, weights, biases
        network.activations, network.loss = list(activations), loss
        return network

    @property
    def sizes(self) -> list[int]:
        """Layer sizes, inputs first: [2, 2, 2] for the lecture."""
        return [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]

    def copy(self) -> Network:
        """An independent copy (training one does not change the other)."""
        return Network._built([w.copy() for w in self.weights], [b.copy() for b in self.biases],
                              self.activations, self.loss, self.dtype)

    def valid_data(self, inputs, targets=None, *,
                   need_targets: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """Inputs (batch, n_0) and targets (batch, n_L) as float arrays; one example may be 1-D.
        Targets may be None (none given) unless `need_targets`."""
        inputs = valid_array("inputs", inputs, shape=(None, self.sizes[0]), ndmin=2, dtype=self.dtype)
        if targets is None and need_targets:
            raise InvalidTypeError(f"targets must be an array of numbers of shape (examples, {self.sizes[-1]}), "
                                   "got None")
        if targets is not None:
            targets = valid_array("targets", targets, shape=(inputs.shape[0], self.sizes[-1]), ndmin=2,
                                  dtype=self.dtype)
            within = self.loss.targets_within
            if within is not None and not np.all((targets >= within[0]) & (targets <= within[1])):
                raise InvalidValueError(f"targets must lie between {within[0]:g} and {within[1]:g} for loss "
                                        f"{self.loss.name}, got {float(targets.min() if targets.min() < within[0] else targets.max()):g}")
        if inputs.shape[0] == 0:
            raise InvalidValueError(f"inputs must hold at least one example, got shape {inputs.shape}")
        return inputs, targets

    def forward(self, inputs) -> Forward:
        """Feed `inputs` forward: net = out_below @ W.T + b, out = f(net), layer by layer."""
        return self._forward(self.valid_data(inputs)[0])

    def _forward(self, inputs: np.ndarray) -> Forward:
        """forward() on inputs already checked (backprop.forward_pass); overflow gives inf, quietly."""
        with np.errstate(**QUIET):
            return forward_pass(self.weights, self.biases, self.activations, inputs)

    def error(self, inputs, targets) -> float:
        """E_total of the network on these examples, summed over outputs and examples."""
        inputs, targets = self.valid_data(inputs, targets, need_targets=True)
        return self._error(inputs, targets)

    def _error(self, inputs: np.ndarray, targets: np.ndarray) -> float:
        """error() on data already checked: inf or NaN, quietly, where the arithmetic overflows."""
        with np.errstate(**QUIET):
            return self.loss.value(self._forward(inputs).outs[-1], targets)

    def backward(self, forward: Forward, targets,
                 on_layer: Callable[[int, np.ndarray, np.ndarray], None] | None = None) -> Gradients:
        """Backpropagate from the output layer down; return every delta and gradient.

        `on_layer(l, weight_grad, bias_grad)` is called for each layer as soon as its
        gradients are known, before its delta moves down to the layer below: the
        "as_published" update order uses it to update a layer before the next one reads it.
        """
        _, targets = self.valid_data(forward.outs[0], targets, need_targets=True)
        return self._backward(forward, targets, on_layer)

    def _backward(self, forward: Forward, targets: np.ndarray, on_layer=None) -> Gradients:
        """backward() on targets already checked (backprop.backward_pass); overflow gives inf, quietly."""
        with np.errstate(**QUIET):
            return backward_pass(self.weights, self.biases, self.activations, self.loss, forward, targets, on_layer)

    def step(self, inputs, targets, learning_rate: float, *, update_biases: bool = False,
             order: str = "correct") -> Gradients:
        """One round: forward, backward, w+ = w - eta * dE/dw. Returns the gradients used."""
        learning_rate = valid_number("learning_rate", learning_rate, positive=True)
        valid_choice("order", order, UPDATE_ORDERS)
        inputs, targets = self.valid_data(inputs, targets, need_targets=True)
        return self._step(self._forward(inputs), targets, learning_rate, update_biases, order)

    def _step(self, forward: Forward, targets: np.ndarray, learning_rate: float,
              update_biases: bool, order: str) -> Gradients:
        """step() from a forward pass already made, on arguments already checked (backprop.training_round)."""
        return training_round(self.weights, self.biases, self.activations, self.loss, forward, targets,
                              learning_rate, update_biases, order)

    def train(self, inputs, targets, iterations: int, learning_rate: float, *,
              update_biases: bool = False, order: str = "correct", budget: bool = True) -> History:
        """Run `iterations` rounds of step(); stop with an error if E_total stops being finite.

        The work (parameters x examples x rounds) must fit the classroom budget
        (engine/budget.py) unless budget=False."""
        iterations = valid_count("iterations", iterations)
        learning_rate = valid_number("learning_rate", learning_rate, positive=True)
        valid_choice("order", order, UPDATE_ORDERS)
        inputs, targets = self.valid_data(inputs, targets, need_targets=True)
        self._within_budget(f"training {iterations:,} iterations", inputs.shape[0], iterations,
                            valid_budget_flag(budget))
        return self._train(inputs, targets, iterations, learning_rate, bool(update_biases), order)

    def _within_budget(self, what: str, examples: int, rounds: int, budget: bool) -> None:
        """Raise BudgetExceededError if `rounds` rounds on `examples` examples are beyond the budget."""
        within_budget(what, budget=budget, work=training_work(self.sizes, examples, rounds),
                      memory=8 * (rounds + 1))

    def _train(self, inputs: np.ndarray, targets: np.ndarray, iterations: int, learning_rate: float,
               update_biases: bool, order: str) -> History:
        """train() on arguments already checked and within budget."""
        losses = np.empty(iterations + 1)
        with np.errstate(**QUIET):
            for k in range(iterations + 1):
                forward = self._forward(inputs)
                losses[k] = self.loss.value(forward.outs[-1], targets)
                if not np.isfinite(losses[k]):
                    raise TrainingDivergedError(k, float(losses[k]), learning_rate)
                if k < iterations:
                    self._step(forward, targets, learning_rate, update_biases, order)
        return History(losses)


def valid_sizes(sizes: object) -> list[int]:
    """Layer sizes, inputs first, as a list of at least two whole numbers of at least 1."""
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        raise InvalidValueError(f"sizes must list at least 2 layer sizes such as [2, 3, 2], got {shown(sizes)}")
    return [valid_count(f"sizes[{l}]", n, minimum=1) for l, n in enumerate(sizes)]


def _checked_weights(weights: object, dtype: str) -> list[np.ndarray]:
    """The weight matrices as arrays, each (n_l, n_{l-1}) with n_{l-1} the rows of the one before."""
    if not isinstance(weights, Sequence) or len(weights) == 0:
        raise InvalidValueError("weights must be a non-empty list of 2-D arrays")
    checked = [valid_array(f"weights[{l}]", w, shape=(None, None), dtype=dtype) for l, w in enumerate(weights)]
    for l, w in enumerate(checked):
        if w.size == 0:
            raise InvalidValueError(f"weights[{l}] must have at least one row and one column, got shape {w.shape}")
        if l > 0 and w.shape[1] != checked[l - 1].shape[0]:
            raise InvalidValueError(f"weights[{l}] must have {checked[l - 1].shape[0]} columns "
                                    f"(one per neuron of the layer below), got shape {w.shape}")
    return checked


def _checked_biases(biases: object, weights: list[np.ndarray], dtype: str) -> list[np.ndarray]:
    """The biases as arrays: (1,) for a bias shared by the layer (b1, b2), (n_l,) for one per neuron."""
    if not isinstance(biases, Sequence) or len(biases) != len(weights):
        raise InvalidValueError(f"biases must be a list of {len(weights)} arrays, one per layer")
    checked = [valid_array(f"biases[{l}]", b, shape=(None,), ndmin=1, dtype=dtype) for l, b in enumerate(biases)]
    for l, (w, b) in enumerate(zip(weights, checked)):
        if b.shape[0] not in (1, w.shape[0]):
            raise InvalidValueError(f"biases[{l}] must have 1 (shared) or {w.shape[0]} entries, got {b.shape[0]}")
    return checked
