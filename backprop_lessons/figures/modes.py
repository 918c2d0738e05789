"""Forward mode against reverse mode: the multiplications each needs for the whole gradient, on a log scale (notebook 16)."""
from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter

from backprop_lessons.engine.errors import valid_count
from backprop_lessons.figures.base import BLUE, DPI, FONT, VERMILLION, FigureView, set_title

LABELS = ("forward mode", "reverse mode")


class ModeBars(FigureView):
    """Two bars: the multiplications of forward mode and of reverse mode (backprop)."""

    def __init__(self):
        """Two empty bars on a log axis."""
        figure = Figure(figsize=(5.6, 3.6), dpi=DPI)
        super().__init__(figure)
        self.ax = figure.add_axes((0.18, 0.13, 0.78, 0.74))
        self.ax.tick_params(which="both", labelsize=FONT)
        self.bars = self.ax.bar(LABELS, [1, 1], color=(VERMILLION, BLUE))
        self.ax.set_yscale("log")
        self.ax.yaxis.set_major_formatter(LogFormatter())
        self.ax.set_ylabel("multiplications", fontsize=FONT)
        self.ax.grid(True, axis="y", alpha=0.3)
        self.values = (1, 1)

    def update(self, forward: int, reverse: int, title: str) -> None:
        """Set the bars' heights and the title."""
        self.values = (forward, reverse)
        for bar, value in zip(self.bars, self.values):
            bar.set_height(value)
        self.ax.set_ylim(min(self.values) / 3, max(self.values) * 3)
        set_title(self.ax, title)

    def description(self) -> str:
        """Both counts and their ratio."""
        forward, reverse = self.values
        return (f"Multiplications for the whole gradient: forward mode {forward:,}, reverse mode {reverse:,} "
                f"({forward / reverse:,.0f} times fewer)")


def plot_modes(forward: int, reverse: int, title: str = "The whole gradient") -> ModeBars:
    """Bars of the multiplications both modes need (each at least 1: the axis is logarithmic)."""
    forward, reverse = valid_count("forward", forward, minimum=1), valid_count("reverse", reverse, minimum=1)
    view = ModeBars()
    view.update(forward, reverse, title)
    return view
