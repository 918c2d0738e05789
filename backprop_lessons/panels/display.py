"""What the lecture notebooks show beside the sliders: the worked round's steps as LaTeX.

    show_steps(worked_round(), "Chain rule for w5")   # one aligned block, as on the slide
    show_lines(derive("w1").latex())                  # any list of LaTeX lines, one block

show_steps is used in notebooks 01-04 (the steps of each part of the lecture), show_lines
in notebook 06 (SymPy's derivations). Values are rounded as
the lecture rounds them (notation.figure), so the notebook and the slides read alike.
Non-goal: a display framework; IPython.display.Math does the typesetting.
"""
from __future__ import annotations

from IPython.display import Math

from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError, shown
from backprop_lessons.lecture.example import WorkedRound


def steps_latex(worked: WorkedRound, *sections: str) -> str:
    r"""The steps of the named sections as one `aligned` block: name &= formula = value \\ ..."""
    steps = [step for step in worked.steps if step.section in sections]
    if not steps:
        known = ", ".join(dict.fromkeys(step.section for step in worked.steps))
        raise InvalidValueError(f"sections must name parts of the worked round ({known}); got {shown(sections)}")
    lines = [step.latex.replace(" = ", " &= ", 1) for step in steps]   # align on the first "="
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def show_steps(worked: WorkedRound, *sections: str) -> Math:
    """The steps of the named sections, typeset (the last line of a notebook cell shows it)."""
    if not isinstance(worked, WorkedRound):
        raise InvalidTypeError(f"worked must be a worked round such as worked_round(), got {shown(worked)}")
    return Math(steps_latex(worked, *sections))


def show_lines(lines: list[str]) -> Math:
    """LaTeX lines (such as Derivation.latex()) typeset as one block, one line under another."""
    if isinstance(lines, str) or not isinstance(lines, (list, tuple)) or not all(isinstance(l, str) for l in lines):
        raise InvalidTypeError(f"lines must be a list of LaTeX texts such as derive('w1').latex(), got {shown(lines)}")
    return Math(r"\begin{gathered}" + r" \\ ".join(lines) + r"\end{gathered}")
