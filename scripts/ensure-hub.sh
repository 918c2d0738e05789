#!/usr/bin/env bash
# Make sure configurable-http-proxy (JupyterHub's proxy, from npm) is installed for the hub
# tests (tests/hub/) and the capacity run (scripts/measure_capacity.py), and ngshare (PyPI).
#
# Called by `make test` and `make capacity` before Python starts. Installs the pinned version
# below into build/node/ (a project-local node_modules; nothing global), so the tests find
# build/node/node_modules/.bin/configurable-http-proxy. If node/npm are missing or npm fails,
# it prints one line saying why and exits 0; the hub tests then skip (or fail, when CI=true).
set -u

VERSION=5.3.0
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="$ROOT/build/node"
CHP="$PREFIX/node_modules/.bin/configurable-http-proxy"
LOG="$ROOT/build/ensure-hub.log"

# ngshare (the Kubernetes exchange) and its nbgrader client, for tests/hub/test_deploy_files.py
# and test_ngshare_exchange.py: into build/ngshare, without their pins (ngshare-exchange declares
# jupyter-core<4.11.2, which JupyterLab 4 cannot use; see deploy/zero-to-jupyterhub/Dockerfile).
# The ngshare service itself needs SQLAlchemy 1.4 and an alembic for it (with SQLAlchemy 2 a
# release is never saved), as its own
# container has: build/ngshare-server, on the service's path only.
NGSHARE="$ROOT/build/ngshare"
mkdir -p "$ROOT/build"
if [ -x "$ROOT/.venv/bin/python" ] && { [ ! -d "$NGSHARE/ngshare_exchange" ] || [ ! -d "$ROOT/build/ngshare-server/sqlalchemy" ]; }; then
    { "$ROOT/.venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
          --target "$NGSHARE" ngshare==0.6.0 ngshare-exchange==0.5.3 "rapidfuzz>=3,<4" &&
      "$ROOT/.venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
          --target "$ROOT/build/ngshare-server" "sqlalchemy>=1.4,<2" "alembic>=1.12,<1.14"; } \
        >"$ROOT/build/ensure-ngshare.log" 2>&1 \
        || echo "ensure-hub: pip could not install ngshare (see build/ensure-ngshare.log): its tests will skip (fail under CI=true)."
fi

if [ -x "$CHP" ] && [ "$("$CHP" --version 2>/dev/null)" = "$VERSION" ]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "ensure-hub: npm is missing: the JupyterHub tests will skip (fail under CI=true)."
    exit 0
fi
mkdir -p "$PREFIX"
echo "ensure-hub: installing configurable-http-proxy@$VERSION into build/node (log: build/ensure-hub.log) ..."
start=$(date +%s)
if npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error \
       "configurable-http-proxy@$VERSION" >"$LOG" 2>&1 && [ -x "$CHP" ]; then
    echo "ensure-hub: configurable-http-proxy $("$CHP" --version) installed in $(( $(date +%s) - start )) s"
else
    echo "ensure-hub: npm could not install configurable-http-proxy (see build/ensure-hub.log): the JupyterHub tests will skip (fail under CI=true)."
fi
exit 0
