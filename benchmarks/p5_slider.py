"""P5: how quickly the main slider panel (round_panel) answers a change of w5, in the kernel.

widgets.measure_latency times one change done the panel's way (the worked round, the
diagram's artists updated in place, one image rendered) and the naive way (clear the
output, build a new figure, render it). One call does a short block of each, so calling
it several times and taking the ratio within each call keeps the two side by side.
Goals: the panel's median under 50 ms, and naive / panel >= 2.
Non-goal: the browser's share (sending the image and painting it); the browser tests see that.
"""
from __future__ import annotations

import os
import statistics

from .timing import Result, skipped

TITLE_LATENCY = "round panel: median update (compute + redraw)"
TITLE_SPEEDUP = "round panel: naive rebuild / in-place update"


def run(calls: int = 7, changes_per_call: int = 5) -> list[Result]:
    """Call measure_latency `calls` times; report the median in-place time and the median ratio."""
    try:
        from backprop_lessons.widgets import measure_latency
    except ImportError as error:
        reason = f"backprop_lessons.widgets.measure_latency is not available ({error})"
        return [skipped("P5 latency", TITLE_LATENCY, 50.0, "lower", reason, "ms"),
                skipped("P5 speedup", TITLE_SPEEDUP, 2.0, "higher", reason)]
    measure_latency(2)   # warm up: imports, fonts, the first figure
    blocks = [measure_latency(changes_per_call) for _ in range(calls)]
    in_place = statistics.median(b["in_place_ms"] for b in blocks)
    rebuilt = statistics.median(b["rebuilt_ms"] for b in blocks)
    speedup = statistics.median(b["rebuilt_ms"] / b["in_place_ms"] for b in blocks)
    detail = (f"widgets.measure_latency({changes_per_call}) called {calls} times: "
              f"in place {in_place:.3g} ms, rebuilt {rebuilt:.3g} ms (medians); the 50 ms goal is absolute, "
              f"so the machine's load counts: 1-minute load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    return [Result("P5 latency", TITLE_LATENCY, in_place, 50.0, "lower", "ms", detail),
            Result("P5 speedup", TITLE_SPEEDUP, speedup, 2.0, "higher", "x", detail)]
