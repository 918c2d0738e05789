"""Self-checks for homework 1 (forward pass and error) and homework 2 (backward pass).

Each check runs a student's function on the lecture's example and on random examples
drawn with a fixed seed, prints one line (✓, ✗ with the likely cause, or … not done yet)
and returns a CheckResult, which nbgrader's test cells assert on. A wrong answer is held
against the answers of typical slips (mistakes.py) to name the likely cause. The inputs
a check hands over are always right (a correct `fwd` to `output_deltas`, say), so one
exercise's slip never shows up as another's. Homework 3's checks: checks_training.py.
Non-goal: showing the answer's code; a line says what is wrong and why, not how to write it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from backprop_lessons.homework import answer_key as ref
from backprop_lessons.homework.runner import Case, CheckResult, Reader, names_reader, number_reader, report, run_check
from backprop_lessons.engine.errors import check_count, shown
from backprop_lessons.lecture.example import LECTURE_ETA, LECTURE_VALUES
from backprop_lessons.homework.answer_key import FORWARD_NAMES, GRADIENT_NAMES, Values
from backprop_lessons.engine.notation import figure

LECTURE = "on the lecture's example"
DELTAS_O, DELTAS_H = ("delta_o1", "delta_o2"), ("delta_h1", "delta_h2")


def examples(cases: int, seed: int) -> list[tuple[str, Values, float]]:
    """(label, v, eta): the lecture's example, then `cases` random ones drawn with `seed`."""
    count = check_count("cases", cases, maximum=1000)
    rng = np.random.default_rng(check_count("seed", seed, maximum=2**32 - 1))
    drawn = [(ref.random_values(rng), float(rng.uniform(0.1, 1.0))) for _ in range(count)]
    return [(LECTURE, dict(LECTURE_VALUES), LECTURE_ETA)] + [
        (f"on random case {k} of {count}", v, eta) for k, (v, eta) in enumerate(drawn, start=1)]


def _pick(values: Values, names: Sequence[str]) -> Values:
    """Only these names of `values`, in this order."""
    return {name: values[name] for name in names}


def _check(name: str, student: object, call: str, names: Sequence[str], mistakes: Sequence[str],
           cases: int, seed: int, args: Callable[[Values, float], tuple],
           answer: Callable[[Values, float, str | None], Values], read: Reader | None = None) -> CheckResult:
    """Run `student(*args(v, eta))` on every example against `answer(v, eta, mistake)`.

    The answer is read as a dict of `names`, or by `read` when given.
    """
    runs = examples(cases, seed)
    built = [Case(label, args(v, eta), lambda mistake, v=v, eta=eta: _pick(answer(v, eta, mistake), names))
             for label, v, eta in runs]
    return run_check(name, student, built, read or names_reader(names, call), mistakes,
                     summary=f"correct on the lecture's example and {len(runs) - 1} random cases")


def _fwd(v: Values) -> Values:
    """The right forward pass, as handed to the backward-pass exercises."""
    return ref.forward_pass(v)


def _deltas(v: Values) -> Values:
    """The right delta_o1, delta_o2, delta_h1, delta_h2."""
    fwd = _fwd(v)
    outputs = ref.output_deltas(v, fwd)
    return _pick({**outputs, **ref.hidden_deltas(v, fwd, outputs)}, DELTAS_O + DELTAS_H)


def check_logistic(logistic: object, cases: int = 20, seed: int = 0) -> CheckResult:
    """hw1-forward-pass.ipynb: logistic(net) = 1 / (1 + e^-net).

    Tried on the lecture's net_h1 and on `cases` random nets in (-6, 6) drawn with `seed`.
    """
    count = check_count("cases", cases, maximum=1000)
    rng = np.random.default_rng(check_count("seed", seed, maximum=2**32 - 1))
    nets = [("for net = net_h1 of the lecture's example", _fwd(dict(LECTURE_VALUES))["net_h1"])]
    nets += [(f"for net = {x:.4f} (random case {k} of {count})", float(x))
             for k, x in enumerate(rng.uniform(-6, 6, count), start=1)]
    built = [Case(label, (net,), lambda mistake, net=net: {"logistic(net)": ref.logistic(net, mistake)})
             for label, net in nets]
    return run_check("logistic", logistic, built, number_reader("logistic(net)", "logistic(net)"),
                     ref.LOGISTIC_MISTAKES, summary=f"correct on the lecture's net_h1 and {count} random nets")


def check_forward_pass(forward_pass: object, cases: int = 20, seed: int = 0) -> CheckResult:
    """hw1-forward-pass.ipynb: forward_pass(v) returns net_h1, out_h1, ..., out_o2 by name."""
    return _check("forward_pass", forward_pass, "forward_pass(v)", FORWARD_NAMES, ref.FORWARD_MISTAKES,
                  cases, seed, lambda v, eta: (dict(v),),
                  lambda v, eta, mistake: ref.forward_pass(v, mistake))


