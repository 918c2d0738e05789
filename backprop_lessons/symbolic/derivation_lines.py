"""What a derivation holds (Line, Derivation) and how it prints: as text for the command
line's `derive`, and as LaTeX lines for IPython.display.Math and slides.

Names and formulas become LaTeX through engine/notation.py, the one place that writes them.
Values print as the lecture rounds them (notation.figure), and in text also to 12
significant digits (notation.full) when the rounding loses any.
Non-goal: typesetting beyond what MathJax in a notebook shows.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from backprop_lessons.engine.agreement import AGREE, relative_error
from backprop_lessons.engine.notation import figure, full, latex_formula, latex_name

def latex_expression(expression: sp.Expr) -> str:
    """SymPy's LaTeX for `expression`, with every symbol written as notation.latex_name writes it."""
    names = {s: latex_name(s.name) for s in expression.free_symbols}
    return sp.latex(expression, symbol_names=names, order="none")


@dataclass(frozen=True)
class Line:
    """One line of a derivation: a name, its right-hand sides in turn, its value and a note."""

    name: str                              # "dE_total/dw5", or a product such as "delta_o1 * w5"
    sides: tuple[str | sp.Expr, ...] = ()  # formulas in lecture names, numbers, SymPy expressions
    value: float | None = None
    note: str = ""

    def text(self) -> str:
        """`name = side = ... = value`, the value as the lecture rounds it and, if that loses digits, in full."""
        if not self.name:
            return self.note
        parts = [self.name, *(sp.sstr(side, order="none") for side in self.sides)]
        if self.value is not None:
            shown = figure(self.value)
            parts.append(shown if float(shown) == self.value else f"{shown}  ({full(self.value)})")
        return " = ".join(parts) + (f"   [{self.note}]" if self.note else "")

    def latex(self) -> str:
        """The same line in LaTeX, with the value as the lecture rounds it."""
        if not self.name:
            return rf"\text{{{self.note}}}"
        parts = [latex_formula(self.name)] + [
            latex_expression(side) if isinstance(side, sp.Basic) else latex_formula(side) for side in self.sides]
        if self.value is not None:
            parts.append(figure(self.value))
        return " = ".join(parts) + (rf" \quad \text{{({self.note})}}" if self.note else "")


@dataclass(frozen=True)
class Derivation:
    """dE_total/dparameter three ways (chain rule, delta rule, direct), every line with its value."""

    parameter: str
    sections: tuple[tuple[str, tuple[Line, ...]], ...]   # (title, lines) in order
    chain_rule: float
    delta_rule: float
    direct: float
    symbolically_equal: bool | None   # True: SymPy expanded chain rule - direct to 0; None: not shown

    @property
    def values(self) -> dict[str, float]:
        """Every named value of the derivation, e.g. values["dout_o1/dnet_o1"]."""
        return {line.name: line.value for _, lines in self.sections for line in lines if line.value is not None}

    @property
    def agree(self) -> bool:
        """Whether chain rule, delta rule and direct agree to CS231n's relative error 1e-7."""
        results = (self.chain_rule, self.delta_rule, self.direct)
        return all(relative_error(a, b) < AGREE for a in results for b in results)

    def text(self) -> str:
        """The derivation as plain text, section by section (the command line's `derive`)."""
        blocks = [f"{title}\n" + "\n".join("  " + line.text() for line in lines) for title, lines in self.sections]
        return "\n\n".join(blocks)

    def latex(self) -> list[str]:
        """The derivation as LaTeX lines, each ready for IPython.display.Math."""
        return [rf"\text{{{title}}}" if line is None else line.latex()
                for title, lines in self.sections for line in (None, *lines)]
