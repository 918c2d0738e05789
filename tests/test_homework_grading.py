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
- autograde runs each kernel in a box (backprop_lessons/grading/sandbox.py): a submission that
  reads the instructor's source, the gradebook or a classmate's submission gets nothing;
- the lecturer's class report (backprop_lessons/grading/class_report.py) is written from this
  course and loaded in Chromium: the scores table agrees with the gradebook, causes are counted.
Slow (nbgrader runs each notebook in a kernel): a few minutes.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from . import homework_course as course_kit
from .browser.conftest import _playwright, browser, chromium_path, console_log, page  # noqa: F401 (the report's page)

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
             for student, notebooks in kinds.items() for name in notebooks
             if student not in course_kit.SNOOPS}    # the snoop reads the course's files: it would pass here
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


def test_a_snooping_submission_reads_nothing_and_scores_nothing_for_it(graded) -> None:
    course, kinds, lost = graded
    for student, notebooks in course_kit.SNOOPS.items():
        here = course / "autograded" / student / course_kit.ASSIGNMENT
        for target, path in course_kit.SNOOP_TARGETS.items():    # each file is there, three folders up
            assert (here.parents[2] / Path(*path)).is_file(), path
        for name, slips in notebooks.items():
            read = course_kit.snooped(course, student, name)
            assert len(read) == len(slips) and not any(read.values()), f"{student}/{name} read {read}"
            # each snooping exercise is lost; the audit hook also flags the attempted reads (a notebook,
            # the gradebook), which costs the exercises after them too, and says so on the page
            assert course_kit.expected_loss(slips, name) <= set(lost[(student, name)]), (student, name)
            assert "flagged for your lecturer" in (here / f"{name}.ipynb").read_text(), (student, name)


def _expected_rows(course: Path, lost: dict) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(notebook, check) -> (full marks, some, nothing) over the handed-in notebooks, from the gradebook."""
    points = course_kit.auto_points(course)
    handed_in = [key for key in points if (course / "submitted" / key[0] / course_kit.ASSIGNMENT
                                           / f"{key[1]}.ipynb").exists()]
    maxima = {(name, check): worth for (_student, name), checks in lost.items() for check, worth in checks.items()}
    rows: dict[tuple[str, str], list[int]] = {}
    for name, slips in course_kit.SLIPS.items():
        for _answer, check, _edit in slips:
            counts = [0, 0, 0]
            for student, notebook in handed_in:
                if notebook == name:
                    missing = lost[(student, name)].get(check, 0)
                    counts[0 if missing == 0 else 2 if missing == maxima.get((name, check)) else 1] += 1
            rows[(name, check)] = tuple(counts)
    return rows


def test_the_class_report_shows_scores_causes_and_flags_in_a_browser(graded, page) -> None:
    from backprop_lessons.grading.class_report import main

    course, _kinds, lost = graded
    output = course / "reports" / "class.html"
    assert main([str(course), "--output", str(output)]) == 0
    page.goto(output.as_uri())
    rows = {}
    for cells in page.locator("#scores tbody tr").evaluate_all(
            "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"):
        rows[(cells[0], cells[1])] = tuple(int(cells[k]) for k in (5, 6, 7))
    expected = _expected_rows(course, lost)
    assert {key: rows.get(key) for key in expected} == expected
    causes = page.locator("#causes tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")
    named = [row for row in causes if not row[2].startswith("(")]
    assert named and all(int(row[3]) >= 1 for row in causes), causes
    unanswered = {row[0]: int(row[3]) for row in causes if row[2] == "(left unanswered)"}
    assert unanswered and all(count >= 1 for count in unanswered.values())    # the empty release at least
    flagged = {row[0] for row in page.locator("#flagged tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")}
    # the snoop's attempted reads are flagged by the audit hook too (they read nothing in the box)
    assert set(course_kit.SHORTCUTS) | set(course_kit.SNOOPS) <= flagged and "solution" not in flagged, flagged
    assert page.get_by_role("heading", name="Scores").is_visible()
    assert page.locator("#scores .bar").count() == len(rows)
