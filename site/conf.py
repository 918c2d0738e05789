"""Sphinx configuration of the course site (`make site`, scripts/build_site.py).

The site is built from the committed, executed notebooks with MyST-NB, which renders the
stored outputs and never runs a cell (nb_execution_mode = "off"), in the Sphinx Book
Theme: the stack Jupyter Book 1 wraps, which builds offline from PyPI packages alone (the
Jupyter Book 2 / mystmd theme is downloaded from GitHub at build time; docs/site.md says
more). scripts/build_site.py prepares the source folder this configuration reads.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from backprop_lessons.binder import binder_url, voila_url

# Set by scripts/build_site.py: docname -> notebook path in the repository.
NOTEBOOK_PATHS: dict[str, str] = {}
SOURCE_MAP = Path(os.environ.get("BACKPROP_SITE_SOURCE_MAP", ""))

project = "Backpropagation, step by step"
author = "backprop-lessons"
copyright = "backprop-lessons contributors (MIT licence)"
root_doc = "00-index"
extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

# Render the committed outputs; never execute (the notebooks are committed executed).
nb_execution_mode = "off"
# The panels need a kernel; scripts/build_site.py replaces their outputs by a note, and no
# widget JavaScript is loaded from a CDN.
nb_ipywidgets_js: dict = {}
myst_enable_extensions = ["dollarmath", "amsmath"]
# Markdown that a code cell displays (notebook 3's key sentence, the callouts, the course map's
# lists) is read as MyST like the text cells, so its $...$ math renders (the default, CommonMark,
# would leave the TeX as it is typed).
nb_render_markdown_format = "myst"

# MathJax 3 served from the site itself (scripts/ensure-site-tools.sh installs it from npm).
mathjax_path = "mathjax/tex-svg.js"
html_static_path = ["_static"] + ([str(SOURCE_MAP.parent / "_site_static")] if SOURCE_MAP.name else [])
html_css_files = ["course.css"]
# The themes' sidebar toggles bind only the first of two buttons, a hidden one (pydata-sphinx-theme
# #2451, sphinx-book-theme #988, open in the newest releases): this passes the visible one's clicks on.
html_js_files = ["sidebar-toggle.js"]

html_theme = "sphinx_book_theme"
html_title = project
html_favicon = "_static/favicon.svg"
# Light mode unless the reader picks another (the theme logs an error when no mode is set).
html_context = {"default_mode": "light"}
html_copy_source = True
html_show_sourcelink = False
html_theme_options = {
    "use_download_button": True,
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "navigation_with_keys": True,
}


def _load_source_map() -> None:
    """Read the docname -> notebook path table written by scripts/build_site.py."""
    if SOURCE_MAP.is_file():
        for line in SOURCE_MAP.read_text(encoding="utf-8").splitlines():
            docname, _, path = line.partition("\t")
            NOTEBOOK_PATHS[docname] = path


def add_launch_links(app, pagename, templatename, context, doctree) -> None:
    """Put "Binder" and "Lecture mode" links (binder/repository.txt) in each notebook page's header."""
    path = NOTEBOOK_PATHS.get(pagename)
    if path is None or "header_buttons" not in context:
        return
    buttons = [{"type": "link", "text": "Binder (JupyterLab)", "tooltip": "Run this notebook on Binder",
                "icon": "_static/images/logo_binder.svg", "url": binder_url(path), "label": "launch-binder"}]
    if "/homework/" not in f"/{path}":
        buttons.append({"type": "link", "text": "Lecture mode (Voila)", "icon": "fas fa-chalkboard",
                        "tooltip": "Present this notebook on Binder, code hidden, panels live",
                        "url": voila_url(path), "label": "launch-voila"})
    context["header_buttons"].insert(0, {"type": "group", "tooltip": "Run this notebook",
                                         "icon": "fas fa-rocket", "buttons": buttons, "label": "launch-buttons"})


# TeX a browser tab cannot typeset, in Unicode: the tab title "the chain rule for w₅".
TEX_WORDS = {r"\eta": "η", r"\partial": "∂", r"\cdot": "·", r"\dots": "…", r"\ldots": "…",
             r"\sigma": "σ", r"\delta": "δ", r"\times": "×"}
SUBSCRIPTS = str.maketrans("0123456789aehijklmnoprstuvx+-=()", "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ₊₋₌₍₎")
SUPERSCRIPTS = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")


def tex_as_text(text: str) -> str:
    """Inline math of `text` (\\(...\\) or $...$) as plain Unicode: w_5 -> w₅, \\eta -> η."""
    def plain(match: re.Match) -> str:
        tex = match.group(1) or match.group(2) or ""
        for word, sign in TEX_WORDS.items():
            tex = re.sub(re.escape(word) + (r"(?![A-Za-z])\s*" if sign == "∂" else r"(?![A-Za-z])"), sign, tex)
        tex = re.sub(r"_\{([^{}]*)\}|_(\w)", lambda m: _script(m.group(1) or m.group(2), SUBSCRIPTS, "_"), tex)
        tex = re.sub(r"\^\{([^{}]*)\}|\^(\w|\+)", lambda m: _script(m.group(1) or m.group(2), SUPERSCRIPTS, "^"), tex)
        return tex.replace("{", "").replace("}", "").replace("\\", "")
    return re.sub(r"\\\((.*?)\\\)|\$([^$]+)\$", plain, text)


def _script(text: str, table: dict, mark: str) -> str:
    """`text` in sub- or superscript letters when Unicode has them all, else mark + text."""
    shifted = text.translate(table)
    return shifted if all(a != b or a.isspace() for a, b in zip(text, shifted)) else f"{mark}{text}"


def plain_titles(app, pagename, templatename, context, doctree) -> None:
    """The page's title as the browser tab shows it: math in Unicode, not TeX."""
    for key in ("title", "pagetitle"):
        if isinstance(context.get(key), str):
            context[key] = tex_as_text(context[key])


def setup(app):
    """Register the launch links (after the theme has prepared the header buttons)."""
    _load_source_map()
    # MathJax on every page: lesson titles in the sidebar hold math ($w_5$) on pages without any.
    app.set_html_assets_policy("always")
    app.connect("html-page-context", add_launch_links, priority=502)
    app.connect("html-page-context", plain_titles)
