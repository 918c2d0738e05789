"""SymPy's gradients compiled to NumPy: one generated function, layer by layer, numerically stable.

lambdify writes the equations of symbolic/equations.py as straight-line Python, in the lecture's order
and names (here for the lecture's network):
    net_h1 = b1 + i1*w1 + i2*w2
    out_h1 = sigmoid_forward(net_h1)
    ...
    delta_o1 = dE_dout_o1*out_o1*(1 - out_o1)
    dE_dout_h1 = delta_o1*w5 + delta_o2*w7
    ...
    return [delta_h1*i1, ...]                     # dE_total/dw1, ...
Each group of equations goes through SymPy's common-subexpression elimination (cse), so no
expression is ever written out in full: a few hundred parameters compile in about a second.

Three rewrites keep the numbers finite where the textbook forms overflow, each an identity:
  - out = f(net) is computed by the activation's own NumPy forward (sigmoid without e^1000);
  - dout/dnet is written in out where SymPy can (1/(1 + e^-net) -> out*(1 - out), checked
    by SymPy to equal its derivative), not as e^-net / (1 + e^-net)^2, whose square overflows;
  - a loss that does not change when every output moves by the same amount (softmax
    cross-entropy, as SymPy checks) has its derivative taken at outputs minus the largest
    one, the log-sum-exp shift, so e^800 is never formed.
Non-goal: matching hand-written NumPy speed; this is for checking, not training.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp

from backprop_lessons.engine.activations import Activation
from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.engine.losses import Loss
from backprop_lessons.engine.network import Network
from backprop_lessons.engine.naming import parameter_vector
from backprop_lessons.symbolic.deadline import CHECK_SECONDS, DeadlineError, within_deadline
from backprop_lessons.symbolic.equations import Equations, SymbolicNetwork

INVERT_SECONDS = 1.0   # for writing an activation's slope in out (the lecture's 1/(1 + e^-net): 0.1 s)


@lru_cache(maxsize=64)
def slope_in_outputs(activation: Activation) -> tuple[sp.Expr, sp.Symbol, sp.Symbol]:
    """dout/dnet of `activation` as a SymPy expression in `out` where SymPy can write it so
    (1 - tanh(net)^2 -> 1 - out^2; e^-net / (1 + e^-net)^2 -> out*(1 - out), as the lecture
    writes it), else SymPy's derivative in `net`. Returns (expression, net, out). Writing it in
    out is a rewrite for stability, not needed for the answer: SymPy gets INVERT_SECONDS for it
    (1/(1 + e^-x)^3 would keep it busy for minutes), then the derivative in net is used."""
    net, out = sp.Symbol("net", real=True), sp.Symbol("out", real=True)
    forward = activation.symbolic(net)
    slope = sp.diff(forward, net)
    try:
        in_out = within_deadline("writing the slope in out", lambda: _in_outputs(forward, slope, net, out),
                                 INVERT_SECONDS)
    except DeadlineError:
        in_out = None
    return (slope if in_out is None else in_out), net, out


def _in_outputs(forward: sp.Expr, slope: sp.Expr, net: sp.Symbol, out: sp.Symbol) -> sp.Expr | None:
    """`slope` written in `out` = `forward` (checked by SymPy to be equal), or None."""
    in_out = slope.subs(forward, out)
    functions = forward.atoms(sp.Function)
    once = list(sp.preorder_traversal(forward)).count(net) == 1     # so SymPy can invert it quickly
    # e^(-0.37 net) or e^(-100 net) makes SymPy factor a polynomial of degree 100 for ever:
    # only small whole numbers (the logistic function's 1s) are worth inverting
    small = all(number.is_Integer and abs(number) <= 4 for number in forward.atoms(sp.Number))
    if in_out.has(net) and once and small and functions and all(isinstance(f, sp.exp) for f in functions):
        try:
            inverses = sp.solve(sp.Eq(out, forward), net)    # net as a function of out
        except NotImplementedError:                          # SymPy cannot invert it
            inverses = []
        if len(inverses) == 1:
            in_out = sp.simplify(slope.xreplace({net: inverses[0]}))
    if in_out.has(net) or sp.simplify(in_out.xreplace({out: forward}) - slope) != 0:
        return None
    return in_out


@lru_cache(maxsize=64)
def shift_invariant(loss: Loss, outputs: int) -> bool:
    """Whether E(out_1 + c, ..., out_n + c) = E(out_1, ..., out_n): SymPy shows that the
    derivatives sum to 0 (softmax cross-entropy), after a quick numeric look."""
    outs = sp.symbols(f"o1:{outputs + 1}", real=True)
    targets = sp.symbols(f"t1:{outputs + 1}", real=True)
    error = loss.symbolic(outs, targets)
    total = sp.Add(*(sp.diff(error, o) for o in outs))
    probe = {s: sp.Rational(k + 1, 2 * outputs + 1) for k, s in enumerate((*outs, *targets))}   # in (0, 1)
    try:
        if abs(float(total.xreplace(probe))) > 1e-12:
            return False
    except (TypeError, ValueError):    # not a real number at the probe
        return False
    return sp.cancel(sp.together(total)) == 0


def forward_functions(symbolic: SymbolicNetwork) -> tuple[list[sp.FunctionClass], dict[str, Callable]]:
    """Per layer, a SymPy function named after its activation (sigmoid_forward), and the
    namespace in which lambdify finds each name's NumPy forward."""
    functions: dict[Activation, sp.FunctionClass] = {}
    for activation in symbolic.activations:
        if activation not in functions:
            name = (activation.name if activation.name.isidentifier() else "activation") + "_forward"
            if name in (f.__name__ for f in functions.values()):   # two activations of one name
                name += f"_{len(functions) + 1}"
            functions[activation] = sp.Function(name, real=True)
    namespace = {f.__name__: activation.forward for activation, f in functions.items()}
    return [functions[a] for a in symbolic.activations], namespace


