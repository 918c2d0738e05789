"""Notebook 15: the digits (engine/digits.py), trained with the package's network; the panel and the figures."""
import json
import re
from pathlib import Path

import numpy as np
import pytest

from backprop_lessons.engine.digits import (bundled_digits, confusion_matrix, load_digits_split,
                                            misclassified, train_digits)
from lecturer.answers_beyond import notebook_15 as answers
from backprop_lessons.engine.errors import BackpropLessonsError, InvalidValueError
from backprop_lessons.panels.digits import digits_panel
from backprop_lessons.panels.tables import format_lines

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "15-real-data-digits.ipynb"


@pytest.fixture(scope="module")
def data():
    return load_digits_split()


@pytest.fixture(scope="module")
def run(data):
    return train_digits(data=data)


def test_the_bundled_file_is_what_load_digits_returns():
    from sklearn.datasets import load_digits
    reference, table = load_digits(), bundled_digits()
    np.testing.assert_array_equal(table[:, :64], reference.data)
    np.testing.assert_array_equal(table[:, 64], reference.target)


def test_the_split_is_1347_and_450_disjoint_scaled_and_one_hot(data):
    assert data.train_inputs.shape == (1347, 64) and data.test_inputs.shape == (450, 64)
    assert 0 <= data.train_inputs.min() and data.train_inputs.max() == 1.0
    assert np.all(data.test_targets.sum(axis=1) == 1) and set(np.unique(data.train_targets)) == {0.0, 1.0}
    train = {row.tobytes() for row in data.train_inputs}
    assert sum(row.tobytes() in train for row in data.test_inputs) < 5   # only true duplicates in the data set


def test_mini_batch_sgd_reaches_95_percent_on_the_test_images(run):
    assert run.test_accuracy >= 0.95 and run.steps == 15 * 43
    assert run.train_loss[-1] < run.train_loss[0] / 10 and run.test_loss[-1] < run.test_loss[0] / 10


def test_confusions_and_mistakes_add_up(run, data):
    counts = confusion_matrix(run.network, data.test_inputs, data.test_targets)
    wrong = misclassified(run.network, data.test_inputs, data.test_targets)
    assert counts.sum() == 450 and np.trace(counts) == round(run.test_accuracy * 450) == 450 - len(wrong)
    assert all(counts[t, p] >= 1 and t != p for _, t, p in wrong)


def test_the_answers_and_the_notebooks_typed_counts_are_computed_ones(run, data):
    a = answers(run, data)
    parameters = sum(w.size + b.size for w, b in zip(run.network.weights, run.network.biases))
    assert a[1].startswith(f"{parameters:,}") and a[2].startswith("43")
    text = "".join("".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"] if c["cell_type"] == "markdown")
    assert f"| {parameters:,} |" in text and "1,347" in text and "450" in text
    questions = next(s for s in text.split("## ") if s.startswith("Questions"))
    assert len(re.findall(r"^\d+\. ", questions, re.M)) == len(a)


@pytest.fixture(scope="module")
def panel():
    return digits_panel()


def test_panel_shows_the_run_of_its_settings(panel, data):
    panel.set(hidden=16, epochs=2, batch="128", eta=0.5)
    run = train_digits(16, 2, 128, 0.5, data=data)
    assert panel.error is None and format_lines({"test accuracy": run.test_accuracy}) in panel.summary()
    assert f"steps = {2 * 11}" in panel.summary()


@pytest.mark.parametrize("values, name", [({"batch": "7"}, "batch"), ({"epochs": 50}, "epochs"), ({"eta": 5.0}, "eta")])
def test_panel_refuses_values_its_controls_cannot_take(panel, values, name):
    with pytest.raises(InvalidValueError, match=name):
        panel.set(**values)


@pytest.mark.parametrize("kwargs, name", [({"epochs": 0}, "epochs"), ({"eta": -1.0}, "eta"), ({"batch": 0}, "batch"),
                                          ({"activation": "elu"}, "activation"), ({"hidden": 10_000}, "hidden")])
def test_bad_training_arguments_are_one_line_errors(kwargs, name, data):
    with pytest.raises(BackpropLessonsError, match=name):
        train_digits(data=data, **kwargs)
