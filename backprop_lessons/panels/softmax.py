"""The softmax panel: three logits, a target class and a scale; p, E and delta by two steps and fused (notebook 14).

    panel = softmax_panel()                  # a cell marked # NBVAL_IGNORE_OUTPUT displays it
    panel.set(scale=1000.0)                  # the next cell makes the logits large
    print(panel.summary())                   # and prints what the panel shows

The logits are z1, z2, z3 times `scale`: at scale 1000 the two-step route (p, then -y/p, then
the Jacobian) divides by a p that has underflowed to 0 and gives NaN; the fused route does not.
Non-goal: more classes.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from backprop_lessons.engine.softmax import delta_fused, delta_two_steps, loss_fused, loss_two_steps, softmax
from backprop_lessons.figures.softmax import SoftmaxBars
from backprop_lessons.panels.base import Panel, numbers_shown, slider

CLASSES = ("class 1", "class 2", "class 3")
START = {"z1": 2.0, "z2": 1.0, "z3": 0.1}


class SoftmaxPanel(Panel):
    """Logits z1 .. z3, a target class and a scale; the numbers both ways and the bars."""

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Compute p, E and delta for these logits, by two steps and fused."""
        z = values["scale"] * np.array([values["z1"], values["z2"], values["z3"]])
        y = np.eye(3)[CLASSES.index(values["target"])]
        p = softmax(z)
        self.views[0].update(p, y)
        two, fused = delta_two_steps(z, y), delta_fused(z, y)
        numbers = {**{f"p{k + 1}": p[k] for k in range(3)},
                   "E, two steps": loss_two_steps(z, y), "E, fused": loss_fused(z, y),
                   **{f"delta_{k + 1}, two steps": two[k] for k in range(3)},
                   **{f"delta_{k + 1}, fused (p - y)": fused[k] for k in range(3)}}
        return numbers_shown(f"logits {', '.join(f'{v:g}' for v in z)}; target {values['target']}", numbers)


def softmax_panel() -> SoftmaxPanel:
    """Sliders for z1, z2, z3 (-5 .. 5), a target menu and a logit scale from 1 to 1000."""
    controls = {**{name: slider(name, value, -5.0, 5.0) for name, value in START.items()},
                "target": widgets.Dropdown(options=CLASSES, value="class 2", description="target"),
                "scale": widgets.FloatLogSlider(value=1.0, base=10, min=0, max=3, step=0.25, description="scale",
                                                readout_format=".4g")}
    return SoftmaxPanel(controls, [SoftmaxBars(3)])
