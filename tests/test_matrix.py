"""The matrix form against the scalar worked round, the three-way cross-check and the general network."""
import numpy as np
import pytest

from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.lecture.example import lecture_data, lecture_network, worked_round
from backprop_lessons.lecture.matrix import (MATRIX_NAMES, batch_gradients, lecture_matrices, matrix_round,
                                             matrix_table, matrix_table_text, shapes)
from backprop_lessons.lecture.published import PRINTED
from backprop_lessons.symbolic.crosscheck import crosscheck


@pytest.mark.parametrize("overrides", [None, {"w5": 0.8, "w7": -1.0, "i1": 0.7}])
def test_every_matrix_entry_equals_its_scalar_name(overrides):
    rows = matrix_table(overrides)
    assert len(rows) == len(MATRIX_NAMES)
    for label, name, matrix, scalar in rows:
        assert matrix == pytest.approx(scalar, rel=1e-13, abs=1e-18), (label, name)


@pytest.mark.parametrize("name", ["dE_total/dw5", "dE_total/dw1"])
def test_matrix_form_gives_the_lectures_printed_gradients(name):
    label = next(label for label, n in MATRIX_NAMES.items() if n == name)
    p = PRINTED[name]
    assert f"{matrix_round().entry(label):.{p.decimals}f}" == p.text


def test_matrix_form_agrees_with_the_three_way_crosscheck():
    check = crosscheck(lecture_network(), *lecture_data())
    r = matrix_round()
    gradients = {"w1": r.dW1[0, 0], "w2": r.dW1[0, 1], "w3": r.dW1[1, 0], "w4": r.dW1[1, 1],
                 "w5": r.dW2[0, 0], "w6": r.dW2[0, 1], "w7": r.dW2[1, 0], "w8": r.dW2[1, 1]}
    assert check.all_agree
    for row in check.rows:
        if row.parameter in gradients:
            assert gradients[row.parameter] == pytest.approx(row.sympy, rel=1e-12)


def test_the_transpose_is_the_sum_over_the_outputs():
    r, w = matrix_round(), worked_round()
    assert r.sum_over_outputs[0, 0] == pytest.approx(w["delta_o1"] * 0.4 + w["delta_o2"] * 0.5, rel=1e-14)


def test_a_batch_sums_like_the_general_network_and_the_mean_divides_by_its_size():
    rng = np.random.default_rng(0)
    x, target = rng.uniform(0, 1, (2, 5)), rng.uniform(0, 1, (2, 5))
    dW1, dW2 = batch_gradients(x, target, "sum")
    network = lecture_network()
    gradients = network.backward(network.forward(x.T), target.T)
    np.testing.assert_allclose(dW1, gradients.weights[0], rtol=1e-12)
    np.testing.assert_allclose(dW2, gradients.weights[1], rtol=1e-12)
    mean1, mean2 = batch_gradients(x, target, "mean")
    np.testing.assert_allclose(mean2, dW2 / 5, rtol=1e-14)
    np.testing.assert_allclose(mean1, dW1 / 5, rtol=1e-14)


def test_shapes_follow_the_batch_size():
    s = shapes(7)
    assert s["W1"] == s["W2"] == s["dW1"] == s["dW2"] == (2, 2)
    assert s["x"] == s["h"] == s["delta_o"] == s["delta_h"] == (2, 7)


def test_lecture_matrices_hold_the_lecture_layout():
    m = lecture_matrices()
    assert m["W2"].tolist() == [[0.4, 0.45], [0.5, 0.55]] and m["x"].shape == (2, 1)


def test_table_text_names_each_entry_and_shows_a_tiny_difference():
    text = matrix_table_text()
    assert "dE/dW2[0,0]" in text and "dE_total/dw5" in text
    assert float(text.rsplit(": ", 1)[1]) < 1e-15


def test_bad_input_is_one_line_naming_the_parameter():
    with pytest.raises(InvalidValueError, match="reduction"):
        batch_gradients(np.ones((2, 1)), np.ones((2, 1)), "median")
    with pytest.raises(InvalidValueError, match="x must have shape"):
        matrix_round(x=np.ones((3, 1)))
    with pytest.raises(InvalidValueError, match="target"):
        matrix_round(x=np.ones((2, 2)), target=np.ones((2, 3)))
