"""Smoke test of the browser-test machinery, independent of the lesson notebooks.

It writes its own tiny notebook (a FloatSlider whose observer prints 2*value into
an HTML table inside an Output widget) into the server's temporary root, opens it
in JupyterLab, runs it, moves the slider with the keyboard and through the
readout, and checks the numbers the kernel printed.
"""
from __future__ import annotations

import os
import time

import nbformat
import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing playwright must fail
    pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")

from playwright.sync_api import expect  # noqa: E402

import lab  # noqa: E402  (tests/browser/lab.py)

pytestmark = pytest.mark.browser

NOTEBOOK = "_smoke_slider.ipynb"

SETUP = """\
import ipywidgets as widgets
from IPython.display import HTML, display

x = widgets.FloatSlider(value=1.0, min=0.0, max=10.0, step=0.5, description="x")
out = widgets.Output()

def show(value):
    out.clear_output(wait=True)
    with out:
        display(HTML(
            "<table class='smoke'><tr><th>x</th><th>2x</th></tr>"
            f"<tr><td>{value:g}</td><td>{2 * value:g}</td></tr></table>"
        ))

def on_change(change):
    show(change["new"])

x.observe(on_change, names="value")
show(x.value)
display(x, out)
"""


def write_notebook(root) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Browser smoke test"),
        nbformat.v4.new_code_cell(SETUP),
        nbformat.v4.new_code_cell("print('ready')"),
    ]
    nbformat.write(nb, str(root / NOTEBOOK))


def expect_table(area, x: float) -> None:
    """The table shows x and 2x, and they agree with the slider's own value."""
    expect(area.locator("table.smoke td").first).to_have_text(f"{x:g}")
    rows = lab.table_numbers(area)
    assert rows == [[x, 2 * x]], rows


def test_slider_drives_output(page, lab_server):
    t0 = time.monotonic()
    write_notebook(lab_server.root)

    lab.open_notebook(page, lab_server, NOTEBOOK)
    t_open = time.monotonic()
    lab.run_all(page)
    t_run = time.monotonic()

    s = lab.slider(page, "x")
    area = lab.outputs(page).first
    expect(s.handle).to_have_attribute("aria-valuenow", "1.0")
    expect_table(area, 1.0)

    # Keyboard: three steps of 0.5 to the right.
    lab.set_slider_by_keys(s.handle, "ArrowRight", 3)
    expect(s.handle).to_have_attribute("aria-valuenow", "2.5")
    expect(s.readout).to_have_text("2.50")
    expect_table(area, 2.5)
    assert lab.table_numbers(area)[0][1] == 2 * s.value()

    # Typing into the readout.
    lab.type_into_readout(s.readout, "7.5")
    expect(s.handle).to_have_attribute("aria-valuenow", "7.5")
    expect_table(area, 7.5)
    assert lab.table_numbers(area)[0][1] == 2 * s.value()

    lab.screenshot(page, "smoke-slider")
    lab.assert_no_error_outputs(page)
    lab.assert_clean_console(page)
    print(
        f"\nsmoke timings: server start {lab_server.start_seconds:.1f} s, "
        f"open+kernel idle {t_open - t0:.1f} s, run all {t_run - t_open:.1f} s, "
        f"whole test {time.monotonic() - t0:.1f} s"
    )
