"""Run benchmarks P1-P8, print the table of ratios against goals, write docs/benchmarks.md and its plot.

    python -m benchmarks.run                     # everything, a few minutes (make bench)
    python -m benchmarks.run --profile quick     # smaller sizes, for a quick look
    python -m benchmarks.run --only P1 P3        # some of them
    python -m benchmarks.run --with-test-suite   # also time `make test` (P6), which takes minutes

Exit status 1 when a goal is missed or a benchmark fails to run, else 0 (skipped is fine).
Non-goal: timed tests; tests/test_benchmarks.py only runs this code on tiny sizes.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import sympy

from . import p1_lecture, p2_sweep, p3_mlp, p4_symbolic, p5_slider, p6_test_suite, p7_browser, p8_digits, report
from .timing import Result

ROOT = Path(__file__).resolve().parent.parent

# Sizes per profile: "full" is what the issue asks for; "tiny" only checks that the code runs.
PROFILES: dict[str, dict[str, dict]] = {
    "full": {"P1": {}, "P2": {}, "P3": {}, "P4": {}, "P5": {}, "P7": {}, "P8": {}},
    "quick": {"P1": {"iterations": 2_000, "repetitions": 7, "others": 1},
              "P2": {"iterations": 1_000, "repetitions": 1},
              "P3": {"steps": 3, "repetitions": 3},
              "P4": {"sizes": p4_symbolic.SIZES[:4], "repetitions": 1},
              "P5": {"calls": 3, "changes_per_call": 3},
              "P7": {"presses": 8},
              "P8": {"repetitions": 3}},
    "tiny": {"P1": {"iterations": 20, "repetitions": 2, "others": 1},
             "P2": {"copies": 4, "iterations": 20, "repetitions": 1},
             "P3": {"batch": 32, "steps": 1, "repetitions": 1},
             "P4": {"sizes": ([2, 2, 2], [2, 3, 2]), "repetitions": 1},
             "P5": {"calls": 1, "changes_per_call": 1},
             "P7": {"presses": 0},   # no browser in the test suite: `--only P7 --profile quick` for a smoke
             "P8": {"repetitions": 1, "epochs": 1}},
}
BENCHMARKS: dict[str, Callable[..., list[Result]]] = {
    "P1": p1_lecture.run, "P2": p2_sweep.run, "P3": p3_mlp.run, "P4": p4_symbolic.run, "P5": p5_slider.run,
    "P7": p7_browser.run, "P8": p8_digits.run}


def run_one(key: str, function: Callable[..., list[Result]], options: dict) -> list[Result]:
    """Run one benchmark; an exception becomes a failed row instead of ending the run."""
    try:
        return function(**options)
    except Exception as error:   # report it in the table and carry on with the others
        traceback.print_exc()
        return [Result(key, "failed to run", None, 0.0, "lower", detail=f"error: {error!r}", error=True)]


def run_all(profile: str, only: Sequence[str], with_test_suite: bool, test_command: tuple[str, ...]) -> list[Result]:
    """Every benchmark in `only` (all if empty), in order, each printed as soon as it is done."""
    results = []
    for key, function in BENCHMARKS.items():
        if not only or key in only:
            print(f"running {key} ...", flush=True)
            results += run_one(key, function, PROFILES[profile][key])
    if not only or "P6" in only:
        results += p6_test_suite.run(ROOT, with_test_suite, test_command)
    return results


def context(profile: str, seconds: float) -> dict[str, str]:
    """What the docs say about this run: when, where, with what, how loaded the machine was."""
    versions = f"Python {platform.python_version()}, NumPy {np.__version__}, SymPy {sympy.__version__}"
    for name in ("torch", "micrograd"):
        module = sys.modules.get(name)
        versions += f", {name} {getattr(module, '__version__', 'installed')}" if module else f", no {name}"
    return {"date": datetime.datetime.now().isoformat(timespec="minutes"), "profile": profile,
            "machine": f"{os.cpu_count()} cores, {platform.machine()}, {_cpu_model()}",
            "load average (1, 5, 15 min) at the end": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
            "versions": versions, "benchmark run time": f"{seconds:.0f} s"}


def _cpu_model() -> str:
    """The processor's name from /proc/cpuinfo (Linux), else platform.processor()."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=list(PROFILES), default="full")
    parser.add_argument("--only", nargs="*", default=[], choices=[*BENCHMARKS, "P6"], metavar="P")
    parser.add_argument("--with-test-suite", action="store_true", help="time `make test` for P6 (minutes)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="where benchmarks.md/.png go")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--test-command", default="make test", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    start = datetime.datetime.now()
    markdown_path = args.docs / "benchmarks.md"
    results = run_all(args.profile, args.only, args.with_test_suite, tuple(args.test_command.split()))
    print("\n" + report.text_table(results))
    if args.only and not args.no_write and not markdown_path.exists():
        print("\ndocs not written: --only ran part of the table, and there is no whole table to update")
    elif args.only and not args.no_write:
        seconds = (datetime.datetime.now() - start).total_seconds()
        markdown_path.write_text(report.replace_rows(markdown_path.read_text(), results,
                                                     context(args.profile, seconds)))
        print(f"\nreplaced the rows of {', '.join(args.only)} in {markdown_path} (the plot is left as it was)")
    elif not args.no_write:
        args.docs.mkdir(parents=True, exist_ok=True)
        report.plot(results, args.docs / "benchmarks.png")
        seconds = (datetime.datetime.now() - start).total_seconds()
        markdown_path.write_text(report.markdown(results, context(args.profile, seconds), "benchmarks.png"))
        print(f"\nwrote {markdown_path} and {args.docs / 'benchmarks.png'}")
    return 1 if any(r.status in ("FAIL", "ERROR") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
