"""The lecture's network built from autograd Values: the forward pass in its names, then backward().

    graph = lecture_graph()          # {"i1": Value, ..., "net_h1": Value, ..., "E_total": Value}
    graph["E_total"].backward()      # every grad is now dE_total/d(that value)
    graph["w5"].grad                 # the lecture's dE_total/dw5, with no formula written for it

The forward lines are the slides' lines; nothing here knows a derivative. engine/autograd.py
supplies them, one local rule per operation. train_with_autograd repeats the round, building a
fresh graph each time (a graph remembers one forward pass).
Non-goal: speed; lecture/example.py and engine/network.py are the fast paths.
"""
from __future__ import annotations

from collections.abc import Mapping

from backprop_lessons.engine.autograd import Value
from backprop_lessons.engine.errors import valid_count, valid_number
from backprop_lessons.lecture.example import LECTURE_ETA, lecture_values

WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def lecture_graph(overrides: Mapping[str, float] | None = None, value_class: type = Value) -> dict[str, Value]:
    """The forward pass of the lecture's network as Values, by lecture name, E_total last.

    `value_class` builds the leaves (homework 4 passes a student's Value class here).
    """
    g = {name: value_class(value) for name, value in lecture_values(overrides).items()}
    # net_h1 = w1*i1 + w2*i2 + b1*1, and so on: the lecture's layout (see example.py)
    g["net_h1"] = g["w1"] * g["i1"] + g["w2"] * g["i2"] + g["b1"]
    g["out_h1"] = g["net_h1"].sigmoid()
    g["net_h2"] = g["w3"] * g["i1"] + g["w4"] * g["i2"] + g["b1"]
    g["out_h2"] = g["net_h2"].sigmoid()
    g["net_o1"] = g["w5"] * g["out_h1"] + g["w6"] * g["out_h2"] + g["b2"]
    g["out_o1"] = g["net_o1"].sigmoid()
    g["net_o2"] = g["w7"] * g["out_h1"] + g["w8"] * g["out_h2"] + g["b2"]
    g["out_o2"] = g["net_o2"].sigmoid()
    g["E_o1"] = 0.5 * (g["target_o1"] - g["out_o1"]) ** 2
    g["E_o2"] = 0.5 * (g["target_o2"] - g["out_o2"]) ** 2
    g["E_total"] = g["E_o1"] + g["E_o2"]
    for name, value in g.items():
        value.name = name   # for repr(); a leaf's name, and each result's lecture name
    return g


def autograd_gradients(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """dE_total/dw1 .. dE_total/dw8, dE_total/db1, dE_total/db2 by autograd, named as in worked_round."""
    g = lecture_graph(overrides)
    g["E_total"].backward()
    return {f"dE_total/d{name}": g[name].grad for name in (*WEIGHTS, "b1", "b2")}


def train_with_autograd(rounds: int, eta: float = LECTURE_ETA,
                        overrides: Mapping[str, float] | None = None) -> list[float]:
    """E_total before training and after each of `rounds` rounds of autograd backprop (w1..w8 learn).

    Each round: build the graph, E_total.backward(), w -= eta * w.grad, as the lecture does.
    """
    rounds = valid_count("rounds", rounds, maximum=100_000)
    eta = valid_number("eta", eta, positive=True)
    values = lecture_values(overrides)
    errors = []
    for _ in range(rounds + 1):
        g = lecture_graph(values)
        errors.append(g["E_total"].data)
        g["E_total"].backward()
        values.update({w: g[w].data - eta * g[w].grad for w in WEIGHTS})
    return errors
