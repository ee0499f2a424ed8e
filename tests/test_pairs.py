"""Targets and results across years: the verdict rules, the pairing of the national 2024 targets with
the 2025 report's results, editors' decisions, and the section and data files as built."""

import csv
import io
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, SHARED, build_site
from reportgen.content import load_site
from reportgen.errors import ContentErrors
from reportgen.pairs import pair_years
from reportgen.verdicts import verdict

REPORTS = os.path.join(SHARED, "testdata", "reports")
HEADLINE = {  # the 2024 report's six headline targets → the 2025 report's 2024 result and the verdict
    "国内生产总值增长5%左右": ("国内生产总值达到134.9万亿元、增长5%", 5, "met", None),
    "城镇新增就业1200万人以上": ("城镇新增就业1256万人、城镇调查失业率平均为5.1%", 1256, "met", None),
    "城镇调查失业率5.5%左右": ("城镇新增就业1256万人、城镇调查失业率平均为5.1%", 5.1, "met", None),
    "居民消费价格涨幅3%左右": ("居民消费价格上涨0.2%", 0.2, "no-verdict", "below"),
    "粮食产量1.3万亿斤以上": ("粮食产量首次跃上1.4万亿斤新台阶、亩产提升10.1斤", 1.4, "met", None),
    "单位国内生产总值能耗降低2.5%左右": ("单位国内生产总值能耗降幅超过3%", 3, "no-verdict", "above"),
}


def fig(value, qualifier=None, scale=None):
    return {"value": value, "qualifier": qualifier, "scale": scale}


@pytest.mark.parametrize("target, result, expected", [
    (fig(5, "about"), fig(5), ("met", None)),
    (fig(5.5, "about"), fig(5.1), ("met", None)),            # within a tenth of 5.5
    (fig(3, "about"), fig(0.2), ("no-verdict", "below")),    # the words do not say lower is better
    (fig(2.5, "about"), fig(3, "over"), ("no-verdict", "above")),
    (fig(1200, "over", "万"), fig(1256, None, "万"), ("met", None)),
    (fig(1200, "over", "万"), fig(1100, None, "万"), ("not-met", None)),
    (fig(1.3, "over", "万亿"), fig(14000, None, "亿"), ("met", None)),   # compared in plain units
    (fig(40, "at least"), fig(40), ("met", None)),
    (fig(6), fig(6.5, "estimated"), ("met", None)),         # a plain target is to be reached
    (fig(6), fig(5.8), ("not-met", None)),
    (fig(3, "under"), fig(3.2), ("not-met", None)),
    (fig(3, "under"), fig(2.9), ("met", None)),
    (fig(10, "over"), fig(10, "about"), ("no-verdict", "overlap")),
    (fig(1200, "over"), fig(1200, "nearly"), ("not-met", None)),
    (fig(5, "about"), None, ("no-result", None)),
])
def test_verdicts_read_the_words_as_they_stand(target, result, expected):
    assert verdict(target, result) == expected


def ingest(content, name, year):
    rid = name
    r = subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), "ingest", os.path.join(REPORTS, name + ".zh.txt"),
                        "--id", rid, "--content", str(content)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    meta = content / rid / "report.yaml"
    data = yaml.safe_load(meta.read_text(encoding="utf-8")) if meta.exists() else {}
    data.setdefault("title", {"zh": f"{year}年政府工作报告", "en": f"Report on the Work of the Government {year}"})
    data.update({"year": year, "place": {"zh": "中华人民共和国", "en": "People's Republic of China"},
                 "level": "national"})
    meta.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), "figures", "propose", rid, "--content",
                        str(content)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """The national reports of 2024 and 2025, ingested and proposed, in a content folder of their own."""
    content = tmp_path_factory.mktemp("national") / "content"
    content.mkdir()
    shutil.copy(os.path.join(ROOT, "content", "site.yaml"), content / "site.yaml")
    ingest(content, "national-china-2024", 2024)
    ingest(content, "national-china-2025", 2025)
    return content


def rows_of(content, decisions=None):
    site = load_site(str(content))
    earlier, later = site["reports"]
    return pair_years(earlier, later, decisions or {})


def test_the_six_headline_targets_of_2024_meet_their_results(national):
    rows = {r["target"]["fragment"]: r for r in rows_of(national)}
    for fragment, (result_fragment, value, code, note) in HEADLINE.items():
        row = rows[fragment]
        assert row["target"]["paragraph"] == "p2-3" and row["year"] == 2024
        assert row["result"]["fragment"] == result_fragment and row["result"]["value"] == value, fragment
        assert row["result_report"] == "national-china-2025" and row["result"]["period"] == 2024
        assert (row["verdict"], row["note"]) == (code, note), fragment


