"""The network diagram: neurons, bias nodes and weighted edges, labelled with the lecture's names.

It draws the lecture's "Network Structure" and "Initial weights" slides (pictures the
text leaves out) for the 2-2-2 network or any small Network: inputs i1, i2 on the left,
hidden h1, h2, outputs o1, o2 (their targets beside them), bias nodes b1, b2 below, and
edges w1 .. w8 where
    net_h1 = w1*i1 + w2*i2 + b1     net_o1 = w5*out_h1 + w6*out_h2 + b2
    net_h2 = w3*i1 + w4*i2 + b1     net_o2 = w7*out_h1 + w8*out_h2 + b2
An edge is blue and solid for a positive weight, vermillion and dashed for a negative one,
and thicker when larger (a legend says so). Each node box holds its net and out; each edge
label its weight and, with show_gradients, ∂E/∂w. Labels are placed once, where they touch
no node and no other label even at their widest, on their own edge and, where there is room,
where no other edge runs through them; update() rewrites the texts in place.
Names are plain Unicode (∂E/∂w₅): mathtext costs 25-65 ms per label on every redraw.
Two sizes (Style): FULL for a figure of its own, 12-pt text; COMPACT for a slider panel, where
the diagram shares a 1366x768 screen with its controls and is drawn at the size it is shown
(11-pt text, never scaled down): narrower columns, a gradient label on three lines, and each
target inside its output's box.
Non-goal: drawing networks of more than a few neurons per layer.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch
from matplotlib.patheffects import withStroke
from numpy.typing import ArrayLike

from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.engine.naming import get_parameters, neuron_names, parameter_gradients, parameter_slots
from backprop_lessons.engine.network import Network
from backprop_lessons.engine.notation import short, unicode_name
from backprop_lessons.figures.base import BLUE, LINE_SPACING, VERMILLION, FigureView, new_axes, set_title, text_size
from backprop_lessons.figures.diagram_layout import COMPACT, FULL, WIDEST, Style, label_box, layout, place_labels
from backprop_lessons.lecture.example import lecture_data, lecture_network

HIGHLIGHT = "#E69F00"          # Okabe-Ito orange: what highlight() outlines (the step-through's step)
LEGEND_HEIGHT = 0.6           # inches below the diagram for a row of the legend
TITLE_HEIGHT = 0.45           # inches above it for the title


def gradient_name(name: str) -> str:
    """∂E/∂w₅ for w5 (∂E/∂b₁,₂ for b1_2, ∂E/∂w²₁₃ for w_2_1_3): the label of dE_total/d(name)."""
    return f"∂E/∂{unicode_name(name)}"


def edge_style(weight: float) -> dict[str, object]:
    """How an edge of `weight` is drawn: colour and line style by sign, width by size (capped at 4)."""
    return {"color": BLUE if weight >= 0 else VERMILLION, "linestyle": "-" if weight >= 0 else "--",
            "linewidth": 0.8 + 1.2 * min(abs(weight), 4.0)}


class NetworkDiagram(FigureView):
    """The drawn network: edge lines and labels, node boxes with their values, targets beside the outputs."""

    def __init__(self, ax: Axes, network: Network, show_gradients: bool, own_figure: bool = True,
                 style: Style = FULL):
        """Draw nodes, edges and empty texts for `network`'s layout in `style`; update() fills the texts.

        With `own_figure`, the figure is resized so that one data unit is one inch.
        """
        super().__init__(ax.figure)
        self.ax, self.network, self.show_gradients, self.style = ax, network, show_gradients, style
        self.numbers: dict[str, object] = {}   # what update() last showed, for description()
        self.outputs = neuron_names(network)[-1]
        positions, edges, centres = self._arrangement(network)
        self.lines = [(name, ax.plot(*np.array([positions[s], positions[e]]).T, zorder=1)[0])
                      for name, s, e in edges]
        self.values, self.labels, self.targets, self.boxes = {}, {}, {}, {}
        for node, centre in positions.items():
            self._draw_node(node, centre)
        box, font = style.box, style.font
        if not style.compact:   # beside the outputs; a compact diagram writes them inside the boxes
            for node in self.outputs:
                self.targets[node] = ax.text(*(positions[node] + [box[0] / 2 + 0.15, 0]), "", fontsize=font,
                                             ha="left", va="center", zorder=3)
        for name, centre in centres.items():
            self.labels[name] = ax.text(*centre, "", fontsize=font, ha="center", va="center", zorder=3,
                                        bbox={"fc": "white", "ec": "none", "pad": 1.0})
        shared_biases = [node for node in positions if node in dict(self.lines)]   # b1 names a node and a bias
        self.bias_gradients = {node: ax.text(*(positions[node] - [0, box[1] / 2 + 0.12]), "", fontsize=font,
                                             ha="center", va="top", zorder=3) for node in shared_biases}
        self._frame(positions, resize=own_figure)

    def _arrangement(self, network: Network) -> tuple[dict, list, dict]:
        """Node positions, edges and label centres; rows spread further apart until no label clashes."""
        # gradient labels need more room between neurons when more than the lecture's 4 edges share a gap
        crowd = max(len(network.weights[l].flat) + (network.biases[l].shape[0] > 1) * len(network.biases[l])
                    for l in range(len(network.weights)))
        box, font = self.style.box, self.style.font
        row = self.style.row * max(1.0, np.sqrt(crowd / 4)) if self.show_gradients else self.style.row
        for _ in range(3):
            positions, edges = layout(network, self.style, row)
            taken = [label_box(centre, box) for centre in positions.values()]
            if not self.style.compact:
                taken += [label_box(positions[node] + [box[0] / 2 + 0.15 + 0.65, 0], text_size(f"target {WIDEST}", font))
                          for node in self.outputs]
            taken += [label_box(positions[node] - [0, box[1] / 2 + 0.3], text_size(f"∂E/∂b₁ = {WIDEST}", font))
                      for node in positions if node.startswith("b")]   # a shared bias: ∂E/∂b under its node
            sizes = {name: text_size(self._label(name, self.style.widest_weight, WIDEST), font)
                     for name, _, _ in edges if name not in positions}
            centres, clashes = place_labels(positions, edges, sizes, taken, box)
            if not clashes:
                break
            row *= 1.25
        return positions, edges, centres

    def _draw_node(self, node: str, centre: np.ndarray) -> None:
        """A rounded box at `centre` holding the node's name (bold) and an empty value text below it."""
        colour = "#FFF7D6" if node.startswith("b") else "white"
        box, font = self.style.box, self.style.font
        top = centre[1] + box[1] / 2 - 0.06
        self.boxes[node] = self.ax.add_patch(FancyBboxPatch(centre - np.array(box) / 2 + 0.05, box[0] - 0.1,
                                                            box[1] - 0.1, boxstyle="round,pad=0.05", fc=colour,
                                                            ec="black", zorder=2))
        self.ax.text(centre[0], top, node, fontsize=font, fontweight="bold", ha="center", va="top", zorder=3)
        self.values[node] = self.ax.text(centre[0], top - 1.2 * font * LINE_SPACING / 72, "", fontsize=font,
                                         ha="center", va="top", zorder=3, linespacing=1.0)

    def highlight(self, names: Iterable[str] = ()) -> None:
        """Outline the named nodes ("h1") and edges ("w5") in orange, and no others; () clears it."""
        names, known = set(names), set(self.boxes) | {name for name, _ in self.lines}
        if not names <= known:
            raise InvalidValueError(f"highlight names nodes or edges of this diagram; got {sorted(names - known)}")
        for node, box in self.boxes.items():
            box.set(edgecolor=HIGHLIGHT if node in names else "black", linewidth=3.5 if node in names else 1)
        for name, line in self.lines:   # a halo under the line keeps its colour and dash (the weight's sign)
            line.set_path_effects([withStroke(linewidth=9, foreground=HIGHLIGHT)] if name in names else [])

    def reveal(self, neurons: Iterable[str] | None = None) -> None:
        """Show net and out only in the named neurons (None: all; inputs always), and E_total in the title only
        when "E_total" is named: what a step-through has computed so far. update() shows everything again."""
        shown = self.numbers.get("values", {})
        for node, text in self.values.items():
            if node in shown:
                text.set_visible(neurons is None or node in neurons or node.startswith(("i", "b")))
        self.ax.title.set_visible(neurons is None or "E_total" in neurons)

    def _label(self, name: str, weight: str, gradient: str | None) -> str:
        """The label of edge `name`: its weight and, with show_gradients, ∂E/∂(it) (a compact style
        breaks that onto two lines, name then value)."""
        label = f"{unicode_name(name)} = {weight}"
        if not self.show_gradients or gradient is None:
            return label
        return f"{label}\n{gradient_name(name)} =" + ("\n" if self.style.compact else " ") + gradient

    def _frame(self, positions: dict[str, np.ndarray], resize: bool) -> None:
        """Limits so one data unit is one inch of the figure (if `resize`); a legend for colour, dash and width."""
        xs, ys = np.array(list(positions.values())).T
        box, font = self.style.box, self.style.font
        beside = 0.0 if self.style.compact else 0.15 + text_size(f"target {WIDEST}", font)[0]
        legend_rows = 4 // self.style.legend_columns
        under = 0.45 if self.bias_gradients and self.show_gradients else 0.1   # ∂E/∂b under a bias node
        low = (xs.min() - box[0] / 2 - 0.2, ys.min() - box[1] / 2 - under - LEGEND_HEIGHT * (1 + legend_rows) / 2)
        high = (xs.max() + box[0] / 2 + 0.15 + beside, ys.max() + box[1] / 2 + 0.2)
        self.ax.set(xlim=(low[0], high[0]), ylim=(low[1], high[1]), aspect="equal")
        if resize:   # the title goes in a strip above the axes
            width, height = high[0] - low[0], high[1] - low[1]
            self.ax.figure.set_size_inches(width, height + TITLE_HEIGHT)
            self.ax.set_position((0, 0, 1, height / (height + TITLE_HEIGHT)))
        self.ax.axis("off")
        handles = [Line2D([], [], **edge_style(0.5)), Line2D([], [], **edge_style(-0.5)),
                   Line2D([], [], color="grey", linewidth=edge_style(0.2)["linewidth"]),
                   Line2D([], [], color="grey", linewidth=edge_style(2.0)["linewidth"])]
        self.ax.legend(handles, ["weight > 0", "weight < 0", "|weight| 0.2", "|weight| 2"], loc="lower center",
                       ncol=self.style.legend_columns, fontsize=font, frameon=False, handlelength=2.5, borderaxespad=0.1)

    def update(self, network: Network | None = None, inputs: ArrayLike | None = None,
               targets: ArrayLike | None = None) -> None:
        """Show `network`'s weights, and its values on `inputs` (first example), in place.

        With `targets`, the title shows E_total, the outputs their targets and, if the diagram
        was drawn with show_gradients, every weight and bias also shows ∂E_total/∂(it).
        """
        network = self.network if network is None else network
        if list(parameter_slots(network)) != list(parameter_slots(self.network)):
            raise InvalidValueError(f"this diagram shows a {self.network.sizes} network; "
                                    f"got {network.sizes}: draw a new diagram for it")
        self.network = network
        gradients = self._show_values(network, inputs, targets)
        gradients = gradients if self.show_gradients else None
        parameters = get_parameters(network)
        self.numbers.update(parameters=parameters, gradients=gradients)
        for name, line in self.lines:
            line.set(**edge_style(parameters[name]))
        for name, text in self.labels.items():
            text.set_text(self._label(name, short(parameters[name]), None if gradients is None else short(gradients[name])))
        for node, text in self.bias_gradients.items():   # a shared bias: value in its node, gradient below
            self.values[node].set_text(short(parameters[node]))
            text.set_text("" if gradients is None else f"{gradient_name(node)} = {short(gradients[node])}")

    def _show_values(self, network: Network, inputs: ArrayLike | None,
                     targets: ArrayLike | None) -> dict[str, float] | None:
        """Write net/out in each neuron, targets beside the outputs; return the gradients when targets are given."""
        for text in [*self.values.values(), *self.targets.values()]:
            text.set_text("")
        set_title(self.ax, "")
        self.numbers = {"values": {}, "targets": {}, "E_total": None}
        if inputs is None:
            return None
        inputs, targets = network.valid_data(inputs, targets)
        forward = network.forward(inputs)
        for l, names in enumerate(neuron_names(network)):
            for j, node in enumerate(names):
                out, net = forward.outs[l][0, j], forward.nets[l - 1][0, j] if l else None
                self.values[node].set_text(short(out) if l == 0 else f"net {short(net)}\nout {short(out)}")
                self.numbers["values"][node] = out
        if targets is None:
            return None
        for node, target in zip(self.outputs, targets[0]):
            if self.style.compact:   # a third line in the output's box
                self.values[node].set_text(f"{self.values[node].get_text()}\ntarget {short(target)}")
            else:
                self.targets[node].set_text(f"target {short(target)}")
            self.numbers["targets"][node] = target
        self.numbers["E_total"] = network.loss.value(forward.outs[-1], targets)
        set_title(self.ax, f"E_total = {short(self.numbers['E_total'], 9)}")
        return parameter_gradients(network, network.backward(forward, targets))

    def description(self) -> str:
        """The network's shape, its inputs, weights, outputs with targets, E_total and gradients, in words."""
        sizes = "-".join(map(str, self.network.sizes))
        layers = neuron_names(self.network)
        parts = [f"Network diagram of the {sizes} network: inputs {', '.join(layers[0])}, "
                 f"outputs {', '.join(layers[-1])}; edges blue and solid for positive weights, "
                 f"vermillion and dashed for negative ones, thicker when larger."]
        values, targets = self.numbers.get("values", {}), self.numbers.get("targets", {})
        if values:
            parts.append("Inputs " + ", ".join(f"{n} = {short(values[n])}" for n in layers[0]) + ".")
        parts.append("Parameters " + ", ".join(f"{n} = {short(v)}" for n, v in self.numbers["parameters"].items())
                     + ".")
        if values and len(layers) > 2:
            parts.append("Hidden outputs " + ", ".join(f"out_{n} = {short(values[n])}"
                                                      for layer in layers[1:-1] for n in layer) + ".")
        if values:
            parts.append("Outputs " + ", ".join(
                f"out_{n} = {short(values[n])}" + (f" (target {short(targets[n])})" if n in targets else "")
                for n in layers[-1]) + ".")
        if self.numbers.get("E_total") is not None:
            parts.append(f"E_total = {short(self.numbers['E_total'], 9)}.")
        if self.numbers.get("gradients"):
            parts.append("Gradients " + ", ".join(f"dE_total/d{n} = {short(g)}"
                                                  for n, g in self.numbers["gradients"].items()) + ".")
        return " ".join(parts)


def draw_network(network: Network | None = None, inputs: ArrayLike | None = None,
                 targets: ArrayLike | None = None, *,
                 show_gradients: bool = False, compact: bool = False, ax: Axes | None = None) -> NetworkDiagram:
    """Draw `network` (default: the lecture's, on its example) with weights on the edges.

    Pass inputs (and targets) to show net/out in the nodes, targets beside the outputs
    and E_total in the title; show_gradients=True adds ∂E_total/∂w under each weight;
    compact=True draws it in the COMPACT style, for a slider panel.
    """
    if network is None:
        network = lecture_network()
        inputs, targets = lecture_data() if inputs is None else (inputs, targets)
    diagram = NetworkDiagram(new_axes((8, 6), ax), network, show_gradients, own_figure=ax is None,
                             style=COMPACT if compact else FULL)
    diagram.update(network, inputs, targets)
    return diagram
