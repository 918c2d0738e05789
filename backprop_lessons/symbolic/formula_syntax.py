"""A typed formula's text checked and parsed into Python's syntax tree, which runs nothing.

The first half of reading a formula (symbolic/formula.py builds SymPy from the tree): what
is allowed (numbers, x, + - * / **, parentheses and the FUNCTIONS below), what is refused and
how the refusal reads, and the limits on length and nesting that keep the parse small.
Non-goal: evaluation of any kind; nothing here calls eval, sympify or parse_expr.
"""
from __future__ import annotations

import ast
import itertools
import operator
import warnings
from collections.abc import Callable

import sympy as sp

from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError, shown

MAX_LENGTH = 200     # characters
MAX_DEPTH = 30       # levels of the syntax tree

FUNCTIONS: dict[str, Callable[..., sp.Expr]] = {
    "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "abs": sp.Abs,
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "tanh": sp.tanh, "sinh": sp.sinh, "cosh": sp.cosh,
    "atan": sp.atan, "sigmoid": lambda a: 1 / (1 + sp.exp(-a)), "relu": lambda a: sp.Max(0, a),
    "softplus": lambda a: sp.log(1 + sp.exp(a)), "max": sp.Max, "min": sp.Min,
}
ARITY = {name: 2 if name in ("max", "min") else 1 for name in FUNCTIONS}
OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
             ast.Div: operator.truediv, ast.Pow: operator.pow}
REFUSED = {ast.Attribute: "attribute access", ast.Subscript: "subscripts", ast.Lambda: "lambdas",
           ast.Compare: "comparisons", ast.BoolOp: "and/or", ast.IfExp: "if-else",
           ast.Starred: "starred arguments", ast.JoinedStr: "f-strings", ast.NamedExpr: "the := operator",
           ast.Tuple: "tuples", ast.List: "lists", ast.Dict: "dicts", ast.Set: "sets",
           ast.ListComp: "comprehensions", ast.GeneratorExp: "comprehensions", ast.Await: "await",
           ast.BitXor: "^ (write powers as x**2)", ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@",
           ast.BitOr: "|", ast.BitAnd: "&", ast.LShift: "<<", ast.RShift: ">>", ast.Invert: "~",
           ast.Not: "not"}


def refuse(what: str) -> InvalidValueError:
    """The one-line error for a formula that uses something not allowed."""
    return InvalidValueError(f"formula may not use {what}; allowed: numbers, x, + - * / **, "
                             f"parentheses and {', '.join(FUNCTIONS)}")


def valid_text(text: object) -> str:
    """The formula text, if it is a string of allowed length without underscores."""
    if not isinstance(text, str):
        raise InvalidTypeError(f"formula must be text, got {type(text).__name__}")
    if not text.strip():
        raise InvalidValueError("formula must not be empty")
    if len(text) > MAX_LENGTH:
        raise InvalidValueError(f"formula must be at most {MAX_LENGTH} characters, got {len(text)}")
    if "_" in text:
        raise refuse("underscores")
    parentheses = max(itertools.accumulate((c == "(") - (c == ")") for c in text))
    if parentheses > MAX_DEPTH:
        raise InvalidValueError(f"formula may nest at most {MAX_DEPTH} parentheses deep, got {parentheses}")
    return text


def parse_tree(text: str) -> ast.expr:
    """Python's syntax tree of `text` as one expression (parsing runs nothing). A warning of
    the parser (`1in x`: "invalid decimal literal") refuses the text rather than printing."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError, Warning) as error:
        raise InvalidValueError(f"formula is not a valid expression: {shown(text)} "
                                f"({type(error).__name__}: {getattr(error, 'msg', error)})") from None
    depth = _depth(tree.body)
    if depth > MAX_DEPTH:
        raise InvalidValueError(f"formula may nest at most {MAX_DEPTH} levels deep, got {depth}")
    return tree.body


def _depth(node: ast.AST) -> int:
    """How many levels the syntax tree below `node` has (iteratively, so no recursion limit)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest
