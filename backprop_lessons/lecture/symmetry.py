"""Symmetry: start the lecture's network with all weights equal, and h1 and h2 stay twins forever (notebook 13).

With w1 = w2 = ... = w8, the hidden neurons get the same net input (w1 = w3, w2 = w4) and pass
their deltas back through equal weights (w5 = w6, w7 = w8):
    delta_h1 = (delta_o1 w5 + delta_o2 w7) out_h1 (1 - out_h1) = (delta_o1 w6 + delta_o2 w8) out_h2 (1 - out_h2) = delta_h2
so every round changes w1 like w3 and w5 like w6, and the tie is never broken: the network has
two hidden neurons but learns like one. Random initial weights break it. XOR shows the cost:
four twin hidden neurons learn like one, which cannot separate it; four random ones can.
Non-goal: every way to break a tie (dropout, noise); random starting weights are the usual one.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from backprop_lessons.engine.datasets import xor
from backprop_lessons.engine.naming import parameter_gradients
from backprop_lessons.engine.network import Network
from backprop_lessons.lecture.example import LECTURE_ETA, lecture_data, lecture_network

EQUAL = 0.5              # every weight's starting value in the symmetric network
HIDDEN = 4               # hidden neurons of the XOR network
PAIRS = (("out_h1", "out_h2"), ("dE_total/dw1", "dE_total/dw3"), ("dE_total/dw2", "dE_total/dw4"),
         ("dE_total/dw5", "dE_total/dw6"), ("dE_total/dw7", "dE_total/dw8"))


def equal_weights(value: float = EQUAL) -> dict[str, float]:
    """Overrides for the lecture's network: w1 .. w8 all `value`."""
    return {f"w{k}": value for k in range(1, 9)}


def _state(network: Network) -> dict[str, float]:
    """out_h1, out_h2 and every dE_total/dw of the lecture's network on its example."""
    inputs, targets = lecture_data()
    forward = network.forward(inputs)
    gradients = parameter_gradients(network, network.backward(forward, targets))
    hidden = forward.outs[1][0]
    return {"out_h1": float(hidden[0]), "out_h2": float(hidden[1]),
            **{f"dE_total/d{name}": value for name, value in gradients.items()}}


def symmetry_rows(rounds: Sequence[int] = (0, 1, 1_000), value: float = EQUAL) -> list[tuple[int, dict]]:
    """(round, state) after each of `rounds` (increasing) of training the lecture's network from equal weights."""
    network, done, rows = lecture_network(equal_weights(value)), 0, []
    inputs, targets = lecture_data()
    for k in rounds:
        if k > done:
            network.train(inputs, targets, iterations=k - done, learning_rate=LECTURE_ETA)
            done = k
        rows.append((k, _state(network)))
    return rows


def symmetry_text(rounds: Sequence[int] = (0, 1, 1_000), value: float = EQUAL) -> str:
    """symmetry_rows() as a table: each twin pair side by side, and their difference."""
    lines = [f"{'round':>6}  {'pair':<29}{'first':>15}{'second':>15}{'difference':>12}"]
    for k, state in symmetry_rows(rounds, value):
        for a, b in PAIRS:
            lines.append(f"{k:>6}  {a + ', ' + b.split('/')[-1]:<29}{state[a]:>15.9f}{state[b]:>15.9f}"
                         f"{state[a] - state[b]:>12.1e}")
    return "\n".join(lines)


def xor_network(symmetric: bool, seed: int = 0) -> Network:
    """A 2-HIDDEN-1 sigmoid network for XOR: all weights EQUAL and biases 0, or random (seed `seed`)."""
    if symmetric:
        return Network([np.full((HIDDEN, 2), EQUAL), np.full((1, HIDDEN), EQUAL)], [np.zeros(HIDDEN), np.zeros(1)],
                       "sigmoid", "binary_cross_entropy")
    return Network.random([2, HIDDEN, 1], "sigmoid", "binary_cross_entropy", seed=seed, scale=2.0)


def xor_race(rounds: int = 2_000, eta: float = 1.0, seed: int = 0) -> dict[str, dict[str, float]]:
    """Train the symmetric and the random 2-HIDDEN-1 network on XOR: final E_total, accuracy, and
    how far apart the two hidden neurons' outputs are (0: still twins)."""
    inputs, targets = xor()
    results = {}
    for label, symmetric in (("equal weights", True), ("random weights", False)):
        network = xor_network(symmetric, seed)
        history = network.train(inputs, targets, iterations=rounds, learning_rate=eta)
        forward = network.forward(inputs)
        hidden = forward.outs[1]   # (4 examples, HIDDEN): twins have equal columns
        results[label] = {"E_total": float(history.losses[-1]),
                          "accuracy": float(np.mean((forward.outs[-1] > 0.5) == (targets > 0.5))),
                          "largest gap between hidden outputs": float(np.max(np.ptp(hidden, axis=1)))}
    return results
