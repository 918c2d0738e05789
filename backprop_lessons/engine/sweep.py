"""Batched sweeps: K copies of one network trained together, in one vectorised run.

A learning-rate slider wants E_total by round for many learning rates at once. Training
K copies one after the other pays NumPy's per-call overhead K times per round; here the
copies' weights are stacked, weights[l] of shape (K, n_l, n_{l-1}), and every round is the
engine's own round (backprop.py) for all K copies at once, with the network's own
activations and loss:
    nets:    (K, batch, n_l) = outs_below @ weights[l].mT + biases[l]
    dE/dw5:  weight_gradient = deltas.mT @ outs_below, summed over the batch
A copy whose E_total stops being finite (too large a learning rate) is not an error here:
its losses are NaN or inf from that round on, and divergence_rounds() says where.
The work (copies x parameters x examples x rounds) and the memory (a loss per copy and
round) must fit the classroom budget (engine/budget.py) unless budget=False.
Non-goal: copies of different shapes.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from backprop_lessons.engine.budget import valid_budget_flag, parameter_count, training_work, within_budget
from backprop_lessons.engine.errors import (InvalidValueError, TrainingDivergedError, valid_array, valid_choice, valid_count,
                     valid_flag, valid_number)
from backprop_lessons.engine.backprop import UPDATE_ORDERS, forward_pass, training_round
from backprop_lessons.engine.network import Network, valid_network


def sweep_learning_rates(network: Network, inputs, targets, learning_rates, iterations: int, *,
                         update_biases: bool = False, order: str = "correct", budget: bool = True) -> np.ndarray:
    """Train one copy of `network` per learning rate; return losses of shape (K, iterations + 1).

    losses[c, k] is E_total of the copy trained with learning_rates[c] after k updates,
    the same numbers as network.copy().train(...).losses; `network` is not changed.
    """
    rates = _check_rates(learning_rates)
    return sweep_networks([network] * len(rates), inputs, targets, iterations, rates,
                          update_biases=update_biases, order=order, budget=budget)


def sweep_networks(networks: Sequence[Network], inputs, targets, iterations: int, learning_rates, *,
                   update_biases: bool = False, order: str = "correct", budget: bool = True) -> np.ndarray:
    """Train networks of one structure together (e.g. different initial weights); losses (K, iterations + 1).

    `learning_rates` is one number for every copy or one per network. The networks
    are not changed: each is copied into the stack.
    """
    networks = _check_networks(networks)
    inputs, targets = networks[0].valid_data(inputs, targets, need_targets=True)
    iterations = valid_count("iterations", iterations)
    rates = _check_rates(np.broadcast_to(learning_rates, len(networks))
                         if np.ndim(learning_rates) == 0 else learning_rates, len(networks))
    valid_choice("order", order, UPDATE_ORDERS)
    _within_budget(networks[0], inputs.shape[0], iterations, len(rates), valid_budget_flag(budget))
    return _sweep(networks, inputs, targets, iterations, rates, valid_flag("update_biases", update_biases), order)


def _within_budget(network: Network, examples: int, iterations: int, copies: int, budget: bool) -> None:
    """Raise BudgetExceededError if training `copies` copies is beyond the classroom budget."""
    arrays = 4 * parameter_count(network.sizes) + 6 * examples * sum(network.sizes)   # weights, nets, outs, deltas
    within_budget(f"a sweep of {copies:,} copies over {iterations:,} rounds", budget=budget,
                  work=training_work(network.sizes, examples, iterations, copies),
                  memory=8 * copies * (iterations + 1 + arrays))


def _sweep(networks: Sequence[Network], inputs: np.ndarray, targets: np.ndarray, iterations: int,
           rates: np.ndarray, update_biases: bool, order: str) -> np.ndarray:
    """sweep_networks() on arguments already checked and within budget."""
    weights = [np.stack([n.weights[l] for n in networks]) for l in range(len(networks[0].weights))]
    biases = [np.stack([n.biases[l] for n in networks]) for l in range(len(weights))]
    losses = _train_stack(networks[0], weights, biases, inputs, targets, rates, iterations, update_biases, order)
    return _mark_divergence(losses)


def sweep_lookup(network: Network, inputs, targets, learning_rates, iterations: int, *, budget: bool = True
                 ) -> Callable[[float, bool], np.ndarray]:
    """`losses_for(eta, update_biases)` for widgets.learning_rate_panel, backed by sweeps.

    The first call for each update_biases sweeps every learning rate of the slider's grid
    at once; later calls look the losses up. An eta off the grid is trained on its own
    (a sweep of one). A copy that diverged raises TrainingDivergedError, as Network.train does.
    The arguments and budget are checked here, once; each call checks its eta and flag.
    """
    network = _check_networks([network])[0].copy()   # later changes to `network` do not reach the cache
    inputs, targets = network.valid_data(inputs, targets, need_targets=True)
    iterations = valid_count("iterations", iterations)
    rates = _check_rates(learning_rates)
    _within_budget(network, inputs.shape[0], iterations, len(rates), valid_budget_flag(budget))
    sweeps: dict[bool, np.ndarray] = {}   # update_biases -> losses of every rate, shape (K, iterations + 1)

    def losses_for(eta: float, update_biases: bool) -> np.ndarray:
        """E_total after k = 0 .. iterations rounds at learning rate `eta`."""
        eta = valid_number("eta", eta, positive=True)
        update_biases = valid_flag("update_biases", update_biases)
        found = np.flatnonzero(np.isclose(rates, eta, rtol=1e-9, atol=0))
        if found.size:
            if update_biases not in sweeps:
                sweeps[update_biases] = _sweep([network] * len(rates), inputs, targets, iterations, rates,
                                               update_biases, "correct")
            losses = sweeps[update_biases][found[0]]
        else:
            losses = _sweep([network], inputs, targets, iterations, np.array([eta]), update_biases, "correct")[0]
        diverged = divergence_rounds(losses[None, :])[0]
        if diverged >= 0:
            raise TrainingDivergedError(int(diverged), float(losses[diverged]), eta)
        return losses.copy()

    return losses_for


def divergence_rounds(losses: np.ndarray) -> np.ndarray:
    """For each copy (row of `losses`), the first round whose E_total is not finite; -1 if none."""
    losses = np.asarray(losses)
    if losses.ndim != 2:
        raise InvalidValueError(f"losses must have shape (copies, rounds), got {losses.shape}")
    finite = np.isfinite(losses)
    return np.where(finite.all(axis=1), -1, np.argmin(finite, axis=1))


def _check_networks(networks: object) -> list[Network]:
    """A non-empty list of Networks sharing sizes, bias kinds, activations and loss."""
    if not isinstance(networks, Sequence) or not networks:
        raise InvalidValueError("networks must be a list of one or more Networks")
    first = valid_network(networks[0], "networks[0]")

    def structure(n: Network) -> tuple:
        """What copies must share: weight and bias shapes, activations, loss and dtype."""
        return ([w.shape for w in n.weights], [b.shape for b in n.biases], [a.name for a in n.activations],
                n.loss.name, n.dtype)

    for c, network in enumerate(networks):
        if structure(valid_network(network, f"networks[{c}]")) != structure(first):
            raise InvalidValueError(f"networks[{c}] must have the shapes, activations, loss and dtype of networks[0]")
    return list(networks)


def _check_rates(learning_rates: object, copies: int | None = None) -> np.ndarray:
    """Learning rates as a 1-D array of positive numbers (of length `copies` when given)."""
    rates = valid_array("learning_rates", learning_rates, shape=(copies,))
    if len(rates) == 0 or not np.all(rates > 0):
        raise InvalidValueError("learning_rates must be one or more numbers greater than 0")
    return rates


def _train_stack(network: Network, weights: list[np.ndarray], biases: list[np.ndarray],
                 inputs: np.ndarray, targets: np.ndarray, rates: np.ndarray, iterations: int,
                 update_biases: bool, order: str) -> np.ndarray:
    """The engine's rounds on stacked copies: weights[l] (K, n_l, n_{l-1}), biases[l] (K, 1 or n_l)."""
    activations, loss = network.activations, network.loss
    losses = np.empty((len(rates), iterations + 1))
    with np.errstate(all="ignore"):   # a diverging copy turns into inf/NaN quietly; the others go on
        for k in range(iterations + 1):
            forward = forward_pass(weights, biases, activations, inputs)
            losses[:, k] = loss.terms(forward.outs[-1], targets).sum(axis=(-2, -1))   # E_total per copy
            if k < iterations:
                training_round(weights, biases, activations, loss, forward, targets, rates, update_biases, order)
    return losses


def _mark_divergence(losses: np.ndarray) -> np.ndarray:
    """Make every E_total after a copy's first non-finite one NaN, so a diverged copy stays diverged."""
    rounds = divergence_rounds(losses)
    after = np.arange(losses.shape[1]) > np.where(rounds < 0, losses.shape[1], rounds)[:, None]
    losses[after] = np.nan
    return losses
