"""A homework round trip through the course hub, in the order a class lives it.

Everything goes through the hub's proxy: the instructor uses nbgrader's formgrader API on their
own server (what the Formgrader page's buttons call), each student the Assignments API and the
contents API on theirs (what the Assignments tab and the notebook editor call).
"""

from __future__ import annotations

import json
import time

from .answers import ASSIGNMENT, NOTEBOOK, SOURCE, STUDENTS, answered


class Timer(dict):
    """Seconds taken by each named step, in order."""

    def step(self, name: str, started: float) -> None:
        """Record the time since *started* under *name*."""
        self[name] = round(time.monotonic() - started, 1)


def formgrader(instructor, action: str, path: str = ""):
    """POST a formgrader action for the assignment (``path`` is e.g. a student id); must succeed."""
    url = f"formgrader/api/assignment/{ASSIGNMENT}/{path + '/' if path else ''}{action}"
    result = instructor.call("POST", url, timeout=180)
    assert result.get("success"), f"formgrader {action} {path} failed: {result}"
    return result


def put_notebook(server, path: str, content: dict) -> None:
    """Save a notebook through the contents API, creating its folders first."""
    parts = path.split("/")
    for depth in range(1, len(parts)):
        server.call("PUT", "api/contents/" + "/".join(parts[:depth]), json={"type": "directory"})
    server.call("PUT", f"api/contents/{path}", json={"type": "notebook", "format": "json",
                                                     "content": content})


def release(instructor, course_id: str) -> None:
    """The instructor puts the source notebook in the course, generates and releases it."""
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    put_notebook(instructor, f"{course_id}/source/{ASSIGNMENT}/{NOTEBOOK}.ipynb", source)
    formgrader(instructor, "assign")
    formgrader(instructor, "release")


def assignment_action(student, action: str, course_id: str) -> list[dict]:
    """fetch / submit / fetch_feedback through the Assignments API; the assignments listed after."""
    result = student.call("POST", f"assignments/{action}", timeout=120,
                          data={"course_id": course_id, "assignment_id": ASSIGNMENT})
    assert result.get("success"), f"{student.name}: {action} failed: {result}"
    return result["value"]


def hand_in(student, profile, course_id: str) -> dict:
    """The student fetches hw1, types their answers, saves and submits; returns the fetched copy."""
    listed = assignment_action(student, "fetch", course_id)
    fetched = [a for a in listed if a["assignment_id"] == ASSIGNMENT and a["status"] == "fetched"]
    assert fetched, f"{student.name}: hw1 not fetched: {listed}"
    path = fetched[0]["notebooks"][0]["path"]
    notebook = student.call("GET", f"api/contents/{path}")["content"]
    student.call("PUT", f"api/contents/{path}", json={
        "type": "notebook", "format": "json", "content": answered(notebook, profile)})
    assignment_action(student, "submit", course_id)
    return {"path": path, "notebook": notebook}


def grade(instructor) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Collect, autograde all, generate and release feedback; grades by student and cell, totals."""
    formgrader(instructor, "collect")
    for profile in STUDENTS:
        result = instructor.call("POST", f"formgrader/api/submission/{ASSIGNMENT}/{profile.name}"
                                 "/autograde", timeout=180)
        assert result.get("success"), f"autograde {profile.name} failed: {result}"
    formgrader(instructor, "generate_feedback")
    formgrader(instructor, "release_feedback")
    grades, totals = {}, {}
    for notebook in instructor.call("GET", f"formgrader/api/submitted_notebooks/{ASSIGNMENT}/{NOTEBOOK}"):
        cells = instructor.call("GET", "formgrader/api/grades", params={"submission_id": notebook["id"]})
        assert not any(cell["needs_manual_grade"] for cell in cells), cells
        grades[notebook["student"]] = {cell["name"]: cell["auto_score"] for cell in cells}
        totals[notebook["student"]] = notebook["score"]
    return grades, totals


def feedback(student, course_id: str) -> str:
    """The student fetches feedback; returns the text of their feedback page."""
    assignment_action(student, "fetch_feedback", course_id)
    folder = student.call("GET", f"api/contents/{ASSIGNMENT}/feedback")["content"]
    assert folder, f"{student.name}: no feedback folder after fetch_feedback"
    latest = sorted(item["path"] for item in folder if item["type"] == "directory")[-1]
    page = student.call("GET", f"api/contents/{latest}/{NOTEBOOK}.html", params={"format": "text"})
    return page["content"]
