#!/usr/bin/env python3
"""Re-execute notebooks in place, so the committed outputs match the code (nbval compares them).

    python scripts/execute_notebooks.py                  # every notebook under notebooks/
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
    """The notebooks named on the command line, or every one under notebooks/."""
    if arguments:
        return [Path(a).resolve() for a in arguments]
    return sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def execute(path: Path) -> float:
    """Execute one notebook in place; return its run time in seconds."""
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    elapsed = time.perf_counter() - start
    nbformat.write(notebook, path)
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
