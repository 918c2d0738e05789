"""What every slider panel shares: controls, figures shown as PNG images, numbers, and messages.

A panel builds its figures once. When a control changes, refresh() calls the panel's
show() with every control's value; show() updates the figures' artists in place and
returns the numbers as text and HTML; refresh() renders each figure to SVG bytes for an
ipywidgets.Image. That works with the default inline backend in JupyterLab, in Voila
and under nbval, with no ipympl and no flicker (measure_latency in widgets.py compares
it with clearing an Output and drawing a new figure). Any error becomes a message inside the
panel: no exception leaves a slider callback.

Notebook cells and tests drive a panel without a browser:
    panel.set(w5=0.3, eta=0.5)   # moves the sliders, then refreshes once, as a slider would
    print(panel.summary())       # the numbers the panel shows, as fixed-format text
Non-goal: a widget framework; this is the least that four panels need.
"""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import ipywidgets as widgets
import numpy as np

from backprop_lessons.engine.errors import BackpropLessonsError, InvalidTypeError, InvalidValueError, check_count, check_number, shown
from backprop_lessons.figures.base import FigureView


class Panel:
    """A slider panel: its controls, its figures, and the text and HTML it shows."""

    def __init__(self, controls: Mapping[str, widgets.ValueWidget], views: list[FigureView], *,
                 groups: Mapping[str, list[str]] | None = None, extras: Sequence[widgets.Widget] = (),
                 note: str = ""):
        """`groups` arranges the controls in titled columns; `extras` (a Play button) go beside them."""
        self.controls, self.views = dict(controls), views
        self.images = [widgets.Image(format="svg+xml") for _ in views]
        self.note = widgets.HTML(note)
        self.message = widgets.HTML()
        self.numbers = widgets.HTML(layout=widgets.Layout(max_height="560px", overflow="auto"))
        self.error: str | None = None
        self._text, self._holding = "", False
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        columns = [widgets.VBox([widgets.HTML(f"<b>{html.escape(title)}</b>")]
                                + [self.controls[name] for name in names])
                   for title, names in (groups or {"": list(self.controls)}).items()]
        wrap = widgets.Layout(flex_flow="row wrap")   # on a narrow screen, columns go below, not clipped
        self.widget = widgets.VBox([widgets.HBox(columns + list(extras), layout=wrap), self.note, self.message,
                                    widgets.HBox([widgets.VBox(self.images), self.numbers], layout=wrap)])
        self.refresh()

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Update the figures for these control values; return the numbers as (text, HTML)."""
        raise NotImplementedError("each panel defines show()")

    def refresh(self) -> None:
        """Call show() with the controls' values, render the figures; turn any error into a message."""
        values = {name: control.value for name, control in self.controls.items()}
        self.error = None
        try:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                self._text, self.numbers.value = self.show(values)
        except Exception as error:   # a slider callback must never raise: show what went wrong
            self.error = _message(error)
        try:
            for image, view in zip(self.images, self.views):
                image.value = view.svg()
        except Exception as error:   # a figure matplotlib cannot draw
            self.error = self.error or _message(error)
        if self.error is not None:
            self._text, self.numbers.value = f"message: {self.error}", ""
        self.message.value = "" if self.error is None else (
            f'<p style="color:#a00"><b>{html.escape(self.error)}</b></p>')

    def set(self, **values: object) -> None:
        """Move the named controls to `values` (checked here, once, against their ranges), then refresh
        once: show() trusts the values it is given."""
        for name, value in values.items():
            self._check(name, value)
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        self.refresh()

    def summary(self) -> str:
        """The numbers the panel shows now, as plain text (or "message: ..." after an error)."""
        return self._text

    def _on_change(self, change: dict) -> None:
        """The observer of every control: check the new value once (a slider move from the browser
        enters here), then refresh; nothing while set() is moving several controls it checked."""
        if self._holding:
            return
        name = next(n for n, control in self.controls.items() if control is change["owner"])
        try:
            self._check(name, change["new"])
        except BackpropLessonsError as error:
            self.error = _message(error)
            self._text, self.numbers.value = f"message: {self.error}", ""
            self.message.value = f'<p style="color:#a00"><b>{html.escape(self.error)}</b></p>'
            return
        self.refresh()

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
            check_count(name, value, minimum=control.min, maximum=control.max)
        else:
            low, high = ((control.base ** control.min, control.base ** control.max)
                         if isinstance(control, widgets.FloatLogSlider) else (control.min, control.max))
            check_number(name, value, minimum=low, maximum=high)

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """Display the panel's widget when a notebook cell ends with the panel."""
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        """The class name only: no memory address, so nbval output stays the same."""
        return f"<{type(self).__name__}>"


def _message(error: Exception) -> str:
    """What a panel says about an error: the package's own message, or the error's type and text."""
    if isinstance(error, BackpropLessonsError):
        return str(error)
    return f"unexpected {type(error).__name__}: {error}"


def format_lines(values: Mapping[str, float]) -> str:
    """`name = value` lines with 9 significant digits: the panels' fixed text format."""
    return "\n".join(f"{name} = {value:.9g}" for name, value in values.items())


def numbers_shown(heading: str, numbers: Mapping[str, float]) -> tuple[str, str]:
    """`heading` and `name = value` lines as text, and the same numbers as an HTML table."""
    return (f"{heading}\n{format_lines(numbers)}",
            html_table([(name, f"{value:.9g}") for name, value in numbers.items()], ("quantity", "value")))


def html_table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    """An HTML table of text rows, escaped; a row of one cell is a section title spanning the table."""
    cells = ["<tr>" + "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in header) + "</tr>"]
    for row in rows:
        if len(row) == 1:
            cells.append(f"<tr><td colspan={len(header)}><b>{html.escape(row[0])}</b></td></tr>")
        else:
            cells.append("<tr>" + "".join(f"<td style='font-family:monospace'>{html.escape(c)}</td>"
                                          for c in row) + "</tr>")
    return "<table>" + "".join(cells) + "</table>"


def slider(name: str, value: float, low: float, high: float, continuous_update: bool) -> widgets.FloatSlider:
    """A labelled FloatSlider in steps of 0.01."""
    return widgets.FloatSlider(value=value, min=low, max=high, step=0.01, description=name,
                               readout_format=".2f", continuous_update=continuous_update,
                               style={"description_width": "70px"}, layout=widgets.Layout(width="260px"))
