#!/usr/bin/env bash
# Sets up Bootbench on Debian 12: system packages the station and its tests use, npm dependencies
# (Node 22 is pinned as an npm dependency, so the system's Node 20 is enough to start), and a build.
set -euo pipefail
cd "$(dirname "$0")/.."

# socat: serial pty pairs; chromium: the UI tests; libxml2-utils: independent XSD checks;
# openssl: independent PKI checks; 7zip: packaging; xvfb: headed UI runs; g++/make/libpcsclite-dev: the
# PC/SC addon compiles at install; pcscd + vsmartcard + opensc: the virtual-card lab; iproute2/util-linux:
# private network namespaces (unshare) for pcscd in tests.
APT_PACKAGES=(socat chromium libxml2-utils openssl curl 7zip xvfb ca-certificates g++ make python3 libpcsclite-dev pcscd vsmartcard-vpcd python3-virtualsmartcard python3-pycryptodome pcsc-tools opensc iproute2 util-linux postgresql)

missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: please install these Debian packages first: ${missing[*]}" >&2; exit 1; fi
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Electron's binary cannot be downloaded on build machines; the app falls back to the web station.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npm ci --no-audit --no-fund
npm run build
echo "setup: done. Start with: npm start"
