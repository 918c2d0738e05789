"""The error surface: E_total over two parameters, its lowest point, and a gradient-descent path on them.

The window is square (equal scales on both axes) and holds the start, the path and the
slice's lowest point, found numerically on a grid SEARCH either side of the start and
refined. Some slices have none: on w1, w2 E_total still falls at the grid's edge, and the
title says so. On w5, w6 the floor is a whole line (E_total depends on them only through
net_o1), which the title says too. The arrow at the start shows the direction of
-dE_total/d(x, y) only: its length is fixed, its size is written in the legend.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patheffects import Normal, Stroke
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike

from backprop_lessons.engine.budget import valid_budget_flag
from backprop_lessons.engine.errors import valid_count, valid_number
from backprop_lessons.engine.network import Network
from backprop_lessons.engine.notation import short, unicode_name
from backprop_lessons.engine.recording import descent_path, error_grid
from backprop_lessons.figures.base import FONT, VERMILLION, FigureView, inset, new_axes, set_title, valid_size
from backprop_lessons.lecture.example import lecture_defaults
from backprop_lessons.lecture.example import LECTURE_ETA

ZERO = 1e-15        # E_total below this at a refined lowest point is 0 up to rounding
SEARCH = 12.0        # how far either side of the start the lowest point is looked for
GRID = 41            # points per side of the search grid
FLAT = 1e-3          # a floor is a line when the Hessian's small eigenvalue is below FLAT times the large one
SIZE = (7.0, 7.0)    # inches, by default
SMALLEST = (5.0, 5.0)   # inches: room for the title, colour bar and legend around the contours


@dataclass(frozen=True)
class Lowest:
    """The lowest point found on a slice: where, E_total there, and what kind of floor it is."""

    point: np.ndarray      # (x, y)
    value: float
    inside: bool           # False: E_total still falls at the search grid's edge
    line: bool             # True: the floor is a line (E_total flat along one direction)


def lowest_point(network: Network, inputs: ArrayLike, targets: ArrayLike, x: str, y: str,
                 start: np.ndarray) -> Lowest:
    """The lowest E_total over `x`, `y` within SEARCH of `start`: a coarse grid, then a finer one around its best."""
    xs, ys = (np.linspace(s - SEARCH, s + SEARCH, GRID) for s in start)
    grid = error_grid(network, inputs, targets, x, y, xs, ys)
    row, column = np.unravel_index(np.nanargmin(grid), grid.shape)
    inside = 0 < row < GRID - 1 and 0 < column < GRID - 1
    step = 2 * SEARCH / (GRID - 1)
    fine_x, fine_y = np.linspace(xs[column] - step, xs[column] + step, 21), np.linspace(ys[row] - step, ys[row] + step, 21)
    fine = error_grid(network, inputs, targets, x, y, fine_x, fine_y)
    r, c = np.unravel_index(np.nanargmin(fine), fine.shape)
    point, value = np.array([fine_x[c], fine_y[r]]), float(fine[r, c])
    line = inside and _flat(network, inputs, targets, x, y, point)
    if inside and not line:   # a single lowest point: Newton's steps from the grid's best to the point itself
        point, value = _refined(network, inputs, targets, x, y, point, value)
    return Lowest(point, value, bool(inside), line)


def _refined(network: Network, inputs: ArrayLike, targets: ArrayLike, x: str, y: str, point: np.ndarray,
             value: float, steps: int = 12, h: float = 1e-4) -> tuple[np.ndarray, float]:
    """The grid's best `point` moved by Newton's steps (finite-difference gradient and curvature) to where
    the gradient vanishes; the grid's point if a step does not lower E_total (not a bowl there)."""
    for _ in range(steps):
        f = error_grid(network, inputs, targets, x, y, point[0] + h * np.arange(-1, 2), point[1] + h * np.arange(-1, 2))
        gradient = np.array([f[1, 2] - f[1, 0], f[2, 1] - f[0, 1]]) / (2 * h)
        fxy = (f[2, 2] - f[0, 2] - f[2, 0] + f[0, 0]) / (4 * h ** 2)
        curvature = np.array([[f[1, 2] - 2 * f[1, 1] + f[1, 0], 0.0], [0.0, f[2, 1] - 2 * f[1, 1] + f[0, 1]]]) / h ** 2
        curvature[0, 1] = curvature[1, 0] = fxy
        if np.linalg.det(curvature) <= 0 or curvature[0, 0] <= 0:
            break
        moved = point - np.linalg.solve(curvature, gradient)
        lower = float(error_grid(network, inputs, targets, x, y, moved[:1], moved[1:])[0, 0])
        if not lower <= value:
            break
        point, value = moved, lower
    return point, value


