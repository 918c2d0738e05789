"""Hostile input, round two (issue 14) beside the bad-input table: budgets and the way past them,
SymPy's deadline, the cross-check's own exit code where an activation is undefined, no NumPy
warning, echoes cut, panels that never raise, the link script, and each value checked once
where it enters (issue 18), counted.
"""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import backprop_lessons
from backprop_lessons import cli
from backprop_lessons.engine import budget, errors
from backprop_lessons.engine.activations import get_activation
from backprop_lessons.engine.budget import BudgetExceededError
from backprop_lessons.engine.losses import get_loss
from backprop_lessons.engine.naming import set_parameters
from backprop_lessons.engine.network import Network
from backprop_lessons.lecture.example import lecture_data, lecture_network, train_lecture, worked_round
from backprop_lessons.symbolic.deadline import DeadlineError, within_deadline
from backprop_lessons.symbolic.derivation import derive
from backprop_lessons.symbolic.formula import parse_formula
from .scripts import load_script

LONG = "w" * 100_000


def test_budget_false_goes_past_the_budget(monkeypatch):
    monkeypatch.setattr(budget, "WORK_BUDGET", 1e6)   # 1 ms: a small budget, so the test is quick
    with pytest.raises(BudgetExceededError, match="budget=False"):
        train_lecture(100)
    _, history = train_lecture(100, budget=False)
    assert len(history.losses) == 101


def test_the_budget_lets_the_lecture_through():
    assert budget.training_work([2, 2, 2], 1, 10_000) < budget.WORK_BUDGET / 2
    assert budget.training_work([2, 2, 2], 1, 10_000_000) > budget.WORK_BUDGET


def test_the_deadline_stops_work_in_the_main_thread():
    """The work is stopped, not waited for: it never reaches its end (no clock in the assertion)."""
    finished = []

    def long_work():
        for _ in range(600):   # 60 s unless the deadline stops it
            time.sleep(0.1)
        finished.append(True)

    with pytest.raises(DeadlineError, match="more than 0.2 s"):
        within_deadline("sleeping", long_work, 0.2)
    assert finished == []


def test_outside_the_main_thread_the_deadline_holds_too():
    results = []

    def work():
        try:
            results.append(within_deadline("spinning", lambda: [None for _ in iter(int, 1)], 0.2))
        except DeadlineError as error:
            results.append(str(error))
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=30)
    assert results == ["spinning took more than 0.2 s; try a simpler formula"]


def run_cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "backprop_lessons", *argv], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("formula", ["log(x)", "sqrt(x)", "exp(exp(x))**10"])
def test_crosscheck_where_the_activation_is_undefined_exits_3(formula):
    result = run_cli("crosscheck", "--activation", formula)
    assert result.returncode == cli.UNDEFINED == 3, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr and "Warning" not in result.stderr
    assert result.stderr.count("\n") == 1 and "undefined or not finite at the net inputs reached" in result.stderr


def test_help_and_readme_document_the_exit_codes():
    help_text = run_cli("--help").stdout
    assert "3  crosscheck: the activation or loss is undefined" in help_text and "--no-budget" in help_text
    readme = (backprop_lessons.__file__.rsplit("/", 2)[0] + "/README.md")
    assert "| 3 | `crosscheck`: the activation or loss is undefined" in pathlib.Path(readme).read_text(encoding="utf-8")


def test_overflow_gives_inf_without_a_warning():
    """pyproject.toml turns warnings into errors, so a RuntimeWarning would fail this test."""
    network = Network([[[1e300, 1e300]]], [[0.0]], "identity")
    assert np.isinf(network.forward([[1e300, 1e300]]).outs[-1][0, 0])
    assert np.isinf(network.error([[1e300, 1e300]], [[0.0]]))
    with pytest.raises(backprop_lessons.engine.errors.TrainingDivergedError):
        network.train([[1e300, 1e300]], [[0.0]], 3, 0.5)


@pytest.mark.parametrize("call", [
    lambda: get_activation(LONG), lambda: get_loss(LONG), lambda: derive(LONG),
    lambda: set_parameters(lecture_network(), {LONG: 1.0}), lambda: worked_round({LONG: 1.0}),
    lambda: worked_round()[LONG], lambda: parse_formula("x + " + LONG[:150]),
    lambda: Network.random([2, 3], activations=LONG), lambda: backprop_lessons.round_panel(sections=(LONG,)),
], ids=["activation", "loss", "derive", "set_parameters", "overrides", "quantity", "formula", "random", "sections"])
def test_an_echoed_argument_is_cut_to_80_characters(call):
    with pytest.raises(errors.BackpropLessonsError) as caught:
        call()
    assert len(str(caught.value)) < 400 and "..." in str(caught.value)


