"""Fast training for small networks: straight-line Python generated from the network's structure.

The NumPy engine (network.py) spends most of a round of the lecture's 2-2-2 network in
NumPy's per-call overhead. Here the same round is written out as plain float arithmetic,
one line per quantity, under the lecture's names (engine/naming.py), and compiled once per
network structure. For the lecture's network the generated round reads like the slides:
    net_h1 = w1 * i1 + w2 * i2 + b1
    delta_o1 = error_o1 * (out_o1 * (1.0 - out_o1))      # delta_o1 = dE/dout_o1 * dout_o1/dnet_o1
    w5 = w5 - eta * (delta_o1 * out_h1)                 # w5+ = w5 - eta * dE/dw5
`training_source(network)` shows the code. Every operation is the engine's, in the
engine's order, so the numbers agree with Network.train to rounding (the tests check 1e-12).
The code is generated from the network's structure (sizes, activation and bias kinds),
never from text a user typed.
Non-goals: big networks (MAX_TERMS), losses other than the lecture's squared error, and
float32 (Python floats are float64).
"""
from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence

import numpy as np

from backprop_lessons.engine.errors import InvalidValueError, TrainingDivergedError, valid_choice, valid_count, valid_number
from backprop_lessons.engine.naming import neuron_names, parameter_slots
from backprop_lessons.engine.network import UPDATE_ORDERS, History, Network, valid_network

MAX_TERMS = 5_000   # weights x examples: past this, compiling the straight-line code takes too long

# Each activation as generated code: out = f(net), then dout/dnet as the engine computes it.
# The sigmoid takes the engine's two branches so e^x never overflows.
ACTIVATION_CODE: dict[str, tuple[str, str | None]] = {
    "sigmoid": ("{out} = 1.0 / (1.0 + exp(-{net})) if {net} >= 0.0 else (small := exp({net})) / (1.0 + small)",
                "({out} * (1.0 - {out}))"),                   # dout/dnet = out (1 - out)
    "tanh": ("{out} = tanh({net})", "(1.0 - {out} * {out})"),   # dout/dnet = 1 - out^2
    "relu": ("{out} = {net} if not {net} <= 0.0 else 0.0",        # NaN stays NaN, as in np.maximum
             "(1.0 if {net} > 0.0 else 0.0)"),
    "identity": ("{out} = {net}", None),                        # dout/dnet = 1: delta = dE/dout
}


class _Names:
    """Variable names of the generated code: the lecture's, with _e2, _e3 ... per example."""

    def __init__(self, network: Network, batch_size: int):
        self.sizes, self.neurons, self.batch_size = network.sizes, neuron_names(network), batch_size
        self.parameters = list(parameter_slots(network))   # weights row by row, then biases
        flat = iter(self.parameters)
        self.weights = [[[next(flat) for _ in range(w.shape[1])] for _ in range(w.shape[0])]
                        for w in network.weights]
        self.biases = [[next(flat)] * w.shape[0] if b.shape[0] == 1 else [next(flat) for _ in b]
                       for w, b in zip(network.weights, network.biases)]

    def value(self, kind: str, layer: int, j: int, example: int) -> str:
        """`net_h1`, `out_o2_e3`, ...; the outputs of layer 0 are the inputs `i1`, `i2`."""
        suffix = f"_e{example + 1}" if self.batch_size > 1 else ""
        name = self.neurons[layer][j]
        return f"{name}{suffix}" if layer == 0 and kind == "out" else f"{kind}_{name}{suffix}"


def _forward_lines(names: _Names, activations: list[str]) -> list[str]:
    """net = sum of w * out_below + b, then out = f(net), layer by layer, example by example."""
    lines = []
    for l, activation in enumerate(activations):
        for e in range(names.batch_size):
            for j in range(names.sizes[l + 1]):
                weights = names.weights[l][j]
                terms = " + ".join(f"{w} * {names.value('out', l, k, e)}" for k, w in enumerate(weights))
                net, out = names.value("net", l + 1, j, e), names.value("out", l + 1, j, e)
                lines.append(f"{net} = {terms} + {names.biases[l][j]}")
                lines.append(ACTIVATION_CODE[activation][0].format(net=net, out=out))
    return lines


