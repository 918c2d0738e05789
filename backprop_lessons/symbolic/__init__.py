"""SymPy does the calculus: equations, compiled gradients, typed formulas, derivations, the cross-check.

    equations.py        the network in SymPy: one local equation per neuron, derived layer by layer
    compiled.py         SymPy's gradients compiled to one NumPy function
    deadline.py         SymPy's work stopped after a few seconds, where Python can (SIGALRM)
    formula_syntax.py   a typed formula's text checked and parsed into a syntax tree (nothing runs)
    formula.py          an activation typed as text, built into SymPy from that tree (never evaluated)
    derivation.py       dE_total/dparameter by the chain rule, the delta rule and directly
    derivation_lines.py what a derivation holds and how it prints (text and LaTeX)
    crosscheck.py       SymPy == backprop == finite differences, parameter by parameter
    deep_check.py       the four equations against SymPy and the network, layer by layer, on a deeper network
    softmax_derivation.py  SymPy's derivatives of softmax and its cross-entropy against the hand formulas
"""
