#!/usr/bin/env python3
"""Generate the student copies of the homework with nbgrader's own preprocessors.

Every ``notebooks/homework/source/NAME.ipynb`` (the instructor version, with
solutions and hidden tests) becomes ``notebooks/homework/NAME.ipynb``: the same
chain of preprocessors that ``nbgrader generate_assignment`` runs, minus the parts
that need an nbgrader course database or a kernel:

=====================  ====================================================
LockCells              make grade / solution / read-only cells undeletable
ClearSolutions         replace ``### BEGIN SOLUTION`` … ``### END SOLUTION``
                       (or a whole solution cell) by :data:`CODE_STUB` /
                       :data:`TEXT_STUB`
ClearOutput            drop outputs and execution counts
CheckCellMetadata      validate the nbgrader cell metadata (twice, as nbgrader)
ComputeChecksums       store checksums so ``nbgrader autograde`` can spot
                       edited grade cells (again after hidden tests go)
ClearHiddenTests       remove ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS``
ClearMarkScheme        remove ``### BEGIN MARK SCHEME`` … ``### END MARK SCHEME``
=====================  ====================================================

Left out: ``SaveCells`` (writes the gradebook database), ``IncludeHeaderFooter``
(no header or footer configured) and ``InstantiateTests`` (``### AUTOTEST``
needs a running kernel and an ``autotests.yml``; sources using it are rejected).

The student copies are deterministic: the same source gives the same bytes,
which ``tests/test_homework_generation.py`` relies on.

With ``--execute`` (what ``make homework`` runs) the notebooks are also run, because
nbval compares stored outputs and only checks cells that have them: each source is
executed in place (its checks print ✓), then each student copy is generated, executed
(its checks print "not done yet") and written. Execution is deterministic too: a fresh
kernel, execution counts 1, 2, 3 …, no timing metadata. A copy counts as up to date
(``--check``) when it equals a fresh generation once outputs, execution counts and the
kernel's ``language_info`` are set aside, so executed and unexecuted copies both pass.

Usage::

    python scripts/make_student_copies.py            # (re)write notebooks/homework/*.ipynb
    python scripts/make_student_copies.py --execute  # run the sources, then write executed copies
    python scripts/make_student_copies.py --check    # exit 1 if any copy is stale or missing
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import nbformat
from nbclient.exceptions import CellExecutionError
from nbconvert.exporters import NotebookExporter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from execute_notebooks import executed  # noqa: E402  (one way to run a notebook, shared)
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    ClearSolutions,
    ComputeChecksums,
    LockCells,
)
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "notebooks" / "homework" / "source"
DEST_DIR = ROOT / "notebooks" / "homework"

#: What replaces a code solution (nbgrader's ``ClearSolutions.code_stub``).
#: nbgrader's default, ``raise NotImplementedError()``, makes "Run All" stop at the
#: first unanswered exercise and makes nbval fail on the student copy. ``pass`` is
#: valid both inside a function body and at top level; an unfinished function then
#: returns ``None``, which the (visible) check cells report as "not done yet".
#: It is indented to the level of the ``### BEGIN SOLUTION`` line it replaces.
CODE_STUB = "# YOUR CODE HERE: replace `pass` with your answer\npass"

#: What replaces a written (Markdown) answer (``ClearSolutions.text_stub``).
TEXT_STUB = "YOUR ANSWER HERE"

#: The preprocessors, in ``nbgrader generate_assignment``'s order. ClearHiddenTests
#: comes after ComputeChecksums, and checksums are computed again after it.
PREPROCESSORS = (
    LockCells,
    ClearSolutions,
    ClearOutput,
    CheckCellMetadata,
    ComputeChecksums,
    ClearHiddenTests,
    ClearMarkScheme,
    ComputeChecksums,
    CheckCellMetadata,
)

#: Text that must never reach a student copy.
FORBIDDEN = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
             "BEGIN MARK SCHEME", "END MARK SCHEME")


def nbgrader_config() -> Config:
    """The traitlets configuration for the preprocessors (the code and text stubs)."""
    config = Config()
    config.Exporter.default_preprocessors = []
    config.ClearSolutions.code_stub = {"python": CODE_STUB}
    config.ClearSolutions.text_stub = TEXT_STUB
    return config


def _exporter() -> NotebookExporter:
    """A notebook-to-notebook exporter running :data:`PREPROCESSORS`."""
    exporter = NotebookExporter(config=nbgrader_config())
    for preprocessor in PREPROCESSORS:
        exporter.register_preprocessor(preprocessor, enabled=True)
    return exporter


def student_notebook(source: Path) -> str:
    """The student copy of the source notebook at *source*, as notebook JSON text.

    Raises :class:`ValueError` naming *source* if nbgrader rejects it (bad cell metadata,
    unbalanced delimiters), if it uses ``### AUTOTEST``, if a cell
    of an nbformat 4.5+ notebook has no id (nbformat would invent a random one, and
    the copy would differ on every run), or if a delimiter survives the conversion.
    """
    text = source.read_text(encoding="utf-8")
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"{source}: not a notebook ({exc})") from exc
    # Checked on the raw JSON: nbformat.read quietly invents random ids for the gaps.
    if raw.get("nbformat_minor", 0) >= 5 and any("id" not in c for c in raw.get("cells", [])):
        raise ValueError(f"{source}: a cell has no id; open and save it in JupyterLab, "
                         "or run nbformat's normalize(), then try again")
    if any("AUTOTEST" in "".join(c.get("source", "")) for c in raw.get("cells", [])):
        raise ValueError(f"{source}: ### AUTOTEST is not supported here (it needs a kernel)")
    nb = nbformat.reads(text, as_version=4)
    try:
        output, _resources = _exporter().from_notebook_node(nb, resources={})
    except Exception as exc:  # nbgrader raises RuntimeError and jsonschema's ValidationError
        detail = f" ({exc.__context__})" if exc.__context__ is not None else ""
        raise ValueError(f"{source}: {exc}{detail}") from exc
    for marker in FORBIDDEN:
        if marker in output:
            raise ValueError(f"{source}: {marker!r} is still in the student copy")
    return output


def comparable(text: str) -> str:
    """Notebook JSON *text* without what running it adds: outputs, execution counts, language_info."""
    nb = nbformat.reads(text, as_version=4)
    nb.metadata.pop("language_info", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nbformat.writes(nb)


def _write_if_changed(path: Path, text: str) -> None:
    """Write *text* to *path* unless the file already holds exactly these bytes."""
    data = text.encode("utf-8")
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def execute_sources(source_dir: Path = SOURCE_DIR) -> list[Path]:
    """Run every source notebook in place, so it is stored with the solutions' outputs."""
    for source in sources(source_dir):
        _write_if_changed(source, executed(source.read_text(encoding="utf-8"), source.parent))
    return sources(source_dir)


