"""Time limits, in one place: SymPy's work and a student's code both stop after a few seconds.

`time_limit(seconds)` is a context manager; the work inside it is interrupted by raising an
exception in the thread that runs it, between two Python bytecodes, when the time is up:
- in the main thread on Unix, by SIGALRM (which also ends a `time.sleep` or a blocking read);
- in any other thread (a widget's callback run by a kernel's comm thread, a web server's
  worker, Windows), by a watchdog thread that raises the exception in the working thread
  (CPython's PyThreadState_SetAsyncExc), so a panel's SymPy call is limited wherever it runs.
Limits nest: an inner limit never outlasts the one around it (SymPy called by a student's
code inside the homework's limit), and on leaving it the outer limit is set again.
`again` (seconds) interrupts again and again after the first time, until the work has left the
block: code that catches the first interruption (`except BaseException: pass`) meets the next.

The exception raised inside the work, `Interrupted`, is a BaseException (an `except Exception`
in SymPy or in a student's code does not swallow it); the block turns it into
`TimeLimitError` (a one-line package error) naming `what`, or passes it on to the outer limit
whose time is up. `within_time_limit(what, work, seconds)` is the same for a function.
Non-goal: a sandbox. Code running in C (one huge multiplication) is interrupted only when it
comes back to Python, and code in the same process can undo the limit (os._exit, signal.signal);
docs/teaching.md lists what cannot be defended in-process.
"""
from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from backprop_lessons.engine.errors import BackpropLessonsError

T = TypeVar("T")


class TimeLimitError(BackpropLessonsError, TimeoutError):
    """Work did not finish within its time limit; the message is the one line to show."""


class Interrupted(BaseException):
    """Raised inside the work when its time is up (BaseException: `except Exception` does not catch it)."""


class _Limit:
    """One active limit of one thread: when it ends, and whether it is still in force."""

    def __init__(self, seconds: float, outer: _Limit | None, again: float):
        own = time.monotonic() + seconds
        self.ends = min(own, outer.ends) if outer is not None else own
        self.own_ends, self.outer, self.again = own, outer, again
        self.active, self.alarm, self.fired = True, False, False

    def expired(self) -> bool:
        """True once this limit's own time (not only an outer one's) is up."""
        return time.monotonic() >= self.own_ends - 1e-3


_local = threading.local()            # each thread's innermost active _Limit
_lock = threading.Lock()              # the watchdog and a leaving block never race


def _innermost() -> _Limit | None:
    return getattr(_local, "limit", None)


def _alarm_usable() -> bool:
    """SIGALRM can interrupt this thread: Unix, the main thread, and no alarm of someone else set."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    return signal.getsignal(signal.SIGALRM) is _on_alarm or signal.getitimer(signal.ITIMER_REAL)[0] == 0


def _on_alarm(signum, frame) -> None:
    """SIGALRM's handler: interrupt the work if a limit of the main thread is in force."""
    limit = _innermost()
    if limit is not None and limit.active:
        raise Interrupted


def _arm_alarm(limit: _Limit) -> None:
    """Set SIGALRM to fire when `limit` ends, then every `again` seconds."""
    signal.setitimer(signal.ITIMER_REAL, max(limit.ends - time.monotonic(), 1e-4), limit.again)


def _interrupt(thread_id: int, limit: _Limit) -> None:
    """The watchdog's work: raise Interrupted in the thread if `limit` is still in force, then again."""
    while True:
        with _lock:
            if not limit.active:
                return
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(Interrupted))
            limit.fired = True
        if not limit.again:
            return
        time.sleep(limit.again)


def _start_watchdog(limit: _Limit) -> None:
    """A daemon thread that interrupts this thread when `limit` ends."""
    thread_id = threading.get_ident()
    timer = threading.Timer(max(limit.ends - time.monotonic(), 0.0), _interrupt, (thread_id, limit))
    timer.daemon = True
    limit.timer = timer
    timer.start()


def _stop(limit: _Limit, alarm: bool, previous_handler) -> None:
    """End `limit` (safe to call twice): no interruption after this; the outer limit set again."""
    with _lock:
        limit.active = False
        # An interruption sent but not yet delivered is not withdrawn with SetAsyncExc(id, NULL): on
        # CPython 3.11 that leaves the interpreter's flag set and breaks later calls (RecursionError).
        # It is delivered within a bytecode or two, inside the leaving loop of time_limit.
    if alarm:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler if previous_handler is not None else signal.SIG_DFL)
    else:
        limit.timer.cancel()
    _local.limit = limit.outer
    if alarm and limit.outer is not None and limit.outer.active and limit.outer.alarm:
        _arm_alarm(limit.outer)


@contextmanager
def time_limit(seconds: float, what: str = "the work", *, again: float = 0.0, hint: str = "",
               error: type[TimeLimitError] = TimeLimitError) -> Iterator[None]:
    """Interrupt the block after `seconds` with `error` ("`what` took more than N s`hint`"; see the
    module's docstring)."""
    outer = _innermost()
    limit = _Limit(seconds, outer, again)
    alarm = limit.alarm = _alarm_usable()
    previous_handler = signal.getsignal(signal.SIGALRM) if alarm else None
    _local.limit = limit
    if alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
        _arm_alarm(limit)
    else:
        _start_watchdog(limit)
    interrupted = False
    try:
        try:
            yield
        finally:
            while True:   # an interruption may arrive while leaving: leave all the same
                try:
                    _stop(limit, alarm, previous_handler)
                    break
                except Interrupted:
                    interrupted = True
    except Interrupted:
        interrupted = True
    if interrupted:
        if limit.expired() or outer is None:
            raise error(f"{what} took more than {seconds:g} s{hint}") from None
        raise Interrupted   # the outer limit's time is up: it says so


def within_time_limit(what: str, work: Callable[[], T], seconds: float) -> T:
    """`work()`, stopped with TimeLimitError naming `what` if it runs longer than `seconds`."""
    with time_limit(seconds, what):
        return work()
