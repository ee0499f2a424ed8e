"""Ingest reads the genre: each layout rule shown on a small text of its own, with a near-miss that must
not trigger it. The texts are in tests/texts/; every rule is recognised by the shape of the lines."""
import os

import pytest

from conftest import ROOT
from reportgen.parse import parse_report

TEXTS = os.path.join(ROOT, "tests", "texts")


def parse(name):
    path = os.path.join(TEXTS, name)
    with open(path, encoding="utf-8") as f:
        return parse_report(path, f.read())


def parse_text(text, name="t.txt"):
    return parse_report(name, text)


def paras(report, part=0, section=None):
    p = report["parts"][part]
    units = p["intro"] if section is None else p["sections"][section]["paragraphs"]
    return [(u.get("lead") or "") + u["text"] for u in units]


# --- part headings ---------------------------------------------------------------------------------

def test_unnumbered_parts_with_sections_numbered_like_parts():
    r = parse("unnumbered-parts.txt")
    assert [p["title"] for p in r["parts"]] == ["2022年工作回顾", "二〇二三年主要目标任务", "全面加强政府自身建设"]
    assert all(p["label"] == "" for p in r["parts"])
    s = r["parts"][1]["sections"]
    assert [(x["label"], x["number"], x["title"]) for x in s] == [("一、", 1, "坚定实施工业强县战略"),
                                                                   ("二、", 2, "全面推进乡村振兴")]
    # the near-miss: a short topic line with commas and no end punctuation is a paragraph, never a part
    assert paras(r, 0)[0] == "一年来，我们坚持事不避难、真抓实干，发展质量稳步提升"


def test_a_single_bare_line_in_a_numbered_report_is_no_part():
    r = parse_text("各位代表：\n一、2024年工作回顾\n正文内容，继续写。\n2025年工作安排\n正文内容，继续写。\n二、今年工作\n正文。\n")
    assert [p["title"] for p in r["parts"]] == ["2024年工作回顾", "今年工作"]
    assert paras(r, 0) == ["正文内容，继续写。", "2025年工作安排", "正文内容，继续写。"]


def test_an_unnumbered_closing_part_after_numbered_parts():
    r = parse_text("各位代表：\n一、回顾\n正文内容，继续写。\n二、安排\n正文内容，继续写。\n全面加强政府自身建设\n"
                   "建设法治政府，提升行政效能。\n")
    assert [(p.get("label"), p["title"]) for p in r["parts"]] == [(None, "回顾"), (None, "安排"), ("", "全面加强政府自身建设")]
    # near-miss: the same words as a sentence, and as a section heading, are no part
    r = parse_text("各位代表：\n一、回顾\n全面加强政府自身建设。\n（一）着力加强政府自身建设\n正文内容，继续写。\n")
    assert len(r["parts"]) == 1 and r["parts"][0]["sections"][0]["title"] == "着力加强政府自身建设"


def test_ordinal_parts_with_title_on_the_next_line():
    r = parse_text("各位代表：\n第一部分\n过去一年工作回顾\n正文。\n第二部分 今年工作安排\n一、稳增长\n正文。\n")
    assert [(p["label"], p["title"]) for p in r["parts"]] == [("第一部分", "过去一年工作回顾"), ("第二部分", "今年工作安排")]
    assert r["parts"][1]["sections"][0]["label"] == "一、"


def test_dash_subtitle_on_the_heading_line_or_the_next():
    r = parse("subtitles.txt")
    assert [(p["title"], p.get("subtitle")) for p in r["parts"]] == [
        ("2024年工作回顾", "经济稳中有进、发展持续向好"), ("2025年主要任务", "决胜“十四五”、跑出加速度")]
    # near-miss: a —— paragraph with a full stop after the heading's first paragraph stays a paragraph
    assert paras(r, 1)[1].startswith("——经济运行稳中向好。")


# --- sections --------------------------------------------------------------------------------------

def test_run_in_sections_keep_their_body_as_paragraphs_never_as_a_summary():
    r = parse_text("各位代表：\n一、回顾\n（一）经济运行回升向好。全年地区生产总值增长5%。工业增长6%。\n"
                   "（二）改革开放深入推进。全年新设企业1万户。\n(三)民生保障有力\n就业稳定。\n")
    s = r["parts"][0]["sections"]
    assert [x["title"] for x in s] == ["经济运行回升向好", "改革开放深入推进", "民生保障有力"]
    assert "summary" not in s[0]
    assert s[0]["paragraphs"] == [{"lead": "全年地区生产总值增长5%。", "text": "工业增长6%。"}]
    assert s[2]["paragraphs"] == [{"text": "就业稳定。"}]  # ASCII (三) reads like （三）


