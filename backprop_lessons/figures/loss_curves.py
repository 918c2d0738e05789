"""Loss curves: E_total by round on a log scale, one line per run, updated in place.

The rounds are on a log scale too (linear from 0 to 1, symlog): over 10,000 rounds the first hundred,
where most of the fall happens, get as much room as the last nine thousand.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, LogFormatter, LogLocator, NullLocator

from backprop_lessons.engine.errors import InvalidTypeError, shown
from backprop_lessons.engine.notation import short
from backprop_lessons.figures.base import (BLUE, FONT, GREEN, ORANGE, PURPLE, SKY, VERMILLION, FigureView, inset,
                                           new_axes, room_for_title, set_title, valid_size)

DRAWN = (1e-250, 1e250)   # the range of E_total a loss curve draws (see LossCurves.update)
SIZE = (7.0, 4.2)          # inches, by default
SMALLEST = (3.0, 2.5)      # inches: room for the ticks, labels and title around the curves


class LossCurves(FigureView):
    """E_total by round on a log scale, one line per run, and a marker on one round."""

    def __init__(self, ax: Axes, title: str):
        """Set up log-scale axes with no lines yet, and a hidden marker."""
        super().__init__(ax.figure)
        self.ax = ax
        self.lines = []
        self.marker, = ax.plot([], [], "o", color="black", zorder=3)
        self.marked: int | None = None   # the round the marker is on
        ax.set(yscale="log")
        ax.set_xscale("symlog", linthresh=1, linscale=0.4)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_prop_cycle(color=[BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY])   # Okabe-Ito
        ax.set_xlabel("round (log scale)", fontsize=FONT)
        ax.set_ylabel("E_total", fontsize=FONT)
        set_title(ax, title)
        room_for_title(ax)
        # plain-text tick labels, minor ones only when the curve spans less than a decade:
        # the default 10^k labels are typeset as mathtext on every redraw, at 3x the cost
        ax.yaxis.set_major_formatter(LogFormatter())
        ax.yaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
        ax.yaxis.set_minor_formatter(LogFormatter(labelOnlyBase=False, minor_thresholds=(1, 0.5)))
        ax.grid(True, alpha=0.3)

    def update(self, runs: Mapping[str, np.ndarray]) -> None:
        """Give line i the losses of run i (label -> losses[k] = E_total after k rounds)."""
        for i, (label, losses) in enumerate(runs.items()):
            if i == len(self.lines):
                self.lines.append(self.ax.plot([], [])[0])
            # a log axis adds margins, which overflow float64 near 1e308: keep losses within DRAWN
            self.lines[i].set_data(np.arange(len(losses)), np.clip(losses, *DRAWN))
            self.lines[i].set(label=label, visible=True)
        for line in self.lines[len(runs):]:
            line.set(visible=False, label="_hidden")
        self.mark(self.marked)
        self.ax.relim(visible_only=True)
        self.ax.autoscale_view()
        if runs:
            self.ax.legend(loc="upper right", fontsize=FONT)
        elif self.ax.get_legend() is not None:
            self.ax.get_legend().remove()

    def mark(self, round_number: int | None) -> None:
        """Put the marker on the first run at `round_number`; None (or a round it lacks) hides it."""
        self.marked = round_number
        losses = self.lines[0].get_ydata() if self.lines and self.lines[0].get_visible() else []
        if round_number is None or not 0 <= round_number < len(losses):
            self.marker.set_data([], [])
        else:
            self.marker.set_data([round_number], [losses[round_number]])


    def description(self) -> str:
        """The title, and for each line its first and last E_total and the number of rounds."""
        runs = [(line.get_label(), line.get_ydata()) for line in self.lines if line.get_visible()]
        parts = [f"Loss curves titled {self.ax.get_title()!r}: E_total by round, both on log scales."]
        for label, losses in runs:
            parts.append(f"{label}: " + (f"E_total {short(losses[0])} after 0 rounds, {short(losses[-1])} after "
                                         f"{len(losses) - 1:,} rounds." if len(losses) else "no rounds."))
        if np.asarray(self.marker.get_xdata()).size:
            parts.append(f"The dot marks round {int(self.marker.get_xdata()[0]):,}.")
        return " ".join(parts) if runs else parts[0] + " No runs yet."


def plot_losses(runs: Mapping[str, np.ndarray], *, title: str = "E_total by round",
                size: tuple[float, float] = SIZE, ax: Axes | None = None) -> LossCurves:
    """Loss curves: `runs` maps a label such as "eta = 0.5" to losses[k], E_total after k rounds.

    `size` is (width, height) in inches; a smaller figure keeps its text size (a slider panel
    draws its figures at the size it shows them).
    """
    if not isinstance(runs, Mapping):
        raise InvalidTypeError(f"runs must be a mapping of labels to losses such as "
                               f"{{'eta = 0.5': losses}}, got {shown(runs)}")
    for label, losses in runs.items():
        values = np.asarray(losses) if not isinstance(losses, (str, bytes)) else np.asarray(None)
        if not isinstance(label, str) or values.ndim != 1 or values.dtype.kind not in "iuf":
            raise InvalidTypeError(f"runs must map text labels to 1-D arrays of losses; got {shown(label)}: "
                                   f"{shown(losses)}")
    size = valid_size(size, SMALLEST)
    curves = LossCurves(new_axes(size, ax, inset(size, left=0.9, bottom=0.6, right=0.2, top=0.42)), title)
    curves.update(runs)
    return curves
