"""The homework's answer key, able to make each typical mistake on purpose.

The self-checks (hw1.py, hw2.py, hw3.py through checks.py) run a student's function beside these
references. With `mistake=None` a reference gives the right answer, in the lecture's names;
with the name of a mistake it gives the answer of a student who made that slip, so a wrong
answer can be matched to its likely cause. CAUSES holds the sentence a student reads.
Values travel as dicts in the lecture's names, as in the homework:
    v    = {"i1": 0.05, ..., "w1": 0.15, ..., "b2": 0.6, "target_o2": 0.99}
    fwd  = {"net_h1": ..., "out_h1": ..., ..., "out_o2": ...}
    grads = {"dE_total/dw1": ..., ..., "dE_total/dw8": ...}
Non-goal: code to learn from; lecture/example.py is the worked example to read.
"""
from __future__ import annotations

import math

import numpy as np

from backprop_lessons.lecture.example import LECTURE_VALUES

Values = dict[str, float]

WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")
FORWARD_NAMES = ("net_h1", "out_h1", "net_h2", "out_h2", "net_o1", "out_o1", "net_o2", "out_o2")
GRADIENT_NAMES = tuple(f"dE_total/d{w}" for w in WEIGHTS)

_W2_W3 = "the hidden-layer slide's typo; the forward-pass slide has net_h1 = w1*i1 + w2*i2 + b1"
_W6_W7 = "w5, w6 lead into o1 and w7, w8 into o2"
CAUSES: dict[str, str] = {
    "exp_sign": "e^{net} where the logistic has e^{-net}",
    "minus_in_denominator": "1 - e^{-net} in the denominator; the logistic has 1 + e^{-net}",
    "no_reciprocal": "forgot to take 1 / (...) of 1 + e^{-net}",
    "no_bias": "forgot the biases b1 and b2 (each net input ends with + b * 1)",
    "no_b1": "forgot the bias b1 of the hidden layer",
    "no_b2": "forgot the bias b2 of the output layer",
    "w3_for_w2": f"used w3 where w2 belongs ({_W2_W3})",
    "w2_w3_swapped": f"swapped w2 and w3 ({_W2_W3})",
    "w6_w7_swapped": f"swapped w6 and w7 ({_W6_W7})",
    "net_for_out": "fed net_h1, net_h2 into the output layer; it takes out_h1, out_h2",
    "no_logistic": "forgot the logistic: out is the logistic of net, not net itself",
    "no_half": "forgot the 1/2 in E = 1/2 (target - out)^2",
    "swapped_targets": "swapped the targets: out_o1 goes with target_o1, out_o2 with target_o2",
    "not_squared": "forgot to square (target - out)",
    "one_output": "counted only o1; E_total adds the errors of both outputs",
    "square_of_sum": "squared the sum; E_total sums the squares",
    "delta_sign": "the sign: dE_total/dout_o1 = -(target_o1 - out_o1), with the minus",
    "doubled": "a factor 2 too many: the 1/2 in E cancels the 2 of the square",
    "no_derivative": "left out dout/dnet, the logistic's derivative out * (1 - out)",
    "net_in_derivative": "used net instead of out in the derivative: it is out * (1 - out)",
    "logistic_of_out": ("used out instead of net in the sigmoid: logistic(out) * (1 - logistic(out)); "
                        "out * (1 - out) already is the derivative at net"),
    "one_output_sum": "forgot to sum over both outputs: out_h1 feeds o1 (through w5) and o2 (through w7)",
    "own_output": ("multiplied delta by the neuron's own output; use the input the weight carries "
                   "(out_h1 for w5)"),
    "net_in_gradient": "used net_h1 instead of out_h1 as the input that w5 carries",
    "gradient_sign": "the sign: dE_total/dw5 = delta_o1 * out_h1, with no minus",
    "update_sign": "the update adds; subtract to go downhill: w5+ = w5 - eta * dE_total/dw5",
    "no_eta": "forgot the learning rate: w5+ = w5 - eta * dE_total/dw5",
    "as_published": ("used the updated w5..w8 for the hidden deltas (the lecture's own slip, which printed "
                     "0.291027924); compute every gradient from the old weights, then update"),
}

LOGISTIC_MISTAKES = ("exp_sign", "minus_in_denominator", "no_reciprocal")
FORWARD_MISTAKES = ("no_bias", "no_b1", "no_b2", "w3_for_w2", "w2_w3_swapped", "w6_w7_swapped",
                    "net_for_out", "no_logistic")
ERROR_MISTAKES = ("no_half", "swapped_targets", "not_squared", "one_output", "square_of_sum")
OUTPUT_DELTA_MISTAKES = ("delta_sign", "doubled", "no_derivative", "net_in_derivative",
                         "logistic_of_out", "swapped_targets")
HIDDEN_DELTA_MISTAKES = ("one_output_sum", "w6_w7_swapped", "delta_sign", "no_derivative",
                         "net_in_derivative", "logistic_of_out")
