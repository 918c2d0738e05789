"""The gradient check: every parameter's dE_total/dparameter three ways, side by side.

    (a) SymPy       the compiled derivative of symbolic/equations.py (SymPy differentiates each local equation)
    (b) backprop    Network.backward, with the hand-written derivatives of activations.py, losses.py
    (c) finite      (E(p + h) - E(p - h)) / 2h in float64, from the forward pass alone
        differences
When all three agree, the hand derivatives are right. Run it after every change (fastai's
habit), not once.

Agreement is CS231n's relative error |a - b| / max(|a|, |b|) below 1e-7, with two refinements:
both zero agree; and the denominator is never below the smallest gradient the comparison can
resolve, so that two gradients both within rounding of zero agree, as two zeros do:
  - SymPy and backprop compute the same sums in another order; they are allowed
    ROUNDING * eps times the largest quantity in play (E_total, 1, or the largest gradient).
  - (E(p + h) - E(p - h)) / 2h, with h = 1e-6 * max(1, |p|), is uncertain by the rounding of
    E divided by h: about eps * max(|E|, 1) / h, or more where the loss amplifies rounding
    (log(1 - out) for out near 1). We measure it as well: the same difference with step 2h
    differs from the first by about that rounding (the truncation error, about h^2, is far
    smaller). ROUNDING times the larger of the two is allowed.
Kinks: where p - 2h .. p + 2h put some net input on both sides of a kink of its activation (ReLU at
0), the finite difference is no derivative at all (CS231n: "kinks in the objective"); such
a row is reported as "kink", not as a failure, and so is every row when a net input sits
exactly on a kink (SymPy's Heaviside(0) is 1/2, backprop's ReLU slope there is 0).
Undefined: an activation undefined at the net inputs reached (log(x) or sqrt(x) of a negative
net input, 1/x at 0) or arithmetic that overflows makes some gradient inf or NaN; that is the
activation's domain, not a wrong derivative, so the check stops with NotFiniteError saying
where, and the command line exits with its own code (3), not the disagreement's (1).
Budget: SymPy's work grows with the square of the parameters and with the layers, the finite
differences with parameters x examples x parameters; both are estimated before anything runs
(engine/budget.py), and a check beyond the budget is refused unless budget=False.
Non-goal: speed (each parameter costs four forward passes).
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from backprop_lessons.engine.activations import Activation, get_activation
from backprop_lessons.engine.budget import valid_budget_flag, forward_work, parameter_count, within_budget
from backprop_lessons.engine.errors import InvalidValueError, NotFiniteError, valid_count, valid_flag, cut, shown
from backprop_lessons.engine.losses import Loss, get_loss
from backprop_lessons.engine.agreement import AGREE, relative_error
from backprop_lessons.engine.network import QUIET, Forward, Network, valid_network, valid_sizes
from backprop_lessons.symbolic.formula import activation_from_text
from backprop_lessons.symbolic.compiled import compile_gradient
from backprop_lessons.engine.naming import gradient_vector, parameter_slots
from backprop_lessons.symbolic.equations import SymbolicNetwork

STEP = 1e-6         # finite-difference step h, scaled by max(1, |p|)
ROUNDING = 16       # comparisons allow ROUNDING times the estimated rounding (see above)
SYMPY_PER_PARAMETER_PAIR = 25_000   # ns: SymPy's work grows as parameters^2 (430 parameters: 3 s)
SYMPY_PER_LAYER = 40_000_000        # ns: and by this much per layer (60 one-neuron layers: 2.4 s)


@dataclass(frozen=True)
class FiniteDifferences:
    """Central differences for every parameter: the gradient, its resolution, and kink crossings."""

    gradient: np.ndarray     # (E(p + h) - E(p - h)) / 2h, shape (n_parameters,)
    resolution: np.ndarray   # the smallest gradient it resolves to 1e-7, shape (n_parameters,)
    kinks: np.ndarray        # True where p +- 2h moved a net input across a kink, shape (n_parameters,)


def _on_both_sides(network: Network, forwards: list[Forward]) -> bool:
    """Whether some net input is on different sides of (or on) a kink in these forward passes."""
    for layer, activation in enumerate(network.activations):
        for kink in activation.kinks:
            sides = [np.sign(forward.nets[layer] - kink) for forward in forwards]
            if any(np.any(side == 0) or np.any(side != sides[0]) for side in sides):
                return True
    return False


def _difference(network: Network, array: np.ndarray, index: tuple, inputs: np.ndarray,
                targets: np.ndarray, step: float) -> tuple[float, float, bool]:
    """The central difference for the parameter array[index] of `network`, its resolution, and
    whether it crossed a kink. The parameter is moved and put back."""
    p = array[index]
    h = step * max(1.0, abs(p))
    forwards, errors = [], {}
    for k in (-2, -1, 1, 2):
        array[index] = p + k * h
        forwards.append(network._forward(inputs))
        errors[k] = network.loss.value(forwards[-1].outs[-1], targets)
    array[index] = p
    central = (errors[1] - errors[-1]) / (2 * h)     # CS231n's centred difference
    wider = (errors[2] - errors[-2]) / (4 * h)       # the same with step 2h
    kink = _on_both_sides(network, forwards)
    rounding = np.finfo(float).eps * max(abs(errors[1]), abs(errors[-1]), 1.0) / h
    if not kink:
        rounding = max(rounding, abs(central - wider))
    return central, ROUNDING * rounding / AGREE, kink


def in_float64(network: Network) -> Network:
    """`network` itself, or a float64 copy of a float32 one: the check is made in float64."""
    if getattr(network, "dtype", "float64") == "float64":
        return network
    return Network._built([w.astype(np.float64) for w in network.weights],
                          [b.astype(np.float64) for b in network.biases], network.activations, network.loss,
                          "float64")


def finite_differences(network: Network, inputs, targets, step: float = STEP) -> FiniteDifferences:
    """dE_total/dp ~ (E(p + h) - E(p - h)) / 2h for every parameter p, h = step * max(1, |p|)."""
    moved = in_float64(network).copy()
    inputs, targets = moved.valid_data(inputs, targets, need_targets=True)
    with np.errstate(**QUIET):
        return _finite_differences(moved, inputs, targets, step)


def _finite_differences(moved: Network, inputs: np.ndarray, targets: np.ndarray, step: float) -> FiniteDifferences:
    """finite_differences() on a float64 copy and data already checked."""
    results = [_difference(moved, getattr(moved, slot.kind)[slot.layer], slot.index, inputs, targets, step)
               for slot in parameter_slots(moved).values()]   # engine/naming.py's one order
    gradient, resolution, kinks = (np.array(column) for column in zip(*results))
    return FiniteDifferences(gradient, resolution, kinks.astype(bool))


@dataclass(frozen=True)
class GradientRow:
    """One parameter's gradient three ways, their relative errors and the verdict."""

    parameter: str
    sympy: float
    backprop: float
    finite_difference: float
    error_backprop: float            # relative error, SymPy vs backprop
    error_finite_difference: float   # relative error, SymPy vs finite differences
    kink: bool                       # a net input crossed or sat on a kink, so (c) is no derivative

    @property
    def status(self) -> str:
        """The verdict: agrees, kink (disagrees only where (c) crossed a kink) or disagrees."""
        if self.error_backprop < AGREE and self.error_finite_difference < AGREE:
            return "agrees"
        return "kink" if self.kink else "disagrees"


