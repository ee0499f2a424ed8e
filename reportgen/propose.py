"""Proposed key figures for a report: every quantity of its Chinese text, with its source words, value,
scale, unit, qualifier, period, kind, measure, theme and a label, in the schema of figures.yaml, for
an editor to confirm (`confirmed: true`, or by moving the entry into figures.yaml).

Period and kind follow the report's shape: the review part states results for the year it reviews,
the plan parts targets for the year (or plan period) they plan; a sentence may say otherwise
(五年来 …, 到2027年 …, 去年 …)."""

import os
import re

from . import figurelabels as fl
from .errors import ReportError
from .figures import check_figures, paragraph_text
from .quantities import find_numbers, qualifier, tail_qualifier_len

REVIEW = re.compile(r"回顾|过去|成绩|成就|总结|工作情况")
PLAN_PERIOD = re.compile(r"“?十([一二三四五六七八九])五”?")
SPAN = re.compile(r"(?:(\d+|[一二三四五六七八九十两])年来|过去(\d+|[一二三四五六七八九十两])年|这(\d+|[一二三四五六七八九十两])年"
                  r"|(\d+|[一二三四五六七八九十两])年间)")
BY_YEAR = re.compile(r"(?:到|至|在)(20\d\d)年|(20\d\d)年(?:底|末)?(?:前|以前)")
YEAR = re.compile(r"(?<!\d)(20\d\d)年")
SENTENCE = re.compile(r"[^。！？；]*[。！？；]?")
CLAUSE = re.compile(r"[^，。！？；：]*[，。！？；：]?")
SHARED_QUALIFIERS = ("over", "at least", "nearly", "estimated")   # said before the first of a list
TARGET_NAMED = re.compile(r"目标(?:为|是)?(?:增长)?$")
RANGE_START = re.compile(r"\d[\d.,]*(?:万亿|亿|万)?[^\d]{0,3}[-—～~至]$")
CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def plan_years(numeral):
    """The years of a national five-year plan named 十N五: the sixth ran 1981–1985, each next one five on."""
    n = 10 + CN[numeral]
    start = 1981 + 5 * (n - 6)
    return start, start + 4


def report_year(report):
    """The year the report plans for: report.yaml's `year`, else its dateline's, else its part titles'."""
    year = (report.get("meta") or {}).get("year")
    if isinstance(year, int):
        return year
    dateline = (report["doc"].get("meta") or {}).get("dateline") or ""
    m = YEAR.search(dateline)
    if m:
        return int(m.group(1))
    years = [int(y) for p in report["doc"].get("parts", []) for y in YEAR.findall(p.get("title") or "")]
    return max(years) if years else None


def part_frames(doc, year):
    """(units, kind, period) for the opening and each part: review parts give results, the rest targets."""
    frames = [(doc.get("opening") or [], "result", year - 1)]
    # with no part titled as a review, the review is the text before the parts (or absent): all plan
    seen_review = not any(REVIEW.search(p.get("title") or "") for p in doc.get("parts", []))
    for part in doc.get("parts", []):
        title = (part.get("title") or "") + (part.get("subtitle") or "")
        ahead = [m for m in PLAN_PERIOD.finditer(title) if plan_years(m.group(1))[0] >= year]
        review = bool(REVIEW.search(title)) and not ahead   # “十四五”时期发展成就和“十五五”时期目标: a plan
        if review or not seen_review and not YEAR.search(title) and not PLAN_PERIOD.search(title):
            kind, period = "result", _title_year(title, year - 1)
            seen_review = seen_review or review
        else:
            kind = "target"
            period = "-".join(map(str, plan_years(ahead[0].group(1)))) if ahead and not YEAR.search(title) \
                else _title_year(title, year)
        units = list(part.get("intro") or [])
        for s in part.get("sections") or []:
            units += list(s.get("lead_in") or []) + list(s.get("paragraphs") or [])
        units += list(part.get("closing") or [])
        frames.append((units, kind, period))
    return frames


def _title_year(title, default):
    years = YEAR.findall(title)
    return int(years[0]) if len(years) == 1 else default


ONE_YEAR = re.compile(r"(?:刚刚)?过去(?:的)?(?:一年|20\d\d年)|一年来|20\d\d年(?:是|，)|今年")


def span_of(sentence, year):
    """(kind, "first-last") when the sentence speaks of several years: 五年来, 这五年 (results up to
    last year), “十四五”时期 (that plan's years: results when past, targets when ahead); else None."""
    m = SPAN.search(sentence)
    if m:
        n = next(g for g in m.groups() if g)
        n = int(n) if n.isdigit() else CN.get(n, 0)
        if 1 < n <= 10:
            return ("result", f"{year - n}-{year - 1}"), m.start()
    plan = PLAN_PERIOD.search(sentence)
    if plan and re.match(r"”?(?:时期|以来)", sentence[plan.end():]):
        first, last = plan_years(plan.group(1))
        return ("result" if last < year else "target", f"{first}-{last}"), plan.start()
    return None, None