def test_several_numbered_runs_in_one_part_keep_their_lead_line():
    r = parse("runs.txt")
    s = r["parts"][0]["sections"]
    assert [(x["number"], x["title"]) for x in s] == [(1, "甲"), (2, "乙"), (1, "丙"), (2, "丁")]
    assert s[2]["lead_in"] == [{"text": "“十个持续推进”即以下方面："}]
    assert "lead_in" not in s[0] and paras(r, 0) == ["今年重点抓好以下工作："]
    assert r["warnings"] == []


def test_a_salutation_inside_a_section_before_the_next_section_stays_in_the_section():
    r = parse_text("一、部分\n（一）甲\n甲的概述。\n正文内容，继续写。\n各位代表！今年我们要办好以下实事：\n"
                   "1.医疗方面，内容。\n（二）乙\n正文。\n各位代表！结语。\n")
    s = r["parts"][0]["sections"]
    assert [p["text"] for p in s[0]["paragraphs"]] == ["正文内容，继续写。", "各位代表！今年我们要办好以下实事：",
                                                       "1.医疗方面，内容。"]
    assert r["parts"][0]["closing"] == [{"text": "各位代表！结语。"}]


def test_salutation_is_never_a_lead_sentence():
    r = parse_text("一、部分\n（一）甲\n正文。\n（二）乙\n各位代表！我们要继续努力。\n")
    assert r["parts"][0]["sections"][1]["paragraphs"] == [{"text": "各位代表！我们要继续努力。"}]
    # near-miss: a short sentence that is no address is a lead
    r = parse_text("一、部分\n（一）甲\n稳定就业。做好重点群体就业。\n")
    assert r["parts"][0]["sections"][0]["paragraphs"] == [{"lead": "稳定就业。", "text": "做好重点群体就业。"}]


def test_out_of_order_numbering_is_kept_as_printed_with_a_warning():
    r = parse_text("一、部分\n（一）甲\n正文。\n（三）丙\n正文内容，继续写。\n三、部分三\n正文。\n", "o.txt")
    assert [x["number"] for x in r["parts"][0]["sections"]] == [1, 3]
    assert r["warnings"] == ["o.txt:4: section heading （三） is out of order in part 一: expected （二）; kept as printed",
                             "o.txt:6: part heading 三、 is out of order: expected part 二; kept as a paragraph"]
    assert r["parts"][0]["sections"][1]["paragraphs"][-2] == {"text": "三、部分三"}


# --- paragraphs ------------------------------------------------------------------------------------

def test_short_topic_lines_become_the_lead_of_the_next_paragraph():
    r = parse_text("一、回顾\n五年来，我们坚定不移推进改革。\n产业结构持续优化。\n四大主导产业占比提高，集群壮大。\n"
                   "聚焦对外开放，高标准建设自由贸易港。\n全面落实总体方案。\n")
    assert r["parts"][0]["intro"][1] == {"lead": "产业结构持续优化。", "text": "四大主导产业占比提高，集群壮大。"}
    # near-miss: a topic line with a comma is a paragraph of its own
    assert r["parts"][0]["intro"][2] == {"text": "聚焦对外开放，高标准建设自由贸易港。"}


def test_decimal_at_line_start_is_no_list_item_and_no_glossary_entry():
    r = parse_text("一、部分\n（一）甲\n正文。\n5.5%左右的预期增长目标与发展目标相衔接。\n附件\n名词解释\n1.甲：释义。\n")
    assert r["parts"][0]["sections"][0]["paragraphs"][1]["text"].startswith("5.5%左右")
    assert len(r["appendix"]["entries"]) == 1


# --- lines broken mid-sentence -----------------------------------------------------------------------

def test_lines_broken_mid_sentence_are_rejoined_and_listed():
    r = parse("broken-lines.txt")
    s = r["parts"][0]["sections"][0]
    assert s["summary"] == "认真贯彻习近平总书记视察河北重要讲话和重要指示精神，全力推动高质量发展。"
    assert paras(r, 0, 0) == ["全年PM2.5平均浓度下降5%。创建省级及以上示范区3个。"]
    assert [j["line"] for j in r["joins"]] == [6, 7, 9, 10]


def test_headings_topic_lines_and_salutations_are_not_joined():
    text = ("各位代表：\n一、2024年工作回顾\n一年来，我们坚持改革创新、扩大开放，发展动能更加强劲\n"
            "重点改革攻坚破题。全年完成改革任务50项。\n（一）稳增长\n正文。\n各位代表\n我们要努力。\n")
    r = parse_text(text)
    assert r["joins"] == []
    assert paras(r, 0)[0] == "一年来，我们坚持改革创新、扩大开放，发展动能更加强劲"


