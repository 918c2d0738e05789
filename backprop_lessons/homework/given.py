"""Right answers in the homework's own interface, for a check to put in place of an earlier exercise.

When a check runs a student's `forward_pass`, the name `logistic` it calls is set to
`logistic` here for that run (guard.py), so a slip in the student's logistic costs the
logistic exercise only. The helpers a notebook hands out (hw2's forward_pass, hw3's error and
backprop_round) are set the same way, so no check depends on the notebook's setup cell.
Each function takes and returns what the notebook's exercise does (dicts in lecture names).
Non-goal: code to learn from; answer_key.py computes, this only adapts its answers.
"""
from __future__ import annotations

from backprop_lessons.engine.errors import valid_names, valid_number
from backprop_lessons.homework import answer_key as ref
from backprop_lessons.lecture.example import LECTURE_VALUES
from backprop_lessons.lecture.exact import MAX_ETA
from backprop_lessons.homework.answer_key import FORWARD_NAMES, GRADIENT_NAMES, WEIGHTS, Values


def _pick(values: Values, names: tuple[str, ...]) -> Values:
    """Only these names of `values`, in this order."""
    return {name: values[name] for name in names}


def logistic(net: float) -> float:
    """1 / (1 + e^-net)."""
    return ref.logistic(net)


def forward_pass(v: Values) -> Values:
    """net_h1, out_h1, ..., out_o2 of the values v."""
    return _pick(ref.forward_pass(v), FORWARD_NAMES)


def total_error(v: Values, fwd: Values) -> float:
    """E_total of the outputs in fwd against the targets in v."""
    return ref.total_error(v, fwd)["E_total"]


def error(v: Values) -> float:
    """E_total of the network at the values v."""
    valid_names("v", v, LECTURE_VALUES)
    outputs = forward_pass(v)
    return total_error(v, outputs)


def output_deltas(v: Values, fwd: Values) -> Values:
    """delta_o1 and delta_o2."""
    return _pick(ref.output_deltas(v, fwd), ("delta_o1", "delta_o2"))


def hidden_deltas(v: Values, fwd: Values, deltas: Values) -> Values:
    """delta_h1 and delta_h2 from the output deltas."""
    return _pick(ref.hidden_deltas(v, fwd, deltas), ("delta_h1", "delta_h2"))


def gradients(v: Values, fwd: Values, deltas: Values) -> Values:
    """dE_total/dw1 .. dE_total/dw8."""
    return _pick(ref.gradients(v, fwd, deltas), GRADIENT_NAMES)


def update(v: Values, grads: Values, eta: float) -> Values:
    """A new dict: v with w+ = w - eta * dE_total/dw for w1 .. w8."""
    return ref.update(dict(v), grads, eta)


def backprop_round(v: Values, eta: float) -> Values:
    """The values after one round."""
    valid_names("v", v, LECTURE_VALUES)
    valid_number("eta", eta, positive=True, maximum=MAX_ETA)
    return {**v, **_pick(ref.backprop_round(dict(v), eta), WEIGHTS)}


GIVEN = {f.__name__: f for f in (logistic, forward_pass, total_error, error, output_deltas, hidden_deltas,
                                 gradients, update, backprop_round)}


def given(*names: str) -> dict[str, object]:
    """{name: right function} for these names, to pass as a check's `uses`."""
    return {name: GIVEN[name] for name in names}

# What homework 3 imports: homework 1's error and homework 2's round, done for you (plain
# Python, so that 10,000 rounds take a second or two).
homework_error, homework_round = error, backprop_round
