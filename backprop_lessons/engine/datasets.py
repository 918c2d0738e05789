"""Two small classification data sets made with NumPy: XOR and two moons.

Both are 2-D inputs with one 0/1 target per example, shaped the way Network takes
a batch (examples are rows): inputs (n, 2) and targets (n, 1), float64. The same
arguments give the same numbers on every machine (numpy's default_rng(seed)).
XOR is the classic problem that no single neuron can solve: its two classes sit on
opposite corners of the unit square, so a hidden layer is needed to separate them.
Used in notebooks/08-beyond-the-lecture.ipynb.
Non-goal: a data-set library; these two are what the notebook draws boundaries for.
"""
from __future__ import annotations

import numpy as np

from backprop_lessons.engine.budget import within_budget
from backprop_lessons.engine.errors import InvalidValueError, valid_count, valid_number

MAX_NOISE = 1e6   # beyond it the corners (moons) are lost a million times over: no data set is left
CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])   # i1, i2
CORNER_TARGETS = np.array([[0.0], [1.0], [1.0], [0.0]])                   # i1 XOR i2


def xor(noise: float = 0.0, n: int = 4, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The XOR truth table, n/4 times over, each input moved by Gaussian noise of std `noise`.

    Example k sits at corner k % 4 of (0, 0), (0, 1), (1, 0), (1, 1) with target
    i1 XOR i2 = 0, 1, 1, 0; xor() alone is the four-row truth table. Returns inputs
    (n, 2) and targets (n, 1). `n` must be a multiple of 4, so each corner gets n/4.
    Used in notebooks/08-beyond-the-lecture.ipynb.
    """
    noise = valid_number("noise", noise, minimum=0, maximum=MAX_NOISE)
    n = valid_count("n", n, minimum=4)
    if n % 4 != 0:
        raise InvalidValueError(f"n must be a multiple of 4 (one group per corner), got {n:,}")
    rng = np.random.default_rng(valid_count("seed", seed, maximum=2**32 - 1))
    within_budget(f"n = {n:,} examples", memory=8 * 6 * n)
    inputs = np.tile(CORNERS, (n // 4, 1)) + rng.normal(0.0, noise, (n, 2))
    return inputs, np.tile(CORNER_TARGETS, (n // 4, 1))


def two_moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles: n // 2 examples of class 0, the rest of class 1.

    Class 0 lies on the upper half of the unit circle, (cos a, sin a) for a from 0 to pi;
    class 1 on the lower half circle (1 - cos a, 0.5 - sin a), shifted right and down
    so the two hook into each other. Points are evenly spaced in a, then moved by Gaussian
    noise of std `noise`. Returns inputs (n, 2) and targets (n, 1), class 0 rows first.
    Used in notebooks/08-beyond-the-lecture.ipynb.
    """
    n = valid_count("n", n, minimum=2)
    noise = valid_number("noise", noise, minimum=0, maximum=MAX_NOISE)
    rng = np.random.default_rng(valid_count("seed", seed, maximum=2**32 - 1))
    within_budget(f"n = {n:,} examples", memory=8 * 8 * n)
    upper, lower = np.linspace(0.0, np.pi, n // 2), np.linspace(0.0, np.pi, n - n // 2)
    inputs = np.concatenate([np.column_stack([np.cos(upper), np.sin(upper)]),
                             np.column_stack([1.0 - np.cos(lower), 0.5 - np.sin(lower)])])
    targets = np.concatenate([np.zeros(n // 2), np.ones(n - n // 2)])[:, None]
    return inputs + rng.normal(0.0, noise, (n, 2)), targets
