"""backprop-lessons: backpropagation, step by step, from one lecture.

Data flows one way, and no module imports one above it:

    errors.py, notation.py       one-line errors naming the parameter; the lecture's names in LaTeX
    activations.py, losses.py    each function once: NumPy form, hand derivative, SymPy form
    network.py                   the readable NumPy network: forward, backward, update, train
    lecture.py, published.py     the worked example in the lecture's names; its printed figures (data)
    errata.py                    each printed figure that differs, reproduced by computation
    names.py, recording.py       w1..w8 for any small network; training recorded for replay
    symbolic.py, compiled.py     SymPy network layer by layer; gradients compiled with lambdify
    derivation.py (+ _lines)     chain rule, delta rule and direct derivative, as text and LaTeX
    formula.py                   a typed activation formula, parsed (never evaluated)
    crosscheck.py                SymPy == backprop == finite differences, parameter by parameter
    fastpath.py, sweep.py        the fast paths: generated straight-line code, batched sweeps
    datasets.py                  XOR and two moons
    plots.py, diagram.py, graph.py, boundary.py   figures, each updated in place
    panel.py, widgets.py, orders.py, formula_panel.py, beyond.py   slider panels for the notebooks
    display.py                   the worked round's steps as LaTeX in a notebook
    checking.py, mistakes.py, checks.py, checks_training.py   the homework's self-checks
    binder.py                    Binder links from binder/repository.txt
    cli.py                       the command line `backprop-lessons`

Non-goal: speed for its own sake. The NumPy network is the teaching path; fastpath.py and
sweep.py hold the fast ones, and tests keep them equal.
"""

__version__ = "0.1.0"
