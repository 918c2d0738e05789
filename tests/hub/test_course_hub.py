"""A whole class on the course hub: release, fetch, submit, collect, grade, return feedback,
with students who try to hand in as a classmate or to touch the exchange.

One instructor and five students, each with a Unix account (conftest.py); every step goes
through the hub's proxy to the users' own servers (see workflow.py), or runs as the student's
account (attacks.py). The module-scoped ``course`` fixture plays the round trip once:

* cai's own nbgrader configs (~/.jupyter and the folder the server starts in) say
  ``student_id = "ada"``, and cai hands in through the Assignments tab;
* dee hands in again from a terminal with JUPYTERHUB_USER, USER and LOGNAME set to "ada";
* ben lists, reads, renames and overwrites what he can reach in the exchange, and writes a hand-in
  named for ada, dated 2999 (so it would be collect's latest for ada), holding his blank copy;
* ada's own ~/.jupyter config switches the formgrader on.

Every grade must still be the student's own. Step timings go to build/hub-tests/timings.json.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from . import attacks, workflow
from .answers import ASSIGNMENT, STUDENT_COPY, STUDENTS, expected_grades
from .conftest import COURSE_ID, INSTRUCTOR, LOG


def _hand_ins(exchange) -> dict[str, str]:
    """Every hand-in folder in the exchange's inbound (read as root), by name: its owner."""
    inbound = exchange / COURSE_ID / "inbound"
    return {p.name: p.owner() for p in inbound.iterdir()}


@pytest.fixture(scope="module")
def course(course_hub):
    """Play the round trip once, attacks included; what each step gave, and timings."""
    timer, names = workflow.Timer(), [s.name for s in STUDENTS]
    hub, homes, started = course_hub, course_hub.homes, time.monotonic()
    claims = attacks.own_config_claims(homes / "cai", hub.accounts["cai"], "ada")
    attacks.own_server_config_enables_formgrader(homes / "ada", hub.accounts["ada"])
    with ThreadPoolExecutor(max_workers=len(STUDENTS)) as pool:
        # The students' servers start while the instructor releases hw1, as in a real class.
        hub.start_servers([INSTRUCTOR])
        students_ready = pool.submit(hub.start_servers, names)
        timer.step("instructor's server started", started)
        instructor = hub.user_server(INSTRUCTOR)
        workflow.release(instructor, COURSE_ID)
        timer.step("instructor: generate and release hw1 (from the start)", started)
        students_ready.result()
        timer.step("5 students' servers started (from the start)", started)
        students = {name: hub.user_server(name) for name in names}
        started = time.monotonic()
        fetched = dict(zip(names, pool.map(
            lambda s: workflow.hand_in(students[s.name], s, COURSE_ID), STUDENTS)))
    timer.step("students: fetch, answer, submit", started)
    terminal = attacks.submit_from_terminal("dee", homes / "dee", hub.server_pids["dee"], "ada")
    ada_hand_in = next(name for name, owner in _hand_ins(hub.exchange).items() if owner == "ada")
    inbound = hub.exchange / COURSE_ID / "inbound"
    forged = inbound / f"ada+{ASSIGNMENT}+{attacks.FUTURE}+forged"
    probe = attacks.probe_exchange("ben", homes / "ben", hub.exchange, COURSE_ID,
                                   inbound / ada_hand_in, forged, hub.server_pids["ben"])
    hand_ins = _hand_ins(hub.exchange)
    started = time.monotonic()
    grades, totals = workflow.grade(instructor)
    timer.step("instructor: collect, autograde 5, generate and release feedback", started)
    started = time.monotonic()
    pages = {name: workflow.feedback(students[name], COURSE_ID) for name in names}
    timer.step("students: fetch feedback", started)
    (LOG.parent / "timings.json").write_text(json.dumps(timer, indent=2), encoding="utf-8")
    return {"fetched": fetched, "grades": grades, "totals": totals, "feedback": pages, "hub": hub,
            "probe": probe, "terminal": terminal, "hand_ins": hand_ins, "claims": claims,
            "forged": forged, "instructor": instructor, "students": students}


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
    """LocalProcessSpawner passes mem_limit on as MEM_LIMIT (it does not enforce it); each server
    runs as its user's Unix account and ignores configuration in the user's home."""
    hub = course["hub"]
    assert set(hub.server_pids) == {INSTRUCTOR, *(s.name for s in STUDENTS)}
    for name, pid in hub.server_pids.items():
        env = attacks.server_environment(pid)
        assert os.stat(f"/proc/{pid}").st_uid == hub.accounts[name].pw_uid, name
        assert env["JUPYTERHUB_DISABLE_USER_CONFIG"] == "1", name
        assert env["MEM_LIMIT"] == str(1024 ** 3), name
        assert env["JUPYTERHUB_USER"] == name
        assert env["NBGRADER_COURSE_ROLE"] == ("instructor" if name == INSTRUCTOR else "student")


def test_idle_culler_runs_as_a_hub_managed_service(course) -> None:
    service = course["hub"].api("GET", "services/idle-culler")
    assert "jupyterhub_idle_culler" in service["command"]
    assert service["pid"] and os.path.exists(f"/proc/{service['pid']}")


def test_a_student_naming_a_classmate_still_hands_in_as_themselves(course) -> None:
    """cai's own configs and dee's environment said "ada": their hand-ins are named after them
    and count for them (the grade tests above: ada keeps full marks, cai and dee their own)."""
    assert course["terminal"].returncode == 0, course["terminal"].stderr[-2000:]
    owners = course["hand_ins"]
    forged = course["forged"].name
    assert owners.pop(forged) == "ben"
    assert all(name.startswith(owner + "+") for name, owner in owners.items()), owners
    assert sorted(owners.values()) == ["ada", "ben", "cai", "dee", "dee", "eve"], owners


