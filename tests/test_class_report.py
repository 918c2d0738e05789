"""The class report's reading of autograded notebooks, without nbgrader (the real course: test_homework_grading).

Autograded notebooks are written by hand here with the lines the checks print: a reproduced
cause counts each submission once per exercise, "flagged:" lines and the checks' own flags
mark a submission for review, other lines do neither, and whatever a student printed reaches
the page escaped.
"""
from __future__ import annotations

import nbformat

from backprop_lessons.grading.class_report import ClassReport, Exercise, flag_of, read_outputs
from backprop_lessons.grading.report_page import page

CAUSE = "e^{net} where the logistic has e^{-net}"
PRINTED = {
    "alice": [f"✗ logistic: likely cause: {CAUSE} (this slip gives your answers on all 21 cases tried)"] * 2,
    "bob": [f"✗ logistic: likely cause: {CAUSE} (this slip gives your answers on all 101 cases tried)"],
    "carol": ["flagged: sys.setprofile was called while a check ran"],
    "dave": ["✗ logistic: scored nothing: math.isclose replaced (flagged for your lecturer)"],
    "erin": ["✓ logistic: correct on the lecture's net_h1 and 20 random nets", "<script>alert(1)</script>",
             "my notes: I flagged: this one"],
}


def _course(root):
    """autograded/STUDENT/homework/hw1.ipynb for each student, the check cell printing PRINTED."""
    for student, lines in PRINTED.items():
        cell = nbformat.v4.new_code_cell("check_logistic(logistic)",
                                         metadata={"nbgrader": {"grade_id": "logistic_check", "grade": True}})
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="\n".join(lines) + "\n")]
        folder = root / "autograded" / student / "homework"
        folder.mkdir(parents=True)
        nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / "hw1.ipynb")
    return {("hw1", "logistic_check"): Exercise("hw1", "logistic_check", 2.0, False,
                                                scores={"alice": 0.0, "bob": 0.0, "carol": 0.0, "dave": 0.0,
                                                        "erin": 2.0})}


def test_a_cause_counts_each_submission_once_and_flags_are_found(tmp_path) -> None:
    exercises = _course(tmp_path)
    flagged = read_outputs(tmp_path, "homework", sorted(PRINTED), exercises)
    exercise = exercises[("hw1", "logistic_check")]
    assert dict(exercise.causes) == {CAUSE: {"alice", "bob"}} and exercise.check == "logistic"
    assert [(student, line) for student, _nb, _cell, line in flagged] == [
        ("carol", PRINTED["carol"][0]), ("dave", PRINTED["dave"][0])]


def test_only_the_agreed_lines_flag() -> None:
    assert flag_of("flagged: compile() was called during a check")
    assert flag_of("✗ train: calls torch.autograd; the exercise asks for your own computation")
    assert not flag_of("my notes: I flagged: this one") and not flag_of("✗ logistic: likely cause: x")


def test_the_page_escapes_what_students_printed(tmp_path) -> None:
    exercises = _course(tmp_path)
    flagged = read_outputs(tmp_path, "homework", sorted(PRINTED), exercises)
    flagged.append(("mallory", "hw1", "logistic_check", "flagged: <img src=x onerror=alert(1)>"))
    html = page(ClassReport("course", "homework", sorted(PRINTED), list(exercises.values()), flagged))
    assert "<img" not in html and "&lt;img src=x" in html and "<script>" not in html
    assert f"<td>{CAUSE}</td>" in html and '<td class="n">2</td>' in html
    assert "<td>(flagged for review, below)</td>" in html    # dave: the check's own flag in this cell