GRADIENT_MISTAKES = ("own_output", "net_in_gradient", "w2_w3_swapped", "w6_w7_swapped", "gradient_sign")
UPDATE_MISTAKES = ("update_sign", "no_eta")
# Most likely first: where two slips give the same number, the check names the first.
ROUND_MISTAKES = tuple(dict.fromkeys(("as_published", *UPDATE_MISTAKES, *FORWARD_MISTAKES,
                                      *ERROR_MISTAKES, *OUTPUT_DELTA_MISTAKES,
                                      *HIDDEN_DELTA_MISTAKES, *GRADIENT_MISTAKES)))


def logistic(net: float, mistake: str | None = None) -> float:
    """out = 1 / (1 + e^-net), or one of LOGISTIC_MISTAKES."""
    if mistake == "exp_sign":
        return 1 / (1 + math.exp(net))
    if mistake == "minus_in_denominator":
        return 1 / (1 - math.exp(-net))
    if mistake == "no_reciprocal":
        return 1 + math.exp(-net)
    return 1 / (math.exp(-net) + 1)         # the logistic: 1 / (1 + e^-net)


def _swapped(v: Values, mistake: str | None) -> Values:
    """v with w2, w3 (or w6, w7) exchanged, for the swap mistakes; v itself otherwise."""
    pairs = {"w2_w3_swapped": ("w2", "w3"), "w6_w7_swapped": ("w6", "w7")}
    if mistake not in pairs:
        return v
    a, b = pairs[mistake]
    return {**v, a: v[b], b: v[a]}


def forward_pass(v: Values, mistake: str | None = None) -> Values:
    """net_h1 = w1*i1 + w2*i2 + b1, out_h1 = logistic(net_h1), ... up to out_o2."""
    w = _swapped(v, mistake)
    b1 = 0.0 if mistake in ("no_bias", "no_b1") else v["b1"]
    b2 = 0.0 if mistake in ("no_bias", "no_b2") else v["b2"]
    f = (lambda net: net) if mistake == "no_logistic" else logistic
    net_h1 = w["w1"] * v["i1"] + (w["w3"] if mistake == "w3_for_w2" else w["w2"]) * v["i2"] + b1
    net_h2 = w["w3"] * v["i1"] + w["w4"] * v["i2"] + b1
    out_h1, out_h2 = f(net_h1), f(net_h2)
    x1, x2 = (net_h1, net_h2) if mistake == "net_for_out" else (out_h1, out_h2)
    net_o1 = w["w5"] * x1 + w["w6"] * x2 + b2
    net_o2 = w["w7"] * x1 + w["w8"] * x2 + b2
    return dict(net_h1=net_h1, out_h1=out_h1, net_h2=net_h2, out_h2=out_h2,
                net_o1=net_o1, out_o1=f(net_o1), net_o2=net_o2, out_o2=f(net_o2))


def _targets(v: Values, mistake: str | None) -> tuple[float, float]:
    """(target_o1, target_o2), swapped for the swapped_targets mistake."""
    targets = (v["target_o1"], v["target_o2"])
    return targets[::-1] if mistake == "swapped_targets" else targets


def total_error(v: Values, fwd: Values, mistake: str | None = None) -> Values:
    """E_o1 = 1/2 (target_o1 - out_o1)^2, E_o2 likewise, E_total = E_o1 + E_o2."""
    t1, t2 = _targets(v, mistake)
    d1, d2 = t1 - fwd["out_o1"], t2 - fwd["out_o2"]
    half = 1.0 if mistake == "no_half" else 0.5
    power = 1 if mistake == "not_squared" else 2
    e_o1, e_o2 = half * d1**power, half * d2**power
    if mistake == "one_output":
        e_o2 = 0.0
    total = half * (d1 + d2) ** 2 if mistake == "square_of_sum" else e_o1 + e_o2
    return {"E_o1": e_o1, "E_o2": e_o2, "E_total": total}


def _derivative(net: float, out: float, mistake: str | None) -> float:
    """dout/dnet of the logistic, out * (1 - out), or a slip of it."""
    if mistake == "no_derivative":
        return 1.0
    if mistake == "net_in_derivative":
        return net * (1 - net)
    if mistake == "logistic_of_out":
        return logistic(out) * (1 - logistic(out))
    return out * (1 - out)


def output_deltas(v: Values, fwd: Values, mistake: str | None = None) -> Values:
    """delta_o1 = dE_total/dout_o1 * dout_o1/dnet_o1 = -(target_o1 - out_o1) * out_o1 (1 - out_o1)."""
    result: Values = {}
    for o, target in zip(("o1", "o2"), _targets(v, mistake)):
        dE_dout = -(target - fwd["out_" + o]) * (-1 if mistake == "delta_sign" else 1)
        dE_dout *= 2 if mistake == "doubled" else 1
        dout_dnet = _derivative(fwd["net_" + o], fwd["out_" + o], mistake)
        result |= {f"dE_total/dout_{o}": dE_dout, f"dout_{o}/dnet_{o}": dout_dnet,
                   f"delta_{o}": dE_dout * dout_dnet}
    return result


