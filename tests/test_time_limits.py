"""One time-limit mechanism (engine/timelimit.py) for SymPy's work, panels and student code:
it stops work in the main thread and in any other thread, nests, and leaves no stray
interruption behind. A formula sent to a
running formula panel as a widget message, from a thread that is not the main one, ends in one
line within the panel's limit; every SymPy step of a cross-check is under a deadline.
"""
from __future__ import annotations

import threading
import time

import pytest

from backprop_lessons.engine.timelimit import TimeLimitError, time_limit, within_time_limit
from backprop_lessons.panels import base as panel_base
from backprop_lessons.panels.formula import formula_panel
from backprop_lessons.symbolic import compiled, deadline
from backprop_lessons.symbolic.crosscheck import crosscheck_table
from backprop_lessons.symbolic.deadline import DeadlineError

CEILING = 30.0   # seconds: a generous ceiling for "stopped", far beyond every limit used here


def spin():
    while True:
        pass


def in_thread(work):
    """Run `work` in a new thread (as a kernel's comm thread would); its result or exception text."""
    result = []

    def run():
        try:
            result.append(work())
        except Exception as error:
            result.append(f"{type(error).__name__}: {error}")
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=CEILING)
    assert not thread.is_alive(), "the limit did not stop the work"
    return result[0]


def limited(work, **kwargs):
    try:
        with time_limit(0.2, "the work", **kwargs):
            work()
    except TimeLimitError as error:
        return str(error)
    return "finished"


@pytest.mark.parametrize("where", ["main thread", "other thread"])
def test_a_loop_is_stopped_with_one_line(where):
    run = (lambda w: w()) if where == "main thread" else in_thread
    assert run(lambda: limited(spin)) == "the work took more than 0.2 s"
    assert run(lambda: within_time_limit("quick", lambda: 42, 5.0)) == 42


def test_a_sleep_in_the_main_thread_is_stopped():
    started = time.monotonic()
    assert limited(lambda: time.sleep(CEILING)) == "the work took more than 0.2 s"
    assert time.monotonic() - started < CEILING / 2


@pytest.mark.parametrize("where", ["main thread", "other thread"])
def test_limits_nest_and_the_outer_one_reports_its_own_end(where):
    def outer_ends_first():
        with time_limit(0.2, "outer"):
            with time_limit(60, "inner"):
                spin()

    def inner_ends_first():
        with time_limit(60, "outer"):
            try:
                with time_limit(0.1, "inner"):
                    spin()
            except TimeLimitError as error:
                inner = str(error)
            time.sleep(0.3)    # past the inner limit: no stray interruption
        return inner

    run = (lambda w: w()) if where == "main thread" else in_thread
    if where == "main thread":
        with pytest.raises(TimeLimitError, match="outer took more than 0.2 s"):
            outer_ends_first()
    else:
        assert run(outer_ends_first) == "TimeLimitError: outer took more than 0.2 s"
    assert run(inner_ends_first) == "inner took more than 0.1 s"


def test_nothing_interrupts_after_the_block():
    for _ in range(20):
        with time_limit(0.01, "short"):
            pass
    time.sleep(0.1)   # an interruption left behind would be raised here


@pytest.mark.parametrize("formula", ["1/(1+exp(-x))**3", "sigmoid(x)**3",
                                     "sigmoid(sigmoid(sigmoid(sigmoid(sigmoid(sigmoid(x))))))"])
def test_formulas_whose_slope_sympy_cannot_write_in_out_quickly_are_checked(formula):
    """sp.solve once ran for minutes here; now it gets INVERT_SECONDS, then the slope in net is used."""
    assert crosscheck_table("2,2,2", formula).all_agree


def test_compiling_the_gradient_is_under_the_deadline(monkeypatch):
    monkeypatch.setattr(compiled, "CHECK_SECONDS", 0.01)
    with pytest.raises(DeadlineError, match="^SymPy's gradient of the network took more than 0.01 s"):
        crosscheck_table("2,3,2", "x/(1 + abs(x))")


def send_from_the_front_end(widget, value: str) -> None:
    """What ipywidgets does with a comm message from the browser that changes a widget's value."""
    widget._handle_msg({"content": {"data": {"method": "update", "state": {"value": value},
                                             "buffer_paths": []}}, "buffers": []})


@pytest.mark.parametrize("where", ["main thread", "other thread"])
def test_a_slow_formula_sent_to_a_running_panel_is_refused_in_one_line(monkeypatch, where):
    panel = formula_panel()
    assert "agree" in panel.summary()
    limit = 0.3   # every cross-check takes longer than this: here, a slow formula
    monkeypatch.setattr(panel_base, "PANEL_SECONDS", limit)
    started = time.monotonic()
    send = lambda: send_from_the_front_end(panel.controls["formula"], "sigmoid(x)**3")
    send() if where == "main thread" else in_thread(send)
    took = time.monotonic() - started
    assert panel.summary() == f"message: this update took more than {limit:g} s"
    assert took < limit + 5.0, took          # the refusal came at the limit, not after the work
    monkeypatch.setattr(panel_base, "PANEL_SECONDS", 60.0)
    send_from_the_front_end(panel.controls["formula"], "tanh(x)")
    assert panel.error is None and "agree" in panel.summary()   # and the panel works on


def test_a_formula_deadline_inside_a_panel_names_the_formula(monkeypatch):
    monkeypatch.setattr(deadline, "FORMULA_SECONDS", 0.0001)
    panel = formula_panel("tanh(x)")
    assert panel.summary().startswith("message: the formula 'tanh(x)' took more than")
