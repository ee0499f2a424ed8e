#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian machine, then builds site/.
set -euo pipefail
cd "$(dirname "$0")"

python3 -m pip install --quiet --disable-pip-version-check -r requirements.txt

# Debian's Chromium drives the browser tests (Playwright's own browser download is not used);
# the Noto CJK fonts let screenshots and print-to-PDF show Chinese text.
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

python3 build.py
