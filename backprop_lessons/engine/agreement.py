"""When two computed numbers agree: the relative error and its threshold, shared by every comparison.

The cross-check (symbolic/crosscheck.py), the derivations' verdicts (symbolic/derivation.py)
and the homework's checks all compare numbers this one way, CS231n's:
    relative error = |a - b| / max(|a|, |b|)    and below AGREE = 1e-7 they agree.
"""
from __future__ import annotations

import math

AGREE = 1e-7        # CS231n: relative error below 1e-7 means the gradients agree


def relative_error(a: float, b: float, floor: float = 0.0) -> float:
    """CS231n's |a - b| / max(|a|, |b|), with the denominator at least `floor`; 0 when a == b."""
    difference = abs(a - b)
    if difference == 0:
        return 0.0
    if not math.isfinite(difference):
        return math.inf
    return difference / max(abs(a), abs(b), floor)
