"""The fast paths give the NumPy engine's numbers: generated straight-line code and batched sweeps."""
import warnings

import numpy as np
import pytest

from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError, TrainingDivergedError
from benchmarks.fastpath import training_source, train_fast
from backprop_lessons.lecture.example import lecture_data, lecture_network
from backprop_lessons.engine.network import Network
from backprop_lessons.engine.sweep import divergence_rounds, sweep_learning_rates, sweep_lookup, sweep_networks

OPTIONS = [(order, update_biases) for order in ("correct", "as_published") for update_biases in (False, True)]
# (sizes, activations, shared bias, examples): every activation, 1-3 hidden layers, batches.
RANDOM_CASES = [([2, 2, 2], ["sigmoid", "sigmoid"], True, 1), ([3, 4, 2], ["tanh", "sigmoid"], False, 5),
                ([2, 5, 3, 1], ["relu", "tanh", "identity"], False, 4),
                ([4, 3, 3, 3, 2], ["sigmoid", "relu", "tanh", "sigmoid"], True, 3)]


def random_problem(sizes, activations, shared_bias, examples, seed=0):
    """A random network of `sizes` and `examples` random inputs with targets in (0, 1)."""
    rng = np.random.default_rng(seed)
    network = Network.random(sizes, activations, shared_bias=shared_bias, seed=seed)
    return network, rng.normal(size=(examples, sizes[0])), rng.uniform(0.1, 0.9, size=(examples, sizes[-1]))


def assert_same_training(fast, engine, fast_losses, engine_losses):
    """Losses, weights and biases agree to 1e-12 (relative)."""
    np.testing.assert_allclose(fast_losses, engine_losses, rtol=1e-12, atol=1e-300)
    for ours, theirs in zip(fast.weights + fast.biases, engine.weights + engine.biases):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("order, update_biases", OPTIONS)
def test_fast_path_trains_the_lecture_network_as_the_engine_does(order, update_biases):
    fast, engine = lecture_network(), lecture_network()
    rounds = 10_000 if (order, update_biases) == ("correct", False) else 1_000
    history = train_fast(fast, *lecture_data(), rounds, 0.5, order=order, update_biases=update_biases)
    expected = engine.train(*lecture_data(), rounds, 0.5, order=order, update_biases=update_biases)
    assert_same_training(fast, engine, history.losses, expected.losses)


@pytest.mark.parametrize("case", RANDOM_CASES)
@pytest.mark.parametrize("order, update_biases", OPTIONS)
def test_fast_path_matches_the_engine_on_random_networks(case, order, update_biases):
    network, inputs, targets = random_problem(*case)
    engine = network.copy()
    history = train_fast(network, inputs, targets, 300, 0.05, order=order, update_biases=update_biases)
    expected = engine.train(inputs, targets, 300, 0.05, order=order, update_biases=update_biases)
    assert expected.losses[-1] < expected.losses[0]   # a sane run: chaos would amplify rounding
    assert_same_training(network, engine, history.losses, expected.losses)


def test_fast_path_diverges_where_the_engine_does_and_stops_there():
    fast, engine = Network.random([1, 1], "identity", seed=0), Network.random([1, 1], "identity", seed=0)
    with pytest.raises(TrainingDivergedError) as ours:
        train_fast(fast, [[10.0]], [[1.0]], 1000, 5.0)
    with pytest.raises(TrainingDivergedError) as theirs:
        engine.train([[10.0]], [[1.0]], 1000, 5.0)
    assert ours.value.round_number == theirs.value.round_number
    assert str(ours.value) == str(theirs.value)
    np.testing.assert_allclose(fast.weights[0], engine.weights[0], rtol=1e-12)


def test_zero_rounds_give_the_starting_error_and_change_nothing():
    network = lecture_network()
    history = train_fast(network, *lecture_data(), 0, 0.5)
    assert history.losses.shape == (1,) and history.losses[0] == pytest.approx(0.298371109, abs=1e-9)
    assert network.weights[1][0, 0] == 0.40


def test_sigmoid_does_not_overflow_on_large_negative_nets():
    network = Network([[[-1000.0]]], [[0.0]], "sigmoid")
    history = train_fast(network, [[1.0]], [[1.0]], 3, 0.5)
    np.testing.assert_array_equal(history.losses, [0.5] * 4)


def test_generated_source_reads_like_the_lecture():
    source = training_source(lecture_network())
    for line in ("net_h1 = w1 * i1 + w2 * i2 + b1", "delta_o1 = error_o1 * (out_o1 * (1.0 - out_o1))",
                 "delta_h1 = (delta_o1 * w5 + delta_o2 * w7) * (out_h1 * (1.0 - out_h1))",
                 "w5 = w5 - eta * (delta_o1 * out_h1)", "E_total = 0.5 * (error_o1 * error_o1 + error_o2 * error_o2)"):
        assert line in source
    assert "b1 = b1 -" not in source and "b1 = b1 -" in training_source(lecture_network(), update_biases=True)
    assert "out_h1_e2" in training_source(lecture_network(), 2)


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: train_fast("net", *lecture_data(), 10, 0.5), InvalidTypeError, "network must be a Network"),
    (lambda: train_fast(lecture_network(), *lecture_data(), -1, 0.5), InvalidValueError, "iterations"),
    (lambda: train_fast(lecture_network(), *lecture_data(), 10, 0), InvalidValueError, "learning_rate"),
    (lambda: train_fast(lecture_network(), [[1, 2, 3]], [[0, 1]], 10, 0.5), InvalidValueError, "inputs"),
    (lambda: train_fast(lecture_network(), *lecture_data(), 10, 0.5, order="fast"), InvalidValueError, "order"),
    (lambda: train_fast(Network.random([2, 2], loss="binary_cross_entropy"), [[1, 2]], [[0, 1]], 5, 0.5),
     InvalidValueError, "network.loss must be one of squared"),
    (lambda: train_fast(Network.random([2, 2], dtype="float32"), [[1, 2]], [[0, 1]], 5, 0.5),
     InvalidValueError, "network.dtype"),
    (lambda: train_fast(Network.random([100, 60]), np.zeros((1, 100)), np.zeros((1, 60)), 5, 0.5),
     InvalidValueError, "at most 5,000"),
    (lambda: training_source(lecture_network(), 0), InvalidValueError, "batch_size"),
])
def test_fast_path_bad_input_names_the_parameter(call, error, fragment):
    with pytest.raises(error) as caught:
        call()
    assert fragment in str(caught.value)


