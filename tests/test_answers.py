"""The lecturer's edition (scripts/answers.py -> docs/answers.md): every question of notebooks 1-17 has an
answer, the page is current, no answer reaches the student release, and each numeric claim holds when
the case it describes is rebuilt here with tests/independent.py (plain floats, no package code).
"""
from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from backprop_lessons import crosscheck, staged_backward
from backprop_lessons.symbolic.crosscheck import random_case

from . import independent
from .scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
answers = load_script("answers")
early, late = answers.answers_early, answers.answers_late


def test_every_question_has_an_answer_and_every_answer_a_question():
    table = answers.answer_functions()
    notebooks = answers.lecture_notebooks()
    assert [p.name[:2] for p in notebooks] == [f"{k:02d}" for k in range(1, 18)]
    for path in notebooks:
        asked = answers.questions(path)
        assert len(asked) >= 3 and all(len(text) > 20 for text in asked.values()), path.name
        assert set(asked) == set(table[path.name[:2]]), path.name


def test_questions_are_read_as_the_student_sees_them(tmp_path):
    import nbformat
    cells = [nbformat.v4.new_markdown_cell("# 1 · T"),
             nbformat.v4.new_markdown_cell("Some text.\n\n**Question.** Why is the sky\nblue?"),
             nbformat.v4.new_markdown_cell("## Questions\n\n1. First?\n2. Second,\n   on two lines?")]
    path = tmp_path / "01-x.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    assert answers.questions(path) == {"Question": "Why is the sky blue?", "1": "First?", "2": "Second, on two lines?"}


def test_the_committed_page_is_what_the_code_gives():
    assert answers.main(["--check"]) == 0, "run: .venv/bin/python scripts/answers.py"


def test_no_answer_reaches_the_student_release():
    release = load_script("student_release")
    kept = release.selected(release.tracked())
    assert not [p for p in kept if p.startswith(("scripts/", "docs/"))]
    released = "\n".join((ROOT / p).read_text(errors="ignore") for p in kept if p.endswith((".py", ".ipynb", ".md")))
    given = [line[2:62] for line in (ROOT / "docs" / "answers.md").read_text().splitlines() if line.startswith("> ")]
    assert len(given) >= 33
    assert [a for a in given if a in released] == []


def gradient(p: dict, name: str) -> float:
    """dE_total/d(name) from the independent round: (before - after) / eta."""
    return (p[name] - independent.one_round(p, eta=1.0)[name]) / 1.0


def test_nb1_q3_and_nb2_q3_the_weights_that_reach_the_targets_give_zero_error():
    h1, h2, *_ = independent.forward(independent.START)
    w56 = (math.log(0.01 / 0.99) - 0.6) / (h1 + h2)
    w78 = (math.log(0.99 / 0.01) - 0.6) / (h1 + h2)
    error = independent.forward(independent.START | {"w5": w56, "w6": w56, "w7": w78, "w8": w78})[4]
    assert error < 1e-30
    text = early.nb2_q3()
    assert f"{w56:.6f}" in text and f"{w78:.6f}" in text and "exactly 0" in text
    out_o1 = independent.forward(independent.START | {"w5": -2.0, "w6": -2.0})[2]
    assert f"{out_o1:.6f}" in early.nb1_q3() and f"{w56:.6f}" in early.nb1_q3()


def test_nb3_q3_a_large_eta_with_biases_raises_the_error_in_the_first_round():
    eta = 10 ** 1.5
    before = independent.forward(independent.START)[4]
    after = independent.forward(independent.one_round(independent.START, eta=eta, update_biases=True))[4]
    assert after > before
    assert f"({before:.6f} to {after:.6f})" in early.nb3_q3()


def test_nb4_q3_and_nb5_q1_rebuilt():
    published = independent.forward(independent.one_round(independent.START, as_published=True))[4]
    assert f"{published:.9f}" in early.nb4_q3()
    _, errors = independent.train(300)
    k = next(k for k, e in enumerate(errors) if e < 0.01)
    assert early.nb5_q1().startswith(f"After {k} rounds")


