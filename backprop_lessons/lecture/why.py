"""Why backprop, on the lecture's numbers: a nudge of w5 moves E_total by dE/dw5 times the nudge,
and why dE/dw1 .. dE/dw4 come out about a hundred times smaller than dE/dw5 .. dE/dw8 here.

Each weight's gradient is three factors (the lecture's chain rule):
    dE/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * out_h1
    dE/dw1 = dE_total/dout_h1 * dout_h1/dnet_h1 * i1
scale_factors divides factor by factor: the inputs (0.05, 0.10) are small beside out_h1 (about
0.6); and dE_total/dout_h1 is small beside dE_total/dout_o1, because it has already been through
a logistic derivative, which is never above 0.25, and weights below 1.
Non-goal: a general theory of vanishing gradients (notebook 8 shows deeper nets).
"""
from __future__ import annotations

from collections.abc import Mapping

from backprop_lessons.engine.errors import InvalidValueError, valid_number
from backprop_lessons.lecture.example import LECTURE_VALUES, worked_round

WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def nudge(name: str = "w5", h: float = 0.001, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """E_total before and after `name` += h, the change, and the change dE_total/d(name) * h predicts."""
    if name not in WEIGHTS + ("b1", "b2"):
        raise InvalidValueError(f"name must be a weight or bias of the lecture's network (w1 .. w8, b1, b2); "
                                f"got {name!r}")
    h = valid_number("h", h)
    before = worked_round(overrides, update_biases=True)
    moved = dict(LECTURE_VALUES) | dict(overrides or {})
    after = worked_round({**moved, name: moved[name] + h})
    change = after["E_total"] - before["E_total"]
    predicted = before[f"dE_total/d{name}"] * h
    return {"E_total": before["E_total"], f"E_total with {name} + h": after["E_total"],
            "change": change, f"dE_total/d{name} * h": predicted, "difference": change - predicted}


def gradient_ratio(overrides: Mapping[str, float] | None = None) -> float:
    """Mean |dE/dw5 .. dE/dw8| over mean |dE/dw1 .. dE/dw4|: how much larger the output layer's are."""
    r = worked_round(overrides)
    output = sum(abs(r[f"dE_total/d{w}"]) for w in WEIGHTS[4:])
    hidden = sum(abs(r[f"dE_total/d{w}"]) for w in WEIGHTS[:4])
    return output / hidden


def scale_factors(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """dE/dw5 over dE/dw1, factor by factor; the last entry, their product, is the whole ratio."""
    r = worked_round(overrides)
    factors = {"dE_total/dout_o1 / dE_total/dout_h1": r["dE_total/dout_o1"] / r["dE_total/dout_h1"],
               "dout_o1/dnet_o1 / dout_h1/dnet_h1": r["dout_o1/dnet_o1"] / r["dout_h1/dnet_h1"],
               "out_h1 / i1": r["dnet_o1/dw5"] / r["dnet_h1/dw1"]}   # dnet_o1/dw5 = out_h1, dnet_h1/dw1 = i1
    product = 1.0
    for value in factors.values():
        product *= value
    return {**factors, "dE_total/dw5 / dE_total/dw1": product}
