"""What a student reads (issue 11): each panel shows what its notebook taught, each number that differs
from a slide is called out where it is met, the exact round, and student text that speaks to students."""
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

import nbformat
import pytest

from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError, TrainingDivergedError
from backprop_lessons.engine.network import Network
from backprop_lessons.lecture.callouts import TYPO, callout, printed_outputs_error, rounding, two_runs
from backprop_lessons.lecture.errata import comparison, computed_figures, lecture_training
from fractions import Fraction

from backprop_lessons.lecture.exact import MAX_DIGITS, exact, exact_digits
from backprop_lessons.lecture.example import LECTURE_ETA, LECTURE_ROUNDS, lecture_data, lecture_network, worked_round
from backprop_lessons.lecture.lessons import LESSONS, lesson
from backprop_lessons.lecture.published import PRINTED
from backprop_lessons.panels.round import round_panel
from backprop_lessons.panels.training import learning_rate_panel

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def notebook(number: int):
    return nbformat.read(next(NOTEBOOKS.glob(f"{number:02d}-*.ipynb")), as_version=4)


def sources(number: int, kind: str) -> list[str]:
    return [c.source for c in notebook(number).cells if c.cell_type == kind]


def outputs(cell) -> str:
    """Everything a code cell shows as text: streams, and text/markdown or text/plain results."""
    parts = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            parts.append(o.text)
        elif "data" in o:
            parts.append(o.data.get("text/markdown") or o.data.get("text/plain", ""))
    return "\n".join(parts)


def steps_of(sections, update_biases=False) -> list[str]:
    return [s.name for s in worked_round(update_biases=update_biases).steps if s.section in sections]


# ---------------------------------------------------------------- item 1 and 12: one panel per lesson
def test_every_lesson_section_is_a_section_of_the_round_and_every_taught_section_has_a_lesson():
    sections = list(dict.fromkeys(s.section for s in worked_round(update_biases=True).steps))
    taught = [name for lesson_ in LESSONS.values() for name in lesson_.sections]
    assert set(taught) <= set(sections)
    untaught = set(sections) - set(taught)
    assert untaught == {"Forward pass – hidden layer (after the update)", "Forward pass – output layer (after the update)"}


@pytest.mark.parametrize("number", sorted(LESSONS))
def test_each_notebook_shows_steps_of_exactly_its_lessons_sections(number):
    code = "\n".join(sources(number, "code"))
    assert f"round_panel(lesson={number})" in code
    shown = set(re.findall(r'"([^"]+)"', " ".join(re.findall(r"show_steps\((.*)\)$", code, re.M))))
    assert shown == set(LESSONS[number].sections)


@pytest.mark.parametrize("number", sorted(LESSONS))
def test_each_panel_lists_exactly_its_lessons_steps(number):
    panel = round_panel(lesson=number)
    if "update_biases" in panel.controls:
        panel.set(update_biases=True)
    expected = steps_of(LESSONS[number].sections, update_biases=lesson(number).biases)
    names = [line.split(" = ")[0] for line in panel.summary().splitlines() if not line.startswith("eta")]
    assert names == expected
    titles = re.findall(r"<td colspan=3[^>]*><b>([^<]+)</b>", panel.numbers.value)
    assert set(titles) == set(LESSONS[number].sections)


@pytest.mark.parametrize("number", sorted(LESSONS))
def test_the_committed_panel_check_prints_exactly_its_lessons_steps(number):
    cells = [c for c in notebook(number).cells if c.cell_type == "code"]
    check = next(c for c in cells if "print(panel.summary())" in c.source)
    lines = outputs(check).strip().splitlines()
    names = [line.split(" = ")[0] for line in lines if not line.startswith("eta")]
    assert names == steps_of(LESSONS[number].sections)


def test_the_output_layer_panel_no_longer_matches_the_hidden_delta_rule_by_prefix():
    summary = round_panel(lesson=3).summary()
    assert "delta_o1 = " in summary and "w5+ = " in summary
    assert "delta_h1" not in summary and "dE_total/dw2" not in summary


@pytest.mark.parametrize("number, eta, biases", [(1, False, False), (2, False, False), (3, True, False), (4, True, True)])
def test_a_panel_shows_eta_and_the_biases_only_once_taught(number, eta, biases):
    panel = round_panel(lesson=number)
    assert ("eta" in panel.controls, "update_biases" in panel.controls) == (eta, biases)
    summary = panel.summary()
    assert ("eta = " in summary, "update_biases" in summary) == (eta, biases)
    assert ("E_total+" in summary) == (number == 4)


