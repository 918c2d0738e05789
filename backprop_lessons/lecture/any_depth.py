"""Backprop for any depth: Nielsen's four equations, one function each, in the lecture's notation (notebook 12).

Layers are counted l = 1 .. L from the first hidden layer to the outputs (the lecture: L = 2,
layer 1 the hidden neurons h1, h2, layer 2 the outputs o1, o2). One example, column vectors as
1-D arrays: net^l and out^l have shape (n_l,), out^0 is the inputs, W^l has shape (n_l, n_{l-1})
and is the package's weights[l-1] (engine/network.py's bridge: the code counts from 0).
    BP1  delta^L = dE/dout^L * f'(net^L)                delta_o1 = -(target_o1 - out_o1) * out_o1 (1 - out_o1)
    BP2  delta^l = ((W^{l+1})^T delta^{l+1}) * f'(net^l)  delta_h1 = (delta_o1 w5 + delta_o2 w7) * out_h1 (1 - out_h1)
    BP3  dE/db^l_j = delta^l_j                          a bias shared by the layer (b1, b2) sums them
    BP4  dE/dW^l = delta^l (out^{l-1})^T                dE/dw5 = delta_o1 * out_h1
("*" multiplies entry by entry: Nielsen's Hadamard product.) Nielsen writes the same four with
C for E, z for net and a for out. Non-goal: batches (notebook 9: a batch sums the examples'
gradients) and speed; engine/backprop.py is the package's one backward pass, checked against these.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.engine.network import Gradients, Network, valid_network
from backprop_lessons.lecture.example import lecture_data, lecture_network, worked_round


def bp1(dE_dout: np.ndarray, slope: np.ndarray) -> np.ndarray:
    """BP1, the output layer's delta: delta^L = dE/dout^L * f'(net^L), entry by entry."""
    return dE_dout * slope


def bp2(weights_above: np.ndarray, delta_above: np.ndarray, slope: np.ndarray) -> np.ndarray:
    """BP2, one layer down: delta^l = ((W^{l+1})^T delta^{l+1}) * f'(net^l). The transpose is the
    lecture's sum over the outputs: row 1 of W2^T delta_o is delta_o1*w5 + delta_o2*w7."""
    return (weights_above.T @ delta_above) * slope


def bp3(delta: np.ndarray, shared: bool) -> np.ndarray:
    """BP3, the biases: dE/db^l_j = delta^l_j; a bias shared by the layer (the lecture's b1, b2)
    feeds every neuron of it, so its gradient is their sum: dE/db2 = delta_o1 + delta_o2."""
    return np.array([delta.sum()]) if shared else delta.copy()


def bp4(delta: np.ndarray, out_below: np.ndarray) -> np.ndarray:
    """BP4, the weights: dE/dW^l = delta^l (out^{l-1})^T, an outer product; entry [j, k] is
    delta^l_j * out^{l-1}_k, the delta rule dE/dw5 = delta_o1 * out_h1 for every weight at once."""
    return np.outer(delta, out_below)


# How BP1-BP4's arguments must fit each other, checked where they enter from the top of the package
# (engine/boundary.py), so that the four functions above, which notebook 12 prints, stay the equations alone.
def _vector(name: str, value) -> int:
    """The length of `value`, a 1-D array (one layer's numbers), or the one-line error naming it."""
    if np.ndim(value) != 1:
        raise InvalidValueError(f"{name} must be one layer's numbers, a 1-D array, got shape {np.shape(value)}")
    return len(value)


def _same(**vectors) -> None:
    """Every one of `vectors` is 1-D, and all have one length."""
    lengths = {name: _vector(name, value) for name, value in vectors.items()}
    if len(set(lengths.values())) > 1:
        raise InvalidValueError("these must have one length (one entry per neuron of the layer), got "
                                + ", ".join(f"{name} {n}" for name, n in lengths.items()))


def _bp2_fits(weights_above, delta_above, slope) -> None:
    """W^{l+1} is (n_{l+1}, n_l): delta^{l+1} has n_{l+1} entries, f'(net^l) has n_l."""
    if np.ndim(weights_above) != 2:
        raise InvalidValueError(f"weights_above must be a matrix (n_above, n_this), got shape {np.shape(weights_above)}")
    rows, columns = np.shape(weights_above)
    if _vector("delta_above", delta_above) != rows or _vector("slope", slope) != columns:
        raise InvalidValueError(f"weights_above {np.shape(weights_above)} needs delta_above of {rows} and slope of "
                                f"{columns} entries, got {len(delta_above)} and {len(slope)}")


