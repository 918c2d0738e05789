"""The SymPy network, its compiled gradients, and the derivations in the lecture's notation.

The lecture's figures are checked against values the derivation computes, rounded as the
lecture rounds them (notation.figure); lecture.py's worked round gives an independent check.
"""
from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
import sympy as sp

from backprop_lessons.engine.activations import RELU, SIGMOID, TANH
from backprop_lessons.symbolic.crosscheck import random_case
from backprop_lessons.symbolic.compiled import (compile_expressions, compile_gradient, forward_functions, numeric_steps,
                                                shift_invariant, slope_in_outputs)
from backprop_lessons.symbolic.derivation import derivation_report, derive
from backprop_lessons.engine.notation import latex_name
from backprop_lessons.symbolic.derivation_lines import Line, latex_expression
from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.lecture.example import lecture_data, lecture_network, worked_round
from backprop_lessons.engine.losses import get_loss
from backprop_lessons.engine.network import Network
from backprop_lessons.engine.naming import gradient_vector, parameter_vector
from backprop_lessons.symbolic.equations import SymbolicNetwork


@pytest.fixture(scope="module")
def lecture() -> SymbolicNetwork:
    """The lecture's network in SymPy."""
    return SymbolicNetwork.from_network(lecture_network())


def names(symbols) -> list[str]:
    """The names of a (nested) list of symbols."""
    return [s.name for s in sp.flatten(symbols)]


# --- the symbolic network ------------------------------------------------------------------

def test_lecture_network_uses_the_lecture_names(lecture):
    assert names(lecture.inputs) == ["i1", "i2"]
    assert names(lecture.parameters) == ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2"]
    assert names(lecture.nets) == ["net_h1", "net_h2", "net_o1", "net_o2"]
    assert names(lecture.outs) == ["i1", "i2", "out_h1", "out_h2", "out_o1", "out_o2"]
    assert names(lecture.targets) == ["target_o1", "target_o2"]
    assert lecture.error.name == "E_total"


def test_local_equations_are_the_lecture_s(lecture):
    s = {x.name: x for x in [*lecture.parameters, *sp.flatten(lecture.outs), *sp.flatten(lecture.nets)]}
    assert lecture.net_equation(1, 0) == s["w1"] * s["i1"] + s["w2"] * s["i2"] + s["b1"]
    assert lecture.net_equation(2, 1) == s["w7"] * s["out_h1"] + s["w8"] * s["out_h2"] + s["b2"]
    assert lecture.out_equation(2, 0) == 1 / (1 + sp.exp(-s["net_o1"]))
    assert lecture.error_equation().has(*lecture.targets)


def test_other_networks_use_the_indexed_scheme():
    per_neuron = SymbolicNetwork([2, 3, 1], "tanh", "squared", shared_bias=False)
    assert names(per_neuron.parameters)[:3] == ["w_1_1_1", "w_1_1_2", "w_1_2_1"]
    assert names(per_neuron.biases) == ["b_1_1", "b_1_2", "b_1_3", "b_2"]
    assert names(per_neuron.nets[0]) == ["net_h1", "net_h2", "net_h3"]   # neurons: as engine/naming.py
    assert names(per_neuron.targets) == ["target_o1"]
    shared = SymbolicNetwork([2, 3, 2], "tanh", "squared", shared_bias=True)
    assert names(shared.biases) == ["b_1", "b_2"]
    lecture_shape = SymbolicNetwork([2, 2, 2], "sigmoid", "squared", shared_bias=False)
    assert names(lecture_shape.biases) == ["b1_1", "b1_2", "b2_1", "b2_2"]   # as engine/naming.py


def test_constructor_checks_its_arguments():
    with pytest.raises(InvalidValueError, match="sizes"):
        SymbolicNetwork([3], "tanh", "squared", True)
    with pytest.raises(InvalidValueError, match="activations must give 2 layers"):
        SymbolicNetwork([2, 2, 2], ["tanh"], "squared", True)
    with pytest.raises(InvalidValueError, match="loss"):
        SymbolicNetwork([2, 2, 2], "tanh", "cubed", True)


def test_parameter_lookup_names_the_valid_ones(lecture):
    assert lecture.parameter("w5").name == "w5"
    with pytest.raises(InvalidValueError, match=r"parameter must be one of w1, .*b2 .*'w9'"):
        lecture.parameter("w9")


def test_fed_by_gives_the_layer_and_neurons(lecture):
    assert lecture.fed_by(lecture.parameter("w6")) == (2, [0])
    assert lecture.fed_by(lecture.parameter("b1")) == (1, [0, 1])   # a shared bias feeds both


def test_gradient_is_the_delta_rule(lecture):
    delta_o1, out_h1 = lecture.deltas[1][0], lecture.outs[1][0]
    assert lecture.gradient(lecture.parameter("w5")) == delta_o1 * out_h1
    assert lecture.gradient(lecture.parameter("b2")) == lecture.deltas[1][0] + lecture.deltas[1][1]


