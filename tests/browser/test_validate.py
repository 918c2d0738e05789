"""nbgrader's Validate button in JupyterLab on a wrong homework: the reason first, no traceback.

A copy of homework 1 (the student copy as released) is answered with the solutions except two
slips (logistic and total_error, tests/homework_course.py). The test opens it in JupyterLab,
presses the toolbar's Validate (nbgrader's lab extension; its server extension runs nbgrader's
validate), and reads the dialog: every failed cell's error is the check's line (✗ ...) in one
or two lines that fit the dialog's width, with no traceback, no path into the package and no
source listing; the dialog fits a few screens, not thousands of pixels per check. A screenshot goes to build/screenshots/.
"""
from __future__ import annotations

import os
import re
import sys

import nbformat
import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing playwright must fail
    pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")

from playwright.sync_api import expect  # noqa: E402

import lab  # noqa: E402  (tests/browser/lab.py)

sys.path.insert(0, str(lab.REPO))
from tests import homework_course as course_kit  # noqa: E402

pytestmark = pytest.mark.browser

NOTEBOOK = "homework/_validate_two_slips.ipynb"
SLIPS = [course_kit.SLIPS[course_kit.HW1][0], course_kit.SLIPS[course_kit.HW1][2]]   # logistic, total_error
VALIDATE_TIMEOUT_MS = 180_000


def test_validate_shows_each_checks_reason_in_a_line(page, lab_server) -> None:
    nb = course_kit.submission(lab_server.root / "homework", course_kit.HW1, SLIPS)
    nbformat.write(nb, lab_server.root / NOTEBOOK)
    lab.open_notebook(page, lab_server, NOTEBOOK)
    page.locator(lab.NOTEBOOK).get_by_role("button", name=re.compile("Validate", re.I)).first.click()
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("The following cell failed", timeout=VALIDATE_TIMEOUT_MS)
    lab.screenshot(page, "validate-two-slips")
    text = dialog.inner_text()
    errors = [block for block in dialog.locator("pre").all_inner_texts() if "✗" in block]
    assert "✗ logistic:" in text and "✗ total_error:" in text, text[:2000]
    for word in ("Traceback", "runner.py", "site-packages", "backprop_lessons/", "----> "):
        assert word not in text, f"{word!r} in the Validate dialog:\n{text[:3000]}"
    assert text.count("The following cell failed") == 4, text[:3000]   # the two slips, the two that call them
    assert len(errors) == 4, errors
    for error in errors:     # the reason first: one or two lines, the first the check's ✗ line
        lines = [line for line in error.strip().splitlines() if line.strip()]
        assert len(lines) <= 2 and lines[0].startswith("✗"), error
    sideways = dialog.locator("pre").evaluate_all("blocks => blocks.filter(b => b.innerText.includes('✗'))"
                                                  ".map(b => b.scrollWidth - b.clientWidth)")
    assert sideways and max(sideways) <= 2, f"a reason needs scrolling sideways: {sideways} px"
    height = dialog.locator(".jp-Dialog-body").evaluate("body => body.scrollHeight")
    assert height < 2000, f"the dialog's body is {height} px tall"
    lab.assert_clean_console(page)
