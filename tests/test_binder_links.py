"""Binder links come from binder/repository.txt, and README.md's link block is current."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backprop_lessons import binder
from backprop_lessons.binder import (
    Repository,
    badge_markdown,
    binder_url,
    notebook_links_markdown,
    read_repository,
)
from .scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "update_links.py"
REPO = Repository("backprop-lessons", "backprop-lessons", "main")


update_links = load_script("update_links")


# --- the configured repository ---------------------------------------------------


def test_configured_repository_is_the_course_repository() -> None:
    assert read_repository() == REPO
    assert binder.CONFIG_PATH == ROOT / "binder" / "repository.txt"


def test_config_ignores_comments_and_allows_slashes_in_the_branch(tmp_path: Path) -> None:
    config = tmp_path / "repository.txt"
    config.write_text("# a fork's line\n\n  me/my-course/feature/week-2  \n", encoding="utf-8")
    assert read_repository(config) == Repository("me", "my-course", "feature/week-2")


@pytest.mark.parametrize(
    "content",
    ["", "# only a comment\n", "owner/repo\n", "owner//main\n", "a/b/c\nd/e/f\n", "owner/my repo/main\n"],
)
def test_malformed_config_raises_value_error_naming_the_file(tmp_path: Path, content: str) -> None:
    config = tmp_path / "repository.txt"
    config.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="repository.txt"):
        read_repository(config)


def test_missing_config_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere.txt"):
        read_repository(tmp_path / "nowhere.txt")


# --- URL format ----------------------------------------------------------------------


def test_binder_url_opens_the_notebook_in_lab() -> None:
    assert binder_url("notebooks/01_chain_rule.ipynb", REPO) == (
        "https://mybinder.org/v2/gh/backprop-lessons/backprop-lessons/main"
        "?urlpath=lab/tree/notebooks/01_chain_rule.ipynb"
    )


def test_binder_url_defaults_to_the_course_repository() -> None:
    """The student repository (binder/student-repository.txt): the instructor one may be private."""
    assert binder_url("notebooks/x.ipynb") == binder_url("notebooks/x.ipynb", binder.course_repository())
    assert binder.course_repository() == read_repository(ROOT / "binder" / "student-repository.txt")
    assert binder.course_repository() != REPO


def test_binder_url_quotes_each_path_component_and_the_branch() -> None:
    repo = Repository("me", "course", "week/2")
    assert binder_url("notebooks/homework/Week 1 & 2.ipynb", repo) == (
        "https://mybinder.org/v2/gh/me/course/week%2F2"
        "?urlpath=lab/tree/notebooks/homework/Week%201%20%26%202.ipynb"
    )


def test_binder_url_accepts_paths_and_normalises_dot(tmp_path: Path) -> None:
    assert binder_url(Path("notebooks") / "a.ipynb", REPO) == binder_url("./notebooks/a.ipynb", REPO)


@pytest.mark.parametrize("bad", ["/etc/passwd", "../other/a.ipynb", "notebooks/../../a.ipynb", ""])
def test_binder_url_rejects_paths_outside_the_repository(bad: str) -> None:
    with pytest.raises(ValueError):
        binder_url(bad, REPO)


def test_badge_markdown() -> None:
    assert badge_markdown(repository=REPO) == (
        "[![Binder](https://mybinder.org/badge_logo.svg)]"
        "(https://mybinder.org/v2/gh/backprop-lessons/backprop-lessons/main?urlpath=lab/tree/notebooks)"
    )


def test_notebook_links_markdown_uses_titles_and_file_names() -> None:
    text = notebook_links_markdown(
        ["notebooks/01_a.ipynb", "notebooks/02_b.ipynb"],
        {"notebooks/01_a.ipynb": "The chain rule [by hand]"},
        REPO,
    )
    base = "https://mybinder.org/v2/gh/backprop-lessons/backprop-lessons/main?urlpath=lab/tree/"
    assert text.splitlines() == [
        rf"- [The chain rule \[by hand\]]({base}notebooks/01_a.ipynb)",
        f"- [02_b.ipynb]({base}notebooks/02_b.ipynb)",
    ]
    assert notebook_links_markdown([], repository=REPO) == ""


# --- scripts/update_links.py ------------------------------------------------------


def _notebook(title: str) -> str:
    """A minimal notebook whose first cell is the heading *title*."""
    return json.dumps({
        "cells": [{"cell_type": "markdown", "id": "t", "metadata": {}, "source": [f"# {title}\n", "text"]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    })


@pytest.fixture
def fake_repo(tmp_path: Path) -> Path:
    """A repository tree with two lessons, one homework (plus its source) and a README."""
    (tmp_path / "binder").mkdir()
    (tmp_path / "binder" / "repository.txt").write_text("fork/course/spring\n", encoding="utf-8")
    source = tmp_path / "notebooks" / "homework" / "source"
    source.mkdir(parents=True)
    (tmp_path / "notebooks" / "02_numpy.ipynb").write_text(_notebook("A NumPy network"), encoding="utf-8")
    (tmp_path / "notebooks" / "01_chain_rule.ipynb").write_text(_notebook("The chain rule"), encoding="utf-8")
    (tmp_path / "notebooks" / "homework" / "hw1.ipynb").write_text(_notebook("Homework 1"), encoding="utf-8")
    (source / "hw1.ipynb").write_text(_notebook("Homework 1 (SOLUTIONS)"), encoding="utf-8")
    (tmp_path / "README.md").write_text(
        "# Course\n\nIntro.\n\n" + update_links.MARKER_START + "\nstale\n"
        + update_links.MARKER_END + "\n\n## After\n", encoding="utf-8")
    return tmp_path


def test_update_script_writes_the_block_and_keeps_the_rest(fake_repo: Path) -> None:
    readme = fake_repo / "README.md"
    assert update_links.update_file(readme, fake_repo) is True
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Course\n\nIntro.\n\n<!-- binder-links:start -->\n")
    assert text.endswith("<!-- binder-links:end -->\n\n## After\n")
    assert "stale" not in text
    base = "https://mybinder.org/v2/gh/fork/course/spring?urlpath=lab/tree/"
    assert f"- [The chain rule]({base}notebooks/01_chain_rule.ipynb)" in text
    assert f"- [Homework 1]({base}notebooks/homework/hw1.ipynb)" in text
    assert text.index("01_chain_rule") < text.index("02_numpy") < text.index("hw1")
    assert "source" not in text and "SOLUTIONS" not in text  # never link the solutions


def test_update_script_is_idempotent(fake_repo: Path) -> None:
    readme = fake_repo / "README.md"
    update_links.update_file(readme, fake_repo)
    first = readme.read_bytes()
    assert update_links.update_file(readme, fake_repo) is False
    assert readme.read_bytes() == first


def test_update_script_command_line_check_mode(fake_repo: Path) -> None:
    readme = fake_repo / "README.md"
    cmd = [sys.executable, str(SCRIPT), str(readme), "--root", str(fake_repo)]
    stale = subprocess.run([*cmd, "--check"], capture_output=True, text=True)
    assert stale.returncode == 1 and "out of date" in stale.stderr
    assert "stale" in readme.read_text(encoding="utf-8")  # --check changes nothing
    assert subprocess.run(cmd, capture_output=True, text=True).returncode == 0
    assert subprocess.run([*cmd, "--check"], capture_output=True, text=True).returncode == 0


@pytest.mark.parametrize(
    "text",
    ["no markers\n",
     f"{update_links.MARKER_END}\n{update_links.MARKER_START}\n",
     f"{update_links.MARKER_START}\n{update_links.MARKER_START}\n{update_links.MARKER_END}\n"],
)
def test_update_script_rejects_bad_markers(tmp_path: Path, text: str) -> None:
    with pytest.raises(ValueError, match="notes.md"):
        update_links.replace_block(text, "block", "notes.md")


# --- the real README ------------------------------------------------------------------


def test_readme_binder_links_are_up_to_date() -> None:
    readme = ROOT / "README.md"
    assert readme.exists(), "README.md is missing"
    text = readme.read_text(encoding="utf-8")
    assert update_links.MARKER_START in text and update_links.MARKER_END in text, (
        f"README.md needs the markers {update_links.MARKER_START} / {update_links.MARKER_END}"
    )
    assert not update_links.update_file(readme, ROOT, check=True), "README.md's Binder links are stale: run python scripts/update_links.py"
