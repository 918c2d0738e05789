"""The custom-activation panel of notebook 6: parse, differentiate, draw, cross-check; never crash."""
import numpy as np
import pytest

from backprop_lessons.symbolic.crosscheck import crosscheck, random_case
from backprop_lessons.engine.errors import InvalidTypeError
from backprop_lessons.symbolic.formula import formula_activation
from backprop_lessons.panels.formula import formula_panel


@pytest.fixture(scope="module")
def panel():
    return formula_panel()


def test_softsign_is_differentiated_drawn_and_cross_checked(panel):
    panel.set(formula="x/(1 + abs(x))", seed=0)
    assert panel.summary().splitlines()[0] == "f(x) = x/(Abs(x) + 1)"
    assert "all 13 parameters agree" in panel.summary()
    curves = panel.views[0]
    np.testing.assert_allclose(curves.value.get_ydata(), curves.x / (1 + np.abs(curves.x)))
    np.testing.assert_allclose(curves.slope.get_ydata(), 1 / (1 + np.abs(curves.x)) ** 2)


def test_the_verdict_is_the_cross_checks_for_that_seed(panel):
    panel.set(formula="log(1 + exp(x))", seed=5)
    expected = crosscheck(*random_case([2, 3, 1], formula_activation("log(1 + exp(x))"), seed=5)).verdict()
    assert panel.summary().endswith(expected)
    assert "f'(x) = exp(x)/(exp(x) + 1)" in panel.summary()


@pytest.mark.parametrize("text", ["__import__('os').system('touch /tmp/pwned')", "x.real", "lambda: 1",
                                  "y + 1", "", "x" * 500, "exp(" * 40 + "x" + ")" * 40])
def test_hostile_or_malformed_text_shows_a_message_inside_the_panel(panel, text):
    panel.set(formula=text)
    assert panel.summary().startswith("message: formula")
    assert panel.error is not None


def test_the_formula_box_takes_text_only(panel):
    with pytest.raises(InvalidTypeError, match="formula must be text"):
        panel.set(formula=3)
