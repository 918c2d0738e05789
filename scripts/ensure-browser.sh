#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests
# (tests/browser/, Playwright for Python driving JupyterLab).
#
# Called by `make test` before pytest. Never runs `playwright install`: that
# downloads a browser build of its own, which this environment cannot fetch.
# If Chromium cannot be installed this script prints one line saying why and
# exits 0; the browser tests then skip (or fail, when CI=true).
set -u

CHROMIUM=/usr/bin/chromium
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_DIR="$ROOT/build"
LOG="$LOG_DIR/ensure-browser.log"

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    SUDO=(sudo -n)
else
    echo "ensure-browser: $CHROMIUM is missing and we are neither root nor allowed 'sudo -n': browser tests will skip (fail under CI=true)."
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-browser: $CHROMIUM is missing and apt-get is not available: browser tests will skip (fail under CI=true)."
    exit 0
fi

if ! { mkdir -p "$LOG_DIR" && : > "$LOG"; } 2>/dev/null; then
    LOG=$(mktemp "${TMPDIR:-/tmp}/ensure-browser.XXXXXX.log")
fi
echo "ensure-browser: installing Debian's chromium (apt log: ${LOG#"$ROOT"/}) ..."
start=$(date +%s)
if "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update >>"$LOG" 2>&1 \
   && "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >>"$LOG" 2>&1 \
   && [ -x "$CHROMIUM" ]; then
    echo "ensure-browser: chromium installed in $(( $(date +%s) - start )) s: $("$CHROMIUM" --version 2>/dev/null)"
else
    echo "ensure-browser: could not install chromium with apt-get (see ${LOG#"$ROOT"/}): browser tests will skip (fail under CI=true)."
fi
exit 0
