"""What every slider panel shares: controls beside their figures, numbers, and messages.

A panel builds its figures once. When a control changes, refresh() calls the panel's
show() with every control's value; show() updates the figures' artists in place and
returns the numbers as text and HTML; refresh() renders each figure to SVG bytes for an
ipywidgets.Image, within PANEL_SECONDS (engine/timelimit.py; a widget's callback may run
on any thread). That works with the default inline backend in JupyterLab, in Voila
and under nbval, with no ipympl and no flicker. Any error becomes a message inside the
panel: no exception leaves a slider callback.

Layout (issue 15): the controls sit beside (or above) the figures they change, so both fit
one 1366x768 screen; the table sits beside the figures or folds below them. Each numeric
slider has a text box beside it (typed.py says what was taken of a typed value). Sliders
send their value when released or moved by a key, never while the front end first draws
them: a slider that sends while drawn would send its value from before a set() that ran
in the same Run All, and the kernel would take that stale value back.

One change at a time: JupyterLab (4.4 and later, with ipykernel 7) may hand a widget's messages
to a thread of its own (a kernel subshell), so a Play's tick and a button's click can be handled
at once; interleaved, each undid the other's change (issue 25: the step-through alternated between
two steps). Every observer of a panel, and set(), therefore runs under the panel's one lock.

A slow kernel (a busy Binder) can be had on purpose: with the environment variable
BACKPROP_LESSONS_PANEL_DELAY set to a number of seconds in the kernel, every refresh first waits
that long (the browser tests use it to check that the screen ends on the last value chosen).

Notebook cells and tests drive a panel without a browser:
    panel.set(w5=0.3, eta=0.5)   # moves the sliders, then refreshes once, as a slider would
    print(panel.summary())       # the numbers the panel shows, as fixed-format text
Non-goal: a widget framework; this is the least that the panels need.
"""
from __future__ import annotations

import functools
import html
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets
import numpy as np

from backprop_lessons.engine.errors import BackpropLessonsError, InvalidTypeError, InvalidValueError, valid_count, valid_number, shown
from backprop_lessons.engine.timelimit import time_limit
from backprop_lessons.figures.base import FigureView
from backprop_lessons.panels.tables import format_lines, html_table, numbers_shown  # noqa: F401  (the panels' tables)
from backprop_lessons.panels.typed import limits, readout, take

PANEL_SECONDS = 10.0   # one update of a panel (a control moved, a formula typed), from whatever thread calls it
NUMERIC = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)
HINT = "Run this cell to see the slider panel: its controls, figures and numbers ({name})."


