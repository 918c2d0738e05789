"""The command line: the walk-through, its flags, JSON, and one-line errors with exit code 2."""
import json
import subprocess
import sys

import pytest

from backprop_lessons.cli import main

STEP_ONE = ("0.3775 0.593269992 0.596884378 1.105905967 0.75136507 0.772928465 0.274811083 0.023560026 "
            "0.298371109 0.74136507 0.186815602 0.082167041 0.35891648 0.408666186 0.511301270 0.561370121 "
            "0.138498562 0.055399425 -0.019049119 0.036350306 0.241300709 0.000438568 0.149780716 "
            "0.19956143 0.24975114 0.29950229").split()


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_example_shows_every_step_one_figure_and_the_correct_first_round_error(capsys):
    code, out, _ = run(capsys, "example")
    assert code == 0
    missing = [figure for figure in STEP_ONE if figure not in out]
    assert not missing
    assert "0.291027774" in out
    assert "net_h1" in out and "delta_o1" in out and "E_total" in out


def test_as_published_reproduces_the_training_figures(capsys):
    code, out, _ = run(capsys, "example", "--as-published")
    training = out.split("== Training")[1].split("== Where")[0]
    for figure in ("0.291027924", "0.015912196", "0.984065734"):
        assert figure in training


def test_9999_iterations_give_the_printed_error(capsys):
    _, out, _ = run(capsys, "example", "--iterations", "9999")
    assert "0.0000351085" in out.split("== Training")[1].split("== Where")[0]


def test_json_holds_every_quantity(capsys):
    code, out, _ = run(capsys, "example", "--json", "--iterations", "10", "--update-biases")
    data = json.loads(out)
    assert data["round"]["E_total"] == pytest.approx(0.298371109, abs=1e-9)
    assert "b1+" in data["round"] and data["training"]["iterations"] == 10


@pytest.mark.parametrize("argv, fragment", [
    (["example", "--eta", "0"], "--eta must be greater than 0"),
    (["example", "--eta", "-1"], "--eta must be greater than 0"),
    (["example", "--eta", "nan"], "--eta must be finite"),
    (["example", "--eta", "fast"], "--eta must be a number"),
    (["example", "--iterations", "-5"], "--iterations must be between"),
    (["example", "--iterations", "2.5"], "--iterations must be a number"),
    (["example", "--iterations", "99999999999"], "--iterations: training the lecture's network 99,999,999,999 iterations"),
    (["example", "--bogus"], "unrecognized arguments"),
    (["teach"], "invalid choice"),
    ([], "required"),
])
def test_bad_arguments_exit_2_with_one_line(argv, fragment):
    result = subprocess.run([sys.executable, "-m", "backprop_lessons", *argv], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_errata_command_lists_five(capsys):
    code, out, _ = run(capsys, "errata", "--json")
    assert code == 0 and len(json.loads(out)) == 5


def test_derive_w5_shows_the_lectures_three_factors_and_product(capsys):
    code, out, _ = run(capsys, "derive", "w5")
    assert code == 0
    for figure in ("0.74136507", "0.186815602", "0.593269992", "0.082167041"):
        assert figure in out


def test_derive_w1_shows_the_hidden_chain(capsys):
    code, out, _ = run(capsys, "derive", "w1")
    for figure in ("0.036350306", "0.241300709", "0.05", "0.000438568"):
        assert figure in out


def test_derive_latex_prints_fraction_lines(capsys):
    code, out, _ = run(capsys, "derive", "w1", "--latex")
    assert code == 0 and r"\frac{\partial E_{total}}{\partial w_{1}}" in out


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "identity"])
@pytest.mark.parametrize("loss", ["squared", "binary_cross_entropy"])
def test_crosscheck_agrees_for_every_activation_and_loss(capsys, activation, loss):
    code, out, _ = run(capsys, "crosscheck", "--sizes", "4,8,8,3", "--activation", activation, "--loss", loss,
                       "--seed", "1")
    assert code == 0, out
    assert "parameters agree" in out


def test_crosscheck_json_and_shared_bias(capsys):
    code, out, _ = run(capsys, "crosscheck", "--sizes", "2,3,2", "--shared-bias", "--json")
    assert code == 0 and json.loads(out)


def test_a_wrong_hand_derivative_makes_crosscheck_exit_1_naming_the_parameter(capsys, monkeypatch):
    import dataclasses
    from backprop_lessons.engine import activations
    wrong = dataclasses.replace(activations.TANH, derivative=lambda net, out: 1 - out)   # should be 1 - out**2
    monkeypatch.setitem(activations.ACTIVATIONS, "tanh", wrong)
    code, out, _ = run(capsys, "crosscheck", "--sizes", "2,3,2", "--activation", "tanh")
    assert code == 1
    assert "DISAGREES" in out.upper() and "w_1_1_1" in out


def test_zero_iterations_show_no_first_round_error(capsys):
    code, out, _ = run(capsys, "example", "--iterations", "0")
    training = out.split("== Training")[1].split("== Where")[0]
    assert code == 0 and "after 1 round" not in training and "after the last round" in training
