"""The homework self-checks: right answers pass, typical wrong answers are named, stubs are "not done".

Each wrong answer below is a tiny student-style function with one slip; the test asserts
that its check prints one ✗ line naming that slip (a phrase of its likely cause). Slips
outside the answer key's list must get either a cause that reproduces every case or the
neutral first-difference line. Then: misbehaving student code (a loop that never ends,
sys.exit, Stop, writes to an argument), shortcuts (the package's answer key, SymPy's diff),
earlier exercises checked first, and nbgrader's validate failing a check that is not ✓.
The answers are written here independently of the answer key, in plain Python.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from backprop_lessons.homework import answer_key as mistakes
from backprop_lessons.homework import guard, hw1, hw2, hw3, student_code
from backprop_lessons.homework import hw3 as checks_training
from backprop_lessons.homework import checks as checks_module
from backprop_lessons.homework.runner import CheckResult
from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError
from backprop_lessons.lecture.example import LECTURE_VALUES, worked_round


class checks:  # noqa: N801  (the check functions of homeworks 1 and 2 under one name)
    """hw1's and hw2's checks."""

    check_logistic, check_forward_pass = hw1.check_logistic, hw1.check_forward_pass
    check_total_error, check_error = hw1.check_total_error, hw1.check_error
    check_chain, check_output_deltas, check_hidden_deltas = hw2.check_chain, hw2.check_output_deltas, \
        hw2.check_hidden_deltas
    check_gradients, check_update, check_backprop_round = hw2.check_gradients, hw2.check_update, \
        hw2.check_backprop_round

WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def logistic(net):
    return 1 / (1 + math.exp(-net))


def forward(v, *, b1=1, b2=1, h1_i2="w2", h2_i1="w3", o1_h2="w6", o2_h1="w7", feed="out", f=logistic):
    """A student's forward pass; the keywords put in one slip at a time."""
    net_h1 = v["w1"] * v["i1"] + v[h1_i2] * v["i2"] + b1 * v["b1"]
    net_h2 = v[h2_i1] * v["i1"] + v["w4"] * v["i2"] + b1 * v["b1"]
    out_h1, out_h2 = f(net_h1), f(net_h2)
    x1, x2 = (out_h1, out_h2) if feed == "out" else (net_h1, net_h2)
    net_o1 = v["w5"] * x1 + v[o1_h2] * x2 + b2 * v["b2"]
    net_o2 = v[o2_h1] * x1 + v["w8"] * x2 + b2 * v["b2"]
    return {"net_h1": net_h1, "out_h1": out_h1, "net_h2": net_h2, "out_h2": out_h2,
            "net_o1": net_o1, "out_o1": f(net_o1), "net_o2": net_o2, "out_o2": f(net_o2)}


def total_error(v, fwd, half=0.5):
    return half * (v["target_o1"] - fwd["out_o1"]) ** 2 + half * (v["target_o2"] - fwd["out_o2"]) ** 2


def output_deltas(v, fwd, sign=-1, derivative=lambda net, out: out * (1 - out), t1="target_o1", t2="target_o2"):
    return {"delta_o1": sign * (v[t1] - fwd["out_o1"]) * derivative(fwd["net_o1"], fwd["out_o1"]),
            "delta_o2": sign * (v[t2] - fwd["out_o2"]) * derivative(fwd["net_o2"], fwd["out_o2"])}


def hidden_deltas(v, fwd, d, both=1, to_o2=("w7", "w8"), derivative=lambda net, out: out * (1 - out)):
    return {"delta_h1": (d["delta_o1"] * v["w5"] + both * d["delta_o2"] * v[to_o2[0]])
            * derivative(fwd["net_h1"], fwd["out_h1"]),
            "delta_h2": (d["delta_o1"] * v["w6"] + both * d["delta_o2"] * v[to_o2[1]])
            * derivative(fwd["net_h2"], fwd["out_h2"])}


