"""The lecturer's answers to every question of notebooks 1-5, each computed with the package.

ANSWERS[notebook][key] is a function that returns the answer as Markdown; every number in it is
computed here, never typed in (tests/test_answers.py rebuilds each numeric claim's case on its own).
Keys are a question's number in the notebook's "Questions" list, or "Question" / "Exercise" for a
question set in the text. scripts/answers.py writes them, under each question, to docs/answers.md.
This file stays in the instructor repository: lecturer/ is not part of the student release.
"""
from __future__ import annotations

import math

import numpy as np

from backprop_lessons import (LECTURE_ROUNDS, LECTURE_VALUES, Network, lecture_data, lecture_network,
                              learning_rate_panel, scale_factors, surface_panel, train_lecture, worked_round)
from backprop_lessons.panels.round import SLIDER_RANGES

WEIGHT_MIN = SLIDER_RANGES["w"][0]


def logit(p: float) -> float:
    """The net input at which the logistic function gives p: ln(p / (1 - p))."""
    return math.log(p / (1 - p))


def weights_for_targets() -> dict[str, float]:
    """w5 = w6 and w7 = w8 that bring out_o1 and out_o2 exactly to their targets (the rest as in the lecture)."""
    w = worked_round()
    hidden = w["out_h1"] + w["out_h2"]
    b2 = LECTURE_VALUES["b2"]
    first = (logit(LECTURE_VALUES["target_o1"]) - b2) / hidden
    second = (logit(LECTURE_VALUES["target_o2"]) - b2) / hidden
    return {"w5": first, "w6": first, "w7": second, "w8": second}


# notebook 1 ---------------------------------------------------------------------------------------

def nb1_q1() -> str:
    """Zero inputs: net_h1 is the bias alone."""
    w = worked_round({"i1": 0.0, "i2": 0.0})
    return (f"$net_{{h1}} = b_1 = {w['net_h1']:g}$: both input terms vanish but the bias stays. "
            f"$out_{{h1}} = \\sigma({w['net_h1']:g}) = {w['out_h1']:.9f}$, not 0: the logistic function is never 0 "
            f"(even $\\sigma(0) = {1 / (1 + math.exp(0)):g}$).")


def outputs_moved_by(name: str) -> tuple[bool, bool]:
    """Whether moving `name` by 0.1 changes out_o1, and out_o2."""
    before, after = worked_round(), worked_round({name: LECTURE_VALUES[name] + 0.1})
    return tuple(abs(after[o] - before[o]) > 0 for o in ("out_o1", "out_o2"))


def nb1_q2() -> str:
    """Only the weights into o2."""
    names = [n for n in ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2")
             if outputs_moved_by(n) == (False, True)]
    return (f"{', '.join(f'${n[0]}_{n[1:]}$' for n in names)}: they are the weights into $o_2$ and appear only in "
            "$net_{o2}$. Every other parameter reaches both outputs: $w_1 \\dots w_4$ and $b_1$ through the hidden "
            "outputs that feed both, and $b_2$ because the output layer shares it.")


def nb1_q3() -> str:
    """The slider's end, and the exact value for both."""
    w = worked_round({"w5": WEIGHT_MIN, "w6": WEIGHT_MIN})
    exact = weights_for_targets()["w5"]
    return (f"At the slider's end, $w_5 = w_6 = {WEIGHT_MIN:g}$, $out_{{o1}} = {w['out_o1']:.6f}$, still above 0.01. "
            f"$\\sigma(net_{{o1}}) = 0.01$ needs $net_{{o1}} = \\ln(0.01/0.99) = {logit(0.01):.6f}$, so "
            f"$w (out_{{h1}} + out_{{h2}}) + b_2 = {logit(0.01):.6f}$ gives $w_5 = w_6 = {exact:.6f}$, beyond the slider.")


# notebook 2 ---------------------------------------------------------------------------------------

def nb2_q1() -> str:
    """Signs cancel in a plain sum."""
    w = worked_round()
    plain = (LECTURE_VALUES["target_o1"] - w["out_o1"]) + (LECTURE_VALUES["target_o2"] - w["out_o2"])
    return ("Differences of opposite sign cancel in a plain sum: here $target - out$ is "
            f"{LECTURE_VALUES['target_o1'] - w['out_o1']:.6f} for $o_1$ and {LECTURE_VALUES['target_o2'] - w['out_o2']:.6f} "
            f"for $o_2$, summing to {plain:.6f}, and making that sum small would push both outputs towards 1, "
            "not towards their targets. The square is never negative, is 0 only at the target, grows faster "
            "for larger misses and has a simple derivative.")


