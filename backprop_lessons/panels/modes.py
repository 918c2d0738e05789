"""The modes panel: a network's sizes; the passes and multiplications of forward and reverse mode (notebook 16).

    panel = modes_panel()              # a cell marked # NBVAL_IGNORE_OUTPUT displays it
    panel.set(hidden=64)               # the next cell widens the hidden layers
    print(panel.summary())             # and prints what the panel shows

Counts only (engine/forward_mode.mode_counts): nothing is trained or timed.
"""
from __future__ import annotations

import ipywidgets as widgets

from backprop_lessons.engine.forward_mode import mode_counts
from backprop_lessons.engine.network import Network
from backprop_lessons.figures.modes import ModeBars
from backprop_lessons.panels.base import Panel, numbers_shown


class ModesPanel(Panel):
    """Inputs, hidden neurons, hidden layers and outputs; both modes' counts."""

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Count both modes for a network of these sizes, one example."""
        sizes = [values["inputs"]] + [values["hidden"]] * values["hidden_layers"] + [values["outputs"]]
        counts = mode_counts(Network.random(sizes))
        name = "-".join(map(str, sizes))
        self.views[0].update(counts["forward mode: multiplications"], counts["reverse mode: multiplications"],
                             f"Network {name}, one example")
        return numbers_shown(f"network {name}, one example", counts)


def modes_panel() -> ModesPanel:
    """Sliders for the inputs (1 to 64), hidden neurons (1 to 128), hidden layers (1 to 4) and outputs (1 to 10)."""
    controls = {"inputs": widgets.IntSlider(value=64, min=1, max=64, description="inputs"),
                "hidden": widgets.IntSlider(value=32, min=1, max=128, description="hidden"),
                "hidden_layers": widgets.IntSlider(value=1, min=1, max=4, description="hidden layers"),
                "outputs": widgets.IntSlider(value=10, min=1, max=10, description="outputs")}
    return ModesPanel(controls, [ModeBars()])
