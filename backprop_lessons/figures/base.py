"""One base for every figure: drawn once, then updated in place, shown as PNG or SVG.

Each figure function builds a matplotlib Figure once and returns a view whose update()
changes the artists already drawn (set_data, set_text, arrow positions), so a slider
can redraw the same figure many times. Figures are made without pyplot: they never pop
up by themselves, work with any backend (Agg included), and show in a notebook through
the view's PNG (a cell ending in `plot_losses(...)` displays it); panels show its SVG.
Every view also says in words what it shows (description()): the notebook stores that
text beside the PNG as its text/plain part, the course site uses it as the image's alt
text and the panels as its aria label.
Sizes are chosen for a projector and a 1366-pixel-wide browser at 100% zoom: a PNG has
DPI = 96 pixels per inch (a CSS pixel), so it shows at the same size as the panels' SVG,
no figure is wider than MAX_WIDTH inches (so it is never shrunk to fit), and no text is
smaller than MIN_FONT points. Colours come from the Okabe-Ito palette, safe for colour-blind eyes.
Non-goal: a plotting library; each module of figures/ draws one figure of the lessons.
"""
from __future__ import annotations

import base64
import io

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from backprop_lessons.engine.errors import InvalidTypeError, shown, valid_number


DPI = 96            # PNG pixels per inch: a browser's CSS pixel, so the PNG shows at the SVG's size
MAX_WIDTH = 9.6     # inches: 922 px, what a notebook's output area holds in a 1366-px window with the file browser open
MIN_FONT = 11       # points: the smallest text a figure may show
FONT = 12           # points: labels, ticks, legends
TITLE = 13          # points: titles
LINE_SPACING = 1.2  # matplotlib's default distance between lines of a text, in font sizes
_TO_PATH = TextToPath()   # measures text without drawing the figure
# Okabe & Ito's palette, distinguishable with every common colour-vision deficiency
BLUE, VERMILLION, ORANGE, SKY, GREEN, PURPLE, YELLOW = (
    "#0072B2", "#D55E00", "#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442")


class FigureView:
    """A figure drawn once, with the artists that update() changes in place."""

    def __init__(self, figure: Figure):
        """Wrap `figure`; subclasses draw their artists into it."""
        self.figure = figure

    def png(self) -> bytes:
        """The figure as PNG bytes: how a notebook shows it."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()

    def svg(self) -> bytes:
        """The figure as SVG bytes whose text the browser draws: what a panel shows after each update.

        Leaving the text to the browser (svg.fonttype "none") makes this several times
        faster than a PNG, whose every label matplotlib must lay out and rasterise.
        """
        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            self.figure.savefig(buffer, format="svg")
        return buffer.getvalue()

    def description(self) -> str:
        """What the figure shows and its key numbers, in words: its text alternative."""
        raise NotImplementedError(f"{type(self).__name__} must say what it shows")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        """Show the figure when a notebook cell ends with the view: the PNG, and the description as text/plain."""
        return {"image/png": base64.b64encode(self.png()).decode("ascii"), "text/plain": self.description()}

    def __repr__(self) -> str:
        """The class name only: no memory address, so nbval output stays the same."""
        return f"<{type(self).__name__}>"


def new_axes(size: tuple[float, float], ax: Axes | None = None,
             rect: tuple[float, float, float, float] = (0, 0, 1, 1)) -> Axes:
    """`ax` itself, or axes at `rect` (left, bottom, width, height) in a new pyplot-free Figure.

    Fixed positions instead of a layout engine: with one, every render draws the figure twice.
    Tick labels, major and minor, are FONT points.
    """
    if ax is not None:
        return ax
    ax = Figure(figsize=size, dpi=DPI).add_axes(rect)
    ax.tick_params(which="both", labelsize=FONT)   # minor labels too: a log axis spanning less than a decade shows them
    return ax


def valid_size(size: object, smallest: tuple[float, float]) -> tuple[float, float]:
    """`size` as (width, height) in inches: two numbers from `smallest` (room for the labels) up to
    MAX_WIDTH wide and 2 * MAX_WIDTH high; else an error that names size."""
    if not isinstance(size, (tuple, list)) or len(size) != 2:
        raise InvalidTypeError(f"size must be (width, height) in inches, such as (7, 4.2); got {shown(size)}")
    return (valid_number("size width", size[0], minimum=smallest[0], maximum=MAX_WIDTH),
            valid_number("size height", size[1], minimum=smallest[1], maximum=2 * MAX_WIDTH))


def inset(size: tuple[float, float], left: float, bottom: float, right: float,
          top: float) -> tuple[float, float, float, float]:
    """The rect (left, bottom, width, height), in fractions of a figure of `size` inches, of axes
    with these margins in inches: room for tick labels and titles that does not shrink with the figure."""
    width, height = size
    return left / width, bottom / height, 1 - (left + right) / width, 1 - (bottom + top) / height


def set_title(ax: Axes, title: str) -> None:
    """Give `ax` the title `title` at TITLE points (Axes.set_title alone resets the size to the default),
    each line broken where it would run past the figure's edge (the title is centred over the axes)."""
    left, _, right, _ = ax.get_position(original=True).extents
    width = 2 * min((left + right) / 2, 1 - (left + right) / 2) * ax.figure.get_figwidth() - 0.2
    ax.set_title("\n".join(wrapped(line, width, TITLE) for line in title.split("\n")), fontsize=TITLE)