def test_sweep_of_learning_rates_gives_each_engine_run():
    network, (inputs, targets) = lecture_network(), lecture_data()
    rates = [0.05, 0.5, 3.0, 30.0]
    losses = sweep_learning_rates(network, inputs, targets, rates, 2_000)
    assert losses.shape == (4, 2_001)
    for eta, row in zip(rates, losses):
        np.testing.assert_allclose(row, network.copy().train(inputs, targets, 2_000, eta).losses, rtol=1e-12)
    assert network.weights[1][0, 0] == 0.40   # the network itself is not trained


@pytest.mark.parametrize("case", RANDOM_CASES)
@pytest.mark.parametrize("order, update_biases", OPTIONS)
def test_sweep_of_networks_matches_separate_engine_runs(case, order, update_biases):
    problems = [random_problem(*case, seed=seed) for seed in range(3)]
    networks, (_, inputs, targets) = [p[0] for p in problems], problems[0]
    rates = [0.1, 0.2, 0.3]
    losses = sweep_networks(networks, inputs, targets, 200, rates, order=order, update_biases=update_biases)
    for network, eta, row in zip(networks, rates, losses):
        expected = network.copy().train(inputs, targets, 200, eta, order=order, update_biases=update_biases)
        np.testing.assert_allclose(row, expected.losses, rtol=1e-12, atol=1e-300)


def test_a_diverging_copy_is_recorded_without_warnings_and_the_others_go_on():
    network = Network.random([1, 1], "identity", seed=0)
    with pytest.raises(TrainingDivergedError) as engine:
        network.copy().train([[10.0]], [[1.0]], 500, 5.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        losses = sweep_learning_rates(network, [[10.0]], [[1.0]], [0.001, 5.0], 500)
    diverged = engine.value.round_number
    np.testing.assert_array_equal(divergence_rounds(losses), [-1, diverged])
    assert np.all(np.isfinite(losses[1, :diverged])) and not np.any(np.isfinite(losses[1, diverged:]))
    np.testing.assert_allclose(losses[0], network.copy().train([[10.0]], [[1.0]], 500, 0.001).losses, rtol=1e-12)


def test_sweep_lookup_serves_a_learning_rate_panel():
    network, (inputs, targets) = lecture_network(), lecture_data()
    losses_for = sweep_lookup(network, inputs, targets, [0.1, 0.5, 1.0], 300)
    for eta in (0.5, 0.7):   # on the grid, then off it
        np.testing.assert_allclose(losses_for(eta, True), network.copy().train(
            inputs, targets, 300, eta, update_biases=True).losses, rtol=1e-12)
    diverging = sweep_lookup(Network.random([1, 1], "identity"), [[10.0]], [[1.0]], [5.0], 500)
    with pytest.raises(TrainingDivergedError, match="round"):
        diverging(5.0, False)


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: sweep_learning_rates(lecture_network(), *lecture_data(), [0.5, 0.0], 10), InvalidValueError,
     "learning_rates must be"),
    (lambda: sweep_learning_rates(lecture_network(), *lecture_data(), [], 10), InvalidValueError, "learning_rates"),
    (lambda: sweep_learning_rates(lecture_network(), *lecture_data(), ["a"], 10), InvalidTypeError,
     "learning_rates"),
    (lambda: sweep_networks([], *lecture_data(), 10, 0.5), InvalidValueError, "networks must be a list"),
    (lambda: sweep_networks([lecture_network(), "x"], *lecture_data(), 10, 0.5), InvalidTypeError,
     "networks[1] must be a Network"),
    (lambda: sweep_networks([lecture_network(), Network.random([2, 3, 2])], *lecture_data(), 10, 0.5),
     InvalidValueError, "networks[1] must have the shapes"),
    (lambda: sweep_networks([lecture_network()] * 2, *lecture_data(), 10, [0.5]), InvalidValueError,
     "learning_rates must have shape (2)"),
    (lambda: sweep_networks([lecture_network()], *lecture_data(), 10, 0.5, order="x"), InvalidValueError, "order"),
    (lambda: sweep_lookup(lecture_network(), *lecture_data(), [0.5], 10)(-1.0, False), InvalidValueError, "eta"),
    (lambda: divergence_rounds(np.zeros(3)), InvalidValueError, "losses must have shape"),
])
def test_sweep_bad_input_names_the_parameter(call, error, fragment):
    with pytest.raises(error) as caught:
        call()
    assert fragment in str(caught.value)
