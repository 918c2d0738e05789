"""A whole class on the course hub: release, fetch, submit, collect, grade, return feedback.

One instructor and five students are created through the hub's REST API; every step then goes
through the hub's proxy to the users' own servers (see workflow.py). The module-scoped
``course`` fixture plays the round trip once; the tests check its parts. Step timings are
written to build/hub-tests/timings.json.
"""

from __future__ import annotations

import json
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from . import workflow
from .answers import STUDENT_COPY, STUDENTS, expected_grades
from .conftest import COURSE_ID, LOG

INSTRUCTOR = "instructor"


@pytest.fixture(scope="module")
def course(course_hub):
    """Play the round trip once; the fetched copies, grades, feedback pages and timings."""
    timer, names = workflow.Timer(), [s.name for s in STUDENTS]
    started = time.monotonic()
    course_hub.create_users([INSTRUCTOR], group="instructors")
    course_hub.create_users(names)
    with ThreadPoolExecutor(max_workers=len(STUDENTS)) as pool:
        # The students' servers start while the instructor releases hw1, as in a real class.
        students_ready = pool.submit(course_hub.start_servers, names)
        course_hub.start_servers([INSTRUCTOR])
        timer.step("instructor's server started", started)
        instructor = course_hub.user_server(INSTRUCTOR)
        workflow.release(instructor, COURSE_ID)
        timer.step("instructor: generate and release hw1 (from the start)", started)
        students_ready.result()
        timer.step("5 students' servers started (from the start)", started)
        students = {name: course_hub.user_server(name) for name in names}
        started = time.monotonic()
        fetched = dict(zip(names, pool.map(
            lambda s: workflow.hand_in(students[s.name], s, COURSE_ID), STUDENTS)))
    timer.step("students: fetch, answer, submit", started)
    started = time.monotonic()
    grades, totals = workflow.grade(instructor)
    timer.step("instructor: collect, autograde 5, generate and release feedback", started)
    started = time.monotonic()
    pages = {name: workflow.feedback(students[name], COURSE_ID) for name in names}
    timer.step("students: fetch feedback", started)
    (LOG.parent / "timings.json").write_text(json.dumps(timer, indent=2), encoding="utf-8")
    return {"fetched": fetched, "grades": grades, "totals": totals, "feedback": pages, "hub": course_hub}


@pytest.mark.parametrize("student", STUDENTS, ids=[s.name for s in STUDENTS])
def test_each_grade_cell_scores_as_expected(course, student) -> None:
    """nbgrader's autograde gives every grade cell full points unless the student's mistake loses it."""
    assert course["grades"][student.name] == expected_grades(student), student.answer


def test_solution_scores_full_and_empty_scores_nothing(course) -> None:
    """nbgrader's own totals: the solution gets every point, the empty copy none, mistakes between."""
    totals = course["totals"]
    assert totals == {name: sum(cells.values()) for name, cells in course["grades"].items()}
    full = sum(expected_grades(STUDENTS[0]).values())
    assert totals["ada"] == full > 0
    assert totals["ben"] == 0
    assert all(0 < totals[s.name] < full for s in STUDENTS[2:]), totals


@pytest.mark.parametrize("student", STUDENTS, ids=[s.name for s in STUDENTS])
def test_feedback_reaches_each_student_with_their_score(course, student) -> None:
    page = course["feedback"][student.name]
    total = sum(expected_grades(student).values())
    full = sum(expected_grades(STUDENTS[0]).values())
    assert re.search(rf"Score:\s*{total:g}(\.0+)?\s*/\s*{full:g}(\.0+)?", page), page[:2000]


def test_released_copy_reads_like_the_committed_student_copy(course) -> None:
    """The hub's nbgrader config (stubs) turns the source into notebooks/homework/'s copy."""
    committed = [cell.source for cell in nbformat.read(STUDENT_COPY, as_version=4).cells]
    for name, fetched in course["fetched"].items():
        cells = fetched["notebook"]["cells"]
        assert ["".join(c["source"]) for c in cells] == committed, name


def test_servers_get_the_memory_limit_and_the_course_environment(course) -> None:
    """LocalProcessSpawner passes mem_limit on as MEM_LIMIT (it does not enforce it)."""
    hub = course["hub"]
    assert set(hub.server_pids) == {INSTRUCTOR, *(s.name for s in STUDENTS)}
    for name, pid in hub.server_pids.items():
        with open(f"/proc/{pid}/environ", "rb") as handle:
            env = dict(item.split("=", 1) for item in handle.read().decode().split("\0") if "=" in item)
        assert env["MEM_LIMIT"] == str(1024 ** 3), name
        assert env["JUPYTERHUB_USER"] == name
        assert env["NBGRADER_COURSE_ROLE"] == ("instructor" if name == INSTRUCTOR else "student")


def test_idle_culler_runs_as_a_hub_managed_service(course) -> None:
    service = course["hub"].api("GET", "services/idle-culler")
    assert "jupyterhub_idle_culler" in service["command"]
    assert service["pid"] and os.path.exists(f"/proc/{service['pid']}")
