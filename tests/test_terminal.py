"""The command line in a real terminal (issue 24, item 6): an encoding that cannot show every
character gives ASCII, a home that cannot be written prints nothing about matplotlib, Ctrl-C
during start-up or during the work is one line and exit code 130; and a flag `example` would
ignore beside --digits is refused (item 2)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

COMMANDS = [["example", "--iterations", "20"], ["errata"], ["derive", "w5"], ["crosscheck"],
            ["example", "--digits", "12"]]
TERMINALS = {"ascii": {"PYTHONIOENCODING": "ascii"}, "latin-1": {"PYTHONIOENCODING": "latin-1"},
             "C locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
             "read-only home": {"HOME": "/dev/null", "MPLCONFIGDIR": "", "XDG_CONFIG_HOME": "", "XDG_CACHE_HOME": ""}}


def run(argv, extra_env):
    env = {k: v for k, v in os.environ.items() if k not in extra_env}
    env.update({k: v for k, v in extra_env.items() if v})
    return subprocess.run([sys.executable, "-m", "backprop_lessons", *argv], capture_output=True, env=env,
                          timeout=300)


@pytest.mark.parametrize("terminal", TERMINALS)
@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_every_command_runs_in_an_odd_terminal(terminal, argv):
    result = run(argv, TERMINALS[terminal])
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    if terminal != "read-only home":
        result.stdout.decode("ascii")   # nothing the terminal could not show


def test_a_typed_character_the_terminal_cannot_show_is_one_ascii_line():
    result = run(["crosscheck", "--activation", "\u00e9"], TERMINALS["ascii"])
    assert result.returncode == 2 and result.stderr.decode("ascii").count("\n") == 1


@pytest.mark.parametrize("flag", [["--as-published"], ["--iterations", "5"], ["--no-budget"]])
def test_a_flag_that_digits_would_ignore_is_refused(flag):
    result = run(["example", "--digits", "30", *flag], {})
    assert result.returncode == 2 and result.stdout == b""
    assert f"{flag[0]} does not apply with --digits" in result.stderr.decode()


def loaded(pid: int, library: str) -> bool:
    try:
        with open(f"/proc/{pid}/maps") as maps:
            return library in maps.read()
    except OSError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="needs /proc to see the start-up")
def test_ctrl_c_during_start_up_is_one_line_and_exit_130():
    """SIGINT while the package is still importing (NumPy's library just mapped, the command not
    yet running); retried if the process was faster than the signal. cli.main turns a later Ctrl-C
    into the same line."""
    argv = ["example", "--iterations", "2000000", "--no-budget"]
    for _ in range(10):
        process = subprocess.Popen([sys.executable, "-m", "backprop_lessons", *argv],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while not loaded(process.pid, "_multiarray_umath") and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
        if process.returncode == 130:
            assert err == b"backprop-lessons: interrupted\n", err
            return
    pytest.fail(f"never interrupted: exit {process.returncode}, {err[-300:]!r}")