def gradients(v, fwd, d, h="out"):
    x = {"i1": v["i1"], "i2": v["i2"], "h1": fwd[f"{h}_h1"], "h2": fwd[f"{h}_h2"]}
    pairs = {"w1": ("h1", "i1"), "w2": ("h1", "i2"), "w3": ("h2", "i1"), "w4": ("h2", "i2"),
             "w5": ("o1", "h1"), "w6": ("o1", "h2"), "w7": ("o2", "h1"), "w8": ("o2", "h2")}
    return {f"dE_total/d{w}": d[f"delta_{n}"] * x[s] for w, (n, s) in pairs.items()}


def update(v, grads, eta, sign=-1):
    new = dict(v)
    for w in WEIGHTS:
        new[w] = v[w] + sign * eta * grads[f"dE_total/d{w}"]
    return new


own_update = update   # a name the round check does not set to its reference


def backprop_round(v, eta, published=False):
    fwd = forward(v)
    d = output_deltas(v, fwd)
    seen = update(v, gradients(v, fwd, {**d, "delta_h1": 0, "delta_h2": 0}), eta) if published else v
    d |= hidden_deltas(seen, fwd, d)
    return update(v, gradients(v, fwd, d), eta)


def error(v):
    return total_error(v, forward(v))


def chain_w5(v, fwd, sign=-1, carried="out_h1"):
    dE_dout = sign * (v["target_o1"] - fwd["out_o1"])
    dout_dnet = fwd["out_o1"] * (1 - fwd["out_o1"])
    return {"dE_total/dout_o1": dE_dout, "dout_o1/dnet_o1": dout_dnet, "dnet_o1/dw5": fwd[carried],
            "dE_total/dw5": dE_dout * dout_dnet * fwd[carried]}


def train(v, eta, rounds, keep=True):
    errors = [error(v)]
    for _ in range(rounds):
        new = backprop_round(v, eta)
        v = new if keep else v
        errors.append(error(v))
    return errors


def numerical_gradient(error, v, name, h=1e-6):
    return (error({**v, name: v[name] + h}) - error({**v, name: v[name] - h})) / (2 * h)


def relative_error(a, b):
    return 0.0 if a == b else abs(a - b) / max(abs(a), abs(b))


RIGHT = [
    (checks.check_logistic, logistic),
    (checks.check_forward_pass, forward),
    (checks.check_total_error, total_error),
    (checks.check_error, error),
    (checks.check_chain, chain_w5),
    (checks.check_output_deltas, output_deltas),
    (checks.check_hidden_deltas, hidden_deltas),
    (checks.check_gradients, gradients),
    (checks.check_update, update),
    (checks.check_backprop_round, backprop_round),
    (checks_training.check_train, train),
    (checks_training.check_numerical_gradient, numerical_gradient),
    (checks_training.check_relative_error, relative_error),
    (lambda f: checks_training.check_derivative("softplus", f), lambda x: sp.exp(x) / (1 + sp.exp(x))),
    (lambda f: checks_training.check_derivative("tanh", f), lambda x: 1 - sp.tanh(x) ** 2),
]

