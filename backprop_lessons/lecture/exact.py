"""The lecture's worked round to any number of correct digits, to settle rounding questions.

The inputs are the lecture's decimals read as exact fractions (0.05 is 1/20, not the binary
float nearest to it), and the same steps as worked_round (example.work_round) run in mpmath's
arbitrary-precision arithmetic. A result is reported only when two runs at different working
precisions agree on every digit asked for; otherwise the precision doubles and it tries again
(a few times: an exact tie such as 0.3775 to 3 digits is rounded as mpmath rounds it).
So each digit shown is correct, which is what a question like "which digit did the slide round?"
needs. Floats carry about 16 digits; erratum 5 lies in the 9th, after several products.

Why not SymPy's exact expressions all the way (out_h1 = 1/(1 + exp(-151/400)), then N(x, 30))?
We tried: the round nests the exponential four deep, and SymPy took tens of seconds to build and
evaluate those expressions here. Two precisions that agree give the same certainty in milliseconds.

    exact_digits(30)["dE_o2/dout_h1"]     # its first 30 significant digits, as text
    backprop-lessons example --digits 30  # every quantity of the round
Non-goal: training in high precision (floats answer every question the training figures raise).
"""
from __future__ import annotations

from fractions import Fraction

import mpmath

from backprop_lessons.engine.errors import valid_count, valid_flag, valid_number
from backprop_lessons.lecture.example import LECTURE_ETA, LECTURE_VALUES, Recorder, work_round

MAX_DIGITS = 100    # more digits than any rounding question needs
GUARD_DIGITS = 20   # extra working digits beyond those shown
MAX_ETA = 1e6       # a learning rate beyond this is no step of descent (and exp() would overflow)


def exact(decimal: float) -> Fraction:
    """The decimal as the lecture writes it, as an exact fraction: exact(0.05) == Fraction(1, 20)."""
    return Fraction(repr(decimal))


def _round_at(working_digits: int, eta: float, update_biases: bool) -> dict[str, mpmath.mpf]:
    """Every quantity of one round, computed with `working_digits` significant digits."""
    with mpmath.workdps(working_digits):
        values = {name: mpmath.mpf(f.numerator) / f.denominator
                  for name, f in ((n, exact(v)) for n, v in (LECTURE_VALUES | {"eta": eta}).items())}
        recorder = Recorder(values, number=mpmath.mpf, logistic=lambda net: 1 / (1 + mpmath.exp(-net)))
        return {step.name: step.value for step in work_round(recorder, update_biases)}


def _text(value: mpmath.mpf, digits: int) -> str:
    """`value` to `digits` significant digits, as plain decimal text (no exponent)."""
    with mpmath.workdps(digits + GUARD_DIGITS):
        return mpmath.nstr(value, digits, min_fixed=-mpmath.inf, max_fixed=mpmath.inf, strip_zeros=False)


def exact_digits(digits: int = 30, eta: float = LECTURE_ETA, *, update_biases: bool = False) -> dict[str, str]:
    """Every quantity of the worked round to `digits` correct significant digits (1 .. MAX_DIGITS), as text."""
    digits = valid_count("digits", digits, minimum=1, maximum=MAX_DIGITS)
    eta = valid_number("eta", eta, positive=True, maximum=MAX_ETA)
    update_biases = valid_flag("update_biases", update_biases)
    working = digits + GUARD_DIGITS
    shown = {name: _text(v, digits) for name, v in _round_at(working, eta, update_biases).items()}
    for _ in range(6):   # certify: twice the working precision must show the same digits
        working *= 2
        again = {name: _text(v, digits) for name, v in _round_at(working, eta, update_biases).items()}
        if again == shown:
            break
        shown = again   # a value within 10^-working of a rounding tie (0.3775 to 3 digits) may never settle
    return shown
