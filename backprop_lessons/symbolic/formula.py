"""Activations typed as text, such as `x/(1 + abs(x))`, read safely into an Activation.

A notebook's text box hands us whatever a student (or anyone) typed, so nothing in it is
ever run: no eval, and no sympify or parse_expr (both call eval). Python's `ast` module
only parses the text into a tree; we walk that tree and build the SymPy expression node by
node, allowing only
    numbers, the variable x, + - * / ** and unary minus, parentheses, and the functions
    exp log sqrt abs sin cos tan tanh sinh cosh atan sigmoid relu softplus max min.
Anything else (other names, attributes, subscripts, strings, lambdas, keywords, text over
200 characters, nesting deeper than 30, constants beyond 1e300 or not real, x*1e300*1e300
included) is refused with an InvalidValueError that says what. Constant parts are turned into
numbers as they are built, so no expression can make SymPy compute for ever (exp(exp(1e10))
is refused at once).

Bounded work. max and min are written as (a + b +- |a - b|)/2 before SymPy differentiates
(an identity; SymPy compiles the Heaviside products of max's derivative very slowly). That
form doubles with each nested max, so its size is estimated first and a formula whose
derivative would be large is refused before SymPy starts; the rest runs under a deadline
(symbolic/deadline.py). A formula that is not finite anywhere in [-4, 4], or whose derivative
is not (0**x), is refused; one undefined only somewhere (log(x)) is accepted, and its forward
and derivative give NaN or inf there quietly: the cross-check then says where.

From the expression come the three forms every activation has (activations.py): the NumPy
forward and the derivative by lambdify (the "hand" derivative here is SymPy's), and the
SymPy form itself, so a typed activation plugs into Network and the cross-check.
Non-goal: a general calculator; one variable, real functions only.
"""
from __future__ import annotations

import ast
import io
import itertools
import math
import tokenize

import numpy as np
import sympy as sp

from backprop_lessons.engine.activations import ACTIVATIONS, Activation, as_float
from backprop_lessons.engine.errors import InvalidValueError, cut, shown
from backprop_lessons.symbolic.deadline import within_deadline
from backprop_lessons.symbolic.formula_syntax import ARITY, FUNCTIONS, OPERATORS, REFUSED, valid_text, parse_tree, refuse

MAX_EXPONENT = 100   # |n| in x**n when n is a number
MAX_DIGITS = 300     # digits of a number raised to a power (9**9**9 would never finish)
MAX_NUMBER = 1e300   # the largest constant (float64 ends near 1.8e308); the smallest is 1/MAX_NUMBER
MAX_SIZE = 2_000     # nodes of the formula with max/min written out, and operations of its derivative
PROBE = np.linspace(-4.0, 4.0, 81)   # where a formula and its derivative must be finite somewhere
X = sp.Symbol("x", real=True)

def _build(node: ast.AST) -> sp.Expr:
    """The SymPy expression for one allowed node of the syntax tree, its constants settled."""
    return _settled(_build_node(node))


def _settled(expression: sp.Expr) -> sp.Expr:
    """A constant part (no x) as one real number within float64's range, so that SymPy never
    builds a huge one (exp(exp(1e10)) would not finish); parts with x are left as they are."""
    if expression.free_symbols:
        return _check_numbers(expression)
    value = expression if expression.is_Rational else expression.evalf()
    if not (value.is_Rational or value.is_Float) or not value.is_finite:
        raise InvalidValueError(f"formula must be real and finite, got {cut(str(expression))}")
    if abs(value) > MAX_NUMBER:
        raise refuse(f"numbers beyond {MAX_NUMBER:g} (got {sp.Float(value, 3)})")
    return value


def _check_numbers(expression: sp.Expr) -> sp.Expr:
    """`expression` if each of its numbers is within float64's comfortable range (x*1e300*1e300 is not)."""
    for number in expression.atoms(sp.Number):
        if abs(number) > MAX_NUMBER:
            raise refuse(f"numbers beyond {MAX_NUMBER:g} (got {sp.Float(number, 3)})")
        if number != 0 and abs(number) < 1 / MAX_NUMBER:
            raise refuse(f"numbers nearer 0 than {1 / MAX_NUMBER:g} (got {sp.Float(number, 3)})")
    return expression


