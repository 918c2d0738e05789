"""The lecture notebooks as a whole: executed, sliders checked by plain cells, slides, no typed figures.

nbval (in the default pytest run) re-runs every notebook and compares outputs; these tests
check what nbval cannot: that the notebooks are built the way the course promises.
"""
import re
from pathlib import Path

import nbformat
import pytest
from nbconvert import SlidesExporter

from backprop_lessons.lecture.published import PRINTED
from tests.outputs import unrendered

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LECTURE = sorted(p for p in NOTEBOOKS.glob("*.ipynb") if not p.name.startswith("00-"))
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}


def cells(path, kind):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == kind]


def test_there_are_an_index_and_at_least_eight_lecture_notebooks():
    assert (NOTEBOOKS / "00-index.ipynb").exists() and len(LECTURE) >= 8


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_committed_executed_without_errors(path):
    code = cells(path, "code")
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "re-run: make notebooks"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_figure_renders_not_just_its_repr(path):
    """A cell that displays an object shows it (a PNG, HTML, text), never only `<CostFigure>` or `<... at 0x...>`."""
    assert unrendered(nbformat.read(path, as_version=4)) == []


def test_a_repr_only_output_is_caught():
    """The check sees the output IPython stores when a figure's display fails."""
    cell = nbformat.v4.new_code_cell("plot_gradient_cost(timings)", outputs=[
        nbformat.v4.new_output("execute_result", {"text/plain": "<CostFigure>"}, execution_count=1)])
    shown = nbformat.v4.new_code_cell("Markdown('x')", outputs=[nbformat.v4.new_output(
        "execute_result", {"text/plain": "<IPython.core.display.Markdown object>", "text/markdown": "x"},
        execution_count=2)])
    assert unrendered(nbformat.v4.new_notebook(cells=[cell, shown])) == ["cell 0: <CostFigure>"]


@pytest.mark.parametrize("path", LECTURE, ids=lambda p: p.name)
def test_every_slider_panel_is_checked_by_a_plain_cell(path):
    code = cells(path, "code")
    panels = [i for i, c in enumerate(code) if c.source.startswith("# NBVAL_IGNORE_OUTPUT")]
    assert panels, "a lecture notebook has at least one slider panel"
    for i in panels:
        name = code[i].source.splitlines()[-1].strip()          # the display cell ends with the panel
        check = code[i + 1].source
        assert f"{name}.set(" in check and f"print({name}.summary())" in check, name
        assert code[i + 1].outputs, f"{name}: the checking cell prints what the panel shows"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_ignore_output_only_on_panel_cells(path):
    for c in cells(path, "code"):
        if "NBVAL_IGNORE_OUTPUT" in c.source:
            assert re.search(r"= \w+_panel\(", c.source), c.source


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_cells_hold_little_logic(path):
    for c in cells(path, "code"):
        assert not re.search(r"^\s*(def|class) ", c.source, re.M), "logic belongs in backprop_lessons/"
        assert len(c.source.splitlines()) <= 8, c.source


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_no_printed_figure_is_typed_into_a_notebook(path):
    results = [p.text for p in PRINTED.values()]
    for kind in ("code", "markdown"):
        for c in cells(path, kind):
            typed = [r for r in results if r in c.source]
            assert not typed, f"{kind} cell types {typed}: compute it"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_cell_carries_slideshow_metadata_and_the_deck_builds(path):
    notebook = nbformat.read(path, as_version=4)
    assert all(c.metadata.get("slideshow", {}).get("slide_type") in SLIDE_TYPES for c in notebook.cells)
    html, _ = SlidesExporter().from_notebook_node(notebook)
    slides = sum(c.metadata["slideshow"]["slide_type"] == "slide" for c in notebook.cells)
    assert html.count("<section") >= slides >= 3
