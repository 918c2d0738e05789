"""P6: the wall time of the README's test command, `make test`, once the environment is installed.

It takes minutes, so it runs only when asked (`--with-test-suite`); otherwise the last
recorded value (kept in docs/benchmarks.md) is reported, marked as not re-measured.
Goal: under 5 minutes.
Non-goal: timing parts of the suite; `pytest --durations` does that.
"""
from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

from .timing import Result, skipped, time_once

TITLE = "`make test` wall time (after installation)"
GOAL_SECONDS = 300.0


def measure(root: Path, command: tuple[str, ...] = ("make", "test")) -> dict:
    """Run `command` in `root`; its wall time, exit code, last output line and when it ran."""
    outcome = {}

    def call() -> None:
        """Run the command, keep its exit code and last line."""
        completed = subprocess.run(command, cwd=root, capture_output=True, text=True)
        lines = [line for line in completed.stdout.splitlines() if line.strip()]
        outcome.update(returncode=completed.returncode, summary=lines[-1] if lines else "")

    seconds = time_once(call)
    measured = datetime.datetime.now().isoformat(timespec="minutes")
    return {"seconds": round(seconds, 1), "measured": measured, **outcome}


def run(root: Path, with_test_suite: bool, recorded: dict | None,
        command: tuple[str, ...] = ("make", "test")) -> list[Result]:
    """Measure now if `with_test_suite`, else report `recorded` (None: never measured)."""
    if with_test_suite:
        record, how = measure(root, command), "measured in this run"
    elif recorded is not None:
        record, how = recorded, "not re-run: the last recorded value (pass --with-test-suite to measure)"
    else:
        return [skipped("P6", TITLE, GOAL_SECONDS, "lower",
                        "never measured here; run `make bench BENCH_ARGS=--with-test-suite`", "s")]
    detail = (f"{how}; {' '.join(command)} on {record['measured']}, exit code {record['returncode']}, "
              f"last line: {record['summary']!r}")
    return [Result("P6", TITLE, record["seconds"], GOAL_SECONDS, "lower", "s", detail, extra={"record": record})]
