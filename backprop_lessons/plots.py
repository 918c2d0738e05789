"""Figures the notebooks draw: loss curves and the error surface (diagram.py and graph.py hold the rest).

Each figure function builds a matplotlib Figure once and returns a view whose update()
changes the artists already drawn (set_data, set_text, arrow positions), so a slider
can redraw the same figure many times. Figures are made without pyplot: they never pop
up by themselves, work with any backend (Agg included), and show in a notebook through
the view's PNG (a cell ending in `plot_losses(...)` displays it); panels show its SVG.
Non-goal: a plotting library; each function draws one figure of the lessons.
"""
from __future__ import annotations

import io
from collections.abc import Mapping

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter, LogLocator
from numpy.typing import ArrayLike

from .errors import InvalidTypeError
from .lecture import LECTURE_ETA, lecture_data, lecture_network
from .network import Network, check_network
from .recording import descent_path, error_grid


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


def lecture_defaults(network: Network | None, inputs: ArrayLike | None,
                     targets: ArrayLike | None) -> tuple[Network, ArrayLike, ArrayLike]:
    """`network`, `inputs`, `targets`, with the lecture's network and example for those left None."""
    lecture_inputs, lecture_targets = lecture_data()
    return (lecture_network() if network is None else check_network(network),
            lecture_inputs if inputs is None else inputs,
            lecture_targets if targets is None else targets)


def new_axes(size: tuple[float, float], ax: Axes | None = None,
             rect: tuple[float, float, float, float] = (0, 0, 1, 1)) -> Axes:
    """`ax` itself, or axes at `rect` (left, bottom, width, height) in a new pyplot-free Figure.

    Fixed positions instead of a layout engine: with one, every render draws the figure twice.
    """
    if ax is not None:
        return ax
    return Figure(figsize=size, dpi=80).add_axes(rect)


DRAWN = (1e-250, 1e250)   # the range of E_total a loss curve draws (see LossCurves.update)


class LossCurves(FigureView):
    """E_total by round on a log scale, one line per run, and a marker on one round."""

    def __init__(self, ax: Axes, title: str):
        """Set up log-scale axes with no lines yet, and a hidden marker."""
        super().__init__(ax.figure)
        self.ax = ax
        self.lines = []
        self.marker, = ax.plot([], [], "o", color="black", zorder=3)
        self.marked: int | None = None   # the round the marker is on
        ax.set(yscale="log", xlabel="round", ylabel="E_total", title=title)
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
            self.ax.legend(loc="upper right")
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


def plot_losses(runs: Mapping[str, np.ndarray], *, title: str = "E_total by round",
                ax: Axes | None = None) -> LossCurves:
    """Loss curves: `runs` maps a label such as "eta = 0.5" to losses[k], E_total after k rounds."""
    if not isinstance(runs, Mapping):
        raise InvalidTypeError(f"runs must be a mapping of labels to losses such as "
                               f"{{'eta = 0.5': losses}}, got {runs!r:.80}")
    curves = LossCurves(new_axes((6, 3.5), ax, (0.13, 0.14, 0.84, 0.77)), title)
    curves.update(runs)
    return curves


class ErrorSurface(FigureView):
    """Contours of E_total over two parameters, the descent direction at the start, and the path."""

    def __init__(self, ax: Axes, network: Network, inputs: ArrayLike, targets: ArrayLike, span: float,
                 resolution: int):
        """Draw the empty path, start point and arrow; contours come with the first update."""
        super().__init__(ax.figure)
        self.ax, self.network, self.inputs, self.targets = ax, network, inputs, targets
        self.span, self.resolution = span, resolution
        self.contours, self._grid_key = [], None
        self.path_line, = ax.plot([], [], ".-", color="tab:orange", markersize=3, linewidth=1, label="descent path")
        self.start, = ax.plot([], [], "o", color="black", label="start")
        self.arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0), arrowprops={"arrowstyle": "-|>", "color": "red"})
        ax.legend(loc="upper right", fontsize=8)
        self.path = None   # the DescentPath of the last update

    def update(self, x: str, y: str, learning_rate: float = LECTURE_ETA, steps: int = 100) -> None:
        """Descend on `x` and `y` only, then move the path, start point and arrow (and contours if needed)."""
        self.path = descent_path(self.network, self.inputs, self.targets, x, y, learning_rate, steps)
        points = self.path.points
        self._draw_contours(x, y, self._extent(points))
        self.path_line.set_data(points[:, 0], points[:, 1])
        self.start.set_data(points[:1, 0], points[:1, 1])
        self.arrow.xy = points[0] + self._arrow(self.path.gradients[0])
        self.arrow.set_position(points[0])
        self.ax.set(xlabel=x, ylabel=y, title=f"E_total over {x}, {y}: {self.path.losses[0]:.4g} -> "
                                              f"{self.path.losses[-1]:.4g} after {steps} steps")

    def _extent(self, points: np.ndarray) -> tuple[float, ...]:
        """(x_min, x_max, y_min, y_max): `span` around the start, widened to hold the path, in halves."""
        low = np.minimum(points[0] - self.span, points.min(axis=0) - 0.25)
        high = np.maximum(points[0] + self.span, points.max(axis=0) + 0.25)
        low, high = np.floor(low * 2) / 2, np.ceil(high * 2) / 2
        return low[0], high[0], low[1], high[1]

    def _arrow(self, gradient: np.ndarray) -> np.ndarray:
        """-gradient scaled to a third of the span: the direction of steepest descent, not its size."""
        length = np.hypot(*gradient)
        return np.zeros(2) if length == 0 else -gradient / length * self.span / 3

    def _draw_contours(self, x: str, y: str, extent: tuple[float, ...]) -> None:
        """Recompute and redraw the contours only when the parameters or the extent change."""
        if self._grid_key == (x, y, extent):
            return
        self._grid_key = (x, y, extent)
        xs = np.linspace(extent[0], extent[1], self.resolution)
        ys = np.linspace(extent[2], extent[3], self.resolution)
        grid = error_grid(self.network, self.inputs, self.targets, x, y, xs, ys)
        for contour in self.contours:   # a contour set cannot change its data: replace it
            contour.remove()
        self.contours = [self.ax.contourf(xs, ys, grid, levels=20, cmap="viridis"),
                         self.ax.contour(xs, ys, grid, levels=10, colors="white", linewidths=0.5)]
        self.ax.set(xlim=extent[:2], ylim=extent[2:])


def plot_error_surface(x: str = "w5", y: str = "w6", *, learning_rate: float = LECTURE_ETA,
                       steps: int = 100, network: Network | None = None, inputs: ArrayLike | None = None,
                       targets: ArrayLike | None = None, span: float = 2.0, resolution: int = 31,
                       ax: Axes | None = None) -> ErrorSurface:
    """E_total over parameters `x`, `y` (the others fixed), with `steps` of gradient descent on the two.

    Defaults to the lecture's network and example; the red arrow at the start points
    along -dE_total/d(x, y), the direction of steepest descent.
    """
    surface = ErrorSurface(new_axes((5.5, 4.5), ax, (0.12, 0.11, 0.85, 0.81)),
                           *lecture_defaults(network, inputs, targets), span, resolution)
    surface.update(x, y, learning_rate, steps)
    return surface
