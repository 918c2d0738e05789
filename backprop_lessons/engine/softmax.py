"""Softmax with cross-entropy, taken apart: the Jacobian, the product, and why frameworks fuse them (notebook 14).

One example with logits z (the output layer's net inputs, shape (n,)) and a one-hot target y:
    p = softmax(z),  p_k = e^{z_k} / sum_j e^{z_j}
    E = -sum_k y_k log p_k                                 the cross-entropy
    dp_k/dz_j = p_k (1[k = j] - p_j)                       J = diag(p) - p p^T, symmetric
    dE/dp_k = -y_k / p_k
    delta_j = dE/dz_j = sum_k dE/dp_k dp_k/dz_j = -y_j + p_j sum_k y_k = p_j - y_j    (sum_k y_k = 1)
The two-step route (the unfused one, by the chain rule through p) builds an n x n Jacobian and
divides by p; the fused route (losses.SOFTMAX_CROSS_ENTROPY, what frameworks ship as one
function) computes log p = z - max z - log sum e^{z - max z} and delta = p - y directly.
Non-goal: batches; engine/losses.py is the loss the network trains with.
"""
from __future__ import annotations

import numpy as np

from backprop_lessons.engine.errors import InvalidValueError, valid_array
from backprop_lessons.engine.losses import SOFTMAX_CROSS_ENTROPY


def softmax(logits: np.ndarray) -> np.ndarray:
    """p = e^z / sum e^z for one example (n,), shifted by max(z) so that e^z never overflows."""
    shifted = np.exp(logits - np.max(logits))
    return shifted / shifted.sum()


def softmax_jacobian(p: np.ndarray) -> np.ndarray:
    """J[k, j] = dp_k/dz_j = p_k (1[k = j] - p_j): diag(p) - p p^T, shape (n, n)."""
    p = valid_array("p", p, shape=(None,))
    return np.diag(p) - np.outer(p, p)


def valid_example(logits, target) -> tuple[np.ndarray, np.ndarray]:
    """Logits (n,) and a target (n,) of numbers >= 0 that sum to 1 (a one-hot class, or a distribution)."""
    logits = valid_array("logits", logits, shape=(None,))
    target = valid_array("target", target, shape=(logits.shape[0],))
    if np.any(target < 0) or abs(float(target.sum()) - 1) > 1e-12:
        raise InvalidValueError(f"target must be numbers >= 0 that sum to 1, got sum {float(target.sum()):g}")
    return logits, target


def delta_two_steps(logits, target) -> np.ndarray:
    """delta = J^T dE/dp, the chain rule through p, unfused: p, then -y / p, then the Jacobian.
    Gives NaN or inf where p underflows to 0 at the target's class (large logits)."""
    logits, target = valid_example(logits, target)
    p = softmax(logits)
    with np.errstate(divide="ignore", invalid="ignore"):
        dE_dp = -target / p
        return softmax_jacobian(p).T @ dE_dp


def delta_fused(logits, target) -> np.ndarray:
    """delta = p - y, the fused gradient (losses.SOFTMAX_CROSS_ENTROPY's): no Jacobian, no division."""
    logits, target = valid_example(logits, target)
    return SOFTMAX_CROSS_ENTROPY.gradient(logits[None, :], target[None, :])[0]


def loss_two_steps(logits, target) -> float:
    """E = -sum y log p with p computed first: log(0) = -inf once p underflows."""
    logits, target = valid_example(logits, target)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-np.sum(target * np.log(softmax(logits))))


def loss_fused(logits, target) -> float:
    """E by the log-sum-exp trick (losses.SOFTMAX_CROSS_ENTROPY): finite for any finite logits."""
    logits, target = valid_example(logits, target)
    return SOFTMAX_CROSS_ENTROPY.value(logits[None, :], target[None, :])


def softmax_work(classes: int) -> dict[str, int]:
    """Multiplications for delta, per example: J^T dE/dp needs n^2 (and n^2 numbers held), p - y none."""
    return {"two steps (Jacobian)": classes * classes, "fused (p - y)": 0}
