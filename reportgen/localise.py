"""The report as a reader of one language sees it: every unit in that language, or marked fallback."""

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


def part_label(n, lang):
    return f"{zh_number(n)}、" if lang == "zh" else f"{roman(n)}."


def section_label(n, lang):
    return f"（{zh_number(n)}）" if lang == "zh" else f"{n}."


def localised_report(report, lang, html_langs):
    """A tree of the report in `lang`; each unit carries `state` and the `lang` its text is in."""
    tr = report["translations"]

    def u(unit):
        fields, state = localise(unit, lang, tr)
        fields["state"] = state
        fields["lang"] = html_langs["zh"] if state == "missing" else html_langs[lang]
        return fields

    doc = report["doc"]
    tree = {"opening": [u(p) for p in doc.get("opening") or []], "parts": []}
    for part in doc["parts"]:
        tree["parts"].append({
            **u(part),
            "intro": [u(p) for p in part.get("intro") or []],
            "sections": [{**u(s), "paragraphs": [u(p) for p in s["paragraphs"]]} for s in part.get("sections") or []],
            "closing": [u(p) for p in part.get("closing") or []],
        })
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
            for p in s["paragraphs"]:
                by_id[p["id"]] = p
    for e in (tree.get("appendix") or {}).get("entries", []):
        by_id[e["id"]] = e
    tree["by_id"] = by_id
    return tree
