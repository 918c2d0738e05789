"""The lecturer's answers to the questions of notebooks 6-11, each computed with the package.

The same form as answers_early.py (notebooks 1-5): one function per question, returning Markdown
whose every number is computed here.
"""
from __future__ import annotations

import ast
import inspect
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import numpy as np

from backprop_lessons import (LECTURE_ROUNDS, LECTURE_VALUES, batch_gradients, beyond_panel, central_differences,
                              crosscheck, formula_panel, lecture_data, lecture_matrices, lecture_network, shapes,
                              staged_backward, staged_gradients, train_lecture, train_staged, worked_round)
from backprop_lessons.engine.cost import example_network, forward_passes_needed
from backprop_lessons.lecture.exact import exact_digits
from backprop_lessons.lecture.published import PRINTED
from backprop_lessons.symbolic.crosscheck import STEP, random_case

TWO_MOONS = dict(data="two moons", activation="tanh", loss="binary_cross_entropy", eta=0.02, rounds=1000, seed=0)


# notebook 6 ---------------------------------------------------------------------------------------

def nb6_q1() -> str:
    """exp(-net)/(1 + exp(-net))^2 is out(1 - out)."""
    w = worked_round()
    e = np.exp(-w["net_o1"])
    return ("In the factor $e^{-net_{o1}} / (1 + e^{-net_{o1}})^2$ (SymPy writes $net_{o1}$ out in full, "
            "$b_2 + w_5/(1 + e^{\\dots}) + w_6/(1 + e^{\\dots})$): it is $\\frac{1}{1 + e^{-net}} \\cdot "
            f"\\frac{{e^{{-net}}}}{{1 + e^{{-net}}}} = out_{{o1}}(1 - out_{{o1}})$. Here it is {e / (1 + e) ** 2:.9f}, and "
            f"$out_{{o1}}(1 - out_{{o1}}) = {w['out_o1'] * (1 - w['out_o1']):.9f}$.")


def nb6_q2() -> str:
    """abs(x): the cross-check agrees, because no net input sits at the kink."""
    panel = formula_panel()
    panel.set(formula="abs(x)", seed=0)
    verdict = panel.summary().splitlines()[-1]
    network, inputs, _ = random_case([2, 3, 1], "abs(x)", "squared", seed=0)
    nearest = min(float(np.abs(net).min()) for net in network.forward(inputs).nets)
    return (f"It agrees ({verdict.split(': ', 1)[1]}). $|x|$ has slope $-1$ left of 0 and $+1$ right of it (SymPy: "
            "$\\operatorname{sign}(x)$); only at $x = 0$ is there no derivative. The smallest net input of the checked "
            f"network is {nearest:.4f} away from 0, far more than the finite differences' step (about {STEP:g}), so "
            "neither backprop nor a difference ever meets the kink. A net input within $h$ of 0 would make the "
            "difference straddle it and disagree.")


def nb6_q3() -> str:
    """Central differences err by h^2, one-sided by h."""
    h, w5 = 1e-4, LECTURE_VALUES["w5"]
    exact = worked_round()["dE_total/dw5"]
    error = {dw: worked_round({"w5": w5 + dw})["E_total"] for dw in (-h, 0.0, h)}
    forward, central = (error[h] - error[0.0]) / h, (error[h] - error[-h]) / (2 * h)
    return ("$(E(w + h) - E(w))/h$ is off by about $\\tfrac{h}{2} E''$, proportional to $h$; in the centred difference "
            f"the $h^2$ terms of the two sides cancel, and it is off by about $h^2$. For $w_5$ with $h = {h:g}$: one-sided "
            f"{forward:.10f}, centred {central:.10f}, backprop {exact:.10f}; the one-sided one is off by "
            f"{abs(forward - exact):.1e}, the centred one by {abs(central - exact):.1e}.")


# notebook 7 ---------------------------------------------------------------------------------------

