"""Self-checks for homework 4: the autograd students build (hw4-autograd.ipynb).

They follow checks.py: one printed line (✓, ✗ with the likely cause, … not done yet) and a
CheckResult for nbgrader to assert on. Each check hands the student's code correct inputs
from the reference (engine/autograd.py): the rule of `+` is tried on its own, topological_order
and backward on reference Values, forward_graph with the reference Value class, so one
exercise's slip never shows up as another's. The hidden tests of train run it with the
reference pieces in place of the student's (reference_pieces).
Non-goal: checking operations the homework does not ask for.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager

import numpy as np

from backprop_lessons.engine.autograd import Value, topological_order
from backprop_lessons.engine.errors import check_choice
from backprop_lessons.homework import answer_key as ref
from backprop_lessons.homework.answer_key import FORWARD_NAMES, GRADIENT_NAMES, Values
from backprop_lessons.homework.checks import examples
from backprop_lessons.homework.checks_hw3 import TRAIN_MISTAKES, train_errors
from backprop_lessons.homework.checks_hw3 import CAUSES as HW3_CAUSES
from backprop_lessons.homework.runner import (Case, CheckResult, NotDone, WrongAnswer, describe, list_reader,
                                              names_reader, report, run_check, to_number)
from backprop_lessons.lecture.autograd_round import lecture_graph

CAUSES: dict[str, str] = {
    **ref.CAUSES, **HW3_CAUSES,
    "assign": "`=` instead of `+=`: a value used twice (x + x, out_h1 feeding o1 and o2) must collect both",
    "no_out_grad": "forgot to multiply by out.grad: the chain rule passes the result's grad on",
    "no_swap": "multiply swaps: a.grad gets b.data * out.grad, and b.grad gets a.data * out.grad",
    "input_in_derivative": "used the input x in x * (1 - x); the logistic's derivative is out * (1 - out)",
    "root_first": "the order is reversed: each value comes after its parents, so the root comes last",
    "no_visited": "a value is listed more than once: keep a set of the values already visited",
    "not_reassigned": "E_total never changes: update the weights in v each round (w - eta * grad)",
}
BINARY_MISTAKES = ("assign", "no_out_grad")
ORDER_MISTAKES = ("root_first", "no_visited")


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
                     causes=CAUSES, only_first_right=None)


# --- topological_order and backward, tried on reference Values --------------------------

def _graphs(cases: int, seed: int) -> list[tuple[str, Values]]:
    """(label, v): the lecture's values, then random ones; each becomes a lecture graph of Values."""
    return [(label, v) for label, v, _eta in examples(cases, seed)]


def order_facts(order: list, graph: dict[str, Value]) -> Values:
    """What a topological order must get right: every value once, each after its parents, root last."""
    everything = {id(value) for value in topological_order(graph["E_total"])}
    position = {id(value): k for k, value in enumerate(order)}
    return {"values listed": float(len(order)), "distinct values": float(len(position)),
            "values of the graph missing": float(len(everything - set(position))),
            "root last": float(bool(order) and order[-1] is graph["E_total"]),
            "each after its parents": float(all(position.get(id(p), -1) < position[id(value)]
                                                for value in order for p in value.parents))}


def order_with(graph: dict[str, Value], mistake: str | None = None) -> list[Value]:
    """The reference order, or the order of a slip: reversed, or with repeats (no visited set)."""
    order = topological_order(graph["E_total"])
    if mistake == "root_first":
        return order[::-1]
    if mistake == "no_visited":
        repeated = []

        def visit(value: Value) -> None:
            for parent in value.parents:
                visit(parent)
            repeated.append(value)
        visit(graph["E_total"])
        return repeated
    return order


def check_topological_order(topological_order_function: object, cases: int = 3, seed: int = 0) -> CheckResult:
    """hw4-autograd.ipynb: topological_order(root) lists every value once, parents first, root last."""
    if not callable(topological_order_function):
        return report("topological_order", "wrong", f"pass your function itself; got {describe(topological_order_function)}")
    built = []
    for label, v in _graphs(cases, seed):
        def probe(v: Values = v) -> tuple:
            graph = lecture_graph(v)
            return topological_order_function(graph["E_total"]), graph

        def answer(mistake: str | None, v: Values = v) -> Values:
            graph = lecture_graph(v)
            return order_facts(order_with(graph, mistake), graph)
        built.append(Case(f"on the graph of E_total {label.removeprefix('on ')}", (probe,), answer))
    return run_check("topological_order", lambda probe: probe(), built, _read_order, ORDER_MISTAKES,
                     summary=f"right on the lecture's graph and {cases} random ones", causes=CAUSES,
                     only_first_right=None)


def _read_order(answer: object) -> Values:
    """order_facts of a student's list, or NotDone / WrongAnswer."""
    order, graph = answer
    if order is None:
        raise NotDone("topological_order returns None")
    if not isinstance(order, (list, tuple)):
        raise WrongAnswer(f"topological_order should return a list of Values, got {describe(order)}")
    return order_facts(list(order), graph)




