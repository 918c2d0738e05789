"""SymPy checks softmax with cross-entropy: the Jacobian diag(p) - p p^T, then delta = p - y (notebook 14).

SymPy differentiates p_k = e^{z_k} / sum_j e^{z_j} and E = -sum_k y_k log p_k itself, and each
derivative is compared with the hand formula of engine/softmax.py: their difference, put over
one denominator (sympy.cancel), must be 0. A wrong hand formula shows as False.
Non-goal: more than a few classes (SymPy's work grows quickly with n).
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from backprop_lessons.engine.errors import valid_count


@dataclass(frozen=True)
class SoftmaxCheck:
    """For n classes: whether SymPy's derivatives equal the hand formulas, entry by entry."""

    classes: int
    jacobian: dict[str, bool]   # "dp1/dz1 = p1 (1 - p1)" -> SymPy agrees
    delta: dict[str, bool]      # "dE/dz1 = p1 - y1" -> SymPy agrees (with y1 + ... + yn = 1)

    def text(self) -> str:
        """One line per formula: the formula, then what SymPy says of it."""
        rows = {**self.jacobian, **self.delta}
        return "\n".join(f"{formula:<26}SymPy: {'equal' if ok else 'DIFFERENT'}" for formula, ok in rows.items())


def check_softmax(classes: int = 3) -> SoftmaxCheck:
    """Differentiate softmax and its cross-entropy for `classes` classes (2 to 4) with SymPy and compare."""
    n = valid_count("classes", classes, minimum=2, maximum=4)
    z, y = sp.symbols(f"z1:{n + 1}", real=True), sp.symbols(f"y1:{n + 1}", nonnegative=True)
    total = sum(sp.exp(zk) for zk in z)
    p = [sp.exp(zk) / total for zk in z]
    E = -sum(yk * sp.expand_log(sp.log(pk), force=True) for yk, pk in zip(y, p))
    jacobian = {}
    for k in range(n):
        for j in range(n):
            hand = p[k] * (1 - p[k]) if k == j else -p[k] * p[j]
            name = f"dp{k + 1}/dz{j + 1} = " + (f"p{k + 1} (1 - p{k + 1})" if k == j else f"-p{k + 1} p{j + 1}")
            jacobian[name] = sp.cancel(sp.diff(p[k], z[j]) - hand) == 0
    one_hot = {y[-1]: 1 - sum(y[:-1])}   # the target's entries sum to 1
    delta = {f"dE/dz{j + 1} = p{j + 1} - y{j + 1}": sp.cancel((sp.diff(E, z[j]) - (p[j] - y[j])).subs(one_hot)) == 0
             for j in range(n)}
    return SoftmaxCheck(n, jacobian, delta)
