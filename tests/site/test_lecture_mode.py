"""Lecture mode (`make present`): Voila renders a lesson with its code hidden and its panel live.

A key press on a slider must change the panel's numbers to the ones the package computes for the
sliders' new values; axe-core audits the page (counts in build/site-tests/axe-counts-lecture.log).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from backprop_lessons import round_panel

from tests.site.conftest import log_axe_counts

pytestmark = pytest.mark.browser
NOTEBOOK = "01-network-and-forward-pass.ipynb"
# Voila's lab template links Font Awesome from a CDN; this network has none, Binder has. The
# lesson panels use no icon, so the missing stylesheet changes nothing on the page.
HARMLESS_OUTSIDE = ("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free",)


@pytest.fixture(scope="module")
def lecture_page(browser, voila_server):
    """The lesson in Voila, loaded until its panel's sliders show; console and requests recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(90_000)
    page = context.new_page()
    page.console_log, page.outside = [], []
    page.on("console", lambda m: page.console_log.append({"type": m.type, "text": m.text}))
    page.on("pageerror", lambda e: page.console_log.append({"type": "pageerror", "text": str(e)}))
    page.on("request", lambda r: None if r.url.startswith((voila_server.url, "data:", "blob:", "ws:"))
            else page.outside.append(r.url))
    page.goto(voila_server.render_url(NOTEBOOK))
    expect(page.locator(".widget-slider .noUi-handle").first).to_be_visible(timeout=120_000)
    yield page
    context.close()


def slider_values(page) -> dict[str, float]:
    """Every float slider of the page by its label: the full value from aria-valuetext."""
    return {root.locator(".widget-label").inner_text().strip():
            float(root.locator(".noUi-handle").get_attribute("aria-valuetext"))
            for root in page.locator(".widget-slider").all()}


def table_values(page) -> dict[str, float]:
    """The panel's numbers: (quantity, formula, value) rows of its table, by quantity."""
    rows = page.locator(".widget-html table tr").all()
    cells = [[c.inner_text().strip() for c in row.locator("td").all()] for row in rows]
    return {c[0]: float(c[-1].replace("\u2212", "-")) for c in cells if len(c) == 3}


def test_code_is_hidden_and_the_page_is_clean(lecture_page):
    assert lecture_page.locator(".cm-editor, .CodeMirror").count() == 0
    assert "round_panel(" not in lecture_page.content()
    bad = [m for m in lecture_page.console_log if m["type"] == "pageerror" or (
        m["type"] == "error" and "Failed to load resource: net::ERR_NAME_NOT_RESOLVED" not in m["text"])]
    assert not bad, bad
    outside = [u for u in lecture_page.outside if not u.startswith(HARMLESS_OUTSIDE)]
    assert not outside, outside


def test_a_key_press_on_a_slider_updates_the_numbers(lecture_page):
    handle = lecture_page.locator(".widget-slider", has=lecture_page.locator(".widget-label", has_text=re.compile(r"^w1$"))).locator(".noUi-handle")
    before = slider_values(lecture_page)
    old_table = table_values(lecture_page)
    handle.focus()
    handle.press("ArrowRight")
    expect(handle).not_to_have_attribute("aria-valuetext", str(before["w1"]))
    after = slider_values(lecture_page)
    assert after["w1"] == pytest.approx(before["w1"] + 0.01)
    assert {k: v for k, v in after.items() if k != "w1"} == {k: v for k, v in before.items() if k != "w1"}
    panel = round_panel(lesson=1)   # what notebook 01 shows
    panel.set(**after)
    expected = dict(line.split(" = ") for line in panel.summary().splitlines() if not line.startswith("eta"))
    net_h1 = lecture_page.locator(".widget-html table tr", has=lecture_page.locator(
        "td", has_text=re.compile(r"^net_h1$"))).first.locator("td").last
    expect(net_h1).not_to_have_text(f"{old_table['net_h1']:.9g}")   # the panel has recomputed
    shown = table_values(lecture_page)
    for name in ("net_h1", "out_h1", "net_o1", "out_o1", "out_o2"):
        assert shown[name] == pytest.approx(float(expected[name]), rel=1e-8), name


def test_no_serious_or_critical_violation_in_lecture_mode(lecture_page):
    from axe_playwright_python.sync_playwright import Axe

    from tests.site.test_site_a11y import describe

    violations = Axe().run(lecture_page).response["violations"]
    log_axe_counts("lecture", {f"voila/render/{NOTEBOOK}": violations})
    report = describe(violations)
    assert not report, "axe violations in lecture mode:\n" + report
