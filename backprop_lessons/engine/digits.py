"""Real data: scikit-learn's 8x8 handwritten digits, learnt by the package's own network with mini-batch SGD (notebook 15).

The 1,797 digits ship inside scikit-learn (`load_digits()` reads a file in the package: no
download). Each image is 64 grey levels 0..16, scaled here to 0..1; the label is one of ten
classes, one-hot. A fixed shuffle puts 1,347 images in the training set and 450 in the test set.
The network is the one of every notebook (engine/network.py): 64 inputs, one hidden layer, ten
identity outputs with softmax and cross-entropy (notebook 14), started with He's or Xavier's
scale (notebook 13). What changes from the lecture: many examples, taken a mini-batch at a time
(each step uses the gradient of `batch` examples, averaged, so eta does not depend on the batch
size), one bias per neuron, and softmax. What does not: each step is the lecture's round:
forward, the deltas layer by layer (BP1 .. BP4), w+ = w - eta * dE/dw.
Non-goal: state-of-the-art accuracy; a bigger model would do better, this one is the lecture's.
"""
from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backprop_lessons.engine.errors import valid_choice, valid_count, valid_number
from backprop_lessons.engine.network import Network

TEST_SIZE = 450      # of 1,797 images
CLASSES = 10


@dataclass(frozen=True)
class Digits:
    """Training and test images (rows of 64 values in 0..1) with one-hot labels (rows of 10)."""

    train_inputs: np.ndarray
    train_targets: np.ndarray
    test_inputs: np.ndarray
    test_targets: np.ndarray


def bundled_digits() -> np.ndarray:
    """scikit-learn's digits.csv.gz, the file its load_digits() reads: 1,797 rows of 64 pixels and the label.

    Read straight from the installed package, without importing scikit-learn (seconds of SciPy on
    a busy machine); tests/test_digits.py checks it equals load_digits()."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the digits need scikit-learn: pip install scikit-learn (make venv installs it)")
    path = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "data" / "digits.csv.gz"
    return np.loadtxt(path, delimiter=",")


def load_digits_split(seed: int = 0) -> Digits:
    """The bundled digits, scaled to 0..1, shuffled by `seed` and split 1,347 / 450."""
    table = bundled_digits()
    inputs, labels = table[:, :64] / 16.0, table[:, 64].astype(int)
    order = np.random.default_rng(valid_count("seed", seed, maximum=2**32 - 1)).permutation(len(labels))
    inputs, targets = inputs[order], np.eye(CLASSES)[labels[order]]
    return Digits(inputs[TEST_SIZE:], targets[TEST_SIZE:], inputs[:TEST_SIZE], targets[:TEST_SIZE])


@dataclass(frozen=True)
class DigitsRun:
    """A trained digits network and what its training measured."""

    network: Network
    train_loss: np.ndarray     # (epochs + 1,): mean cross-entropy per training image, before each epoch and at the end
    test_loss: np.ndarray      # (epochs + 1,): the same on the test images
    test_accuracy: float
    seconds: float             # wall-clock time of the training loop (not the loading)
    steps: int                 # mini-batch steps taken


def digits_network(hidden: int = 32, activation: str = "relu", seed: int = 0) -> Network:
    """64 inputs, `hidden` neurons, 10 softmax outputs; He's scale for ReLU, Xavier's for tanh (notebook 13)."""
    activation = valid_choice("activation", activation, ("relu", "tanh", "sigmoid"))
    gain = np.sqrt(2.0) if activation == "relu" else 1.0
    network = Network.random([64, valid_count("hidden", hidden, minimum=1, maximum=256), CLASSES],
                             [activation, "identity"], "softmax_cross_entropy", scale=gain, seed=seed)
    network.biases = [np.zeros_like(b) for b in network.biases]
    return network


def train_digits(hidden: int = 32, epochs: int = 15, batch: int = 32, eta: float = 0.3,
                 activation: str = "relu", seed: int = 0, data: Digits | None = None) -> DigitsRun:
    """Mini-batch SGD: each epoch, shuffle the training images and take one step per `batch` of them."""
    epochs = valid_count("epochs", epochs, minimum=1, maximum=100)
    batch = valid_count("batch", batch, minimum=1, maximum=1347)
    eta = valid_number("eta", eta, positive=True, maximum=10)
    data = data if data is not None else load_digits_split()
    network = digits_network(hidden, activation, seed)
    rng = np.random.default_rng([seed, 2])
    x, t = data.train_inputs, data.train_targets
    train_loss, test_loss, steps = [], [], 0
    start = time.perf_counter()
    for epoch in range(epochs + 1):
        train_loss.append(network.error(x, t) / len(x))
        test_loss.append(network.error(data.test_inputs, data.test_targets) / len(data.test_inputs))
        if epoch == epochs:
            break
        order = rng.permutation(len(x))
        for first in range(0, len(x), batch):
            rows = order[first:first + batch]
            network.step(x[rows], t[rows], eta / len(rows), update_biases=True)   # the mean over the batch
            steps += 1
    seconds = time.perf_counter() - start
    return DigitsRun(network, np.array(train_loss), np.array(test_loss),
                     accuracy(network, data.test_inputs, data.test_targets), seconds, steps)


def predictions(network: Network, inputs: np.ndarray) -> np.ndarray:
    """The class each image is given: the largest output (the largest p after softmax)."""
    return np.argmax(network.forward(inputs).outs[-1], axis=1)


def accuracy(network: Network, inputs: np.ndarray, targets: np.ndarray) -> float:
    """The fraction of images whose predicted class is their label."""
    return float(np.mean(predictions(network, inputs) == np.argmax(targets, axis=1)))


def confusion_matrix(network: Network, inputs: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """counts[true, predicted], shape (10, 10): the diagonal is right, every other cell a kind of mistake."""
    inputs, targets = network.valid_data(inputs, targets, need_targets=True)
    counts = np.zeros((CLASSES, CLASSES), dtype=int)
    np.add.at(counts, (np.argmax(targets, axis=1), predictions(network, inputs)), 1)
    return counts


def misclassified(network: Network, inputs: np.ndarray, targets: np.ndarray) -> list[tuple[int, int, int]]:
    """(index, true digit, predicted digit) of every image the network gets wrong, in order."""
    inputs, targets = network.valid_data(inputs, targets, need_targets=True)
    true, predicted = np.argmax(targets, axis=1), predictions(network, inputs)
    return [(int(i), int(true[i]), int(predicted[i])) for i in np.flatnonzero(true != predicted)]
