"""Self-checks for homework 3 (hw3-training-and-checking.ipynb): training, finite differences, a derivative.

They follow checks.py: one printed line (✓, ✗ with a reproduced cause or the first value
that differs, … not done yet) and a CheckResult that hidden tests assert on with
`graded=True`. The slips of this homework, with the references that make them, are defined
here; the round itself comes from answer_key.py. `train` runs with right references in
place of the notebook's `error` and `backprop_round`; a derivative "by hand" that calls
SymPy's diff is refused, and `sympy_derivative` shows SymPy's answer only once the
student's own is right.
Non-goal: checking other activations than the two the homework asks for.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

from backprop_lessons.homework.judge import judged
from backprop_lessons.homework import answer_key as ref
from sympy.core.function import _derivative_dispatch

from backprop_lessons.homework.checks import examples
from backprop_lessons.engine.agreement import relative_error
from backprop_lessons.homework.given import given
from backprop_lessons.homework.runner import (Case, CheckResult, NotDone, WrongAnswer, describe, list_reader,
                                              number_reader, quietly, report, run_check)
from backprop_lessons.engine.errors import valid_count
from backprop_lessons.homework.answer_key import Values
from backprop_lessons.lecture.example import LECTURE_ETA

CAUSES: dict[str, str] = {
    "one_short": ("the list stops one update short: add E_total after the last update too "
                  "(the lecture's 10,000-round figure has the same slip)"),
    "no_initial": "the list should start with E_total before any update",
    "not_reassigned": ("E_total never changes: keep the values each round returns "
                       "(v = backprop_round(v, eta))"),
    "fixed_eta": "used eta = 0.5, not the eta passed in",
    "forward_difference": "a one-sided difference (E(w + h) - E(w)) / h; nudge both ways, 2h apart",
    "backward_difference": "a one-sided difference (E(w) - E(w - h)) / h; nudge both ways, 2h apart",
    "no_two": "divided by h, but w + h and w - h are 2h apart",
    "reversed": "the sign: E(w + h) comes first",
    "ignored_h": "ignored the step h passed in",
    "no_abs": "forgot the absolute value of a - b",
    "first_only": "divided by |a| alone; divide by the larger of |a| and |b|",
    "second_only": "divided by |b| alone; divide by the larger of |a| and |b|",
    "sum": "divided by |a| + |b|; here the rule is the larger of |a| and |b| (CS231n's)",
    "no_division": "forgot to divide: a relative error is the difference over the size",
    "either_zero": ("returned 0 when one of the two is 0: only two zeros agree; "
                    "0 against any other number is |a - b| / max(|a|, |b|) = 1"),
    "no_chain_rule": ("your derivative equals 1 / (1 + e^x) at every point: log(u)'s u' / u without u' = e^x "
                      "(the chain rule), or e^-x where e^x belongs; the answer has e^x on top"),
    "sign": "the sign",
    "no_square": "forgot a square",
    "logistic_pattern": "out * (1 - out) is the logistic's derivative, not tanh's",
    "plus": "a sign inside: check 1 + ... against SymPy's diff",
}
TRAIN_MISTAKES = ("one_short", "no_initial", "not_reassigned", "fixed_eta")
DIFFERENCE_MISTAKES = ("forward_difference", "backward_difference", "no_two", "reversed", "ignored_h")
RELATIVE_MISTAKES = ("no_abs", "first_only", "second_only", "sum", "no_division", "either_zero")

x = sp.Symbol("x")
DERIVATIVE_EXERCISES = {"softplus": sp.log(1 + sp.exp(x)), "tanh": sp.tanh(x)}
DERIVATIVE_MISTAKES = {
    "softplus": {"no_chain_rule": 1 / (1 + sp.exp(x)), "sign": -sp.exp(x) / (1 + sp.exp(x))},
    "tanh": {"no_square": 1 - sp.tanh(x), "logistic_pattern": sp.tanh(x) * (1 - sp.tanh(x)),
             "plus": 1 + sp.tanh(x) ** 2, "sign": sp.tanh(x) ** 2 - 1},
}
POINTS = (-2.0, -0.7, 0.0, 0.4, 1.3, 2.5)


def _error(v: Values) -> float:
    """E_total of the lecture's network at the values v."""
    return ref.total_error(v, ref.forward_pass(v))["E_total"]


def train_errors(v: Values, eta: float, rounds: int, mistake: str | None = None) -> list[float]:
    """E_total before training and after each of `rounds` rounds, or one of the training slips."""
    errors = [_error(v)]
    for _round in range(rounds):
        new = ref.backprop_round(v, 0.5 if mistake == "fixed_eta" else eta)
        v = v if mistake == "not_reassigned" else new
        errors.append(_error(v))
    return {"one_short": errors[:-1], "no_initial": errors[1:]}.get(mistake, errors)