def nb7_question() -> str:
    """The printed outputs do not give the printed error."""
    o1, o2 = (float(PRINTED[f"out_o{k} after 10,000 rounds"].text) for k in (1, 2))
    error = 0.5 * (LECTURE_VALUES["target_o1"] - o1) ** 2 + 0.5 * (LECTURE_VALUES["target_o2"] - o2) ** 2
    printed = PRINTED["E_total after 10,000 rounds"].text
    return (f"The printed outputs give $E_{{total}} = {error:.10f}$, not the printed {printed}: no single run prints "
            "both. Errata 3 and 4 (and the next cell) point to two runs: the error is the correct order one update "
            "short (after 9,999 updates); the outputs are the as_published order after 10,000 updates.")


def nb7_q1() -> str:
    """Only w1..w4 differ; E_total barely, because it hardly depends on them."""
    (right, first), (published, second) = (train_lecture(1, order=order) for order in ("correct", "as_published"))
    w = worked_round()
    gradient = np.array([[w["dE_total/dw1"], w["dE_total/dw2"]], [w["dE_total/dw3"], w["dE_total/dw4"]]])
    shift = published.weights[0] - right.weights[0]
    outer = np.abs(right.weights[1] - published.weights[1]).max()
    return ("$w_1 \\dots w_4$: their deltas come from $w_5 \\dots w_8$, which as_published has already updated; "
            f"$w_5 \\dots w_8$ themselves get the same update (largest difference {outer:g}). The hidden weights end "
            f"at most {np.abs(shift).max():.2e} apart, and $E_{{total}}$ changes with them only by its small hidden "
            f"gradients (below {gradient.max():.4f}): $\\sum \\partial E_{{total}}/\\partial w_i \\cdot \\Delta w_i = "
            f"{(gradient * shift).sum():.2e}$, close to the {second.losses[1] - first.losses[1]:.2e} between the two errors.")


def nb7_q2() -> str:
    """delta_o2 rounded to 9 decimals, times w7 = 1/2, is a tie."""
    rounded = Decimal(exact_digits(30)["delta_o2"]).quantize(Decimal("1e-9"))
    product = rounded * Decimal(repr(LECTURE_VALUES["w7"]))
    away = product.quantize(Decimal("1e-9"), rounding=ROUND_HALF_UP)
    even = product.quantize(Decimal("1e-9"), rounding=ROUND_HALF_EVEN)
    return (f"$\\delta_{{o2}}$ ($\\partial E_{{o2}}/\\partial net_{{o2}}$), rounded to {rounded}. Times $w_7 = "
            f"{LECTURE_VALUES['w7']:g}$ that is {product}, exactly halfway; away from zero it rounds to {away} (the "
            f"slide), to the even digit {even}, which is also the value computed from the unrounded $\\delta_{{o2}}$.")


def nb7_q3() -> str:
    """The round where the two orders are farthest apart."""
    correct, published = (train_lecture(LECTURE_ROUNDS, order=o)[1].losses for o in ("correct", "as_published"))
    gap = published - correct
    k = int(np.argmax(np.abs(gap)))
    lower = "as_published" if gap[k] < 0 else "correct"
    return (f"Round {k:,}: as_published - correct = {gap[k]:.3e}; there the {lower} order has the lower error "
            f"({min(correct[k], published[k]):.9f} against {max(correct[k], published[k]):.9f}).")


# notebook 8 ---------------------------------------------------------------------------------------

def moons_accuracy(hidden_units: int, **changes) -> str:
    """The last line of the beyond panel's summary (the accuracy) for two moons with these hidden units."""
    panel = beyond_panel()
    panel.set(**(TWO_MOONS | {"hidden_units": hidden_units} | changes))
    return panel.summary()


def nb8_question() -> str:
    """The smallest number of hidden units that separates the moons, and ReLU's straight pieces."""
    reached = next(h for h in range(1, 17) if "accuracy = 100.0%" in moons_accuracy(h))
    below = moons_accuracy(reached - 1).splitlines()[-1].removeprefix("accuracy = ")
    return (f"{reached} hidden units ({reached - 1} reach {below}). With ReLU each hidden unit is linear on either side "
            "of its own line, so the net input of the output is piecewise linear and the boundary is made of straight "
            "pieces with corners; tanh gives a smooth curve.")


