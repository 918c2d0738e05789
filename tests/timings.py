"""Where the test suite's time goes, written to build/test-times.json (a pytest plugin).

`make test` loads it (`-p tests.timings`); benchmark P6 (benchmarks/p6_test_suite.py) reads the
file after the run it timed, so docs/benchmarks.md gives the time of each slow suite measured in
the same run. Per file: the seconds its tests took (set-up, call and tear-down summed, so a
session fixture counts in the file that first needed it); per worker of pytest-xdist: the
seconds it was busy, to see whether the two workers finish together; the machine's load.
It also hands the two workers the slowest files first (longest first: they finish together, where
a long file given out last kept one worker busy alone): the order comes from the last run's
build/test-times.json, or on a clean clone from SLOW (the suites known to be slow), then the rest.
Non-goal: assertions on time (tests wait for conditions; speed goals live in `make bench`).
"""
from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "build" / "test-times.json"
_STATE: dict = {}
# The slowest suites, longest first, for a clean clone (measured with --durations, issue 25): the
# graded course (nbgrader generate, autograde, validate), the site build, the hub, the browser suites.
SLOW = ("tests/test_homework_grading.py", "tests/hub/", "tests/site/", "tests/browser/test_busy.py",
        "tests/browser/test_sliders.py", "tests/test_student_release.py", "tests/browser/",
        "tests/test_notebooks_deterministic.py")


def pytest_collection_modifyitems(session, config, items) -> None:
    """The slowest files first (a file's tests keep their order: --dist loadfile gives out whole files)."""
    try:
        measured = json.loads(OUTPUT.read_text())["files"]
    except (OSError, ValueError, KeyError):
        measured = {}

    def cost(item) -> tuple[float, int]:
        path = item.nodeid.split("::")[0]
        known = next((len(SLOW) - i for i, prefix in enumerate(SLOW) if path.startswith(prefix)), 0)
        return (-measured.get(path, 0.0), -known)
    items.sort(key=cost)   # stable: the order inside a file, and among equals, is pytest's


def pytest_sessionstart(session) -> None:
    """Note when the run began and how loaded the machine was."""
    if hasattr(session.config, "workerinput"):   # a pytest-xdist worker: the controller writes the file
        return
    _STATE.update(started=time.monotonic(), load_at_start=os.getloadavg(),
                  files=defaultdict(float), workers=defaultdict(float), outcomes=defaultdict(int))


def pytest_runtest_logreport(report) -> None:
    """Add each phase's duration to its file and to the worker that ran it."""
    if "files" not in _STATE:
        return
    _STATE["files"][report.nodeid.split("::")[0]] += report.duration
    node = getattr(report, "node", None)
    worker = getattr(getattr(node, "gateway", None), "id", "main")
    _STATE["workers"][worker] += report.duration
    if report.when == "call" or report.outcome != "passed":
        _STATE["outcomes"][report.outcome] += 1


def pytest_sessionfinish(session, exitstatus) -> None:
    """Write build/test-times.json: wall time, load, outcomes, workers, files slowest first."""
    if "files" not in _STATE:
        return
    files = sorted(_STATE["files"].items(), key=lambda item: -item[1])
    record = {"wall_seconds": round(time.monotonic() - _STATE["started"], 1),
              "finished": time.strftime("%Y-%m-%dT%H:%M", time.localtime()),
              "exit_status": int(exitstatus),
              "load_at_start": [round(x, 2) for x in _STATE["load_at_start"]],
              "load_at_end": [round(x, 2) for x in os.getloadavg()],
              "outcomes": dict(_STATE["outcomes"]),
              "workers": {name: round(seconds, 1) for name, seconds in sorted(_STATE["workers"].items())},
              "files": {name: round(seconds, 1) for name, seconds in files}}
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(record, indent=1), encoding="utf-8")
