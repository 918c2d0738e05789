"""Derivations of dE_total/dparameter for one example, three ways, in the lecture's notation.

    chain rule   dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5, and for a
                 hidden weight dE_total/dout_h1 summed over the neurons h1 feeds
    delta rule   dE_total/dw5 = delta_o1 * out_h1;  dE_total/dw1 = delta_h1 * i1 with
                 delta_h1 = (delta_o1*w5 + delta_o2*w7) * out_h1*(1 - out_h1)
    direct       SymPy differentiates E_total written out in full
Every factor is a SymPy derivative of one local equation (symbolic/equations.py), shown with its value
at the current parameters; the three results are then compared, symbolically when SymPy can
expand the difference to 0 quickly, and numerically always. Each line renders as text (the
command line's `derive`) or as LaTeX for IPython.display.Math and slides.
Non-goals: batches (a derivation is for one example; crosscheck.py handles batches).
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from backprop_lessons.symbolic.compiled import slope_in_outputs
from backprop_lessons.engine.agreement import AGREE, relative_error
from backprop_lessons.symbolic.deadline import DeadlineError, within_deadline
from backprop_lessons.symbolic.derivation_lines import Derivation, Line
from backprop_lessons.engine.budget import valid_budget_flag, within_budget
from backprop_lessons.engine.errors import InvalidValueError, cut
from backprop_lessons.lecture.example import lecture_data, lecture_network
from backprop_lessons.engine.network import Network, valid_network
from backprop_lessons.engine.notation import figure, full
from backprop_lessons.engine.naming import parameter_vector
from backprop_lessons.symbolic.equations import SymbolicNetwork

SHOW_OPS = 200    # show the direct derivative when it has at most this many operations
PROVE_OPS = 2000  # try the symbolic proof up to this size (the lecture's w1: 172; 4-8-8-3: 13,724)
PROVE_SECONDS = 3.0   # and for at most this long: sigmoid's exponentials can make SymPy's expand take minutes
NODE_WORK = 15_000_000   # ns of SymPy work per node of E_total written out (2-2-2-2-2: 250 nodes, 4-7 s)


class _Context:
    """What every section needs: the symbolic network, the values now, and the parameter."""

    def __init__(self, symbolic: SymbolicNetwork, values: dict[sp.Symbol, float], parameter: sp.Symbol):
        """Gather them, and find which layer and neurons the parameter feeds."""
        self.s, self.values, self.p = symbolic, values, parameter
        self.known = {s: sp.Float(v) for s, v in values.items()}
        self.layer, self.neurons = symbolic.fed_by(parameter)
        self.top = len(symbolic.sizes) - 1
        error, outs = symbolic.error_equation(), symbolic.outs[-1]
        # E_total = E_o1 + E_o2 when dE_total/dout_o1 involves out_o1 alone (not softmax)
        self.separable = all(sp.diff(error, o).free_symbols <= {o, *symbolic.targets} for o in outs)

    def value(self, expression: sp.Expr) -> float:
        """`expression` evaluated at the current parameters and example."""
        return float(expression.xreplace(self.known))

    def slope(self, layer: int, j: int) -> tuple[sp.Expr, float]:
        """dout/dnet of neuron j of `layer`, as shown (out_h1*(1 - out_h1)), and its value."""
        shown, net, out = slope_in_outputs(self.s.activations[layer - 1])
        shown = shown.xreplace({net: self.s.nets[layer - 1][j], out: self.s.outs[layer][j]})
        return shown, self.value(shown)


def _values(symbolic: SymbolicNetwork, network: Network, inputs: np.ndarray,
            targets: np.ndarray) -> dict[sp.Symbol, float]:
    """Every symbol's value for one example, computing each equation in turn with SymPy."""
    values = dict(zip(symbolic.arguments, map(float, [*parameter_vector(network), *inputs, *targets])))
    for group in symbolic.forward_steps + symbolic.backward_steps:
        known = {s: sp.Float(v) for s, v in values.items()}
        values.update({lhs: float(rhs.xreplace(known)) for lhs, rhs in group})
    return values


