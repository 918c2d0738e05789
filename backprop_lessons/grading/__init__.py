"""Grading with nbgrader, for the lecturer: a box for each submission's kernel, the class's report.

    sandbox.py       a kernel manager that runs each autograded notebook in bubblewrap, seeing only itself
"""
