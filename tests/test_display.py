"""The worked round's steps as LaTeX for the notebooks."""
import pytest

from backprop_lessons.panels.display import show_lines, show_steps, steps_latex
from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.lecture.example import worked_round
from backprop_lessons.engine.notation import figure


def test_steps_latex_holds_each_step_of_the_section_with_its_value():
    latex = steps_latex(worked_round(), "Chain rule for w5")
    assert latex.startswith(r"\begin{aligned}") and latex.count(r"\\") == 3
    assert r"\frac{\partial E_{total}}{\partial w_{5}} &= " in latex
    assert latex.rstrip(r"\end{aligned}").endswith("0.082167041")


def test_show_steps_follows_the_sliders_values():
    moved = worked_round({"w5": 0.3})
    latex = show_steps(moved, "Forward pass – output layer").data
    assert f"= {figure(moved['net_o1'])}" in latex and figure(worked_round()["net_o1"]) not in latex


def test_unknown_section_lists_the_known_ones():
    with pytest.raises(InvalidValueError, match="sections must name parts of the worked round.*Chain rule for w5"):
        steps_latex(worked_round(), "Chain rule for w9")


def test_show_lines_stacks_lines_in_one_block():
    math = show_lines([r"a = 1", r"\text{b}"])
    assert math.data == r"\begin{gathered}a = 1 \\ \text{b}\end{gathered}"
