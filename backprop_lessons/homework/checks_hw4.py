"""Self-checks for homework 4: the autograd students build (hw4-autograd.ipynb).
The local rules of `+`, `*` and sigmoid: checks_hw4_rules.py; here the order, backward, the
lecture's graph and training.

They follow runner.py: one printed line (✓, ✗ with a reproduced cause or the first value that
differs, … not done yet), a CheckResult that hidden tests assert on with `graded=True`, and
a failing cell under nbgrader's validate. Each check hands the student's code correct inputs
from the reference (engine/autograd.py): topological_order and backward get a reference
graph, forward_graph the reference Value class, and train runs with the reference Value,
order, backward and forward_graph in place of the student's (REFERENCE, as `uses`), so one
exercise's slip never shows up as another's. The check's own code builds the graph; only the
student's function runs under guard, which refuses a call from it into the package (the
reference Value's own backward(), the lecture's graph, its training).
Non-goal: checking operations the homework does not ask for.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from backprop_lessons.homework.judge import judged
from backprop_lessons.engine.autograd import Value, backward_through, topological_order
from backprop_lessons.homework import answer_key as ref
from backprop_lessons.homework.answer_key import FORWARD_NAMES, GRADIENT_NAMES, Values
from backprop_lessons.homework.checks import examples
from backprop_lessons.homework.checks_hw4_rules import check_rule
from backprop_lessons.homework.guard import guarded_call
from backprop_lessons.homework.hw3 import SYMPY_DIFF, TRAIN_MISTAKES, train_errors
from backprop_lessons.homework.hw3 import CAUSES as HW3_CAUSES
from backprop_lessons.homework.runner import (Case, CheckResult, NotDone, WrongAnswer, describe, list_reader,
                                              names_reader, run_check)
from backprop_lessons.lecture.autograd_round import lecture_graph

CAUSES: dict[str, str] = {
    **ref.CAUSES, **HW3_CAUSES,
    "root_first": "the order is reversed: each value comes after its parents, so the root comes last",
    "no_visited": "a value is listed more than once: keep a set of the values already visited",
    "not_reassigned": ("E_total never changes from round to round: the weights were not updated, or every "
                       "grad was 0 when they were (update v each round, from this round's graph and its order)"),
}
ORDER_MISTAKES = ("root_first", "no_visited")
# What student code may call of the reference Value handed to it: its operations, not backward().
VALUE_PARTS = tuple(f for name, f in vars(Value).items() if inspect.isfunction(f) and name != "backward")


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
        def listed(value: Value) -> list[Value]:      # each path to a value lists it again
            return [item for parents_first in map(listed, value.parents) for item in parents_first] + [value]
        return listed(graph["E_total"])
    return order


@judged
def check_topological_order(topological_order_function: object, cases: int = 3, seed: int = 0,
                            graded: bool = False) -> CheckResult:
    """hw4-autograd.ipynb: topological_order(root) lists every value once, parents first, root last."""
    def probe(v: Values) -> tuple:
        graph = lecture_graph(v)
        return guarded_call("topological_order", topological_order_function, (graph["E_total"],),
                            shared=True, allowed=VALUE_PARTS, forbidden=SYMPY_DIFF), graph

    def answer(mistake: str | None, v: Values) -> Values:
        graph = lecture_graph(v)
        return order_facts(order_with(graph, mistake), graph)
    built = [Case(f"on the graph of E_total for {label.removeprefix('on ')}", (v,),
                  lambda mistake, v=v: answer(mistake, v)) for label, v in _graphs(cases, seed)]
    return run_check("topological_order", topological_order_function, built, _read_order, ORDER_MISTAKES,
                     summary=f"right on the lecture's graph and {cases} random ones", causes=CAUSES,
                     graded=graded, own_autograd=True, probe=probe, where="visit a value's parents before appending the value")


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


@judged
def check_backward(backward_function: object, cases: int = 4, seed: int = 0, graded: bool = False) -> CheckResult:
    """hw4-autograd.ipynb: backward(root, order) on a reference graph and its reference order."""
    def grads_after(v: Values, student: bool) -> Values:
        graph = lecture_graph(v)
        root, order = graph["E_total"], topological_order(graph["E_total"])
        if student:
            guarded_call("backward", backward_function, (root, order), shared=True, allowed=VALUE_PARTS, forbidden=SYMPY_DIFF)
        else:
            _reference_backward(root, order)
        return _grads(graph)
    built = [Case(label, (v,), lambda mistake, v=v: grads_after(v, False)) for label, v in _graphs(cases, seed)]
    return run_check("backward", backward_function, built, _read_grads, (),
                     summary=f"dE_total/dw1 .. dw8 right on the lecture's graph and {cases} random ones",
                     causes=CAUSES, graded=graded, own_autograd=True, probe=lambda v: grads_after(v, True),
                     where="root.grad = 1.0, then each value's _backward(), going through reversed(order)")


def _read_grads(answer: Values) -> Values:
    """The grads after the student's backward; WrongAnswer when every one is still 0 (the stub is not done)."""
    if all(value == 0 for value in answer.values()):
        raise WrongAnswer("after backward every grad is still 0 (set root.grad = 1.0, then call each "
                          "value's _backward from the root down: reversed(order))")
    return answer


