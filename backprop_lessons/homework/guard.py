"""Run one call of a student's code under guard: time limit, no shortcuts, writes seen, one line.

`guarded_call` is the one way a self-check calls student code (runner.py uses it):
- a time limit (TIME_LIMIT seconds, engine/timelimit.py; a loop that never ends becomes one line,
  not a hang);
- Stop (KeyboardInterrupt), sys.exit and any exception become one line (StudentError);
- the arguments are handed over watched (dicts record every write, arrays are read-only),
  so a change in place is seen on every run, not only when rounding gives it away;
- the names the function relies on (its `uses`: an earlier exercise, a helper given in the
  notebook) are set to right references for the call, so one exercise's slip stays its own;
- while it runs, a call from student code into the course package (the answer key, the
  worked round) or into a function listed as `forbidden` (SymPy's diff) is recorded and
  the answer is refused: the package cannot hand out the answer while a check runs;
- a check's own code (homework 4's probes, which build a graph) is never guarded: it calls
  each student piece through guarded_call, handing over package code as `allowed` and the
  objects the call is meant to change (a graph's grads) as `shared`.
Non-goal: a sandbox. Code that sets out to defeat the watch can; this keeps honest code honest.
"""
from __future__ import annotations

import copy
import inspect
import io
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np

from backprop_lessons.engine import timelimit
from backprop_lessons.engine.timelimit import TimeLimitError, time_limit
from backprop_lessons.homework.watched import _WATCHED, WatchedDict, watched_copy

PACKAGE_DIR = str(Path(__file__).resolve().parent.parent)
TIME_LIMIT = 5.0          # seconds one call of student code may take (engine/timelimit.py, any thread)
AGAIN = 0.05              # then interrupted again this often, for code that catches the first interruption
_SET_PROFILE, _GET_PROFILE = sys.setprofile, sys.getprofile     # as imported, whatever a student rebinds


class StudentError(Exception):
    """The student's code did not give an answer; the message is the one line to show."""


class NotDone(StudentError):
    """The exercise is still the stub: it returns None or raises NotImplementedError."""


def parameter_name(function: Callable, position: int) -> str:
    """The name of the student's parameter at `position`, or "number N"."""
    try:
        return list(inspect.signature(function).parameters)[position]
    except (ValueError, TypeError, IndexError):
        return f"number {position + 1}"


def codes_of(*things: object) -> set:
    """The code objects of functions, and of every method of classes, nested functions included."""
    stack = []
    for thing in things:
        members = vars(thing).values() if isinstance(thing, type) else (thing,)
        stack.extend(code for m in members if (code := getattr(getattr(m, "__func__", m), "__code__", None)))
    found = set()
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(c for c in current.co_consts if inspect.iscode(c))
    return found


def names_used(function: object) -> set[str]:
    """Every global name the function's code (nested functions included) refers to."""
    return {name for code in codes_of(function) for name in code.co_names}


def in_package(function: object) -> bool:
    """True when `function` (or a class) is code of the course package itself (not the student's)."""
    if isinstance(function, type):
        return getattr(sys.modules.get(function.__module__), "__file__", "").startswith(PACKAGE_DIR)
    code = getattr(function, "__code__", None)
    return code is not None and code.co_filename.startswith(PACKAGE_DIR)


def names_reached(function: object) -> set[str]:
    """The global names `function` uses, and those of the functions of its own namespace it reaches by name
    (a student's train calling their helper, which calls forward_graph)."""
    namespace = getattr(function, "__globals__", None)
    found, todo = set(), [function]
    while todo:
        current = todo.pop()
        for name in names_used(current) - found:
            found.add(name)
            helper = namespace.get(name) if namespace is not None else None
            if inspect.isfunction(helper) and helper.__globals__ is namespace and not in_package(helper):
                todo.append(helper)
    return found


@contextmanager
def _substituted(function: object, uses: Mapping[str, Callable]):
    """Set the globals `function` reaches among `uses` to those references, and put them back after."""
    namespace = getattr(function, "__globals__", None)
    wanted = names_reached(function) & set(uses) if namespace is not None else set()
    saved = {name: namespace[name] for name in wanted if name in namespace}
    for name in wanted:
        namespace[name] = uses[name]
    try:
        yield
    finally:
        for name in wanted:
            if name in saved:
                namespace[name] = saved[name]
            else:
                namespace.pop(name, None)


class _Watch:
    """A profile hook that records calls from student code into the package or forbidden code."""

    def __init__(self, allowed: Iterable[object], forbidden: Mapping[object, str]):
        """`allowed`: callables student code may call; `forbidden`: code object -> what to call it."""
        self.allowed = codes_of(*allowed) | _ALWAYS_ALLOWED
        self.forbidden = dict(forbidden)
        self.found: list[str] = []

    def __call__(self, frame, event, arg):
        """sys.setprofile's hook: look at each Python call."""
        if event != "call" or self.found:
            return
        code = frame.f_code
        if code in self.forbidden:
            self.found.append(self.forbidden[code])
        elif code.co_filename.startswith(PACKAGE_DIR) and code not in self.allowed:
            back = frame.f_back
            if back is not None and (back.f_code is _ENTER_CODE or not back.f_code.co_filename.startswith(PACKAGE_DIR)):
                self.found.append(f"the course package's {code.co_name}")


