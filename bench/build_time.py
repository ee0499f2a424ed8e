#!/usr/bin/env python3
"""Cold build time of the whole site: `python build.py` in a fresh process, as a user runs it.

  python bench/build_time.py [runs]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cold_build(out):
    start = time.perf_counter()
    subprocess.run([sys.executable, "build.py", "--quiet", "--out", out], cwd=ROOT, check=True)
    return time.perf_counter() - start


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "site")
        cold_build(out)  # warm the OS file cache once; every timed run is still a fresh interpreter
        times = [cold_build(out) for _ in range(runs)]
        pages = sum(1 for _, _, files in os.walk(out) for f in files if f.endswith(".html"))
    print(f"cold build (python build.py), {runs} runs, {pages} HTML pages")
    print(f"  median {statistics.median(times) * 1000:7.1f} ms")
    print(f"  min    {min(times) * 1000:7.1f} ms")
    print(f"  max    {max(times) * 1000:7.1f} ms")
    print(f"  per page (median) {statistics.median(times) / pages * 1000:.2f} ms")


if __name__ == "__main__":
    main()
