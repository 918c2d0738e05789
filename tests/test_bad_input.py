"""Bad input at every public boundary: the package's own error, one line, naming the parameter.

One table for the package API (network, lecture, activations and losses, symbolic,
derivation, crosscheck, fast paths, names, recording, figures, panels, homework checks)
and one for the command line, run as `python -m backprop_lessons ...`: exit code 2, one
line on stderr, nothing on stdout, never a traceback. Each API row asserts the exact
error type, not a superclass. Rows for an unknown name also check that the message lists
the valid names. The homework checks take a student's answer, whatever it is, and print
one line instead of raising.
"""
from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import backprop_lessons as checks   # the homework's self-checks, from the top of the package
from backprop_lessons.engine.activations import get_activation
from backprop_lessons.cli import _number
from backprop_lessons.symbolic.crosscheck import crosscheck, random_case
from backprop_lessons.symbolic.derivation import derive
from backprop_lessons.engine.budget import BudgetExceededError
from backprop_lessons.engine.datasets import two_moons, xor
from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError, NotFiniteError, TrainingDivergedError
from backprop_lessons.panels.beyond import new_classifier
from backprop_lessons.panels.display import show_lines
from backprop_lessons.symbolic.crosscheck import crosscheck_table
from benchmarks.fastpath import train_fast, training_source
from backprop_lessons.symbolic.formula import activation_from_text, parse_formula
from backprop_lessons.lecture.example import lecture_data, lecture_network, train_lecture, worked_round
from backprop_lessons.engine.losses import get_loss
from backprop_lessons.engine.naming import set_parameters
from backprop_lessons.engine.network import Network
import backprop_lessons as widgets
from backprop_lessons.figures.boundary import plot_decision_boundary
from backprop_lessons.figures.error_surface import plot_error_surface
from backprop_lessons.figures.loss_curves import plot_losses
from backprop_lessons.engine.recording import descent_path, record_training
from backprop_lessons.engine.sweep import sweep_learning_rates, sweep_networks
from backprop_lessons.symbolic.compiled import compile_gradient
from backprop_lessons.symbolic.equations import SymbolicNetwork

VALUE, TYPE, DIVERGED = InvalidValueError, InvalidTypeError, TrainingDivergedError
BUDGET, UNDEFINED = BudgetExceededError, NotFiniteError
LONG = "w" * 100_000   # an argument that must not come back whole in an error line
ACTIVATION_NAMES = "sigmoid, tanh, relu, identity"
LOSS_NAMES = "squared, binary_cross_entropy, softmax_cross_entropy"


net, data = lecture_network, lecture_data   # a fresh lecture network, and its one example


def bce_network() -> Network:
    return Network.random([2, 2, 2], "sigmoid", "binary_cross_entropy")


@functools.lru_cache(maxsize=None)
def round_panel():
    """One round panel for every row that moves its sliders (building one takes a moment)."""
    return widgets.round_panel()


def compiled_gradient_on_another_network():
    gradient = compile_gradient(SymbolicNetwork.from_network(net()))
    other = Network.random([2, 3, 2])
    return gradient(other, *data())


def quiet(function):
    """A student's function that always returns the same thing."""
    return lambda *args: function


