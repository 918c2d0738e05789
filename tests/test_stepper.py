"""The walk through the round, the highlight API of the two figures, and the step-through panel."""
import pytest

from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.figures.diagram import HIGHLIGHT, draw_network
from backprop_lessons.figures.graph import draw_computation_graph
from backprop_lessons.lecture.example import worked_round
from backprop_lessons.lecture.published import PRINTED
from backprop_lessons.lecture.walkthrough import running_label, walkthrough
from backprop_lessons.panels.stepper import stepper_panel


def test_the_walk_goes_forward_then_backward_and_ends_with_the_gradients():
    steps, worked = walkthrough(), worked_round()
    phases = [s.phase for s in steps]
    assert phases == sorted(phases, key=["forward", "backward"].index)
    assert [s.name for s in steps if s.phase == "forward"][-1] == "E_total"
    by_name = {s.name: s for s in steps}
    assert by_name["dnet_o1/dw5"].running == worked["dE_total/dw5"]
    assert by_name["dnet_h1/dw1"].running == worked["dE_total/dw1"]
    for step in steps:
        assert step.value == worked[step.name] or step.name.startswith("dnet_")
        assert step.line.endswith(f"{step.value:.9g}")


@pytest.mark.parametrize("name", ["dE_total/dw5", "dE_total/dw1"])
def test_the_running_product_ends_at_the_lectures_printed_gradient(name):
    last = {"dE_total/dw5": "dnet_o1/dw5", "dE_total/dw1": "dnet_h1/dw1"}[name]
    step = next(s for s in walkthrough() if s.name == last)
    p = PRINTED[name]
    assert f"{step.running:.{p.decimals}f}" == p.text and running_label(step) == name


def test_the_running_product_is_the_product_of_the_factors_so_far():
    steps = {s.name: s for s in walkthrough()}
    assert steps["dout_o1/dnet_o1"].running == pytest.approx(
        steps["dE_total/dout_o1"].running * steps["dout_o1/dnet_o1"].value)
    assert steps["dnet_h1/dw1"].running == pytest.approx(
        steps["dE_total/dout_h1"].running * steps["dout_h1/dnet_h1"].value * steps["dnet_h1/dw1"].value)


def test_every_highlighted_name_exists_on_both_figures():
    diagram, graph = draw_network(), draw_computation_graph(None)
    for step in walkthrough():
        diagram.highlight(step.diagram)
        graph.highlight(step.graph)


def test_highlight_outlines_exactly_the_named_ones_and_clears():
    diagram, graph = draw_network(), draw_computation_graph(None)
    diagram.highlight(["h1", "w5"])
    assert diagram.boxes["h1"].get_linewidth() > diagram.boxes["h2"].get_linewidth()
    assert [n for n, line in diagram.lines if line.get_path_effects()] == ["w5"]
    diagram.highlight()
    assert not any(line.get_path_effects() for _, line in diagram.lines)
    graph.highlight(["net_o1"])
    lit = [n for n, box in graph.boxes.items() if box.get_linewidth() > 1]
    assert lit == ["net_o1"] and HIGHLIGHT
    with pytest.raises(InvalidValueError, match="highlight"):
        diagram.highlight(["w9"])
    with pytest.raises(InvalidValueError, match="highlight"):
        graph.highlight(["nowhere"])


def test_the_panel_steps_with_next_previous_and_set():
    panel, steps = stepper_panel(), walkthrough()
    assert panel.previous.disabled and not panel.next.disabled
    panel.next.click()
    assert panel.controls["step"].value == 2 and steps[1].line in panel.summary()
    assert panel.summary().startswith(f"step 2 of {len(steps)}")
    panel.set(step=len(steps))
    panel.next.click()   # stays on the last step
    assert panel.controls["step"].value == len(steps) and panel.next.disabled
    assert f"running product: dE_total/dw1 = {steps[-1].running:.9g}" in panel.summary()
    panel.previous.click()
    assert steps[-2].line in panel.summary() and panel.error is None
    assert "lit up: h1 on the network; net_h1 on the graph" in panel.summary()


def test_the_panel_refuses_a_step_out_of_range():
    with pytest.raises(InvalidValueError, match="step"):
        stepper_panel().set(step=0)


def test_the_figures_show_only_what_the_walk_has_computed():
    """Forward values appear as the forward pass reaches them, gradients as the backward pass does."""
    from backprop_lessons.panels.stepper import stepper_panel
    panel = stepper_panel()
    diagram, graph = panel.views
    panel.set(step=1)   # net_h1
    assert "value 0.3775" in graph.texts["net_h1"].get_text() and "value …" in graph.texts["out_h1"].get_text()
    assert "value …" in graph.texts["E_total"].get_text() and "= …" in graph.texts["E_total"].get_text()
    assert not any(label.get_text() for label in graph.edge_labels.values())
    assert not diagram.values["o1"].get_visible() and not diagram.ax.title.get_visible()
    forward_steps = sum(step.phase == "forward" for step in panel.steps)
    panel.set(step=forward_steps)   # E_total: every value, no gradient yet
    assert "value …" not in " ".join(t.get_text() for t in graph.texts.values())
    assert "= …" in graph.texts["w5"].get_text() and diagram.ax.title.get_visible()
    panel.set(step=len(panel.steps))   # dE_total/dw1: the walk's two chains, not w6's
    assert "= 0.0004386" in graph.texts["w1"].get_text() and "= 0.08217" in graph.texts["w5"].get_text()
    assert "= …" in graph.texts["w6"].get_text() and graph.edge_labels["w1", "w1*i1"].get_text()
    assert not graph.edge_labels["w6", "w6*out_h2"].get_text()
    assert panel.summary().splitlines()[-1] == f"computed so far: 31 of 31 values, 14 gradients"