def _grads(graph: dict[str, Value]) -> Values:
    """dE_total/dw1 .. dE_total/dw8 read from a graph after a backward pass."""
    return {name: graph[name.removeprefix("dE_total/d")].grad for name in GRADIENT_NAMES}


def check_backward(backward_function: object, cases: int = 4, seed: int = 0) -> CheckResult:
    """hw4-autograd.ipynb: backward(root, order) on a reference graph and its reference order."""
    if not callable(backward_function):
        return report("backward", "wrong", f"pass your function itself; got {describe(backward_function)}")
    built = []
    for label, v in _graphs(cases, seed):
        def probe(v: Values = v) -> Values:
            graph = lecture_graph(v)
            backward_function(graph["E_total"], topological_order(graph["E_total"]))
            return _grads(graph)

        def answer(mistake: str | None, v: Values = v) -> Values:
            graph = lecture_graph(v)
            _reference_backward(graph["E_total"], topological_order(graph["E_total"]))
            return _grads(graph)
        built.append(Case(label, (probe,), answer))
    return run_check("backward", lambda probe: probe(), built, _read_grads, (),
                     summary=f"dE_total/dw1 .. dw8 right on the lecture's graph and {cases} random ones",
                     causes=CAUSES)


def _read_grads(answer: Values) -> Values:
    """The grads after the student's backward; NotDone while every one is still 0."""
    if all(value == 0 for value in answer.values()):
        raise NotDone("after backward every grad is still 0 (set root.grad = 1.0, then call each "
                      "value's _backward from the root down: reversed(order))")
    return answer


# --- forward_graph and train ------------------------------------------------------------

def check_forward_graph(forward_graph: object, cases: int = 4, seed: int = 0) -> CheckResult:
    """hw4-autograd.ipynb: forward_graph(v, Value) returns the forward pass as Values, by lecture name.

    Called with the reference Value class, so only the forward lines are checked here.
    """
    if not callable(forward_graph):
        return report("forward_graph", "wrong", f"pass your function itself; got {describe(forward_graph)}")
    names = (*FORWARD_NAMES, "E_total")
    mistakes = tuple(dict.fromkeys(ref.FORWARD_MISTAKES + ref.ERROR_MISTAKES))

    def answer(mistake: str | None, v: Values) -> Values:
        fwd = ref.forward_pass(v, mistake if mistake in ref.FORWARD_MISTAKES else None)
        error = ref.total_error(v, fwd, mistake if mistake in ref.ERROR_MISTAKES else None)
        return {name: {**fwd, **error}[name] for name in names}

    built = [Case(label, (lambda v=v: forward_graph(dict(v), Value),), lambda mistake, v=v: answer(mistake, v))
             for label, v, _eta in examples(cases, seed)]
    read = names_reader(names, "forward_graph(v, Value)")
    return run_check("forward_graph", lambda probe: probe(), built,
                     lambda graph: read(_data(graph)), mistakes, causes=CAUSES,
                     summary=f"correct on the lecture's example and {cases} random cases")


def _data(graph: object) -> object:
    """{name: value.data} of a dict of Values (anything else unchanged, for the reader to refuse)."""
    if not isinstance(graph, dict):
        return graph
    return {name: getattr(value, "data", value) for name, value in graph.items()}


def check_autograd_train(train_function: object, cases: int = 4, seed: int = 0) -> CheckResult:
    """hw4-autograd.ipynb: train(v, eta, rounds) returns E_total before and after each round."""
    rng = np.random.default_rng(seed)
    built = []
    for number, (label, v, eta) in enumerate(examples(cases, seed)):
        rounds = 3 if number == 0 else int(rng.integers(1, 5))
        built.append(Case(f"{label}, {rounds} rounds", (dict(v), eta, rounds),
                          lambda mistake, v=v, eta=eta, rounds=rounds: {
                              f"errors[{k}]": e for k, e in enumerate(train_errors(v, eta, rounds, mistake))}))
    return run_check("train", train_function, built, list_reader("train(v, eta, rounds)"), TRAIN_MISTAKES,
                     summary=f"correct on the lecture's example and {cases} random cases", causes=CAUSES)


def _reference_backward(root: Value, order: list[Value]) -> None:
    """backward(root, order) as the homework asks for it, from the reference."""
    root.grad = 1.0
    for value in reversed(order):
        value._backward()


REFERENCE = {"Value": Value, "topological_order": topological_order, "backward": _reference_backward,
             "forward_graph": lambda v, value_class: lecture_graph(v, value_class)}


@contextmanager
def reference_pieces(namespace: MutableMapping[str, object]) -> Iterator[None]:
    """Swap the reference's Value, topological_order, backward and forward_graph into `namespace`
    (a notebook's globals()) for the duration, so a check of train counts train's own slips only."""
    saved = {name: namespace[name] for name in REFERENCE if name in namespace}
    namespace.update(REFERENCE)
    try:
        yield
    finally:
        for name in REFERENCE:
            namespace.pop(name, None)
        namespace.update(saved)