class Panel:
    """A slider panel: its controls, its figures, and the text and HTML it shows."""

    def __init__(self, controls: Mapping[str, widgets.ValueWidget], views: list[FigureView], *,
                 groups: Mapping[str, list[str]] | None = None, extras: Sequence[widgets.Widget] = (),
                 note: str = "", visible: Sequence[str] | None = None, controls_at: str = "left",
                 table: str = "beside", table_title: str = "table of the numbers",
                 outputs: Sequence[widgets.Widget] = (), stack: bool = False):
        """`groups` titles columns of controls; `extras` (a Play button) go with them; only the
        `visible` controls are laid out (all by default); `controls_at` "left" or "top" of the
        figures; `table` "beside" the figures, "below" them or "folded" under a title;
        `outputs` (a formula) go above the figures, which are shown at the size they are drawn
        (never scaled down: their text stays at least MIN_FONT points), side by side or, with
        `stack`, one above the other."""
        self.controls, self.views = dict(controls), views
        self.stack = stack
        self.images = [widgets.Image(format="svg+xml", layout=widgets.Layout(width=f"{_width(view):.0f}px"))
                       for view in views]
        # each figure in words, for screen readers: in boxes of no height, which take no room on screen
        self.descriptions = [widgets.HTML(layout=widgets.Layout(height="0px", margin="0")) for _ in views]
        self.above = list(outputs)
        self.note, self.message = widgets.HTML(note), widgets.HTML()
        self.numbers = widgets.HTML()
        self.error: str | None = None
        self._text, self._holding, self._notice = "", False, ""
        self.lock = threading.RLock()   # one change at a time, whichever thread brings it
        self.followers: list[Callable[[str, object], None]] = []   # told of each move before the refresh
        self.boxes = {name: self._control_box(name, control) for name, control in self.controls.items()}
        visible = list(self.controls) if visible is None else list(visible)
        columns = [widgets.VBox(([widgets.HTML(f"<b>{html.escape(title)}</b>")] if title else [])
                                + [self.boxes[name] for name in names if name in visible])
                   for title, names in (groups or {"": list(self.controls)}).items()
                   if any(name in visible for name in names)]
        self.widget = _arrange(columns + list(extras), self, controls_at, table, table_title)
        self.refresh()

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Update the figures for these control values; return the numbers as (text, HTML)."""
        raise NotImplementedError("each panel defines show()")

    def refresh(self) -> None:
        """Call show() with the controls' values, render the figures; turn any error into a message."""
        _delay()
        values = {name: control.value for name, control in self.controls.items()}
        self.error = None
        try:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"), \
                    time_limit(PANEL_SECONDS, "this update"):
                self._text, self.numbers.value = self.show(values)
        except Exception as error:   # a slider callback must never raise: show what went wrong
            self.error = _message(error)
        try:
            for image, view in zip(self.images, self.views):
                image.value = view.svg()
            for words, view in zip(self.descriptions, self.views):
                words.value = _hidden(view.description())
        except Exception as error:   # a figure matplotlib cannot draw
            self.error = self.error or _message(error)
        if self.error is not None:
            self._text, self.numbers.value = f"message: {self.error}", ""
        self._say()

    def set(self, **values: object) -> None:
        """Move the named controls to `values` (checked here, once, against their ranges), then refresh
        once: show() trusts the values it is given."""
        for name, value in values.items():
            self._check(name, value)
        with self.lock:
            self._holding = True
            try:
                for name, value in values.items():
                    self.controls[name].value = value
            finally:
                self._holding = False
            for name in values:
                self._follow(name)
            self.refresh()

    def serially(self, function: Callable) -> Callable:
        """`function`, run under the panel's lock: the way every observer and button handler of a panel
        is registered, so that changes brought by different threads never interleave."""
        @functools.wraps(function)
        def locked(*args, **kwargs):
            with self.lock:
                return function(*args, **kwargs)
        return locked

    def summary(self) -> str:
        """The numbers the panel shows now, as plain text (or "message: ..." after an error)."""
        return self._text

    def _say(self) -> None:
        """Show the error (red) or a note (a typed value, a run that diverged) in brown, once; else nothing."""
        if self.error is not None:
            self.message.value = f'<p style="color:#a00"><b>{html.escape(self.error)}</b></p>'
        else:
            self.message.value = (f'<p style="color:#8a4b00">{html.escape(self._notice)}</p>'
                                  if self._notice else "")
        self._notice = ""

    def _control_box(self, name: str, control: widgets.ValueWidget) -> widgets.Box:
        """The control, with a text box for typed values beside a numeric slider; class bl-control-<name>."""
        control.observe(self.serially(self._on_change), names="value")
        parts = [control]
        if isinstance(control, NUMERIC):
            control.continuous_update, control.readout = False, False
            typed = widgets.Text(value=readout(control, control.value), continuous_update=False,
                                 tooltip=f"type a value for {name}", layout=widgets.Layout(width="64px"))
            typed.observe(self.serially(lambda change: self._on_typed(name, change["new"])), names="value")
            control.observe(self.serially(lambda change: setattr(typed, "value", readout(control, change["new"]))),
                            names="value")
            parts.append(typed)
        box = widgets.HBox(parts)
        box.add_class(f"bl-control-{name.replace(' ', '-')}")
        return box

    def _on_typed(self, name: str, text: str) -> None:
        """A value typed beside slider `name`: take what typed.take reads, and say what was taken."""
        control = self.controls[name]
        if text == readout(control, control.value):
            return   # the box showing the slider's own value
        value, self._notice = take(text, control, name)
        if value is None or value == control.value:
            self.boxes[name].children[1].value = readout(control, control.value)
            self._say()
        else:
            control.value = value

    def _on_change(self, change: dict) -> None:
        """The observer of every control: refresh after checking the new value once (a slider move
        from the browser enters here); nothing while set() is moving several controls it checked,
        or when the front end only rounded the value to its slider's grid (0.3 -> 0.2999999999999998)."""
        if self._holding:
            return
        old, new = change["old"], change["new"]
        if isinstance(change["owner"], NUMERIC) and abs(new - old) <= 1e-9 * max(1.0, abs(old)):
            return
        name = next(n for n, control in self.controls.items() if control is change["owner"])
        try:
            self._check(name, new)
        except BackpropLessonsError as error:
            self.error = _message(error)
            self._text, self.numbers.value = f"message: {self.error}", ""
            self.message.value = f'<p style="color:#a00"><b>{html.escape(self.error)}</b></p>'
            return
        self._follow(name)
        self.refresh()

    def _follow(self, name: str) -> None:
        """Tell the followers (a Play beside the slider, play.py) where control `name` now is."""
        for follower in self.followers:
            follower(name, self.controls[name].value)

    def _check(self, name: str, value: object) -> None:
        """Raise unless `value` is one that control `name` can take."""
        if name not in self.controls:
            raise InvalidValueError(f"{shown(name)} is not a control of this panel; expected one of "
                                    f"{', '.join(self.controls)}")
        control = self.controls[name]
        if isinstance(control, widgets.Dropdown):
            if not isinstance(value, str) or value not in control.options:
                raise InvalidValueError(f"{name} must be one of {', '.join(map(str, control.options))}; got {shown(value)}")
        elif isinstance(control, widgets.Text):
            if not isinstance(value, str):
                raise InvalidTypeError(f"{name} must be text, got {shown(value)}")
        elif isinstance(control, widgets.Checkbox):
            if not isinstance(value, bool):
                raise InvalidTypeError(f"{name} must be True or False, got {shown(value)}")
        elif isinstance(control, widgets.IntSlider):
            valid_count(name, value, minimum=control.min, maximum=control.max)
        else:
            low, high = limits(control)
            valid_number(name, value, minimum=low, maximum=high)

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """Display the panel's widget; where widgets cannot show, a one-line hint to run the cell."""
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = HINT.format(name=type(self).__name__)
        return bundle

    def __repr__(self) -> str:
        """The class name only: no memory address, so nbval output stays the same."""
        return f"<{type(self).__name__}>"