@judged
def check_train(train_function: object, cases: int = 4, seed: int = 0, graded: bool = False) -> CheckResult:
    """hw3-training-and-checking.ipynb: train(v, eta, rounds) returns E_total before and after each round.

    Tried for 3 rounds on the lecture's example and 1 to 4 rounds on `cases` random ones.
    """
    runs = examples(cases, seed)
    rng = np.random.default_rng(seed)
    built = []
    for number, (label, v, eta) in enumerate(runs):
        rounds = 3 if number == 0 else int(rng.integers(1, 5))
        built.append(Case(f"{label}, {rounds} rounds", (dict(v), eta, rounds),
                          lambda mistake, v=v, eta=eta, rounds=rounds: _as_list(
                              train_errors(v, eta, rounds, mistake))))
    return run_check("train", train_function, built, list_reader("train(v, eta, rounds)"), TRAIN_MISTAKES,
                     summary=f"correct on the lecture's example and {len(built) - 1} random cases",
                     causes=CAUSES, uses=given("error", "backprop_round"), graded=graded,
                     where="start from E_total of v, then one round and one E_total at a time")


def _as_list(errors: list[float]) -> Values:
    """A list of numbers keyed as list_reader keys a student's list."""
    return {f"errors[{k}]": e for k, e in enumerate(errors)}


def difference_quotient(error: Callable[[Values], float], v: Values, name: str, h: float,
                        mistake: str | None = None) -> float:
    """(E(name + h) - E(name - h)) / 2h, or one of the finite-difference slips."""
    if mistake == "ignored_h":
        return difference_quotient(error, v, name, 1e-6)
    up, down = error({**v, name: v[name] + h}), error({**v, name: v[name] - h})
    quotients = {"forward_difference": (up - error(v)) / h,
                 "backward_difference": (error(v) - down) / h,
                 "no_two": (up - down) / h,
                 "reversed": (down - up) / (2 * h)}
    return quotients.get(mistake, (up - down) / (2 * h))


def _cubic(rng: np.random.Generator) -> tuple[Callable[[Values], float], str]:
    """A random function a*v[p]^3 + b*v[p]*v[q] of two random values, and the name p."""
    p, q = map(str, rng.choice(list(ref.LECTURE_VALUES), 2, replace=False))
    a, b = map(float, rng.uniform(-2, 2, 2))
    return (lambda v: a * v[p] ** 3 + b * v[p] * v[q]), p


@judged
def check_numerical_gradient(numerical_gradient: object, cases: int = 8,
                             seed: int = 0, graded: bool = False) -> CheckResult:
    """hw3-training-and-checking.ipynb: numerical_gradient(error, v, name, h), a central difference.

    (error(v with name + h) - error(v with name - h)) / 2h, on E_total and on random cubics.
    """
    runs = examples(cases, seed)
    rng = np.random.default_rng(seed + 1)
    built = []
    for number, (label, v, _eta) in enumerate(runs):
        error, name = (_error, ("w5", "w1", "b2")[number % 3]) if number < 3 else _cubic(rng)
        h = 1e-3 if number < 3 else float(rng.uniform(0.01, 0.1))
        what = f"dE_total/d{name}" if number < 3 else f"the slope of a cubic in {name}"
        built.append(Case(f"for {what} {label} (h = {h:.3g})", (error, dict(v), name, h),
                          lambda mistake, e=error, v=v, n=name, h=h: {
                              "the result": difference_quotient(e, v, n, h, mistake)}))
    return run_check("numerical_gradient", numerical_gradient, built,
                     number_reader("the result", "numerical_gradient(error, v, name, h)"),
                     DIFFERENCE_MISTAKES, summary=f"correct on {len(built)} functions and steps h",
                     causes=CAUSES, uses=given("error", "backprop_round"), graded=graded,
                     where="use the function `error` and the step `h` you are given, on a copy of v")


def _relative(a: float, b: float, mistake: str | None = None) -> float:
    """|a - b| / max(|a|, |b|) (0 when a == b), or one of the relative-error slips."""
    if a == b:    # every slip keeps the exercise's rule for two equal numbers
        return 0.0
    slips = {"no_abs": lambda: (a - b) / max(abs(a), abs(b)),
             "first_only": lambda: abs(a - b) / abs(a),
             "second_only": lambda: abs(a - b) / abs(b),
             "sum": lambda: abs(a - b) / (abs(a) + abs(b)),
             "no_division": lambda: abs(a - b),
             "either_zero": lambda: 0.0 if 0 in (a, b) else relative_error(a, b)}
    return slips[mistake]() if mistake in slips else relative_error(a, b)