# (row id, call, the exact error type, the parameter the message must name, names it must list)
API = [
    # class 1, bounded work: one budget estimated from the work (engine/budget.py), not a limit per number
    ("budget: lecture iterations", lambda: train_lecture(10_000_000), BUDGET, "iterations", "budget=False"),
    ("budget: wide random network", lambda: Network.random([4096] * 40), BUDGET, "sizes", "budget=False"),
    ("budget: one huge layer", lambda: Network.random([2, 10**9]), BUDGET, "sizes", "budget=False"),
    ("budget: 100,000 learning rates", lambda: sweep_learning_rates(net(), *data(), np.linspace(0.01, 1, 100_000),
                                                                     10_000), BUDGET, "rounds", "budget=False"),
    ("budget: sweep of networks", lambda: sweep_networks([net()] * 50_000, *data(), 1_000, 0.5), BUDGET, "rounds", ""),
    ("budget: learning-rate panel rounds", lambda: widgets.learning_rate_panel(rounds=1_000_000), BUDGET, "rounds",
     "budget=False"),
    ("budget: training panel rounds", lambda: widgets.training_panel(rounds=10**7), BUDGET, "rounds", ""),
    ("budget: crosscheck many layers", lambda: crosscheck_table("2" + ",1" * 499), BUDGET, "sizes", "budget=False"),
    ("budget: crosscheck many examples", lambda: crosscheck_table("30,30,2", examples=10_000), BUDGET, "examples", ""),
    ("budget: crosscheck of a given network", lambda: crosscheck(Network.random([30, 30, 2]), np.zeros((500, 30)),
                                                                np.zeros((500, 2))), BUDGET, "sizes", ""),
    ("budget: derive five hidden layers", lambda: derive("w_2_1_1", Network.random([2] * 7), [0, 0], [0, 0]),
     BUDGET, "sizes", "budget=False"),
    ("budget: record many rounds", lambda: record_training(net(), *data(), 10**8, 0.5), BUDGET, "rounds", ""),
    ("budget: descent steps", lambda: descent_path(net(), *data(), "w5", "w6", 0.5, 10**8), BUDGET, "steps", ""),
    ("budget: error surface resolution", lambda: plot_error_surface(resolution=100_000), BUDGET, "grid", ""),
    ("budget: xor examples", lambda: xor(n=4 * 10**9), BUDGET, "n = ", ""),
    ("budget: moons examples", lambda: two_moons(n=10**10), BUDGET, "n = ", ""),
    ("budget flag not a bool", lambda: net().train(*data(), 5, 0.5, budget="no"), TYPE, "budget", ""),
    # class 2, typed formulas: size, nesting, constants, a derivative that is nowhere finite
    ("formula constants overflow", lambda: parse_formula("x*1e300*1e300"), VALUE, "formula", ""),
    ("formula constants divide", lambda: parse_formula("x/1e-300/1e-300"), VALUE, "formula", ""),
    ("formula integer powers", lambda: parse_formula("x*10**100*10**100*10**100*10**100"), VALUE, "formula", ""),
    ("formula tiny constants", lambda: parse_formula("1e-300*1e-300*x"), VALUE, "formula", ""),
    ("formula 0**x", lambda: activation_from_text("0**x"), VALUE, "derivative", ""),
    ("formula nowhere finite", lambda: activation_from_text("log(-1 - x*x)"), VALUE, "formula", ""),
    ("formula nested max/min", lambda: activation_from_text(
        "max(min(max(min(max(min(max(min(x,1),-1),2*x),x/2),x-1),x+1),3*x),x/3)"), VALUE, "formula", ""),
    ("formula nested too deep", lambda: parse_formula("(" * 40 + "x" + ")" * 40), VALUE, "formula", ""),
    # class 3, undefined where sampled: the activation's domain, not backprop's fault
    ("crosscheck log(x)", lambda: crosscheck_table("2,2,2", "log(x)"), UNDEFINED, "activation", "undefined"),
    ("crosscheck sqrt(x)", lambda: crosscheck_table("2,3,2", "sqrt(x)"), UNDEFINED, "activation", "net"),
    ("crosscheck overflowing formula", lambda: crosscheck_table("2,2,2", "exp(exp(x))**10"), UNDEFINED,
     "activation", ""),
    ("crosscheck loss not finite", lambda: crosscheck(Network([[[800.0]]], [[0.0]], "identity", "squared"),
                                                      [[1e200]], [[0.0]]), UNDEFINED, "E_total", ""),
    # class 4, no warning: float32 ranges refused instead of cast to inf with a warning
    ("float32 weight beyond range", lambda: Network([[[1e300, 1.0]]], [[0]], dtype="float32"), VALUE,
     "weights[0]", "float32"),
    ("float32 inputs beyond range", lambda: Network([[[1.0, 1.0]]], [[0]], dtype="float32").forward([[1e300, 0]]),
     VALUE, "inputs", "float32"),
    # class 5, every public function checks its arguments
    ("derive network as text", lambda: derive("w1", "lecture"), TYPE, "network", ""),
    ("derive inputs without targets", lambda: derive("w1", net(), [0.05, 0.1]), VALUE, "targets", ""),
    ("derive other network, no data", lambda: derive("w_2_1_1", Network.random([2, 3, 1])), VALUE, "inputs", ""),
    ("set parameters network None", lambda: set_parameters(None, {"w5": 0.3}), TYPE, "network", ""),
    ("loss curve None", lambda: plot_losses({"eta = 0.5": None}), TYPE, "runs", ""),
    ("loss curve text", lambda: plot_losses({"eta = 0.5": "high"}), TYPE, "runs", ""),
    ("surface resolution zero", lambda: plot_error_surface(resolution=0), VALUE, "resolution", ""),
    ("surface span NaN", lambda: plot_error_surface(span=float("nan")), VALUE, "span", ""),
    ("figure size a dict", lambda: plot_losses({}, size={"w": 7, "h": 4}), TYPE, "size", ""),
    ("figure size one number", lambda: plot_error_surface(size=6), TYPE, "size", ""),
    ("figure size too small", lambda: plot_losses({}, size=(1, 1)), VALUE, "size width", ""),
    ("figure size NaN", lambda: plot_decision_boundary(new_classifier(2, "tanh", "binary_cross_entropy", 0), *xor(),
                                                       size=(6, float("nan"))), VALUE, "size height", ""),
    ("figure size wider than a window", lambda: plot_losses({}, size=(40, 4)), VALUE, "size width", ""),
    ("show_lines a number", lambda: show_lines(5), TYPE, "lines", ""),
    ("show_lines text", lambda: show_lines("x = 1"), TYPE, "lines", ""),
    ("round panel sections a number", lambda: widgets.round_panel(sections=5), TYPE, "sections", ""),
    ("round panel sections unknown", lambda: widgets.round_panel(sections=("Nope",)), VALUE, "sections",
     "Forward pass"),
    ("learning-rate panel reference text", lambda: widgets.learning_rate_panel(reference_eta="0.5"), TYPE,
     "reference_eta", ""),
    ("learning-rate panel losses_for number", lambda: widgets.learning_rate_panel(losses_for=42), TYPE,
     "losses_for", ""),
    ("formula panel number", lambda: widgets.formula_panel(3), TYPE, "formula", ""),
    ("worked round overflows", lambda: worked_round({"target_o1": 1e200}), VALUE, "overrides", "overflows"),
    ("worked round all NaN", lambda: worked_round({"w1": 1e308, "w2": 1e308, "i1": 1.0, "i2": 1.0, "w3": -1e308,
                                                    "w4": -1e308}, eta=1e308), VALUE, "overrides", ""),
    ("worked round flag text", lambda: worked_round(update_biases="yes"), TYPE, "update_biases", ""),
    ("xor noise overflows", lambda: xor(noise=1e308), VALUE, "noise", ""),
    ("moons noise overflows", lambda: two_moons(noise=1e308), VALUE, "noise", ""),
    ("random scale overflows", lambda: Network.random([2, 30], scale=1e308), VALUE, "scale", ""),
    ("random scale beyond float32", lambda: Network.random([2, 3], scale=1e39, dtype="float32"), VALUE, "scale", ""),
    ("random sizes text", lambda: Network.random("2,3"), VALUE, "sizes", ""),
    ("train_lecture order", lambda: train_lecture(5, order="backwards"), VALUE, "order", "correct"),
    # class 6, echoed arguments cut: see test_an_echoed_argument_is_cut_to_80_characters

    # network.py: construction
    ("activations not a list", lambda: Network([[[1, 2]]], [[0]], activations=3), VALUE, "activations", ""),
    ("activations too few", lambda: Network([[[1, 2]], [[1]]], [[0], [0]], ["tanh"]), VALUE, "activations", ""),
    ("unknown activation", lambda: Network([[[1, 2]]], [[0]], "swish"), VALUE, "activation", ACTIVATION_NAMES),
    ("unknown loss", lambda: Network([[[1, 2]]], [[0]], loss="hinge"), VALUE, "loss", LOSS_NAMES),
    ("loss None", lambda: Network([[[1, 2]]], [[0]], loss=None), VALUE, "loss", LOSS_NAMES),
    ("bce needs sigmoid", lambda: Network([[[1, 2]]], [[0]], "tanh", "binary_cross_entropy"), VALUE,
     "activations[-1]", ""),
    ("weight as text", lambda: Network([[["0.1", 2]]], [[0]]), TYPE, "weights[0]", ""),
    ("weight as bool", lambda: Network([[[True, False]]], [[0]]), TYPE, "weights[0]", ""),
    ("weight complex", lambda: Network([[[1 + 2j, 2]]], [[0]]), TYPE, "weights[0]", ""),
    ("weight too large", lambda: Network([[[10**400, 2]]], [[0]]), VALUE, "weights[0]", ""),
    ("weights ragged", lambda: Network([[[1, 2], [3]]], [[0]]), VALUE, "weights[0]", ""),
    ("weights empty layer", lambda: Network([np.zeros((0, 2))], [[0]]), VALUE, "weights[0]", ""),
    ("weights infinite", lambda: Network([[[1, -np.inf]]], [[0]]), VALUE, "weights[0]", ""),
    ("bias None", lambda: Network([[[1, 2]]], [[None]]), TYPE, "biases[0]", ""),
    ("bias NaN", lambda: Network([[[1, 2]]], [np.nan]), VALUE, "biases[0]", ""),
    ("biases wrong count", lambda: Network([[[1, 2]]], [[0], [0]]), VALUE, "biases", ""),
    ("random scale NaN", lambda: Network.random([2, 3], scale=float("nan")), VALUE, "scale", ""),
    ("random seed negative", lambda: Network.random([2, 3], seed=-1), VALUE, "seed", ""),
    ("random size text", lambda: Network.random([2, "3"]), TYPE, "sizes[1]", ""),
    ("random size zero", lambda: Network.random([2, 0]), VALUE, "sizes[1]", ""),
    # network.py: data and training
    ("inputs text", lambda: net().forward("abc"), TYPE, "inputs", ""),
    ("inputs ragged", lambda: net().forward([[1, 2], [3]]), VALUE, "inputs", ""),
    ("inputs no examples", lambda: net().forward(np.zeros((0, 2))), VALUE, "inputs", ""),
    ("inputs 3-D", lambda: net().forward(np.zeros((1, 1, 2))), VALUE, "inputs", ""),
    ("targets NaN", lambda: net().error([[0.05, 0.1]], [[np.nan, 0.99]]), VALUE, "targets", ""),
    ("targets fewer examples", lambda: net().error([[0.05, 0.1], [0, 0]], [[0.01, 0.99]]), VALUE, "targets", ""),
    ("iterations absurd", lambda: net().train(*data(), 10**8, 0.5), BUDGET, "iterations", "budget=False"),
    ("iterations bool", lambda: net().train(*data(), True, 0.5), TYPE, "iterations", ""),
    ("learning_rate inf", lambda: net().train(*data(), 10, float("inf")), VALUE, "learning_rate", ""),
    ("learning_rate negative", lambda: net().train(*data(), 10, -0.5), VALUE, "learning_rate", ""),
    ("learning_rate None", lambda: net().step(*data(), None), TYPE, "learning_rate", ""),
    ("targets missing", lambda: net().error(data()[0], None), TYPE, "targets", ""),
    ("targets missing in training", lambda: net().train(data()[0], None, 5, 0.5), TYPE, "targets", ""),
    ("training diverges", lambda: Network([[[1.0]]], [[0.0]], "identity").train([[10.0]], [[1.0]], 100, 5.0),
     DIVERGED, "learning rate eta", ""),
    # lecture.py
    ("override unknown", lambda: worked_round({"w9": 0.3}), VALUE, "w9", "w1, w2"),
    ("override as text", lambda: worked_round({"w5": "0.3"}), TYPE, "w5", ""),
    ("override NaN", lambda: worked_round({"w5": np.nan}), VALUE, "w5", ""),
    ("overrides not a mapping", lambda: worked_round(["w5"]), TYPE, "overrides", ""),
    ("eta zero", lambda: worked_round(eta=0), VALUE, "eta", ""),
    ("train_lecture eta", lambda: train_lecture(10, eta=-1), VALUE, "eta", ""),
    ("train_lecture iterations", lambda: train_lecture(-3), VALUE, "iterations", ""),
    ("round quantity unknown", lambda: worked_round()["net_h9"], VALUE, "name", ""),
    # activations.py, losses.py
    ("get_activation", lambda: get_activation("softplus"), VALUE, "activation", ACTIVATION_NAMES),
    ("get_loss", lambda: get_loss("mse"), VALUE, "loss", LOSS_NAMES),
    # symbolic.py, derivation.py
    ("derive w9", lambda: derive("w9"), VALUE, "parameter", "w1, w2"),
    ("derive two examples", lambda: derive("w5", Network.random([2, 2, 2]), [[0, 0], [1, 1]], [[0, 0], [1, 1]]),
     VALUE, "inputs", ""),
    ("compiled for another network", compiled_gradient_on_another_network, VALUE, "network", ""),
    # crosscheck.py
    ("crosscheck sizes text", lambda: random_case("2,x"), VALUE, "sizes", ""),
    ("crosscheck examples zero", lambda: random_case([2, 2], examples=0), VALUE, "examples", ""),
    ("crosscheck activation", lambda: random_case([2, 2], "swish"), VALUE, "activation", ACTIVATION_NAMES),
    ("crosscheck inputs shape", lambda: crosscheck(net(), [[1, 2, 3]], [[0, 1]]), VALUE, "inputs", ""),
    ("crosscheck network None", lambda: crosscheck(None, *data()), TYPE, "network", ""),
    ("crosscheck sizes a number", lambda: random_case(5), VALUE, "sizes", ""),
    # formula.py: what a student types into a text box
    ("formula not text", lambda: parse_formula(3), TYPE, "formula", ""),
    ("formula empty", lambda: parse_formula("  "), VALUE, "formula", ""),
    ("formula import", lambda: parse_formula("__import__('os').system('ls')"), VALUE, "formula", ""),
    ("formula other name", lambda: parse_formula("y + 1"), VALUE, "formula", "exp, log"),
    ("formula too long", lambda: parse_formula("x+" * 150 + "x"), VALUE, "formula", ""),
    ("formula huge power", lambda: parse_formula("9**9**9"), VALUE, "formula", ""),
    ("formula division by zero", lambda: parse_formula("x/0"), VALUE, "formula", ""),
    ("activation text without x", lambda: activation_from_text("swish"), VALUE, "activation", ACTIVATION_NAMES),
    # fastpath.py, sweep.py
    ("fast path network", lambda: train_fast("net", *data(), 10, 0.5), TYPE, "network", ""),
    ("fast path loss", lambda: train_fast(bce_network(), *data(), 10, 0.5), VALUE, "network.loss", "squared"),
    ("fast path iterations", lambda: train_fast(net(), *data(), -1, 0.5), VALUE, "iterations", ""),
    ("fast path targets missing", lambda: train_fast(net(), data()[0], None, 5, 0.5), TYPE, "targets", ""),
    ("fast path batch_size", lambda: training_source(net(), batch_size=0), VALUE, "batch_size", ""),
    ("sweep negative rate", lambda: sweep_learning_rates(net(), *data(), [0.5, -1.0], 10), VALUE,
     "learning_rates", ""),
    ("sweep NaN rate", lambda: sweep_learning_rates(net(), *data(), [0.5, np.nan], 10), VALUE,
     "learning_rates", ""),
    ("sweep no networks", lambda: sweep_networks([], *data(), 10, 0.5), VALUE, "networks", ""),
    # names.py, recording.py, plots.py
    ("set unknown parameter", lambda: set_parameters(net(), {"w9": 1.0}), VALUE, "w9", "w1, w2"),
    ("set parameter inf", lambda: set_parameters(net(), {"w5": np.inf}), VALUE, "w5", ""),
    ("set parameters not a mapping", lambda: set_parameters(net(), 0.3), TYPE, "values", ""),
    ("record network None", lambda: record_training(None, *data(), 5, 0.5), TYPE, "network", ""),
    ("loss curves not a mapping", lambda: plot_losses(0.3), TYPE, "runs", ""),
    ("record rounds negative", lambda: record_training(net(), *data(), -1, 0.5), VALUE, "rounds", ""),
    ("descent y unknown", lambda: descent_path(net(), *data(), "w5", "w9", 0.5, 10), VALUE, "y", "w1, w2"),
    ("descent x == y", lambda: descent_path(net(), *data(), "w5", "w5", 0.5, 10), VALUE, "x and y", ""),
    ("surface steps negative", lambda: plot_error_surface("w5", "w6", steps=-1), VALUE, "steps", ""),
    ("surface learning_rate", lambda: plot_error_surface(learning_rate=0), VALUE, "learning_rate", ""),
    # widgets.py, panel.py: what a notebook cell passes
    ("panel slider beyond range", lambda: round_panel().set(w5=5.0), VALUE, "w5", ""),
    ("panel unknown control", lambda: round_panel().set(w9=0.1), VALUE, "w9", "w1, w2"),
    ("panel checkbox text", lambda: round_panel().set(update_biases="yes"), TYPE, "update_biases", ""),
    ("training panel network", lambda: widgets.training_panel("lecture"), TYPE, "network", ""),
    ("training panel rounds", lambda: widgets.training_panel(rounds=-1), VALUE, "rounds", ""),
    ("training panel eta", lambda: widgets.training_panel(rounds=10, eta=0), VALUE, "eta", ""),
    ("learning-rate panel rounds", lambda: widgets.learning_rate_panel(rounds=-1), VALUE, "rounds", ""),
    # checks.py: what a lecturer passes (a student's answer never raises: see below)
    ("check cases negative", lambda: checks.check_logistic(quiet(0.5), cases=-1), VALUE, "cases", ""),
    ("check seed text", lambda: checks.check_forward_pass(quiet({}), seed="x"), TYPE, "seed", ""),
]


