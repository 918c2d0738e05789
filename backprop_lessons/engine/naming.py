"""The lecture's names for the neurons and parameters of any small Network.

The lecture numbers the weights layer by layer and, inside a layer, row by row of
Network.weights, so that
    weights[0] = [[w1, w2], [w3, w4]]    net_h1 = w1*i1 + w2*i2 + b1
    weights[1] = [[w5, w6], [w7, w8]]    net_o1 = w5*out_h1 + w6*out_h2 + b2
A layer's shared bias is b1, b2, ...; one bias per neuron is b1_1, b1_2, ...
Neurons are i1, i2 (inputs), h1, h2 (hidden) and o1, o2 (outputs); with several hidden
layers, hidden layer l is h{l}_1, h{l}_2, ... Figures, sliders and replays all use these
names, so "w5" means the same weight everywhere.
Non-goal: naming big networks; these names are for networks of a few neurons.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError, check_number, shown
from backprop_lessons.engine.network import Gradients, Network, check_network


class Slot(NamedTuple):
    """Where one named parameter lives: Network.<kind>[layer][index]."""

    kind: str                  # "weights" or "biases"
    layer: int                 # 0 for the hidden layer's weights, 1 for the output layer's
    index: tuple[int, ...]     # (row, column) of a weight, (neuron,) of a bias


def neuron_names(network: Network) -> list[list[str]]:
    """Names of the neurons layer by layer: [["i1", "i2"], ["h1", "h2"], ["o1", "o2"]]."""
    sizes = network.sizes
    hidden = len(sizes) - 2
    prefixes = ["i"] + (["h"] if hidden == 1 else [f"h{l}_" for l in range(1, hidden + 1)]) + ["o"]
    return [[f"{prefix}{j + 1}" for j in range(n)] for prefix, n in zip(prefixes, sizes)]


def parameter_slots(network: Network) -> dict[str, Slot]:
    """Every parameter by name, weights first: {"w1": Slot("weights", 0, (0, 0)), ..., "b2": ...}."""
    slots: dict[str, Slot] = {}
    for layer, weights in enumerate(network.weights):
        rows, columns = weights.shape
        for j in range(rows):
            for k in range(columns):
                slots[f"w{len(slots) + 1}"] = Slot("weights", layer, (j, k))
    for layer, biases in enumerate(network.biases):
        shared = biases.shape[0] == 1
        for j in range(biases.shape[0]):
            name = f"b{layer + 1}" if shared else f"b{layer + 1}_{j + 1}"
            slots[name] = Slot("biases", layer, (j,))
    return slots


def get_parameters(network: Network) -> dict[str, float]:
    """Every parameter's value by name, in parameter_slots order."""
    return {name: float(getattr(network, slot.kind)[slot.layer][slot.index])
            for name, slot in parameter_slots(network).items()}


def set_parameters(network: Network, values: Mapping[str, float]) -> None:
    """Change the named parameters of `network` in place, e.g. {"w5": 0.3}."""
    check_network(network)
    if not isinstance(values, Mapping):
        raise InvalidTypeError(f"values must be a mapping of parameter names to numbers such as "
                               f"{{'w5': 0.3}}, got {shown(values)}")
    slots = parameter_slots(network)
    for name, value in values.items():
        if name not in slots:
            raise InvalidValueError(f"{shown(name)} is not a parameter of this network; "
                                    f"expected one of {', '.join(slots)}")
        slot = slots[name]
        getattr(network, slot.kind)[slot.layer][slot.index] = check_number(name, value)


def parameter_gradients(network: Network, gradients: Gradients) -> dict[str, float]:
    """dE_total/d<name> for every parameter, by the parameter's name."""
    return {name: float(getattr(gradients, slot.kind)[slot.layer][slot.index])
            for name, slot in parameter_slots(network).items()}
