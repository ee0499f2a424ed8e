"""Many reports and very large ones, for bench/compare.py: cold builds of n copies of the report (ours and
Hugo on the same content), and of the synthetic 20 × 20 and 60 × 60 reports. Everything is written
into the temporary folder it is given; content/ and site/ are never touched."""

import os
import shutil
import subprocess
import sys
import time

from hostile import sections_report
from peers import REPORT, load_trees, write_hugo_copies
from timing import ROOT, count_html, hugo_binary, ms, output_bytes, run, size, table


def fresh(folder):
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def copies_folder(tmp, n):
    """A content folder with the site's configuration (site.yaml, terms.yaml) and n copies of the report,
    jianghan-2025-001 …"""
    folder = os.path.join(tmp, f"content-copy-{n}")
    os.makedirs(folder)
    for name in ("site.yaml", "terms.yaml"):
        if os.path.exists(os.path.join(ROOT, "content", name)):
            shutil.copy(os.path.join(ROOT, "content", name), folder)
    for rid in copy_ids(n):
        shutil.copytree(os.path.join(ROOT, "content", REPORT), os.path.join(folder, rid))
    return folder


def copy_ids(n):
    return [f"{REPORT}-{i:03d}" for i in range(1, n + 1)]


def build_ours(content, out):
    return run([sys.executable, "build.py", "--quiet", "--content", content, "--out", fresh(out)])


