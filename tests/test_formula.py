"""Typed activation formulas: read without running anything, refused when hostile."""
from __future__ import annotations

import ast
import builtins

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_lessons.engine.activations import SIGMOID
from backprop_lessons.symbolic.crosscheck import crosscheck, crosscheck_table
from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError
from backprop_lessons.symbolic.formula import X, activation_from_text, formula_activation, kinks_of, parse_formula
from backprop_lessons.engine.network import Network

NETS = np.linspace(-3, 3, 13)

# Each would run code, read or write files, or hang, if the text were evaluated.
HOSTILE = [
    "__import__('os').system('touch pwned')",
    "open('pwned', 'w').write('x')",
    "exec('open(1)')",
    "eval('1')",
    "compile('1', 'f', 'eval')",
    "globals()",
    "x.real",
    "().__class__.__bases__[0].__subclasses__()",
    "(lambda: open('pwned', 'w'))()",
    "[open('pwned', 'w') for x in [1]]",
    "x[0]",
    "'pwned'",
    "b'pwned'",
    "f'{x}'",
    "(y := 1)",
    "x if x else open('pwned', 'w')",
    "exp(x, base=2)",
    "exp(*[x])",
    "max(x)",
    "sigmoid",
    "os",
    "y + 1",
    "import os",
    "x; open('pwned', 'w')",
    "x == 1",
    "not x",
    "x ^ 2",
    "x // 2",
    "9**9**9",
    "(((9**100)**100)**100)**100",
    "2**exp(9)",
    "exp(exp(1e10))",
    "cosh(cosh(1e5))",
    "max(exp(exp(1000)), 1)",
    "sqrt(-1)*x",
    "1/0",
    "1e999",
    "1j",
    "True",
    "...",
    "x" + "+x" * 80,
    "-" * 150 + "x",
    "(" * 60 + "x" + ")" * 60,
    "x" * 201,
    "",
    "   ",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_formulas_are_refused_and_nothing_runs(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with monkeypatch.context() as patched:
        for name in ("eval", "exec"):   # a call of either on text fails the test
            patched.setattr(builtins, name, _forbidden(name, getattr(builtins, name)))
        patched.setattr(builtins, "compile", _parse_only(builtins.compile))
        patched.setattr(sp, "sympify", _forbidden("sympify"))
        with pytest.raises(InvalidValueError) as refused:
            formula_activation(text)
    message = str(refused.value)
    assert message and "\n" not in message                  # one line that says what was refused
    assert not (tmp_path / "pwned").exists()


def _parse_only(compile_):
    """compile() that only parses (ast.parse uses it so), and fails the test for anything else."""
    def call(source, filename, mode, flags=0, *args, **kwargs):
        """Parse, or fail."""
        if not flags & ast.PyCF_ONLY_AST:
            raise AssertionError("compile was called to make code")
        return compile_(source, filename, mode, flags, *args, **kwargs)
    return call


def _forbidden(name: str, real=None):
    """A stand-in for eval, exec or sympify that fails the test when given text or code made
    from text; it lets Python's import system run modules' own files (SymPy imports lazily)."""
    def call(source, *args, **kwargs):
        """Run a module's own file, or fail."""
        from_file = not getattr(source, "co_filename", "<").startswith("<")
        if real is None or not from_file:
            raise AssertionError(f"{name} was called on {source!r:.60}")
        return real(source, *args, **kwargs)
    return call


@pytest.mark.parametrize("text, reason", [
    ("__import__('os')", "underscores"),
    ("x.real", "attribute access"),
    ("x[0]", "subscripts"),
    ("(lambda: 1)()", "lambdas"),
    ("'a'", "strings"),
    ("y", "the name 'y'"),
    ("open('f')", "the function 'open'"),
    ("x ^ 2", "write powers as x\\*\\*2"),
    ("9**9**9", "the exponent 387420489"),
    ("x" * 201, "at most 200 characters"),
    ("(" * 40 + "x" + ")" * 40, "parentheses deep"),
    ("-" * 40 + "x", "levels deep"),
    ("x +", "not a valid expression"),
    ("1in x", "invalid decimal literal"),
    ("exp(exp(1e10))", "numbers beyond 1e\\+300"),
    ("log(-1) + x", "must be real and finite"),
    ("1/0", "must be real and finite, got zoo"),
])
def test_refusals_say_what_was_refused(text, reason):
    with pytest.raises(InvalidValueError, match=reason):
        parse_formula(text)


def test_a_formula_must_be_text():
    with pytest.raises(InvalidTypeError, match="formula must be text"):
        parse_formula(42)


def test_softsign_becomes_an_activation():
    softsign = formula_activation("x/(1 + abs(x))")
    assert softsign.name == "x/(1 + abs(x))"
    np.testing.assert_allclose(softsign.forward(NETS), NETS / (1 + np.abs(NETS)))
    np.testing.assert_allclose(softsign.derivative(NETS, None), 1 / (1 + np.abs(NETS)) ** 2)
    net = sp.Symbol("net", real=True)
    assert softsign.symbolic(net) == net / (1 + sp.Abs(net))


def test_sigmoid_typed_equals_the_registered_one():
    typed = formula_activation("1/(1 + exp(-x))")
    np.testing.assert_allclose(typed.forward(NETS), SIGMOID.forward(NETS))
    outs = SIGMOID.forward(NETS)
    np.testing.assert_allclose(typed.derivative(NETS, outs), SIGMOID.derivative(NETS, outs))


def test_whitelisted_functions_and_constants():
    assert parse_formula("max(x, 0.1*x)") == sp.Max(X, 0.1 * X)
    assert parse_formula("relu(x)") == sp.Max(0, X)
    assert parse_formula("-x**2 + 3") == 3 - X**2
    assert parse_formula("softplus(x)") == sp.log(1 + sp.exp(X))
    constant = formula_activation("2")
    assert constant.forward(NETS).shape == NETS.shape and not constant.derivative(NETS, None).any()


def test_kinks():
    assert kinks_of(parse_formula("relu(x)")) == (0.0,)
    assert kinks_of(parse_formula("abs(x**2 - 1)")) == (-1.0, 1.0)
    assert kinks_of(parse_formula("max(x, 0.1*x) + abs(x - 2)")) == (0.0, 2.0)
    assert kinks_of(parse_formula("tanh(x)")) == ()


def test_typed_activations_plug_into_network_and_crosscheck():
    softsign, leaky = formula_activation("x/(1 + abs(x))"), formula_activation("max(x, 0.1*x)")
    network = Network.random([3, 4, 4, 2], [softsign, leaky, "sigmoid"], "binary_cross_entropy", seed=4)
    rng = np.random.default_rng(0)
    check = crosscheck(network, rng.normal(size=(3, 3)), rng.uniform(size=(3, 2)))
    assert check.all_agree, check.table()


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="x0123456789.+-*/() eabsxpqrtlognhim,", max_size=40))
def test_any_text_is_an_expression_in_x_or_a_one_line_refusal(text):
    try:
        expression = parse_formula(text)
    except InvalidValueError as refused:
        assert "\n" not in str(refused)
    else:
        assert expression.free_symbols <= {X}


def test_activation_from_text_takes_a_name_or_a_formula():
    assert activation_from_text("tanh").name == "tanh"
    assert activation_from_text("x/(1 + abs(x))").name == "x/(1 + abs(x))"
    with pytest.raises(InvalidValueError, match="activation must be one of sigmoid, .* got 'swish'"):
        activation_from_text("swish")
    with pytest.raises(InvalidValueError, match="the name 'y'"):
        activation_from_text("x*y")
    assert crosscheck_table("2,3,2", "x/(1 + abs(x))", "squared", seed=1).all_agree
