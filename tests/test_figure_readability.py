"""Figures a lecturer can project: no text under 11 pt as displayed, no two texts on top of each other.

Each figure is drawn for the lecture's network and for others (a 3-3-2 network with shared
biases, the classifier of notebook 8), rendered, and every visible text's box is taken from
matplotlib after the draw (get_window_extent). As displayed means: a PNG at figures.base.DPI
pixels per inch is shown at 1 CSS pixel per pixel, the same size as the panels' SVG, and no
figure is wider than MAX_WIDTH inches, so nothing is shrunk to fit a 1366-pixel window.
"""
import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.patches import FancyBboxPatch
from matplotlib.legend import Legend
from matplotlib.text import Text

from backprop_lessons.engine.datasets import two_moons, xor
from backprop_lessons.engine.naming import get_parameters
from backprop_lessons.engine.network import Network
from backprop_lessons.figures.base import DPI, MAX_WIDTH, MIN_FONT, crossings
from backprop_lessons.engine.cost import Timing
from backprop_lessons.figures.boundary import plot_decision_boundary
from backprop_lessons.figures.cost import plot_gradient_cost
from backprop_lessons.figures.diagram import draw_network, edge_style
from backprop_lessons.figures.error_surface import plot_error_surface
from backprop_lessons.engine.gradient_flow import gradient_flow
from backprop_lessons.figures.gradient_flow import plot_layer_sizes
from backprop_lessons.figures.digits import plot_confusion, plot_digit_losses, plot_digits
from backprop_lessons.figures.modes import plot_modes
from backprop_lessons.figures.softmax import plot_softmax
from backprop_lessons.figures.graph import draw_computation_graph
from backprop_lessons.figures.loss_curves import plot_losses
from backprop_lessons.lecture.example import lecture_data, lecture_network
from backprop_lessons.panels.beyond import new_classifier
from backprop_lessons.panels.formula import ActivationCurves
from backprop_lessons.symbolic.formula import formula_activation


def three_three_two() -> Network:
    """A 3-3-2 network with one bias per layer, like the lecture's but wider."""
    rng = np.random.default_rng(3)
    return Network([rng.normal(0, 0.6, (3, 3)), rng.normal(0, 0.6, (2, 3))], [[0.35], [0.6]])


def trained_classifier() -> tuple[Network, np.ndarray, np.ndarray]:
    """Notebook 8's XOR classifier after 2,000 rounds, with its data."""
    inputs, targets = xor()
    network = new_classifier(hidden_units=4, activation="tanh", loss="binary_cross_entropy", seed=0)
    network.train(inputs, targets, iterations=2_000, learning_rate=0.5, update_biases=True)
    return network, inputs, targets