def bench_copies(tmp, copies, peers=True):
    """n copies of the report, ours and Hugo's equivalent (a section per report, each page with the
    contents list of its own report), taking turns; 3 runs each up to 10 copies, else 1."""
    hugo = hugo_binary() if peers else None
    report, trees, ui = load_trees(os.path.join(ROOT, "content")) if peers else (None, None, None)
    rows, rebuilds, floors = [], [], []
    for n in copies:
        content, out = copies_folder(tmp, n), os.path.join(tmp, f"out-copies-{n}")
        tools = {"ours": lambda: build_ours(content, out)}
        outs = {"ours": out}
        if peers:
            site, hugo_out = os.path.join(tmp, f"hugo-copies-{n}"), os.path.join(tmp, f"out-hugo-copies-{n}")
            write_hugo_copies(site, report, trees, ui, copy_ids(n))
            tools["hugo"] = lambda: run([hugo, "--quiet", "-s", site, "-d", fresh(hugo_out)])
            outs["hugo"] = hugo_out
        runs = {name: [] for name in tools}
        for _ in range(3 if n <= 10 else 1):
            for name, build in tools.items():
                runs[name].append(build())
        ours_per_page = None
        for name, figures in runs.items():
            pages = count_html(outs[name])
            wall = sorted(r[0] for r in figures)[len(figures) // 2]
            cpu = sorted(r[1] for r in figures)[len(figures) // 2]
            per_page = wall / pages
            ours_per_page = ours_per_page or per_page
            rows.append([f"{n} × {name}", len(figures), f"{pages:,}", ms(wall), ms(cpu), f"{per_page * 1000:.2f} ms",
                         f"{cpu / pages * 1000:.2f} ms", f"{max(r[2] for r in figures):,.0f} MiB",
                         size(output_bytes(outs[name])), f"{ours_per_page / per_page:.2f}"])
            if name == "ours":
                rebuilds.append(rebuild_after_edit(content, out, n))
                floors.append(output_floor(out, n, pages, tmp))
            shutil.rmtree(outs[name])
        shutil.rmtree(content)
        if peers:
            shutil.rmtree(site)
        print(f"  … {n} copies done (load average {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
    print("## 4. Many reports: n copies of the report under different ids, cold build (fresh process each)\n")
    table(["copies × tool", "runs", "html pages", "median wall", "median CPU", "wall/page", "CPU/page",
           "peak RSS", "output (du -sb)", "ours/tool per page"], rows)
    print("ours: python3 build.py --quiet on site.yaml, terms.yaml and the copies (it also writes the bi view, the\n"
          "landing page, a 404, the single-file copies, datasets, search data and each report's zip). hugo: the same\n"
          "zh and en pages as Markdown, a section per report, every page with its own report's contents list\n"
          "(bench/peers.py). CPU: user+sys of the process and its workers. Peak RSS: the largest resident set of\n"
          "that run's process or its workers (wait4), so each row is its own. ours/tool per page > 1: ours slower.\n")
    print("## 4c. The floor of our output: its files written and packed, with no rendering at all\n")
    table(["copies", "files", "bytes", "write/page", "pack for zips/page", "together/page"], floors)
    print("Our finished site read into memory, then written again into a new folder on the same disk by one\n"
          "process per core (up to 4), and every file but the zips compressed as sitezip.packed does (time\n"
          "divided by the cores). Per page: divided by the HTML pages, as in table 4; set against Hugo's wall/page\n"
          "there, it says how much of the gap is what we write rather than how we render.\n")
    print("## 4b. Rebuild after editing one report of n (`python build.py` again, with the last build's record)\n")
    table(["copies", "wall", "CPU", "peak RSS", "files rewritten", "of them outside the edited report"], rebuilds)
    print("One paragraph of the middle copy's zh.yaml edited, then build.py into the same folder. Rewritten: files\n"
          "whose inode or modification time changed; outside the edited report only the landing and 404 pages\n"
          "may be (they name each report's search data file, whose name the edit changed).\n")


def output_floor(out, n, pages, tmp):
    """What our output costs with no rendering at all: its files written again into a new folder on the
    same disk, by as many processes as the build uses, and the bytes of each report compressed as its
    zip compresses them (sitezip.packed). Measured in a forked process, which alone holds the site's
    bytes: the builds timed after it start from this script's memory, and their peak would include it.
    (row of the floor table)"""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        figures = _floor(out, tmp)
        os.write(writer, " ".join(map(str, figures)).encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as f:
        files, total, written, packing = f.read().split()
    os.waitpid(pid, 0)
    files, total, written, packing = int(files), int(total), float(written), float(packing)
    return [n, f"{files:,}", size(total), f"{written / pages * 1000:.2f} ms", f"{packing / pages * 1000:.2f} ms",
            f"{(written + packing) / pages * 1000:.2f} ms"]


def _floor(out, tmp):
    """(files, bytes, seconds to write them again, seconds to pack them on every core)."""
    sys.path.insert(0, ROOT)
    from reportgen.sitezip import packed
    files = []
    for root, _, names in os.walk(out):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                files.append((os.path.relpath(path, out), f.read()))
    again = fresh(os.path.join(tmp, "floor"))
    workers = min(os.cpu_count() or 1, 4)
    start = time.perf_counter()
    children = []
    for w in range(workers):
        pid = os.fork()
        if pid == 0:
            for rel, data in files[w::workers]:
                target = os.path.join(again, rel)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(data)
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    written = time.perf_counter() - start
    zipped = [data for rel, data in files if not rel.endswith(".zip")]
    start = time.perf_counter()
    for data in zipped:
        packed(data)
    packing = (time.perf_counter() - start) / workers  # on every core, as the workers pack
    shutil.rmtree(again)
    return len(files), sum(len(data) for _, data in files), written, packing


def rebuild_after_edit(content, out, n):
    """Edit one paragraph of the middle copy and build into the same folder: (row of the rebuild table)."""
    before = identities(out)
    rid = copy_ids(n)[(n - 1) // 2]
    path = os.path.join(content, rid, "zh.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace("。", "。（修改）", 1))
    wall, cpu, rss = run([sys.executable, "build.py", "--quiet", "--content", content, "--out", out])
    after = identities(out)
    rewritten = [p for p in after if before.get(p) != after[p]]
    outside = [p for p in rewritten if not p.startswith(rid + "/")]
    return [n, ms(wall), ms(cpu), f"{rss:,.0f} MiB", f"{len(rewritten):,}", f"{len(outside)}: {', '.join(outside[:4])}"]


def identities(folder):
    """path → (inode, modification time) of every file under `folder`."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            st = os.stat(os.path.join(root, name))
            out[os.path.relpath(os.path.join(root, name), folder)] = (st.st_ino, st.st_mtime_ns)
    return out


def synthetic_content(tmp, parts, sections):
    """A content folder with one report of `parts` parts × `sections` sections (bench/hostile.py's text),
    made as a user would: `build.py ingest`."""
    content = os.path.join(tmp, f"content-{parts}x{sections}")
    os.makedirs(content)
    shutil.copy(os.path.join(ROOT, "content", "site.yaml"), content)
    source = os.path.join(tmp, f"report-{parts}x{sections}.txt")
    with open(source, "w", encoding="utf-8") as f:
        f.write(sections_report(parts, sections))
    subprocess.run([sys.executable, "build.py", "ingest", source, "--id", "report-2025", "--content", content],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(content, "report-2025", "report.yaml"), "w", encoding="utf-8") as f:
        f.write("title: {zh: 测试报告, en: Test report}\n")  # as bench/hostile.py: a title in both languages
    return content, len(sections_report(parts, sections))


def bench_sections(tmp, grids=((20, 20), (60, 60))):
    """One report of p parts × s sections each, cold build once: is output per section bounded, and is
    the time linear in pages?"""
    rows, per = [], {}
    for parts, sections in grids:
        content, chars = synthetic_content(tmp, parts, sections)
        out = os.path.join(tmp, f"out-{parts}x{sections}")
        wall, cpu, rss = build_ours(content, out)
        pages, nbytes, n = count_html(out), output_bytes(out), parts * sections
        per[(parts, sections)] = (nbytes / n, wall / pages)
        rows.append([f"{parts} × {sections}", f"{n:,}", f"{chars:,}", f"{pages:,}", ms(wall), ms(cpu),
                     f"{wall / pages * 1000:.2f} ms", f"{rss:,.0f} MiB", size(nbytes), size(nbytes / n)])
        shutil.rmtree(out)
        shutil.rmtree(content)
    print("## 5. Very large reports: p parts × s sections (bench/hostile.py's text, ingested), cold build once\n")
    table(["parts × sections", "sections", "characters", "html pages", "wall", "CPU", "wall/page", "peak RSS",
           "output (du -sb)", "output/section"], rows)
    if len(per) == 2:
        (small, (b1, t1)), (large, (b2, t2)) = per.items()
        print(f"{large[0]}×{large[1]} / {small[0]}×{small[1]}: output per section {b2 / b1:.2f}× "
              f"(target < 10×), wall per page {t2 / t1:.2f}× (1.0× is linear in pages)\n")