bp1.agree = lambda dE_dout, slope: _same(dE_dout=dE_dout, slope=slope)
bp2.agree = _bp2_fits
bp3.agree = lambda delta, shared: _vector("delta", delta) and None
bp4.agree = lambda delta, out_below: _vector("delta", delta) and _vector("out_below", out_below) and None


def four_equations(network: Network, inputs, targets) -> Gradients:
    """Every delta and gradient of `network` on one example, from BP1 .. BP4 alone.

    `inputs` (n_0,) and `targets` (n_L,); deltas[l-1] is delta^l, shape (n_l,)."""
    network = valid_network(network)
    x, t = network.valid_data(inputs, targets, need_targets=True)
    if x.shape[0] != 1:
        raise InvalidValueError(f"inputs must be one example (shape ({network.sizes[0]},)), got {x.shape[0]} examples")
    forward = network.forward(x)
    nets = [net[0] for net in forward.nets]       # net^1 .. net^L
    outs = [out[0] for out in forward.outs]       # out^0 (the inputs) .. out^L
    slopes = [f.derivative(net, out) for f, net, out in zip(network.activations, nets, outs[1:])]
    L = len(network.weights)
    deltas = [None] * L
    deltas[L - 1] = bp1(network.loss.gradient(outs[L], t[0]), slopes[L - 1])
    for l in reversed(range(L - 1)):              # layer l+1 in the equations' numbering
        deltas[l] = bp2(network.weights[l + 1], deltas[l + 1], slopes[l])
    biases = [bp3(d, b.shape[0] == 1) for d, b in zip(deltas, network.biases)]
    weights = [bp4(d, out) for d, out in zip(deltas, outs[:-1])]
    return Gradients(deltas, weights, biases)


@dataclass(frozen=True)
class LectureRow:
    """One number of the four equations at L = 2 beside the lecture's worked round."""

    equation: str
    entry: str          # e.g. "delta^2[0]", "dE/dW^2[0,0]"
    name: str           # the lecture's name: delta_o1, dE_total/dw5
    four_equations: float
    worked_round: float


def lecture_rows() -> list[LectureRow]:
    """The four equations on the lecture's network (L = 2) beside worked_round(), entry by entry."""
    g = four_equations(lecture_network(), *(a[0] for a in lecture_data()))
    w = worked_round(update_biases=True)
    rows = [("BP1", f"delta^2[{j}]", f"delta_o{j + 1}", g.deltas[1][j]) for j in range(2)]
    rows += [("BP4", f"dE/dW^2[{j},{k}]", f"dE_total/dw{5 + 2 * j + k}", g.weights[1][j, k])
             for j in range(2) for k in range(2)]
    rows += [("BP3", "sum of dE/db^2", "dE_total/db2", g.biases[1][0])]
    rows += [("BP2", f"delta^1[{j}]", f"delta_h{j + 1}", g.deltas[0][j]) for j in range(2)]
    rows += [("BP4", f"dE/dW^1[{j},{k}]", f"dE_total/dw{1 + 2 * j + k}", g.weights[0][j, k])
             for j in range(2) for k in range(2)]
    rows += [("BP3", "sum of dE/db^1", "dE_total/db1", g.biases[0][0])]
    return [LectureRow(eq, entry, name, float(value), w[name]) for eq, entry, name, value in rows]


def lecture_rows_text() -> str:
    """lecture_rows() as a fixed-width table, nine digits, and how far apart the two columns are."""
    rows = lecture_rows()
    lines = [f"{'eq.':<5}{'entry':<18}{'lecture name':<15}{'four equations':>16}{'worked round':>16}"]
    lines += [f"{r.equation:<5}{r.entry:<18}{r.name:<15}{r.four_equations:>16.9f}{r.worked_round:>16.9f}"
              for r in rows]
    largest = max(abs(r.four_equations - r.worked_round) for r in rows)
    return "\n".join(lines + [f"largest difference between the columns: {largest:.1e}"])
