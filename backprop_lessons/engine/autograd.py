"""A scalar autograd: a Value remembers how it was made, and backward() runs the chain rule for it.

micrograd's engine, cut to what the lecture needs. Every operation computes its result and,
right beside it, the local rule that sends the result's grad back to its parents:
    a + b      add distributes:  a.grad += out.grad            b.grad += out.grad
    a * b      multiply swaps:   a.grad += b.data * out.grad   b.grad += a.data * out.grad
    sigmoid(a) a.grad += out.data * (1 - out.data) * out.grad  (the lecture's out_o1*(1 - out_o1))
    a ** n     a.grad += n * a.data ** (n - 1) * out.grad
`+=`, never `=`: a value used twice (out_h1 feeds net_o1 and net_o2) collects a grad from each
use, which is the lecture's sum over the outputs. backward() visits the values in reverse
topological order, so a value's grad is complete before it is passed on; grad is then
dE_total/d(value) for E_total = the value backward() was called on.
Homework 4 asks students to write this class; lecture/autograd_round.py builds the lecture's
network from it. Non-goal: tensors or speed (a Python object per number).
"""
from __future__ import annotations

import math
from collections.abc import Callable

from backprop_lessons.engine.errors import InvalidTypeError, NotFiniteError, shown, valid_number


class Value:
    """Stores one scalar, the values it was made from, and its gradient."""

    def __init__(self, data: float, parents: tuple[Value, ...] = (), operation: str = "", name: str = ""):
        """A leaf when `parents` is empty (an input, a weight); `name` is its lecture name, e.g. "w5"."""
        self.data = valid_number("data", data)
        self.grad = 0.0
        if not isinstance(parents, (tuple, list)) or not all(isinstance(p, Value) for p in parents):
            raise InvalidTypeError(f"parents must be a tuple of Values, got {type(parents).__name__} {shown(parents)}")
        self.parents, self.operation, self.name = tuple(parents), operation, name
        self._backward: Callable[[], None] = lambda: None   # a leaf passes nothing on

    def __add__(self, other: Value | float) -> Value:
        """self + other; add distributes: each parent gets the result's grad unchanged."""
        other = as_value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def backward() -> None:
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out

    def __mul__(self, other: Value | float) -> Value:
        """self * other; multiply swaps: each parent's grad is the other's data times the result's grad."""
        other = as_value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = backward
        return out

    def __pow__(self, exponent: float) -> Value:
        """self ** exponent for a plain number exponent: d(a^n)/da = n * a^(n - 1)."""
        if isinstance(exponent, Value) or isinstance(exponent, bool):
            raise InvalidTypeError(f"exponent must be a plain number, got {type(exponent).__name__}")
        n = valid_number("exponent", exponent)
        try:
            power = self.data ** n
        except (OverflowError, ZeroDivisionError):   # 1e200 ** 2, 0 ** -1
            raise NotFiniteError(f"{self.data:g} ** {n:g} is not a finite number") from None
        if isinstance(power, complex):               # (-1) ** 0.5
            raise NotFiniteError(f"{self.data:g} ** {n:g} is not a real number")
        out = Value(power, (self,), f"**{n:g}")

        def backward() -> None:
            self.grad += n * self.data ** (n - 1) * out.grad
        out._backward = backward
        return out

    def sigmoid(self) -> Value:
        """The logistic function 1/(1 + e^-x); its local derivative is out * (1 - out)."""
        x = self.data
        data = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        out = Value(data, (self,), "σ")

        def backward() -> None:
            self.grad += out.data * (1 - out.data) * out.grad
        out._backward = backward
        return out

    def __neg__(self) -> Value:
        """-self, as self * -1."""
        return self * -1

    def __sub__(self, other: Value | float) -> Value:
        """self - other, as self + (-other)."""
        return self + (-as_value(other))

    def __radd__(self, other: float) -> Value:
        """other + self, for a plain number on the left."""
        return self + other

    def __rmul__(self, other: float) -> Value:
        """other * self, for a plain number on the left."""
        return self * other

    def __rsub__(self, other: float) -> Value:
        """other - self, for a plain number on the left (target_o1 - out_o1)."""
        return as_value(other) + (-self)

    def backward(self) -> None:
        """Set every grad to d(self)/d(value): self.grad = 1, then each local rule, outputs first."""
        order = topological_order(self)
        for value in order:
            value.grad = 0.0   # a fresh pass: grads from an earlier backward() would add up
        backward_through(self, order)

    def __repr__(self) -> str:
        """Name (if any), data and grad, e.g. Value(w5, data=0.4, grad=0.0821670408)."""
        label = f"{self.name}, " if self.name else ""
        return f"Value({label}data={self.data:.10g}, grad={self.grad:.10g})"


def as_value(x: Value | float) -> Value:
    """`x` itself if it is a Value, else a new leaf holding the number `x`."""
    return x if isinstance(x, Value) else Value(x)


def backward_through(root: Value, order: list[Value]) -> None:
    """dE/d(root) = 1, then each value's local rule from the root down (`order` inputs first)."""
    root.grad = 1.0
    for value in reversed(order):
        value._backward()


def topological_order(root: Value) -> list[Value]:
    """Every value `root` was made from, and root last, each after all its parents (depth first).

    Iterative, so a long chain (a thousand rounds of training kept in one graph) needs no deep recursion.
    """
    if not isinstance(root, Value):
        raise InvalidTypeError(f"root must be a Value, got {type(root).__name__}")
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        value, parents_done = stack.pop()
        if parents_done:
            order.append(value)
        elif id(value) not in seen:
            seen.add(id(value))
            stack.append((value, True))
            stack.extend((parent, False) for parent in reversed(value.parents) if id(parent) not in seen)
    return order
