"""The PyTorch panel: rounds of the lecture in PyTorch, with and without zero_grad(); E_total by round (notebook 17).

    panel = torch_panel()             # a cell marked # NBVAL_IGNORE_OUTPUT displays it
    panel.set(rounds=10)              # the next cell runs ten rounds
    print(panel.summary())            # and prints what the panel shows

Non-goal: other networks; the rounds are the lecture's (lecture/torch_round.py).
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from backprop_lessons.figures.loss_curves import plot_losses
from backprop_lessons.lecture.torch_round import torch_rounds
from backprop_lessons.panels.base import Panel, numbers_shown


class TorchPanel(Panel):
    """A number of rounds; both runs' E_total by round, and the last round's dE_total/dw5."""

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Run the rounds with and without zero_grad() and compare them."""
        rounds = values["rounds"]
        runs = {"with zero_grad()": torch_rounds(rounds), "without zero_grad()": torch_rounds(rounds, zero_grad=False)}
        self.views[0].update({label: np.array([r["E_total"] for r in run]) for label, run in runs.items()})
        numbers = {}
        for label, run in runs.items():
            numbers[f"E_total before round {rounds}, {label}"] = run[-1]["E_total"]
            numbers[f"dE_total/dw5 in round {rounds}, {label}"] = run[-1]["dE_total/dw5"]
        return numbers_shown(f"{rounds} rounds of the lecture in PyTorch (float64, eta 0.5)", numbers)


def torch_panel() -> TorchPanel:
    """A slider for 1 to 50 rounds."""
    controls = {"rounds": widgets.IntSlider(value=5, min=1, max=50, description="rounds")}
    return TorchPanel(controls, [plot_losses({}, title="E_total before each round", size=(6.0, 3.6))])
