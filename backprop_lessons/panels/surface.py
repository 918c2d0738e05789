"""The error-surface panel: two parameter menus, eta and steps; the descent path redrawn in place."""
from __future__ import annotations

import ipywidgets as widgets
from numpy.typing import ArrayLike

from backprop_lessons.engine.naming import parameter_slots
from backprop_lessons.engine.network import Network
from backprop_lessons.lecture.example import lecture_defaults
from backprop_lessons.figures.error_surface import plot_error_surface
from backprop_lessons.lecture.example import LECTURE_ETA
from backprop_lessons.panels.base import Panel, numbers_shown, slider


BESIDE_CONTROLS = (6.0, 6.0)   # inches: the surface beside its controls within 1366x768


class SurfacePanel(Panel):
    """Two parameter menus, eta and steps: the error surface and the descent path, redrawn in place."""

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Descend on the two chosen parameters; report the start, its gradient and the end."""
        x, y, eta, steps = values["x"], values["y"], values["eta"], values["steps"]
        self.views[0].update(x, y, eta, steps)
        path = self.views[0].path
        numbers = {f"start {x}": path.points[0, 0], f"start {y}": path.points[0, 1],
                   "start E_total": path.losses[0],
                   f"dE_total/d{x}": path.gradients[0, 0], f"dE_total/d{y}": path.gradients[0, 1],
                   f"end {x}": path.points[-1, 0], f"end {y}": path.points[-1, 1], "end E_total": path.losses[-1]}
        return numbers_shown(f"x = {x}, y = {y}, eta = {eta:g}, steps = {steps}", numbers)


def surface_panel(network: Network | None = None, inputs: ArrayLike | None = None,
                  targets: ArrayLike | None = None) -> SurfacePanel:
    """Pick two parameters (the others stay at the lecture's) and watch gradient descent on them."""
    network, inputs, targets = lecture_defaults(network, inputs, targets)
    names = list(parameter_slots(network))
    x, y = ("w5", "w6") if {"w5", "w6"} <= set(names) else names[:2]
    narrow = {"layout": widgets.Layout(width="220px"), "style": {"description_width": "72px"}}   # as slider()
    controls = {"x": widgets.Dropdown(options=names, value=x, description="x", **narrow),
                "y": widgets.Dropdown(options=names, value=y, description="y", **narrow),
                "eta": slider("eta", LECTURE_ETA, 0.01, 5.0),
                "steps": widgets.IntSlider(value=100, min=0, max=1000, step=10, description="steps",
                                           continuous_update=False, **narrow)}
    surface = plot_error_surface(x, y, network=network, inputs=inputs, targets=targets, size=BESIDE_CONTROLS)
    return SurfacePanel(controls, [surface], table="beside")
