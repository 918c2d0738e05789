"""How a homework self-check runs a student's function on many cases and words the verdict.

A check (hw checks modules) gives `run_check` the student's function, the cases to try (the
lecture's example first, then random ones drawn with a seed), how to read an answer, and the
typical mistakes to hold a wrong answer against. `run_check` prints one line and returns a
CheckResult, true only when every case was right:
    ✓ logistic: correct on the lecture's net_h1 and 20 random nets
    ✗ forward_pass: likely cause: forgot the bias b1 ... (reproduces your answers on all 21 cases)
    ✗ forward_pass: net_h1 is the first value that differs: yours is 0.2775 on ...; check how ...
    … not done yet: logistic is still the `pass` stub; write your answer there and run its cell
A likely cause is named only when that mistake gives the student's answers on every case
checked; otherwise the line shows the first value that differs (the student's, never the
expected one) and where to look. Earlier exercises a function relies on are checked first
(`depends`), and set to right references while it runs (`uses`), so a slip costs one exercise.
Student code runs under guard.py (time limit, writes seen, no calls into the package).
Under nbgrader's validate (NBGRADER_EXECUTION=validate) a check that is not ✓ raises
CheckFailed (an AssertionError) with its line, so Validate fails and shows that line in place of
a traceback; a plain Run All only prints.
Public for new assignments: Case, CheckResult, StubFound, run_check, report, close, number, and the
readers (readers.py: number_reader, names_reader, list_reader), re-exported here.
"""
from __future__ import annotations

import math
import os
import re
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from backprop_lessons.engine.errors import cut
from backprop_lessons.engine.notation import figure
from backprop_lessons.homework import guard as guard_module
from backprop_lessons.homework import isolated, tamper
from backprop_lessons.homework.answer_key import CAUSES, Values
from backprop_lessons.homework.guard import NotDone, StudentError, guarded_call, in_package, names_used
from backprop_lessons.homework.readers import (Reader, WrongAnswer, describe, list_reader, names_reader,  # noqa: F401
                                               number_reader, to_number)
from backprop_lessons.homework.student_code import defining_cell_failed, is_stub

SYMBOLS = {"correct": "✓", "wrong": "✗", "not done": "…"}
BROKEN = "it calls your {broken}, which is not right yet"
HARD_CODED = "the same answer for every case: use the values passed in (such as v['i1']), not numbers typed in"
_QUIET = [0]    # > 0 while a check runs another check (a dependency) silently
RECORD: list[list] = []   # while judge.judged runs a check: the numbers each run_check read, per case
REPLAY: list[list] = []   # in the judge process: those numbers, handed out instead of calling student code


class CheckFailed(AssertionError):
    """A check that is not ✓ under nbgrader's validate: shown as its one line, not a traceback."""

    def _render_traceback_(self) -> list[str]:
        """IPython shows this instead of a traceback (in Validate's dialog and the cell): the reason,
        wrapped to fit the dialog (a long line would need scrolling sideways)."""
        return textwrap.wrap(str(self), 88, break_long_words=False) or [type(self).__name__]


class StubFound(NotDone):
    """A piece of the exercise is still the `pass` stub, as a check's probe found (a method's _backward)."""


@dataclass(frozen=True)
class CheckResult:
    """What a check found; true only when correct. It shows nothing more in a notebook."""

    name: str
    status: str     # "correct", "wrong" or "not done"
    line: str       # the line the check printed

    def __bool__(self) -> bool:
        """True only when the answer was right, so that `assert check_...(...)` grades it."""
        return self.status == "correct"

    def _ipython_display_(self) -> None:
        """Display nothing: the check has already printed its one line."""


@dataclass(frozen=True)
class Case:
    """One try of a student's function: the arguments, and the answer under any mistake."""

    label: str                                  # "on the lecture's example", "on random case 3 of 20"
    args: tuple
    answer: Callable[[str | None], Values]      # answer(None) is right; answer("no_half") mistaken


@contextmanager
def quietly():
    """Run checks inside without printing or raising (to check a dependency first)."""
    _QUIET[0] += 1
    try:
        yield
    finally:
        _QUIET[0] -= 1


def report(name: str, status: str, text: str, graded: bool = False) -> CheckResult:
    """Print the one line of a check and return its result; under nbgrader's validate, raise if not ✓."""
    __tracebackhide__ = True   # IPython: show the cell, not this frame
    line = (f"{SYMBOLS[status]} not done yet: {text}" if status == "not done"
            else f"{SYMBOLS[status]} {cut(name)}: {text}")
    if _QUIET[0]:
        return CheckResult(name, status, line)
    print(line)
    if status != "correct" and not graded and os.environ.get("NBGRADER_EXECUTION") == "validate":
        raise CheckFailed(line)
    return CheckResult(name, status, line)


