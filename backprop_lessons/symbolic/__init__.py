"""SymPy does the calculus: equations, compiled gradients, typed formulas, derivations, the cross-check.

    equations.py        the network in SymPy: one local equation per neuron, derived layer by layer
    compiled.py         SymPy's gradients compiled to one NumPy function
    formula.py          an activation typed as text, parsed (never evaluated)
    derivation.py       dE_total/dparameter by the chain rule, the delta rule and directly
    derivation_lines.py what a derivation holds and how it prints (text and LaTeX)
    crosscheck.py       SymPy == backprop == finite differences, parameter by parameter
"""
