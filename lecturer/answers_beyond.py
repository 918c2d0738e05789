"""The lecturer's edition of notebooks 12-17: each question's answer, its numbers computed by the package.

ANSWERS[notebook]() returns {question number: answer}. This folder is not part of the student
release (scripts/student_release.py ships backprop_lessons/, not lecturer/), so students do not
get the answers with the package. Each answer's claim is checked by the notebook's test
(tests/test_any_depth.py, test_deep_start.py, test_softmax.py, test_digits.py, test_forward_mode.py,
test_torch_round.py), which also checks that the notebook asks as many questions as there are answers.
"""
from __future__ import annotations

import numpy as np

from backprop_lessons.engine.digits import CLASSES, Digits, DigitsRun, confusion_matrix, load_digits_split, train_digits
from backprop_lessons.engine.forward_mode import mode_counts
from backprop_lessons.engine.gradient_flow import INITS, gradient_flow
from backprop_lessons.engine.network import Network
from backprop_lessons.engine.softmax import delta_fused, loss_fused, softmax
from backprop_lessons.lecture.any_depth import four_equations
from backprop_lessons.lecture.symmetry import symmetry_rows
from backprop_lessons.lecture.torch_round import torch_rounds


def notebook_12() -> dict[int, str]:
    """The answer to each of notebook 12's questions, by number, with its numbers computed
    (the lecturer's edition; tests/test_any_depth.py builds the case each one describes)."""
    deep = Network.random([2, 3, 3, 3, 2], seed=0)
    g = four_equations(deep, [0.05, 0.10], [0.01, 0.99])
    shapes = ", ".join(f"dE/dW^{l + 1} {w.shape}" for l, w in enumerate(g.weights))
    return {
        1: f"L - 1 times: BP1 gives delta^L, then BP2 steps down once per layer below it. A network of "
           f"L = {len(deep.weights)} layers computes {len(g.deltas)} deltas, {len(g.deltas) - 1} of them by BP2.",
        2: "Only BP1: it is the one equation that reads the loss (dE/dout^L). BP2, BP3 and BP4 never see it, "
           "so a new loss changes the first delta and the same steps carry it down.",
        3: f"(n_l, n_(l-1)), the shape of W^l: BP4 is the outer product of delta^l (n_l entries) and out^(l-1) "
           f"(n_(l-1) entries). For sizes 2,3,3,3,2: {shapes}.",
    }


def notebook_13() -> dict[int, str]:
    """The answer to each of notebook 13's questions, by number, with its numbers computed
    (the lecturer's edition; tests/test_deep_start.py builds the case each one describes)."""
    start = symmetry_rows((0,))[0][1]
    sigmoid = gradient_flow(10, "sigmoid", INITS["Xavier"])
    relu = {name: gradient_flow(10, "relu", INITS[name]).spread[-1] for name in INITS}
    return {
        1: f"dE_total/dw5 = delta_o1 * out_h1 and dE_total/dw6 = delta_o1 * out_h2, and out_h1 = out_h2 "
           f"(both {start['out_h1']:.9f} at the start, equal after every round), so both are "
           f"{start['dE_total/dw5']:.9f} at the start: the same delta times the same output.",
        2: f"About {1 / sigmoid.ratio:.2g} times smaller (layer 1: {sigmoid.gradient[0]:.3g}, layer 11: "
           f"{sigmoid.gradient[-1]:.3g}): each sigmoid layer multiplies the delta by sigma' <= 1/4 on its way down.",
        3: f"He's, gain sqrt(2): after ten ReLU layers the outputs' spread is {relu['He']:.3g} with He and "
           f"{relu['Xavier']:.3g} with Xavier (gain 1), which halves the variance at every layer.",
    }


