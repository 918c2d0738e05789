"""Properties over random networks, with hypothesis: what must hold for every architecture.

    cross-check    SymPy == backprop == central differences, within the cross-check's thresholds
    batches        the batch gradient is the sum of the per-example gradients
    eta -> 0       a step with a vanishing learning rate leaves the weights where they were
    fast paths     fastpath.train_fast and sweep.sweep_learning_rates equal Network.train

Networks have 1-4 layers of 1-6 units, every activation (mixed layer by layer), every
loss, and a shared or per-neuron bias chosen layer by layer; weights, inputs and targets
are random. The default (quick) profile tries 40 cases per property, derandomized;
`pytest --thorough` tries 1,000 fresh ones per property (see conftest.py). The cross-check
counts the different networks it checked and wants at least that many.

The cross-check's domain: net inputs within +-30. Beyond that a sigmoid output is 0 or 1
to float64 precision, so the binary cross-entropy is clipped and no derivative of it is
meaningful, and SymPy's e^-net / (1 + e^-net)^2 overflows past |net| ~ 355 (see
test_stability.py for those extremes).
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from backprop_lessons.engine.activations import ACTIVATIONS
from backprop_lessons.symbolic.crosscheck import crosscheck
from benchmarks.fastpath import train_fast
from backprop_lessons.engine.losses import LOSSES, get_loss
from backprop_lessons.engine.network import UPDATE_ORDERS, Network
from backprop_lessons.engine.sweep import sweep_learning_rates

ACTIVATION_NAMES, LOSS_NAMES = sorted(ACTIVATIONS), sorted(LOSSES)
NET_LIMIT = 30.0   # the cross-check's domain: |net| <= 30 everywhere
EXPLODED = 1e6     # fast paths are compared weight by weight while E_total stays below this
SAME = 1e-7        # fast paths vs engine: 8 rounds at eta 1 can grow 1-ulp differences to 1e-8


def floats(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def matrix(rows: int, columns: int, bound: float) -> st.SearchStrategy[np.ndarray]:
    return arrays(np.float64, (rows, columns), elements=floats(-bound, bound))


@st.composite
def networks(draw, losses=tuple(LOSS_NAMES)) -> Network:
    """1-4 layers of 1-6 units; activations, bias kinds and weights drawn layer by layer."""
    layers = draw(st.integers(1, 4), label="layers")
    sizes = draw(st.lists(st.integers(1, 6), min_size=layers + 1, max_size=layers + 1), label="sizes")
    loss = draw(st.sampled_from(losses), label="loss")
    hidden = draw(st.lists(st.sampled_from(ACTIVATION_NAMES), min_size=layers - 1, max_size=layers - 1))
    output = get_loss(loss).needs_activation or draw(st.sampled_from(ACTIVATION_NAMES), label="output")
    shared = draw(st.lists(st.booleans(), min_size=layers, max_size=layers), label="shared biases")
    weights = [draw(matrix(n_out, n_in, 2.0 / np.sqrt(n_in))) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [draw(arrays(np.float64, 1 if one else n_out, elements=floats(-1.0, 1.0)))
              for one, n_out in zip(shared, sizes[1:])]
    return Network(weights, biases, [*hidden, output], loss)


@st.composite
def cases(draw, losses=tuple(LOSS_NAMES), max_examples: int = 4) -> tuple[Network, np.ndarray, np.ndarray]:
    """A random network with 1 to `max_examples` examples: inputs in [-2, 2], targets fitting its loss."""
    network = draw(networks(losses))
    examples = draw(st.integers(1, max_examples), label="examples")
    inputs = draw(arrays(np.float64, (examples, network.sizes[0]), elements=floats(-2.0, 2.0)))
    low = -1.0 if network.loss.name == "squared" else 0.0   # cross-entropies want targets in [0, 1]
    targets = draw(arrays(np.float64, (examples, network.sizes[-1]), elements=floats(low, 1.0)))
    return network, inputs, targets


def within_domain(network: Network, inputs: np.ndarray) -> bool:
    """Whether every net input of the forward pass lies within +-NET_LIMIT."""
    return all(np.all(np.abs(net) <= NET_LIMIT) for net in network.forward(inputs).nets)


def kind(network: Network) -> tuple:
    """What a case covered: its activations, loss and bias kinds."""
    return (tuple(a.name for a in network.activations), network.loss.name,
            tuple("shared" if b.shape[0] == 1 else "per-neuron" for b in network.biases))


def fingerprint(network: Network, inputs: np.ndarray, targets: np.ndarray) -> tuple:
    """What makes two cases the same: architecture, every parameter, the data."""
    arrays = [*network.weights, *network.biases, inputs, targets]
    return (kind(network), tuple(network.sizes), b"".join(a.tobytes() for a in arrays))


def test_sympy_backprop_and_finite_differences_agree_on_random_networks():
    """The three-way cross-check on at least `max_examples` different random networks (1,000
    with --thorough). Hypothesis draws some cases twice, so it is given 30% more tries."""
    wanted = settings.default.max_examples
    checked: dict[tuple, tuple] = {}

    @settings(max_examples=wanted * 13 // 10)
    @given(case=cases())
    def check(case):
        network, inputs, targets = case
        assume(within_domain(network, inputs))
        result = crosscheck(network, inputs, targets)
        assert result.all_agree, result.table()
        checked[fingerprint(*case)] = kind(network)

    check()
    assert len(checked) >= wanted, f"only {len(checked)} different networks were checked"
    kinds = list(checked.values())
    assert {a for activations, _, _ in kinds for a in activations} == set(ACTIVATION_NAMES)
    assert {loss for _, loss, _ in kinds} == set(LOSS_NAMES)
    assert {b for _, _, biases in kinds for b in biases} == {"shared", "per-neuron"}


@given(case=cases(max_examples=5))
def test_the_batch_gradient_is_the_sum_of_the_per_example_gradients(case):
    network, inputs, targets = case
    batch = network.backward(network.forward(inputs), targets)
    singles = [network.backward(network.forward(x), t) for x, t in zip(inputs, targets)]
    for l in range(len(network.weights)):
        for name in ("weights", "biases"):
            total = sum(getattr(s, name)[l] for s in singles)
            scale = sum(np.abs(getattr(s, name)[l]) for s in singles)   # what rounding is relative to
            np.testing.assert_allclose(getattr(batch, name)[l], total, rtol=0, atol=1e-12 * (1 + scale.max()))
    singles_error = sum(network.error(x, t) for x, t in zip(inputs, targets))
    assert network.error(inputs, targets) == pytest.approx(singles_error, rel=1e-12, abs=1e-300)


@given(case=cases(), exponent=st.integers(-300, -12), update_biases=st.booleans(),
       order=st.sampled_from(UPDATE_ORDERS))
def test_a_vanishing_learning_rate_leaves_the_weights(case, exponent, update_biases, order):
    network, inputs, targets = case
    eta = 10.0 ** exponent
    before = network.copy()
    gradients = network.step(inputs, targets, eta, update_biases=update_biases, order=order)
    for l, (old, new) in enumerate(zip(before.weights, network.weights)):
        moved = np.abs(new - old)
        assert np.all(moved <= 2 * eta * np.abs(gradients.weights[l]) + 4 * np.spacing(np.abs(old)))
    for old, new, gradient in zip(before.biases, network.biases, gradients.biases):
        if update_biases:
            assert np.all(np.abs(new - old) <= 2 * eta * np.abs(gradient) + 4 * np.spacing(np.abs(old)))
        else:
            np.testing.assert_array_equal(new, old)


def first_overflow(network: Network, inputs, targets, iterations: int, eta: float, **options) -> int | None:
    """The first round (0 .. iterations) at which the engine's E_total or some net input is not
    finite; None if none. From there on inf - inf and inf * 0 decide the numbers, and two
    correct implementations that add in a different order may give inf in one and NaN in the
    other, or stop one round apart: the fast paths are compared on the rounds before it."""
    network = network.copy()
    with np.errstate(all="ignore"):
        for k in range(iterations + 1):
            forward = network.forward(inputs)
            error = network.loss.value(forward.outs[-1], targets)
            if not np.isfinite(error) or not all(np.all(np.isfinite(net)) for net in forward.nets):
                return k
            if k < iterations:
                network.step(inputs, targets, eta, **options)
    return None


def rounds_before_overflow(network: Network, inputs, targets, iterations: int, eta: float, **options) -> int:
    """`iterations`, or fewer so that every round compared stays finite in the engine."""
    overflow = first_overflow(network, inputs, targets, iterations, eta, **options)
    return iterations if overflow is None else overflow - 1


@given(case=cases(losses=("squared",)), iterations=st.integers(0, 8), eta=floats(0.01, 1.0),
       update_biases=st.booleans(), order=st.sampled_from(UPDATE_ORDERS))
def test_the_fast_path_equals_the_numpy_engine(case, iterations, eta, update_biases, order):
    network, inputs, targets = case
    options = {"update_biases": update_biases, "order": order}
    rounds = rounds_before_overflow(network, inputs, targets, iterations, eta, **options)
    assume(rounds >= 0)
    engine, fast = network.copy(), network.copy()
    engine_losses = engine.train(inputs, targets, rounds, eta, **options).losses
    fast_losses = train_fast(fast, inputs, targets, rounds, eta, **options).losses
    np.testing.assert_allclose(fast_losses, engine_losses, rtol=SAME, atol=1e-10)
    # Past this, saturated tanh/sigmoid units turn 1-ulp differences between math.exp and
    # np.exp into relative differences of 1e-4 in the hidden weights: rounding, not a bug.
    assume(np.max(engine_losses) <= EXPLODED)
    for a, b in zip(engine.weights + engine.biases, fast.weights + fast.biases):
        np.testing.assert_allclose(b, a, rtol=SAME, atol=1e-10)


@given(case=cases(losses=("squared",)), iterations=st.integers(0, 8),
       etas=st.lists(floats(0.01, 1.0), min_size=1, max_size=4), update_biases=st.booleans(),
       order=st.sampled_from(UPDATE_ORDERS))
def test_the_learning_rate_sweep_equals_the_numpy_engine(case, iterations, etas, update_biases, order):
    network, inputs, targets = case
    options = {"update_biases": update_biases, "order": order}
    swept = sweep_learning_rates(network, inputs, targets, etas, iterations, **options)
    assert swept.shape == (len(etas), iterations + 1)
    for row, eta in zip(swept, etas):
        rounds = rounds_before_overflow(network, inputs, targets, iterations, eta, **options)
        engine = network.copy().train(inputs, targets, max(rounds, 0), eta, **options).losses
        np.testing.assert_allclose(row[:rounds + 1], engine[:rounds + 1], rtol=SAME, atol=1e-10)
