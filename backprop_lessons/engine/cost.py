"""What a gradient costs: central differences (two forward passes per parameter) against backprop.

Central differences need no calculus but nudge every parameter p both ways:
    dE/dp ~ (E(p + h) - E(p - h)) / 2h      two forward passes per parameter
so the lecture's 10 parameters (w1..w8, b1, b2) cost 20 forward passes, a 4-8-8-3 network's
139 cost 278. Backprop gets every gradient from one forward and one backward pass, for the
price of keeping what the backward pass reads: each layer's net and out (the memory cost).
central_differences here is the plain two-passes-per-parameter version, so that what is timed
is what is counted; symbolic/crosscheck.py's finite differences also measure their own rounding.
Non-goal: a benchmark suite (benchmarks/ has one); this times one example to make the point.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from backprop_lessons.engine.errors import InvalidValueError, valid_count, valid_number
from backprop_lessons.engine.naming import parameter_slots
from backprop_lessons.engine.network import Network, valid_network

SIZES = ((2, 2, 2), (4, 8, 8, 3), (8, 16, 16, 4), (12, 24, 24, 6))


def parameter_count(network: Network) -> int:
    """How many weights and biases `network` has (10 for the lecture's: w1..w8, b1, b2)."""
    return len(parameter_slots(valid_network(network)))


def forward_passes_needed(network: Network) -> int:
    """Forward passes central differences need for every gradient: two per parameter."""
    return 2 * parameter_count(network)


def stored_for_backward(network: Network, examples: int = 1) -> int:
    """How many numbers the backward pass must keep from the forward pass: every layer's out
    (inputs included) and every layer's net, for `examples` examples."""
    sizes = valid_network(network).sizes
    examples = valid_count("examples", examples, minimum=1)
    return examples * (sum(sizes) + sum(sizes[1:]))


def central_differences(network: Network, inputs, targets, h: float = 1e-6) -> dict[str, float]:
    """dE_total/dp for every parameter by (E(p + h) - E(p - h)) / 2h: 2 forward passes each."""
    network = valid_network(network).copy()
    inputs, targets = network.valid_data(inputs, targets, need_targets=True)
    h = valid_number("h", h, positive=True, maximum=1.0)
    gradients = {}
    for name, slot in parameter_slots(network).items():
        array, index = getattr(network, slot.kind)[slot.layer], slot.index
        value = array[index]
        array[index] = value + h
        up = network.error(inputs, targets)
        array[index] = value - h
        down = network.error(inputs, targets)
        array[index] = value
        gradients[name] = (up - down) / (2 * h)
    return gradients


def example_network(sizes: Sequence[int], seed: int = 0) -> Network:
    """A random network of these sizes: one shared bias per layer for the lecture's 2-2-2 (10
    parameters, as on the slides), a bias per neuron otherwise (a 4-8-8-3 net has 139)."""
    return Network.random(list(sizes), shared_bias=tuple(sizes) == (2, 2, 2), seed=seed)


@dataclass(frozen=True)
class Timing:
    """One network's sizes, parameter count, and seconds for all its gradients both ways."""

    sizes: tuple[int, ...]
    parameters: int
    finite_differences: float   # seconds, best of the repeats
    backprop: float             # seconds, best of the repeats


def _best_time(function, repeats: int) -> float:
    """The shortest of `repeats` wall-clock runs of `function()`, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def time_gradients(sizes: Sequence[Sequence[int]] = SIZES, repeats: int = 2, seed: int = 0) -> list[Timing]:
    """Time every gradient of one example by central differences and by backprop, per network size.

    The times vary from run to run and machine to machine; their growth with the size does not.
    """
    repeats = valid_count("repeats", repeats, minimum=1, maximum=100)
    if not sizes:
        raise InvalidValueError("sizes must list at least one network, e.g. [(2, 2, 2)]")
    timings = []
    for shape in sizes:
        network = example_network(shape, seed)
        rng = np.random.default_rng(seed)
        inputs, targets = rng.uniform(0, 1, (1, shape[0])), rng.uniform(0, 1, (1, shape[-1]))
        fd = _best_time(lambda: central_differences(network, inputs, targets), repeats)
        bp = _best_time(lambda: network.backward(network.forward(inputs), targets), repeats)
        timings.append(Timing(tuple(shape), parameter_count(network), fd, bp))
    return timings


def microseconds(seconds: float) -> float:
    """`seconds` in microseconds (µs): the unit every printed timing uses."""
    return seconds * 1e6


def timing_table(timings: Sequence[Timing]) -> str:
    """The timings with their operation counts and the time per pass beside them, then how much each
    grew from the smallest network to the largest (times in µs, growth with ×: they vary run to run)."""
    lines = [f"{'network':<12}{'parameters':>11}{'central diff.: passes':>23}{'time':>12}{'per pass':>11}"
             f"{'backprop: passes':>18}{'time':>9}{'per pass':>11}"]
    for t in timings:
        fd, bp = microseconds(t.finite_differences), microseconds(t.backprop)
        lines.append(f"{'-'.join(map(str, t.sizes)):<12}{t.parameters:>11}{2 * t.parameters:>23}"
                     f"{fd:>9,.0f} µs{fd / (2 * t.parameters):>8,.0f} µs{'1 + 1':>18}{bp:>6,.0f} µs{bp / 2:>8,.0f} µs")
    first, last = timings[0], timings[-1]
    lines.append(f"from {'-'.join(map(str, first.sizes))} to {'-'.join(map(str, last.sizes))}: "
                 f"{last.parameters / first.parameters:.0f} times the parameters; central differences took "
                 f"{last.finite_differences / first.finite_differences:.0f}× as long, backprop "
                 f"{last.backprop / first.backprop:.1f}×")
    return "\n".join(lines)


def cost_table(sizes: Sequence[Sequence[int]] = SIZES) -> str:
    """Per network: parameters, forward passes central differences need, numbers backprop keeps."""
    lines = [f"{'network':<14}{'parameters':>11}{'forward passes (central diff.)':>32}"
             f"{'forward + backward (backprop)':>31}{'numbers kept: inputs, net, out':>32}"]
    for shape in sizes:
        network = example_network(shape)
        lines.append(f"{'-'.join(map(str, shape)):<14}{parameter_count(network):>11}"
                     f"{forward_passes_needed(network):>32}{'1 + 1':>31}{stored_for_backward(network):>32}")
    return "\n".join(lines)