@pytest.mark.parametrize("call, error, parameter, listed", [pytest.param(*row[1:], id=row[0]) for row in API])
def test_api_bad_input_raises_the_exact_error_naming_the_parameter(call, error, parameter, listed):
    with pytest.raises(Exception) as caught:
        call()
    message = str(caught.value)
    assert type(caught.value) is error, f"{type(caught.value).__name__}: {message}"
    assert parameter in message
    assert "\n" not in message and message.strip() == message
    assert listed in message
    assert len(message) < 400, f"{len(message)} characters"


# (row id, arguments after `python -m backprop_lessons`, text the one line must contain)
CLI = [
    ("no command", [], "command"),
    ("unknown command", ["teach"], "invalid choice"),
    ("unknown option", ["example", "--bogus"], "--bogus"),
    ("eta zero", ["example", "--eta", "0"], "--eta"),
    ("eta negative", ["example", "--eta", "-0.5"], "--eta"),
    ("eta NaN", ["example", "--eta", "nan"], "--eta"),
    ("eta inf", ["example", "--eta", "inf"], "--eta"),
    ("eta overflows", ["example", "--eta", "1e400"], "--eta"),
    ("eta empty", ["example", "--eta", ""], "--eta"),
    ("eta text", ["example", "--eta", "half"], "--eta"),
    ("eta missing", ["example", "--eta"], "--eta"),
    ("iterations negative", ["example", "--iterations", "-1"], "--iterations"),
    ("iterations absurd", ["example", "--iterations", "10000001"], "--iterations"),
    ("iterations float", ["example", "--iterations", "1e3"], "--iterations"),
    ("iterations text", ["example", "--iterations", "many"], "--iterations"),
    ("errata extra", ["errata", "--iterations", "5"], "--iterations"),
    ("derive unknown parameter", ["derive", "w9"], "parameter"),
    ("derive no parameter", ["derive"], "required"),
    ("derive bias of a layer that is not there", ["derive", "b3"], "parameter"),
    ("crosscheck sizes text", ["crosscheck", "--sizes", "2,x"], "sizes"),
    ("crosscheck sizes zero", ["crosscheck", "--sizes", "2,0"], "sizes"),
    ("crosscheck one size", ["crosscheck", "--sizes", "2"], "sizes"),
    ("crosscheck activation", ["crosscheck", "--activation", "swish"], "activation"),
    ("crosscheck loss", ["crosscheck", "--loss", "hinge"], "loss"),
    ("crosscheck seed", ["crosscheck", "--seed", "-1"], "seed"),
    ("crosscheck examples", ["crosscheck", "--examples", "0"], "examples"),
    ("crosscheck absurd sizes", ["crosscheck", "--sizes", "60,60,60"], "sizes"),   # SymPy would take minutes
    # class 1, bounded work: refused with the estimate and the way past it
    ("budget: iterations", ["example", "--iterations", "10000000"], "--no-budget"),
    ("budget: many layers", ["crosscheck", "--sizes", "2" + ",1" * 499], "--no-budget"),
    ("budget: many examples", ["crosscheck", "--sizes", "30,30,2", "--examples", "10000"], "--examples"),
    ("budget: derive has no such flag", ["errata", "--no-budget"], "--no-budget"),
    # class 2, typed formulas
    ("formula constants overflow", ["crosscheck", "--activation", "x*1e300*1e300"], "formula"),
    ("formula integer powers", ["crosscheck", "--activation", "x*10**100*10**100*10**100*10**100"], "formula"),
    ("formula 0**x", ["crosscheck", "--activation", "0**x"], "derivative"),
    ("formula nested max/min", ["crosscheck", "--activation",
                                "max(min(max(min(max(min(max(min(x,1),-1),2*x),x/2),x-1),x+1),3*x),x/3)"], "formula"),
    # class 6, echoed arguments are cut (the line length is checked below)
    ("long activation", ["crosscheck", "--activation", "y" * 100_000], "activation"),
    ("long parameter", ["derive", "w" * 100_000], "parameter"),
    ("long sizes", ["crosscheck", "--sizes", "2," * 50_000 + "x"], "sizes"),
    ("long eta", ["example", "--eta", "e" * 100_000], "--eta"),
]


