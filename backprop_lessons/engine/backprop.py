"""One round of backprop, written once: forward pass, backward pass, update, on lists of arrays.

Network (network.py) calls these with its own arrays; the batched sweep (sweep.py) calls
them with K copies stacked on a first axis. Every line works for both, because it only
touches the last two axes (`.mT`, `axis=-2`, `b[..., None, :]`):
    one network:  weights[l] (n_l, n_{l-1}),     biases[l] (1 or n_l,),     inputs (batch, n_0)
    K copies:     weights[l] (K, n_l, n_{l-1}),  biases[l] (K, 1 or n_l),   the same inputs
Notation bridge: weights[0] = [[w1, w2], [w3, w4]], weights[1] = [[w5, w6], [w7, w8]],
biases = [b1, b2], nets[l-1] / outs[l] are net_h*, out_h* (l = 1) and net_o*, out_o* (l = 2).
Non-goal: speed beyond what NumPy gives a readable loop.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from backprop_lessons.engine.activations import Activation
from backprop_lessons.engine.losses import Loss

UPDATE_ORDERS = ("correct", "as_published")


@dataclass
class Forward:
    """One forward pass: every layer's net input and output, for a batch of examples."""

    nets: list[np.ndarray]   # nets[l-1], shape (batch, n_l)  [(K, batch, n_l) stacked]
    outs: list[np.ndarray]   # outs[0] = inputs; outs[l], shape (batch, n_l)


@dataclass
class Gradients:
    """One backward pass: every delta dE/dnet and every gradient dE/dw, dE/db."""

    deltas: list[np.ndarray]    # deltas[l-1], shape (batch, n_l)
    weights: list[np.ndarray]   # same shapes as the weights
    biases: list[np.ndarray]    # same shapes as the biases


def forward_pass(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray],
                 activations: Sequence[Activation], inputs: np.ndarray) -> Forward:
    """Feed `inputs` forward: net = out_below @ W^T + b, out = f(net), layer by layer."""
    nets, outs = [], [inputs]
    for w, b, activation in zip(weights, biases, activations):
        nets.append(outs[-1] @ w.mT + b[..., None, :])   # net_h1 = w1*i1 + w2*i2 + b1*1
        outs.append(activation.forward(nets[-1]))         # out_h1 = 1 / (1 + e^-net_h1)
    return Forward(nets, outs)


def backward_pass(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray],
                  activations: Sequence[Activation], loss: Loss, forward: Forward, targets: np.ndarray,
                  on_layer: Callable[[int, np.ndarray, np.ndarray], None] | None = None) -> Gradients:
    """Backpropagate from the output layer down; return every delta and gradient.

    `on_layer(l, weight_grad, bias_grad)` is called for each layer as soon as its gradients
    are known, before its delta moves down: the "as_published" order updates weights[l]
    there, so the layer below reads the new weights (the lecture's slip).
    """
    layers = len(weights)
    deltas, weight_grads, bias_grads = [None] * layers, [None] * layers, [None] * layers
    dE_dout = loss.gradient(forward.outs[-1], targets)   # dE/dout_o1 = -(target_o1 - out_o1)
    for l in reversed(range(layers)):
        # delta_o1 = dE/dout_o1 * dout_o1/dnet_o1
        deltas[l] = dE_dout * activations[l].derivative(forward.nets[l], forward.outs[l + 1])
        weight_grads[l] = deltas[l].mT @ forward.outs[l]   # dE/dw5 = delta_o1 * out_h1, summed over examples
        per_neuron = deltas[l].sum(axis=-2)                # dE/db2 = delta_o1 + delta_o2 (shared)
        bias_grads[l] = per_neuron.sum(axis=-1, keepdims=True) if biases[l].shape[-1] == 1 else per_neuron
        if on_layer is not None:
            on_layer(l, weight_grads[l], bias_grads[l])
        # dE/dout_h1 = sum over outputs o of delta_o * w_ho  (delta_o1*w5 + delta_o2*w7)
        dE_dout = deltas[l] @ weights[l]
    return Gradients(deltas, weight_grads, bias_grads)


def training_round(weights: list[np.ndarray], biases: list[np.ndarray], activations: Sequence[Activation],
                   loss: Loss, forward: Forward, targets: np.ndarray, learning_rate: float | np.ndarray,
                   update_biases: bool, order: str) -> Gradients:
    """Backward pass and update, w+ = w - eta * dE/dw, in place in the lists `weights`, `biases`.

    `learning_rate` is one number, or one per stacked copy (shape (K,)). "correct" computes
    every gradient from the old weights first; "as_published" updates each layer before the
    layer below reads it. Returns the gradients used.
    """
    rate = np.asarray(learning_rate, dtype=weights[0].dtype)

    def update(l: int, weight_grad: np.ndarray, bias_grad: np.ndarray) -> None:
        weights[l] = weights[l] - rate[..., None, None] * weight_grad   # w5+ = w5 - eta * dE/dw5
        if update_biases:
            biases[l] = biases[l] - rate[..., None] * bias_grad

    if order == "as_published":
        return backward_pass(weights, biases, activations, loss, forward, targets, on_layer=update)
    gradients = backward_pass(weights, biases, activations, loss, forward, targets)
    for l in range(len(weights)):
        update(l, gradients.weights[l], gradients.biases[l])
    return gradients
