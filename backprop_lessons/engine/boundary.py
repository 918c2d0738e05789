"""The package's front door: every name imported from the top of the package checks its arguments' kinds.

`checked(function)` wraps a public function so that each argument is checked against the
function's type hints before the function runs: `bool` takes True or False only ('False' is
text, not a flag), `int` a whole number from 0 up, `float` a finite real number, `str` text,
`Mapping` a dict, `Callable` something callable, `Network` and `Axes` their own kind, and
`tuple[str, ...]` / `list[str]` / `Sequence[int]` their items too, `np.ndarray` finite real
numbers (engine/errors.py's valid_array). A function may name the keys a dict argument must hold
in a `requires` attribute ({"v": ("w1", ...)}), set beside it and checked here. A wrong kind raises the
package's one-line InvalidTypeError (or InvalidValueError) naming the parameter, before any
work is done. backprop_lessons/__init__.py applies it to every exported function, so notebooks
and students meet it; inside the package the core trusts its arguments (issue 29, item 2).
Each function still checks what only it knows (a range, a name among many). Hints the
checker does not know (ArrayLike, object, a dataclass) are left to the function.
Non-goal: a general runtime type checker; this knows the hints the package's public API uses.
"""
from __future__ import annotations

import functools
import inspect
import math
import numbers
import os
from collections.abc import Callable, Mapping

import numpy as np

from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError, shown, valid_array, valid_names


def _alternatives(hint: str) -> list[str]:
    """'Mapping[str, float] | None' -> ['Mapping[str, float]', 'None'] (split at the top level only)."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(hint):
        depth += (c == "[") - (c == "]")
        if c == "|" and depth == 0:
            parts.append(hint[start:i].strip())
            start = i + 1
    return parts + [hint[start:].strip()]


def _head(hint: str) -> tuple[str, str]:
    """'tuple[str, ...]' -> ('tuple', 'str, ...'); 'int' -> ('int', '')."""
    if "[" in hint and hint.endswith("]"):
        return hint[:hint.index("[")].split(".")[-1], hint[hint.index("[") + 1:-1]
    return hint.split(".")[-1], ""


def _is_real(value: object) -> bool:
    return isinstance(value, (numbers.Real, np.floating, np.integer)) and not isinstance(value, (bool, np.bool_))


def _fits(value: object, hint: str, classes: Mapping[str, type]) -> bool | None:
    """True/False if `value` is of the kind `hint` names (a class of the function's module among
    `classes`); None if the hint is not one this module knows."""
    head, inner = _head(hint)
    simple = {
        "None": lambda v: v is None,
        "bool": lambda v: isinstance(v, (bool, np.bool_)),
        "int": lambda v: isinstance(v, (numbers.Integral, np.integer)) and not isinstance(v, (bool, np.bool_)),
        "float": _is_real,
        "str": lambda v: isinstance(v, str),
        "Mapping": lambda v: isinstance(v, Mapping),
        "dict": lambda v: isinstance(v, Mapping),
        "Values": lambda v: isinstance(v, Mapping),
        "Callable": callable,
        "type": lambda v: isinstance(v, type),
        "Path": lambda v: isinstance(v, (str, os.PathLike)),
        "Network": lambda v: type(v).__name__ == "Network" and type(v).__module__.startswith("backprop_lessons"),
        "Value": lambda v: isinstance(v, _value_class()),
        "Axes": lambda v: type(v).__module__.startswith("matplotlib") and hasattr(v, "figure"),
    }
    if head in simple:
        return simple[head](value)
    if head in ("tuple", "list", "Sequence"):
        kinds = {"tuple": (tuple, list), "list": (list, tuple), "Sequence": (list, tuple, np.ndarray, range)}[head]
        if not isinstance(value, kinds):
            return False
        items = [part.strip() for part in _split_items(inner)]
        if head == "tuple" and len(items) > 1 and items[-1] != "...":
            if len(value) != len(items):
                return False
            return all(_fits(v, h, classes) is not False for v, h in zip(value, items))
        return all(_fits(v, items[0], classes) is not False for v in value) if items and items[0] else True
    if head in classes:
        return isinstance(value, classes[head])
    return None


def _split_items(inner: str) -> list[str]:
    """'str, ...' -> ['str', '...']; 'Sequence[int], int' -> ['Sequence[int]', 'int']."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(inner):
        depth += (c == "[") - (c == "]")
        if c == "," and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    return parts + [inner[start:]] if inner else []


