"""Lecture mode (`make present`) serves the lecture notebooks and nothing else.

Voila runs any notebook under its folder on request; given notebooks/ it would run a homework
source and show its solutions and hidden tests. Every homework address, source or student copy,
rendered, downloaded or listed, must answer 404; the index, shown to an audience, links only
lessons lecture mode serves and says nothing about Run All or the homework.
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
HOMEWORK = sorted(p.relative_to(NOTEBOOKS).as_posix() for p in (NOTEBOOKS / "homework").rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)
LESSONS = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def status(url: str) -> int:
    """The HTTP status of a GET of *url* (the body is not read)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_homework_sources_exist_to_be_asked_for() -> None:
    assert any(path.startswith("homework/source/") for path in HOMEWORK), HOMEWORK
    assert any(path.count("/") == 1 for path in HOMEWORK), HOMEWORK   # the student copies


@pytest.mark.parametrize("path", HOMEWORK)
@pytest.mark.parametrize("view", ["voila/render", "voila/api/contents", "files"])
def test_every_homework_notebook_answers_404(voila_server, view, path) -> None:
    assert status(f"{voila_server.url}{view}/{path}") == 404


def test_no_notebook_is_downloadable(voila_server) -> None:
    """Voila's file route refuses notebooks (not on its allow-list) before it looks for them:
    a lesson too, so this holds whatever folder is served."""
    for path in ("01-network-and-forward-pass.ipynb", *HOMEWORK):
        assert status(f"{voila_server.url}voila/files/{path}") == 403, path


@pytest.mark.parametrize("folder", ["homework", "homework/source", "homework/source/hw1"])
def test_homework_folders_answer_404(voila_server, folder) -> None:
    assert status(f"{voila_server.url}voila/api/contents/{folder}") == 404   # what the tree page lists
    assert status(f"{voila_server.url}voila/render/{folder}") in (403, 404)


def test_the_served_folder_holds_the_lessons_only(voila_server) -> None:
    served = sorted(p.relative_to(voila_server.root).as_posix() for p in voila_server.root.rglob("*")
                    if not p.name.startswith("."))
    assert served == LESSONS
    with urllib.request.urlopen(f"{voila_server.url}voila/api/contents", timeout=60) as response:
        listing = json.load(response)   # what Voila's tree page shows
    assert sorted(item["name"] for item in listing["content"]) == LESSONS


def test_the_index_links_only_what_lecture_mode_serves(voila_server, browser) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.set_default_timeout(90_000)
    page = context.new_page()
    try:
        page.goto(voila_server.render_url("00-index.ipynb"))
        expect(page.locator("h1", has_text="Backpropagation, step by step")).to_be_visible()
        expect(page.locator("h2", has_text="Notation")).to_be_visible()
        links = page.eval_on_selector_all("a[href]", "nodes => nodes.map(a => a.href)")
        text = page.locator("body").inner_text()
    finally:
        context.close()
    lessons = [link for link in links if link.endswith(".ipynb")]
    assert sorted(link.rsplit("/", 1)[1] for link in lessons) == [n for n in LESSONS if n != "00-index.ipynb"]
    assert all(link.startswith(f"{voila_server.url}voila/render/") for link in lessons), lessons
    assert not [link for link in links if "homework" in link or "mybinder" in link], links
    assert not re.search(r"homework|run all", text, re.I), text[:3000]


def test_the_lecture_folder_is_rebuilt_but_a_folder_it_did_not_make_is_left_alone(tmp_path) -> None:
    from tests.scripts import load_script

    lecture_tree = load_script("lecture_tree")
    built = tmp_path / "lecture"
    assert [p.name for p in lecture_tree.build(built)] == LESSONS
    (built / "stale.ipynb").write_text("{}", encoding="utf-8")
    lecture_tree.build(built)
    assert not (built / "stale.ipynb").exists()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit, match="was not made by this script"):
        lecture_tree.build(tmp_path / "mine")
    assert (tmp_path / "mine" / "keep.txt").read_text() == "mine"
