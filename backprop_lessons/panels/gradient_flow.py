"""The vanishing-gradient panel: depth, activation and initial weights; each layer's gradient size (notebook 13).

    panel = gradient_flow_panel()                                 # a cell marked # NBVAL_IGNORE_OUTPUT displays it
    panel.set(hidden_layers=10, activation="relu", init="He")     # the next cell picks a network
    print(panel.summary())                                        # and prints what the panel shows

"init" is Xavier (gain 1), He (gain sqrt 2) or "gain", which takes the gain slider: the weights
start N(0, gain^2 / n_in) (engine/gradient_flow.py). Non-goal: training the deep network.
"""
from __future__ import annotations

import ipywidgets as widgets

from backprop_lessons.engine.gradient_flow import ACTIVATIONS, INITS, MAX_HIDDEN, gain_of, gradient_flow
from backprop_lessons.figures.gradient_flow import plot_layer_sizes
from backprop_lessons.panels.base import Panel, numbers_shown


class GradientFlowPanel(Panel):
    """Hidden layers, activation, initial weights; the gradient size and the outputs' spread per layer."""

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """One backward pass through the chosen network; plot and list the sizes."""
        gain = gain_of(values["init"], values["gain"])
        flow = gradient_flow(values["hidden_layers"], values["activation"], gain)
        label = f"{values['activation']}, gain {gain:.3g}"
        self.views[0].update({label: flow.gradient}, {label: flow.spread},
                             title=f"{values['hidden_layers']} hidden layers, {values['init']}")
        last = len(flow.gradient)
        return numbers_shown(f"{values['hidden_layers']} hidden layers, {values['activation']}, "
                             f"{values['init']} (gain {gain:.3g})",
                             {"gradient size, layer 1": flow.gradient[0],
                              f"gradient size, layer {last}": flow.gradient[-1],
                              "layer 1 / last layer": flow.ratio,
                              "spread of the last hidden layer": flow.spread[-1]})


def gradient_flow_panel() -> GradientFlowPanel:
    """Sliders for 1 .. MAX_HIDDEN hidden layers and a gain; menus for the activation and the initialisation."""
    controls = {"hidden_layers": widgets.IntSlider(value=6, min=1, max=MAX_HIDDEN, description="hidden layers"),
                "activation": widgets.Dropdown(options=ACTIVATIONS, value="sigmoid", description="activation"),
                "init": widgets.Dropdown(options=(*INITS, "gain"), value="Xavier", description="init"),
                "gain": widgets.FloatLogSlider(value=1.0, base=10, min=-1, max=1, step=0.05, description="gain",
                                               readout_format=".3g")}
    return GradientFlowPanel(controls, [plot_layer_sizes({}, {})], controls_at="top")
