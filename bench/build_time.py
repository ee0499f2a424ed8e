#!/usr/bin/env python3
"""Cold build time of the whole site, `python build.py` in a fresh process as a user runs it, and where
that time goes, stage by stage (a stage run once per batch of reports is summed). Prints figures;
asserts nothing.

  python bench/build_time.py [runs]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Run in a fresh interpreter: the time from its start to each stage's end (the stages are build()'s
# own functions, wrapped here), printed as one line of name=seconds.
STAGES = r"""
import sys, time
start = time.perf_counter()
spent = {}
import reportgen.pipeline as P
spent["imports"] = time.perf_counter() - start
def timed(name):
    f = getattr(P, name)
    def run(*a, **k):
        t = time.perf_counter()
        r = f(*a, **k)
        spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
        return r
    setattr(P, name, run)
for name in ("gather", "reload", "link_reports", "plan_reports", "renderer", "write_reports", "plan_shared",
             "write_shared"):
    timed(name)
P.build("content", "templates", "static", sys.argv[1])
spent["build"] = time.perf_counter() - start - spent["imports"]
print(" ".join(f"{name}={t:.6f}" for name, t in spent.items()))
"""

LABELS = {"imports": "imports (after the interpreter's start)",
          "gather": "gather: load and check every report (parsed files kept between builds)",
          "reload": "load each report again for its batch", "link_reports": "link (terms, figures)",
          "plan_reports": "plan a batch's outputs (datasets, search data, collisions)",
          "renderer": "set up rendering", "write_reports": "render and write pages (forked workers), zips",
          "plan_shared": "plan the pages outside any report, the sitemap",
          "write_shared": "render and write the landing and 404 pages, static files",
          "build": "the whole of build()"}


def cold_build(out):
    start = time.perf_counter()
    subprocess.run([sys.executable, "build.py", "--quiet", "--out", out], cwd=ROOT, check=True,
                   stderr=subprocess.DEVNULL)  # the content's warnings
    return time.perf_counter() - start


def stages(out):
    """{stage: seconds it took}, from one fresh process (its interpreter start-up not included)."""
    line = subprocess.run([sys.executable, "-c", STAGES, out], cwd=ROOT, check=True, capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=ROOT)).stdout.split()
    return {name: float(t) for name, t in (item.split("=") for item in line)}


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    # bytecode for the build's modules, as setup.sh writes it
    subprocess.run([sys.executable, "-m", "compileall", "-q", "build.py", "reportgen"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        # each run into a folder of its own: into the last build's folder, the build record would
        # render nothing (record.py)
        out = lambda i: os.path.join(tmp, f"site-{i}")  # noqa: E731
        cold_build(out("warm"))  # warm the OS file cache once; every timed run is still a fresh interpreter
        times = [cold_build(out(i)) for i in range(runs)]
        parts = [stages(out(f"s{i}")) for i in range(runs)]
        out = out(0)
        pages = sum(1 for _, _, files in os.walk(out) for f in files if f.endswith(".html"))
    print(f"cold build (python build.py), {runs} runs, {pages} HTML pages")
    print(f"  median {statistics.median(times) * 1000:7.1f} ms")
    print(f"  min    {min(times) * 1000:7.1f} ms")
    print(f"  max    {max(times) * 1000:7.1f} ms")
    print(f"  per page (median) {statistics.median(times) / pages * 1000:.2f} ms")
    print(f"\nwhere the time goes (median of {runs} more runs, each in a fresh interpreter):")
    for name in parts[0]:
        label = LABELS.get(name, name)
        print(f"  {label:48} {statistics.median(p[name] for p in parts) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
