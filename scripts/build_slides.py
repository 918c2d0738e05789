#!/usr/bin/env python3
"""Build a reveal.js deck per lecture notebook, in build/slides/, that works offline from the file system.

    python scripts/build_slides.py                    # every lecture notebook (make slides)
    python scripts/build_slides.py notebooks/01-*.ipynb

reveal.js, MathJax 2, RequireJS, jQuery and the widget manager come from their npm packages
(installed once into build/slides-npm/ with `npm install`) and are copied to
build/slides/assets/, so a deck opened as a file loads nothing from the network.
In the decks the check cells (`panel.set(...)` then `print(panel.summary())`) are removed
(a cell tag and nbconvert's TagRemovePreprocessor), and `# NBVAL_IGNORE_OUTPUT`, a line
for the test runner, is dropped from the panel cells.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.preprocessors import TagRemovePreprocessor

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "slides"
NPM = ROOT / "build" / "slides-npm"
PACKAGES = ["reveal.js@4.6.1", "mathjax@2.7.9", "requirejs@2.3.8", "jquery@3.8.0", "@jupyter-widgets/html-manager@1.0.15"]
# what a deck loads, relative to it: (npm path, path under assets/)
ASSETS = [("reveal.js/dist", "reveal.js/dist"), ("reveal.js/plugin", "reveal.js/plugin"),
          ("mathjax/MathJax.js", "mathjax/MathJax.js"), ("mathjax/config", "mathjax/config"),
          ("mathjax/jax", "mathjax/jax"), ("mathjax/extensions", "mathjax/extensions"),
          ("mathjax/fonts/HTML-CSS/TeX/woff", "mathjax/fonts/HTML-CSS/TeX/woff"),
          ("requirejs/require.js", "require.js"), ("jquery/dist/jquery.min.js", "jquery.min.js"),
          ("@jupyter-widgets/html-manager/dist", "widgets")]
# "white": the default theme "simple" @imports fonts from Google
URLS = {"reveal_url_prefix": "assets/reveal.js", "reveal_theme": "white", "require_js_url": "assets/require.js",
        "jquery_url": "assets/jquery.min.js", "widget_renderer_url": "assets/widgets/embed-amd.js",
        "mathjax_url": "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"}
HIDDEN = "remove-in-slides"


def is_check_cell(cell) -> bool:
    """A cell that moves a panel and prints what it shows: for nbval, not for an audience."""
    return cell.cell_type == "code" and bool(re.search(r"\w+\.set\(.*\)\s*\n\s*print\(\w+\.summary\(\)\)", cell.source))


def for_slides(notebook):
    """The notebook as the audience sees it: check cells tagged for removal, test-runner lines dropped."""
    for cell in notebook.cells:
        if is_check_cell(cell):
            cell.metadata.setdefault("tags", []).append(HIDDEN)
        elif cell.cell_type == "code":
            cell.source = "\n".join(line for line in cell.source.splitlines() if line.strip() != "# NBVAL_IGNORE_OUTPUT")
    return notebook


def deck(path: Path) -> str:
    """The HTML of `path`'s deck, with every asset a relative path under assets/."""
    exporter = SlidesExporter(template_name="offline", extra_template_basedirs=[str(ROOT / "scripts" / "slides_template")],
                              **URLS)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={HIDDEN}, enabled=True), enabled=True)
    html, _ = exporter.from_notebook_node(for_slides(nbformat.read(path, as_version=4)))
    return html


def fetch_assets() -> None:
    """Install the npm packages once (build/slides-npm/), then copy what a deck loads to build/slides/assets/."""
    if not all((NPM / "node_modules" / source).exists() for source, _ in ASSETS):
        NPM.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NPM), *PACKAGES], check=True)
    for source, target in ASSETS:
        origin, destination = NPM / "node_modules" / source, OUT / "assets" / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, destination, dirs_exist_ok=True)
        else:
            shutil.copy2(origin, destination)


def lecture_notebooks() -> list[Path]:
    """Every lecture notebook, 01 onwards (not the index 00), in order."""
    return sorted(p for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb") if not p.name.startswith("00-"))


def main(arguments: list[str]) -> int:
    """Fetch the assets, then write build/slides/<notebook>.slides.html for each notebook."""
    paths = [Path(a).resolve() for a in arguments] or lecture_notebooks()
    fetch_assets()
    for path in paths:
        target = OUT / f"{path.stem}.slides.html"
        target.write_text(deck(path), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
