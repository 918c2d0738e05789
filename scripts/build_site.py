#!/usr/bin/env python3
"""Build the static course site into build/site/ from the committed, executed notebooks.

No cell is run again. The steps:

1. copy the lessons (notebooks/*.ipynb, lecture order) and the homework student copies
   (notebooks/homework/*.ipynb, never source/) into build/site-src/, replacing each live
   panel's output (it needs a kernel) by a note with the Binder and lecture-mode links, and
   adding the table of contents to the course map (00-index, the landing page);
2. copy MathJax (installed from npm by scripts/ensure-site-tools.sh) so the site serves it;
3. run Sphinx with MyST-NB and the Sphinx Book Theme (site/conf.py);
4. give every figure its text alternative: the text/plain of the figure's output, which
   each figure's description fills, becomes the <img> alt; then check no <img> lacks one.

Usage: python scripts/build_site.py [--out build/site]
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from base64 import b64decode
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from backprop_lessons.binder import BADGE_IMAGE, binder_url, homework_notebooks, lesson_notebooks, notebook_title, voila_url  # noqa: E402

SITE_CONFIG = ROOT / "site"
MATHJAX = ROOT / "build" / "site-npm" / "node_modules" / "mathjax" / "es5"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/svg+xml": ".svg"}
IMG_TAG = re.compile(r"<img\b[^>]*>")
# GitHub Pages serves index.html: it sends the reader on to the course map.
REDIRECT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Backpropagation, step by step</title>
<meta http-equiv="refresh" content="0; url=00-index.html"><link rel="icon" href="data:,"></head>
<body><main><p><a href="00-index.html">The course map</a></p></main></body></html>
"""


def panel_note(path: str) -> dict:
    """The output that stands in a page where the notebook shows a live panel."""
    links = f'<a href="{html.escape(binder_url(path))}">Binder</a>'
    if "/homework/" not in path:
        links += f' or in <a href="{html.escape(voila_url(path))}">lecture mode</a>'
    text = ("A live panel stands here: it needs a running kernel. Open this notebook in "
            f"{links} to move its sliders; the cell after it sets the panel to chosen values "
            "and shows its numbers.")
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/html": f'<p class="panel-note">{text}</p>'}}


def prepare_notebook(source: Path, dest: Path, path: str, alts: dict[str, str]) -> None:
    """Copy one notebook, panels replaced by notes; record each image's alt text by content hash."""
    nb = json.loads(source.read_text(encoding="utf-8"))
    nb["metadata"].pop("widgets", None)
    badge = "../" * path.removeprefix("notebooks/").count("/") + "launch-binder.svg"
    for cell in nb["cells"]:
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                outputs.append(panel_note(path))
                continue
            if "text/markdown" in data:   # the course map's Binder badge: served by the site itself
                data["text/markdown"] = "".join(data["text/markdown"]).replace(BADGE_IMAGE, badge)
            for mime in IMAGE_TYPES.keys() & data.keys():
                alts[image_hash(data[mime], mime)] = "".join(data.get("text/plain", "")).strip()
            outputs.append(output)
        if "outputs" in cell:
            cell["outputs"] = outputs
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def image_hash(data: str | list[str], mime: str) -> str:
    """MyST-NB names an image file by the SHA-256 of its bytes: the same hash, to find it again."""
    text = "".join(data) if isinstance(data, list) else data
    raw = text.encode("utf-8") if mime == "image/svg+xml" else b64decode(text)
    return hashlib.sha256(raw).hexdigest()


def toctree(docs: list[str], caption: str = "", hidden: bool = True) -> str:
    """A MyST toctree directive listing *docs*."""
    options = (":hidden:\n" if hidden else "") + (f":caption: {caption}\n" if caption else "")
    return "```{toctree}\n" + options + "\n" + "\n".join(docs) + "\n```\n"


