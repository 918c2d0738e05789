"""Deterministic notebooks: each runs twice afresh and shows the same outputs both times.

nbval compares a notebook's outputs with the stored ones, so an output that changes from
run to run (a set's order, an unseeded random draw, a timing) makes nbval flaky. Here each
notebook is executed twice with nbclient, each time in a fresh kernel with a different
PYTHONHASHSEED, and every compared output must be equal after the sanitize rules of
tests/nbval-sanitize.cfg. What is compared is what strict nbval compares: stdout and
stderr, text/plain, text/html, text/latex and the other text outputs, errors; not images
or widget views, and not cells marked NBVAL_IGNORE_OUTPUT or NBVAL_SKIP (or tagged
nbval-ignore-output, nbval-skip).

The lecture notebooks (notebooks/*.ipynb) run in the default test run; every other
notebook (notebooks/homework/...) runs with `pytest --thorough`.
"""
from __future__ import annotations

import configparser
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.outputs import unrendered

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SANITIZE = Path(__file__).resolve().parent / "nbval-sanitize.cfg"
NOT_COMPARED = {"image/png", "image/jpeg", "image/svg+xml", "application/vnd.jupyter.widget-view+json",
                "application/vnd.jupyter.widget-state+json", "application/javascript"}
HASH_SEEDS = ("1", "2")   # two runs, two hash seeds: a set's order cannot pass unnoticed


def notebooks() -> list:
    """Every notebook under notebooks/: the lecture ones (top level) always, the rest with --thorough."""
    found = sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    params = [pytest.param(p, id=str(p.relative_to(NOTEBOOKS)),
                           marks=() if p.parent == NOTEBOOKS else pytest.mark.thorough) for p in found]
    return params or [pytest.param(None, id="no notebooks yet",
                                   marks=pytest.mark.skip(reason="notebooks/ holds no notebook yet"))]


def sanitize_rules(path: Path = SANITIZE) -> list[tuple[re.Pattern, str]]:
    """(regex, replacement) pairs from an nbval sanitize file."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(path)
    return [(re.compile(config[section]["regex"]), config[section].get("replace", ""))
            for section in config.sections()]


def skipped(cell) -> bool:
    """Whether nbval would not compare this cell's outputs."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    markers = re.findall(r"#\s*(NBVAL_\w+)", cell.source)
    return bool(tags & {"nbval-ignore-output", "nbval-skip"}
                or {"NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP"} & set(markers))


def compared_outputs(notebook, rules) -> dict[int, list[tuple[str, str]]]:
    """For each compared code cell (by index): its outputs as (kind, sanitized text), streams joined."""
    def clean(text) -> str:
        text = "".join(text) if isinstance(text, list) else str(text)
        for pattern, replacement in rules:
            text = pattern.sub(replacement, text)
        return text

    result = {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or skipped(cell):
            continue
        items: list[tuple[str, str]] = []
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                kind = f"stream {output.name}"
                if items and items[-1][0] == kind:   # nbval joins consecutive stream outputs
                    items[-1] = (kind, items[-1][1] + clean(output.text))
                else:
                    items.append((kind, clean(output.text)))
            elif output.output_type == "error":
                items.append(("error", f"{output.ename}: {clean(output.evalue)}"))
            else:
                items += [(mime, clean(data)) for mime, data in sorted(output.get("data", {}).items())
                          if mime not in NOT_COMPARED]
        result[index] = items
    return result


def execute(path: Path, hash_seed: str):
    """The notebook executed afresh in a new kernel from its own folder, with this hash seed."""
    notebook = nbformat.read(path, as_version=4)
    previous = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = hash_seed   # the kernel process inherits it
    try:
        NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        if previous is None:
            del os.environ["PYTHONHASHSEED"]
        else:
            os.environ["PYTHONHASHSEED"] = previous
    return notebook


def differences(first, second, rules) -> list[str]:
    """One line per compared cell whose outputs differ between two runs."""
    a, b = compared_outputs(first, rules), compared_outputs(second, rules)
    lines = []
    for index in a:
        if a[index] != b[index]:
            shown = next(((x, y) for x, y in zip(a[index], b[index]) if x != y), (a[index], b[index]))
            lines.append(f"cell {index}: {str(shown[0])[:200]!r} != {str(shown[1])[:200]!r}")
    return lines


@pytest.mark.parametrize("path", notebooks())
def test_notebook_gives_the_same_outputs_twice(path):
    rules = sanitize_rules()
    first, second = (execute(path, seed) for seed in HASH_SEEDS)
    assert not differences(first, second, rules), "\n".join(differences(first, second, rules))
    assert unrendered(first) == [], "a figure shows only its repr in a fresh run"


def test_the_comparison_sees_a_hash_order_and_ignores_what_nbval_ignores(tmp_path):
    """A notebook that prints a hash differs between the two runs; an address and an ignored cell do not."""
    cells = [nbformat.v4.new_code_cell("print(object())"),
             nbformat.v4.new_code_cell("print(hash('backprop'))"),
             nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\nprint(hash('lessons'))"),
             nbformat.v4.new_code_cell("import sys; print('to stderr', file=sys.stderr); 1 + 1")]
    path = tmp_path / "probe.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    first, second = (execute(path, seed) for seed in HASH_SEEDS)
    found = differences(first, second, sanitize_rules())
    assert len(found) == 1 and found[0].startswith("cell 1:")
    assert compared_outputs(first, sanitize_rules())[3] == [("stream stderr", "to stderr\n"), ("text/plain", "2")]


def test_a_fresh_run_sees_a_figure_whose_display_fails(tmp_path):
    """An object whose _repr_png_ raises is stored as its repr, and unrendered() names the cell."""
    source = ("class Broken:\n    def _repr_png_(self):\n        raise NotImplementedError\n"
              "    def __repr__(self):\n        return '<Broken>'\nBroken()")
    path = tmp_path / "broken.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), path)
    assert unrendered(execute(path, "1")) == ["cell 0: <Broken>"]