# --- front matter ----------------------------------------------------------------------------------

def test_front_matter_from_a_web_page():
    r = parse("web-page.txt")
    assert r["meta"] == {"title": "2026年某某省政府工作报告",
                         "dateline": "2026年1月27日在某某省第十四届人民代表大会第四次会议上",
                         "speaker": "某某省人民政府代省长 张三", "captions": ["张三作政府工作报告。本报记者 李四摄"]}
    removed = {x["text"]: x["why"] for x in r["removed"]}
    assert removed["下载"] == "page toolbar" and removed["来源：某某日报"] == "page metadata"
    assert removed["相关报道："] == "page footer" and removed["扫一扫在手机打开当前页"] == "page footer"
    assert r["opening"] == [{"text": "各位代表："}, {"text": "现在，我代表省人民政府向大会报告工作。"}]
    # near-miss: a body sentence that starts with 来源 stays
    assert "来源于群众的意见建议，我们逐条办理。" in paras(r, 0)


def test_dateline_in_brackets_broken_across_two_lines_and_a_speaker_with_a_lost_character():
    r = parse_text("政府工作报告\n（2023年2月12日在某县第十九届\n人民代表大会第三次会议上）\n某县人民政府县长?? 王五\n"
                   "各位代表：\n一、部分\n正文。\n")
    assert r["meta"] == {"title": "政府工作报告", "dateline": "2023年2月12日在某县第十九届人民代表大会第三次会议上",
                         "speaker": "某县人民政府县长?? 王五"}
    assert [j["line"] for j in r["joins"]] == [2]


def test_a_timestamp_or_toolbar_word_is_never_the_speaker():
    r = parse_text("政府工作报告\n——2025年1月15日在区第十届人民代表大会第五次会议上\n时间：2026-02-05\n打印\n"
                   "各位代表：\n一、部分\n正文。\n")
    assert "speaker" not in r["meta"]
    assert [x["why"] for x in r["removed"]] == ["page metadata", "page toolbar"]


def test_crawler_placeholder_and_wire_service_line():
    r = parse_text("未知标题\n新华社北京3月12日电\n政府工作报告\n——2025年3月5日在第十四届全国人民代表大会第三次会议上\n"
                   "国务院总理　李强\n各位代表：\n一、部分\n正文。\n")
    assert [x["why"] for x in r["removed"]] == ["crawler placeholder for a missing title", "wire-service dateline"]
    assert r["meta"]["speaker"] == "国务院总理 李强"


# --- the end of the text ---------------------------------------------------------------------------

def test_footer_lists_and_a_second_copy_of_the_report_are_removed_and_listed():
    r = parse("footer.txt")
    assert r["appendix"]["entries"][-1]["definition"] == "乙的释义。"
    whys = [x["why"] for x in r["removed"]]
    assert whys.count("second copy of the report") == 4
    assert "page footer" in whys and "share link" in whys
    assert r["parts"][-1]["closing"][-1] == {"text": "各位代表！让我们团结奋斗。"}


def test_a_footer_word_inside_the_body_is_kept():
    text = "一、部分\n（一）甲\n甲的概述，简要说明。\n标签：\n正文继续写下去。\n相关报道：\n"
    r = parse_text(text)
    assert paras(r, 0, 0) == ["标签：", "正文继续写下去。"]
    assert [x["text"] for x in r["removed"]] == ["相关报道："]


# --- appendices ------------------------------------------------------------------------------------

def test_numbered_attachment_is_a_list_never_parts():
    r = parse("attachment.txt")
    assert [p["title"] for p in r["parts"]] == ["回顾", "安排"]
    a = r["appendices"]
    assert [(x["label"], x["title"]) for x in a] == [("附件1", "2026年十件民生实事"), ("附件2", "名单")]
    assert [p["text"][:3] for p in a[0]["paragraphs"]] == ["一、增", "二、办", "三、建"]
    assert r["appendix"]["title"] == "名词解释" and len(r["appendix"]["entries"]) == 2


@pytest.mark.parametrize("heading, entry1, entry2", [
    ("名词解释", "1.两个确立：确立核心地位。", "2.“三库”“两算”：三库指目录库。"),
    ("※名词解释※", "[1]“低空经济”：是新经济形态。", "[2]“两算”：结算和决算。"),
    ("注释", "［1］一降三减：\n火灾起数下降。", "［2］四库：\n水库、粮库。"),
    ("※注释※", "［1］一降三减\n火灾起数下降。", "［2］四库：水库、\n粮库。"),
    ("附件\n《政府工作报告》有关内容名词注释", "1.两个确立：确立核心地位。", "2.四库：水库、粮库。"),
])
def test_glossary_headings_and_entry_forms(heading, entry1, entry2):
    r = parse_text(f"一、部分\n正文［1］继续。\n{heading}\n{entry1}\n{entry2}\n")
    entries = r["appendix"]["entries"]
    assert [e["number"] for e in entries] == [1, 2]
    assert all(e["definition"] and "\n" not in e["definition"] for e in entries)
    assert r["parts"][0]["intro"] == [{"text": "正文［1］继续。"}]  # the marker stays in the text


