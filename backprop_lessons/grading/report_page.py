"""The class report as one HTML page: scores per exercise, causes reproduced, submissions to review.

One self-contained file (no script, no network), every text from the course escaped: student
ids and printed lines come from submissions. Built by class_report.py.
"""
from __future__ import annotations

from html import escape

UNEXPLAINED = "(wrong, and no typical mistake reproduced their answers)"
STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 2rem; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid #ccc; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: flex; height: 1rem; min-width: 10rem; border: 1px solid #888; }
.bar span { display: block; height: 100%; }
.full { background: #2e7d32; } .part { background: #f9a825; } .none { background: #c62828; }
.key span { display: inline-block; width: 0.9rem; height: 0.9rem; margin: 0 0.3rem 0 1rem; vertical-align: middle; }
code { font-size: 0.95em; }
"""


def _cell(text: object, number: bool = False) -> str:
    """One escaped table cell."""
    return f'<td class="n">{escape(str(text))}</td>' if number else f"<td>{escape(str(text))}</td>"


def _points(value: float) -> str:
    """Points as a lecturer writes them: 2, 1.5."""
    return f"{value:g}"


def _bar(full: int, part: int, none: int) -> str:
    """A bar of full / some / no marks, labelled for screen readers."""
    total = max(full + part + none, 1)
    label = f"{full} full marks, {part} some, {none} nothing"
    spans = "".join(f'<span class="{kind}" style="width:{100 * count / total:.1f}%"></span>'
                    for kind, count in (("full", full), ("part", part), ("none", none)) if count)
    return f'<td><div class="bar" role="img" aria-label="{label}">{spans}</div></td>'


def _score_row(exercise) -> str:
    """A row of the scores table: counts of full, some and no marks, the mean, the bar."""
    scores = [s for s in exercise.scores.values() if s is not None]
    waiting = sum(s is None for s in exercise.scores.values())
    full = sum(s >= exercise.points for s in scores)
    none = sum(s <= 0 for s in scores)
    part = len(scores) - full - none
    mean = f"{sum(scores) / len(scores):.2f}" if scores else "-"
    kind = f"by hand ({waiting} to grade)" if exercise.by_hand else "test"
    return ("<tr>" + _cell(exercise.notebook) + _cell(exercise.name) + _cell(kind)
            + _cell(_points(exercise.points), True) + _cell(len(exercise.scores), True) + _cell(full, True)
            + _cell(part, True) + _cell(none, True) + _cell(mean, True) + _bar(full, part, none) + "</tr>")


def scores_table(report) -> str:
    """Per exercise: how the class scored."""
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Notebook", "Exercise", "Graded by", "Points",
                                                          "Handed in", "Full marks", "Some", "Nothing",
                                                          "Mean", "Share"))
    rows = "".join(_score_row(exercise) for exercise in report.exercises)
    return (f'<table id="scores"><caption>Scores per exercise</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _cause_rows(exercise) -> list[str]:
    """Rows of the causes table for one exercise: each cause, then those who lost points unexplained."""
    lost = {s for s, score in exercise.scores.items() if score is not None and score < exercise.points}
    explained = set().union(*exercise.causes.values()) if exercise.causes else set()
    rows = [(cause, len(students)) for cause, students in sorted(exercise.causes.items(),
                                                                   key=lambda item: (-len(item[1]), item[0]))]
    for label, students in (("(flagged for review, below)", exercise.flagged & lost - explained),
                            ("(left unanswered)", exercise.unanswered & lost - explained - exercise.flagged),
                            (UNEXPLAINED, lost - explained - exercise.flagged - exercise.unanswered)):
        if students:
            rows.append((label, len(students)))
    name = f"{exercise.name} ({exercise.check})" if exercise.check else exercise.name
    return ["<tr>" + _cell(exercise.notebook) + _cell(name) + _cell(cause) + _cell(count, True) + "</tr>"
            for cause, count in rows]


def causes_table(report) -> str:
    """Per exercise: how many submissions each named cause reproduces."""
    rows = "".join(row for exercise in report.exercises if not exercise.by_hand for row in _cause_rows(exercise))
    if not rows:
        return '<p id="causes">No check named a cause: every answer was right, or none was reproduced.</p>'
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Notebook", "Exercise", "Likely cause", "Submissions"))
    return (f'<table id="causes"><caption>What the class got wrong: the causes the checks reproduced'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def flagged_table(report) -> str:
    """The submissions to look at: tampering seen, forbidden calls, any "flagged:" line."""
    if not report.flagged:
        return '<p id="flagged">No submission was flagged for review.</p>'
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Student", "Notebook", "Cell", "What the check printed"))
    rows = "".join("<tr>" + "".join(_cell(part) for part in row) + "</tr>" for row in report.flagged)
    return (f'<table id="flagged"><caption>Flagged for review ({len({r[0] for r in report.flagged})} '
            f"submissions)</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def page(report) -> str:
    """The whole page."""
    title = f"Class report: {report.assignment}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>
<body><main>
<h1>{escape(title)}</h1>
<p>Course folder <code>{escape(report.course)}</code>: {len(report.students)} submissions, scores from
nbgrader's gradebook after autograde.
<span class="key"><span class="full"></span>full marks<span class="part"></span>some<span class="none"></span>nothing</span></p>
<h2>Scores</h2>
{scores_table(report)}
<h2>Misconceptions to address</h2>
<p>A cause counts a submission when a check reproduced that student's answers with that mistake on every
case it tried (the line "likely cause: ..." the student saw). The other lost points are counted apart:
flagged, left unanswered, or wrong in a way no typical mistake reproduces.</p>
{causes_table(report)}
<h2>For review</h2>
<p>Lines that say the check saw tampering or a call the exercise forbids, and any line starting with
<code>flagged:</code>. Student code can print too: read the notebook before acting.</p>
{flagged_table(report)}
</main></body></html>
"""
