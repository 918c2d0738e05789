"""The three-way gradient check: SymPy == backprop == finite differences, and what it catches."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from backprop_lessons.engine.activations import RELU, SIGMOID, TANH
from backprop_lessons.engine.agreement import AGREE, relative_error
from backprop_lessons.symbolic.crosscheck import (CrossCheck, GradientRow, case_description, crosscheck, crosscheck_table,
                                         finite_differences, random_case)
from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.lecture.example import lecture_data, lecture_network
from backprop_lessons.engine.losses import SQUARED
from backprop_lessons.engine.network import Network

ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")
LOSSES = ("squared", "binary_cross_entropy", "softmax_cross_entropy")


def test_relative_error_is_cs231n_s():
    assert relative_error(1.0, 1.1) == pytest.approx(0.1 / 1.1)
    assert relative_error(-2.0, 2.0) == 2.0
    assert relative_error(0.0, 0.0) == 0.0                      # both zero agree
    assert relative_error(1e-12, 2e-12, floor=1.0) == pytest.approx(1e-12)
    assert relative_error(float("nan"), 1.0) == float("inf")


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("shared_bias", [False, True])
def test_crosscheck_agrees_on_small_networks(activation, loss, shared_bias):
    for sizes, seed in (("2,2,2", 0), ("3,4,2", 1)):
        check = crosscheck_table(sizes, activation, loss, shared_bias=shared_bias, seed=seed)
        assert check.all_agree, check.table()


@pytest.mark.parametrize("activation, loss, shared_bias", [
    ("sigmoid", "squared", False), ("tanh", "binary_cross_entropy", True),
    ("relu", "softmax_cross_entropy", False), ("identity", "squared", True),
])
def test_crosscheck_agrees_on_4_8_8_3(activation, loss, shared_bias):
    check = crosscheck_table([4, 8, 8, 3], activation, loss, shared_bias=shared_bias, seed=2, examples=4)
    assert len(check.rows) == (4 * 8 + 8 * 8 + 8 * 3) + (3 if shared_bias else 19)
    assert check.all_agree, check.table()


def test_crosscheck_of_the_lecture():
    check = crosscheck(lecture_network(), *lecture_data())
    assert check.all_agree
    assert [row.parameter for row in check.rows] == [f"w{n}" for n in range(1, 9)] + ["b1", "b2"]
    assert all(row.status == "agrees" for row in check.rows)


def test_a_wrong_hand_derivative_is_caught():
    wrong = dataclasses.replace(SIGMOID, derivative=lambda net, out: out * (1 + out))   # not out(1 - out)
    network = lecture_network()
    network.activations = [SIGMOID, wrong]          # only the output layer's derivative is wrong
    check = crosscheck(network, *lecture_data())
    assert not check.all_agree
    assert "w5" in check.disagreeing and "b2" in check.disagreeing
    assert "disagree: w1" in check.table()
    assert SIGMOID.derivative(np.array(0.0), np.array(0.5)) == 0.25   # the registry is untouched


def test_a_wrong_derivative_in_a_hidden_layer_is_caught():
    network, inputs, targets = random_case("3,4,2", "tanh", "squared", seed=0)
    wrong = dataclasses.replace(TANH, derivative=lambda net, out: 1 - out)
    network.activations = [wrong, TANH]
    check = crosscheck(network, inputs, targets)
    assert not check.all_agree
    assert set(check.disagreeing) >= {"w_1_1_1", "b_1_1"}     # hidden parameters only
    assert not any(name.startswith("w_2") for name in check.disagreeing)


def test_a_wrong_loss_gradient_is_caught():
    network = lecture_network()
    network.loss = dataclasses.replace(SQUARED, gradient=lambda out, target: target - out)   # sign
    assert not crosscheck(network, *lecture_data()).all_agree


def test_a_relu_kink_is_reported_not_failed():
    # net_h1 = 1*1 + (-1 + 1e-9) is 1e-9 from ReLU's kink: p +- h crosses it for w1 and b1.
    network = Network([[[1.0]], [[1.0]]], [[-1 + 1e-9], [0.0]], [RELU, "identity"], "squared")
    check = crosscheck(network, [[1.0]], [[0.5]])
    status = {row.parameter: row.status for row in check.rows}
    assert status == {"w_1_1_1": "kink", "b_1": "kink", "w_2_1_1": "agrees", "b_2": "agrees"}
    assert check.all_agree
    assert "at a kink" in check.table()


def test_a_net_input_exactly_on_a_kink_is_reported_not_failed():
    # net_h1 = 0: SymPy's Heaviside(0) = 1/2, backprop's ReLU slope 0.
    network = Network([[[1.0]], [[1.0]]], [[-1.0], [0.0]], [RELU, "identity"], "squared")
    check = crosscheck(network, [[1.0]], [[0.5]])
    assert check.all_agree
    assert {row.status for row in check.rows} <= {"agrees", "kink"}


def test_finite_differences_shapes_and_resolution():
    network, inputs, targets = random_case("2,3,2", "tanh", "squared", seed=0)
    fd = finite_differences(network, inputs, targets)
    assert fd.gradient.shape == fd.resolution.shape == fd.kinks.shape == (17,)
    assert np.all(fd.resolution > 0) and not fd.kinks.any()
    assert np.array_equal(network.weights[0], random_case("2,3,2", "tanh", "squared", seed=0)[0].weights[0])


def test_to_json_and_table():
    check = crosscheck_table("2,2,2", "tanh", "squared", seed=0)
    data = json.loads(check.to_json())
    assert data["all_agree"] is True and data["threshold"] == AGREE
    assert [row["parameter"] for row in data["rows"]] == [row.parameter for row in check.rows]
    assert {row["status"] for row in data["rows"]} == {"agrees"}
    table = check.table()
    assert table.splitlines()[0] == check.description
    assert all(row.parameter in table for row in check.rows)
    assert table.splitlines()[-1] == f"all {len(check.rows)} parameters agree (relative error < 1e-07)"


def test_json_of_a_failed_check_is_valid():
    row = GradientRow("w1", 1.0, float("nan"), 1.0, float("inf"), 0.0, False)
    data = json.loads(CrossCheck((row,), "one row").to_json())
    assert data["all_agree"] is False and data["rows"][0]["backprop"] is None
    assert data["rows"][0]["status"] == "disagrees"


def test_random_case_picks_output_layers_and_targets():
    network, inputs, targets = random_case("2,3,4", "relu", "softmax_cross_entropy", seed=1, examples=5)
    assert [a.name for a in network.activations] == ["relu", "identity"]
    assert inputs.shape == (5, 2) and np.array_equal(targets.sum(axis=1), np.ones(5))
    network, _, _ = random_case([2, 3, 4], "tanh", "binary_cross_entropy")
    assert [a.name for a in network.activations] == ["tanh", "sigmoid"]
    with pytest.raises(InvalidValueError, match="sizes must be whole numbers"):
        random_case("2,x,2")
    with pytest.raises(InvalidValueError, match="activation must be one of"):
        random_case("2,2,2", "swish")
    with pytest.raises(InvalidValueError, match="loss must be one of"):
        random_case("2,2,2", "tanh", "hinge")


def test_describe():
    assert case_description(lecture_network(), 1) == ("sizes 2,2,2; activations sigmoid, sigmoid; "
                                              "loss squared; shared biases; 1 example")


def test_a_float32_network_is_checked_in_float64():
    network, inputs, targets = random_case("2,3,2", "sigmoid", "squared", seed=0)
    single = Network(network.weights, network.biases, network.activations, network.loss, dtype="float32")
    check = crosscheck(single, inputs, targets)
    assert check.all_agree
    assert finite_differences(single, inputs, targets).gradient.dtype == np.float64


def test_verdict_is_the_last_line_of_the_table():
    from backprop_lessons.symbolic.crosscheck import crosscheck_table
    check = crosscheck_table("2,3,2", "tanh", seed=0)
    assert check.table().splitlines()[-1] == check.verdict()
    assert check.verdict() == f"all {len(check.rows)} parameters agree (relative error < 1e-07)"
