"""One name per parameter: every producer of parameter names gives the same names in the same order."""
from __future__ import annotations

import json

import numpy as np
import pytest

from backprop_lessons.engine.naming import (get_parameters, gradient_vector, neuron_names, parameter_gradients,
                                            parameter_slots, parameter_vector)
from backprop_lessons.engine.network import Network
from backprop_lessons.lecture.example import lecture_data, lecture_network
from backprop_lessons.panels.surface import surface_panel
from backprop_lessons.symbolic.crosscheck import crosscheck
from backprop_lessons.symbolic.derivation import derive
from backprop_lessons.symbolic.equations import SymbolicNetwork


def networks() -> dict[str, tuple[Network, np.ndarray, np.ndarray]]:
    """The lecture's network and a few others: another shape, several hidden layers, per-neuron biases."""
    rng = np.random.default_rng(3)

    def case(sizes, shared_bias=True):
        net = Network.random(sizes, seed=int(rng.integers(1000)), shared_bias=shared_bias)
        return net, rng.uniform(-1, 1, (2, sizes[0])), rng.uniform(0.1, 0.9, (2, sizes[-1]))

    return {"lecture": (lecture_network(), *lecture_data()), "2-3-1": case([2, 3, 1]),
            "3-2-2-1": case([3, 2, 2, 1]), "2-2-2 own biases": case([2, 2, 2], shared_bias=False)}


NETWORKS = networks()


@pytest.mark.parametrize("name", NETWORKS)
def test_every_producer_names_the_parameters_alike(name):
    network, inputs, targets = NETWORKS[name]
    names = list(parameter_slots(network))
    assert len(names) == len(set(names)) == parameter_vector(network).size
    assert [p.name for p in SymbolicNetwork.from_network(network).parameters] == names
    assert list(get_parameters(network)) == names
    gradients = network.backward(network.forward(inputs), targets)
    assert list(parameter_gradients(network, gradients)) == names
    assert np.array_equal(gradient_vector(gradients), list(parameter_gradients(network, gradients).values()))
    assert np.array_equal(parameter_vector(network), list(get_parameters(network).values()))
    check = crosscheck(network, inputs, targets)
    assert [row.parameter for row in check.rows] == names
    assert [row["parameter"] for row in json.loads(check.to_json())["rows"]] == names
    assert surface_panel(network, inputs, targets).controls["x"].options == tuple(names)
    for parameter in (names[0], names[-1]):
        assert derive(parameter, network, inputs[:1], targets[:1]).parameter == parameter


def test_the_lecture_keeps_the_lecture_names_and_others_the_indexed_scheme():
    assert list(parameter_slots(lecture_network())) == [f"w{n}" for n in range(1, 9)] + ["b1", "b2"]
    assert neuron_names(lecture_network()) == [["i1", "i2"], ["h1", "h2"], ["o1", "o2"]]
    network = NETWORKS["3-2-2-1"][0]
    assert list(parameter_slots(network))[:2] == ["w_1_1_1", "w_1_1_2"]
    assert list(parameter_slots(network))[-3:] == ["b_1", "b_2", "b_3"]
    assert neuron_names(network)[1:] == [["h1_1", "h1_2"], ["h2_1", "h2_2"], ["o1"]]
    own = NETWORKS["2-2-2 own biases"][0]
    assert list(parameter_slots(own))[-4:] == ["b1_1", "b1_2", "b2_1", "b2_2"]
