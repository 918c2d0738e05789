"""Activation functions: each defined once, as NumPy forward, hand derivative and SymPy form.

The three sit side by side so a reader sees them together. NumPy forms keep the dtype
of what they are given (float32 stays float32; whole numbers become float64). Backprop uses the hand
derivative; SymPy differentiates the symbolic form; the cross-check (crosscheck.py)
proves the two agree. The hand derivative takes both the net input and the output,
because the lecture writes the logistic one in terms of the output:
    dout/dnet = out * (1 - out).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

from backprop_lessons.engine.errors import valid_choice


@dataclass(frozen=True)
class Activation:
    """An activation: its name, NumPy forward, hand derivative, SymPy form and kinks."""

    name: str
    forward: Callable[[np.ndarray], np.ndarray]               # out = f(net)
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]  # dout/dnet from (net, out)
    symbolic: Callable[[sp.Expr], sp.Expr]                    # f as a SymPy expression
    kinks: tuple[float, ...] = ()                             # where f has no derivative


def as_float(values: np.ndarray | float) -> np.ndarray:
    """`values` as a float array: float32 and float64 keep their dtype, anything else becomes float64."""
    values = np.asarray(values)
    return values if values.dtype in (np.float32, np.float64) else values.astype(np.float64)


def _sigmoid(net: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-net), computed so that e^x never overflows (net = +-1000 is fine)."""
    net = as_float(net)
    small = np.exp(-np.abs(net))          # e^-|net| is in (0, 1]
    return np.where(net >= 0, 1 / (1 + small), small / (1 + small))


SIGMOID = Activation(
    name="sigmoid",
    forward=_sigmoid,
    derivative=lambda net, out: out * (1 - out),          # the lecture: out_o1 (1 - out_o1)
    symbolic=lambda x: 1 / (1 + sp.exp(-x)),
)

TANH = Activation(
    name="tanh",
    forward=lambda net: np.tanh(as_float(net)),
    derivative=lambda net, out: 1 - out**2,
    symbolic=sp.tanh,
)

RELU = Activation(
    name="relu",
    forward=lambda net: np.maximum(as_float(net), 0),
    derivative=lambda net, out: (as_float(net) > 0).astype(as_float(net).dtype),   # 0 at the kink
    symbolic=lambda x: sp.Max(0, x),
    kinks=(0.0,),
)

IDENTITY = Activation(
    name="identity",
    forward=as_float,
    derivative=lambda net, out: np.ones_like(as_float(net)),
    symbolic=lambda x: x,
)

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (SIGMOID, TANH, RELU, IDENTITY)}


def get_activation(name: str | Activation) -> Activation:
    """The registered activation called `name` (an Activation passes through)."""
    if isinstance(name, Activation):
        return name
    return ACTIVATIONS[valid_choice("activation", name, ACTIVATIONS)]


def sigmoid(net: np.ndarray | float) -> np.ndarray:
    """The logistic function of the lecture, 1 / (1 + e^-net), elementwise (float32 stays float32).
    Imported from the top of the package, `net` is checked first (engine/boundary.py)."""
    return SIGMOID.forward(net)