def call_student(name: str, function: Callable, args: tuple, **guard) -> object:
    """Call the student's function under guard (guard.guarded_call); StudentError says what went wrong."""
    return guarded_call(name, function, args, **guard)


def number(value: float) -> str:
    """A number for a message: as the lecture prints it, or in scientific notation when tiny."""
    return figure(value) if value == 0 or abs(value) >= 1e-6 else f"{value:.6e}"


def close(a: float, b: float) -> bool:
    """True when two answers agree to a millionth (relative), or to 1e-9 near zero."""
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _difference(answer: Values, expected: Values) -> str | None:
    """The first name where `answer` differs from `expected`; "" if their names differ; None if equal."""
    if answer.keys() != expected.keys():
        return ""
    return next((key for key, want in expected.items() if not close(answer[key], want)), None)


def diagnose(answered: Sequence[tuple[Case, Values]], mistakes: Sequence[str],
             causes: Mapping[str, str] = CAUSES) -> str | None:
    """The cause of the first mistake that gives the student's answers on every case; None if none does."""
    for mistake in mistakes:
        try:
            with np.errstate(all="ignore"):
                if all(_difference(answer, case.answer(mistake)) is None for case, answer in answered):
                    return causes[mistake]
        except (ArithmeticError, ValueError, KeyError):
            continue
    return None


def _broken_dependency(student: object, depends: Mapping[str, Callable[[object], CheckResult]]) -> str | None:
    """The first earlier exercise the student's function calls that its own check finds not right yet:
    the root of a cascade (error -> forward_pass -> logistic names logistic when forward_pass itself is right)."""
    namespace = getattr(student, "__globals__", {})
    for name in sorted(names_used(student) & set(depends)):
        own = namespace.get(name)
        if own is None or in_package(own):
            continue
        with quietly():
            result = depends[name](own)
        if not result:
            root = re.search(BROKEN.format(broken=r"(\w+)"), getattr(result, "line", ""))
            return root.group(1) if root else name
    return None


def _not_done(name: str, student: object, exc: NotDone, graded: bool) -> CheckResult:
    """The line for an answer that is None: a cell that failed, the stub, or a missing return."""
    if defining_cell_failed(name, student):
        return report(name, "wrong", f"the cell defining {name} raised or has not run since you changed it; "
                                     "run it and read its error", graded)
    if is_stub(student) or isinstance(exc, StubFound):
        what = str(exc) if isinstance(exc, StubFound) else f"{name} is still the `pass` stub"
        return report(name, "not done", f"{what}; write your answer there and run its cell", graded)
    if "NotImplementedError" in str(exc):
        return report(name, "not done", f"{name} raises NotImplementedError; write your answer in its place",
                      graded)
    return report(name, "not done", f"{exc}: write your answer and `return` it", graded)


def _run_cases(name: str, student: object, cases: Sequence[Case], call: Callable[[tuple], Values], graded: bool,
               finish: Callable[[], str | None]) -> tuple[list, CheckResult | None, str | None]:
    """(answered cases, None or the CheckResult of the first that failed, finish()'s tampering line).

    The cases run in a forked child (isolated.py): the time limit holds whatever the code catches.
    """
    try:
        results, error, flagged = isolated.run_each([case.args for case in cases], call, guard_module.TIME_LIMIT,
                                                    finish, here=bool(REPLAY))
    except KeyboardInterrupt:
        results, error, flagged = [], StudentError("stopped while it ran (Stop pressed?): a loop that never ends?"), None
    answered = list(zip(cases, results))
    if error is None:
        return answered, None, flagged
    label = cases[len(results)].label if len(results) < len(cases) else cases[-1].label
    if isinstance(error, isolated.Late):
        error = StudentError(f"still running after {guard_module.TIME_LIMIT:g} s: a loop that never ends?")
    if isinstance(error, NotDone):
        return answered, _not_done(name, student, error, graded), flagged
    if not isinstance(error, StudentError):
        error = StudentError(f"raised {type(error).__name__}: {' '.join(str(error).split())[:120]}")
    if defining_cell_failed(name, student):
        return answered, _not_done(name, student, NotDone(str(error)), graded), flagged
    return answered, report(name, "wrong", f"{error} ({label})", graded), flagged


