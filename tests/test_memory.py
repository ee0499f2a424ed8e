"""Translation memory across reports: a new report's units whose Chinese another report already
translated are filled from it and marked for review; sentences inside longer paragraphs are offered in
the export; the memory exports as TMX."""
import os
import subprocess
import sys

import pytest
import yaml
from translate.storage import factory
from translate.storage.tmx import tmxfile

from conftest import ROOT
from reportgen import memory
from reportgen.corpus import load_report

JH = "jianghan-2025"


def cli(*args):
    return subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), *args], capture_output=True, text=True,
                          cwd=ROOT)


@pytest.fixture()
def two_reports(content_copy):
    """The Jianghan report and a second one that repeats some of its Chinese, as the next year's would."""
    jh = yaml.safe_load((content_copy / JH / "zh.yaml").read_text(encoding="utf-8"))
    s1 = jh["parts"][0]["sections"][0]
    doc = {"id": "memo-2026", "lang": "zh", "source": "memo.txt", "encoding": "utf-8", "meta": {},
           "opening": [{"id": "opening-1", "text": "各位代表:"},                       # ASCII colon
                       {"id": "opening-2", "text": "现在，我代表市人民政府，向大会报告工作。"}],  # no match
           "parts": [{"id": "p1", "number": 1, "title": "2024年工作回顾", "sections": [
               {"id": "p1-s1", "number": 1, "title": s1["title"], "summary": s1["summary"].replace("，", ", "),
                "paragraphs": [
                    {"id": "p1-s1-1", "lead": s1["paragraphs"][1]["lead"], "text": s1["paragraphs"][1]["text"]},
                    {"id": "p1-s1-2", "text": "产业转型加快推进。全市新设立的基金超过三十只，规模再创新高。"},
                ]}]}]}
    folder = content_copy / "memo-2026"
    folder.mkdir()
    (folder / "zh.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "report.yaml").write_text("title: {zh: 备忘报告, en: Memo Report}\nyear: 2026\n", encoding="utf-8")
    return content_copy


def test_units_translated_elsewhere_are_filled_and_marked_for_review(two_reports):
    units, chars, path = memory.fill(str(two_reports), "memo-2026")
    report = load_report(str(two_reports / "memo-2026"))
    en = report["translations"]["en"]
    assert sorted(en) == ["opening-1", "p1", "p1-s1", "p1-s1-1"]
    assert units == 4
    assert chars == sum(len(report["index"][u][k]) for u in en for k in ("text", "title", "summary", "lead")
                        if report["index"][u].get(k))
    jh = load_report(str(two_reports / JH))["translations"]["en"]
    assert en["p1-s1-1"]["text"] == jh["p1-s1-2"]["text"] and en["opening-1"]["text"] == "Fellow Deputies,"
    assert all(fields["memory"] is True for fields in en.values())
    assert os.path.basename(path) == "01-opening-p1s1.yaml"
    assert memory.fill(str(two_reports), "memo-2026") == (0, 0, None)  # never over a unit already filled


def test_memory_units_are_flagged_until_stamped_and_stamping_keeps_comments(two_reports):
    memory.fill(str(two_reports), "memo-2026")
    from reportgen.content import load_site
    from reportgen.translation import localise
    report = [r for r in load_site(str(two_reports))["reports"] if r["id"] == "memo-2026"][0]
    assert localise(report["index"]["p1-s1-1"], "en", report["translations"])[1] == "memory"
    r = cli("translations", "status", "--content", str(two_reports))
    assert r.returncode == 0
    row = [line.split() for line in r.stdout.splitlines() if line.startswith("memo-2026")][0]
    assert row[:7] == ["memo-2026", "en", "6", "0", "0", "4", "2"]
    path = two_reports / "memo-2026" / "en" / "01-opening-p1s1.yaml"
    r = cli("stamp", "p1-s1-1", "--content", str(two_reports))
    assert r.returncode == 0 and "stamped 1 en unit(s)" in r.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Filled from translation memory")
    data = yaml.safe_load(text)
    assert "memory" not in data["p1-s1-1"] and data["p1"]["memory"] is True


def test_sentences_inside_paragraphs_are_offered_in_the_export_not_applied(two_reports, tmp_path):
    memory.fill(str(two_reports), "memo-2026")
    for fmt, ext in (("xliff", "xlf"), ("po", "po")):
        out = tmp_path / f"memo.{ext}"
        r = cli("translations", "export", "memo-2026", "--format", fmt, "--out", str(out), "--content", str(two_reports))
        assert r.returncode == 0, r.stderr
        store = factory.getobject(str(out))
        units = {u.getid() if ext == "xlf" else u.getcontext(): u for u in store.units if not u.isheader()}
        [key] = [k for k in units if "/p1-s1-2.text@" in k]
        unit = units[key]
        if ext == "xlf":
            [alt] = unit.getalttrans()
            assert (alt.source, alt.target) == ("产业转型加快推进。", "Industrial transformation gathered pace.")
            assert not unit.target
        else:
            assert unit.prev_source == "产业转型加快推进。" and unit.isfuzzy()
            assert unit.target == "Industrial transformation gathered pace."
        # the units memory filled are exported for review, with their English and the note saying so
        [filled] = [u for k, u in units.items() if "/p1-s1-1.text@" in k]
        assert "From translation memory (another report): review it against the Chinese." in filled.getnotes()
    # the suggestion is not applied: importing the untouched PO leaves p1-s1-2 untranslated
    r = cli("translations", "import", str(tmp_path / "memo.po"), "--content", str(two_reports))
    assert "p1-s1-2" not in load_report(str(two_reports / "memo-2026"))["translations"]["en"]
    [fuzzy] = [x for x in r.stdout.splitlines() if x.startswith("  not applied: left fuzzy / needing review")]
    assert fuzzy.endswith(", p1-s1-2.text")  # with the units memory filled, which wait for a translator too


def test_ingest_reports_what_came_from_memory(content_copy):
    source = os.path.join(os.path.dirname(ROOT), "shared", "testdata", "reports", "national-china-2025.zh.txt")
    if not os.path.exists(source):
        pytest.skip("the shared test reports are not there")
    r = cli("ingest", source, "--id", "national-2025", "--content", str(content_copy))
    assert r.returncode == 0, r.stderr
    [line] = [x for x in r.stdout.splitlines() if "translation memory" in x]
    assert line.startswith("  translation memory: ") and "Chinese characters filled from other reports" in line
    print(line)
    filled = load_report(str(content_copy / "national-2025"))["translations"]["en"]
    assert filled and all(f["memory"] for f in filled.values())
    assert any(f.get("text") == "Fellow Deputies," for f in filled.values())


def test_memory_exports_as_tmx(tmp_path):
    out = tmp_path / "memory.tmx"
    r = cli("translations", "memory", "--format", "tmx", "--out", str(out))
    assert r.returncode == 0, r.stderr
    store = tmxfile.parsestring(out.read_bytes())
    pairs = {(u.source, u.target) for u in store.units}
    assert ("2024年工作回顾", "A Review of Our Work in 2024") in pairs
    assert len(pairs) == len(store.units) > 140  # every distinct checked string of the Jianghan report


def test_normalising_ignores_width_spaces_and_quotes_only():
    assert memory.normalise("各位代表:") == memory.normalise("各位代表：")
    assert memory.normalise("“宜商江汉” 品牌") == memory.normalise("宜商江汉品牌")
    assert memory.normalise("增长6.5%") != memory.normalise("增长6.6%")


def test_memory_flag_must_be_true(content_copy, tmp_path):
    path = content_copy / JH / "en" / "01-opening-p1s1-s2.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("p1:\n", "p1:\n  memory: yes please\n", 1), encoding="utf-8")
    r = cli("--content", str(content_copy), "--out", str(tmp_path / "site"))
    assert r.returncode == 1
    assert r.stderr.splitlines()[-1] == f"{path}: p1.memory: expected true (or no memory field)"


def test_fill_reuses_translations_made_after_a_report_was_ingested(two_reports):
    r = cli("translations", "fill", "memo-2026", "--content", str(two_reports))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("translation memory: 4 unit(s), ")
    r = cli("translations", "fill", "memo-2026", "--content", str(two_reports))
    assert r.stdout == "translation memory: no untranslated unit of memo-2026 has a translation in another report\n"
    r = cli("translations", "fill", "nope", "--content", str(two_reports))
    assert r.returncode == 1 and r.stderr.startswith(f"{two_reports}: no report 'nope'; expected one of: ")
