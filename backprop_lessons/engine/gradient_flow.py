"""How big each layer's gradient is in a deep network, for an activation and an initial weight scale (notebook 13).

A network of `hidden_layers` hidden layers of WIDTH neurons, WIDTH inputs and OUTPUTS identity
outputs with the squared error, on EXAMPLES random examples (inputs and targets N(0, 1)). Its
weights start N(0, gain^2 / n_in), n_in the number of neurons feeding the layer; biases start at 0:
    gain 1        Xavier (Glorot and Bengio 2010, in LeCun's 1/n_in form): keeps a layer's net
                  inputs as spread out as its inputs, for tanh and sigmoid near 0
    gain sqrt(2)  He (He et al. 2015): ReLU zeroes half its inputs, so twice the variance
One backward pass then gives, for each layer l = 1 (next to the inputs) .. L (the outputs),
the root mean square of dE/dW^l: the size of that layer's gradient. Every delta passes through
f'(net) once per layer on its way down (BP2), and sigma' <= 1/4, so with the sigmoid the sizes
shrink by a factor at each layer: the vanishing gradient.
Non-goal: training the deep network; one backward pass shows what each layer would learn from.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from backprop_lessons.engine.errors import valid_choice, valid_count, valid_number
from backprop_lessons.engine.network import QUIET, Network

WIDTH, OUTPUTS, EXAMPLES = 32, 10, 64
INITS = {"Xavier": 1.0, "He": math.sqrt(2.0)}    # name -> gain
ACTIVATIONS = ("sigmoid", "tanh", "relu")
MAX_HIDDEN = 12


@dataclass(frozen=True)
class Flow:
    """One backward pass through a deep network: each layer's gradient size and its outputs' spread."""

    activation: str
    gain: float
    gradient: np.ndarray   # (L,): RMS of dE/dW^l, l = 1 .. L, inputs side first
    spread: np.ndarray     # (L - 1,): standard deviation of each hidden layer's outputs out^l

    @property
    def ratio(self) -> float:
        """The first layer's gradient size over the last's: 1 when every layer learns alike."""
        return float(self.gradient[0] / self.gradient[-1])


def gain_of(init: str, gain: float = 1.0) -> float:
    """The gain of a named initialisation ("Xavier", "He"), or `gain` itself for "gain"."""
    init = valid_choice("init", init, (*INITS, "gain"))
    return INITS[init] if init in INITS else valid_number("gain", gain, positive=True, maximum=100)


def deep_network(hidden_layers: int, activation: str, gain: float, seed: int = 0) -> Network:
    """WIDTH inputs, `hidden_layers` layers of WIDTH, OUTPUTS identity outputs; N(0, gain^2/n_in) weights, zero biases."""
    hidden_layers = valid_count("hidden_layers", hidden_layers, minimum=1, maximum=MAX_HIDDEN)
    activation = valid_choice("activation", activation, ACTIVATIONS)
    gain = valid_number("gain", gain, positive=True, maximum=100)
    sizes = [WIDTH] * (hidden_layers + 1) + [OUTPUTS]
    network = Network.random(sizes, [activation] * hidden_layers + ["identity"], scale=gain, seed=seed)
    network.biases = [np.zeros_like(b) for b in network.biases]
    return network


def gradient_flow(hidden_layers: int, activation: str = "sigmoid", gain: float = 1.0, seed: int = 0) -> Flow:
    """Each layer's gradient size on EXAMPLES random examples, for this depth, activation and gain."""
    network = deep_network(hidden_layers, activation, gain, seed)
    rng = np.random.default_rng([seed, 1])
    inputs, targets = rng.normal(size=(EXAMPLES, WIDTH)), rng.normal(size=(EXAMPLES, OUTPUTS))
    with np.errstate(**QUIET):
        forward = network._forward(inputs)
        gradients = network._backward(forward, targets)
    size = np.array([math.sqrt(float(np.mean(g ** 2))) for g in gradients.weights])
    spread = np.array([float(np.std(out)) for out in forward.outs[1:-1]])
    return Flow(activation, float(gain), size, spread)


def largest_slope(activation: str) -> float:
    """The largest f'(net) over a fine grid of net inputs: 1/4 for the sigmoid, 1 for tanh and ReLU."""
    from backprop_lessons.engine.activations import get_activation   # noqa: PLC0415
    f = get_activation(valid_choice("activation", activation, ACTIVATIONS))
    net = np.linspace(-10, 10, 20001)
    return float(np.max(f.derivative(net, f.forward(net))))
