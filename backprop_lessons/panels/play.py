"""Play beside a slider, with one owner: the kernel moves the slider, the browser's Play only ticks.

A Play button jslinked to a slider in the browser, while the kernel also moved that slider (Next,
Previous, set()), gave the slider two writers. On a busy machine their messages crossed and old
values came back: the step-through alternated between steps 13 and 14 for 20 s (issue 25). Here
nothing is linked in the browser. Each tick of the Play (its value) reaches the kernel, which
moves the slider through the panel's observer, checked and refreshed like any move; any other
move of the slider (a key, a typed value, Next, Previous, set()) sets the Play's value in the
kernel, so Play carries on from the step on screen.

A move by the student while Play runs stops Play: the student has taken over. Ticks the browser
sent before it heard so are stale and are ignored, until Play is pressed again (or Stop, which
goes back to the first value). The browser sends a model's next change only after the kernel has
handled its last one, so under delay Play skips values rather than queueing them, and the last
value it sends is the one it ends on. The Play's value is set before the panel refreshes, so the
browser knows where Play stands before the screen shows the new step. Ticks and clicks may come in
on different threads (base.py): every handler here runs under the panel's lock, and whether Play
runs is what the handled messages said, not the trait another thread may just have set.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as widgets

if TYPE_CHECKING:
    from backprop_lessons.panels.base import Panel


class Player:
    """Keeps a Play widget and one slider of a panel in step, through the kernel only."""

    def __init__(self, panel: Panel, play: widgets.Play, name: str):
        """Let `play` move the panel's control `name` (min, max and value taken from the control)."""
        self.play, self.name, self.control = play, name, panel.controls[name]
        self.ticking = False   # the slider is moving because of a tick
        self.running = False   # Play is running, as far as the ticks handled so far say
        self.stale = False     # the student took over while Play ran: ignore ticks until Play again
        play.max, play.min, play.value = self.control.max, self.control.min, self.control.value
        play.observe(panel.serially(self._started), names="playing")
        play.observe(panel.serially(self._ticked), names="value")
        panel.followers.append(self._moved)   # before the refresh: Play knows the step before the screen shows it

    def _started(self, change: dict) -> None:
        """Play pressed (its ticks count again), paused or at its end."""
        self.running = change["new"]
        if self.running:
            self.stale = False

    def _ticked(self, change: dict) -> None:
        """A tick (or Stop) from the browser: move the slider there, unless the tick is stale."""
        if self.stale and change["new"] != self.play.min:
            self.play.value = self.control.value   # tell the browser where Play stands now
            return
        self.stale = False
        if change["new"] == self.control.value:
            return
        self.ticking = True
        try:
            self.control.value = change["new"]
        finally:
            self.ticking = False

    def _moved(self, name: str, value: object) -> None:
        """Control `name` moved: by a tick (nothing to do), or by the student, who then owns it."""
        if name != self.name or self.ticking:
            return
        if self.running:
            self.stale = True
            self.play.playing = False
        self.play.value = value
