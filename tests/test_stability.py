"""Stable arithmetic: extreme net inputs, log-sum-exp, the finite-difference step, diverging
training that stops with a message, and slider panels that never let an exception out.

"No RuntimeWarning" is checked by turning every warning into an error (`strict()`), so a
test fails at the first overflow, division by zero or invalid value NumPy reports.
"""
from __future__ import annotations

import itertools
import subprocess
import sys
import warnings
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_lessons.engine.activations import ACTIVATIONS, get_activation
from backprop_lessons.engine.agreement import AGREE, relative_error
from backprop_lessons.symbolic.crosscheck import STEP, crosscheck, finite_differences
from backprop_lessons.engine.errors import TrainingDivergedError
from benchmarks.fastpath import train_fast
from backprop_lessons.lecture.example import LECTURE_VALUES, lecture_data, lecture_network, worked_round
from backprop_lessons.engine.losses import LOSSES, get_loss
from backprop_lessons.engine.network import Network
from backprop_lessons.engine.recording import record_training
from backprop_lessons.engine.naming import gradient_vector
from backprop_lessons.engine.sweep import divergence_rounds, sweep_learning_rates

EXTREMES = np.array([-1000.0, -710.0, -40.0, 0.0, 40.0, 710.0, 1000.0])


@contextmanager
def strict():
    """Every warning is an error (RuntimeWarning from NumPy included) inside this block."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def output_activation(activation: str, loss: str) -> str:
    """The output layer's activation a loss allows: its own for squared error."""
    return get_loss(loss).needs_activation or activation


# --- activations and losses at extreme arguments

@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_every_activation_and_its_derivative_at_plus_minus_1000_is_finite_and_quiet(name):
    activation = get_activation(name)
    with strict(), np.errstate(over="raise", invalid="raise", divide="raise"):
        out = activation.forward(EXTREMES)
        slope = activation.derivative(EXTREMES, out)
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(slope))


def test_sigmoid_at_plus_minus_1000_is_exactly_0_and_1_and_symmetric():
    sigmoid = get_activation("sigmoid").forward
    with strict():
        np.testing.assert_array_equal(sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0])
        x = np.linspace(-30, 30, 121)
        np.testing.assert_allclose(sigmoid(x) + sigmoid(-x), 1.0, rtol=1e-15)


def test_softmax_cross_entropy_uses_log_sum_exp():
    loss = get_loss("softmax_cross_entropy")
    logits, target = np.array([[1000.0, 0.0, -1000.0]]), np.array([[0.0, 1.0, 0.0]])
    with strict():
        value = loss.value(logits, target)
        gradient = loss.gradient(logits, target)
    assert value == pytest.approx(1000.0, rel=1e-15)            # -log softmax(z)_2 = 1000 - 0
    np.testing.assert_allclose(gradient, [[1.0, -1.0, 0.0]], atol=1e-300)   # softmax(z) - t
    shifted = loss.value(logits + 1e6, target)                  # softmax ignores a common shift
    assert shifted == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("out", [0.0, 1e-320, 1e-12, 0.5, 1 - 1e-12, 1.0])
@pytest.mark.parametrize("target", [0.0, 0.3, 1.0])
def test_binary_cross_entropy_is_finite_and_quiet_up_to_saturation(out, target):
    loss = get_loss("binary_cross_entropy")
    with strict():
        value = loss.value(np.array([[out]]), np.array([[target]]))
        gradient = loss.gradient(np.array([[out]]), np.array([[target]]))
    assert np.isfinite(value) and value >= 0 and np.all(np.isfinite(gradient))


def test_binary_cross_entropy_with_a_sigmoid_output_gives_the_delta_out_minus_target():
    """dE/dout * dout/dnet = out - target wherever out is not rounded to 0 or 1 (|net| < 36)."""
    loss, sigmoid = get_loss("binary_cross_entropy"), get_activation("sigmoid")
    net = np.linspace(-36, 36, 145)[None, :]
    out, target = sigmoid.forward(net), np.full_like(net, 0.3)
    delta = loss.gradient(out, target) * sigmoid.derivative(net, out)
    np.testing.assert_allclose(delta, out - target, rtol=1e-12, atol=1e-15)


