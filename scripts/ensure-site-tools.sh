#!/usr/bin/env bash
# Install what the course site build (`make site`, tests/site/) needs beyond the venv:
# Node.js with npm (Debian packages, only when missing) and the npm packages pinned in
# site/package-lock.json (MathJax 3, so that the site serves its math renderer itself and
# needs no CDN), into build/site-npm/node_modules.
#
# Called by `make site` and `make test`. Uses only the npm registry and Debian's apt.
# Exits non-zero with one line saying why when it cannot provide them.
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/build/site-npm"
LOG="$ROOT/build/ensure-site-tools.log"
mkdir -p "$DEST"

if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "ensure-site-tools: installing Debian's nodejs and npm (log: ${LOG#"$ROOT"/}) ..."
        { DEBIAN_FRONTEND=noninteractive apt-get update \
          && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm; } >>"$LOG" 2>&1
    fi
    if ! command -v npm >/dev/null 2>&1; then
        echo "ensure-site-tools: npm is missing and could not be installed with apt-get (see ${LOG#"$ROOT"/})" >&2
        exit 1
    fi
fi

# Up to date when the lock file we installed from is the committed one.
if cmp -s "$ROOT/site/package-lock.json" "$DEST/package-lock.json" && [ -d "$DEST/node_modules/mathjax" ]; then
    exit 0
fi
cp "$ROOT/site/package.json" "$ROOT/site/package-lock.json" "$DEST/"
echo "ensure-site-tools: npm ci in ${DEST#"$ROOT"/} (MathJax for the course site) ..."
if ! (cd "$DEST" && npm ci --ignore-scripts --no-audit --no-fund >>"$LOG" 2>&1); then
    rm -f "$DEST/package-lock.json"   # so the next run tries again
    echo "ensure-site-tools: npm ci failed (see ${LOG#"$ROOT"/})" >&2
    exit 1
fi