def _chain_rule(c: _Context) -> tuple[list[Line], float]:
    """dE_total/dp = dE_total/dout * dout/dnet * dnet/dp, summed over the neurons p feeds."""
    p, layer = c.p.name, c.layer
    paths = [f"dE_total/dout_{n} * dout_{n}/dnet_{n} * dnet_{n}/d{p}"
             for n in (c.s.label(layer, j) for j in c.neurons)]
    lines, products, total = [Line(f"dE_total/d{p}", (" + ".join(paths),))], [], 0.0
    for j in c.neurons:
        n = c.s.label(layer, j)
        # dE_total/dout_o1 = -(target_o1 - out_o1);  dE_total/dout_h1 = dE_o1/dout_h1 + dE_o2/dout_h1
        error_lines = _output_error(c, j) if layer == c.top else _hidden_sum(c, j)
        slope, slope_value = c.slope(layer, j)
        dnet = sp.diff(c.s.net_equation(layer, j), c.p)   # dnet_o1/dw5 = out_h1
        lines += [*error_lines, Line(f"dout_{n}/dnet_{n}", (slope,), slope_value),
                  Line(f"dnet_{n}/d{p}", () if dnet.is_number else (dnet,), c.value(dnet))]
        factors = (error_lines[-1].value, slope_value, c.value(dnet))
        products.append(" * ".join(figure(v) for v in factors))
        total += math.prod(factors)
    return lines + [Line(f"dE_total/d{p}", (" + ".join(products),), total)], total


def _output_error(c: _Context, j: int) -> list[Line]:
    """dE_total/dout_o1: SymPy's derivative of the loss, -(target_o1 - out_o1) for the lecture's."""
    dE_dout = sp.diff(c.s.error_equation(), c.s.outs[c.layer][j])
    return [Line(f"dE_total/dout_{c.s.label(c.layer, j)}", (_as_lecture_writes(c, j, dE_dout),),
                 c.value(dE_dout))]


def _as_lecture_writes(c: _Context, j: int, dE_dout: sp.Expr) -> sp.Expr:
    """-(target_o1 - out_o1) where SymPy wrote out_o1 - target_o1 (the squared error); else dE_dout as is."""
    out, target = c.s.outs[c.top][j], c.s.targets[j]
    if dE_dout != out - target:
        return dE_dout
    return sp.Mul(-1, sp.Add(target, -out, evaluate=False), evaluate=False)


def _hidden_sum(c: _Context, j: int) -> list[Line]:
    """dE_total/dout_h1 = sum over the neurons u that h1 feeds of dE_total/dnet_u * dnet_u/dout_h1.
    When u is an output and E_total = E_o1 + E_o2, the lecture calls the term dE_o1/dout_h1."""
    s, above = c.s, c.layer + 1
    n, lines, terms, figures, total = s.label(c.layer, j), [], [], [], 0.0
    for m in range(s.sizes[above]):
        u = s.label(above, m)
        delta = c.values[s.deltas[above - 1][m]]
        weight = sp.diff(s.net_equation(above, m), s.outs[c.layer][j])   # dnet_o1/dout_h1 = w5
        if above == c.top and c.separable:
            dE_dout_u, slope_u = c.values[s.dE_douts[above - 1][m]], c.slope(above, m)[1]
            lines.append(Line(f"dE_{u}/dnet_{u}", (f"dE_{u}/dout_{u} * dout_{u}/dnet_{u}",
                                                    f"{figure(dE_dout_u)} * {figure(slope_u)}"), delta))
            term, via = f"dE_{u}/dout_{n}", (f"dE_{u}/dnet_{u} * dnet_{u}/dout_{n}",)
        else:
            lines.append(Line(f"dE_total/dnet_{u}", (f"delta_{u}",), delta))
            term, via = f"dE_total/dnet_{u} * dnet_{u}/dout_{n}", ()
        lines.append(Line(f"dnet_{u}/dout_{n}", (weight,), c.value(weight)))
        lines.append(Line(term, (*via, f"{figure(delta)} * {figure(c.value(weight))}"), delta * c.value(weight)))
        terms.append(term)
        figures.append(figure(lines[-1].value))
        total += lines[-1].value
    return lines + [Line(f"dE_total/dout_{n}", (" + ".join(terms), " + ".join(figures)), total)]


