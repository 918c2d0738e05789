"""The panels' numbers as text and as HTML tables that read well: padded, aligned, never wrapped.

A column whose cells all start with a number is set in tabular figures and aligned on
the decimal point: each cell is two inline boxes, the part before the point right-aligned
and the rest left-aligned, each as wide as the column's widest. The cell's text stays the
number as formatted ("0.465", "1.50211843e-07"), so copying it or reading it in a test
gives the number. Headers sit over their cells (right for number columns, left for text).
`highlight` marks rows (the errata table's rows that differ from the lecture).
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

NUMBER = re.compile(r"^[+\-\u2212]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+\-]?\d+)?")
CELL = "padding:2px 10px;border-bottom:1px solid #e4e4e4;white-space:nowrap;"
HEAD = "padding:4px 10px;border-bottom:2px solid #999;white-space:nowrap;"
MARK = "background:#fff3c4;"


def rounds_text(count: int) -> str:
    """ "1 round", "0 rounds", "1000 rounds": a count of rounds with its noun in the right number."""
    return f"{count} round{'' if count == 1 else 's'}"


def format_lines(values: Mapping[str, float]) -> str:
    """`name = value` lines with 9 significant digits: the panels' fixed text format."""
    return "\n".join(f"{name} = {value:.9g}" for name, value in values.items())


def numbers_shown(heading: str, numbers: Mapping[str, float]) -> tuple[str, str]:
    """`heading` and `name = value` lines as text, and the same numbers as an HTML table."""
    return (f"{heading}\n{format_lines(numbers)}",
            html_table([(name, f"{value:.9g}") for name, value in numbers.items()], ("quantity", "value")))


def html_table(rows: list[tuple[str, ...]], header: tuple[str, ...],
               highlight: Callable[[tuple[str, ...]], bool] | None = None) -> str:
    """An HTML table of text rows, escaped; a row of one cell is a section title spanning the table.

    Number columns are right-aligned on the decimal point; rows for which `highlight(row)`
    is true are shaded.
    """
    body = [row for row in rows if len(row) > 1]
    widths = [_split_widths([row[i] for row in body]) for i in range(len(header))]
    cells = ["<tr>" + "".join(f"<th style='{HEAD}text-align:{'right' if w else 'left'}'>{html.escape(h)}</th>"
                              for h, w in zip(header, widths)) + "</tr>"]
    for row in rows:
        if len(row) == 1:
            cells.append(f"<tr><td colspan={len(header)} style='{CELL}padding-top:8px'>"
                         f"<b>{html.escape(row[0])}</b></td></tr>")
            continue
        shade = MARK if highlight is not None and highlight(row) else ""
        cells.append(f"<tr style='{shade}'>" + "".join(_cell(text, width) for text, width in zip(row, widths))
                     + "</tr>")
    return ("<table class='bl-table' style='border-collapse:collapse;font-variant-numeric:tabular-nums'>"
            + "".join(cells) + "</table>")


def _split(text: str) -> tuple[str, str]:
    """A number's text cut before its decimal point (or exponent): ("0", ".465"), ("12", "e-07")."""
    number = NUMBER.match(text).group(0)
    cut = next((i for i, c in enumerate(number) if c in ".eE"), len(number))
    return text[:cut], text[cut:]


def _split_widths(column: list[str]) -> tuple[int, int] | None:
    """For a column of numbers, the widest part before and after the point (in characters); else None."""
    if not column or not all(NUMBER.match(text) for text in column):
        return None
    parts = [_split(text) for text in column]
    return max(len(a) for a, _ in parts), max(len(b) for _, b in parts)


def _cell(text: str, width: tuple[int, int] | None) -> str:
    """One <td>: text left-aligned, or a number in two boxes that line up on the decimal point."""
    if width is None:
        return f"<td style='{CELL}text-align:left'>{html.escape(text)}</td>"
    whole, rest = _split(text)
    return (f"<td style='{CELL}text-align:right;font-family:monospace'>"
            f"<span style='display:inline-block;min-width:{width[0]}ch;text-align:right'>{html.escape(whole)}</span>"
            f"<span style='display:inline-block;min-width:{width[1]}ch;text-align:left'>{html.escape(rest)}</span>"
            "</td>")
