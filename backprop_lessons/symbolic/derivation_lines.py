"""What a derivation holds (Line, Derivation) and how it prints: as text for the command
line's `derive`, and as LaTeX lines for IPython.display.Math and slides.

LaTeX names follow the two schemes of symbolic.py:
    w5 -> w_{5},  b1_2 -> b_{1,2},  net_h1 -> net_{h1},  delta_o1 -> \\delta_{o1}   (the lecture's)
    w_2_1_3 -> w^{(2)}_{1,3},  net_2_1 -> net^{(2)}_{1},  b_2 -> b^{(2)}   (indexed, Nielsen's w^l_jk)
    dE_total/dw5 -> \\frac{\\partial E_{total}}{\\partial w_{5}}
Values print as the lecture rounds them (notation.figure), and in text also to 12
significant digits (notation.full) when the rounding loses any.
Non-goal: typesetting beyond what MathJax in a notebook shows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from backprop_lessons.symbolic.crosscheck import AGREE, relative_error
from backprop_lessons.engine.notation import figure, full, latex_name

_INDEXED = re.compile(r"(w|b|net|out|delta|target|E)_(\d+)((?:_\d+)*)")


def latex_symbol(name: str) -> str:
    """LaTeX for one name of either scheme: w5 -> w_{5}, w_2_1_3 -> w^{(2)}_{1,3}, dE_total/dw5 -> a fraction."""
    if name.startswith("dE_dout_"):                 # backprop's running dE_total/dout_h1
        name = "dE_total/dout_" + name.removeprefix("dE_dout_")
    if "/" in name:
        top, bottom = name.split("/", 1)
        return (r"\frac{\partial " + latex_symbol(top.removeprefix("d")) + r"}{\partial "
                + latex_symbol(bottom.removeprefix("d")) + "}")
    if re.fullmatch(r"b\d+_\d+", name):            # b1_2: neuron 2's own bias in layer 1
        return "b_{" + name[1:].replace("_", ",") + "}"
    match = _INDEXED.fullmatch(name)
    if match is None:
        return latex_name(name)
    stem, layer, rest = match.groups()
    stem = r"\delta" if stem == "delta" else stem
    below = ",".join(rest.split("_")[1:])
    return f"{stem}^{{({layer})}}" + (f"_{{{below}}}" if below else "")


def latex_expression(expression: sp.Expr) -> str:
    """SymPy's LaTeX for `expression`, with every symbol written as latex_symbol writes it."""
    names = {s: latex_symbol(s.name) for s in expression.free_symbols}
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
        parts = [_latex_formula(self.name)] + [
            latex_expression(side) if isinstance(side, sp.Basic) else _latex_formula(side) for side in self.sides]
        if self.value is not None:
            parts.append(figure(self.value))
        return " = ".join(parts) + (rf" \quad \text{{({self.note})}}" if self.note else "")


def _latex_formula(formula: str) -> str:
    """LaTeX for a plain formula such as `dE_o1/dnet_o1 * dnet_o1/dout_h1` or `0.1 * 0.4`."""
    token = re.compile(r"d[A-Za-z]\w*/d[A-Za-z]\w*|[A-Za-z]\w*|\s*\*\s*")
    return token.sub(lambda m: r" \cdot " if "*" in m.group() else latex_symbol(m.group()), formula)


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
