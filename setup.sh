#!/usr/bin/env bash
# Sets up everything the build and the tests need, then builds site/:
#   - a virtual environment .venv/ made with the Python found on the PATH (python3, or $PYTHON), holding the
#     pinned packages of requirements-dev.txt. A venv, because Debian 12+ and Ubuntu 23.04+ refuse
#     `pip install` into the system Python (PEP 668, "externally-managed-environment");
#   - Debian's chromium, fonts-noto-cjk, poppler-utils and a Java runtime, and the npm test tools.
# SETUP_NO_BROWSER=1 leaves out the second part (no browser, fonts, Java or npm): enough to build and to
# run the tests that need no browser.
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
apt_install() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || {
  echo "setup.sh: $PYTHON not found; expected Python 3.11 or later on the PATH (Debian: apt install python3)" >&2
  exit 1
}

# A venv with a working pip. Debian ships venv's pip bootstrap (ensurepip) apart, in python3-venv.
if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf .venv
  if ! "$PYTHON" -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv
    command -v apt-get >/dev/null || { echo "setup.sh: $PYTHON -m venv failed; install Python's venv module" >&2; exit 1; }
    version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    apt_install python3-venv "python$version-venv"
    "$PYTHON" -m venv .venv
  fi
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

if [ "${SETUP_NO_BROWSER:-}" != 1 ]; then
  # Debian's Chromium drives the browser tests (Playwright's own browser download is not used);
  # the Noto CJK fonts let screenshots and print-to-PDF show Chinese text; poppler-utils reads the PDFs.
  if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    apt_install chromium fonts-noto-cjk poppler-utils
  fi
  # The Nu Html Checker and the sitemap schema check run with Debian's Java.
  command -v java >/dev/null || apt_install default-jre-headless
  # Test-only tools pinned in package-lock.json: axe-core (accessibility rules, run in Chromium) and
  # vnu-jar (the Nu Html Checker). --ignore-scripts: vnu-jar's postinstall would otherwise try to
  # download a JDK of its own when no java is on the PATH; Debian's is installed instead.
  command -v npm >/dev/null || apt_install npm
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
fi

# Bytecode for the build's own modules, as pip writes it for installed packages: Python reads it even
# where PYTHONDONTWRITEBYTECODE stops it writing its own, so every build starts some 30 ms sooner.
.venv/bin/python -m compileall -q build.py reportgen

.venv/bin/python build.py
