"""The conda environments (Binder's and the local one) and the venv agree on versions.

``binder/environment.yml`` is the source of truth: every ``name=version`` pin in it
must appear with the same version in the root ``environment.yml``, and the six
packages of the design card must be installed at those versions in the
environment running the tests (the development venv).
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BINDER_ENV = ROOT / "binder" / "environment.yml"
LOCAL_ENV = ROOT / "environment.yml"

# The design card's packages: the lessons are written and tested against these.
CARD_PACKAGES = ("jupyterlab", "ipywidgets", "numpy", "sympy", "matplotlib", "nbval")


def _load(path: Path) -> dict:
    """Parse one environment file."""
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def conda_pins(path: Path) -> dict[str, str]:
    """Map each conda package pinned as ``name=version`` in *path* to its version.

    Unpinned entries (``pip``) and the nested ``pip:`` list are left out. A pin
    written with ``==`` or a build string is read as the version alone.
    """
    pins: dict[str, str] = {}
    for entry in _load(path)["dependencies"]:
        if not isinstance(entry, str):
            continue
        name, sep, version = entry.partition("=")
        if sep:
            pins[name.strip()] = version.lstrip("=").split("=")[0].strip()
    return pins


def pip_entries(path: Path) -> list[str]:
    """The ``pip:`` requirement lines of an environment file (empty if none)."""
    entries: list[str] = []
    for entry in _load(path)["dependencies"]:
        if isinstance(entry, dict):
            entries.extend(entry.get("pip", []))
    return entries


def test_binder_environment_uses_conda_forge_and_pins_python_311() -> None:
    env = _load(BINDER_ENV)
    assert env["channels"][0] == "conda-forge"
    assert conda_pins(BINDER_ENV)["python"] == "3.11"


def test_binder_environment_pins_the_card_packages_and_tools() -> None:
    pins = conda_pins(BINDER_ENV)
    for name in (*CARD_PACKAGES, "nbgrader", "jupyter-offlinenotebook", "voila"):
        assert name in pins, f"{name} is not pinned in {BINDER_ENV.relative_to(ROOT)}"
    # Every conda entry is pinned: an unpinned one would drift between builds.
    unpinned = [
        e for e in _load(BINDER_ENV)["dependencies"] if isinstance(e, str) and "=" not in e
    ]
    assert unpinned == [], f"unpinned conda packages in binder/environment.yml: {unpinned}"


def test_binder_environment_has_no_local_pip_install() -> None:
    """A local path in the environment defeats Binder's cache; postBuild installs the package."""
    local = [
        e
        for e in pip_entries(BINDER_ENV)
        if e.startswith(("-e", "--editable", ".", "/", "file:")) or e.strip() == "."
    ]
    assert local == [], (
        f"binder/environment.yml installs a local path {local}; "
        "install the package from binder/postBuild instead"
    )


def test_local_environment_has_the_same_conda_pins_as_binder() -> None:
    binder = conda_pins(BINDER_ENV)
    local = conda_pins(LOCAL_ENV)
    mismatched = {
        name: (version, local.get(name))
        for name, version in binder.items()
        if local.get(name) != version
    }
    assert mismatched == {}, (
        "environment.yml differs from binder/environment.yml "
        f"(name: (binder, local)): {mismatched}"
    )


def test_local_environment_installs_the_package_with_pip() -> None:
    entries = [e.replace(" ", "") for e in pip_entries(LOCAL_ENV)]
    assert any(e.startswith("-e.") for e in entries), entries


@pytest.mark.parametrize("name", (*CARD_PACKAGES, "voila"))
def test_venv_matches_the_binder_pin(name: str) -> None:
    pinned = conda_pins(BINDER_ENV)[name]
    installed = importlib.metadata.version(name)
    assert installed == pinned, (
        f"{name} {installed} is installed here but binder/environment.yml pins {pinned}: "
        "students on Binder would run a different version"
    )