def hidden_deltas(v: Values, fwd: Values, deltas: Values, mistake: str | None = None) -> Values:
    """delta_h1 = (delta_o1*w5 + delta_o2*w7) * out_h1 (1 - out_h1); delta_h2 with w6, w8."""
    w = _swapped(v, mistake)
    sign = -1 if mistake == "delta_sign" else 1
    result: Values = {}
    for h, (to_o1, to_o2) in (("h1", ("w5", "w7")), ("h2", ("w6", "w8"))):
        from_o2 = 0.0 if mistake == "one_output_sum" else deltas["delta_o2"] * w[to_o2]
        dE_dout = sign * (deltas["delta_o1"] * w[to_o1] + from_o2)
        result |= {f"dE_total/dout_{h}": dE_dout,
                   f"delta_{h}": dE_dout * _derivative(fwd["net_" + h], fwd["out_" + h], mistake)}
    return result


def gradients(v: Values, fwd: Values, deltas: Values, mistake: str | None = None) -> Values:
    """The delta rule: dE_total/dw = delta of the neuron the weight leads into * the input it carries."""
    carried = {"i1": v["i1"], "i2": v["i2"], "h1": fwd["out_h1"], "h2": fwd["out_h2"]}
    if mistake == "net_in_gradient":
        carried |= {"h1": fwd["net_h1"], "h2": fwd["net_h2"]}
    # weight: (the neuron it leads into, the neuron whose output it carries)
    layout = {"w1": ("h1", "i1"), "w2": ("h1", "i2"), "w3": ("h2", "i1"), "w4": ("h2", "i2"),
              "w5": ("o1", "h1"), "w6": ("o1", "h2"), "w7": ("o2", "h1"), "w8": ("o2", "h2")}
    swap = {"w2_w3_swapped": ("w2", "w3"), "w6_w7_swapped": ("w6", "w7")}.get(mistake)
    if swap:
        layout[swap[0]], layout[swap[1]] = layout[swap[1]], layout[swap[0]]
    sign = -1 if mistake == "gradient_sign" else 1
    result: Values = {}
    for weight, (into, source) in layout.items():
        x = fwd["out_" + into] if mistake == "own_output" else carried[source]
        result[f"dE_total/d{weight}"] = sign * deltas["delta_" + into] * x
    result["dnet_o1/dw5"] = carried["h1"]
    return result


def update(v: Values, grads: Values, eta: float, mistake: str | None = None) -> Values:
    """A new dict of values with w+ = w - eta * dE_total/dw for w1 .. w8; biases kept."""
    step = {"update_sign": -eta, "no_eta": 1.0}.get(mistake, eta)
    return {**v, **{w: v[w] - step * grads[f"dE_total/d{w}"] for w in WEIGHTS}}


def _round(v: Values, eta: float, mistake: str | None) -> tuple[Values, Values]:
    """One round of backprop: (every value of it by name, the updated values)."""
    fwd = forward_pass(v, mistake)
    deltas = output_deltas(v, fwd, mistake)
    seen_by_hidden = v
    if mistake == "as_published":   # w5..w8 updated before the hidden deltas read them
        output_grads = gradients(v, fwd, {**deltas, "delta_h1": 0.0, "delta_h2": 0.0})
        seen_by_hidden = update(v, output_grads, eta)
    deltas |= hidden_deltas(seen_by_hidden, fwd, deltas, mistake)
    grads = gradients(v, fwd, deltas, mistake)
    new = update(v, grads, eta, mistake)
    after = total_error(new, forward_pass(new, mistake), mistake)["E_total"]
    values = {**v, "eta": eta, **fwd, **total_error(v, fwd, mistake), **deltas, **grads,
              **{w + "+": new[w] for w in WEIGHTS}, "E_total+": after}
    return values, new


def round_values(v: Values, eta: float, mistake: str | None = None) -> Values:
    """Every quantity of one round by lecture name: net_h1, delta_o1, dE_total/dw5, w5+, E_total+ ..."""
    return _round(v, eta, mistake)[0]


def backprop_round(v: Values, eta: float, mistake: str | None = None) -> Values:
    """The values after one round: forward, every gradient from the old weights, then the update."""
    return _round(v, eta, mistake)[1]


def random_values(rng: np.random.Generator) -> Values:
    """A random example in the lecture's names.

    Inputs in (0, 1), targets in (0.01, 0.99), weights and biases in (-1, 1).
    """
    v = {name: float(rng.uniform(-1, 1)) for name in LECTURE_VALUES}
    v |= {name: float(rng.uniform(0, 1)) for name in ("i1", "i2")}
    v |= {name: float(rng.uniform(0.01, 0.99)) for name in ("target_o1", "target_o2")}
    return v