def test_nb6_q2_abs_cross_checks_because_no_net_input_is_at_zero():
    network, inputs, targets = random_case([2, 3, 1], "abs(x)", "squared", seed=0)
    assert crosscheck(network, inputs, targets).verdict().startswith("all 13 parameters agree")
    assert min(abs(x) for net in network.forward(inputs).nets for x in net.ravel()) > 1e-3
    assert late.nb6_q2().startswith("It agrees")


def test_nb7_q2_the_lectures_rounding_is_a_tie():
    _, _, _, o2, _ = independent.forward(independent.START)
    delta_o2 = Decimal(repr((o2 - independent.T2) * o2 * (1 - o2))).quantize(Decimal("1e-9"))
    product = delta_o2 * Decimal("0.5")
    away = product.quantize(Decimal("1e-9"), rounding=ROUND_HALF_UP)
    even = product.quantize(Decimal("1e-9"), rounding=ROUND_HALF_EVEN)
    assert away != even and f"away from zero it rounds to {away}" in late.nb7_q2() and f"even digit {even}" in late.nb7_q2()


def test_nb7_q3_the_round_where_the_orders_differ_most():
    _, right = independent.train(200)
    _, published = independent.train(200, as_published=True)
    gaps = [b - a for a, b in zip(right, published)]
    k = max(range(len(gaps)), key=lambda i: abs(gaps[i]))
    assert k < 200 and late.nb7_q3().startswith(f"Round {k:,}:")


def test_nb9_q3_the_means_eta_for_a_batch_of_four():
    assert late.nb9_q3().startswith(f"$\\eta = {0.5 * 4:g}$")


def test_nb10_q1_names_every_gradient_added_to_twice():
    import inspect
    lines = re.findall(r'g\["(\w+)"\] \+=', inspect.getsource(staged_backward))
    twice = {name for name in lines if lines.count(name) > 1}
    assert twice == {"out_h1", "out_h2", "b1", "b2"}
    assert all(f"`g['{name}']`" in late.nb10_q1() for name in twice)


def test_nb10_q3_gradients_kept_between_rounds():
    p, kept, weights = dict(independent.START), {}, [f"w{k}" for k in range(1, 9)]
    for _ in range(10):
        fresh = {w: gradient(p, w) for w in weights}
        kept = {w: kept.get(w, 0.0) + fresh[w] for w in weights}
        p = p | {w: p[w] - 0.5 * kept[w] for w in weights}
    assert f"gives {kept['w5']:.6f}" in late.nb10_q3()


def test_nb11_q3_the_gradient_grows_about_19_7_times_not_20(monkeypatch):
    before = gradient(independent.START, "w1")
    monkeypatch.setattr(independent, "I1", 1.0)
    after = gradient(independent.START, "w1")
    assert after / before == pytest.approx(19.72, abs=0.005)
    assert f"{after / before:.2f} times as large: not exactly 20 times" in late.nb11_q3()


def test_teaching_doc_counts_the_homework_files_and_written_answers():
    import nbformat
    sources = sorted((ROOT / "notebooks" / "homework" / "source").glob("*.ipynb"))
    written = [p.name[:3] for p in sources for c in nbformat.read(p, as_version=4).cells
               if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution")]
    words = {3: "three", 4: "four"}
    text = " ".join((ROOT / "docs" / "teaching.md").read_text().split())
    assert f"holding the {words[len(sources)]} files of" in text
    assert f"written answers ({words[len(written)]} questions, one each in homework 2, 3 and 4)" in text
    assert written == ["hw2", "hw3", "hw4"]


def test_the_error_surface_star_is_the_exact_point_where_e_total_is_zero():
    """Notebook 2's figure: the lowest point over w5, w7 is where both outputs reach their targets (polish of issue 26)."""
    from backprop_lessons import plot_error_surface
    h1, h2, *_ = independent.forward(independent.START)
    p = independent.START
    w5 = (math.log(0.01 / 0.99) - p["w6"] * h2 - p["b2"]) / h1
    w7 = (math.log(0.99 / 0.01) - p["w8"] * h2 - p["b2"]) / h1
    figure = plot_error_surface("w5", "w7")
    assert figure.lowest.point == pytest.approx([w5, w7], abs=1e-6) and figure.lowest.value < 1e-15
    assert "E_total = 0 there, both outputs on their targets" in figure.description()
