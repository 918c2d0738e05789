"""The staged lines: the mirror gives the worked round's gradients; the two bugs give their wrong numbers."""
import pytest

from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.lecture.example import LECTURE_VALUES, worked_round
from backprop_lessons.lecture.staged import staged_backward, staged_forward, staged_gradients, train_staged

WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def test_staged_forward_is_the_worked_rounds_forward_pass():
    v, w = staged_forward(LECTURE_VALUES), worked_round()
    for name in ("net_h1", "out_h1", "net_h2", "out_h2", "net_o1", "out_o1", "net_o2", "out_o2", "E_total"):
        assert v[name] == pytest.approx(w[name], rel=1e-15)


@pytest.mark.parametrize("overrides", [None, {"w7": -1.0, "i1": 0.0}])
def test_the_mirror_gives_every_gradient_of_the_worked_round(overrides):
    worked = worked_round(overrides, update_biases=True)
    for name, value in staged_gradients(overrides).items():
        assert value == pytest.approx(worked[name], rel=1e-13, abs=1e-18), name


def test_assigning_where_out_h1_fans_out_loses_the_path_through_o2():
    worked, wrong = worked_round(), staged_gradients(fan_out="=")
    # computed independently: only delta_o1 * w5 reaches out_h1
    expected = worked["delta_o1"] * 0.4 * worked["dout_h1/dnet_h1"] * 0.05
    assert wrong["dE_total/dw1"] == pytest.approx(expected, rel=1e-13)
    assert wrong["dE_total/dw1"] != pytest.approx(worked["dE_total/dw1"], rel=1e-3)
    for w in WEIGHTS[4:] + ("w3", "w4"):
        assert wrong[f"dE_total/d{w}"] == pytest.approx(worked[f"dE_total/d{w}"], rel=1e-13)


def test_not_resetting_adds_each_round_to_the_last():
    fresh, kept = train_staged(3), train_staged(3, reset=False)
    assert kept[0] == fresh[0]
    for k in range(1, 3):
        for name in kept[k]:
            assert kept[k][name] == pytest.approx(kept[k - 1][name] + _fresh_at(kept, k)[name], rel=1e-12)
    assert kept[1]["dE_total/dw5"] > 1.9 * fresh[1]["dE_total/dw5"]


def _fresh_at(kept, k):
    """The gradient a correct round would compute at the weights the buggy run reached in round k."""
    v = dict(LECTURE_VALUES)
    for r in range(k):
        v.update({w: v[w] - 0.5 * kept[r][f"dE_total/d{w}"] for w in WEIGHTS})
    return staged_gradients(v)


def test_staged_backward_adds_to_the_grads_it_is_given():
    v = staged_forward(LECTURE_VALUES)
    once = staged_backward(v)
    kept = {name: once[name] if name in WEIGHTS else 0.0 for name in v}   # like a weight's .grad, kept
    twice = staged_backward(v, kept)
    assert twice["w5"] == pytest.approx(2 * once["w5"])


def test_bad_input_is_one_line_naming_the_parameter():
    with pytest.raises(InvalidValueError, match="fan_out"):
        staged_gradients(fan_out="-=")
    with pytest.raises(InvalidValueError, match="rounds"):
        train_staged(0)


def test_staged_lines_show_the_part_a_notebook_teaches():
    from backprop_lessons.lecture.staged import staged_lines
    forward = staged_lines(staged_forward, "net_h1", "out_h1").splitlines()
    assert forward == ['v["net_h1"] = v["w1"] * v["i1"] + v["w2"] * v["i2"] + v["b1"]', 'v["out_h1"] = sigmoid(v["net_h1"])']
    backward = staged_lines(staged_backward, "out_h1").splitlines()
    assert len(backward) == 2 and all(line.startswith('g["out_h1"] +=') for line in backward)   # not the "=" bug
