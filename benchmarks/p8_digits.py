"""P8: the digits network of notebook 15: test accuracy and training time on the classroom machine.

engine/digits.train_digits() with its defaults (64-32-10, ReLU, softmax with cross-entropy, 15
epochs of mini-batch SGD, batches of 32, eta 0.3), `repetitions` times with different seeds for
the weights (the split stays). Goals: the median test accuracy >= 95%, and the median training
time <= 5 s, an absolute goal ("seconds on 2 cores", issue 28), so the machine's load counts.
Non-goal: comparing with other libraries (P3 does that for the same shape).
"""
from __future__ import annotations

import os
import statistics

from backprop_lessons.engine.digits import load_digits_split, train_digits

from .timing import Result


def run(repetitions: int = 5, epochs: int = 15) -> list[Result]:
    """Train `repetitions` times (seeds 0, 1, ...); report the median accuracy and training time."""
    data = load_digits_split()
    runs = [train_digits(epochs=epochs, seed=seed, data=data) for seed in range(repetitions)]
    accuracy = statistics.median(100 * r.test_accuracy for r in runs)
    seconds = statistics.median(r.seconds for r in runs)
    every = ", ".join(f"{100 * r.test_accuracy:.1f}%" for r in runs)
    detail = (f"64-32-10 ReLU, softmax with cross-entropy, {epochs} epochs of {runs[0].steps} steps in all "
              f"(batches of 32, eta 0.3), 1,347 training and 450 test images, seeds 0-{repetitions - 1}: "
              f"accuracies {every}; training times {', '.join(f'{r.seconds:.2f}' for r in runs)} s; "
              f"1-minute load average {os.getloadavg()[0]:.2f}")
    return [Result("P8 accuracy", f"digits, {epochs} epochs: median test accuracy", accuracy, 95.0, "higher", "%",
                   detail),
            Result("P8 time", f"digits, {epochs} epochs: median training time", seconds, 5.0, "lower", "s", detail)]
