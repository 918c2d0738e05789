"""Grades a lecturer can trust: shortcuts past the checks score nothing, and student code cannot hang them.

Tampering is recorded for the rest of a process (an audit hook cannot be removed), so each
kind runs in a fresh Python: its "cells" are compiled as a notebook's are (`<ipython-input-N>`),
then the self-check and the hidden test's graded check run on the result. The real-nbgrader
version of the same submissions: tests/test_homework_grading.py (TAMPERING in homework_course.py).
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap
import time

import pytest

from backprop_lessons.homework import guard
from backprop_lessons.homework.checks_hw4 import check_autograd_train, check_topological_order
from backprop_lessons.homework.hw1 import check_logistic
from backprop_lessons.homework.hw3 import check_relative_error

RUN_CELLS = textwrap.dedent('''
    import json, sys
    from backprop_lessons import {check}
    namespace = {{}}
    for number, cell in enumerate(json.loads(sys.argv[1])):
        exec(compile(cell, f"<ipython-input-{{number}}>", "exec"), namespace)
    student = namespace[{student!r}]
    own = bool({check}(*{leading!r}, student))
    try:
        graded = bool({check}(*{leading!r}, student, cases=30, seed=99, graded=True))
    except AssertionError as failed:
        graded = "raised: " + str(failed)
    print(json.dumps({{"own": own, "graded": graded}}))
''')

HONEST = "import math\ndef logistic(net):\n    return 1 / (1 + math.exp(-net))\n"
KEY = "from backprop_lessons.homework.answer_key import logistic as key\n"
TAMPERING = {
    "the watch switched off, then the answer key": KEY + "import sys\ndef logistic(net):\n"
                                                        "    sys.setprofile(None)\n    return key(net)\n",
    "a trace function set in a cell": KEY + "import sys\nsys.settrace(lambda *a: None)\n"
                                            "def logistic(net):\n    return key(net)\n",
    "the check's frames walked for its case": (
        "import sys\ndef logistic(net):\n    frame = sys._getframe(1)\n"
        "    while frame is not None and 'case' not in frame.f_locals:\n        frame = frame.f_back\n"
        "    return frame.f_locals['case'].answer(None)['logistic(net)']\n"),
    "a traceback's frames walked": (
        "def logistic(net):\n    try:\n        raise ValueError\n    except ValueError as e:\n"
        "        frame = e.__traceback__.tb_frame.f_back\n    return 0.5\n"),
    "the answer key's source exec'd": ("import inspect\nfrom backprop_lessons.homework import answer_key\n"
                                       "exec(inspect.getsource(answer_key))\n"),
    "one function's source exec'd": ("import inspect\nfrom backprop_lessons.homework import answer_key\n"
                                     "exec(inspect.getsource(answer_key.logistic))\n"),
    "math.isclose replaced": "import math\nmath.isclose = lambda *a, **k: True\ndef logistic(net):\n    return 0.5\n",
    "CheckResult.__bool__ replaced": ("from backprop_lessons.homework.runner import CheckResult\n"
                                      "CheckResult.__bool__ = lambda self: True\ndef logistic(net):\n    return 0.5\n"),
    "the check's comparison replaced": ("from backprop_lessons.homework import runner\n"
                                        "runner.close = lambda a, b: True\ndef logistic(net):\n    return 0.5\n"),
    "a notebook read": ("import glob\nfor p in glob.glob(%r): open(p).read()\n" % f"{guard.PACKAGE_DIR}/../notebooks/homework/source/*.ipynb") + HONEST,
    "a package function re-labelled as the student's": (
        "import types\nfrom backprop_lessons.homework import answer_key\n"
        "code = answer_key.logistic.__code__.replace(co_filename='<mine>')\n"
        "logistic = types.FunctionType(code, vars(answer_key))\n"),
    "another program started": "import subprocess\nsubprocess.run(['true'])\n" + HONEST,
}


def run_cells(cells: list[str], check: str = "check_logistic", student: str = "logistic",
              leading: tuple = (), env: dict | None = None) -> dict:
    """{"own": the self-check's verdict, "graded": the hidden test's (or "raised: line")} in a fresh Python."""
    script = RUN_CELLS.format(check=check, student=student, leading=leading)
    done = subprocess.run([sys.executable, "-c", script, json.dumps(cells)], capture_output=True, text=True,
                          timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    return {**json.loads(done.stdout.splitlines()[-1]), "printed": done.stdout}


def test_honest_work_passes_the_self_check_and_the_graded_one() -> None:
    result = run_cells([HONEST])
    assert result["own"] is True and result["graded"] is True, result["printed"]


@pytest.mark.parametrize("kind", TAMPERING)
def test_each_kind_of_tampering_scores_nothing(kind: str) -> None:
    result = run_cells([TAMPERING[kind]])
    assert result["graded"] is not True, result["printed"]
    assert result["own"] is not True or "raised" in str(result["graded"]), result["printed"]
    assert "scored nothing" in result["printed"], result["printed"]


def test_homework_4_with_another_autograd_library_scores_nothing(tmp_path) -> None:
    """A `torch` imported in a cell (here a stand-in module) makes every homework 4 check score nothing."""
    (tmp_path / "torch.py").write_text("tensor = float\n")
    value = ("import torch\nclass Value:\n    def __init__(self, data, parents=()):\n"
             "        self.data, self.grad, self.parents = data, 0.0, parents\n"
             "        self._backward = lambda: None\n"
             "    def __add__(self, other):\n        out = Value(self.data + other.data, (self, other))\n"
             "        def _backward():\n            self.grad += out.grad\n            other.grad += out.grad\n"
             "        out._backward = _backward\n        return out\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)}
    result = run_cells([value], check="check_rule", student="Value", leading=("+",), env=env)
    assert result["own"] is False and result["graded"] is False, result["printed"]
    assert "imported torch: homework 4 is your own autograd" in result["printed"], result["printed"]


def test_training_that_never_runs_the_autograd_is_wrong(capsys) -> None:
    """train must build the graph and run backward each round: plain-Python gradients do not count."""
    def train(v, eta, rounds):
        v, errors = dict(v), []

        def error(v):
            def s(x):
                return 1 / (1 + math.exp(-x))
            h1, h2 = (s(v["w1"] * v["i1"] + v["w2"] * v["i2"] + v["b1"]),
                      s(v["w3"] * v["i1"] + v["w4"] * v["i2"] + v["b1"]))
            o1, o2 = s(v["w5"] * h1 + v["w6"] * h2 + v["b2"]), s(v["w7"] * h1 + v["w8"] * h2 + v["b2"])
            return 0.5 * (v["target_o1"] - o1) ** 2 + 0.5 * (v["target_o2"] - o2) ** 2
        for _ in range(rounds + 1):
            errors.append(error(v))
        return errors
    assert not check_autograd_train(train)
    assert "train called forward_graph 0 times in 3 rounds" in capsys.readouterr().out


# --- the time limit holds whatever the student's code catches (issue 24, item 8) ---------

ENDLESS = {
    "a bare except around the loop": "def logistic(net):\n    while True:\n        try:\n"
                                     "            while True:\n                pass\n        except:\n            pass\n",
    "SIGALRM ignored": "import signal\ndef logistic(net):\n    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                       "    while True:\n        pass\n",
}


@pytest.mark.parametrize("kind", ENDLESS)
def test_a_loop_that_catches_or_ignores_the_time_limit_is_still_stopped(kind: str, monkeypatch, capsys) -> None:
    monkeypatch.setattr(guard, "TIME_LIMIT", 0.3)
    namespace: dict = {}
    exec(compile(ENDLESS[kind], "<ipython-input-cell>", "exec"), namespace)
    started = time.monotonic()
    assert not check_logistic(namespace["logistic"])
    assert "still running after 0.3 s" in capsys.readouterr().out
    assert time.monotonic() - started < 60          # a generous ceiling: it ended, it did not hang
    assert check_logistic(lambda net: 1 / (1 + math.exp(-net)))     # and the checks still work after


def test_a_list_whose_iterator_never_ends_is_read_under_the_time_limit(monkeypatch, capsys) -> None:
    monkeypatch.setattr(guard, "TIME_LIMIT", 0.3)

    class Endless(list):
        def __iter__(self):
            while True:
                yield None

    assert not check_topological_order(lambda root: Endless([root]))
    assert "still running after 0.3 s" in capsys.readouterr().out


def test_a_write_to_a_global_by_student_code_stays_in_the_child(capsys) -> None:
    """The cases run in a forked child: what the student's code changes does not reach the kernel."""
    seen: list = []

    def logistic(net):
        seen.append(net)
        return 1 / (1 + math.exp(-net))
    assert check_logistic(logistic) and seen == []


