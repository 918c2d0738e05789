"""Binder launch links for the course notebooks, built from one configured repository.

The GitHub repository and branch that every link points at live in a single line of
``binder/repository.txt``, written ``owner/repository/branch``::

    backprop-lessons/backprop-lessons/main

A lecturer's fork changes that one line and runs ``python scripts/update_links.py``
to refresh the README. A course that keeps its instructor repository private (homework
solutions and hidden tests live there) names the public student repository, made with
``make student-release DIR=...``, in ``binder/student-repository.txt`` (same format): the
course links then point there, because Binder can only build a public repository. Every
launch link (the site's rocket menu, each page's Binder and lecture-mode links, the course map's
list, the README) takes that one setting through :func:`course_repository`. Blank lines and lines
starting with ``#`` are ignored; the branch may itself contain slashes (``owner/repo/feature/x``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath
from urllib.parse import quote

from backprop_lessons.engine.errors import InvalidValueError, shown

__all__ = [
    "BINDER_BASE",
    "BADGE_IMAGE",
    "CONFIG_PATH",
    "Repository",
    "read_repository",
    "course_repository",
    "binder_url",
    "voila_url",
    "badge_markdown",
    "notebook_links_markdown",
    "course_links_markdown",
]

#: The public BinderHub that launches the course.
BINDER_BASE = "https://mybinder.org/v2/gh"

#: Binder's own "launch binder" badge image.
BADGE_IMAGE = "https://mybinder.org/badge_logo.svg"

#: Where the ``owner/repository/branch`` line is kept (the repository's ``binder/``
#: folder; the package is installed editable, on Binder too, so it is found here).
REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
CONFIG_PATH = REPOSITORY_ROOT / "binder" / "repository.txt"
#: The public student repository, when the course has one (see the module's docstring).
STUDENT_CONFIG_NAME = "student-repository.txt"


def course_repository(root: Path = REPOSITORY_ROOT) -> Repository:
    """The repository the course links open: the student repository if *root* names one, else its own."""
    student = root / "binder" / STUDENT_CONFIG_NAME
    return read_repository(student if student.exists() else root / "binder" / "repository.txt")


@dataclass(frozen=True)
class Repository:
    """A GitHub repository and branch that Binder builds and launches."""

    owner: str
    name: str
    branch: str

    @property
    def spec(self) -> str:
        """BinderHub's GitHub spec ``owner/name/branch``, with the branch URL-quoted."""
        return f"{quote(self.owner, safe='')}/{quote(self.name, safe='')}/{quote(self.branch, safe='')}"


def read_repository(path: Path | str | None = None) -> Repository:
    """Read the ``owner/repository/branch`` line from *path* (default :data:`CONFIG_PATH`).

    Raises :class:`FileNotFoundError` if the file is missing and :class:`ValueError`,
    naming the file, if it does not hold exactly one well-formed line.
    """
    config = Path(path) if path is not None else CONFIG_PATH
    try:
        text = read_capped(config, CONFIG_BYTES)   # an editor's byte order mark is not the owner's name
    except FileNotFoundError:
        raise FileNotFoundError(
            f"{config}: Binder repository file not found; it should hold one line "
            "'owner/repository/branch'"
        ) from None
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if len(lines) != 1:
        raise ValueError(
            f"{config}: expected exactly one line 'owner/repository/branch' "
            f"(besides blank lines and # comments), found {len(lines)}"
        )
    parts = lines[0].split("/", 2)
    if len(parts) != 3 or not all(parts) or any(c.isspace() for c in lines[0]):
        raise ValueError(
            f"{config}: malformed Binder repository {shown(lines[0])}; "
            "expected 'owner/repository/branch', e.g. 'backprop-lessons/backprop-lessons/main'"
        )
    return valid_repository(*parts, source=str(config))


OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")   # GitHub: 1-39, inner hyphens
NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")
CONFIG_BYTES = 4096              # binder/repository.txt: one line
NOTEBOOK_BYTES = 50_000_000      # a notebook read for its title


def valid_repository(owner: str, name: str, branch: str, source: str = "repository") -> Repository:
    """The Repository if owner, name and branch are names GitHub and git accept, else ValueError
    naming `source`: owner 1-39 letters, digits or inner hyphens; name 1-100 of [A-Za-z0-9._-], not
    . or ..; branch a valid git ref name (no .., no space or ~^:?*[\\, no //, not ending .lock or /)."""
    problems = []
    if not OWNER.fullmatch(owner):
        problems.append(f"owner {shown(owner)} (1-39 letters, digits and inner hyphens)")
    if not NAME.fullmatch(name) or name in (".", ".."):
        problems.append(f"repository {shown(name)} (1-100 letters, digits, '.', '_', '-'; not . or ..)")
    if not _valid_ref(branch):
        problems.append(f"branch {shown(branch)} (a git branch name)")
    if problems:
        raise ValueError(f"{source}: not a GitHub repository: {'; '.join(problems)}")
    return Repository(owner, name, branch)


def _valid_ref(branch: str) -> bool:
    """git check-ref-format's rules for a branch name."""
    if not branch or len(branch) > 255 or branch == "@" or branch.startswith(("/", "-")) or branch.endswith(("/", ".", ".lock")):
        return False
    if any(bad in branch for bad in ("..", "//", "@{")) or any(ord(c) < 33 or c in "~^:?*[\\\x7f" for c in branch):
        return False
    return not any(part.startswith(".") or part.endswith(".lock") for part in branch.split("/"))


