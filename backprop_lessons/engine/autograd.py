"""A scalar autograd: a Value remembers how it was made, and backward() runs the chain rule for it.

micrograd's engine, cut to what the lecture needs, in its "local derivatives" form: every
operation computes its result and, beside it, the result's local derivative with respect to
each parent; one step (`_backward`) multiplies those by the result's grad and adds them on:
    a + b      add distributes:  d(out)/da = 1,        d(out)/db = 1
    a * b      multiply swaps:   d(out)/da = b.data,   d(out)/db = a.data
    sigmoid(a) d(out)/da = out * (1 - out)  (the lecture's out_o1*(1 - out_o1))
    a ** n     d(out)/da = n * a^(n - 1)
Grads grow, never get replaced: a value used twice (out_h1 feeds net_o1 and net_o2) collects a
grad from each use, which is the lecture's sum over the outputs. (Homework 4 writes the same
rules micrograd's way, one `_backward` closure per operation; its model answers are not here.) backward() visits the values in reverse
topological order, so a value's grad is complete before it is passed on; grad is then
dE_total/d(value) for E_total = the value backward() was called on.
Homework 4 asks students to write this class; lecture/autograd_round.py builds the lecture's
network from it. Non-goal: tensors or speed (a Python object per number).
"""
from __future__ import annotations

import math

from backprop_lessons.engine.errors import InvalidTypeError, NotFiniteError, shown, valid_number


class Value:
    """Stores one scalar, the values it was made from, their local derivatives, and its gradient."""

    def __init__(self, data: float, parents: tuple[Value, ...] = (), operation: str = "", name: str = "",
                 local: tuple[float, ...] = ()):
        """A leaf when `parents` is empty (an input, a weight); `name` is its lecture name, e.g. "w5".

        `local`: d(this value)/d(parent) for each parent, the operation's local rule.
        """
        self.data = valid_number("data", data)
        self.grad = 0.0
        if not isinstance(parents, (tuple, list)) or not all(isinstance(p, Value) for p in parents):
            raise InvalidTypeError(f"parents must be a tuple of Values, got {type(parents).__name__} {shown(parents)}")
        self.parents, self.operation, self.name = tuple(parents), operation, name
        if not isinstance(local, (tuple, list)) or len(local) not in (0, len(self.parents)):
            raise InvalidTypeError(f"local must be a tuple of one number per parent, got {shown(local)}")
        self.local = tuple(valid_number("local", slope) for slope in local)

    def _backward(self) -> None:
        """One link of the chain rule: each parent's grad grows by its local derivative times this grad."""
        for parent, slope in zip(self.parents, self.local):
            parent.grad += slope * self.grad     # grows: a value used twice collects both uses

    def __add__(self, other: Value | float) -> Value:
        """self + other; add distributes: the local derivative is 1 for each parent."""
        other = as_value(other)
        return Value(self.data + other.data, (self, other), "+", local=(1.0, 1.0))

    def __mul__(self, other: Value | float) -> Value:
        """self * other; multiply swaps: each parent's local derivative is the other's data."""
        other = as_value(other)
        return Value(self.data * other.data, (self, other), "*", local=(other.data, self.data))

    def __pow__(self, exponent: float) -> Value:
        """self ** exponent for a plain number exponent: d(a^n)/da = n * a^(n - 1)."""
        if isinstance(exponent, Value) or isinstance(exponent, bool):
            raise InvalidTypeError(f"exponent must be a plain number, got {type(exponent).__name__}")
        n = valid_number("exponent", exponent)
        try:
            power, slope = self.data ** n, n * self.data ** (n - 1)
        except (OverflowError, ZeroDivisionError):   # 1e200 ** 2, 0 ** -1
            raise NotFiniteError(f"{self.data:g} ** {n:g} is not a finite number") from None
        if isinstance(power, complex) or isinstance(slope, complex):   # (-1) ** 0.5
            raise NotFiniteError(f"{self.data:g} ** {n:g} is not a real number")
        return Value(power, (self,), f"**{n:g}", local=(slope,))

    def sigmoid(self) -> Value:
        """The logistic function 1/(1 + e^-x); its local derivative is out * (1 - out)."""
        x = self.data
        data = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        return Value(data, (self,), "σ", local=(data * (1 - data),))

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
    root.grad = 1
    for value in order[::-1]:       # the root first: a grad is complete before it is passed on
        pass_on = value._backward   # the value's own local rule (a student's Value brings its own)
        pass_on()


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
            order += [value]
        elif id(value) not in seen:
            seen.add(id(value))
            stack.append((value, True))
            stack.extend((parent, False) for parent in reversed(value.parents) if id(parent) not in seen)
    return order
