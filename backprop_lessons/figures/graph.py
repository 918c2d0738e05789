"""The computation graph of one forward pass, every node with its value and gradient.

micrograd's draw_dot, drawn with matplotlib (no graphviz). Every number of the lecture's
forward pass is a node: the leaves i1, w5, b2, the products w5*out_h1, the sums net_o1,
the outputs out_o1, the errors E_o1 and E_total. Arrows lead from a node into the
operation (*, +, σ, ½(t-o)²) that uses it. The grad in a node is dE_total/d(node), read
from backprop; by the chain rule it is the sum, over the arrows leaving the node, of
the result's grad times the local derivative:
    grad(w5) = grad(w5*out_h1) * out_h1          grad(net_o1) = grad(out_o1) * out_o1*(1 - out_o1) = delta_o1
    grad(out_h1) = grad(w5*out_h1) * w5 + grad(w7*out_h1) * w7 = dE_total/dout_h1
focus="w5" draws only the nodes from w5 to E_total and the inputs of each step; highlight()
outlines nodes (the step-through panel's current step).
Non-goal: an autograd engine; the values and grads come from network.py.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from numpy.typing import ArrayLike

from backprop_lessons.engine.errors import InvalidValueError, shown
from backprop_lessons.engine.naming import get_parameters, neuron_names, parameter_gradients, parameter_slots
from backprop_lessons.engine.network import Network
from backprop_lessons.figures.base import FigureView, new_axes
from backprop_lessons.lecture.example import lecture_defaults
from backprop_lessons.figures.diagram import HIGHLIGHT

OPERATIONS = {"sigmoid": "σ", "tanh": "tanh", "relu": "relu", "identity": "id"}
WIDTH, HEIGHT = 0.62, 0.72   # a node's box in data units: one column by one row


@dataclass(frozen=True)
class Node:
    """One value of the forward pass: its name, value, grad dE_total/d(it), operation and inputs."""

    name: str
    value: float
    grad: float
    operation: str = ""            # what made it: "*", "+", "σ", ...; "" for a leaf
    inputs: tuple[str, ...] = ()


def computation_graph(network: Network, inputs: ArrayLike, targets: ArrayLike) -> dict[str, Node]:
    """Every node of the forward pass of one example, in the order it is computed, E_total last."""
    inputs, targets = network.check_data(inputs, targets)
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
            terms = []
            for k, source in enumerate(below):
                weight = name_of["weights", l, (j, k)]
                nodes[weight] = Node(weight, values[weight], grads[weight])
                term = f"{weight}*{source}"   # dE/d(w5*out_h1) = delta_o1, since net_o1 is their sum
                nodes[term] = Node(term, values[weight] * nodes[source].value, float(deltas[l][0, j]), "*",
                                   (weight, source))
                terms.append(term)
            bias = name_of["biases", l, (j if network.biases[l].shape[0] > 1 else 0,)]
            nodes[bias] = Node(bias, values[bias], grads[bias])
            net, out = f"net_{neuron}", f"out_{neuron}"
            nodes[net] = Node(net, float(forward.nets[l][0, j]), float(deltas[l][0, j]), "+", (*terms, bias))
            operation = OPERATIONS.get(network.activations[l].name, network.activations[l].name)
            nodes[out] = Node(out, float(forward.outs[l + 1][0, j]), float(out_grads[l + 1][0, j]), operation,
                              (net,))
        below = [f"out_{neuron}" for neuron in layer]
    return _add_errors(nodes, network, below, forward.outs[-1][0], targets[0])


def _add_errors(nodes: dict[str, Node], network: Network, outs: list[str], values: np.ndarray,
                targets: np.ndarray) -> dict[str, Node]:
    """E_o1 = 1/2 (target_o1 - out_o1)^2 for each output and E_total = their sum (other losses: E_total only)."""
    total = network.loss.value(values, targets)
    if network.loss.name != "squared":
        nodes["E_total"] = Node("E_total", total, 1.0, network.loss.name, tuple(outs))
        return nodes
    for out, value, target in zip(outs, values, targets):
        error = "E_" + out.removeprefix("out_")
        nodes[error] = Node(error, float(0.5 * (target - value) ** 2), 1.0, "½(t-o)²", (out,))
    nodes["E_total"] = Node("E_total", total, 1.0, "+", tuple(n for n in nodes if n.startswith("E_")))
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
    return {n: Node(node.name, node.value, node.grad, node.operation if n in chain else "",
                    node.inputs if n in chain else ())
            for n, node in nodes.items() if n in keep}


def _layout(nodes: dict[str, Node]) -> dict[str, tuple[float, float]]:
    """(column, row) of every node: columns by depth with leaves just left of their first use;
    a leaf takes the next free row walking back from E_total, a result the mean row of its inputs."""
    column, leaf_row = {}, {}
    for node in nodes.values():   # computation order: a node's inputs come before it
        column[node.name] = 1 + max((column[i] for i in node.inputs), default=-1)
    for leaf in [name for name, node in nodes.items() if not node.inputs]:
        column[leaf] = min(column[n] for n, node in nodes.items() if leaf in node.inputs) - 1

    def number_leaves(name: str) -> None:
        """Give the leaves under `name` rows in the order they are met, first inputs first."""
        for i in nodes[name].inputs:
            number_leaves(i)
        if not nodes[name].inputs and name not in leaf_row:
            leaf_row[name] = len(leaf_row)

    number_leaves(list(nodes)[-1])
    row = {}
    for c in sorted(set(column.values())):
        here = [n for n in nodes if column[n] == c]
        for n in here:
            inputs = nodes[n].inputs
            row[n] = sum(row[i] for i in inputs) / len(inputs) if inputs else leaf_row[n]
        here.sort(key=row.get)
        for above, n in zip(here, here[1:]):   # keep boxes of one column a row apart
            row[n] = max(row[n], row[above] + 1)
    return {name: (column[name], row[name]) for name in nodes}


class ComputationGraph(FigureView):
    """The drawn graph: one box per node whose text shows its value and grad."""

    def __init__(self, ax: Axes, nodes: dict[str, Node], place: dict[str, tuple[float, float]],
                 focus: str | None):
        """Draw a box per node at `place`, its operation, and an arrow from each input."""
        super().__init__(ax.figure)
        self.ax, self.focus, self.nodes, self.texts, self.boxes = ax, focus, nodes, {}, {}
        for name, (x, y) in place.items():
            node = nodes[name]
            parameter = re.fullmatch(r"[wb][0-9_]+", name) and not node.inputs
            colour = "lightblue" if name == focus else "lightyellow" if parameter else "white"
            self.boxes[name] = ax.add_patch(FancyBboxPatch((x - WIDTH / 2, -y - HEIGHT / 2), WIDTH, HEIGHT,
                                                           fc=colour, boxstyle="round,pad=0.02"))
            self.texts[name] = ax.text(x, -y, "", ha="center", va="center", fontsize=7)
            if node.inputs:
                ax.text(x - 0.47, -y, node.operation, ha="center", va="center", fontsize=8,
                        bbox={"boxstyle": "round,pad=0.2", "fc": "whitesmoke"})
                ax.add_patch(FancyArrowPatch((x - 0.47, -y), (x - WIDTH / 2, -y), arrowstyle="-|>",
                                             mutation_scale=8, shrinkA=7, shrinkB=0))
            for i in node.inputs:
                xi, yi = place[i]
                ax.add_patch(FancyArrowPatch((xi + WIDTH / 2, -yi), (x - 0.47, -y), arrowstyle="-|>",
                                             mutation_scale=8, shrinkA=0, shrinkB=7, color="gray"))
        columns, rows = zip(*place.values())
        ax.set(xlim=(min(columns) - 0.5, max(columns) + 0.5), ylim=(-max(rows) - 0.5, -min(rows) + 0.5))
        ax.axis("off")
        self.update_nodes(nodes)

    def highlight(self, names: Iterable[str] = ()) -> None:
        """Outline the named nodes ("net_o1", "w5*out_h1") in orange, and no others; () clears it."""
        names = set(names)
        if not names <= set(self.boxes):
            raise InvalidValueError(f"highlight names nodes of this graph; got {sorted(names - set(self.boxes))}")
        for name, box in self.boxes.items():
            box.set(edgecolor=HIGHLIGHT if name in names else "black", linewidth=3 if name in names else 1)

    def update(self, network: Network | None = None, inputs: ArrayLike | None = None,
               targets: ArrayLike | None = None) -> None:
        """Recompute every value and grad for `network` on one example (default: the lecture's)."""
        nodes = computation_graph(*lecture_defaults(network, inputs, targets))
        self.update_nodes(nodes if self.focus is None else focus_on(nodes, self.focus))

    def update_nodes(self, nodes: dict[str, Node]) -> None:
        """Write each node's name, value and grad into its box, in place."""
        if list(nodes) != list(self.nodes):
            raise InvalidValueError("this graph was drawn for another network: draw a new one")
        self.nodes = nodes
        for name, node in nodes.items():
            self.texts[name].set_text(f"{name}\nvalue {node.value:.4g}\ngrad {node.grad:.4g}")


def draw_computation_graph(focus: str | None = "w5", network: Network | None = None,
                           inputs: ArrayLike | None = None, targets: ArrayLike | None = None, *,
                           ax: Axes | None = None) -> ComputationGraph:
    """Draw the forward pass as a graph of values and grads: `focus`'s chain to E_total, or all (None).

    Defaults to the lecture's network and example; `focus` can be any node, e.g. "w1"
    shows both paths from w1 to E_total, through out_o1 and out_o2.
    """
    nodes = computation_graph(*lecture_defaults(network, inputs, targets))
    if focus is not None:
        nodes = focus_on(nodes, focus)
    place = _layout(nodes)
    columns, rows = zip(*place.values())
    size = (1.7 * (max(columns) - min(columns) + 1), 0.75 * (max(rows) + 1))
    return ComputationGraph(new_axes(size, ax), nodes, place, focus)
