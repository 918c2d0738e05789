"""The autograd Value and the lecture's network built from it, against the lecture's printed figures."""
import math

import pytest

from backprop_lessons.engine.autograd import Value, as_value, topological_order
from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError
from backprop_lessons.lecture.autograd_round import autograd_gradients, lecture_graph, train_with_autograd
from backprop_lessons.lecture.example import train_lecture, worked_round
from backprop_lessons.lecture.published import PRINTED


def printed(name):
    p = PRINTED[name]
    return p.text, p.decimals


@pytest.mark.parametrize("name", ["dE_total/dw5", "dE_total/dw1"])
def test_autograd_reproduces_the_lectures_printed_gradients(name):
    text, decimals = printed(name)
    assert f"{autograd_gradients()[name]:.{decimals}f}" == text


def test_autograd_equals_the_worked_round_for_every_parameter():
    worked = worked_round(update_biases=True)
    for name, value in autograd_gradients().items():
        assert value == pytest.approx(worked[name], rel=1e-13, abs=1e-17), name


def test_add_distributes_and_multiply_swaps_and_fan_out_adds():
    a, b = Value(2.0), Value(-3.0)
    c = a * b + a          # a is used twice
    c.backward()
    assert c.data == -4.0 and a.grad == -3.0 + 1.0 and b.grad == 2.0


def test_sigmoid_rule_is_out_times_one_minus_out_and_is_stable():
    x = Value(0.3775)
    out = x.sigmoid()
    out.backward()
    assert x.grad == pytest.approx(out.data * (1 - out.data))
    assert Value(-800.0).sigmoid().data == 0.0 and Value(800.0).sigmoid().data == 1.0


def test_power_subtraction_and_numbers_on_the_left():
    x = Value(3.0)
    y = 0.5 * (1 - x) ** 2
    y.backward()
    assert y.data == 2.0 and x.grad == pytest.approx(2.0)   # d/dx 1/2 (1 - x)^2 = x - 1


def test_backward_twice_gives_the_same_grads_not_double():
    g = lecture_graph()
    g["E_total"].backward()
    first = g["w1"].grad
    g["E_total"].backward()
    assert g["w1"].grad == first


def test_topological_order_lists_each_value_once_after_its_parents():
    g = lecture_graph()
    order = topological_order(g["E_total"])
    position = {id(v): k for k, v in enumerate(order)}
    assert len(position) == len(order) and order[-1] is g["E_total"]
    assert all(position[id(p)] < position[id(v)] for v in order for p in v.parents)
    assert all(id(v) in position for v in g.values())


def test_topological_order_handles_a_long_chain_without_recursion():
    x = Value(1.0)
    y = x
    for _ in range(5000):
        y = y * 1.0
    assert len(topological_order(y)) == 10001
    y.backward()
    assert x.grad == 1.0


def test_training_with_autograd_is_training_the_lecture_network():
    errors = train_with_autograd(5)
    _, history = train_lecture(5)
    assert errors == pytest.approx(list(history.losses), rel=1e-12)


def test_bad_input_is_one_line_naming_the_parameter():
    with pytest.raises(InvalidValueError, match="data"):
        Value(float("nan"))
    with pytest.raises(InvalidTypeError, match="exponent"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(InvalidTypeError, match="root"):
        topological_order(3.0)
    with pytest.raises(InvalidValueError, match="rounds"):
        train_with_autograd(-1)
    with pytest.raises(InvalidValueError, match="eta"):
        train_with_autograd(1, eta=0)


def test_as_value_and_repr():
    v = as_value(1.5)
    assert isinstance(v, Value) and as_value(v) is v
    assert repr(lecture_graph()["w5"]).startswith("Value(w5, data=0.4")
    assert math.isclose(lecture_graph({"w5": 0.3})["w5"].data, 0.3)