def notebook_14() -> dict[int, str]:
    """The answer to each of notebook 14's questions, by number, with its numbers computed
    (the lecturer's edition; tests/test_softmax.py builds the case each one describes)."""
    z, y = np.array([2.0, 1.0, 0.1]), np.array([0.0, 1.0, 0.0])
    delta = delta_fused(z, y)
    big = 1000 * z
    return {
        1: f"z2 rises, z1 and z3 fall: the step is -eta * delta and delta = p - y = "
           f"({delta[0]:.4f}, {delta[1]:.4f}, {delta[2]:.4f}) is negative only at the target class 2.",
        2: f"Because sum(p) = 1 and sum(y) = 1, so sum(p - y) = 0 (here {float(np.sum(delta)):.1e}): "
           "raising the target's logit and lowering the others is one move, probability shifted, not created.",
        3: f"At logits {', '.join(f'{v:g}' for v in big)}, p2 = e^(1000 - 2000) / (...) underflows to exactly "
           f"{softmax(big)[1]:g} in float64, so log p2 = -inf and 0 * log p3 is NaN; the fused route computes "
           f"log p2 = z2 - max(z) - log(sum e^(z - max z)) = {loss_fused(big, y):g} (with the minus sign) without ever forming p2.",
    }


def notebook_15(run: DigitsRun | None = None, data: Digits | None = None) -> dict[int, str]:
    """The answer to each of notebook 15's questions, by number, with its numbers computed
    (the lecturer's edition; tests/test_digits.py builds the case each one describes)."""
    data = data if data is not None else load_digits_split()
    run = run if run is not None else train_digits(data=data)
    sizes = run.network.sizes
    parameters = sum(w.size + b.size for w, b in zip(run.network.weights, run.network.biases))
    counts = confusion_matrix(run.network, data.test_inputs, data.test_targets)
    off = np.where(np.eye(CLASSES, dtype=bool), 0, counts)
    true, predicted = np.unravel_index(np.argmax(off), off.shape)
    steps = -(-len(data.train_inputs) // 32)
    return {
        1: f"{parameters:,}: {sizes[1]} x {sizes[0]} + {sizes[1]} into the hidden layer and {sizes[2]} x {sizes[1]} "
           f"+ {sizes[2]} into the outputs, against the lecture's 10 (8 weights and 2 biases).",
        2: f"{steps}: {len(data.train_inputs):,} / 32 = {len(data.train_inputs) / 32:.2f}, so "
           f"{len(data.train_inputs) // 32} full batches and a last one of {len(data.train_inputs) % 32} images.",
        3: f"{true} read as {predicted}, {int(off[true, predicted])} times among the 450 test images "
           f"(the largest count off the diagonal of the confusion matrix).",
    }


def notebook_16() -> dict[int, str]:
    """The answer to each of notebook 16's questions, by number, with its numbers computed
    (the lecturer's edition; tests/test_forward_mode.py builds the case each one describes)."""
    digits = Network.random([64, 32, 10])
    counts = mode_counts(digits)
    deep = mode_counts(Network.random([64, 32, 32, 10]))
    return {
        1: f"{counts['parameters']:,} forward-mode passes, one per parameter, against one forward and one backward "
           f"pass: {counts['forward mode: multiplications'] // counts['reverse mode: multiplications']:,} times the "
           "multiplications.",
        2: "Forward mode: with one input and many outputs, one forward-mode pass (per input) gives every output's "
           "derivative, while reverse mode needs one backward pass per output. A loss is the opposite: one output, "
           "many parameters.",
        3: f"It grows with the parameters too: 64-32-32-10 has {deep['parameters']:,} parameters, so forward mode "
           f"needs {deep['forward mode: passes']:,} passes against reverse mode's 2; the ratio of multiplications is "
           f"the number of parameters, {deep['forward mode: multiplications'] // deep['reverse mode: multiplications']:,}.",
    }


def notebook_17() -> dict[int, str]:
    """The answer to each of notebook 17's questions, by number, with its numbers computed
    (the lecturer's edition; tests/test_torch_round.py builds the case each one describes)."""
    right, wrong = torch_rounds(2), torch_rounds(2, zero_grad=False)
    return {
        1: "loss.backward(): it runs reverse mode through the graph torch recorded during the forward pass and "
           "puts dE_total/d(tensor) into each tensor's .grad.",
        2: f"The sum of both rounds' gradients: {wrong[1]['dE_total/dw5']:.9f} = {right[0]['dE_total/dw5']:.9f} "
           f"(round 1) + {right[1]['dE_total/dw5']:.9f} (round 2, from round 1's weights), so the step is too large.",
        3: "float64 (torch.float64): the lecture's numbers to 1e-12 need double precision; PyTorch's default "
           "float32 keeps about 7 digits.",
    }


ANSWERS = {12: notebook_12, 13: notebook_13, 14: notebook_14, 15: notebook_15, 16: notebook_16, 17: notebook_17}
