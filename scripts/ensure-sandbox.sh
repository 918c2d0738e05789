#!/usr/bin/env bash
# Make sure bubblewrap (bwrap) is installed: autograde runs each student's notebook in a box
# made with it (backprop_lessons/grading/sandbox.py, docs/teaching.md), and the homework
# grading tests autograde that way.
#
# Called by `make test` before pytest. If bwrap cannot be installed this script prints one
# line saying why and exits 0; the grading tests then fail with the sandbox's own one-line error.
set -u
PYTHON="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.venv/bin/python"

check() {   # one line: whether bwrap can make its box on this machine (namespaces allowed)
    if [ -x "$PYTHON" ]; then "$PYTHON" -m backprop_lessons.grading.sandbox; fi
}

if command -v bwrap >/dev/null 2>&1; then
    check >/dev/null || check
    exit 0
fi
source "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
if apt_install bubblewrap ensure-sandbox "the grading tests will fail with the sandbox's one-line error"; then
    echo "ensure-sandbox: $(bwrap --version)"
    check
fi
exit 0