def read_capped(path: Path, limit: int) -> str:
    """The text of the regular file at `path` (UTF-8, a byte order mark dropped), refused beyond
    `limit` bytes or when it is not a regular file (a symlink to /dev/zero, a folder, a pipe)."""
    if path.exists() and not path.is_file():
        raise ValueError(f"{path}: not a regular file")
    with open(path, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{path}: larger than {limit:,} bytes")
    return data.decode("utf-8-sig")


def _lab_path(notebook_path: str | PurePath) -> str:
    """The repository-relative *notebook_path* as URL-quoted POSIX path components."""
    posix = PurePosixPath(PurePath(notebook_path).as_posix())
    if posix.is_absolute() or ".." in posix.parts or not posix.parts:
        raise ValueError(
            f"notebook path must be relative to the repository root, got {shown(str(notebook_path))}"
        )
    return "/".join(quote(part, safe="") for part in posix.parts if part != ".")


def binder_url(notebook_path: str | PurePath, repository: Repository | None = None) -> str:
    """The Binder URL that opens *notebook_path* in JupyterLab.

    *notebook_path* is relative to the repository root, e.g.
    ``"notebooks/01_chain_rule.ipynb"``; each path component is URL-quoted. A folder
    (``"notebooks"``) opens JupyterLab's file browser there. *repository* defaults to
    the course's: :func:`course_repository` (the student repository when there is one).
    """
    repo = repository if repository is not None else course_repository()
    return f"{BINDER_BASE}/{repo.spec}?urlpath=lab/tree/{_lab_path(notebook_path)}"


def voila_url(notebook_path: str | PurePath, repository: Repository | None = None) -> str:
    """The Binder URL that opens *notebook_path* in Voila: lecture mode, code hidden, panels live.
    *repository* defaults to the course's (:func:`course_repository`)."""
    repo = repository if repository is not None else course_repository()
    return f"{BINDER_BASE}/{repo.spec}?urlpath=voila/render/{_lab_path(notebook_path)}"


def badge_markdown(
    notebook_path: str | PurePath = "notebooks", repository: Repository | None = None
) -> str:
    """A Markdown "launch binder" badge that opens *notebook_path* (default: the notebooks folder)."""
    return f"[![Binder]({BADGE_IMAGE})]({binder_url(notebook_path, repository)})"


def notebook_links_markdown(
    paths: Iterable[str | PurePath],
    titles: Mapping[str, str] | None = None,
    repository: Repository | None = None,
) -> str:
    """A Markdown bullet list with one Binder link per notebook, in the order given.

    Each item reads ``- [TITLE](binder-url)``; TITLE is ``titles[path]`` when given
    (keyed by the POSIX path string), else the file name. Returns ``""`` for no paths.
    *repository* defaults to the course's (:func:`course_repository`).
    """
    repo = repository if repository is not None else course_repository()
    titles = titles or {}
    items = []
    for path in paths:
        key = PurePath(path).as_posix()
        title = titles.get(key) or PurePath(path).name
        title = _markdown_text(title)
        items.append(f"- [{title}]({binder_url(path, repo)})")
    return "\n".join(items)


def _markdown_text(title: str) -> str:
    """*title* as literal Markdown link text: brackets escaped, and < > as entities, so that no
    title can close a link or hold an HTML comment such as the link block's end marker."""
    return (title.replace("[", r"\[").replace("]", r"\]").replace("<", "&lt;").replace(">", "&gt;"))


def notebook_title(path: Path) -> str | None:
    """The text of the first Markdown ``# `` heading in the notebook at *path*, if any; None for a
    file that is not a notebook (not JSON, a JSON list, cells or sources of the wrong kind)."""
    try:
        nb = json.loads(read_capped(path, NOTEBOOK_BYTES))
    except (OSError, ValueError, RecursionError):
        return None
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            continue
        for line in source.splitlines():
            if line.startswith("# "):
                return line[2:].strip() or None
    return None


def lesson_notebooks(root: Path) -> list[Path]:
    """The lesson notebooks under *root*/notebooks, sorted by name."""
    return sorted((root / "notebooks").glob("*.ipynb"))


def homework_notebooks(root: Path) -> list[Path]:
    """The student copies under *root*/notebooks/homework (not the sources), sorted by name."""
    return sorted((root / "notebooks" / "homework").glob("*.ipynb"))


def course_links_markdown(root: Path = REPOSITORY_ROOT, repository: Repository | None = None) -> str:
    """A Binder badge and one Binder link per lesson and homework notebook under *root*.

    Then one lecture-mode (Voila) link per lesson. Used by scripts/update_links.py
    (README.md) and notebooks/00-index.ipynb.
    *repository* defaults to :func:`course_repository` of *root*.
    """
    root = Path(root)
    if repository is None and not (root / "binder").is_dir():
        raise InvalidValueError(f"root must be a course folder holding binder/ and notebooks/, got {shown(str(root))}")
    repo = repository if repository is not None else course_repository(root)
    parts = [badge_markdown("notebooks", repo)]
    for heading, paths in (
        ("Lessons", lesson_notebooks(root)),
        ("Homework", homework_notebooks(root)),
    ):
        if not paths:
            continue
        relative = [p.relative_to(root).as_posix() for p in paths]
        titles = {rel: notebook_title(p) or p.stem for rel, p in zip(relative, paths)}
        parts.append(f"**{heading}** (open in Binder):")
        parts.append(notebook_links_markdown(relative, titles, repo))
    lessons = [p.relative_to(root).as_posix() for p in lesson_notebooks(root)]
    if lessons:
        parts.append("**Lecture mode** (Voila on Binder: code hidden, panels live):")
        parts.append("\n".join(f"- [{_markdown_text(notebook_title(root / path) or PurePath(path).stem)}]"
                               f"({voila_url(path, repo)})" for path in lessons))
    return "\n\n".join(parts)
