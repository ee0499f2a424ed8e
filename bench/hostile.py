#!/usr/bin/env python3
"""Time per character of input for reports built to be hard, each beside the seed's own figure:

  * one paragraph holding 80,000 uses of a glossary term (build of the whole site);
  * a report of 500 paragraphs re-ingested after every paragraph was touched (the id merge);
  * a report of 60 parts × 60 sections (ingest and build: every page carries the contents list).

Characters are those of the report's Chinese text. Builds run in this process (forked workers as usual),
ingest too; each figure is the best of `runs`. Prints figures; asserts nothing.

  python bench/hostile.py [runs]
"""
import os
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from reportgen import yamlio  # noqa: E402
from reportgen.ingest import ingest  # noqa: E402
from reportgen.pipeline import build  # noqa: E402
from reportgen.speed import Speed  # noqa: E402

SEED = os.path.join(ROOT, "seeds", "jianghan-2025.zh.txt")
DIGITS = "零一二三四五六七八九"


def cn(n):
    """1 … 99 as Chinese numerals."""
    tens, units = divmod(n, 10)
    return (DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (DIGITS[units] if units or not tens else "")


def best(runs, task):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return min(times)


def build_into(content, work):
    out = os.path.join(work, "site")
    # from scratch every time: into the last build's folder, the build record would render nothing
    build(content, os.path.join(ROOT, "templates"), os.path.join(ROOT, "static"), out, speed=Speed(record=False))
    return out


def seed_text():
    with open(SEED, encoding="utf-8") as f:
        return f.read()


def touched(text):
    """Every paragraph (a line that is no heading) with a character added at its end."""
    lines = text.split("\n")
    heads = ("一、", "二、", "（", "(", "附件", "名词解释", "各位代表")
    return "\n".join(line + "。" if line and not line.startswith(heads) and not line[:1].isdigit() else line
                     for line in lines)


def reingest_time(text, work, runs):
    """Ingest `text`, then time re-ingesting it with every paragraph touched."""
    source = os.path.join(work, "report-2025.txt")
    content = os.path.join(work, "content")

    def once():
        shutil.rmtree(content, ignore_errors=True)
        with open(source, "w", encoding="utf-8") as f:
            f.write(text)
        ingest(source, content)
        with open(source, "w", encoding="utf-8") as f:
            f.write(touched(text))
        start = time.perf_counter()
        ingest(source, content)
        return time.perf_counter() - start
    return min(once() for _ in range(runs))


def many_paragraphs(n):
    """The seed with its first section grown to n paragraphs, each distinct."""
    text = seed_text()
    head = "(一)"
    at = text.index("\n", text.index(head)) + 1
    extra = "".join(f"第{i}项：推进重点项目建设{i}个，完成投资{i}亿元，新增就业岗位{i * 7}个。\n" for i in range(n))
    return text[:at] + extra + text[at:]


def sections_report(parts, sections):
    lines = ["各位代表：", "现在，我代表区人民政府，向大会报告工作，请予审议。"]
    for p in range(1, parts + 1):
        lines += [f"{cn(p)}、第{p}部分的工作", f"第{p}部分的引言，说明本部分的总体安排。"]
        for s in range(1, sections + 1):
            lines += [f"（{cn(s)}）第{p}部分第{s}节的标题", f"第{p}部分第{s}节的正文，推进各项工作取得新成效，完成投资{s}亿元。"]
    return "\n".join(lines) + "\n"


def content_with(work, text, rid="report-2025"):
    """A content folder holding the site config and one report ingested from `text`."""
    content = os.path.join(work, "content")
    shutil.rmtree(content, ignore_errors=True)
    os.makedirs(content)
    shutil.copy(os.path.join(ROOT, "content", "site.yaml"), content)
    source = os.path.join(work, f"{rid}.txt")
    with open(source, "w", encoding="utf-8") as f:
        f.write(text)
    ingest(source, content)
    with open(os.path.join(content, rid, "report.yaml"), "w", encoding="utf-8") as f:
        f.write("title: {zh: 测试报告, en: Test report}\n")
    return content


def per_char(seconds, chars):
    return seconds / chars * 1e6  # µs per character


def row(name, seconds, chars, seed_us):
    us = per_char(seconds, chars)
    print(f"{name:<52} {chars:>10,} {seconds:>9.2f} s {us:>10.2f} µs/char {us / seed_us:>7.1f}× seed")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    text = seed_text()
    chars = len(text)
    print(f"{'case':<52} {'characters':>10} {'time':>11} {'per character':>17} {'vs seed':>12}")
    with tempfile.TemporaryDirectory() as work:
        # the seed's own figures
        content = os.path.join(work, "seed-content")
        shutil.copytree(os.path.join(ROOT, "content"), content)
        seed_build = best(runs, lambda: build_into(content, work))
        seed_build_us = per_char(seed_build, chars)
        row("seed: build", seed_build, chars, seed_build_us)
        seed_reingest = reingest_time(text, work, runs)
        seed_reingest_us = per_char(seed_reingest, chars)
        row("seed: re-ingest, every paragraph touched", seed_reingest, chars, seed_reingest_us)
        seed_ingest = best(runs, lambda: content_with(work, text))
        row("seed: ingest", seed_ingest, chars, per_char(seed_ingest, chars))

        # 80,000 uses of a term in one paragraph
        zh = os.path.join(content, "jianghan-2025", "zh.yaml")
        doc = yamlio.load(zh)
        uses = "“以旧换新”" * 80_000
        doc["parts"][0]["sections"][0]["paragraphs"][0]["text"] += uses
        yamlio.write_atomic(zh, yamlio.dump(doc))
        row("80,000 term uses in one paragraph: build", best(runs, lambda: build_into(content, work)),
            chars + len(uses), seed_build_us)

        # 500 paragraphs, each touched, re-ingested
        big = many_paragraphs(500)
        row("500 paragraphs touched: re-ingest", reingest_time(big, work, runs), len(big), seed_reingest_us)

        # 60 × 60 sections
        report = sections_report(60, 60)
        row("60 × 60 sections: ingest", best(runs, lambda: content_with(work, report)), len(report),
            per_char(seed_ingest, chars))
        grid = content_with(work, report)
        row("60 × 60 sections: build", best(runs, lambda: build_into(grid, work)), len(report), seed_build_us)


if __name__ == "__main__":
    main()