@dataclass(frozen=True)
class CrossCheck:
    """A three-way gradient check of one network on one data set: a GradientRow per parameter."""

    rows: tuple[GradientRow, ...]
    description: str

    @property
    def all_agree(self) -> bool:
        """True when no row disagrees (rows at a kink do not count against it)."""
        return all(row.status != "disagrees" for row in self.rows)

    @property
    def disagreeing(self) -> list[str]:
        """The names of the parameters whose gradients disagree."""
        return [row.parameter for row in self.rows if row.status == "disagrees"]

    def table(self) -> str:
        """The check as a text table, one row per parameter, and a one-line verdict."""
        header = (f"{'parameter':<12}{'SymPy':>18}{'backprop':>18}{'finite diff.':>18}"
                  f"{'rel.err bp':>12}{'rel.err fd':>12}  status")
        lines = [self.description, header]
        for r in self.rows:
            lines.append(f"{r.parameter:<12}{r.sympy:>18.10e}{r.backprop:>18.10e}{r.finite_difference:>18.10e}"
                         f"{r.error_backprop:>12.1e}{r.error_finite_difference:>12.1e}  {r.status}")
        return "\n".join(lines + [self.verdict()])

    def verdict(self) -> str:
        """One line: all agree, or which parameters disagree; and how many rows sit at a kink."""
        kinks = sum(r.status == "kink" for r in self.rows)
        verdict = (f"all {len(self.rows)} parameters agree (relative error < {AGREE:g})" if self.all_agree
                   else f"{len(self.disagreeing)} of {len(self.rows)} disagree: {', '.join(self.disagreeing)}")
        return verdict + (f"; {kinks} at a kink" if kinks else "")

    def to_json(self) -> str:
        """The check as JSON: description, threshold, all_agree, and every row with its status."""
        rows = [{**{k: (v if not isinstance(v, float) or math.isfinite(v) else None)
                    for k, v in asdict(row).items()}, "status": row.status} for row in self.rows]
        return json.dumps({"description": self.description, "threshold": AGREE,
                           "all_agree": self.all_agree, "rows": rows}, indent=2)