def _build_node(node: ast.AST) -> sp.Expr:
    """The SymPy expression for one allowed node of the syntax tree, built from its children."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, (str, bytes)):
            raise refuse("strings")
        if type(node.value) not in (int, float) or not math.isfinite(node.value):
            raise refuse(f"the constant {shown(node.value)}")
        return sp.Integer(node.value) if isinstance(node.value, int) else sp.Float(node.value)
    if isinstance(node, ast.Name):
        if node.id != "x":
            raise refuse(f"the name {shown(node.id)} (the only variable is x)")
        return X
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _build(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        left, right = _build(node.left), _build(node.right)
        if isinstance(node.op, ast.Pow):
            _check_power(left, right)
        return OPERATORS[type(node.op)](left, right)
    if isinstance(node, ast.Call):
        return _build_call(node)
    kind = getattr(node, "op", node)
    raise refuse(REFUSED.get(type(kind), f"{type(kind).__name__} expressions"))


def _check_power(base: sp.Expr, exponent: sp.Expr) -> None:
    """Refuse powers SymPy could not finish computing: a numeric exponent must be a plain
    number of size at most MAX_EXPONENT, and a number to a power at most MAX_DIGITS long."""
    if not exponent.is_number:
        return
    if not (isinstance(exponent, (sp.Rational, sp.Float)) and abs(exponent) <= MAX_EXPONENT):
        raise refuse(f"the exponent {cut(str(exponent), 40)} (a plain number at most {MAX_EXPONENT} in size)")
    if isinstance(base, (sp.Rational, sp.Float)) and base != 0:
        digits = float(abs(exponent)) * abs(math.log10(abs(float(base)) or 1e-300))
        if digits > MAX_DIGITS:
            raise refuse(f"a power of about {digits:.0f} digits (at most {MAX_DIGITS})")


def _build_call(node: ast.Call) -> sp.Expr:
    """exp(x), max(x, 0), ...: a whitelisted function by name, positional arguments only."""
    if not isinstance(node.func, ast.Name):
        _build(node.func)                       # refuses a lambda or attribute by its own name
        raise refuse("calls of anything but a function name")
    name = node.func.id
    if name not in FUNCTIONS:
        raise refuse(f"the function {shown(name)}")
    if node.keywords or len(node.args) != ARITY[name]:
        raise refuse(f"{name} with other than {ARITY[name]} positional argument{'s' * (ARITY[name] > 1)}")
    return FUNCTIONS[name](*(_build(argument) for argument in node.args))


def parse_formula(text: str) -> sp.Expr:
    """The SymPy expression in x for a typed formula, built from its syntax tree without eval."""
    text = valid_text(text)
    return within_deadline(f"reading the formula {shown(text)}", lambda: _expression(text))


def _expression(text: str) -> sp.Expr:
    """parse_formula() on text already checked."""
    expression = _build(parse_tree(text))
    if expression.has(sp.zoo, sp.oo, -sp.oo, sp.nan, sp.I):
        raise InvalidValueError(f"formula must be real and finite, got {cut(str(expression))}")
    return expression


def kinks_of(expression: sp.Expr) -> tuple[float, ...]:
    """Where abs, max, min or relu of a polynomial in x (degree at most 4) has no derivative:
    real roots of its argument, or of the differences of max's arguments. Others are not found."""
    places = [a.args[0] for a in expression.atoms(sp.Abs)]
    places += [a - b for m in expression.atoms(sp.Max, sp.Min) for a, b in itertools.combinations(m.args, 2)]
    roots = set()
    for place in places:
        if place.free_symbols == {X} and place.is_polynomial(X) and sp.degree(place, X) <= 4:
            roots.update(float(r) for r in sp.Poly(place, X).real_roots())
    return tuple(sorted(roots))


def written_out_size(expression: sp.Expr) -> int:
    """Nodes of `expression` once each max and min is written as (a + b +- |a - b|)/2 (a, b twice)."""
    if isinstance(expression, (sp.Max, sp.Min)):
        return 6 * (len(expression.args) - 1) + 2 * sum(map(written_out_size, expression.args))
    return 1 + sum(map(written_out_size, expression.args))


