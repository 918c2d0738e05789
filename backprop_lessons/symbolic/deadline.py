"""SymPy work under a deadline: stop it after a few seconds with a clear message, where Python can.

SymPy is pure Python, so a signal can stop it between two bytecodes: on Unix, in the main
thread (where a notebook kernel runs a cell and a widget's callback, and where the command
line runs), SIGALRM fires after `seconds` and the work ends with DeadlineError. A thread
cannot be stopped from outside in Python, so elsewhere (another thread, Windows) the work
runs without a deadline; what keeps it small there is the bound on the expression's size
(symbolic/formula.py refuses formulas whose derivative is large before SymPy compiles it).
Non-goal: a subprocess per formula; starting one (and importing SymPy in it) takes longer
than the work it would guard.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import TypeVar

from backprop_lessons.engine.errors import BackpropLessonsError

T = TypeVar("T")
FORMULA_SECONDS = 5.0   # a typed formula's parse, derivative and compilation take well under a second


class DeadlineError(BackpropLessonsError, TimeoutError):
    """SymPy's work did not finish within its deadline."""


class _Expired(BaseException):
    """Raised by the alarm inside the work; BaseException, so SymPy's `except Exception` cannot swallow it."""


def within_deadline(what: str, work: Callable[[], T], seconds: float = FORMULA_SECONDS) -> T:
    """`work()`, stopped with DeadlineError naming `what` if it runs longer than `seconds` (see above)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return work()
    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:   # someone else's alarm is set: leave it alone
        return work()

    def expire(signum, frame):
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    except _Expired:
        raise DeadlineError(f"{what} took SymPy more than {seconds:g} s; try a simpler formula") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