def time_frame(sentence, current, default, year):
    """The frame from this sentence on: one that opens on other years (“十四五”时期…, 这五年…) starts a
    stretch about them; one that opens on the year itself (一年来…, 过去一年…, 2025年是…) returns to
    the part's own. Returns (frame for the rest of the part, frame for this sentence)."""
    opening = sentence.lstrip("—各位代表！，,、 ")
    if ONE_YEAR.match(opening):
        return default, default
    named = re.match(r"(20\d\d)年(?!底|末|前)", opening)
    if named and int(named.group(1)) < year and current[0] == "result":   # 2025年人均生产总值… in a five-year stretch
        return current, ("result", int(named.group(1)))
    frame, at = span_of(opening, year)
    if frame and at <= 1:
        return frame, frame
    if frame and current[0] == "result":   # a mention inside a review sentence: for this sentence only
        return current, frame
    return current, one_off(sentence, current, year)


def one_off(sentence, frame, year):
    """In a plan part, 到2027年 / 2027年底前 sets a target for that year, 去年… states a result."""
    if frame[0] == "target":
        m = BY_YEAR.search(sentence)
        if m:
            return "target", int(m.group(1) or m.group(2))
        if re.match(r"(?:去年|过去一年|上年)", sentence):
            return "result", year - 1
    return frame


def propose(report):
    """The proposed figures, in document order, each checked as the build checks figures.yaml."""
    year = report_year(report)
    if year is None:
        raise ReportError(f"{report['folder']}/zh.yaml", "meta", "no year for the report: expected `year` in "
                          "report.yaml, a dateline with a year, or a part title with one")
    figures = []
    for units, kind, period in part_frames(report["doc"], year):
        current = (kind, period)
        for unit in units:
            found, current = unit_figures(unit, current, (kind, period), year)
            figures += found
    checked = {**report, "figures": figures}
    bad = {e.place.split(".")[0] for e in check_figures(checked) if isinstance(e.place, str)}
    return [f for f in figures if f["id"] not in bad]


def unit_figures(unit, current, default, year):
    """The unit's figures, and the frame (kind, period) it leaves for the units after it."""
    text, out = paragraph_text(unit), []
    for sentence in SENTENCE.findall(text):
        if not sentence:
            continue
        current, (s_kind, s_period) = time_frame(sentence, current, default, year)
        carried = ""   # the subject of the clause before, for a clause that only says 增长6.3%
        for clause in CLAUSE.findall(sentence):
            body = clause.rstrip("，。！？；：")
            numbers = find_numbers(body)
            named = re.match(r"(20\d\d)年(?!底|末|前)", body)   # …，2025年人均生产总值7.6万元: that year's
            c_period = int(named.group(1)) if named and s_kind == "result" and int(named.group(1)) < year else s_period
            respective = respectively(body, numbers)
            for i, (start, end, value, scale, unit_word, written, more) in enumerate(numbers):
                kind = "target" if TARGET_NAMED.search(body[:start]) else s_kind   # （年度目标7%左右） in a review
                f, carried = _figure(unit["id"], sentence, body, (start, end, value, scale, unit_word, written, more),
                                     carried, kind, c_period)
                if respective:
                    f["label"]["zh"] = respective[i]
                    f["measure"] = fl.measure(respective[i], "", unit_word, written)
                    if i and f["qualifier"] is None and out[-1]["qualifier"] in SHARED_QUALIFIERS:
                        f["qualifier"] = out[-1]["qualifier"]   # 分别超98.5%和99%: 超 reads on both
                f["id"] = f"{unit['id']}-f{len(out) + 1}"
                out.append(f)
    return out, current


MEASURE_NOUN = re.compile(r"(增加值|产量|产值|收入|投资|销售额|零售额|成交额|营收|进出口|比重|比例|人数|数量"
                          r"|[\u4e00-\u9fff]{2}率)$")


