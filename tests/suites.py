"""Which suite each test belongs to, so the slow suites can be left out (`make check`).

The slow suites start real components or run whole notebooks:
    browser    JupyterLab in headless Chromium (tests/browser/)
    hub        a JupyterHub course with simulated students (tests/hub/)
    site       the course site and lecture mode (tests/site/)
    nbgrader   the homework generated, validated and graded by real nbgrader
    notebooks  nbval on every notebook, and each notebook run twice
Each of these tests is marked with its suite's name and with `slow`; `pytest -m "not slow"`
runs the core (the package's own tests), `pytest -m hub` one suite.
"""
from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
BY_FOLDER = {"browser": "browser", "hub": "hub", "site": "site"}
BY_FILE = {
    "test_homework_grading.py": "nbgrader",
    "test_homework_generation.py": "nbgrader",
    "test_student_release.py": "nbgrader",
    "test_notebooks_deterministic.py": "notebooks",
}
SLOW_SUITES = ("browser", "hub", "site", "nbgrader", "notebooks")


def suite_of(path: Path) -> str | None:
    """The slow suite a test file belongs to, or None for the core."""
    if path.suffix == ".ipynb":
        return "notebooks"                       # nbval collects the notebooks themselves
    try:
        parts = path.resolve().relative_to(TESTS).parts
    except ValueError:
        return None
    return BY_FOLDER.get(parts[0]) if len(parts) > 1 else BY_FILE.get(parts[0])


@pytest.hookimpl(tryfirst=True)                  # before `-m` deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        suite = suite_of(Path(str(item.path)))
        if suite:
            item.add_marker(getattr(pytest.mark, suite))
            item.add_marker(pytest.mark.slow)
