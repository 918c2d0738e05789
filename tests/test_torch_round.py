"""Notebook 17: the lecture's round in PyTorch (lecture/torch_round.py) and its panel."""
import json
import os
import re
from pathlib import Path

import pytest

if os.environ.get("CI", "").lower() != "true":   # torch is in the test extra; in CI a missing torch must fail
    pytest.importorskip("torch", reason="torch is not installed (pip install -e '.[torch]')")

from backprop_lessons.engine.errors import InvalidValueError  # noqa: E402
from backprop_lessons.lecture.example import worked_round  # noqa: E402
from backprop_lessons.lecture.staged import train_staged  # noqa: E402
from backprop_lessons.lecture.torch_round import torch_rounds  # noqa: E402
from lecturer.answers_beyond import notebook_17 as answers  # noqa: E402
from backprop_lessons.panels.tables import format_lines  # noqa: E402
from backprop_lessons.panels.torch_round import torch_panel  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "17-the-round-in-pytorch.ipynb"


def test_one_round_in_pytorch_gives_the_lectures_numbers_to_1e_12():
    first, worked = torch_rounds(1)[0], worked_round(update_biases=True)
    shared = [k for k in first if k in worked]
    assert len(shared) == 19   # E_total, 10 gradients, 8 updated weights
    assert all(abs(first[k] - worked[k]) <= 1e-12 for k in shared)


def test_forgetting_zero_grad_is_notebook_10s_reset_bug():
    wrong, staged = torch_rounds(4, zero_grad=False), train_staged(4, reset=False)
    for w, s in zip(wrong, staged):
        assert all(abs(w[k] - s[k]) <= 1e-12 for k in s)
    right = torch_rounds(2)
    assert wrong[1]["dE_total/dw5"] == pytest.approx(right[0]["dE_total/dw5"] + right[1]["dE_total/dw5"], rel=1e-12)


def test_the_answers_hold_and_match_the_questions():
    a = answers()
    right = torch_rounds(2)
    assert f"{right[0]['dE_total/dw5'] + right[1]['dE_total/dw5']:.9f}" in a[2]
    questions = "".join(next("".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]
                             if "".join(c["source"]).startswith("## Questions")))
    assert len(re.findall(r"^\d+\. ", questions, re.M)) == len(a)


def test_panel_shows_both_runs_of_its_rounds():
    panel = torch_panel()
    panel.set(rounds=3)
    wrong = torch_rounds(3, zero_grad=False)
    assert panel.error is None
    assert format_lines({"dE_total/dw5 in round 3, without zero_grad()": wrong[-1]["dE_total/dw5"]}) in panel.summary()
    with pytest.raises(InvalidValueError, match="rounds"):
        panel.set(rounds=0)


def test_rounds_out_of_range_are_refused_naming_rounds():
    with pytest.raises(InvalidValueError, match="rounds"):
        torch_rounds(0)
