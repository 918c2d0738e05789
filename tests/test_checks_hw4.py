"""Homework 4's self-checks: right answers pass, each slip is named, stubs are "not done",
the package is no shortcut, train is graded on the reference pieces, validate fails wrong work.

The student code below is written here in plain Python, independently of the package's reference.
"""
from __future__ import annotations

import math
import sys

import pytest

from backprop_lessons.engine.autograd import Value as PackageValue
from backprop_lessons.engine.autograd import topological_order as package_order
from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.homework import checks_hw4 as hw4
from backprop_lessons.homework.checks_hw4_rules import check_rule
from backprop_lessons.lecture.autograd_round import lecture_graph, train_with_autograd
from backprop_lessons.lecture.example import LECTURE_VALUES


@pytest.fixture(autouse=True)
def no_other_autograd_loaded(monkeypatch):
    """This test process is not a student's kernel: another test file (notebook 17's, test_torch_round.py)
    may have loaded torch into it, which homework 4's checks rightly count against a student. Hide it."""
    from backprop_lessons.homework.tamper import LIBRARIES

    for name in LIBRARIES:
        monkeypatch.delitem(sys.modules, name, raising=False)


WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def make_value(add="+=", mul="swap", sig="out", stub=False):
    """A student's Value class; the keywords put in one slip at a time."""

    class Value:
        def __init__(self, data, parents=()):
            self.data, self.grad, self.parents = data, 0.0, parents
            self._backward = lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def back():
                if stub:
                    return
                if add == "=":
                    self.grad = out.grad
                    other.grad = out.grad
                else:
                    self.grad += out.grad
                    other.grad += out.grad
            out._backward = back
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def back():
                a, b = (other.data, self.data) if mul == "swap" else (self.data, other.data)
                self.grad += a * out.grad
                other.grad += b * out.grad
            out._backward = back
            return out

        def sigmoid(self):
            out = Value(1 / (1 + math.exp(-self.data)), (self,))

            def back():
                x = out.data if sig == "out" else self.data
                self.grad += x * (1 - x) * out.grad
            out._backward = back
            return out

        def __pow__(self, n):
            out = Value(self.data ** n, (self,))

            def back():
                self.grad += n * self.data ** (n - 1) * out.grad
            out._backward = back
            return out

        def __neg__(self):
            return self * -1

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return Value(other) + (-self)

        def __rmul__(self, other):
            return self * other

    return Value


def order(root, reverse=False, visited=True):
    result, seen = [], set()

    def visit(value):
        if visited and id(value) in seen:
            return
        seen.add(id(value))
        for parent in value.parents:
            visit(parent)
        result.append(value)
    visit(root)
    return result[::-1] if reverse else result


def backward(root, topo):
    root.grad = 1.0
    for value in reversed(topo):
        value._backward()


def forward_graph(v, Value, bias=True, half=0.5):
    g = {name: Value(x) for name, x in v.items()}
    b1, b2 = (g["b1"], g["b2"]) if bias else (0.0, 0.0)
    g["net_h1"] = g["w1"] * g["i1"] + g["w2"] * g["i2"] + b1
    g["out_h1"] = g["net_h1"].sigmoid()
    g["net_h2"] = g["w3"] * g["i1"] + g["w4"] * g["i2"] + b1
    g["out_h2"] = g["net_h2"].sigmoid()
    g["net_o1"] = g["w5"] * g["out_h1"] + g["w6"] * g["out_h2"] + b2
    g["out_o1"] = g["net_o1"].sigmoid()
    g["net_o2"] = g["w7"] * g["out_h1"] + g["w8"] * g["out_h2"] + b2
    g["out_o2"] = g["net_o2"].sigmoid()
    g["E_total"] = half * (g["target_o1"] - g["out_o1"]) ** 2 + half * (g["target_o2"] - g["out_o2"]) ** 2
    return g