@judged
def check_relative_error(relative_error_function: object, cases: int = 10,
                         seed: int = 0, graded: bool = False) -> CheckResult:
    """hw3-training-and-checking.ipynb: relative_error(a, b) = |a - b| / max(|a|, |b|), 0.0 for two zeros.

    Tried on a backprop/finite-difference pair, `cases` random pairs, a zero against a number
    each way round (which tells "either is zero" from the rule) and, last, two zeros.
    """
    count = valid_count("cases", cases, maximum=1000)
    rng = np.random.default_rng(valid_count("seed", seed, maximum=2**32 - 1))
    lecture = dict(ref.LECTURE_VALUES)
    backprop = ref.round_values(lecture, LECTURE_ETA)["dE_total/dw5"]
    pairs = [("for backprop's and a finite difference's dE_total/dw5", backprop,
              difference_quotient(_error, lecture, "w5", 1e-5))]
    pairs += [(f"for random case {k} of {count}", *map(float, rng.normal(0, 1, 2)))
              for k in range(1, count + 1)]
    one, other = map(float, rng.uniform(0.1, 2.0, 2))
    pairs += [(f"for a = 0.0 and b = {one:.4f}: one zero", 0.0, one), (f"for a = {other:.4f} and b = 0.0: one zero",
                                                                        other, 0.0)]
    pairs.append(("for a = 0.0 and b = 0.0: two zeros agree, so the answer is 0.0", 0.0, 0.0))
    built = [Case(label, (a, b), lambda mistake, a=a, b=b: {
        "relative_error(a, b)": _relative(a, b, mistake)}) for label, a, b in pairs]
    return run_check("relative_error", relative_error_function, built,
                     number_reader("relative_error(a, b)", "relative_error(a, b)"), RELATIVE_MISTAKES,
                     summary=f"correct on {len(built)} pairs, one zero and two zeros included", causes=CAUSES,
                     graded=graded, where="|a - b| over the larger of |a| and |b|")


def _at_points(expression: object, what: str, points: tuple[float, ...] = POINTS) -> Values:
    """A SymPy expression in x, evaluated at `points`; NotDone or WrongAnswer when it is not one."""
    if expression is None:
        raise NotDone(f"{what} is None")
    if isinstance(expression, (int, float)) and not isinstance(expression, bool):
        expression = sp.Float(expression)
    if not isinstance(expression, sp.Expr):
        raise WrongAnswer(f"{what} should be a SymPy expression in x (built with sp.exp, sp.log, "
                          f"sp.tanh), got {describe(expression)}")
    if expression.has(sp.Derivative):
        raise WrongAnswer(f"{what} holds a Derivative; write the derivative out by hand")
    others = sorted(s.name for s in expression.free_symbols if s.name != "x")
    if others:
        raise WrongAnswer(f"{what} uses {', '.join(others)}; write it in x alone")
    try:
        return {f"at x = {p:.4g}": float(expression.subs({s: p for s in expression.free_symbols}).evalf())
                for p in points}
    except (TypeError, ValueError):
        raise WrongAnswer(f"{what} has no real value at some x in {points}") from None


# Differentiating in SymPy goes through these; a derivative "by hand" calls none of them.
SYMPY_DIFF = {code: "SymPy's diff" for code in (sp.Derivative.__new__.__code__, _derivative_dispatch.__code__,
                                                sp.Expr.diff.__code__, sp.diff.__code__)}


@judged
def check_derivative(activation: object, derivative: object, cases: int = 0, seed: int = 0,
                     graded: bool = False) -> CheckResult:
    """derivative(x), written by hand in SymPy (no sp.diff), against SymPy's diff.

    `activation` is "softplus" or "tanh"; `derivative` is the student's function of the symbol x.
    Compared at POINTS and at `cases` more random points in (-3, 3) drawn with `seed`.
    """
    if not isinstance(activation, str) or activation not in DERIVATIVE_EXERCISES:
        known = " and ".join(map(repr, DERIVATIVE_EXERCISES))
        return report(str(activation), "wrong", f"check_derivative knows {known}; got {describe(activation)}")
    count = valid_count("cases", cases, maximum=100)
    rng = np.random.default_rng(valid_count("seed", seed, maximum=2**32 - 1))
    points = POINTS + tuple(float(p) for p in rng.uniform(-3, 3, count))
    name, exact = str(activation), sp.diff(DERIVATIVE_EXERCISES[activation], x)
    variants = {None: exact, **DERIVATIVE_MISTAKES[name]}
    case = Case(f"against SymPy's diff of {DERIVATIVE_EXERCISES[name]}", (x,),
                lambda mistake: _at_points(variants[mistake], "SymPy", points))
    return run_check(f"{name}_derivative", derivative, [case],
                     lambda value: _at_points(value, f"{name}_derivative(x)", points),
                     tuple(DERIVATIVE_MISTAKES[name]), summary=f"equal to SymPy's diff of {DERIVATIVE_EXERCISES[name]}",
                     causes=CAUSES, forbidden=SYMPY_DIFF, graded=graded,
                     where="redo the chain rule (or quotient rule) one factor at a time")


def sympy_derivative(activation: str, derivative: object) -> object:
    """SymPy's derivative of the activation, shown only once the student's `derivative` is right."""
    with quietly():
        right = check_derivative(activation, derivative)
    if not right:
        print(f"SymPy's answer shows here once your {activation}_derivative is right (✓ above).")
        return None
    return sp.diff(DERIVATIVE_EXERCISES[activation], x)
