"""The shared termbase: the check that a unit's English gives the fixed rendering of every term its
Chinese holds, and the TBX / CSV exports for CAT tools."""
import csv
import io
import os
import subprocess
import sys

import pytest

from conftest import ROOT, build_site
from reportgen import termbase
from reportgen.content import load_site

TB = [
    {"zh": ["示范区"], "en": "demonstration zone", "variants": [], "rejected": ["demonstration area"], "not_in": [],
     "kind": "policy", "note": "", "check": True},
    {"zh": ["专精特新小巨人", "小巨人"], "en": "little giant", "variants": [], "rejected": [], "not_in": [],
     "kind": "policy", "note": "", "check": True},
    {"zh": ["专精特新"], "en": "specialized, sophisticated, distinctive and innovative", "variants": ["SSDI"],
     "rejected": [], "not_in": [], "kind": "policy", "note": "", "check": True},
    {"zh": ["街道"], "en": "subdistrict", "variants": [], "rejected": [], "not_in": ["步行街道"],
     "kind": "place", "note": "", "check": True},
    {"zh": ["两个毫不动摇"], "en": "unswervingly consolidate and develop the public sector", "variants": [],
     "rejected": [], "not_in": [], "kind": "policy", "note": "", "check": True},
]


def problems(zh, en):
    return [(e["zh"][0], p) for e, p in termbase.unit_problems(zh, en, TB)]


def test_missing_rendering_is_named():
    assert problems("建设示范区。", "We will build a pilot zone.") == [
        ("示范区", 'the English lacks the termbase rendering "demonstration zone"')]


def test_rejected_rendering_is_named_even_beside_the_fixed_one():
    assert problems("建设示范区。", "A demonstration area and a demonstration zone.") == [
        ("示范区", 'uses "demonstration area", a rendering the termbase rejects; expected "demonstration zone"')]


@pytest.mark.parametrize("zh, en", [
    ("新增专精特新中小企业24家", '24 "Specialized, Sophisticated, Distinctive and Innovative" SMEs'),  # case, quotes
    ("新增专精特新中小企业24家", "24 SSDI SMEs"),                                                     # a variant
    ("坚持两个毫不动摇", "We unswervingly consolidated and developed the public sector"),            # past tense
    ("建设示范区", "two demonstration zones"),                                                       # plural
    ("江汉路步行街道", "Jianghan Road"),                                                              # not_in
])
def test_accepted_forms_give_no_warning(zh, en):
    assert problems(zh, en) == []


def test_longest_term_wins_and_quotes_are_ignored():
    # 专精特新“小巨人” is the term little giant; 专精特新 on its own is not there
    assert [e["zh"][0] for e in termbase.chinese_terms("新增专精特新“小巨人”1家", TB)] == ["专精特新小巨人"]
    assert problems("新增专精特新“小巨人”1家", "1 little giant firm") == []


def test_the_jianghan_report_is_checked_term_by_term():
    site = load_site(os.path.join(ROOT, "content"))
    report = site["reports"][0]
    entries = termbase.load(os.path.join(ROOT, "content"))
    checked = sum(len(termbase.chinese_terms(termbase._joined(u), entries)) for u in report["index"].values())
    assert checked > 150  # the check really runs over the report: (unit, term) pairs found in its Chinese
    found = termbase.warnings(os.path.join(ROOT, "content"), site)
    assert all(w.startswith("jianghan-2025: ") for w in found)
    print(f"termbase: {checked} (unit, term) pairs checked, {len(found)} warning(s)")


def test_build_warns_naming_report_unit_and_term(content_copy, tmp_path):
    path = content_copy / "jianghan-2025" / "en" / "05-p2s6-s8-appendix.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("Jianghan Night School") >= 2
    path.write_text(text.replace("Jianghan Night School", "Jianghan Evening Classes"), encoding="utf-8")
    warnings = build_site(tmp_path / "out", content=str(content_copy))["warnings"]
    night = [w for w in warnings if "江汉夜校" in w]
    assert "jianghan-2025: g9: 江汉夜校: the English lacks the termbase rendering \"Jianghan Night School\"" in night


def test_malformed_termbase_stops_the_build_with_one_line(content_copy, tmp_path):
    (content_copy / "terms.yaml").write_text("terms:\n  - zh: 示范区\n    en: demonstration zone\n    kind: motto\n",
                                             encoding="utf-8")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), "--content", str(content_copy), "--out",
                        str(tmp_path / "site")], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1
    assert r.stderr.splitlines()[-1] == (f"{content_copy}/terms.yaml: terms[0] (示范区).kind: expected one of "
                                         "programme, place, organisation, slogan, policy, got 'motto'")
    assert "Traceback" not in r.stderr


def test_tbx_export_reads_back_in_translate_toolkit(tmp_path):
    from translate.storage.tbx import tbxfile
    out = tmp_path / "terms.tbx"
    r = subprocess.run([sys.executable, "build.py", "translations", "terms", "--format", "tbx", "--out", str(out)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    store = tbxfile.parsestring(out.read_bytes())
    entries = termbase.load(os.path.join(ROOT, "content"))
    assert len(store.units) == len(entries)
    by_zh = {u.get_source_terms()[0].text: u for u in store.units}
    unit = by_zh["示范区"]
    assert [(t.text, t.administrative_status) for t in unit.get_target_terms()] == [
        ("demonstration zone", "preferredTerm-admn-sts"), ("demonstration area", "deprecatedTerm-admn-sts")]


def test_csv_export_has_one_row_per_entry():
    r = subprocess.run([sys.executable, "build.py", "translations", "terms", "--format", "csv"],
                       capture_output=True, text=True, cwd=ROOT)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == len(termbase.load(os.path.join(ROOT, "content")))
    assert {"zh": "示范区", "en": "demonstration zone", "rejected": "demonstration area", "kind": "policy"}.items() \
        <= rows[[x["zh"] for x in rows].index("示范区")].items()
