"""axe-core (axe-playwright-python) over every site page: no serious or critical violation.

Counts per page are written to build/site-tests/axe-counts-site.log (fixture ``site_visits``).
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
BLOCKING = ("serious", "critical")


def describe(violations: list[dict]) -> str:
    """One line per blocking violation: impact, rule, how many elements, the first element."""
    return "\n".join(f"  {v['impact']} {v['id']} x{len(v['nodes'])}: {v['nodes'][0]['target']} {v['help']}"
                     for v in violations if v.get("impact") in BLOCKING)


def test_no_serious_or_critical_violation_on_any_site_page(site_visits):
    assert len(site_visits) >= 13
    report = {path: describe(v.violations) for path, v in site_visits.items()}
    report = {path: text for path, text in report.items() if text}
    assert not report, "axe violations:\n" + "\n".join(f"{p}:\n{t}" for p, t in report.items())