FIGURES = {
    "diagram, lecture, gradients": lambda: draw_network(show_gradients=True),
    "diagram, lecture, negative w5": lambda: draw_network(lecture_network({"w5": -1.5, "w7": -0.0004}),
                                                          *lecture_data(), show_gradients=True),
    "diagram, 3-3-2": lambda: draw_network(three_three_two(), [[0.1, 0.2, 0.3]], [[0.01, 0.99]]),
    "diagram, 3-3-2, gradients": lambda: draw_network(three_three_two(), [[0.1, 0.2, 0.3]], [[0.01, 0.99]],
                                                      show_gradients=True),
    "diagram, classifier, gradients": lambda: draw_network(trained_classifier()[0], [[0.0, 1.0]], [[1.0]],
                                                           show_gradients=True),
    "diagram, classifier": lambda: draw_network(trained_classifier()[0], [[0.0, 1.0]], [[1.0]]),
    "diagram, compact": lambda: draw_network(compact=True),
    "diagram, compact, gradients": lambda: draw_network(show_gradients=True, compact=True),
    "diagram, compact, trained": lambda: draw_network(trained_lecture_network(), *lecture_data(), compact=True),
    "graph w5": lambda: draw_computation_graph("w5"),
    "graph w1": lambda: draw_computation_graph("w1"),
    "graph, whole": lambda: draw_computation_graph(None),
    "graph w10, 3-3-2": lambda: draw_computation_graph("w_2_1_1", three_three_two(), [[0.1, 0.2, 0.3]], [[0.01, 0.99]]),
    "graph w1, classifier": lambda: draw_computation_graph("w_1_1_1", *trained_classifier()[0:1], [[0.0, 1.0]], [[1.0]]),
    "loss curves": lambda: plot_losses({"biases fixed (the lecture)": np.geomspace(0.3, 3e-5, 10_001),
                                        "biases updated too": np.geomspace(0.3, 1e-6, 10_001)}),
    "error surface w5, w7": lambda: plot_error_surface("w5", "w7"),
    "error surface w5, w6": lambda: plot_error_surface("w5", "w6"),
    "error surface w1, w2": lambda: plot_error_surface("w1", "w2"),
    "error surface w5, w1, panel size": lambda: plot_error_surface("w5", "w1", size=(6, 6)),
    "loss curves, beside the diagram": lambda: plot_losses({"eta = 0.5": np.geomspace(0.3, 3e-5, 10_001)},
                                                          size=(3.5, 3.4)),
    "error surface, 3-3-2": lambda: plot_error_surface("w_1_1_1", "w_2_1_1", network=three_three_two(),
                                                       inputs=[[0.1, 0.2, 0.3]], targets=[[0.01, 0.99]]),
    "cost, timed": lambda: plot_gradient_cost([Timing((2, 2, 2), 10, 2.1e-4, 5.2e-5),
                                               Timing((4, 8, 8, 3), 139, 3.3e-3, 5.6e-5),
                                               Timing((8, 16, 16, 4), 484, 1.2e-2, 5.9e-5),
                                               Timing((12, 24, 24, 6), 1062, 2.9e-2, 6.3e-5)]),
    "activation curves": lambda: activation_curves("x/(1 + abs(x))"),
    "layer sizes": lambda: plot_layer_sizes({"four equations": [2e-4, 1e-3, 1e-2, 0.12]},
                                            title="Largest |dE/dp| of each layer (sigmoid)"),
    "layer sizes and spread": lambda: layer_sizes_and_spread(),
    "softmax bars": lambda: plot_softmax([0.659, 0.242, 0.099], [0.0, 1.0, 0.0]),
    "digit images": lambda: plot_digits(np.linspace(0, 1, 16 * 64).reshape(16, 64), [f"{k % 10} → {k % 7}" for k in range(16)],
                                        "The 16 misclassified test images"),
    "digit losses": lambda: plot_digit_losses(np.geomspace(2.3, 0.05, 16), np.geomspace(2.3, 0.1, 16)),
    "digit losses, within a decade": lambda: plot_digit_losses(np.geomspace(0.45, 0.3, 6), np.geomspace(0.5, 0.35, 6)),
    "loss curves, within a decade": lambda: plot_losses({"with zero_grad()": np.geomspace(0.3, 0.2, 11)},
                                                        title="E_total before each round", size=(6.0, 3.6)),
    "modes": lambda: plot_modes(17_120_640, 7_104, "The digits network's gradient, one image"),
    "confusion": lambda: plot_confusion(np.diag(np.full(10, 45)) + np.eye(10, k=1, dtype=int) * 3),
    "boundary, xor": lambda: plot_decision_boundary(*trained_classifier()),
    "boundary, moons": lambda: plot_decision_boundary(new_classifier(8, "tanh", "binary_cross_entropy", 1),
                                                      *two_moons()),
}


def layer_sizes_and_spread():
    """Notebook 13's figure: ten hidden layers, three activations, with the outputs' spread."""
    flows = {name: gradient_flow(10, name, 1.0) for name in ("sigmoid", "tanh", "relu")}
    return plot_layer_sizes({k: f.gradient for k, f in flows.items()}, {k: f.spread for k, f in flows.items()},
                            title="Ten hidden layers, Xavier's initial weights")


def trained_lecture_network() -> Network:
    """The lecture's network after 1,000 rounds, as the replay panel of notebook 5 shows it."""
    network = lecture_network()
    network.train(*lecture_data(), iterations=1_000, learning_rate=0.5)
    return network


def activation_curves(formula: str) -> ActivationCurves:
    """The formula panel's figure, drawn for `formula`."""
    curves = ActivationCurves()
    curves.update(formula_activation(formula))
    return curves


def shown_texts(figure) -> list[Text]:
    """Every visible, non-empty text of `figure`, after drawing it (so tick labels exist)."""
    figure.canvas.draw()
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()
            and t.get_window_extent().width > 0]


def text_boxes(figure) -> list[tuple[str, object]]:
    """(text, box on the canvas) of every shown text; a legend counts as one box (matplotlib
    lays out its entries itself, and reports their boxes only relative to the legend)."""
    legends = figure.findobj(Legend)
    in_legend = {id(t) for legend in legends for t in [*legend.get_texts(), legend.get_title()]}
    boxes = [(t.get_text(), t.get_window_extent().padded(-1)) for t in shown_texts(figure) if id(t) not in in_legend]
    return boxes + [("legend", legend.get_window_extent().padded(-1)) for legend in legends if legend.get_visible()]


