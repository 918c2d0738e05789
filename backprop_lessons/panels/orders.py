"""The two update orders side by side, round by round: the panel of the errata notebook.

"correct" computes every gradient from the weights before the update, as the lecture
says; "as_published" updates w5..w8 first and computes the hidden deltas from the new
ones, as the code behind the lecture's first-round error and final outputs did (its final
error came from the correct order: erratum 3 in notebook 7). Slide over the rounds to
see how far apart the two errors drift. Used in notebooks/07-errata.ipynb.
Non-goal: other update schemes (momentum, per-example order); they are not the lecture's.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from backprop_lessons.engine.network import UPDATE_ORDERS
from backprop_lessons.engine.notation import short
from backprop_lessons.lecture.example import LECTURE_ETA, LECTURE_ROUNDS, train_lecture
from backprop_lessons.panels.base import Panel, numbers_shown
from backprop_lessons.figures.loss_curves import plot_losses


class OrdersPanel(Panel):
    """A round slider over two recorded runs: E_total after k rounds in each update order."""

    def __init__(self, losses: dict[str, np.ndarray], **kwargs):
        """`losses[order][k]` is E_total after k updates in that order; `kwargs` go to Panel."""
        self.losses = losses
        super().__init__(**kwargs)

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Move the marker to the chosen round; list both errors and how far apart they are."""
        k = values["round"]
        self.views[0].mark(k)
        correct, published = self.losses["correct"][k], self.losses["as_published"][k]
        return numbers_shown(f"after {k:,} round{'' if k == 1 else 's'}", {
            "E_total (correct)": correct, "E_total (as_published)": published,
            "as_published - correct": published - correct})


def orders_panel(rounds: int = LECTURE_ROUNDS, eta: float = LECTURE_ETA) -> OrdersPanel:
    """Train the lecture's network once in each order (default 10,000 rounds), then compare any round."""
    losses = {order: train_lecture(rounds, eta, order=order)[1].losses for order in UPDATE_ORDERS}
    slider = widgets.IntSlider(value=1, min=0, max=rounds, description="round",
                               continuous_update=False, layout=widgets.Layout(width="420px"))
    gap = np.abs(losses["as_published"] - losses["correct"]).max()   # where: the notebook's question
    curves = plot_losses(losses, title=f"E_total in each update order\nthe lines overlap: at most {short(gap)} apart")
    curves.lines[1].set(linestyle="--", linewidth=2.5)   # as_published dashed over correct, so both show
    curves.update(losses)                                 # and the legend says so
    return OrdersPanel(losses, controls={"round": slider}, controls_at="top", views=[curves])