def _enter(function: Callable, args: tuple) -> object:
    """The one place student code is called from: a package function called from here is the answer itself."""
    return function(*args)


_ENTER_CODE = _enter.__code__
_ALWAYS_ALLOWED = {f.__code__ for f in (timelimit._on_alarm, WatchedDict._written, WatchedDict.__setitem__,
                                        WatchedDict.__delitem__, WatchedDict.__ior__, WatchedDict.update,
                                        WatchedDict.pop, WatchedDict.popitem, WatchedDict.clear,
                                        WatchedDict.setdefault)}


def _one_line(exc: BaseException) -> str:
    """An exception as `Type: message`, on one line, cut to 120 characters."""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message[:120]}" if message else type(exc).__name__


def guarded_call(name: str, function: Callable, args: tuple, *, read: Callable[[object], object] = lambda r: r,
                 uses: Mapping[str, Callable] | None = None, forbidden: Mapping[object, str] | None = None,
                 allowed: Iterable[object] = (), shared: bool = False, time_limit: float | None = None) -> object:
    """`read(function(*args))` under guard (see the module's docstring); StudentError says what went wrong.

    `uses`: global name -> reference callable set for the call; `forbidden`: code object -> a
    description of a call the exercise rules out; `allowed`: package functions (or classes) the
    check hands over for student code to call; `shared`: the args are the check's own objects
    that the call is meant to change (a graph's grads), handed over as they are, not watched.
    `time_limit` defaults to TIME_LIMIT.
    """
    if in_package(function):
        raise StudentError(f"{name} is the course package's own {'class' if isinstance(function, type) else 'function'}"
                           "; write your own")
    uses = dict(uses or {})
    watched = args if shared else tuple(watched_copy(a) for a in args)
    before = None if shared else copy.deepcopy([a for a in args if not callable(a)])
    watch = _Watch([*uses.values(), *allowed, *(a for a in args if callable(a))], forbidden or {})
    limit = TIME_LIMIT if time_limit is None else time_limit
    try:
        answer = _run(function, watched, read, uses, watch, limit)
    except StudentError:
        if not watch.found:
            raise
    finally:
        writes = [bool(_WATCHED.pop(id(a), None)) for a in watched]
    if watch.found:     # first: a call into the package explains whatever else went wrong
        raise StudentError(f"calls {watch.found[0]}; the exercise asks for your own computation")
    if not shared:
        _check_unchanged(function, args, watched, writes, before)
    return answer


def _run(function: Callable, args: tuple, read: Callable, uses: Mapping, watch: _Watch, limit: float) -> object:
    """Call and read under the time limit, the profile hook, quiet output and substituted names."""
    previous = _GET_PROFILE()
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()), warnings.catch_warnings(), \
                np.errstate(all="ignore"), _substituted(function, uses), \
                time_limit(limit or 86_400.0, "student code", again=AGAIN):
            warnings.simplefilter("ignore")
            _SET_PROFILE(watch)
            try:
                return read(_enter(function, args))
            finally:
                _SET_PROFILE(previous)
    except TimeLimitError:
        raise StudentError(f"still running after {limit:g} s: a loop that never ends?") from None
    except KeyboardInterrupt:
        raise StudentError("stopped while it ran (Stop pressed?): a loop that never ends?") from None
    except SystemExit:
        raise StudentError("called sys.exit() or exit(); a function returns its answer instead") from None
    except NotImplementedError:
        raise NotDone("raises NotImplementedError") from None
    except StudentError:
        raise
    except ValueError as exc:
        if "read-only" in str(exc):
            raise StudentError("changed an array it was given in place; work on a copy") from None
        raise StudentError(f"raised {_one_line(exc)}") from None
    except Exception as exc:  # any error in student code becomes one line
        raise StudentError(f"raised {_one_line(exc)}") from None


def _check_unchanged(function: Callable, args: tuple, watched: tuple, writes: list[bool], before: list) -> None:
    """StudentError naming the parameter if the call wrote to an argument (seen by the watch, or changed)."""
    plain = iter(before)
    for position, (original, given, written) in enumerate(zip(args, watched, writes)):
        if callable(original):
            continue
        old = next(plain)
        if written or (not isinstance(given, np.ndarray) and _changed(old, given)):
            raise StudentError(f"changed its argument {parameter_name(function, position)} in place; "
                               "work on a copy (new = dict(v)) and change that")


def _changed(old: object, new: object) -> bool:
    """True when two argument snapshots differ (compared safely)."""
    try:
        return bool(old != new)
    except Exception:  # odd values (arrays inside) compare badly: treat as changed only if repr differs
        return repr(old) != repr(new)