def test_a_forged_hand_in_counts_for_its_owner_not_for_the_name_it_carries(course) -> None:
    """ben's blank copy named for ada and dated 2999 was collected as ben's, not ada's."""
    root = course["hub"].homes / INSTRUCTOR / COURSE_ID / "submitted"
    stamp = lambda who: (root / who / ASSIGNMENT / "timestamp.txt").read_text().strip()
    assert stamp("ben") == attacks.FUTURE
    assert stamp("ada") != attacks.FUTURE
    assert course["totals"]["ada"] == sum(expected_grades(STUDENTS[0]).values())


def test_a_classmate_cannot_list_read_rename_or_replace_hand_ins_or_the_release(course) -> None:
    probe = dict(course["probe"])
    assert probe.pop("forged hand-in written") == "allowed"   # inbound takes anyone's hand-in
    assert probe and set(probe.values()) == {"denied"}, probe
    release = course["hub"].exchange / COURSE_ID / "outbound" / ASSIGNMENT
    committed = [cell.source for cell in nbformat.read(STUDENT_COPY, as_version=4).cells]
    released = nbformat.read(release / f"{workflow.NOTEBOOK}.ipynb", as_version=4)
    assert [cell.source for cell in released.cells] == committed


def _mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_exchange_layout_and_hand_ins_are_closed_to_other_students(course) -> None:
    exchange = course["hub"].exchange
    course_dir = exchange / COURSE_ID
    assert (_mode(exchange), exchange.owner()) == (0o1777, "root")
    expected = {course_dir: 0o755, course_dir / "outbound": 0o755,
                course_dir / "inbound": 0o3733, course_dir / "feedback": 0o711}
    for path, mode in expected.items():
        assert (oct(_mode(path)), path.owner()) == (oct(mode), INSTRUCTOR), path
    for name, owner in course["hand_ins"].items():
        if name == course["forged"].name:
            continue   # written by hand, not by nbgrader's submit
        hand_in = course_dir / "inbound" / name
        assert _mode(hand_in) == 0o770 and hand_in.group() == INSTRUCTOR, name
        for file in hand_in.iterdir():
            assert _mode(file) == 0o640, file


def test_homes_are_closed_to_other_users(course) -> None:
    hub = course["hub"]
    for name in hub.accounts:
        assert _mode(hub.homes / name) == 0o700, name


def test_hub_secrets_live_in_a_private_folder_not_where_the_hub_started(course) -> None:
    hub = course["hub"]
    assert _mode(hub.state) == 0o700
    assert _mode(hub.state / "jupyterhub_cookie_secret") == 0o600
    assert (hub.state / "jupyterhub.sqlite").is_file()
    assert not list(hub.base.glob("jupyterhub*")), list(hub.base.iterdir())


def test_students_have_no_formgrader_and_instructors_do(course) -> None:
    """Not even ada, whose own ~/.jupyter config switches it on (disable_user_config)."""
    instructor, ada = course["instructor"], course["students"]["ada"]
    assert instructor.session.get(instructor.url + "formgrader", timeout=60).status_code == 200
    assert ada.session.get(ada.url + "formgrader", timeout=60).status_code == 404
    for server, off in ((ada, True), (instructor, False)):
        page = server.session.get(server.url + "lab", timeout=60).text
        config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
        disabled = config["disabledExtensions"]
        for plugin in ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"):
            assert (plugin in disabled) == off, (server.name, plugin, disabled)
        assert "@jupyter/nbgrader:assignment-list" not in disabled


def test_instructor_is_no_hub_admin_and_cannot_enter_a_students_server(course) -> None:
    hub, instructor = course["hub"], course["instructor"]
    model = hub.api("GET", f"users/{INSTRUCTOR}")
    group = hub.api("GET", "groups/instructors")
    assert model["admin"] is False and "instructors" in model["groups"], model
    assert group["roles"] == ["course-instructor"] and group["users"] == [INSTRUCTOR], group
    assert not any(hub.api("GET", f"users/{s.name}")["admin"] for s in STUDENTS)
    entered = instructor.session.get(f"{hub.url}/user/ada/api/contents", timeout=60,
                                     allow_redirects=False)
    assert entered.status_code in (302, 403), entered.status_code
    created = instructor.session.post(f"{hub.url}/hub/api/users", json={"usernames": ["mallory"]},
                                      timeout=60)
    assert created.status_code == 403, created.status_code


def test_instructor_can_stop_and_start_a_students_server(course) -> None:
    """The role's one power over students' servers (last: it stops ben's server)."""
    hub, instructor = course["hub"], course["instructor"]
    api = f"{hub.url}/hub/api/users/ben/server"
    assert instructor.session.delete(api, timeout=60).status_code in (202, 204)
    workflow_wait = lambda: not hub.api("GET", "users/ben")["servers"]
    hub_wait(workflow_wait)
    assert instructor.session.post(api, timeout=120).status_code in (201, 202)
    hub_wait(lambda: hub.api("GET", "users/ben")["servers"].get("", {}).get("ready"))


def hub_wait(check, timeout: float = 120) -> None:
    """Poll *check* until true (the hub acts asynchronously)."""
    from .conftest import local_hub
    local_hub.wait_for("the hub", check, timeout, every=1.0)