def respectively(clause, numbers):
    """Labels for 甲、乙增加值分别增长8.9%、7.7%: each number takes its own subject, in order, with the
    verb after 分别 and the measure noun the last subject ends with; None when the counts differ."""
    at = clause.find("分别")
    after = [n for n in numbers if n[0] > at]
    if at < 0 or len(after) < 2 or len(after) != len(numbers):
        return None
    head = clause[clause.rfind("，", 0, at) + 1:at]
    subjects = [fl.strip_words(x) for x in head.split("、")]
    if len(subjects) != len(after):   # 甲和乙分别…: 和 joins the two
        subjects = [fl.strip_words(x) for x in re.split("[、和]", head)]
    if len(subjects) != len(after):
        return None
    verb = fl.strip_words(clause[at + 2:after[0][0]])
    noun = MEASURE_NOUN.search(subjects[-1])
    return [x + (noun.group(1) if noun and not x.endswith(noun.group(1)) else "") + verb for x in subjects]


def _figure(uid, sentence, clause, number, carried, kind, period):
    start, end, value, scale, unit, written, more = number
    end_q = end + tail_qualifier_len(clause, end)
    segment_start = clause.rfind("、", 0, start) + 1
    before = RANGE_START.sub("", clause[segment_start:start])   # 4.5%-5%: the label stands before 4.5%
    label = fl.strip_words(before)
    if not label or before.rstrip().endswith("等"):
        label = fl.strip_words(fl.after_words(clause[end_q:])) or label
    elif len(label) <= 2 and clause[end_q:end_q + 1] not in ("", "、"):  # 打造15个儿童特色空间: the verb and its noun
        label += fl.after_words(clause[end_q:])
    if not fl.subject(label) and carried:
        label = carried + label
    q = qualifier(clause, start, end, more, sentence[:sentence.find(clause)] + clause[:start])
    f = {"id": "", "paragraph": uid, "fragment": clause[:max(end_q, len(clause))].strip(),
         "value": value, "scale": scale, "unit": unit, "period": period, "kind": kind,
         "measure": fl.measure(label, before, unit, written), "qualifier": q,
         "theme": fl.theme(label, clause), "label": {"zh": label, "en": None}}
    if written:
        f["written"] = written
    return f, (fl.subject(label) or carried)


def read_report(content_dir, rid):
    """The report's Chinese text and metadata, as much as a proposal needs; ReportError when unusable."""
    from . import yamlio
    from .content import check_document, unit_index
    folder = os.path.join(content_dir, rid)
    zh_path = os.path.join(folder, "zh.yaml")
    if not os.path.isfile(zh_path):
        raise ReportError(zh_path, None, f"missing; expected the report's text (run `python build.py ingest "
                          f"FILE --id {rid}` first)")
    doc, errors = yamlio.load(zh_path), []
    if not isinstance(doc, dict):
        raise ReportError(zh_path, None, "expected a mapping (id, parts, …)")
    check_document(zh_path, doc, errors)
    if errors:
        raise errors[0]
    meta_path = os.path.join(folder, "report.yaml")
    meta = yamlio.load(meta_path) if os.path.exists(meta_path) else {}
    return {"id": rid, "folder": folder, "doc": doc, "index": unit_index(doc),
            "meta": meta if isinstance(meta, dict) else {}}


def write_proposal(content_dir, rid):
    """Writes content/<rid>/figures.proposed.yaml; returns (path, count, entries an editor marked, kept)."""
    from . import yamlio
    figures = propose(read_report(content_dir, rid))
    path = os.path.join(content_dir, rid, "figures.proposed.yaml")
    kept = _keep_editors_marks(path, figures)
    header = ("# Figures proposed from zh.yaml, for an editor to check. Set `confirmed: true` on those that\n"
              "# are right (or move them into figures.yaml); the site shows only confirmed figures.\n"
              "# `python build.py figures propose` keeps entries that carry `confirmed` (true or false).\n")
    yamlio.write_atomic(path, header + yamlio.dump(figures))
    return path, len(figures), kept


def _keep_editors_marks(path, figures):
    """An editor's confirmations and corrections survive a new proposal: an entry of the old file with
    `confirmed` set replaces the new one with the same paragraph, fragment and value."""
    if not os.path.exists(path):
        return 0
    from . import yamlio
    old = yamlio.load(path) or []
    marked = {(f.get("paragraph"), f.get("fragment"), f.get("value")): f for f in old
              if isinstance(f, dict) and "confirmed" in f}
    kept = set()
    for i, f in enumerate(figures):
        key = (f["paragraph"], f["fragment"], f["value"])
        if key in marked:
            figures[i] = marked[key]
            kept.add(i)
    # a kept entry keeps its id (pairs.yaml may name it); a new one that would share it takes a fresh one
    taken, n = {figures[i].get("id") for i in kept}, 0
    for i, f in enumerate(figures):
        while i not in kept and f["id"] in taken:
            n += 1
            f["id"] = f"{f['paragraph']}-f{n}x"
        taken.add(f.get("id"))
    return len(kept)
