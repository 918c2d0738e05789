"""The round as a walk: the forward pass a line at a time, then the backward pass a factor at a time.

Each WalkStep is one line of the lecture with its numbers filled in, what to light up on the
network diagram (a node "h1" or an edge "w5") and on the computation graph (a node "net_o1"),
and, going backward, the running product of the chain rule so far:
    dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5     three steps, one factor each
    dE_total/dw1 = (delta_o1*w5 + delta_o2*w7) * dout_h1/dnet_h1 * i1   the two paths, their sum, two factors
The step-through panel (panels/stepper.py) shows one step at a time. Every number is worked_round's.
Non-goal: w2 .. w4, w6 .. w8: the same steps with other names (notebooks 3 and 4 list them).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backprop_lessons.lecture.example import lecture_values, worked_round


@dataclass(frozen=True)
class WalkStep:
    """One step of the walk: the line shown, its value, the running product, what lights up."""

    phase: str                  # "forward" or "backward"
    name: str                   # the quantity this step computes, in the lecture's name
    line: str                   # e.g. "net_h1 = w1*i1 + w2*i2 + b1*1 = 0.15*0.05 + ... = 0.3775"
    value: float
    running: float | None       # backward: the chain-rule product so far; forward: None
    diagram: tuple[str, ...]    # nodes ("h1") and edges ("w5") of the network diagram
    graph: tuple[str, ...]      # nodes of the computation graph


def _n(value: float) -> str:
    """A number in a filled-in line: 9 significant digits, as the panels print."""
    return f"{value:.9g}"


def _forward(v: dict[str, float], r) -> list[WalkStep]:
    """net and out of h1, h2, o1, o2, then E_total."""
    steps = []
    for neuron, (wa, xa, wb, xb, bias) in {"h1": ("w1", "i1", "w2", "i2", "b1"), "h2": ("w3", "i1", "w4", "i2", "b1"),
                                           "o1": ("w5", "out_h1", "w6", "out_h2", "b2"),
                                           "o2": ("w7", "out_h1", "w8", "out_h2", "b2")}.items():
        net, out = f"net_{neuron}", f"out_{neuron}"
        x1, x2 = (v[x] if x in v else r[x] for x in (xa, xb))
        steps.append(WalkStep("forward", net, f"{net} = {wa}*{xa} + {wb}*{xb} + {bias}*1 = "
                              f"{_n(v[wa])}*{_n(x1)} + {_n(v[wb])}*{_n(x2)} + {_n(v[bias])}*1 = {_n(r[net])}",
                              r[net], None, (wa, wb, neuron), (net,)))
        steps.append(WalkStep("forward", out, f"{out} = 1/(1 + exp(-{net})) = 1/(1 + exp(-{_n(r[net])})) = "
                              f"{_n(r[out])}", r[out], None, (neuron,), (out,)))
    steps.append(WalkStep("forward", "E_total", f"E_total = 1/2*(target_o1 - out_o1)^2 + 1/2*(target_o2 - out_o2)^2 = "
                          f"{_n(r['E_o1'])} + {_n(r['E_o2'])} = {_n(r['E_total'])}",
                          r["E_total"], None, ("o1", "o2"), ("E_total",)))
    return steps


def _backward(v: dict[str, float], r) -> list[WalkStep]:
    """dE_total/dw5 a factor at a time, then dE_total/dw1: both paths to out_h1, then two factors."""
    def step(name, line, value, running, diagram, graph):
        return WalkStep("backward", name, f"{line} = {_n(value)}", value, running, diagram, graph)

    return [
        step("dE_total/dout_o1", f"dE_total/dout_o1 = -(target_o1 - out_o1) = -({_n(v['target_o1'])} - "
             f"{_n(r['out_o1'])})", r["dE_total/dout_o1"], r["dE_total/dout_o1"], ("o1",), ("out_o1", "E_o1")),
        step("dout_o1/dnet_o1", f"dout_o1/dnet_o1 = out_o1*(1 - out_o1) = {_n(r['out_o1'])}*(1 - {_n(r['out_o1'])})",
             r["dout_o1/dnet_o1"], r["delta_o1"], ("o1",), ("net_o1",)),
        step("dnet_o1/dw5", f"dnet_o1/dw5 = out_h1", r["dnet_o1/dw5"], r["dE_total/dw5"], ("w5",), ("w5", "w5*out_h1")),
        step("dE_o1/dout_h1", f"dE_o1/dout_h1 = delta_o1 * w5 = {_n(r['delta_o1'])} * {_n(v['w5'])}",
             r["dE_o1/dout_h1"], r["dE_o1/dout_h1"], ("w5", "h1"), ("w5*out_h1",)),
        step("dE_o2/dout_h1", f"dE_o2/dout_h1 = delta_o2 * w7 = {_n(r['delta_o2'])} * {_n(v['w7'])}",
             r["dE_o2/dout_h1"], r["dE_o2/dout_h1"], ("w7", "h1"), ("w7*out_h1",)),
        step("dE_total/dout_h1", f"dE_total/dout_h1 = dE_o1/dout_h1 + dE_o2/dout_h1 = {_n(r['dE_o1/dout_h1'])} + "
             f"{_n(r['dE_o2/dout_h1'])}", r["dE_total/dout_h1"], r["dE_total/dout_h1"], ("h1",), ("out_h1",)),
        step("dout_h1/dnet_h1", f"dout_h1/dnet_h1 = out_h1*(1 - out_h1) = {_n(r['out_h1'])}*(1 - {_n(r['out_h1'])})",
             r["dout_h1/dnet_h1"], r["delta_h1"], ("h1",), ("net_h1",)),
        step("dnet_h1/dw1", "dnet_h1/dw1 = i1", r["dnet_h1/dw1"], r["dE_total/dw1"], ("w1",), ("w1", "w1*i1")),
    ]


def walkthrough(overrides: Mapping[str, float] | None = None) -> list[WalkStep]:
    """Every step of the walk, forward first, for the lecture's values (or `overrides` of them)."""
    v, r = lecture_values(overrides), worked_round(overrides)
    return _forward(v, r) + _backward(v, r)


def running_label(step: WalkStep) -> str:
    """What the running product is so far, in the lecture's names (the chain rule's left side)."""
    return {"dE_total/dout_o1": "dE_total/dout_o1", "dout_o1/dnet_o1": "delta_o1 = dE_total/dnet_o1",
            "dnet_o1/dw5": "dE_total/dw5", "dE_o1/dout_h1": "dE_o1/dout_h1", "dE_o2/dout_h1": "dE_o2/dout_h1",
            "dE_total/dout_h1": "dE_total/dout_h1", "dout_h1/dnet_h1": "delta_h1 = dE_total/dnet_h1",
            "dnet_h1/dw1": "dE_total/dw1"}.get(step.name, step.name)
