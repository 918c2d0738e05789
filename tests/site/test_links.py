"""Lecture-mode links (binder.voila_url) and where they appear: README and the course map."""
from __future__ import annotations

import json
from pathlib import Path

from backprop_lessons.binder import Repository, binder_url, course_repository, lesson_notebooks, voila_url

REPO = Path(__file__).resolve().parents[2]


def test_voila_url_opens_the_notebook_in_voila_on_binder():
    repo = Repository("owner", "name", "feature/x")
    assert voila_url("notebooks/01-a b.ipynb", repo) == (
        "https://mybinder.org/v2/gh/owner/name/feature%2Fx?urlpath=voila/render/notebooks/01-a%20b.ipynb")
    assert binder_url("notebooks/01-a b.ipynb", repo).replace("lab/tree", "voila/render") == \
        voila_url("notebooks/01-a b.ipynb", repo)


def test_readme_and_course_map_have_a_lecture_mode_link_per_lesson():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    index = json.loads((REPO / "notebooks" / "00-index.ipynb").read_text(encoding="utf-8"))
    shown = "".join("".join(o.get("data", {}).get("text/markdown", "")) for c in index["cells"]
                    for o in c.get("outputs", []))
    for notebook in lesson_notebooks(REPO):
        url = voila_url(notebook.relative_to(REPO).as_posix(), course_repository(REPO))   # the students' repository
        assert f"({url})" in readme, f"README: no lecture-mode link for {notebook.name}"
        assert f"({url})" in shown, f"00-index: no lecture-mode link for {notebook.name}"
