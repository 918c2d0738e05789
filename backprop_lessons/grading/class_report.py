"""What the lecturer learns after autograde: each exercise's scores, the causes seen, who to review.

Read from an nbgrader course folder after `nbgrader autograde`:
- the scores, from nbgrader's gradebook (`nbgrader.api.Gradebook`): per exercise (grade cell),
  every submission's score out of its points;
- the causes, from the autograded notebooks (`autograded/STUDENT/ASSIGNMENT/*.ipynb`): a check
  that reproduced a student's answers with a typical mistake prints "✗ name: likely cause: ..."
  in its cell (runner.py); each cause counts the submissions it reproduced, per exercise;
- the submissions to review, from the same outputs: any line that starts with "flagged:" (the
  agreed mark for new checks), and the self-checks' lines that say "(flagged for your lecturer)"
  (tampering seen) or name a call the exercise forbids.
Lines printed by student code in a check cell are read too: a report, not a grade.
`python -m backprop_lessons.grading.class_report COURSE [--assignment NAME] [--output FILE]`
(`make class-report COURSE=...`) writes the page (report_page.py) and prints its path.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

FLAG_PREFIX = "flagged:"
# Self-check lines that ask for a lecturer's look: tampering seen, a call the exercise forbids.
FLAG_MARKS = ("(flagged for your lecturer)", "the exercise asks for your own computation",
              "is the course package's own")
NOT_DONE = "… not done yet"
CHECK_LINE = re.compile(r"^[✓✗] (?P<check>[^:]+): ")
CAUSE = re.compile(r"^✗ (?P<check>[^:]+): likely cause: (?P<cause>.+?)(?: \(this slip gives your answers.*\))?$")


@dataclass
class Exercise:
    """One grade cell of one notebook, across the class."""

    notebook: str
    name: str                       # the grade cell's id, "logistic_check"
    points: float
    by_hand: bool                   # graded in formgrader (a written answer), not by a test
    scores: dict[str, float | None] = field(default_factory=dict)        # student -> score (None: not yet)
    causes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))   # cause -> students
    unanswered: set[str] = field(default_factory=set)     # students whose check said "not done yet"
    flagged: set[str] = field(default_factory=set)        # students flagged in this exercise's cell
    check: str = ""                 # the name its check prints ("logistic"), when seen


@dataclass
class ClassReport:
    """Everything the page shows for one assignment."""

    course: str
    assignment: str
    students: list[str]
    exercises: list[Exercise]
    flagged: list[tuple[str, str, str, str]]       # (student, notebook, cell, line)


def read_scores(course: Path, assignment: str) -> tuple[list[str], dict[tuple[str, str], Exercise]]:
    """(students with a submission, (notebook, grade cell) -> Exercise with its scores) from the gradebook."""
    from nbgrader.api import Gradebook

    exercises: dict[tuple[str, str], Exercise] = {}
    students = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for notebook in gradebook.find_assignment(assignment).notebooks:
            for cell in notebook.grade_cells:
                exercises[(notebook.name, cell.name)] = Exercise(notebook.name, cell.name, cell.max_score,
                                                                 cell.cell_type == "markdown")
        for submission in gradebook.assignment_submissions(assignment):
            students.append(submission.student_id)
            for notebook in submission.notebooks:
                if not handed_in(course, submission.student_id, assignment, notebook.name):
                    continue
                for grade in notebook.grades:
                    graded = grade.auto_score is not None or grade.manual_score is not None
                    exercises[(notebook.name, grade.name)].scores[submission.student_id] = (
                        grade.score if graded else None)
    return sorted(students), exercises


def handed_in(course: Path, student: str, assignment: str, notebook: str) -> bool:
    """Whether the student handed in this notebook (nbgrader records missing ones too)."""
    return (course / "submitted" / student / assignment / f"{notebook}.ipynb").exists()


def output_lines(cell: nbformat.NotebookNode) -> list[str]:
    """The lines a cell printed or raised (stdout, stderr, an error's name and value)."""
    lines: list[str] = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            lines += output.get("text", "").splitlines()
        elif output.get("output_type") == "error":
            lines += str(output.get("evalue", "")).splitlines()
    return [line.strip() for line in lines if line.strip()]


def flag_of(line: str) -> bool:
    """Whether a printed line marks the submission for review."""
    return line.startswith(FLAG_PREFIX) or any(mark in line for mark in FLAG_MARKS)


def read_outputs(course: Path, assignment: str, students: list[str], exercises: dict) -> list[tuple]:
    """Fill each exercise's causes from the autograded notebooks; return the flagged lines."""
    flagged: set[tuple[str, str, str, str]] = set()
    for student in students:
        for path in sorted((course / "autograded" / student / assignment).glob("*.ipynb")):
            for cell in nbformat.read(path, as_version=4).cells:
                grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
                exercise = exercises.get((path.stem, grade_id))
                for line in output_lines(cell):
                    if flag_of(line):
                        flagged.add((student, path.stem, grade_id, line))
                    if exercise is not None:
                        _read_line(exercise, student, line)
    return sorted(flagged)


def _read_line(exercise: Exercise, student: str, line: str) -> None:
    """What one line of an exercise's check cell says about the student: a cause, not done, flagged."""
    found, named = CAUSE.match(line), CHECK_LINE.match(line)
    if named:
        exercise.check = named["check"]
    if found:
        exercise.causes[found["cause"]].add(student)
    elif line.startswith(NOT_DONE):
        exercise.unanswered.add(student)
    elif flag_of(line):
        exercise.flagged.add(student)


def class_report(course: Path, assignment: str) -> ClassReport:
    """The report of one assignment of an autograded nbgrader course folder."""
    course = Path(course).resolve()
    if not (course / "gradebook.db").is_file():
        raise ValueError(f"course: no gradebook.db in {course}; run nbgrader autograde there first")
    students, exercises = read_scores(course, assignment)
    flagged = read_outputs(course, assignment, students, exercises)
    return ClassReport(course.name, assignment, students, list(exercises.values()), flagged)


def main(argv: list[str] | None = None) -> int:
    """The command line: write the page, print where."""
    from backprop_lessons.grading.report_page import page

    parser = argparse.ArgumentParser(description="The lecturer's page after nbgrader autograde.")
    parser.add_argument("course", type=Path, help="the nbgrader course folder (with gradebook.db)")
    parser.add_argument("--assignment", help="the assignment (default: the only one in the gradebook)")
    parser.add_argument("--output", type=Path, help="the HTML file (default: COURSE/reports/ASSIGNMENT.html)")
    args = parser.parse_args(argv)
    try:
        assignment = args.assignment or only_assignment(args.course)
        report = class_report(args.course, assignment)
    except (ValueError, OSError) as error:
        print(f"class-report: {error}", file=sys.stderr)
        return 2
    output = args.output or args.course / "reports" / f"{assignment}.html"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page(report), encoding="utf-8")
    print(output)
    return 0


def only_assignment(course: Path) -> str:
    """The one assignment of the course's gradebook; ValueError naming them when there are several."""
    from nbgrader.api import Gradebook

    if not (Path(course) / "gradebook.db").is_file():
        raise ValueError(f"course: no gradebook.db in {Path(course).resolve()}; run nbgrader autograde there first")
    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gradebook:
        names = sorted(assignment.name for assignment in gradebook.assignments)
    if len(names) != 1:
        raise ValueError(f"--assignment: the gradebook has {', '.join(names) or 'none'}; name one")
    return names[0]


if __name__ == "__main__":
    sys.exit(main())
