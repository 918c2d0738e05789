"""Where the network diagram's nodes and labels go: its two sizes, its layout, and label placement.

A Style says how large the diagram is drawn: FULL for a figure of its own, COMPACT for a slider
panel (figures/diagram.py draws with either). layout() puts each layer in a column and each
neuron in a row, the bias nodes below; place_labels() puts each edge's label on its own edge,
where it touches no node and no other label even at its widest and, where there is room, where
no other edge runs through it.
Non-goal: a general graph layout; this is the lecture's picture, for a few neurons per layer.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop_lessons.engine.naming import neuron_names, parameter_slots
from backprop_lessons.engine.network import Network
from backprop_lessons.figures.base import FONT, MIN_FONT, freest, padded_box

WIDEST = "-0.0008888"         # the widest number short() writes: labels are placed for it
TRIES = np.linspace(0.1, 0.9, 33)   # places along an edge; level edges prefer the middle, slanted ones
PREFERRED = (0.5, 0.74)             # the target's end, away from where slanted edges cross

@dataclass(frozen=True)
class Style:
    """How large the diagram is drawn (inches: one data unit is one inch; text in points)."""
    font: float                 # every text but the title
    column: float               # from one layer to the next
    row: float                  # from one neuron to the next in a layer (more if labels need it)
    box: tuple[float, float]    # a node's box, width and height
    compact: bool               # gradient labels on three lines, targets inside the output boxes
    widest_weight: str          # the widest weight a label is placed for
    legend_columns: int         # the legend's four entries in one row (4) or two (2)


FULL = Style(font=FONT, column=3.1, row=2.2, box=(1.15, 0.78), compact=False, widest_weight=WIDEST,
             legend_columns=4)
# For panels. Weights there are slider values (-1.99) or trained ones (-3.064, 0.2823); a weight of
# eight characters or more (-0.01234) is wider than placed for and may touch its neighbours.
COMPACT = Style(font=MIN_FONT, column=2.4, row=2.2, box=(1.0, 0.9), compact=True, widest_weight="-0.8888",
                legend_columns=2)


def layout(network: Network, style: Style, row: float) -> tuple[dict[str, np.ndarray], list[tuple[str, str, str]]]:
    """Node positions by name (`row` apart in a layer), and every edge as (parameter, from node, to node)."""
    layers = neuron_names(network)
    column = style.column
    bottom = -row * (max(map(len, layers)) - 1) / 2 - 0.6 * style.row
    positions = {name: np.array([column * l, row * ((len(names) - 1) / 2 - j)])
                 for l, names in enumerate(layers) for j, name in enumerate(names)}
    edges = []
    for name, slot in parameter_slots(network).items():
        below, above = layers[slot.layer], layers[slot.layer + 1]
        if slot.kind == "weights":   # weights[l][j, k] joins neuron k below to neuron j above
            edges.append((name, below[slot.index[1]], above[slot.index[0]]))
            continue
        bias_node = f"b{slot.layer + 1}"   # one node per layer, for a shared bias or per-neuron ones
        shared = network.biases[slot.layer].shape[0] == 1
        # a shared bias sits nearer the layer it feeds, so that its edges pass clear of the weights' labels;
        # per-neuron biases, with a label on each of their edges, need the longer run
        positions.setdefault(bias_node, np.array([column * (slot.layer + (0.6 if shared else 0.4)), bottom]))
        edges += [(name, bias_node, target) for target in (above if shared else [above[slot.index[0]]])]
    return positions, edges


def label_box(centre, size: tuple[float, float]) -> tuple[float, float, float, float]:
    """A placement box around `centre`, 0.06 in larger on each side than `size`."""
    return padded_box(centre, size, 0.06)


def place_labels(positions: dict[str, np.ndarray], edges: list[tuple[str, str, str]], sizes: dict[str, tuple],
                  taken: list[tuple], box: tuple[float, float]) -> tuple[dict[str, np.ndarray], int]:
    """A centre for each edge label of `sizes`, on its own edge between the nodes' boxes of size `box`: the
    first place that touches nothing `taken` and crosses no other edge (else no other label or node,
    crossing as few edges as it can); and how many labels found no place free of labels and nodes."""
    centres, clashes = {}, 0
    for name, start, end in sorted(edges, key=lambda e: abs(positions[e[1]][1] - positions[e[2]][1])):
        if name not in sizes or name in centres:
            continue
        a, b = positions[start], positions[end]
        d = b - a   # the part between the boxes: leave each box where the edge crosses its side or its top
        out = min(box[0] / 2 / max(abs(d[0]), 1e-9), box[1] / 2 / max(abs(d[1]), 1e-9))
        a, b = a + out * d, b - out * d
        preferred = PREFERRED[bool(abs(b[1] - a[1]) > 1e-9)]
        places = [a + t * (b - a) for t in sorted(TRIES, key=lambda t: abs(t - preferred))]
        others = [(positions[s], positions[e]) for n, s, e in edges if n != name]
        best, touched = freest([label_box(p, sizes[name]) for p in places], taken, others)
        centres[name] = places[best]
        clashes += touched > 0
        taken.append(label_box(centres[name], sizes[name]))
    return centres, clashes
