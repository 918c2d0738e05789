"""The general NumPy network: shapes, options, batches, update orders, divergence, bad input."""
import numpy as np
import pytest

from backprop_lessons.engine.activations import ACTIVATIONS, get_activation, sigmoid
from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError, TrainingDivergedError
from backprop_lessons.engine.losses import LOSSES, get_loss
from backprop_lessons.engine.network import Network
from backprop_lessons.lecture.example import lecture_data, lecture_network

from . import independent


def test_sizes_and_random_construction():
    network = Network.random([4, 8, 3], "tanh", seed=1)
    assert network.sizes == [4, 8, 3]
    assert [w.shape for w in network.weights] == [(8, 4), (3, 8)]
    assert [b.shape for b in network.biases] == [(8,), (3,)]
    shared = Network.random([4, 8, 3], shared_bias=True)
    assert [b.shape for b in shared.biases] == [(1,), (1,)]
    same = Network.random([4, 8, 3], "tanh", seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(network.weights, same.weights))


def test_forward_keeps_every_net_and_out_for_a_batch_of_rows():
    network = Network.random([3, 5, 2], ["relu", "sigmoid"], seed=2)
    inputs = np.random.default_rng(0).normal(size=(7, 3))
    forward = network.forward(inputs)
    assert [n.shape for n in forward.nets] == [(7, 5), (7, 2)]
    assert [o.shape for o in forward.outs] == [(7, 3), (7, 5), (7, 2)]
    np.testing.assert_array_equal(forward.outs[1], np.maximum(forward.nets[0], 0))


@pytest.mark.parametrize("shared_bias", [True, False])
def test_batch_gradient_is_the_sum_of_per_example_gradients(shared_bias):
    network = Network.random([3, 4, 2], ["tanh", "sigmoid"], shared_bias=shared_bias, seed=3)
    rng = np.random.default_rng(1)
    inputs, targets = rng.normal(size=(5, 3)), rng.uniform(size=(5, 2))
    batch = network.backward(network.forward(inputs), targets)
    singles = [network.backward(network.forward(x), t) for x, t in zip(inputs, targets)]
    for l in range(2):
        np.testing.assert_allclose(batch.weights[l], sum(s.weights[l] for s in singles), rtol=1e-12)
        np.testing.assert_allclose(batch.biases[l], sum(s.biases[l] for s in singles), rtol=1e-12)
    assert network.error(inputs, targets) == pytest.approx(
        sum(network.error(x, t) for x, t in zip(inputs, targets)))


def test_shared_bias_gradient_collects_its_layers_deltas():
    network = lecture_network()
    gradients = network.backward(network.forward(lecture_data()[0]), lecture_data()[1])
    np.testing.assert_allclose(gradients.biases[1], [gradients.deltas[1].sum()])


@pytest.mark.parametrize("order", ["correct", "as_published"])
@pytest.mark.parametrize("update_biases", [False, True])
def test_three_rounds_match_the_independent_implementation(order, update_biases):
    network = lecture_network()
    for _ in range(3):
        network.step(*lecture_data(), 0.5, order=order, update_biases=update_biases)
    p, _ = independent.train(3, as_published=order == "as_published", update_biases=update_biases)
    np.testing.assert_allclose(network.weights[0], [[p["w1"], p["w2"]], [p["w3"], p["w4"]]], rtol=1e-14)
    np.testing.assert_allclose(network.weights[1], [[p["w5"], p["w6"]], [p["w7"], p["w8"]]], rtol=1e-14)
    np.testing.assert_allclose([network.biases[0][0], network.biases[1][0]], [p["b1"], p["b2"]], rtol=1e-14)


def test_biases_stay_fixed_unless_asked():
    network = lecture_network()
    network.train(*lecture_data(), 5, 0.5)
    assert network.biases[0][0] == 0.35 and network.biases[1][0] == 0.60


def test_training_history_has_iterations_plus_one_errors_and_falls():
    history = lecture_network().train(*lecture_data(), 100, 0.5)
    assert history.losses.shape == (101,)
    assert np.all(np.diff(history.losses) < 0)


