#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian machine, then builds site/.
set -euo pipefail
cd "$(dirname "$0")"

python3 -m pip install --quiet --disable-pip-version-check -r requirements.txt

# Debian's Chromium drives the browser tests (Playwright's own browser download is not used);
# the Noto CJK fonts let screenshots and print-to-PDF show Chinese text; poppler-utils reads the PDFs.
if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null
fi

# Test-only tools pinned in package-lock.json: axe-core (accessibility rules, run in Chromium) and
# vnu-jar (the Nu Html Checker, run with Debian's Java). --ignore-scripts: vnu-jar's postinstall would
# otherwise try to download a JDK of its own when no java is on the PATH; Debian's is installed instead.
if ! command -v java >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless >/dev/null
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null

# Bytecode for the build's own modules, as pip writes it for installed packages: Python reads it even
# where PYTHONDONTWRITEBYTECODE stops it writing its own, so every build starts some 30 ms sooner.
python3 -m compileall -q build.py reportgen

python3 build.py
