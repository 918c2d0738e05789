"""One base for every figure: drawn once, then updated in place, shown as PNG or SVG.

Each figure function builds a matplotlib Figure once and returns a view whose update()
changes the artists already drawn (set_data, set_text, arrow positions), so a slider
can redraw the same figure many times. Figures are made without pyplot: they never pop
up by themselves, work with any backend (Agg included), and show in a notebook through
the view's PNG (a cell ending in `plot_losses(...)` displays it); panels show its SVG.
Non-goal: a plotting library; each module of figures/ draws one figure of the lessons.
"""
from __future__ import annotations

import io

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure



class FigureView:
    """A figure drawn once, with the artists that update() changes in place."""

    def __init__(self, figure: Figure):
        """Wrap `figure`; subclasses draw their artists into it."""
        self.figure = figure

    def png(self) -> bytes:
        """The figure as PNG bytes: how a notebook shows it."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()

    def svg(self) -> bytes:
        """The figure as SVG bytes whose text the browser draws: what a panel shows after each update.

        Leaving the text to the browser (svg.fonttype "none") makes this several times
        faster than a PNG, whose every label matplotlib must lay out and rasterise.
        """
        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            self.figure.savefig(buffer, format="svg")
        return buffer.getvalue()

    def _repr_png_(self) -> bytes:
        """Show the figure when a notebook cell ends with the view."""
        return self.png()

    def __repr__(self) -> str:
        """The class name only: no memory address, so nbval output stays the same."""
        return f"<{type(self).__name__}>"


def new_axes(size: tuple[float, float], ax: Axes | None = None,
             rect: tuple[float, float, float, float] = (0, 0, 1, 1)) -> Axes:
    """`ax` itself, or axes at `rect` (left, bottom, width, height) in a new pyplot-free Figure.

    Fixed positions instead of a layout engine: with one, every render draws the figure twice.
    """
    if ax is not None:
        return ax
    return Figure(figsize=size, dpi=80).add_axes(rect)
