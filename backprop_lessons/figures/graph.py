"""The computation graph of one forward pass: every node's value and gradient, every arrow's share of it.

micrograd's draw_dot, drawn with matplotlib (no graphviz). Every number of the lecture's
forward pass is a node: the leaves i1, w5, b2, the products w5*out_h1, the sums net_o1,
the outputs out_o1, the errors E_o1 and E_total. The forward pass runs down the page:
arrows lead from a node into the operation (*, +, σ, ½(t-o)²) that uses it. A node's box
holds its value and ∂E/∂(node), short for dE_total/d(node) (read from backprop); the number
on an arrow is the part of it that flows back up that arrow, the result's gradient times
one local derivative:
    add       net_o1 = w5*out_h1 + w6*out_h2 + b2   sends ∂E/∂net_o1 to every input
    multiply  w5*out_h1                             sends ∂E/∂(w5*out_h1) * out_h1 to w5,
                                                    ∂E/∂(w5*out_h1) * w5 to out_h1
    sum       ∂E/∂out_h1 = what w5*out_h1 sends + what w7*out_h1 sends
so a node's gradient is the sum of the numbers on the arrows leaving it. Each number sits
on its own arrow, near its tail, where no other arrow passes. focus="w5" draws only the
nodes from w5 to E_total and the inputs of each step; where a drawn node also feeds nodes
not drawn, a dashed arrow says how much of its gradient comes from them.
Non-goal: an autograd engine; the values and gradients come from network.py (via graph_nodes.py).
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
from backprop_lessons.engine.notation import short, unicode_name
from backprop_lessons.figures.base import (FONT, MIN_FONT, VERMILLION, FigureView, freest, new_axes, padded_box,
                                           set_title, text_size)
from backprop_lessons.figures.diagram import HIGHLIGHT
from backprop_lessons.figures.graph_nodes import Node, computation_graph, focus_on, left_out
from backprop_lessons.lecture.example import lecture_defaults

__all__ = ["ComputationGraph", "Node", "computation_graph", "draw_computation_graph", "focus_on", "left_out"]

BOX = (1.42, 1.0)              # a node's box in inches (one data unit is one inch), at least
GAP = (0.13, 1.05)             # inches between boxes side by side, and between levels
KEY = ("in a box: its name, its value from the forward pass,\n"
       "      and ∂E/∂(box), short for dE_total/d(box)\n"
       "orange number on an arrow: what it carries back up;\n"
       "      ∂E/∂(box) is the sum of those on the arrows leaving the box")
# places for an arrow's label: on the arrow (a fraction along it, near its tail first), else beside it
TRIES = [(t, side) for side in (0.0, 0.25, -0.25, 0.5, -0.5, 0.75, -0.75)
         for t in (0.28, 0.38, 0.2, 0.48, 0.58, 0.68, 0.12, 0.78, 0.86)]
STUB_KEY = "\ndashed: what comes back from boxes not drawn"


def bracketed(name: str) -> str:
    """A node's name as it stands after ∂ or d: out_h1 as it is, a product in brackets, (w5*out_h1)."""
    return name if re.fullmatch(r"\w+", name) else f"({name})"


def node_gradient_name(name: str) -> str:
    """∂E/∂out_h1 for a node out_h1, ∂E/∂(w₅*out_h1) for a product (parameters written as in every
    figure, notation.unicode_name): the label of dE_total/d(node). Where that is wider than a box
    (w_2_1_1*out_h1), every box of the graph says ∂E/∂(box), as the key does."""
    return "∂E/∂" + bracketed(re.sub(r"[A-Za-z]\w*", lambda m: unicode_name(m.group(0)), name))


def _fits(nodes: dict[str, Node]) -> bool:
    """Whether every node's node_gradient_name fits in its box."""
    return all(text_size(node_gradient_name(name), MIN_FONT)[0] <= BOX[0] for name in nodes)


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
    pitch = (BOX[0] + GAP[0], BOX[1] + GAP[1])
    x, widest = {}, max(list(level.values()).count(d) for d in set(level.values()))
    limit = pitch[0] * (widest - 1) / 2   # every level stays within the widest one's span
    for depth in sorted(set(level.values()), reverse=True):
        here = [n for n in nodes if level[n] == depth]
        for n in here:   # above the first node it feeds, shifted by its place among that node's inputs
            user = next((u for u in users[n] if u.name in x), None)
            if user is None:
                x[n] = 0.0
                continue
            inputs = _facing(user, users, x)
            x[n] = x[user.name] + pitch[0] * (inputs.index(n) - (len(inputs) - 1) / 2)
        here.sort(key=lambda n: (x[n], -len(users[n])))   # a tie: the input shared by two nodes goes first
        wanted = np.mean([x[n] for n in here])
        for left, right in zip(here, here[1:]):
            x[right] = max(x[right], x[left] + pitch[0])
        shift = wanted - np.mean([x[n] for n in here])
        shift = min(max(shift, -limit - x[here[0]]), limit - x[here[-1]])
        for n in here:
            x[n] += shift
    return {name: (x[name], -pitch[1] * level[name]) for name in nodes}


