"""A second opinion from outside the student's kernel: a graded check's answers judged in a fresh Python.

Everything in the student's kernel can be replaced by the student's code: `math.isclose`,
`CheckResult.__bool__`, the answer key. So when a check is graded (a hidden test) or runs
under nbgrader's validate, `judged` (the decorator on every check_* function) does three things:
1. runs the check as usual in the kernel, which records the plain numbers the student's
   functions gave (runner.py), and prints its line;
2. asks the audit hook (tamper.py) what it saw, and what of the package was replaced;
3. sends only those numbers (JSON) to a judge: a separate `python -I` started from here,
   which imports the package afresh, rebuilds the same cases from the same seed, computes
   the references and compares (the same check, replaying the numbers instead of calling code).
The check passes only when all three agree. A wrong answer returns its false CheckResult (its
class checked unchanged first); anything replaced, or a judge that disagrees, raises
AssertionError with one line, so the hidden test cell fails whatever was done to `assert`.
Run as `python -I -m backprop_lessons.homework.judge`: the judge, one JSON request per line.
Non-goal: stopping a student who replaces this module's functions mid-call (tamper.py says why).
"""
from __future__ import annotations

import functools
import importlib
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path
from collections.abc import Callable

from backprop_lessons.homework import runner, tamper

_JUDGE: list[subprocess.Popen] = []     # the judge process of this kernel, started on first use
CHECKS: dict[str, Callable] = {}         # check name -> the undecorated check, for the judge to replay


def judged(check: Callable) -> Callable:
    """The decorator of every check_*: graded or under validate, the verdict needs the judge's agreement."""
    CHECKS[check.__name__] = check

    @functools.wraps(check)
    def run(*args, graded: bool = False, **kwargs):
        if runner._QUIET[0] or runner.REPLAY or not (graded or os.environ.get("NBGRADER_EXECUTION") == "validate"):
            return check(*args, graded=graded, **kwargs)
        runner.RECORD.append([])
        try:
            result = check(*args, graded=graded, **kwargs)
        finally:
            answers = runner.RECORD.pop()
        _records, _last, replaced = tamper.found(0, replaced=True)
        if replaced:
            _fail(result.name, f"scored nothing: {replaced[0]} while the homework ran (flagged for your lecturer)")
        if result.status != "correct":
            return result       # false, and its __bool__ is the package's own (checked just above)
        leading, options = _arguments(check, args, kwargs)
        status, line = opinion(check.__name__, leading, options, answers)
        if status != "correct":
            _fail(result.name, f"the grader's own check disagrees: {line}")
        return result
    return run


def _arguments(check: Callable, args: tuple, kwargs: dict) -> tuple[list, dict]:
    """(the arguments before the student's function: "+" or "softplus"; cases and seed) of a call."""
    parameters = list(inspect.signature(check).parameters)
    before = 1 if parameters[0] in ("operation", "activation") else 0
    bound = inspect.signature(check).bind(*args, **kwargs).arguments
    return ([bound[name] for name in parameters[:before]],
            {name: bound[name] for name in ("cases", "seed") if name in bound})


def _fail(name: str, text: str) -> None:
    """Print the check's line and raise it (the cell fails)."""
    line = f"{runner.SYMBOLS['wrong']} {name}: {text}"
    print(line)
    raise AssertionError(line)


def opinion(check: str, leading: tuple, options: dict, answers: list) -> tuple[str, str]:
    """(status, line) of `check` replayed on `answers` in the judge process."""
    request = json.dumps({"check": check, "leading": list(leading), "options": options, "answers": answers})
    for _attempt in range(2):
        judge = _judge()
        try:
            judge.stdin.write(request + "\n")
            judge.stdin.flush()
            reply = judge.stdout.readline()
            if reply:
                answer = json.loads(reply)
                return answer["status"], answer["line"]
        except (OSError, ValueError):
            pass
        _JUDGE.clear()          # it died: start another
    return "wrong", "the grader's judge process could not run"


def _judge() -> subprocess.Popen:
    """The running judge process, started on first use: a fresh, isolated Python (`python -I`) that
    imports the package from where the kernel's came from, and nothing of the kernel's environment."""
    if not _JUDGE or _JUDGE[0].poll() is not None:
        start = ("import sys; sys.path.insert(0, sys.argv[1]); "
                 "from backprop_lessons.homework.judge import serve; serve()")   # the kernel's own package
        _JUDGE[:] = [subprocess.Popen([sys.executable, "-I", "-c", start, str(Path(tamper.PACKAGE_DIR).parent)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                      text=True, cwd=tamper.PACKAGE_DIR)]
    return _JUDGE[0]


class _Replayed:
    """What the judge hands a check in place of the student's function or class (never called)."""

    __module__ = "judged"


def replay(check: str, leading: list, options: dict, answers: list) -> tuple[str, str]:
    """In the judge: run `check` with the student's recorded numbers instead of their code."""
    import io
    from contextlib import redirect_stdout

    for module in ("hw1", "hw2", "hw3", "checks_hw4"):    # their checks register in CHECKS as they load
        importlib.import_module(f"backprop_lessons.homework.{module}")
    function = CHECKS.get(check)
    if function is None:
        return "wrong", f"no check called {check}"
    runner.REPLAY.append([list(map(dict, run)) for run in answers])
    try:
        with redirect_stdout(io.StringIO()):
            result = function(*leading, _Replayed, **{**options, "graded": True})
    finally:
        runner.REPLAY.pop()
    return result.status, result.line


def serve() -> None:
    """The judge: read one JSON request a line from stdin, write one JSON verdict a line."""
    for line in sys.stdin:
        try:
            request = json.loads(line)
            status, text = replay(request["check"], request["leading"], request["options"], request["answers"])
        except Exception as exc:  # noqa: BLE001 -- a bad request is a wrong answer, never a crash
            status, text = "wrong", f"could not judge: {type(exc).__name__}"
        sys.stdout.write(json.dumps({"status": status, "line": text}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":      # run as a script: serve from the imported module, where the checks registered
    from backprop_lessons.homework.judge import serve as _serve
    _serve()
