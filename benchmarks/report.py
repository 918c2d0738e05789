"""The benchmark table: printed in the terminal, written to docs/benchmarks.md with a plot.

A run of part of the table (`--only P6`) replaces just those rows and their details in the
existing file, and says when they were measured; every other row keeps its own run's date.
Non-goal: a history of runs; git keeps the earlier versions of docs/benchmarks.md.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure

from .timing import Result


def text_table(results: Sequence[Result]) -> str:
    """The table for a terminal: one aligned line per result."""
    rows = [("", "benchmark", "measured", "goal", "result")]
    rows += [(r.key, r.title, r.value_text(), r.goal_text(), r.status) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)


def markdown(results: Sequence[Result], context: dict[str, str], plot_name: str) -> str:
    """docs/benchmarks.md: how to run, the table, the plot, how each was measured, the machine."""
    lines = ["# Benchmarks", "",
             "Made by `make bench` (benchmarks/run.py); do not edit by hand. Every ratio is timed side by",
             "side in one run (contenders interleaved, medians of paired repetitions): this is a shared",
             "2-core machine, so absolute times say little. Optional comparisons (micrograd, torch) need",
             "`pip install -e '.[bench]'` and are skipped without it.", "",
             "| | benchmark | measured | goal | result |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {r.key} | {r.title} | {r.value_text()} | {r.goal_text()} | {r.status} |" for r in results]
    lines += ["", f"![benchmark ratios against their goals]({plot_name})", "", "## How each was measured", ""]
    lines += [f"- **{r.key}**: {r.detail}" for r in results]
    lines += ["", "## This run", ""] + [f"- {name}: {value}" for name, value in context.items()]
    return "\n".join(lines) + "\n"


def replace_rows(text: str, results: Sequence[Result], context: dict[str, str]) -> str:
    """`text` (an earlier docs/benchmarks.md) with the rows and details of `results` replaced, and a
    line under "This run" saying which rows were measured again, when, and how loaded the machine was."""
    lines = text.splitlines()
    for r in results:
        lines = [f"| {r.key} | {r.title} | {r.value_text()} | {r.goal_text()} | {r.status} |"
                 if line.startswith(f"| {r.key} |") else f"- **{r.key}**: {r.detail}"
                 if line.startswith(f"- **{r.key}**:") else line for line in lines]
    keys = ", ".join(dict.fromkeys(r.key for r in results))
    lines = [line for line in lines if not line.startswith(f"- {keys} rewritten")]
    lines.append(f"- {keys} rewritten on {context['date']} by a run of part of the table (--only), load average "
                 f"{context['load average (1, 5, 15 min) at the end']}; the other rows and the plot are from the date above")
    return "\n".join(lines) + "\n"


def plot(results: Sequence[Result], path: Path) -> None:
    """Left: each measured value as a fraction of its goal (under 1 = goal met). Right: P4's log-log fit."""
    matplotlib.use("Agg")
    figure = Figure(figsize=(11, 4.2), layout="constrained")
    bars, scaling = figure.subplots(1, 2, width_ratios=[3, 2])
    measured = [r for r in results if r.value is not None]
    shares = [_share(r) for r in measured]
    colors = ["tab:green" if r.status == "pass" else "tab:red" for r in measured]
    bars.barh([r.key for r in measured], shares, color=colors)
    bars.axvline(1.0, color="black", linestyle="--", label="goal")
    for y, (r, share) in enumerate(zip(measured, shares)):   # labels right of the bar and of the goal line
        bars.annotate(f"{r.value_text()} (goal {r.goal_text()})", (max(share, 1.0) * 1.08, y), va="center",
                      fontsize=8)
    bars.set(xscale="log", xlabel="share of the goal used (< 1: goal met)", title="Measured against goal",
             xlim=(min(shares + [1.0]) / 1.5, max(shares + [1.0]) * 8))
    _plain_ticks(bars.xaxis)
    bars.invert_yaxis()
    bars.legend(loc="lower right")
    _plot_scaling(scaling, next((r for r in results if r.key == "P4" and r.extra), None))
    figure.savefig(path, dpi=100)


def _share(result: Result) -> float:
    """The share of its goal a result uses, under 1 when met: value / goal, or goal / value when
    higher is better. At least 0.001, so that a log axis can show it (the label has the value)."""
    if result.better == "lower":
        return max(result.value / result.goal, 1e-3)
    return result.goal / max(result.value, result.goal * 1e-3)


def _plot_scaling(ax: Axes, result: Result | None) -> None:
    """P4's derive-and-compile seconds against parameter count, with the fitted power law."""
    ax.set(xscale="log", yscale="log", xlabel="parameters", ylabel="seconds", title="P4: SymPy derive + compile")
    if result is None:
        ax.text(0.5, 0.5, "P4 not measured", ha="center", transform=ax.transAxes)
        return
    _plain_ticks(ax.xaxis)
    _plain_ticks(ax.yaxis)
    counts, seconds = result.extra["parameters"], result.extra["seconds"]
    ax.plot(counts, seconds, "o", label="measured (median)")
    scale = seconds[-1] / counts[-1] ** result.value
    ax.plot(counts, [scale * c ** result.value for c in counts], "-",
            label=f"fit: time ~ parameters^{result.value:.2f}")
    ax.legend(loc="upper left")


def _plain_ticks(axis: Axis) -> None:
    """Tick labels such as 0.5 and 20 on a log axis, instead of 5 x 10^-1, and no minor labels."""
    axis.set_major_formatter(ticker.FuncFormatter(lambda x, _: f"{x:g}"))
    axis.set_minor_formatter(ticker.NullFormatter())
