"""What a check can see of tampering: a PEP 578 audit hook, installed once, that nothing can remove.

Student code runs in the same process as the checks, so anything a check calls or compares
with can be replaced by it. An audit hook (sys.addaudithook) cannot be removed or replaced
once added; this one records, from the moment the homework's checks are imported:
- while a check runs student code (guard.py's `_enter` is on the stack) and the student's own
  code asks for it: frames (sys._getframe, a traceback's or generator's frame), gc's object walks;
- under a check, switching the profile hook (the guard's watch) off or over;
- at any time, from code the student ran in a notebook cell (or under a check):
  setting a trace function, compiling the course package's own
  source (`exec(inspect.getsource(answer_key))`: recognised by its text, not its file name),
  opening a notebook, the gradebook or nbgrader's folders, starting another program, setting a
  package function's code or defaults, building code or functions by hand (a package function's
  code given another file name: `code.replace`, `types.FunctionType`);
- imports of other autograd libraries (torch, micrograd, jax, autograd, tensorflow), for homework 4;
- and, asked by a check, which of the package's module names, class attributes or the
  functions the checks rely on (math.isclose, sys.setprofile, ...) were replaced since.
A check asks with `found(since, replaced)` and scores nothing when anything was recorded (runner.py).
Honest work never triggers any of these. Non-goal: a sandbox. Code that rebinds a package
module's name and puts it back before the check asks is not seen; the lecturer's box
(autograde in a separate process and user) is the wall, this is the alarm.
"""
from __future__ import annotations

import hashlib
import re
import sys
import sysconfig
from pathlib import Path

PACKAGE_DIR = str(Path(__file__).resolve().parent.parent)
_ASK = "backprop_lessons.tampering"       # sys.audit(_ASK, since, box): the hook fills box
LIBRARIES = ("torch", "micrograd", "jax", "autograd", "tensorflow")
_PATHS = sysconfig.get_paths()
_STDLIB_DIRS = tuple({str(Path(_PATHS[key]).resolve()) for key in ("stdlib", "platstdlib")}) + ("<frozen",)
_INSTALLED = ("/site-packages/", "/dist-packages/")   # in a virtualenv platstdlib is the venv's lib/python3.x
_LIBRARY_DIRS = tuple({str(Path(p).resolve()) for p in (_PATHS["purelib"], _PATHS["platlib"], sys.prefix,
                                                        sys.base_prefix)}) + _STDLIB_DIRS
_FRAME_EVENTS = {"sys._getframe", "sys._current_frames", "gc.get_referrers", "gc.get_referents", "gc.get_objects"}
_FRAME_ATTRIBUTES = {"tb_frame", "gi_frame", "cr_frame", "ag_frame", "f_back"}
_CODE_EVENTS = {"code.__new__", "function.__new__"}      # code built by hand: a package function re-labelled
_PROGRAM_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "pty.spawn"}
_WATCHED_EVENTS = (_FRAME_EVENTS | _PROGRAM_EVENTS | _CODE_EVENTS |
                   {"sys.setprofile", "sys.settrace", "compile", "open", "import", "object.__setattr__",
                    "object.__getattr__", _ASK})
_PRIVATE_PARTS = {"source", "submitted", "autograded", "feedback", "release", "exchange"}
# Functions of the standard library the checks rely on: replaced, they could make any answer pass.
_RELIED_ON = {"math": ("isclose", "exp", "isfinite"), "sys": ("setprofile", "settrace", "getprofile", "audit"),
              "builtins": ("isinstance", "len", "abs", "bool", "float", "__import__", "print", "max", "min", "all")}


def _normalised(text: str) -> str:
    """Source text without indentation and blank lines: the same code, however it was indented."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _digest(text: str) -> str:
    """A fingerprint of source text."""
    return hashlib.sha256(_normalised(text).encode()).hexdigest()


def package_sources() -> set[str]:
    """Fingerprints of every module of the package, and of every function and class in it (each def/class block)."""
    prints = set()
    for path in Path(PACKAGE_DIR).rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        prints.add(_digest(text))
        lines = text.splitlines()
        starts = [k for k, line in enumerate(lines) if re.match(r"\s*(async\s+def|def|class)\s", line)]
        for k in starts:
            indent = len(lines[k]) - len(lines[k].lstrip())
            end = next((j for j in range(k + 1, len(lines)) if lines[j].strip()
                        and len(lines[j]) - len(lines[j].lstrip()) <= indent and not lines[j].lstrip().startswith(")")),
                       len(lines))
            block = "\n".join(lines[k:end])
            if len(_normalised(block).splitlines()) >= 2:
                prints.add(_digest(block))
    return prints


def _kind_of(filename: str) -> str:
    """"package", "library" (the standard library, installed packages) or "student" for a code's file."""
    if filename.startswith(PACKAGE_DIR):
        return "package"
    if filename.startswith(_LIBRARY_DIRS) or filename.startswith("<frozen"):
        return "library"
    return "student"