def test_either_is_zero_is_told_from_the_rule(capsys) -> None:
    def either_zero(a, b):
        if a == 0 or b == 0:
            return 0.0
        return abs(a - b) / max(abs(a), abs(b))
    assert not check_relative_error(either_zero)
    assert "returned 0 when one of the two is 0" in capsys.readouterr().out


# --- homework 4's question on `=` in __add__ (issue 26, item 2) -------------------------

def test_the_model_answer_on_assign_in_add_is_what_the_slipped_graph_gives() -> None:
    """Built with `=` in __add__ alone: only b1 and b2 go wrong, by the numbers the model answer quotes."""
    import nbformat

    from backprop_lessons.homework.checks_hw4_rules import assign_effect
    from tests.homework_course import HW4, SOURCE_DIR

    effect = assign_effect("+")
    assert set(effect) == {"b1", "b2"}           # w1 .. w8 stay right
    answer = next(c.source for c in nbformat.read(SOURCE_DIR / f"{HW4}.ipynb", as_version=4).cells
                  if c.metadata.get("nbgrader", {}).get("grade_id") == "why_answer")
    for wrong, right in effect.values():
        assert f"{wrong:.6f} instead of {right:.6f}" in answer
    assert "All eight weight gradients stay right" in answer and "out_{h1}" in answer


