"""Notebook 14: softmax with cross-entropy (engine/softmax.py, symbolic/softmax_derivation.py), its panel and figure."""
import json
import re
from pathlib import Path

import numpy as np
import pytest

from backprop_lessons.engine.errors import BackpropLessonsError, InvalidValueError
from backprop_lessons.engine.softmax import (delta_fused, delta_two_steps, loss_fused, loss_two_steps,
                                             softmax, softmax_jacobian)
from lecturer.answers_beyond import notebook_14 as answers
from backprop_lessons.panels.softmax import softmax_panel
from backprop_lessons.panels.tables import format_lines
from backprop_lessons.symbolic.softmax_derivation import check_softmax

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "14-softmax-and-cross-entropy.ipynb"


@pytest.mark.parametrize("seed", range(5))
def test_the_jacobian_product_is_p_minus_y_for_any_target_distribution(seed):
    rng = np.random.default_rng(seed)
    z, y = rng.normal(size=6) * 3, rng.dirichlet(np.ones(6))
    np.testing.assert_allclose(delta_two_steps(z, y), softmax(z) - y, atol=1e-14)
    np.testing.assert_allclose(delta_fused(z, y), softmax(z) - y, atol=1e-14)


def test_the_jacobian_is_the_finite_difference_jacobian():
    z = np.array([0.3, -1.2, 2.0, 0.5])
    h = 1e-6
    numeric = np.column_stack([(softmax(z + h * e) - softmax(z - h * e)) / (2 * h) for e in np.eye(4)])
    np.testing.assert_allclose(softmax_jacobian(softmax(z)), numeric, atol=1e-9)


def test_the_fused_loss_is_the_cross_entropy():
    z, y = np.array([2.0, 1.0, 0.1]), np.array([0.0, 1.0, 0.0])
    assert loss_fused(z, y) == pytest.approx(-np.log(softmax(z)[1]), rel=1e-14) == pytest.approx(loss_two_steps(z, y))


def test_large_logits_break_the_two_steps_and_not_the_fused_route():
    z, y = 1000 * np.array([2.0, 1.0, 0.1]), np.array([0.0, 1.0, 0.0])
    assert np.isnan(loss_two_steps(z, y)) and np.all(np.isnan(delta_two_steps(z, y)))
    assert loss_fused(z, y) == 1000.0 and delta_fused(z, y).tolist() == [1.0, -1.0, 0.0]


@pytest.mark.parametrize("classes", [2, 3, 4])
def test_sympy_agrees_with_every_hand_formula(classes):
    check = check_softmax(classes)
    assert len(check.jacobian) == classes**2 and all(check.jacobian.values()) and all(check.delta.values())
    assert "DIFFERENT" not in check.text()


def test_a_target_that_is_no_distribution_is_refused_naming_target():
    with pytest.raises(InvalidValueError, match="target"):
        delta_fused([1.0, 2.0], [1.0, 1.0])
    with pytest.raises(BackpropLessonsError, match="logits"):
        delta_two_steps("abc", [1.0])


def test_the_answers_hold_and_match_the_questions():
    a = answers()
    delta = delta_fused([2.0, 1.0, 0.1], [0.0, 1.0, 0.0])
    assert delta[1] < 0 < min(delta[0], delta[2]) and a[1].startswith("z2 rises")
    assert abs(delta.sum()) < 1e-15
    assert "NaN" in a[3] and softmax(1000 * np.array([2.0, 1.0, 0.1]))[1] == 0.0
    questions = "".join(next("".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]
                             if "".join(c["source"]).startswith("## Questions")))
    assert len(re.findall(r"^\d+\. ", questions, re.M)) == len(a)


def test_panel_shows_both_routes_for_its_logits():
    panel = softmax_panel()
    panel.set(z1=0.5, z2=-1.0, z3=3.0, target="class 3")
    z, y = np.array([0.5, -1.0, 3.0]), np.array([0.0, 0.0, 1.0])
    assert panel.error is None
    assert format_lines({"E, fused": loss_fused(z, y), "delta_1, two steps": delta_two_steps(z, y)[0]}).split("\n")[0] \
        in panel.summary()
    assert f"p {softmax(z)[2]:.3f}, y 1" in panel.views[0].description()
    panel.set(scale=1000.0)
    assert "E, two steps = nan" in panel.summary() and "E, fused = " in panel.summary()


def test_panel_refuses_values_its_controls_cannot_take():
    with pytest.raises(InvalidValueError, match="target"):
        softmax_panel().set(target="class 4")
    with pytest.raises(InvalidValueError, match="scale"):
        softmax_panel().set(scale=1e6)