net_derivative = lambda net, out: net * (1 - net)  # noqa: E731  (the slips below are one-liners)
WRONG = {
    "logistic e^net": (checks.check_logistic, lambda n: 1 / (1 + math.exp(n)), "e^{net} where"),
    "logistic no 1/": (checks.check_logistic, lambda n: 1 + math.exp(-n), "forgot to take 1 /"),
    "forgot the bias": (checks.check_forward_pass, lambda v: forward(v, b1=0, b2=0), "forgot the biases"),
    "forgot b2": (checks.check_forward_pass, lambda v: forward(v, b2=0), "bias b2"),
    "slide typo w3": (checks.check_forward_pass, lambda v: forward(v, h1_i2="w3"), "used w3 where w2"),
    "slide layout": (checks.check_forward_pass, lambda v: forward(v, h1_i2="w3", h2_i1="w2"),
                     "swapped w2 and w3"),
    "w6/w7": (checks.check_forward_pass, lambda v: forward(v, o1_h2="w7", o2_h1="w6"), "swapped w6 and w7"),
    "net into output": (checks.check_forward_pass, lambda v: forward(v, feed="net"), "fed net_h1"),
    "no logistic": (checks.check_forward_pass, lambda v: forward(v, f=lambda n: n), "forgot the logistic"),
    "no 1/2": (checks.check_total_error, lambda v, fwd: total_error(v, fwd, half=1), "forgot the 1/2"),
    "swapped targets E": (checks.check_total_error, lambda v, fwd: total_error(
        {**v, "target_o1": v["target_o2"], "target_o2": v["target_o1"]}, fwd), "swapped the targets"),
    "only o1": (checks.check_total_error, lambda v, fwd: 0.5 * (v["target_o1"] - fwd["out_o1"]) ** 2,
                "only o1"),
    "delta sign": (checks.check_output_deltas, lambda v, fwd: output_deltas(v, fwd, sign=1), "the sign"),
    "net in derivative": (checks.check_output_deltas, lambda v, fwd: output_deltas(v, fwd, derivative=net_derivative),
                          "used net instead of out in the derivative"),
    "logistic of out": (checks.check_output_deltas, lambda v, fwd: output_deltas(
        v, fwd, derivative=lambda net, out: logistic(out) * (1 - logistic(out))),
        "used out instead of net in the sigmoid"),
    "no derivative": (checks.check_output_deltas, lambda v, fwd: output_deltas(v, fwd, derivative=lambda n, o: 1),
                      "left out dout/dnet"),
    "swapped targets delta": (checks.check_output_deltas, lambda v, fwd: output_deltas(
        v, fwd, t1="target_o2", t2="target_o1"), "swapped the targets"),
    "one output in sum": (checks.check_hidden_deltas, lambda v, fwd, d: hidden_deltas(v, fwd, d, both=0),
                          "forgot to sum over both outputs"),
    # w6 in h1's sum but h2's sum right: not the full swap, so no cause is claimed
    "w6 for w7 in h1": (checks.check_hidden_deltas, lambda v, fwd, d: hidden_deltas(v, fwd, d, to_o2=("w6", "w8")),
                        "delta_h1 is the first value that differs"),
    "net in hidden derivative": (checks.check_hidden_deltas, lambda v, fwd, d: hidden_deltas(
        v, fwd, d, derivative=net_derivative), "used net instead of out"),
    "net in gradient": (checks.check_gradients, lambda v, fwd, d: gradients(v, fwd, d, h="net"), "used net_h1"),
    "update adds": (checks.check_update, lambda v, g, eta: update(v, g, eta, sign=1), "the update adds"),
    "no eta": (checks.check_update, lambda v, g, eta: update(v, g, 1.0), "forgot the learning rate"),
    "update in place": (checks.check_update, lambda v, g, eta: v.update(update(v, g, eta)) or v, "in place"),
    "as published": (checks.check_backprop_round, lambda v, eta: backprop_round(v, eta, published=True),
                     "the lecture's own slip"),
    "round adds": (checks.check_backprop_round, lambda v, eta: own_update(v, gradients(v, forward(v), {
        **output_deltas(v, forward(v)), **hidden_deltas(v, forward(v), output_deltas(v, forward(v)))}),
        eta, sign=1), "the update adds"),
    "train one short": (checks_training.check_train, lambda v, eta, r: train(v, eta, r)[:-1], "one update short"),
    "train no start": (checks_training.check_train, lambda v, eta, r: train(v, eta, r)[1:], "before any update"),
    "train stuck": (checks_training.check_train, lambda v, eta, r: train(v, eta, r, keep=False), "never changes"),
    "train eta": (checks_training.check_train, lambda v, eta, r: train(v, 0.5, r), "not the eta passed in"),
    "one-sided": (checks_training.check_numerical_gradient,
                  lambda e, v, n, h: (e({**v, n: v[n] + h}) - e(v)) / h, "one-sided"),
    "no 2h": (checks_training.check_numerical_gradient,
              lambda e, v, n, h: (e({**v, n: v[n] + h}) - e({**v, n: v[n] - h})) / h, "2h apart"),
    "own h": (checks_training.check_numerical_gradient, lambda e, v, n, h: numerical_gradient(e, v, n),
              "ignored the step"),
    "no abs": (checks_training.check_relative_error, lambda a, b: 0.0 if a == b else (a - b) / max(abs(a), abs(b)),
               "absolute value"),
    "sum": (checks_training.check_relative_error, lambda a, b: 0.0 if a == b else abs(a - b) / (abs(a) + abs(b)),
            "|a| + |b|"),
    "zero by zero": (checks_training.check_relative_error, lambda a, b: abs(a - b) / max(abs(a), abs(b)),
                     "ZeroDivisionError"),
    "softplus chain rule": (lambda f: checks_training.check_derivative("softplus", f),
                            lambda x: 1 / (1 + sp.exp(x)), "chain rule"),
    "tanh as logistic": (lambda f: checks_training.check_derivative("tanh", f),
                         lambda x: sp.tanh(x) * (1 - sp.tanh(x)), "logistic's derivative"),
    "hard-coded": (checks.check_logistic, lambda net: 0.593269992, "typed in"),
    "chain sign": (checks.check_chain, lambda v, fwd: chain_w5(v, fwd, sign=1), "the sign"),
    "chain net": (checks.check_chain, lambda v, fwd: chain_w5(v, fwd, carried="net_h1"), "used net_h1"),
    "raises": (checks.check_forward_pass, lambda v: v["w9"], "raised KeyError: 'w9'"),
}