def test_zero_iterations_is_allowed_and_changes_nothing():
    network = lecture_network()
    history = network.train(*lecture_data(), 0, 0.5)
    assert history.losses.shape == (1,) and network.weights[1][0, 0] == 0.40


def test_diverging_training_stops_and_says_where_and_what_to_try():
    network = Network.random([1, 1], "identity", seed=0)
    with pytest.raises(TrainingDivergedError, match=r"round \d+.*smaller learning rate"):
        network.train([[10.0]], [[1.0]], 1000, 5.0)


def test_sigmoid_is_stable_at_extremes():
    with np.errstate(over="raise", invalid="raise", divide="raise"):   # underflow to 0 is fine
        values = sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_array_equal(values, [0.0, 0.5, 1.0])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_each_hand_derivative_matches_finite_differences(name):
    activation = get_activation(name)
    x = np.array([-1.7, -0.3, 0.4, 2.2])
    h = 1e-6
    numeric = (activation.forward(x + h) - activation.forward(x - h)) / (2 * h)
    np.testing.assert_allclose(activation.derivative(x, activation.forward(x)), numeric, rtol=1e-7)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_each_loss_gradient_matches_finite_differences(name):
    loss = get_loss(name)
    out = np.array([[0.2, 0.7, 0.4]])
    target = np.array([[0.0, 1.0, 0.0]])
    h = 1e-6
    numeric = np.zeros_like(out)
    for j in range(3):
        step = np.zeros_like(out)
        step[0, j] = h
        numeric[0, j] = (loss.value(out + step, target) - loss.value(out - step, target)) / (2 * h)
    np.testing.assert_allclose(loss.gradient(out, target), numeric, rtol=1e-6)


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: Network([], []), InvalidValueError, "weights"),
    (lambda: Network([[[1, 2]], [[1, 2]]], [[0], [0]]), InvalidValueError, "weights[1] must have 1 columns"),
    (lambda: Network([[[1, np.nan]]], [[0]]), InvalidValueError, "weights[0] must hold finite"),
    (lambda: Network([[[1, 2]]], [[0, 0, 0]]), InvalidValueError, "biases[0]"),
    (lambda: Network([[[1, 2]]], [[0]], "swish"), InvalidValueError, "activation must be one of"),
    (lambda: Network([[[1, 2]]], [[0]], loss="hinge"), InvalidValueError, "loss must be one of"),
    (lambda: Network([[[1, 2]]], [[0]], "sigmoid", "softmax_cross_entropy"), InvalidValueError, "identity"),
    (lambda: Network([[["a", 2]]], [[0]]), InvalidTypeError, "weights[0] must be an array of numbers"),
    (lambda: lecture_network().forward([[1, 2, 3]]), InvalidValueError, "inputs must have shape"),
    (lambda: lecture_network().forward([[np.inf, 2]]), InvalidValueError, "inputs must hold finite"),
    (lambda: lecture_network().error([[1, 2]], [[1]]), InvalidValueError, "targets must have shape"),
    (lambda: lecture_network().step(*lecture_data(), 0), InvalidValueError, "learning_rate must be greater than 0"),
    (lambda: lecture_network().step(*lecture_data(), "0.5"), InvalidTypeError, "learning_rate must be a number"),
    (lambda: lecture_network().step(*lecture_data(), 0.5, order="fast"), InvalidValueError, "order must be one of"),
    (lambda: lecture_network().train(*lecture_data(), -1, 0.5), InvalidValueError, "iterations must be between"),
    (lambda: lecture_network().train(*lecture_data(), 1.5, 0.5), InvalidTypeError, "iterations must be a whole"),
    (lambda: Network.random([2]), InvalidValueError, "sizes must list at least 2"),
    (lambda: Network.random([2, 0]), InvalidValueError, "sizes[1] must be between"),
])
def test_bad_input_names_the_parameter(call, error, fragment):
    with pytest.raises(error) as caught:
        call()
    assert fragment in str(caught.value)