def _in_stdlib(filename: str) -> bool:
    """Whether code is the standard library's (not an installed package, whose folder may lie below it)."""
    return filename.startswith(_STDLIB_DIRS) and not any(part in filename for part in _INSTALLED)


def _origin(frame, past_libraries: bool = False) -> str:
    """Who caused the event: the kind of the first frame that is not the standard library's
    (`past_libraries`: not any installed library's either, for what no library does on its own)."""
    while frame is not None:
        name = frame.f_code.co_filename
        kind = _kind_of(name)
        if kind != "library" or not (past_libraries or _in_stdlib(name)):
            return kind
        frame = frame.f_back
    return "library"


def _notebook_code(frame) -> bool:
    """True when a notebook cell's code is the first frame below the library frames (and below any
    code made from a string, "<string>", which a cell may exec)."""
    while frame is not None and (_kind_of(frame.f_code.co_filename) == "library" or _from_string(frame)):
        frame = frame.f_back
    return frame is not None and _cell(frame.f_code.co_filename)


def _cell(filename: str) -> bool:
    """A kernel's cell (/tmp/ipykernel_PID/HASH.py), or IPython's older <ipython-input-N>."""
    return "ipykernel_" in filename or filename.startswith("<ipython-input")


def _from_string(frame) -> bool:
    """Code compiled from a string ("<string>", a dataclass's __init__, a generated validator)."""
    name = frame.f_code.co_filename
    return name.startswith("<") and not _cell(name)


def _private_path(path: object) -> str | None:
    """The reason an opened path is off limits (a notebook, the gradebook, nbgrader's folders), else None."""
    if isinstance(path, int):
        return None
    text = path.decode(errors="replace") if isinstance(path, bytes) else str(path)
    target = Path(text)
    if target.suffix == ".ipynb" or target.name == "gradebook.db":
        return f"opened {target.name}"
    try:
        resolved = target.resolve()
        outside = Path.cwd() not in (resolved, *resolved.parents)
    except (OSError, RuntimeError):
        return None
    if outside and _PRIVATE_PARTS & set(resolved.parts) and not str(resolved).startswith(_LIBRARY_DIRS):
        return f"opened {text} outside its own folder"
    return None


class _Snapshot:
    """The package's module names and class attributes, and the functions the checks rely on, as imported."""

    def __init__(self, installer: str):
        """Record them now: the modules of the package fully loaded so far, and `installer`."""
        self.modules = {name: (module, dict(vars(module))) for name, module in list(sys.modules.items())
                        if name.startswith("backprop_lessons") and module is not None
                        and (name == installer or not getattr(module.__spec__, "_initializing", False))}
        self.classes = {(name, key): (value, dict(vars(value))) for name, (_m, names) in self.modules.items()
                        for key, value in names.items() if isinstance(value, type)
                        and getattr(value, "__module__", "") == name}
        self.relied = {(m, a): getattr(sys.modules[m], a) for m, names in _RELIED_ON.items()
                       if m in sys.modules for a in names}

    def changes(self) -> list[str]:
        """What was replaced since: one line each."""
        found = []
        for name, (module, names) in self.modules.items():
            if sys.modules.get(name) is not module:
                found.append(f"replaced the module {name}")
                continue
            now = vars(module)
            for key, value in names.items():
                if not key.startswith("__") and now.get(key, names) is not value:
                    found.append(f"replaced {name.rsplit('.', 1)[-1]}.{key}")
        for (name, key), (cls, names) in self.classes.items():
            now = vars(cls)
            for attribute in set(names) | set(now):
                if attribute != "__weakref__" and now.get(attribute, names) is not names.get(attribute, now):
                    found.append(f"replaced {key}.{attribute}")
        for (module, attribute), original in self.relied.items():
            if getattr(sys.modules.get(module), attribute, None) is not original:
                found.append(f"replaced {module}.{attribute}")
        return found


