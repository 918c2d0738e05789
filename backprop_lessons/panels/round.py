"""The round panel: sliders for the lecture's values and eta, the worked round as a table, the diagram.

    panel = round_panel(lesson=3)    # a cell marked # NBVAL_IGNORE_OUTPUT displays it
    panel                            # (the last line of that cell)

    panel.set(w5=0.3, eta=0.5)       # the next cell moves sliders the way a student would
    print(panel.summary())           # and prints what the panel now shows, for nbval to check

Each notebook's panel shows what that notebook has taught (lecture/lessons.py): its sections
of the round, matched exactly, and eta and the biases' checkbox only once they are taught.

It recomputes with lecture.worked_round, so its numbers are the ones the notebooks derive by hand.
Non-goal: dashboards; the panel shows one round of the lecture.
"""
from __future__ import annotations

import ipywidgets as widgets

from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError, shown
from backprop_lessons.figures.diagram import draw_network
from backprop_lessons.lecture.example import LECTURE_ETA, LECTURE_VALUES, Step, data_of, network_of, round_of
from backprop_lessons.lecture.lessons import Lesson, lesson as get_lesson
from backprop_lessons.panels.base import Panel, format_lines, html_table, slider

SLIDER_RANGES = {"i": (-1.0, 1.0), "t": (0.0, 1.0), "w": (-2.0, 2.0), "b": (-2.0, 2.0)}   # by first letter
LESSONS_TAUGHT = Lesson(0, (), eta=True, biases=True)   # no lesson given: every control


class RoundPanel(Panel):
    """Sliders for the lecture's values and eta; the worked round as a table, and the network diagram."""

    def __init__(self, controls, views, *, sections: tuple[str, ...] = (), **kwargs):
        """`sections`: show only the steps of these sections of the round, matched exactly (all if empty)."""
        self.sections = tuple(sections)
        super().__init__(controls, views, **kwargs)

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Work one round for these values (checked once where they entered: set() or the slider's
        callback); draw the network before it, list the chosen steps."""
        taught = {name: values.pop(name) for name in ("eta", "update_biases") if name in values}
        self.round = round_of(values, taught.get("eta", LECTURE_ETA), taught.get("update_biases", False))
        self.views[0].update(network_of(values), *data_of(values))
        if self.sections:
            shown = [s for s in self.round.steps if s.section in self.sections]
            chosen = {s.name: s.value for s in shown}
        else:
            shown = self.round.steps
            chosen = {name: self.round[name] for name in ("E_total", "E_total+")} | {
                s.name: s.value for s in shown if s.name.endswith("+") and "_" not in s.name}
        header = ", ".join(f"{name} = {value:g}" if name == "eta" else f"{name} = {value}"
                           for name, value in taught.items())
        text = "\n".join(line for line in (header, format_lines(chosen)) if line)
        return text, html_table(round_rows(shown), ("quantity", "formula", "value"))

    def table_text(self) -> str:
        """Every step of the round shown, grouped by section: `name = formula = value`."""
        if self.error is not None:
            return f"message: {self.error}"
        return "\n".join(row[0] if len(row) == 1 else f"  {row[0]} = {row[1]} = {row[2]}"
                         for row in round_rows(self.round.steps))


def _check_sections(sections: object) -> tuple[str, ...]:
    """`sections` as a tuple of texts, each the name of a section of the worked round."""
    if isinstance(sections, str) or not isinstance(sections, (tuple, list)) or not all(
            isinstance(s, str) for s in sections):
        raise InvalidTypeError(f"sections must be a tuple of section names such as ('Chain rule for w5',), "
                               f"got {shown(sections)}")
    known = list(dict.fromkeys(step.section for step in round_of(LECTURE_VALUES, LECTURE_ETA, True).steps))
    for section in sections:
        if section not in known:
            raise InvalidValueError(f"sections must name sections of the worked round, such as "
                                    f"{', '.join(map(repr, known[:3]))}; got {shown(section)}")
    return tuple(sections)


def round_rows(steps: list[Step]) -> list[tuple[str, ...]]:
    """A section title row, then (name, formula, value to 9 significant digits) for each step."""
    rows, section = [], None
    for step in steps:
        if step.section != section:
            section = step.section
            rows.append((section,))
        rows.append((step.name, step.formula, f"{step.value:.9g}"))
    return rows


def round_panel(*, lesson: int | None = None, sections: tuple[str, ...] = ()) -> RoundPanel:
    """Sliders for i1, i2, target_o1, target_o2, w1 .. w8, b1, b2 (and eta, the biases); one round, live.

    `lesson` (1 to 4, lecture/lessons.py) shows what that notebook has taught: its sections of
    the round, the eta slider from notebook 3 on, the biases' checkbox in notebook 4.
    Without it, `sections` (e.g. ("Chain rule for w5",)) limits the table and summary.
    """
    taught = LESSONS_TAUGHT if lesson is None else get_lesson(lesson)
    sections = taught.sections if lesson is not None else _check_sections(sections)
    sliders = {name: slider(name, value, *SLIDER_RANGES[name[0]])
               for name, value in LECTURE_VALUES.items()}
    groups = {"example": ["i1", "i2", "target_o1", "target_o2"],
              "hidden layer": ["w1", "w2", "w3", "w4", "b1"],
              "output layer": ["w5", "w6", "w7", "w8", "b2"], "learning": []}
    if taught.eta:
        sliders["eta"] = slider("eta", LECTURE_ETA, 0.01, 5.0)
        groups["learning"].append("eta")
    if taught.biases:
        sliders["update_biases"] = widgets.Checkbox(value=False, description="update biases b1, b2",
                                                    indent=False)
        groups["learning"].append("update_biases")
    groups = {title: names for title, names in groups.items() if names}
    diagram = draw_network(show_gradients=taught.eta, compact=True)   # gradients once notebook 3 has taught them
    visible = [name for name in visible_controls(sections) if name in sliders]
    return RoundPanel(sliders, [diagram], groups=groups, sections=sections, visible=visible,
                      table="folded", table_title="the round, step by step")


def forward_only(sections: tuple[str, ...]) -> bool:
    """Whether the chosen sections are all forward pass (no error, gradient or update shown)."""
    return bool(sections) and all(section.startswith("Forward pass") for section in sections)


def visible_controls(sections: tuple[str, ...]) -> list[str]:
    """The controls whose effect the panel shows for these sections (all, if none are chosen).

    The targets change nothing in a forward pass; eta only the updates; "update biases"
    only the biases' update step.
    """
    names = [*LECTURE_VALUES, "eta", "update_biases"]
    if not sections:
        return names
    hidden = set()
    if forward_only(sections):
        hidden |= {"target_o1", "target_o2"}
    if not any(section.startswith("Updating") for section in sections):
        hidden.add("eta")
    if not any(section.startswith("Updating the biases") for section in sections):
        hidden.add("update_biases")
    return [name for name in names if name not in hidden]