def test_several_terms_in_one_entry():
    r = parse_text("一、部分\n正文。\n名词解释\n1.“三库”“两算”“三评”：释义。\n2.“一路一证”综合许可：释义。\n")
    assert [e["terms"] for e in r["appendix"]["entries"]] == [["三库", "两算", "三评"], ["一路一证综合许可"]]


def test_more_page_furniture_shapes_and_their_near_misses():
    r = parse_text("首页 > 政务公开 > 政府工作报告\n【打印】【关闭】\n政府工作报告\n各位代表：\n一、部分\n"
                   "首页建设要加快，关闭落后产能。\n【打印】【关闭】\n")
    assert [(x["line"], x["why"]) for x in r["removed"]] == [(1, "page breadcrumb"), (2, "page toolbar"),
                                                             (7, "page toolbar")]
    assert r["meta"] == {"title": "政府工作报告"}
    assert paras(r, 0) == ["首页建设要加快，关闭落后产能。"]


def test_bare_headings_of_this_year_and_entries_numbered_in_brackets():
    r = parse_text("各位代表：\n过去五年工作回顾\n正文内容，继续写。\n今年政府工作主要任务\n正文内容，继续写。\n"
                   "名词解释\n（1）两个确立：释义。\n（2）两个维护：释义。\n")
    assert [p["title"] for p in r["parts"]] == ["过去五年工作回顾", "今年政府工作主要任务"]
    assert [e["label"] for e in r["appendix"]["entries"]] == ["两个确立", "两个维护"]
    # near-miss: a sentence starting 今年 is a paragraph
    r = parse_text("各位代表：\n一、部分\n今年是收官之年，任务艰巨。\n")
    assert paras(r, 0) == ["今年是收官之年，任务艰巨。"]


def test_a_printed_label_is_numbering_not_text_to_translate():
    from reportgen.translation import fingerprint, localise
    section = {"id": "p2-s1", "number": 1, "label": "一、", "title": "坚定实施工业强县战略", "paragraphs": []}
    tr = {"en": {"p2-s1": {"title": "Industry", "source": fingerprint(section)}}}
    assert localise(section, "en", tr)[1] == "translated"
    entry = {"id": "g1", "number": 1, "label": "两个确立", "terms": ["两个确立"], "definition": "释义。"}
    assert localise(entry, "en", {"en": {"g1": {"definition": "Meaning."}}})[1] == "missing"  # a term is text


def test_section_numbering_alone_on_its_line_takes_the_next_line_as_title():
    r = parse_text("一、部分\n（一）\n稳增长。扩大有效需求。\n（二）\n促改革\n深化重点领域改革，激发活力。\n")
    s = r["parts"][0]["sections"]
    assert [(x["title"], [p["text"] for p in x["paragraphs"]]) for x in s] == [
        ("稳增长", ["扩大有效需求。"]), ("促改革", ["深化重点领域改革，激发活力。"])]
    # near-miss: numbering with nothing after it at the end of the text is no section
    with pytest.raises(Exception, match="section heading （一） has no title"):
        parse_text("一、部分\n正文。\n（一）\n")


def test_glossary_numbering_kept_as_printed_and_lists_inside_a_definition():
    r = parse_text("一、部分\n正文［3］。\n名词解释\n1.甲：释义。\n3.乙：包括：\n1.谋划一批\n2.开工一批\n"
                   "4.丙：释义。\n", "g.txt")
    entries = r["appendix"]["entries"]
    assert [(e["id"] if "id" in e else None, e["number"], e["label"]) for e in entries] == [
        (None, 1, "甲"), (None, 3, "乙"), (None, 4, "丙")]
    assert entries[1]["definition"] == "包括：\n1.谋划一批\n2.开工一批"
    assert r["warnings"] == ["g.txt:5: glossary entry 3 is out of order: expected entry 2; kept as printed",
                             "g.txt:6: glossary entry number 1 after entry 3: kept in that entry's definition, as a "
                             "list inside it",
                             "g.txt:7: glossary entry number 2 after entry 3: kept in that entry's definition, as a "
                             "list inside it"]
    from reportgen.ingest import give_ids
    assert [e["id"] for e in give_ids(r)["appendix"]["entries"]] == ["g1", "g2", "g3"]  # ids by position
