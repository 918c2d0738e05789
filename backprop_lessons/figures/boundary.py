"""The decision boundary of a network with two inputs and one sigmoid output, and its accuracy.

The network's output out_o1 is read as the probability of class 1; it predicts class 1
where out_o1 > 0.5. The figure colours the input plane by out_o1 (an image whose pixels
update() replaces in place), draws the line out_o1 = 0.5 (the decision boundary) and
the examples coloured by their targets. Used in notebooks/08-beyond-the-lecture.ipynb.
Non-goal: classifiers with more than two inputs or more than one output.
"""
from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from backprop_lessons.engine.errors import InvalidValueError, valid_count
from backprop_lessons.engine.network import Network
from backprop_lessons.engine.notation import short
from backprop_lessons.figures.base import FONT, FigureView, inset, new_axes, set_title, valid_size

COLOURS = "RdBu_r"   # the plane: out_o1 near 0 blue, near 1 red, 0.5 white (ColorBrewer: colour-blind safe)
MARKERS = {0: ("o", "white"), 1: ("^", "black")}   # target -> (shape, colour): seen on blue, white and red
MARGIN = 0.25        # share of the data's range added around it
SIZE = (6.5, 5.5)    # inches, by default
SMALLEST = (4.0, 3.5)   # inches: room for the ticks, colour bar, legend and title around the plane


def accuracy(network: Network, inputs: ArrayLike, targets: ArrayLike) -> float:
    """The share of examples classified right: (out_o1 > 0.5) == target, for 0/1 targets (n, 1).

    Used in notebooks/08-beyond-the-lecture.ipynb.
    """
    inputs, targets = _check_classifier(network, inputs, targets)
    return float(np.mean((network.forward(inputs).outs[-1] > 0.5) == targets))


