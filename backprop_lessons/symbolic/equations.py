"""The network of network.py in SymPy: symbols, one local equation per neuron, and
gradients that SymPy derives layer by layer (compiled.py compiles them to NumPy).

What it is for: letting SymPy, not a hand, do the calculus, so that the hand-written
backprop of network.py can be checked against it (crosscheck.py) and every step shown in
the lecture's notation (derivation.py).

Like the lecture, it works through intermediate symbols: net_h1 = w1*i1 + w2*i2 + b1 and
out_h1 = f(net_h1) are separate equations, and every derivative SymPy takes is of one such
local equation (dnet_o1/dw5 = out_h1). E_total written out in full would, for a network of
a few hundred parameters, be too large to differentiate and compile quickly; layer by layer
it is not.

Names come from engine/naming.py, as everywhere: w1..w8, b1, b2 and h1, o1 in the lecture's
network; w_2_1_3, b_2 and h2_1 style otherwise; one order, all weights then all biases.
Non-goals: SymPy speed beyond a few hundred parameters; numeric speed (see network.py).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property

import sympy as sp

from backprop_lessons.engine.activations import Activation, get_activation
from backprop_lessons.engine.errors import InvalidValueError, valid_count, shown
from backprop_lessons.engine.losses import Loss, get_loss
from backprop_lessons.engine.naming import layer_neuron_names, slot_names
from backprop_lessons.engine.network import Network

Equations = list[tuple[sp.Symbol, sp.Expr]]   # [(net_h1, w1*i1 + w2*i2 + b1), ...]


def _symbol(name: str) -> sp.Symbol:
    """A real SymPy symbol (so that d|x|/dx is sign(x), not a complex expression)."""
    return sp.Symbol(name, real=True)


def _checked(sizes, activations, shared_bias) -> tuple[list[int], list[Activation], list[bool]]:
    """Layer sizes, one activation and one bias flag per layer, checked like Network's."""
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        raise InvalidValueError(f"sizes must list at least 2 layer sizes, got {shown(sizes)}")
    sizes = [valid_count(f"sizes[{l}]", n, minimum=1, maximum=4096) for l, n in enumerate(sizes)]
    layers = len(sizes) - 1
    if isinstance(activations, (str, Activation)):
        activations = [activations] * layers
    if isinstance(shared_bias, bool):
        shared_bias = [shared_bias] * layers
    for name, given in (("activations", activations), ("shared_bias", shared_bias)):
        if len(given) != layers:
            raise InvalidValueError(f"{name} must give {layers} layers, got {len(given)}")
    # one neuron's own bias is its layer's only bias, so call it shared (as Network's shape (1,) does)
    shared = [bool(s) or n == 1 for s, n in zip(shared_bias, sizes[1:])]
    return sizes, [get_activation(a) for a in activations], shared