def test_expand_writes_everything_in_parameters_and_data(lecture):
    full = lecture.expand(lecture.error)
    assert full.free_symbols == {*lecture.parameters, *lecture.inputs, *lecture.targets}


def test_vectors_follow_the_parameter_order():
    network = lecture_network()
    assert parameter_vector(network).tolist() == [0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55, 0.35, 0.6]
    inputs, targets = lecture_data()
    gradients = network.backward(network.forward(inputs), targets)
    assert gradient_vector(gradients)[4] == pytest.approx(worked_round()["dE_total/dw5"], rel=1e-12)


@pytest.mark.parametrize("sizes, activation, loss, shared", [
    ("2,2,2", "sigmoid", "squared", True),
    ("2,3,2", "tanh", "binary_cross_entropy", False),
    ("3,4,2", "relu", "softmax_cross_entropy", True),
    ("4,8,8,3", "identity", "squared", False),
])
def test_compiled_gradient_equals_backprop(sizes, activation, loss, shared):
    network, inputs, targets = random_case(sizes, activation, loss, shared_bias=shared, seed=3, examples=5)
    compiled = compile_gradient(SymbolicNetwork.from_network(network))
    backprop = gradient_vector(network.backward(network.forward(inputs), targets))
    np.testing.assert_allclose(compiled(network, inputs, targets), backprop, rtol=1e-9, atol=1e-13)


def test_compiled_code_goes_layer_by_layer(lecture):
    source = inspect.getsource(compile_gradient(lecture).function)
    order = [source.index(f"{name} =") for name in ("net_h1", "out_h1", "net_o1", "out_o1",
                                                     "delta_o1", "dE_dout_h1", "delta_h1")]
    assert order == sorted(order)
    assert "out_h1 = sigmoid_forward(net_h1)" in source             # the stable NumPy forward
    assert "delta_o1 = dE_dout_o1*out_o1*(1 - out_o1)" in source    # the lecture's slope, no e^-net


def test_shift_invariance_is_found_for_softmax_only():
    assert shift_invariant(get_loss("softmax_cross_entropy"), 3)
    assert not shift_invariant(get_loss("squared"), 3)
    assert not shift_invariant(get_loss("binary_cross_entropy"), 3)


def test_softmax_derivatives_are_taken_at_shifted_outputs():
    symbolic = SymbolicNetwork([2, 3], "identity", "softmax_cross_entropy", shared_bias=False)
    steps = dict(pair for group in numeric_steps(symbolic) for pair in group)
    largest = sp.Symbol("out_max", real=True)
    assert steps[largest] == sp.Max(*symbolic.outs[-1])
    assert steps[symbolic.dE_douts[0][0]].has(largest)


def test_forward_functions_are_named_after_activations():
    symbolic = SymbolicNetwork([1, 2, 2, 1], ["tanh", "tanh", "sigmoid"], "squared", True)
    functions, namespace = forward_functions(symbolic)
    assert [f.__name__ for f in functions] == ["tanh_forward", "tanh_forward", "sigmoid_forward"]
    assert namespace["sigmoid_forward"] is SIGMOID.forward


def test_compiled_gradients_are_finite_and_quiet_at_extreme_net_inputs():
    network = Network([[[300.0, -400.0], [2.0, 1.0]], [[1.0, 2.0], [3.0, -4.0]]], [[0.0], [0.0]], "sigmoid")
    softmax = Network([[[400.0, 0.0], [0.0, 1.0]]], [[0.0]], "identity", "softmax_cross_entropy")
    with warnings.catch_warnings():
        warnings.simplefilter("error")      # an overflow warning fails the test
        saturated = compile_gradient(SymbolicNetwork.from_network(network))(network, [[1.0, 2.0]], [[0.2, 0.7]])
        logits = compile_gradient(SymbolicNetwork.from_network(softmax))(softmax, [[2.0, 1.0]], [[0.0, 1.0]])
    assert np.all(np.isfinite(saturated)) and np.all(np.isfinite(logits))


def test_compile_any_expression(lecture):
    function = compile_expressions(lecture, [lecture.outs[2][0], lecture.deltas[1][0]])
    arguments = [*parameter_vector(lecture_network()), 0.05, 0.1, 0.01, 0.99]
    out_o1, delta_o1 = function(*arguments)
    assert out_o1 == pytest.approx(worked_round()["out_o1"], rel=1e-12)
    assert delta_o1 == pytest.approx(worked_round()["delta_o1"], rel=1e-12)


def test_compiled_gradient_refuses_another_architecture(lecture):
    other = Network.random([2, 3, 2], "sigmoid", shared_bias=True)
    with pytest.raises(InvalidValueError, match="compiled for"):
        compile_gradient(lecture)(other, [[0.1, 0.2]], [[0.3, 0.4]])