def test_each_operations_assign_slip_has_its_own_message(capsys) -> None:
    """`=` in __add__, __mul__ or sigmoid: each message names its own method and what it does to the lecture."""
    from backprop_lessons.homework.checks_hw4_rules import assign_cause, assign_effect

    assert set(assign_effect("*")) == {"w1", "w2", "w3", "w4", "b1"} and assign_effect("sigmoid") == {}
    lines = {operation: assign_cause(operation) for operation in ("+", "*", "sigmoid")}
    assert len(set(lines.values())) == 3
    assert "__add__" in lines["+"] and "db1 0.008771 instead of 0.018726" in lines["+"]
    assert "__mul__" in lines["*"] and "w1, w2, w3, w4, b1" in lines["*"]


# --- causes worded by what the numbers prove (issue 22, item 5) -------------------------

CASCADE = '''
import math
def logistic(net):
    return 1 / (1 + math.exp(net))
def forward_pass(v):
    out = {}
    for n, (a, b, bias) in {"h1": ("w1", "w2", "b1"), "h2": ("w3", "w4", "b1")}.items():
        out["net_" + n] = v[a] * v["i1"] + v[b] * v["i2"] + v[bias]
        out["out_" + n] = logistic(out["net_" + n])
    for n, (a, b) in {"o1": ("w5", "w6"), "o2": ("w7", "w8")}.items():
        out["net_" + n] = v[a] * out["out_h1"] + v[b] * out["out_h2"] + v["b2"]
        out["out_" + n] = logistic(out["net_" + n])
    return out
def total_error(v, fwd):
    return 0.5 * (v["target_o1"] - fwd["out_o1"]) ** 2 + 0.5 * (v["target_o2"] - fwd["out_o2"]) ** 2
def error(v):
    return total_error(v, forward_pass(v))
'''


def test_a_cascade_names_its_broken_root(capsys) -> None:
    """error -> forward_pass (right) -> logistic (wrong): the line names logistic, not forward_pass."""
    from backprop_lessons.homework.hw1 import check_error

    namespace: dict = {}
    exec(compile(CASCADE, "<ipython-input-cell>", "exec"), namespace)
    assert not check_error(namespace["error"])
    assert "fix logistic first" in capsys.readouterr().out


def test_a_changed_argument_is_told_to_work_on_a_copy_not_to_return_it(capsys) -> None:
    from backprop_lessons.homework.hw3 import check_train

    def train(v, eta, rounds):
        v["w1"] = v["w1"]
        return [0.0] * (rounds + 1)
    assert not check_train(train)
    out = capsys.readouterr().out
    assert "work on a copy (new = dict(v)) and change that" in out and "return that" not in out


def test_the_judge_rebuilds_the_cases_outside_and_refuses_a_wrong_number(capsys) -> None:
    """The judge (a fresh `python -I`) gets only numbers: the recorded right ones pass, one changed fails."""
    from backprop_lessons.homework import judge, runner

    runner.RECORD.append([])
    try:
        judge.CHECKS["check_logistic"](lambda net: 1 / (1 + math.exp(-net)), cases=5, seed=1, graded=True)
    finally:
        answers = runner.RECORD.pop()
    assert judge.opinion("check_logistic", [], {"cases": 5, "seed": 1}, answers)[0] == "correct"
    answers[0][3] = {"logistic(net)": answers[0][3]["logistic(net)"] + 0.01}
    status, line = judge.opinion("check_logistic", [], {"cases": 5, "seed": 1}, answers)
    assert status == "wrong" and "random case 3 of 5" in line
    assert judge.opinion("check_logistic", [], {"cases": 5, "seed": 1}, [answers[0][:2]])[0] == "wrong"


def test_a_library_that_starts_a_program_on_its_own_is_not_the_student(tmp_path) -> None:
    """matplotlib builds its font cache on a fresh machine (a new Binder, an autograde box) by running
    fc-list; an `import matplotlib.pyplot` in a cell must not cost the student anything."""
    import os

    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path)}      # an empty cache: matplotlib runs fc-list
    result = run_cells(["import matplotlib.pyplot as plt\n" + HONEST], env=env)
    assert result["own"] is True and result["graded"] is True, result["printed"]
    assert (tmp_path / next(p.name for p in tmp_path.iterdir())).exists()    # the cache was built here
