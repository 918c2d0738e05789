"""What every benchmark shares: side-by-side timing and the Result row it reports.

The machine is shared (2 cores, other people's tests running), so an absolute time means
little. Every benchmark therefore times its contenders side by side in one run: each
repetition runs every contender once, in an order that rotates, and a ratio is the
median over repetitions of (time of A / time of B) within the same repetition.
Non-goal: a general benchmarking library (pytest-benchmark, asv); this is the least P1-P6 need.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass
class Result:
    """One row of the benchmark table: a measured value against its goal."""

    key: str               # "P1", "P3 float32", ...
    title: str             # what was measured, in a few words
    value: float | None    # None when the benchmark was skipped
    goal: float
    better: str            # "lower" (value <= goal passes) or "higher" (value >= goal passes)
    unit: str = "x"        # "x" for a ratio, "s", "ms", or "" for an exponent
    detail: str = ""       # how it was measured, the raw medians, or why it was skipped
    extra: dict = field(default_factory=dict)   # numbers for the plot (P4's points, say)
    error: bool = False    # the benchmark raised instead of measuring

    @property
    def status(self) -> str:
        """"pass", "FAIL", "ERROR" (it did not run) or "skipped" (it cannot run here)."""
        if self.error:
            return "ERROR"
        if self.value is None:
            return self.extra.get("status", "skipped")   # "not measured": P6 when not asked for
        passed = self.value <= self.goal if self.better == "lower" else self.value >= self.goal
        return "pass" if passed else "FAIL"

    def goal_text(self) -> str:
        """The goal as the table shows it: "<= 1x", ">= 20x", "<= 50 ms"; "-" when it did not run."""
        if self.error:
            return "-"
        sign = "<=" if self.better == "lower" else ">="
        return f"{sign} {self.goal:g}{_unit(self.unit)}"

    def value_text(self) -> str:
        """The measured value with its unit, or "-" when skipped."""
        return "-" if self.value is None else f"{self.value:.3g}{_unit(self.unit)}"


def _unit(unit: str) -> str:
    """How a unit follows a number: "2.1x", "41 ms", "0.93"."""
    return unit if unit in ("x", "") else f" {unit}"


def skipped(key: str, title: str, goal: float, better: str, reason: str, unit: str = "x") -> Result:
    """A Result for a benchmark that could not run here, saying why."""
    return Result(key, title, None, goal, better, unit, detail=f"skipped: {reason}")


def time_once(function: Callable[[], object]) -> float:
    """Seconds one call of `function` takes (wall clock, perf_counter)."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def side_by_side(contenders: Mapping[str, Callable[[], object]], repetitions: int) -> dict[str, list[float]]:
    """Time every contender once per repetition, rotating the order; seconds per contender per repetition."""
    names = list(contenders)
    times: dict[str, list[float]] = {name: [0.0] * repetitions for name in names}
    for r in range(repetitions):
        for name in names[r % len(names):] + names[:r % len(names)]:
            times[name][r] = time_once(contenders[name])
    return times


def paired_ratio(times: Mapping[str, list[float]], numerator: str, denominator: str) -> float:
    """The median over repetitions of time[numerator] / time[denominator] in the same repetition."""
    return statistics.median(a / b for a, b in zip(times[numerator], times[denominator]))


def medians_text(times: Mapping[str, list[float]], scale: float = 1.0, unit: str = "s") -> str:
    """"name 0.0123 s, other 0.0456 s": each contender's median time, for a Result's detail."""
    return ", ".join(f"{name} {statistics.median(t) * scale:.3g} {unit}" for name, t in times.items())
