"""Homework 4's first check: the local backward rule of `+`, `*` and sigmoid in a student's Value.

Each rule is tried on its own: a result made by the student's class from plain numbers, its
grad set to a random number, its parents' grads to random starting grads, then out._backward()
runs once. rule() is the answer key: the grads after a right rule, or after one of the slips
below, so a wrong answer can be matched to its likely cause. The other checks: checks_hw4.py.
Non-goal: operations the homework does not ask for (**, -, given in the notebook).
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from backprop_lessons.engine.errors import check_choice
from backprop_lessons.homework.answer_key import Values
from backprop_lessons.homework.runner import Case, CheckResult, NotDone, describe, report, run_check, to_number

CAUSES: dict[str, str] = {
    "assign": "`=` instead of `+=`: a value used twice (x + x, out_h1 feeding o1 and o2) must collect both",
    "no_out_grad": "forgot to multiply by out.grad: the chain rule passes the result's grad on",
    "no_swap": "multiply swaps: a.grad gets b.data * out.grad, and b.grad gets a.data * out.grad",
    "input_in_derivative": "used the input x in x * (1 - x); the logistic's derivative is out * (1 - out)",
}

BINARY_MISTAKES = ("assign", "no_out_grad")


def _logistic(x: float) -> float:
    """1 / (1 + e^-x)."""
    return 1 / (1 + math.exp(-x))


def rule(operation: str, a: float, b: float, g: float, start: tuple[float, float], same: bool,
         mistake: str | None = None) -> Values:
    """out.data, a.grad, b.grad after out._backward() with out.grad = g, or after one of the slips.

    `start` are the grads a and b had before; `same` means b is a itself (x + x, x * x).
    """
    out = {"+": a + b, "*": a * b, "sigmoid": _logistic(a)}[operation]
    if operation == "sigmoid":
        local = (a * (1 - a),) if mistake == "input_in_derivative" else (out * (1 - out),)
    elif operation == "*":
        local = (a, b) if mistake == "no_swap" else (b, a)
    else:
        local = (1.0, 1.0)
    adds = [d * (1.0 if mistake == "no_out_grad" else g) for d in local]
    if same:   # one value reached twice: both adds land on it, or the second overwrites the first
        return {"out.data": out, "a.grad": adds[1] if mistake == "assign" else start[0] + sum(adds)}
    grads = adds if mistake == "assign" else [s + d for s, d in zip(start, adds)]
    return {"out.data": out, **{f"{n}.grad": x for n, x in zip("ab", grads)}}


def _probe(student: type, operation: str) -> Callable:
    """A function of plain numbers that runs the student's operation and its _backward once."""

    def probe(a: float, b: float, g: float, start: tuple[float, float], same: bool) -> object:
        x, y = student(a), student(b)
        x.grad, y.grad = start
        y = x if same else y
        out = x.sigmoid() if operation == "sigmoid" else (x + y if operation == "+" else x * y)
        if out is None:
            return None
        out.grad = g
        out._backward()
        touched = (x.grad, y.grad) != start
        values = {"out.data": out.data, "a.grad": x.grad}
        if operation != "sigmoid" and not same:
            values["b.grad"] = y.grad
        return {**values, "_touched": touched}
    return probe


def _read_rule(what: str) -> Callable[[object], Values]:
    """Numbers from a probe; NotDone while _backward changes no grad."""

    def read(answer: object) -> Values:
        if answer is None:
            raise NotDone(f"{what} returns None")
        answer = dict(answer)
        if not answer.pop("_touched"):
            raise NotDone(f"the _backward of {what} changes no grad")
        return {key: to_number(value, key) for key, value in answer.items()}
    return read


def _rule_cases(operation: str, cases: int, seed: int) -> list[Case]:
    """Random a, b, out.grad and starting grads, and one case where a value meets itself."""
    rng = np.random.default_rng(seed)
    built = []
    for k in range(cases):
        a, b, g = map(float, rng.uniform(-2, 2, 3))
        start = tuple(map(float, rng.uniform(-1, 1, 2)))
        same = operation != "sigmoid" and k == cases - 1
        b = a if same else b
        label = "on a value used twice (x with itself)" if same else f"on random case {k + 1}"
        built.append(Case(label, (a, b, g, start, same),
                          lambda mistake, args=(a, b, g, start, same): rule(operation, *args, mistake=mistake)))
    return built


def check_rule(operation: str, value_class: object, cases: int = 6, seed: int = 0) -> CheckResult:
    """hw4-autograd.ipynb: the local backward rule of `+`, `*` or sigmoid in the student's Value.

    out.grad is set to a random number, the parents' grads to random starting grads, then
    out._backward() runs once; the grads must have grown by the local rule (`+=`).
    """
    mistakes = {"+": BINARY_MISTAKES, "*": ("no_swap", *BINARY_MISTAKES),
                "sigmoid": ("input_in_derivative", *BINARY_MISTAKES)}
    operation = check_choice("operation", operation, mistakes)
    name = {"+": "Value.__add__", "*": "Value.__mul__", "sigmoid": "Value.sigmoid"}[operation]
    if not isinstance(value_class, type):
        return report(name, "wrong", f"pass your class Value itself; got {describe(value_class)}")
    return run_check(name, _probe(value_class, operation), _rule_cases(operation, cases, seed), _read_rule(name),
                     mistakes[operation], summary=f"its rule is right on {cases} cases, a value used twice included",
                     causes=CAUSES)
