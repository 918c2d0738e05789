#!/usr/bin/env python3
"""The folder lecture mode serves (`make present`): the lecture notebooks and nothing else.

    python scripts/lecture_tree.py [DEST]      # default: build/lecture

Voila serves every notebook under the folder it is given, and runs it on request. Given
notebooks/, it would run the homework sources (the solutions and hidden tests) for anyone who
types their address. So lecture mode gets a folder of its own: a copy of each lecture notebook
(notebooks/*.ipynb, no subfolder), without the cells tagged ``not-in-lecture-mode`` (in the
index: the homework link, "Run All", Binder and installing, which speak to a student at a
keyboard, not to an audience). No homework, source or student copy, is in it, so Voila answers
404 for all of them. DEST is emptied first; it must be a folder this script made, or new.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from backprop_lessons.binder import lesson_notebooks  # noqa: E402  (the site uses the same list)

DEFAULT_DEST = ROOT / "build" / "lecture"
HIDDEN_TAG = "not-in-lecture-mode"
MARKER = ".lecture-tree"   # marks a folder this script made, so emptying it is safe


def for_lecture_mode(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """*notebook* without the cells tagged ``not-in-lecture-mode``."""
    notebook.cells = [cell for cell in notebook.cells
                      if HIDDEN_TAG not in cell.get("metadata", {}).get("tags", [])]
    return notebook


def build(dest: Path = DEFAULT_DEST, root: Path = ROOT) -> list[Path]:
    """Empty *dest* and write the lecture notebooks of the repository at *root* into it (the
    lessons, ``lesson_notebooks``: notebooks/*.ipynb, never the homework below); the paths."""
    dest = Path(dest)
    if dest.exists():
        if not (dest / MARKER).is_file():
            raise SystemExit(f"lecture_tree: {dest} exists and was not made by this script; "
                             "give a new folder")
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    (dest / MARKER).write_text("made by scripts/lecture_tree.py; emptied on each run\n",
                               encoding="utf-8")
    written = []
    for path in lesson_notebooks(root):
        notebook = for_lecture_mode(nbformat.read(path, as_version=4))
        nbformat.write(notebook, dest / path.name)
        written.append(dest / path.name)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DEST
    print(f"lecture mode serves {len(build(target))} lecture notebooks from {target}")
