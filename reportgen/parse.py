"""The genre's grammar: a report's lines become parts, sections, paragraphs and glossary entries.

The result is plain data without ids; ids are given (or kept) by ingest.
"""

import re

from .errors import ReportError
from .source import normalise

CN_NUMERALS = "零一二三四五六七八九十"
PART_RE = re.compile(r"^([一二三四五六七八九十]{1,3})、(.+)$")
SECTION_RE = re.compile(r"^（([一二三四五六七八九十]{1,3})）(.*)$")
APPENDIX_RE = re.compile(r"^(?:附件|附录)[：:]?$")
GLOSSARY_RE = re.compile(r"^※?\s*(名词解释|注释|名词注释|词语解释)\s*※?$")
ENTRY_RE = re.compile(r"^(?:(\d{1,3})[.．、]|[\[［【](\d{1,3})[\]］】])\s*(.*)$")
SALUTATION_RE = re.compile(r"^各位代表[！!，,：:]")
LEAD_RE = re.compile(r"^(——)?([^，。；：！？“”]{2,24}[。！])")
TITLE_WORD = "报告"


CN_NUMBER_RE = re.compile(r"^(?:[一二三四五六七八九]|[一二三四五六七八九]?十[一二三四五六七八九]?)$")


def cn_number(text):
    """一 → 1, 十二 → 12, 二十 → 20 (the range part and section numbering uses); None for 三一, 十十 and
    other strings of numerals that are no number, which the callers then report as out of order."""
    if not CN_NUMBER_RE.match(text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CN_NUMERALS.index(tens) if tens else 1) * 10 + (CN_NUMERALS.index(units) if units else 0)
    return CN_NUMERALS.index(text)


def split_lead(text):
    """Split a short opening sentence (产业转型加快推进。…) from the rest of a paragraph."""
    m = LEAD_RE.match(text)
    if not m or len(text) == len(m.group(0)):
        return None, text
    return m.group(0), text[len(m.group(0)):]


def paragraph(text):
    lead, body = split_lead(text)
    return {"lead": lead, "text": body} if lead else {"text": text}


def parse_report(path, text):
    """Parse a whole report; raise ReportError naming the line for anything out of the genre."""
    lines = [(n, normalise(raw)) for n, raw in enumerate(text.split("\n"), 1)]
    lines = [(n, line) for n, line in lines if line]
    front, body = _split_front(lines)
    meta, unclaimed = _front_matter(front)
    opening, parts, appendix_lines = _split_body(path, unclaimed + body)
    report = {"meta": meta, "opening": [{"text": t} for _, t in opening], "parts": parts}
    if appendix_lines is not None:
        report["appendix"] = _appendix(path, appendix_lines)
    return report


def _split_front(lines):
    """Title, dateline and speaker lines stand before the first salutation or part heading."""
    for i, (_, line) in enumerate(lines):
        if SALUTATION_RE.match(line) or line.startswith("各位代表") or PART_RE.match(line):
            return lines[:i], lines[i:]
    return [], lines


def _front_matter(front):
    """Title, dateline, speaker; any further line opens the report's text rather than being dropped."""
    meta, unclaimed = {}, []
    for n, line in front:
        if "title" not in meta and TITLE_WORD in re.sub(r"\s+", "", line):
            title, sep, rest = re.sub(r"(?<=\S) (?=\S)", "", line).partition("——")
            meta["title"] = title.strip()
            if sep:
                line = rest
            else:
                continue
        line = line.lstrip("—-").strip()
        m = re.match(r"^(.*?(?:会议上|大会上))\s*(.*)$", line)
        if m and "dateline" not in meta:
            meta["dateline"] = m.group(1)
            line = m.group(2)
        if line and "speaker" not in meta:
            meta["speaker"] = line
        elif line:
            unclaimed.append((n, line))
    return meta, unclaimed


def _split_body(path, lines):
    opening, parts, appendix = [], [], None
    part = section = None
    expected_section = 1
    for index, (n, line) in enumerate(lines):
        if appendix is not None:
            appendix.append((n, line))
            continue
        if APPENDIX_RE.match(line) or GLOSSARY_RE.match(line):
            appendix = [(n, line)]
            continue
        pm = PART_RE.match(line)
        if pm and len(line) <= 60 and "。" not in line:
            number = cn_number(pm.group(1))
            if number != len(parts) + 1:
                raise ReportError(path, n, f"part heading {pm.group(1)}、 is out of order: "
                                  f"expected part {_cn(len(parts) + 1)}、")
            _check_section_body(path, section)
            part = {"number": number, "title": pm.group(2).strip(), "intro": [], "sections": [], "closing": [],
                    "line": n}
            parts.append(part)
            section, expected_section = None, 1
            continue
        sm = SECTION_RE.match(line)
        if sm:
            if part is None:
                raise ReportError(path, n, f"section heading （{sm.group(1)}） comes before any part heading; "
                                  "expected a part heading such as 一、… first")
            if part["closing"]:
                raise ReportError(path, n, f"section heading （{sm.group(1)}） comes after the closing paragraphs of "
                                  f"part {_cn(part['number'])} (各位代表…); expected every section before them")
            number = cn_number(sm.group(1))
            if number != expected_section:
                raise ReportError(path, n, f"section heading （{sm.group(1)}） is out of order in part "
                                  f"{_cn(part['number'])}: expected （{_cn(expected_section)}）")
            _check_section_body(path, section)
            title, summary = _heading_and_rest(sm.group(2).strip())
            if not title:
                raise ReportError(path, n, f"section heading （{sm.group(1)}） has no title")
            section = {"number": number, "title": title, "paragraphs": [], "line": n}
            if summary:
                section["summary"] = summary
            part["sections"].append(section)
            expected_section += 1
            continue
        if part is None:
            opening.append((n, line))
        elif section is None or part["closing"] or (SALUTATION_RE.match(line) and section["paragraphs"]):
            (part["closing"] if part["sections"] else part["intro"]).append({"text": line})
            section = None if part["sections"] else section
        else:
            if "summary" not in section and not section["paragraphs"] and _is_summary(line, lines, index):
                section["summary"] = line
            else:
                section["paragraphs"].append(paragraph(line))
    if not parts:
        raise ReportError(path, None, "has no part headings (一、… 二、…): this does not look like a government "
                          "work report")
    _check_section_body(path, section)
    for part in parts:
        del part["line"]
        for s in part["sections"]:
            del s["line"]
            s["paragraphs"] = _merge_standalone_leads(s["paragraphs"])
    return opening, parts, appendix