@pytest.fixture(scope="module", params=list(FIGURES))
def view(request):
    """One figure of FIGURES, drawn."""
    return FIGURES[request.param]()


def test_no_figure_is_wider_than_the_window_holds(view):
    assert view.figure.get_size_inches()[0] <= MAX_WIDTH + 1e-9
    assert view.figure.dpi == DPI


def test_no_text_is_smaller_than_11_points(view):
    small = [(t.get_text(), t.get_fontsize()) for t in shown_texts(view.figure) if t.get_fontsize() < MIN_FONT]
    assert small == []


def test_no_two_texts_overlap(view):
    boxes = text_boxes(view.figure)
    clashes = [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]
    assert clashes == []


def test_no_text_sits_on_a_node_it_does_not_belong_to(view):
    """On the diagram and the graph a box holds its own texts only: no label crosses into another node."""
    nodes = [p.get_window_extent() for p in view.figure.findobj(FancyBboxPatch)
             if p.axes is not None and p.get_visible() and p.get_edgecolor()[3] > 0 and p.get_gid() != "frame"]
    nodes = [n for n in nodes if n.width < view.figure.bbox.width / 2]   # nodes, not the legend's frame
    for name, box in text_boxes(view.figure):
        touched = [k for k, node in enumerate(nodes) if node.overlaps(box)]
        inside = [k for k in touched if nodes[k].contains(*box.p0) and nodes[k].contains(*box.p1)]
        assert touched == inside, f"{name!r} crosses the edge of a node"


def middle_half(text: Text, ax) -> tuple[float, float, float, float]:
    """The middle half (in width) of `text`'s box, in data coordinates (x0, y0, x1, y1)."""
    box = text.get_window_extent().transformed(ax.transData.inverted())
    quarter = box.width / 4
    return box.x0 + quarter, box.y0, box.x1 - quarter, box.y1


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("gradients", [False, True])
def test_each_weight_label_sits_on_its_own_edge_and_no_other(compact, gradients):
    """A weight's label reads as that weight's: its edge runs through it, no other edge through its middle."""
    diagram = draw_network(show_gradients=gradients, compact=compact)
    diagram.figure.canvas.draw()
    segments = {name: line.get_xydata()[:2] for name, line in diagram.lines}
    for name, text in diagram.labels.items():
        box = middle_half(text, diagram.ax)
        assert crossings(box, [segments[name]]) == 1, f"{name}'s label is off its edge"
        assert crossings(box, [s for other, s in segments.items() if other != name]) == 0, f"{name}'s label"


@pytest.mark.parametrize("focus", ["w5", "w1", None])
def test_no_arrow_runs_through_another_arrows_number(focus):
    """On the computation graph each number is read as its own arrow's: no other arrow runs through its middle."""
    graph = draw_computation_graph(focus)
    graph.figure.canvas.draw()
    crossed = [key for key, text in graph.edge_labels.items()
               if crossings(middle_half(text, graph.ax), [a for other, a in graph.arrows.items() if other != key])]
    allowed = {None: 2}.get(focus, 0)   # the whole graph: i1's and i2's arrows cross on their way down
    assert len(crossed) <= allowed, crossed


def test_the_view_describes_itself(view):
    bundle = view._repr_mimebundle_()
    assert set(bundle) == {"image/png", "text/plain"} and bundle["text/plain"] == view.description()
    assert len(view.description()) > 40 and "0x" not in view.description()


@pytest.mark.parametrize("w5, w7", [(0.4, -0.7), (-2.0, 1.5), (0.0, -0.01)])
def test_each_edge_colour_and_dash_follow_the_sign_of_its_weight(w5, w7):
    network = lecture_network({"w5": w5, "w7": w7})
    diagram = draw_network(network, *lecture_data(), show_gradients=True)
    parameters = get_parameters(network)
    for name, line in diagram.lines:
        expected = edge_style(parameters[name])
        assert line.get_color() == ("#0072B2" if parameters[name] >= 0 else "#D55E00"), name
        assert line.get_linestyle() == ("-" if parameters[name] >= 0 else "--"), name
        assert line.get_linewidth() == expected["linewidth"]
    widths = {name: line.get_linewidth() for name, line in diagram.lines}
    assert widths["w7"] < widths["w8"] if abs(w7) < 0.55 else widths["w7"] > widths["w8"]