def nb2_q2() -> str:
    """With target_o1 = 0.75, E_o2 dominates."""
    w = worked_round({"target_o1": 0.75})
    return (f"$o_2$: $E_{{o2}} = {w['E_o2']:.6f}$ against $E_{{o1}} = {w['E_o1']:.3g}$, "
            f"{w['E_o2'] / w['E_total']:.3%} of $E_{{total}} = {w['E_total']:.6f}$.")


def nb2_q3() -> str:
    """Never negative; exactly 0 is reachable, because the targets lie inside (0, 1)."""
    weights = weights_for_targets()
    w = worked_round(weights)
    return ("Never negative: it is a sum of squares. And yes, it can be exactly 0: the targets 0.01 and 0.99 lie "
            "strictly between 0 and 1, so the logistic outputs can equal them. With the lecture's other values, "
            f"$w_5 = w_6 = {weights['w5']:.6f}$ and $w_7 = w_8 = {weights['w7']:.6f}$ give $net_{{o1}} = \\ln(0.01/0.99)$ and "
            f"$net_{{o2}} = \\ln(0.99/0.01)$: $out_{{o1}} = {w['out_o1']:.9f}$, $out_{{o2}} = {w['out_o2']:.9f}$ and, "
            f"in floating point, $E_{{total}} = {w['E_total']:.2g}$ (0 in exact arithmetic). With targets of exactly 0 or 1 it would "
            "not be reachable: the logistic function never reaches them.")


# notebook 3 ---------------------------------------------------------------------------------------

def nb3_q1() -> str:
    """The sign is the first factor's."""
    w = worked_round()
    return (f"The other two factors are positive ($out(1 - out) > 0$, $out_{{h1}} > 0$), so the sign is that of "
            f"$-(target - out)$. $out_{{o1}} = {w['out_o1']:.6f}$ is above its target 0.01: "
            f"$\\partial E_{{total}}/\\partial out_{{o1}} = {w['dE_total/dout_o1']:.6f} > 0$, lower $w_5$. "
            f"$out_{{o2}} = {w['out_o2']:.6f}$ is below 0.99: $-(target_{{o2}} - out_{{o2}}) = "
            f"{-(LECTURE_VALUES['target_o2'] - w['out_o2']):.6f} < 0$, and $\\partial E_{{total}}/\\partial w_7 = "
            f"{w['dE_total/dw7']:.6f}$: raise $w_7$.")


def nb3_q2() -> str:
    """A saturated neuron learns slowly."""
    return ("Its slope $out(1 - out)$ is nearly 0 (at $out = 0.99$ it is "
            f"{0.99 * (1 - 0.99):.4f}, about 1/{0.25 / (0.99 * (1 - 0.99)):.0f} of the largest, {0.5 * 0.5:g}), so every gradient through that neuron is "
            "nearly 0 and its weights hardly move, even when its output is badly wrong: the neuron is saturated.")


def nb3_q3() -> str:
    """Forgiving here, not in general."""
    rates = learning_rate_panel()
    slider = rates.controls["eta"]
    etas = slider.base ** np.arange(slider.min, slider.max + slider.step / 2, slider.step)
    runs = [rates.losses_for(eta, False) for eta in etas]
    rose = sum(int((np.diff(r) > 0).sum()) for r in runs)
    lower = all(a[-1] > b[-1] for a, b in zip(runs, runs[1:]))
    largest = slider.base ** slider.max
    biases = rates.losses_for(largest, True)
    diverged = identity_divergence(largest)
    ends = "each larger $\\eta$ ends lower" if lower else "not every larger $\\eta$ ends lower"
    return (f"Not in general. On the lecture's network, with the biases fixed, all {len(etas)} values of $\\eta$ from "
            f"{etas[0]:g} to {largest:.3g} lower $E_{{total}}$ in every round (rounds that rose: {rose}), and "
            f"{ends}: one example, outputs "
            "bounded between 0 and 1, one smooth valley; the toy problem is unusually forgiving. A step can be too "
            f"large: with the biases updated too, $\\eta = {largest:.3g}$ raises $E_{{total}}$ in the first round "
            f"({biases[0]:.6f} to {biases[1]:.6f}); the same network without the logistic function diverges "
            f"{diverged}; and notebook 8's two moons diverge at $\\eta = 1$.")


