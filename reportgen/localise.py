"""The report as a reader of one language sees it: every unit in that language, or marked fallback."""

import re

from .model import walk
from .numerals import cn as zh_number, roman  # noqa: F401 - the renderers import them from here
from .translation import localise


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
    places = {placed.unit["id"]: placed.place for placed in walk(doc)}

    def at(unit):
        return {**u(unit), "place": places[unit["id"]]}

    tree = {"opening": [at(p) for p in doc.get("opening") or []], "parts": []}
    for part in doc["parts"]:
        tree["parts"].append({
            **u(part),
            "intro": [at(p) for p in part.get("intro") or []],
            "sections": [{**at(s), "lead_in": [at(p) for p in s.get("lead_in") or []],
                          "paragraphs": [at(p) for p in s["paragraphs"]]} for s in part.get("sections") or []],
            "closing": [at(p) for p in part.get("closing") or []],
        })
    tree["appendices"] = [{**u(a), "paragraphs": [at(p) for p in a["paragraphs"]]} for a in doc.get("appendices") or []]
    appendix = doc.get("appendix")
    if appendix:
        meta_tr = (tr.get(lang) or {}).get("meta") or {}
        tree["appendix"] = {"heading": appendix.get("heading"), "title": appendix.get("title"),
                            "entries": [u(e) for e in appendix["entries"]]}
        if lang != "zh":
            tree["appendix"]["heading"] = meta_tr.get("appendix_heading")
            tree["appendix"]["title"] = meta_tr.get("appendix_title")
    tree["by_id"] = {placed.unit["id"]: placed.unit for placed in walk(tree)}
    return tree
