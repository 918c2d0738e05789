"""A text box for your own activation: SymPy differentiates it, the cross-check tests backprop with it.

Type a formula in x, such as x/(1 + abs(x)). The panel shows the function and SymPy's
derivative, draws both, and cross-checks a small network whose hidden layer uses it:
SymPy == backprop == finite differences. Used in notebooks/06-sympy-and-crosscheck.ipynb.
Non-goal: a calculator. Only what formula.py accepts (numbers, x, + - * / **, a few
functions) is read, and it is parsed, never evaluated as Python.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import sympy as sp

from backprop_lessons.engine.activations import Activation
from backprop_lessons.symbolic.crosscheck import crosscheck, random_case
from backprop_lessons.symbolic.formula import X, formula_activation
from backprop_lessons.panels.base import Panel
from backprop_lessons.engine.notation import short
from backprop_lessons.figures.base import BLUE, FONT, TITLE, VERMILLION, FigureView, new_axes

CURVE_RANGE = (-4.0, 4.0)


class ActivationCurves(FigureView):
    """An activation f(x) and its derivative f'(x) over CURVE_RANGE, two lines updated in place."""

    def __init__(self):
        ax = new_axes((5.0, 3.0), rect=(0.12, 0.15, 0.83, 0.75))
        super().__init__(ax.figure)
        self.ax, self.x = ax, np.linspace(*CURVE_RANGE, 401)
        self.value, = ax.plot(self.x, self.x, label="f(x)", color=BLUE)
        self.slope, = ax.plot(self.x, self.x, label="f'(x)", linestyle="--", color=VERMILLION)
        ax.axhline(0, color="grey", linewidth=0.5)
        ax.set_xlabel("x", fontsize=FONT)
        ax.legend(loc="upper left", fontsize=FONT)

    def update(self, activation: Activation) -> None:
        """Draw `activation`: f from its NumPy form, f' from its derivative."""
        out = activation.forward(self.x)
        self.value.set_ydata(out)
        self.slope.set_ydata(activation.derivative(self.x, out))
        self.ax.set_title(f"f(x) = {activation.name}", fontsize=TITLE)
        self.ax.relim()
        self.ax.autoscale_view()
        self.activation = activation

    def description(self) -> str:
        """The activation's name and its value and slope at 0 and at the ends of the range."""
        xs = (CURVE_RANGE[0], 0.0, CURVE_RANGE[1])
        values, slopes = (np.interp(xs, self.x, line.get_ydata()) for line in (self.value, self.slope))
        return (f"The activation f(x) = {self.activation.name} (solid) and its derivative f'(x) (dashed) for x "
                f"from {short(xs[0])} to {short(xs[-1])}: "
                + "; ".join(f"f({short(x)}) = {short(y)}, f'({short(x)}) = {short(d)}"
                            for x, y, d in zip(xs, values, slopes)) + ".")


class FormulaPanel(Panel):
    """A formula text box and a seed; shows f, f' from SymPy, the curves and the cross-check verdict."""

    def show(self, values: dict[str, object]) -> tuple[str, str]:
        """Parse the formula, differentiate it, draw it, and cross-check a 2-3-1 network using it."""
        activation = formula_activation(values["formula"])
        derivative = sp.diff(activation.symbolic(X), X)
        self.views[0].update(activation)
        check = crosscheck(*random_case([2, 3, 1], activation, "squared", seed=values["seed"]))
        text = (f"f(x) = {activation.symbolic(X)}\nf'(x) = {derivative}   (SymPy)\n"
                f"cross-check of a 2-3-1 network, seed {values['seed']}: {check.verdict()}")
        return text, "<pre>" + check.table().replace("&", "&amp;").replace("<", "&lt;") + "</pre>"


def formula_panel(formula: str = "x/(1 + abs(x))") -> FormulaPanel:
    """The panel, starting from `formula` (the softsign function by default)."""
    controls = {"formula": widgets.Text(value=formula, description="f(x) =", continuous_update=False,
                                        layout=widgets.Layout(width="420px")),
                "seed": widgets.IntSlider(value=0, min=0, max=99, description="seed", continuous_update=False)}
    return FormulaPanel(controls, [ActivationCurves()])
