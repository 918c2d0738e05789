"""The lecture's network built from autograd Values: the forward pass in its names, then backward().

    graph = lecture_graph()          # {"i1": Value, ..., "net_h1": Value, ..., "E_total": Value}
    graph["E_total"].backward()      # every grad is now dE_total/d(that value)
    graph["w5"].grad                 # the lecture's dE_total/dw5, with no formula written for it

The forward pass walks the slides' table of neurons; nothing here knows a derivative. engine/autograd.py
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
# The lecture's neurons in the order a forward pass meets them: (name, (weight, input) twice, bias).
NEURONS = (("h1", ("w1", "i1"), ("w2", "i2"), "b1"), ("h2", ("w3", "i1"), ("w4", "i2"), "b1"),
           ("o1", ("w5", "out_h1"), ("w6", "out_h2"), "b2"), ("o2", ("w7", "out_h1"), ("w8", "out_h2"), "b2"))


def lecture_graph(overrides: Mapping[str, float] | None = None, value_class: type = Value) -> dict[str, Value]:
    """The forward pass of the lecture's network as Values, by lecture name, E_total last.

    `value_class` builds the leaves (homework 4 passes a student's Value class here).
    """
    g = {name: value_class(value) for name, value in lecture_values(overrides).items()}
    for neuron, (w_a, x_a), (w_b, x_b), bias in NEURONS:    # net = w*x + w*x + b*1, then the logistic
        g[f"net_{neuron}"] = g[w_a] * g[x_a] + g[w_b] * g[x_b] + g[bias]
        g[f"out_{neuron}"] = g[f"net_{neuron}"].sigmoid()
    for output in ("o1", "o2"):
        g[f"E_{output}"] = 0.5 * (g[f"target_{output}"] - g[f"out_{output}"]) ** 2
    first, second = g["E_o1"], g["E_o2"]
    g["E_total"] = first + second
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
    history = []
    for _ in range(rounds + 1):
        g = lecture_graph(values)
        history.append(g["E_total"].data)
        g["E_total"].backward()
        values.update({w: g[w].data - eta * g[w].grad for w in WEIGHTS})
    return history
