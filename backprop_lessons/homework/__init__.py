"""The homework's self-checks: a runner, an answer key, and each assignment's checks.

    runner.py       runs a student's function safely on many cases and words the verdict
    answer_key.py   the reference answers, able to make each typical mistake on purpose
    checks.py       homework 1 (forward pass, error) and homework 2 (backward pass)
    checks_hw3.py   homework 3 (training loop, finite differences, a derivative)
    checks_hw4_rules.py  homework 4's local rules of +, * and sigmoid in a student's Value
    checks_hw4.py   homework 4 (an autograd: topological order, backward, the lecture's graph, training)
"""
