"""The package's layout: rooms in one declared order, imports only downward, no circle, documented.

backprop_lessons.LAYERS lists the rooms bottom first. Every import between modules of the
package (at the top of a file or inside a function) is parsed with ast and must go to the
module's own room or a room listed before it; the module graph must have no cycle.
"""
from __future__ import annotations

import ast
import pathlib
import re

import backprop_lessons

PACKAGE = pathlib.Path(backprop_lessons.__file__).parent
README = PACKAGE.parent / "README.md"


def module_name(path: pathlib.Path) -> str:
    """backprop_lessons/engine/network.py -> 'engine.network'; __init__.py -> its package."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "__init__"


def imports_of(path: pathlib.Path) -> set[str]:
    """The package modules `path` imports, as 'room.module' (absolute and relative imports)."""
    found = set()
    here = module_name(path).split(".")
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:   # relative: resolve against this module's package
                base = here[:len(here) - node.level] if path.name != "__init__.py" else here[:len(here) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.startswith("backprop_lessons."):
                target = node.module.removeprefix("backprop_lessons.")
            else:
                continue
            found |= {f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target
                      for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("backprop_lessons.") for a in node.names
                      if a.name.startswith("backprop_lessons.")}
    return {name for name in found if name in MODULES}


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def room(module: str) -> str:
    """The room a module lives in: its subpackage, or its own name at the top level."""
    return module.split(".")[0]


def test_every_room_is_declared_once():
    rooms = {room(m) for m in MODULES} - {"__init__", "__main__"}
    assert rooms == set(backprop_lessons.LAYERS), rooms ^ set(backprop_lessons.LAYERS)
    assert len(set(backprop_lessons.LAYERS)) == len(backprop_lessons.LAYERS)


def test_no_module_imports_from_a_room_above_its_own():
    order = {name: i for i, name in enumerate(backprop_lessons.LAYERS)}
    upward = [f"{m} -> {t}" for m, path in MODULES.items() if room(m) in order
              for t in imports_of(path) if room(t) in order and order[room(t)] > order[room(m)]]
    assert not upward, "imports upward: " + ", ".join(sorted(upward))


def test_the_import_graph_has_no_cycle():
    graph = {m: imports_of(p) - {m} for m, p in MODULES.items() if m not in ("__init__", "__main__")}
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in graph.get(module, ()):
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(target):] + [target]))
            if target not in state:
                visit(target, trail + [target])
        state[module] = 2

    for module in graph:
        if module not in state:
            visit(module, [module])


def test_every_module_says_its_one_job_in_its_first_docstring_line():
    for module, path in MODULES.items():
        docstring = ast.get_docstring(ast.parse(path.read_text()))
        assert docstring and docstring.splitlines()[0].strip(), f"{module} has no docstring"


def test_the_readme_and_the_package_docstring_list_every_room():
    readme = README.read_text()
    table = readme[readme.index("## Layout"):]
    for name in backprop_lessons.LAYERS:
        shown = f"{name}/" if (PACKAGE / name).is_dir() else f"{name}.py"
        assert f"`backprop_lessons/{shown}`" in table, f"README's layout table misses {shown}"
        assert re.search(rf"^\s+{re.escape(shown)}", backprop_lessons.__doc__, re.M), shown


def test_every_public_name_loads_from_the_top_of_the_package():
    for name in backprop_lessons.__all__:
        assert getattr(backprop_lessons, name) is not None, name


def test_each_room_lists_its_modules():
    """A reader finds a module from its room's docstring (backprop_lessons/engine/__init__.py, ...)."""
    for room_name in backprop_lessons.LAYERS:
        folder = PACKAGE / room_name
        if not folder.is_dir():
            continue
        listing = ast.get_docstring(ast.parse((folder / "__init__.py").read_text()))
        missing = [p.name for p in folder.glob("*.py") if p.name != "__init__.py" and p.name not in listing]
        assert not missing, f"{room_name}/__init__.py does not list {missing}"
