"""Loss functions: each defined once, as NumPy value, hand gradient and SymPy form.

A loss compares the last layer's outputs with the targets and sums over outputs and
examples (the lecture's E_total is a sum). Its hand gradient dE/dout starts backprop;
SymPy differentiates the symbolic form, and the cross-check proves the two agree.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from backprop_lessons.engine.errors import check_choice


@dataclass(frozen=True)
class Loss:
    """A loss: its name, NumPy value, hand gradient dE/dout and SymPy form."""

    name: str
    value: Callable[[np.ndarray, np.ndarray], float]            # E(out, target), summed
    gradient: Callable[[np.ndarray, np.ndarray], np.ndarray]    # dE/dout, same shape as out
    symbolic: Callable[[Sequence[sp.Expr], Sequence[sp.Expr]], sp.Expr]
    needs_activation: str | None = None   # the last layer's activation it assumes, if any


# The lecture's loss: E_total = sum of 1/2 (target - out)^2, so dE/dout = -(target - out).
SQUARED = Loss(
    name="squared",
    value=lambda out, target: float(0.5 * np.sum((target - out) ** 2)),
    gradient=lambda out, target: -(target - out),
    symbolic=lambda outs, targets: sum(sp.Rational(1, 2) * (t - o) ** 2 for o, t in zip(outs, targets)),
)


def _binary_cross_entropy(out: np.ndarray, target: np.ndarray) -> float:
    """-sum(t log(out) + (1 - t) log(1 - out)); out is clipped away from 0 and 1 so log stays finite."""
    out = np.clip(out, 1e-300, 1 - 1e-16)
    return float(-np.sum(target * np.log(out) + (1 - target) * np.log1p(-out)))


BINARY_CROSS_ENTROPY = Loss(
    name="binary_cross_entropy",
    value=_binary_cross_entropy,
    gradient=lambda out, target: (out - target) / np.clip(out * (1 - out), 1e-300, None),
    symbolic=lambda outs, targets: -sum(t * sp.log(o) + (1 - t) * sp.log(1 - o)
                                        for o, t in zip(outs, targets)),
    needs_activation="sigmoid",   # log(out) and log(1 - out) need outputs in (0, 1)
)


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    """log(softmax(z)) by the log-sum-exp trick: z - max(z) - log(sum(e^(z - max(z))))."""
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


# Softmax and categorical cross-entropy together, on an identity output layer (logits):
# E = -sum(t * log softmax(z)), dE/dz = softmax(z) * sum(t) - t.
SOFTMAX_CROSS_ENTROPY = Loss(
    name="softmax_cross_entropy",
    value=lambda logits, target: float(-np.sum(target * _log_softmax(logits))),
    gradient=lambda logits, target: (np.exp(_log_softmax(logits)) * np.sum(target, axis=-1, keepdims=True)
                                     - target),
    symbolic=lambda outs, targets: -sum(t * (o - sp.log(sum(sp.exp(z) for z in outs)))
                                        for o, t in zip(outs, targets)),
    needs_activation="identity",
)

LOSSES: dict[str, Loss] = {l.name: l for l in (SQUARED, BINARY_CROSS_ENTROPY, SOFTMAX_CROSS_ENTROPY)}


def get_loss(name: str | Loss) -> Loss:
    """The registered loss called `name` (a Loss passes through)."""
    if isinstance(name, Loss):
        return name
    return LOSSES[check_choice("loss", name, LOSSES)]
