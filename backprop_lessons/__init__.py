"""backprop-lessons: backpropagation, step by step, from one lecture.

Data flows one way, and no module imports one above it:

    lecture.py, published.py   the worked example in the lecture's names; its printed figures
    activations.py, losses.py  each function once: NumPy form, hand derivative, SymPy form
    network.py                 the readable NumPy network: forward, backward, update, train
    symbolic.py, crosscheck.py SymPy derivations; SymPy == backprop == finite differences
    errata.py                  each printed figure that differs, reproduced by computation
    plots.py, widgets.py       figures and slider panels that the notebooks call
    checks.py                  the homework's self-checks
    cli.py                     the command line `backprop-lessons`

Non-goal: speed for its own sake. The NumPy network is the teaching path; fastpath.py
holds the fast ones, and tests keep them equal.
"""

__version__ = "0.1.0"
