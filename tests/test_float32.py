"""float32 end to end: every activation, loss, gradient and update keeps the network's dtype."""
from __future__ import annotations

import numpy as np
import pytest

from backprop_lessons.engine.activations import ACTIVATIONS
from backprop_lessons.engine.losses import LOSSES
from backprop_lessons.engine.network import Network
from backprop_lessons.engine.sweep import sweep_learning_rates
from backprop_lessons.symbolic.formula import formula_activation

HIDDEN = [*ACTIVATIONS, "x/(1 + abs(x))"]


def output_activation(loss: str) -> str:
    """The last layer's activation a loss needs (sigmoid for the squared error too)."""
    return LOSSES[loss].needs_activation or "sigmoid"


def network(hidden: str, loss: str, dtype: str) -> Network:
    """A 3-4-2 network with `hidden` activation, in `dtype`."""
    activation = ACTIVATIONS.get(hidden) or formula_activation(hidden)
    return Network.random([3, 4, 2], [activation, output_activation(loss)], loss, seed=7, dtype=dtype)


DATA = (np.array([[0.1, -0.4, 0.8], [0.5, 0.2, -0.3]]), np.array([[0.2, 0.8], [0.9, 0.1]]))


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_a_float32_network_stays_float32_through_a_round(hidden, loss):
    net = network(hidden, loss, "float32")
    inputs, targets = net.valid_data(*DATA)
    forward = net.forward(inputs)
    assert {a.dtype for a in [*forward.nets, *forward.outs]} == {np.dtype(np.float32)}
    assert net.loss.terms(forward.outs[-1], targets).dtype == np.float32
    gradients = net.backward(forward, targets)
    assert {a.dtype for a in [*gradients.deltas, *gradients.weights, *gradients.biases]} == {np.dtype(np.float32)}
    net.step(inputs, targets, 0.5, update_biases=True)
    net.step(inputs, targets, 0.5, order="as_published")
    assert net.dtype == "float32"
    assert {a.dtype for a in [*net.weights, *net.biases]} == {np.dtype(np.float32)}


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_float32_training_follows_float64_closely(hidden, loss):
    single, double = network(hidden, loss, "float32"), network(hidden, loss, "float64")
    losses32 = single.train(*DATA, 20, 0.5).losses
    losses64 = double.train(*DATA, 20, 0.5).losses
    assert np.allclose(losses32, losses64, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("loss", LOSSES)
def test_the_sweep_uses_the_network_s_own_loss(loss):
    net = network("tanh", loss, "float64")
    swept = sweep_learning_rates(net, *DATA, [0.1, 0.7], 15)
    for row, eta in zip(swept, [0.1, 0.7]):
        assert np.allclose(row, net.copy().train(*DATA, 15, eta).losses, rtol=1e-12)