def test_a_300_parameter_network_compiles_and_agrees_with_backprop():
    """How fast it compiles is benchmark P4's business (make bench), not a test's."""
    network, inputs, targets = random_case("10,20,4", "tanh", "squared", seed=0)
    symbolic = SymbolicNetwork.from_network(network)
    compiled = compile_gradient(symbolic)
    assert len(symbolic.parameters) == 304
    backprop = gradient_vector(network.backward(network.forward(inputs), targets))
    np.testing.assert_allclose(compiled(network, inputs, targets), backprop, rtol=1e-9, atol=1e-13)


# --- derivations ---------------------------------------------------------------------------

def test_derive_w5_shows_the_lecture_s_figures():
    report = derivation_report("w5")
    for figure in ("0.74136507", "0.186815602", "0.593269992", "0.082167041"):
        assert figure in report
    assert "0.0821670405642" in report   # and 12 significant digits beside the rounding
    derivation = derive("w5")
    assert derivation.values["dout_o1/dnet_o1"] == pytest.approx(worked_round()["dout_o1/dnet_o1"], rel=1e-12)
    assert derivation.chain_rule == pytest.approx(worked_round()["dE_total/dw5"], rel=1e-12)


def test_derive_w1_shows_the_lecture_s_figures():
    report = derivation_report("w1")
    for figure in ("0.036350306", "0.241300709", "0.05", "0.000438568"):
        assert figure in report
    derivation = derive("w1")
    assert derivation.values["dE_total/dout_h1"] == pytest.approx(worked_round()["dE_total/dout_h1"], rel=1e-12)
    assert derivation.direct == pytest.approx(worked_round()["dE_total/dw1"], rel=1e-12)


def test_derive_w1_as_latex():
    lines = derivation_report("w1", latex=True).splitlines()
    assert lines[1].startswith(r"\frac{\partial E_{total}}{\partial w_{1}} = ")
    assert any(r"\delta_{h1}" in line for line in lines)
    assert all("_total" not in line for line in lines)   # every name converted


@pytest.mark.parametrize("bias", ["b1", "b2"])
def test_derive_biases(bias):
    derivation = derive(bias)
    expected = worked_round(update_biases=True)[f"dE_total/d{bias}"]
    for result in (derivation.chain_rule, derivation.delta_rule, derivation.direct):
        assert result == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("parameter", ["w1", "w5", "b1"])
def test_the_three_ways_agree_symbolically_and_numerically(parameter):
    derivation = derive(parameter)
    assert derivation.symbolically_equal is True
    assert derivation.agree
    assert "they agree" in derivation.text()


def test_derive_an_unknown_parameter():
    with pytest.raises(InvalidValueError, match=r"^parameter must be one of w1, w2.*; got 'w9'$"):
        derive("w9")


def test_derive_a_deeper_network():
    network, inputs, targets = random_case("2,3,3,2", "tanh", "softmax_cross_entropy", seed=0)
    derivation = derive("w_1_2_1", network, inputs[0], targets[0])
    backprop = network.backward(network.forward(inputs[:1]), targets[:1]).weights[0][1, 0]
    assert derivation.agree and derivation.symbolically_equal
    assert derivation.direct == pytest.approx(backprop, rel=1e-10)
    assert "dE_total/dnet_h2_1 * dnet_h2_1/dout_h1_2" in derivation.text()


def test_derive_needs_one_example():
    network, inputs, targets = random_case("2,2,2", "tanh", "squared", seed=0, examples=2)
    with pytest.raises(InvalidValueError, match="one example"):
        derive("w1", network, inputs, targets)


def test_slope_in_outputs_writes_the_lecture_s_forms():
    for activation, expected in ((SIGMOID, "out*(1 - out)"), (TANH, "1 - out**2"), (RELU, "Heaviside(net)")):
        slope, _, _ = slope_in_outputs(activation)
        assert sp.sstr(slope, order="none") == expected


def test_latex_names():
    assert latex_name("w5") == "w_{5}"
    assert latex_name("b1_2") == "b_{1,2}"
    assert latex_name("w_2_1_3") == "w^{(2)}_{1,3}"
    assert latex_name("delta_h2_1") == r"\delta_{h2,1}"
    assert latex_name("b_2") == "b^{(2)}"
    assert latex_name("dE_total/dw5") == r"\frac{\partial E_{total}}{\partial w_{5}}"
    out_h1, w5 = sp.Symbol("out_h1", real=True), sp.Symbol("w5", real=True)
    assert latex_expression(w5 * out_h1) in (r"out_{h1} w_{5}", r"w_{5} out_{h1}")


def test_line_text_and_latex():
    line = Line("dnet_o1/dw5", (sp.Symbol("out_h1"),), 0.5932699921071872)
    assert line.text() == "dnet_o1/dw5 = out_h1 = 0.593269992  (0.593269992107)"
    assert line.latex() == r"\frac{\partial net_{o1}}{\partial w_{5}} = out_{h1} = 0.593269992"
    assert Line("", note="a note").latex() == r"\text{a note}"
