"""The nodes of the computation graph: each value of one forward pass, its grad, and the grad sent to each input.

    add       net_o1 = w5*out_h1 + w6*out_h2 + b2   sends grad(net_o1) to every input
    multiply  w5*out_h1                             sends grad * out_h1 to w5, grad * w5 to out_h1
    sum       grad(out_h1) = what w5*out_h1 sends + what w7*out_h1 sends
The values and grads come from network.py (forward and backward); graph.py draws them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from backprop_lessons.engine.errors import InvalidValueError, shown
from backprop_lessons.engine.naming import get_parameters, neuron_names, parameter_gradients, parameter_slots
from backprop_lessons.engine.network import Network

OPERATIONS = {"sigmoid": "σ", "tanh": "tanh", "relu": "relu", "identity": "id"}


@dataclass(frozen=True)
class Node:
    """One value of the forward pass: name, value, grad dE_total/d(it), operation, inputs, grad sent to each."""

    name: str
    value: float
    grad: float
    operation: str = ""            # what made it: "*", "+", "σ", ...; "" for a leaf
    inputs: tuple[str, ...] = ()
    sends: tuple[float, ...] = ()  # sends[k]: the part of inputs[k]'s grad that comes back through this node


def computation_graph(network: Network, inputs: ArrayLike, targets: ArrayLike) -> dict[str, Node]:
    """Every node of the forward pass of one example, in the order it is computed, E_total last."""
    inputs, targets = network.valid_data(inputs, targets)
    if inputs.shape[0] != 1:
        raise InvalidValueError(f"the computation graph follows one example; got {inputs.shape[0]}")
    forward = network.forward(inputs)
    gradients = network.backward(forward, targets)
    deltas, values, grads = gradients.deltas, get_parameters(network), parameter_gradients(network, gradients)
    name_of = {(s.kind, s.layer, s.index): name for name, s in parameter_slots(network).items()}
    # dE_total/dout of every layer: the loss gradient at the top, delta_above @ W_above below it
    out_grads = [d @ w for d, w in zip(deltas, network.weights)]
    out_grads.append(network.loss.gradient(forward.outs[-1], targets))
    layers = neuron_names(network)
    nodes = {name: Node(name, float(forward.outs[0][0, k]), float(out_grads[0][0, k]))
             for k, name in enumerate(layers[0])}
    below = layers[0]
    for l, layer in enumerate(layers[1:]):
        for j, neuron in enumerate(layer):
            delta, terms = float(deltas[l][0, j]), []
            for k, source in enumerate(below):
                weight = name_of["weights", l, (j, k)]
                nodes[weight] = Node(weight, values[weight], grads[weight])
                term = f"{weight}*{source}"   # dE/d(w5*out_h1) = delta_o1, since net_o1 is their sum
                nodes[term] = Node(term, values[weight] * nodes[source].value, delta, "*", (weight, source),
                                   (delta * nodes[source].value, delta * values[weight]))   # multiply swaps
                terms.append(term)
            bias = name_of["biases", l, (j if network.biases[l].shape[0] > 1 else 0,)]
            nodes[bias] = Node(bias, values[bias], grads[bias])
            net, out = f"net_{neuron}", f"out_{neuron}"
            nodes[net] = Node(net, float(forward.nets[l][0, j]), delta, "+", (*terms, bias),
                              (delta,) * (len(terms) + 1))                                 # add passes it on
            operation = OPERATIONS.get(network.activations[l].name, network.activations[l].name)
            nodes[out] = Node(out, float(forward.outs[l + 1][0, j]), float(out_grads[l + 1][0, j]), operation,
                              (net,), (delta,))                                           # delta = dE/dnet
        below = [f"out_{neuron}" for neuron in layer]
    return _add_errors(nodes, network, below, forward.outs[-1][0], targets[0], out_grads[-1][0])


def _add_errors(nodes: dict[str, Node], network: Network, outs: list[str], values: np.ndarray,
                targets: np.ndarray, out_grads: np.ndarray) -> dict[str, Node]:
    """E_o1 = 1/2 (target_o1 - out_o1)^2 for each output and E_total = their sum (other losses: E_total only)."""
    total = network.loss.value(values, targets)
    if network.loss.name != "squared":
        nodes["E_total"] = Node("E_total", total, 1.0, network.loss.name, tuple(outs), tuple(map(float, out_grads)))
        return nodes
    for out, value, target, grad in zip(outs, values, targets, out_grads):
        error = "E_" + out.removeprefix("out_")   # dE_o1/dout_o1 = -(target_o1 - out_o1)
        nodes[error] = Node(error, float(0.5 * (target - value) ** 2), 1.0, "½(t-o)²", (out,), (float(grad),))
    errors = tuple(n for n in nodes if n.startswith("E_"))
    nodes["E_total"] = Node("E_total", total, 1.0, "+", errors, (1.0,) * len(errors))
    return nodes


def focus_on(nodes: dict[str, Node], name: str) -> dict[str, Node]:
    """The nodes that `name` feeds into on the way to E_total, with every input of those."""
    if name not in nodes:
        raise InvalidValueError(f"focus must be a node of the graph such as w5 or out_h1; got {shown(name)}")
    chain = {name}
    for node in nodes.values():   # computation order: a node's inputs come before it
        if chain.intersection(node.inputs):
            chain.add(node.name)
    keep = chain | {i for n in chain for i in nodes[n].inputs}
    return {n: node if n in chain else Node(node.name, node.value, node.grad)
            for n, node in nodes.items() if n in keep}


def left_out(nodes: dict[str, Node], drawn: dict[str, Node]) -> dict[str, float]:
    """For each drawn node that also feeds nodes not drawn: the part of its grad that comes back from those."""
    received = {name: 0.0 for name in drawn}
    for node in drawn.values():
        for source, sent in zip(node.inputs, node.sends):
            received[source] += sent
    missing = {}
    for name in drawn:
        users = [n for n in nodes.values() if name in n.inputs]
        if any(drawn.get(u.name) is None or name not in drawn[u.name].inputs for u in users):
            missing[name] = nodes[name].grad - received[name]
    return missing