@pytest.fixture(scope="module")
def cli_runs() -> dict[tuple[str, ...], subprocess.CompletedProcess]:
    """Every CLI row run once, two at a time (each is a fresh interpreter)."""
    def run(argv):
        command = [sys.executable, "-m", "backprop_lessons", *argv]
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(command, None, "", "still running after 30 s\n")
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip((tuple(argv) for _, argv, _ in CLI), pool.map(run, (argv for _, argv, _ in CLI))))


@pytest.mark.parametrize("argv, fragment", [pytest.param(argv, fragment, id=name) for name, argv, fragment in CLI])
def test_cli_bad_input_exits_2_with_one_line_and_no_traceback(cli_runs, argv, fragment):
    result = cli_runs[tuple(argv)]
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n"), result.stderr
    assert fragment in result.stderr
    assert len(result.stderr) < 400, f"{len(result.stderr)} characters"   # echoes are cut (class 6)


def test_a_closed_pipe_ends_the_command_line_quietly():
    """`backprop-lessons example | head -1`: the reader leaves early; no BrokenPipeError traceback."""
    process = subprocess.Popen([sys.executable, "-m", "backprop_lessons", "example"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    process.stdout.close()   # before the interpreter has started, so its first write meets a closed pipe
    stderr = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=120)
    assert "Traceback" not in stderr and stderr == ""


def test_the_tables_hold_at_least_40_bad_inputs():
    assert len(API) + len(CLI) >= 40
    assert len({row[0] for row in API}) == len(API) and len({row[0] for row in CLI}) == len(CLI)


@given(st.text(max_size=30))
def test_cli_number_arguments_never_raise_anything_but_argparse_errors(text):
    for convert in (_number("--eta"), _number("--iterations", int)):
        try:
            value = convert(text)
        except argparse.ArgumentTypeError as error:
            assert "\n" not in str(error)
        else:
            assert np.isfinite(value)


FORMULA_PIECES = st.sampled_from(["x", "1", "2.5", "1e308", "0", "+", "-", "*", "/", "**", "(", ")", ",", " ",
                                  "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu", "max", "min",
                                  "in", "or", "if", "else", "_", "'", "y", "lambda", ":", "[", "]", "."])


@given(st.lists(FORMULA_PIECES, max_size=20).map("".join))
def test_any_typed_formula_gives_an_activation_or_one_line_and_no_warning(text):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            activation = activation_from_text(text)
        except (InvalidValueError, InvalidTypeError) as error:
            assert "\n" not in str(error)
        else:
            with np.errstate(all="ignore"):
                net = np.linspace(-3.0, 3.0, 7)
                assert activation.forward(net).shape == net.shape
                assert activation.derivative(net, activation.forward(net)).shape == net.shape
    assert not [str(w.message) for w in caught]


def test_a_typed_formula_that_python_warns_about_prints_no_warning():
    """`1in x` makes Python's parser print "SyntaxWarning: invalid decimal literal" under a text box."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(InvalidValueError, match="formula"):
            parse_formula("1in x")
    assert not [str(w.message) for w in caught]


# --- homework checks: whatever a student's function does, the check prints one line and returns

class Exploding(float):
    """A float whose conversion raises: what a student's odd class might do."""

    def __float__(self):
        raise ZeroDivisionError("division by zero")


class BadMapping(dict):
    """A dict whose lookups raise."""

    def __getitem__(self, key):
        raise KeyError(key)


FORWARD = ("net_h1", "out_h1", "net_h2", "out_h2", "net_o1", "out_o1", "net_o2", "out_o2")
STUDENT_ANSWERS = [
    ("None", None, "not done"),
    ("NaN", float("nan"), "wrong"),
    ("inf", float("inf"), "wrong"),
    ("text", "0.59", "wrong"),
    ("complex", 0.5 + 0j, "wrong"),
    ("list", [0.59], "wrong"),
    ("two numbers", np.array([0.5, 0.5]), "wrong"),
    ("int beyond float", 10**400, "wrong"),
    ("object array beyond float", np.array([10**400], dtype=object), "wrong"),
    ("float subclass that raises", Exploding(0.5), "wrong"),
]


@pytest.mark.parametrize("answer, status", [pytest.param(a, s, id=i) for i, a, s in STUDENT_ANSWERS])
def test_check_logistic_reports_any_student_answer_in_one_line(capsys, answer, status):
    result = checks.check_logistic(lambda net: answer, cases=2)
    printed = capsys.readouterr().out
    assert result.status == status and printed.count("\n") == 1


@pytest.mark.parametrize("answer", [
    pytest.param({name: 10**400 for name in FORWARD}, id="values beyond float"),
    pytest.param({name: float("nan") for name in FORWARD}, id="NaN values"),
    pytest.param(BadMapping({name: 0.5 for name in FORWARD}), id="lookups raise"),
    pytest.param([0.5] * 8, id="a list"),
])
def test_check_forward_pass_reports_any_student_answer_in_one_line(capsys, answer):
    result = checks.check_forward_pass(lambda v: answer, cases=2)
    assert result.status == "wrong" and capsys.readouterr().out.count("\n") == 1


@pytest.mark.parametrize("value", [pytest.param(v, id=i) for i, v in [
    ("int beyond float", 10**400), ("NaN", float("nan")), ("text", "0.3"), ("None", None),
    ("float subclass that raises", Exploding(0.3))]])
def test_check_value_reports_any_value_in_one_line(capsys, value):
    result = checks.check_value("E_total", value)
    assert result.status in ("wrong", "not done") and capsys.readouterr().out.count("\n") == 1
