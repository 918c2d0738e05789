"""P1: the lecture's 2-2-2 network, 10,000 rounds: our fastest path against plain Python floats.

The baseline is the loop a lecturer would write from the slides: local float variables
with the lecture's names, a sigmoid helper, the squared error, the delta rule, updates.
Our fastest path is fastpath.train_fast (straight-line code generated from the network).
Goal: fast / plain <= 1.0. The NumPy engine, micrograd and torch (the last two from the
`bench` extra, skipped when not installed) are timed beside it for the record.
Non-goal: tuning the baseline; it is meant to be plain.
"""
from __future__ import annotations

import math
import statistics
from collections.abc import Callable

from benchmarks import fastpath
from benchmarks.fastpath import train_fast
from backprop_lessons.lecture.example import LECTURE_VALUES, lecture_data, lecture_network

from .timing import Result, medians_text, paired_ratio, side_by_side, time_once

ETA = 0.5


def plain_python_training(iterations: int, eta: float = ETA) -> list[float]:
    """The baseline: the lecture's round in Python floats; returns E_total after k = 0 .. iterations updates."""

    def sigmoid(net: float) -> float:
        """out = 1 / (1 + e^-net)."""
        return 1.0 / (1.0 + math.exp(-net))

    v = LECTURE_VALUES
    i1, i2, target_o1, target_o2 = v["i1"], v["i2"], v["target_o1"], v["target_o2"]
    w1, w2, w3, w4, w5, w6, w7, w8, b1, b2 = (v[name] for name in ("w1", "w2", "w3", "w4", "w5", "w6",
                                                                   "w7", "w8", "b1", "b2"))
    losses = []
    for k in range(iterations + 1):
        out_h1 = sigmoid(w1 * i1 + w2 * i2 + b1)
        out_h2 = sigmoid(w3 * i1 + w4 * i2 + b1)
        out_o1 = sigmoid(w5 * out_h1 + w6 * out_h2 + b2)
        out_o2 = sigmoid(w7 * out_h1 + w8 * out_h2 + b2)
        losses.append(0.5 * (target_o1 - out_o1) ** 2 + 0.5 * (target_o2 - out_o2) ** 2)
        if k == iterations:
            break
        delta_o1 = -(target_o1 - out_o1) * out_o1 * (1 - out_o1)
        delta_o2 = -(target_o2 - out_o2) * out_o2 * (1 - out_o2)
        delta_h1 = (delta_o1 * w5 + delta_o2 * w7) * out_h1 * (1 - out_h1)
        delta_h2 = (delta_o1 * w6 + delta_o2 * w8) * out_h2 * (1 - out_h2)
        w5, w6 = w5 - eta * delta_o1 * out_h1, w6 - eta * delta_o1 * out_h2
        w7, w8 = w7 - eta * delta_o2 * out_h1, w8 - eta * delta_o2 * out_h2
        w1, w2 = w1 - eta * delta_h1 * i1, w2 - eta * delta_h1 * i2
        w3, w4 = w3 - eta * delta_h2 * i1, w4 - eta * delta_h2 * i2
    return losses