def check_total_error(total_error: object, cases: int = 20, seed: int = 0) -> CheckResult:
    """hw1-forward-pass.ipynb: total_error(v, fwd) = E_total.

    E_total = 1/2 (target_o1 - out_o1)^2 + 1/2 (target_o2 - out_o2)^2, given the right fwd.
    """
    return _check("total_error", total_error, "total_error(v, fwd)", ("E_total",), ref.ERROR_MISTAKES,
                  cases, seed, lambda v, eta: (dict(v), _fwd(v)),
                  lambda v, eta, mistake: ref.total_error(v, _fwd(v), mistake),
                  read=number_reader("E_total", "total_error(v, fwd)"))


def check_value(name: object, value: object) -> CheckResult:
    """hw1-forward-pass.ipynb, hw2-backward-pass.ipynb: one number of the lecture's round by name.

    Names as in lecture.worked_round: "E_total", "dE_total/dout_o1", "dE_total/dw5", "w5+", ...
    """
    known = ref.round_values(dict(LECTURE_VALUES), LECTURE_ETA)
    if not isinstance(name, str) or name not in known:
        return report(str(name), "wrong", f"the lecture's round has no quantity called {shown(name)}; "
                                          "names look like 'E_total', 'delta_o1', 'dE_total/dw5', 'w5+'")
    case = Case(LECTURE, (), lambda mistake: {
        "yours": ref.round_values(dict(LECTURE_VALUES), LECTURE_ETA, mistake)[name]})
    return run_check(name, lambda: value, [case], number_reader("yours", f"your {name}"), ref.ROUND_MISTAKES,
                     summary=f"correct, {figure(known[name])} on the lecture's example")


def check_output_deltas(output_deltas: object, cases: int = 20, seed: int = 0) -> CheckResult:
    """hw2-backward-pass.ipynb: output_deltas(v, fwd) returns delta_o1 = dE_total/dnet_o1, delta_o2."""
    return _check("output_deltas", output_deltas, "output_deltas(v, fwd)", DELTAS_O,
                  ref.OUTPUT_DELTA_MISTAKES, cases, seed, lambda v, eta: (dict(v), _fwd(v)),
                  lambda v, eta, mistake: ref.output_deltas(v, _fwd(v), mistake))


def check_hidden_deltas(hidden_deltas: object, cases: int = 20, seed: int = 0) -> CheckResult:
    """hw2-backward-pass.ipynb: hidden_deltas(v, fwd, deltas) returns delta_h1, delta_h2.

    delta_h1 = (delta_o1*w5 + delta_o2*w7) * out_h1 (1 - out_h1), and delta_h2 with w6, w8.
    """
    return _check("hidden_deltas", hidden_deltas, "hidden_deltas(v, fwd, deltas)", DELTAS_H,
                  ref.HIDDEN_DELTA_MISTAKES, cases, seed,
                  lambda v, eta: (dict(v), _fwd(v), _pick(_deltas(v), DELTAS_O)),
                  lambda v, eta, mistake: ref.hidden_deltas(v, _fwd(v), _deltas(v), mistake))


def check_gradients(gradients: object, cases: int = 20, seed: int = 0) -> CheckResult:
    """hw2-backward-pass.ipynb: gradients(v, fwd, deltas) returns dE_total/dw1 .. dE_total/dw8.

    The delta rule: dE_total/dw5 = delta_o1 * out_h1, dE_total/dw1 = delta_h1 * i1, ...
    """
    return _check("gradients", gradients, "gradients(v, fwd, deltas)", GRADIENT_NAMES,
                  ref.GRADIENT_MISTAKES, cases, seed, lambda v, eta: (dict(v), _fwd(v), _deltas(v)),
                  lambda v, eta, mistake: ref.gradients(v, _fwd(v), _deltas(v), mistake))


def _gradients(v: Values) -> Values:
    """The right dE_total/dw1 .. dE_total/dw8."""
    return _pick(ref.gradients(v, _fwd(v), _deltas(v)), GRADIENT_NAMES)


def check_update(update: object, cases: int = 20, seed: int = 0) -> CheckResult:
    """hw2-backward-pass.ipynb: update(v, grads, eta) returns a new dict, w+ = w - eta * dE_total/dw."""
    return _check("update", update, "update(v, grads, eta)", tuple(LECTURE_VALUES), ref.UPDATE_MISTAKES,
                  cases, seed, lambda v, eta: (dict(v), _gradients(v), eta),
                  lambda v, eta, mistake: ref.update(v, _gradients(v), eta, mistake))


def check_backprop_round(backprop_round: object, cases: int = 20, seed: int = 0) -> CheckResult:
    """hw2-backward-pass.ipynb: backprop_round(v, eta) returns the values after one round.

    Every gradient comes from the old weights, then w1 .. w8 are updated (not the biases).
    """
    return _check("backprop_round", backprop_round, "backprop_round(v, eta)", tuple(LECTURE_VALUES),
                  ref.ROUND_MISTAKES, cases, seed, lambda v, eta: (dict(v), eta),
                  lambda v, eta, mistake: ref.backprop_round(v, eta, mistake))