def room_for_title(ax: Axes, lines: int = 1) -> None:
    """Lower the top of `ax` by the height of its title's lines beyond the first `lines` (a margin
    made for one line then still holds the whole title)."""
    extra = (ax.get_title().count("\n") + 1 - lines) * TITLE * LINE_SPACING / 72 / ax.figure.get_figheight()
    if extra > 0:
        box = ax.get_position(original=True)
        ax.set_position((box.x0, box.y0, box.width, box.height - extra))


def wrapped(line: str, width: float, fontsize: float) -> str:
    """`line` broken into lines no wider than `width` inches at `fontsize` points: after its colon
    or semicolon if that is enough, else between words."""
    if text_size(line, fontsize)[0] <= width:
        return line
    for mark in (": ", "; "):
        head, _, tail = line.partition(mark)
        if tail and max(text_size(head + mark, fontsize)[0], text_size(tail, fontsize)[0]) <= width:
            return f"{head}{mark.strip()}\n{tail}"
    lines = [""]
    for word in line.split(" "):
        joined = f"{lines[-1]} {word}" if lines[-1] else word
        if lines[-1] and text_size(joined, fontsize)[0] > width:
            lines.append(word)
        else:
            lines[-1] = joined
    return "\n".join(lines)


def text_size(text: str, fontsize: float = FONT) -> tuple[float, float]:
    """(width, height) in inches that `text` (plain, possibly several lines) takes at `fontsize` points.

    The width is measured from the font's outlines and widened by a tenth: drawn text, with
    hinting at DPI, comes out up to 8% wider.
    """
    prop = FontProperties(size=fontsize)
    lines = text.split("\n")
    width = max(_TO_PATH.get_text_width_height_descent(line or " ", prop, ismath=False)[0] for line in lines)
    return 1.1 * width / 72, len(lines) * fontsize * LINE_SPACING / 72


def padded_box(centre, size: tuple[float, float], pad: float) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of a box of `size` around `centre`, `pad` larger on each side."""
    return (centre[0] - size[0] / 2 - pad, centre[1] - size[1] / 2 - pad,
            centre[0] + size[0] / 2 + pad, centre[1] + size[1] / 2 + pad)


def freest(boxes: list[tuple[float, float, float, float]], taken: list, segments) -> tuple[int, float]:
    """Which of `boxes` (places for one label, most preferred first) to take: the first that touches
    nothing `taken` and crosses no line of `segments`; else the first that touches nothing and
    crosses fewest; else the one that touches least. Returns (its index, the area it touches)."""
    cost = [(sum(overlap(box, other) for other in taken), crossings(box, segments)) for box in boxes]
    best = min(range(len(boxes)), key=lambda i: cost[i] if cost[i][0] > 0 else (0, cost[i][1]))
    return best, cost[best][0]


def crossings(box: tuple[float, float, float, float], segments) -> int:
    """How many of `segments` ((start, end) pairs of points) pass through `box` (x0, y0, x1, y1):
    a label placed there would sit on another line (Liang-Barsky clipping)."""
    count = 0
    for start, end in segments:
        low, high = 0.0, 1.0
        for p, q in ((start[0] - end[0], start[0] - box[0]), (end[0] - start[0], box[2] - start[0]),
                     (start[1] - end[1], start[1] - box[1]), (end[1] - start[1], box[3] - start[1])):
            if p == 0:
                high = high if q >= 0 else -1.0   # parallel to this side and outside it
            elif p < 0:
                low = max(low, q / p)
            else:
                high = min(high, q / p)
        count += low <= high
    return count


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """The area two boxes (x0, y0, x1, y1) share; 0 when they are apart."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(width, 0.0) * max(height, 0.0)
