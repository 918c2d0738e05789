"""The nudge panel: move one weight by h, and compare the change in E_total with dE/dw * h (notebook 11).

    panel = nudge_panel()            # a cell marked # NBVAL_IGNORE_OUTPUT displays it
    panel.set(weight="w1", h=0.01)   # the next cell picks a weight and a nudge
    print(panel.summary())           # and prints what the panel shows

Non-goal: second derivatives; the difference column shows where the straight line stops fitting.
"""
from __future__ import annotations

import ipywidgets as widgets

from backprop_lessons.lecture.why import nudge
from backprop_lessons.panels.base import Panel, numbers_shown

WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2")


class NudgePanel(Panel):
    """A weight to nudge and the size of the nudge; E_total before and after, and the prediction."""

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Nudge the chosen weight by h on the lecture's network."""
        weight, h = values["weight"], values["h"]
        return numbers_shown(f"{weight} += {h:g}", nudge(weight, h))


def nudge_panel() -> NudgePanel:
    """A menu of w1 .. w8, b1, b2 and a log slider for h from 0.0001 to 1."""
    controls = {"weight": widgets.Dropdown(options=WEIGHTS, value="w5", description="weight"),
                "h": widgets.FloatLogSlider(value=0.001, base=10, min=-4, max=0, step=0.25, description="h",
                                            readout_format=".4g")}
    return NudgePanel(controls, [])
