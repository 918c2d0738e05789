"""Softmax for one example: each class's probability p, its target y and its delta p - y, as bars (notebook 14)."""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from backprop_lessons.engine.errors import InvalidValueError, valid_array
from backprop_lessons.figures.base import BLUE, DPI, FONT, ORANGE, VERMILLION, FigureView

KINDS = (("p (softmax)", BLUE), ("y (target)", ORANGE), ("delta = p - y", VERMILLION))


class SoftmaxBars(FigureView):
    """Three bars per class: p, y and delta; a dashed line at 0."""

    def __init__(self, classes: int):
        """Bars of height 0 for `classes` classes."""
        figure = Figure(figsize=(6.0, 3.8), dpi=DPI)
        super().__init__(figure)
        self.ax = figure.add_axes((0.13, 0.15, 0.84, 0.72))
        self.ax.tick_params(which="both", labelsize=FONT)
        x = np.arange(classes)
        self.bars = [self.ax.bar(x + (i - 1) * 0.27, np.zeros(classes), 0.27, color=colour, label=label)
                     for i, (label, colour) in enumerate(KINDS)]
        self.ax.axhline(0, color="black", lw=0.8)
        self.ax.set_xticks(x, [f"class {k + 1}" for k in x])
        self.ax.set_ylim(-1.1, 1.1)
        self.ax.legend(loc="lower left", fontsize=FONT, ncols=3, bbox_to_anchor=(0, 1.0, 1, 0.1), frameon=False)
        self.values: list[np.ndarray] = [np.zeros(classes)] * 3

    def update(self, p: np.ndarray, y: np.ndarray) -> None:
        """Set the bars to p, y and p - y."""
        self.values = [np.asarray(p, float), np.asarray(y, float), np.asarray(p, float) - np.asarray(y, float)]
        for bars, heights in zip(self.bars, self.values):
            for bar, height in zip(bars, heights):
                bar.set_height(height)

    def description(self) -> str:
        """p, y and delta, class by class."""
        p, y, delta = self.values
        return "Softmax bars: " + "; ".join(f"class {k + 1}: p {p[k]:.3f}, y {y[k]:g}, delta {delta[k]:.3f}"
                                             for k in range(len(p)))


def plot_softmax(p, y) -> SoftmaxBars:
    """Bars of p, y and delta = p - y for one example."""
    p, y = valid_array("p", p, shape=(None,)), valid_array("y", y, shape=(None,))
    if len(p) != len(y) or len(p) == 0:
        raise InvalidValueError(f"p and y must have one entry per class each, got {len(p)} and {len(y)}")
    view = SoftmaxBars(len(p))
    view.update(p, y)
    return view