def _delta_rule(c: _Context) -> tuple[list[Line], float]:
    """delta_o1 = dE_total/dnet_o1; then dE_total/dw5 = delta_o1 * out_h1, dE_total/dw1 = delta_h1 * i1."""
    s, lines, numbers = c.s, [], []
    for j in c.neurons:
        n, (slope, _) = s.label(c.layer, j), c.slope(c.layer, j)
        if c.layer == c.top:   # delta_o1 = -(target_o1 - out_o1) * out_o1*(1 - out_o1)
            dE_dout = _as_lecture_writes(c, j, sp.diff(s.error_equation(), s.outs[c.layer][j]))
            sides = (f"dE_total/dout_{n} * dout_{n}/dnet_{n}", _product(dE_dout, slope))
        else:                  # delta_h1 = (delta_o1*w5 + delta_o2*w7) * out_h1*(1 - out_h1)
            weighted = sp.Add(*(delta * sp.diff(s.net_equation(c.layer + 1, m), s.outs[c.layer][j])
                                for m, delta in enumerate(s.deltas[c.layer])))
            sides = (_product(weighted, slope),)
        delta = c.values[s.deltas[c.layer - 1][j]]
        lines.append(Line(f"delta_{n}", sides, delta))
        dnet = c.value(sp.diff(s.net_equation(c.layer, j), c.p))
        numbers.append(figure(delta) if dnet == 1 else f"{figure(delta)} * {figure(dnet)}")
    gradient = s.gradient(c.p)
    value = c.value(gradient)
    return lines + [Line(f"dE_total/d{c.p.name}", (gradient, " + ".join(numbers)), value)], value


def _direct(c: _Context) -> tuple[list[Line], float, sp.Expr]:
    """SymPy differentiates E_total written out in full in the parameters, inputs and targets."""
    direct = sp.diff(c.s.expand(c.s.error), c.p)
    operations = sp.count_ops(direct)
    if operations <= SHOW_OPS:
        line = Line(f"dE_total/d{c.p.name}", (direct,), c.value(direct))
    else:
        line = Line(f"dE_total/d{c.p.name}", (), c.value(direct), f"{operations:,} operations, too long to show")
    return [line], line.value, direct


def _symbolically_equal(c: _Context, direct: sp.Expr) -> bool | None:
    """True if SymPy expands (chain rule written out) - (direct) to 0; None if too large to try, if SymPy
    does not finish within PROVE_SECONDS (symbolic/deadline.py), or if it is not shown."""
    if sp.count_ops(direct) > PROVE_OPS:
        return None
    try:
        return within_deadline("the symbolic proof", lambda: _expands_to_zero(c, direct), PROVE_SECONDS)
    except DeadlineError:
        return None


def _expands_to_zero(c: _Context, direct: sp.Expr) -> bool | None:
    """True if SymPy expands (chain rule written out) - (direct) to 0, else None."""
    s, layer = c.s, c.layer
    chain = sp.Add(*(s.dE_douts[layer - 1][j] * sp.diff(s.out_equation(layer, j), s.nets[layer - 1][j])
                     * sp.diff(s.net_equation(layer, j), c.p) for j in c.neurons))
    return True if sp.expand(s.expand(chain) - direct) == 0 else None


