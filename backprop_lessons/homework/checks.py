"""What the checks of every assignment share: the examples they try and one way to check on them.

A check runs a student's function on the lecture's example and on random examples drawn with
a seed (hidden tests use other seeds, so typed-in numbers do not pass), through run_check
(runner.py). The inputs a check hands over are always right (a correct `fwd` to
`output_deltas`, say), and the earlier exercises a function calls are set to right
references while it runs, so one exercise's slip never shows up as another's.
The assignments' checks: hw1.py, hw2.py, hw3.py.
Non-goal: showing the answer's code; a line says what is wrong and where to look.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from backprop_lessons.engine.errors import valid_count
from backprop_lessons.homework import answer_key as ref
from backprop_lessons.homework.answer_key import Values
from backprop_lessons.homework.runner import Case, CheckResult, Reader, names_reader, run_check
from backprop_lessons.lecture.example import LECTURE_ETA, LECTURE_VALUES

LECTURE = "on the lecture's example"


def examples(cases: int, seed: int) -> list[tuple[str, Values, float]]:
    """(label, v, eta): the lecture's example, then `cases` random ones drawn with `seed`."""
    count = valid_count("cases", cases, maximum=1000)
    rng = np.random.default_rng(valid_count("seed", seed, maximum=2**32 - 1))
    drawn = [(ref.random_values(rng), float(rng.uniform(0.1, 1.0))) for _ in range(count)]
    return [(LECTURE, dict(LECTURE_VALUES), LECTURE_ETA)] + [
        (f"on random case {k} of {count}", v, eta) for k, (v, eta) in enumerate(drawn, start=1)]


def pick(values: Values, names: Sequence[str]) -> Values:
    """Only these names of `values`, in this order."""
    return {name: values[name] for name in names}


def check_on_examples(name: str, student: object, call: str, names: Sequence[str], mistakes: Sequence[str],
                      cases: int, seed: int, args: Callable[[Values, float], tuple],
                      answer: Callable[[Values, float, str | None], Values], *, read: Reader | None = None,
                      uses: Mapping[str, Callable] | None = None,
                      depends: Mapping[str, Callable[[object], CheckResult]] | None = None,
                      graded: bool = False, where: str = "compare each step with the formulas above") -> CheckResult:
    """Run `student(*args(v, eta))` on every example against `answer(v, eta, mistake)`.

    The answer is read as a dict of `names`, or by `read` when given; `uses`, `depends`,
    `graded` and `where` as in run_check.
    """
    runs = examples(cases, seed)
    built = [Case(label, args(v, eta), lambda mistake, v=v, eta=eta: pick(answer(v, eta, mistake), names))
             for label, v, eta in runs]
    return run_check(name, student, built, read or names_reader(names, call), mistakes,
                     summary=f"correct on the lecture's example and {len(runs) - 1} random cases",
                     uses=uses, depends=depends, graded=graded, where=where)
