"""Play beside a slider with one owner (panels/play.py): the browser's ticks and the student's moves
reach the kernel in any order, and the panel ends on the last value the student chose.

A tick from the browser is simulated as the browser sends it: `widget.set_state({...})`, the
call ipywidgets makes for a comm message (the same path, without a browser).
"""


import threading
import time

from backprop_lessons.panels import base
from backprop_lessons.panels.stepper import stepper_panel
from backprop_lessons.panels.training import training_panel


def shown_step(panel) -> int:
    """The step the stepper's text shows ("step 13 of 17 ...")."""
    return int(panel.summary().split()[1])


def test_a_tick_moves_the_step_and_the_panel_shows_it():
    panel = stepper_panel()
    panel.set(step=12)
    assert panel.play.value == 12                      # Play carries on from the step on screen
    panel.play.set_state({"playing": True})
    panel.play.set_state({"value": 13})
    assert panel.controls["step"].value == 13 and shown_step(panel) == 13


def test_next_while_playing_stops_play_and_late_ticks_do_not_come_back():
    panel = stepper_panel()
    panel.set(step=12)
    panel.play.set_state({"playing": True})
    panel.play.set_state({"value": 13})
    panel.go(+1)                                       # Next, pressed while Play ran
    assert shown_step(panel) == 14 and not panel.play.playing and panel.play.value == 14
    panel.play.set_state({"value": 15})                # a tick the browser sent before it heard
    panel.play.set_state({"value": 13})
    assert shown_step(panel) == 14 and panel.play.value == 14
    panel.play.set_state({"playing": True})            # Play again: from 14 on
    panel.play.set_state({"value": 15})
    assert shown_step(panel) == 15


def test_previous_after_pause_wins_over_the_pause_message_that_arrives_after_it():
    """Pause, then Previous, on a slow kernel: the browser's last tick and its pause travel in one
    message that the kernel reads after Previous; Previous is what the student chose last."""
    panel = stepper_panel()
    panel.set(step=12)
    panel.play.set_state({"playing": True})
    panel.play.set_state({"value": 13})
    panel.go(-1)
    panel.play.set_state({"value": 14, "playing": False})
    assert shown_step(panel) == 12 and panel.controls["step"].value == 12 and panel.play.value == 12


def test_stop_goes_back_to_the_first_step_even_after_a_takeover():
    panel = stepper_panel()
    panel.set(step=12)
    panel.play.set_state({"playing": True})
    panel.go(+1)
    panel.play.set_state({"value": 1})                 # Stop: Play's value back to its min
    assert shown_step(panel) == 1


def test_keys_and_typed_values_move_play_too():
    panel = stepper_panel()
    panel.controls["step"].set_state({"value": 5})     # the step slider's arrow keys
    assert panel.play.value == 5 and shown_step(panel) == 5
    typed = panel.boxes["step"].children[1]
    typed.set_state({"value": "9"})                    # a value typed beside the slider
    assert panel.play.value == 9 and shown_step(panel) == 9


def test_play_reaches_the_last_step_and_ends_there():
    panel = stepper_panel()
    panel.play.set_state({"playing": True})
    for value in range(2, len(panel.steps) + 1):
        panel.play.set_state({"value": value})
    panel.play.set_state({"playing": False})
    assert shown_step(panel) == len(panel.steps) and panel.play.value == len(panel.steps)


def test_the_training_replay_plays_through_the_kernel():
    panel = training_panel(rounds=200)
    play = panel.player.play
    assert (play.min, play.max, play.value) == (0, 200, 0)
    play.set_state({"playing": True})
    play.set_state({"value": 100})
    assert panel.summary().startswith("round 100 of 200")
    panel.set(round=50)
    assert play.value == 50 and not play.playing


def test_a_delay_set_in_the_environment_slows_each_refresh(monkeypatch):
    """BACKPROP_LESSONS_PANEL_DELAY: the browser tests slow the kernel with it (tests/browser/test_busy.py)."""
    panel = stepper_panel()
    calls = []
    monkeypatch.setattr(base.time, "sleep", calls.append)
    monkeypatch.setenv("BACKPROP_LESSONS_PANEL_DELAY", "0.25")
    panel.set(step=3)
    monkeypatch.setenv("BACKPROP_LESSONS_PANEL_DELAY", "not a number")
    panel.set(step=4)
    monkeypatch.delenv("BACKPROP_LESSONS_PANEL_DELAY")
    panel.set(step=5)
    assert calls == [0.25] and shown_step(panel) == 5


def test_a_tick_on_another_thread_waits_for_the_click_being_handled(monkeypatch):
    """JupyterLab may hand the Play's messages to a thread of their own (a kernel subshell): a tick
    that comes in while Previous is being handled waits for it, and is then stale (Previous stopped
    Play). Interleaved, the two undid each other's change over and over (issue 25)."""
    panel = stepper_panel()
    panel.set(step=14)
    panel.play.set_state({"playing": True})
    tick = threading.Thread(target=lambda: panel.play.set_state({"value": 15}))
    waits = []

    def slow_refresh():   # inside Previous's refresh, the tick arrives on its own thread
        waits.append(True)
        assert len(waits) < 20, "the two changes keep undoing each other"
        if len(waits) == 1:
            tick.start()
        time.sleep(0.1)   # a slow kernel: room for the other thread to run, had it not to wait for the lock
    monkeypatch.setattr(base, "_delay", slow_refresh)
    panel.go(-1)
    tick.join()
    typed = panel.boxes["step"].children[1]
    assert (shown_step(panel), panel.controls["step"].value, panel.play.value, typed.value) == (13, 13, 13, "13")
    assert not panel.play.playing
