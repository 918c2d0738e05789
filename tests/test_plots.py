"""Figures and what they compute: names, recordings, loss curves, error surface, diagram, graph.

Every figure is checked the same way: it builds, and update() changes the artists it
already drew (same objects) to the values the worked round or Network.train give.
"""
import base64

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from backprop_lessons.figures.diagram import draw_network
from backprop_lessons.engine.errors import InvalidValueError, TrainingDivergedError
from backprop_lessons.engine.notation import short
from backprop_lessons.figures.graph import computation_graph, draw_computation_graph, focus_on, left_out
from backprop_lessons.lecture.example import LECTURE_VALUES, lecture_data, lecture_network, worked_round
from backprop_lessons.engine.naming import (get_parameters, neuron_names, parameter_gradients, parameter_slots,
                                    set_parameters)
from backprop_lessons.engine.network import Network
from backprop_lessons.figures.base import VERMILLION, new_axes
from backprop_lessons.figures.error_surface import lowest_point, plot_error_surface
from backprop_lessons.lecture.example import lecture_defaults
from backprop_lessons.figures.loss_curves import plot_losses
from backprop_lessons.engine.recording import descent_path, error_grid, record_training

WEIGHTS = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"]


def diverging():
    """A one-neuron linear network that eta = 5 blows up within a few rounds."""
    return Network([[[1.0, 1.0]], [[1.0]]], [[0.0], [0.0]], activations="identity"), [[1.0, 1.0]], [[0.0]]


# names.py ------------------------------------------------------------------------------

def test_lecture_names_match_the_lecture_layout():
    network = lecture_network()
    assert neuron_names(network) == [["i1", "i2"], ["h1", "h2"], ["o1", "o2"]]
    slots = parameter_slots(network)
    # net_h1 = w1*i1 + w2*i2 + b1, net_h2 = w3*i1 + w4*i2 + b1: w2 joins i2 to h1, w3 joins i1 to h2
    assert slots["w2"].index == (0, 1) and slots["w3"].index == (1, 0) and slots["w7"].layer == 1
    assert get_parameters(network) == {name: LECTURE_VALUES[name] for name in WEIGHTS + ["b1", "b2"]}


def test_names_of_deeper_networks_and_per_neuron_biases():
    network = Network.random([3, 2, 2, 1], seed=1)
    assert neuron_names(network) == [["i1", "i2", "i3"], ["h1_1", "h1_2"], ["h2_1", "h2_2"], ["o1"]]
    assert list(parameter_slots(network))[-5:] == ["b_1_1", "b_1_2", "b_2_1", "b_2_2", "b_3"]


def test_set_parameters_changes_only_the_named_ones():
    network = lecture_network()
    set_parameters(network, {"w5": 0.3, "b1": -1.0})
    assert network.weights[1][0, 0] == 0.3 and network.biases[0][0] == -1.0
    assert get_parameters(network)["w6"] == 0.45
    with pytest.raises(InvalidValueError, match="w9"):
        set_parameters(network, {"w9": 1.0})


def test_parameter_gradients_are_the_worked_rounds():
    network = lecture_network()
    inputs, targets = lecture_data()
    gradients = parameter_gradients(network, network.backward(network.forward(inputs), targets))
    worked = worked_round()
    for name in WEIGHTS:
        assert gradients[name] == pytest.approx(worked[f"dE_total/d{name}"], rel=1e-12)


# recording.py --------------------------------------------------------------------------

def test_record_training_matches_network_train_every_round():
    inputs, targets = lecture_data()
    recording = record_training(lecture_network(), inputs, targets, 237, 0.5, update_biases=True)
    history = lecture_network().train(inputs, targets, 237, 0.5, update_biases=True)
    np.testing.assert_array_equal(recording.losses, history.losses)
    for k in (0, 49, 50, 51, 237):
        trained = lecture_network()
        trained.train(inputs, targets, k, 0.5, update_biases=True)
        assert get_parameters(recording.network_at(k)) == get_parameters(trained)
    with pytest.raises(InvalidValueError):
        recording.network_at(238)


def test_record_training_keeps_the_rounds_before_divergence():
    network, inputs, targets = diverging()
    recording = record_training(network, inputs, targets, 200, 5.0)
    with pytest.raises(TrainingDivergedError) as raised:
        network.copy().train(inputs, targets, 200, 5.0)
    assert recording.diverged.round_number == raised.value.round_number
    assert recording.last_round == raised.value.round_number - 1
    assert np.all(np.isfinite(recording.losses))
    assert get_parameters(network) == {"w_1_1_1": 1.0, "w_1_1_2": 1.0, "w_2_1_1": 1.0, "b_1": 0.0, "b_2": 0.0}


