"""A scratch nbgrader course for the homework tests: generate, submit, validate, autograde, read the scores.

All four homework notebooks are one assignment, "homework", in a course made in a temporary
folder; one student id per kind of submission (the solution, the empty release, one wrong
exercise per notebook, shortcuts). `nbgrader autograde` runs once for all of them.
Wrong exercises are written here as edits of the solution text (a one-line slip each), so
what a submission holds is plain to read. Homework 4's three Value exercises share one answer
cell (the class); each slip or shortcut edits one place of it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "notebooks" / "homework" / "source"
ASSIGNMENT = "homework"
HW1, HW2, HW3, HW4 = "hw1-forward-pass", "hw2-backward-pass", "hw3-training-and-checking", "hw4-autograd"

# notebook -> [(answer cell, its check cell, (old, new) edit of the solution text)], in exercise order
SLIPS = {
    HW1: [("logistic_answer", "logistic_check", ("math.exp(-net)", "math.exp(-abs(net))")),
          ("forward_answer", "forward_check", ('v["w2"] * v["i2"]', 'v["w3"] * v["i2"]')),
          ("error_answer", "error_check", ('E_o2 = 0.5 *', 'E_o2 = 1.0 *')),
          ("together_answer", "together_check", ("return total_error(v, forward_pass(v))",
                                                 "return total_error(v, forward_pass(v)) * 2"))],
    HW2: [("chain_answer", "chain_check", ("dnet_o1_dw5 = fwd[\"out_h1\"]", "dnet_o1_dw5 = fwd[\"net_h1\"]")),
          ("output_answer", "output_check", ('delta_o2 = -(', 'delta_o2 = (')),
          ("hidden_answer", "hidden_check", (' + deltas["delta_o2"] * v["w7"]', "")),
          ("gradients_answer", "gradients_check", ('"dE_total/dw8": deltas["delta_o2"] * fwd["out_h2"]',
                                                   '"dE_total/dw8": deltas["delta_o1"] * fwd["out_h2"]')),
          ("update_answer", "update_check", ("new = dict(v)", "new = v")),
          ("round_answer", "round_check", ("deltas.update(hidden_deltas(v, fwd, deltas))",
                                           "deltas.update(hidden_deltas(update(v, gradients(v, fwd, "
                                           "{**deltas, 'delta_h1': 0, 'delta_h2': 0}), eta), fwd, deltas))"))],
    HW3: [("train_answer", "train_check", ("return errors", "return errors[:-1]")),
          ("numerical_answer", "numerical_check", ("/ (2 * h)", "/ h")),
          ("relative_answer", "relative_check", ("max(abs(a), abs(b))", "max(a, b)")),
          ("softplus_answer", "softplus_check", ("sp.exp(x) / (1 + sp.exp(x))", "1 / (1 + sp.exp(-x)) ** 2")),
          ("tanh_answer", "tanh_check", ("1 - sp.tanh(x) ** 2", "(1 - sp.tanh(x)) ** 2"))],
    HW4: [("value_answer", "add_check", ("other.grad += out.grad", "other.grad = out.grad")),
          ("value_answer", "mul_check", ("other.grad += self.data * out.grad", "other.grad += other.data * out.grad")),
          ("value_answer", "sigmoid_check", ("out.data * (1 - out.data) * out.grad",
                                             "self.data * (1 - self.data) * out.grad")),
          ("order_answer", "order_check", ("if value not in visited:", "if True:")),
          ("backward_answer", "backward_check", ("for value in reversed(order):", "for value in order:")),
          ("forward_answer", "forward_check", ('g["E_o2"] = 0.5 *', 'g["E_o2"] = 1.0 *')),
          ("train_answer", "train_check", ("return errors", "return errors[1:]"))],
}
# Homework 4's shortcuts: the package's own Value, the lecture's graph, its order, backward() and training.
_PACKAGE_VALUE = ("class Value:", "from backprop_lessons.engine.autograd import Value\n\n\nclass Unused:")

# Shortcuts that must score nothing: the package's answer key, typed-in numbers, SymPy's diff.
SHORTCUTS = {
    "shortcut1": {HW1: [("logistic_answer", "logistic_check", (
                "return 1 / (1 + math.exp(-net))",
                "from backprop_lessons.homework.answer_key import logistic as key\n    return key(net)"))],
            HW2: [("round_answer", "round_check", (
                "fwd = forward_pass(v)",
                "values = worked_round(v, eta)\n    return {**v, **{w: values[w + '+'] for w in "
                "('w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8')}}"))],
            HW3: [("softplus_answer", "softplus_check", ("return sp.exp(x) / (1 + sp.exp(x))",
                                                         "return sp.diff(sp.log(1 + sp.exp(x)), x)"))],
            HW4: [("value_answer", check, _PACKAGE_VALUE) for check in ("add_check", "mul_check", "sigmoid_check")]
            + [("forward_answer", "forward_check", ('    g["net_h1"] =', "    from backprop_lessons.lecture."
                "autograd_round import lecture_graph\n    return lecture_graph(v, Value)\n    g[\"net_h1\"] ="))]},
    "shortcut2": {HW1: [("together_answer", "together_check", ("return total_error(v, forward_pass(v))",
                                                          "return total_error(LECTURE_VALUES, forward_pass(LECTURE_VALUES))"))],
              HW2: [("chain_answer", "chain_check", ("fwd[\"out_h1\"]\n", "0.593269992\n"))],
              HW3: [("tanh_answer", "tanh_check", ("return 1 - sp.tanh(x) ** 2",
                                                   "return sp.tanh(x).diff(x)"))],
              HW4: [("order_answer", "order_check", ("    order, visited = [], set()", "    from backprop_lessons."
                     "engine.autograd import topological_order as reference\n    return reference(root)\n"
                     "    order, visited = [], set()")),
                    ("backward_answer", "backward_check", ("    root.grad = 1.0\n    for value in reversed(order):\n"
                     "        value._backward()", "    from backprop_lessons.engine.autograd import Value as "
                     "Reference\n    Reference.backward(root)")),
                    ("train_answer", "train_check", ("    v = dict(v)\n", "    from backprop_lessons.lecture."
                     "autograd_round import train_with_autograd\n    return train_with_autograd(rounds, eta, v)\n"))]},
}


def submissions() -> dict[str, dict[str, list]]:
    """student id -> {notebook: [slips]}: solution, empty, wrong1..wrong6, and the shortcuts."""
    kinds: dict[str, dict[str, list]] = {"solution": {nb: [] for nb in SLIPS}, "empty": {nb: None for nb in SLIPS}}
    for k in range(max(len(slips) for slips in SLIPS.values())):
        kinds[f"wrong{k + 1}"] = {nb: [slips[k]] for nb, slips in SLIPS.items() if k < len(slips)}
    kinds.update(SHORTCUTS)
    return kinds


def nbgrader(course: Path, *args: str, timeout: int = 1200) -> subprocess.CompletedProcess:
    """Run `nbgrader ARGS` in the course folder (the venv's bin on PATH: nbgrader runs alembic)."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=timeout)


def make_course(course: Path) -> Path:
    """The scratch course with the homework sources, generated; returns the release folder."""
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    for name in SLIPS:
        shutil.copy(SOURCE_DIR / f"{name}.ipynb", course / "source" / ASSIGNMENT)
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\nc.CourseDirectory.course_id = 'scratch'\n"
        "c.ExecutePreprocessor.timeout = 120\n", encoding="utf-8")
    run = nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    assert run.returncode == 0, run.stdout + run.stderr
    return course / "release" / ASSIGNMENT


