"""P6: the wall time of the README's test command, `make test`, once the environment is installed.

It takes minutes, so it runs only when asked (`--with-test-suite`). A run that does not measure
it says so: "not measured", with the date of that run; a figure from an earlier run is never
reported as this run's pass. When measured, the detail gives the time of each slow suite from the
same run (tests/timings.py writes build/test-times.json: per file, per worker, the machine's load).
Goal: under 5 minutes.
"""
from __future__ import annotations

import datetime
import json
import os
import subprocess
from pathlib import Path

from .timing import Result, skipped, time_once

TITLE = "`make test` wall time (after installation)"
GOAL_SECONDS = 300.0
TIMES = Path("build") / "test-times.json"   # written by tests/timings.py, relative to the repository
OUTPUT = Path("build") / "test-suite-output.txt"   # the command's whole output (pytest's --durations too)
SLOWEST = 8                                 # how many files the detail names


def measure(root: Path, command: tuple[str, ...] = ("make", "test")) -> dict:
    """Run `command` in `root`; its wall time, exit code, last output line, when it ran, the load, and
    the suite's own timings when the run wrote them."""
    outcome = {}
    times = root / TIMES
    times.unlink(missing_ok=True)   # only a file this run writes counts

    def call() -> None:
        """Run the command, keep its exit code and last line."""
        completed = subprocess.run(command, cwd=root, capture_output=True, text=True)
        (root / OUTPUT).parent.mkdir(parents=True, exist_ok=True)
        (root / OUTPUT).write_text(completed.stdout + completed.stderr, encoding="utf-8")
        lines = [line for line in completed.stdout.splitlines() if line.strip()]
        outcome.update(returncode=completed.returncode, summary=lines[-1] if lines else "")

    load = os.getloadavg()[0]
    seconds = time_once(call)
    measured = datetime.datetime.now().isoformat(timespec="minutes")
    suites = json.loads(times.read_text()) if times.exists() else None
    return {"seconds": round(seconds, 1), "measured": measured, "load_before": round(load, 2),
            "load_after": round(os.getloadavg()[0], 2), "suites": suites, **outcome}


def suites_text(suites: dict | None) -> str:
    """The slow suites of one run, in words: pytest's wall time, each worker's busy time, the slowest files."""
    if not suites:
        return "no per-suite times (the command did not load tests/timings.py)"
    workers = ", ".join(f"{name} {seconds:g} s" for name, seconds in suites["workers"].items())
    files = ", ".join(f"{name} {seconds:g} s" for name, seconds in list(suites["files"].items())[:SLOWEST])
    counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(suites["outcomes"].items()))
    return (f"pytest {suites['wall_seconds']:g} s ({counts}); busy per worker: {workers}; "
            f"slowest files (set-up included): {files}")


def run(root: Path, with_test_suite: bool, command: tuple[str, ...] = ("make", "test")) -> list[Result]:
    """Measure now if `with_test_suite`; else a "not measured" row dated today."""
    if not with_test_suite:
        today = datetime.date.today().isoformat()
        row = skipped("P6", TITLE, GOAL_SECONDS, "lower",
                      f"not measured in this run ({today}); `make bench BENCH_ARGS=--with-test-suite` measures it", "s")
        row.extra["status"] = "not measured"
        return [row]
    record = measure(root, command)
    detail = (f"measured in this run: {' '.join(command)} on {record['measured']}, exit code {record['returncode']}, "
              f"1-minute load average {record['load_before']:g} before and {record['load_after']:g} after on "
              f"{os.cpu_count()} cores; {suites_text(record['suites'])}; last line: {record['summary']!r}")
    return [Result("P6", TITLE, record["seconds"], GOAL_SECONDS, "lower", "s", detail,
                   error=record["returncode"] != 0)]
