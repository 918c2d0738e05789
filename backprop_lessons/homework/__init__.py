"""The homework's self-checks: how student code is run, the answer key, each assignment's checks.

    guard.py         runs one call of student code: time limit, writes seen, no calls into the package
    isolated.py      runs a check's cases in a forked child, so the time limit holds whatever code catches
    tamper.py        an audit hook (PEP 578) that records tampering while the homework runs
    judge.py         a graded check's numbers judged again in a fresh `python -I`, outside the kernel
    watched.py       a dict that records writes (the arguments a student's function is handed)
    student_code.py  tells a stub or a cell that raised from a wrong answer (IPython's history)
    readers.py       reads an answer as named numbers (one number, a dict, a list)
    runner.py        runs a function on many cases and words the verdict (reproduced cause or first difference)
    answer_key.py    the reference answers, able to make each typical mistake on purpose
    given.py         right answers in the notebooks' interface, set in place of earlier exercises
    checks.py        the examples every check tries, and one way to check on them
    hw1.py           homework 1 (logistic, forward pass, error)
    hw2.py           homework 2 (chain rule, deltas, gradients, update, a round)
    hw3.py           homework 3 (training loop, finite differences, a derivative by hand)
    checks_hw4_rules.py  homework 4's local rules of +, * and sigmoid in a student's Value
    checks_hw4.py    homework 4 (an autograd: topological order, backward, the lecture's graph, training)
"""
