"""P4: how SymPy's derive-and-compile time grows with the size of the network.

For networks from the lecture's 2-2-2 up to a few hundred parameters, time
compile_gradient(SymbolicNetwork.from_network(network)) (derive every
dE_total/dparameter, lambdify with cse), fit time = c * parameters^p on a log-log scale,
and report p. Goal: p <= 1.2 (close to linear: no blow-up as networks grow). SymPy's
cache is cleared before every run so each run derives from scratch. Peak memory is
measured with tracemalloc in a separate, untimed run (tracemalloc slows SymPy down).
Non-goal: SymPy speed on big networks; the NumPy engine is for those.
"""
from __future__ import annotations

import statistics
import tracemalloc

import numpy as np

from backprop_lessons.engine.network import Network

from .timing import Result, skipped, time_once

SIZES = ([2, 2, 2], [3, 4, 3], [4, 6, 4], [6, 8, 6], [8, 10, 8], [10, 12, 10], [12, 14, 10])
TITLE = "SymPy derive + compile: growth exponent p"


def compile_gradient(network: Network):
    """Derive and compile the full gradient of `network` from scratch (SymPy's cache cleared)."""
    from sympy.core.cache import clear_cache

    from backprop_lessons.symbolic.compiled import compile_gradient as compile_symbolic
    from backprop_lessons.symbolic.equations import SymbolicNetwork
    clear_cache()
    return compile_symbolic(SymbolicNetwork.from_network(network))


def parameter_count(network: Network) -> int:
    """Number of weights and biases."""
    return sum(w.size for w in network.weights) + sum(b.size for b in network.biases)


def peak_memory(network: Network) -> int:
    """Bytes at the peak of one derive-and-compile, by tracemalloc."""
    tracemalloc.start()
    try:
        compile_gradient(network)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(sizes: tuple[list[int], ...] = SIZES, repetitions: int = 3) -> list[Result]:
    """Time every size `repetitions` times (sizes interleaved), fit the exponent, measure memory."""
    try:
        from backprop_lessons.symbolic.equations import SymbolicNetwork  # noqa: F401
    except ImportError as error:
        return [skipped("P4", TITLE, 1.2, "lower", f"backprop_lessons.symbolic is not available ({error})", "")]
    networks = [Network.random(s, seed=0) for s in sizes]
    _check_gradient(networks[0])                                    # and warm SymPy and lambdify up
    times = [[0.0] * repetitions for _ in networks]
    for r in range(repetitions):
        for i, network in enumerate(networks):
            times[i][r] = time_once(lambda: compile_gradient(network))
    counts = np.array([parameter_count(n) for n in networks])
    seconds = np.array([statistics.median(t) for t in times])
    exponent = float(np.polyfit(np.log(counts), np.log(seconds), 1)[0])
    memory = [peak_memory(n) / 2**20 for n in networks]
    points = ", ".join(f"{'-'.join(map(str, s))} ({c} parameters) {t:.3g} s, {m:.1f} MiB"
                       for s, c, t, m in zip(sizes, counts, seconds, memory))
    detail = f"median of {repetitions} per size; {points}"
    return [Result("P4", TITLE, exponent, 1.2, "lower", "", detail,
                   extra={"parameters": counts.tolist(), "seconds": seconds.tolist(), "memory_mib": memory})]


def _check_gradient(network: Network) -> None:
    """The compiled gradient must equal backprop's on one example (the cross-check, once more)."""
    from backprop_lessons.engine.naming import gradient_vector

    inputs, targets = np.full((1, network.sizes[0]), 0.3), np.full((1, network.sizes[-1]), 0.6)
    symbolic = compile_gradient(network)(network, inputs, targets)
    numeric = gradient_vector(network.backward(network.forward(inputs), targets))
    assert np.allclose(symbolic, numeric, rtol=1e-10, atol=1e-14), "SymPy and backprop disagree"