def test_the_training_panel_on_a_diverging_network_shows_its_note():
    panel = backprop_lessons.training_panel(Network([[[1.0]]], [[0.0]], "identity"), [[10.0]], [[1.0]],
                                            rounds=100, eta=5.0)
    assert panel.error is None and "note: training diverged" in panel.summary()
    panel.set(round=panel.recording.last_round)
    assert panel.error is None


def test_the_formula_panel_says_where_an_activation_is_undefined():
    panel = backprop_lessons.formula_panel("log(x)")
    assert "undefined or not finite at the net inputs reached" in panel.summary()


def test_a_failing_losses_for_is_a_message_in_the_panel():
    def losses_for(eta, update_biases):
        raise ValueError("no losses today")
    panel = backprop_lessons.learning_rate_panel(losses_for=losses_for)
    assert panel.summary() == "message: unexpected ValueError: no losses today"


def counted_checks(monkeypatch) -> list[tuple[str, object]]:
    """Every valid_number call anywhere in the package, as (name, value), from now on."""
    calls, original = [], errors.valid_number

    def counting(name, value, **kwargs):
        calls.append((name, value))
        return original(name, value, **kwargs)

    for name, module in list(sys.modules.items()):
        if name.startswith("backprop_lessons") and getattr(module, "valid_number", None) is original:
            monkeypatch.setattr(module, "valid_number", counting)
    return calls


def test_a_learning_rate_typed_on_the_command_line_is_checked_once(monkeypatch, capsys):
    calls = counted_checks(monkeypatch)
    assert cli.main(["example", "--eta", "0.7", "--iterations", "3", "--json"]) == 0
    assert [name for name, value in calls if value == 0.7] == ["--eta"]


def test_one_slider_move_checks_each_value_once(monkeypatch):
    panel = backprop_lessons.round_panel()
    calls = counted_checks(monkeypatch)
    panel.set(w5=0.3)
    assert [name for name, _ in calls] == ["w5"]
    calls.clear()
    panel.controls["w6"].value = 0.31   # as the browser moves a slider
    assert [name for name, _ in calls] == ["w6"] and panel.error is None
    assert panel.round.values() == worked_round({"w5": 0.3, "w6": 0.31}).values()


def test_one_learning_rate_slider_move_checks_eta_once(monkeypatch):
    panel = backprop_lessons.learning_rate_panel(rounds=100)
    calls = counted_checks(monkeypatch)
    panel.controls["eta"].value = 1.0
    assert [name for name, _ in calls] == ["eta", "eta"]   # the slider's range, then losses_for's own entry


update_links = load_script("update_links")