def _one_line(capsys) -> str:
    """The single line a check printed (it must print exactly one)."""
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("check, answer", RIGHT)
def test_right_answers_pass(check, answer, capsys) -> None:
    result = check(answer)
    line = _one_line(capsys)
    assert result and isinstance(result, CheckResult) and line.startswith("✓ "), line


@pytest.mark.parametrize("slip", WRONG)
def test_wrong_answers_are_named(slip, capsys) -> None:
    check, answer, phrase = WRONG[slip]
    result = check(answer)
    line = _one_line(capsys)
    assert not result and result.status == "wrong"
    assert line.startswith("✗ ") and phrase in line, line
    assert "Traceback" not in line


def _stub(*args):
    pass


def _not_implemented(*args):
    raise NotImplementedError


@pytest.mark.parametrize("check", [check for check, _ in RIGHT])
@pytest.mark.parametrize("unfinished", [_stub, _not_implemented])
def test_unfinished_exercises_are_not_done_yet(check, unfinished, capsys) -> None:
    result = check(unfinished)
    captured = capsys.readouterr()
    assert captured.out.startswith("… not done yet: ") and captured.out.count("\n") == 1, captured.out
    assert "Traceback" not in captured.out + captured.err
    assert not result and result.status == "not done"


def test_checks_validate_what_they_are_given(capsys) -> None:
    assert not checks.check_logistic("logistic")
    assert not checks.check_logistic(logistic(0.5))
    assert not checks.check_forward_pass(lambda v: [1, 2])
    assert not checks_training.check_derivative("relu", lambda x: x)
    assert not checks_training.check_derivative("tanh", lambda x: "1 - tanh(x)**2")
    out = capsys.readouterr().out
    assert "pass your function itself" in out and "got str 'logistic'" in out and "got float" in out
    assert "should be a dict" in out and "knows 'softplus' and 'tanh'" in out and "SymPy expression" in out
    with pytest.raises(InvalidTypeError, match="cases"):
        checks.check_logistic(logistic, cases="many")
    with pytest.raises(InvalidValueError, match="seed"):
        checks.check_forward_pass(forward, seed=-1)


def test_student_output_is_kept_out_of_the_check_line(capsys) -> None:
    def chatty(net):
        print("debugging", net)
        return np.float64(logistic(net))
    assert checks.check_logistic(chatty)
    assert "debugging" not in capsys.readouterr().out


def test_a_result_shows_nothing_more_in_a_notebook() -> None:
    result = CheckResult("logistic", "correct", "✓ logistic: correct")
    assert result and result._ipython_display_() is None
    assert not CheckResult("logistic", "not done", "… not done yet")


@pytest.mark.parametrize("seed", range(5))
def test_the_answer_key_matches_the_worked_round(seed: int) -> None:
    rng = np.random.default_rng(seed)
    v, eta = (dict(LECTURE_VALUES), 0.5) if seed == 0 else (mistakes.random_values(rng), float(rng.uniform(0.1, 1)))
    lecture, key = worked_round(v, eta).values(), mistakes.round_values(v, eta)
    shared = [name for name in lecture if name in key]
    assert len(shared) >= 36
    assert all(math.isclose(lecture[n], key[n], rel_tol=1e-12, abs_tol=1e-15) for n in shared)


