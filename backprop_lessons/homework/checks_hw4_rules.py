"""Homework 4's first check: the local backward rule of `+`, `*` and sigmoid in a student's Value.

Each rule is tried on its own: a result made by the student's class from plain numbers, its
grad set to a random number, its parents' grads to random starting grads, then out._backward()
runs once. rule() is the answer key: the grads after a right rule, or after one of the slips
below, so a wrong answer can be matched to its likely cause. The probe that does this is the
check's own code; each piece of the student's class it calls runs under guard.py on its own.
The other checks: checks_hw4.py.
Non-goal: operations the homework does not ask for (**, -, given in the notebook).
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from backprop_lessons.homework.judge import judged
from backprop_lessons.engine.errors import valid_choice, valid_count
from backprop_lessons.homework.answer_key import Values
from backprop_lessons.homework.guard import StudentError, guarded_call, in_package
from backprop_lessons.homework.runner import (Case, CheckResult, NotDone, StubFound, describe, report, run_check,
                                              to_number)
from backprop_lessons.homework.hw3 import SYMPY_DIFF
from backprop_lessons.homework.student_code import is_stub

CAUSES: dict[str, str] = {
    "assign": "`=` instead of `+=`: a grad collects every use of its value (x + x), so add to it",
    "no_out_grad": "forgot to multiply by out.grad: the chain rule passes the result's grad on",
    "no_swap": "multiply swaps: a.grad gets b.data * out.grad, and b.grad gets a.data * out.grad",
    "input_in_derivative": "used the input x in x * (1 - x); the logistic's derivative is out * (1 - out)",
}

BINARY_MISTAKES = ("assign", "no_out_grad")
SYMBOLS = {"+": "+", "*": "*", "sigmoid": "σ"}
METHODS = {"+": "__add__", "*": "__mul__", "sigmoid": "sigmoid"}
LECTURE_GRADIENTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2")


def _local_derivatives(value) -> tuple[float, ...]:
    """The local derivatives of a reference Value with respect to its parents (engine/autograd.py's rules)."""
    if value.operation == "+":
        return (1.0, 1.0)
    if value.operation == "*":
        return (value.parents[1].data, value.parents[0].data)
    if value.operation == "σ":
        return (value.data * (1 - value.data),)
    if value.operation.startswith("**"):
        n = float(value.operation[2:])
        return (n * value.parents[0].data ** (n - 1),)
    return ()


def assign_effect(operation: str) -> dict[str, tuple[float, float]]:
    """{name: (its gradient with `=` in that operation's _backward, the right one)} for the lecture's
    w1 .. w8, b1, b2 that come out different: the lecture's graph, backward run with that one slip."""
    from backprop_lessons.engine.autograd import topological_order
    from backprop_lessons.lecture.autograd_round import lecture_graph

    slipped, right = lecture_graph(), lecture_graph()
    right["E_total"].backward()
    slipped["E_total"].grad = 1.0
    for value in reversed(topological_order(slipped["E_total"])):
        for parent, local in zip(value.parents, _local_derivatives(value)):
            share = local * value.grad
            parent.grad = share if value.operation == SYMBOLS[operation] else parent.grad + share
    return {name: (slipped[name].grad, right[name].grad) for name in LECTURE_GRADIENTS
            if not math.isclose(slipped[name].grad, right[name].grad, rel_tol=1e-9)}


def assign_cause(operation: str) -> str:
    """The cause line for `=` in this operation's _backward, with what it does to the lecture's gradients."""
    effect = assign_effect(operation)
    where = f"`=` instead of `+=` in {METHODS[operation]}: a grad collects every use of its value, so add to it"
    if not effect:
        return f"{where} (in the lecture's network each {operation} input is used once, so its gradients hide it)"
    name, (wrong, right) = next(iter(effect.items()))
    wrong_names = ", ".join(effect)
    return (f"{where}; in the lecture's network this makes dE_total/d{name} {wrong:.6f} instead of {right:.6f} "
            f"(wrong: {wrong_names}; the other gradients stay right)")


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


def _method(value: object, attribute: str) -> Callable:
    """The student's method `attribute` of the class of `value`, or StudentError when it has none."""
    method = getattr(type(value), attribute, None)
    if method is None:
        raise StudentError(f"your Value has no {attribute}")
    return method


def _probe(student: type, operation: str, name: str) -> Callable:
    """A function of plain numbers that runs the student's operation and its _backward once.

    Each piece of the student's class (making a Value, the operation, _backward) runs on its
    own under guard (guarded_call): the probe is the check's code, the pieces are the student's.
    """

    def run(function: Callable, *args: object) -> object:
        return guarded_call(name, function, args, shared=True, forbidden=SYMPY_DIFF)

    def probe(a: float, b: float, g: float, start: tuple[float, float], same: bool) -> object:
        try:
            return steps(a, b, g, start, same)
        except (AttributeError, TypeError) as exc:   # a Value without data, grad or _backward
            raise StudentError(f"raised {type(exc).__name__}: {' '.join(str(exc).split())[:120]}") from None

    def steps(a: float, b: float, g: float, start: tuple[float, float], same: bool) -> object:
        x, y = run(student, a), run(student, b)
        x.grad, y.grad = start
        y = x if same else y
        attribute = {"+": "__add__", "*": "__mul__", "sigmoid": "sigmoid"}[operation]
        out = run(_method(x, attribute), *((x,) if operation == "sigmoid" else (x, y)))
        if out is None:
            return None
        if is_stub(out._backward):
            raise StubFound(f"the _backward of {name} is still the `pass` stub")
        out.grad = g
        run(out._backward)
        touched = (x.grad, y.grad) != start
        values = {"out.data": out.data, "a.grad": x.grad}
        if operation != "sigmoid" and not same:
            values["b.grad"] = y.grad
        return {**values, "_touched": touched}
    return probe


def _read_rule(what: str) -> Callable[[object], Values]:
    """Numbers from a probe; StudentError when _backward changes no grad (a `pass` stub is found before)."""

    def read(answer: object) -> Values:
        if answer is None:
            raise NotDone(f"{what} returns None")
        answer = dict(answer)
        if not answer.pop("_touched"):
            raise StudentError(f"the _backward of {what} changes no grad: add to the parents' grads (a.grad += ...)")
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


@judged
def check_rule(operation: str, value_class: object, cases: int = 6, seed: int = 0,
               graded: bool = False) -> CheckResult:
    """hw4-autograd.ipynb: the local backward rule of `+`, `*` or sigmoid in the student's Value.

    out.grad is set to a random number, the parents' grads to random starting grads, then
    out._backward() runs once; the grads must have grown by the local rule (`+=`).
    `graded=True` (hidden tests) never raises under nbgrader's validate.
    """
    mistakes = {"+": BINARY_MISTAKES, "*": ("no_swap", *BINARY_MISTAKES),
                "sigmoid": ("input_in_derivative", *BINARY_MISTAKES)}
    operation = valid_choice("operation", operation, mistakes)
    cases, seed = valid_count("cases", cases, minimum=1, maximum=1000), valid_count("seed", seed, maximum=2**32 - 1)
    name = {"+": "Value.__add__", "*": "Value.__mul__", "sigmoid": "Value.sigmoid"}[operation]
    if not isinstance(value_class, type):
        return report(name, "wrong", f"pass your class Value itself; got {describe(value_class)}", graded)
    if in_package(value_class):
        return report(name, "wrong", "this Value is the course package's own class; write your own", graded)
    causes = {**CAUSES, "assign": assign_cause(operation)}
    return run_check(name, value_class, _rule_cases(operation, cases, seed), _read_rule(name), mistakes[operation],
                     summary=f"its rule is right on {cases} cases, a value used twice included", causes=causes,
                     graded=graded, own_autograd=True, probe=_probe(value_class, operation, name))