def test_a_target_with_no_stated_result_says_so(national):
    rows = {r["target"]["fragment"]: r for r in rows_of(national)}
    deficit = rows["赤字率拟按3%安排"]
    assert deficit["result"] is None and deficit["verdict"] == "no-result"


def test_an_editor_rejects_a_pair_and_confirms_another(national):
    decisions = {"national-china-2024/p2-3-f4": {"target": "national-china-2024/p2-3-f4",
                                                 "result": "national-china-2025/p1-2-f6", "status": "rejected"}}
    rows = {r["target"]["id"]: r for r in rows_of(national, decisions)}
    assert rows["p2-3-f4"]["result"] is None and rows["p2-3-f4"]["confirmed"]
    assert not rows["p2-3-f1"]["confirmed"]   # neither figure confirmed, no decision: not shown


def confirm_headline(content):
    """An editor confirms the six headline pairs in pairs.yaml."""
    rows = rows_of(content)
    entries = [{"target": f"national-china-2024/{r['target']['id']}", "result": f"national-china-2025/{r['result']['id']}",
                "status": "confirmed"} for r in rows if r["target"]["fragment"] in HEADLINE]
    entries.append({"target": "national-china-2024/" + next(r["target"]["id"] for r in rows
                                                           if r["target"]["fragment"] == "赤字率拟按3%安排"),
                    "result": None, "status": "confirmed"})
    (content / "pairs.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_section_and_data_as_built(national, tmp_path):
    confirm_headline(national)
    out = tmp_path / "site"
    result = build_site(out, str(national))
    assert any("target/result pair(s) across years not yet confirmed" in w for w in result["warnings"])
    for rid in ("national-china-2024", "national-china-2025"):
        en = (out / rid / "en" / "figures.html").read_text(encoding="utf-8")
        rows = re.findall(r'<tr id="promise-.*?</tr>', en, re.S)
        assert len(rows) == 7
        zh = (out / rid / "zh" / "figures.html").read_text(encoding="utf-8")
        assert "目标与实绩" in zh and "Targets and results" in en
    en = (out / "national-china-2025" / "en" / "figures.html").read_text(encoding="utf-8")
    gdp = next(r for r in re.findall(r'<tr id="promise-.*?</tr>', en, re.S) if "国内生产总值增长" in r)
    assert text_of(gdp) == "国内生产总值增长 Untranslated 2024 · about 5% 5% met"
    assert 'href="../../national-china-2024/en/p2.html#p2-3"' in gdp and 'href="p1.html#p1-2"' in gdp
    cpi = next(r for r in re.findall(r'<tr id="promise-.*?</tr>', en, re.S) if "居民消费价格" in r)
    assert text_of(cpi).endswith("about 3% 0.2% no verdict (below the stated level)")
    deficit = next(r for r in re.findall(r'<tr id="promise-.*?</tr>', en, re.S) if "赤字率" in r)
    assert text_of(deficit).endswith("3% — no result stated")
    data = (out / "national-china-2024" / "targets-results.csv").read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(data)))
    assert [(r["target_zh"], r["result_zh"], r["verdict"]) for r in records][:6] == [
        ("5%左右", "5%", "met"), ("1200万人以上", "1256万人", "met"), ("5.5%左右", "5.1%", "met"),
        ("3%左右", "0.2%", "no-verdict"), ("1.3万亿斤以上", "1.4万亿斤", "met"), ("2.5%左右", "3%以上", "no-verdict")]
    for r in records:   # every deep link lands on a file that holds the paragraph
        for key in ("target_link_zh", "result_link_en"):
            if r[key]:
                path, _, anchor = r[key].partition("#")
                page = (out / "national-china-2024" / path).resolve().read_text(encoding="utf-8")
                assert f'id="{anchor}"' in page
    assert (out / "national-china-2025" / "targets-results.json").exists()


def test_a_pairs_file_naming_no_figure_is_one_clear_error(national, tmp_path):
    (national / "pairs.yaml").write_text("- {target: national-china-2024/nope, result: null, status: confirmed}\n",
                                         encoding="utf-8")
    try:
        with pytest.raises(ContentErrors) as e:
            build_site(tmp_path / "site", str(national))
        assert str(e.value) == (f"{national}/pairs.yaml: [0].target: 'national-china-2024/nope' names no figure; "
                                "expected REPORT/FIGURE, the id of a figure in figures.yaml or figures.proposed.yaml")
    finally:
        (national / "pairs.yaml").unlink()