def test_the_lecture_slip_reproduces_its_printed_error() -> None:
    assert f"{mistakes.round_values(dict(LECTURE_VALUES), 0.5, 'as_published')['E_total+']:.9f}" == "0.291027924"


def test_every_mistake_has_a_cause_and_changes_the_round() -> None:
    assert set(mistakes.ROUND_MISTAKES) | set(mistakes.LOGISTIC_MISTAKES) == set(mistakes.CAUSES)
    assert set(checks_training.CAUSES) == {*checks_training.TRAIN_MISTAKES, *checks_training.DIFFERENCE_MISTAKES,
                                           *checks_training.RELATIVE_MISTAKES,
                                           *checks_training.DERIVATIVE_MISTAKES["softplus"],
                                           *checks_training.DERIVATIVE_MISTAKES["tanh"]}
    v = mistakes.random_values(np.random.default_rng(7))
    right = mistakes.round_values(v, 0.3)
    for mistake in mistakes.ROUND_MISTAKES:
        assert mistakes.round_values(v, 0.3, mistake)["E_total+"] != right["E_total+"], mistake


class _Odd(float):
    """A float whose conversion raises, as a student's odd class might."""

    def __float__(self):
        raise ZeroDivisionError("no")


@pytest.mark.parametrize("answer, phrase", [(10**400, "too large"), (_Odd(0.5), "raised ZeroDivisionError"),
                                            (0.5 + 0j, "one number"), (np.array([0.5, 0.5]), "one number")])
def test_odd_answers_get_one_line(answer, phrase, capsys) -> None:
    result = checks.check_logistic(lambda net: answer, cases=2)
    line = _one_line(capsys)
    assert not result and line.startswith("✗ logistic: ") and phrase in line, line


# --- slips outside the answer key's list: a reproduced cause or the neutral line, never a guess ---

NEUTRAL = ("which is not right", "is the first value that differs")
OFF_LIST = {
    "e^-|net|": (checks.check_logistic, lambda n: 1 / (1 + math.exp(-abs(n)))),
    "e^-2net": (checks.check_logistic, lambda n: 1 / (1 + math.exp(-2 * n))),
    "tanh": (checks.check_logistic, lambda n: math.tanh(n)),
    "w4 for w3": (checks.check_forward_pass, lambda v: forward(v, h2_i1="w4")),
    "abs not square": (checks.check_total_error, lambda v, fwd: 0.5 * abs(v["target_o1"] - fwd["out_o1"])
                       + 0.5 * abs(v["target_o2"] - fwd["out_o2"])),
    "out_o2 in delta_o1": (checks.check_output_deltas, lambda v, fwd: {
        **output_deltas(v, fwd), "delta_o1": -(v["target_o1"] - fwd["out_o2"]) * fwd["out_o1"] * (1 - fwd["out_o1"])}),
    "i2 for w1": (checks.check_gradients, lambda v, fwd, d: {**gradients(v, fwd, d),
                                                            "dE_total/dw1": d["delta_h1"] * v["i2"]}),
    "eta squared": (checks.check_update, lambda v, g, eta: update(v, g, eta * eta)),
    "max without abs": (checks_training.check_relative_error,
                        lambda a, b: 0.0 if a == b else abs(a - b) / max(a, b)),
    "h/2": (checks_training.check_numerical_gradient,
            lambda e, v, n, h: (e({**v, n: v[n] + h / 2}) - e({**v, n: v[n] - h / 2})) / h),
    "half eta": (checks_training.check_train, lambda v, eta, r: train(v, eta / 2, r)),
    "tanh cubed": (lambda f: checks_training.check_derivative("tanh", f), lambda x: 1 - sp.tanh(x) ** 3),
}


@pytest.mark.parametrize("slip", OFF_LIST)
def test_slips_outside_the_list_get_the_neutral_line(slip, capsys) -> None:
    check, answer = OFF_LIST[slip]
    assert not check(answer)
    line = _one_line(capsys)
    assert "likely cause" not in line and any(phrase in line for phrase in NEUTRAL), line
    assert "expected" not in line    # the right number is never shown


