#!/usr/bin/env bash
# Make sure bubblewrap (bwrap) is installed: autograde runs each student's notebook in a box
# made with it (backprop_lessons/grading/sandbox.py, docs/teaching.md), and the homework
# grading tests autograde that way.
#
# Called by `make test` before pytest. If bwrap cannot be installed this script prints one
# line saying why and exits 0; the grading tests then fail with the sandbox's own one-line error.
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_DIR="$ROOT/build"
LOG="$LOG_DIR/ensure-sandbox.log"
PYTHON="$ROOT/.venv/bin/python"

check() {   # one line: whether bwrap can make its box on this machine (namespaces allowed)
    if [ -x "$PYTHON" ]; then "$PYTHON" -m backprop_lessons.grading.sandbox; fi
}

if command -v bwrap >/dev/null 2>&1; then
    check >/dev/null || check
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    SUDO=(sudo -n)
else
    echo "ensure-sandbox: bwrap is missing and we are neither root nor allowed 'sudo -n': install the package bubblewrap."
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-sandbox: bwrap is missing and apt-get is not available: install bubblewrap with your system's packages."
    exit 0
fi

if ! { mkdir -p "$LOG_DIR" && : > "$LOG"; } 2>/dev/null; then
    LOG=$(mktemp "${TMPDIR:-/tmp}/ensure-sandbox.XXXXXX.log")
fi
echo "ensure-sandbox: installing Debian's bubblewrap (apt log: ${LOG#"$ROOT"/}) ..."
if "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bubblewrap >>"$LOG" 2>&1 \
   || { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update >>"$LOG" 2>&1 \
        && "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bubblewrap >>"$LOG" 2>&1; }; then
    echo "ensure-sandbox: $(bwrap --version) installed"
    check
else
    echo "ensure-sandbox: could not install bubblewrap with apt-get (see ${LOG#"$ROOT"/})."
fi
exit 0