def _flat(network: Network, inputs: ArrayLike, targets: ArrayLike, x: str, y: str, point: np.ndarray,
          h: float = 0.05) -> bool:
    """Whether E_total's curvature at `point` vanishes along one direction (a valley floor that is a line)."""
    f = error_grid(network, inputs, targets, x, y, point[0] + h * np.arange(-1, 2), point[1] + h * np.arange(-1, 2))
    fxx, fyy = (f[1, 2] - 2 * f[1, 1] + f[1, 0]) / h ** 2, (f[2, 1] - 2 * f[1, 1] + f[0, 1]) / h ** 2
    fxy = (f[2, 2] - f[0, 2] - f[2, 0] + f[0, 0]) / (4 * h ** 2)
    small, large = sorted(np.abs(np.linalg.eigvalsh([[fxx, fxy], [fxy, fyy]])))
    return bool(small < FLAT * large)


class ErrorSurface(FigureView):
    """Contours of E_total over two parameters with a colour bar, the lowest point, the descent direction and path."""

    def __init__(self, ax: Axes, network: Network, inputs: ArrayLike, targets: ArrayLike, span: float,
                 resolution: int, colorbar_rect: tuple[float, float, float, float] | None):
        """Draw the empty path, start, lowest point and arrow; update() fills them.

        The colour bar goes at `colorbar_rect` of the figure, or (None) takes room from `ax`.
        """
        super().__init__(ax.figure)
        self.ax, self.network, self.inputs, self.targets = ax, network, inputs, targets
        self.span, self.resolution = span, resolution
        self.contours, self._grid_key, self._lowest, self.colorbar = [], None, {}, None
        self.colorbar_axes = None if colorbar_rect is None else ax.figure.add_axes(colorbar_rect)
        self.path_line, = ax.plot([], [], "-", color="white", linewidth=3, label="descent path",
                                  path_effects=[Stroke(linewidth=5, foreground="black"), Normal()])
        self.start, = ax.plot([], [], "o", color="black", markersize=7, label="start")
        self.low, = ax.plot([], [], "*", color="white", markeredgecolor="black", markersize=16, label="lowest point")
        self.arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0),
                                 arrowprops={"arrowstyle": "-|>", "color": VERMILLION, "linewidth": 2.5}, zorder=4)
        self.arrow_key = Line2D([], [], color=VERMILLION, linewidth=2.5, marker=">", markevery=[1])
        ax.set_aspect("equal", adjustable="box")
        self.path = self.lowest = None   # the DescentPath and Lowest of the last update
        self.budget = True   # False: past the classroom budget on purpose (plot_error_surface(budget=False))

    def update(self, x: str, y: str, learning_rate: float = LECTURE_ETA, steps: int = 100) -> None:
        """Descend on `x` and `y` only, then move the path, start point, arrow and lowest point (contours if needed)."""
        self.path = descent_path(self.network, self.inputs, self.targets, x, y, learning_rate, steps,
                                 budget=self.budget)
        points, self.learning_rate, self.steps = self.path.points, learning_rate, steps
        if (x, y) not in self._lowest:
            self._lowest[x, y] = lowest_point(self.network, self.inputs, self.targets, x, y, points[0])
        self.lowest, self.names = self._lowest[x, y], (x, y)
        extent = self._extent(points)
        self._draw_contours(x, y, extent)
        self.path_line.set_data(points[:, 0], points[:, 1])
        self.start.set_data(points[:1, 0], points[:1, 1])
        shown = self.lowest.inside and _within(self.lowest.point, extent)
        self.low.set_data(*([[p] for p in self.lowest.point] if shown else [[], []]))
        self.arrow.xy = points[0] + self._arrow(self.path.gradients[0], extent)
        self.arrow.set_position(points[0])
        self.ax.set_xlabel(unicode_name(x), fontsize=FONT)   # w₅: a subscript at full size, not mathtext's 70%
        self.ax.set_ylabel(unicode_name(y), fontsize=FONT)
        set_title(self.ax, f"E_total over {x}, {y}, the others fixed\n{self._floor()}")
        self._legend()

    def _floor(self) -> str:
        """The title's second line: where the lowest point is, or why there is none."""
        low = self.lowest
        if not low.inside:
            return f"No minimum within ±{SEARCH:g} of the start: E_total still falls that far out"
        where = f"({short(low.point[0], 3)}, {short(low.point[1], 3)})"
        if low.line:
            return f"The floor is a line at E_total = {short(low.value)}; ★ {where} is on it"
        if low.value < ZERO:   # E_total is a sum of squares: 0 only where both outputs reach their targets
            return f"Lowest point {where}: E_total = 0 there, both outputs on their targets"
        return f"Lowest point {where}: E_total = {short(low.value)}"

    def _legend(self) -> None:
        """The legend, with the size of the gradient the fixed-length arrow stands for."""
        size = short(float(np.hypot(*self.path.gradients[0])))
        handles = [self.path_line, self.start, self.low, self.arrow_key]
        labels = [f"descent path, eta = {self.learning_rate:g}, {self.steps} steps", "start",
                  "lowest point", f"−gradient, direction only (size {size})"]
        if not len(self.low.get_xdata()):   # no lowest point in view: no legend entry for it
            del handles[2], labels[2]
        box = self.ax.get_position(original=True)   # 0.45 in left of the axes, 0.62 in below them
        inches = box.width * self.figure.get_figwidth(), box.height * self.figure.get_figheight()
        self.ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(-0.45 / inches[0], -0.62 / inches[1]),
                       ncol=1, fontsize=FONT, frameon=False, borderaxespad=0)

    def _extent(self, points: np.ndarray) -> tuple[float, ...]:
        """A square (x_min, x_max, y_min, y_max) around the start, the path and the lowest point, in halves."""
        shown = [points[0] - self.span / 2, points[0] + self.span / 2, points.min(axis=0), points.max(axis=0)]
        if self.lowest.inside:
            shown.append(self.lowest.point)
        low, high = np.min(shown, axis=0), np.max(shown, axis=0)
        centre, half = (low + high) / 2, np.max(high - low) * 0.56
        low, high = np.floor((centre - half) * 2) / 2, np.ceil((centre + half) * 2) / 2
        side = np.max(high - low)
        return low[0], low[0] + side, low[1], low[1] + side

    def _arrow(self, gradient: np.ndarray, extent: tuple[float, ...]) -> np.ndarray:
        """-gradient scaled to a sixth of the window: the direction of steepest descent, not its size."""
        length = np.hypot(*gradient)
        return np.zeros(2) if length == 0 else -gradient / length * (extent[1] - extent[0]) / 6

    def _draw_contours(self, x: str, y: str, extent: tuple[float, ...]) -> None:
        """Recompute and redraw the contours and colour bar only when the parameters or the window change."""
        if self._grid_key == (x, y, extent):
            return
        self._grid_key = (x, y, extent)
        xs = np.linspace(extent[0], extent[1], self.resolution)
        ys = np.linspace(extent[2], extent[3], self.resolution)
        grid = error_grid(self.network, self.inputs, self.targets, x, y, xs, ys, budget=self.budget)
        for contour in self.contours:   # a contour set cannot change its data: replace it
            contour.remove()
        low, high = np.nanmin(grid), np.nanmax(grid)   # levels closer together near the floor, to show the valley
        levels = low + (high - low) * np.linspace(0, 1, 21) ** 2 if high > low else 20
        filled = self.ax.contourf(xs, ys, grid, levels=levels, cmap="viridis", zorder=0)
        self.contours = [filled, self.ax.contour(xs, ys, grid, levels=filled.levels[::2], colors="white",
                                                 linewidths=0.5, zorder=0)]
        if self.colorbar is None:
            # proportional: the bar reads like a ruler, though the levels crowd near the floor
            self.colorbar = self.ax.figure.colorbar(filled, cax=self.colorbar_axes, ax=self.ax, spacing="proportional")
            self.colorbar.set_label("E_total", fontsize=FONT)
        else:
            self.colorbar.update_normal(filled)
        self.colorbar.set_ticks(MaxNLocator(6))   # round values, not the level boundaries
        self.colorbar.ax.tick_params(labelsize=FONT)
        self.ax.set(xlim=extent[:2], ylim=extent[2:])

    def description(self) -> str:
        """The slice, the window, the start with its gradient, where descent ends and the lowest point, in words."""
        (x, y), path, extent = self.names, self.path, self._grid_key[2]
        start, end = path.points[0], path.points[-1]
        return (f"Error surface: contours of E_total over {x} and {y}, the other parameters fixed; "
                f"{x} from {short(extent[0])} to {short(extent[1])}, {y} from {short(extent[2])} to "
                f"{short(extent[3])}. Start ({short(start[0])}, {short(start[1])}): E_total = "
                f"{short(path.losses[0])}, gradient ({short(path.gradients[0, 0])}, {short(path.gradients[0, 1])}). "
                f"{self.steps} steps of gradient descent with eta = {self.learning_rate:g} end at "
                f"({short(end[0])}, {short(end[1])}): E_total = {short(path.losses[-1])}. {self._floor()}.")


