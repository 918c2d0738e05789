"""P5: how quickly the main slider panel (round_panel) answers a change of w5, in the kernel.

measure_latency (below) times one change done the panel's way (the worked round, the
diagram's artists updated in place, one image rendered) and the naive way (clear the
output, build a new figure, render it). One call does a short block of each, so calling
it several times and taking the ratio within each call keeps the two side by side.
Goals: the panel's median under 50 ms, and naive / panel >= 2.
Non-goal: the browser's share (sending the image and painting it); the browser tests see that.
"""
from __future__ import annotations

import io
import os
import statistics
import time
from collections.abc import Callable

import numpy as np

from backprop_lessons.figures.diagram import draw_network
from backprop_lessons.lecture.example import lecture_data, lecture_network, worked_round
from backprop_lessons.panels.base import html_table
from backprop_lessons.panels.round import round_panel, round_rows

from .timing import Result

TITLE_LATENCY = "round panel: median update (compute + redraw)"
TITLE_SPEEDUP = "round panel: naive rebuild / in-place update"


def run(calls: int = 7, changes_per_call: int = 5) -> list[Result]:
    """Call measure_latency `calls` times; report the median in-place time and the median ratio."""
    measure_latency(2)   # warm up: imports, fonts, the first figure
    blocks = [measure_latency(changes_per_call) for _ in range(calls)]
    in_place = statistics.median(b["in_place_ms"] for b in blocks)
    rebuilt = statistics.median(b["rebuilt_ms"] for b in blocks)
    speedup = statistics.median(b["rebuilt_ms"] / b["in_place_ms"] for b in blocks)
    detail = (f"measure_latency({changes_per_call}) called {calls} times: "
              f"in place {in_place:.3g} ms, rebuilt {rebuilt:.3g} ms (medians); the 50 ms goal is absolute, "
              f"so the machine's load counts: 1-minute load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    return [Result("P5 latency", TITLE_LATENCY, in_place, 50.0, "lower", "ms", detail),
            Result("P5 speedup", TITLE_SPEEDUP, speedup, 2.0, "higher", "x", detail)]


def measure_latency(repeats: int = 21) -> dict[str, float]:
    """Median milliseconds per change of w5 in round_panel, done in place vs rebuilt from scratch.

    "in_place_ms": what the panel does: the worked round, the diagram's artists updated,
    one SVG rendered. "rebuilt_ms": the usual callback that clears an Output and draws
    anew: the worked round, the table, a new diagram rendered as the inline backend does
    (PNG with a tight bounding box).
    """
    panel = round_panel()
    values = np.linspace(-2.0, 2.0, repeats)

    def rebuild(w5: float) -> None:
        """One naive refresh: everything built again, then thrown away."""
        html_table(round_rows(worked_round({"w5": w5}).steps), ("quantity", "formula", "value"))
        diagram = draw_network(lecture_network({"w5": w5}), *lecture_data(), show_gradients=True)
        diagram.figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")

    return {"in_place_ms": _median_ms(lambda w5: panel.set(w5=w5), values),
            "rebuilt_ms": _median_ms(rebuild, values)}


def _median_ms(action: Callable[[float], None], values: np.ndarray) -> float:
    """The median wall-clock time of action(value) over `values`, in milliseconds."""
    times = []
    for value in values:
        start = time.perf_counter()
        action(float(value))
        times.append(time.perf_counter() - start)
    return float(np.median(times) * 1000)
