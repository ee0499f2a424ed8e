"""Ingest: the seed and other real reports become the structure they really have."""
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, SHARED
from reportgen.errors import ReportError
from reportgen.ingest import ingest, units
from reportgen.parse import parse_report
from reportgen.source import normalise, read_text

SEED = os.path.join(ROOT, "seeds", "jianghan-2025.zh.txt")
REPORTS = os.path.join(SHARED, "testdata", "reports")


def parse_file(path):
    text, _ = read_text(path)
    return parse_report(path, text)


def shape(report):
    return [len(p["sections"]) for p in report["parts"]]


def test_seed_is_the_shared_text_byte_for_byte():
    with open(SEED, "rb") as a, open(os.path.join(SHARED, "seeds", "jianghan-2025.zh.txt"), "rb") as b:
        assert a.read() == b.read()


def test_seed_structure():
    r = parse_file(SEED)
    assert shape(r) == [4, 8]
    entries = r["appendix"]["entries"]
    assert len(entries) == 12
    assert sum(len(e["terms"]) for e in entries) == 14
    assert entries[11]["terms"] == ["三库", "两算", "三评"]
    assert r["parts"][0]["sections"][0]["summary"].startswith("坚持综合施策")
    first = r["parts"][0]["sections"][0]["paragraphs"][0]
    assert first["lead"] == "产业转型加快推进。"
    assert r["opening"][0]["text"] == "各位代表："
    assert r["meta"] == {}  # the text gives no title, dateline or speaker: none is invented


def test_every_line_of_the_seed_is_present_exactly_once():
    text, _ = read_text(SEED)
    lines = [normalise(line) for line in text.split("\n") if line.strip()]
    r = parse_file(SEED)
    found = [p["text"] for p in r["opening"]]
    for part in r["parts"]:
        found.append(f"{'一二'[part['number'] - 1]}、{part['title']}")
        found += [p["text"] for p in part["intro"]]
        for s in part["sections"]:
            found.append(f"（{'一二三四五六七八'[s['number'] - 1]}）{s['title']}")
            found.append(s["summary"])
            found += [(p.get("lead") or "") + p["text"] for p in s["paragraphs"]]
        found += [p["text"] for p in part["closing"]]
    found += ["附件", "名词解释"]
    found += [f"{e['number']}.{e['label']}：{e['definition']}" for e in r["appendix"]["entries"]]
    assert sorted(found) == sorted(lines)


@pytest.mark.parametrize("name, sections, title, entries", [
    ("national-china-2024.zh.txt", [0, 0, 10], "政府工作报告", 0),
    ("province-hainan-2026.zh.txt", [0, 0, 10, 0], "政府工作报告", 28),
    ("county-boye-2025.zh.txt", [0, 7, 0], "政府工作报告", 31),
])
def test_other_reports_ingest_to_their_true_structure(name, sections, title, entries):
    r = parse_file(os.path.join(REPORTS, name))
    assert shape(r) == sections
    assert r["meta"]["title"] == title
    assert "会议上" in r["meta"]["dateline"]
    assert len(r.get("appendix", {"entries": []})["entries"]) == entries


def test_hainan_definition_on_the_next_line_and_national_section_body_on_the_heading_line():
    hainan = parse_file(os.path.join(REPORTS, "province-hainan-2026.zh.txt"))
    assert hainan["appendix"]["entries"][1] == {"number": 2, "label": "四大主导产业", "terms": ["四大主导产业"],
                                                "definition": "旅游业、现代服务业、高新技术产业、热带特色高效农业。"}
    national = parse_file(os.path.join(REPORTS, "national-china-2024.zh.txt"))
    s1 = national["parts"][2]["sections"][0]
    assert s1["title"] == "大力推进现代化产业体系建设，加快发展新质生产力"
    assert "summary" not in s1  # a heading run into its body: the body is paragraphs with ids, never a summary
    assert s1["paragraphs"][0]["text"].startswith("充分发挥创新主导作用")


