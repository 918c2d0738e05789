"""P3: a larger MLP, 64-32-10 on a batch of 2,048: our NumPy engine against torch on the CPU.

One step is forward, backward and the update w+ = w - eta * dE/dw for the whole batch,
in float64 and in float32. Both sides build the same network (tanh layers, squared
error, the same starting weights) and must give the same E_total. Both are held to the
same number of threads (1 by default: on a shared 2-core machine, two threads per side
measure the neighbours more than the code). torch comes from the `bench` extra; without
it P3 is skipped. Goal: engine / torch <= 1.2 for each dtype.
Non-goal: torch's other features (compile, mixed precision); this is plain autograd + SGD.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import numpy as np

from backprop_lessons.engine.network import Network

from .timing import Result, medians_text, paired_ratio, side_by_side, skipped

SIZES = [64, 32, 10]
ACTIVATIONS = ["tanh", "tanh"]   # tanh keeps float32 in activations.py (see the report on sigmoid)
LEARNING_RATE = 1e-3


def make_problem(batch: int, dtype: str, seed: int = 0) -> tuple[Network, np.ndarray, np.ndarray]:
    """The network (N(0, 1/fan_in) weights) and a batch of random inputs with one-hot targets."""
    rng = np.random.default_rng(seed)
    inputs = rng.normal(size=(batch, SIZES[0])).astype(dtype)
    targets = np.eye(SIZES[-1], dtype=dtype)[rng.integers(0, SIZES[-1], batch)]
    return Network.random(SIZES, ACTIVATIONS, "squared", seed=seed, dtype=dtype), inputs, targets


def engine_steps(network: Network, inputs: np.ndarray, targets: np.ndarray) -> Callable[[int], float]:
    """steps(n): n rounds of Network.train on the batch, biases updated too; returns the last E_total."""
    return lambda steps: float(network.train(inputs, targets, steps, LEARNING_RATE, update_biases=True).losses[-1])


def torch_steps(network: Network, inputs: np.ndarray, targets: np.ndarray) -> Callable[[int], float]:
    """steps(n): the same rounds in torch (autograd, then a no_grad SGD update); returns the last E_total."""
    import torch

    weights = [torch.tensor(w, requires_grad=True) for w in network.weights]
    biases = [torch.tensor(b, requires_grad=True) for b in network.biases]
    x, y = torch.from_numpy(inputs), torch.from_numpy(targets)

    def steps(n: int) -> float:
        """n rounds from where the last call stopped; E_total after them."""
        for k in range(n + 1):
            outs = x
            for w, b in zip(weights, biases):
                outs = torch.tanh(outs @ w.T + b)
            E_total = 0.5 * ((y - outs) ** 2).sum()
            if k == n:   # E_total after n updates, as Network.train's losses[n]
                return E_total.item()
            E_total.backward()
            with torch.no_grad():
                for parameter in weights + biases:
                    parameter -= LEARNING_RATE * parameter.grad
                    parameter.grad = None

    return steps


@contextlib.contextmanager
def threads_limited(threads: int) -> Iterator[str]:
    """Hold NumPy's BLAS and torch to `threads` threads; yields a note saying what was set."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        note = f"torch {threads} thread(s); NumPy's BLAS threads not limited (threadpoolctl not installed)"
        limits = contextlib.nullcontext()
    else:
        blas = [f"{i['internal_api']} {i.get('architecture', '')}".strip() for i in threadpool_info()]
        note = f"{threads} thread(s) each; NumPy BLAS: {', '.join(blas) or 'unknown'}; torch {torch.__version__}"
        limits = threadpool_limits(threads)
    try:
        with limits:
            yield note
    finally:
        torch.set_num_threads(before)


def run(batch: int = 2048, steps: int = 10, repetitions: int = 7, threads: int = 1) -> list[Result]:
    """Time `steps` engine rounds and `steps` torch rounds side by side, for float64 and float32."""
    title = f"{'-'.join(map(str, SIZES))} MLP, batch {batch:,}: engine / torch"
    try:
        import torch  # noqa: F401
    except ImportError:
        reason = "torch not installed (pip install '.[bench]')"
        return [skipped(f"P3 {dtype}", f"{title} ({dtype})", 1.2, "lower", reason) for dtype in ("float64", "float32")]
    with threads_limited(threads) as note:
        return [_compare(dtype, batch, steps, repetitions, title, note) for dtype in ("float64", "float32")]


def _compare(dtype: str, batch: int, steps: int, repetitions: int, title: str, note: str) -> Result:
    """One dtype: check both sides agree, then time them side by side."""
    network, inputs, targets = make_problem(batch, dtype)
    engine, reference = engine_steps(network, inputs, targets), torch_steps(*make_problem(batch, dtype))
    ours, theirs = engine(steps), reference(steps)   # also warms both up
    tolerance = 1e-9 if dtype == "float64" else 1e-3
    assert abs(ours - theirs) <= tolerance * abs(theirs), f"engine and torch disagree: {ours} vs {theirs}"
    assert all(w.dtype == dtype for w in network.weights + network.biases), f"the engine left {dtype}"
    times = side_by_side({"engine": lambda: engine(steps), "torch": lambda: reference(steps)}, repetitions)
    detail = (f"{steps} steps per run, median of {repetitions} paired runs: "
              f"{medians_text({k: [t / steps for t in v] for k, v in times.items()}, 1e3, 'ms')} per step; {note}")
    return Result(f"P3 {dtype}", f"{title} ({dtype})", paired_ratio(times, "engine", "torch"), 1.2, "lower",
                  "x", detail)
