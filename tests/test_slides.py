"""`make slides`: a deck loads nothing from the network and hides what is there for the test runner."""
import re

from tests.scripts import load_script

build_slides = load_script("build_slides")


def test_a_deck_works_offline_and_hides_check_cells():
    html = build_slides.deck(build_slides.ROOT / "notebooks" / "01-network-and-forward-pass.ipynb")
    sources = re.findall(r"<(?:script|link)\b[^>]*?(?:src|href)=[\"']([^\"']+)", html)
    assert sources and not [s for s in sources if re.match(r"(https?:)?//", s)], sources
    assert "assets/reveal.js/dist/reveal.js" in html and "assets/mathjax/MathJax.js" in html
    assert "assets/widgets/embed-amd.js" in html and "import mermaid" not in html
    assert "theme/white.css" in html      # a theme whose CSS imports no web fonts
    assert "NBVAL_IGNORE_OUTPUT" not in html and "panel.summary()" not in html
    assert "round_panel" in html          # the panel cell itself stays


def test_check_cells_are_told_apart():
    import nbformat
    cell = nbformat.v4.new_code_cell("panel.set(w1=0.3)\nprint(panel.summary())")
    assert build_slides.is_check_cell(cell)
    assert not build_slides.is_check_cell(nbformat.v4.new_code_cell("panel = round_panel()\npanel"))


def test_every_lecture_notebook_gets_a_deck():
    names = [p.name for p in build_slides.lecture_notebooks()]
    assert names[0].startswith("01-") and "12-any-depth.ipynb" in names and "00-index.ipynb" not in names
    assert names == sorted(names) and len(names) == len(list((build_slides.ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))) - 1
