#!/usr/bin/env bash
# Set-up on a stock Debian 12 with its own Python: a minimal Debian root (debootstrap, plus the system's
# python3 as a stock install has it), a clean copy of the checkout (tracked files only: no .venv/,
# node_modules/ or site/), and inside it, with nothing of the host's Python on the PATH:
#   1. `./setup.sh` (SETUP_NO_BROWSER=1 unless STOCK_BROWSER=1, below) -> exit 0;
#   2. `.venv/bin/python build.py` -> exit 0 and a built site;
#   3. `.venv/bin/python -m pytest` (without a browser: browser tests skip, and the Nu checker and
#      sitemap schema tests, which need Java and npm, are left out) -> exit 0;
#   4. what the README's old first command did, `python3 -m pip install -r requirements.txt` with Debian's
#      own pip -> refused (PEP 668, externally-managed-environment).
# Needs root (chroot) and debootstrap. The pristine root is kept as a tarball in $STOCK_CACHE (default
# /var/cache/reportgen-stock) so later runs skip debootstrap; each run unpacks it into a throw-away folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO="$PWD"
SUITE="${STOCK_SUITE:-bookworm}"
MIRROR="${STOCK_MIRROR:-http://deb.debian.org/debian}"
CACHE="${STOCK_CACHE:-/var/cache/reportgen-stock}"
TARBALL="$CACHE/debian-$SUITE-python3.tar"
# STOCK_BROWSER=1: the whole set-up (Chromium, fonts, Java, npm from Debian) and the whole test suite.
# Otherwise SETUP_NO_BROWSER=1 and the suite without the checks that need Java and the npm tools.
if [ "${STOCK_BROWSER:-}" = 1 ]; then NO_BROWSER=0; TESTS="${STOCK_TESTS:-}"
else NO_BROWSER=1; TESTS="${STOCK_TESTS:---ignore=tests/test_html_valid.py -k 'not valid_html and not sitemap_is_valid'}"; fi

WORK="$(mktemp -d /tmp/stock-debian.XXXXXX)"
ROOTFS="$WORK/root"
cleanup() {
  for m in "$ROOTFS/dev" "$ROOTFS/proc"; do if mountpoint -q "$m"; then umount -R -l "$m"; fi; done
  rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT
step() { printf '\n== %s  (%ss)\n' "$1" "$SECONDS"; }

mkdir -p "$ROOTFS"
if [ ! -f "$TARBALL" ] && ! command -v debootstrap >/dev/null; then
  # a fresh CI machine: Debian's own tool for making a Debian root, from the Debian archive
  command -v apt-get >/dev/null || { echo "debian-setup.sh: needs debootstrap (Debian: apt install debootstrap)" >&2; exit 1; }
  step "installing debootstrap (apt-get)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi
if [ -f "$TARBALL" ]; then
  step "unpacking the cached Debian $SUITE root ($TARBALL)"
  tar -xf "$TARBALL" -C "$ROOTFS"
else
  step "debootstrap $SUITE (minbase + python3, ca-certificates)"
  debootstrap --variant=minbase --include=python3,ca-certificates "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log"; exit 1; }
  if mkdir -p "$CACHE" 2>/dev/null; then tar -cf "$TARBALL.part" -C "$ROOTFS" . && mv "$TARBALL.part" "$TARBALL"; fi
fi

# The machine's network set-up, not its Python: name resolution, and the CAs this host trusts (an
# egress proxy may re-sign TLS), handed to pip by PIP_CERT.
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
cp /etc/ssl/certs/ca-certificates.crt "$ROOTFS/etc/ssl/certs/host-ca-certificates.crt"
mount -t proc proc "$ROOTFS/proc"
mount --rbind /dev "$ROOTFS/dev"

mkdir -p "$ROOTFS/home/editor/report"
git -C "$REPO" ls-files -z | tar --null -T - -cf - | tar -xf - -C "$ROOTFS/home/editor/report"
if [ -d "$REPO/../shared" ]; then  # the real reports and the seed some tests read, beside the clone as in CI
  mkdir -p "$ROOTFS/home/editor/shared"
  for f in seeds testdata TERMINOLOGY.md; do [ -e "$REPO/../shared/$f" ] && cp -r "$REPO/../shared/$f" "$ROOTFS/home/editor/shared/"; done
fi

inside_sh() {
  chroot "$ROOTFS" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PIP_CERT=/etc/ssl/certs/host-ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-ca-certificates.crt SETUP_NO_BROWSER="$NO_BROWSER" /bin/bash -c "cd /home/editor/report && $1"
}

step "the Python on the chroot's PATH"
inside_sh 'command -v python3; python3 -V; python3 -m pip --version 2>&1 || true; python3 -m venv /tmp/probe 2>&1 | head -1 || true; rm -rf /tmp/probe'

step "SETUP_NO_BROWSER=$NO_BROWSER ./setup.sh"
set +e; inside_sh './setup.sh'; rc=$?; set -e
echo "setup.sh exit status: $rc"; [ "$rc" -eq 0 ]

step ".venv/bin/python build.py"
set +e; inside_sh 'rm -rf site && .venv/bin/python build.py'; rc=$?; set -e
echo "build exit status: $rc"; [ "$rc" -eq 0 ] && [ -f "$ROOTFS/home/editor/report/site/index.html" ]
inside_sh '.venv/bin/python -c "import sys; print(\"venv Python:\", sys.executable, sys.version.split()[0], sys.base_prefix)"'

step ".venv/bin/python -m pytest -q $TESTS"
set +e; inside_sh ".venv/bin/python -m pytest -q $TESTS"; rc=$?; set -e
echo "pytest exit status: $rc"; [ "$rc" -eq 0 ]

step "for comparison: Debian's own pip into the system Python (the README's old first command)"
inside_sh 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-pip >/dev/null'
set +e; inside_sh 'python3 -m pip install -r requirements.txt' >"$WORK/pip.log" 2>&1; rc=$?; set -e
grep -m1 -o "externally-managed-environment" "$WORK/pip.log" || true
echo "system pip exit status: $rc"
[ "$rc" -ne 0 ] && grep -q "externally-managed-environment" "$WORK/pip.log"

step "stock Debian $SUITE: set-up, build and tests passed"