def micrograd_training(iterations: int, eta: float = ETA) -> list[float]:
    """The lecture's network as micrograd Values, with a sigmoid node added the micrograd way."""
    from micrograd.engine import Value

    def sigmoid(net: Value) -> Value:
        """A micrograd node for out = 1 / (1 + e^-net) that knows its local derivative."""
        out = Value(1.0 / (1.0 + math.exp(-net.data)), (net,), "sigmoid")

        def _backward() -> None:
            """Chain rule: dE/dnet += dE/dout * dout/dnet."""
            net.grad += out.data * (1 - out.data) * out.grad   # dout/dnet = out (1 - out)
        out._backward = _backward
        return out

    v = LECTURE_VALUES
    w = {name: Value(v[name]) for name in ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")}
    losses = []
    for k in range(iterations + 1):
        out_h1 = sigmoid(w["w1"] * v["i1"] + w["w2"] * v["i2"] + v["b1"])
        out_h2 = sigmoid(w["w3"] * v["i1"] + w["w4"] * v["i2"] + v["b1"])
        out_o1 = sigmoid(w["w5"] * out_h1 + w["w6"] * out_h2 + v["b2"])
        out_o2 = sigmoid(w["w7"] * out_h1 + w["w8"] * out_h2 + v["b2"])
        E_total = 0.5 * (v["target_o1"] - out_o1) ** 2 + 0.5 * (v["target_o2"] - out_o2) ** 2
        losses.append(E_total.data)
        if k == iterations:
            break
        for weight in w.values():
            weight.grad = 0
        E_total.backward()
        for weight in w.values():
            weight.data -= eta * weight.grad
    return losses


def torch_training(iterations: int, eta: float = ETA) -> list[float]:
    """The lecture's network in torch (float64, CPU): matrices, autograd, a no_grad update."""
    import torch

    network = lecture_network()
    inputs, targets = (torch.tensor(a) for a in lecture_data())
    weights = [torch.tensor(w, requires_grad=True) for w in network.weights]
    biases = [torch.tensor(b) for b in network.biases]
    losses = []
    for k in range(iterations + 1):
        outs = inputs
        for w, b in zip(weights, biases):
            outs = torch.sigmoid(outs @ w.T + b)
        E_total = 0.5 * ((targets - outs) ** 2).sum()
        losses.append(E_total.item())
        if k == iterations:
            break
        E_total.backward()
        with torch.no_grad():
            for w in weights:
                w -= eta * w.grad
                w.grad = None
    return losses


def _installed(module: str) -> bool:
    """Whether an optional package of the bench extra can be imported."""
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def run(iterations: int = 10_000, repetitions: int = 15, others: int = 3) -> list[Result]:
    """Time fast and plain side by side `repetitions` times; the engine, micrograd, torch `others` times."""
    data = lecture_data()
    fast = lambda: train_fast(lecture_network(), *data, iterations, ETA)   # noqa: E731
    plain = lambda: plain_python_training(iterations)                      # noqa: E731
    fastpath._trainer.cache_clear()                                       # time generating + compiling, once
    compile_seconds = time_once(lambda: train_fast(lecture_network(), *data, 0, ETA))
    fast_losses, plain_losses = fast().losses, plain()
    assert abs(fast_losses[-1] - plain_losses[-1]) <= 1e-12 * plain_losses[-1], "fast and plain disagree"
    times = side_by_side({"fast path": fast, "plain Python": plain}, repetitions)
    ratio = paired_ratio(times, "fast path", "plain Python")
    others_text = _other_ratios(iterations, others, plain)
    detail = (f"{iterations:,} rounds, median of {repetitions} paired runs: {medians_text(times, 1e3, 'ms')}. "
              f"Generating and compiling the fast path, once per structure and not in the ratio: "
              f"{compile_seconds * 1e3:.2g} ms. Beside plain Python: {others_text}")
    title = f"lecture net, {iterations:,} rounds: fastest / plain Python"
    return [Result("P1", title, ratio, 1.0, "lower", "x", detail,
                   extra={"seconds": {name: statistics.median(t) for name, t in times.items()}})]


def _other_ratios(iterations: int, repetitions: int, plain: Callable[[], list[float]]) -> str:
    """"NumPy engine 31x, micrograd 95x, torch not installed": each against plain, side by side."""
    contenders = {"NumPy engine": lambda: lecture_network().train(*lecture_data(), iterations, ETA)}
    missing = []
    for name, module, function in (("micrograd", "micrograd", micrograd_training), ("torch", "torch", torch_training)):
        if _installed(module):
            contenders[name] = lambda function=function: function(iterations)
        else:
            missing.append(f"{name} not installed (pip install '.[bench]')")
    times = side_by_side({"plain Python": plain, **contenders}, repetitions)
    ratios = [f"{name} {paired_ratio(times, name, 'plain Python'):.3g}x" for name in contenders]
    return ", ".join(ratios + missing) + "."
