"""What a check can tell about a student's function from its source: still the stub, or out of date.

In a notebook the function a check receives is whatever the defining cell last made. When
that cell raised (or was changed and not run again), the function is the older one, often
the `pass` stub: a check then says "the cell defining f raised or has not run" rather than
"replace `pass`". IPython keeps every cell it ran (its input history) and the source of each
function it defined, so the two can be compared. Outside IPython both answers are "no".
Non-goal: reading the notebook file; only what the kernel ran counts.
"""
from __future__ import annotations

import ast
import inspect
import textwrap

STUB_MARK = "YOUR CODE HERE"


def source_of(function: object) -> str | None:
    """The source text of `function`, or None when Python cannot find it."""
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return None


def is_stub(function: object) -> bool:
    """True when `function` is still a stub: its body is only `pass` (besides a docstring and comments)."""
    source = source_of(function)
    if source is None:
        return False
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return STUB_MARK in source
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.FunctionDef) else []
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]    # the docstring
    return len(body) == 1 and isinstance(body[0], ast.Pass)


def _history() -> list[str]:
    """The cells this IPython kernel ran, oldest first; [] outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return []
    shell = get_ipython()
    manager = getattr(shell, "history_manager", None)
    return list(getattr(manager, "input_hist_raw", None) or [])


def defining_cell_failed(name: str, function: object) -> bool:
    """True when the last cell run that defines `name` is not where `function` came from.

    That cell ran after the function was made yet did not replace it: it raised. (A cell
    changed but not run is not in the history; the stub message covers it.)
    """
    source = source_of(function)
    if source is None:
        return False
    defining = [cell for cell in _history() if f"def {name}(" in cell]
    return bool(defining) and source.strip() not in defining[-1]
