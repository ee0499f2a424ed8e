"""The English edition: complete, every number audited, out-of-date flags per paragraph."""
import re

import pytest
import yaml

from conftest import build_site
from reportgen.content import load_site
from reportgen.numbers import audit, audit_unit
from reportgen.translation import localise

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def report():
    from conftest import ROOT
    import os
    return load_site(os.path.join(ROOT, "content"))["reports"][0]


def test_every_unit_is_translated_and_checked(report):
    states = {uid: localise(u, "en", report["translations"])[1] for uid, u in report["index"].items()}
    assert len(states) == 78
    assert [uid for uid, s in states.items() if s != "translated"] == []


def test_number_audit_finds_no_mismatch(report):
    pairs, numbers, problems = audit(report["index"], report["translations"]["en"])
    assert (pairs, problems) == (78, [])
    assert numbers >= 170
    print(f"number audit: {pairs} pairs, {numbers} numbers, 0 mismatches")


@pytest.mark.parametrize("zh, en, missing", [
    ("存贷款余额突破1.5万亿元", "deposits and loans exceeded 1.5 trillion yuan", []),
    ("预计完成社会消费品零售总额811亿元", "retail sales reached 81.1 billion yuan", []),
    ("全年新设经营主体2.6万户", "26,000 new market entities", []),
    ("居家养老上门服务61.5万人次", "615,000 home visits", []),
    ("发放各类就业创业补贴5000余万元", "over 50 million yuan in subsidies", []),
    ("增长6.5%", "grew by 6.5 percent", []),
    ("2024年12月16日", "December 16, 2024", []),
    ("新建口袋公园2个", "two new pocket parks", []),
    ("存贷款余额突破1.5万亿元", "deposits and loans exceeded 15 trillion yuan", [1.5e12]),
    ("预计完成社会消费品零售总额811亿元", "retail sales reached 811 million yuan", [8.11e10]),
    ("新增停车泊位6048个", "6,084 new parking spaces", [6048]),
    ("增长6.5%、6.7%", "grew by 6.5 percent", [6.7]),
])
def test_audit_rule_scales_and_fails_on_mismatch(zh, en, missing):
    assert audit_unit({"text": zh}, {"text": en})[0] == missing


def test_out_of_date_translation_is_flagged(content_copy, tmp_path):
    zh = content_copy / "jianghan-2025" / "zh.yaml"
    doc = yaml.safe_load(zh.read_text(encoding="utf-8"))
    doc["parts"][0]["sections"][0]["paragraphs"][2]["text"] += "（更正）"
    zh.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "site"
    result = build_site(out, content=str(content_copy))
    assert any("1 en translation(s) may be out of date" in w and "p1-s1-3" in w for w in result["warnings"])
    html = (out / "jianghan-2025" / "en" / "p1-s1.html").read_text(encoding="utf-8")
    assert ('<p id="p1-s1-3" class="para outdated"><span class="flag outdated" lang="en">Translation may be out '
            'of date</span>') in html
    assert html.count("Translation may be out of date") == 1
    bi = (out / "jianghan-2025" / "bi" / "p1-s1.html").read_text(encoding="utf-8")
    assert bi.count("Translation may be out of date") == 1


def test_english_pages_have_no_unmarked_chinese(site_dir):
    """Chinese characters on English pages only inside elements marked lang="zh-Hans"."""
    from html.parser import HTMLParser

    class Walk(HTMLParser):
        VOID = {"meta", "link", "br", "img", "input", "hr"}

        def __init__(self):
            super().__init__()
            self.stack, self.bad = [], []

        def handle_starttag(self, tag, attrs):
            if tag in self.VOID:
                return
            lang = dict(attrs).get("lang") or (self.stack[-1] if self.stack else "en")
            self.stack.append(lang)

        def handle_endtag(self, tag):
            if tag not in self.VOID and self.stack:
                self.stack.pop()

        def handle_data(self, data):
            if CJK.search(data) and (self.stack[-1] if self.stack else "en") != "zh-Hans":
                self.bad.append(data.strip()[:40])

    bad = {}
    for path in (site_dir / "jianghan-2025" / "en").glob("*.html"):
        w = Walk()
        w.feed(path.read_text(encoding="utf-8"))
        if w.bad:
            bad[path.name] = w.bad[:3]
    assert bad == {}
