"""Self-checks for homework 2 (hw2-backward-pass.ipynb): chain rule, deltas, gradients, update, a round.

Each backward-pass function is handed the right forward pass (and the right deltas), so a
slip in one exercise does not show up in another; backprop_round runs with right
references in place of the student's own earlier functions, which are checked first.
Hidden tests call the same checks with `graded=True` and their own cases and seed.
"""
from __future__ import annotations

from backprop_lessons.homework.judge import judged
from backprop_lessons.homework import answer_key as ref
from backprop_lessons.homework.answer_key import GRADIENT_NAMES, Values
from backprop_lessons.homework.checks import check_on_examples, pick
from backprop_lessons.homework.given import given
from backprop_lessons.homework.runner import Case, CheckResult, number_reader, report, run_check
from backprop_lessons.lecture.example import LECTURE_ETA, LECTURE_VALUES
from backprop_lessons.engine.errors import shown

DELTAS_O, DELTAS_H = ("delta_o1", "delta_o2"), ("delta_h1", "delta_h2")
CHAIN_NAMES = ("dE_total/dout_o1", "dout_o1/dnet_o1", "dnet_o1/dw5", "dE_total/dw5")
CHAIN_MISTAKES = ("delta_sign", "doubled", "no_derivative", "net_in_derivative", "logistic_of_out",
                  "swapped_targets", "net_in_gradient", "gradient_sign")


def _fwd(v: Values) -> Values:
    """The right forward pass, as handed to the backward-pass exercises."""
    return ref.forward_pass(v)


def _deltas(v: Values) -> Values:
    """The right delta_o1, delta_o2, delta_h1, delta_h2."""
    fwd = _fwd(v)
    outputs = ref.output_deltas(v, fwd)
    return pick({**outputs, **ref.hidden_deltas(v, fwd, outputs)}, DELTAS_O + DELTAS_H)


def _gradients(v: Values) -> Values:
    """The right dE_total/dw1 .. dE_total/dw8."""
    return pick(ref.gradients(v, _fwd(v), _deltas(v)), GRADIENT_NAMES)


@judged
def check_chain(chain_w5: object, cases: int = 20, seed: int = 0, graded: bool = False) -> CheckResult:
    """chain_w5(v, fwd) returns the three factors of dE_total/dw5 and their product, by name."""
    return check_on_examples("chain_w5", chain_w5, "chain_w5(v, fwd)", CHAIN_NAMES, CHAIN_MISTAKES, cases, seed,
                             lambda v, eta: (dict(v), _fwd(v)),
                             lambda v, eta, mistake: ref.round_values(v, eta, mistake), graded=graded,
                             where="differentiate that factor again, one piece at a time")


@judged
def check_output_deltas(output_deltas: object, cases: int = 20, seed: int = 0, graded: bool = False) -> CheckResult:
    """output_deltas(v, fwd) returns delta_o1 = dE_total/dnet_o1 and delta_o2."""
    return check_on_examples("output_deltas", output_deltas, "output_deltas(v, fwd)", DELTAS_O,
                             ref.OUTPUT_DELTA_MISTAKES, cases, seed, lambda v, eta: (dict(v), _fwd(v)),
                             lambda v, eta, mistake: ref.output_deltas(v, _fwd(v), mistake), graded=graded,
                             where="dE_total/dout and dout/dnet of that output, one factor at a time")


@judged
def check_hidden_deltas(hidden_deltas: object, cases: int = 20, seed: int = 0, graded: bool = False) -> CheckResult:
    """hidden_deltas(v, fwd, deltas): delta_h1 = (delta_o1*w5 + delta_o2*w7) * out_h1 (1 - out_h1), and h2."""
    return check_on_examples("hidden_deltas", hidden_deltas, "hidden_deltas(v, fwd, deltas)", DELTAS_H,
                             ref.HIDDEN_DELTA_MISTAKES, cases, seed,
                             lambda v, eta: (dict(v), _fwd(v), pick(_deltas(v), DELTAS_O)),
                             lambda v, eta, mistake: ref.hidden_deltas(v, _fwd(v), _deltas(v), mistake),
                             graded=graded, where="follow the weights that leave that hidden neuron")


@judged
def check_gradients(gradients: object, cases: int = 20, seed: int = 0, graded: bool = False) -> CheckResult:
    """gradients(v, fwd, deltas): the delta rule, dE_total/dw5 = delta_o1 * out_h1, dE_total/dw1 = delta_h1 * i1."""
    return check_on_examples("gradients", gradients, "gradients(v, fwd, deltas)", GRADIENT_NAMES,
                             ref.GRADIENT_MISTAKES, cases, seed, lambda v, eta: (dict(v), _fwd(v), _deltas(v)),
                             lambda v, eta, mistake: ref.gradients(v, _fwd(v), _deltas(v), mistake),
                             graded=graded, where="which neuron does that weight lead into, what does it carry?")


@judged
def check_update(update: object, cases: int = 20, seed: int = 0, graded: bool = False) -> CheckResult:
    """update(v, grads, eta) returns a new dict, w+ = w - eta * dE_total/dw, and leaves v unchanged."""
    return check_on_examples("update", update, "update(v, grads, eta)", tuple(LECTURE_VALUES), ref.UPDATE_MISTAKES,
                             cases, seed, lambda v, eta: (dict(v), _gradients(v), eta),
                             lambda v, eta, mistake: ref.update(v, _gradients(v), eta, mistake), graded=graded,
                             where="w+ = w - eta * dE_total/dw for that weight; biases stay")


@judged
def check_backprop_round(backprop_round: object, cases: int = 20, seed: int = 0,
                         graded: bool = False) -> CheckResult:
    """backprop_round(v, eta): every gradient from the old weights, then w1 .. w8 updated (not the biases).

    Runs with right references in place of forward_pass, output_deltas, hidden_deltas,
    gradients and update; the student's own ones are checked first (unless graded).
    """
    return check_on_examples("backprop_round", backprop_round, "backprop_round(v, eta)", tuple(LECTURE_VALUES),
                             ref.ROUND_MISTAKES, cases, seed, lambda v, eta: (dict(v), eta),
                             lambda v, eta, mistake: ref.backprop_round(v, eta, mistake),
                             uses=given("forward_pass", "output_deltas", "hidden_deltas", "gradients", "update"),
                             depends={"output_deltas": check_output_deltas, "hidden_deltas": check_hidden_deltas,
                                      "gradients": check_gradients, "update": check_update},
                             graded=graded, where="what each step is given, and in which order they run")


def check_value(name: object, value: object) -> CheckResult:
    """One number of the lecture's round by name ("E_total", "dE_total/dw5", "w5+", ...), for a lesson.

    Not used by the homework (a value can be typed in; the homework asks for functions).
    """
    known = ref.round_values(dict(LECTURE_VALUES), LECTURE_ETA)
    if not isinstance(name, str) or name not in known:
        return report(str(name), "wrong", f"the lecture's round has no quantity called {shown(name)}; "
                                          "names look like 'E_total', 'delta_o1', 'dE_total/dw5', 'w5+'")
    case = Case("on the lecture's example", (), lambda mistake: {
        "yours": ref.round_values(dict(LECTURE_VALUES), LECTURE_ETA, mistake)[name]})
    return run_check(name, lambda: value, [case], number_reader("yours", f"your {name}"), ref.ROUND_MISTAKES,
                     summary="correct on the lecture's example")
