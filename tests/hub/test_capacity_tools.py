"""scripts/capacity_report.py and the command line of scripts/measure_capacity.py, without a hub
(`make capacity` runs the real measurement; it is too heavy for `make test`)."""

from __future__ import annotations

import pytest

from ..scripts import load_script

report = load_script("capacity_report")
MIB = report.MIB


def _result(pss_mib: list[int], cpu_s: list[float]) -> dict:
    """A measurement as measure_capacity.py returns it, with the given PSS and CPU figures."""
    runs = [{"notebook_s": 2.0, "in_kernel_s": [0.1, 0.2], "cpu_s": [c, c], "round_trip_s": [0.2, 0.3]}
            for c in cpu_s]
    return {"students": len(pss_mib), "rounds": 2, "notebook": "notebooks/x.ipynb",
            "servers_start_s": 10.0, "runs": runs, "command": "python scripts/measure_capacity.py",
            "memory": [{"rss": p * MIB + MIB, "pss": p * MIB, "processes": 2} for p in pss_mib],
            "hub_memory": {"rss": 200 * MIB, "pss": 100 * MIB},
            "machine": {"cores": 2, "ram_bytes": 24 * report.GIB, "load_average": (1.0, 1.0, 1.0)}}


def test_students_per_server_uses_the_largest_student_and_keeps_the_reserve() -> None:
    derived = report.summary(_result([200, 300, 250], [0.04, 0.05, 0.06]))
    free = (report.PLAN_RAM_GIB - report.SYSTEM_RESERVE_GIB) * report.GIB - 100 * MIB
    assert derived["per_student"] == 300 * MIB
    assert derived["by_memory"] == free // (300 * MIB)
    assert derived["cpu_per_move"] == pytest.approx(0.05)
    assert derived["moves_per_s"] == pytest.approx(report.PLAN_CORES / 0.05)


def test_page_shows_the_measured_figures_and_the_command() -> None:
    result = _result([200, 300], [0.05, 0.05])
    page = report.render(result)
    assert "`python scripts/measure_capacity.py`" in page
    assert f"holds **{report.summary(result)['by_memory']} students**" in page
    assert "250 MiB (max 300 MiB)" in page   # median and max PSS of the two students
    assert "0.15 s / 0.20 s / 0.20 s" in page  # in-kernel update: median / 95% / max


@pytest.mark.parametrize("args, message", [
    (["--students", "0"], "--students and --rounds must be at least 1"),
    (["--notebook", "no-such.ipynb"], "--notebook: no such notebook"),
])
def test_measure_capacity_rejects_bad_arguments_in_one_line(args, message, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        load_script("measure_capacity").main(args)
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error