def test_the_single_file_copy_links_to_the_other_report_online(national, tmp_path):
    confirm_headline(national)
    out = tmp_path / "site"
    build_site(out, str(national))
    copy = (out / "national-china-2025" / "download" / "national-china-2025-en.html").read_text(encoding="utf-8")
    gdp = next(r for r in re.findall(r'<tr id="promise-.*?</tr>', copy, re.S) if "国内生产总值增长" in r)
    assert 'href="../../national-china-2024/en/p2.html#p2-3"' in gdp and 'href="#p1-2"' in gdp


@pytest.fixture(scope="module")
def national_site(national, tmp_path_factory):
    confirm_headline(national)
    out = tmp_path_factory.mktemp("national-site") / "site"
    build_site(out, str(national))
    return out


CHECKED = ["index.html", "governments/national-china.html"] + [
    f"national-china-{y}/{v}/figures.html" for y in (2024, 2025) for v in ("zh", "en", "bi")] + [
    "national-china-2025/download/national-china-2025-bi.html"]


def test_the_government_page_lists_every_year_and_the_landing_page_links_it(national_site):
    page = (national_site / "governments" / "national-china.html").read_text(encoding="utf-8")
    assert text_of(page).count("Report on the Work of the Government") >= 2
    assert 'href="../national-china-2024/bi/figures.html"' in page and 'href="../national-china-2025/bi/figures.html"' in page
    rows = re.findall(r'<tr id="promise-.*?</tr>', page, re.S)
    assert len(rows) == 7
    gdp = next(r for r in rows if "国内生产总值增长" in r)
    assert text_of(gdp) == "国内生产总值增长 · 国内生产总值增长 Untranslated 2024 · 5%左右 · about 5% 5% · 5% 达到 · met"
    assert 'href="../national-china-2024/bi/p2.html#p2-3"' in gdp and 'href="../national-china-2025/bi/p1.html#p1-2"' in gdp
    landing = (national_site / "index.html").read_text(encoding="utf-8")
    assert 'href="governments/national-china.html"' in landing
    figures = (national_site / "national-china-2024" / "zh" / "figures.html").read_text(encoding="utf-8")
    assert 'href="../../governments/national-china.html"' in figures


def test_the_new_pages_are_valid_html(national_site):
    from test_html_valid import describe, vnu
    messages = vnu(*[str(national_site / p) for p in CHECKED])
    assert messages == [], describe(national_site, messages)


def test_the_new_pages_pass_axe(browser, national_site):
    from test_a11y import TAGS, describe, new_page, run_axe
    import functools
    import http.server
    import threading
    from conftest import QuietHandler, free_port
    handler = functools.partial(QuietHandler, directory=str(national_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context, pg = new_page(browser, axe=True)
    try:
        for rel in CHECKED:
            pg.goto(f"http://127.0.0.1:{server.server_address[1]}/{rel}")
            pg.wait_for_load_state("load")
            violations = run_axe(pg, {"type": "tag", "values": TAGS})
            assert not violations, describe(rel, "light", violations)
    finally:
        context.close()
        server.shutdown()


def test_an_english_label_an_editor_gives_shows_on_english_pages(national, tmp_path):
    confirm_headline(national)
    path = national / "national-china-2024" / "figures.proposed.yaml"
    original = path.read_text(encoding="utf-8")
    figures = yaml.safe_load(original)
    gdp = next(f for f in figures if f["fragment"] == "国内生产总值增长5%左右")
    gdp["label"]["en"] = "GDP growth"
    path.write_text(yaml.safe_dump(figures, allow_unicode=True), encoding="utf-8")
    try:
        build_site(tmp_path / "site", str(national))
        en = (tmp_path / "site" / "national-china-2025" / "en" / "figures.html").read_text(encoding="utf-8")
        row = next(r for r in re.findall(r'<tr id="promise-.*?</tr>', en, re.S) if "GDP growth" in r)
        assert text_of(row) == "GDP growth 2024 · about 5% 5% met"
        zh = (tmp_path / "site" / "national-china-2025" / "zh" / "figures.html").read_text(encoding="utf-8")
        assert "GDP growth" not in zh
    finally:
        path.write_text(original, encoding="utf-8")
