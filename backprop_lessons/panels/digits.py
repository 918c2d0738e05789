"""The digits panel: hidden neurons, epochs, eta and batch size; train, and see the loss and the accuracy (notebook 15).

    panel = digits_panel()                   # a cell marked # NBVAL_IGNORE_OUTPUT displays it
    panel.set(batch="128", epochs=5)         # the next cell changes the training
    print(panel.summary())                   # and prints what the panel shows

Each change trains a new network from the same start (engine/digits.train_digits): at most
64 hidden neurons and 20 epochs, a few seconds on a classroom machine.
Non-goal: a live curve while training runs.
"""
from __future__ import annotations

import ipywidgets as widgets

from backprop_lessons.engine.digits import load_digits_split, train_digits
from backprop_lessons.figures.digits import DigitLosses
from backprop_lessons.panels.base import Panel, numbers_shown

BATCHES = ("8", "32", "128", "1347")   # 1347: every training image in one step (full-batch gradient descent)


class DigitsPanel(Panel):
    """Training settings under sliders; the loss curve, the accuracy and the number of steps."""

    def __init__(self, *args, **kwargs):
        """Load the digits once, then build the panel."""
        self.data = load_digits_split()
        super().__init__(*args, **kwargs)

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Train with these settings; draw both losses; list the results."""
        run = train_digits(values["hidden"], values["epochs"], int(values["batch"]), values["eta"], data=self.data)
        self.views[0].update(run.train_loss, run.test_loss)
        return numbers_shown(f"{values['hidden']} hidden neurons, {values['epochs']} epochs, batches of "
                             f"{values['batch']}, eta {values['eta']:g}",
                             {"test accuracy": run.test_accuracy, "mean E per training image": run.train_loss[-1],
                              "mean E per test image": run.test_loss[-1], "steps": run.steps})


def digits_panel() -> DigitsPanel:
    """Sliders for the hidden neurons (8 to 64), epochs (1 to 20) and eta; a menu of batch sizes."""
    controls = {"hidden": widgets.IntSlider(value=32, min=8, max=64, step=8, description="hidden"),
                "epochs": widgets.IntSlider(value=15, min=1, max=20, description="epochs"),
                "eta": widgets.FloatLogSlider(value=0.3, base=10, min=-2, max=0, step=0.1, description="eta",
                                              readout_format=".3g"),
                "batch": widgets.Dropdown(options=BATCHES, value="32", description="batch")}
    return DigitsPanel(controls, [DigitLosses([1.0], [1.0])])
