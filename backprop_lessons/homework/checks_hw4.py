"""Self-checks for homework 4: the autograd students build (hw4-autograd.ipynb).
The local rules of `+`, `*` and sigmoid: checks_hw4_rules.py; here the order, backward, the
lecture's graph and training.

They follow checks.py: one printed line (✓, ✗ with the likely cause, … not done yet) and a
CheckResult for nbgrader to assert on. Each check hands the student's code correct inputs
from the reference (engine/autograd.py): the rule of `+` is tried on its own, topological_order
and backward on reference Values, forward_graph with the reference Value class, so one
exercise's slip never shows up as another's. The hidden tests of train run it with the
reference pieces in place of the student's (reference_pieces).
Non-goal: checking operations the homework does not ask for.
"""
from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager

import numpy as np

from backprop_lessons.engine.autograd import Value, topological_order
from backprop_lessons.homework import answer_key as ref
from backprop_lessons.homework.answer_key import FORWARD_NAMES, GRADIENT_NAMES, Values
from backprop_lessons.homework.checks import examples
from backprop_lessons.homework.hw3 import TRAIN_MISTAKES, train_errors
from backprop_lessons.homework.hw3 import CAUSES as HW3_CAUSES
from backprop_lessons.homework.runner import (Case, CheckResult, NotDone, WrongAnswer, describe, list_reader,
                                              names_reader, report, run_check)
from backprop_lessons.lecture.autograd_round import lecture_graph

CAUSES: dict[str, str] = {
    **ref.CAUSES, **HW3_CAUSES,
    "root_first": "the order is reversed: each value comes after its parents, so the root comes last",
    "no_visited": "a value is listed more than once: keep a set of the values already visited",
    "not_reassigned": "E_total never changes: update the weights in v each round (w - eta * grad)",
}
ORDER_MISTAKES = ("root_first", "no_visited")


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
                     summary=f"right on the lecture's graph and {cases} random ones", causes=CAUSES)


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
