"""The benchmark code runs, on tiny sizes. No timing is asserted: that is what `make bench` is for."""
import sys

import pytest

from backprop_lessons.lecture.example import lecture_data, lecture_network
from benchmarks import p1_lecture, p6_test_suite, report, run
from benchmarks.timing import Result, paired_ratio, side_by_side

ROWS = ["P1", "P2", "P3 float64", "P3 float32", "P4", "P5 latency", "P5 speedup", "P6", "P7 vs interact",
        "P7 transport", "P8 accuracy", "P8 time"]


def test_every_benchmark_runs_on_tiny_sizes_and_writes_the_docs(tmp_path, capsys):
    status = run.main(["--profile", "tiny", "--docs", str(tmp_path)])
    assert status in (0, 1)   # tiny sizes may well miss the goals
    printed = capsys.readouterr().out
    markdown = (tmp_path / "benchmarks.md").read_text()
    for key in ROWS:
        assert f"\n{key} " in printed and f"| {key} |" in markdown
    assert "ERROR" not in printed
    assert (tmp_path / "benchmarks.png").read_bytes().startswith(b"\x89PNG")


def test_the_test_suite_time_is_measured_on_request_then_recalled(tmp_path, capsys):
    command = f"{sys.executable} -c print('3_passed')"
    run.main(["--profile", "tiny", "--only", "P6", "--docs", str(tmp_path), "--no-write",
              "--with-test-suite", "--test-command", command])
    assert "P6" in capsys.readouterr().out
    measured = p6_test_suite.run(tmp_path, True, None, tuple(command.split()))[0]
    assert measured.status == "pass" and measured.extra["record"]["summary"] == "3_passed"
    (tmp_path / "benchmarks.md").write_text(report.markdown([measured], {}, "benchmarks.png"))
    recalled = p6_test_suite.run(tmp_path, False, report.recorded_test_suite(tmp_path / "benchmarks.md"))[0]
    assert recalled.value == measured.value and "not re-run" in recalled.detail
    assert p6_test_suite.run(tmp_path, False, None)[0].status == "skipped"


def test_the_plain_python_baseline_computes_the_lecture_numbers():
    losses = p1_lecture.plain_python_training(1_000)
    assert losses[0] == pytest.approx(0.298371109, abs=1e-9)   # E_total on the slides
    assert losses == pytest.approx(list(lecture_network().train(*lecture_data(), 1_000, 0.5).losses), rel=1e-12)


def test_side_by_side_rotates_and_pairs():
    calls = []
    times = side_by_side({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, 3)
    assert calls == ["a", "b", "b", "a", "a", "b"]
    assert paired_ratio({"a": [2.0, 4.0, 9.0], "b": [1.0, 1.0, 1.0]}, "a", "b") == 4.0
    assert all(len(t) == 3 for t in times.values())


@pytest.mark.parametrize("value, better, status", [(0.9, "lower", "pass"), (1.1, "lower", "FAIL"),
                                                   (25, "higher", "pass"), (None, "higher", "skipped")])
def test_result_status_against_its_goal(value, better, status):
    goal = 1.0 if better == "lower" else 20.0
    assert Result("P", "t", value, goal, better).status == status
    assert Result("P", "t", value, goal, better, error=True).status == "ERROR"
