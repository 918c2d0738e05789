"""Grading with nbgrader, for the lecturer: a box for each submission's kernel, the class's report.

    sandbox.py       a kernel manager that runs each autograded notebook in bubblewrap, seeing only itself
    class_report.py  after autograde: scores per exercise, causes reproduced, submissions flagged for review
    report_page.py   the class report as one HTML page
"""