def _arrange(controls: list[widgets.Widget], panel: Panel, controls_at: str, table: str,
             title: str) -> widgets.VBox:
    """Controls left of (or above) the figures; the table beside, below or folded under `title`."""
    side = controls_at == "left"
    box = widgets.VBox(controls) if side else widgets.HBox(controls, layout=_wrap())
    box.add_class("bl-controls")
    figures = widgets.VBox(panel.images) if panel.stack else widgets.HBox(panel.images, layout=_wrap())
    # not a scrolling box (ipywidgets' default): the figures are never wider than it, and a scrolling
    # region would need a keyboard focus of its own
    main = widgets.VBox([panel.message, *panel.above, figures, *panel.descriptions],
                        layout=widgets.Layout(overflow="visible"))
    main.add_class("bl-main")
    panel.numbers.add_class("bl-numbers")
    numbers = panel.numbers
    if table == "folded":
        numbers = widgets.Accordion(children=[panel.numbers], titles=(title,), selected_index=0,
                                    layout=widgets.Layout(max_width="100%", overflow="auto"))
    right = (widgets.HBox([main, numbers], layout=_wrap()) if table == "beside"
             else widgets.VBox([main, numbers]))
    # beside the controls when the figures fit (a wide table then scrolls), else below them: never
    # narrower than the figures, which are shown at the size they are drawn
    if side:
        width = f"{(max if panel.stack else sum)(_width(v) for v in panel.views):.0f}px"
        right.layout.flex, right.layout.min_width = f"1 1 {width}", width
    body = widgets.HBox([box, right], layout=_wrap()) if side else widgets.VBox([box, right])
    whole = widgets.VBox([panel.note, body])
    whole.add_class("bl-panel")
    return whole


def _wrap() -> widgets.Layout:
    """A row that wraps onto the next line when it is too wide (one new Layout per box)."""
    return widgets.Layout(flex_flow="row wrap", align_items="flex-start")


def _width(view: FigureView) -> float:
    """A figure's width in CSS pixels as drawn (inches times dots per inch)."""
    return view.figure.get_figwidth() * view.figure.dpi


def _hidden(text: str) -> str:
    """`text` in HTML that a screen reader reads and the screen does not show (class bl-description:
    the lecture template gives it to the figure's image as its alt)."""
    return (f"<span class='bl-description' style='position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
            f"border:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap'>{html.escape(text)}</span>"
            if text else "")


def _delay() -> None:
    """Wait BACKPROP_LESSONS_PANEL_DELAY seconds, if set (a kernel slowed on purpose); else nothing."""
    seconds = os.environ.get("BACKPROP_LESSONS_PANEL_DELAY", "")
    try:
        seconds = float(seconds) if seconds else 0.0
    except ValueError:
        return
    if 0 < seconds < 60:
        time.sleep(seconds)


def _message(error: Exception) -> str:
    """What a panel says about an error: the package's own message, or the error's type and text."""
    if isinstance(error, BackpropLessonsError):
        return str(error)
    return f"unexpected {type(error).__name__}: {error}"


def slider(name: str, value: float, low: float, high: float, continuous_update: bool = False) -> widgets.FloatSlider:
    """A labelled FloatSlider in steps of 0.01 (its text box beside it shows two decimals)."""
    return widgets.FloatSlider(value=value, min=low, max=high, step=0.01, description=name,
                               readout_format=".2f", continuous_update=continuous_update,
                               style={"description_width": "72px"}, layout=widgets.Layout(width="220px"))
