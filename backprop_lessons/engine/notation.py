"""The notation: names such as `net_h1` or `dE_total/dw5` in LaTeX, and numbers as text.

The names are engine/naming.py's, one scheme for the worked example, the symbolic
derivations, the command line and the notebooks; this is the one place that writes them
in LaTeX:
    w5, b1, i1, eta            ->  w_{5}, b_{1}, i_{1}, \\eta
    b1_2, net_h2_1             ->  b_{1,2}, net_{h2,1}
    net_h1, out_o1, E_total    ->  net_{h1}, out_{o1}, E_{total}
    delta_o1                   ->  \\delta_{o1}
    w_2_1_3, b_2               ->  w^{(2)}_{1,3}, b^{(2)}      (the indexed scheme, Nielsen's w^l_jk)
    dE_total/dw5               ->  \\frac{\\partial E_{total}}{\\partial w_{5}}
    w5+                        ->  w_{5}^{+}     (the weight after the update)
unicode_name writes parameters for figures in plain text: w5 -> w₅, w_2_1_3 -> w²₁₃.
Numbers: `figure` as the lecture rounds them, `full` to 12 significant digits.
"""
from __future__ import annotations

import math
import re

_GREEK = {"eta": r"\eta", "delta": r"\delta"}
_NAME = r"[A-Za-z]+[0-9]*(?:_[A-Za-z0-9]+)*"
_INDEXED = re.compile(r"(w|b)_(\d+)((?:_\d+)*)")      # w_2_1_3, b_2, b_2_1
_IDENTIFIER = re.compile(rf"(?:d{_NAME}/d{_NAME}|{_NAME})\+?")


def latex_name(name: str) -> str:
    """LaTeX for one name: `net_h1` -> `net_{h1}`, `w_2_1_3` -> `w^{(2)}_{1,3}`, `dE_total/dw5` -> a fraction."""
    if name.startswith("dE_dout_"):                 # backprop's running dE_total/dout_h1
        name = "dE_total/dout_" + name.removeprefix("dE_dout_")
    if "/" in name:
        top, bottom = name.split("/", 1)
        return (r"\frac{\partial " + latex_name(top.removeprefix("d")) + r"}{\partial "
                + latex_name(bottom.removeprefix("d")) + "}")
    updated = name.endswith("+")
    name = name.removesuffix("+")
    indexed = _INDEXED.fullmatch(name)
    if indexed:
        stem, layer, rest = indexed.groups()
        below = ",".join(rest.split("_")[1:])
        text = f"{stem}^{{({layer})}}" + (f"_{{{below}}}" if below else "")
    else:
        match = re.fullmatch(r"([A-Za-z]+)_?([A-Za-z0-9_]*)", name)
        if match is None:
            return name
        stem, index = match.groups()
        stem, index = _GREEK.get(stem, stem), index.replace("_", ",")
        text = f"{stem}_{{{index}}}" if index else stem
    return text + ("^{+}" if updated else "")


_SUBSCRIPTS = str.maketrans("0123456789,", "₀₁₂₃₄₅₆₇₈₉,")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def unicode_name(name: str) -> str:
    """A parameter's name as figures write it in plain text: w5 -> w₅, b1_2 -> b₁,₂, w_2_1_3 -> w²₁₃."""
    indexed = _INDEXED.fullmatch(name)
    if indexed:
        stem, layer, rest = indexed.groups()
        below = rest.split("_")[1:]
        comma = "," if any(len(index) > 1 for index in below) else ""   # w²₁₃ as Nielsen writes w^2_13
        return stem + layer.translate(_SUPERSCRIPTS) + comma.join(below).translate(_SUBSCRIPTS)
    match = re.fullmatch(r"([wb])([0-9_]+)", name)
    return name if match is None else match.group(1) + match.group(2).replace("_", ",").translate(_SUBSCRIPTS)


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


def short(value: float, digits: int = 4) -> str:
    """A value to `digits` significant digits, as figures label it: 0.0821670 -> 0.08217, -0.0 -> 0."""
    text = f"{value:.{digits}g}"
    return "0" if text == "-0" else text
