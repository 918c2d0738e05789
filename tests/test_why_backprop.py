"""Why backprop: counting and timing gradients, the nudge, and the small hidden-layer gradients."""
import pytest

from backprop_lessons.engine.cost import (Timing, central_differences, cost_table, example_network,
                                          forward_passes_needed, parameter_count, stored_for_backward,
                                          time_gradients, timing_table)
from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.engine.naming import parameter_gradients
from backprop_lessons.figures.cost import CostFigure, plot_gradient_cost
from backprop_lessons.lecture.example import lecture_data, lecture_network, worked_round
from backprop_lessons.lecture.why import gradient_ratio, nudge, scale_factors


def test_the_counts_the_issue_names():
    assert forward_passes_needed(lecture_network()) == 20
    assert forward_passes_needed(example_network((4, 8, 8, 3))) == 278
    assert parameter_count(example_network((2, 2, 2))) == 10


def test_stored_for_backward_counts_outs_and_nets():
    assert stored_for_backward(lecture_network()) == (2 + 2 + 2) + (2 + 2)
    assert stored_for_backward(lecture_network(), examples=3) == 30


def test_central_differences_agree_with_backprop():
    network, (inputs, targets) = example_network((3, 4, 2), seed=1), ([[0.2, -0.4, 0.9]], [[0.1, 0.8]])
    exact = parameter_gradients(network, network.backward(network.forward(inputs), targets))
    numerical = central_differences(network, inputs, targets)
    assert numerical.keys() == exact.keys()
    for name in exact:
        assert numerical[name] == pytest.approx(exact[name], rel=1e-5, abs=1e-9), name


def test_central_differences_leave_the_network_unchanged():
    network = lecture_network()
    before = [w.copy() for w in network.weights]
    central_differences(network, *lecture_data())
    assert all((a == b).all() for a, b in zip(before, network.weights))


def test_timings_grow_for_finite_differences_and_plot():
    timings = time_gradients([(2, 2, 2), (8, 16, 16, 4)], repeats=1)
    assert [t.parameters for t in timings] == [10, 484]
    assert timings[1].finite_differences > timings[1].backprop
    assert isinstance(plot_gradient_cost(timings), CostFigure)


def test_the_cost_figure_renders_in_a_notebook_with_its_counts():
    """What IPython displays for the figure: a PNG and a description naming each network's counts."""
    from IPython.core.formatters import DisplayFormatter
    timings = [Timing((2, 2, 2), 10, 2e-4, 5e-5), Timing((12, 24, 24, 6), 1062, 3e-2, 6e-5)]
    shown, _ = DisplayFormatter().format(plot_gradient_cost(timings))
    assert shown["image/png"] and "<" not in shown["text/plain"][:1]
    assert "20 forward passes" in shown["text/plain"] and "2124 forward passes" in shown["text/plain"]
    texts = [t.get_text() for t in plot_gradient_cost(timings).figure.axes[0].texts]
    assert "2-2-2\n20 passes" in texts and "12-24-24-6\n2,124 passes" in texts and texts.count("1 + 1") == 2


def test_timing_table_puts_counts_beside_times_and_says_how_each_grew():
    timings = [Timing((2, 2, 2), 10, 2e-4, 5e-5), Timing((12, 24, 24, 6), 1062, 3e-2, 6e-5)]
    lines = timing_table(timings).splitlines()
    assert lines[1].split() == ["2-2-2", "10", "20", "200", "µs", "10", "µs", "1", "+", "1", "50", "µs", "25", "µs"]
    assert lines[2].split()[2:4] == ["2124", "30,000"]
    assert lines[-1].endswith("106 times the parameters; central differences took 150× as long, backprop 1.2×")


def test_cost_table_lists_each_network():
    text = cost_table([(2, 2, 2), (4, 8, 8, 3)])
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines()[1:]}
    assert rows["2-2-2"][:2] == ["10", "20"] and rows["4-8-8-3"][:2] == ["139", "278"]


def test_nudge_matches_the_gradient_to_first_order():
    small, large = nudge("w5", 1e-4), nudge("w5", 1e-2)
    worked = worked_round()
    assert small["dE_total/dw5 * h"] == pytest.approx(worked["dE_total/dw5"] * 1e-4)
    assert small["change"] == pytest.approx(small["dE_total/dw5 * h"], rel=1e-3)
    # the leftover is second order: 100 times the nudge, about 10,000 times the leftover
    assert abs(large["difference"]) / abs(small["difference"]) == pytest.approx(1e4, rel=0.05)


def test_hidden_gradients_are_about_a_hundred_times_smaller():
    assert 30 < gradient_ratio() < 300
    factors = scale_factors()
    product = 1.0
    for name, value in list(factors.items())[:-1]:
        product *= value
    worked = worked_round()
    assert factors["dE_total/dw5 / dE_total/dw1"] == pytest.approx(product)
    assert product == pytest.approx(worked["dE_total/dw5"] / worked["dE_total/dw1"], rel=1e-12)
    assert factors["out_h1 / i1"] == pytest.approx(worked["out_h1"] / 0.05)


def test_bad_input_is_one_line_naming_the_parameter():
    with pytest.raises(InvalidValueError, match="name"):
        nudge("w9")
    with pytest.raises(InvalidValueError, match="h"):
        nudge("w5", float("inf"))
    with pytest.raises(InvalidValueError, match="sizes"):
        time_gradients([])
    with pytest.raises(InvalidValueError, match="repeats"):
        time_gradients(repeats=0)
    with pytest.raises(InvalidValueError, match="timings"):
        plot_gradient_cost([])
    assert Timing((2, 2, 2), 10, 1.0, 0.1).parameters == 10