def without_max_min(expression: sp.Expr) -> sp.Expr:
    """`expression` with max(a, b) = (a + b + |a - b|)/2 and min(a, b) = (a + b - |a - b|)/2."""
    def pairwise(sign: int):
        def written(*args: sp.Expr) -> sp.Expr:
            result = args[0]
            for other in args[1:]:
                result = (result + other + sign * sp.Abs(result - other)) / 2
            return result
        return written
    return expression.replace(sp.Max, pairwise(1)).replace(sp.Min, pairwise(-1))


def formula_activation(text: str) -> Activation:
    """An Activation from a typed formula in x: forward and derivative lambdified from SymPy,
    within a size bound and a deadline (see the module's docstring)."""
    text = valid_text(text)
    return within_deadline(f"the formula {shown(text)}", lambda: _activation(text))


def _activation(text: str) -> Activation:
    """formula_activation() on text already checked, inside the deadline."""
    expression = _expression(text)
    if written_out_size(expression) > MAX_SIZE:
        raise InvalidValueError(f"formula is too large to differentiate quickly: max/min written out give "
                                f"{written_out_size(expression):,} nodes (at most {MAX_SIZE:,}); nest fewer")
    smooth = without_max_min(expression)
    derivative = sp.diff(smooth, X)
    if sp.count_ops(derivative) > MAX_SIZE:
        raise InvalidValueError(f"formula is too large to differentiate quickly: its derivative has "
                                f"{sp.count_ops(derivative):,} operations (at most {MAX_SIZE:,})")
    forward = _quiet(sp.lambdify(X, smooth, modules="numpy"))
    slope = _quiet(sp.lambdify(X, derivative, modules="numpy"))
    with np.errstate(all="ignore"):
        if np.iscomplexobj(sp.lambdify(X, smooth, modules="numpy")(PROBE)):
            raise InvalidValueError(f"formula must give real numbers for real x; {shown(name_of(text))} gives "
                                    "complex ones (a negative number to a fractional power?)")
    for what, values in (("formula", forward(PROBE)), ("formula's derivative", slope(PROBE))):
        if not np.any(np.isfinite(values)):
            raise InvalidValueError(f"{what} must be a finite number somewhere in [-4, 4]; "
                                    f"{shown(name_of(text))} is not")
    return Activation(name=name_of(text), forward=lambda net: forward(net),
                      derivative=lambda net, out: slope(net),
                      symbolic=lambda net: smooth.xreplace({X: net}), kinks=kinks_of(expression))


def name_of(text: str) -> str:
    """The formula's name: its tokens as typed, without comments or line breaks, one space where the
    text had any (`x/(1 + abs(x))  # softsign` -> `x/(1 + abs(x))`). `text` parses (parse_tree)."""
    parts, end = [], None
    for token in tokenize.generate_tokens(io.StringIO(text.strip()).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER,
                          tokenize.INDENT, tokenize.DEDENT):
            continue
        if end is not None and token.start != end:
            parts.append(" ")
        parts.append(token.string)
        end = token.end
    return "".join(parts)


def _quiet(function):
    """`function` computed in float64, returned in net's shape and float dtype (a constant comes back
    as one number otherwise), with NaN or inf where undefined (or beyond float32's range) and no
    NumPy warning."""
    def evaluate(net) -> np.ndarray:
        net = as_float(net)
        with np.errstate(all="ignore"):
            values = np.asarray(function(net.astype(np.float64)))
            if np.iscomplexobj(values):   # (-1)**x: NaN where the value is not real, never a ComplexWarning
                values = np.where(values.imag == 0, values.real, np.nan)
            values = values.astype(np.float64)
            return np.broadcast_to(values.astype(net.dtype), net.shape).copy()
    return evaluate


def activation_from_text(text: str) -> Activation:
    """A registered activation by name (sigmoid, tanh, relu, identity), else a formula in x."""
    if isinstance(text, str) and text.strip() in ACTIVATIONS:
        return ACTIVATIONS[text.strip()]
    if isinstance(text, str) and "x" not in text:
        raise InvalidValueError(f"activation must be one of {', '.join(ACTIVATIONS)} or a formula in x "
                                f"such as x/(1 + abs(x)); got {shown(text)}")
    return formula_activation(text)
