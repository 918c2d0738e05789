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
[ -x "$CHROMIUM" ] && exit 0
source "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
if apt_install chromium ensure-browser "browser tests will skip (fail under CI=true)" && [ -x "$CHROMIUM" ]; then
    echo "ensure-browser: $("$CHROMIUM" --version 2>/dev/null)"
fi
exit 0
