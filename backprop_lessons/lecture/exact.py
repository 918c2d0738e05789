"""The lecture's worked round in exact arithmetic, to settle rounding questions to any number of digits.

The inputs are the lecture's decimals read as exact fractions (0.05 is 1/20, not the nearest
binary float), and the logistic function stays symbolic: out_h1 is 1/(1 + exp(-151/400)),
exactly. Every quantity of the round (example.work_round, the same steps as worked_round)
is then an exact SymPy expression. Only when shown is it evaluated, with sympy.N(value, digits),
which raises its working precision until every one of those digits is correct.

Why not rationals all the way: e^-x is irrational, so any rational out_h1 would already be
rounded, and the question "which digit did the lecture round?" needs a value with no rounding
in it. Why not floats: they carry about 16 digits, and erratum 5 lies in the 9th, after
several products; the exact round shows the digits the float round cannot promise.

    exact_round()["dE_o2/dout_h1"]             # the exact SymPy expression
    exact_digits(30)["dE_o2/dout_h1"]          # its first 30 significant digits, as text
Non-goal: training in exact arithmetic (the expressions would grow with every round).
"""
from __future__ import annotations

from functools import lru_cache

import mpmath
import sympy as sp

from backprop_lessons.engine.errors import check_count, check_number
from backprop_lessons.lecture.example import LECTURE_ETA, LECTURE_VALUES, Recorder, WorkedRound, work_round

MAX_DIGITS = 100   # more digits than any rounding question needs; SymPy stays quick


def exact(decimal: float) -> sp.Rational:
    """The decimal as the lecture writes it, as an exact fraction: exact(0.05) == 1/20."""
    return sp.Rational(repr(decimal))


def _logistic(net: sp.Expr) -> sp.Expr:
    """1/(1 + e^-net), kept symbolic."""
    return 1 / (1 + sp.exp(-net))


@lru_cache(maxsize=2)
def exact_round(eta: float = LECTURE_ETA, *, update_biases: bool = False) -> WorkedRound:
    """One round of the lecture, every step an exact SymPy expression (same names as worked_round)."""
    values = {name: exact(value) for name, value in LECTURE_VALUES.items()}
    values["eta"] = exact(check_number("eta", eta, positive=True))
    return WorkedRound(work_round(Recorder(values, number=sp.sympify, logistic=_logistic), update_biases))


def exact_digits(digits: int = 30, eta: float = LECTURE_ETA, *, update_biases: bool = False) -> dict[str, str]:
    """Every quantity of the exact round to `digits` significant digits (1 .. MAX_DIGITS), as text."""
    digits = check_count("digits", digits, minimum=1, maximum=MAX_DIGITS)
    worked = exact_round(eta, update_biases=update_biases)
    return {name: _text(value, digits) for name, value in worked.values().items()}


def _text(value: sp.Expr, digits: int) -> str:
    """`value` evaluated to `digits` correct significant digits, as plain decimal text (no exponent)."""
    number = sp.N(value, digits)
    with mpmath.workdps(digits + 10):
        return mpmath.nstr(mpmath.mpf(number._mpf_), digits, min_fixed=-mpmath.inf, max_fixed=mpmath.inf,
                           strip_zeros=False)