@pytest.mark.parametrize("bad", [0, 5, 2.0, "3", True])
def test_a_lesson_that_does_not_exist_is_a_one_line_error(bad):
    with pytest.raises((InvalidValueError, InvalidTypeError), match="lesson"):
        round_panel(lesson=bad)


# ---------------------------------------------------------------- item 9: exact arithmetic
def test_sixty_digits_extend_thirty():
    thirty, sixty = exact_digits(30), exact_digits(60)
    with localcontext() as context:
        context.prec = 100
        for name, text in thirty.items():
            assert Decimal(sixty[name]).quantize(Decimal(text)) == Decimal(text), name


def test_the_exact_round_agrees_with_the_float_round_to_float_precision():
    floats = worked_round().values()
    for name, text in exact_digits(30).items():
        assert float(text) == pytest.approx(floats[name], rel=2e-15, abs=1e-300), name


def test_the_exact_round_starts_from_the_decimals_not_the_floats():
    digits = exact_digits(30)
    assert digits["net_h1"] == "0." + "3775".ljust(30, "0")        # 151/400 exactly; the float is not
    assert digits["dnet_h1/dw1"] == "0.05" + "0" * 29
    assert exact(0.05) == Fraction(1, 20) and exact(0.15) * exact(0.05) == Fraction(3, 400)
    assert len(digits["dE_o2/dout_h1"].lstrip("-0.")) == 30


@pytest.mark.parametrize("bad, error", [(0, InvalidValueError), (MAX_DIGITS + 1, InvalidValueError),
                                        (2.5, InvalidTypeError), ("30", InvalidTypeError)])
def test_digits_out_of_range_name_digits(bad, error):
    with pytest.raises(error, match="digits"):
        exact_digits(bad)


def test_cli_example_digits_prints_the_exact_round(capsys):
    from backprop_lessons.cli import main
    assert main(["example", "--digits", "30"]) == 0
    out = capsys.readouterr().out
    assert f"dE_o2/dout_h1    = {exact_digits(30)['dE_o2/dout_h1']}" in out
    assert "== Training" not in out


@pytest.mark.parametrize("value", ["0", "101", "thirty", "2.5"])
def test_cli_digits_errors_are_one_line_naming_digits(capsys, value):
    from backprop_lessons.cli import main
    with pytest.raises(SystemExit) as exit_:
        main(["example", "--digits", value])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and len(err.strip().splitlines()) == 1 and "--digits" in err


# ---------------------------------------------------------------- items 7 and 8: callouts, two runs
DIFFERING = sorted(name for name, _, _, verdict in comparison() if verdict != "as printed")


@pytest.mark.parametrize("name", DIFFERING)
def test_a_callout_reads_the_printed_figure_and_computes_the_other(name):
    text = callout(name)
    printed = PRINTED[name]
    number = next(v for n, _, _, v in comparison() if n == name).split()[-1]
    assert f"The slide prints {printed.text}" in text
    assert f"{computed_figures()[name]:.{printed.decimals}f}" in text
    assert f"Erratum {number} in" in text


def test_every_differing_figure_is_called_out_where_the_student_meets_it():
    called = set()
    for number in (4, 5, 6):
        for cell in notebook(number).cells:
            if cell.cell_type == "code" and cell.source.startswith("callout("):
                names = re.findall(r'"([^"]+)"', cell.source)
                called |= {(name, number) for name in names}
                assert outputs(cell).count("**The") == len(names)
    assert {name for name, _ in called} == set(DIFFERING) | {TYPO}
    assert {("dE_o2/dout_h1", 4), (TYPO, 4), ("E_total after 1 round", 4), ("dE_o2/dout_h1", 6)} <= called
    assert {(name, 5) for name in DIFFERING if "rounds" in name} <= called


def test_a_callout_for_an_unknown_name_is_an_error():
    with pytest.raises(InvalidValueError, match="name"):
        callout("w9")


def test_errata_3_and_4_come_from_two_runs():
    n = LECTURE_ROUNDS
    error, o1, o2 = (PRINTED[k] for k in ("E_total after 10,000 rounds", "out_o1 after 10,000 rounds",
                                          "out_o2 after 10,000 rounds"))
    correct, _ = lecture_training("correct", n)
    published, outs = lecture_training("as_published", n)
    assert f"{correct[n - 1]:.{error.decimals}f}" == error.text
    assert (f"{outs[0]:.{o1.decimals}f}", f"{outs[1]:.{o2.decimals}f}") == (o1.text, o2.text)
    own = f"{printed_outputs_error():.{error.decimals}f}"
    assert own != error.text and own == f"{published[n]:.{error.decimals}f}"
    assert own in two_runs() and f"{n - 1:,} updates" in two_runs()


