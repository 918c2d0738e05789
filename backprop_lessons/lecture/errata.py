"""The lecture's errata: each printed figure the algorithm does not give, reproduced by computation.

For every slip we compute the right number with the correct algorithm, and the
configuration that reproduces the printed one exactly (what reproduces a figure, not a claim of how it was made):
  1. the hidden-layer slide's net_h1 = w1*i1 + w3*i2 + b1 (the numbers need w2*i2);
  2. the error after one round (printed from the "as_published" update order);
  3. the error after 10,000 rounds (printed after 9,999 updates);
  4. the outputs after 10,000 rounds (printed from the "as_published" update order);
  5. dE_o2/dout_h1 (worked from a rounded intermediate value).
The printed texts come from published.py and are only displayed here, never computed with.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from backprop_lessons.lecture.example import (LECTURE_ETA, LECTURE_ROUNDS, LECTURE_VALUES, lecture_data, lecture_network, train_lecture,
                      worked_round)
from backprop_lessons.engine.network import Network
from backprop_lessons.lecture.published import PRINTED


@dataclass(frozen=True)
class Row:
    """One computed value of an erratum: what it is, how it was computed, and its role."""

    label: str
    value: float
    role: str    # "correct", "reproduces the print" or "for comparison"


@dataclass(frozen=True)
class Erratum:
    """One slip: a title, the printed figures it concerns, computed rows and an explanation."""

    title: str
    printed: tuple[str, ...]    # names in published.PRINTED
    rows: tuple[Row, ...]
    explanation: str

    def printed_texts(self) -> list[str]:
        """The figures as the lecture printed them."""
        return [PRINTED[name].text for name in self.printed]


@lru_cache(maxsize=8)
def lecture_training(order: str, iterations: int, update_biases: bool = False) -> tuple[tuple[float, ...], tuple[float, float]]:
    """E_total after each update, and the two outputs after the last one (cached: 10,000 rounds).

    `order` is "correct" or "as_published"; the errata and their callouts (callouts.py) share these runs.
    """
    network, history = train_lecture(iterations, order=order, update_biases=update_biases)
    inputs, _ = lecture_data()
    out_o1, out_o2 = network.forward(inputs).outs[-1][0]
    return tuple(history.losses), (float(out_o1), float(out_o2))


def slide_layout_round() -> dict[str, float]:
    """net_h1 and w2+ if w3, not w2, joined i2 to h1 (as the hidden-layer slide writes)."""
    v = LECTURE_VALUES
    # The slide's layout: net_h1 = w1*i1 + w3*i2 + b1, net_h2 = w2*i1 + w4*i2 + b1.
    network = Network([[[v["w1"], v["w3"]], [v["w2"], v["w4"]]], lecture_network().weights[1]],
                      [[v["b1"]], [v["b2"]]])
    inputs, targets = lecture_data()
    forward = network.forward(inputs)
    gradients = network.backward(forward, targets)
    return {"net_h1": float(forward.nets[0][0, 0]),
            "w2+": v["w2"] - LECTURE_ETA * float(gradients.weights[0][1, 0])}


def rounded_dE_o2_dout_h1(decimals: int = 9) -> float:
    """dE_o2/dout_h1 = dE_o2/dnet_o2 * w7 with dE_o2/dnet_o2 first rounded to `decimals` places."""
    return round(worked_round()["delta_o2"], decimals) * LECTURE_VALUES["w7"]


def errata() -> list[Erratum]:
    """Every erratum of the lecture, with its values computed now."""
    iterations = LECTURE_ROUNDS
    worked, slide = worked_round(), slide_layout_round()
    correct, (out_o1, out_o2) = lecture_training("correct", iterations)
    published, (pub_o1, pub_o2) = lecture_training("as_published", iterations)
    n = f"{iterations:,}"
    return [
        Erratum("The hidden-layer slide writes net_h1 = w1*i1 + w3*i2 + b1", ("net_h1", "w2+"), (
            Row("net_h1 = w1*i1 + w2*i2 + b1 (forward-pass slide)", worked["net_h1"], "correct"),
            Row("w2+ with w2 joining i2 to h1", worked["w2+"], "correct"),
            Row("net_h1 = w1*i1 + w3*i2 + b1 (hidden-layer slide)", slide["net_h1"], "for comparison"),
            Row("w2+ if w3 joined i2 to h1", slide["w2+"], "for comparison")),
            "The printed net_h1 and w2+ are reproduced exactly with w2*i2, not with w3*i2: the slide's w3 reads as a typo."),
        Erratum("The error after the first round", ("E_total after 1 round",), (
            Row("all gradients from the weights before the update", correct[1], "correct"),
            Row("hidden deltas from the already-updated w5..w8 (as_published)", published[1],
                "reproduces the print")),
            "The lecture says to update only after all gradients are known; the printed figure is "
            "reproduced exactly by code that updates w5..w8 before computing the hidden deltas."),
        Erratum(f"The error after {n} rounds", ("E_total after 10,000 rounds",), (
            Row(f"after {n} updates", correct[iterations], "correct"),
            Row(f"after {iterations - 1:,} updates (the error of the last round's forward pass)",
                correct[iterations - 1], "reproduces the print"),
            Row(f"as_published, after {n} updates", published[iterations], "for comparison")),
            "The printed error is reproduced exactly by the error measured at the start of the last "
            "round, before its update: one update short."),
        Erratum(f"The outputs after {n} rounds", ("out_o1 after 10,000 rounds", "out_o2 after 10,000 rounds"), (
            Row(f"out_o1 after {n} updates", out_o1, "correct"),
            Row(f"out_o2 after {n} updates", out_o2, "correct"),
            Row(f"out_o1, as_published, after {n} updates", pub_o1, "reproduces the print"),
            Row(f"out_o2, as_published, after {n} updates", pub_o2, "reproduces the print")),
            "The printed outputs are reproduced exactly by the as_published update order, like the first-round error."),
        Erratum("dE_o2/dout_h1 is one digit off", ("dE_o2/dout_h1",), (
            Row("delta_o2 * w7, exact", worked["dE_o2/dout_h1"], "correct"),
            Row("delta_o2 rounded to 9 decimals, times w7", rounded_dE_o2_dout_h1(), "reproduces the print")),
            "The printed value is reproduced exactly by dE_o2/dnet_o2 rounded to 9 decimals, times w7 = 0.5."),
    ]


def bias_update_error() -> float:
    """E_total after the lecture's 10,000 correct rounds if they also update b1 and b2 (not in the lecture)."""
    return lecture_training("correct", LECTURE_ROUNDS, True)[0][LECTURE_ROUNDS]


def computed_figures() -> dict[str, float]:
    """The computed value of every printed figure, by its name in published.py.

    The correct algorithm with the settings the lecture states: the worked round, and
    10,000 rounds with all gradients from the weights before each update.
    """
    correct, (out_o1, out_o2) = lecture_training("correct", LECTURE_ROUNDS)
    return worked_round().values() | {
        "E_total after 1 round": correct[1], "E_total after 10,000 rounds": correct[LECTURE_ROUNDS],
        "out_o1 after 10,000 rounds": out_o1, "out_o2 after 10,000 rounds": out_o2}


def comparison() -> list[tuple[str, str, str, str]]:
    """All 30 printed figures: (name, printed, computed with the lecture's digits, verdict).

    The verdict says "as printed", or which erratum explains the difference.
    """
    computed = computed_figures()
    explained_by = {name: number for number, erratum in enumerate(errata(), start=1) for name in erratum.printed}
    rows = []
    for name, printed in PRINTED.items():
        shown = f"{computed[name]:.{printed.decimals}f}"
        verdict = "as printed" if shown == printed.text else f"differs: erratum {explained_by[name]}"
        rows.append((name, printed.text, shown, verdict))
    return rows