def _hook_factory(trusted: frozenset, enter_code: object, sources: set[str], installer: str):
    """The audit hook: its records live in its closure, reachable by nothing but the _ASK event."""
    records: list[tuple[int, bool, str]] = []        # (number, under a check, what happened)
    busy, asked = [False], [False]      # asked: a check asked since the last record (repeat it then)
    snapshot = _Snapshot(installer)

    def under_check(frame) -> bool:
        while frame is not None:
            if frame.f_code is enter_code:
                return True
            frame = frame.f_back
        return False

    def record(frame, text: str) -> None:
        if asked[0] or not records or records[-1][2] != text:
            records.append((len(records) + 1, under_check(frame), text))
            asked[0] = False

    def inspect_event(event: str, args: tuple, frame) -> None:
        if event == _ASK:
            since, box, replaced = args
            asked[0] = True
            box.append([(n, checked, text) for n, checked, text in records if n > since])
            box.append(len(records))
            box.append(snapshot.changes() if replaced else [])
            return
        if event == "import":       # by a notebook cell or under a check, not by other code of the process
            if str(args[0]).split(".")[0] in LIBRARIES and (_notebook_code(frame) or under_check(frame)):
                record(frame, f"imported {str(args[0]).split('.')[0]}")
            return
        origin = _origin(frame)
        if event in ("sys.setprofile", "sys.settrace"):     # a profile hook matters only while a check runs
            if frame is not None and frame.f_code not in trusted and origin == "student" and \
                    (event == "sys.settrace" or under_check(frame)):
                record(frame, f"switched the self-check's watch off or over ({event})")
            return
        strict = event in ("compile", "open", "object.__setattr__")   # no library does these to us on its own
        if (_origin(frame, past_libraries=True) if strict else origin) != "student":
            return
        notebook, checking = _notebook_code(frame), under_check(frame)
        if event in _FRAME_EVENTS or (event == "object.__getattr__" and args[1] in _FRAME_ATTRIBUTES):
            if checking:
                record(frame, "looked at the running check's frames or objects "
                              f"({event if event != 'object.__getattr__' else args[1]})")
        elif not (notebook or checking):
            return
        elif event == "compile" and isinstance(args[0], (str, bytes)):
            text = args[0].decode(errors="replace") if isinstance(args[0], bytes) else args[0]
            if _digest(text) in sources:
                record(frame, "compiled the course package's own source (a copy of its code)")
        elif event == "open" and (reason := _private_path(args[0])):
            record(frame, reason)
        elif event in _PROGRAM_EVENTS:
            record(frame, f"started another program ({event})")
        elif event in _CODE_EVENTS:
            record(frame, f"built a function from a code object by hand ({event})")
        elif event == "object.__setattr__" and getattr(args[0], "__module__", "").startswith("backprop_lessons"):
            record(frame, f"changed the course package's {getattr(args[0], '__qualname__', '?')}.{args[1]}")

    def hook(event: str, args: tuple) -> None:
        if busy[0] or event not in _WATCHED_EVENTS or (event == "object.__getattr__"
                                                       and args[1] not in _FRAME_ATTRIBUTES):
            return
        busy[0] = True
        try:
            inspect_event(event, args, sys._getframe(1))
        except Exception:  # noqa: BLE001 -- the hook must never break the code it watches
            pass
        finally:
            busy[0] = False
    return hook


def install(installer: str, trusted: tuple = (), enter: object = None) -> None:
    """Add the audit hook once per process (called last in module `installer`, which is snapshot too).

    `trusted`: code objects that may set the profile hook (guard's); `enter`: the code object
    through which a check calls student code (a check is running while it is on the stack).
    """
    box: list = []
    sys.audit(_ASK, -1, box, False)
    if box:
        return
    sys.addaudithook(_hook_factory(frozenset(trusted), enter, package_sources(), installer))


def found(since: int = 0, replaced: bool = False, _audit=sys.audit) -> tuple[list[tuple[int, bool, str]], int, list[str]]:
    """(records after number `since`, the number of the last record, and if `replaced`, what was replaced)."""
    box: list = []
    _audit(_ASK, since, box, replaced)
    if len(box) != 3:
        return [(0, False, "the self-check's audit hook did not answer (sys.audit replaced?)")], 0, []
    return box[0], box[1], box[2]