# --- the finite-difference step

def test_finite_difference_step_suits_float64():
    """Central differences err by h^2 (truncation) plus eps/h (rounding): least near eps^(1/3)."""
    best = np.finfo(np.float64).eps ** (1 / 3)   # 6.1e-6
    assert best / 10 <= STEP <= best * 10


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3, 1e8])
def test_finite_differences_resolve_parameters_of_any_size(scale):
    """h grows with |p|, so p + h != p even for a weight of 1e8."""
    network = Network([[[0.3 * scale, -0.2]], [[0.5 / scale]]], [[0.1], [0.2]], ["tanh", "identity"])
    inputs, targets = [[0.2 / scale, 0.7]], [[0.4]]
    with strict():
        fd = finite_differences(network, inputs, targets)
    backprop = gradient_vector(network.backward(network.forward(inputs), targets))
    for a, b, floor in zip(backprop, fd.gradient, fd.resolution):
        assert relative_error(a, b, floor) < AGREE


# --- training at large learning rates: no warnings; divergence stops with its round and advice

COMBINATIONS = [(a, l) for a, l in itertools.product(sorted(ACTIVATIONS), sorted(LOSSES))]


@pytest.mark.parametrize("activation, loss", COMBINATIONS)
@pytest.mark.parametrize("eta", [1e3, 1e300])
def test_training_at_large_eta_gives_no_runtime_warning(activation, loss, eta):
    network = Network.random([3, 4, 3], [activation, output_activation(activation, loss)], loss, seed=4)
    rng = np.random.default_rng(5)
    inputs, targets = rng.normal(size=(4, 3)), np.eye(3)[[0, 1, 2, 0]]
    with strict():
        try:
            history = network.train(inputs, targets, 60, eta, update_biases=True)
        except TrainingDivergedError as error:
            assert 0 <= error.round_number <= 60
            assert f"round {error.round_number}" in str(error) and "smaller learning rate eta" in str(error)
        else:
            assert np.all(np.isfinite(history.losses))


def first_nonfinite_round(network: Network, inputs, targets, learning_rate: float, rounds: int) -> int | None:
    """Round by round with step(), the first k whose E_total is not finite; None if all are."""
    with np.errstate(all="ignore"):
        for k in range(rounds + 1):
            if not np.isfinite(network.error(inputs, targets)):
                return k
            network.step(inputs, targets, learning_rate)
    return None


def diverging_case() -> tuple[Network, list, list]:
    """A 2-2-2 identity network and two examples on which eta = 0.6 and more diverge."""
    network = Network([[[1.0, -0.5], [0.3, 0.8]], [[1.2, 0.7], [0.4, -0.9]]], [[0.1], [0.0]], "identity")
    return network, [[3.0, 1.0], [-2.0, 4.0]], [[1.0, 0.0], [-1.0, 0.5]]


@pytest.mark.parametrize("eta", [0.6, 5.0, 1e3])
def test_a_diverging_run_stops_at_the_first_nonfinite_round_and_says_what_to_try(eta):
    network, inputs, targets = diverging_case()
    expected = first_nonfinite_round(network.copy(), inputs, targets, eta, 3000)
    assert expected is not None
    with strict(), pytest.raises(TrainingDivergedError) as caught:
        network.train(inputs, targets, 3000, eta)
    error = caught.value
    assert error.round_number == expected
    assert str(error).startswith(f"training diverged at round {expected}: E_total = ")
    assert f"try a smaller learning rate eta (now {eta:g}, e.g. {eta / 10:g})" in str(error)