def crosscheck_work(sizes: Sequence[int], examples: int) -> float:
    """ns a cross-check of a network of `sizes` on `examples` examples takes: SymPy, then four
    forward passes per parameter (see the module's docstring)."""
    parameters = parameter_count(sizes)
    sympy = SYMPY_PER_PARAMETER_PAIR * parameters**2 + SYMPY_PER_LAYER * (len(sizes) - 1)
    return sympy + 5 * parameters * forward_work(sizes, examples)


def crosscheck(network: Network, inputs, targets, *, budget: bool = True) -> CrossCheck:
    """Every parameter's gradient from SymPy, backprop and finite differences, compared (in float64).

    Raises NotFiniteError where the activation or loss is undefined or not finite at the values
    reached, and BudgetExceededError for a check beyond the classroom budget unless budget=False."""
    network = in_float64(valid_network(network))
    inputs, targets = network.valid_data(inputs, targets, need_targets=True)
    within_budget(f"a cross-check of sizes {cut(','.join(map(str, network.sizes)))} on {inputs.shape[0]:,} examples",
                  budget=valid_budget_flag(budget), work=crosscheck_work(network.sizes, inputs.shape[0]))
    with np.errstate(**QUIET):
        return _crosscheck(network, inputs, targets)


def _defined(network: Network, forward: Forward, targets: np.ndarray) -> None:
    """Raise NotFiniteError unless every activation, its derivative and E_total are finite here."""
    for layer, activation in enumerate(network.activations):
        net, out = forward.nets[layer], forward.outs[layer + 1]
        bad = ~(np.isfinite(out) & np.isfinite(activation.derivative(net, out)))
        if bad.any():
            raise NotFiniteError(f"activation {shown(activation.name)} is undefined or not finite at the net "
                                 f"inputs reached (layer {layer + 1}, net = {float(net[bad][0]):.6g}), so its "
                                 "gradients cannot be checked there; use one defined for every net input")
    error = network.loss.value(forward.outs[-1], targets)
    if not np.isfinite(error):
        raise NotFiniteError(f"E_total is not finite ({error}) for loss {network.loss.name} at the outputs "
                             "reached, so its gradients cannot be checked there")