def _agreement(chain: float, delta: float, direct: float, symbolic: bool | None) -> list[Line]:
    """How far apart the three results are, numerically always and symbolically when shown."""
    results = (chain, delta, direct)
    largest = max(relative_error(a, b) for a in results for b in results)
    verdict = f"< {AGREE:g}: they agree" if largest < AGREE else f">= {AGREE:g}: they DISAGREE"
    proof = ("symbolically: SymPy expands (chain rule) - (direct) to 0" if symbolic else
             "symbolically: not shown (too large for SymPy to expand quickly, or it did not reduce to 0)")
    numbers = ", ".join(f"{name} {full(v)}" for name, v in zip(("chain rule", "delta rule", "direct"), results))
    numerically = f"numerically: {numbers}; largest relative error {largest:.1e} {verdict}"
    return [Line("", note=proof), Line("", note=numerically)]


def _product(*factors: sp.Expr) -> sp.Expr:
    """The product as written, unevaluated: (delta_o1*w5 + delta_o2*w7) * out_h1*(1 - out_h1)."""
    return sp.Mul(*(a for f in factors for a in (f.args if isinstance(f, sp.Mul) else (f,))), evaluate=False)


def written_out_size(sizes: list[int]) -> int:
    """Nodes of E_total written out in full for layer `sizes` (out = f(sum of w*out below + b),
    each neuron's expression repeated wherever it is used): the size SymPy differentiates."""
    size = 1                                 # an input i1
    for n_in in sizes[:-1]:
        size = n_in * (size + 2) + 3         # out = f(w1*out1 + ... + b): n_in products, a sum, f
    return sizes[-1] * (size + 4)            # E_total = sum of 1/2 (target - out)^2


def derive(parameter: str, network: Network | None = None, inputs=None, targets=None, *,
           budget: bool = True) -> Derivation:
    """Every form of dE_total/dparameter for one example: inputs (n_0,) or (1, n_0), targets
    likewise. By default the lecture's network, and its example when neither is given.
    SymPy's work grows with E_total written out in full; beyond the classroom budget
    (engine/budget.py) the derivation is refused unless budget=False."""
    network = lecture_network() if network is None else valid_network(network)
    if inputs is None and targets is None:
        if network.sizes != [2, 2, 2]:
            raise InvalidValueError("inputs and targets must be given for a network other than the lecture's")
        inputs, targets = lecture_data()
    elif inputs is None or targets is None:
        raise InvalidValueError(f"inputs and targets must be given together; got only "
                                f"{'inputs' if targets is None else 'targets'}")
    symbolic = SymbolicNetwork.from_network(network)
    p = symbolic.parameter(parameter)
    inputs, targets = network.valid_data(inputs, targets, need_targets=True)
    within_budget(f"deriving {p.name} for sizes {cut(','.join(map(str, network.sizes)))}",
                  budget=valid_budget_flag(budget), work=NODE_WORK * written_out_size(network.sizes))
    if inputs.shape[0] != 1:
        raise InvalidValueError(f"inputs must hold one example for a derivation, got {inputs.shape[0]}")
    c = _Context(symbolic, _values(symbolic, network, inputs[0], targets[0]), p)
    chain_lines, chain = _chain_rule(c)
    delta_lines, delta = _delta_rule(c)
    direct_lines, direct, expression = _direct(c)
    symbolic_equal = _symbolically_equal(c, expression)
    sections = (("Chain rule", tuple(chain_lines)), ("Delta rule", tuple(delta_lines)),
                ("Direct: SymPy differentiates the error written out in full", tuple(direct_lines)),
                ("Agreement", tuple(_agreement(chain, delta, direct, symbolic_equal))))
    return Derivation(parameter, sections, chain, delta, direct, symbolic_equal)


def derivation_report(parameter: str, *, latex: bool = False, network: Network | None = None,
                      inputs=None, targets=None, budget: bool = True) -> str:
    """`derive PARAM [--latex]`: the derivation as text, or as LaTeX lines (one per line)."""
    derivation = derive(parameter, network, inputs, targets, budget=budget)
    return "\n".join(derivation.latex()) if latex else derivation.text()