def nb8_q1() -> str:
    """One hidden unit: the boundary is one straight line."""
    panel = beyond_panel()
    panel.set(data="xor", hidden_units=1, activation="tanh", loss="binary_cross_entropy", eta=0.02, rounds=1000, seed=0)
    accuracy = panel.summary().splitlines()[-1].removeprefix("accuracy = ")
    return (f"It reaches {accuracy}. With one hidden unit the output is a monotone function of one number, "
            "$w_1 i_1 + w_2 i_2 + b$, so the boundary $out_{o1} = 0.5$ is one straight line; no straight line puts "
            "(0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the other, so at most three corners of four come "
            "out right, whatever the training.")


def nb8_q2() -> str:
    """The squared error's delta keeps the slope; near out = 0 it is nearly 0."""
    out, t = 0.001, 1.0
    squared, entropy = -(t - out) * out * (1 - out), out - t
    return (f"At $out = {out:g}$, $t = {t:g}$: the squared error's delta $-(t - out)\\,out(1 - out) = {squared:.6f}$, "
            f"nearly 0; cross-entropy's $out - t = {entropy:.3f}$. The squared error keeps the logistic slope "
            "$out(1 - out)$, which is nearly 0 when the output is saturated, so a confidently wrong output learns "
            "slowly; cross-entropy's $1/(out(1 - out))$ cancels that slope.")


def nb8_q3() -> str:
    """Cross-entropy is unbounded, and summed over 200 examples."""
    lines = moons_accuracy(8, eta=1.0).splitlines()
    return (f"The panel reports: {'; '.join(lines[1:])}. Cross-entropy's $-\\log out$ grows without bound as a "
            "confidently wrong output approaches 0 or 1, and $E_{total}$ sums it over every example; notebook 5's bound "
            "was for the squared error of logistic outputs, each term below $\\tfrac12$.")


# notebook 9 ---------------------------------------------------------------------------------------

def nb9_exercise() -> str:
    """Shapes with N examples."""
    s = shapes(examples=5)
    return (f"With $N = 5$: $h$ {s['h']}, $\\delta_o$ {s['delta_o']}, $W_2^T\\delta_o$ {s['sum_over_outputs']}, "
            f"$\\partial E/\\partial W_2$ {s['dW2']}, $\\partial E/\\partial W_1$ {s['dW1']}: the per-example ones "
            "have $N$ columns, the weight gradients do not. Each weight gets one gradient (its update "
            "$w \\leftarrow w - \\eta\\,\\partial E/\\partial w$ subtracts it entry by entry), and $\\delta_o h^T$, "
            "(2 x N) times (N x 2), sums over the examples.")


def nb9_q1() -> str:
    """W2 transposed times delta_o."""
    return ("$W_2^T \\delta_o$: row 1 is $\\delta_{o1} w_5 + \\delta_{o2} w_7 = \\partial E_{total}/\\partial out_{h1}$ "
            f"({worked_round()['dE_total/dout_h1']:.9f}).")


def nb9_q2() -> str:
    """4-8-8-3: three weight matrices."""
    network = example_network((4, 8, 8, 3))
    listed = ", ".join(f"$W_{k}$ {tuple(w.shape)}" for k, w in enumerate(network.weights, start=1))
    return f"{listed}; each gradient has its matrix's shape (rows: the layer's neurons, columns: its inputs)."


def nb9_q3() -> str:
    """eta = 2 with the mean; the mean's eta suits every batch size."""
    m = lecture_matrices()
    x4, target4 = np.repeat(m["x"], 4, axis=1), np.repeat(m["target"], 4, axis=1)
    (_, summed), (_, mean) = batch_gradients(x4, target4, "sum"), batch_gradients(x4, target4, "mean")
    eta = 0.5 * summed[0, 0] / mean[0, 0]
    return (f"$\\eta = {eta:g}$: the mean is the sum divided by 4, so $0.5 \\cdot {summed[0, 0]:.9f} = {eta:g} \\cdot "
            f"{mean[0, 0]:.9f}$ for $w_5$ (and every other weight). The mean's $\\eta$ suits every batch size: its "
            "gradient does not grow with $N$, while the sum's $\\eta$ must shrink as the batch grows.")


# notebook 10 --------------------------------------------------------------------------------------

