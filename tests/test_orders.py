"""The update-orders panel of the errata notebook."""
import pytest

from backprop_lessons.engine.errors import InvalidValueError
from backprop_lessons.lecture.example import train_lecture
from backprop_lessons.panels.orders import orders_panel


@pytest.fixture(scope="module")
def panel():
    return orders_panel(rounds=50)


def test_each_round_shows_both_orders_errors(panel):
    panel.set(round=7)
    correct = train_lecture(7)[1].losses[7]
    published = train_lecture(7, order="as_published")[1].losses[7]
    assert f"E_total (correct) = {correct:.9g}" in panel.summary()
    assert f"E_total (as_published) = {published:.9g}" in panel.summary()
    assert f"as_published - correct = {published - correct:.9g}" in panel.summary()
    assert panel.views[0].marker.get_data()[0][0] == 7


def test_round_zero_shows_no_difference(panel):
    panel.set(round=0)
    assert "as_published - correct = 0\n" in panel.summary() + "\n"


def test_rounds_beyond_the_recording_are_refused(panel):
    with pytest.raises(InvalidValueError, match="round must be between 0 and 50"):
        panel.set(round=51)
