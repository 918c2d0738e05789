"""The lecture's printed figures against the worked round computed by the package."""
import numpy as np
import pytest

from backprop_lessons.lecture.example import LECTURE_VALUES, lecture_data, lecture_network, worked_round
from backprop_lessons.engine.network import Network
from backprop_lessons.lecture.published import FIRST_ROUND, PRINTED, TRAINING
from backprop_lessons.engine.errors import InvalidValueError

ROUNDING_ERRATUM = "dE_o2/dout_h1"   # the lecture worked from a rounded delta_o2 (errata.py)


def rounded(value: float, printed) -> str:
    return f"{value:.{printed.decimals}f}"


def test_the_lecture_prints_26_first_round_and_4_training_figures():
    assert len(FIRST_ROUND) == 26 and len(TRAINING) == 4 and len(PRINTED) == 30


@pytest.mark.parametrize("printed", [p for p in FIRST_ROUND if p.name != ROUNDING_ERRATUM], ids=lambda p: p.name)
def test_first_round_figure_rounds_to_the_printed_text(printed):
    assert rounded(worked_round()[printed.name], printed) == printed.text


def test_the_rounding_erratum_is_one_in_the_last_digit_and_only_that():
    printed = PRINTED[ROUNDING_ERRATUM]
    value = worked_round()[printed.name]
    assert rounded(value, printed) != printed.text
    assert abs(value - float(printed.text)) <= 10 ** -printed.decimals


def test_worked_round_agrees_with_the_general_network():
    worked = worked_round()
    network = lecture_network()
    inputs, targets = lecture_data()
    forward = network.forward(inputs)
    gradients = network.backward(forward, targets)
    np.testing.assert_allclose(forward.nets[0][0], [worked["net_h1"], worked["net_h2"]], rtol=1e-15)
    np.testing.assert_allclose(forward.outs[2][0], [worked["out_o1"], worked["out_o2"]], rtol=1e-15)
    np.testing.assert_allclose(gradients.deltas[1][0], [worked["delta_o1"], worked["delta_o2"]], rtol=1e-14)
    np.testing.assert_allclose(gradients.deltas[0][0], [worked["delta_h1"], worked["delta_h2"]], rtol=1e-14)
    expected = [[worked["dE_total/dw1"], worked["dE_total/dw2"]], [worked["dE_total/dw3"], worked["dE_total/dw4"]]]
    np.testing.assert_allclose(gradients.weights[0], expected, rtol=1e-13)
    expected = [[worked["dE_total/dw5"], worked["dE_total/dw6"]], [worked["dE_total/dw7"], worked["dE_total/dw8"]]]
    np.testing.assert_allclose(gradients.weights[1], expected, rtol=1e-13)
    network.step(inputs, targets, 0.5)
    np.testing.assert_allclose(network.weights[1].ravel(), [worked[f"w{k}+"] for k in (5, 6, 7, 8)], rtol=1e-15)
    assert network.error(inputs, targets) == pytest.approx(worked["E_total+"], rel=1e-14)


def test_worked_round_with_bias_updates_matches_the_network():
    worked = worked_round(update_biases=True)
    network = lecture_network()
    network.step(*lecture_data(), 0.5, update_biases=True)
    assert network.biases[0][0] == pytest.approx(worked["b1+"], rel=1e-14)
    assert network.biases[1][0] == pytest.approx(worked["b2+"], rel=1e-14)
    assert network.error(*lecture_data()) == pytest.approx(worked["E_total+"], rel=1e-14)


def test_overrides_change_the_round_and_unknown_names_are_refused():
    assert worked_round({"w5": 0.3})["net_o1"] != worked_round()["net_o1"]
    assert worked_round({"i1": 0.0})["dE_total/dw1"] == 0.0
    with pytest.raises(InvalidValueError, match="w9"):
        worked_round({"w9": 1.0})
    with pytest.raises(InvalidValueError, match="eta"):
        worked_round(eta=0)
    with pytest.raises(InvalidValueError, match="name must be a quantity"):
        worked_round()["out_h3"]


def test_steps_have_latex_in_the_lectures_notation():
    latex = {step.name: step.latex for step in worked_round().steps}
    assert latex["dE_total/dw5"].startswith(r"\frac{\partial E_{total}}{\partial w_{5}} = ")
    assert latex["out_h1"].startswith(r"out_{h1} = \frac{1}{1 + e^{-net_{h1}}}")


def test_the_lecture_values_are_inputs_not_results():
    # The starting point may be typed in; nothing printed as a result is among it.
    results = {p.text for p in PRINTED.values()}
    assert not any(f"{v}" in results for v in LECTURE_VALUES.values())