def _value_class() -> type:
    from backprop_lessons.engine.autograd import Value
    return Value


def check_argument(name: str, value: object, hint: str, classes: Mapping[str, type] | None = None) -> None:
    """Raise the package's one-line error naming `name` unless `value` fits `hint` (or the hint is unknown);
    `classes`: the names of classes the hint may use (a module's globals)."""
    alternatives = _alternatives(hint)
    if any(_head(h)[0] == "ndarray" for h in alternatives):   # an array of real numbers (sigmoid's net)
        valid_array(name, value)
        return
    verdicts = [_fits(value, h, classes or {}) for h in alternatives]
    if any(v is None or v for v in verdicts):
        if _is_real(value) and any(_head(h)[0] in ("int", "float") for h in alternatives):
            _in_range(name, value, alternatives)
        return
    wanted = " or ".join(_describe(h) for h in alternatives)
    raise InvalidTypeError(f"{name} must be {wanted}, got {type(value).__name__} {shown(value)}")


def _in_range(name: str, value: object, alternatives: list[str]) -> None:
    """A number for an int or float parameter: finite, and not below 0 for a whole number (a count)."""
    heads = {_head(h)[0] for h in alternatives}
    try:
        number = float(value)
    except OverflowError:
        raise InvalidValueError(f"{name} must be at most {2**62:,}, got a number of "
                                f"{len(str(abs(int(value)))):,} digits") from None
    if not math.isfinite(number):
        raise InvalidValueError(f"{name} must be finite, got {number}")
    if heads == {"int"} or (heads >= {"int"} and isinstance(value, (numbers.Integral, np.integer))):
        if "float" not in heads and value < 0:
            raise InvalidValueError(f"{name} must be 0 or more, got {value}")
        if abs(value) > 2**62:
            raise InvalidValueError(f"{name} must be at most {2**62:,}, got {number:.3g}")


def _describe(hint: str) -> str:
    """How an error names a kind: 'True or False', 'a whole number', 'text', ..."""
    head, inner = _head(hint)
    words = {"None": "None", "bool": "True or False", "int": "a whole number", "float": "a number",
             "str": "text", "Mapping": "a dict", "dict": "a dict", "Values": "a dict of values",
             "Callable": "a function", "type": "a class", "Path": "a path", "Network": "a Network",
             "Value": "a Value", "Axes": "a matplotlib Axes"}
    if head in words:
        return words[head]
    if head in ("tuple", "list", "Sequence"):
        items = _split_items(inner)
        return f"a {head.lower()} of {_describe(items[0].strip())}" if items else f"a {head.lower()}"
    return f"a {hint}"


def checked(function: Callable) -> Callable:
    """`function` with every argument checked against its type hints first (see the module's docstring)."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return function
    hints = {name: p.annotation for name, p in signature.parameters.items()
             if isinstance(p.annotation, str) and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    if not hints:
        return function
    requires = getattr(function, "requires", {})   # {parameter: names its dict must hold}
    # function.agree(**arguments), if set: raises the one-line error when arguments do not fit each other
    classes = {name: kind for name, kind in getattr(function, "__globals__", {}).items() if isinstance(kind, type)}

    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as error:
            raise InvalidTypeError(f"{function.__name__}(): {error}") from None
        for name, value in bound.arguments.items():
            if name in hints:
                check_argument(name, value, hints[name], classes)
            if name in requires and value is not None:
                valid_names(name, value, requires[name])
        if hasattr(function, "agree"):       # how the arguments must fit each other (shapes), set beside it
            function.agree(**bound.arguments)
        return function(*args, **kwargs)
    call.__code__ = call.__code__.replace(co_name=function.__name__)
    return call
