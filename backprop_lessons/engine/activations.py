"""Activation functions: each defined once, as NumPy forward, hand derivative and SymPy form.

The three sit side by side so a reader sees them together. Backprop uses the hand
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

from backprop_lessons.engine.errors import check_choice


@dataclass(frozen=True)
class Activation:
    """An activation: its name, NumPy forward, hand derivative, SymPy form and kinks."""

    name: str
    forward: Callable[[np.ndarray], np.ndarray]               # out = f(net)
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]  # dout/dnet from (net, out)
    symbolic: Callable[[sp.Expr], sp.Expr]                    # f as a SymPy expression
    kinks: tuple[float, ...] = ()                             # where f has no derivative


def _sigmoid(net: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-net), computed so that e^x never overflows (net = +-1000 is fine)."""
    net = np.asarray(net, dtype=float)
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
    forward=np.tanh,
    derivative=lambda net, out: 1 - out**2,
    symbolic=sp.tanh,
)

RELU = Activation(
    name="relu",
    forward=lambda net: np.maximum(net, 0.0),
    derivative=lambda net, out: (np.asarray(net) > 0).astype(float),   # 0 at the kink
    symbolic=lambda x: sp.Max(0, x),
    kinks=(0.0,),
)

IDENTITY = Activation(
    name="identity",
    forward=lambda net: np.asarray(net, dtype=float),
    derivative=lambda net, out: np.ones_like(np.asarray(net, dtype=float)),
    symbolic=lambda x: x,
)

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (SIGMOID, TANH, RELU, IDENTITY)}


def get_activation(name: str | Activation) -> Activation:
    """The registered activation called `name` (an Activation passes through)."""
    if isinstance(name, Activation):
        return name
    return ACTIVATIONS[check_choice("activation", name, ACTIVATIONS)]


def sigmoid(net: np.ndarray | float) -> np.ndarray:
    """The logistic function of the lecture, 1 / (1 + e^-net), elementwise."""
    return SIGMOID.forward(net)
