"""The lecture's round in matrix form, every matrix entry tied to its scalar name on the slides.

Column vectors, one example: x = [i1, i2]^T, target = [target_o1, target_o2]^T and
    W1 = [[w1, w2], [w3, w4]]      h = sigma(W1 x + b1)        (h = [out_h1, out_h2]^T)
    W2 = [[w5, w6], [w7, w8]]      out = sigma(W2 h + b2)      (out = [out_o1, out_o2]^T)
    delta_o = (out - target) * out * (1 - out)        elementwise: [delta_o1, delta_o2]^T
    dE/dW2 = delta_o h^T                              entry [0, 0] is delta_o1 * out_h1 = dE/dw5
    delta_h = (W2^T delta_o) * h * (1 - h)            W2^T delta_o is the lecture's sum over the outputs
    dE/dW1 = delta_h x^T                              entry [0, 0] is delta_h1 * i1 = dE/dw1
MATRIX_NAMES ties each entry to its lecture name; matrix_table sets each beside worked_round's value.
For a batch, x becomes a 2 x N matrix with one example per column: the same lines then sum
over the examples (batch_gradients). Non-goal: other shapes; engine/network.py is the general code.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from backprop_lessons.engine.activations import sigmoid
from backprop_lessons.engine.errors import valid_array, valid_choice
from backprop_lessons.lecture.example import lecture_values, worked_round

# matrix entry -> the lecture's name for it (the "sum over the outputs" is row 0 of W2^T delta_o)
MATRIX_NAMES: dict[str, str] = {
    "h[0]": "out_h1", "h[1]": "out_h2", "out[0]": "out_o1", "out[1]": "out_o2",
    "delta_o[0]": "delta_o1", "delta_o[1]": "delta_o2",
    "dE/dW2[0,0]": "dE_total/dw5", "dE/dW2[0,1]": "dE_total/dw6",
    "dE/dW2[1,0]": "dE_total/dw7", "dE/dW2[1,1]": "dE_total/dw8",
    "(W2^T delta_o)[0]": "dE_total/dout_h1",
    "delta_h[0]": "delta_h1", "delta_h[1]": "delta_h2",
    "dE/dW1[0,0]": "dE_total/dw1", "dE/dW1[0,1]": "dE_total/dw2",
    "dE/dW1[1,0]": "dE_total/dw3", "dE/dW1[1,1]": "dE_total/dw4",
}


@dataclass(frozen=True)
class MatrixRound:
    """One round's matrices: inputs x (2, N), hidden h (2, N), outputs out (2, N), deltas and gradients."""

    W1: np.ndarray
    W2: np.ndarray
    x: np.ndarray
    h: np.ndarray
    out: np.ndarray
    delta_o: np.ndarray
    dW2: np.ndarray
    sum_over_outputs: np.ndarray   # W2^T delta_o, shape (2, N)
    delta_h: np.ndarray
    dW1: np.ndarray

    def entry(self, label: str) -> float:
        """The number at a MATRIX_NAMES label such as "dE/dW2[0,0]" (first example)."""
        arrays = {"h": self.h, "out": self.out, "delta_o": self.delta_o, "dE/dW2": self.dW2,
                  "(W2^T delta_o)": self.sum_over_outputs, "delta_h": self.delta_h, "dE/dW1": self.dW1}
        name, index = label[:-1].split("[")
        row, _, column = index.partition(",")
        array = arrays[name]
        return float(array[int(row), int(column)] if column else array[int(row), 0])


def lecture_matrices(overrides: Mapping[str, float] | None = None) -> dict[str, np.ndarray]:
    """W1, W2 (2, 2), b1, b2, x and target (2, 1) from the lecture's values."""
    v = lecture_values(overrides)
    return {"W1": np.array([[v["w1"], v["w2"]], [v["w3"], v["w4"]]]),
            "W2": np.array([[v["w5"], v["w6"]], [v["w7"], v["w8"]]]),
            "b1": np.array([[v["b1"]]]), "b2": np.array([[v["b2"]]]),
            "x": np.array([[v["i1"]], [v["i2"]]]), "target": np.array([[v["target_o1"]], [v["target_o2"]]])}