def run_check(name: str, student: object, cases: Sequence[Case], read: Reader,
              mistakes: Sequence[str] = (), *, summary: str, causes: Mapping[str, str] = CAUSES,
              uses: Mapping[str, Callable] | None = None,
              depends: Mapping[str, Callable[[object], CheckResult]] | None = None,
              forbidden: Mapping[object, str] | None = None, graded: bool = False,
              where: str = "compare each step with the formulas above", probe: Callable | None = None,
              own_autograd: bool = False) -> CheckResult:
    """Try `student` on every case; report a reproduced cause, or the first value that differs.

    `uses`: global names the function may call, set to right references while it runs;
    `depends`: for the student's own earlier functions among them, a check (run first, unless
    `graded`); `forbidden`: code objects it must not call; `where`: where to look when no
    mistake reproduces the answers. `graded=True` (hidden tests) never raises under validate.
    `probe`: the check's own code that runs the student's pieces of one case, each through
    guard.guarded_call (an object with methods, say); then `read(probe(*case.args))`.
    Tampering the audit hook saw (tamper.py) scores nothing: anything the student's cells did,
    and what their code did while this check ran; with `own_autograd` (homework 4), an import
    of another autograd library too.
    """
    if not callable(student):
        return report(name, "wrong", f"pass your function itself (its name, not a call of it); "
                                     f"got {describe(student)}", graded)
    if is_stub(student):     # seen before any case: a probe may read a stub's silence as wrong
        return _not_done(name, student, NotDone(f"{name} is still the stub"), graded)
    broken = None if graded else _broken_dependency(student, depends or {})
    if broken:
        return report(name, "wrong", f"{BROKEN.format(broken=broken)}: fix {broken} first (its check says why)")
    guard = {"uses": uses, "forbidden": forbidden}
    call = ((lambda args: read(probe(*args))) if probe is not None
            else (lambda args: call_student(name, student, args, read=read, **guard)))
    if REPLAY:
        call = _replayer(REPLAY[-1].pop(0) if REPLAY[-1] else [])
    _records, start, _replaced = tamper.found(1 << 62)
    answered, failed, flagged = _run_cases(name, student, cases, call, graded,
                                           lambda: _tampering(start, own_autograd))
    if RECORD and not _QUIET[0]:
        RECORD[-1].append([answer for _case, answer in answered])
    flagged = flagged or _tampering(start, own_autograd)
    if flagged:
        return report(name, "wrong", f"scored nothing: {flagged} (flagged for your lecturer)", graded)
    if failed is not None:
        return failed
    wrong = [(case, answer) for case, answer in answered if _difference(answer, case.answer(None)) is not None]
    if not wrong:
        return report(name, "correct", summary, graded)
    return report(name, "wrong", _verdict(answered, wrong[0], mistakes, causes, where), graded)


def _replayer(recorded: list) -> Callable[[tuple], Values]:
    """In the judge: a call that hands out the recorded numbers, one case at a time."""
    given = iter(recorded)

    def call(_args: tuple) -> Values:
        try:
            return {str(key): float(value) for key, value in dict(next(given)).items()}
        except StopIteration:
            raise StudentError("gave fewer answers than there are cases") from None
    return call


def _tampering(start: int, own_autograd: bool) -> str | None:
    """The first thing the audit hook saw that scores nothing: in a cell at any time, or in this check."""
    for number_, checking, text in tamper.found(0)[0]:
        if text.startswith("imported "):
            if own_autograd:
                return f"{text}: homework 4 is your own autograd"
        elif not checking or number_ > start:
            return text
    loaded = [name for name in tamper.LIBRARIES if name in sys.modules] if own_autograd else []
    return f"{loaded[0]} is loaded: homework 4 is your own autograd" if loaded else None


def _verdict(answered: Sequence[tuple[Case, Values]], first: tuple[Case, Values], mistakes: Sequence[str],
             causes: Mapping[str, str], where: str) -> str:
    """The ✗ text: a cause that reproduces every answer, typed-in numbers, or the first difference."""
    cause = diagnose(answered, mistakes, causes)
    if cause:
        return f"likely cause: {cause} (this slip gives your answers on all {len(answered)} cases tried)"
    lecture_case = answered[0][0]
    if len(answered) > 1 and all(_difference(a, lecture_case.answer(None)) is None for _, a in answered):
        return HARD_CODED
    case, answer = first
    expected = case.answer(None)
    key = _difference(answer, expected)
    if key == "":
        return f"gave {len(answer)} numbers, expected {len(expected)} {case.label}"
    value = f"yours is {number(answer[key])} {case.label}"
    if len(expected) == 1:
        return f"{key}: {value}, which is not right; {where}"
    return f"{key} is the first value that differs: {value}; check how {key} is computed ({where})"


tamper.install(__name__, trusted=(guard_module._run.__code__,), enter=guard_module._enter.__code__)
