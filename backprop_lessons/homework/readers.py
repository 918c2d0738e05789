"""How a check reads a student's answer as named numbers, or says in one line why it cannot.

A Reader turns what the student's function returned into {name: float}: one number
(number_reader), a dict in the lecture's names (names_reader) or a list (list_reader). None
means the exercise is not done (NotDone); anything else that is not numbers is a WrongAnswer
naming what was expected and what came back.
"""
from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from backprop_lessons.homework.answer_key import Values
from backprop_lessons.homework.guard import NotDone, StudentError
from backprop_lessons.engine.errors import cut, shown

WrongAnswer = StudentError    # the answer cannot be compared (wrong type, missing name)
Reader = Callable[[object], Values]


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
