"""Binder builds the environment from binder/environment.yml and runs binder/postBuild.

``repo2docker --no-build --debug PATH`` prints the Dockerfile it would build without
needing a Docker daemon or git, so it runs here against the working tree itself
(uncommitted files included). It reads only the ``binder/`` folder when one exists.
Takes well under a second.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POSTBUILD = ROOT / "binder" / "postBuild"


@pytest.fixture(scope="module")
def repo2docker_run(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess:
    """Run repo2docker in dry-run mode on the repository; return the finished process."""
    # repo2docker looks for a repo2docker_config.py in its working directory:
    # run it from an empty one so nothing stray is picked up.
    cwd = tmp_path_factory.mktemp("repo2docker")
    return subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--debug", str(ROOT)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def dockerfile(repo2docker_run: subprocess.CompletedProcess) -> str:
    """The Dockerfile text repo2docker printed."""
    assert repo2docker_run.returncode == 0, repo2docker_run.stderr
    assert "FROM " in repo2docker_run.stdout, repo2docker_run.stdout[:2000]
    return repo2docker_run.stdout


def _line_index(lines: list[str], needle: str) -> int:
    """Index of the first line containing *needle* (fails the test if none)."""
    for i, line in enumerate(lines):
        if needle in line:
            return i
    raise AssertionError(f"no line containing {needle!r} in the generated Dockerfile")


def test_conda_buildpack_with_python_311(repo2docker_run, dockerfile) -> None:
    assert "Building conda environment for python=3.11" in repo2docker_run.stderr
    assert "environment-2epy-2d3-2e11-2dlinux-2d64-2elock" in dockerfile  # base env lock 3.11


def test_environment_created_from_binder_environment_yml_before_repo_copy(dockerfile) -> None:
    lines = dockerfile.splitlines()
    copy_env = _line_index(lines, "COPY --chown=0:0 src/binder/environment.yml")
    update = _line_index(lines, '--file "binder/environment.yml"')
    copy_repo = _line_index(lines, "COPY --chown=0:0 src/ ${REPO_DIR}/")
    assert "env update" in lines[update]
    # The environment layer comes before the repository contents are copied,
    # so Binder reuses it while only notebooks or code change.
    assert copy_env < update < copy_repo


def test_postbuild_runs_after_repository_copy(dockerfile) -> None:
    lines = dockerfile.splitlines()
    copy_repo = _line_index(lines, "COPY --chown=0:0 src/ ${REPO_DIR}/")
    run_postbuild = _line_index(lines, "RUN ./binder/postBuild")
    assert copy_repo < run_postbuild


def test_postbuild_is_strict_bash_that_installs_the_package() -> None:
    text = POSTBUILD.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n") or text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    assert "pip install --no-deps" in text
    assert os.access(POSTBUILD, os.X_OK), "binder/postBuild must be executable (chmod +x)"
    bash = shutil.which("bash")
    assert bash is not None
    check = subprocess.run([bash, "-n", str(POSTBUILD)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
