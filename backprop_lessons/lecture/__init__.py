"""The lecture itself: its worked example in its own names, its printed figures, its errata.

    example.py      the 2-2-2 network, its numbers, one round step by step (net_h1, out_o1, ...)
    published.py    the figures printed on the slides, as text, for comparison only
    errata.py       each printed figure the algorithm does not give, reproduced by computation
    exact.py        the worked round in exact arithmetic, to any number of digits
    lessons.py      which sections of the worked round each lecture notebook teaches
    callouts.py     what a student reads where a computed number differs from a slide
    autograd_round.py  the lecture's network built from autograd Values, trained with them
    matrix.py       the round in matrix form, each entry tied to its lecture name
    staged.py       the round as staged lines, the backward pass their mirror with +=, two classic bugs
    why.py          a nudge of w5, and why dE/dw1 .. dw4 are so much smaller than dE/dw5 .. dw8
    walkthrough.py  the round a line and a factor at a time, for the step-through panel
    any_depth.py    Nielsen's four equations BP1 .. BP4 for L layers, one function each; at L = 2 the lecture's numbers
    symmetry.py     the lecture's network started with equal weights: h1 and h2 stay twins; XOR from equal and random weights
    torch_round.py  the lecture's round in PyTorch (float64): backward(), step(), zero_grad() and forgetting it
"""
