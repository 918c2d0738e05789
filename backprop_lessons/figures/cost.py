"""The cost of every gradient as the network grows: central differences against backprop, timed.

Each point carries its operation count beside its time: central differences need 2 forward passes
per parameter, backprop 1 forward + 1 backward pass whatever the size. At these sizes one NumPy
forward pass costs about the same for 10 parameters as for 1,000 (Python's fixed cost per call
dominates), so the backprop line looks flat: the counts, not the slope, carry the argument.
"""
from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes

from backprop_lessons.engine.cost import Timing, microseconds
from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.figures.base import BLUE, FONT, VERMILLION, FigureView, inset, new_axes, set_title

SIZE = (8.6, 5.0)


class CostFigure(FigureView):
    """Time for all gradients of one example, by parameter count, on log-log axes, counts beside."""

    def __init__(self, ax: Axes, timings: Sequence[Timing]):
        """Draw one line per method; label each point with its network and its operation count."""
        super().__init__(ax.figure)
        self.timings = list(timings)
        counts = [t.parameters for t in timings]
        fd = [microseconds(t.finite_differences) for t in timings]
        bp = [microseconds(t.backprop) for t in timings]
        ax.plot(counts, fd, "o-", color=VERMILLION, label="central differences: 2 forward passes per parameter")
        ax.plot(counts, bp, "s--", color=BLUE, label="backprop: 1 forward + 1 backward pass")
        for k, (t, up, down) in enumerate(zip(timings, fd, bp)):   # below right, above left, in turn
            ax.annotate(f"{'-'.join(map(str, t.sizes))}\n{2 * t.parameters:,} passes", (t.parameters, up),
                        textcoords="offset points", xytext=(-8, 6) if k % 2 else (8, -6),
                        ha="right" if k % 2 else "left", va="bottom" if k % 2 else "top", fontsize=FONT)
            ax.annotate("1 + 1", (t.parameters, down), textcoords="offset points", xytext=(0, -10),
                        ha="center", va="top", fontsize=FONT, color=BLUE)
        low, high = min(bp + fd), max(bp + fd)
        ax.set(xscale="log", yscale="log", xlim=(min(counts) / 2.5, max(counts) * 4),
               ylim=(low / 8, high * 300))
        ax.set_xlabel("parameters (log scale)", fontsize=FONT)
        ax.set_ylabel("µs for every gradient (log scale)", fontsize=FONT)
        set_title(ax, "What every gradient of one example costs, on this machine")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left", fontsize=FONT)

    def description(self) -> str:
        """The networks, their operation counts, and that the times are this machine's."""
        points = "; ".join(f"{'-'.join(map(str, t.sizes))} ({t.parameters} parameters): central differences "
                           f"{2 * t.parameters} forward passes, backprop 1 forward + 1 backward"
                           for t in self.timings)
        return ("Cost figure: microseconds for every gradient of one example against the number of parameters, "
                f"log-log, times measured on this machine. {points}. The backprop line stays nearly flat: at "
                "these sizes Python's fixed cost per call dominates a pass.")


def plot_gradient_cost(timings: Sequence[Timing]) -> CostFigure:
    """Plot engine.cost.time_gradients(): time against parameter count for both methods."""
    if not timings or not all(isinstance(t, Timing) for t in timings):
        raise InvalidValueError("timings must be the list time_gradients() returns")
    return CostFigure(new_axes(SIZE, rect=inset(SIZE, 1.0, 0.75, 0.25, 0.5)), timings)