def test_fast_path_and_recording_stop_where_the_engine_stops():
    network, inputs, targets = diverging_case()
    with pytest.raises(TrainingDivergedError) as engine:
        network.copy().train(inputs, targets, 500, 5.0)
    with strict():
        with pytest.raises(TrainingDivergedError) as fast:
            train_fast(network.copy(), inputs, targets, 500, 5.0)
        recording = record_training(network, inputs, targets, 500, 5.0)
        swept = sweep_learning_rates(network, inputs, targets, [0.001, 5.0], 500)
    assert fast.value.round_number == engine.value.round_number
    assert recording.diverged is not None and recording.diverged.round_number == engine.value.round_number
    assert np.all(np.isfinite(recording.losses))
    assert divergence_rounds(swept).tolist() == [-1, engine.value.round_number]


def test_the_lecture_at_huge_eta_is_quiet():
    with strict():
        worked = worked_round(eta=1e300, update_biases=True)
        network = lecture_network()
        history = network.train(*lecture_data(), 50, 1e300, update_biases=True)
    assert all(np.isfinite(v) for v in worked.values().values())
    assert np.all(np.isfinite(history.losses))


def test_command_line_at_huge_eta_prints_no_warning():
    result = subprocess.run([sys.executable, "-W", "error", "-m", "backprop_lessons", "example",
                             "--eta", "1e300", "--iterations", "50", "--update-biases", "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stderr == ""


# --- the SymPy side of the cross-check at extreme net inputs

def test_sympy_gradient_of_a_saturated_sigmoid_is_finite_and_quiet():
    """net_h1 = -400: exp(-net) = e^400 squares to inf in e^-x / (1 + e^-x)^2; out*(1 - out) does not."""
    network = Network([[[300.0, -400.0], [2.0, 1.0]], [[1.0, 2.0], [3.0, -4.0]]], [[0.0], [0.0]], "sigmoid")
    with strict():
        check = crosscheck(network, [[1.0, 2.0], [-3.0, 0.5]], [[0.2, 0.7], [1.0, 0.0]])
    assert check.all_agree, check.table()


def test_sympy_gradient_of_large_softmax_logits_is_finite_and_quiet():
    """Logits near 800: e^800 overflows unless the compiled code shifts by the largest logit."""
    network = Network([[[400.0, 0.0], [0.0, 1.0]]], [[0.0]], "identity", "softmax_cross_entropy")
    with strict():
        check = crosscheck(network, [[2.0, 1.0]], [[0.0, 1.0]])
    assert check.all_agree, check.table()


# --- slider panels: every extreme value gives numbers or a readable message, never an exception

def assert_panel_shows_a_result_or_a_message(panel) -> None:
    """Either numbers (every `name = value` line finite) or one readable line of message."""
    summary = panel.summary()
    assert summary, "the panel shows nothing"
    if panel.error is not None:
        assert not panel.error.startswith("unexpected"), panel.error
        assert summary == f"message: {panel.error}" and "\n" not in panel.error
        return
    for line in summary.splitlines():   # a number shown is finite ("f(x) = 1/x" is no number)
        try:
            number = float(line.rpartition(" = ")[2])
        except ValueError:
            continue
        assert np.isfinite(number), line


def extremes(control) -> list:
    """The values a student can reach: the ends of a slider, every option of a menu, some texts."""
    import ipywidgets as widgets
    if isinstance(control, widgets.Checkbox):
        return [True, False]
    if isinstance(control, widgets.Text):   # what a text box can hold: see TYPED for more
        return ["", "x" * 300, "(((", "x/0"]
    if isinstance(control, widgets.Dropdown):
        return list(control.options)
    if isinstance(control, widgets.FloatLogSlider):
        return [control.base ** control.min, control.base ** control.max]
    return [control.min, control.max]


def drive_every_control_to_its_extremes(panel) -> None:
    """Move each control to each extreme as a slider would (through its observer), then back."""
    for name, control in panel.controls.items():
        start = control.value
        for value in extremes(control):
            with strict():
                control.value = value     # the observer refreshes the panel; nothing may escape
            assert_panel_shows_a_result_or_a_message(panel)
        control.value = start


PANELS = ["round", "training", "training, diverging", "learning rate", "learning rate, diverging", "surface",
          "update orders", "beyond the lecture", "formula"]


@pytest.fixture(scope="module")
def panels():
    import backprop_lessons as w
    from backprop_lessons.panels.beyond import beyond_panel
    from backprop_lessons.panels.formula import formula_panel
    from backprop_lessons.panels.orders import orders_panel
    diverging = Network([[[1.0]]], [[0.0]], "identity")
    return {
        "round": w.round_panel(),
        "training": w.training_panel(rounds=200),
        "training, diverging": w.training_panel(diverging, [[10.0]], [[1.0]], rounds=200, eta=5.0),
        "learning rate": w.learning_rate_panel(rounds=200),
        "learning rate, diverging": w.learning_rate_panel(diverging, [[10.0]], [[1.0]], rounds=200),
        "surface": w.surface_panel(),
        "update orders": orders_panel(rounds=200),
        "beyond the lecture": beyond_panel(rounds=100),
        "formula": formula_panel(),
    }


def test_panels_on_a_diverging_network_build_and_draw_without_warnings():
    """Losses up to 1e308 before training diverges: a log-scale axis must not overflow drawing them."""
    import backprop_lessons as w
    from backprop_lessons.figures.loss_curves import plot_losses
    diverging = Network([[[1.0]]], [[0.0]], "identity")
    with strict():
        w.training_panel(diverging, [[10.0]], [[1.0]], rounds=200, eta=5.0)
        w.learning_rate_panel(diverging, [[10.0]], [[1.0]], rounds=200)
        plot_losses({"eta = 5": np.array([1.0, 1e100, 1e300, 1.7e308])}).png()


@pytest.mark.parametrize("name", PANELS)
def test_every_panel_control_at_its_extremes_shows_a_result_or_a_message(panels, name):
    drive_every_control_to_its_extremes(panels[name])


TYPED = ["", "   ", "x/0", "1/x", "log(x)", "sqrt(x)", "exp(exp(x))", "exp(1000*x)", "x**100", "tan(x)",
         "abs(x)", "5", "0*x", "1in x", "__import__('os')", "x" * 300, "y", "x +", "max(x, 0)"]


@pytest.mark.parametrize("text", TYPED)
def test_formula_text_box_shows_a_result_or_a_message_for_anything_typed(panels, text):
    panel = panels["formula"]
    with strict():
        panel.controls["formula"].value = text
    assert_panel_shows_a_result_or_a_message(panel)


def test_formula_text_box_answers_a_scaled_sigmoid_within_seconds():
    """sigmoid(0.37*x) is 1/(1 + exp(-37x/100)); solving out = that for x must not run for minutes."""
    script = ("from backprop_lessons.panels.formula import formula_panel\n"
              "for text in ['sigmoid(0.37*x)', 'sigmoid(100*x)', 'sigmoid(1e6*x)']:\n"
              "    print(formula_panel(text).summary().splitlines()[-1])\n")
    try:
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the formula panel was still working after 30 s")
    assert result.returncode == 0 and result.stdout.count("cross-check") == 3, result.stderr[-500:]


def test_round_panel_with_every_slider_at_one_end_together(panels):
    panel = panels["round"]
    for end in (0, 1):
        panel.set(**{name: extremes(panel.controls[name])[end] for name in [*LECTURE_VALUES, "eta"]})
        assert_panel_shows_a_result_or_a_message(panel)


def test_a_diverging_learning_rate_shows_the_message_inside_the_panel(panels):
    panel = panels["learning rate, diverging"]
    panel.set(eta=panel.controls["eta"].base ** panel.controls["eta"].max)
    assert panel.error is not None and panel.error.startswith("training diverged at round")
    assert "smaller learning rate" in panel.message.value


@settings(max_examples=max(10, settings.default.max_examples // 4))
@given(data=st.data())
def test_round_panel_shows_a_result_for_any_slider_values(panels, data):
    panel = panels["round"]
    values = {name: data.draw(st.floats(panel.controls[name].min, panel.controls[name].max), label=name)
              for name in [*LECTURE_VALUES, "eta"]}
    panel.set(**values)
    assert panel.error is None, panel.error
    assert_panel_shows_a_result_or_a_message(panel)