def test_descent_path_moves_only_the_two_weights():
    inputs, targets = lecture_data()
    path = descent_path(lecture_network(), inputs, targets, "w5", "w6", 0.5, 3)
    worked = worked_round()
    np.testing.assert_allclose(path.points[0], [0.4, 0.45])
    np.testing.assert_allclose(path.gradients[0], [worked["dE_total/dw5"], worked["dE_total/dw6"]], rtol=1e-12)
    np.testing.assert_allclose(path.points[1], [worked["w5+"], worked["w6+"]], rtol=1e-12)
    moved = lecture_network({"w5": path.points[3, 0], "w6": path.points[3, 1]})
    assert path.losses[3] == pytest.approx(moved.error(inputs, targets), rel=1e-12)
    assert path.losses[3] < path.losses[0]


def test_error_grid_is_e_total_at_each_point():
    inputs, targets = lecture_data()
    grid = error_grid(lecture_network(), inputs, targets, "w1", "b2", np.array([0.15, 1.0]), np.array([0.6, -2.0]))
    assert grid.shape == (2, 2)
    assert grid[0, 0] == pytest.approx(worked_round()["E_total"], rel=1e-14)
    assert grid[1, 1] == pytest.approx(lecture_network({"w1": 1.0, "b2": -2.0}).error(inputs, targets))


@pytest.mark.parametrize("x, y", [("w5", "w5"), ("w5", "w9"), ("x", "w1")])
def test_two_different_parameters_are_needed(x, y):
    with pytest.raises(InvalidValueError):
        descent_path(lecture_network(), *lecture_data(), x, y, 0.5, 1)


# plots.py ------------------------------------------------------------------------------

def test_lecture_defaults_fill_only_what_is_missing():
    network, inputs, targets = lecture_defaults(None, None, None)
    assert network.sizes == [2, 2, 2] and inputs.tolist() == [[0.05, 0.1]] and targets.tolist() == [[0.01, 0.99]]
    assert lecture_defaults(None, [[1.0, 2.0]], None)[1] == [[1.0, 2.0]]


def test_new_axes_reuses_given_axes():
    ax = new_axes((3, 2))
    assert new_axes((9, 9), ax) is ax and ax.figure.get_size_inches().tolist() == [3, 2]


def test_loss_curves_update_their_lines_in_place():
    a, b = np.array([1.0, 0.5, 0.25]), np.array([1.0, 0.1])
    curves = plot_losses({"eta = 0.5": a, "eta = 5": b})
    first = curves.lines[0]
    assert curves.ax.get_yscale() == "log" and [line.get_label() for line in curves.lines] == ["eta = 0.5", "eta = 5"]
    curves.mark(2)
    assert curves.marker.get_xydata().tolist() == [[2, 0.25]]
    curves.update({"eta = 1": np.array([2.0, 1.0])})
    assert curves.lines[0] is first and first.get_ydata().tolist() == [2.0, 1.0]
    assert not curves.lines[1].get_visible()
    assert curves.marker.get_xydata().size == 0          # round 2 is past the new curve's end
    assert curves.png().startswith(b"\x89PNG") and b"<svg" in curves.svg()
    assert repr(curves) == "<LossCurves>"
    curves.update({})
    assert curves.ax.get_legend() is None and not any(line.get_visible() for line in curves.lines)


def test_error_surface_moves_its_path_and_arrow():
    surface = plot_error_surface("w5", "w6", learning_rate=0.5, steps=10, resolution=9)
    line, contours = surface.path_line, surface.contours
    np.testing.assert_allclose(surface.start.get_xydata(), [[0.4, 0.45]])
    gradient = surface.path.gradients[0]
    direction = np.asarray(surface.arrow.xy) - np.array([0.4, 0.45])
    np.testing.assert_allclose(direction / np.hypot(*direction), -gradient / np.hypot(*gradient))
    surface.update("w5", "w6", 0.5, 20)
    assert surface.path_line is line and len(line.get_xdata()) == 21 and surface.contours == contours
    surface.update("w1", "b2", 2.0, 5)
    assert surface.contours is not contours and surface.ax.get_xlabel() == "w₁"
    np.testing.assert_allclose(surface.start.get_xydata(), [[0.15, 0.6]])


# diagram.py ----------------------------------------------------------------------------

