"""The computation graph of one forward pass: every node's value and grad, every arrow's share of the grad.

micrograd's draw_dot, drawn with matplotlib (no graphviz). Every number of the lecture's
forward pass is a node: the leaves i1, w5, b2, the products w5*out_h1, the sums net_o1,
the outputs out_o1, the errors E_o1 and E_total. The forward pass runs down the page:
arrows lead from a node into the operation (*, +, σ, ½(t-o)²) that uses it. The grad in
a node is dE_total/d(node), read from backprop; the number beside an arrow is the part of
the grad that flows back up that arrow, the result's grad times one local derivative:
    add       net_o1 = w5*out_h1 + w6*out_h2 + b2   sends grad(net_o1) to every input
    multiply  w5*out_h1                             sends grad * out_h1 to w5, grad * w5 to out_h1
    sum       grad(out_h1) = what w5*out_h1 sends + what w7*out_h1 sends
so a node's grad is the sum of the numbers on the arrows leaving it. focus="w5" draws only
the nodes from w5 to E_total and the inputs of each step; where a drawn node also feeds
nodes not drawn, a dashed arrow says how much of its grad comes from them.
Non-goal: an autograd engine; the values and grads come from network.py (via graph_nodes.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from numpy.typing import ArrayLike

from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.engine.network import Network
from backprop_lessons.engine.notation import short
from backprop_lessons.figures.base import (FONT, MIN_FONT, VERMILLION, FigureView, new_axes, overlap, padded_box,
                                           set_title, text_size)
from backprop_lessons.figures.diagram import HIGHLIGHT
from backprop_lessons.figures.graph_nodes import Node, computation_graph, focus_on, left_out
from backprop_lessons.lecture.example import lecture_defaults

__all__ = ["ComputationGraph", "Node", "computation_graph", "draw_computation_graph", "focus_on", "left_out"]

BOX = (1.42, 0.8)              # a node's box in inches (one data unit is one inch)
PITCH = (1.55, 1.6)            # distance between boxes side by side, and between levels
KEY = ("box: name, value from the forward pass,\n"
       r"      grad = $\dfrac{\partial E_{total}}{\partial\ \mathrm{box}}$" "\n"
       "orange number by an arrow: the part of the grad\n      it carries back up; a box's grad is their sum")
TRIES = [(t, side) for side in (0.0, 0.3, -0.3, 0.6, -0.6, 0.9, -0.9, 1.2, -1.2) for t in (0.45, 0.3, 0.6, 0.2, 0.7, 0.8, 0.12, 0.38, 0.52)]
STUB_KEY = "\ndashed: it comes back from nodes not drawn"


def _layout(nodes: dict[str, Node]) -> dict[str, tuple[float, float]]:
    """(x, y) of every node in inches: one level per step of the forward pass, downwards, E_total last.

    A leaf sits just above its first use. Levels are placed from E_total up: each node goes
    above the node it feeds, its inputs side by side in their order, then each level is
    pushed apart so no two boxes touch.
    """
    level = {}
    for node in nodes.values():   # computation order: a node's inputs come before it
        level[node.name] = 1 + max((level[i] for i in node.inputs), default=-1)
    users = {name: [n for n in nodes.values() if name in n.inputs] for name in nodes}
    for leaf in [name for name, node in nodes.items() if not node.inputs]:
        level[leaf] = min(level[u.name] for u in users[leaf]) - 1
    x, widest = {}, max(list(level.values()).count(d) for d in set(level.values()))
    limit = PITCH[0] * (widest - 1) / 2   # every level stays within the widest one's span
    for depth in sorted(set(level.values()), reverse=True):
        here = [n for n in nodes if level[n] == depth]
        for n in here:   # above the first node it feeds, shifted by its place among that node's inputs
            user = next((u for u in users[n] if u.name in x), None)
            x[n] = 0.0 if user is None else x[user.name] + PITCH[0] * (
                user.inputs.index(n) - (len(user.inputs) - 1) / 2)
        here.sort(key=x.get)
        wanted = np.mean([x[n] for n in here])
        for left, right in zip(here, here[1:]):
            x[right] = max(x[right], x[left] + PITCH[0])
        shift = wanted - np.mean([x[n] for n in here])
        shift = min(max(shift, -limit - x[here[0]]), limit - x[here[-1]])
        for n in here:
            x[n] += shift
    return {name: (x[name], -PITCH[1] * level[name]) for name in nodes}


class ComputationGraph(FigureView):
    """The drawn graph: a box per node with its value and grad, each arrow labelled with the grad it carries."""

    def __init__(self, ax: Axes, nodes: dict[str, Node], everything: dict[str, Node],
                 place: dict[str, tuple[float, float]], focus: str | None, own_figure: bool = True):
        """Draw the `nodes` of the whole graph `everything` at `place`: boxes, operations, arrows, empty labels."""
        super().__init__(ax.figure)
        self.ax, self.focus, self.nodes, self.place, self.texts, self.boxes = ax, focus, nodes, place, {}, {}
        self.edge_labels, self.stubs, self.missing = {}, {}, left_out(everything, nodes)
        taken = [_box(xy, BOX) for xy in place.values()]
        for name, (x, y) in place.items():
            self._draw_node(name, x, y)
            taken.append(_box((x, y + BOX[1] / 2 + 0.2), (0.5, 0.35)))   # the operation's symbol
        for name, (x, y) in place.items():
            for source in nodes[name].inputs:
                self._draw_edge(source, name, taken)
        for name in self.missing:
            self._draw_stub(name, taken)
        self._frame(own_figure)
        self.update_nodes(nodes, everything)

    def _draw_node(self, name: str, x: float, y: float) -> None:
        """A box with the node's name, value and grad; its operation symbol just above it."""
        node = self.nodes[name]
        parameter = re.fullmatch(r"[wb][0-9_]+", name) and not node.inputs
        colour = "#CCE3F2" if name == self.focus else "#FFF7D6" if parameter else "white"
        self.boxes[name] = self.ax.add_patch(FancyBboxPatch((x - BOX[0] / 2 + 0.04, y - BOX[1] / 2 + 0.04),
                                                            BOX[0] - 0.08, BOX[1] - 0.08, fc=colour,
                                                            boxstyle="round,pad=0.04", zorder=2))
        self.texts[name] = self.ax.text(x, y, "", ha="center", va="center", fontsize=MIN_FONT, zorder=3,
                                        linespacing=1.15)
        if node.inputs:
            self.ax.text(x, y + BOX[1] / 2 + 0.2, node.operation, ha="center", va="center", fontsize=FONT,
                         zorder=4, bbox={"boxstyle": "round,pad=0.15", "fc": "#EEEEEE", "ec": "grey"})

    def highlight(self, names: Iterable[str] = ()) -> None:
        """Outline the named nodes ("net_o1", "w5*out_h1") in orange, and no others; () clears it."""
        names = set(names)
        if not names <= set(self.boxes):
            raise InvalidValueError(f"highlight names nodes of this graph; got {sorted(names - set(self.boxes))}")
        for name, box in self.boxes.items():
            box.set(edgecolor=HIGHLIGHT if name in names else "black", linewidth=3 if name in names else 1)

    def _draw_edge(self, source: str, name: str, taken: list) -> None:
        """An arrow from `source`'s box down into `name`'s operation, and an empty label for what it carries back."""
        (xs, ys), (x, y) = self.place[source], self.place[name]
        start, end = np.array([xs, ys - BOX[1] / 2]), np.array([x, y + BOX[1] / 2 + 0.2])
        self.ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, shrinkA=0, shrinkB=10,
                                          color="grey", zorder=1))
        self.edge_labels[source, name] = self._label(start, end, taken)

    def _draw_stub(self, name: str, taken: list) -> None:
        """A dashed arrow from `name` to the side: where the grad from nodes not drawn comes back."""
        x, y = self.place[name]
        start = np.array([x + BOX[0] / 2, y - BOX[1] / 4])
        end = start + [0.55, -0.45]
        self.ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, linestyle="--",
                                          color=VERMILLION, zorder=1))
        self.stubs[name] = self._label(start, end + [0.5, -0.1], taken, tries=((1.0, 0.0),))

    def _label(self, start: np.ndarray, end: np.ndarray, taken: list, tries=TRIES, ha: str = "center"):
        """An empty text by the segment start-end: the first of `tries` (fraction along it, sideways shift
        in inches) that touches nothing taken, or the one that touches least."""
        size = text_size("-0.0008888", MIN_FONT)
        places = [start + t * (end - start) + [side, 0.0] for t, side in tries]
        clash = [sum(overlap(_box(p, size), other) for other in taken) for p in places]
        where = places[int(np.argmin(clash))]
        taken.append(_box(where, size))
        return self.ax.text(*where, "", ha=ha, va="center", fontsize=MIN_FONT, color=VERMILLION, zorder=5,
                            bbox={"fc": "white", "ec": "none", "pad": 0.5})

    def _frame(self, own_figure: bool) -> None:
        """Limits so one data unit is one inch; the key below the graph."""
        key = KEY + (STUB_KEY if self.stubs else "")
        xs, ys = np.array(list(self.place.values())).T
        low = (xs.min() - BOX[0] / 2 - 0.15, ys.min() - BOX[1] / 2 - text_size(key)[1] - 0.5)   # + the fraction
        high = (xs.max() + BOX[0] / 2 + (1.6 if self.stubs else 0.15), ys.max() + BOX[1] / 2 + 0.15)
        self.ax.set(xlim=(low[0], high[0]), ylim=(low[1], high[1]), aspect="equal")
        self.ax.axis("off")
        if own_figure:
            self.ax.figure.set_size_inches(high[0] - low[0], high[1] - low[1] + 0.45)
            self.ax.set_position((0, 0, 1, (high[1] - low[1]) / (high[1] - low[1] + 0.45)))
        self.ax.text(low[0] + 0.1, low[1] + 0.05, key, fontsize=FONT, va="bottom", ha="left", color="black")

    def update(self, network: Network | None = None, inputs: ArrayLike | None = None,
               targets: ArrayLike | None = None) -> None:
        """Recompute every value and grad for `network` on one example (default: the lecture's)."""
        nodes = computation_graph(*lecture_defaults(network, inputs, targets))
        self.update_nodes(nodes if self.focus is None else focus_on(nodes, self.focus), nodes)

    def update_nodes(self, nodes: dict[str, Node], everything: dict[str, Node] | None = None) -> None:
        """Write each node's name, value and grad into its box, and each arrow's grad beside it, in place."""
        if list(nodes) != list(self.nodes):
            raise InvalidValueError("this graph was drawn for another network: draw a new one")
        self.nodes, everything = nodes, everything or nodes
        for name, node in nodes.items():
            self.texts[name].set_text(f"{name}\nvalue {short(node.value)}\ngrad {short(node.grad)}")
            for source, sent in zip(node.inputs, node.sends):
                self.edge_labels[source, name].set_text(short(sent))
        self.missing = left_out(everything, nodes)
        for name, text in self.stubs.items():
            text.set_text(short(self.missing[name]))
        set_title(self.ax, "Computation graph" + (f": {self.focus} to E_total" if self.focus else "")
                  + ", forward pass downwards")

    def description(self) -> str:
        """Every box's value and grad, what each arrow carries back, and what comes from nodes not drawn."""
        parts = [f"Computation graph of one forward pass{f', from {self.focus} to E_total' if self.focus else ''}: "
                 f"each box holds a value and its grad dE_total/d(box); the grad of a box is the sum of what "
                 f"the arrows leaving it carry back."]
        for name, node in self.nodes.items():
            text = f"{name} = {short(node.value)}, grad {short(node.grad)}"
            received = [f"{short(s)} from {user.name}" for user in self.nodes.values()
                        for i, s in zip(user.inputs, user.sends) if i == name]
            if name in self.missing:
                received.append(f"{short(self.missing[name])} from nodes not drawn")
            if len(received) > 1:
                text += " (" + " + ".join(received) + ")"
            parts.append(text + ".")
        return " ".join(parts)


def _box(centre, size: tuple[float, float]) -> tuple[float, float, float, float]:
    """A placement box around `centre`, 0.05 in larger on each side than `size`."""
    return padded_box(centre, size, 0.05)


def draw_computation_graph(focus: str | None = "w5", network: Network | None = None,
                           inputs: ArrayLike | None = None, targets: ArrayLike | None = None, *,
                           ax: Axes | None = None) -> ComputationGraph:
    """Draw the forward pass as a graph of values and grads: `focus`'s chain to E_total, or all (None).

    Defaults to the lecture's network and example; `focus` can be any node, e.g. "w1"
    shows both paths from w1 to E_total, through out_o1 and out_o2.
    """
    everything = computation_graph(*lecture_defaults(network, inputs, targets))
    nodes = everything if focus is None else focus_on(everything, focus)
    return ComputationGraph(new_axes((8, 8), ax), nodes, everything, _layout(nodes), focus, own_figure=ax is None)
