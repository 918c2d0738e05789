"""The package's own exceptions, and the checks that raise them at public boundaries.

Every error names the parameter that was wrong and what was expected, in one line,
so that a student reading it in a notebook (or the command line printing it) knows
what to change. Non-goal: checking internal, already-validated values again.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np


class BackpropLessonsError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidValueError(BackpropLessonsError, ValueError):
    """A value of the right kind that does not fit: a shape, a range, a name."""


class InvalidTypeError(BackpropLessonsError, TypeError):
    """A value of the wrong kind: text where a number belongs, say."""


class TrainingDivergedError(BackpropLessonsError, ArithmeticError):
    """Training produced a non-finite error E_total; holds the round it happened in."""

    def __init__(self, round_number: int, loss: float, learning_rate: float):
        self.round_number = round_number
        self.loss = loss
        super().__init__(
            f"training diverged at round {round_number}: E_total = {loss}; "
            f"try a smaller learning rate eta (now {learning_rate:g}, e.g. {learning_rate / 10:g})"
        )


ECHO_WIDTH = 80   # characters of an argument echoed in an error message


class NotFiniteError(BackpropLessonsError, ArithmeticError):
    """A computation met values that are not finite numbers although its arguments were fine:
    an activation undefined at the net inputs reached (log(x) where x < 0), or overflow."""


def shown(value: object, width: int = ECHO_WIDTH) -> str:
    """`value` for a one-line message: its repr on one line, cut to `width` characters with "..."."""
    return cut(repr(value), width)


def cut(text: str, width: int = ECHO_WIDTH) -> str:
    """`text` on one line, cut to `width` characters with "..." (the one place messages are shortened)."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 3] + "..."


def valid_number(name: str, value: object, *, positive: bool = False,
                 minimum: float | None = None, maximum: float | None = None) -> float:
    """Return `value` as a finite float, or raise an error that names `name`."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise InvalidTypeError(f"{name} must be a number, got {type(value).__name__} {shown(value)}")
    try:
        value = float(value)
    except OverflowError:   # a Python int beyond float64
        raise InvalidValueError(f"{name} must be finite, got {shown(value)}") from None
    if not math.isfinite(value):
        raise InvalidValueError(f"{name} must be finite, got {value}")
    if positive and value <= 0:
        raise InvalidValueError(f"{name} must be greater than 0, got {value:g}")
    if minimum is not None and value < minimum:
        raise InvalidValueError(f"{name} must be at least {minimum:g}, got {value:g}")
    if maximum is not None and value > maximum:
        raise InvalidValueError(f"{name} must be at most {maximum:g}, got {value:g}")
    return value


def valid_count(name: str, value: object, *, minimum: int = 0, maximum: int = 2**62) -> int:
    """Return `value` as an int in [minimum, maximum], or raise an error that names `name`."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        raise InvalidTypeError(f"{name} must be a whole number, got {type(value).__name__} {shown(value)}")
    value = int(value)
    if not minimum <= value <= maximum:
        raise InvalidValueError(f"{name} must be between {minimum:,} and {maximum:,}, got {value:,}")
    return value


def valid_flag(name: str, value: object) -> bool:
    """Return `value` if it is True or False (NumPy's bool too), or raise an error that names `name`."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidTypeError(f"{name} must be True or False, got {type(value).__name__} {shown(value)}")
    return bool(value)


def valid_array(name: str, value: object, *, shape: tuple[int | None, ...] | None = None,
                ndmin: int = 0, dtype: str = "float64") -> np.ndarray:
    """Return `value` as a finite `dtype` array of `shape` (None = any length), or raise.

    Only real numbers pass: text, booleans, complex numbers and None are refused rather
    than converted ("0.5" is not 0.5 here). `ndmin` prepends axes of length 1 first, as
    np.atleast_2d does for ndmin=2, so one example may be given as a 1-D row.
    """
    if isinstance(value, np.ma.MaskedArray) and np.ma.is_masked(value):
        raise InvalidValueError(f"{name} must not hide values (a masked array with masked entries); "
                                "fill them or leave those examples out")
    try:
        raw = np.asarray(value)
    except ValueError:   # rows of different lengths
        raise InvalidValueError(f"{name} must be a rectangular array (rows of equal length), "
                                f"got {shown(value)}") from None
    numeric = raw.dtype.kind in "iuf" or (raw.dtype.kind == "O" and all(
        isinstance(x, (numbers.Real, np.floating, np.integer)) and not isinstance(x, (bool, np.bool_))
        for x in raw.flat))
    if not numeric:
        raise InvalidTypeError(f"{name} must be an array of numbers, got {shown(value)}")
    array = _as_array(name, raw, dtype, ndmin)
    if shape is not None:
        fits = array.ndim == len(shape) and all(
            want is None or want == got for want, got in zip(shape, array.shape))
        if not fits:
            wanted = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise InvalidValueError(f"{name} must have shape {wanted}, got {array.shape}")
    if not np.all(np.isfinite(array)):
        raise InvalidValueError(f"{name} must hold finite numbers, got NaN or inf")
    return array


def _as_array(name: str, raw: np.ndarray, dtype: str, ndmin: int) -> np.ndarray:
    """`raw` as a `dtype` array; numbers beyond the dtype's range are refused, not turned into inf."""
    try:
        with np.errstate(over="raise", invalid="raise"):
            return np.array(raw, dtype=dtype, ndmin=ndmin)
    except (OverflowError, FloatingPointError):   # a Python int beyond float64, 1e300 in float32
        raise InvalidValueError(f"{name} must hold finite numbers within {dtype}'s range "
                                f"(about {np.finfo(dtype).max:.3g})") from None


def valid_names(name: str, values: object, required: Iterable[str]) -> None:
    """Raise unless `values` is a dict holding a real number for each of `required` (lecture names)."""
    if not hasattr(values, "keys") or not hasattr(values, "__getitem__"):
        raise InvalidTypeError(f"{name} must be a dict of values by name, got {type(values).__name__} {shown(values)}")
    missing = [n for n in required if n not in values]
    if missing:
        raise InvalidValueError(f"{name} must hold {', '.join(required)}; {missing[0]} is missing")
    for n in required:
        valid_number(f"{name}[{n!r}]", values[n])


def valid_choice(name: str, value: object, choices: Iterable[str]) -> str:
    """Return `value` if it is one of `choices`, or raise an error listing them."""
    choices = list(choices)
    if not isinstance(value, str) or value not in choices:
        raise InvalidValueError(f"{name} must be one of {', '.join(choices)}; got {shown(value)}")
    return value