def test_network_diagram_shows_the_lecture_values():
    diagram = draw_network(show_gradients=True)
    assert diagram.labels["w5"].get_text() == "w₅ = 0.4\n∂E/∂w₅ = 0.08217"
    assert diagram.values["h1"].get_text() == "net 0.3775\nout 0.5933"
    assert diagram.values["i2"].get_text() == "0.1" and diagram.values["b2"].get_text() == "0.6"
    assert diagram.bias_gradients["b2"].get_text() == "∂E/∂b₂ = 0.1004"
    assert diagram.targets["o1"].get_text() == "target 0.01"
    assert diagram.ax.get_title() == "E_total = 0.298371109"


def test_network_diagram_updates_the_same_texts():
    diagram = draw_network()
    label, line = diagram.labels["w5"], dict(diagram.lines)["w5"]
    diagram.update(lecture_network({"w5": -1.5}), *lecture_data())
    assert diagram.labels["w5"] is label and label.get_text() == "w₅ = -1.5"
    assert line.get_color() == VERMILLION and line.get_linestyle() == "--" and line.get_linewidth() == 0.8 + 1.2 * 1.5
    diagram.update(lecture_network())            # no example: weights only
    assert diagram.values["o1"].get_text() == "" and diagram.ax.get_title() == ""
    with pytest.raises(InvalidValueError, match="draw a new diagram"):
        diagram.update(Network.random([2, 3, 2]))


def test_network_diagram_draws_other_small_networks():
    network = Network.random([3, 4, 2], seed=1)
    diagram = draw_network(network, [[0.1, 0.2, 0.3]], [[0.0, 1.0]], show_gradients=True)
    assert len(diagram.lines) == 12 + 8 + 4 + 2 and "b_2_1" in diagram.labels
    assert diagram.svg().startswith(b"<?xml")


# graph.py ------------------------------------------------------------------------------

def test_computation_graph_values_and_grads_are_the_worked_rounds():
    nodes = computation_graph(lecture_network(), *lecture_data())
    worked = worked_round()
    for name in ("net_h1", "out_h1", "net_o1", "out_o1", "E_o1", "E_total"):
        assert nodes[name].value == pytest.approx(worked[name], rel=1e-14)
    pairs = {"w5": "dE_total/dw5", "w1": "dE_total/dw1", "out_h1": "dE_total/dout_h1",
             "net_o1": "delta_o1", "out_o1": "dE_total/dout_o1", "w5*out_h1": "delta_o1", "net_h2": "delta_h2"}
    for node, step in pairs.items():
        assert nodes[node].grad == pytest.approx(worked[step], rel=1e-12)
    assert list(nodes)[-1] == "E_total" and nodes["net_o1"].inputs == ("w5*out_h1", "w6*out_h2", "b2")


def test_computation_graph_grads_agree_with_finite_differences():
    nodes, step = computation_graph(lecture_network(), *lecture_data()), 1e-6
    inputs, targets = lecture_data()
    for i, name in enumerate(["i1", "i2"]):
        bumped = inputs.copy()
        bumped[0, i] += step
        slope = (lecture_network().error(bumped, targets) - nodes["E_total"].value) / step
        assert nodes[name].grad == pytest.approx(slope, rel=1e-4)


def test_focus_keeps_the_chain_to_e_total_and_its_inputs():
    nodes = focus_on(computation_graph(lecture_network(), *lecture_data()), "w5")
    assert set(nodes) == {"w5", "out_h1", "w5*out_h1", "w6*out_h2", "b2", "net_o1", "out_o1",
                          "E_o1", "E_o2", "E_total"}
    assert nodes["out_h1"].inputs == () and nodes["E_total"].inputs == ("E_o1", "E_o2")
    with pytest.raises(InvalidValueError, match="focus"):
        focus_on(nodes, "w9")


def test_computation_graph_figure_updates_in_place():
    graph = draw_computation_graph("w5")
    text = graph.texts["w5"]
    assert text.get_text() == "w5\nvalue 0.4\n∂E/∂w₅\n= 0.08217"
    assert graph.texts["w5*out_h1"].get_text().splitlines()[2] == "∂E/∂(w₅*out_h1)"
    graph.update(lecture_network({"w5": 0.3}))
    assert graph.texts["w5"] is text and text.get_text().startswith("w5\nvalue 0.3\n")
    whole = draw_computation_graph(None)
    assert len(whole.texts) == 2 + 8 + 2 + 8 + 4 + 4 + 2 + 1
    with pytest.raises(InvalidValueError, match="another network"):
        whole.update(Network.random([2, 3, 2]), [[0.1, 0.2]], [[0.0, 1.0]])


def test_each_box_grad_is_the_sum_of_what_its_arrows_carry_back():
    for network, inputs, targets in [(lecture_network(), *lecture_data()),
                                     (Network.random([3, 3, 2], seed=2), [[0.1, -0.2, 0.3]], [[0.0, 1.0]])]:
        nodes = computation_graph(network, inputs, targets)
        for name, node in nodes.items():
            sent = [s for user in nodes.values() for i, s in zip(user.inputs, user.sends) if i == name]
            if sent:
                assert sum(sent) == pytest.approx(node.grad, rel=1e-12, abs=1e-15), name


