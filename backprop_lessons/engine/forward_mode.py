"""Forward mode against reverse mode: why backprop computes gradients the way it does (notebook 16).

Forward mode carries, beside every value, its derivative with respect to ONE chosen parameter p
(a tangent, written with a dot): for each layer, from the inputs up,
    net_dot = W_dot out_below + W out_below_dot + b_dot      (W_dot is 1 where p sits, else 0)
    out_dot = f'(net) * net_dot
    E_dot   = sum(dE/dout * out_dot)                        = dE/dp
One such pass gives one partial derivative, so the whole gradient takes one pass per parameter.
Reverse mode (backprop) runs forward once, then carries dE/d(value) back from E once: every
partial derivative from one backward pass. Multiplications, for a batch of m examples and
M = m * sum of n_l * n_(l-1) (one forward pass's weight products):
    forward pass  M;   forward-mode pass  3M (values, W out_below_dot, W_dot out_below);
    backward pass 2M (delta W for the layer below, delta^T out for the gradient)
so the gradient costs P * 3M by forward mode and 3M by reverse mode: P times less.
Non-goal: efficient forward mode (a real one would skip W_dot's zeros); the counts are the textbook's.
"""
from __future__ import annotations

import numpy as np

from backprop_lessons.engine.naming import gradient_vector, parameter_slots
from backprop_lessons.engine.network import QUIET, Network, valid_network


def directional_derivative(network: Network, inputs: np.ndarray, targets: np.ndarray,
                           weight_dots: list[np.ndarray], bias_dots: list[np.ndarray]) -> float:
    """One forward-mode pass: dE in the direction (weight_dots, bias_dots), values and tangents together."""
    out, out_dot = inputs, np.zeros_like(inputs)
    for w, b, f, w_dot, b_dot in zip(network.weights, network.biases, network.activations, weight_dots, bias_dots):
        net = out @ w.T + b
        net_dot = out @ w_dot.T + out_dot @ w.T + b_dot      # net_dot = W_dot out + W out_dot + b_dot
        out = f.forward(net)
        out_dot = f.derivative(net, out) * net_dot            # out_dot = f'(net) * net_dot
    return float(np.sum(network.loss.gradient(out, targets) * out_dot))   # E_dot = sum dE/dout * out_dot


def forward_mode_gradient(network: Network, inputs, targets) -> tuple[np.ndarray, int]:
    """Every dE/dparameter by forward mode, one pass per parameter; returns (gradient, passes),
    the gradient in parameter_slots order (as gradient_vector)."""
    network = valid_network(network)
    inputs, targets = network.valid_data(inputs, targets, need_targets=True)
    gradient = []
    with np.errstate(**QUIET):
        for slot in parameter_slots(network).values():
            weight_dots = [np.zeros_like(w) for w in network.weights]
            bias_dots = [np.zeros_like(b) for b in network.biases]
            (weight_dots if slot.kind == "weights" else bias_dots)[slot.layer][slot.index] = 1.0
            gradient.append(directional_derivative(network, inputs, targets, weight_dots, bias_dots))
    return np.array(gradient), len(gradient)


def reverse_mode_gradient(network: Network, inputs, targets) -> tuple[np.ndarray, int]:
    """Every dE/dparameter by backprop: one forward and one backward pass; returns (gradient, passes = 2)."""
    network = valid_network(network)
    inputs, targets = network.valid_data(inputs, targets, need_targets=True)
    return gradient_vector(network.backward(network.forward(inputs), targets)), 2


def mode_counts(network: Network, examples: int = 1) -> dict[str, int]:
    """Parameters, passes and multiplications of both modes for `network` on `examples` examples
    (weight products only, see the module's docstring)."""
    network = valid_network(network)
    products = examples * sum(w.size for w in network.weights)
    parameters = sum(w.size + b.size for w, b in zip(network.weights, network.biases))
    return {"parameters": parameters,
            "forward mode: passes": parameters, "forward mode: multiplications": parameters * 3 * products,
            "reverse mode: passes (1 forward + 1 backward)": 2, "reverse mode: multiplications": 3 * products}
