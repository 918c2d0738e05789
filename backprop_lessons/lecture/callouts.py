"""What a student reads where a computed number differs from a slide: a callout, computed, never typed.

    callout("dE_o2/dout_h1")    # "The slide prints ...; erratum 5 in notebook 7 explains it."

The printed figure is read from published.py, the computed one from the engine, and the
erratum's number from errata.errata(), so a callout cannot disagree with notebook 7.
Each function returns Markdown text that a notebook cell displays as Markdown.
Used in notebooks 4, 5 and 6 (callout) and notebook 7 (two_runs, rounding).
"""
from __future__ import annotations

from decimal import Decimal

from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.lecture.errata import computed_figures, errata, lecture_training, slide_layout_round
from backprop_lessons.lecture.exact import exact_digits
from backprop_lessons.lecture.example import LECTURE_ROUNDS, LECTURE_VALUES, worked_round
from backprop_lessons.lecture.published import PRINTED

TYPO = "w3*i2"   # the callout for the hidden-layer slide's net_h1 = w1*i1 + w3*i2 + b1
ERRATA_NOTEBOOK = "[notebook 7](07-errata.ipynb)"


class Markdown(str):
    """Text that a notebook displays as Markdown when a cell ends with it."""

    def _repr_markdown_(self) -> str:
        """The text itself, for Jupyter's Markdown display."""
        return str(self)

    def __repr__(self) -> str:
        """The text itself, without quotes (the plain-text display nbval compares)."""
        return str(self)


def erratum_number(printed_name: str) -> int:
    """The number (from 1) of the erratum in errata() that explains this printed figure."""
    return next(n for n, e in enumerate(errata(), start=1) if printed_name in e.printed)


def callout(*names: str) -> Markdown:
    """"The slide prints X; erratum N in notebook 7 explains it", one paragraph per printed figure (or TYPO)."""
    return Markdown("\n\n".join(_callout(name) for name in names))


def _callout(name: str) -> str:
    """The callout for one name."""
    if name == TYPO:
        return _typo_callout()
    if name not in PRINTED:
        raise InvalidValueError(f"name must be a printed figure (published.PRINTED) or {TYPO!r}, got {name!r}")
    printed = PRINTED[name]
    value = f"{computed_figures()[name]:.{printed.decimals}f}"
    return Markdown(f"> **The slide prints {printed.text}** for {name}; computed here: {value}. "
                    f"Erratum {erratum_number(name)} in {ERRATA_NOTEBOOK} explains it.")


def _typo_callout() -> Markdown:
    """The hidden-layer slide's w3*i2, and what net_h1 would be with it."""
    return Markdown(
        "> **The hidden-layer slide writes** $net_{h1} = w_1 i_1 + w_3 i_2 + b_1$. With $w_3$, "
        f"$net_{{h1}}$ would be {slide_layout_round()['net_h1']:.4f}; the forward-pass slide prints "
        f"{PRINTED['net_h1'].text}, which needs $w_2 i_2$, so $\\partial net_{{h1}}/\\partial w_1 = i_1$ "
        f"as here. Erratum {erratum_number('net_h1')} in {ERRATA_NOTEBOOK} explains it.")


def printed_outputs_error() -> float:
    """E_total of the printed outputs after 10,000 rounds: 1/2 (target - out)^2 summed over both."""
    outs = (float(PRINTED[f"out_o{k} after 10,000 rounds"].text) for k in (1, 2))
    targets = (LECTURE_VALUES["target_o1"], LECTURE_VALUES["target_o2"])
    return sum((t - o) ** 2 / 2 for t, o in zip(targets, outs))


def two_runs() -> Markdown:
    """Errata 3 and 4 side by side: the printed error and the printed outputs come from different runs."""
    n, error = LECTURE_ROUNDS, PRINTED["E_total after 10,000 rounds"]
    correct, _ = lecture_training("correct", n)
    published, (pub_o1, pub_o2) = lecture_training("as_published", n)
    d = error.decimals
    o1, o2 = (PRINTED[f"out_o{k} after 10,000 rounds"].text for k in (1, 2))
    return Markdown(
        f"| the slide prints | computed | which run gives it |\n|---|---|---|\n"
        f"| E_total = {error.text} | {correct[n - 1]:.{d}f} | correct order, after {n - 1:,} updates |\n"
        f"| out_o1 = {o1} | {pub_o1:.{len(o1) - 2}f} | as_published order, after {n:,} updates |\n"
        f"| out_o2 = {o2} | {pub_o2:.{len(o2) - 2}f} | as_published order, after {n:,} updates |\n"
        f"| E_total of the printed outputs | {printed_outputs_error():.{d}f} | "
        f"(as_published after {n:,}: {published[n]:.{d}f}) |\n")


def rounding(digits: int = 30) -> Markdown:
    """Erratum 5 in exact arithmetic: dE_o2/dout_h1 to `digits` digits, and the lecture's rounded route."""
    exact_values = exact_digits(digits)
    rounded = Decimal(exact_values["delta_o2"]).quantize(Decimal("1e-9"))
    product = rounded * Decimal(repr(LECTURE_VALUES["w7"]))
    return Markdown(
        f"| quantity | value |\n|---|---|\n"
        f"| delta_o2 = dE_o2/dnet_o2, exact to {digits} digits | {exact_values['delta_o2']} |\n"
        f"| dE_o2/dout_h1 = delta_o2 * w7, exact to {digits} digits | {exact_values['dE_o2/dout_h1']} |\n"
        f"| the same, rounded to 9 decimals | {Decimal(exact_values['dE_o2/dout_h1']).quantize(Decimal('1e-9'))} |\n"
        f"| delta_o2 first rounded to 9 decimals | {rounded} |\n"
        f"| that, times w7 (exact) | {product} |\n"
        f"| the slide prints | {PRINTED['dE_o2/dout_h1'].text} |\n"
        f"| the float engine | {worked_round()['dE_o2/dout_h1']!r} |\n")
