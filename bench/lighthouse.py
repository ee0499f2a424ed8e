#!/usr/bin/env python3
"""Lighthouse 12.2.3 (its default mobile settings) on a few pages of the site: scores, LCP and TBT, and the
audits that cost points. Prints tables; asserts nothing.

  python3 bench/lighthouse.py                # builds the site into a temporary folder, then audits it
  python3 bench/lighthouse.py --site site    # audits an existing build instead
  python3 bench/lighthouse.py --runs 3       # median of 3 runs per page (performance varies run to run)

Needs Node 20 and Debian's /usr/bin/chromium. On first use it runs
`npm install --prefix bench/.lh lighthouse@12.2.3` (bench/.lh is git-ignored). The site is served over
HTTP from 127.0.0.1 by Python's http.server, as a static host would serve it.
"""

import argparse
import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VERSION = "12.2.3"
PREFIX = os.path.join(HERE, ".lh")
LIGHTHOUSE = os.path.join(PREFIX, "node_modules", ".bin", "lighthouse")
CHROME = "/usr/bin/chromium"
REPORT = "jianghan-2025"
PAGES = ["zh/index.html", "zh/p1-s1.html", "zh/glossary.html", "en/glossary.html", "zh/figures.html",
         "en/figures.html"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def ensure_lighthouse():
    """bench/.lh/node_modules/.bin/lighthouse at VERSION, installed from npm when missing or different."""
    package = os.path.join(PREFIX, "node_modules", "lighthouse", "package.json")
    if os.path.exists(package):
        with open(package, encoding="utf-8") as f:
            if json.load(f).get("version") == VERSION:
                return LIGHTHOUSE
    print(f"installing lighthouse@{VERSION} into {os.path.relpath(PREFIX, ROOT)}/ …", file=sys.stderr)
    subprocess.run(["npm", "install", "--prefix", PREFIX, f"lighthouse@{VERSION}", "--no-audit", "--no-fund",
                    "--loglevel=error"], check=True)
    return LIGHTHOUSE


def build_site(tmp):
    """python3 build.py into a temporary folder (site/ is left alone); its warnings are not repeated here."""
    out = os.path.join(tmp, "site")
    result = subprocess.run([sys.executable, "build.py", "--quiet", "--out", out], cwd=ROOT, capture_output=True,
                            text=True)
    if result.returncode:
        sys.exit(f"build failed:\n{result.stderr}")
    return out


def serve(folder):
    """A static HTTP server on a free port of 127.0.0.1, in a daemon thread; returns its base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def audit(url):
    """One Lighthouse run (mobile, simulated throttling: its defaults) → the parsed JSON report."""
    cmd = [LIGHTHOUSE, url, "--output=json", "--output-path=stdout", "--quiet",
           "--chrome-flags=--headless=new --no-sandbox"]
    result = subprocess.run(cmd, env=dict(os.environ, CHROME_PATH=CHROME), capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def scores(report):
    """Category scores (0-100), LCP and TBT (ms) of one run."""
    row = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    row["lcp"] = report["audits"]["largest-contentful-paint"]["numericValue"]
    row["tbt"] = report["audits"]["total-blocking-time"]["numericValue"]
    return row


def losses(report):
    """[(category, audit id, title, score, value, why)] for each weighted audit that scored below 1."""
    found = []
    for cat in CATEGORIES:
        for ref in report["categories"][cat]["auditRefs"]:
            a = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and a.get("score") is not None and a["score"] < 1:
                found.append((cat, ref["id"], a["title"], a["score"], a.get("displayValue", ""), why(a)))
    return found


def why(audit):
    """The audit's explanation, or the reasons given for its first failing items."""
    if audit.get("explanation"):
        return audit["explanation"]
    reasons = []
    for item in (audit.get("details") or {}).get("items", [])[:3]:
        for sub in (item.get("subItems") or {}).get("items", []):
            reasons.append(f"{sub.get('reason', '')}: {item.get('source', {}).get('snippet', '')}")
    return "; ".join(reasons)


def table(headers, rows, left=1):
    """Columns before `left` are text (left-aligned), the rest figures."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    for cells in [headers, ["-" * w for w in widths], *rows]:
        print("  ".join(str(c).ljust(w) if i < left else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(cells, widths))).rstrip())
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", help="an existing build to audit (default: build one into a temp folder)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; medians are printed (default 1)")
    args = parser.parse_args()
    if not os.access(CHROME, os.X_OK):
        sys.exit(f"{CHROME} is missing: apt-get install chromium")
    ensure_lighthouse()
    with tempfile.TemporaryDirectory(prefix="bench-lh-") as tmp:
        base = serve(os.path.abspath(args.site) if args.site else build_site(tmp))
        rows, failing = [], []
        for page in PAGES:
            runs = [audit(f"{base}{REPORT}/{page}") for _ in range(args.runs)]
            med = {k: statistics.median(scores(r)[k] for r in runs) for k in CATEGORIES + ["lcp", "tbt"]}
            rows.append([page] + [f"{med[c]:.0f}" for c in CATEGORIES] + [f"{med['lcp'] / 1000:.1f} s",
                                                                           f"{med['tbt']:.0f} ms"])
            median_run = sorted(runs, key=lambda r: r["categories"]["performance"]["score"])[len(runs) // 2]
            failing += [(page, *loss) for loss in losses(median_run)]

    print(f"Lighthouse {VERSION}, mobile defaults (simulated slow 4G, 4x CPU slowdown), Chromium headless,"
          f" {args.runs} run(s) per page, served by http.server\n")
    table(["page", "perf", "a11y", "best-pr", "seo", "LCP", "TBT"], rows)
    if not failing:
        print("No weighted audit lost points.")
        return
    print("Audits that cost points (weighted, score < 1), in each page's median run by performance score:\n")
    failing.sort(key=lambda f: (CATEGORIES.index(f[1]), f[2], PAGES.index(f[0])))
    table(["category", "audit id", "title", "page", "score", "value"],
          [[cat, audit_id, title, page, f"{score:.2f}", value] for page, cat, audit_id, title, score, value, _ in failing],
          left=4)
    reasons = {}
    for page, _, audit_id, _, _, _, reason in failing:
        if reason:
            reasons.setdefault(audit_id, f"{reason} (on {page})")
    for audit_id, reason in reasons.items():
        print(f"{audit_id}: {reason[:400]}")


if __name__ == "__main__":
    main()
