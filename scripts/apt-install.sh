#!/usr/bin/env bash
# apt_install PACKAGE NAME CONSEQUENCE: install one Debian package for the test suite, as root or
# with `sudo -n`, logging apt's output to build/NAME.log. Sourced by scripts/ensure-browser.sh and
# scripts/ensure-sandbox.sh. Prints one line saying what happened; returns 0 when the package was
# installed, 1 when it could not be (CONSEQUENCE says what follows, e.g. "browser tests will skip").
apt_install() {
    local package="$1" name="$2" consequence="$3" root log start sudo=()
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
            sudo=(sudo -n)
        else
            echo "$name: $package is missing and we are neither root nor allowed 'sudo -n': $consequence."
            return 1
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "$name: $package is missing and apt-get is not available: $consequence."
        return 1
    fi
    log="$root/build/$name.log"
    if ! { mkdir -p "$root/build" && : > "$log"; } 2>/dev/null; then
        log=$(mktemp "${TMPDIR:-/tmp}/$name.XXXXXX.log")
    fi
    echo "$name: installing Debian's $package (apt log: ${log#"$root"/}) ..."
    start=$(date +%s)
    if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update >>"$log" 2>&1 \
       && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$package" >>"$log" 2>&1; then
        echo "$name: $package installed in $(( $(date +%s) - start )) s"
        return 0
    fi
    echo "$name: could not install $package with apt-get (see ${log#"$root"/}): $consequence."
    return 1
}
