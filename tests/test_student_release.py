"""The student release (`make student-release DIR=...`): no solution or hidden test anywhere, and it works.

The tree is built in a temporary folder from this repository; then it is scanned for every
line of a solution or hidden test, its Binder links are checked to open the student
repository, and its homework runs on the release's own copy of the package: the empty
copies say "not done yet", solved answers get ✓, a wrong one ✗.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from backprop_lessons.binder import read_repository
from . import homework_course as course_kit
from .scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
release_script = load_script("student_release")


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    """The student release, written once for this module."""
    dest = tmp_path_factory.mktemp("release") / "course"
    assert release_script.write_release(dest) == []
    return dest


def test_the_release_holds_what_students_use_and_nothing_else(release: Path) -> None:
    files = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert {"README.md", "pyproject.toml", "binder/postBuild", "backprop_lessons/homework/runner.py",
            "notebooks/00-index.ipynb", "notebooks/homework/hw1-forward-pass.ipynb"} <= files
    assert not [f for f in files if f.startswith(("tests/", "scripts/", "benchmarks/", "docs/"))
                or "/source/" in f or "__pycache__" in f], files


def test_no_solution_or_hidden_test_line_anywhere(release: Path) -> None:
    lines, blocks = release_script.secrets()
    assert any("graded=True" in line for line in lines) and len(blocks) >= 10   # the scan has something to find
    assert release_script.leaks(release, (lines, blocks)) == []
    planted = release / "notebooks" / "planted.py"
    planted.write_text(sorted(line for line in lines if "graded=True" in line)[0] + "\n", encoding="utf-8")
    try:
        assert release_script.leaks(release, (lines, blocks)) == [f"notebooks/planted.py: {planted.read_text().strip()}"]
    finally:
        planted.unlink()


def test_no_model_answer_line_in_any_file_line_by_line(release: Path) -> None:
    """Every model-answer line (homework 4's forward_graph, its local rules, ...) is looked for in every file."""
    secret = release_script.model_answer_lines()
    forward = 'g["net_h1"] = g["w1"] * g["i1"] + g["w2"] * g["i2"] + g["b1"]'
    assert forward in secret and "self.grad += out.data * (1 - out.data) * out.grad" in secret
    assert release_script.model_answer_leaks(release, secret) == []
    planted = release / "backprop_lessons" / "engine" / "planted.py"      # the package is no exception
    planted.write_text(f"def graph(g):\n        {forward}\n", encoding="utf-8")
    try:
        assert release_script.model_answer_leaks(release, secret) == [
            f"backprop_lessons/engine/planted.py: model answer line: {forward}"]
    finally:
        planted.unlink()


def test_binder_links_open_the_student_repository(release: Path) -> None:
    student = read_repository(ROOT / "binder" / "student-repository.txt")
    assert read_repository(release / "binder" / "repository.txt") == student
    readme = (release / "README.md").read_text(encoding="utf-8")
    assert f"/v2/gh/{student.spec}?urlpath=lab/tree/notebooks/homework/hw1-forward-pass.ipynb" in readme
    assert f"/v2/gh/{read_repository().spec}?" not in readme or read_repository() == student


def _run(nb: nbformat.NotebookNode, folder: Path, release: Path, monkeypatch) -> list[str]:
    """Execute `nb` in `folder` with the release's package first on the path; every printed line."""
    monkeypatch.setenv("PYTHONPATH", str(release))
    nb.cells.insert(0, nbformat.v4.new_code_cell("import backprop_lessons; print('package:', backprop_lessons.__file__)"))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return [line for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
            if out.output_type == "stream" for line in out.text.splitlines()]


def test_the_homework_runs_on_the_released_package(release: Path, monkeypatch) -> None:
    folder = release / "notebooks" / "homework"
    empty = _run(nbformat.read(folder / f"{course_kit.HW1}.ipynb", as_version=4), folder, release, monkeypatch)
    assert empty[0] == f"package: {release / 'backprop_lessons' / '__init__.py'}"
    checks = [line for line in empty if line and line[0] in "✓✗…"]
    assert checks and all(line.startswith("… not done yet: ") for line in checks), checks
    solved = course_kit.submission(folder, course_kit.HW1, course_kit.SLIPS[course_kit.HW1][:1])
    lines = [line for line in _run(solved, folder, release, monkeypatch) if line and line[0] in "✓✗…"]
    # a wrong logistic: its check says so, the checks that build on it point back to it (the root of the cascade)
    assert [line.split(":")[0] for line in lines] == ["✗ logistic", "✗ forward_pass", "✓ total_error", "✗ error"]
    assert "calls your logistic" in lines[1] and "calls your logistic" in lines[3], lines