def _loss_lines(names: _Names) -> list[str]:
    """E_total = 1/2 sum (target - out)^2; error_o1 = out_o1 - target_o1 is dE_total/dout_o1."""
    top = len(names.sizes) - 1
    errors = []
    lines = ["# E_total = sum of 1/2 (target - out)^2; error = dE_total/dout = -(target - out)"]
    for e in range(names.batch_size):
        for j in range(names.sizes[top]):
            error = names.value("error", top, j, e)
            lines.append(f"{error} = {names.value('out', top, j, e)} - {names.value('target', top, j, e)}")
            errors.append(f"{error} * {error}")
    return lines + [f"E_total = 0.5 * ({' + '.join(errors)})", "record(E_total)"]


def _delta_lines(names: _Names, layer: int, activation: str) -> list[str]:
    """delta = dE/dout * dout/dnet for the neurons of `layer` (1 = first hidden)."""
    lines = [f"# layer {layer}: delta = dE_total/dout * dout/dnet"]
    derivative = ACTIVATION_CODE[activation][1]
    for e in range(names.batch_size):
        for j in range(names.sizes[layer]):
            if layer == len(names.sizes) - 1:
                dE_dout = names.value("error", layer, j, e)
            else:   # dE/dout_h1 = delta_o1 * w5 + delta_o2 * w7: out_h1 feeds every neuron above
                above = names.weights[layer]
                dE_dout = "(" + " + ".join(f"{names.value('delta', layer + 1, i, e)} * {row[j]}"
                                           for i, row in enumerate(above)) + ")"
            net, out = names.value("net", layer, j, e), names.value("out", layer, j, e)
            factor = "" if derivative is None else " * " + derivative.format(net=net, out=out)
            lines.append(f"{names.value('delta', layer, j, e)} = {dE_dout}{factor}")
    return lines


def _update_lines(names: _Names, layer: int, update_biases: bool) -> list[str]:
    """w+ = w - eta * dE/dw with dE/dw5 = delta_o1 * out_h1 summed over examples; biases too if asked."""
    lines = [f"# layer {layer}: w+ = w - eta * dE_total/dw, dE_total/dw = delta * out_below"]
    examples = range(names.batch_size)
    for j, row in enumerate(names.weights[layer - 1]):
        for k, w in enumerate(row):
            gradient = " + ".join(f"{names.value('delta', layer, j, e)} * {names.value('out', layer - 1, k, e)}"
                                  for e in examples)
            lines.append(f"{w} = {w} - eta * ({gradient})")
    if update_biases:   # dE/db = the deltas summed over examples (and over the layer when shared)
        biases = names.biases[layer - 1]
        sums = [" + ".join(names.value("delta", layer, j, e) for e in examples) for j in range(names.sizes[layer])]
        sums = sums if names.batch_size == 1 else [f"({s})" for s in sums]
        for bias in dict.fromkeys(biases):
            terms = [s for s, b in zip(sums, biases) if b == bias]
            lines.append(f"{bias} = {bias} - eta * ({' + '.join(terms)})")
    return lines


def _backward_lines(names: _Names, activations: list[str], update_biases: bool, order: str) -> list[str]:
    """Deltas from the top layer down; "as_published" updates each layer before the layer below reads it."""
    lines, updates = [], []
    for layer in reversed(range(1, len(names.sizes))):
        lines += _delta_lines(names, layer, activations[layer - 1])
        if order == "as_published":
            lines += _update_lines(names, layer, update_biases)
        else:
            updates += _update_lines(names, layer, update_biases)
    return lines + updates


def _unpack(values: list[str], width: int) -> str:
    """`(i1, i2),` for one example, `(i1_e1, i2_e1), (i1_e2, i2_e2)` for two, `(i1,),` for one input."""
    rows = [", ".join(values[r:r + width]) + ("," if width == 1 else "") for r in range(0, len(values), width)]
    return ", ".join(f"({row})" for row in rows) + ("," if len(rows) == 1 else "")


def training_source(network: Network, batch_size: int = 1, *, update_biases: bool = False,
                    order: str = "correct") -> str:
    """The generated training function for `network` and `batch_size` examples, as Python text.

    It is `train(parameters, inputs, targets, iterations, eta) -> (parameters, losses)`,
    with parameters in names.parameter_slots order and losses[k] = E_total after k updates.
    """
    _check_structure(valid_network(network), valid_count("batch_size", batch_size, minimum=1))
    return _generate(network, batch_size, bool(update_biases), valid_choice("order", order, UPDATE_ORDERS))


