#!/usr/bin/env python3
"""Re-execute notebooks in place, so the committed outputs match the code (nbval compares them).

    python scripts/execute_notebooks.py                  # every lecture notebook in notebooks/
    python scripts/execute_notebooks.py notebooks/02-*.ipynb

Each notebook runs in a fresh kernel from its own folder, with a fixed hash seed, and
stops at the first error. Prints each notebook's run time (the issue's budget: < 20 s).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def notebooks(arguments: list[str]) -> list[Path]:
    """The notebooks named on the command line, or the lecture notebooks in notebooks/.

    The homework has its own pipeline (scripts/make_student_copies.py --execute).
    """
    if arguments:
        return [Path(a).resolve() for a in arguments]
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def executed(text: str, folder: Path, timeout: int = 600) -> str:
    """The notebook JSON *text* after running every cell in a fresh kernel started in *folder*.

    No timing metadata is recorded and consecutive prints to one stream are merged (the
    kernel splits them at random), so the same notebook and code give the same text.
    Raises nbclient's CellExecutionError if a cell fails.
    """
    nb = nbformat.reads(text, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    NotebookClient(nb, timeout=timeout, kernel_name=kernel, record_timing=False,
                   resources={"metadata": {"path": str(folder)}}).execute()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = _merged_streams(cell.outputs)
    return nbformat.writes(nb).rstrip("\n") + "\n"


def _merged_streams(outputs: list) -> list:
    """*outputs* with each run of stdout (or stderr) outputs joined into one, as nbval sees them."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (previous is not None and output.output_type == previous.output_type == "stream"
                and output.name == previous.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def execute(path: Path) -> float:
    """Execute one notebook in place; return its run time in seconds."""
    start = time.perf_counter()
    text = executed(path.read_text(encoding="utf-8"), path.parent)
    elapsed = time.perf_counter() - start
    path.write_text(text, encoding="utf-8")
    return elapsed


def main(arguments: list[str]) -> int:
    """Execute each notebook; print its time; return 1 if any failed."""
    os.environ["PYTHONHASHSEED"] = "0"
    failed = 0
    for path in notebooks(arguments):
        try:
            print(f"{execute(path):6.1f} s  {path.relative_to(ROOT)}")
        except Exception as error:   # report and go on to the next notebook
            failed += 1
            print(f" error    {path.relative_to(ROOT)}: {type(error).__name__}: {str(error)[-500:]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