def matrix_round(overrides: Mapping[str, float] | None = None, x: ArrayLike | None = None,
                 target: ArrayLike | None = None) -> MatrixRound:
    """The backward pass in six matrix lines; `x` and `target` (2, N) replace the lecture's example."""
    m = lecture_matrices(overrides)
    x = m["x"] if x is None else valid_array("x", x, shape=(2, None))
    target = m["target"] if target is None else valid_array("target", target, shape=(2, x.shape[1]))
    W1, W2 = m["W1"], m["W2"]
    h = sigmoid(W1 @ x + m["b1"])                         # out_h1 = sigma(w1*i1 + w2*i2 + b1)
    out = sigmoid(W2 @ h + m["b2"])                       # out_o1 = sigma(w5*out_h1 + w6*out_h2 + b2)
    delta_o = (out - target) * out * (1 - out)            # delta_o1 = -(target_o1 - out_o1) * out_o1*(1 - out_o1)
    dW2 = delta_o @ h.T                                   # dE/dw5 = delta_o1 * out_h1
    sum_over_outputs = W2.T @ delta_o                     # dE/dout_h1 = delta_o1*w5 + delta_o2*w7
    delta_h = sum_over_outputs * h * (1 - h)              # delta_h1 = dE/dout_h1 * out_h1*(1 - out_h1)
    dW1 = delta_h @ x.T                                   # dE/dw1 = delta_h1 * i1
    return MatrixRound(W1, W2, x, h, out, delta_o, dW2, sum_over_outputs, delta_h, dW1)


def matrix_table(overrides: Mapping[str, float] | None = None) -> list[tuple[str, str, float, float]]:
    """(matrix entry, lecture name, value from the matrices, value from worked_round) for every entry."""
    matrices, scalars = matrix_round(overrides), worked_round(overrides)
    return [(label, name, matrices.entry(label), scalars[name]) for label, name in MATRIX_NAMES.items()]


def matrix_table_text(overrides: Mapping[str, float] | None = None) -> str:
    """matrix_table as fixed-width text, with the largest difference between the two columns."""
    rows = matrix_table(overrides)
    lines = [f"{'matrix entry':<20}{'lecture name':<18}{'matrix form':>14}{'worked round':>14}"]
    lines += [f"{label:<20}{name:<18}{a:>14.9f}{b:>14.9f}" for label, name, a, b in rows]
    largest = max(abs(a - b) for _, _, a, b in rows)
    return "\n".join(lines + [f"largest difference: {largest:.1e}"])


def shapes(examples: int = 1) -> dict[str, tuple[int, ...]]:
    """The shape of every matrix of matrix_round for a batch of `examples` columns."""
    r = matrix_round(x=np.full((2, examples), 0.5), target=np.full((2, examples), 0.5))
    return {name: getattr(r, name).shape for name in
            ("W1", "W2", "x", "h", "out", "delta_o", "dW2", "sum_over_outputs", "delta_h", "dW1")}


def batch_gradients(x: ArrayLike, target: ArrayLike, reduction: str = "sum",
                    overrides: Mapping[str, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(dE/dW1, dE/dW2) for a batch, one example per column: summed over it, or its mean.

    With "sum", E is the sum of the examples' errors and the gradient grows with the batch, so
    eta must shrink as it grows; with "mean" one eta suits any batch size.
    """
    reduction = valid_choice("reduction", reduction, ("sum", "mean"))
    r = matrix_round(overrides, x, target)
    scale = 1.0 if reduction == "sum" else 1.0 / r.x.shape[1]
    return r.dW1 * scale, r.dW2 * scale