def numeric_steps(symbolic: SymbolicNetwork) -> list[Equations]:
    """The equations as compiled: symbolic.forward_steps and backward_steps with the three
    rewrites above (NumPy forwards, slopes in out, outputs shifted by their largest)."""
    s, groups = symbolic, []
    for layer, forward in enumerate(forward_functions(s)[0], start=1):
        nets, outs = s.nets[layer - 1], s.outs[layer]
        groups.append([(net, s.net_equation(layer, j)) for j, net in enumerate(nets)])   # net_h1 = w1*i1 + ...
        groups.append([(out, forward(net)) for out, net in zip(outs, nets)])            # out_h1 = sigmoid(net_h1)
    backward = s.backward(slope=lambda layer, j: _slope(s, layer, j))      # delta_o1 = ... out_o1*(1 - out_o1)
    if shift_invariant(s.loss, s.sizes[-1]):                               # dE_total/dout_o1 at out - out_max
        largest = sp.Symbol("out_max", real=True)
        shifted = {o: o - largest for o in s.outs[-1]}
        groups.append([(largest, sp.Max(*s.outs[-1]))])
        backward[0] = [(lhs, rhs.xreplace(shifted)) for lhs, rhs in backward[0]]
    return groups + backward


def _slope(symbolic: SymbolicNetwork, layer: int, j: int) -> sp.Expr:
    """dout/dnet of neuron j of `layer` as slope_in_outputs writes it: out_o1*(1 - out_o1)."""
    slope, net, out = slope_in_outputs(symbolic.activations[layer - 1])
    return slope.xreplace({net: symbolic.nets[layer - 1][j], out: symbolic.outs[layer][j]})


def compile_expressions(symbolic: SymbolicNetwork, expressions: Sequence[sp.Expr]) -> Callable[..., list]:
    """lambdify `expressions` (in any of the network's symbols except E_total) to one NumPy
    function of symbolic.arguments: the numeric_steps in order, each group through cse."""
    groups = numeric_steps(symbolic)

    def layered_cse(outputs: list[sp.Expr]) -> tuple[Equations, list[sp.Expr]]:
        """The assignments lambdify writes before `return outputs`, in the signature of sp.cse."""
        names = sp.numbered_symbols("cse")
        assignments = []
        for group in groups:
            shared, reduced = sp.cse([rhs for _, rhs in group], symbols=names)
            assignments += shared + [(lhs, rhs) for (lhs, _), rhs in zip(group, reduced)]
        shared, reduced = sp.cse(outputs, symbols=names)
        return assignments + shared, reduced

    namespace = forward_functions(symbolic)[1]
    return sp.lambdify(symbolic.arguments, list(expressions), modules=[namespace, "numpy"], cse=layered_cse)


def compile_gradient(symbolic: SymbolicNetwork) -> CompiledGradient:
    """Every parameter's dE_total/dparameter (dE/dw5 = delta_o1*out_h1), compiled into one function,
    within CHECK_SECONDS (DeadlineError past it)."""
    function = within_deadline(
        "SymPy's gradient of the network",
        lambda: compile_expressions(symbolic, [symbolic.gradient(p) for p in symbolic.parameters]), CHECK_SECONDS)
    return CompiledGradient(tuple(p.name for p in symbolic.parameters), symbolic, function)


@dataclass(frozen=True)
class CompiledGradient:
    """A lambdified NumPy function giving dE_total/dparameter for every parameter, with names."""

    names: tuple[str, ...]
    symbolic: SymbolicNetwork
    function: Callable[..., list]

    def __call__(self, network: Network, inputs, targets) -> np.ndarray:
        """Every gradient at `network`'s parameters, summed over the examples: shape (n_parameters,)."""
        wanted, got = self.symbolic.structure(), SymbolicNetwork.from_network(network).structure()
        if wanted != got:
            raise InvalidValueError(f"network must have the sizes, activations, loss and biases "
                                    f"it was compiled for, {wanted}; got {got}")
        inputs, targets = network.valid_data(inputs, targets)
        per_example = self.function(*parameter_vector(network), *inputs.T, *targets.T)
        return np.array([np.broadcast_to(g, inputs.shape[:1]).sum() for g in per_example])
