"""Honest language coverage: on an English page every piece still in Chinese says so (headings,
summaries, paragraphs, glossary entries, the report title), units filled from memory say they need
review, and the landing page and each report home give the share translated per language."""
import os
import re

import pytest
import yaml

from conftest import build_site
from reportgen import memory
from test_a11y import new_page

JH = "jianghan-2025"


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """Jianghan (all English), memo-2026 (partly from memory) and zero-2026 (no English at all)."""
    import shutil
    from conftest import ROOT
    content = tmp_path_factory.mktemp("coverage") / "content"
    shutil.copytree(os.path.join(ROOT, "content"), content)
    jh = yaml.safe_load((content / JH / "zh.yaml").read_text(encoding="utf-8"))
    s1 = jh["parts"][0]["sections"][0]
    memo = {"id": "memo-2026", "lang": "zh", "source": "memo.txt", "encoding": "utf-8", "meta": {},
            "opening": [{"id": "opening-1", "text": "各位代表："},
                        {"id": "opening-2", "text": "现在，我代表市人民政府，向大会报告工作。"}],
            "parts": [{"id": "p1", "number": 1, "title": "2024年工作回顾", "intro": [], "closing": [], "sections": [
                {"id": "p1-s1", "number": 1, "title": s1["title"], "summary": s1["summary"], "paragraphs": [
                    {"id": "p1-s1-1", "lead": s1["paragraphs"][1]["lead"], "text": s1["paragraphs"][1]["text"]},
                    {"id": "p1-s1-2", "text": "全市新设立的基金超过三十只，规模再创新高。"}]},
                {"id": "p1-s2", "number": 2, "title": "扎实推进城市更新", "summary": "城市面貌持续改善。",
                 "paragraphs": [{"id": "p1-s2-1", "text": "完成老旧小区改造12个。"}]}]}],
            "appendix": {"title": "名词解释", "entries": [
                {"id": "g1", "number": 1, "label": "城市更新", "terms": ["城市更新"], "definition": "指对城市空间的改造。"}]}}
    zero = {**memo, "id": "zero-2026", "opening": [memo["opening"][1]],
            "meta": {"dateline": "2026年1月10日在零号县第一届人民代表大会第一次会议上", "speaker": "零号县县长 某某"},
            "parts": [{**memo["parts"][0], "title": "过去一年的工作", "sections": [
                {"id": "p1-s1", "number": 1, "title": "扎实推进城市更新", "summary": "城市面貌持续改善。",
                 "paragraphs": [{"id": "p1-s1-1", "text": "完成老旧小区改造12个。计划改造老旧小区20个。"}]}]}]}
    for rid, doc, title in (("memo-2026", memo, "title: {zh: 备忘市政府工作报告, en: Memo City Work Report}"),
                            ("zero-2026", zero, "title: {zh: 零号县政府工作报告}")):
        (content / rid).mkdir()
        (content / rid / "zh.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        (content / rid / "report.yaml").write_text(title + "\nyear: 2026\n", encoding="utf-8")
    (content / "zero-2026" / "figures.yaml").write_text(
        "- {id: renovated, paragraph: p1-s1-1, fragment: 完成老旧小区改造12个, value: 12, unit: 个, period: 2024,\n"
        "   kind: result, theme: urban, measure: count, pair: renovation, headline: true,\n"
        "   label: {zh: 老旧小区改造, en: Old residential communities renovated}}\n"
        "- {id: to-renovate, paragraph: p1-s1-1, fragment: 计划改造老旧小区20个, value: 20, unit: 个, period: 2025,\n"
        "   kind: target, theme: urban, measure: count, pair: renovation, headline: true,\n"
        "   label: {zh: 计划改造老旧小区, en: null}}\n", encoding="utf-8")
    assert memory.fill(str(content), "memo-2026")[0] == 4
    out = tmp_path_factory.mktemp("coverage-site") / "site"
    result = build_site(out, content=str(content))
    return out, result


def page(site, path):
    return (site / path).read_text(encoding="utf-8")


def test_every_untranslated_piece_of_an_english_page_is_flagged(three):
    site, _ = three
    html = page(site, "zero-2026/en/p1-s1.html")
    flags = re.findall(r'<span class="flag" lang="en">Untranslated</span>', html)
    # the report title (header), the section heading (contents and page heading), its summary, its paragraph
    assert len(flags) >= 5, len(flags)
    assert re.search(r'<h1 [^>]*><span lang="zh-Hans">（一）扎实推进城市更新</span> <span class="flag" lang="en">'
                     r'Untranslated</span></h1>', html) is None  # English labels: 1., not （一）
    assert '<span lang="zh-Hans">1. 扎实推进城市更新</span> <span class="flag" lang="en">Untranslated</span>' in html
    assert '<p class="summary" lang="zh-Hans"><span class="flag" lang="en">Untranslated</span>城市面貌持续改善。</p>' in html
    assert '<span class="flag" lang="en">Untranslated</span>完成老旧小区改造12个。' in html
    home = page(site, "zero-2026/en/index.html")
    assert '<h1><span lang="zh-Hans">零号县政府工作报告</span> <span class="flag" lang="en">Untranslated</span></h1>' in home
    assert ('<p class="front"><span lang="zh-Hans">2026年1月10日在零号县第一届人民代表大会第一次会议上</span> '
            '<span class="flag" lang="en">Untranslated</span><br>') in home
    glossary = page(site, "zero-2026/en/glossary.html")
    assert '<span class="term-title" lang="zh-Hans">城市更新</span> <span class="flag" lang="en">Untranslated</span>' in glossary
    figures = page(site, "zero-2026/en/figures.html")
    assert '<span class="fig-label" lang="zh-Hans">计划改造老旧小区</span> <span class="flag" lang="en">Untranslated</span>' in figures
    assert "<title>" in home and "Untranslated" not in re.search(r"<title>(.*?)</title>", html).group(1)


def test_side_by_side_shows_the_flag_instead_of_the_chinese_twice(three):
    site, _ = three
    html = page(site, "zero-2026/bi/p1-s1.html")
    assert '<dt><span lang="zh-Hans">1. 城市更新</span> <span class="flag" lang="en">Untranslated</span></dt>' in \
        page(site, "zero-2026/bi/full.html")
    assert '<div class="summary pair-summary"><p lang="zh-Hans">城市面貌持续改善。</p><p lang="en"><span class="flag" lang="en">Untranslated</span></p></div>' in html


def test_units_from_memory_say_they_need_review(three):
    site, result = three
    html = page(site, "memo-2026/en/p1-s1.html")
    assert re.search(r'<p id="p1-s1-1" class="para memory"><span class="flag memory" lang="en">From translation '
                     r'memory, needs review</span><strong class="lead">Consumption was boosted', html)
    assert any(w.startswith("memo-2026: 4 en translation(s) come from translation memory and need review")
               for w in result["warnings"])


def test_landing_and_homes_give_the_share_and_never_offer_an_untranslated_edition(three):
    site, _ = three
    landing = page(site, "index.html")
    cards = dict(re.findall(r'<li class="report-card">\s*<h3>([^<]+)(.*?)</li>', landing, re.S))
    zero = next(v for k, v in cards.items() if k.startswith("零号县"))
    memo = next(v for k, v in cards.items() if k.startswith("备忘市"))
    jh = next(v for k, v in cards.items() if k.startswith("2025年江汉区"))
    assert "Read in English" not in zero and ">English: 0% — shown in Chinese</a>" in zero
    assert '<span lang="en">English: 0% — shown in Chinese</span>' in zero
    share = int(re.search(r"Read in English \((\d+)% translated\)", memo).group(1))
    assert 0 < share < 100
    assert ">Read in English</a>" in jh and '<span lang="en">English: 100%</span>' in jh
    assert '<p class="coverage">Translated: English 0% — shown in Chinese</p>' in page(site, "zero-2026/en/index.html")
    assert f'<p class="coverage">译文完成度：English {share}% — 其余以中文原文显示</p>' in page(site, "memo-2026/zh/index.html")


def test_a_reader_sees_the_flags_in_the_browser(three, browser):
    site, _ = three
    context, pg = new_page(browser)
    pg.goto((site / "zero-2026" / "en" / "p1-s1.html").as_uri())
    flags = pg.locator("main .flag")
    assert flags.count() >= 3 and all(f.is_visible() for f in flags.all())
    assert pg.locator("main h1 .flag").inner_text() == "Untranslated"
    pg.goto((site / "index.html").as_uri())
    assert pg.get_by_text("English: 0% — shown in Chinese").first.is_visible()
    context.close()


FLAGGED = ["index.html", "zero-2026/en/index.html", "zero-2026/en/figures.html", "zero-2026/bi/figures.html", "zero-2026/en/p1-s1.html", "zero-2026/bi/p1-s1.html",
           "zero-2026/en/glossary.html", "memo-2026/en/p1-s1.html", "memo-2026/bi/p1-s1.html"]


def test_flagged_pages_are_valid_html(three):
    from test_html_valid import describe, vnu
    site, _ = three
    messages = vnu(*[str(site / p) for p in FLAGGED])
    assert not messages, describe(site, messages)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_flagged_pages_pass_axe(three, browser, scheme):
    from test_a11y import TAGS, describe, run_axe
    import functools
    import http.server
    import threading
    from conftest import QuietHandler, free_port
    site, _ = three
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()),
                                             functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context, pg = new_page(browser, axe=True, color_scheme=scheme)
    try:
        for rel in FLAGGED:
            pg.goto(f"http://127.0.0.1:{server.server_address[1]}/{rel}")
            pg.wait_for_load_state("load")
            violations = run_axe(pg, {"type": "tag", "values": TAGS})
            assert not violations, describe(rel, scheme, violations)
    finally:
        context.close()
        server.shutdown()
