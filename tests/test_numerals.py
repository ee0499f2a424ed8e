"""Parts and sections numbered past 九十九: 一百、, 一百零一、, （一百二十） are headings like 一、 and （一）,
not paragraphs (a report of 120 parts once ingested as 99 parts and the rest as paragraphs)."""
import os
import subprocess
import sys

import pytest

from conftest import ROOT
from reportgen import yamlio
from reportgen.numerals import cn, cn_number, roman


def test_every_number_to_999_is_printed_and_read_back():
    assert [cn(n) for n in (1, 10, 11, 20, 99, 100, 101, 110, 119, 120, 200, 305, 999)] == [
        "一", "十", "十一", "二十", "九十九", "一百", "一百零一", "一百一十", "一百一十九", "一百二十", "二百", "三百零五",
        "九百九十九"]
    assert all(cn_number(cn(n)) == n for n in range(1, 1000))
    assert cn_number("一百十") == 110  # printed without the 一 of the tens now and then
    # strings of numerals that are no number stay no number (the heading is then out of order)
    assert [cn_number(t) for t in ("三一", "十十", "一百五", "一百零十", "零", "百", "百一")] == [None] * 7
    assert [roman(n) for n in (4, 9, 14, 40, 49, 90, 99, 120, 400, 999)] == [
        "IV", "IX", "XIV", "XL", "XLIX", "XC", "XCIX", "CXX", "CD", "CMXCIX"]


def report(parts, sections_in_last):
    lines = ["各位代表：", "现在，我代表区人民政府，向大会报告工作，请予审议。"]
    for p in range(1, parts + 1):
        lines += [f"{cn(p)}、第{p}部分的工作", f"第{p}部分的引言，说明本部分的总体安排。"]
        for s in range(1, (sections_in_last if p == parts else 1) + 1):
            lines += [f"（{cn(s)}）第{p}部分第{s}节的标题", f"第{p}部分第{s}节的正文，推进各项工作取得新成效。"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    work = tmp_path_factory.mktemp("numerals")
    source = work / "many-2025.zh.txt"
    source.write_text(report(120, 120), encoding="utf-8")
    content = work / "content"
    content.mkdir()
    (content / "site.yaml").write_bytes(open(os.path.join(ROOT, "content", "site.yaml"), "rb").read())
    result = subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), "ingest", str(source), "--content",
                             str(content)], capture_output=True, text=True, cwd=work, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stdout + result.stderr
    return work, content


def test_120_parts_and_120_sections_ingest_as_headings(ingested):
    _, content = ingested
    doc = yamlio.load(str(content / "many-2025" / "zh.yaml"))
    parts = doc["parts"]
    assert [p["number"] for p in parts] == list(range(1, 121))
    assert [p["title"] for p in parts[98:101]] == ["第99部分的工作", "第100部分的工作", "第101部分的工作"]
    assert all("label" not in p for p in parts)  # each printed as the number's own numeral
    last = parts[-1]["sections"]
    assert [s["number"] for s in last] == list(range(1, 121))
    assert last[119]["title"] == "第120部分第120节的标题"
    assert all(len(p["intro"]) == 1 and all(len(s["paragraphs"]) == 1 for s in p["sections"]) for p in parts)


def test_120_parts_build_with_their_numerals(ingested):
    work, content = ingested
    out = work / "site"
    result = subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), "--quiet", "--content", str(content),
                             "--templates", os.path.join(ROOT, "templates"), "--static", os.path.join(ROOT, "static"),
                             "--out", str(out)], capture_output=True, text=True, cwd=work, timeout=600)
    assert result.returncode == 0, result.stderr
    page = lambda rel: (out / "many-2025" / rel).read_text(encoding="utf-8")  # noqa: E731
    assert "<title>一百二十、第120部分的工作 – " in page("zh/p120.html")
    assert "<title>CXX. 第120部分的工作 – " in page("en/p120.html")
    assert "<title>（一百二十）第120部分第120节的标题 – " in page("zh/p120-s120.html")
    assert "<title>一百零一、第101部分的工作 – " in page("zh/p101.html")
