"""The cost of every gradient as the network grows: central differences against backprop, timed."""
from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes

from backprop_lessons.engine.cost import Timing
from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.figures.base import FigureView, new_axes


class CostFigure(FigureView):
    """Seconds for all gradients of one example, by parameter count, on log-log axes."""

    def __init__(self, ax: Axes, timings: Sequence[Timing]):
        """Draw one line per method through the timings, each point labelled with its network."""
        super().__init__(ax.figure)
        counts = [t.parameters for t in timings]
        ax.plot(counts, [t.finite_differences for t in timings], "o-", color="tab:red",
                label="central differences: 2 forward passes per parameter")
        ax.plot(counts, [t.backprop for t in timings], "o-", color="tab:blue",
                label="backprop: 1 forward + 1 backward pass")
        for t in timings:
            ax.annotate("-".join(map(str, t.sizes)), (t.parameters, t.finite_differences),
                        textcoords="offset points", xytext=(4, 6), fontsize=8)
        ax.set(xscale="log", yscale="log", xlabel="parameters", ylabel="seconds for every gradient",
               title="What a gradient costs (one example, this machine)")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left", fontsize=8)


def plot_gradient_cost(timings: Sequence[Timing]) -> CostFigure:
    """Plot engine.cost.time_gradients(): time against parameter count for both methods."""
    if not timings or not all(isinstance(t, Timing) for t in timings):
        raise InvalidValueError("timings must be the list time_gradients() returns")
    return CostFigure(new_axes((6.5, 4.2), rect=(0.12, 0.12, 0.84, 0.8)), timings)
