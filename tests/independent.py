"""An independent implementation of the lecture's network in plain Python floats.

It shares no code with backprop_lessons, so tests can check the package's errata
against it. The two update orders differ in one line, marked below.
"""
import math

START = dict(w1=0.15, w2=0.20, w3=0.25, w4=0.30, w5=0.40, w6=0.45, w7=0.50, w8=0.55, b1=0.35, b2=0.60)
I1, I2, T1, T2 = 0.05, 0.10, 0.01, 0.99


def logistic(x):
    return 1.0 / (1.0 + math.exp(-x))


def forward(p, w3_joins_i2_to_h1=False):
    if w3_joins_i2_to_h1:
        h1 = logistic(p["w1"] * I1 + p["w3"] * I2 + p["b1"])
        h2 = logistic(p["w2"] * I1 + p["w4"] * I2 + p["b1"])
    else:
        h1 = logistic(p["w1"] * I1 + p["w2"] * I2 + p["b1"])
        h2 = logistic(p["w3"] * I1 + p["w4"] * I2 + p["b1"])
    o1 = logistic(p["w5"] * h1 + p["w6"] * h2 + p["b2"])
    o2 = logistic(p["w7"] * h1 + p["w8"] * h2 + p["b2"])
    return h1, h2, o1, o2, 0.5 * (T1 - o1) ** 2 + 0.5 * (T2 - o2) ** 2


def one_round(p, eta=0.5, as_published=False, update_biases=False):
    h1, h2, o1, o2, _ = forward(p)
    d1 = (o1 - T1) * o1 * (1 - o1)
    d2 = (o2 - T2) * o2 * (1 - o2)
    q = dict(p)
    q["w5"] -= eta * d1 * h1
    q["w6"] -= eta * d1 * h2
    q["w7"] -= eta * d2 * h1
    q["w8"] -= eta * d2 * h2
    w = q if as_published else p          # <- the one line: which w5..w8 the hidden deltas read
    e1 = (d1 * w["w5"] + d2 * w["w7"]) * h1 * (1 - h1)
    e2 = (d1 * w["w6"] + d2 * w["w8"]) * h2 * (1 - h2)
    q["w1"] -= eta * e1 * I1
    q["w2"] -= eta * e1 * I2
    q["w3"] -= eta * e2 * I1
    q["w4"] -= eta * e2 * I2
    if update_biases:
        q["b2"] -= eta * (d1 + d2)
        q["b1"] -= eta * (e1 + e2)
    return q


def train(rounds, **options):
    """The parameters after `rounds` updates, and E_total after each k = 0..rounds."""
    p, errors = dict(START), [forward(START)[4]]
    for _ in range(rounds):
        p = one_round(p, **options)
        errors.append(forward(p)[4])
    return p, errors