def test_a_named_cause_reproduces_every_case(capsys) -> None:
    # swapping the targets in total_error is a known slip; with a wrong forward pass handed in
    # it could not reproduce, and the check hands over the right one, so the cause holds.
    assert not checks.check_total_error(lambda v, fwd: total_error(
        {**v, "target_o1": v["target_o2"], "target_o2": v["target_o1"]}, fwd))
    line = _one_line(capsys)
    assert "likely cause: swapped the targets" in line and "gives your answers on all 21 cases tried" in line


# --- earlier exercises first; each exercise graded on its own ---

def _notebook(code: str) -> dict:
    """A namespace holding functions defined by `code`, as a notebook's cells would."""
    namespace = {"math": math}
    exec(code, namespace)
    return namespace


STUDENT = '''
def logistic(net):
    return 1 / (1 + math.exp(net))

def forward_pass(v):
    net_h1 = v["w1"] * v["i1"] + v["w2"] * v["i2"] + v["b1"]
    net_h2 = v["w3"] * v["i1"] + v["w4"] * v["i2"] + v["b1"]
    out_h1, out_h2 = logistic(net_h1), logistic(net_h2)
    net_o1 = v["w5"] * out_h1 + v["w6"] * out_h2 + v["b2"]
    net_o2 = v["w7"] * out_h1 + v["w8"] * out_h2 + v["b2"]
    return {"net_h1": net_h1, "out_h1": out_h1, "net_h2": net_h2, "out_h2": out_h2,
            "net_o1": net_o1, "out_o1": logistic(net_o1), "net_o2": net_o2, "out_o2": logistic(net_o2)}
'''


def test_an_earlier_wrong_function_is_named_and_costs_nothing_when_graded(capsys) -> None:
    ns = _notebook(STUDENT)
    assert not checks.check_forward_pass(ns["forward_pass"])
    assert "it calls your logistic, which is not right yet: fix logistic first" in _one_line(capsys)
    assert checks.check_forward_pass(ns["forward_pass"], cases=50, seed=99, graded=True)
    assert _one_line(capsys).startswith("✓ forward_pass")
    assert ns["logistic"](0.0) == 0.5 and ns["logistic"](1.0) < 0.5   # the student's own is back


# --- student code that misbehaves ---

def test_a_loop_that_never_ends_is_stopped_with_one_line(monkeypatch, capsys) -> None:
    monkeypatch.setattr(guard, "TIME_LIMIT", 0.3)

    def forever(net):
        while True:
            pass
    assert not checks.check_logistic(forever)
    assert "still running after 0.3 s: a loop that never ends?" in _one_line(capsys)


@pytest.mark.parametrize("raise_it, phrase", [(SystemExit, "called sys.exit()"),
                                              (KeyboardInterrupt, "stopped while it ran (Stop pressed?)")])
def test_exit_and_stop_are_one_line(raise_it, phrase, capsys) -> None:
    def leaves(net):
        raise raise_it
    assert not checks.check_logistic(leaves)
    assert phrase in _one_line(capsys)


def test_a_cell_that_raised_is_named_not_the_stub(monkeypatch, capsys) -> None:
    ns = _notebook("def logistic(net):\n    # YOUR CODE HERE: replace `pass` with your answer\n    pass\n")
    monkeypatch.setattr(student_code, "source_of", lambda f: "def logistic(net):\n    pass")
    monkeypatch.setattr(student_code, "_history", lambda: ["def logistic(net):\n    return 1 / (1 + math.exp(-x))"])
    assert not checks.check_logistic(ns["logistic"])
    assert "the cell defining logistic raised or has not run" in _one_line(capsys)


@pytest.mark.parametrize("run", range(3))
def test_a_write_undone_later_is_seen_every_time(run, capsys) -> None:
    def sneaky(v, grads, eta):
        old = v["w1"]
        v["w1"] = old + 1e-300     # the same float: only a watch on writes can see it
        v["w1"] = old
        return update(dict(v), grads, eta)
    assert not checks.check_update(sneaky)
    assert "changed its argument v in place" in _one_line(capsys)