class SymbolicNetwork:
    """Holds a network's symbols and the local equation of every neuron and of E_total."""

    def __init__(self, sizes: Sequence[int], activations: str | Activation | Sequence[str | Activation],
                 loss: str | Loss, shared_bias: bool | Sequence[bool]):
        """Symbols for layer `sizes` (inputs first); shared_bias[l-1] gives layer l one bias."""
        self.sizes, self.activations, self.shared_bias = _checked(sizes, activations, shared_bias)
        self.loss = get_loss(loss)
        layers = range(1, len(self.sizes))
        self.names = layer_neuron_names(self.sizes)
        self.inputs = [_symbol(name) for name in self.names[0]]
        # weights[l-1][j][k] and biases[l-1][j] are laid out as Network.weights, Network.biases.
        self.weights = [[[None] * self.sizes[l - 1] for _ in range(self.sizes[l])] for l in layers]
        self.biases = [[None] * (1 if shared else self.sizes[l]) for l, shared in zip(layers, self.shared_bias)]
        self.parameters = []   # in engine/naming.py's one order
        for name, slot in slot_names(self.sizes, self.shared_bias).items():
            row = getattr(self, slot.kind)[slot.layer]
            (row[slot.index[0]] if slot.kind == "weights" else row)[slot.index[-1]] = _symbol(name)
            self.parameters.append(_symbol(name))
        self.nets, self.deltas, self.dE_douts = ([self._neuron_symbols(kind, l) for l in layers]
                                                 for kind in ("net", "delta", "dE_dout"))
        self.outs = [self.inputs] + [self._neuron_symbols("out", l) for l in layers]   # outs[0] = inputs
        self.targets = [_symbol(f"target_{self.label(len(self.sizes) - 1, j)}") for j in range(self.sizes[-1])]
        self.error = _symbol("E_total")

    def structure(self) -> tuple:
        """Sizes, activation names, loss name and bias sharing: what a compiled function fits."""
        return self.sizes, [a.name for a in self.activations], self.loss.name, self.shared_bias

    @classmethod
    def from_network(cls, network: Network) -> SymbolicNetwork:
        """The symbolic twin of a NumPy Network: same sizes, activations, loss and biases."""
        return cls(network.sizes, network.activations, network.loss,
                   [b.shape[0] == 1 for b in network.biases])

    def label(self, layer: int, j: int) -> str:
        """Neuron j (from 0) of `layer` (from 1): h1, o2, h2_1 (engine/naming.py)."""
        return self.names[layer][j]

    def _neuron_symbols(self, kind: str, layer: int) -> list[sp.Symbol]:
        """One symbol per neuron of `layer`: net_h1, net_h2, or out_h2_1, out_h2_2, ..."""
        return [_symbol(f"{kind}_{self.label(layer, j)}") for j in range(self.sizes[layer])]

    def bias(self, layer: int, j: int) -> sp.Symbol:
        """The bias added into neuron j of `layer`: the layer's shared one, or the neuron's own."""
        row = self.biases[layer - 1]
        return row[0] if len(row) == 1 else row[j]

    def net_equation(self, layer: int, j: int) -> sp.Expr:
        """net_h1 = w1*i1 + w2*i2 + b1*1: the weighted sum into neuron j of `layer`."""
        weights, below = self.weights[layer - 1][j], self.outs[layer - 1]
        return sp.Add(*(w * out for w, out in zip(weights, below))) + self.bias(layer, j)

    def out_equation(self, layer: int, j: int) -> sp.Expr:
        """out_h1 = f(net_h1), with f the layer's activation in SymPy form."""
        return self.activations[layer - 1].symbolic(self.nets[layer - 1][j])

    def error_equation(self) -> sp.Expr:
        """E_total in the output symbols: 1/2 (target_o1 - out_o1)^2 + 1/2 (target_o2 - out_o2)^2."""
        return self.loss.symbolic(self.outs[-1], self.targets)

    def parameter(self, name: str) -> sp.Symbol:
        """The parameter called `name`, or an error that lists the valid names."""
        found = {s.name: s for s in self.parameters}
        if name not in found:
            names = list(found)
            listed = ", ".join(names if len(names) <= 24 else names[:12] + ["..."] + names[-4:])
            raise InvalidValueError(f"parameter must be one of {listed} ({len(names)} in all); got {shown(name)}")
        return found[name]

    def fed_by(self, parameter: sp.Symbol) -> tuple[int, list[int]]:
        """The layer whose net inputs `parameter` enters, and which of its neurons (a shared bias: all)."""
        for layer in range(1, len(self.sizes)):
            neurons = [j for j in range(self.sizes[layer]) if self.net_equation(layer, j).has(parameter)]
            if neurons:
                return layer, neurons
        raise InvalidValueError(f"parameter must be a weight or bias of this network, got {parameter}")

    @cached_property
    def forward_steps(self) -> list[Equations]:
        """The forward pass as groups of equations, layer by layer: nets, outs, and last E_total."""
        groups = []
        for layer in range(1, len(self.sizes)):
            neurons = range(self.sizes[layer])
            groups.append([(self.nets[layer - 1][j], self.net_equation(layer, j)) for j in neurons])
            groups.append([(self.outs[layer][j], self.out_equation(layer, j)) for j in neurons])
        return groups + [[(self.error, self.error_equation())]]

    def backward(self, slope: Callable[[int, int], sp.Expr] | None = None) -> list[Equations]:
        """Backprop as groups of equations from the output layer down, each a SymPy derivative
        of one local equation; `slope(layer, j)` may write dout/dnet another way (compiled.py):
            dE_total/dout_o1 = d E_total / d out_o1                      (the loss)
            delta_o1         = dE_total/dout_o1 * d out_o1 / d net_o1    (the activation)
            dE_total/dout_h1 = delta_o1 * dnet_o1/dout_h1 + delta_o2 * dnet_o2/dout_h1
                             = delta_o1*w5 + delta_o2*w7                 (the weighted sums)
        """
        slope = slope or (lambda layer, j: sp.diff(self.out_equation(layer, j), self.nets[layer - 1][j]))
        error = self.error_equation()
        groups = [[(self.dE_douts[-1][j], sp.diff(error, out)) for j, out in enumerate(self.outs[-1])]]
        for layer in range(len(self.sizes) - 1, 0, -1):
            groups.append([(delta, self.dE_douts[layer - 1][j] * slope(layer, j))
                           for j, delta in enumerate(self.deltas[layer - 1])])
            if layer > 1:
                groups.append([(self.dE_douts[layer - 2][k],
                                sp.Add(*(delta * sp.diff(self.net_equation(layer, j), out)
                                         for j, delta in enumerate(self.deltas[layer - 1]))))
                               for k, out in enumerate(self.outs[layer - 1])])
        return groups

    @cached_property
    def backward_steps(self) -> list[Equations]:
        """backward() with SymPy's derivatives as they come: e^-net / (1 + e^-net)^2 for a sigmoid."""
        return self.backward()

    def gradient(self, parameter: sp.Symbol) -> sp.Expr:
        """dE_total/dparameter in delta symbols: dE/dw5 = delta_o1 * dnet_o1/dw5 = delta_o1*out_h1."""
        layer, neurons = self.fed_by(parameter)
        return sp.Add(*(self.deltas[layer - 1][j] * sp.diff(self.net_equation(layer, j), parameter)
                        for j in neurons))

    def expand(self, expression: sp.Expr) -> sp.Expr:
        """`expression` with every intermediate symbol replaced by its equation, down to the
        parameters, inputs and targets (large for big networks: for derivations of small ones).
        With piecewise activations (ReLU's Max) SymPy's automatic evaluation is switched off:
        it would compare huge expressions at every Max."""
        probe = _symbol("net")
        piecewise = any(a.symbolic(probe).has(sp.Max, sp.Min, sp.Abs, sp.Heaviside) for a in self.activations)
        with sp.evaluate(not piecewise):
            for group in reversed(self.forward_steps + self.backward_steps):
                expression = expression.xreplace(dict(group))
        return expression

    @property
    def arguments(self) -> list[sp.Symbol]:
        """The arguments of compiled functions: parameters, then inputs, then targets."""
        return [*self.parameters, *self.inputs, *self.targets]