def _facing(user: Node, users: dict[str, list[Node]], x: dict[str, float]) -> list[str]:
    """`user`'s inputs in the order they are drawn above it: an input it shares with a node to its left
    first, one shared with a node to its right last, so that their arrows do not cross."""
    def side(name: str) -> float:
        others = [x[u.name] - x[user.name] for u in users[name] if u is not user and u.name in x]
        return float(np.sign(np.mean(others))) if others else 0.0
    return sorted(user.inputs, key=side)


class ComputationGraph(FigureView):
    """The drawn graph: a box per node with its value and gradient, each arrow labelled with the part it carries."""

    def __init__(self, ax: Axes, nodes: dict[str, Node], everything: dict[str, Node],
                 place: dict[str, tuple[float, float]], focus: str | None, own_figure: bool = True):
        """Draw the `nodes` of the whole graph `everything` at `place`: boxes, operations, arrows, empty labels."""
        super().__init__(ax.figure)
        self.ax, self.focus, self.nodes, self.place, self.texts, self.boxes = ax, focus, nodes, place, {}, {}
        self.named = _fits(nodes)   # each box's gradient by its name (∂E/∂w₅), or ∂E/∂(box) in all of them
        self.edge_labels, self.stubs, self.missing = {}, {}, left_out(everything, nodes)
        taken = [_box(xy, BOX) for xy in place.values()]
        for name, (x, y) in place.items():
            self._draw_node(name, x, y)
            taken.append(_box((x, y + BOX[1] / 2 + 0.2), (0.5, 0.35)))   # the operation's symbol
        self.arrows = {(source, name): (np.array([place[source][0], place[source][1] - BOX[1] / 2]),
                                        np.array([x, y + BOX[1] / 2 + 0.2]))
                       for name, (x, y) in place.items() for source in nodes[name].inputs}
        for source, name in self.arrows:
            self._draw_edge(source, name, taken)
        for name in self.missing:
            self._draw_stub(name, taken)
        self._frame(own_figure)
        self.update_nodes(nodes, everything)

    def _draw_node(self, name: str, x: float, y: float) -> None:
        """A box with the node's name, value and gradient; its operation symbol just above it."""
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
        """An arrow from `source`'s box down into `name`'s operation, and an empty label on it for what it
        carries back: on the arrow itself, where no other arrow passes, so it reads as that arrow's."""
        start, end = self.arrows[source, name]
        self.ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, shrinkA=0, shrinkB=10,
                                          color="grey", zorder=1))
        others = [arrow for key, arrow in self.arrows.items() if key != (source, name)]
        self.edge_labels[source, name] = self._label(start, end, taken, others=others)

    def _draw_stub(self, name: str, taken: list) -> None:
        """A dashed arrow from `name` to the side: where the gradient from nodes not drawn comes back."""
        x, y = self.place[name]
        start = np.array([x + BOX[0] / 2, y - BOX[1] / 4])
        end = start + [0.55, -0.45]
        self.ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, linestyle="--",
                                          color=VERMILLION, zorder=1))
        self.stubs[name] = self._label(start, end + [0.5, -0.1], taken, tries=((1.0, 0.0),))

    def _label(self, start: np.ndarray, end: np.ndarray, taken: list, tries=TRIES, ha: str = "center",
               others: list = ()):
        """An empty text by the segment start-end: the first of `tries` (fraction along it, sideways shift
        in inches) that touches nothing taken and crosses none of the `others` segments; else the one
        that touches nothing and crosses fewest; else the one that touches least."""
        size = text_size("-0.0008888", MIN_FONT)
        places = [start + t * (end - start) + [side, 0.0] for t, side in tries]
        where = places[freest([_box(p, size) for p in places], taken, others)[0]]
        taken.append(_box(where, size))
        return self.ax.text(*where, "", ha=ha, va="center", fontsize=MIN_FONT, color=VERMILLION, zorder=5,
                            bbox={"fc": "white", "ec": "none", "pad": 0.5})

    def _frame(self, own_figure: bool) -> None:
        """Limits so one data unit is one inch; the key below the graph."""
        key = (KEY + "\nyellow box: a weight or a bias" + (f"; blue: {self.focus}, the one followed" if self.focus else "")
               + (STUB_KEY if self.stubs else ""))
        xs, ys = np.array(list(self.place.values())).T
        low = (xs.min() - BOX[0] / 2 - 0.15, ys.min() - BOX[1] / 2 - text_size(key)[1] - 0.3)
        high = (xs.max() + BOX[0] / 2 + (1.6 if self.stubs else 0.15), ys.max() + BOX[1] / 2 + 0.15)
        self.ax.set(xlim=(low[0], high[0]), ylim=(low[1], high[1]), aspect="equal")
        self.ax.axis("off")
        if own_figure:
            self.ax.figure.set_size_inches(high[0] - low[0], high[1] - low[1] + 0.45)
            self.ax.set_position((0, 0, 1, (high[1] - low[1]) / (high[1] - low[1] + 0.45)))
        self.ax.text(low[0] + 0.1, low[1] + 0.05, key, fontsize=FONT, va="bottom", ha="left", color="black")

    def update(self, network: Network | None = None, inputs: ArrayLike | None = None,
               targets: ArrayLike | None = None) -> None:
        """Recompute every value and gradient for `network` on one example (default: the lecture's)."""
        nodes = computation_graph(*lecture_defaults(network, inputs, targets))
        self.update_nodes(nodes if self.focus is None else focus_on(nodes, self.focus), nodes)

    def update_nodes(self, nodes: dict[str, Node], everything: dict[str, Node] | None = None) -> None:
        """Write each node's name, value and gradient into its box, and each arrow's share on it, in place."""
        if list(nodes) != list(self.nodes):
            raise InvalidValueError("this graph was drawn for another network: draw a new one")
        self.nodes, everything = nodes, everything or nodes
        self.reveal()
        self.missing = left_out(everything, nodes)
        for name, text in self.stubs.items():
            text.set_text(short(self.missing[name]))
        set_title(self.ax, "Computation graph" + (f": {self.focus} to E_total" if self.focus else "")
                  + ", forward pass downwards")

    def reveal(self, values: Iterable[str] | None = None, gradients: Iterable[str] | None = None) -> None:
        """Show only the named nodes' values and gradients (None: all), "…" for the rest, and the number on an
        arrow only once the gradient of the node it leads into is shown: what a step-through has computed."""
        values = set(self.nodes) if values is None else set(values)
        gradients = set(self.nodes) if gradients is None else set(gradients)
        for name, node in self.nodes.items():
            label = node_gradient_name(name) if self.named else "∂E/∂(box)"
            value = short(node.value) if name in values else "…"
            grad = short(node.grad) if name in gradients else "…"
            self.texts[name].set_text(f"{name}\nvalue {value}\n{label}\n= {grad}")
            for source, sent in zip(node.inputs, node.sends):
                self.edge_labels[source, name].set_text(short(sent) if name in gradients else "")

    def description(self) -> str:
        """Every box's value and gradient, what each arrow carries back, and what comes from nodes not drawn."""
        parts = [f"Computation graph of one forward pass{f', from {self.focus} to E_total' if self.focus else ''}: "
                 f"each box holds a value and dE_total/d(box), which is the sum of what the arrows leaving the box "
                 f"carry back."]
        for name, node in self.nodes.items():
            text = f"{name} = {short(node.value)}, dE_total/d{bracketed(name)} = {short(node.grad)}"
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
    """Draw the forward pass as a graph of values and gradients: `focus`'s chain to E_total, or all (None).

    Defaults to the lecture's network and example; `focus` can be any node, e.g. "w1"
    shows both paths from w1 to E_total, through out_o1 and out_o2.
    """
    everything = computation_graph(*lecture_defaults(network, inputs, targets))
    nodes = everything if focus is None else focus_on(everything, focus)
    return ComputationGraph(new_axes((8, 8), ax), nodes, everything, _layout(nodes), focus, own_figure=ax is None)