def test_an_array_argument_is_read_only() -> None:
    def scale(a):
        a *= 2
        return a
    with pytest.raises(guard.StudentError, match="changed an array it was given in place"):
        guard.guarded_call("scale", scale, (np.ones(3),))


# --- no free points ---

def test_the_package_cannot_answer_for_the_student(capsys) -> None:
    import functools
    assert not checks.check_logistic(mistakes.logistic)
    assert not checks.check_logistic(functools.partial(mistakes.logistic))
    assert not checks.check_logistic(lambda net: mistakes.logistic(net))
    assert not checks.check_backprop_round(lambda v, eta: {**v, **{w: worked_round(v, eta)[w + "+"] for w in WEIGHTS}})
    from backprop_lessons import homework_error, homework_round     # what homework 3 hands out
    assert not checks.check_backprop_round(lambda v, eta: homework_round(v, eta))
    assert not checks.check_error(lambda v: homework_error(v))
    lines = capsys.readouterr().out.splitlines()
    assert "the course package's own function" in lines[0]
    assert all("calls the course package's" in line for line in lines[1:]), lines


@pytest.mark.parametrize("written", [lambda x: sp.diff(sp.tanh(x), x), lambda x: sp.tanh(x).diff(x),
                                     lambda x: sp.Derivative(sp.tanh(x), x)])
def test_sympy_diff_is_not_a_derivative_by_hand(written, capsys) -> None:
    assert not checks_training.check_derivative("tanh", written)
    line = _one_line(capsys)
    assert "SymPy's diff" in line or "holds a Derivative" in line, line


def test_sympy_shows_its_derivative_only_once_yours_is_right(capsys) -> None:
    assert checks_training.sympy_derivative("tanh", lambda x: 1 - sp.tanh(x)) is None
    assert "once your tanh_derivative is right" in capsys.readouterr().out
    assert checks_training.sympy_derivative("tanh", lambda x: 1 - sp.tanh(x) ** 2) == sp.diff(sp.tanh(sp.Symbol("x")))


def test_hidden_cases_are_not_the_visible_ones() -> None:
    visible = [v for _, v, _ in checks_module.examples(20, 0)]
    hidden = [v for _, v, _ in checks_module.examples(100, 7426)]
    assert visible[0] == hidden[0] and not any(h in visible[1:] for h in hidden[1:])


# --- nbgrader's validate ---

def test_under_validate_a_check_that_is_not_right_fails_the_cell(monkeypatch, capsys) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    with pytest.raises(AssertionError) as failed:
        checks.check_logistic(lambda n: 1 / (1 + math.exp(n)))
    assert str(failed.value) == _one_line(capsys) and str(failed.value).startswith("✗ logistic: ")
    with pytest.raises(AssertionError, match="not done yet"):
        checks.check_logistic(_stub)
    assert checks.check_logistic(logistic)                                            # ✓ does not raise
    assert not checks.check_logistic(lambda n: 1 / (1 + math.exp(n)), graded=True)   # hidden tests assert
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert not checks.check_logistic(lambda n: 1 / (1 + math.exp(n)))                # only prints


def test_in_a_kernel_a_failed_cell_and_an_endless_loop_get_their_lines(tmp_path) -> None:
    """In a real IPython kernel: the history tells a cell that raised from the stub; the time limit fires."""
    import nbformat
    from nbclient import NotebookClient

    cells = ["from backprop_lessons import check_logistic\nfrom backprop_lessons.homework import guard\nimport math",
             "def logistic(net):\n    # YOUR CODE HERE: replace `pass` with your answer\n    pass",
             "check_logistic(logistic)",
             "not_defined_yet\ndef logistic(net):\n    return 1 / (1 + math.exp(-net))",
             "check_logistic(logistic)",
             "def logistic(net):\n    while True:\n        pass",
             "guard.TIME_LIMIT = 0.5\ncheck_logistic(logistic)"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = ["".join(o.get("text", "") for o in nb.cells[k].outputs) for k in (2, 4, 6)]   # a line may come in parts
    assert printed[0].startswith("… not done yet: logistic is still the `pass` stub"), printed
    assert "the cell defining logistic raised or has not run" in printed[1], printed
    assert "still running after 0.5 s: a loop that never ends?" in printed[2], printed
