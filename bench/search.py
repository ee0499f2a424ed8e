#!/usr/bin/env python3
"""Search: each report's data file (raw and gzip), the time a query takes in Chromium with its CPU slowed
4× (as Lighthouse's mobile profile does), median and p95 over 200 queries drawn from the report's own
text (Chinese substrings, English words, numbers), and the time from first focus of the box to the search
being ready (code and data loaded and read). Prints figures; asserts nothing.

  python3 bench/search.py                 # builds the site into a temporary folder first
  python3 bench/search.py --site site     # an existing build
  python3 bench/search.py --queries 500 --throttle 1
"""

import argparse
import functools
import gzip
import http.server
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
CHROME = "/usr/bin/chromium"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def data_of(path):
    """The data a report's search file hands to the page."""
    text = open(path, encoding="utf-8").read()
    return json.loads(text[text.index(".push(") + 6:text.rindex(");")])


def queries(data, n, seed=1):
    """n queries from the report's own text: 45% Chinese (2–4 characters), 45% English words, 10% numbers."""
    rng = random.Random(seed)
    zh = [u[3] for u in data["u"] if len(u[3]) > 4]
    en_words = sorted({w for u in data["u"] for w in re.findall(r"[A-Za-z][a-z]{3,}", u[4])})
    numbers = sorted({m for u in data["u"] for m in re.findall(r"\d+(?:\.\d+)?(?:亿|万|%)", u[3])})
    out = []
    for i in range(n):
        kind = i % 20
        if kind < 9:
            text = rng.choice(zh)
            size = rng.randint(2, 4)
            start = rng.randrange(0, len(text) - size)
            out.append(text[start:start + size])
        elif kind < 18 and en_words:
            out.append(rng.choice(en_words))
        else:
            out.append(rng.choice(numbers) if numbers else rng.choice(en_words))
    return out


TIME_QUERIES = """qs => {
    const box = document.querySelector('.search'), input = box.querySelector('input'), times = [];
    for (const q of qs) {
        const t0 = performance.now();
        input.value = q;
        box.show();
        box.offsetHeight;  // results laid out
        times.push(performance.now() - t0);
    }
    input.value = '';
    box.show();
    return times;
}"""

FIRST_FOCUS = """() => new Promise(done => {
    const t0 = performance.now();
    document.querySelector('#search-q').focus();
    (function check() {
        if (document.querySelector('.search-count')) done(performance.now() - t0);
        else setTimeout(check, 1);
    })();
})"""


def measure(browser, url, qs, throttle):
    """(query times, first-focus-to-ready) on the page at url."""
    page = browser.new_page()
    cdp = page.context.new_cdp_session(page)
    page.goto(url)
    page.wait_for_load_state("load")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    ready = page.evaluate(FIRST_FOCUS)
    page.evaluate(TIME_QUERIES, qs[:20])  # warm up (the engine compiles the code on first runs)
    # three passes, each query's median: the machine is shared, and one pause elsewhere is not the query's
    passes = [page.evaluate(TIME_QUERIES, qs) for _ in range(3)]
    times = [statistics.median(t) for t in zip(*passes)]
    page.close()
    return times, ready


def p95(values):
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", help="an existing build (default: build into a temporary folder)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--throttle", type=float, default=4)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if not site:
            from reportgen.pipeline import build
            site = os.path.join(tmp, "site")
            build(os.path.join(ROOT, "content"), os.path.join(ROOT, "templates"), os.path.join(ROOT, "static"), site,
                  keep_record=False)
        files = sorted(p for p in os.listdir(site) if p != "assets" and os.path.isdir(os.path.join(site, p)) for f in
                       os.listdir(os.path.join(site, p)) if re.fullmatch(r"search\.[0-9a-f]{10}\.js", f))
        server, base = serve(site)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROME, args=["--no-sandbox"])
            print(f"CPU throttled {args.throttle:g}×; {args.queries} queries per report, each the median of 3 "
                  f"passes; times in ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            print(f"{'report':<22}{'units':>6}{'raw KB':>9}{'gzip KB':>9}{'median':>8}{'p95':>8}{'max':>8}"
                  f"{'ready http':>12}{'ready file':>12}")
            for rid in dict.fromkeys(files):
                name = next(f for f in os.listdir(os.path.join(site, rid)) if f.startswith("search."))
                raw = open(os.path.join(site, rid, name), "rb").read()
                data = data_of(os.path.join(site, rid, name))
                qs = queries(data, args.queries)
                times, ready = measure(browser, f"{base}{rid}/en/index.html", qs, args.throttle)
                _, ready_file = measure(browser, "file://" + os.path.abspath(os.path.join(site, rid, "en",
                                                                                           "index.html")), qs[:1],
                                        args.throttle)
                print(f"{rid:<22}{len(data['u']):>6}{len(raw) / 1000:>9.1f}{len(gzip.compress(raw, 9)) / 1000:>9.1f}"
                      f"{statistics.median(times):>8.2f}{p95(times):>8.2f}{max(times):>8.2f}{ready:>12.0f}"
                      f"{ready_file:>12.0f}")
            code = next(f for f in os.listdir(os.path.join(site, "assets")) if f.startswith("search."))
            raw = open(os.path.join(site, "assets", code), "rb").read()
            print(f"search code: {len(raw)} B raw, {len(gzip.compress(raw, 9))} B gzip")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
