"""The lecture's notation: plain names such as `net_h1` or `dE_total/dw5`, and their LaTeX.

One naming scheme serves the worked example, the symbolic derivations, the command line
and the notebooks:
    w5, b1, i1, eta            ->  w_{5}, b_{1}, i_{1}, \\eta
    net_h1, out_o1, E_total    ->  net_{h1}, out_{o1}, E_{total}
    delta_o1                   ->  \\delta_{o1}
    dE_total/dw5               ->  \\frac{\\partial E_{total}}{\\partial w_{5}}
    w5+                        ->  w_{5}^{+}     (the weight after the update)
"""
from __future__ import annotations

import math
import re

_GREEK = {"eta": r"\eta", "delta": r"\delta"}
_NAME = r"[A-Za-z]+(?:_[A-Za-z0-9]+|[0-9]+)?"
_IDENTIFIER = re.compile(rf"(?:d{_NAME}/d{_NAME}|{_NAME})\+?")


def latex_name(name: str) -> str:
    """LaTeX for one lecture name: `net_h1` -> `net_{h1}`, `dE_total/dw5` -> a partial fraction."""
    if "/" in name:
        top, bottom = name.split("/", 1)
        return (r"\frac{\partial " + latex_name(top.removeprefix("d")) + r"}{\partial "
                + latex_name(bottom.removeprefix("d")) + "}")
    updated = name.endswith("+")
    name = name.removesuffix("+")
    match = re.fullmatch(r"([A-Za-z]+)_?([A-Za-z0-9]*)", name)
    if match is None:
        return name
    stem, index = match.groups()
    stem = _GREEK.get(stem, stem)
    text = f"{stem}_{{{index}}}" if index else stem
    return text + ("^{+}" if updated else "")


def latex_formula(formula: str) -> str:
    """LaTeX for a plain formula: each lecture name converted, `*` shown as a centred dot."""
    text = _IDENTIFIER.sub(lambda m: latex_name(m.group(0)), formula)
    text = re.sub(r"exp\(([^()]*)\)", r"e^{\1}", text)               # exp(-x)     -> e^{-x}
    text = re.sub(r"(\d+)/(\d+)", r"\\frac{\1}{\2}", text)          # 1/2         -> \frac{1}{2}
    text = re.sub(r"(\d+)/\(([^()]*)\)", r"\\frac{\1}{\2}", text)  # 1/(1 + e^x) -> \frac{1}{1 + e^x}
    return re.sub(r"\s*\*\s*", r" \\cdot ", text)


def figure(value: float) -> str:
    """A value as the lecture prints it: 9 decimals, more below 0.001 to keep 6 significant digits.

    0.75136506964 -> 0.751365070,  3.5108548e-05 -> 0.0000351085
    """
    if value == 0 or not math.isfinite(value):
        return f"{value:.9f}"
    if abs(value) >= 1e12:   # far beyond any figure of the lecture: 1.000000000e+308, not 309 digits
        return f"{value:.9e}"
    decimals = max(9, 5 - math.floor(math.log10(abs(value))))
    return f"{value:.{decimals}f}"


def full(value: float) -> str:
    """A value to 12 significant digits, for the column beside the lecture's rounding."""
    return f"{value:.12g}"
