"""The benchmark code runs, on tiny sizes. No timing is asserted: that is what `make bench` is for."""
import datetime
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


def test_the_test_suite_time_is_measured_on_request_or_shown_as_not_measured(tmp_path, capsys):
    """P6 is measured in the run that reports it, with the suites' own times, or it says "not measured"
    with the date: never an earlier run's figure (issue 25)."""
    times = {"wall_seconds": 12.5, "outcomes": {"passed": 3}, "workers": {"gw0": 11.0, "gw1": 10.5},
             "files": {"tests/test_slow.py": 9.0, "tests/test_quick.py": 1.5}}
    write = f"import json, pathlib; pathlib.Path('build').mkdir(); pathlib.Path('{p6_test_suite.TIMES}')" \
            f".write_text(json.dumps({times!r})); print('3_passed')"
    measured = p6_test_suite.run(tmp_path, True, (sys.executable, "-c", write))[0]
    assert measured.status == "pass" and "measured in this run" in measured.detail
    assert "pytest 12.5 s (3 passed)" in measured.detail and "tests/test_slow.py 9 s" in measured.detail
    assert "gw0 11 s, gw1 10.5 s" in measured.detail and "'3_passed'" in measured.detail
    failed = p6_test_suite.run(tmp_path, True, (sys.executable, "-c", "raise SystemExit(1)"))[0]
    assert failed.status == "ERROR" and "no per-suite times" in failed.detail
    not_measured = p6_test_suite.run(tmp_path, False)[0]
    assert not_measured.status == "not measured" and not_measured.value is None
    assert datetime.date.today().isoformat() in not_measured.detail


def test_a_partial_run_replaces_only_its_rows_in_the_docs(tmp_path, capsys):
    run.main(["--profile", "tiny", "--only", "P1", "--docs", str(tmp_path)])   # no docs yet: nothing written
    assert not (tmp_path / "benchmarks.md").exists()
    old = report.markdown([Result("P1", "one", 1.0, 2.0, "lower"), Result("P6", "six", 196.0, 300.0, "lower",
                                                                           "s", "measured long ago")],
                          {"date": "2026-11-29"}, "benchmarks.png")
    (tmp_path / "benchmarks.md").write_text(old)
    run.main(["--profile", "tiny", "--only", "P6", "--docs", str(tmp_path)])
    text = (tmp_path / "benchmarks.md").read_text()
    assert "| P1 | one | 1x | <= 2x | pass |" in text and "196 s" not in text and "long ago" not in text
    assert "| P6 | `make test` wall time (after installation) | - | <= 300 s | not measured |" in text
    assert "- P6 rewritten on " in text


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