def train(v, eta, rounds, first=True):
    v, errors = dict(v), []
    for _ in range(rounds):
        g = forward_graph(v, make_value())
        errors.append(g["E_total"].data)
        backward(g["E_total"], order(g["E_total"]))
        v.update({w: v[w] - eta * g[w].grad for w in WEIGHTS})
    errors.append(forward_graph(v, make_value())["E_total"].data)
    return errors if first else errors[1:]


def line(capsys):
    return capsys.readouterr().out.strip()


@pytest.mark.parametrize("operation", ["+", "*", "sigmoid"])
def test_right_rules_pass(operation, capsys):
    assert check_rule(operation, make_value())
    assert line(capsys).startswith("✓")


@pytest.mark.parametrize("operation, slip, cause", [
    ("+", {"add": "="}, "`=` instead of `+=`"),
    ("*", {"mul": "same"}, "multiply swaps"),
    ("sigmoid", {"sig": "input"}, "used the input x"),
])
def test_each_slip_is_named(operation, slip, cause, capsys):
    assert not check_rule(operation, make_value(**slip))
    out = line(capsys)
    assert out.startswith("✗") and cause in out


STUB_VALUE = """
class Value:
    def __init__(self, data, parents=()):
        self.data, self.grad, self.parents = data, 0.0, parents
        self._backward = lambda: None

    def __add__(self, other):
        out = Value(self.data + other.data, (self, other))

        def _backward():
            # YOUR CODE HERE: replace `pass` with your answer
            pass
        out._backward = _backward
        return out
"""


