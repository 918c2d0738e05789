"""Which part of the worked round each lecture notebook teaches: one map for the panels and the tests.

A notebook's round panel (panels/round.py, `round_panel(lesson=3)`) shows exactly these
sections of the worked round, and only the controls the notebook has taught: eta from
notebook 3 (where w+ = w - eta * dE_total/dw appears), the biases' update in notebook 4.
The sections are the ones example.worked_round names; tests/test_student_text.py checks
that every section belongs to one lesson and that each notebook shows its lesson's sections.
"""
from __future__ import annotations

from dataclasses import dataclass

from backprop_lessons.engine.errors import valid_count


@dataclass(frozen=True)
class Lesson:
    """One lecture notebook's part of the round: its sections, and whether it has taught eta and the biases."""

    number: int
    sections: tuple[str, ...]    # sections of worked_round(), in the lecture's order
    eta: bool = False            # the update w+ = w - eta * dE_total/dw has been taught
    biases: bool = False         # updating b1 and b2 has been taught


LESSONS: dict[int, Lesson] = {lesson.number: lesson for lesson in (
    Lesson(1, ("Forward pass – hidden layer", "Forward pass – output layer")),
    Lesson(2, ("Forward pass – output layer", "Calculating the error")),
    Lesson(3, ("Chain rule for w5", "Delta rule", "Updating the weights"), eta=True),
    Lesson(4, ("Hidden layer", "Delta rule for the hidden layer", "Updating the hidden weights",
               "Updating the biases (not in the lecture)", "Calculating the error (after the update)"),
           eta=True, biases=True),
)}


def lesson(number: int) -> Lesson:
    """The lesson of lecture notebook `number` (1 to 4: the notebooks with a round panel)."""
    return LESSONS[valid_count("lesson", number, minimum=min(LESSONS), maximum=max(LESSONS))]