def identity_divergence(eta: float) -> str:
    """Where the lecture's network with identity activations diverges at `eta` (notebook 5's cell)."""
    base = lecture_network()
    linear = Network(base.weights, base.biases, activations="identity")
    try:
        linear.train(*lecture_data(), LECTURE_ROUNDS, eta)
    except ArithmeticError as error:
        return str(error).split(":")[0].removeprefix("training diverged ")
    return "(it did not diverge)"


# notebook 4 ---------------------------------------------------------------------------------------

def nb4_q1() -> str:
    """out_h1 feeds both outputs; out_o1 feeds one error term."""
    w = worked_round()
    return ("$out_{o1}$ appears in one term of $E_{total}$ only, $E_{o1}$; $out_{h1}$ feeds both $net_{o1}$ and "
            "$net_{o2}$, so a change in it moves both errors, and the chain rule adds the two paths: "
            f"$\\partial E_{{o1}}/\\partial out_{{h1}} = {w['dE_o1/dout_h1']:.9f}$ plus "
            f"$\\partial E_{{o2}}/\\partial out_{{h1}} = {w['dE_o2/dout_h1']:.9f}$ gives {w['dE_total/dout_h1']:.9f}.")


def nb4_q2() -> str:
    """The three factor ratios of notebook 11."""
    f = scale_factors()
    names = list(f)
    return (f"Compare $\\partial E/\\partial w_5$ with $\\partial E/\\partial w_1$ factor by factor: the input "
            f"$i_1 = {LECTURE_VALUES['i1']:g}$ against $out_{{h1}}$ (a factor {f[names[2]]:.2f}); the gradient at $out_{{h1}}$ "
            f"against the one at $out_{{o1}}$ ({f[names[0]]:.2f} times smaller): it has passed through a logistic slope "
            "(at most 1/4) and weights below 1, and $\\delta_{o1} w_5$ and $\\delta_{o2} w_7$ have opposite signs and "
            f"partly cancel; the two logistic slopes are alike (a factor {f[names[1]]:.2f}). Together "
            f"$\\partial E/\\partial w_5$ is {f[names[3]]:.1f} times $\\partial E/\\partial w_1$.")


def nb4_q3() -> str:
    """The as_published order."""
    right, wrong = train_lecture(1)[1].losses[1], train_lecture(1, order="as_published")[1].losses[1]
    return ("$\\delta_{h1}$ and $\\delta_{h2}$ would use the new $w_5 \\dots w_8$, so $w_1 \\dots w_4$ get a different "
            "update ($w_5 \\dots w_8$ do not: their gradients were computed first). That is not gradient descent on "
            f"$E_{{total}}$; after one round $E_{{total}}$ is {wrong:.9f} instead of {right:.9f}, the lecture's printed "
            "figure (notebook 7).")


# notebook 5 ---------------------------------------------------------------------------------------

def nb5_q1() -> str:
    """The first round below 0.01."""
    losses = train_lecture(LECTURE_ROUNDS)[1].losses
    k = int(np.argmax(losses < 0.01))
    return f"After {k} rounds: $E_{{total}}$ is {losses[k - 1]:.6f} after {k - 1} and {losses[k]:.6f} after {k}."


def nb5_q2() -> str:
    """The logistic output layer bounds the error."""
    return ("The logistic function in the output layer: it keeps each output strictly between 0 and 1, and the "
            "targets are there too, so each $E_o < \\tfrac12$ and $E_{total} < 1$ whatever the weights. With "
            "$out = net$ nothing bounds the outputs: too large a step overshoots, the next gradient is larger, and the "
            f"weights grow without limit (at $\\eta = 31.6$ it diverges {identity_divergence(10 ** 1.5)}).")


def nb5_q3() -> str:
    """dE/dw1 is far smaller than dE/dw5."""
    w = worked_round()
    surface = surface_panel()
    surface.set(x="w5", y="w1", eta=0.5, steps=100)
    end = dict(line.split(" = ") for line in surface.summary().splitlines()[1:])
    moved_w5, moved_w1 = (float(end[f"end {n}"]) - LECTURE_VALUES[n] for n in ("w5", "w1"))
    return (f"At the start $\\partial E_{{total}}/\\partial w_5 = {w['dE_total/dw5']:.6f}$ and $\\partial E_{{total}}/\\partial "
            f"w_1 = {w['dE_total/dw1']:.6f}$, {w['dE_total/dw5'] / w['dE_total/dw1']:.0f} times smaller, and each step moves "
            f"each weight by $\\eta$ times its gradient. Over the 100 steps $w_5$ moves by {moved_w5:.4f} and $w_1$ by only "
            f"{moved_w1:.4f}: the path runs almost along $w_5$ (notebook 11 explains why the hidden gradients are small).")
