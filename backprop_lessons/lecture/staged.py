"""The round as staged lines: the forward pass one operation a line, the backward pass its mirror with +=.

CS231n's "staged computation": every intermediate gets a name (the lecture's), and the
backward pass walks the same lines bottom to top, each line sending its result's grad to
its inputs with one of three patterns:
    add distributes   net_o1 = ... + b2        ->  g["b2"] += g["net_o1"]
    multiply swaps    w5*out_h1                ->  g["w5"] += g["net_o1"] * v["out_h1"]
    fan-out adds      out_h1 feeds o1 and o2   ->  g["out_h1"] += ... (twice; the sum over the outputs)
`g` holds dE_total/d(name). Two classic bugs are kept here on purpose, to show their numbers:
fan_out="=" assigns where out_h1 fans out, so the path through o2 is lost;
train_staged(reset=False) never zeroes the weights' grads between rounds, so they pile up.
Notebooks 1-4 show each part's lines as they teach it (staged_lines), notebook 10 the whole. Non-goal: generality.
"""
from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping

from backprop_lessons.engine.activations import sigmoid
from backprop_lessons.engine.errors import valid_choice, valid_count, valid_number
from backprop_lessons.lecture.example import LECTURE_ETA, LECTURE_VALUES, lecture_values

Values = dict[str, float]
WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")
FORWARD_NAMES = (*LECTURE_VALUES, "net_h1", "out_h1", "net_h2", "out_h2", "net_o1", "out_o1", "net_o2", "out_o2",
                 "E_o1", "E_o2", "E_total")   # what staged_forward returns, staged_backward reads


def staged_forward(v: Mapping[str, float]) -> Values:
    """The forward pass, one operation a line, every intermediate named as in the lecture."""
    v = dict(v)
    v["net_h1"] = v["w1"] * v["i1"] + v["w2"] * v["i2"] + v["b1"]
    v["out_h1"] = sigmoid(v["net_h1"])
    v["net_h2"] = v["w3"] * v["i1"] + v["w4"] * v["i2"] + v["b1"]
    v["out_h2"] = sigmoid(v["net_h2"])
    v["net_o1"] = v["w5"] * v["out_h1"] + v["w6"] * v["out_h2"] + v["b2"]
    v["out_o1"] = sigmoid(v["net_o1"])
    v["net_o2"] = v["w7"] * v["out_h1"] + v["w8"] * v["out_h2"] + v["b2"]
    v["out_o2"] = sigmoid(v["net_o2"])
    v["E_o1"] = 0.5 * (v["target_o1"] - v["out_o1"]) ** 2
    v["E_o2"] = 0.5 * (v["target_o2"] - v["out_o2"]) ** 2
    v["E_total"] = v["E_o1"] + v["E_o2"]
    return {k: float(x) for k, x in v.items()}


def staged_backward(v: Mapping[str, float], g: dict[str, float] | None = None, fan_out: str = "+=") -> Values:
    """The forward lines mirrored, last first: g[name] += grad of the result * local derivative.

    `g` (every name of `v`, zero by default) is added to: train_staged passes the weights' grads of
    the round before to show the reset bug. fan_out="=" is the other bug.
    """
    fan_out = valid_choice("fan_out", fan_out, ("+=", "="))
    g = {name: 0.0 for name in v} if g is None else g
    g["E_total"] += 1.0
    g["E_o1"] += g["E_total"]                                      # add distributes
    g["E_o2"] += g["E_total"]
    g["out_o2"] += g["E_o2"] * -(v["target_o2"] - v["out_o2"])
    g["out_o1"] += g["E_o1"] * -(v["target_o1"] - v["out_o1"])
    g["net_o2"] += g["out_o2"] * v["out_o2"] * (1 - v["out_o2"])   # delta_o2
    g["w7"] += g["net_o2"] * v["out_h1"]                           # multiply swaps
    g["out_h1"] += g["net_o2"] * v["w7"]
    g["w8"] += g["net_o2"] * v["out_h2"]
    g["out_h2"] += g["net_o2"] * v["w8"]
    g["b2"] += g["net_o2"]
    g["net_o1"] += g["out_o1"] * v["out_o1"] * (1 - v["out_o1"])   # delta_o1
    g["w5"] += g["net_o1"] * v["out_h1"]
    if fan_out == "+=":                                            # fan-out adds: the sum over the outputs
        g["out_h1"] += g["net_o1"] * v["w5"]
    else:                                                          # the bug: the path through o2 is lost
        g["out_h1"] = g["net_o1"] * v["w5"]
    g["w6"] += g["net_o1"] * v["out_h2"]
    g["out_h2"] += g["net_o1"] * v["w6"]
    g["b2"] += g["net_o1"]                                         # b2 fans out too
    g["net_h2"] += g["out_h2"] * v["out_h2"] * (1 - v["out_h2"])   # delta_h2
    g["w3"] += g["net_h2"] * v["i1"]
    g["w4"] += g["net_h2"] * v["i2"]
    g["b1"] += g["net_h2"]
    g["net_h1"] += g["out_h1"] * v["out_h1"] * (1 - v["out_h1"])   # delta_h1
    g["w1"] += g["net_h1"] * v["i1"]
    g["w2"] += g["net_h1"] * v["i2"]
    g["b1"] += g["net_h1"]
    return g


# The names each dict must hold, checked where it enters from the top of the package (engine/boundary.py),
# so that the lines above, which notebook 10 prints, stay the computation alone.
staged_forward.requires = {"v": LECTURE_VALUES}
staged_backward.requires = {"v": FORWARD_NAMES, "g": FORWARD_NAMES}


def staged_lines(function: Callable, *names: str) -> str:
    """The lines of `function` (staged_forward or staged_backward) that compute these names, in its order,
    so a notebook can show the part of the round it teaches: staged_lines(staged_forward, "net_h1", "out_h1").
    Of the backward lines only the `+=` ones are shown (not the fan_out="=" bug)."""
    wanted = set(names)
    shown = []
    for line in inspect.getsource(function).splitlines():
        match = re.match(r'\s*(v|g)\["(\w+)"\] (\+?=) ', line)
        if match and match.group(2) in wanted and (match.group(1) == "v" or match.group(3) == "+="):
            shown.append(line.strip())
    return "\n".join(shown)


def staged_gradients(overrides: Mapping[str, float] | None = None, fan_out: str = "+=") -> Values:
    """dE_total/dw1 .. dw8, db1, db2 from the staged lines, named as in worked_round."""
    g = staged_backward(staged_forward(lecture_values(overrides)), fan_out=fan_out)
    return {f"dE_total/d{name}": g[name] for name in (*WEIGHTS, "b1", "b2")}


def train_staged(rounds: int, eta: float = LECTURE_ETA, *, reset: bool = True) -> list[Values]:
    """dE_total/dw1 .. dw8 as used in each of `rounds` rounds of training.

    reset=False is the bug: like a parameter's .grad in PyTorch, each weight's grad is kept
    from the round before and the new round adds to it.
    """
    rounds, eta = valid_count("rounds", rounds, minimum=1, maximum=10_000), valid_number("eta", eta, positive=True)
    v, kept, history = lecture_values(), {w: 0.0 for w in WEIGHTS}, []
    for _round in range(rounds):
        forward = staged_forward(v)
        g = {name: 0.0 for name in forward}
        if not reset:
            g.update(kept)
        g = staged_backward(forward, g)
        kept = {w: g[w] for w in WEIGHTS}
        history.append({f"dE_total/d{w}": g[w] for w in WEIGHTS})
        v.update({w: v[w] - eta * g[w] for w in WEIGHTS})
    return history
