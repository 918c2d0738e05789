"""`python -m backprop_lessons` and the `backprop-lessons` command: the command line (cli.py).

Ctrl-C while the package is still loading (NumPy, SymPy: about a second) ends the program with
one line and exit code 130, as it does later (cli.main); so does a terminal that cannot show
every character (the output falls back to ASCII), and a home directory that cannot be written
(matplotlib gets a temporary configuration directory instead of printing "mkdir -p failed").
"""
import codecs
import os
import signal
import sys
import tempfile

INTERRUPTED = "backprop-lessons: interrupted\n"
ASCII = {"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00b7": "*", "\u00d7": "x", "\u2192": "->",
         "\u03b7": "eta", "\u2026": "...", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}


def _interrupted_while_loading(signum, frame) -> None:
    """SIGINT before the command line runs: one line, exit 130, no traceback of an import."""
    os.write(2, INTERRUPTED.encode())
    os._exit(130)


def _as_ascii(error: UnicodeEncodeError) -> tuple[str, int]:
    """The codec error handler 'backprop_ascii': a dash for an en dash, '?' for what has no ASCII form."""
    text = error.object[error.start:error.end]
    return "".join(ASCII.get(c, "?") for c in text), error.end


def prepare_terminal() -> None:
    """Output that the terminal's encoding cannot show degrades to ASCII; an unwritable home is fine."""
    codecs.register_error("backprop_ascii", _as_ascii)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backprop_ascii")
    home = os.path.expanduser("~")
    if "MPLCONFIGDIR" not in os.environ and not (os.path.isdir(home) and os.access(home, os.W_OK)):
        os.environ["MPLCONFIGDIR"] = tempfile.mkdtemp(prefix="backprop-lessons-mpl-")


def main() -> int:
    """Run the command line; Ctrl-C while loading is one line and exit code 130."""
    previous = signal.signal(signal.SIGINT, _interrupted_while_loading)
    prepare_terminal()
    from backprop_lessons.cli import main as run
    signal.signal(signal.SIGINT, previous)
    return run()


if __name__ == "__main__":
    sys.exit(main())
