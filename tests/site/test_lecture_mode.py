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


# --------------------------------------------------------------------------- projector and keyboard
STEPPER_NOTEBOOK = "10-the-graph-and-its-gates.ipynb"
FOCUS_CONTRAST = 3.0   # WCAG 2.2, 1.4.11 and 2.4.13: a focus mark at 3:1 or better against its background


@pytest.fixture(scope="module")
def stepper_page(browser, voila_server):
    """Notebook 10 (the step-through) in lecture mode at 1366x768, drawn."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.set_default_timeout(90_000)
    page = context.new_page()
    page.goto(voila_server.render_url(STEPPER_NOTEBOOK))
    expect(page.locator(".bl-panel .stepper")).to_contain_text("step ", timeout=120_000)
    expect(page.locator(".widget-play button").first).to_have_attribute("aria-label", re.compile("."))
    yield page
    context.close()


def _luminance(css: str) -> float:
    """Relative luminance (WCAG) of a CSS rgb()/rgba() colour."""
    channels = [float(c) / 255 for c in re.findall(r"[\d.]+", css)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


FOCUS_STYLE = """e => { const s = getComputedStyle(e); let bg = 'rgb(255, 255, 255)';
  for (let p = e.parentElement; p; p = p.parentElement) {
    const c = getComputedStyle(p).backgroundColor; if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; } }
  return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, background: bg}; }"""


def tab_to(page, locator, limit: int = 80) -> list[str]:
    """Press Tab until `locator` has the focus; return what had the focus on the way (tag, label, text)."""
    page.locator("body").focus()
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("e => e === document.activeElement || e.contains(document.activeElement)"):
            return seen
        seen.append(page.evaluate("""() => { const e = document.activeElement;
          return [e.tagName, e.getAttribute('aria-label') || e.getAttribute('title') || '', (e.innerText || e.value || '').trim().slice(0, 40),
                  e.closest('.bl-panel') ? 'panel' : '', e.getAttribute('role') || '', e.scrollWidth - e.clientWidth].join(' | '); }"""))
    raise AssertionError(f"Tab never reached {locator}: {seen[-10:]}")


def test_focus_on_buttons_and_text_boxes_is_visible_at_3_to_1(stepper_page):
    page = stepper_page
    for target in (page.locator(".bl-panel button", has_text="Next"), page.locator(".bl-panel input.widget-input").first,
                   page.locator(".widget-play button").first, page.locator(".bl-panel .noUi-handle").first):
        tab_to(page, target)
        focus = target.evaluate(FOCUS_STYLE)
        assert focus["style"] not in ("none", "hidden") and focus["width"] >= 2, focus
        assert contrast(focus["color"], focus["background"]) >= FOCUS_CONTRAST, focus


def test_play_stop_and_repeat_have_names(stepper_page):
    names = stepper_page.locator(".widget-play button").evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")
    assert set(names) >= {"Play", "Stop", "Repeat"}, names


def test_no_empty_tab_stop_before_a_panel(stepper_page, lecture_page):
    """Every stop on the way to a panel's first control is a named control or a region wider than the page."""
    for page in (lecture_page, stepper_page):
        first = page.locator(".bl-panel .noUi-handle, .bl-panel button, .bl-panel input").first
        for stop in tab_to(page, first):
            tag, name, text, inside, role, overflow = [part.strip() for part in stop.split("|")]
            assert name or text, f"a tab stop with nothing to say: {stop}"
            if role == "region":
                assert int(overflow) > 8, f"a scrolling region that does not scroll: {stop}"


def test_the_keyboard_drives_the_step_through(stepper_page):
    """Tab to Next, Enter: one step on; Tab back to Previous, Space: one step back."""
    page = stepper_page
    line = page.locator(".bl-panel .stepper .stepper-line").first
    start = int(re.search(r"step (\d+) of", line.inner_text()).group(1))
    nxt, previous = page.locator(".bl-panel button", has_text="Next"), page.locator(".bl-panel button", has_text="Previous")
    tab_to(page, nxt)
    page.keyboard.press("Enter")
    expect(line).to_contain_text(f"step {start + 1} of")
    page.keyboard.press("Shift+Tab")
    expect(previous).to_be_focused()
    page.keyboard.press("Space")
    expect(line).to_contain_text(f"step {start} of")


def test_the_projector_scale_grows_with_the_screen_and_the_presenter(stepper_page):
    """Text is larger at 1920 px than at 1366 px (and at least 16 px there); Alt+= enlarges it again; the
    step-through's diagram and graph sit side by side below its controls, all starting on one screen."""
    page = stepper_page
    size = lambda: page.locator(".bl-panel .widget-button").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")  # noqa: E731
    at_laptop = size()
    page.set_viewport_size({"width": 1920, "height": 1080})
    expect(page.locator("html")).to_have_attribute("style", re.compile(r"--bl-scale: 1\.40"))
    at_projector = size()
    assert at_laptop >= 16 and at_projector >= 1.35 * at_laptop, (at_laptop, at_projector)
    page.keyboard.press("Alt+Equal")
    expect(page.locator("html")).to_have_attribute("style", re.compile(r"--bl-scale: 1\.5"))
    page.keyboard.press("Alt+Digit0")
    expect(page.locator("html")).to_have_attribute("style", re.compile(r"--bl-scale: 1\.40"))
    for viewport in ({"width": 1366, "height": 768}, {"width": 1920, "height": 1080}):
        page.set_viewport_size(viewport)
        page.locator(".bl-panel").first.evaluate("e => e.scrollIntoView({block: 'start'})")
        diagram, graph = [img.bounding_box() for img in page.locator(".bl-panel .bl-main img.widget-image").all()]
        controls = page.locator(".bl-panel .bl-controls").bounding_box()
        assert abs(diagram["y"] - graph["y"]) < 40 and diagram["x"] + diagram["width"] <= graph["x"] + 1, (diagram, graph)
        assert graph["x"] + graph["width"] <= viewport["width"], graph
        assert controls["y"] + controls["height"] <= diagram["y"] + 1, (controls, diagram)
        assert diagram["y"] + diagram["height"] <= viewport["height"], f"the diagram does not fit {viewport}"


def test_no_serious_or_critical_violation_on_the_step_through(stepper_page):
    from axe_playwright_python.sync_playwright import Axe

    from tests.site.test_site_a11y import describe

    violations = Axe().run(stepper_page).response["violations"]
    log_axe_counts("lecture-stepper", {f"voila/render/{STEPPER_NOTEBOOK}": violations})
    report = describe(violations)
    assert not report, "axe violations in lecture mode:\n" + report
