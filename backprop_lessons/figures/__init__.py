"""Figures drawn once and updated in place, each in its own module.

    base.py           FigureView (PNG and a text description for notebooks, SVG for panels), sizes, colours
    loss_curves.py    E_total by round, one line per run
    error_surface.py  E_total over two parameters, with a descent path
    diagram.py        the network with its names, values and gradients
    diagram_layout.py its two sizes (FULL, COMPACT for panels), where its nodes go, where each label goes
    graph.py          the computation graph of one forward pass, drawn
    graph_nodes.py    its nodes: values, gradients, and the part each arrow carries back
    boundary.py       a classifier's decision boundary
    cost.py           the time for every gradient, central differences against backprop
    gradient_flow.py  each layer's gradient size (and the hidden outputs' spread), one line per run
    softmax.py        one example's p, y and delta = p - y as bars
    digits.py         digit images with captions, the loss by epoch, the confusion matrix
    modes.py          the multiplications of forward and reverse mode, as two bars
"""
