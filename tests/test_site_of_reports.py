"""A site of every real report in ../shared/testdata/reports/, the seed and a synthetic report that uses
every optional field (part labels and subtitles, a second numbered run with its lead line, an
attachment, a photo caption, note markers), each ingested with `build.py ingest FILE --id ID` and built
into one site with no file written by hand: the link check finds nothing broken, the new fields are on
the pages, the pages are valid HTML, and the landing page lists the reports by year, level and place."""
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED
from test_html_valid import describe, vnu
from test_links import check_site

REPORTS = os.path.join(SHARED, "testdata", "reports")
EVERY = os.path.join(ROOT, "tests", "texts", "every-feature.txt")


def cli(*args):
    run = subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), *args], capture_output=True, text=True,
                         cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return run


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("reports")
    content, out = base / "content", base / "site"
    content.mkdir()
    for name in ("site.yaml", "terms.yaml"):
        shutil.copyfile(os.path.join(ROOT, "content", name), content / name)
    sources = [os.path.join(REPORTS, f) for f in sorted(os.listdir(REPORTS)) if f.endswith(".zh.txt")]
    for source in sources:
        cli("ingest", source, "--id", os.path.basename(source).replace(".zh.txt", ""), "--content", str(content))
    # the seed over its editors' files (report.yaml, translations): re-ingest keeps them
    shutil.copytree(os.path.join(ROOT, "content", "jianghan-2025"), content / "jianghan-2025")
    cli("ingest", os.path.join(ROOT, "seeds", "jianghan-2025.zh.txt"), "--content", str(content))
    cli("ingest", EVERY, "--id", "every-feature", "--content", str(content))
    cli("--content", str(content), "--out", str(out), "--quiet")
    return out


def test_every_link_of_the_site_of_twelve_reports_resolves(site):
    checked, broken, missing, external = check_site(site)
    assert len([p for p in site.iterdir() if p.is_dir() and (p / "zh" / "index.html").exists()]) == 12
    assert checked > 30000
    assert (broken, missing, external) == ([], [], [])


def main_of(path):
    html = path.read_text(encoding="utf-8")
    return html[html.index("<main"):html.index("</main>")]


def test_new_fields_are_on_the_pages(site):
    r = site / "every-feature"
    home = main_of(r / "zh" / "index.html")
    assert '<p class="caption"><span class="caption-label">图片说明</span>：<span lang="zh-Hans">张三作政府工作报告。' in home
    part1 = main_of(r / "zh" / "p1.html")
    assert '<p class="subtitle">——稳中有进、持续向好</p>' in part1
    part2 = main_of(r / "zh" / "p2.html")
    lead = part2.index("“两个持续推进”即以下方面：")
    assert part2.index("（二）促改革") < lead < part2.index("（一）持续推进科技创新")
    attachment = main_of(r / "zh" / "a1.html")
    assert '<h1 id="a1"><span>附件1 2026年十件民生实事</span></h1>' in attachment
    assert "一、增加优质教育供给，新增学位1万个。" in attachment
    full = main_of(r / "zh" / "full.html")
    assert full.index("“两个持续推进”") < full.index('id="p2-s3"') < full.index('id="a1"') < full.index("二、办好群众")
    # the marker after a glossary term is inside the term's link; a marker on its own links to its entry
    assert '<a class="term-link" href="glossary.html#g1" aria-describedby="tip-p1-1-zh-t-0">政产学研用［1］一体化</a>' \
        in part1
    section = main_of(r / "zh" / "p2-s4.html")
    assert re.search(r'<a class="term-link" href="glossary.html#g2"[^>]*>民生福祉</a>.*?<a class="term-link" '
                     r'href="glossary.html#g2"[^>]*>\[2\]</a>', section)
    contents = (r / "zh" / "p1-s1.html").read_text(encoding="utf-8")
    assert '<li><a href="a1.html"><span>附件1 2026年十件民生实事</span></a></li>' in contents
    # a title nobody has translated is the Chinese, marked as Chinese, on the English pages
    assert '<h1><span lang="zh-Hans">2023年米易县政府工作报告</span></h1>' in main_of(site / "county-miyi-2023" / "en"
                                                                                     / "index.html")
    unnumbered = main_of(site / "county-miyi-2023" / "zh" / "p2.html")
    assert '<h1 id="p2"><span>2023年工作安排</span></h1>' in unnumbered
    assert "<span>一、坚定实施工业强县战略，持续做大做强工业经济</span>" in unnumbered


def test_landing_lists_reports_by_year_then_level_and_place(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h([23])[^>]*>([^<]+)', html)
    order = [text.strip() for level, text in headings]
    assert order[:3] == ["2026年 ·", "2026年北京市政府工作报告", "2026年山东省政府工作报告"]
    years = [t for t in order if re.fullmatch(r"\d{4}年 ·", t)]
    assert years == ["2026年 ·", "2025年 ·", "2024年 ·", "2023年 ·"]
    y2025 = order[order.index("2025年 ·") + 1:order.index("2024年 ·")]
    # the Jianghan report.yaml (an editor's) gives no level: it comes after those that do
    assert y2025 == ["2025年政府工作报告", "2025年博野县政府工作报告", "2025年涞源县政府工作报告", "2025年江汉区政府工作报告"]
    assert "2026年某某省政府工作报告" in order  # a province-level name without English: shown in Chinese only


def test_pages_with_the_new_fields_are_valid_html(site):
    pages = [site / "index.html"] + [site / "every-feature" / v / n for v in ("zh", "en", "bi")
                                     for n in ("index.html", "p1.html", "p2.html", "a1.html", "full.html")]
    pages.append(site / "every-feature" / "download" / "every-feature-bi.html")
    messages = vnu(*[str(p) for p in pages])
    assert messages == [], describe(site, messages)


from test_a11y import TAGS, light, run_axe  # noqa: E402,F401  (light: axe-core in a Chromium tab)
from test_a11y import describe as axe_describe  # noqa: E402


@pytest.mark.parametrize("rel", ["index.html", "every-feature/zh/index.html", "every-feature/en/p1.html",
                                 "every-feature/bi/p2.html", "every-feature/en/a1.html",
                                 "county-miyi-2023/en/p2.html"])
def test_pages_with_the_new_fields_pass_axe(site, light, rel):
    light.goto((site / rel).as_uri())
    light.wait_for_load_state("load")
    violations = run_axe(light, {"type": "tag", "values": TAGS})
    assert violations == [], axe_describe(rel, "light", violations)