def _crosscheck(network: Network, inputs: np.ndarray, targets: np.ndarray) -> CrossCheck:
    """crosscheck() on a float64 network and data already checked, within the budget."""
    forward = network._forward(inputs)
    _defined(network, forward, targets)
    symbolic = SymbolicNetwork.from_network(network)
    sympy_gradient = compile_gradient(symbolic)(network, inputs, targets)
    backprop = gradient_vector(network._backward(forward, targets))
    fd = _finite_differences(network.copy(), inputs, targets, STEP)
    for name, gradient in (("SymPy", sympy_gradient), ("backprop", backprop), ("finite-difference", fd.gradient)):
        if not np.all(np.isfinite(gradient)):
            raise NotFiniteError(f"the {name} gradient is not finite at these parameters (the activation or "
                                 "loss overflows near the net inputs reached), so it cannot be checked there")
    on_kink = _on_both_sides(network, [forward])
    largest = max(abs(network._error(inputs, targets)), 1.0, *np.abs(sympy_gradient), *np.abs(backprop))
    floor = ROUNDING * np.finfo(float).eps * largest / AGREE    # SymPy vs backprop: rounding only
    rows = tuple(GradientRow(p.name, float(a), float(b), float(c), relative_error(a, b, floor),
                     relative_error(a, c, resolution), bool(kink or on_kink))
                 for p, a, b, c, resolution, kink in zip(symbolic.parameters, sympy_gradient, backprop,
                                                          fd.gradient, fd.resolution, fd.kinks))
    return CrossCheck(rows, case_description(network, inputs.shape[0]))


def case_description(network: Network, examples: int) -> str:
    """One line saying what was checked: sizes, activations, loss, biases, examples."""
    shared = all(b.shape[0] == 1 for b in network.biases)
    return (f"sizes {','.join(map(str, network.sizes))}; activations "
            f"{', '.join(a.name for a in network.activations)}; loss {network.loss.name}; "
            f"{'shared' if shared else 'per-neuron'} biases; {examples} example{'s' * (examples != 1)}")


def random_case(sizes: Sequence[int] | str, activation: str | Activation = "sigmoid",
                loss: str | Loss = "squared", *, shared_bias: bool = False, seed: int = 0,
                examples: int = 3, budget: bool = True) -> tuple[Network, np.ndarray, np.ndarray]:
    """A random network, inputs (examples, n_0) and targets (examples, n_L) to check.

    Hidden layers use `activation`, and so does the output layer, except sigmoid for
    binary_cross_entropy (it needs outputs in (0, 1)) and identity for softmax_cross_entropy
    (it takes logits). `sizes` may be text, "2,3,2"; `activation` a formula, "x/(1 + abs(x))"."""
    if isinstance(sizes, str):
        try:
            sizes = [int(n) for n in sizes.split(",")]
        except ValueError:
            raise InvalidValueError(f"sizes must be whole numbers separated by commas, got {shown(sizes)}") from None
    sizes = valid_sizes(sizes)
    examples = valid_count("examples", examples, minimum=1)
    seed = valid_count("seed", seed, maximum=2**32 - 1)
    within_budget(f"a cross-check of sizes {cut(','.join(map(str, sizes)))} on {examples:,} examples",
                  budget=valid_budget_flag(budget), work=crosscheck_work(sizes, examples),
                  memory=8 * examples * (sizes[0] + 4 * sum(sizes[1:])))
    activation = activation_from_text(activation) if isinstance(activation, str) else get_activation(activation)
    loss = get_loss(loss)
    output = "sigmoid" if loss.name == "binary_cross_entropy" else (loss.needs_activation or activation)
    network = Network.random(sizes, [activation] * (len(sizes) - 2) + [output], loss,
                             shared_bias=valid_flag("shared_bias", shared_bias), seed=seed)
    rng = np.random.default_rng([seed, 1])
    inputs = rng.normal(size=(examples, sizes[0]))
    if loss.name == "softmax_cross_entropy":   # one class per example
        targets = np.eye(sizes[-1])[rng.integers(sizes[-1], size=examples)]
    else:
        targets = rng.uniform(0.0, 1.0, size=(examples, sizes[-1]))
    return network, inputs, targets


def crosscheck_table(sizes: Sequence[int] | str, activation: str | Activation = "sigmoid",
                     loss: str | Loss = "squared", *, shared_bias: bool = False, seed: int = 0,
                     examples: int = 3, budget: bool = True) -> CrossCheck:
    """`crosscheck --sizes 2,3,2 --activation tanh --loss squared --seed 0 [--shared-bias]`:
    the three-way check of random_case(...). Print .table() or .to_json(); exit 0 if .all_agree.
    random_case checks the arguments and the budget; the check itself trusts them."""
    network, inputs, targets = random_case(sizes, activation, loss, shared_bias=shared_bias, seed=seed,
                                           examples=examples, budget=budget)
    with np.errstate(**QUIET):
        return _crosscheck(network, inputs, targets)
