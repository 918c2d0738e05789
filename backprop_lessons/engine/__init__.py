"""What backprop computes, in NumPy, with no figures. SymPy appears only as each activation's and
loss's symbolic form beside its NumPy one (activations.py, losses.py import it for that).

    errors.py       the package's exceptions and the checks that raise them where input enters
    budget.py       how much work one call may do: estimated from the work, refused past the budget
    timelimit.py    the one time limit: SymPy, panel updates and student code stopped after N seconds, any thread
    boundary.py     the front door: arguments of the package's exported functions checked by kind
    notation.py     the lecture's names in LaTeX; numbers as the lecture rounds them, and in full
    activations.py  each activation once: NumPy forward, hand derivative, SymPy form
    losses.py       each loss once: NumPy value, hand gradient, SymPy form
    network.py      the readable NumPy network: forward, backward, update, train
    agreement.py    when two numbers agree: the relative error and its threshold
    backprop.py     one round written once: forward pass, backward pass, update (also stacked)
    naming.py       one name per parameter: w1..w8, b1, b2 for the lecture's shape, w_l_j_k otherwise
    recording.py    training recorded for replay; a two-weight descent and an error grid
    sweep.py        K copies of one network trained together (the learning-rate slider)
    datasets.py     XOR and two moons, generated
    autograd.py     a scalar Value with data, grad, parents and a local backward rule per operation
    cost.py         what every gradient costs: central differences against backprop, timed
    gradient_flow.py  each layer's gradient size in a deep network, by activation and initial scale (Xavier, He)
    softmax.py      softmax with cross-entropy taken apart: the Jacobian, the two-step delta and the fused p - y
    digits.py       scikit-learn's bundled 8x8 digits, split; mini-batch SGD with the network; accuracy, confusions
    forward_mode.py forward mode (a tangent per parameter) against reverse mode: gradients and counts
"""
