"""The report as a reader of one language sees it: every unit in that language, or marked fallback."""

import re

from .translation import localise

NUMERALS_ZH = "零一二三四五六七八九十"
ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def zh_number(n):
    if n <= 10:
        return NUMERALS_ZH[n]
    tens, units = divmod(n, 10)
    return (NUMERALS_ZH[tens] if tens > 1 else "") + "十" + (NUMERALS_ZH[units] if units else "")


def roman(n):
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def part_label(n, lang, printed=None):
    """一、 / I.; a part printed without a numeral (2022年工作回顾) has none in any language, and one
    printed 第一部分 keeps that label in Chinese."""
    if printed == "":
        return ""
    if lang == "zh":
        return printed + ("" if printed.endswith(("、", "）")) else " ") if printed else f"{zh_number(n)}、"
    return f"{roman(n)}."


def section_label(n, lang, printed=None):
    """（一） / 1.; a section printed 一、 (inside an unnumbered part) keeps that label in Chinese."""
    if lang == "zh":
        return printed or f"（{zh_number(n)}）"
    return f"{n}."


def place_label(place, lang, words=False):
    """Where a unit stands: 第一部分（二）第3段 / Part I, 2, ¶3 (compact, for translators' notes), or with
    `words` Part I, section 2, paragraph 3 (for readers of the pages)."""
    kind, index = place["kind"], place.get("index")
    if kind == "attachment":  # 附件1第2段 / Appendix 1, ¶2 / Appendix 1, paragraph 2
        if lang == "zh":
            return f"{place['label']}第{index}段"
        return f"{re.sub(r'^(?:附件|附录)', 'Appendix ', place['label'])}, {'paragraph ' if words else '¶'}{index}"
    if lang == "zh":
        para = f"第{index}段" if index else ""
        if kind == "opening":
            return f"开篇{para}"
        head = f"第{zh_number(place['part'])}部分"
        if kind in ("section", "paragraph"):
            return f"{head}{section_label(place['section'], 'zh')}{para}"
        return f"{head}{'结束语' if kind == 'closing' else ''}{para}"
    return _place_words(kind, index, place) if words else _place_compact(kind, index, place)


def _place_compact(kind, index, place):
    para = f"¶{index}" if index else ""
    if kind == "opening":
        return f"Opening {para}".strip()
    head = f"Part {roman(place['part'])}"
    if kind in ("section", "paragraph"):
        return f"{head}, {place['section']}" + (f", {para}" if para else "")
    return f"{head}, {'closing ' if kind == 'closing' else ''}{para}".strip()


def _place_words(kind, index, place):
    """Words, not a pilcrow and bare numbers: a reader of English should not have to decode the place.
    A part's closing paragraphs are named as their page is: Part I (continued)."""
    para = f"paragraph {index}" if index else ""
    if kind == "opening":
        return f"Opening, {para}" if para else "Opening"
    head = f"Part {roman(place['part'])}"
    if kind in ("section", "paragraph"):
        head = f"{head}, section {place['section']}"
    elif kind == "closing":
        head = f"{head} (continued)"
    return f"{head}, {para}" if para else head


def localised_report(report, lang, html_langs):
    """A tree of the report in `lang`; each unit carries `state` and the `lang` its text is in."""
    tr = report["translations"]

    def u(unit):
        fields, state = localise(unit, lang, tr)
        fields["state"] = state
        fields["code"] = "zh" if state == "missing" else lang
        fields["lang"] = html_langs[fields["code"]]
        return fields

    doc = report["doc"]

    def at(unit, **place):
        return {**u(unit), "place": place}

    tree = {"opening": [at(p, kind="opening", index=i) for i, p in enumerate(doc.get("opening") or [], 1)],
            "parts": []}
    for part in doc["parts"]:
        n = part["number"]
        tree["parts"].append({
            **u(part),
            "intro": [at(p, kind="intro", part=n, index=i) for i, p in enumerate(part.get("intro") or [], 1)],
            "sections": [{**at(s, kind="section", part=n, section=s["number"]),
                          "lead_in": [at(p, kind="intro", part=n) for p in s.get("lead_in") or []],
                          "paragraphs": [at(p, kind="paragraph", part=n, section=s["number"], index=i)
                                         for i, p in enumerate(s["paragraphs"], 1)]}
                         for s in part.get("sections") or []],
            "closing": [at(p, kind="closing", part=n, index=i) for i, p in enumerate(part.get("closing") or [], 1)],
        })
    tree["appendices"] = [{**u(a), "paragraphs": [at(p, kind="attachment", label=a["label"], index=i)
                                                  for i, p in enumerate(a["paragraphs"], 1)]}
                          for a in doc.get("appendices") or []]
    appendix = doc.get("appendix")
    if appendix:
        meta_tr = (tr.get(lang) or {}).get("meta") or {}
        tree["appendix"] = {"heading": appendix.get("heading"), "title": appendix.get("title"),
                            "entries": [u(e) for e in appendix["entries"]]}
        if lang != "zh":
            tree["appendix"]["heading"] = meta_tr.get("appendix_heading")
            tree["appendix"]["title"] = meta_tr.get("appendix_title")
    by_id = {}
    for p in tree["opening"]:
        by_id[p["id"]] = p
    for part in tree["parts"]:
        by_id[part["id"]] = part
        for p in part["intro"] + part["closing"]:
            by_id[p["id"]] = p
        for s in part["sections"]:
            by_id[s["id"]] = s
            for p in s["lead_in"] + s["paragraphs"]:
                by_id[p["id"]] = p
    for a in tree["appendices"]:
        by_id[a["id"]] = a
        for p in a["paragraphs"]:
            by_id[p["id"]] = p
    for e in (tree.get("appendix") or {}).get("entries", []):
        by_id[e["id"]] = e
    tree["by_id"] = by_id
    return tree