# --- forward_graph and train ------------------------------------------------------------

@judged
def check_forward_graph(forward_graph: object, cases: int = 4, seed: int = 0, graded: bool = False) -> CheckResult:
    """hw4-autograd.ipynb: forward_graph(v, Value) returns the forward pass as Values, by lecture name.

    Called with the reference Value class, so only the forward lines are checked here.
    """
    names = (*FORWARD_NAMES, "E_total")
    mistakes = tuple(dict.fromkeys(ref.FORWARD_MISTAKES + ref.ERROR_MISTAKES))

    def answer(mistake: str | None, v: Values) -> Values:
        fwd = ref.forward_pass(v, mistake if mistake in ref.FORWARD_MISTAKES else None)
        error = ref.total_error(v, fwd, mistake if mistake in ref.ERROR_MISTAKES else None)
        return {name: {**fwd, **error}[name] for name in names}

    def probe(v: Values) -> object:
        return guarded_call("forward_graph", forward_graph, (dict(v), Value), allowed=VALUE_PARTS,
                            forbidden=SYMPY_DIFF)

    built = [Case(label, (v,), lambda mistake, v=v: answer(mistake, v)) for label, v, _eta in examples(cases, seed)]
    read = names_reader(names, "forward_graph(v, Value)")
    return run_check("forward_graph", forward_graph, built, lambda graph: read(_data(graph)), mistakes,
                     causes=CAUSES, summary=f"correct on the lecture's example and {cases} random cases",
                     graded=graded, own_autograd=True, probe=probe)


def _data(graph: object) -> object:
    """{name: value.data} of a dict of Values (anything else unchanged, for the reader to refuse)."""
    if not isinstance(graph, dict):
        return graph
    return {name: getattr(value, "data", value) for name, value in graph.items()}


def _reference_backward(root: Value, order: list[Value]) -> None:
    """backward(root, order) as the homework asks for it: the lecture's own (engine/autograd.py)."""
    backward_through(root, order)


def _reference_forward_graph(v: Values, value_class: type) -> dict[str, Value]:
    """forward_graph(v, Value) as the homework asks for it: the lecture's graph."""
    return lecture_graph(v, value_class)


REFERENCE = {"Value": Value, "topological_order": topological_order, "backward": _reference_backward,
             "forward_graph": _reference_forward_graph}


def _counting(read: Callable[[object], Values]) -> tuple[dict, Callable[[object], Values]]:
    """REFERENCE with forward_graph and backward counted, and a reader that wants one call of each a round.

    So train is right only when it ran the autograd each round (no other way to the gradients).
    """
    calls = {"forward_graph": 0, "backward": 0}

    def counted(name: str) -> Callable:
        def call(*args):
            calls[name] += 1
            return REFERENCE[name](*args)
        return call

    def read_counted(answer: object) -> Values:
        values = read(answer)
        rounds, made = len(values) - 1, dict(calls)
        calls.update(forward_graph=0, backward=0)
        for name, least in (("forward_graph", rounds), ("backward", rounds)):
            if made[name] < least:
                raise WrongAnswer(f"train called {name} {made[name]} times in {rounds} rounds: each round builds "
                                  "the graph with forward_graph and fills its grads with backward (your autograd)")
        return values
    return {**REFERENCE, **{name: counted(name) for name in calls}}, read_counted


def _value_right(value_class: object) -> bool:
    """True when all three local rules of the student's Value pass their checks."""
    return all(check_rule(operation, value_class) for operation in ("+", "*", "sigmoid"))


@judged
def check_autograd_train(train_function: object, cases: int = 4, seed: int = 0, graded: bool = False) -> CheckResult:
    """hw4-autograd.ipynb: train(v, eta, rounds) returns E_total before and after each round.

    Runs with REFERENCE in place of the notebook's Value, topological_order, backward and
    forward_graph; the student's own ones are checked first (unless graded).
    """
    runs = examples(cases, seed)     # checks cases and seed
    rng = np.random.default_rng(seed)
    built = []
    for number, (label, v, eta) in enumerate(runs):
        rounds = 3 if number == 0 else int(rng.integers(1, 5))
        built.append(Case(f"{label}, {rounds} rounds", (dict(v), eta, rounds),
                          lambda mistake, v=v, eta=eta, rounds=rounds: {
                              f"errors[{k}]": e for k, e in enumerate(train_errors(v, eta, rounds, mistake))}))
    depends = {"Value": _value_right, "topological_order": check_topological_order, "backward": check_backward,
               "forward_graph": check_forward_graph}
    counted, read = _counting(list_reader("train(v, eta, rounds)"))
    return run_check("train", train_function, built, read, TRAIN_MISTAKES,
                     summary=f"correct on the lecture's example and {cases} random cases", causes=CAUSES,
                     uses=counted, depends=depends, graded=graded, own_autograd=True, forbidden=SYMPY_DIFF,
                     where="start from E_total of v, then one round and one E_total at a time")