def _check_classifier(network: Network, inputs: ArrayLike, targets: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Inputs (n, 2) and 0/1 targets (n, 1) as arrays, for a network with 2 inputs and 1 output."""
    if not isinstance(network, Network):
        raise InvalidValueError(f"network must be a Network, got {type(network).__name__}")
    if network.sizes[0] != 2 or network.sizes[-1] != 1:
        raise InvalidValueError(f"network must have 2 inputs and 1 output, got sizes {network.sizes}")
    if targets is None:
        raise InvalidValueError("targets must be given with the inputs: one 0/1 class per example, shape (n, 1)")
    inputs, targets = network.valid_data(inputs, targets)
    if not np.all((targets == 0) | (targets == 1)):
        raise InvalidValueError("targets must be 0 or 1 (the class of each example)")
    return inputs, targets


class DecisionBoundary(FigureView):
    """The plane coloured by out_o1, the line out_o1 = 0.5, and the examples coloured by target."""

    def __init__(self, ax: Axes, resolution: int):
        """Draw a blank image, one empty scatter per class and the colour bar; update() fills them."""
        super().__init__(ax.figure)
        self.ax, self.resolution = ax, resolution
        self.image = ax.imshow(np.full((resolution, resolution), 0.5), origin="lower", aspect="auto",
                               cmap=COLOURS, vmin=0.0, vmax=1.0, alpha=0.6, interpolation="bilinear",
                               extent=(0.0, 1.0, 0.0, 1.0))
        self.points = {target: ax.scatter(np.empty(0), np.empty(0), s=60, marker=marker, color=colour,
                                          edgecolors="black", linewidths=1.0, label=f"target {target}")
                       for target, (marker, colour) in MARKERS.items()}
        colorbar = self.figure.colorbar(self.image, ax=ax)
        colorbar.set_label("out_o1 (class 1 where > 0.5)", fontsize=FONT)
        colorbar.ax.tick_params(labelsize=FONT)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=FONT, frameon=False)
        self.boundary = None   # the contour set of out_o1 = 0.5, replaced by each update
        self.inputs = self.targets = self.grid = None
        ax.set_xlabel("i1", fontsize=FONT)
        ax.set_ylabel("i2", fontsize=FONT)
        self.network = None

    def update(self, network: Network, inputs: ArrayLike | None = None, targets: ArrayLike | None = None,
               title: str | None = None) -> None:
        """Recolour the plane for `network`; new `inputs` and `targets` (n, 2), (n, 1) move the points too.

        The title says the accuracy unless `title` is given.
        """
        if inputs is not None or targets is not None or self.inputs is None:
            self._set_data(*_check_classifier(network, inputs, targets))
        else:
            _check_classifier(network, self.inputs, self.targets)
        xs, ys = self.grid
        grid_x, grid_y = np.meshgrid(xs, ys)   # row r of the image is ys[r]: origin="lower"
        outs = network.forward(np.column_stack([grid_x.ravel(), grid_y.ravel()])).outs[-1]
        outs = outs[:, 0].reshape(grid_x.shape)
        self.image.set_data(outs)
        self._draw_boundary(xs, ys, outs)
        self.network = network
        if title is None:
            title = f"accuracy {accuracy(network, self.inputs, self.targets):.1%}"
        set_title(self.ax, title)

    def description(self) -> str:
        """The network, the examples by class, the accuracy and where the boundary is, in words."""
        sizes = "-".join(map(str, self.network.sizes))
        ones = int(self.targets.sum())
        (x0, x1), (y0, y1) = self.ax.get_xlim(), self.ax.get_ylim()
        boundary = "the line out_o1 = 0.5 separates them" if self.boundary is not None else (
            "out_o1 does not cross 0.5 here, so there is no boundary")
        return (f"Decision boundary of a {sizes} network over i1 from {short(x0)} to {short(x1)} and i2 from "
                f"{short(y0)} to {short(y1)}, titled {self.ax.get_title()!r}: the plane is coloured by out_o1, "
                f"blue near 0, red near 1; {len(self.targets) - ones} examples of class 0 (white circles) and "
                f"{ones} of class 1 (black triangles); {boundary}; accuracy "
                f"{accuracy(self.network, self.inputs, self.targets):.1%}.")

    def _set_data(self, inputs: np.ndarray, targets: np.ndarray) -> None:
        """Move the points to new examples and fit the plane around them."""
        self.inputs, self.targets = inputs, targets
        for target, points in self.points.items():
            points.set_offsets(inputs[targets[:, 0] == target])
        low, high = inputs.min(axis=0), inputs.max(axis=0)
        pad = MARGIN * np.maximum(high - low, 1.0)
        low, high = low - pad, high + pad
        self.grid = (np.linspace(low[0], high[0], self.resolution), np.linspace(low[1], high[1], self.resolution))
        self.image.set_extent((low[0], high[0], low[1], high[1]))
        self.ax.set(xlim=(low[0], high[0]), ylim=(low[1], high[1]))

    def _draw_boundary(self, xs: np.ndarray, ys: np.ndarray, outs: np.ndarray) -> None:
        """Replace the line out_o1 = 0.5 (a contour set cannot change its data); none if out_o1 never crosses it."""
        if self.boundary is not None:
            self.boundary.remove()
            self.boundary = None
        if np.all(np.isfinite(outs)) and outs.min() < 0.5 < outs.max():
            self.boundary = self.ax.contour(xs, ys, outs, levels=[0.5], colors="black", linewidths=1.5)


def plot_decision_boundary(network: Network, inputs: ArrayLike, targets: ArrayLike, *, ax: Axes | None = None,
                           resolution: int = 80, size: tuple[float, float] = SIZE) -> DecisionBoundary:
    """Where a 2-input, 1-output network predicts class 1, on a `resolution` x `resolution` grid.

    `inputs` (n, 2) and `targets` (n, 1) are the examples drawn on top; the grid covers
    them with a margin. `size` is (width, height) in inches; a smaller figure keeps its
    text size. Used in notebooks/08-beyond-the-lecture.ipynb.
    """
    resolution = valid_count("resolution", resolution, minimum=2, maximum=1_000)
    size = valid_size(size, SMALLEST)
    view = DecisionBoundary(new_axes(size, ax, inset(size, left=0.85, bottom=0.95, right=0.2, top=0.45)), resolution)
    view.update(network, inputs, targets)
    return view
