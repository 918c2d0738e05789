"""What a notebook cell shows: an output that is only an object's repr shows the reader nothing.

A figure whose display fails (a missing method, an exception in _repr_png_) is shown by IPython
as its repr, `<CostFigure>` or `<... object at 0x7f...>`, and the error is hidden: the page then
has no figure. Used on the committed notebooks (test_notebooks.py) and on a fresh run
(test_notebooks_deterministic.py).
"""
from __future__ import annotations

import re

REPR = re.compile(r"^<[^\n]*>$")   # <CostFigure>, <Figure size 640x480 with 1 Axes>, <... at 0x...>


def unrendered(notebook) -> list[str]:
    """'cell N: text' for each displayed output that holds nothing but a repr in angle brackets."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if output.get("output_type") in ("execute_result", "display_data") and set(data) <= {"text/plain"}:
                text = "".join(data.get("text/plain", "")).strip()
                if REPR.match(text):
                    found.append(f"cell {index}: {text[:120]}")
    return found
