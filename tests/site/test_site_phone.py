"""The course site on a phone (390x844) and a laptop (1366x768): the sidebar toggle works, formulas scroll.

* On a phone the header's menu button opens the lessons (the themes bind it to a hidden button:
  pydata-sphinx-theme #2451, sphinx-book-theme #988; site/_static/sidebar-toggle.js passes it on),
  and a lesson's link in it opens that lesson.
* On a laptop the same button collapses the sidebar and brings it back.
* On a phone no formula is cut off at the right edge: each one fits the page or sits in a region
  that scrolls sideways (site/_static/course.css), and such a region is in the tab order.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.site.conftest import site_pages

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
TOGGLE = "button.primary-toggle:visible"


@pytest.fixture
def site_page(browser, site_server):
    """A page factory at a given viewport; errors on the page are collected in page.errors."""
    contexts = []

    def open_page(path: str, viewport: dict):
        context = browser.new_context(viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(site_server + path, wait_until="load")
        return page

    yield open_page
    for context in contexts:
        try:
            context.close()
        except Exception:   # closed already by the test
            pass


def test_on_a_phone_the_menu_opens_and_a_lesson_link_works(site_page):
    page = site_page("01-network-and-forward-pass.html", PHONE)
    toggle = page.locator(TOGGLE)
    expect(toggle).to_have_count(1)
    link = page.locator("#pst-primary-sidebar-modal a[href='03-the-output-layer.html'], "
                        "#pst-primary-sidebar a[href='03-the-output-layer.html']").first
    expect(link).not_to_be_visible()   # the sidebar is closed on a phone
    toggle.tap()
    expect(page.locator("#pst-primary-sidebar-modal")).to_have_attribute("open", "")
    expect(link).to_be_visible()
    link.tap()
    page.wait_for_url("**/03-the-output-layer.html")
    expect(page.locator("article h1").first).to_contain_text("The output layer")
    assert not page.errors, page.errors


def test_on_a_phone_escape_closes_the_menu(site_page):
    page = site_page("00-index.html", PHONE)
    page.locator(TOGGLE).tap()
    dialog = page.locator("#pst-primary-sidebar-modal")
    expect(dialog).to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(dialog).not_to_have_attribute("open", "")


def test_on_a_laptop_the_toggle_collapses_the_sidebar_and_brings_it_back(site_page):
    page = site_page("01-network-and-forward-pass.html", LAPTOP)
    sidebar = page.locator("#pst-primary-sidebar")
    expect(sidebar).to_be_visible()
    page.locator(TOGGLE).click()
    expect(sidebar).to_be_hidden()
    page.locator(TOGGLE).click()
    expect(sidebar).to_be_visible()
    assert not page.errors, page.errors


CUT_FORMULAS = """() => {
  // A formula past the right edge is cut off unless an ancestor inside the page scrolls sideways to it.
  const width = document.documentElement.clientWidth;
  const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth
                       && e.getBoundingClientRect().right <= width + 0.5;
  return [...document.querySelectorAll('article mjx-container')].filter(m => {
    const box = m.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) return false;
    for (let e = m.parentElement; e && e !== document.body; e = e.parentElement) { if (scrolls(e)) return false; }
    return true;
  }).map(m => (m.querySelector('mjx-assistive-mml') || m).textContent.slice(0, 60));
}"""


def test_on_a_phone_no_formula_is_cut_off(site_page, built_site):
    cut, regions = {}, 0
    for path in site_pages(built_site):
        if path == "index.html":
            continue
        page = site_page(path, PHONE)
        page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
        found = page.evaluate(CUT_FORMULAS)
        if found:
            cut[path] = found
        regions += page.evaluate("() => [...document.querySelectorAll('article span.math > mjx-container')]"
                                 ".filter(m => m.scrollWidth > m.clientWidth).length")
        unreachable = page.evaluate("() => [...document.querySelectorAll('article *')].filter(e => "
                                    "['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > "
                                    "e.clientWidth && (e.matches('mjx-container') || e.querySelector('mjx-container')) "
                                    "&& e.tabIndex < 0 && !e.querySelector('a, button, input, [tabindex]')).length")
        if unreachable:
            cut.setdefault(path, []).append(f"{unreachable} scrolling regions with a formula out of the tab order")
        page.context.close()
    assert not cut, f"formulas cut off at the right edge of a 390 px phone: {cut}"
    assert regions, "expected at least one formula too wide for a phone, scrolling in its paragraph"
