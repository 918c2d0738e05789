"""How a homework self-check runs a student's code: safely, on many cases, with a diagnosis.

A check (checks.py, checks_training.py) gives `run_check` the student's function, the cases
to try (the lecture's example first, then random ones with a fixed seed), how to read an
answer, and the typical mistakes to hold a wrong answer against. `run_check` prints one
line and returns a CheckResult, true only when every case was right:
    ✓ logistic: correct on the lecture's example and 20 random cases
    ✗ forward_pass: net_h1 is ... expected ... on the lecture's example; likely cause: ...
    … not done yet: logistic returns None; replace `pass` with your answer
Nothing a student writes reaches the notebook as a traceback: an exception from their code
becomes one line with its type and message. What they pass to a check is validated the
same way (a ✗ line); a lecturer's wrong keyword argument raises InvalidValueError.
Non-goal: grading. nbgrader's test cells `assert` on the CheckResult.
"""
from __future__ import annotations

import copy
import inspect
import io
import math
import numbers
import warnings
from collections.abc import Callable, Mapping, Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

import numpy as np

from backprop_lessons.homework.answer_key import CAUSES, Values
from backprop_lessons.engine.notation import figure
from backprop_lessons.engine.errors import cut, shown

SYMBOLS = {"correct": "✓", "wrong": "✗", "not done": "…"}
HARD_CODED = ("right on the lecture's example but not on other numbers: use the values passed in "
              "(such as v['i1']), not the lecture's numbers typed in")


class NotDone(Exception):
    """The exercise is still the stub: it returns None or raises NotImplementedError."""


class WrongAnswer(Exception):
    """The answer cannot be compared (wrong type, missing name) or the code raised; says why."""


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

    label: str                                  # "on the lecture's example", "on random case 3"
    args: tuple
    answer: Callable[[str | None], Values]      # answer(None) is right; answer("no_half") mistaken


Reader = Callable[[object], Values]


def report(name: str, status: str, text: str) -> CheckResult:
    """Print the one line of a check and return its result."""
    line = (f"{SYMBOLS[status]} not done yet: {text}" if status == "not done"
            else f"{SYMBOLS[status]} {cut(name)}: {text}")
    print(line)
    return CheckResult(name, status, line)


def describe(value: object) -> str:
    """A short description of a value for a message: its type and (cut) repr."""
    try:
        text = repr(value)
    except Exception:  # a student's class may break repr too
        return type(value).__name__
    return f"{type(value).__name__} {cut(text, 40)}"


def to_number(value: object, what: str) -> float:
    """`value` as a float; NotDone for None, WrongAnswer naming `what` for anything but one number."""
    if value is None:
        raise NotDone(f"{what} is None")
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise WrongAnswer(f"{what} should be one number, got {describe(value)}")
    try:
        return float(value)
    except OverflowError:
        raise WrongAnswer(f"{what} is too large to be a float") from None


def number_reader(key: str, what: str) -> Reader:
    """A Reader for an answer that is one number, stored under `key`."""
    return lambda value: {key: to_number(value, what)}


def names_reader(names: Sequence[str], what: str) -> Reader:
    """A Reader for an answer that is a dict holding (at least) these lecture names."""

    def read(value: object) -> Values:
        """The named numbers of a dict answer."""
        if value is None:
            raise NotDone(f"{what} is None")
        if not isinstance(value, Mapping):
            raise WrongAnswer(f"{what} should be a dict with {', '.join(names)}; got {describe(value)}")
        missing = [name for name in names if name not in value]
        if missing:
            raise WrongAnswer(f"{what} has no {shown(missing[0])} (it needs {', '.join(names)})")
        return {name: to_number(value[name], f"{what}[{shown(name)}]") for name in names}

    return read