def _solved(text: str) -> str:
    """A solution cell's source with the solution markers (code or Markdown) taken out."""
    return "\n".join(line for line in text.splitlines() if "BEGIN SOLUTION" not in line
                     and "END SOLUTION" not in line)


def submission(release: Path, name: str, slips: list | None) -> nbformat.NotebookNode:
    """The release copy of `name`, answered with the solutions except for `slips` (None: left empty)."""
    nb = nbformat.read(release / f"{name}.ipynb", as_version=4)
    if slips is None:
        return nb
    source = {c.metadata["nbgrader"]["grade_id"]: c for c in nbformat.read(SOURCE_DIR / f"{name}.ipynb",
                                                                             as_version=4).cells}
    edits = {answer: edit for answer, _check, edit in slips}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = _solved(source[grade_id].source)     # the written answers, as the model answer
        elif cell.cell_type == "code" and cell.metadata["nbgrader"].get("solution"):
            text = _solved(source[grade_id].source)
            if grade_id in edits:
                old, new = edits[grade_id]
                assert old in text, f"{name} {grade_id}: {old!r} not in the solution"
                text = text.replace(old, new)
            cell.source = text
    return nb


def submit_all(course: Path, release: Path) -> dict[str, dict[str, list]]:
    """Write every kind of submission into the course's submitted/ folder; return submissions()."""
    kinds = submissions()
    for student, notebooks in kinds.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, slips in notebooks.items():
            nbformat.write(submission(release, name, slips), folder / f"{name}.ipynb")
    return kinds


