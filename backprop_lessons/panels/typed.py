"""A value typed beside a slider: read it, fit it to the slider, and say what was taken.

The slider's own readout reads "1,5" as 1, "1e9" as 1 on a whole-number slider and
clamps silently. Each numeric slider of a panel therefore has a text box beside it,
read here (parsed, never evaluated):
    take("1,5", w5 slider)    -> 1.5,    "read 1,5 as 1.5"
    take("1e9", round slider) -> 10000,  "1e9 is beyond the last round, 10,000: showing round 10,000"
    take("abc", w5 slider)    -> None,   "abc is not a number: w5 stays at 0.40"
"""
from __future__ import annotations

import math
import re

import ipywidgets as widgets

from backprop_lessons.engine.errors import shown

DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")          # 1,5: a decimal comma
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")      # 10,000: thousands
PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def readout(control: widgets.ValueWidget, value: float) -> str:
    """`value` as the control shows it: 10,000 for whole numbers, 0.40 (or 3 digits on a log scale)."""
    if isinstance(control, widgets.IntSlider):
        return f"{int(value):,}"
    return f"{value:.3g}" if isinstance(control, widgets.FloatLogSlider) else f"{value:.2f}"


def limits(control: widgets.ValueWidget) -> tuple[float, float]:
    """The smallest and largest value `control` takes (a log slider's min and max are exponents)."""
    if isinstance(control, widgets.FloatLogSlider):
        return control.base ** control.min, control.base ** control.max
    return control.min, control.max


def take(text: str, control: widgets.ValueWidget, name: str) -> tuple[float | None, str]:
    """The value to give `control` for the typed `text` (None: keep its value), and what to say."""
    typed = text.strip().replace("\u2212", "-")
    notes = []
    if THOUSANDS.match(typed) and isinstance(control, widgets.IntSlider):
        typed = typed.replace(",", "")
    elif DECIMAL_COMMA.match(typed):
        typed = typed.replace(",", ".")
        notes.append(f"read {text.strip()} as {typed}")
    if not PLAIN.match(typed) or not math.isfinite(float(typed)):
        return None, f"{shown(text.strip(), 40)} is not a number: {name} stays at {readout(control, control.value)}"
    value = float(typed)
    if isinstance(control, widgets.IntSlider) and value != round(value) and abs(value) < 1e15:
        value = float(round(value))
        notes.append(f"{name} takes whole numbers: {text.strip()} is taken as {readout(control, value)}")
    low, high = limits(control)
    equals = " " if isinstance(control, widgets.IntSlider) else " = "
    last = "last" if isinstance(control, widgets.IntSlider) else "largest"
    first = "first" if isinstance(control, widgets.IntSlider) else "smallest"
    if value > high:
        value, notes = high, [f"{text.strip()} is beyond the {last} {name}, {readout(control, high)}: "
                              f"showing {name}{equals}{readout(control, high)}"]
    elif value < low:
        value, notes = low, [f"{text.strip()} is below the {first} {name}, {readout(control, low)}: "
                             f"showing {name}{equals}{readout(control, low)}"]
    if isinstance(control, widgets.IntSlider):
        value = int(value)
    return value, "; ".join(notes)
