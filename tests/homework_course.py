"""A scratch nbgrader course for the homework tests: generate, submit, validate, autograde, read the scores.

All four homework notebooks are one assignment, "homework", in a course made in a temporary
folder; one student id per kind of submission (the solution, the empty release, one wrong
exercise per notebook, shortcuts, tampering). `nbgrader autograde` runs once for all of them.
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
SANDBOX = "backprop_lessons.grading.sandbox.SandboxedKernelManager"    # autograde in a box (docs/teaching.md)
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
          ("relative_answer", "relative_check", ("if a == b:", "if a == 0 or b == 0:")),   # "either is zero"
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


# Tampering (issue 22): one submission per kind of shortcut that reaches past the checks. Each is
# student -> {notebook: (base, [(answer cell, old, new)], check cells it must lose)}; base "solution"
# starts from the model answers, "stub" from the release (old "" puts `new` before the cell's text).
_SEEN_FROM = "    import sys\n"
TAMPERING = {
    "setprofile": {HW1: ("solution", [("logistic_answer", "return 1 / (1 + math.exp(-net))",
                   "import sys\n    from backprop_lessons.homework.answer_key import logistic as key\n"
                   "    sys.setprofile(None)\n    return key(net)")], {"logistic_check"}),
                   HW2: ("solution", [("output_answer", "    delta_o1 = -(", _SEEN_FROM +
                         "    frame = sys._getframe(1)\n    while frame is not None and 'case' not in frame.f_locals:\n"
                         "        frame = frame.f_back\n    if frame is not None:\n"
                         "        return dict(frame.f_locals['case'].answer(None))\n    delta_o1 = -(")],
                         {"output_check"})},
    "isclose": {HW1: ("solution", [("logistic_answer", "return 1 / (1 + math.exp(-net))",
                "math.isclose = lambda *a, **k: True\n    return 0.5"),
                ("forward_answer", 'v["w2"] * v["i2"]', 'v["w3"] * v["i2"]'), ("error_answer", "E_o2 = 0.5 *", "E_o2 = 1.0 *"),
                ("together_answer", "return total_error(v, forward_pass(v))", "return 0.25")],
                {"logistic_check", "forward_check", "error_check", "together_check"})},
    "boolpatch": {HW2: ("stub", [("chain_answer", "", "from backprop_lessons.homework.runner import CheckResult\n"
                                  "CheckResult.__bool__ = lambda self: True\n\n\n")],
                        {"chain_check", "output_check", "hidden_check", "gradients_check", "update_check", "round_check"})},
    "getsource": {HW1: ("solution", [("logistic_answer", "def logistic(net):", "import inspect\n"
                  "from backprop_lessons.homework import answer_key\nexec(inspect.getsource(answer_key))\n\n\n"
                  "def unused(net):")], {"logistic_check", "forward_check", "error_check", "together_check"})},
    "copyautograd": {HW4: ("solution", [("order_answer", "def topological_order(root):", "import inspect\n"
                     "from backprop_lessons.engine import autograd as package_autograd\ncopied = {}\n"
                     "exec(inspect.getsource(package_autograd), copied)\n\n\ndef topological_order(root):\n"
                     "    return copied['topological_order'](root)\n\n\ndef unused(root):")],
                     {"order_check", "backward_check", "forward_check", "train_check"})},
    "readsource": {HW1: ("solution", [("logistic_answer", "def logistic(net):", "import json, pathlib\n"
                   "for folder in pathlib.Path.cwd().parents:\n    for path in folder.glob('source/*/hw1-*.ipynb'):\n"
                   "        for cell in json.loads(path.read_text())['cells']:\n"
                   "            if 'BEGIN SOLUTION' in ''.join(cell['source']):\n"
                   "                exec(''.join(cell['source']))\n\n\ndef unused(net):")],
                   # autograde's box shows no source/ folder: nothing is read, logistic stays undefined
                   # (under Validate, outside the box, the audit hook flags the read: see validate below)
                   {"logistic_check"})},
    "sympydiff": {HW4: ("solution", [("value_answer", "self.grad += out.data * (1 - out.data) * out.grad",
                  "import sympy\n            t = sympy.Symbol('t')\n            slope = sympy.diff(1 / (1 + sympy.exp(-t)), t)\n"
                  "            self.grad += float(slope.subs(t, self.data)) * out.grad")], {"sigmoid_check"})},
}


def tampered(release: Path, name: str, spec: tuple) -> nbformat.NotebookNode:
    """A TAMPERING submission of notebook `name`: the solutions or the release, with its edits."""
    base, edits, _loses = spec
    nb = submission(release, name, [] if base == "solution" else None)
    for answer, old, new in edits:
        cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == answer)
        assert old in cell.source, f"{name} {answer}: {old!r} not in the cell"
        cell.source = new + cell.source if old == "" else cell.source.replace(old, new, 1)
    return nb


# A submission that reads what the grader's own account can read, found by walking up from the
# folder its notebook runs in: the instructor's source, the gradebook, a classmate's submission.
# Each snooping answer cell prints what it read and defines its function only when the read gave
# something (standing in for copying what it read), so a read that gets nothing scores nothing.
# Autograde runs each kernel in the box (backprop_lessons/grading/sandbox.py): every read is empty.
_SNOOP_READER = '''import os


def read_above(*path):
    """The text of the first file at this path in this folder or one above it; '' if none can be read."""
    here = os.getcwd()
    while True:
        try:
            with open(os.path.join(here, *path), encoding="utf-8", errors="replace") as file:
                return file.read()
        except OSError:
            if os.path.dirname(here) == here:
                return ""
            here = os.path.dirname(here)


seen = read_above({path})
print("snooped {shown}:", len(seen), "characters")
assert seen, "nothing to copy"


'''
SNOOP_TARGETS = {"source": ("source", ASSIGNMENT, f"{HW1}.ipynb"), "gradebook": ("gradebook.db",),
                 "neighbour": ("submitted", "solution", ASSIGNMENT, f"{HW1}.ipynb")}


def _snoop(target: str, definition: str) -> tuple[str, str]:
    """The edit that puts the read of SNOOP_TARGETS[target] before `definition` (an answer's def line)."""
    path = SNOOP_TARGETS[target]
    return definition, _SNOOP_READER.format(path=", ".join(map(repr, path)), shown="/".join(path)) + definition


SNOOPS = {"snoop": {HW1: [("logistic_answer", "logistic_check", _snoop("source", "def logistic(net):")),
                          ("forward_answer", "forward_check", _snoop("neighbour", "def forward_pass(v):")),
                          ("error_answer", "error_check", _snoop("gradebook", "def total_error(v, fwd):"))]}}


def snooped(course: Path, student: str, name: str) -> dict[str, int]:
    """What each snooping cell of the autograded notebook printed: target -> characters it read."""
    nb = nbformat.read(course / "autograded" / student / ASSIGNMENT / f"{name}.ipynb", as_version=4)
    lines = [line for cell in nb.cells for output in cell.get("outputs", []) if output.get("name") == "stdout"
             for line in output.get("text", "").splitlines() if line.startswith("snooped ")]
    return {line.split(":")[0].removeprefix("snooped "): int(line.split(":")[1].split()[0]) for line in lines}


def submissions() -> dict[str, dict[str, list]]:
    """student id -> {notebook: [slips]}: solution, empty, wrong1..wrong6, the shortcuts, the snoop."""
    kinds: dict[str, dict[str, list]] = {"solution": {nb: [] for nb in SLIPS}, "empty": {nb: None for nb in SLIPS}}
    for k in range(max(len(slips) for slips in SLIPS.values())):
        kinds[f"wrong{k + 1}"] = {nb: [slips[k]] for nb, slips in SLIPS.items() if k < len(slips)}
    kinds.update(SHORTCUTS)
    kinds.update(SNOOPS)
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
        "c.ExecutePreprocessor.timeout = 120\n"
        f"c.Execute.kernel_manager_class = {SANDBOX!r}\n", encoding="utf-8")
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
    for student, notebooks in TAMPERING.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, spec in notebooks.items():
            nbformat.write(tampered(release, name, spec), folder / f"{name}.ipynb")
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
