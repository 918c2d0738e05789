"""The slider panels the notebooks display, one call each: round, training, learning rate, surface.

    panel = round_panel()            # a cell marked # NBVAL_IGNORE_OUTPUT displays it
    panel                            # (the last line of that cell)

    panel.set(w5=0.3, eta=0.5)       # the next cell moves sliders the way a student would
    print(panel.summary())           # and prints what the panel now shows, for nbval to check

Each panel recomputes with the package's own engine (lecture.worked_round, Network.train),
so its numbers are the ones the notebooks derive by hand; the learning-rate panel takes a
`losses_for` function so that a faster trainer can replace Network.train there.
Non-goal: dashboards; each panel shows one idea of the lecture.
"""
from __future__ import annotations

import io
import time
from collections.abc import Callable

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike

from .diagram import draw_network
from .errors import TrainingDivergedError, check_count, check_number
from .lecture import LECTURE_ETA, LECTURE_VALUES, Step, lecture_data, lecture_network, worked_round
from .names import get_parameters, neuron_names, parameter_slots
from .network import Network
from .panel import Panel, format_lines, html_table, numbers_shown
from .plots import lecture_defaults, plot_error_surface, plot_losses
from .recording import Recording, record_training
from .sweep import sweep_lookup

SLIDER_RANGES = {"i": (-1.0, 1.0), "t": (0.0, 1.0), "w": (-2.0, 2.0), "b": (-2.0, 2.0)}   # by first letter


def _slider(name: str, value: float, low: float, high: float, continuous_update: bool) -> widgets.FloatSlider:
    """A labelled FloatSlider in steps of 0.01."""
    return widgets.FloatSlider(value=value, min=low, max=high, step=0.01, description=name,
                               readout_format=".2f", continuous_update=continuous_update,
                               style={"description_width": "70px"}, layout=widgets.Layout(width="260px"))


