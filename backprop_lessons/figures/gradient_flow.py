"""Each layer's gradient size, layer 1 (next to the inputs) to L (the outputs), on a log scale (notebooks 12 and 13).

    view = plot_layer_sizes({"sigmoid": flow.gradient}, title="...")   # one line per run
    view.update({"tanh": other.gradient}, spread={"tanh": other.spread})

With `spread`, a second plot beside it shows how spread out each hidden layer's outputs are
(their standard deviation): the signal going forward, whose shrinking or growth the gradients
going back mirror. Non-goal: other quantities per layer.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter, LogLocator, MaxNLocator

from backprop_lessons.engine.errors import InvalidTypeError, shown
from backprop_lessons.figures.base import BLUE, DPI, FONT, GREEN, ORANGE, VERMILLION, FigureView, set_title

COLOURS = (BLUE, VERMILLION, GREEN, ORANGE)
DRAWN = (1e-300, 1e300)


class LayerSizes(FigureView):
    """Gradient size by layer (and, optionally, the spread of each hidden layer's outputs), log scales."""

    def __init__(self, figure: Figure, axes: list[Axes], title: str, ylabel: str):
        """Set up the log-scale axes with no lines yet."""
        super().__init__(figure)
        self.axes, self.title = axes, title
        self.lines: list[list] = [[], []]
        self.shown: dict[str, np.ndarray] = {}
        labels = (("layer l (1 = next to the inputs)", ylabel),
                  ("hidden layer l", "std of the outputs"))
        for ax, (xlabel, ylabel) in zip(axes, labels):
            ax.set_yscale("log")
            ax.set_xlabel(xlabel, fontsize=FONT)
            ax.set_ylabel(ylabel, fontsize=FONT)
            ax.yaxis.set_label_coords(-0.72 / (ax.get_position().width * figure.get_figwidth()), 0.5)   # 0.72 in left
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            # plain-text labels (as loss_curves.py), the minor ones only when a plot spans less than a decade
            ax.yaxis.set_major_formatter(LogFormatter())
            ax.yaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
            ax.yaxis.set_minor_formatter(LogFormatter(labelOnlyBase=False, minor_thresholds=(1, 0.5)))
            ax.tick_params(which="both", labelsize=FONT)
            ax.grid(True, alpha=0.3)
        set_title(axes[0], title)
        if len(axes) > 1:
            set_title(axes[1], "Spread of the hidden outputs")

    def update(self, sizes: Mapping[str, np.ndarray], spread: Mapping[str, np.ndarray] | None = None,
               title: str | None = None) -> None:
        """One line per run: label -> each layer's gradient size (and each hidden layer's spread)."""
        if title is not None:
            set_title(self.axes[0], title)
        self.shown = {label: np.asarray(values, dtype=float) for label, values in sizes.items()}
        for k, (ax, runs) in enumerate(zip(self.axes, (sizes, spread or {}))):
            for i, (label, values) in enumerate(runs.items()):
                if i == len(self.lines[k]):
                    self.lines[k].append(ax.plot([], [], "o-", color=COLOURS[i % len(COLOURS)], lw=2)[0])
                values = np.clip(np.asarray(values, dtype=float), *DRAWN)
                self.lines[k][i].set_data(np.arange(1, len(values) + 1), values)
                self.lines[k][i].set(label=label, visible=True)
            for line in self.lines[k][len(runs):]:
                line.set(visible=False, label="_hidden")
            _two_decades_at_least(ax, [np.clip(np.asarray(v, dtype=float), *DRAWN) for v in runs.values()])
            if runs:
                ax.legend(loc="best", fontsize=FONT)

    def description(self) -> str:
        """Each run's gradient size at the first and the last layer."""
        parts = [f"{label}: {values[0]:.3g} at layer 1, {values[-1]:.3g} at layer {len(values)}"
                 for label, values in self.shown.items()]
        return "Size of each layer's gradient (log scale). " + "; ".join(parts)


def _two_decades_at_least(ax: Axes, runs: list[np.ndarray]) -> None:
    """Fit the log y-axis to the runs, spanning at least two decades, so that it always has labelled ticks."""
    values = np.concatenate(runs) if runs else np.array([1.0])
    values = values[np.isfinite(values) & (values > 0)]
    low, high = (float(values.min()), float(values.max())) if values.size else (1.0, 1.0)
    middle = np.sqrt(low * high)
    ax.set_ylim(min(low, middle / 10) / 1.5, max(high, middle * 10) * 1.5)
    ax.set_xlim(0.5, max((len(v) for v in runs), default=1) + 0.5)


def plot_layer_sizes(sizes: Mapping[str, np.ndarray], spread: Mapping[str, np.ndarray] | None = None, *,
                     title: str = "Size of each layer's gradient", ylabel: str = "size of dE/dW (RMS)") -> LayerSizes:
    """A figure of each layer's gradient size, one line per run; with `spread`, a second plot beside it."""
    if not isinstance(sizes, Mapping) or (spread is not None and not isinstance(spread, Mapping)):
        raise InvalidTypeError(f"sizes and spread must map a label to one number per layer, got {shown(sizes)}")
    width = 9.2 if spread is not None else 6.0
    figure = Figure(figsize=(width, 4.0), dpi=DPI)
    if spread is not None:
        axes = [figure.add_axes((0.115, 0.14, 0.365, 0.72)), figure.add_axes((0.62, 0.14, 0.36, 0.72))]
    else:
        axes = [figure.add_axes((0.17, 0.14, 0.78, 0.72))]
    view = LayerSizes(figure, axes, title, ylabel)
    view.update(sizes, spread)
    return view