def test_graph_shows_the_patterns_of_backward_flow_with_the_lectures_numbers():
    nodes, worked = computation_graph(lecture_network(), *lecture_data()), worked_round()
    assert nodes["net_o1"].sends == pytest.approx((worked["delta_o1"],) * 3, rel=1e-12)   # add passes it on
    to_w5, to_out_h1 = nodes["w5*out_h1"].sends                                        # multiply swaps
    assert to_w5 == pytest.approx(worked["dE_total/dw5"], rel=1e-12)
    assert to_out_h1 == pytest.approx(worked["dE_o1/dout_h1"], rel=1e-12)
    assert nodes["w7*out_h1"].sends[1] == pytest.approx(worked["dE_o2/dout_h1"], rel=1e-12)   # uses sum
    drawn = focus_on(nodes, "w5")
    assert left_out(nodes, drawn) == pytest.approx({"out_h1": worked["dE_o2/dout_h1"],
                                                    "b2": worked["delta_o2"]}, rel=1e-9)


def test_graph_figure_labels_each_arrow_and_what_is_left_out():
    graph, worked = draw_computation_graph("w5"), worked_round()
    assert graph.edge_labels["out_h1", "w5*out_h1"].get_text() == short(worked["dE_o1/dout_h1"])
    assert graph.stubs["out_h1"].get_text() == short(worked["dE_o2/dout_h1"])
    text = graph.description()
    assert (f"out_h1 = {short(worked['out_h1'])}, dE_total/dout_h1 = {short(worked['dE_total/dout_h1'])} "
            f"({short(worked['dE_o1/dout_h1'])} from w5*out_h1 + {short(worked['dE_o2/dout_h1'])} "
            f"from nodes not drawn)") in text
    whole = draw_computation_graph(None)
    assert whole.stubs == {} and f"from w7*out_h1" in whole.description()


def test_views_show_their_description_as_text_plain():
    diagram = draw_network(show_gradients=True)
    bundle = diagram._repr_mimebundle_()
    assert bundle["text/plain"] == diagram.description() and base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    worked = worked_round()
    assert f"out_o1 = {short(worked['out_o1'])} (target 0.01)" in diagram.description()
    assert f"dE_total/dw5 = {short(worked['dE_total/dw5'])}" in diagram.description()
    assert draw_network(show_gradients=True).description() == diagram.description()   # the same each time


def test_error_surface_finds_the_lowest_point_of_each_slice():
    inputs, targets = lecture_data()
    network = lecture_network()
    separate = lowest_point(network, inputs, targets, "w5", "w7", np.array([0.4, 0.5]))
    # w5 alone sets out_o1, w7 alone out_o2: each reaches its target where net = logit(target)
    logit = lambda p: np.log(p / (1 - p))
    out_h1, out_h2 = worked_round()["out_h1"], worked_round()["out_h2"]
    w5 = (logit(0.01) - 0.45 * out_h2 - 0.6) / out_h1
    w7 = (logit(0.99) - 0.55 * out_h2 - 0.6) / out_h1
    assert separate.inside and not separate.line and separate.value < 1e-6
    np.testing.assert_allclose(separate.point, [w5, w7], atol=0.05)
    valley = lowest_point(network, inputs, targets, "w5", "w6", np.array([0.4, 0.45]))
    assert valley.inside and valley.line and valley.value == pytest.approx(worked_round()["E_o2"], rel=1e-6)
    none = lowest_point(network, inputs, targets, "w1", "w2", np.array([0.15, 0.2]))
    assert not none.inside
    surface = plot_error_surface("w1", "w2", resolution=9)
    assert "No minimum" in surface.ax.get_title() and not surface.low.get_xdata()
    surface.update("w5", "w7", 0.5, 10)
    assert surface.low.get_xydata().tolist() == [separate.point.tolist()]
    (x0, x1), (y0, y1) = surface.ax.get_xlim(), surface.ax.get_ylim()
    assert x1 - x0 == y1 - y0 and surface.ax.get_aspect() == 1.0 and surface.colorbar is not None
    assert "direction only" in " ".join(t.get_text() for t in surface.ax.get_legend().get_texts())


def test_computation_graph_follows_one_example_only():
    with pytest.raises(InvalidValueError, match="one example"):
        computation_graph(lecture_network(), [[0.1, 0.2], [0.3, 0.4]], [[0, 1], [1, 0]])
