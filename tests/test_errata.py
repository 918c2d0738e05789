"""Each erratum: the printed figure from its reproducing configuration, the right one from the
correct algorithm, both checked against an independent implementation (independent.py)."""
import ast
import pathlib

import pytest

import backprop_lessons
from backprop_lessons.lecture.errata import bias_update_error, comparison, errata, rounded_dE_o2_dout_h1, slide_layout_round
from backprop_lessons.lecture.published import PRINTED
from backprop_lessons.lecture.example import worked_round

from . import independent


@pytest.fixture(scope="module")
def runs():
    return {"correct": independent.train(10_000), "as_published": independent.train(10_000, as_published=True)}


def prints_as(value: float, name: str) -> bool:
    printed = PRINTED[name]
    return f"{value:.{printed.decimals}f}" == printed.text


def rows(title_start: str):
    (erratum,) = [e for e in errata() if e.title.startswith(title_start)]
    return {row.role: row.value for row in erratum.rows if row.role != "correct"}, \
        [row.value for row in erratum.rows if row.role == "correct"]


def test_first_round_error(runs):
    other, (correct,) = rows("The error after the first round")
    assert correct == pytest.approx(runs["correct"][1][1], rel=1e-13)
    assert other["reproduces the print"] == pytest.approx(runs["as_published"][1][1], rel=1e-13)
    assert prints_as(other["reproduces the print"], "E_total after 1 round")
    assert not prints_as(correct, "E_total after 1 round")
    assert f"{correct:.9f}" == "0.291027774"


def test_error_after_10000_rounds(runs):
    other, (correct,) = rows("The error after 10,000 rounds")
    assert correct == pytest.approx(runs["correct"][1][10_000], rel=1e-9)
    assert other["reproduces the print"] == pytest.approx(runs["correct"][1][9_999], rel=1e-9)
    assert prints_as(other["reproduces the print"], "E_total after 10,000 rounds")
    assert not prints_as(correct, "E_total after 10,000 rounds")
    assert f"{correct:.10f}" == "0.0000351019"


def test_outputs_after_10000_rounds(runs):
    other, correct = rows("The outputs after 10,000 rounds")
    o1, o2 = independent.forward(runs["as_published"][0])[2:4]
    assert prints_as(o1, "out_o1 after 10,000 rounds") and prints_as(o2, "out_o2 after 10,000 rounds")
    (erratum,) = [e for e in errata() if e.title.startswith("The outputs")]
    reproduced = [r.value for r in erratum.rows if r.role == "reproduces the print"]
    assert reproduced == pytest.approx([o1, o2], rel=1e-9)
    c1, c2 = independent.forward(runs["correct"][0])[2:4]
    assert correct == pytest.approx([c1, c2], rel=1e-9)
    assert [f"{v:.9f}" for v in correct] == ["0.015913620", "0.984064274"]


def test_the_hidden_slide_formula_is_a_typo():
    slide = slide_layout_round()
    h1_slide = independent.forward(independent.START, w3_joins_i2_to_h1=True)
    assert slide["net_h1"] == pytest.approx(0.15 * 0.05 + 0.25 * 0.10 + 0.35)
    assert independent.logistic(slide["net_h1"]) == pytest.approx(h1_slide[0])
    assert not prints_as(slide["net_h1"], "net_h1") and not prints_as(slide["w2+"], "w2+")
    assert prints_as(worked_round()["net_h1"], "net_h1") and prints_as(worked_round()["w2+"], "w2+")


def test_rounding_erratum():
    exact = worked_round()["dE_o2/dout_h1"]
    h1, h2, o1, o2, _ = independent.forward(independent.START)
    independent_exact = (o2 - 0.99) * o2 * (1 - o2) * 0.5
    assert exact == pytest.approx(independent_exact, rel=1e-13)
    assert f"{exact:.10f}" == "-0.0190491183"
    assert prints_as(rounded_dE_o2_dout_h1(), "dE_o2/dout_h1")
    assert not prints_as(exact, "dE_o2/dout_h1")


def test_bias_updates_bring_the_error_to_4_3553e_minus_6():
    independent_error = independent.train(10_000, update_biases=True)[1][-1]
    assert bias_update_error() == pytest.approx(independent_error, rel=1e-9)
    assert f"{bias_update_error():.4e}" == "4.3553e-06"


def test_no_computation_reads_the_published_figures():
    """lecture/published.py is read only by lecture/errata.py, lecture/callouts.py and cli.py, to show it
    beside computed values; the one computation with printed figures is callouts.printed_outputs_error
    (what the printed outputs imply, erratum 4)."""
    package = pathlib.Path(backprop_lessons.__file__).parent
    readers = set()
    for module in package.rglob("*.py"):
        tree = ast.parse(module.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("published"):
                readers.add(module.relative_to(package).as_posix())
    assert readers <= {"lecture/errata.py", "lecture/callouts.py", "cli.py"}, readers
    callouts = ast.parse((package / "lecture/callouts.py").read_text())
    computing = {f.name for f in ast.walk(callouts) if isinstance(f, ast.FunctionDef)
                 for call in ast.walk(f) if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "float"
                 and any(getattr(n, "id", "") == "PRINTED" for n in ast.walk(call))}
    assert computing == {"printed_outputs_error"}, computing
    for reader in readers - {"lecture/callouts.py"}:   # every use is the printed text of a named figure, for display
        uses = (package / reader).read_text().split("PRINTED")[1:]
        assert all(use.startswith(("\n", "[name].text", "[printed_name]", ":", ".items()")) for use in uses), reader


def test_comparison_lists_all_30_and_names_the_erratum_of_each_difference():
    rows = comparison()
    assert len(rows) == 30
    differing = {name: verdict for name, _, _, verdict in rows if verdict != "as printed"}
    assert differing == {"dE_o2/dout_h1": "differs: erratum 5", "E_total after 1 round": "differs: erratum 2",
                         "E_total after 10,000 rounds": "differs: erratum 3",
                         "out_o1 after 10,000 rounds": "differs: erratum 4",
                         "out_o2 after 10,000 rounds": "differs: erratum 4"}
    assert ("out_o1 after 10,000 rounds", "0.015912196", "0.015913620", "differs: erratum 4") in rows
