"""The matrix panel: sliders for w1 .. w8, the matrix form's entries beside the worked round's (notebook 9).

    panel = matrix_panel()           # a cell marked # NBVAL_IGNORE_OUTPUT displays it
    panel.set(w5=0.8)                # the next cell moves a slider
    print(panel.summary())           # and prints the table the panel shows

Non-goal: other networks; the matrices are the lecture's W1 and W2.
"""
from __future__ import annotations

from backprop_lessons.figures.diagram import draw_network
from backprop_lessons.lecture.example import LECTURE_VALUES, lecture_data, lecture_network
from backprop_lessons.lecture.matrix import matrix_table, matrix_table_text
from backprop_lessons.panels.base import Panel, html_table, slider

WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


class MatrixPanel(Panel):
    """Weights under sliders; every entry of the matrix form with its lecture name and both values."""

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Recompute both ways for these weights; draw the network with its gradients."""
        self.views[0].update(lecture_network(values), *lecture_data(values))
        rows = [(label, name, f"{a:.9f}", f"{b:.9f}") for label, name, a, b in matrix_table(values)]
        return matrix_table_text(values), html_table(rows, ("matrix entry", "lecture name", "matrix form",
                                                             "worked round"))


def matrix_panel(*, continuous_update: bool = True) -> MatrixPanel:
    """Sliders for w1 .. w8 (W1 and W2); the matrix form's numbers beside the scalar round's."""
    sliders = {w: slider(w, LECTURE_VALUES[w], -2.0, 2.0, continuous_update) for w in WEIGHTS}
    return MatrixPanel(sliders, [draw_network(show_gradients=True)],
                       groups={"W1": list(WEIGHTS[:4]), "W2": list(WEIGHTS[4:])})
