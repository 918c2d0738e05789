"""Figures drawn once and updated in place, each in its own module.

    base.py           FigureView (PNG for notebooks, SVG for panels), axes without pyplot
    loss_curves.py    E_total by round, one line per run
    error_surface.py  E_total over two parameters, with a descent path
    diagram.py        the network with its names, values and gradients
    graph.py          the computation graph of one forward pass
    boundary.py       a classifier's decision boundary
    cost.py           the time for every gradient, central differences against backprop
"""
