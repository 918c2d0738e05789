"""The network diagram: neurons, bias nodes and weighted edges, labelled with the lecture's names.

It draws the lecture's "Network Structure" and "Initial weights" slides (pictures the
text leaves out) for the 2-2-2 network or any small Network: inputs i1, i2 on the left,
hidden h1, h2, outputs o1, o2, bias nodes b1, b2 below, and edges w1 .. w8 where
    net_h1 = w1*i1 + w2*i2 + b1     net_o1 = w5*out_h1 + w6*out_h2 + b2
    net_h2 = w3*i1 + w4*i2 + b1     net_o2 = w7*out_h1 + w8*out_h2 + b2
Edges are blue for positive weights, red for negative, thicker when larger. Nodes can
show net and out; edges can show dE_total/dw. update() rewrites those texts in place;
highlight() outlines nodes and edges (the step-through panel's current step).
Non-goal: drawing networks of more than a few neurons per layer.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patheffects import withStroke
from matplotlib.patches import Circle
from numpy.typing import ArrayLike

from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.lecture.example import lecture_data, lecture_network
from backprop_lessons.engine.naming import get_parameters, neuron_names, parameter_gradients, parameter_slots
from backprop_lessons.engine.network import Network
from backprop_lessons.figures.base import FigureView, new_axes

COLUMN, ROW, RADIUS = 2.6, 1.6, 0.3   # layer spacing, neuron spacing, node radius (data units)
HIGHLIGHT = "darkorange"              # what highlight() outlines (the step-through's current step)


def _layout(network: Network) -> tuple[dict[str, np.ndarray], list[tuple[str, str, str]]]:
    """Node positions by name, and every edge as (parameter, from node, to node)."""
    layers = neuron_names(network)
    bottom = -ROW * (max(map(len, layers)) - 1) / 2 - ROW
    positions = {name: np.array([COLUMN * l, ROW * ((len(names) - 1) / 2 - j)])
                 for l, names in enumerate(layers) for j, name in enumerate(names)}
    edges = []
    for name, slot in parameter_slots(network).items():
        below, above = layers[slot.layer], layers[slot.layer + 1]
        if slot.kind == "weights":   # weights[l][j, k] joins neuron k below to neuron j above
            edges.append((name, below[slot.index[1]], above[slot.index[0]]))
            continue
        bias_node = f"b{slot.layer + 1}"   # one node per layer, for a shared bias or per-neuron ones
        positions.setdefault(bias_node, np.array([COLUMN * (slot.layer + 0.35), bottom]))
        shared = network.biases[slot.layer].shape[0] == 1
        edges += [(name, bias_node, target) for target in (above if shared else [above[slot.index[0]]])]
    return positions, edges


class NetworkDiagram(FigureView):
    """The drawn network: edge lines and labels, and the value text under every node."""

    def __init__(self, ax: Axes, network: Network, show_gradients: bool):
        """Draw nodes, edges and empty texts for `network`'s layout; update() fills the texts."""
        super().__init__(ax.figure)
        self.ax, self.network, self.show_gradients = ax, network, show_gradients
        positions, edges = _layout(network)
        self.lines, self.labels, self.values, self.circles = [], {}, {}, {}
        for name, start, end in edges:
            a, b = positions[start], positions[end]
            self.lines.append((name, ax.plot([a[0], b[0]], [a[1], b[1]], zorder=1)[0]))
            if name not in positions and name not in self.labels:   # a shared bias shows in its node
                angle = np.degrees(np.arctan2(b[1] - a[1], b[0] - a[0]))
                # slanted labels near their source, clear of crossings; bias labels near their neuron
                where = 0.5 if angle == 0 else 0.72 if start.startswith("b") else 0.25
                self.labels[name] = ax.text(*(a + where * (b - a)), "", rotation=angle, fontsize=8,
                                            ha="center", va="center", rotation_mode="anchor",
                                            bbox={"fc": "white", "ec": "none", "pad": 0.5}, zorder=3)
        for node, (x, y) in positions.items():
            colour = "lightyellow" if node.startswith("b") else "white"
            self.circles[node] = ax.add_patch(Circle((x, y), RADIUS, fc=colour, ec="black", zorder=2))
            ax.text(x, y, node, ha="center", va="center", fontsize=11, zorder=3)
            self.values[node] = ax.text(x, y - RADIUS - 0.08, "", ha="center", va="top", fontsize=8, zorder=3)
        # where each parameter's value is written: its edge label, or its node for a shared bias
        self.parameter_texts = {name: self.labels.get(name, self.values.get(name)) for name, _, _ in edges}
        xs, ys = np.array(list(positions.values())).T
        ax.set(xlim=(xs.min() - 0.9, xs.max() + 0.9), ylim=(ys.min() - 1.0, ys.max() + 0.6), aspect="equal")
        ax.axis("off")

    def highlight(self, names: Iterable[str] = ()) -> None:
        """Outline the named nodes ("h1") and edges ("w5") in orange, and no others; () clears it."""
        names, known = set(names), set(self.circles) | {name for name, _ in self.lines}
        if not names <= known:
            raise InvalidValueError(f"highlight names nodes or edges of this diagram; got {sorted(names - known)}")
        for node, circle in self.circles.items():
            circle.set(edgecolor=HIGHLIGHT if node in names else "black", linewidth=3.5 if node in names else 1)
        for name, line in self.lines:   # a halo under the line keeps its colour (the weight's sign)
            line.set_path_effects([withStroke(linewidth=9, foreground=HIGHLIGHT)] if name in names else [])

    def update(self, network: Network | None = None, inputs: ArrayLike | None = None,
               targets: ArrayLike | None = None) -> None:
        """Show `network`'s weights, and its values on `inputs` (first example), in place.

        With `targets`, the title shows E_total and, if the diagram was drawn with
        show_gradients, every weight and bias also shows dE_total/d(it).
        """
        network = self.network if network is None else network
        if list(parameter_slots(network)) != list(parameter_slots(self.network)):
            raise InvalidValueError(f"this diagram shows a {self.network.sizes} network; "
                                    f"got {network.sizes}: draw a new diagram for it")
        self.network = network
        gradients = self._show_values(network, inputs, targets)
        parameters = get_parameters(network)
        for name, line in self.lines:
            weight = parameters[name]
            line.set(color="tab:blue" if weight >= 0 else "tab:red", linewidth=0.5 + min(abs(weight), 4.0))
        for name, text in self.parameter_texts.items():
            in_node = text is self.values.get(name)   # a shared bias: its node already names it
            label = f"{parameters[name]:.4g}" if in_node else f"{name} = {parameters[name]:.4g}"
            if gradients is not None and self.show_gradients:
                label += f"\ndE/d{name} = {gradients[name]:.4g}"
            text.set_text(label)

    def _show_values(self, network: Network, inputs: ArrayLike | None,
                     targets: ArrayLike | None) -> dict[str, float] | None:
        """Write net/out under each neuron; return the gradients by name when `targets` are given."""
        for text in self.values.values():
            text.set_text("")
        self.ax.set_title("")
        if inputs is None:
            return None
        inputs, targets = network.check_data(inputs, targets)
        forward = network.forward(inputs)
        for l, names in enumerate(neuron_names(network)):
            for j, node in enumerate(names):
                out = forward.outs[l][0, j]
                self.values[node].set_text(f"{out:.4g}" if l == 0 else
                                           f"net {forward.nets[l - 1][0, j]:.4g}\nout {out:.4g}")
        if targets is None:
            return None
        self.ax.set_title(f"E_total = {network.loss.value(forward.outs[-1], targets):.9g}")
        return parameter_gradients(network, network.backward(forward, targets))


def draw_network(network: Network | None = None, inputs: ArrayLike | None = None,
                 targets: ArrayLike | None = None, *,
                 show_gradients: bool = False, ax: Axes | None = None) -> NetworkDiagram:
    """Draw `network` (default: the lecture's, on its example) with weights on the edges.

    Pass inputs (and targets) to show net/out on the nodes and E_total in the title;
    show_gradients=True adds dE_total/dw under each weight.
    """
    if network is None:
        network = lecture_network()
        inputs, targets = lecture_data() if inputs is None else (inputs, targets)
    width, height = COLUMN * (len(network.sizes) - 1) + 2, ROW * max(network.sizes) + 1.6
    diagram = NetworkDiagram(new_axes((width * 1.2, height * 1.2), ax, (0, 0, 1, 0.94)), network, show_gradients)
    diagram.update(network, inputs, targets)
    return diagram
