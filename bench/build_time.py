#!/usr/bin/env python3
"""Cold build time of the whole site, `python build.py` in a fresh process as a user runs it, and where
that time goes, stage by stage. Prints figures; asserts nothing.

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
marks = []
import reportgen.pipeline as P
marks.append(("imports", time.perf_counter()))
def timed(name):
    f = getattr(P, name)
    def run(*a, **k):
        r = f(*a, **k)
        marks.append((name, time.perf_counter()))
        return r
    setattr(P, name, run)
for name in ("load_site", "validate", "link", "plan_site", "renderer", "write_site"):
    timed(name)
P.build("content", "templates", "static", sys.argv[1])
print(" ".join(f"{name}={t - start:.6f}" for name, t in marks))
"""

LABELS = {"imports": "imports (after the interpreter's start)", "load_site": "load content (parsed files kept between builds)", "validate": "validate",
          "link": "link (terms, figures)", "plan_site": "plan outputs (assets, datasets, collisions)",
          "renderer": "set up rendering", "write_site": "render and write pages (forked workers), zip"}


def cold_build(out):
    start = time.perf_counter()
    subprocess.run([sys.executable, "build.py", "--quiet", "--out", out], cwd=ROOT, check=True,
                   stderr=subprocess.DEVNULL)  # the content's warnings
    return time.perf_counter() - start


def stages(out):
    """{stage: seconds it took}, from one fresh process (its interpreter start-up not included)."""
    line = subprocess.run([sys.executable, "-c", STAGES, out], cwd=ROOT, check=True, capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=ROOT)).stdout.split()
    ends = [(name, float(t)) for name, t in (item.split("=") for item in line)]
    return {name: t - (ends[i - 1][1] if i else 0.0) for i, (name, t) in enumerate(ends)}


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    # bytecode for the build's modules, as setup.sh writes it
    subprocess.run([sys.executable, "-m", "compileall", "-q", "build.py", "reportgen"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "site")
        cold_build(out)  # warm the OS file cache once; every timed run is still a fresh interpreter
        times = [cold_build(out) for _ in range(runs)]
        parts = [stages(out) for _ in range(runs)]
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