def test_the_rounding_erratum_in_exact_arithmetic():
    table, printed = rounding(30), PRINTED["dE_o2/dout_h1"].text
    exact = Decimal(exact_digits(30)["dE_o2/dout_h1"])
    assert str(exact.quantize(Decimal("1e-9"))) != printed
    tie = Decimal(exact_digits(30)["delta_o2"]).quantize(Decimal("1e-9")) * Decimal("0.5")
    assert str(tie.quantize(Decimal("1e-9"), rounding=ROUND_HALF_UP)) == printed
    assert str(exact) in table and str(tie) in table and printed in table


# ---------------------------------------------------------------- items 4, 10, 11: what the notebooks teach
def test_the_sigmoid_network_survives_the_largest_eta_and_the_identity_network_diverges():
    slider = learning_rate_panel(rounds=10).controls["eta"]
    largest = slider.base ** slider.max
    history = lecture_network().train(*lecture_data(), LECTURE_ROUNDS, largest)
    assert history.losses[-1] < history.losses[0] < 1
    base = lecture_network()
    with pytest.raises(TrainingDivergedError, match="diverged"):
        Network(base.weights, base.biases, activations="identity").train(*lecture_data(), LECTURE_ROUNDS, largest)


def test_notebook_5_bounds_the_error_counts_the_rises_and_shows_the_divergence_message():
    text = "\n".join(sources(5, "markdown"))
    assert "E_{total} = E_{o1} + E_{o2} < 1" in text and "sigma'" not in text
    shown = "\n".join(outputs(c) for c in notebook(5).cells if c.cell_type == "code")
    assert re.search(r"E_\{total\}\$ rose in 0 rounds", shown)
    assert re.search(r"from 0\.\d{9} up to 0\.\d{9}: a step too large", shown)
    assert "training diverged at round" in shown


def test_notebook_3_derives_the_minus_sign_and_the_logistic_slope():
    text = "\n".join(sources(3, "markdown"))
    assert r"(target_{o1} - out_{o1})^{1} \cdot (-1) + 0 = -(target_{o1} - out_{o1})" in text
    assert r"= \sigma(x)\,\big(1 - \sigma(x)\big)" in text


def test_notebook_3_says_the_step_is_eta_times_the_gradient_computed():
    cell = next(c for c in notebook(3).cells if c.cell_type == "code" and "step = LECTURE_ETA" in c.source)
    assert f"= {LECTURE_ETA * worked_round()['dE_total/dw5']:.9f}$" in outputs(cell)


def test_notebook_8_derives_the_cross_entropy_delta_before_asking_about_it():
    cells = notebook(8).cells
    derived = next(i for i, c in enumerate(cells) if c.cell_type == "code" and "sp.diff(E, net)" in c.source)
    assert outputs(cells[derived]).strip().endswith("simplifies to 0")
    questions = next(i for i, c in enumerate(cells) if c.source.startswith("## Questions"))
    assert derived < questions


# ---------------------------------------------------------------- items 11, 13, 14: the words
ALL = range(0, 9)


@pytest.mark.parametrize("number", ALL)
def test_student_text_says_nothing_about_the_test_suite(number):
    for text in sources(number, "markdown"):
        assert not re.search(r"\btests?\b|nbval|test suite", text, re.I), text


@pytest.mark.parametrize("number", ALL)
def test_eta_is_never_called_the_size_of_the_step(number):
    for text in sources(number, "markdown"):
        assert not re.search(r"step of size|size of (every|each|the) step", text, re.I), text


def test_the_toy_data_sets_are_called_generated_toys():
    text = "\n".join(sources(8, "markdown"))
    assert "real data" not in text and "generated toy data sets" in text


def test_notebook_1_asks_for_all_the_weights_not_a_single_one():
    text = "\n".join(sources(1, "markdown"))
    assert "single weight" not in text and "Name all of them" in text


def test_the_index_states_the_notation_once():
    text = "\n".join(sources(0, "markdown"))
    for written in ("`dE_total/dw5`", "`delta_o1`", r"\delta_{o1} = \frac{\partial E_{total}}{\partial net_{o1}}",
                    r"-(target_{o1} - out_{o1})", r"\eta \cdot \partial E_{total}/\partial w_5"):
        assert written in text
    assert "## Notation" in text
