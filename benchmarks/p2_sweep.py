"""P2: a learning-rate sweep, K = 64 copies of the lecture's network, 10,000 rounds each.

Contender: sweep.sweep_learning_rates, all copies in one vectorised run. Baseline: 64
separate runs of the NumPy engine (Network.train on a fresh copy per learning rate).
Goal: separate / batched >= 20. The learning rates span the learning-rate slider's range
(0.01 to about 30, log-spaced); the sigmoid network never diverges on them, so every
separate run does its full 10,000 rounds.
Non-goal: other structures; the sweep's speed is per-call overhead, which the lecture's
network shows best.
"""
from __future__ import annotations

import numpy as np

from backprop_lessons.lecture.example import lecture_data, lecture_network
from backprop_lessons.engine.sweep import sweep_learning_rates

from .timing import Result, medians_text, paired_ratio, side_by_side


def learning_rates(copies: int) -> np.ndarray:
    """`copies` learning rates from 0.01 to 10^1.5, evenly spaced on a log scale (the slider's range)."""
    return np.logspace(-2, 1.5, copies)


def run(copies: int = 64, iterations: int = 10_000, repetitions: int = 3) -> list[Result]:
    """Time the batched sweep and the separate runs side by side; check they give the same losses."""
    network, (inputs, targets) = lecture_network(), lecture_data()
    rates = learning_rates(copies)

    def batched(rounds: int = iterations) -> np.ndarray:
        """All copies in one sweep: losses (copies, rounds + 1)."""
        return sweep_learning_rates(network, inputs, targets, rates, rounds)

    def separate(rounds: int = iterations) -> np.ndarray:
        """One Network.train per learning rate, one after the other."""
        return np.array([network.copy().train(inputs, targets, rounds, eta).losses for eta in rates])

    check_rounds = min(iterations, 200)   # the same numbers, checked on a short run to save time
    expected = separate(check_rounds)
    difference = np.max(np.abs(batched(check_rounds) - expected) / expected)
    assert difference <= 1e-12, f"the sweep and the engine disagree by {difference:.3g}"
    label = f"{copies} separate"
    times = side_by_side({"batched": batched, label: separate}, repetitions)
    speedup = 1 / paired_ratio(times, "batched", label)
    detail = (f"K = {copies}, {iterations:,} rounds, median of {repetitions} paired runs: {medians_text(times)}; "
              f"largest relative difference in E_total over {check_rounds} rounds: {difference:.1g}")
    title = f"sweep of {copies} learning rates, {iterations:,} rounds: separate / batched"
    return [Result("P2", title, speedup, 20.0, "higher", "x", detail)]
