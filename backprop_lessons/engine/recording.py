"""Training runs recorded for figures and sliders: any round's weights, a two-weight descent, an error grid.

Network.train keeps only E_total per round. A slider that replays training also needs
the weights of any round: record_training keeps a copy of the network every 50 rounds
and rebuilds a round from the copy before it. The error-surface figure needs gradient
descent on just two weights (the others held where they are) and E_total over a grid
of those two.
Every function works on a copy: the network passed in is never changed.
Non-goal: speed. A faster trainer can stand in for record_training as long as it
returns a Recording.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from backprop_lessons.engine.budget import valid_budget_flag
from backprop_lessons.engine.errors import (InvalidValueError, TrainingDivergedError, valid_array, valid_count, valid_flag,
                                            valid_number, shown)
from backprop_lessons.engine.naming import get_parameters, parameter_gradients, parameter_slots, set_parameters
from backprop_lessons.engine.network import Network, valid_network


CHECKPOINT_EVERY = 50   # rounds between stored networks; replaying a round re-trains at most 49


@dataclass
class Recording:
    """A training run: E_total after every round, and checkpoints to rebuild any round's network."""

    losses: np.ndarray               # shape (rounds + 1,): E_total after k updates
    checkpoints: list[Network]       # checkpoints[c]: the network after c * CHECKPOINT_EVERY updates
    inputs: np.ndarray               # shape (batch, n_0)
    targets: np.ndarray              # shape (batch, n_L)
    learning_rate: float
    update_biases: bool
    diverged: TrainingDivergedError | None = None   # set when training stopped early

    @property
    def last_round(self) -> int:
        """The last round recorded: the requested rounds, or fewer if training diverged."""
        return len(self.losses) - 1

    def network_at(self, round_number: int) -> Network:
        """The network after `round_number` updates: the checkpoint before it, trained on."""
        round_number = valid_count("round_number", round_number, maximum=self.last_round)
        checkpoint, extra = divmod(round_number, CHECKPOINT_EVERY)
        network = self.checkpoints[checkpoint].copy()
        network._train(self.inputs, self.targets, extra, self.learning_rate, self.update_biases, "correct")
        return network


def record_training(network: Network, inputs: ArrayLike, targets: ArrayLike, rounds: int,
                    learning_rate: float, *, update_biases: bool = False, budget: bool = True) -> Recording:
    """Train a copy of `network` with Network.train in chunks, keeping a copy after each chunk.

    Gives the same numbers as one Network.train call. If E_total stops being finite,
    the rounds before it are kept and `diverged` holds the error instead of raising it.
    The work must fit the classroom budget (engine/budget.py) unless budget=False.
    """
    network = valid_network(network)
    rounds = valid_count("rounds", rounds)
    learning_rate = valid_number("learning_rate", learning_rate, positive=True)
    update_biases = valid_flag("update_biases", update_biases)
    network = network.copy()
    inputs, targets = network.valid_data(inputs, targets, need_targets=True)
    network._within_budget(f"recording {rounds:,} rounds", inputs.shape[0], rounds, valid_budget_flag(budget))
    checkpoints, diverged = [network.copy()], None
    losses = [np.array([network._error(inputs, targets)])]
    if not np.isfinite(losses[0][0]):
        raise InvalidValueError(f"network must give a finite E_total before training, got {losses[0][0]}")
    for start in range(0, rounds, CHECKPOINT_EVERY):
        chunk = min(CHECKPOINT_EVERY, rounds - start)
        try:
            losses.append(network._train(inputs, targets, chunk, learning_rate, update_biases, "correct").losses[1:])
        except TrainingDivergedError as error:   # replay the chunk up to its last finite round
            finite_rounds = max(error.round_number - 1, 0)
            losses.append(checkpoints[-1].copy()._train(inputs, targets, finite_rounds, learning_rate,
                                                        update_biases, "correct").losses[1:])
            diverged = TrainingDivergedError(start + error.round_number, error.loss, learning_rate)
            break
        checkpoints.append(network.copy())
    return Recording(np.concatenate(losses), checkpoints, inputs, targets, learning_rate,
                     update_biases, diverged)


@dataclass
class DescentPath:
    """Gradient descent on two parameters: their values, gradients and E_total at every step."""

    points: np.ndarray      # shape (steps + 1, 2): (x, y) before each step
    gradients: np.ndarray   # shape (steps + 1, 2): (dE_total/dx, dE_total/dy) there
    losses: np.ndarray      # shape (steps + 1,): E_total there


def descent_path(network: Network, inputs: ArrayLike, targets: ArrayLike, x: str, y: str,
                 learning_rate: float, steps: int, *, budget: bool = True) -> DescentPath:
    """Update only parameters `x` and `y` by x+ = x - eta * dE_total/dx, `steps` times
    (within the classroom budget, engine/budget.py, unless budget=False)."""
    _check_pair(network, x, y)
    learning_rate = valid_number("learning_rate", learning_rate, positive=True)
    steps = valid_count("steps", steps)
    network = network.copy()
    inputs, targets = network.valid_data(inputs, targets, need_targets=True)
    network._within_budget(f"a descent of {steps:,} steps", inputs.shape[0], 3 * steps,  # + names, lookups
                           valid_budget_flag(budget))
    points, gradients, losses = np.empty((steps + 1, 2)), np.empty((steps + 1, 2)), np.empty(steps + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps + 1):
            forward = network.forward(inputs)
            losses[k] = network.loss.value(forward.outs[-1], targets)
            if not np.isfinite(losses[k]):
                raise TrainingDivergedError(k, float(losses[k]), learning_rate)
            values = get_parameters(network)
            grads = parameter_gradients(network, network.backward(forward, targets))
            points[k] = values[x], values[y]
            gradients[k] = grads[x], grads[y]
            set_parameters(network, {x: values[x] - learning_rate * grads[x],
                                     y: values[y] - learning_rate * grads[y]})
    return DescentPath(points, gradients, losses)


def error_grid(network: Network, inputs: ArrayLike, targets: ArrayLike, x: str, y: str,
               xs: np.ndarray, ys: np.ndarray, *, budget: bool = True) -> np.ndarray:
    """E_total with parameter `x` set to each of `xs` and `y` to each of `ys`: shape (len(ys), len(xs))
    (within the classroom budget, engine/budget.py, unless budget=False)."""
    _check_pair(network, x, y)
    network = network.copy()
    inputs, targets = network.valid_data(inputs, targets, need_targets=True)
    xs, ys = valid_array("xs", xs, shape=(None,)), valid_array("ys", ys, shape=(None,))
    network._within_budget(f"an error grid of {len(xs):,} x {len(ys):,}", inputs.shape[0], len(xs) * len(ys),
                           valid_budget_flag(budget))
    grid = np.empty((len(ys), len(xs)))
    with np.errstate(over="ignore", invalid="ignore"):
        for row, y_value in enumerate(ys):
            for column, x_value in enumerate(xs):
                set_parameters(network, {x: x_value, y: y_value})
                grid[row, column] = network._error(inputs, targets)
    return grid


def _check_pair(network: Network, x: str, y: str) -> None:
    """Raise unless `x` and `y` name two different parameters of `network`."""
    names = parameter_slots(network)
    for label, name in (("x", x), ("y", y)):
        if name not in names:
            raise InvalidValueError(f"{label} must name a parameter ({', '.join(names)}); got {shown(name)}")
    if x == y:
        raise InvalidValueError(f"x and y must be two different parameters; both are {shown(x)}")
