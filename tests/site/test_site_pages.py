"""The course site in a real browser: every page loads cleanly, links hold, images have alt, math renders.

One visit per page (fixture ``site_visits``); each test checks one property over all pages.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from backprop_lessons.binder import BINDER_BASE, binder_url, course_repository, homework_notebooks, lesson_notebooks, read_repository, voila_url

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
FIGURE = re.compile(r"_images/[0-9a-f]{64}\.")   # a notebook's figure: MyST-NB names it by its hash


def test_every_page_loads_with_a_clean_console(site_visits):
    bad = {path: [f"[{m['type']}] {m['text'][:300]}" for m in v.console if m["type"] in ("error", "pageerror", "warning")]
           for path, v in site_visits.items()}
    assert not {p: m for p, m in bad.items() if m}, f"console errors or warnings: {bad}"
    failed = {path: v.failed_requests for path, v in site_visits.items() if v.failed_requests}
    assert not failed, f"requests that failed: {failed}"


def test_nothing_is_loaded_from_outside_the_site(site_visits):
    """MathJax, fonts and scripts are served by the site itself: no CDN."""
    outside = {path: v.outside_requests for path, v in site_visits.items() if v.outside_requests}
    assert not outside, f"requests leaving the site: {outside}"


def test_no_internal_link_is_broken(site_visits, site_server, built_site):
    broken = []
    for path, visit in site_visits.items():
        for href in visit.links:
            if not href.startswith(site_server):
                continue
            parts = urlsplit(href)
            target = built_site / unquote(parts.path.removeprefix(urlsplit(site_server).path))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path} -> {href}")
            elif parts.fragment and target.suffix == ".html" and (
                    f'id="{unquote(parts.fragment)}"' not in target.read_text(encoding="utf-8")):
                broken.append(f"{path} -> {href} (no such anchor)")
    assert not broken, "broken internal links:\n" + "\n".join(broken)


def test_every_image_loads_and_has_a_text_alternative(site_visits):
    bad = [f"{path}: {img['src']} alt={img['alt']!r} loaded={img['loaded']}"
           for path, v in site_visits.items() for img in v.images
           if not (img["alt"] or "").strip() or not img["loaded"]]
    assert not bad, "images without alt text or not loaded:\n" + "\n".join(bad)
    figures = [img for v in site_visits.values() for img in v.images if FIGURE.search(img["src"] or "")]
    assert len(figures) >= 6, f"expected the lessons' figures on the site, found {len(figures)}"


def _figure_texts() -> dict[str, str]:
    """notebook -> the text/plain of each figure output in the committed notebooks."""
    texts = {}
    for notebook in lesson_notebooks(REPO) + homework_notebooks(REPO):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/png" in data or "image/svg+xml" in data:
                    texts[f"{notebook.name}#{len(texts)}"] = "".join(data.get("text/plain", ""))
    return texts


def test_figure_alt_texts_are_the_figures_descriptions(site_visits):
    """Each figure's alt is its output's text/plain, which says what it shows (not a bare repr)."""
    alts = sorted(img["alt"] for v in site_visits.values() for img in v.images if FIGURE.search(img["src"] or ""))
    texts = _figure_texts()
    assert alts == sorted(t.strip() for t in texts.values())
    bare = {name: text for name, text in texts.items() if text.strip().startswith("<") or len(text.split()) < 5}
    assert not bare, f"figures whose text alternative does not describe them: {bare}"


def test_math_is_rendered_by_mathjax(site_visits):
    with_math = {path: v.math for path, v in site_visits.items() if v.math.get("source")}
    assert {"01-network-and-forward-pass.html", "03-the-output-layer.html"} <= set(with_math), with_math
    bad = {path: m for path, m in with_math.items()
           if not m.get("rendered") or m.get("errors") or m.get("raw")}
    assert not bad, f"pages whose math MathJax did not render: {bad}"


def _page(notebook: Path) -> str:
    return notebook.relative_to(REPO / "notebooks").with_suffix(".html").as_posix()


def test_lessons_in_lecture_order_homework_copies_and_errata(site_visits, built_site):
    landing = (built_site / "00-index.html").read_text(encoding="utf-8")
    nav = landing[landing.index("bd-docs-nav"):]
    order = [_page(n) for n in lesson_notebooks(REPO)[1:]]
    positions = [nav.index(f'href="{page}"') for page in order]
    assert positions == sorted(positions), "the lessons are not listed in lecture order"
    assert "07-errata.html" in site_visits
    for notebook in homework_notebooks(REPO):
        assert _page(notebook) in site_visits, f"{notebook.name} missing from the site"
    assert not (built_site / "homework" / "source").exists()
    for path in site_visits:
        assert "BEGIN SOLUTION" not in (built_site / path).read_text(encoding="utf-8"), path
    assert site_visits["index.html"].url.endswith("/00-index.html"), "the site does not open on the course map"


def test_each_notebook_page_has_its_binder_and_lecture_mode_links(built_site):
    for notebook in lesson_notebooks(REPO) + homework_notebooks(REPO):
        path = notebook.relative_to(REPO).as_posix()
        page = (built_site / _page(notebook)).read_text(encoding="utf-8")
        assert f'href="{binder_url(path)}"' in page, f"{path}: no Binder launch link"
        if notebook.parent.name != "homework":
            assert f'href="{voila_url(path)}"' in page, f"{path}: no lecture-mode link"


def test_no_raw_tex_in_any_page_text_or_tab_title(site_visits):
    """Math renders wherever it appears: in text cells, in Markdown a code cell displays (notebook 3's
    key sentence, the callouts, the course map's lists) and in the tab title (w₅, not \\(w_5\\))."""
    raw = {path: v.tex for path, v in site_visits.items() if v.tex}
    assert not raw, f"TeX left as typed: {raw}"
    assert "w₅" in site_visits["03-the-output-layer.html"].title, site_visits["03-the-output-layer.html"].title
    assert site_visits["03-the-output-layer.html"].math["rendered"] > 0


def test_every_launch_link_opens_the_student_repository(site_visits):
    """The rocket menu, each page's Binder and lecture-mode links and the course map's lists all open
    the public student repository (binder/student-repository.txt), never the instructor one."""
    student = f"{BINDER_BASE}/{course_repository(REPO).spec}?"
    assert course_repository(REPO) != read_repository(REPO / "binder" / "repository.txt")
    launch = [(path, href) for path, v in site_visits.items() for href in v.links if href.startswith(BINDER_BASE)]
    assert len(launch) >= 2 * len(lesson_notebooks(REPO)), f"expected launch links on every page, found {len(launch)}"
    elsewhere = [f"{path} -> {href}" for path, href in launch if not href.startswith(student)]
    assert not elsewhere, "launch links that do not open the student repository:\n" + "\n".join(elsewhere)
