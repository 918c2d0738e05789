"""Self-checks for homework 1 (hw1-forward-pass.ipynb): logistic, forward pass, error.

Each prints one line (✓, ✗ with a reproduced cause or the first value that differs, … not
done yet) and returns a CheckResult that nbgrader's hidden tests assert on with
`graded=True` and their own cases and seed.
"""
from __future__ import annotations

import numpy as np

from backprop_lessons.homework.judge import judged
from backprop_lessons.engine.errors import valid_count
from backprop_lessons.homework import answer_key as ref
from backprop_lessons.homework.answer_key import FORWARD_NAMES
from backprop_lessons.homework.checks import check_on_examples
from backprop_lessons.homework.given import given
from backprop_lessons.homework.runner import Case, CheckResult, number_reader, run_check
from backprop_lessons.lecture.example import LECTURE_VALUES


@judged
def check_logistic(logistic: object, cases: int = 20, seed: int = 0, graded: bool = False) -> CheckResult:
    """logistic(net) = 1 / (1 + e^-net), on the lecture's net_h1 and `cases` random nets in (-6, 6)."""
    count = valid_count("cases", cases, maximum=1000)
    rng = np.random.default_rng(valid_count("seed", seed, maximum=2**32 - 1))
    nets = [("for net = net_h1 of the lecture's example", ref.forward_pass(dict(LECTURE_VALUES))["net_h1"])]
    nets += [(f"for net = {x:.4f} (random case {k} of {count})", float(x))
             for k, x in enumerate(rng.uniform(-6, 6, count), start=1)]
    built = [Case(label, (net,), lambda mistake, net=net: {"logistic(net)": ref.logistic(net, mistake)})
             for label, net in nets]
    return run_check("logistic", logistic, built, number_reader("logistic(net)", "logistic(net)"),
                     ref.LOGISTIC_MISTAKES, summary=f"correct on the lecture's net_h1 and {count} random nets",
                     graded=graded, where="compare your formula with 1 / (1 + e^-net), piece by piece")


@judged
def check_forward_pass(forward_pass: object, cases: int = 20, seed: int = 0, graded: bool = False) -> CheckResult:
    """forward_pass(v) returns net_h1, out_h1, ..., out_o2 by name (with a right logistic)."""
    return check_on_examples("forward_pass", forward_pass, "forward_pass(v)", FORWARD_NAMES, ref.FORWARD_MISTAKES,
                             cases, seed, lambda v, eta: (dict(v),),
                             lambda v, eta, mistake: ref.forward_pass(v, mistake),
                             uses=given("logistic"), depends={"logistic": check_logistic}, graded=graded,
                             where="which weights, inputs and bias go into it?")


@judged
def check_total_error(total_error: object, cases: int = 20, seed: int = 0, graded: bool = False) -> CheckResult:
    """total_error(v, fwd) = 1/2 (target_o1 - out_o1)^2 + 1/2 (target_o2 - out_o2)^2, given the right fwd."""
    return check_on_examples("total_error", total_error, "total_error(v, fwd)", ("E_total",),
                             ref.ERROR_MISTAKES, cases, seed, lambda v, eta: (dict(v), ref.forward_pass(v)),
                             lambda v, eta, mistake: ref.total_error(v, ref.forward_pass(v), mistake),
                             read=number_reader("E_total", "total_error(v, fwd)"), graded=graded,
                             where="compare each term with 1/2 (target - out)^2")


@judged
def check_error(error: object, cases: int = 20, seed: int = 0, graded: bool = False) -> CheckResult:
    """error(v) = E_total of the network at v, from forward_pass and total_error."""
    return check_on_examples("error", error, "error(v)", ("E_total",), (), cases, seed,
                             lambda v, eta: (dict(v),),
                             lambda v, eta, mistake: ref.total_error(v, ref.forward_pass(v)),
                             read=number_reader("E_total", "error(v)"),
                             uses=given("forward_pass", "total_error"),
                             depends={"forward_pass": check_forward_pass, "total_error": check_total_error},
                             graded=graded, where="pass v to forward_pass, then v and its result to total_error")
