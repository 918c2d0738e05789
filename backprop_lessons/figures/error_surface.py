"""The error surface: E_total over two parameters, with a gradient-descent path on them."""
from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from backprop_lessons.engine.budget import check_budget_flag
from backprop_lessons.engine.errors import check_count, check_number
from backprop_lessons.engine.network import Network
from backprop_lessons.engine.recording import descent_path, error_grid
from backprop_lessons.figures.base import FigureView, new_axes
from backprop_lessons.lecture.example import lecture_defaults
from backprop_lessons.lecture.example import LECTURE_ETA

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
        self.budget = True   # False: past the classroom budget on purpose (plot_error_surface(budget=False))

    def update(self, x: str, y: str, learning_rate: float = LECTURE_ETA, steps: int = 100) -> None:
        """Descend on `x` and `y` only, then move the path, start point and arrow (and contours if needed)."""
        self.path = descent_path(self.network, self.inputs, self.targets, x, y, learning_rate, steps,
                                 budget=self.budget)
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
        grid = error_grid(self.network, self.inputs, self.targets, x, y, xs, ys, budget=self.budget)
        for contour in self.contours:   # a contour set cannot change its data: replace it
            contour.remove()
        self.contours = [self.ax.contourf(xs, ys, grid, levels=20, cmap="viridis"),
                         self.ax.contour(xs, ys, grid, levels=10, colors="white", linewidths=0.5)]
        self.ax.set(xlim=extent[:2], ylim=extent[2:])


def plot_error_surface(x: str = "w5", y: str = "w6", *, learning_rate: float = LECTURE_ETA,
                       steps: int = 100, network: Network | None = None, inputs: ArrayLike | None = None,
                       targets: ArrayLike | None = None, span: float = 2.0, resolution: int = 31,
                       ax: Axes | None = None, budget: bool = True) -> ErrorSurface:
    """E_total over parameters `x`, `y` (the others fixed), with `steps` of gradient descent on the two.

    Defaults to the lecture's network and example; the red arrow at the start points
    along -dE_total/d(x, y), the direction of steepest descent.
    """
    span = check_number("span", span, positive=True)
    resolution = check_count("resolution", resolution, minimum=2)
    surface = ErrorSurface(new_axes((5.5, 4.5), ax, (0.12, 0.11, 0.85, 0.81)),
                           *lecture_defaults(network, inputs, targets), span, resolution)
    surface.budget = check_budget_flag(budget)
    surface.update(x, y, learning_rate, steps)
    return surface
