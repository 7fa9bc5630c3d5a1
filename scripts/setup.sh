#!/usr/bin/env bash
# Installs what Tandem's tests and demo need on a fresh Debian 12 machine with Swift 6.3:
# Debian packages, and the Python peers in .venv (tests/requirements.txt) and .venv-checkov.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(libopenblas-dev libsqlite3-dev chromium)
missing=()
for package in "${debian_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

install_venv() {  # install_venv DIR REQUIREMENTS
    local dir=$1 requirements=$2 stamp
    stamp="$dir/.requirements.sha256"
    if [ -f "$stamp" ] && [ "$(sha256sum "$requirements" | cut -d' ' -f1)" = "$(cat "$stamp")" ]; then
        return 0
    fi
    echo "setup: installing $requirements into $dir"
    [ -x "$dir/bin/python" ] || python3 -m venv "$dir"
    "$dir/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    sha256sum "$requirements" | cut -d' ' -f1 >"$stamp"
}

if [ "${1:-}" = "--system-only" ]; then
    exit 0
fi

install_venv .venv tests/requirements.txt
if [ -f tests/requirements-checkov.txt ]; then
    install_venv .venv-checkov tests/requirements-checkov.txt
fi
echo "setup: ready"