def course(tmp_path, repository_text: str, notebooks: dict[str, object]):
    """A course folder: binder/repository.txt, notebooks/*.ipynb (any JSON), README with markers."""
    (tmp_path / "binder").mkdir()
    (tmp_path / "binder" / "repository.txt").write_text(repository_text, encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    for name, content in notebooks.items():
        (tmp_path / "notebooks" / name).write_text(json.dumps(content), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n{update_links.MARKER_START}\n{update_links.MARKER_END}\n", encoding="utf-8")
    return readme


def test_the_link_script_takes_a_byte_order_mark_and_odd_notebooks(tmp_path):
    title = {"cells": [{"cell_type": "markdown", "source": f"# Ends {update_links.MARKER_END} <here>"}]}
    readme = course(tmp_path, "\ufeffme/course/main\n", {
        "01-list.ipynb": [1, 2], "02-number.ipynb": {"cells": [{"cell_type": "markdown", "source": 5}]},
        "03-cells.ipynb": {"cells": 7}, "04-marker.ipynb": title})
    for _ in range(2):   # the second run must work too (the block's end marker stays unique)
        assert update_links.main([str(readme), "--root", str(tmp_path)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert "/v2/gh/me/course/main?" in text and "%EF%BB%BF" not in text
    assert text.count(update_links.MARKER_END) == 1 and "&lt;here&gt;" in text
    assert "[01-list]" in text and "[02-number]" in text and "[03-cells]" in text


# Round three (issue 24): quiet wrong answers, complex results, names from the parsed formula,
# scripts. Each table is by class; the exported-name walk is tests/test_exported_names.py, the
# terminal tests/test_terminal.py, the time limits tests/test_time_limits.py.

MASKED = np.ma.masked_array([[0.05, 0.10]], [[0, 1]])
QUIET_WRONG = [   # (call, error, the words the one line must hold)
    ("BCE target 5", lambda: Network.random([2, 2, 1], "sigmoid", "binary_cross_entropy").train([[0, 1]], [[5.0]], 3, 0.5),
     errors.InvalidValueError, "targets must lie between 0 and 1"),
    ("BCE target -1", lambda: backprop_lessons.crosscheck(Network.random([2, 2, 1], "sigmoid", "binary_cross_entropy"),
                                                          [[0, 1]], [[-1.0]]), errors.InvalidValueError, "targets"),
    ("softmax target 2", lambda: Network.random([2, 2, 2], ["tanh", "identity"], "softmax_cross_entropy")
     .error([[0, 1]], [[2.0, 0.0]]), errors.InvalidValueError, "targets"),
    ("update_biases text (train_lecture)", lambda: train_lecture(3, update_biases="False"), errors.InvalidTypeError,
     "update_biases must be True or False"),
    ("update_biases text (exact_digits)", lambda: backprop_lessons.exact_digits(5, update_biases="False"),
     errors.InvalidTypeError, "update_biases"),
    ("update_biases text (worked_round)", lambda: worked_round(update_biases="no"), errors.InvalidTypeError,
     "update_biases"),
    ("update_biases number (training_panel)", lambda: backprop_lessons.training_panel(update_biases=0),
     errors.InvalidTypeError, "update_biases"),
    ("masked inputs (forward)", lambda: lecture_network().forward(MASKED), errors.InvalidValueError, "hide values"),
    ("masked targets (crosscheck)", lambda: backprop_lessons.crosscheck(lecture_network(), lecture_data()[0],
                                                                        np.ma.masked_array([[0.01, 0.99]], [[1, 0]])),
     errors.InvalidValueError, "targets must not hide values"),
    ("masked inputs (central_differences)", lambda: backprop_lessons.central_differences(lecture_network(), MASKED,
                                                                                       lecture_data()[1]),
     errors.InvalidValueError, "inputs must not hide"),
    ("h = nan", lambda: backprop_lessons.central_differences(lecture_network(), *lecture_data(), h=float("nan")),
     errors.InvalidValueError, "h must be finite"),
    ("h = 0", lambda: backprop_lessons.central_differences(lecture_network(), *lecture_data(), h=0),
     errors.InvalidValueError, "h must be greater than 0"),
    ("h text", lambda: backprop_lessons.central_differences(lecture_network(), *lecture_data(), h="1e-6"),
     errors.InvalidTypeError, "h must be"),
    ("sigmoid(None)", lambda: backprop_lessons.sigmoid(None), errors.InvalidTypeError, "net must be"),
    ("sigmoid('0.5')", lambda: backprop_lessons.sigmoid("0.5"), errors.InvalidTypeError, "net must be"),
    ("sigmoid(complex)", lambda: backprop_lessons.sigmoid(np.array([1 + 1j])), errors.InvalidTypeError, "net must be"),
    ("sigmoid(huge int)", lambda: backprop_lessons.sigmoid(10**400), errors.InvalidValueError, "net must hold"),
    ("sigmoid(mixed list)", lambda: backprop_lessons.sigmoid([1, "a"]), errors.InvalidTypeError, "net must be"),
    ("Value ** overflow", lambda: backprop_lessons.Value(1e200) ** 2, errors.BackpropLessonsError, ""),
    ("Value parents", lambda: backprop_lessons.Value(1.0, parents=5), errors.InvalidTypeError, "parents"),
    ("exact_digits huge eta", lambda: backprop_lessons.exact_digits(5, 1e300), errors.InvalidValueError, "eta"),
    ("shapes(examples=-1)", lambda: backprop_lessons.shapes(examples=-1), errors.InvalidValueError, "examples"),
    ("format_lines(5)", lambda: backprop_lessons.format_lines(5), errors.InvalidTypeError, "values"),
    ("html_table(None, None)", lambda: backprop_lessons.html_table(None, None), errors.InvalidTypeError, "rows"),
    ("draw_network('lecture')", lambda: backprop_lessons.draw_network("lecture"), errors.InvalidTypeError, "network"),
    ("course_links_markdown(root=5)", lambda: backprop_lessons.course_links_markdown(root=5),
     errors.InvalidTypeError, "root"),
    ("staged_forward({})", lambda: backprop_lessons.staged_forward({}), errors.InvalidValueError, "is missing"),
    ("complex formula", lambda: backprop_lessons.crosscheck_table("2,2,1", "(-1)**x"), errors.InvalidValueError,
     "formula"),
]


@pytest.mark.parametrize("call, error, words", [pytest.param(*row[1:], id=row[0]) for row in QUIET_WRONG])
def test_a_quiet_wrong_answer_is_refused_in_one_line(call, error, words):
    with pytest.raises(error) as caught:
        call()
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_a_flag_that_is_a_bool_still_works():
    assert backprop_lessons.exact_digits(5, update_biases=np.bool_(True))["b1+"]


@pytest.mark.parametrize("text", ["(-1)**x", "(-2)**x + x", "x**(1/3)*(-1)**x"])
def test_a_formula_with_complex_values_is_refused_without_a_warning(text):
    from backprop_lessons.symbolic.formula import activation_from_text
    with pytest.raises(errors.InvalidValueError):
        activation_from_text(text)
    panel = backprop_lessons.formula_panel(text)
    assert panel.summary().startswith("message: formula") and "Warning" not in panel.summary()


@pytest.mark.parametrize("text, name", [
    ("x/(1 + abs(x))  # softsign", "x/(1 + abs(x))"),
    ("x + 1 # $\\frac{", "x + 1"),
    ("x + \\\n 1", "x + 1"),
    ("(x +\n 1)", "(x + 1)"),
    ("x*  2", "x* 2"),
])
def test_an_activation_is_named_from_the_parsed_formula(text, name):
    from backprop_lessons.symbolic.formula import activation_from_text
    assert activation_from_text(text).name == name
    panel = backprop_lessons.formula_panel(text)
    assert panel.error is None and "#" not in panel.views[0].ax.get_title()


REPOSITORY_SPECS = [   # (spec, accepted?)
    ("owner/../main", False), ("./repo/main", False), ("github.com/owner/repo", False), ("o/./main", False),
    ("-owner/repo/main", False), ("owner-/repo/main", False), ("a" * 40 + "/repo/main", False),
    ("owner/" + "r" * 101 + "/main", False), ("owner/repo/a..b", False), ("owner/repo/a b", False),
    ("owner/repo/x.lock", False), ("owner/repo/feature/", False), ("owner/repo/a~1", False), ("owner/repo/@", False),
    ("owner/re po/main", False), ("o'wner/repo/main", False), ("owner/repo/`id`", True),   # git allows it; the link quotes it
    ("backprop-lessons/backprop-lessons/main", True), ("a/re.po_x-1/feature/one", True), ("a" * 39 + "/r/v1.0", True),
]


@pytest.mark.parametrize("spec, accepted", REPOSITORY_SPECS, ids=[s[:40] for s, _ in REPOSITORY_SPECS])
def test_the_repository_spec_is_validated_as_github_names_it(tmp_path, spec, accepted):
    from backprop_lessons.binder import read_repository
    path = tmp_path / "repository.txt"
    path.write_text(spec + "\n")
    if accepted:
        assert read_repository(path).spec.startswith(spec.split("/")[0])
    else:
        with pytest.raises(ValueError, match="repository.txt"):
            read_repository(path)


def test_a_huge_owner_name_is_refused_before_it_is_read_whole(tmp_path):
    from backprop_lessons.binder import read_repository
    path = tmp_path / "repository.txt"
    path.write_text("o" * 10_000_000 + "/repo/main\n")
    with pytest.raises(ValueError, match="larger than"):
        read_repository(path)


@pytest.mark.parametrize("which", ["repository.txt", "notebook", "README.md"])
def test_a_symlink_to_a_device_is_refused_not_read(tmp_path, which):
    from backprop_lessons.binder import notebook_title, read_repository
    update_links = load_script("update_links")
    link = tmp_path / "link"
    link.symlink_to("/dev/zero")
    if which == "repository.txt":
        with pytest.raises(ValueError, match="not a regular file"):
            read_repository(link)
    elif which == "notebook":
        assert notebook_title(link) is None
    else:
        with pytest.raises(ValueError, match="not a regular file"):
            update_links.update_file(link)


def test_a_release_inside_the_repository_is_refused(tmp_path):
    student_release = load_script("student_release")
    root = pathlib.Path(backprop_lessons.__file__).resolve().parent.parent
    for inside in (root / "build" / "release", root, root / "notebooks" / ".." / "x"):
        with pytest.raises(ValueError, match="inside the repository"):
            student_release.write_release(inside)
    assert student_release.outside_repository(tmp_path / "release") == tmp_path / "release"


def test_the_release_folder_reaches_the_script_as_a_name_not_shell_code(tmp_path):
    """`make student-release DIR=...` with quotes, backticks and $(...) in DIR runs none of them:
    DIR passes through the environment (the release itself is refused here: inside the repository)."""
    root = pathlib.Path(backprop_lessons.__file__).resolve().parent.parent
    canary = tmp_path / "ran"
    hostile = f'build/x"y`touch {canary}`$(touch {canary})'
    result = subprocess.run(["make", "-s", "-C", str(root), "student-release", f"DIR={hostile}",
                             f"STAMP={root / 'Makefile'}"], capture_output=True, text=True, timeout=120)
    assert not canary.exists()
    assert result.returncode != 0 and "inside the repository" in result.stderr, result.stderr
    assert 'x"y`touch' in result.stderr