def list_reader(what: str) -> Reader:
    """A Reader for an answer that is a list of numbers, stored as "errors[0]", "errors[1]", ..."""

    def read(value: object) -> Values:
        """The numbers of a list answer."""
        if value is None:
            raise NotDone(f"{what} is None")
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (Sequence, np.ndarray)):
            raise WrongAnswer(f"{what} should be a list of numbers, got {describe(value)}")
        return {f"errors[{k}]": to_number(item, f"{what}[{k}]") for k, item in enumerate(value)}

    return read


def call_student(name: str, function: Callable, args: tuple) -> object:
    """Call the student's function quietly; NotDone or WrongAnswer instead of any exception."""
    before = copy.deepcopy(args)
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()), \
                warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = function(*args)
    except NotImplementedError:
        raise NotDone(f"{name} raises NotImplementedError") from None
    except Exception as exc:  # any error in student code becomes one line
        message = " ".join(str(exc).split())
        raise WrongAnswer(f"raised {type(exc).__name__}: {message[:120]}") from None
    for position, (old, new) in enumerate(zip(before, args)):
        if old != new:
            raise WrongAnswer(f"changed its argument {_parameter(function, position)} in place; "
                              "work on a copy (new = dict(v)) and return that")
    return result


def _parameter(function: Callable, position: int) -> str:
    """The name of the student's parameter at `position`, or "number N"."""
    try:
        return list(inspect.signature(function).parameters)[position]
    except (ValueError, TypeError, IndexError):
        return f"number {position + 1}"


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


def diagnose(answer: Values, case: Case, mistakes: Sequence[str], wrong: str,
             causes: Mapping[str, str] = CAUSES) -> str | None:
    """The cause of the first mistake that gives the student's whole answer, else of the first
    that gives its first wrong number `wrong`; None if no mistake does."""
    variants = []
    for mistake in mistakes:
        try:
            with np.errstate(all="ignore"):
                variants.append((mistake, case.answer(mistake)))
        except (ArithmeticError, ValueError):
            continue
    for mistake, variant in variants:
        if _difference(answer, variant) is None:
            return causes[mistake]
    for mistake, variant in variants:
        if wrong in variant and close(answer[wrong], variant[wrong]):
            return causes[mistake]
    return None


def run_check(name: str, student: object, cases: Sequence[Case], read: Reader,
              mistakes: Sequence[str] = (), *, summary: str,
              only_first_right: str | None = HARD_CODED,
              causes: Mapping[str, str] = CAUSES) -> CheckResult:
    """Try `student` on each case in turn; report the first wrong one with its likely cause.

    `causes` gives each mistake's sentence; `only_first_right` is the cause named when no
    mistake matches but the first case was right.
    """
    if not callable(student):
        return report(name, "wrong", f"pass your function itself (its name, not a call of it); "
                                     f"got {describe(student)}")
    for index, case in enumerate(cases):
        try:
            answer = read(call_student(name, student, case.args))
        except NotDone as exc:
            return report(name, "not done", f"{exc}; replace `pass` with your answer")
        except WrongAnswer as exc:
            return report(name, "wrong", f"{exc} ({case.label})")
        except Exception as exc:  # reading an odd answer ran its own code: float(), a lookup
            return report(name, "wrong", f"its answer could not be read as numbers: {type(exc).__name__}: "
                                         f"{' '.join(str(exc).split())[:120]} ({case.label})")
        expected = case.answer(None)
        wrong = _difference(answer, expected)
        if wrong == "":
            return report(name, "wrong", f"gave {len(answer)} numbers, expected {len(expected)} {case.label}"
                          + _cause(diagnose(answer, case, mistakes, wrong, causes)))
        if wrong is not None:
            cause = diagnose(answer, case, mistakes, wrong, causes)
            cause = cause or (only_first_right if index > 0 else None)
            return report(name, "wrong", f"{wrong} is {number(answer[wrong])}, expected "
                                         f"{number(expected[wrong])} {case.label}" + _cause(cause))
    return report(name, "correct", summary)


def _cause(cause: str | None) -> str:
    """The end of a ✗ line: the likely cause, or where to look when none is known."""
    return f"; likely cause: {cause}" if cause else "; compare each step with the formulas above"
