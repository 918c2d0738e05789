"""The step-through panel: Previous / Next / Play walk the forward pass, then the backward pass.

    stepper = stepper_panel()        # a cell marked # NBVAL_IGNORE_OUTPUT displays it
    stepper.set(step=12)             # the next cell goes to step 12 (of 17), as the buttons would
    print(stepper.summary())         # and prints the line, the value and the running product

Each step (lecture/walkthrough.py) lights up its node or edge on the network diagram and on the
computation graph, and shows its chain-rule line with the numbers filled in. The figures show only
what the walk has computed so far: a value once the forward pass has reached it, a gradient once
the backward pass has (computed()); the rest reads "…". For the projector:
the buttons are ordinary buttons (Tab to one, Enter or Space presses it) and the step slider
takes the arrow keys, Home and End. Non-goal: editing the values (the round panel does that).
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from backprop_lessons.figures.diagram import draw_network
from backprop_lessons.figures.graph import draw_computation_graph
from backprop_lessons.lecture.walkthrough import WalkStep, running_label, walkthrough
from backprop_lessons.panels.base import Panel
from backprop_lessons.panels.play import Player

PLAY_INTERVAL_MS = 1500   # Play shows a new step every 1.5 s


class StepperPanel(Panel):
    """A step slider with Previous, Next and Play; the diagram and graph with the step lit up."""

    def __init__(self, steps: list[WalkStep], **kwargs):
        """Build the buttons around a step slider over `steps`."""
        self.steps = steps
        step = widgets.IntSlider(value=1, min=1, max=len(steps), description="step",
                                 continuous_update=True, style={"description_width": "40px"})
        self.previous = widgets.Button(description="◀ Previous", tooltip="previous step (Enter or Space)")
        self.next = widgets.Button(description="Next ▶", tooltip="next step (Enter or Space)")
        self.play = widgets.Play(value=1, min=1, max=len(steps), interval=PLAY_INTERVAL_MS,
                                 description="play the steps")
        super().__init__({"step": step}, [draw_network(), draw_computation_graph(None)],
                         extras=[self.previous, self.next, self.play], **kwargs)
        self.previous.on_click(self.serially(lambda _: self.go(-1)))
        self.next.on_click(self.serially(lambda _: self.go(+1)))
        self.player = Player(self, self.play, "step")   # Play moves the step through the kernel only

    def go(self, by: int) -> None:
        """Move `by` steps (Previous is -1, Next +1), stopping at the first and last step."""
        control = self.controls["step"]
        control.value = min(max(control.value + by, control.min), control.max)

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Light up step `values["step"]` (1 is the first) on both figures; show its line and running
        product above them."""
        number = values["step"]
        step = self.steps[number - 1]
        diagram, graph = self.views
        diagram.highlight(step.diagram)
        graph.highlight(step.graph)
        values, gradients, neurons = computed(self.steps[:number], graph.nodes)
        graph.reveal(values, gradients)
        diagram.reveal(neurons)
        self.previous.disabled, self.next.disabled = number == 1, number == len(self.steps)
        lines = [f"step {number} of {len(self.steps)} ({step.phase} pass): {step.name}", step.line]
        if step.running is not None:
            lines.append(f"running product: {running_label(step)} = {step.running:.9g}")
        lines.append(lit_up(step))
        lines.append(f"computed so far: {len(values)} of {len(graph.nodes)} values, {len(gradients)} gradients")
        text = "\n".join(lines)
        shown = "".join(f"<p class='stepper-line' style='font-size:1.25em;font-family:monospace'>"
                        f"{html.escape(line)}</p>" for line in lines)
        self.note.value = f"<div class='stepper' aria-live='polite'>{shown}</div>"   # above the figures
        return text, ""


def computed(steps: list[WalkStep], nodes: dict) -> tuple[set[str], set[str], set[str]]:
    """After these steps of the walk: the graph nodes that have a value (the leaves, and every node the
    forward steps needed), those that have a gradient (the backward steps' nodes and every node between
    them and E_total), and the diagram's neurons whose net and out are known ("E_total" once it is)."""
    forward = [s for s in steps if s.phase == "forward"]
    values = {name for name, node in nodes.items() if not node.inputs}
    values |= _closure({name for s in forward for name in s.graph}, {n: node.inputs for n, node in nodes.items()})
    users: dict[str, list[str]] = {name: [] for name in nodes}
    for name, node in nodes.items():
        for source in node.inputs:
            users[source].append(name)
    gradients = _closure({name for s in steps if s.phase == "backward" for name in s.graph}, users)
    neurons = {s.name.removeprefix("out_") for s in forward if s.name.startswith("out_")}
    return values, gradients, neurons | ({"E_total"} if any(s.name == "E_total" for s in forward) else set())


def _closure(start: set[str], links: dict[str, object]) -> set[str]:
    """`start` and every node reached from it along `links` (a node's inputs, or its users)."""
    seen, todo = set(), list(start)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(links[name])
    return seen


def lit_up(step: WalkStep) -> str:
    """What the figures outline at this step, in words (for the text, and for a screen reader)."""
    return f"lit up: {', '.join(step.diagram)} on the network; {', '.join(step.graph)} on the graph"


def stepper_panel() -> StepperPanel:
    """Previous / Next / Play through the lecture's round: 9 forward steps, then dE/dw5 and dE/dw1."""
    return StepperPanel(walkthrough())
