"""The data sets of notebooks/08-beyond-the-lecture.ipynb: shapes, classes, determinism, bad arguments."""
import numpy as np
import pytest

from backprop_lessons.engine.datasets import two_moons, xor
from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError


def test_xor_alone_is_the_truth_table():
    inputs, targets = xor()
    assert inputs.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert targets.tolist() == [[0], [1], [1], [0]]
    assert inputs.dtype == targets.dtype == np.float64


def test_noisy_xor_keeps_each_example_near_its_corner():
    inputs, targets = xor(noise=0.1, n=100, seed=3)
    assert inputs.shape == (100, 2) and targets.shape == (100, 1)
    corners = np.tile([[0, 0], [0, 1], [1, 0], [1, 1]], (25, 1))
    assert 0 < np.abs(inputs - corners).max() < 0.5          # moved, but not past the middle
    assert np.array_equal(targets[:, 0], np.logical_xor(*corners.T).astype(float))
    assert targets.sum() == 50


def test_two_moons_classes_and_shapes():
    inputs, targets = two_moons(n=201, noise=0.0)
    assert inputs.shape == (201, 2) and targets.shape == (201, 1) and inputs.dtype == np.float64
    assert targets[:100].sum() == 0 and targets[100:].sum() == 101   # class 0 rows first
    upper, lower = inputs[:100], inputs[100:]
    assert np.allclose(np.hypot(*upper.T), 1.0) and np.all(upper[:, 1] >= 0)
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0) and np.all(lower[:, 1] <= 0.5)


@pytest.mark.parametrize("make", [xor, two_moons])
def test_same_seed_same_numbers_other_seed_other_numbers(make):
    n = 40
    first, again, other = make(noise=0.2, n=n, seed=7), make(noise=0.2, n=n, seed=7), make(noise=0.2, n=n, seed=8)
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    assert not np.array_equal(first[0], other[0]) and np.array_equal(first[1], other[1])


@pytest.mark.parametrize("call, error, name", [
    (lambda: xor(n=6), InvalidValueError, "n must be a multiple of 4"),
    (lambda: xor(n=0), InvalidValueError, "n must be between"),
    (lambda: xor(noise=-0.1), InvalidValueError, "noise"),
    (lambda: xor(noise=float("nan")), InvalidValueError, "noise"),
    (lambda: xor(noise="0.1"), InvalidTypeError, "noise"),
    (lambda: xor(seed=-1), InvalidValueError, "seed"),
    (lambda: two_moons(n=1), InvalidValueError, "n must be between"),
    (lambda: two_moons(n=2.5), InvalidTypeError, "n must be a whole number"),
    (lambda: two_moons(noise=float("inf")), InvalidValueError, "noise"),
    (lambda: two_moons(seed=1.0), InvalidTypeError, "seed"),
])
def test_bad_arguments_name_the_parameter(call, error, name):
    with pytest.raises(error, match=name) as raised:
        call()
    assert "\n" not in str(raised.value)
