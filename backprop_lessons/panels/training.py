"""The training panels: replay one recorded run round by round, and slide the learning rate.

Both train with the package's engine (Network.train, or the batched sweep of engine/sweep.py
for the learning-rate slider, which trains every eta of the slider at once).
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike

from backprop_lessons.engine.errors import InvalidTypeError, TrainingDivergedError, valid_count, valid_number, shown
from backprop_lessons.engine.naming import get_parameters, neuron_names
from backprop_lessons.engine.network import Network
from backprop_lessons.engine.recording import Recording, record_training
from backprop_lessons.engine.sweep import sweep_lookup
from backprop_lessons.lecture.example import lecture_defaults
from backprop_lessons.figures.diagram import draw_network
from backprop_lessons.figures.loss_curves import plot_losses
from backprop_lessons.lecture.example import LECTURE_ETA
from backprop_lessons.panels.base import Panel, numbers_shown
from backprop_lessons.panels.play import Player
from backprop_lessons.panels.tables import rounds_text


BESIDE_DIAGRAM = (3.5, 3.4)   # inches: the loss curve beside the compact diagram, both within 1366 px


class TrainingPanel(Panel):
    """A round slider replaying one recorded run: E_total, outputs and weights at that round."""

    def __init__(self, recording: Recording, network: Network, **kwargs):
        """Replay `recording` of `network`; `kwargs` go to Panel."""
        self.recording, self.outputs = recording, neuron_names(network)[-1]
        super().__init__(**kwargs)

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Rebuild the network at the chosen round; move the loss marker; list its numbers."""
        k, recording = values["round"], self.recording
        network = recording.network_at(k)
        self.views[0].mark(k)
        self.views[1].update(network, recording.inputs, recording.targets)
        outs = network.forward(recording.inputs).outs[-1][0]
        numbers = {"E_total": recording.losses[k],
                   **{f"out_{o}": out for o, out in zip(self.outputs, outs)},
                   **{f"target_{o}": t for o, t in zip(self.outputs, recording.targets[0])},
                   **get_parameters(network)}
        text, table = numbers_shown(f"round {k} of {recording.last_round}, eta = {recording.learning_rate:g}",
                                    numbers)
        return (text if recording.diverged is None else f"{text}\nnote: {recording.diverged}"), table


def training_panel(network: Network | None = None, inputs: ArrayLike | None = None,
                   targets: ArrayLike | None = None, *, rounds: int = 10_000,
                   eta: float = LECTURE_ETA, update_biases: bool = False, budget: bool = True) -> TrainingPanel:
    """Train once (default: the lecture's network, 10,000 rounds at eta = 0.5), then replay any round.
    The rounds must fit the classroom budget (engine/budget.py) unless budget=False."""
    network, inputs, targets = lecture_defaults(network, inputs, targets)
    eta = valid_number("eta", eta, positive=True)
    recording = record_training(network, inputs, targets, rounds, eta, update_biases=update_biases, budget=budget)
    label = f"eta = {eta:g}" + (", biases updated" if update_biases else "")
    slider = widgets.IntSlider(value=0, min=0, max=recording.last_round, description="round",
                               continuous_update=False, layout=widgets.Layout(width="420px"))
    play = widgets.Play(value=0, min=0, max=recording.last_round, step=max(1, recording.last_round // 100),
                        interval=150)
    note = "" if recording.diverged is None else f"<b>{recording.diverged}</b>; the slider stops before it."
    panel = TrainingPanel(recording, network, controls={"round": slider}, extras=[play], note=note,
                          views=[plot_losses({label: recording.losses}, size=BESIDE_DIAGRAM),
                                 draw_network(network, inputs, targets, compact=True)],
                          controls_at="top", table="folded")
    panel.player = Player(panel, play, "round")   # Play moves the round through the kernel only (play.py)
    return panel


class LearningRatePanel(Panel):
    """A learning-rate slider: the loss curve at that eta, redrawn over a fixed reference run."""

    def __init__(self, losses_for: Callable[[float, bool], np.ndarray], reference: dict[str, np.ndarray],
                 **kwargs):
        """Train with `losses_for(eta, update_biases)`; always show the `reference` runs too."""
        self.losses_for, self.reference = losses_for, reference
        super().__init__(**kwargs)

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Train at the chosen eta; give the curve the new losses (or drop it if training diverged)."""
        eta, update_biases = values["eta"], values["update_biases"]
        label = f"eta = {eta:.3g}" + (", biases updated" if update_biases else "")
        try:
            losses = self.losses_for(eta, update_biases)
        except TrainingDivergedError:
            self.views[0].update({f"{label} (diverged)": np.array([]), **self.reference})
            raise
        self.views[0].update({label: losses, **self.reference})
        for line in self.views[0].lines[1:]:
            line.set(color="0.6", linestyle="--")
        numbers = {"E_total after 0 rounds": losses[0], f"E_total after {rounds_text(len(losses) - 1)}": losses[-1]}
        return numbers_shown(f"eta = {eta:.6g}, update_biases = {update_biases}", numbers)


def learning_rate_panel(network: Network | None = None, inputs: ArrayLike | None = None,
                        targets: ArrayLike | None = None, *, rounds: int = 10_000,
                        reference_eta: float = LECTURE_ETA,
                        losses_for: Callable[[float, bool], np.ndarray] | None = None,
                        budget: bool = True) -> LearningRatePanel:
    """Slide eta from 0.01 to about 30 (log scale) and watch E_total over `rounds` rounds.

    `losses_for(eta, update_biases)` returns losses[k] = E_total after k rounds. The default
    trains every eta of the slider at once in one batched sweep (sweep.py), the first time
    it is needed, and then looks the curves up: about a second, then instant. Every eta of the
    slider trained `rounds` rounds must fit the classroom budget (engine/budget.py) unless budget=False.
    """
    rounds = valid_count("rounds", rounds)
    reference_eta = valid_number("reference_eta", reference_eta, positive=True)
    if losses_for is not None and not callable(losses_for):
        raise InvalidTypeError(f"losses_for must be a function losses_for(eta, update_biases), got {shown(losses_for)}")
    network, inputs, targets = lecture_defaults(network, inputs, targets)
    slider = widgets.FloatLogSlider(value=reference_eta, base=10, min=-2, max=1.5, step=0.05, description="eta",
                                    continuous_update=False, readout_format=".3g")
    if losses_for is None:
        grid = slider.base ** np.arange(slider.min, slider.max + slider.step / 2, slider.step)
        losses_for = sweep_lookup(network, inputs, targets, grid, rounds, budget=budget)
    try:
        reference = {f"eta = {reference_eta:g} (reference)": losses_for(reference_eta, False)}
    except Exception:   # diverged, or a losses_for of one's own that fails: the panel says so on its first show
        reference = {}
    controls = {"eta": slider, "update_biases": widgets.Checkbox(value=False, description="update biases")}
    note = f"Each eta trains {rounds:,} rounds."
    return LearningRatePanel(losses_for, reference, controls=controls, note=note, controls_at="top",
                             views=[plot_losses(reference, title="E_total by round for one eta")])