def student_path(source: Path, dest_dir: Path = DEST_DIR) -> Path:
    """Where the student copy of *source* goes."""
    return dest_dir / source.name


def sources(source_dir: Path = SOURCE_DIR) -> list[Path]:
    """The homework source notebooks, sorted by name."""
    return sorted(source_dir.glob("*.ipynb"))


def orphans(source_dir: Path = SOURCE_DIR, dest_dir: Path = DEST_DIR) -> list[Path]:
    """Notebooks in *dest_dir* with no source of the same name in *source_dir*."""
    names = {path.name for path in sources(source_dir)}
    return [path for path in sorted(dest_dir.glob("*.ipynb")) if path.name not in names]


def make_student_copies(source_dir: Path = SOURCE_DIR, dest_dir: Path = DEST_DIR,
                        execute: bool = False) -> list[Path]:
    """Write a student copy of every source in *source_dir* into *dest_dir*; return their paths.

    With *execute*, each copy is run (in *dest_dir*) before it is written. A copy whose
    bytes would not change is left untouched (its timestamp too).
    """
    dest_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources(source_dir):
        target = student_path(source, dest_dir)
        text = student_notebook(source)
        _write_if_changed(target, executed(text, dest_dir) if execute else text)
        written.append(target)
    return written


def stale(source_dir: Path = SOURCE_DIR, dest_dir: Path = DEST_DIR) -> list[Path]:
    """The student copies in *dest_dir* that are missing or differ from a fresh generation
    in anything but what execution adds (see :func:`comparable`)."""
    return [
        student_path(source, dest_dir)
        for source in sources(source_dir)
        if not student_path(source, dest_dir).exists()
        or comparable(student_path(source, dest_dir).read_text(encoding="utf-8"))
        != comparable(student_notebook(source))
    ]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, default=SOURCE_DIR,
                        help="instructor notebooks (default: notebooks/homework/source)")
    parser.add_argument("--dest-dir", type=Path, default=DEST_DIR,
                        help="where student copies go (default: notebooks/homework)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a student copy is missing or stale")
    parser.add_argument("--execute", action="store_true",
                        help="run each source in place, then run each student copy before writing it")
    args = parser.parse_args(argv)
    try:
        if args.check:
            out_of_date = stale(args.source_dir, args.dest_dir)
            for path in out_of_date:
                print(f"stale or missing: {path}", file=sys.stderr)
            if out_of_date:
                print("run: make homework", file=sys.stderr)
                return 1
        else:
            if args.execute:
                for path in execute_sources(args.source_dir):
                    print(f"executed {path}")
            for path in make_student_copies(args.source_dir, args.dest_dir, execute=args.execute):
                print(f"wrote {path}")
    except (OSError, ValueError, CellExecutionError) as exc:
        print(f"make_student_copies: {exc}", file=sys.stderr)
        return 2
    for path in orphans(args.source_dir, args.dest_dir):
        print(f"warning: {path} has no source in {args.source_dir}; delete it if it is a "
              "leftover student copy", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
