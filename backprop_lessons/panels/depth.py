"""The depth panel: pick a network's depth, width and activation; BP1 .. BP4 checked against SymPy, layer by layer (notebook 12).

    panel = depth_panel()                            # a cell marked # NBVAL_IGNORE_OUTPUT displays it
    panel.set(hidden_layers=4, activation="tanh")    # the next cell picks a network
    print(panel.summary())                           # and prints what the panel shows

Non-goal: big networks: SymPy's work grows with the square of the parameters, so the sliders
stop at 5 hidden layers of 4 neurons (about a second per move on a classroom machine).
"""
from __future__ import annotations

import ipywidgets as widgets

from backprop_lessons.figures.gradient_flow import plot_layer_sizes
from backprop_lessons.panels.base import Panel, numbers_shown
from backprop_lessons.symbolic.deep_check import deep_check

INPUTS, OUTPUTS = 2, 2     # the lecture's inputs and outputs; the hidden layers are the panel's


class DepthPanel(Panel):
    """Hidden layers, their width, the activation and a seed; each layer's largest gradient and relative error."""

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Check the four equations on the chosen network; one row per layer and comparison."""
        sizes = [INPUTS] + [values["width"]] * values["hidden_layers"] + [OUTPUTS]
        check = deep_check(sizes, values["activation"], seed=values["seed"])
        self.views[0].update({"four equations": [row.largest for row in check.layers]},
                             title=f"Largest |dE/dp| of each layer ({values['activation']})")
        numbers = {}
        for row in check.layers:
            numbers[f"layer {row.layer}: largest |dE/dp|"] = row.largest
            numbers[f"layer {row.layer}: rel. error vs SymPy"] = row.error_sympy
        verdict = "agree" if check.all_agree else "DISAGREE"
        return numbers_shown(f"{check.description}\nthe four equations and SymPy {verdict}", numbers)


def depth_panel() -> DepthPanel:
    """Sliders for 1 to 5 hidden layers of 1 to 4 neurons, an activation menu and a seed."""
    controls = {"hidden_layers": widgets.IntSlider(value=2, min=1, max=5, description="hidden layers"),
                "width": widgets.IntSlider(value=3, min=1, max=4, description="width"),
                "activation": widgets.Dropdown(options=("sigmoid", "tanh", "relu"), value="sigmoid",
                                               description="activation"),
                "seed": widgets.IntSlider(value=0, min=0, max=9, description="seed")}
    return DepthPanel(controls, [plot_layer_sizes({}, title="Largest |dE/dp| of each layer",
                                                       ylabel="largest |dE/dp|")])