def _within(point: np.ndarray, extent: tuple[float, ...]) -> bool:
    """Whether `point` lies in the window `extent`."""
    return extent[0] <= point[0] <= extent[1] and extent[2] <= point[1] <= extent[3]


def plot_error_surface(x: str = "w5", y: str = "w6", *, learning_rate: float = LECTURE_ETA,
                       steps: int = 100, network: Network | None = None, inputs: ArrayLike | None = None,
                       targets: ArrayLike | None = None, span: float = 2.0, resolution: int = 31,
                       size: tuple[float, float] = SIZE, ax: Axes | None = None,
                       budget: bool = True) -> ErrorSurface:
    """E_total over parameters `x`, `y` (the others fixed), with `steps` of gradient descent on the two.

    Defaults to the lecture's network and example. The window, at least `span` wide, holds
    the start, the path and the slice's lowest point (if it has one within SEARCH); the
    arrow at the start points along -dE_total/d(x, y), the direction of steepest descent.
    `size` is (width, height) in inches; a smaller figure keeps its text size (a slider panel
    draws its figures at the size it shows them).
    """
    span = valid_number("span", span, positive=True)
    resolution = valid_count("resolution", resolution, minimum=2)
    size = valid_size(size, SMALLEST)
    rect = inset(size, left=0.84, bottom=1.8, right=1.68, top=1.1)
    bar = (rect[0] + rect[2] + 0.28 / size[0], rect[1], 0.21 / size[0], rect[3])   # 0.28 in right of the axes
    surface = ErrorSurface(new_axes(size, ax, rect), *lecture_defaults(network, inputs, targets), span, resolution,
                           colorbar_rect=bar if ax is None else None)
    surface.budget = valid_budget_flag(budget)
    surface.update(x, y, learning_rate, steps)
    return surface