def _merge_standalone_leads(paragraphs):
    """A lead sentence set on its own line (推动…加速释放。) opens the paragraph that follows it."""
    merged = []
    for p in paragraphs:
        prev = merged[-1] if merged else None
        if prev and "lead" not in prev and "lead" not in p and LEAD_RE.fullmatch(prev["text"]):
            merged[-1] = {"lead": prev["text"], "text": p["text"]}
        else:
            merged.append(p)
    return merged


def _heading_and_rest(text):
    """（一）大力推进…，加快发展新质生产力。充分发挥… : the heading is the first sentence."""
    head, sep, rest = text.partition("。")
    if sep and rest.strip():
        return head, rest.strip()
    return text.rstrip("。"), None


def _is_summary(line, lines, index):
    """The short line right after a section heading that sums the section up."""
    nxt = lines[index + 1][1] if index + 1 < len(lines) else ""
    lead, _ = split_lead(line)
    standalone_lead = LEAD_RE.match(line) and LEAD_RE.match(line).group(0) == line
    return (lead is None and not standalone_lead and len(line) <= 160
            and not SECTION_RE.match(nxt) and not PART_RE.match(nxt) and bool(nxt))


def _check_section_body(path, section):
    if section is not None and not section["paragraphs"] and "summary" not in section:
        raise ReportError(path, section["line"], f"section （{_cn(section['number'])}）{section['title']} has no "
                          "text: the file may be truncated")


def _cn(number):
    if number <= 10:
        return "十" if number == 10 else CN_NUMERALS[number]
    tens, units = divmod(number, 10)
    return (CN_NUMERALS[tens] if tens > 1 else "") + "十" + (CN_NUMERALS[units] if units else "")


def _appendix(path, lines):
    """附件 / 名词解释 / ※名词解释※ / 注释, then numbered entries: term：definition (or on the next line)."""
    appendix = {"entries": []}
    entry = None
    for n, line in lines:
        if APPENDIX_RE.match(line) and "heading" not in appendix:
            appendix["heading"] = line
            continue
        gm = GLOSSARY_RE.match(line)
        if gm and "title" not in appendix:
            appendix["title"] = gm.group(1)
            continue
        em = ENTRY_RE.match(line)
        if em:
            number = int(em.group(1) or em.group(2))
            expected = len(appendix["entries"]) + 1
            if number != expected:
                raise ReportError(path, n, f"glossary entry {number} is out of order: expected entry {expected}")
            label, sep, definition = em.group(3).partition("：")
            if not sep:
                label, sep, definition = em.group(3).partition(":")
            if not sep or not label.strip():
                raise ReportError(path, n, f"glossary entry {number} has no 'term：definition'; expected the "
                                  "term, a colon, then its definition")
            entry = {"number": number, "label": label.strip(), "terms": split_terms(label.strip()),
                     "definition": definition.strip(), "line": n}
            appendix["entries"].append(entry)
            continue
        if entry is None:
            raise ReportError(path, n, "text in the appendix before its first numbered entry; expected "
                              "entries such as 1.术语：释义 or ［1］术语：")
        entry["definition"] = (entry["definition"] + "\n" + line).strip() if entry["definition"] else line
    for e in appendix["entries"]:
        if not e["definition"]:
            raise ReportError(path, e["line"], f"glossary entry {e['number']} ({e['label']}) has no definition")
        del e["line"]
    if not appendix["entries"]:
        raise ReportError(path, lines[0][0], "appendix has no numbered entries; expected 1.术语：释义")
    return appendix


def split_terms(label):
    """“三库”“两算”“三评” → three terms; “一路一证”综合许可 → one term, written without quotes."""
    quoted = re.findall(r"“([^”]+)”", label)
    rest = re.sub(r"“[^”]+”", "", label).strip()
    if len(quoted) > 1 and not rest:
        return quoted
    return [label.replace("“", "").replace("”", "").replace('"', "").strip()]
