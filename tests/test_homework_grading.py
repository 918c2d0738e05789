"""The homework graded by real nbgrader, as a lecturer would: generate, validate, autograde.

One scratch course, every kind of submission (tests/homework_course.py), one autograde run:
- the solutions score every automatic point, the empty release none;
- a submission with exactly one wrong exercise loses that exercise's points and no others,
  for every exercise of every assignment;
- shortcuts score nothing: the package's answer key or worked round, numbers computed from
  the lecture's values instead of the argument, SymPy's diff for a derivative "by hand";
- nbgrader's validate fails every wrong or empty notebook and passes the solutions;
- tampering (switching the watch off, walking to the check's frames, math.isclose or
  CheckResult.__bool__ replaced, the package's source exec'd, the instructor's notebook read,
  SymPy's diff inside homework 4) loses the exercises it touched, and Validate fails it.
Slow (nbgrader runs each notebook in a kernel): a few minutes.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from . import homework_course as course_kit

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> tuple[Path, dict, dict]:
    """(course folder, the submissions, lost points per (student, notebook)) after one autograde."""
    course = tmp_path_factory.mktemp("nbgrader") / "course"
    release = course_kit.make_course(course)
    kinds = course_kit.submit_all(course, release)
    course_kit.autograde(course)
    print("\n" + course_kit.score_table(course))    # shown with pytest -s
    return course, kinds, course_kit.lost_points(course)


def test_solutions_score_everything_and_the_empty_release_nothing(graded) -> None:
    course, kinds, lost = graded
    points = course_kit.auto_points(course)
    for name in course_kit.SLIPS:
        got, maximum = points[("solution", name)]
        assert maximum > 0 and got == maximum, f"solution of {name}: {got} of {maximum}"
        assert points[("empty", name)][0] == 0, f"empty {name} scored {points[('empty', name)]}"
        assert set(lost[("empty", name)]) == course_kit.expected_loss(None, name)


def test_one_wrong_exercise_costs_that_exercise_only(graded) -> None:
    _course, kinds, lost = graded
    problems = []
    for student, notebooks in kinds.items():
        if not student.startswith("wrong"):
            continue
        for name, slips in notebooks.items():
            want = course_kit.expected_loss(slips, name)
            if set(lost[(student, name)]) != want:
                problems.append(f"{name} with {slips[0][0]} wrong lost {sorted(lost[(student, name)])}, "
                                f"expected {sorted(want)}")
    covered = {(name, slip[0]) for notebooks in kinds.values() for name, slips in notebooks.items()
               if slips for slip in slips}
    assert covered >= {(name, answer) for name, slips in course_kit.SLIPS.items() for answer, _, _ in slips}
    assert not problems, "\n".join(problems)


def test_shortcuts_score_nothing(graded) -> None:
    _course, kinds, lost = graded
    for student in course_kit.SHORTCUTS:
        for name, slips in kinds[student].items():
            assert set(lost[(student, name)]) == course_kit.expected_loss(slips, name), (student, name)


def test_validate_fails_wrong_and_empty_work_and_passes_the_solutions(graded) -> None:
    course, kinds, _lost = graded
    paths = {(student, name): course / "submitted" / student / course_kit.ASSIGNMENT / f"{name}.ipynb"
             for student, notebooks in kinds.items() for name in notebooks}
    verdicts = course_kit.validate(course, list(paths.values()))
    wrongly = [f"{student}/{name}: {'passed' if verdicts[path] else 'failed'}"
               for (student, name), path in paths.items() if verdicts[path] != (student == "solution")]
    assert not wrongly, "; ".join(wrongly)


def test_tampering_scores_nothing_for_what_it_skipped_and_validate_fails_it(graded) -> None:
    """Each kind of tampering (tests/homework_course.py TAMPERING) loses exactly its checks; Validate fails it."""
    course, _kinds, lost = graded
    wrongly = [f"{student}/{name} lost {sorted(lost[(student, name)])}, expected {sorted(loses)}"
               for student, notebooks in course_kit.TAMPERING.items()
               for name, (_base, _edits, loses) in notebooks.items() if set(lost[(student, name)]) != loses]
    assert not wrongly, "\n".join(wrongly)
    paths = [course / "submitted" / student / course_kit.ASSIGNMENT / f"{name}.ipynb"
             for student, notebooks in course_kit.TAMPERING.items() for name in notebooks]
    passed = [str(path) for path, success in course_kit.validate(course, paths).items() if success]
    assert not passed, passed
