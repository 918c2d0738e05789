"""Loss functions: each defined once, as NumPy value, hand gradient and SymPy form.

A loss compares the last layer's outputs with the targets term by term (one term per
output and example) and sums the terms (the lecture's E_total is a sum); the batched sweep
sums them per stacked copy instead. Every form keeps the arrays' dtype (float32 stays float32). Its hand gradient dE/dout starts backprop;
SymPy differentiates the symbolic form, and the cross-check proves the two agree.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from backprop_lessons.engine.errors import valid_choice


@dataclass(frozen=True)
class Loss:
    """A loss: its name, NumPy terms, hand gradient dE/dout and SymPy form."""

    name: str
    terms: Callable[[np.ndarray, np.ndarray], np.ndarray]       # E's terms, shape of out
    gradient: Callable[[np.ndarray, np.ndarray], np.ndarray]    # dE/dout, same shape as out
    symbolic: Callable[[Sequence[sp.Expr], Sequence[sp.Expr]], sp.Expr]
    needs_activation: str | None = None   # the last layer's activation it assumes, if any
    targets_within: tuple[float, float] | None = None   # the targets it is defined for (probabilities)

    def value(self, out: np.ndarray, target: np.ndarray) -> float:
        """E_total: the terms summed over outputs and examples."""
        return float(np.sum(self.terms(out, target)))


def _clip_open(values: np.ndarray) -> np.ndarray:
    """`values` clipped into (0, 1), the nearest representable numbers in their own dtype."""
    dtype = values.dtype if np.issubdtype(values.dtype, np.floating) else np.dtype(np.float64)
    return np.clip(values, max(1e-300, float(np.finfo(dtype).tiny)), np.nextafter(dtype.type(1), dtype.type(0)))


# The lecture's loss: E_total = sum of 1/2 (target - out)^2, so dE/dout = -(target - out).
SQUARED = Loss(
    name="squared",
    terms=lambda out, target: 0.5 * (target - out) ** 2,
    gradient=lambda out, target: -(target - out),
    symbolic=lambda outs, targets: sum(sp.Rational(1, 2) * (t - o) ** 2 for o, t in zip(outs, targets)),
)


def _binary_cross_entropy(out: np.ndarray, target: np.ndarray) -> np.ndarray:
    """-(t log(out) + (1 - t) log(1 - out)) per term; out is clipped into (0, 1) so log stays finite."""
    out = _clip_open(np.asarray(out))
    return -(target * np.log(out) + (1 - target) * np.log1p(-out))


BINARY_CROSS_ENTROPY = Loss(
    name="binary_cross_entropy",
    terms=_binary_cross_entropy,
    gradient=lambda out, target: (out - target) / _clip_open(out * (1 - out)),
    symbolic=lambda outs, targets: -sum(t * sp.log(o) + (1 - t) * sp.log(1 - o)
                                        for o, t in zip(outs, targets)),
    needs_activation="sigmoid",   # log(out) and log(1 - out) need outputs in (0, 1)
    targets_within=(0.0, 1.0),    # a probability: a target of 5 would make E_total negative
)


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    """log(softmax(z)) by the log-sum-exp trick: z - max(z) - log(sum(e^(z - max(z))))."""
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


# Softmax and categorical cross-entropy together, on an identity output layer (logits):
# E = -sum(t * log softmax(z)), dE/dz = softmax(z) * sum(t) - t.
SOFTMAX_CROSS_ENTROPY = Loss(
    name="softmax_cross_entropy",
    terms=lambda logits, target: -target * _log_softmax(logits),
    gradient=lambda logits, target: (np.exp(_log_softmax(logits)) * np.sum(target, axis=-1, keepdims=True)
                                     - target),
    symbolic=lambda outs, targets: -sum(t * (o - sp.log(sum(sp.exp(z) for z in outs)))
                                        for o, t in zip(outs, targets)),
    needs_activation="identity",
    targets_within=(0.0, 1.0),    # class probabilities (one-hot)
)

LOSSES: dict[str, Loss] = {l.name: l for l in (SQUARED, BINARY_CROSS_ENTROPY, SOFTMAX_CROSS_ENTROPY)}


def get_loss(name: str | Loss) -> Loss:
    """The registered loss called `name` (a Loss passes through)."""
    if isinstance(name, Loss):
        return name
    return LOSSES[valid_choice("loss", name, LOSSES)]
