"""The panels of notebooks 9 and 11: what they show is what the package computes."""
import pytest

from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.lecture.matrix import matrix_table_text
from backprop_lessons.lecture.why import nudge
from backprop_lessons.panels.base import format_lines
from backprop_lessons.panels.matrix import matrix_panel
from backprop_lessons.panels.nudge import nudge_panel


def test_matrix_panel_shows_the_matrix_table_for_its_weights():
    panel = matrix_panel()
    assert panel.summary() == matrix_table_text()
    panel.set(w5=0.8, w7=-1.0)
    assert panel.summary() == matrix_table_text({"w5": 0.8, "w7": -1.0}) and panel.error is None
    assert "dE_total/dw5" in panel.numbers.value


def test_nudge_panel_shows_the_nudge_of_the_chosen_weight():
    panel = nudge_panel()
    panel.set(weight="w1", h=0.1)
    assert panel.summary() == "w1 += 0.1\n" + format_lines(nudge("w1", 0.1))


def test_the_panels_refuse_values_their_controls_cannot_take():
    with pytest.raises(InvalidValueError, match="weight"):
        nudge_panel().set(weight="w9")
    with pytest.raises(InvalidValueError, match="w5"):
        matrix_panel().set(w5=3.0)
