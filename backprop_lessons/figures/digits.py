"""The digits of notebook 15: images with captions, the loss by epoch, the confusion matrix."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter, LogLocator

from backprop_lessons.engine.errors import InvalidValueError, valid_array
from backprop_lessons.figures.base import BLUE, DPI, FONT, VERMILLION, FigureView, set_title


class DigitImages(FigureView):
    """8x8 images in a row or two, each with its caption."""

    def __init__(self, images: np.ndarray, captions: Sequence[str], title: str):
        """Draw up to 16 images (rows of 64 values in 0..1), 8 to a row."""
        count = min(len(images), 16)
        rows = max(1, -(-count // 8))
        figure = Figure(figsize=(9.0, 1.45 * rows + 0.5), dpi=DPI)
        super().__init__(figure)
        self.captions = list(captions[:count])
        self.title = title
        for k in range(count):
            height = figure.get_figheight()   # inches: 0.45 for the title, then 1.45 per row (image and caption)
            ax = figure.add_axes((0.01 + (k % 8) * 0.124, (height - 1.45 - 1.45 * (k // 8)) / height,
                                  0.105, 1.0 / height))
            ax.imshow(images[k].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.text(0.5, -0.04, captions[k], transform=ax.transAxes, ha="center", va="top", fontsize=FONT)
        figure.suptitle(title, fontsize=FONT + 1, y=1 - 0.08 / figure.get_figheight())

    def description(self) -> str:
        """The title and each image's caption."""
        return f"{self.title}: " + "; ".join(self.captions)


class DigitLosses(FigureView):
    """Mean cross-entropy per image by epoch, training and test images."""

    def __init__(self, train: np.ndarray, test: np.ndarray):
        """Two lines on a log scale."""
        figure = Figure(figsize=(6.5, 3.8), dpi=DPI)
        super().__init__(figure)
        self.ax = figure.add_axes((0.14, 0.15, 0.82, 0.74))
        self.ax.tick_params(which="both", labelsize=FONT)
        self.lines = [self.ax.plot([], [], "o-", color=colour, label=label)[0]
                      for colour, label in ((BLUE, "training images"), (VERMILLION, "test images"))]
        self.ax.set_yscale("log")
        # plain-text labels (no 10^k mathtext, whose exponents are drawn smaller than 11 pt)
        self.ax.yaxis.set_major_formatter(LogFormatter())
        self.ax.yaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
        self.ax.yaxis.set_minor_formatter(LogFormatter(labelOnlyBase=False, minor_thresholds=(1, 0.5)))
        self.ax.set_xlabel("epoch", fontsize=FONT)
        self.ax.set_ylabel("mean E per image", fontsize=FONT)
        self.ax.grid(True, alpha=0.3)
        set_title(self.ax, "Cross-entropy by epoch")
        self.update(train, test)

    def update(self, train: np.ndarray, test: np.ndarray) -> None:
        """Give the lines these losses (one per epoch, from epoch 0)."""
        self.values = (np.asarray(train, float), np.asarray(test, float))
        for line, values in zip(self.lines, self.values):
            line.set_data(np.arange(len(values)), values)
        self.ax.relim()
        self.ax.autoscale_view()
        self.ax.legend(loc="upper right", fontsize=FONT)

    def description(self) -> str:
        """The losses at the first and the last epoch."""
        train, test = self.values
        return (f"Mean cross-entropy per image by epoch: training {train[0]:.3g} to {train[-1]:.3g}, "
                f"test {test[0]:.3g} to {test[-1]:.3g} over {len(train) - 1} epochs")


class Confusion(FigureView):
    """A 10x10 table of counts[true, predicted], coloured, each count written in its cell."""

    def __init__(self, counts: np.ndarray):
        """Draw the counts; the diagonal (right answers) in a separate colour scale from the mistakes."""
        figure = Figure(figsize=(6.0, 5.6), dpi=DPI)
        super().__init__(figure)
        self.counts = counts
        ax = figure.add_axes((0.13, 0.1, 0.84, 0.8))
        mistakes = np.where(np.eye(10, dtype=bool), 0, counts)
        ax.imshow(mistakes, cmap="Oranges", vmin=0, vmax=max(1, int(mistakes.max())))
        for (i, j), n in np.ndenumerate(counts):
            if n:
                dark = i != j and n > mistakes.max() / 2   # white on the darkest cells
                ax.text(j, i, str(n), ha="center", va="center", fontsize=FONT, color="white" if dark else "black",
                        fontweight="bold" if i == j else "normal")
        ax.set_xticks(range(10), [str(k) for k in range(10)], fontsize=FONT)
        ax.set_yticks(range(10), [str(k) for k in range(10)], fontsize=FONT)
        ax.set_xlabel("predicted digit", fontsize=FONT)
        ax.set_ylabel("true digit", fontsize=FONT)
        set_title(ax, "Test images: true digit against predicted")

    def description(self) -> str:
        """How many are right, and the most common mistake."""
        off = np.where(np.eye(10, dtype=bool), 0, self.counts)
        i, j = np.unravel_index(np.argmax(off), off.shape)
        return (f"Confusion matrix: {int(np.trace(self.counts))} of {int(self.counts.sum())} test images right; "
                f"the most common mistake is {i} read as {j} ({int(off[i, j])} times)")


def plot_digits(images: np.ndarray, captions: Sequence[str], title: str = "") -> DigitImages:
    """Up to 16 digit images with captions."""
    images = valid_array("images", images, shape=(None, 64), ndmin=2)      # rows of 8 x 8 pixels
    if not isinstance(captions, (list, tuple)) or len(captions) != len(images):
        raise InvalidValueError(f"captions must be a list of {len(images)} texts, one per image, got {captions!r:.60}")
    return DigitImages(images, [str(caption) for caption in captions], str(title))


def plot_digit_losses(train: np.ndarray, test: np.ndarray) -> DigitLosses:
    """Training and test loss by epoch."""
    train, test = valid_array("train", train, shape=(None,)), valid_array("test", test, shape=(None,))
    if len(train) != len(test) or len(train) == 0:
        raise InvalidValueError(f"train and test must hold one loss per epoch each, got {len(train)} and {len(test)}")
    return DigitLosses(train, test)


def plot_confusion(counts: np.ndarray) -> Confusion:
    """The confusion matrix of engine/digits.confusion_matrix."""
    counts = valid_array("counts", counts, shape=(None, None))
    if counts.shape[0] != counts.shape[1] or np.any(counts < 0):
        raise InvalidValueError(f"counts must be a square matrix of counts (true x predicted), got shape {counts.shape}")
    return Confusion(counts)
