#!/usr/bin/env python3
"""Save → reload for `python3 build.py serve`: how long after a content file is saved the served page shows
the change, and when the browser is told to reload. Prints figures; asserts nothing. Target: under 300 ms.

  python3 bench/serve_reload.py                  # 10 saves, under a minute
  python3 bench/serve_reload.py --saves 5 --interval 0.5

It copies content/, templates/ and static/ into a temporary folder and runs `build.py serve` there (cwd
set to that folder, so the repository's own files are never touched or watched), then for each save:
rewrites content/jianghan-2025/zh.yaml with one paragraph edited, and measures from just before the write
* served:  until an HTTP GET of that paragraph's page (polled every 5 ms) returns the new text;
* reload:  until livereload sends its `reload` command over its websocket, which is when a browser on
  the page reloads (connected here the way livereload.js connects, with tornado, livereload's own
  dependency); "—" when no reload came within 5 s (livereload can drop reloads that follow closely);
* rebuild: the server's own "rebuilt N pages (M rendered) in X ms" line for that save;
* served − rebuild: everything but the build: noticing the save (polling, waiting for a burst to
  settle), replacing site/, the HTTP round trip.
"""

import argparse
import asyncio
import json
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from compare import REPORT, paragraph_to_edit, table  # noqa: E402

REBUILT = re.compile(r"rebuilt (\d+) pages (?:\((\d+) rendered\) )?in (\d+) ms")
STARTUP_QUIET = 3.2  # livereload sends a reload at start-up and may ignore changes for up to 3 s after a reload


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def workspace(tmp):
    """The folders serve needs, copied, so that saves touch only the copy."""
    for name in ("content", "templates", "static"):
        shutil.copytree(os.path.join(ROOT, name), os.path.join(tmp, name))
    return tmp


def start_server(cwd, port, log):
    cmd = [sys.executable, os.path.join(ROOT, "build.py"), "serve", "--port", str(port), "--out", "site"]
    return subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=log, text=True, bufsize=1)


def collect_rebuilds(proc, rebuilds):
    """Reader thread: every 'rebuilt … in X ms' line, with the time it arrived."""
    for line in proc.stdout:
        m = REBUILT.search(line)
        if m:
            rebuilds.put((time.perf_counter(), int(m.group(3))))


def listen_for_reloads(port, page_url, reloads, ready):
    """Websocket thread: connect as livereload.js does (hello, then info) and time every reload command."""
    from tornado.websocket import websocket_connect

    async def main():
        conn = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        await conn.write_message(json.dumps({"command": "hello",
                                             "protocols": ["http://livereload.com/protocols/official-7"]}))
        await conn.read_message()
        await conn.write_message(json.dumps({"command": "info", "url": page_url, "plugins": {}}))
        ready.set()
        while (message := await conn.read_message()) is not None:
            if json.loads(message).get("command") == "reload":
                reloads.put(time.perf_counter())

    asyncio.run(main())


def wait_until(predicate, seconds, step=0.005):
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        try:
            if predicate():
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(step)
    return None


def drain(q):
    items = []
    while not q.empty():
        items.append(q.get_nowait())
    return items


def one_save(i, path, original, snippet, url, reloads, rebuilds):
    """Edit the paragraph, then time served page, reload message and the server's rebuild."""
    drain(reloads)
    drain(rebuilds)
    marker = f"（保存{i}）"
    start = time.perf_counter()
    with open(path, "w", encoding="utf-8") as f:  # in place, as most editors save
        f.write(original.replace(snippet, snippet + marker, 1))
    served = wait_until(lambda: marker in fetch(url), 10)
    try:
        reload = reloads.get(timeout=5)
    except queue.Empty:
        reload = None
    time.sleep(0.05)  # the rebuild line is printed just before serving resumes; let the reader catch it
    rebuild = next((ms for t, ms in drain(rebuilds) if t >= start), None)
    result = {"start": start, "served": served and served - start, "reload": reload and reload - start,
              "rebuild": rebuild / 1000 if rebuild is not None else None}
    # Everything but the build: noticing the save, swapping site/, the HTTP round trip.
    result["wait"] = result["served"] - result["rebuild"] if served and rebuild is not None else None
    return result


def fmt(seconds):
    return "—" if seconds is None else f"{seconds * 1000:.0f} ms"


def summary(results, key):
    values = [r[key] for r in results if r[key] is not None]
    if not values:
        return ["—", "—", "—", f"0/{len(results)}"]
    return [fmt(statistics.median(values)), fmt(min(values)), fmt(max(values)), f"{len(values)}/{len(results)}"]


def measure(saves, interval):
    """Run build.py serve on a copy of the project and time `saves` saves; one dict per save."""
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        cwd, port = workspace(tmp), free_port()
        path, original, section, snippet = paragraph_to_edit(os.path.join(cwd, "content"))
        url = f"http://127.0.0.1:{port}/{REPORT}/zh/{section}.html"
        log = open(os.path.join(tmp, "serve.log"), "w+")
        proc = start_server(cwd, port, log)
        try:
            rebuilds, reloads, ready = queue.Queue(), queue.Queue(), threading.Event()
            threading.Thread(target=collect_rebuilds, args=(proc, rebuilds), daemon=True).start()
            if not wait_until(lambda: "<html" in fetch(url), 60, step=0.1):
                log.seek(0)
                sys.exit(f"build.py serve did not come up:\n{log.read()[-2000:]}")
            threading.Thread(target=listen_for_reloads, args=(port, url, reloads, ready), daemon=True).start()
            ready.wait(10)
            time.sleep(STARTUP_QUIET)
            results = []
            for i in range(saves):
                results.append(one_save(i, path, original, snippet, url, reloads, rebuilds))
                last = results[-1]["start"] + (results[-1]["reload"] or results[-1]["served"] or 0)
                time.sleep(max(0.0, last + interval - time.perf_counter()))
            return results
        finally:
            proc.terminate()
            proc.wait(10)
            log.close()


def report(results, interval):
    print(f"build.py serve: save → change, {len(results)} saves, each {interval} s after the previous reload;"
          f" load average {os.getloadavg()[0]:.1f}\n")
    table(["save", "served (HTTP)", "reload sent (websocket)", "server's rebuild", "served − rebuild"],
          [[i + 1, fmt(r["served"]), fmt(r["reload"]), fmt(r["rebuild"]), fmt(r["wait"])]
           for i, r in enumerate(results)])
    table(["measure", "median", "min", "max", "seen"],
          [[name, *summary(results, key)] for name, key in
           (("save → page served with the change", "served"), ("save → reload message to the browser", "reload"),
            ("rebuild (server's own figure)", "rebuild"),
            ("served − rebuild (noticing the save, swapping site/, HTTP)", "wait"))])
    median = statistics.median([r["reload"] for r in results if r["reload"] is not None] or [float("nan")])
    verdict = "meets" if median < 0.3 else "misses"
    print(f"Target: a browser shows the change under 300 ms after a save. Median save → reload: {fmt(median)} "
          f"({verdict} it).")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10, help="number of saves (default 10)")
    parser.add_argument("--interval", type=float, default=1.0,
                        help="seconds from one save's reload to the next save (default 1.0)")
    args = parser.parse_args()
    report(measure(args.saves, args.interval), args.interval)


if __name__ == "__main__":
    main()
