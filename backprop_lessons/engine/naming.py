"""One name for every neuron and parameter, produced here and used by every table, menu and derivation.

The lecture's 2-2-2 network keeps the lecture's names. Its weights are numbered layer by
layer and, inside a layer, row by row of Network.weights:
    weights[0] = [[w1, w2], [w3, w4]]    net_h1 = w1*i1 + w2*i2 + b1
    weights[1] = [[w5, w6], [w7, w8]]    net_o1 = w5*out_h1 + w6*out_h2 + b2
    a layer's shared bias is b1, b2; one bias per neuron is b1_1, b1_2, ...
Every other network uses one indexed scheme (Nielsen's w^l_jk), weight layers counted from 1:
    w_2_1_3           the weight into neuron 1 of layer 2 from neuron 3 below   (weights[1][0, 2])
    b_2, b_2_1        layer 2's shared bias, or neuron 1's own bias              (biases[1])
Neurons, in every network: i1, i2, ... (inputs); h1, h2, ... (the hidden layer; with several
hidden layers, layer l's are hl_1, hl_2, ...); o1, o2, ... (outputs).
One order for every network: all weights (layer by layer, row by row), then all biases.
SymPy's symbols (symbolic/equations.py), the cross-check's table and JSON, `derive`, the
diagram, the graph and every panel menu take their names and their order from here.
Non-goal: names for big networks' diagrams; the names stay exact, the figures get crowded.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError, valid_number, shown
from backprop_lessons.engine.network import Gradients, Network, valid_network

LECTURE_SIZES = (2, 2, 2)


class Slot(NamedTuple):
    """Where one named parameter lives: Network.<kind>[layer][index]."""

    kind: str                  # "weights" or "biases"
    layer: int                 # 0 for the hidden layer's weights, 1 for the output layer's
    index: tuple[int, ...]     # (row, column) of a weight, (neuron,) of a bias


def layer_neuron_names(sizes: Sequence[int]) -> list[list[str]]:
    """Names of the neurons layer by layer, inputs first: [["i1", "i2"], ["h1", "h2"], ["o1", "o2"]]."""
    hidden = len(sizes) - 2
    prefixes = ["i"] + (["h"] if hidden == 1 else [f"h{l}_" for l in range(1, hidden + 1)]) + ["o"]
    return [[f"{prefix}{j + 1}" for j in range(n)] for prefix, n in zip(prefixes, sizes)]


def slot_names(sizes: Sequence[int], shared_bias: Sequence[bool]) -> dict[str, Slot]:
    """Every parameter's name and slot, weights first: {"w1": Slot("weights", 0, (0, 0)), ..., "b2": ...}.

    `shared_bias[l]` is True when weight layer l+1 has one bias for all its neurons.
    """
    lecture = tuple(sizes) == LECTURE_SIZES
    slots: dict[str, Slot] = {}
    for layer in range(len(sizes) - 1):
        for j in range(sizes[layer + 1]):
            for k in range(sizes[layer]):
                name = f"w{len(slots) + 1}" if lecture else f"w_{layer + 1}_{j + 1}_{k + 1}"
                slots[name] = Slot("weights", layer, (j, k))
    for layer, shared in enumerate(shared_bias):
        stem = f"b{layer + 1}" if lecture else f"b_{layer + 1}"
        for j in range(1 if shared else sizes[layer + 1]):
            slots[stem if shared else f"{stem}_{j + 1}"] = Slot("biases", layer, (j,))
    return slots


def neuron_names(network: Network) -> list[list[str]]:
    """The neurons of `network` by name, layer by layer (see layer_neuron_names)."""
    return layer_neuron_names(network.sizes)


def parameter_slots(network: Network) -> dict[str, Slot]:
    """Every parameter of `network` by name, in the one order (see slot_names)."""
    return slot_names(network.sizes, [b.shape[0] == 1 for b in network.biases])


def get_parameters(network: Network) -> dict[str, float]:
    """Every parameter's value by name, in parameter_slots order."""
    return {name: float(getattr(network, slot.kind)[slot.layer][slot.index])
            for name, slot in parameter_slots(network).items()}


def set_parameters(network: Network, values: Mapping[str, float]) -> None:
    """Change the named parameters of `network` in place, e.g. {"w5": 0.3}."""
    valid_network(network)
    if not isinstance(values, Mapping):
        raise InvalidTypeError(f"values must be a mapping of parameter names to numbers such as "
                               f"{{'w5': 0.3}}, got {shown(values)}")
    slots = parameter_slots(network)
    for name, value in values.items():
        if name not in slots:
            raise InvalidValueError(f"{shown(name)} is not a parameter of this network; "
                                    f"expected one of {', '.join(slots)}")
        slot = slots[name]
        getattr(network, slot.kind)[slot.layer][slot.index] = valid_number(name, value)


def parameter_gradients(network: Network, gradients: Gradients) -> dict[str, float]:
    """dE_total/d<name> for every parameter, by the parameter's name."""
    return {name: float(getattr(gradients, slot.kind)[slot.layer][slot.index])
            for name, slot in parameter_slots(network).items()}


def _in_order(arrays: Network | Gradients) -> np.ndarray:
    """All weights (layer by layer, row by row), then all biases: the one order, as one vector."""
    return np.concatenate([*(w.ravel() for w in arrays.weights), *(b.ravel() for b in arrays.biases)])


def parameter_vector(network: Network) -> np.ndarray:
    """Every weight and bias of `network` in parameter_slots order: shape (n_parameters,)."""
    return _in_order(network)


def gradient_vector(gradients: Gradients) -> np.ndarray:
    """Network.backward's gradients in parameter_slots order: shape (n_parameters,)."""
    return _in_order(gradients)
