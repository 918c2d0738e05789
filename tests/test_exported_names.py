"""Every name exported at the top of the package (and Value), given each class of bad argument in
each parameter, either works or raises the package's own one-line error: no raw exception, no
warning (warnings are errors here), no hang (each call is under a time limit). Issue 24, item 3.

The other arguments of each call are valid (VALID, by parameter name); a name whose required
parameter has no valid value here fails the test, so a new export joins the table.
"""
from __future__ import annotations

import contextlib
import inspect
import io
import warnings

import matplotlib
import numpy as np
import pytest

import backprop_lessons as package
from backprop_lessons.engine.errors import BackpropLessonsError
from backprop_lessons.engine.timelimit import TimeLimitError, time_limit

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def student(*args, **kwargs):
    """A student's function that returns nothing."""
    return None


VALID = {
    "network": lambda: package.lecture_network(), "inputs": lambda: package.lecture_data()[0],
    "targets": lambda: package.lecture_data()[1], "weights": lambda: package.lecture_network().weights,
    "biases": lambda: package.lecture_network().biases, "data": lambda: 1.0, "root": lambda: package.Value(1.0),
    "values": lambda: {"w1": 0.1}, "rows": lambda: [("a", "b")], "header": lambda: ("x", "y"),
    "lines": lambda: ["a"], "worked": lambda: package.worked_round(), "v": lambda: dict(package.LECTURE_VALUES),
    "rounds": lambda: 2, "parameter": lambda: "w5", "runs": lambda: {"a": np.array([1.0, 0.5])},
    "hidden_units": lambda: 4, "activation": lambda: "tanh", "loss": lambda: "binary_cross_entropy",
    "seed": lambda: 0, "operation": lambda: "add", "value_class": lambda: package.Value, "name": lambda: "x",
    "value": lambda: 1.0, "sizes": lambda: [2, 2, 2], "eta": lambda: 0.5, "derivative": lambda: student,
    "timings": lambda: package.time_gradients([(2, 2, 2)], repeats=1),
    "x": lambda: package.lecture_data()[0].T, "target": lambda: package.lecture_data()[1].T, "net": lambda: 0.5,
    # notebooks 12-17: any depth, a deep start, softmax, the digits, forward mode, PyTorch
    "dE_dout": lambda: np.array([0.74, -0.22]), "slope": lambda: np.array([0.19, 0.18]),
    "weights_above": lambda: np.array([[0.4, 0.45], [0.5, 0.55]]), "delta_above": lambda: np.array([0.14, -0.04]),
    "delta": lambda: np.array([0.14, -0.04]), "shared": lambda: True, "out_below": lambda: np.array([0.59, 0.6]),
    "logits": lambda: np.array([2.0, 1.0, 0.1]), "p": lambda: np.array([0.66, 0.24, 0.1]),
    "y": lambda: np.array([0.0, 0.0, 1.0]), "classes": lambda: 10, "hidden_layers": lambda: 3,
    "counts": lambda: np.eye(10, dtype=int), "train": lambda: np.array([1.0, 0.5]), "test": lambda: np.array([1.1, 0.6]),
    "images": lambda: np.zeros((2, 64)), "captions": lambda: ["a", "b"], "forward": lambda: 10, "reverse": lambda: 2,
    "function": lambda: package.staged_forward,
}
BAD = {"None": None, "text": "0.5", "bool": True, "nan": float("nan"), "inf": float("inf"), "huge int": 10**400,
       "negative": -1, "zero": 0, "complex": 1 + 2j, "masked array": np.ma.masked_array([1.0, 2.0], [0, 1]),
       "mixed list": [1, "a"], "wrong shape": np.zeros((3, 3, 3)), "empty dict": {}, "object": object(),
       "1e300": 1e300}
NOT_STUDENT_CODE = ("operation", "value_class", "name", "value")
EXPORTED = sorted(name for name in package.__all__ if callable(getattr(package, name)) and name != "Markdown")


def outcome(function, kwargs) -> str:
    """'ok', 'error' (the package's one line), or what went wrong."""
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("error")
            with time_limit(20, "the call"):
                function(**kwargs)
        return "ok"
    except TimeLimitError:
        return "hang"
    except BackpropLessonsError as error:
        return "error" if "\n" not in str(error) else f"several lines: {error}"
    except Exception as error:
        return f"raw {type(error).__name__}: {error}"
    finally:
        plt.close("all")


@pytest.mark.parametrize("name", EXPORTED)
def test_every_bad_argument_works_or_is_one_line(name):
    function = getattr(package, name)
    parameters = [p for p in inspect.signature(function).parameters.values()
                  if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    required = {p.name: (student if name.startswith("check_") and p.name not in NOT_STUDENT_CODE else VALID[p.name]())
                for p in parameters if p.default is p.empty}
    failures = []
    for parameter in parameters:
        for kind, bad in BAD.items():
            result = outcome(function, {**required, parameter.name: bad})
            if result not in ("ok", "error"):
                failures.append(f"{parameter.name}={kind}: {result[:160]}")
    assert not failures, "\n".join(failures)


def test_the_table_covers_every_exported_name_and_class():
    assert len(EXPORTED) >= 85 and len(BAD) >= 15
    assert "Value" in EXPORTED and "Network" in EXPORTED and "sigmoid" in EXPORTED