def added_to_more_than_once() -> list[str]:
    """The names the staged backward lines add to (+=) more than once, in the `+=` variant."""
    tree = ast.parse(inspect.getsource(staged_backward))
    counts: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Subscript):
            key = ast.literal_eval(node.target.slice)
            counts[key] = counts.get(key, 0) + 1
    return [name for name, count in counts.items() if count > 1]


def nb10_q1() -> str:
    """out_h1, out_h2 and the shared biases."""
    names = added_to_more_than_once()
    return (f"The lines that add to {', '.join(f'`g[{n!r}]`' for n in names)}: each of these is used by more than "
            "one operation ($out_{h1}$ and $out_{h2}$ feed both $net_{o1}$ and $net_{o2}$; the shared $b_1$ and $b_2$ "
            "enter both neurons of their layer), so its gradient is a sum. Every other name receives one line, where "
            "`=` would give the same number.")


def nb10_q2() -> str:
    """w5's gradient never reads g[out_h1]."""
    right, wrong = staged_gradients(), staged_gradients(fan_out="=")
    changed = [name.removeprefix("dE_total/d") for name in right if abs(right[name] - wrong[name]) > 0]
    return ("$\\partial E_{total}/\\partial w_5 = \\delta_{o1} \\cdot out_{h1}$ reads $\\delta_{o1}$ = `g['net_o1']`, "
            "which comes from the outputs above; the overwritten `g['out_h1']` is read only by the lines below it. "
            f"Exactly these gradients change: {', '.join(changed)}.")


def nb10_q3() -> str:
    """Not reset: each round adds its own gradient to the sum of the ones before."""
    kept = [r["dE_total/dw5"] for r in train_staged(10, reset=False)]
    own = [b - a for a, b in zip([0.0] + kept, kept)]   # what each round's backward pass added
    return (f"By about its own gradient each round: the three rounds above add {own[0]:.6f}, {own[1]:.6f} and "
            f"{own[2]:.6f}. If that went on, round 10 would be about {10 * own[0]:.2f}; `train_staged(10, reset=False)` "
            f"gives {kept[9]:.6f}, because from round {next(k for k in range(1, 10) if own[k] < own[k - 1]) + 1} on "
            f"the rounds add less (round 10 adds {own[9]:.6f}): the steps, $\\eta$ times the running sum, have moved "
            "$w_5$ so far that its own gradient shrinks. The weights move ever faster although the slope does not grow.")


# notebook 11 --------------------------------------------------------------------------------------

def nb11_q1() -> str:
    """Two per parameter."""
    return (f"{2 * 10 ** 6:,}: two per parameter (the 2-2-2 network's {forward_passes_needed(lecture_network())} "
            "for its 10), against one forward and one backward pass for backprop.")


def nb11_q2() -> str:
    """A check of the backward code."""
    numerical = central_differences(lecture_network(), *lecture_data())["w1"]
    bug = staged_gradients(fan_out="=")["dE_total/dw1"]
    return ("To check the backward code: finite differences need no calculus and share no code with backprop, so "
            "when they agree the backward pass is right, and a wrong rule shows at once. Notebook 10's Bug 1 gives "
            f"$\\partial E_{{total}}/\\partial w_1 = {bug:.9f}$; finite differences give {numerical:.9f}. Run it on a "
            "small network now and then (after every change to the backward code); it is too slow to train with.")


def nb11_q3() -> str:
    """i1 = 1: about 19.7 times, not 20."""
    before, after = worked_round(), worked_round({"i1": 1.0})
    return (f"$\\partial E_{{total}}/\\partial w_1 = \\delta_{{h1}} \\cdot i_1$ goes from {before['dE_total/dw1']:.9f} to "
            f"{after['dE_total/dw1']:.9f}, {after['dE_total/dw1'] / before['dE_total/dw1']:.2f} times as large: not "
            f"exactly {1.0 / LECTURE_VALUES['i1']:g} times, because $i_1$ also changes $net_{{h1}}$ (from "
            f"{before['net_h1']:g} to {after['net_h1']:g}), and with it $out_{{h1}}$, the outputs and $\\delta_{{h1}}$ "
            f"({before['delta_h1']:.9f} to {after['delta_h1']:.9f}).")