def _generate(network: Network, batch_size: int, update_biases: bool, order: str) -> str:
    """training_source() on arguments already checked."""
    names = _Names(network, batch_size)
    activations = [a.name for a in network.activations]
    top = len(names.sizes) - 1
    inputs = [names.value("out", 0, k, e) for e in range(batch_size) for k in range(names.sizes[0])]
    targets = [names.value("target", top, j, e) for e in range(batch_size) for j in range(names.sizes[top])]
    forward = _forward_lines(names, activations) + _loss_lines(names)
    backward = _backward_lines(names, activations, update_biases, order)
    body = (["for _ in range(iterations):"] + ["    " + line for line in forward + backward]
            + ["# after the last update: one more forward pass for the final E_total"] + forward)
    return "\n".join([
        "def train(parameters, inputs, targets, iterations, eta):",
        f'    """Generated by benchmarks.fastpath: a {"-".join(map(str, names.sizes))} network '
        f'({", ".join(activations)}), order={order}, update_biases={update_biases}."""',
        f"    {', '.join(names.parameters)}, = parameters",
        f"    {_unpack(inputs, names.sizes[0])} = inputs",
        f"    {_unpack(targets, names.sizes[top])} = targets",
        "    losses = []",
        "    record = losses.append",
        *["    " + line for line in body],
        f"    return ({', '.join(names.parameters)},), losses",
    ]) + "\n"


def _check_structure(network: Network, batch_size: int) -> None:
    """Raise unless the straight-line code can train `network`: known activations, squared loss, small."""
    for l, activation in enumerate(network.activations):
        valid_choice(f"network.activations[{l}]", activation.name, ACTIVATION_CODE)
    valid_choice("network.loss", network.loss.name, ("squared",))
    valid_choice("network.dtype", network.dtype, ("float64",))   # the generated code computes in Python floats
    terms = batch_size * sum(w.size for w in network.weights)
    if terms > MAX_TERMS:
        raise InvalidValueError(f"network weights x examples must be at most {MAX_TERMS:,} for the fast path, "
                                f"got {terms:,}; use Network.train or sweep.py")


@functools.lru_cache(maxsize=64)
def _trainer(structure: tuple[tuple[int, ...], tuple[str, ...], tuple[bool, ...]], batch_size: int,
             update_biases: bool, order: str) -> Callable:
    """The compiled training function for a structure (sizes, activations, shared biases), made once."""
    sizes, activations, shared = structure
    blank = Network([np.zeros((n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])],
                    [np.zeros(1 if one else n) for n, one in zip(sizes[1:], shared)], list(activations))
    namespace = {"exp": math.exp, "tanh": math.tanh}
    exec(compile(_generate(blank, batch_size, update_biases, order), "<benchmarks.fastpath>", "exec"),
         namespace)
    return namespace["train"]


def train_fast(network: Network, inputs, targets, iterations: int, learning_rate: float, *,
               update_biases: bool = False, order: str = "correct") -> History:
    """Network.train, computed by straight-line generated code: same arguments, result and errors.

    Trains `network` in place and returns History(losses), losses[k] = E_total after k
    updates; raises TrainingDivergedError, with the network as it was at that round,
    when E_total stops being finite.
    """
    iterations = valid_count("iterations", iterations, maximum=10_000_000)
    learning_rate = valid_number("learning_rate", learning_rate, positive=True)
    inputs, targets = valid_network(network).valid_data(inputs, targets, need_targets=True)
    _check_structure(network, inputs.shape[0])
    structure = (tuple(network.sizes), tuple(a.name for a in network.activations),
                 tuple(b.shape[0] == 1 for b in network.biases))
    train = _trainer(structure, inputs.shape[0], bool(update_biases), valid_choice("order", order, UPDATE_ORDERS))
    start, data = _read_parameters(network), (inputs.tolist(), targets.tolist())
    parameters, losses = train(start, *data, iterations, learning_rate)
    losses = np.fromiter(losses, dtype=np.float64, count=iterations + 1)
    finite = np.isfinite(losses)
    if not finite.all():   # redo the rounds before the first non-finite E_total: Network.train stops there
        diverged = int(np.argmin(finite))
        _write_parameters(network, train(start, *data, diverged, learning_rate)[0])
        raise TrainingDivergedError(diverged, float(losses[diverged]), learning_rate)
    _write_parameters(network, parameters)
    return History(losses)


def _read_parameters(network: Network) -> list[float]:
    """Every weight (layer by layer, row by row), then every bias: names.parameter_slots order."""
    return [float(x) for array in network.weights + network.biases for x in array.ravel()]


def _write_parameters(network: Network, values: Sequence[float]) -> None:
    """Give the network new arrays holding `values`, in _read_parameters order (as Network.step does)."""
    values = iter(values)
    for arrays in (network.weights, network.biases):
        for l, array in enumerate(arrays):
            arrays[l] = np.reshape([next(values) for _ in range(array.size)], array.shape)
