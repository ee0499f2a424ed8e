#!/usr/bin/env python3
"""Ingest figures: for each real report in ../shared/testdata/reports/ and the seed, what ingest finds
(parts, sections, paragraphs, appendices, glossary entries, lines joined and removed, the share of the
body's Chinese characters in units with their own id) and how long parsing takes; then the re-ingest
merge of a long changed stretch (500 paragraphs changed, one inserted). Prints figures; asserts nothing.

  python bench/ingest.py
"""
import difflib
import os
import re
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from reportgen.content import units  # noqa: E402
from reportgen.ingest import give_ids, parse_file  # noqa: E402
from reportgen.merge import _pair_similar  # noqa: E402
from test_real_reports import share_with_ids  # noqa: E402

REPORTS = os.path.join(ROOT, "..", "shared", "testdata", "reports")


def figures(path):
    start = time.perf_counter()
    parsed, _ = parse_file(path)
    took = time.perf_counter() - start
    doc = give_ids(parsed)
    k = units(doc)
    return (len(k["part"]), len(k["section"]), len(k["paragraph"]), len(doc.get("appendices", [])), len(k["entry"]),
            len(parsed["joins"]), len(parsed["removed"]), share_with_ids(doc), took)


def quadratic_pairs(olds, news):
    """The pairing ingest used before: every new unit against every old one."""
    pairs = []
    for n in news:
        best, best_i = 0.6, None
        for i, o in enumerate(olds):
            if pairs and i <= pairs[-1][0]:
                continue
            r = difflib.SequenceMatcher(None, o, n, autojunk=False).ratio()
            if r > best:
                best, best_i = r, i
        if best_i is not None:
            pairs.append((best_i, len(pairs)))
    return pairs


def main():
    names = sorted(f for f in os.listdir(REPORTS) if f.endswith(".zh.txt"))
    paths = [os.path.join(REPORTS, n) for n in names] + [os.path.join(ROOT, "seeds", "jianghan-2025.zh.txt")]
    print(f"{'report':34} parts sections paragraphs appendices entries joined removed id'd   parse")
    for path in paths:
        p, s, para, a, e, j, r, share, took = figures(path)
        name = os.path.basename(path).replace(".zh.txt", "")
        print(f"{name:34} {p:5} {s:8} {para:10} {a:10} {e:7} {j:6} {r:7} {share:6.1%} {took * 1000:5.0f} ms")
    sentences = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            sentences += [t.strip() for t in re.split(r"(?<=。)", f.read()) if len(t) > 30]
    sentences = sentences[:500]
    olds = [f"{i}：{t}" for i, t in enumerate(sentences)]
    news = olds[:1] + ["新增一段文字。"] + [t.replace("，", "、", 1) for t in olds[1:]]
    start = time.perf_counter()
    pairs = _pair_similar(olds, news, 0, 0)
    now = time.perf_counter() - start
    print(f"\nmerge of {len(olds)} changed paragraphs (one inserted): {now:.2f} s, {len(pairs)} pairs")
    small = 120  # the former all-against-all pairing, on a quarter of the stretch (it grows with the square)
    start = time.perf_counter()
    quadratic_pairs(olds[:small], news[:small + 1])
    print(f"former pairing, {small} paragraphs: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