def autograde(course: Path) -> None:
    """One `nbgrader autograde` for every submission (students are created as needed)."""
    run = nbgrader(course, "autograde", ASSIGNMENT, "--create", "--force")
    assert run.returncode == 0, run.stdout + run.stderr


def lost_points(course: Path) -> dict[tuple[str, str], dict[str, float]]:
    """(student, notebook) -> {check cell: points lost} for the autograded cells that lost any."""
    from nbgrader.api import Gradebook

    lost: dict[tuple[str, str], dict[str, float]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for submission_ in gradebook.assignment_submissions(ASSIGNMENT):
            for notebook in submission_.notebooks:
                lost[(submission_.student_id, notebook.name)] = {
                    grade.name: grade.max_score - (grade.auto_score or 0) for grade in notebook.grades
                    if grade.cell.cell_type == "code" and (grade.auto_score or 0) < grade.max_score}
    return lost


def auto_points(course: Path) -> dict[tuple[str, str], tuple[float, float]]:
    """(student, notebook) -> (autograded points, autograded maximum)."""
    from nbgrader.api import Gradebook

    points: dict[tuple[str, str], tuple[float, float]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for submission_ in gradebook.assignment_submissions(ASSIGNMENT):
            for notebook in submission_.notebooks:
                code = [g for g in notebook.grades if g.cell.cell_type == "code"]
                points[(submission_.student_id, notebook.name)] = (
                    sum(g.auto_score or 0 for g in code), sum(g.max_score for g in code))
    return points


def validate(course: Path, paths: list[Path]) -> dict[Path, bool]:
    """nbgrader's validate on each notebook (in this process): path -> True when it would say Success."""
    from nbgrader.validator import Validator

    verdicts = {}
    for path in paths:
        results = Validator().validate(str(path))
        verdicts[path] = not results.get("failed") and not results.get("changed") \
            and not results.get("type_changed")
    return verdicts


def expected_loss(slips: list | None, name: str) -> set[str]:
    """The check cells a submission should lose: its slips' (all of them for an empty one)."""
    if slips is None:
        return {check for _answer, check, _edit in SLIPS[name]}
    return {check for _answer, check, _edit in slips}



def score_table(course: Path) -> str:
    """The automatic points of every submission, one line each (printed by the grading test)."""
    points, lost = auto_points(course), lost_points(course)
    return "\n".join(f"{student:10} {name:27} {got:4g} of {maximum:g}  lost: {', '.join(sorted(lost[(student, name)])) or '-'}"
                     for (student, name), (got, maximum) in sorted(points.items())
                     if (course / "submitted" / student / ASSIGNMENT / f"{name}.ipynb").exists())