def add_toc(index: Path, lessons: list[str], homework: list[str]) -> None:
    """Append the hidden table of contents to the landing page; write the homework page.

    The landing page's link to the folder ``homework/`` becomes a link to that page (a flat
    list of links: a nested table of contents adds an unlabelled toggle to the sidebar)."""
    nb = json.loads(index.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = "".join(cell["source"]).replace("](homework/)", "](homework/index.md)")
    for n, source in enumerate((toctree(lessons, "Lessons"), toctree(homework, "Homework"))):
        nb["cells"].append({"cell_type": "markdown", "id": f"site-toc-{n}", "metadata": {}, "source": source})
    index.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    items = "".join(f"- [{notebook_title(index.parent / f'{doc}.ipynb') or doc}]({doc.removeprefix('homework/')}.ipynb)\n"
                    for doc in homework)
    (index.parent / "homework" / "index.md").write_text(
        "---\norphan: true\n---\n# Homework\n\nThe student copies, each with self-checks. Run them on "
        "Binder (the launch button at the top of each page) or in your own JupyterLab.\n\n" + items,
        encoding="utf-8")


def prepare_source(src: Path) -> dict[str, str]:
    """Fill *src* with the notebooks, MathJax and the docname table; return image alts by hash."""
    if src.exists():
        shutil.rmtree(src)
    alts: dict[str, str] = {}
    docs: dict[str, str] = {}
    for notebook in lesson_notebooks(ROOT) + homework_notebooks(ROOT):
        rel = notebook.relative_to(ROOT / "notebooks")
        path = notebook.relative_to(ROOT).as_posix()
        prepare_notebook(notebook, src / rel, path, alts)
        docs[rel.with_suffix("").as_posix()] = path
    lessons = [d for d in docs if "/" not in d and d != "00-index"]
    add_toc(src / "00-index.ipynb", lessons, [d for d in docs if d.startswith("homework/")])
    if not (MATHJAX / "tex-svg.js").is_file():
        raise SystemExit(f"build_site: {MATHJAX}/tex-svg.js missing: run bash scripts/ensure-site-tools.sh")
    mathjax = src / "_site_static" / "mathjax"
    mathjax.mkdir(parents=True)
    shutil.copy2(MATHJAX / "tex-svg.js", mathjax)   # SVG output: no web fonts to serve
    shutil.copy2(SITE_CONFIG / "launch-binder.svg", src)
    (src / "source-map.tsv").write_text("".join(f"{d}\t{p}\n" for d, p in docs.items()), encoding="utf-8")
    return alts


LOCAL_NOTEBOOK_LINK = re.compile(r'href="((?:\.\./)?(?:homework/)?[\w.-]+)\.ipynb')   # a link inside the site


def set_alt_texts(out: Path, alts: dict[str, str]) -> list[str]:
    """Give each notebook image its alt text, and point links to a notebook (a callout's
    "erratum N in notebook 7") at its page; return the images (page: src) still without an alt."""
    missing = []
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")

        def fix(match: re.Match) -> str:
            tag = match.group(0)
            src = re.search(r'\bsrc="([^"]*)"', tag)
            name = Path(src.group(1)).stem if src else ""
            alt = alts.get(name)
            if alt:
                tag = re.sub(r'\s+alt="[^"]*"', "", tag).replace("<img", f'<img alt="{html.escape(alt)}"', 1)
            elif not re.search(r'\balt="[^"]+"', tag):
                missing.append(f"{page.relative_to(out)}: {src.group(1) if src else tag}")
            return tag

        new = LOCAL_NOTEBOOK_LINK.sub(r'href="\1.html', IMG_TAG.sub(fix, text))
        if new != text:
            page.write_text(new, encoding="utf-8")
    return missing


def build(out: Path, src: Path) -> None:
    """Prepare the source, run Sphinx, set the alt texts; exit with a message on any failure."""
    alts = prepare_source(src)
    if out.exists():
        shutil.rmtree(out)
    env = dict(os.environ, BACKPROP_SITE_SOURCE_MAP=str(src / "source-map.tsv"))
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-c", str(SITE_CONFIG),
           "-d", str(src.parent / "site-doctrees"), str(src), str(out)]
    if subprocess.run(cmd, env=env).returncode:
        raise SystemExit("build_site: sphinx-build failed (see above)")
    (out / "index.html").write_text(REDIRECT, encoding="utf-8")
    missing = set_alt_texts(out, alts)
    if missing:
        raise SystemExit("build_site: images without a text alternative:\n  " + "\n  ".join(missing))
    pages = [p for p in out.rglob("*.html") if not p.relative_to(out).parts[0].startswith("_")]
    print(f"build_site: {len(pages)} pages in {out}")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site", help="output folder (default build/site)")
    args = parser.parse_args(argv)
    build(args.out.resolve(), args.out.resolve().parent / "site-src")
    return 0


if __name__ == "__main__":
    sys.exit(main())
