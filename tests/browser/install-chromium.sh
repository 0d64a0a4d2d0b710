#!/usr/bin/env bash
# Installs Debian's chromium for the browser test (tests/browser.rs) when no
# Chromium is on the PATH. Bounded in time: apt retries a slow mirror a few
# times, and the whole install gives up after INSTALL_TIMEOUT seconds (default
# 900) with a non-zero status, so a caller can tell "not installed" apart.
set -euo pipefail
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then
    echo "install-chromium: using $(command -v "$name")"
    exit 0
  fi
done
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-chromium: not root and no sudo" >&2; exit 1; }
  sudo="sudo -n"
fi
apt_opts=(-o Acquire::Retries=3 -o Acquire::http::Timeout=30 -o DPkg::Lock::Timeout=300)
export DEBIAN_FRONTEND=noninteractive
timeout "${INSTALL_TIMEOUT:-900}" bash -c "
  $sudo apt-get ${apt_opts[*]} update -qq &&
  $sudo apt-get ${apt_opts[*]} install -y -qq --no-install-recommends chromium
"
command -v chromium >/dev/null 2>&1
