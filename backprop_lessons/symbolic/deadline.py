"""SymPy's work under a deadline: stopped after a few seconds with a clear message, wherever it runs.

Every public path into SymPy (a typed formula, a derivation, a compiled gradient, a cross-check)
runs its SymPy work through `within_deadline`, on the one time-limit mechanism of the package
(engine/timelimit.py): SIGALRM in the main thread, a watchdog interrupting the working thread
elsewhere (a widget's callback on another thread). Deadlines nest, so a cross-check that reads a
formula does not get two.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from backprop_lessons.engine.timelimit import TimeLimitError, time_limit

T = TypeVar("T")
FORMULA_SECONDS = 5.0   # a typed formula's parse, derivative and compilation take well under a second
CHECK_SECONDS = 20.0    # a cross-check's SymPy work (derivatives and compilation) for a classroom network


class DeadlineError(TimeLimitError):
    """SymPy's work did not finish within its deadline."""


def within_deadline(what: str, work: Callable[[], T], seconds: float | None = None) -> T:
    """`work()`, stopped with DeadlineError naming `what` if it runs longer than `seconds`
    (FORMULA_SECONDS when not given)."""
    with time_limit(FORMULA_SECONDS if seconds is None else seconds, what, hint="; try a simpler formula", error=DeadlineError):
        return work()