def test_a_stub_is_not_done(capsys, tmp_path, monkeypatch):
    result = check_rule("+", make_value(stub=True))
    assert result.status == "wrong" and "changes no grad" in line(capsys)
    (tmp_path / "stub_value.py").write_text(STUB_VALUE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    from stub_value import Value
    assert check_rule("+", Value).status == "not done"
    assert "the _backward of Value.__add__ is still the `pass` stub" in line(capsys)


def test_not_a_class_is_refused(capsys):
    assert not check_rule("+", 3) and "pass your class Value" in line(capsys)
    with pytest.raises(InvalidValueError, match="operation"):
        check_rule("-", make_value())
    with pytest.raises(InvalidValueError, match="seed"):
        check_rule("+", make_value(), seed=-1)
    with pytest.raises(InvalidValueError, match="seed"):
        hw4.check_autograd_train(train, seed=-1)


def test_topological_order_right_reversed_and_repeated(capsys):
    assert hw4.check_topological_order(order)
    assert not hw4.check_topological_order(lambda r: order(r, reverse=True))
    assert not hw4.check_topological_order(lambda r: order(r, visited=False))
    out = capsys.readouterr().out
    assert "the root comes last" in out and "more than once" in out
    assert hw4.check_topological_order(lambda r: None).status == "not done"


def test_backward_right_and_stub(capsys):
    assert hw4.check_backward(backward)
    assert hw4.check_backward(lambda root, topo: None).status == "wrong"
    assert "every grad is still 0" in line(capsys)
    assert not hw4.check_backward(lambda root, topo: [v._backward() for v in topo] and None)


def test_forward_graph_right_and_slips(capsys):
    assert hw4.check_forward_graph(forward_graph)
    assert not hw4.check_forward_graph(lambda v, Value: forward_graph(v, Value, bias=False))
    assert not hw4.check_forward_graph(lambda v, Value: forward_graph(v, Value, half=1.0))
    out = capsys.readouterr().out
    assert "forgot the biases" in out and "forgot the 1/2" in out


def test_train_right_and_one_short(capsys):
    assert hw4.check_autograd_train(train)
    assert not hw4.check_autograd_train(lambda v, eta, rounds: train(v, eta, rounds, first=False))
    assert "start with E_total before any update" in capsys.readouterr().out


NOTEBOOK_TRAIN = """
def train(v, eta, rounds):
    v = dict(v)
    errors = []
    for _ in range(rounds):
        graph = forward_graph(v, Value)
        errors.append(graph["E_total"].data)
        backward(graph["E_total"], topological_order(graph["E_total"]))
        for w in WEIGHTS:
            v[w] = v[w] - eta * graph[w].grad
    errors.append(forward_graph(v, Value)["E_total"].data)
    return errors
"""


def notebook_train(source=NOTEBOOK_TRAIN, **pieces):
    """train as a notebook defines it, with the notebook's own Value, order, backward, forward_graph."""
    namespace = {"WEIGHTS": WEIGHTS, "Value": make_value(), "topological_order": order, "backward": backward,
                 "forward_graph": forward_graph, **pieces}
    exec(source, namespace)
    return namespace["train"]


def test_train_runs_on_the_reference_pieces_so_a_broken_value_costs_its_own_exercise(capsys):
    broken = notebook_train(Value=make_value(mul="same"))
    assert not hw4.check_autograd_train(broken)
    assert "it calls your Value, which is not right yet" in line(capsys)
    assert hw4.check_autograd_train(broken, cases=6, seed=7446, graded=True)
    no_order = notebook_train(topological_order=lambda root: None)
    assert hw4.check_autograd_train(no_order, graded=True)
    one_short = notebook_train(NOTEBOOK_TRAIN.replace("return errors", "return errors[:-1]"),
                               Value=make_value(mul="same"))
    assert not hw4.check_autograd_train(one_short, graded=True)
    assert "one update short" in line(capsys)


@pytest.mark.parametrize("check, student, called", [
    (hw4.check_topological_order, lambda root: package_order(root), "topological_order"),
    (hw4.check_backward, lambda root, topo: root.backward(), "backward"),
    (hw4.check_forward_graph, lambda v, Value: lecture_graph(v, Value), "lecture_graph"),
    (hw4.check_autograd_train, lambda v, eta, rounds: train_with_autograd(rounds, eta, v), "train_with_autograd"),
])
def test_the_package_is_no_shortcut(check, student, called, capsys):
    result = check(student, graded=True)
    assert not result and f"calls the course package's {called}" in line(capsys)


def test_the_package_value_is_no_shortcut(capsys):
    class Inherited(PackageValue):
        """A student's Value that only inherits the package's."""

    for cheat in (PackageValue, Inherited):
        assert not check_rule("*", cheat, graded=True)
        assert "the course package's" in line(capsys)


STUBS = """
def topological_order(root):
    # YOUR CODE HERE: replace `pass` with your answer
    pass


def backward(root, order):
    # YOUR CODE HERE: replace `pass` with your answer
    pass


def forward_graph(v, Value):
    g = {name: Value(number) for name, number in v.items()}
    # YOUR CODE HERE: replace `pass` with your answer
    pass


def train(v, eta, rounds):
    # YOUR CODE HERE: replace `pass` with your answer
    pass
"""


def test_stubs_are_not_done(capsys, tmp_path, monkeypatch):
    (tmp_path / "stubs_hw4.py").write_text(STUBS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import stubs_hw4
    for check, stub in ((hw4.check_topological_order, stubs_hw4.topological_order),
                        (hw4.check_backward, stubs_hw4.backward), (hw4.check_forward_graph, stubs_hw4.forward_graph),
                        (hw4.check_autograd_train, stubs_hw4.train)):
        assert check(stub, graded=True).status == "not done", check.__name__
    assert "forward_graph(v, Value) is None" in capsys.readouterr().out


def test_validate_fails_a_wrong_check_but_not_a_graded_one(monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    with pytest.raises(AssertionError, match="multiply swaps"):
        check_rule("*", make_value(mul="same"))
    with pytest.raises(AssertionError, match="every grad is still 0"):
        hw4.check_backward(lambda root, topo: None)
    assert not check_rule("*", make_value(mul="same"), graded=True)
    assert check_rule("*", make_value()) and hw4.check_autograd_train(train)


def test_the_lectures_example_comes_first():
    assert dict(LECTURE_VALUES) == hw4.examples(1, 0)[0][1]
