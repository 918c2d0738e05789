"""Five simulated students of homework 1 and what each of them should score.

Each student's answers are made from the instructor's own solution (the source notebook's
``### BEGIN SOLUTION`` ... ``### END SOLUTION`` regions), with one deliberate mistake or none.
Each student also says which grade cells the mistake must lose; the expected score is then the
sum of the points nbgrader's metadata gives the other grade cells, so no score is typed here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "hw1"
NOTEBOOK = "hw1-forward-pass"
SOURCE = ROOT / "notebooks" / "homework" / "source" / f"{NOTEBOOK}.ipynb"
STUDENT_COPY = ROOT / "notebooks" / "homework" / f"{NOTEBOOK}.ipynb"
DELIMITERS = ("### BEGIN SOLUTION", "### END SOLUTION")


@dataclass(frozen=True)
class Student:
    """A simulated student: a hub name, what they hand in, and the grade cells it must lose."""

    name: str
    answer: str                                    # one line, for failure messages
    mistakes: dict[str, tuple[str, str]] = field(default_factory=dict)  # grade_id: (old, new)
    loses: tuple[str, ...] | None = ()             # None: every grade cell
    answers: bool = True                           # False: hands in the copy as fetched


STUDENTS = (
    Student("ada", "the solution"),
    Student("ben", "nothing: the copy as fetched", answers=False, loses=None),
    Student("cai", "a sign slip in logistic: e^(+net)",
            {"logistic_answer": ("math.exp(-net)", "math.exp(net)")},
            loses=("logistic_check",)),   # each exercise is graded on its own (issue 13)
    Student("dee", "the slide's typo: net_h1 = w1 i1 + w3 i2 + b1",
            {"forward_answer": ('v["w1"] * v["i1"] + v["w2"] * v["i2"]',
                                'v["w1"] * v["i1"] + v["w3"] * v["i2"]')},
            loses=("forward_check",)),
    Student("eve", "a KeyError in total_error: v['target1']",
            {"error_answer": ('v["target_o1"]', 'v["target1"]')},
            loses=("error_check",)),
)


def _grade_id(cell) -> str | None:
    """The nbgrader grade id of a notebook cell (JSON model), or None."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def points(source: Path = SOURCE) -> dict[str, float]:
    """The points of every grade cell of the source notebook, by grade id."""
    nb = nbformat.read(source, as_version=4)
    return {cell.metadata.nbgrader.grade_id: float(cell.metadata.nbgrader.points)
            for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("grade")}


def solutions(source: Path = SOURCE) -> dict[str, str]:
    """Each answer cell's solution, by grade id: the source cell without the delimiter lines."""
    nb = nbformat.read(source, as_version=4)
    return {cell.metadata.nbgrader.grade_id:
            "\n".join(line for line in cell.source.splitlines()
                      if line.strip() not in DELIMITERS)
            for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("solution")}


def answered(fetched: dict, student: Student) -> dict:
    """The fetched notebook (JSON model) with *student*'s answers typed into its answer cells."""
    if not student.answers:
        return fetched
    notebook = copy.deepcopy(fetched)
    solution = solutions()
    for grade_id, (old, new) in student.mistakes.items():
        assert old in solution[grade_id], f"{student.name}: {old!r} not in {grade_id}"
        solution[grade_id] = solution[grade_id].replace(old, new)
    for cell in notebook["cells"]:
        if _grade_id(cell) in solution:
            cell["source"] = solution[_grade_id(cell)]
    return notebook


def expected_grades(student: Student, source: Path = SOURCE) -> dict[str, float]:
    """The score *student* must get on each grade cell: full points unless the cell is lost."""
    lost = points(source) if student.loses is None else student.loses
    return {grade_id: 0.0 if grade_id in lost else value
            for grade_id, value in points(source).items()}