class RoundPanel(Panel):
    """Sliders for the lecture's values and eta; the worked round as a table, and the network diagram."""

    def __init__(self, controls, views, *, sections: tuple[str, ...] = (), **kwargs):
        """`sections`: show only the steps whose section starts with one of these (all if empty)."""
        self.sections = tuple(sections)
        super().__init__(controls, views, **kwargs)

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Work one round for these values; draw the network before it, list the chosen steps."""
        eta, update_biases = values.pop("eta"), values.pop("update_biases")
        self.round = worked_round(values, eta, update_biases=update_biases)
        self.views[0].update(lecture_network(values), *lecture_data(values))
        shown = [s for s in self.round.steps if not self.sections or (
            s.section.startswith(self.sections) and not s.section.endswith("(after the update)"))]
        if self.sections:
            chosen = {s.name: s.value for s in shown}
        else:
            chosen = {s.name: s.value for s in shown if s.name.endswith("+") and "_" not in s.name}
        text = format_lines({"E_total": self.round["E_total"], "E_total+": self.round["E_total+"], **chosen})
        return f"eta = {eta:g}, update_biases = {update_biases}\n{text}", html_table(
            _round_rows(shown), ("quantity", "formula", "value"))

    def table_text(self) -> str:
        """Every step of the round shown, grouped by section: `name = formula = value`."""
        if self.error is not None:
            return f"message: {self.error}"
        return "\n".join(row[0] if len(row) == 1 else f"  {row[0]} = {row[1]} = {row[2]}"
                         for row in _round_rows(self.round.steps))


def _round_rows(steps: list[Step]) -> list[tuple[str, ...]]:
    """A section title row, then (name, formula, value to 9 significant digits) for each step."""
    rows, section = [], None
    for step in steps:
        if step.section != section:
            section = step.section
            rows.append((section,))
        rows.append((step.name, step.formula, f"{step.value:.9g}"))
    return rows


def round_panel(*, sections: tuple[str, ...] = (), continuous_update: bool = True) -> RoundPanel:
    """Sliders for i1, i2, target_o1, target_o2, w1 .. w8, b1, b2 and eta; one round, live.

    `sections` (e.g. ("Forward pass",)) limits the table and summary to those steps of the round.
    """
    sliders = {name: _slider(name, value, *SLIDER_RANGES[name[0]], continuous_update)
               for name, value in LECTURE_VALUES.items()}
    sliders["eta"] = _slider("eta", LECTURE_ETA, 0.01, 5.0, continuous_update)
    sliders["update_biases"] = widgets.Checkbox(value=False, description="update biases b1, b2",
                                                indent=False)
    groups = {"example": ["i1", "i2", "target_o1", "target_o2"],
              "hidden layer": ["w1", "w2", "w3", "w4", "b1"],
              "output layer": ["w5", "w6", "w7", "w8", "b2"],
              "learning": ["eta", "update_biases"]}
    return RoundPanel(sliders, [draw_network(show_gradients=True)], groups=groups, sections=sections)


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
                   eta: float = LECTURE_ETA, update_biases: bool = False) -> TrainingPanel:
    """Train once (default: the lecture's network, 10,000 rounds at eta = 0.5), then replay any round."""
    network, inputs, targets = lecture_defaults(network, inputs, targets)
    eta = check_number("eta", eta, positive=True)
    recording = record_training(network, inputs, targets, rounds, eta, update_biases=update_biases)
    label = f"eta = {eta:g}" + (", biases updated" if update_biases else "")
    slider = widgets.IntSlider(value=0, min=0, max=recording.last_round, description="round",
                               continuous_update=False, layout=widgets.Layout(width="480px"))
    play = widgets.Play(value=0, min=0, max=recording.last_round, step=max(1, recording.last_round // 100),
                        interval=150)
    widgets.jslink((play, "value"), (slider, "value"))
    note = "" if recording.diverged is None else f"<b>{recording.diverged}</b>; the slider stops before it."
    return TrainingPanel(recording, network, controls={"round": slider}, extras=[play], note=note,
                         views=[plot_losses({label: recording.losses}), draw_network(network, inputs, targets)])


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
        numbers = {"E_total after 0 rounds": losses[0], f"E_total after {len(losses) - 1} rounds": losses[-1]}
        return numbers_shown(f"eta = {eta:.6g}, update_biases = {update_biases}", numbers)


def learning_rate_panel(network: Network | None = None, inputs: ArrayLike | None = None,
                        targets: ArrayLike | None = None, *, rounds: int = 10_000,
                        reference_eta: float = LECTURE_ETA,
                        losses_for: Callable[[float, bool], np.ndarray] | None = None) -> LearningRatePanel:
    """Slide eta from 0.01 to about 30 (log scale) and watch E_total over `rounds` rounds.

    `losses_for(eta, update_biases)` returns losses[k] = E_total after k rounds. The default
    trains every eta of the slider at once in one batched sweep (sweep.py), the first time
    it is needed, and then looks the curves up: about a second, then instant.
    """
    rounds = check_count("rounds", rounds, maximum=1_000_000)
    network, inputs, targets = lecture_defaults(network, inputs, targets)
    slider = widgets.FloatLogSlider(value=reference_eta, base=10, min=-2, max=1.5, step=0.05, description="eta",
                                    continuous_update=False, readout_format=".3g")
    if losses_for is None:
        grid = slider.base ** np.arange(slider.min, slider.max + slider.step / 2, slider.step)
        losses_for = sweep_lookup(network, inputs, targets, grid, rounds)
    try:
        reference = {f"eta = {reference_eta:g} (reference)": losses_for(reference_eta, False)}
    except TrainingDivergedError:
        reference = {}
    controls = {"eta": slider, "update_biases": widgets.Checkbox(value=False, description="update biases")}
    note = f"Each eta trains {rounds:,} rounds."
    return LearningRatePanel(losses_for, reference, controls=controls, note=note,
                             views=[plot_losses(reference, title="E_total by round for one eta")])


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
    controls = {"x": widgets.Dropdown(options=names, value=x, description="x"),
                "y": widgets.Dropdown(options=names, value=y, description="y"),
                "eta": _slider("eta", LECTURE_ETA, 0.01, 5.0, False),
                "steps": widgets.IntSlider(value=100, min=0, max=1000, step=10, description="steps",
                                           continuous_update=False)}
    surface = plot_error_surface(x, y, network=network, inputs=inputs, targets=targets)
    return SurfacePanel(controls, [surface])


def measure_latency(repeats: int = 21) -> dict[str, float]:
    """Median milliseconds per change of w5 in round_panel, done in place vs rebuilt from scratch.

    "in_place_ms": what the panel does: the worked round, the diagram's artists updated,
    one SVG rendered. "rebuilt_ms": the usual callback that clears an Output and draws
    anew: the worked round, the table, a new diagram rendered as the inline backend does
    (PNG with a tight bounding box).
    """
    panel = round_panel()
    values = np.linspace(-2.0, 2.0, repeats)

    def rebuild(w5: float) -> None:
        """One naive refresh: everything built again, then thrown away."""
        html_table(_round_rows(worked_round({"w5": w5}).steps), ("quantity", "formula", "value"))
        diagram = draw_network(lecture_network({"w5": w5}), *lecture_data(), show_gradients=True)
        diagram.figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")

    return {"in_place_ms": _median_ms(lambda w5: panel.set(w5=w5), values),
            "rebuilt_ms": _median_ms(rebuild, values)}


def _median_ms(action: Callable[[float], None], values: np.ndarray) -> float:
    """The median wall-clock time of action(value) over `values`, in milliseconds."""
    times = []
    for value in values:
        start = time.perf_counter()
        action(float(value))
        times.append(time.perf_counter() - start)
    return float(np.median(times) * 1000)
