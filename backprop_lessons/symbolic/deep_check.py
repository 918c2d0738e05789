"""The four equations checked on a deeper network, layer by layer: against SymPy and the package's network (notebook 12).

    check = deep_check([3, 4, 4, 4, 2], "tanh")   # three hidden layers
    print(check.text())

For each layer l = 1 .. L it compares dE/dW^l and dE/db^l from BP1 .. BP4 (lecture/any_depth.py)
with (a) SymPy, which differentiates the whole network's expression and knows nothing of deltas,
and (b) Network.backward (engine/backprop.py), the package's one backward pass, by the largest
relative error (engine/agreement.py) over the layer's parameters. Non-goal: finite differences;
the cross-check of notebook 6 adds them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from backprop_lessons.engine.agreement import AGREE, relative_error
from backprop_lessons.engine.naming import gradient_vector, parameter_slots
from backprop_lessons.lecture.any_depth import four_equations
from backprop_lessons.symbolic.compiled import compile_gradient
from backprop_lessons.symbolic.crosscheck import random_case
from backprop_lessons.symbolic.equations import SymbolicNetwork


@dataclass(frozen=True)
class LayerCheck:
    """One layer's gradients from the four equations, compared with SymPy and with Network.backward."""

    layer: int            # l = 1 .. L
    parameters: int
    largest: float        # the largest |dE/dparameter| of the layer
    error_sympy: float    # the largest relative error, four equations vs SymPy
    error_network: float  # the largest relative error, four equations vs Network.backward


@dataclass(frozen=True)
class DeepCheck:
    """A network's layers checked one by one; `description` says which network."""

    layers: tuple[LayerCheck, ...]
    description: str

    @property
    def all_agree(self) -> bool:
        """True when every layer agrees with both, below AGREE."""
        return all(r.error_sympy < AGREE and r.error_network < AGREE for r in self.layers)

    def text(self) -> str:
        """A table, one row per layer, and a verdict."""
        lines = [self.description,
                 f"{'layer':<7}{'parameters':>11}{'largest |dE/dp|':>17}{'vs SymPy':>11}{'vs network':>12}"]
        lines += [f"{r.layer:<7}{r.parameters:>11}{r.largest:>17.3e}{r.error_sympy:>11.1e}{r.error_network:>12.1e}"
                  for r in self.layers]
        verdict = "agree" if self.all_agree else "DISAGREE"
        return "\n".join(lines + [f"every layer's gradients {verdict} (relative error < {AGREE:g})"])


def deep_check(sizes: Sequence[int], activation: str = "sigmoid", *, seed: int = 0) -> DeepCheck:
    """BP1 .. BP4 on a random network of `sizes` (one example, squared error), layer by layer,
    against SymPy and Network.backward. random_case checks the arguments and the budget."""
    network, inputs, targets = random_case(sizes, activation, "squared", seed=seed, examples=1)
    ours = gradient_vector(four_equations(network, inputs[0], targets[0]))
    sympy = compile_gradient(SymbolicNetwork.from_network(network))(network, inputs, targets)
    package = gradient_vector(network.backward(network.forward(inputs), targets))
    floor = 16 * np.finfo(float).eps * max(1.0, float(np.max(np.abs(sympy)))) / AGREE   # rounding, as crosscheck
    layer_of = np.array([slot.layer for slot in parameter_slots(network).values()])
    rows = []
    for layer in range(len(network.weights)):
        mine = layer_of == layer
        rows.append(LayerCheck(layer + 1, int(mine.sum()), float(np.max(np.abs(ours[mine]))),
                               max(relative_error(a, b, floor) for a, b in zip(ours[mine], sympy[mine])),
                               max(relative_error(a, b, floor) for a, b in zip(ours[mine], package[mine]))))
    names = ", ".join(a.name for a in network.activations)
    return DeepCheck(tuple(rows), f"sizes {','.join(map(str, network.sizes))}; activations {names}; "
                                  f"{len(network.weights)} layers, {len(ours)} parameters; one example")