def test_punctuation_is_normalised_next_to_chinese_only():
    assert normalise("各位代表:") == "各位代表："
    assert normalise("(一)全力以赴") == "（一）全力以赴"
    assert normalise("增长6%;固定资产") == "增长6%；固定资产"
    assert normalise("OTTIMO(欧蒂姆)中国") == "OTTIMO（欧蒂姆）中国"
    assert normalise("达到1,000家, and 3.5") == "达到1,000家，and 3.5"
    assert normalise("Hello, world: (ok)") == "Hello, world: (ok)"


def run_ingest(*args, cwd=ROOT):
    return subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), "ingest", *args],
                          capture_output=True, text=True, cwd=cwd)


def test_ingest_is_deterministic(tmp_path):
    content = tmp_path / "content"
    ingest(SEED, content)
    first = (content / "jianghan-2025" / "zh.yaml").read_bytes()
    ingest(SEED, content)
    assert (content / "jianghan-2025" / "zh.yaml").read_bytes() == first
    # and the committed content is what ingest of the seed gives
    with open(os.path.join(ROOT, "content", "jianghan-2025", "zh.yaml"), "rb") as f:
        assert f.read() == first


def test_reingest_of_a_corrected_text_keeps_ids_translations_and_editors_fields(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(os.path.join(ROOT, "content"), content)
    zh_path = content / "jianghan-2025" / "zh.yaml"
    doc = yaml.safe_load(zh_path.read_text(encoding="utf-8"))
    doc["parts"][0]["sections"][0]["paragraphs"][1]["note"] = "editor's note kept"
    zh_path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    en_before = {p.name: p.read_bytes() for p in (content / "jianghan-2025" / "en").iterdir()}

    text = open(SEED, encoding="utf-8").read()
    text = text.replace("新增律所13家。", "新增律所14家。")           # a corrected figure
    text = text.replace("消费提振多点发力。", "新增一段文字作为测试。\n消费提振多点发力。", 1)  # an inserted paragraph
    corrected = tmp_path / "jianghan-2025.zh.txt"
    corrected.write_text(text, encoding="utf-8")
    _, _, _, changes = ingest(corrected, content)

    doc = yaml.safe_load(zh_path.read_text(encoding="utf-8"))
    paras = doc["parts"][0]["sections"][0]["paragraphs"]
    assert [p["id"] for p in paras] == ["p1-s1-1", "p1-s1-4", "p1-s1-2", "p1-s1-3"]
    assert paras[0]["text"].endswith("新增律所14家。长江国投等6家企业获评全省服务业“专精特新”企业。")
    assert paras[2]["note"] == "editor's note kept"
    assert "changed paragraph p1-s1-1" in changes and "added paragraph p1-s1-4" in changes
    assert {p.name: p.read_bytes() for p in (content / "jianghan-2025" / "en").iterdir()} == en_before


def test_encodings_bom_crlf_and_gb18030(tmp_path):
    text = open(SEED, encoding="utf-8").read()
    variants = {"bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
                "crlf.txt": text.replace("\n", "\r\n").encode("utf-8"),
                "gbk.txt": text.encode("gb18030")}
    expected = parse_file(SEED)
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        got_text, encoding = read_text(tmp_path / name)
        assert parse_report(name, got_text) == expected, name
        assert encoding == {"bom.txt": "utf-8 (with BOM)", "crlf.txt": "utf-8", "gbk.txt": "gb18030"}[name]
    out = run_ingest(str(tmp_path / "gbk.txt"), "--content", str(tmp_path / "c"))
    assert out.returncode == 0 and "(gb18030)" in out.stdout


SEED_TEXT = open(SEED, encoding="utf-8").read()
BAD_INPUTS = [
    ("empty", "", "empty.txt: is empty; expected the text of a government work report"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", "binary.txt:3: contains NUL bytes: this is a binary file"),
    ("no-parts", "各位代表：\n这是一段文字。\n", "no-parts.txt: has no part headings (一、… 二、…): this does not look"),
    ("truncated", SEED_TEXT[: SEED_TEXT.index("\n", SEED_TEXT.index("(八)聚力转作风提效能"))],
     "section （八）聚力转作风提效能，建设人民满意有为政府 has no text: the file may be truncated"),
    ("bad-appendix", "一、部分\n正文。\n附件\n名词解释\n1.没有冒号的条目\n",
     "bad-appendix.txt:5: glossary entry 1 has no 'term：definition'"),
    ("mixed-encodings", "一、部分\n".encode("utf-8") + "正文。\n".encode("gb18030") + "更多".encode("utf-8") + b"\xff\n",
     "is neither valid UTF-8 nor GB18030/GBK (mixed encodings?)"),
]


@pytest.mark.parametrize("name, data, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_gets_one_clear_error_and_changes_nothing(tmp_path, name, data, message):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    content = tmp_path / "content"
    shutil.copytree(os.path.join(ROOT, "content"), content)
    before = snapshot(content)
    out = run_ingest(str(path), "--content", str(content), "--id", "jianghan-2025")
    assert out.returncode == 1
    assert message in out.stderr
    assert out.stderr.count("\n") == 2  # the headline and one error
    assert snapshot(content) == before


def test_missing_file_directory_and_huge_file(tmp_path):
    out = run_ingest(str(tmp_path / "nope.txt"))
    assert out.returncode == 1 and "nope.txt: no such file; expected the path of a report's plain-text file" in out.stderr
    out = run_ingest(str(tmp_path))
    assert out.returncode == 1 and f"{tmp_path}: is a directory; expected a report's plain-text file" in out.stderr
    big = tmp_path / "big.txt"
    big.write_bytes(("一、部分\n" + "正文。" * 1200000).encode("utf-8"))  # ~10 MB
    out = run_ingest(str(big), "--content", str(tmp_path / "c"))
    assert out.returncode == 1 and "big.txt: is 10,800,013 bytes; a report's text is expected to be under" in out.stderr
    assert not (tmp_path / "c").exists()


def snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_units_cover_every_id_once():
    doc = yaml.safe_load(open(os.path.join(ROOT, "content", "jianghan-2025", "zh.yaml"), encoding="utf-8"))
    ids = [u["id"] for kind in units(doc).values() for u in kind]
    assert len(ids) == len(set(ids)) == 78
    assert all(i.isascii() for i in ids)


# --- a new report in two commands --------------------------------------------------------------------

HUBEI = os.path.join(REPORTS, "province-hubei-2026.zh.txt")
ZHEJIANG = os.path.join(REPORTS, "province-zhejiang-2026.zh.txt")


def test_first_ingest_says_what_it_created_and_writes_report_yaml(tmp_path):
    content = tmp_path / "content"
    out = run_ingest(HUBEI, "--id", "hubei-2026", "--content", str(content))
    assert out.returncode == 0 and out.stderr == ""
    assert f"  created {content}/hubei-2026/zh.yaml\n  created {content}/hubei-2026/report.yaml\n" in out.stdout
    assert "no changes to ids" not in out.stdout
    assert "to review: title.en, short_title.en, place.en" in out.stdout
    assert "line 1: 下载 (page toolbar)" in out.stdout
    again = run_ingest(HUBEI, "--id", "hubei-2026", "--content", str(content))
    assert again.returncode == 0 and "no changes to ids; translations and editors' fields kept" in again.stdout
    assert "created" not in again.stdout


def test_report_yaml_an_editor_wrote_is_never_overwritten(tmp_path):
    content = tmp_path / "content"
    (content / "hubei-2026").mkdir(parents=True)
    edited = "title:\n  zh: 湖北省政府工作报告\n  en: Hubei report\nyear: 2026\nplace:\n  zh: 湖北省\n"
    (content / "hubei-2026" / "report.yaml").write_text(edited, encoding="utf-8")
    assert run_ingest(HUBEI, "--id", "hubei-2026", "--content", str(content)).returncode == 0
    assert (content / "hubei-2026" / "report.yaml").read_text(encoding="utf-8") == edited


@pytest.mark.parametrize("rid", ["../x", "/abs", "Hubei", "a/b", "-x", "x" * 65, "湖北"])
def test_bad_ids_are_refused_with_one_line(tmp_path, rid):
    out = run_ingest(HUBEI, f"--id={rid}", "--content", str(tmp_path / "c"))
    assert out.returncode == 1
    assert out.stderr == (f"ingest failed; {tmp_path / 'c'}/ was left as it was:\n--id {rid}: expected a report id of "
                          "lowercase ASCII letters, digits and hyphens, starting with a letter or digit, at most 64 "
                          "characters (e.g. hubei-2026)\n")
    assert not (tmp_path / "c").exists() and not (tmp_path / "x").exists()


def test_an_id_from_a_chinese_file_name_must_not_be_only_digits(tmp_path):
    source = tmp_path / "2025年政府工作报告.txt"
    shutil.copyfile(HUBEI, source)
    out = run_ingest(str(source), "--content", str(tmp_path / "c"))
    assert out.returncode == 1
    assert f"{source}: cannot make a report id from the file name (it gives '2025'); expected a name such as " \
           "place-2025.zh.txt, or an id given with --id" in out.stderr
    assert not (tmp_path / "c").exists()


def test_another_report_under_an_existing_id_is_refused_unless_replace(tmp_path):
    content = tmp_path / "content"
    assert run_ingest(HUBEI, "--id", "report", "--content", str(content)).returncode == 0
    before = snapshot(content)
    out = run_ingest(ZHEJIANG, "--id", "report", "--content", str(content))
    assert out.returncode == 1
    assert out.stderr.endswith(f"{ZHEJIANG}: is another report than {content}/report/zh.yaml holds (title "
                               "'2026年湖北省政府工作报告', not "
                               "'2026年浙江省政府工作报告'; dateline '2026年1月27日在湖北省第十四届人民代表大会第四次会议上', "
                               "not '2026年1月14日在浙江省第十四届人民代表大会第四次会议上'; place '湖北省', not '浙江省'); "
                               "expected a new --id, or --replace to replace that report\n")
    assert snapshot(content) == before
    out = run_ingest(ZHEJIANG, "--id", "report", "--content", str(content), "--replace")
    assert out.returncode == 0
    doc = yaml.safe_load((content / "report" / "zh.yaml").read_text(encoding="utf-8"))
    assert doc["meta"]["title"] == "2026年浙江省政府工作报告"
    assert yaml.safe_load((content / "report" / "report.yaml").read_text(encoding="utf-8"))["place"]["zh"] == "浙江省"


def test_explain_prints_the_outline_and_writes_nothing(tmp_path):
    out = run_ingest(os.path.join(REPORTS, "county-miyi-2023.zh.txt"), "--explain", "--content", str(tmp_path / "c"))
    assert out.returncode == 0 and not (tmp_path / "c").exists()
    lines = out.stdout.splitlines()
    assert lines[0].endswith("county-miyi-2023.zh.txt: 3 parts, 8 sections, 69 paragraphs, 0 appendices, "
                             "23 glossary entries")
    assert "  speaker: 米易县人民政府县长?? 代坤宏" in lines
    assert "part p2 [unnumbered] 2023年工作安排" in lines
    assert "    一、坚定实施工业强县战略，持续做大做强工业经济: 3 paragraphs" in lines
    assert "glossary: 名词解释: 23 entries (23 terms)" in lines
    assert "lines removed as web-page furniture: 107" in lines
    assert "\n  line 116: 免责声明：" in out.stdout and "\n  line 214: 政府信息公开 (page footer (list of links or tags))" \
        in out.stdout


def test_warnings_name_the_file_and_line_and_the_text_is_kept(tmp_path):
    source = tmp_path / "odd.zh.txt"
    source.write_text("一、部分\n（一）甲\n正文内容，继续写。\n（三）丙\n正文。\n", encoding="utf-8")
    out = run_ingest(str(source), "--content", str(tmp_path / "c"))
    assert out.returncode == 0 and out.stderr == ""
    assert f"  warning: {source}:4: section heading （三） is out of order in part 一: expected （二）; kept as printed" \
        in out.stdout


def test_re_ingest_merge_of_a_long_changed_stretch_pairs_paragraphs_in_order():
    from reportgen.merge import _pair_similar
    olds = [f"第{i}段：全年地区生产总值增长{i}%，固定资产投资增长。" for i in range(300)]
    news = olds[:100] + ["插入的新段落，内容完全不同。"] + [t.replace("增长", "增加") for t in olds[100:]]
    pairs = _pair_similar(olds, news, 0, 0)
    assert pairs[:100] == [(i, i) for i in range(100)]
    assert pairs[100:] == [(i, i + 1) for i in range(100, 300)]
