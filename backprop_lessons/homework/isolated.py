"""A check's cases run in a forked child, so the time limit holds whatever the student's code catches.

guard.py stops a call that runs too long with SIGALRM. Code that catches everything (a bare
`except:` around a loop), ignores SIGALRM, or loops inside C (an iterator that never ends,
read by `list(...)`) outlives that. So `run_each` forks once per check: the child calls the
student's code case by case (under guard, as before) and sends each case's numbers back
through a pipe; the parent waits for each at most the time limit and a little more, and ends
the child when it is late. Everything read from student objects is read in the child.
The student's code cannot change the parent (the kernel the checks and hidden tests run in):
a write to a global, a patched function, a replaced watch stay in the child.
Where there is no fork (Windows), or nothing student-made runs (the judge), the cases run here.
"""
from __future__ import annotations

import io
import os
import pickle
import select
import signal
import struct
import sys
import time
from collections.abc import Callable, Sequence

GRACE = 2.0        # seconds past the time limit before the child is ended from outside


class Late(Exception):
    """The child sent nothing within the time limit (and GRACE): it was ended."""


def run_each(items: Sequence, work: Callable[[object], object], limit: float,
             finish: Callable[[], object] = lambda: None, here: bool = False) -> tuple[list, BaseException | None, object]:
    """(results of work(item) in order until the first that raised, that exception or None, finish()).

    finish() runs after the items where they ran (in the child, what the child saw);
    `here`: run in this process.
    """
    if here or not hasattr(os, "fork"):
        return _run_here(items, work, finish)
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:                                   # the child: never returns
        os.close(reader)
        _child(items, work, finish, writer)
    os.close(writer)
    try:
        return _collect(reader, child, len(items), limit + GRACE)
    finally:
        os.close(reader)
        _end(child)


def _run_here(items: Sequence, work: Callable, finish: Callable) -> tuple[list, BaseException | None, object]:
    """run_each in this process."""
    results: list = []
    for item in items:
        try:
            results.append(work(item))
        except Exception as exc:  # noqa: BLE001 -- handed to the caller, as from the child
            return results, exc, finish()
    return results, None, finish()


def _child(items: Sequence, work: Callable, finish: Callable, writer: int) -> None:
    """In the child: each item's result (or the exception, and stop), then finish(); then exit at once."""
    sys.stdout = sys.stderr = io.StringIO()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        for item in items:
            try:
                _send(writer, ("result", work(item)))
            except BaseException as exc:  # noqa: BLE001 -- anything is an answer to report
                _send(writer, ("raised", exc))
                break
        _send(writer, ("finish", finish()))
    finally:
        os._exit(0)


def _send(writer: int, message: tuple) -> None:
    """One message to the parent: its length, then the pickle (an unpicklable one as its text)."""
    try:
        data = pickle.dumps(message)
    except Exception:  # noqa: BLE001 -- a student's object that will not pickle
        data = pickle.dumps((message[0], RuntimeError(f"an answer that cannot be read: {message[1]!r:.80}")))
    data = struct.pack("!I", len(data)) + data
    while data:
        data = data[os.write(writer, data):]


def _collect(reader: int, child: int, count: int, wait: float) -> tuple[list, BaseException | None, object]:
    """In the parent: the child's messages, each awaited at most `wait` seconds."""
    results: list = []
    error: BaseException | None = None
    while True:
        message = _receive(reader, wait)
        if message is None:
            return results, error or Late(), None
        kind, value = message
        if kind == "result":
            results.append(value)
        elif kind == "raised":
            error = value
        else:
            return results, error, value


def _receive(reader: int, wait: float) -> tuple | None:
    """One message, or None when the child is late or gone."""
    header = _read(reader, 4, time.monotonic() + wait)
    if header is None:
        return None
    body = _read(reader, struct.unpack("!I", header)[0], time.monotonic() + wait)
    return None if body is None else pickle.loads(body)


def _read(reader: int, size: int, deadline: float) -> bytes | None:
    """Exactly `size` bytes before `deadline`, or None."""
    data = b""
    while len(data) < size:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([reader], [], [], left)[0]:
            return None
        chunk = os.read(reader, size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _end(child: int) -> None:
    """End the child if it still runs, and reap it."""
    try:
        os.kill(child, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(child, 0)
    except ChildProcessError:
        pass
